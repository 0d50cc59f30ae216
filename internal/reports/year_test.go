package reports_test

import (
	"context"
	"testing"
	"time"

	"github.com/scp-portal/portal/internal/reports"
	"github.com/scp-portal/portal/internal/testkit"
)

// A partnership whose reporting year starts in January drafts its yearly report for January to
// December: its period, its figures' windows and the chart's quarters follow the setting, while a
// report started before the change keeps the year it was started for.
func TestAJanuaryYearDraftsJanuaryToDecember(t *testing.T) {
	t.Parallel()
	db, s, _, pid := setup(t)
	ctx := context.Background()
	if _, err := db.Exec(ctx, `UPDATE partnership SET year_starts = 1 WHERE id = $1`, pid); err != nil {
		t.Fatal(err)
	}
	bu := testkit.MustActor(t, db, "business-unit@hsscp.example", time.Now(), "192.0.2.1")
	y := time.Now().Year()
	// A need of the year closed as met by a course counts as met, as a delivered one does.
	if _, err := db.Exec(ctx, `INSERT INTO training_need (partnership_id, description, created_at, closed_reason, closed_note, closed_at)
		VALUES ($1, 'Neglect', make_date($2, 1, 2), 'met_by_course', 'The neglect course ran', make_date($2, 1, 3))`, pid, y); err != nil {
		t.Fatal(err)
	}
	id, err := s.Start(ctx, bu, reports.StartInput{PartnershipID: pid, Kind: "yearly"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.Report(ctx, pid, id)
	if err != nil {
		t.Fatal(err)
	}
	first, last := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC)
	if r.Period.Start != first || r.Period.End != last || r.Period.Key != first.Format("2006") ||
		r.Period.Label != first.Format("2006")+" (January "+first.Format("2006")+" to December "+first.Format("2006")+")" {
		t.Fatalf("the January year: %+v", r.Period)
	}
	for _, c := range []struct{ section, key, sql string }{
		{reports.SectionReviews, "rapid_reviews", `SELECT count(*) FROM rapid_review WHERE partnership_id = $1 AND aware_on >= $2 AND aware_on <= $3`},
		{reports.SectionDid, "commissions_started", `SELECT count(*) FROM commission WHERE partnership_id = $1 AND starts_on >= $2 AND starts_on <= $3`},
		{reports.SectionTraining, "training_needs_met", `SELECT count(*) FROM training_need WHERE partnership_id = $1 AND created_at >= $2 AND created_at < $3::date + 1
			AND (status = 'delivered' OR closed_reason IN ('met_by_course', 'met_otherwise'))`},
		{reports.SectionImpact, "evidence_green", `SELECT count(*) FROM impact_evidence e JOIN recommendation r ON r.id = e.recommendation_id
			WHERE r.partnership_id = $1 AND e.rating = 'green' AND e.evidence_on >= $2 AND e.evidence_on <= $3`},
	} {
		if want, got := testkit.MustQueryInt(t, db, c.sql, pid, first, last), figure(t, r, c.section, c.key).Value; got != want {
			t.Errorf("%s: drawn %d, the records of January to December hold %d", c.key, got, want)
		}
	}
	var chart reports.Chart
	for _, sec := range r.Sections {
		if sec.Key == reports.SectionImpact && len(sec.Figures.Charts) > 0 {
			chart = sec.Figures.Charts[0]
		}
	}
	if len(chart.Points) != 4 || chart.Points[0].Label != "Q1 (January to March "+first.Format("2006")+")" {
		t.Errorf("the chart's quarters: %+v", chart.Points)
	}
	green := 0
	for _, p := range chart.Points {
		green += p.Value
	}
	if want := figure(t, r, reports.SectionImpact, "evidence_green").Value; green != want {
		t.Errorf("the chart counts %d green, the figure %d", green, want)
	}
	// The demo's 2025/26 report was started for April to March and stays so.
	old, err := s.ByPeriod(ctx, pid, reports.Yearly.Value, "2025")
	if err != nil {
		t.Fatal(err)
	}
	if o, err := s.Report(ctx, pid, old); err != nil || o.Period.Label != "2025/26 (April 2025 to March 2026)" {
		t.Errorf("the April report after the change: %+v %v", o.Period, err)
	}
}

// A year starting in another month runs twelve months from it, named by the year it starts in.
func TestYearsStartingInOtherMonths(t *testing.T) {
	sept := reports.StartOf(9)
	d := time.Date(2026, 8, 31, 0, 0, 0, 0, time.UTC)
	if y := reports.YearOf(d, sept); y != 2025 || y.End(sept) != d || y.Short(sept) != "2025/26" {
		t.Errorf("31 August 2026 in a September year: %d ending %s", y, y.End(sept))
	}
	if reports.StartOf(0) != reports.April || reports.StartOf(13) != reports.April {
		t.Error("a month out of range is not April")
	}
	if got := reports.Year(2025).Spans(sept)[3].Label(); got != "Q4 (June to August 2026)" {
		t.Errorf("the last quarter of a September year: %q", got)
	}
}
