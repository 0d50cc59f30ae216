package scrutiny_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/learning"
	"github.com/scp-portal/portal/internal/scrutiny"
	"github.com/scp-portal/portal/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

var fieldOf = testkit.WantProblem

// A scrutiny report is written as a draft, issued only with findings, and tells the Executive
// when issued; its recommendations are learning's, with actions like any other, and once issued
// neither the report nor its recommendations change.
func TestAScrutinyReportIsIssuedWithRecommendationsTrackedAsLearnings(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	db := testkit.NewDemoDB(t, now, true)
	a := testkit.MustActor(t, db, "scrutineer@hsscp.example", now, "192.0.2.9")
	s := &scrutiny.Service{Env: app.Env{DB: db, Now: func() time.Time { return now }, BaseURL: "https://portal.example"}}
	pid := a.Partnership
	council, _ := strconv.ParseInt(testkit.MustOrgID(t, db, "hsscp", "Hartlepool Borough Council"), 10, 64)

	_, err := s.Create(ctx, a, pid, scrutiny.Input{Title: " ", Findings: "x\x00"})
	fieldOf(t, "no title", err, app.Invalid, "title", "Enter the report's title")
	fieldOf(t, "no date", err, app.Invalid, "report_on-day", "Enter the report's date")
	fieldOf(t, "a NUL byte", err, app.Invalid, "findings", "not text")

	in := scrutiny.Input{Title: "Scrutiny of the front door", ReportOn: now}
	id, err := s.Create(ctx, a, pid, in)
	if err != nil {
		t.Fatal(err)
	}
	fieldOf(t, "no findings", s.Issue(ctx, a, pid, id, 1), app.Invalid, "findings", "Write the findings")
	in.Findings, in.Version = "## Found\n\nThresholds differ.", 2
	fieldOf(t, "a stale save", s.Save(ctx, a, pid, id, in), app.Conflict, "findings", "Someone else saved this report")
	in.Version = 1
	if err := s.Save(ctx, a, pid, id, in); err != nil {
		t.Fatal(err)
	}
	recID, err := s.AddRecommendation(ctx, a, pid, id, learning.RecommendationInput{Title: "Agree thresholds", OwnerOrgID: council, DueOn: now.AddDate(0, 2, 0)})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Issue(ctx, a, pid, id, 2); err != nil {
		t.Fatal(err)
	}
	testkit.OneNotice(t, db, "executive@hsscp.example", "independent scrutiny report has been issued", "Thresholds differ")

	r, err := s.Get(ctx, pid, id)
	if err != nil || r.Draft() || r.IssuedAt == nil {
		t.Errorf("the report is not issued: %+v %v", r, err)
	}
	in.Version = r.Version
	fieldOf(t, "a save once issued", s.Save(ctx, a, pid, id, in), app.Conflict, "findings", "has been issued")
	_, err = s.AddRecommendation(ctx, a, pid, id, learning.RecommendationInput{Title: "Late", OwnerOrgID: council, DueOn: now})
	fieldOf(t, "a recommendation once issued", err, app.Conflict, "rec_title", "has been issued")

	// The recommendation is learning's: its page names the report, and an action is added to it.
	ls := &learning.Service{Env: s.Env}
	d, err := ls.Recommendation(ctx, pid, recID)
	if err != nil || d.ScrutinyID == nil || *d.ScrutinyID != id || d.Source != "Independent scrutiny report: Scrutiny of the front door" {
		t.Errorf("the recommendation's source: %+v %v", d.Recommendation, err)
	}
	if _, err := learning.AddAction(ctx, db, pid, recID, council, "Hold a workshop", now.AddDate(0, 1, 0)); err != nil {
		t.Errorf("an action on a scrutiny recommendation: %v", err)
	}
	// Another partnership's report is not found here.
	if _, err := s.Get(ctx, pid+1000, id); app.KindOf(err) != app.NotFound {
		t.Errorf("another partnership's report: %v", err)
	}
	if n := testkit.MustCount(t, db, `audit_log WHERE action LIKE 'scrutiny-report.%' AND object_id = $1`, strconv.FormatInt(id, 10)); n != 3 {
		t.Errorf("%d audit records of the report; want its creation, save and issue", n)
	}
	// Drafts are listed only for their writers.
	draft, err := s.Create(ctx, a, pid, scrutiny.Input{Title: "Next", ReportOn: now})
	if err != nil {
		t.Fatal(err)
	}
	for _, withDrafts := range []bool{true, false} {
		list, err := s.List(ctx, pid, withDrafts, app.Page{Number: 1, Size: 25})
		if err != nil {
			t.Fatal(err)
		}
		has := false
		for _, r := range list.Rows {
			has = has || r.ID == draft
		}
		if has != withDrafts {
			t.Errorf("with drafts %v: the draft listed %v", withDrafts, has)
		}
	}
}

// South Tees' demo scrutineer has issued one report with two recommendations, one with an action.
func TestTheDemoScrutinyReport(t *testing.T) {
	db := testkit.NewDemoDB(t, time.Now(), true)
	if n := testkit.MustCount(t, db, `scrutiny_report s JOIN partnership p ON p.id = s.partnership_id WHERE p.slug = 'stscp' AND s.status = 'issued'`); n != 1 {
		t.Errorf("%d issued reports in South Tees; want 1", n)
	}
	if n := testkit.MustCount(t, db, `recommendation WHERE scrutiny_report_id IS NOT NULL`); n != 2 {
		t.Errorf("%d scrutiny recommendations; want 2", n)
	}
	if n := testkit.MustCount(t, db, `action a JOIN recommendation r ON r.id = a.recommendation_id WHERE r.scrutiny_report_id IS NOT NULL`); n != 1 {
		t.Errorf("%d actions on them; want 1", n)
	}
}
