package reports_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/reports"
	"github.com/scp-portal/portal/internal/signoff"
	"github.com/scp-portal/portal/internal/testkit"
)

// The yearly report goes to the statutory partners when submitted, is locked while with them,
// reopening voids their sign-offs, and it is published only once every partner has signed; once
// published it is public, can no longer be reopened, and the days it was sent on are recorded.
func TestTheYearlyReportIsSignedOffThenPublished(t *testing.T) {
	t.Parallel()
	db, s, _, pid := setup(t)
	ctx := context.Background()
	bu := testkit.MustActor(t, db, "business-unit@hsscp.example", time.Now(), "192.0.2.1")
	id, err := s.Start(ctx, bu, reports.StartInput{PartnershipID: pid, Kind: reports.Yearly.Value, Period: "2024"})
	if err != nil {
		t.Fatal(err)
	}
	version := func() int {
		return testkit.MustQueryInt(t, db, `SELECT version FROM report WHERE id = $1`, id)
	}
	if err := s.Submit(ctx, bu, reports.SubmitInput{PartnershipID: pid, ReportID: id, Version: version()}); err != nil {
		t.Fatal(err)
	}
	so, err := s.SignOff(ctx, pid, id)
	if err != nil {
		t.Fatal(err)
	}
	if so.State.Status() != signoff.Open || len(so.State.Partners) == 0 || len(so.Signers) == 0 {
		t.Fatalf("after submission: %+v", so)
	}
	// The business unit submitted it: it cannot sign it, whoever it represents.
	if err := s.Sign(ctx, bu, reports.SignInput{PartnershipID: pid, ReportID: id, OrganisationID: so.State.Partners[0].OrganisationID}); !errors.Is(err, signoff.ErrProposer) && !errors.Is(err, signoff.ErrNotSigner) {
		t.Errorf("the submitter signing: %v", err)
	}
	publish := func(a app.Actor, on time.Time) error {
		return s.Publish(ctx, a, reports.PublishInput{PartnershipID: pid, ReportID: id, PublishedOn: on, Version: version()})
	}
	today := s.Today()
	if err := publish(bu, today); app.FieldMessage(err, "published_on-day") == "" {
		t.Errorf("published before any sign-off: %v", err)
	}
	leads := leadsOf(t, db, pid)
	sign := func(l lead) {
		t.Helper()
		a := testkit.MustActor(t, db, l.Email, time.Now(), "192.0.2.1")
		if err := s.Sign(ctx, a, reports.SignInput{PartnershipID: pid, ReportID: id, OrganisationID: l.Org}); err != nil {
			t.Fatalf("sign for %d: %v", l.Org, err)
		}
	}
	sign(leads[0])
	// Reopening, with a reason, voids the sign-offs given and unlocks the report.
	if err := s.Reopen(ctx, bu, reports.ReopenInput{PartnershipID: pid, ReportID: id, Reason: "Scrutiny's section is missing", Version: version()}); err != nil {
		t.Fatal(err)
	}
	if so, _ := s.SignOff(ctx, pid, id); so.State.Live != nil || len(so.State.Voided) != 1 || len(so.State.Voided[0].Signatures) != 1 {
		t.Fatalf("after reopening: %+v", so.State)
	}
	if err := s.Submit(ctx, bu, reports.SubmitInput{PartnershipID: pid, ReportID: id, Version: version()}); err != nil {
		t.Fatal(err)
	}
	for _, l := range leads {
		sign(l)
	}
	if so, _ := s.SignOff(ctx, pid, id); so.State.Status() != signoff.SignedOff {
		t.Fatalf("after every partner signed: %q", so.State.Status())
	}
	// Only the report's writers publish it.
	exec := testkit.MustActor(t, db, "executive@hsscp.example", time.Now(), "192.0.2.1")
	if err := publish(exec, today); !errors.Is(err, app.ErrForbidden) {
		t.Errorf("the Executive publishing: %v", err)
	}
	tomorrow := today.AddDate(0, 0, 1)
	if err := publish(bu, tomorrow); err != nil {
		t.Fatal(err)
	}
	// Published from tomorrow: not public yet.
	if _, err := s.PublishedReport(ctx, pid, "2024"); !errors.Is(err, reports.ErrNotFound) {
		t.Errorf("public before its publication date: %v", err)
	}
	s.Now = func() time.Time { return time.Now().AddDate(0, 0, 1) }
	pub, err := s.PublishedReport(ctx, pid, "2024")
	if err != nil || pub.ID != id || pub.PublishedOn == nil {
		t.Fatalf("the public report: %v %+v", err, pub.PublishedOn)
	}
	if err := s.Reopen(ctx, bu, reports.ReopenInput{PartnershipID: pid, ReportID: id, Reason: "A typo", Version: version()}); app.FieldMessage(err, "reason") == "" {
		t.Errorf("reopening a published report: %v", err)
	}
	// The days it was sent on: not before publication, not in the future.
	before := tomorrow.AddDate(0, 0, -2)
	if err := s.RecordSent(ctx, bu, reports.SentInput{PartnershipID: pid, ReportID: id, PanelOn: &before, Version: version()}); app.FieldMessage(err, "panel_on-day") == "" {
		t.Errorf("sent before publication: %v", err)
	}
	later := tomorrow.AddDate(0, 0, 5)
	if err := s.RecordSent(ctx, bu, reports.SentInput{PartnershipID: pid, ReportID: id, WhatWorksOn: &later, Version: version()}); app.FieldMessage(err, "what_works_on-day") == "" {
		t.Errorf("sent in the future: %v", err)
	}
	if err := s.RecordSent(ctx, bu, reports.SentInput{PartnershipID: pid, ReportID: id, PanelOn: &tomorrow, Version: version()}); err != nil {
		t.Fatal(err)
	}
	due, err := s.SendDue(ctx, pid, tomorrow)
	if err != nil || due.Sub(tomorrow) < 7*24*time.Hour {
		t.Errorf("due %v after publication on %v: %v", due, tomorrow, err)
	}
	// Its words are in the library's index.
	if n := testkit.MustQueryInt(t, db, `SELECT count(*) FROM report WHERE id = $1 AND search @@ websearch_to_tsquery('english', 'yearly report')`, id); n != 1 {
		t.Errorf("the report is not indexed for the library")
	}
}

type lead struct {
	Org   int64
	Email string
}

// leadsOf are the partnership's statutory partners and their lead representatives' addresses.
func leadsOf(t *testing.T, db *pgxpool.Pool, pid int64) []lead {
	t.Helper()
	out := testkit.MustAll[lead](t, db, `SELECT o.id, u.email FROM organisation o JOIN app_user u ON u.id = o.lead_representative_id
		WHERE o.partnership_id = $1 AND o.statutory_role <> '' ORDER BY o.id`, pid)
	if len(out) == 0 {
		t.Fatal("the demo partnership has no lead representatives")
	}
	return out
}
