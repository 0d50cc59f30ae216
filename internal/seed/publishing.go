package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/reports"
	"github.com/scp-portal/portal/internal/reviews"
	"github.com/scp-portal/portal/internal/signoff"
)

// demoPublishing publishes what the partnership's public pages and the library show beside its
// arrangements (demoDocuments): its last yearly report, and South Tees' first local CSPR (Child B's).
func demoPublishing(ctx context.Context, tx pgx.Tx, p people, today time.Time) error {
	if err := demoPublishedYearly(ctx, tx, p, today); err != nil {
		return err
	}
	if p.slug != "stscp" {
		return nil
	}
	// The review's full report stays inside; only the redacted report and the learning summary
	// are public.
	_, err := tx.Exec(ctx, `UPDATE local_cspr SET report = 'The full report names the family and the practitioners: it is not published.',
		sent_to_panel_on = $2::date - 14, published_on = $2::date - 7,
		redacted_report = $3, learning_summary = $4, version = version + 1
		WHERE id = (SELECT min(id) FROM local_cspr WHERE partnership_id = $1)`, p.partnershipID, today, demoRedactedReport, demoLearningSummary)
	return err
}

// The public words of South Tees' published local CSPR.
const (
	demoLearningSummary = "Concerns about the infant were known to several agencies but were not shared at the handover between " +
		"health visiting and the GP practice. A shared chronology now travels with the family, and handovers are made in person."
	demoRedactedReport = "## What happened\n\nAn infant was seen by several agencies in the months before a serious injury. " +
		"Each held part of the picture.\n\n## What we learnt\n\n- Handovers between services lost what each knew.\n" +
		"- Practitioners were unsure whether they could share concerns without consent.\n\n## What has changed\n\n" +
		"A shared chronology, in-person handovers and a seven-minute briefing on information sharing."
)

// demoPublishedYearly puts the partnership's submitted yearly report (demoYearly) to its
// statutory partners, has each lead representative sign it off and publishes it three weeks after
// submission, so a newcomer reads it on the public pages. It was sent to the national Panel within
// the working days allowed; HSSCP has not recorded sending it to the What Works centre, which its
// report page chases.
func demoPublishedYearly(ctx context.Context, tx pgx.Tx, p people, today time.Time) error {
	year := reports.YearOf(today, reports.April) - 1
	var id, by int64
	if err := tx.QueryRow(ctx, `SELECT id, submitted_by FROM report WHERE partnership_id = $1 AND kind = $2 AND period = $3`,
		p.partnershipID, reports.Yearly.Value, year.Period(reports.April).Key).Scan(&id, &by); err != nil {
		return fmt.Errorf("yearly report to publish: %w", err)
	}
	r, _, err := reports.Get(ctx, tx, p.partnershipID, id)
	if err != nil {
		return err
	}
	if _, err := signoff.Submit(ctx, tx, p.partnershipID, reports.Subject(id), r.Kind.Label+": "+r.Period.Label, by, nil); err != nil {
		return fmt.Errorf("yearly report sign-off: %w", err)
	}
	type lead struct{ Org, User int64 }
	leads, err := database.All[lead](ctx, tx, "seed: yearly leads", `SELECT id, lead_representative_id FROM organisation
		WHERE partnership_id = $1 AND statutory_role <> '' ORDER BY id`, p.partnershipID)
	if err != nil {
		return err
	}
	for _, l := range leads {
		if _, err := signoff.Sign(ctx, tx, p.partnershipID, reports.Subject(id), l.User, l.Org, today); err != nil {
			return fmt.Errorf("yearly report signed: %w", err)
		}
	}
	published := r.SubmittedAt.UTC().Truncate(24*time.Hour).AddDate(0, 0, 21)
	if err := reports.MarkPublished(ctx, tx, r, published, &by); err != nil {
		return err
	}
	cal, err := reviews.Calendar(ctx, tx)
	if err != nil {
		return err
	}
	panel := cal.Add(published, 3)
	var whatWorks *time.Time
	if p.slug != "hsscp" {
		w := cal.Add(published, 5)
		whatWorks = &w
	}
	_, err = tx.Exec(ctx, `UPDATE report SET sent_to_panel_on = $2, sent_to_what_works_on = $3 WHERE id = $1`, id, panel, whatWorks)
	return err
}
