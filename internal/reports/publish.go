package reports

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/reviews"
	"github.com/scp-portal/portal/internal/signoff"
)

// SubjectKind is what internal/signoff calls a yearly report put to the statutory partners.
const SubjectKind = "yearly_report"

// ExecutiveSignOffs puts the yearly reports awaiting the partners' sign-off on the Executive's
// agenda.
var ExecutiveSignOffs = signoff.ExecutiveAgenda(app.Choice{Value: SubjectKind, Label: "Yearly reports awaiting the partners' sign-off"}, false)

// Subject is the report id as a subject of sign-off.
func Subject(id int64) signoff.Subject { return signoff.Subject{Kind: SubjectKind, ID: id} }

// SendWithin is how many working days after publication the yearly report is due at the national
// Child Safeguarding Practice Review Panel and at the What Works centre.
const SendWithin = 7

// voidSignOff voids the live sign-off round of a report being reopened, if it has one (a report
// submitted before sign-off existed, or of a kind not signed off, has none).
func voidSignOff(ctx context.Context, tx pgx.Tx, partnershipID, reportID, by int64, reason string) error {
	locked, err := signoff.Locked(ctx, tx, Subject(reportID))
	if err != nil || !locked {
		return err
	}
	return signoff.Reopen(ctx, tx, partnershipID, Subject(reportID), by, reason)
}

// SignOff is where a report stands with the statutory partners: the round's state, and who may
// sign for a partner still to sign (what the access policy is given as participants).
type SignOff struct {
	State   signoff.State
	Signers []int64
}

// SignOff returns the report's sign-off, in a fixed number of queries.
func (s *Service) SignOff(ctx context.Context, partnershipID, id int64) (SignOff, error) {
	st, signers, err := signoff.LoadWithSigners(ctx, s.DB, partnershipID, Subject(id), s.Today())
	return SignOff{State: st, Signers: signers}, err
}

// SignsFor returns the partners of the report's live round the person may sign for today.
func (s *Service) SignsFor(ctx context.Context, partnershipID, person int64, so SignOff) ([]int64, error) {
	return signoff.SignsForUnsigned(ctx, s.DB, partnershipID, person, so.State, s.Today())
}

// SignInput is a partner's sign-off of a submitted report.
type SignInput struct {
	PartnershipID  int64
	ReportID       int64
	OrganisationID int64
}

// Sign records the person's sign-off of a submitted report for a statutory partner they sign for.
func (s *Service) Sign(ctx context.Context, a app.Actor, in SignInput) error {
	return app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: audit.ReportSign, ObjectType: "report", ObjectID: in.ReportID,
			Detail: "for organisation " + strconv.FormatInt(in.OrganisationID, 10)}
		if _, _, err := lockReport(ctx, tx, in.PartnershipID, in.ReportID); err != nil {
			return ev, err
		}
		done, err := signoff.Sign(ctx, tx, in.PartnershipID, Subject(in.ReportID), a.UserID, in.OrganisationID, s.Today())
		if done {
			ev.Detail += "; signed off by every partner"
		}
		return ev, err
	})
}

// PublishInput publishes a signed-off report from a day (today, or a day to come).
type PublishInput struct {
	PartnershipID int64
	ReportID      int64
	PublishedOn   time.Time
	Version       int
}

// Publish publishes a report every statutory partner has signed off: it is public from its
// publication date, its words indexed for the library, and it can no longer be reopened.
func (s *Service) Publish(ctx context.Context, a app.Actor, in PublishInput) error {
	if in.PublishedOn.Before(s.Today().AddDate(0, 0, -30)) {
		return app.InvalidField("published_on-day", "The publication date must be no more than 30 days ago")
	}
	return app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: audit.ReportPublish, ObjectType: "report", ObjectID: in.ReportID, Detail: "published " + in.PublishedOn.Format(time.DateOnly)}
		r, status, version, err := lockToPublish(ctx, tx, a, in.PartnershipID, in.ReportID)
		if err != nil {
			return ev, err
		}
		switch {
		case !r.Kind.Published:
			return ev, app.ConflictField("published_on-day", "This kind of report is not published")
		case r.PublishedOn != nil:
			return ev, app.ConflictField("published_on-day", "This report has already been published")
		case status != Submitted:
			return ev, app.ConflictField("published_on-day", "Submit the report for sign-off first")
		case version != in.Version:
			return ev, app.Stale("published_on-day", "changed this report", "", version)
		}
		st, err := signoff.Load(ctx, tx, in.PartnershipID, Subject(in.ReportID))
		if err != nil {
			return ev, err
		}
		if st.Status() != signoff.SignedOff {
			return ev, app.ConflictField("published_on-day", "Every statutory partner must sign the report off before it is published")
		}
		return ev, MarkPublished(ctx, tx, r, in.PublishedOn, a.ID())
	})
}

// MarkPublished publishes signed-off report r from day on, in tx, indexing its title and
// narratives for the library (they never change after).
func MarkPublished(ctx context.Context, tx pgx.Tx, r Report, on time.Time, by *int64) error {
	return database.Exec(ctx, tx, errGone, "reports: publish", `UPDATE report r SET published_on = $2, published_by = $3, version = r.version + 1,
		search = to_tsvector('english', $4 || ' ' || coalesce((SELECT string_agg(s.narrative, ' ' ORDER BY s.position) FROM report_section s WHERE s.report_id = r.id), ''))
		WHERE r.id = $1`, r.ID, on, by, r.Kind.Label+" "+r.Period.Label)
}

// lockToPublish locks the partnership's report id in tx, for a's change to its publication, and
// returns it with its status and version; one of a kind a does not write is refused.
func lockToPublish(ctx context.Context, tx pgx.Tx, a app.Actor, partnershipID, id int64) (Report, string, int, error) {
	status, version, err := lockReport(ctx, tx, partnershipID, id)
	if err != nil {
		return Report{}, "", 0, err
	}
	r, _, err := Get(ctx, tx, partnershipID, id)
	if err != nil {
		return r, "", 0, err
	}
	return r, status, version, mayWrite(a, r.Kind, "", partnershipID)
}

// SentInput records the days a published report was sent to the national Panel and to the What
// Works centre; a nil day is not sent yet.
type SentInput struct {
	PartnershipID int64
	ReportID      int64
	PanelOn       *time.Time
	WhatWorksOn   *time.Time
	Version       int
}

// RecordSent records when the published report was sent to the national Panel and to the What
// Works centre.
func (s *Service) RecordSent(ctx context.Context, a app.Actor, in SentInput) error {
	var p app.Problems
	today := s.Today()
	if in.PanelOn != nil && in.PanelOn.After(today) {
		p.Add("panel_on-day", "The day it was sent to the national Panel must be today or in the past")
	}
	if in.WhatWorksOn != nil && in.WhatWorksOn.After(today) {
		p.Add("what_works_on-day", "The day it was sent to the What Works centre must be today or in the past")
	}
	if err := p.Err(); err != nil {
		return err
	}
	return app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: audit.ReportSent, ObjectType: "report", ObjectID: in.ReportID, Detail: "panel " + day(in.PanelOn) + "; what works " + day(in.WhatWorksOn)}
		r, _, version, err := lockToPublish(ctx, tx, a, in.PartnershipID, in.ReportID)
		if err != nil {
			return ev, err
		}
		if r.PublishedOn == nil {
			return ev, app.ConflictField("panel_on-day", "Publish the report before recording where it was sent")
		}
		if version != in.Version {
			return ev, app.Stale("panel_on-day", "changed this report", "", version)
		}
		var q app.Problems
		if in.PanelOn != nil && in.PanelOn.Before(*r.PublishedOn) {
			q.Add("panel_on-day", "The day it was sent to the national Panel must be on or after its publication")
		}
		if in.WhatWorksOn != nil && in.WhatWorksOn.Before(*r.PublishedOn) {
			q.Add("what_works_on-day", "The day it was sent to the What Works centre must be on or after its publication")
		}
		if err := q.Err(); err != nil {
			return ev, err
		}
		return ev, database.Exec(ctx, tx, errGone, "reports: sent", `UPDATE report SET sent_to_panel_on = $2, sent_to_what_works_on = $3, version = version + 1
			WHERE id = $1`, in.ReportID, in.PanelOn, in.WhatWorksOn)
	})
}

func day(t *time.Time) string {
	if t == nil {
		return "not yet"
	}
	return t.Format(time.DateOnly)
}

// SendDue is the day a published report is due at the national Panel and the What Works centre:
// the partnership's working days (SendWithin unless it set another) after publication, by the
// portal's calendar.
func (s *Service) SendDue(ctx context.Context, partnershipID int64, publishedOn time.Time) (time.Time, error) {
	within := SendWithin
	if err := s.DB.QueryRow(ctx, `SELECT send_within FROM partnership WHERE id = $1`, partnershipID).Scan(&within); err != nil {
		return time.Time{}, fmt.Errorf("reports: send within: %w", err)
	}
	cal, err := reviews.Calendar(ctx, s.DB)
	if err != nil {
		return time.Time{}, err
	}
	return cal.Add(publishedOn, within), nil
}

// PublishedReport returns the partnership's yearly report of a year (its key, 2025), if it is
// published by today: what the public reads, its figures frozen. Anything else is ErrNotFound.
func (s *Service) PublishedReport(ctx context.Context, partnershipID int64, year string) (Report, error) {
	if _, ok := ParseYear(year); !ok {
		return Report{}, ErrNotFound
	}
	id, err := database.OneWith(ctx, s.DB, pgx.RowTo[int64], ErrNotFound, "reports: published", `SELECT id FROM report
		WHERE partnership_id = $1 AND kind = $2 AND period = $3 AND published_on <= $4`, partnershipID, Yearly.Value, year, s.Today())
	if err != nil {
		return Report{}, err
	}
	return s.Report(ctx, partnershipID, id)
}

// PublishedItem is a published yearly report in a list.
type PublishedItem struct {
	ID          int64
	Period      string
	PublishedOn time.Time
	YearStarts  int // the month its year started in
}

// maxPublished bounds the partnership's list of published yearly reports: twenty years.
const maxPublished = 20

// PublishedReports lists the partnership's yearly reports published by today, newest first.
func (s *Service) PublishedReports(ctx context.Context, partnershipID int64) ([]PublishedItem, error) {
	return database.All[PublishedItem](ctx, s.DB, "reports: published list", `SELECT id, period, published_on,
		extract(month FROM period_start)::int FROM report
		WHERE partnership_id = $1 AND published_on <= $2 ORDER BY published_on DESC, id DESC LIMIT $3`, partnershipID, s.Today(), maxPublished)
}

// Title is how a published report is named in lists: "Yearly report 2025/26".
func (p PublishedItem) Title() string {
	y, _ := ParseYear(p.Period)
	return fmt.Sprintf("%s %s", Yearly.Label, y.Short(StartOf(p.YearStarts)))
}
