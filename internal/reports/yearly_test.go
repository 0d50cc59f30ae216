package reports_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/reports"
	"github.com/scp-portal/portal/internal/testkit"
)

// The 2025/26 yearly report's figures, frozen in the demo's submitted report and drawn again, are
// the counts of the records themselves, taken here with SQL of the test's own.
func TestTheYearlyFiguresAreTheRecordsCounts(t *testing.T) {
	t.Parallel()
	db, s, _, pid := setup(t)
	ctx := context.Background()
	year := reports.Year(2025)
	p := year.Period(reports.April)
	if p.Label != "2025/26 (April 2025 to March 2026)" || p.Start != time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC) || p.End != time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC) {
		t.Fatalf("the year: %+v", p)
	}
	id, err := s.ByPeriod(ctx, pid, reports.Yearly.Value, "2025")
	if err != nil {
		t.Fatal(err)
	}
	submitted, err := s.Report(ctx, pid, id)
	if err != nil {
		t.Fatal(err)
	}
	if submitted.Status != reports.Submitted || submitted.Kind != reports.Yearly {
		t.Fatalf("the demo's 2025/26 report: %s %s", submitted.Kind.Value, submitted.Status)
	}
	drawn, err := reports.Yearly.Draw(ctx, db, pid, p, p.End)
	if err != nil {
		t.Fatal(err)
	}
	window := `w AS (SELECT $2::date::timestamp AT TIME ZONE 'Europe/London' AS s, ($3::date + 1)::timestamp AT TIME ZONE 'Europe/London' AS e)`
	for _, c := range []struct{ section, key, sql string }{
		{reports.SectionDid, "requests_received", `WITH ` + window + ` SELECT count(*) FROM intake_request, w WHERE partnership_id = $1 AND status <> 'draft' AND submitted_at >= w.s AND submitted_at < w.e`},
		{reports.SectionDid, "themes_opened", `WITH ` + window + ` SELECT count(*) FROM theme, w WHERE partnership_id = $1 AND created_at >= w.s AND created_at < w.e`},
		{reports.SectionDid, "commissions_started", `SELECT count(*) FROM commission WHERE partnership_id = $1 AND starts_on >= $2 AND starts_on <= $3`},
		{reports.SectionDid, "recommendations_made", `WITH ` + window + ` SELECT count(*) FROM recommendation, w WHERE partnership_id = $1 AND created_at >= w.s AND created_at < w.e`},
		{reports.SectionReviews, "rapid_reviews", `SELECT count(*) FROM rapid_review WHERE partnership_id = $1 AND aware_on >= $2 AND aware_on <= $3`},
		{reports.SectionReviews, "decided_local_cspr", `SELECT count(*) FROM rapid_review WHERE partnership_id = $1 AND aware_on >= $2 AND aware_on <= $3 AND decision = 'local_cspr'`},
		{reports.SectionReviews, "local_csprs_published", `SELECT count(*) FROM local_cspr WHERE partnership_id = $1 AND published_on >= $2 AND published_on <= $3`},
		{reports.SectionReviews, "review_recommendations", `SELECT count(*) FROM recommendation WHERE partnership_id = $1 AND cspr_id IS NOT NULL AND $2::date <= $3`},
		{reports.SectionImpact, "evidence_green", `SELECT count(*) FROM impact_evidence e JOIN recommendation r ON r.id = e.recommendation_id
			WHERE r.partnership_id = $1 AND e.rating = 'green' AND e.evidence_on >= $2 AND e.evidence_on <= $3`},
		{reports.SectionProgress, "themes_amber", `SELECT count(*) FROM theme WHERE partnership_id = $1 AND rating = 'amber' AND status <> 'closed' AND $2::date <= $3`},
		{reports.SectionVoice, "voice_notes", `WITH ` + window + ` SELECT count(*) FROM commission_note n JOIN commission c ON c.id = n.commission_id, w
			WHERE c.partnership_id = $1 AND n.kind = 'voice' AND n.created_at >= w.s AND n.created_at < w.e`},
		{reports.SectionTraining, "training_needs", `WITH ` + window + ` SELECT count(*) FROM training_need, w WHERE partnership_id = $1 AND created_at >= w.s AND created_at < w.e`},
	} {
		want := testkit.MustQueryInt(t, db, c.sql, pid, p.Start, p.End)
		if got := figureOf(t, drawn, c.section, c.key); got.Value != want {
			t.Errorf("%s: drawn %d, the records hold %d", c.key, got.Value, want)
		}
		if got := figure(t, submitted, c.section, c.key); got.Value != want {
			t.Errorf("%s: frozen %d, the records hold %d", c.key, got.Value, want)
		}
	}
	// The impact chart has the year's four quarters, their evidence the year's.
	ch := drawn.Sections[reports.SectionImpact].Charts[0]
	all := 0
	for _, pt := range ch.Points {
		all += pt.Of
	}
	if len(ch.Points) != 4 || ch.Points[0].Label != "Q1 (April to June 2025)" || all != testkit.MustQueryInt(t, db, `SELECT count(*) FROM impact_evidence e
		JOIN recommendation r ON r.id = e.recommendation_id WHERE r.partnership_id = $1 AND e.evidence_on BETWEEN $2 AND $3`, pid, p.Start, p.End) {
		t.Errorf("the impact chart: %+v", ch.Points)
	}
}

func figureOf(t *testing.T, f reports.Figures, section, key string) reports.Figure {
	t.Helper()
	for _, fg := range f.Sections[section].Figures {
		if fg.Key == key {
			return fg
		}
	}
	t.Fatalf("no figure %s in section %s", key, section)
	return reports.Figure{}
}

// Only the independent scrutineer writes scrutiny's section of the yearly report, and they write
// no other; the business unit writes the rest and submits it; the Engine Room does not.
func TestOnlyTheScrutineerWritesTheScrutinySection(t *testing.T) {
	t.Parallel()
	db, s, engineRoom, pid := setup(t)
	ctx := context.Background()
	bu := testkit.MustActor(t, db, "business-unit@hsscp.example", time.Now(), "192.0.2.1")
	scrutineer := testkit.MustActor(t, db, "scrutineer@hsscp.example", time.Now(), "192.0.2.1")
	if _, err := s.Start(ctx, engineRoom, reports.StartInput{PartnershipID: pid, Kind: "yearly"}); !errors.Is(err, app.ErrForbidden) {
		t.Errorf("the Engine Room starts a yearly report: %v", err)
	}
	id, err := s.Start(ctx, bu, reports.StartInput{PartnershipID: pid, Kind: "yearly"})
	if err != nil {
		t.Fatal(err)
	}
	save := func(a app.Actor, key, text string) error {
		var v int
		testkit.MustQueryRow(t, db, `SELECT version FROM report_section WHERE report_id = $1 AND key = $2`, id, key).Scan(&v)
		return s.SaveSection(ctx, a, reports.SectionInput{PartnershipID: pid, ReportID: id, Key: key, Narrative: text, Version: v})
	}
	if err := save(bu, reports.SectionScrutiny, "The business unit's view"); !errors.Is(err, app.ErrForbidden) {
		t.Errorf("the business unit writes scrutiny's section: %v", err)
	}
	if err := save(engineRoom, reports.SectionScrutiny, "The Engine Room's view"); !errors.Is(err, app.ErrForbidden) {
		t.Errorf("the Engine Room writes scrutiny's section: %v", err)
	}
	if err := save(scrutineer, reports.SectionDid, "Scrutiny's account"); !errors.Is(err, app.ErrForbidden) {
		t.Errorf("the scrutineer writes another section: %v", err)
	}
	if err := save(scrutineer, reports.SectionScrutiny, "The arrangements work."); err != nil {
		t.Fatal(err)
	}
	if err := save(bu, reports.SectionDid, "What we did."); err != nil {
		t.Fatal(err)
	}
	var narrative string
	testkit.MustQueryRow(t, db, `SELECT narrative FROM report_section WHERE report_id = $1 AND key = $2`, id, reports.SectionScrutiny).Scan(&narrative)
	if narrative != "The arrangements work." {
		t.Errorf("scrutiny's section holds %q", narrative)
	}
	v := testkit.MustQueryInt(t, db, `SELECT version FROM report WHERE id = $1`, id)
	if err := s.Submit(ctx, scrutineer, reports.SubmitInput{PartnershipID: pid, ReportID: id, Version: v}); !errors.Is(err, app.ErrForbidden) {
		t.Errorf("the scrutineer submits the report: %v", err)
	}
	if err := s.Submit(ctx, bu, reports.SubmitInput{PartnershipID: pid, ReportID: id, Version: v}); err != nil {
		t.Fatal(err)
	}
}

// The checklist flags a yearly report that says nothing of its impact on children and families,
// and ticks the item once the section is written over evidence recorded in the year.
func TestTheChecklistFlagsAMissingImpactSection(t *testing.T) {
	t.Parallel()
	db, s, _, pid := setup(t)
	ctx := context.Background()
	bu := testkit.MustActor(t, db, "business-unit@hsscp.example", time.Now(), "192.0.2.1")
	id, err := s.Start(ctx, bu, reports.StartInput{PartnershipID: pid, Kind: "yearly"})
	if err != nil {
		t.Fatal(err)
	}
	impact := func() reports.Check {
		t.Helper()
		r, err := s.Report(ctx, pid, id)
		if err != nil {
			t.Fatal(err)
		}
		checks := r.Checklist()
		if len(checks) != 10 {
			t.Fatalf("%d items on the checklist", len(checks))
		}
		for _, c := range checks {
			if c.Key == reports.ItemImpact {
				return c
			}
		}
		t.Fatal("no impact item")
		return reports.Check{}
	}
	if c := impact(); c.Met || len(c.Missing) == 0 || c.Missing[0] != "The section has no narrative yet" {
		t.Errorf("an empty impact section: %+v", c)
	}
	// Evidence of impact recorded this year, so that the section has figures.
	testkit.MustQueryRow(t, db, `INSERT INTO impact_evidence (recommendation_id, kind, summary, evidence_on, rating, added_by)
		SELECT r.id, 're_audit', 'Re-audit', $2, 'green', $3 FROM recommendation r WHERE r.partnership_id = $1 ORDER BY r.id LIMIT 1 RETURNING id`,
		pid, time.Now(), bu.UserID).Scan(new(int64))
	var v int
	testkit.MustQueryRow(t, db, `SELECT version FROM report_section WHERE report_id = $1 AND key = $2`, id, reports.SectionImpact).Scan(&v)
	if err := s.SaveSection(ctx, bu, reports.SectionInput{PartnershipID: pid, ReportID: id, Key: reports.SectionImpact,
		Narrative: "Re-audit shows changed practice.", Version: v}); err != nil {
		t.Fatal(err)
	}
	if c := impact(); !c.Met || len(c.Missing) != 0 {
		t.Errorf("a written impact section with evidence: %+v", c)
	}
}

// A year runs from April to March, named by the year it starts in.
func TestYears(t *testing.T) {
	for day, want := range map[string]string{"2026-03-31": "2025", "2026-04-01": "2026", "2026-11-30": "2026"} {
		d, _ := time.Parse(time.DateOnly, day)
		if got := reports.YearOf(d, reports.April).Period(reports.April).Key; got != want {
			t.Errorf("%s falls in %s, want %s", day, got, want)
		}
	}
	for _, bad := range []string{"", "25", "2025-Q1", "abcd", "1999", "+202"} {
		if _, ok := reports.ParseYear(bad); ok {
			t.Errorf("%q read as a year", bad)
		}
	}
	if got := reports.FirstParagraph("One\r\ntwo.\r\n\r\nThree."); got != "One\ntwo." {
		t.Errorf("first paragraph: %q", got)
	}
}

// The yearly report's section on relevant agencies and education names each self-assessment round
// due in the year (the demo's Section 11), with its returns made and standards rated red, as the
// records hold them; the exception report counts the returns past their deadline.
func TestTheYearlyReportCountsTheSelfAssessmentRounds(t *testing.T) {
	t.Parallel()
	db, _, _, pid := setup(t)
	ctx := context.Background()
	var round int64
	var due time.Time
	testkit.MustQueryRow(t, db, `SELECT id, due_on FROM assurance_round WHERE partnership_id = $1 ORDER BY due_on LIMIT 1`, pid).Scan(&round, &due)
	p := reports.YearOf(due, reports.April).Period(reports.April)
	drawn, err := reports.Yearly.Draw(ctx, db, pid, p, p.End)
	if err != nil {
		t.Fatal(err)
	}
	key := "assurance_" + strconv.FormatInt(round, 10)
	made := figureOf(t, drawn, reports.SectionAgencies, key+"_submitted")
	if want := testkit.MustQueryInt(t, db, `SELECT count(*) FROM assurance_return WHERE round_id = $1 AND status = 'submitted'`, round); made.Value != want || want == 0 ||
		made.Of != testkit.MustQueryInt(t, db, `SELECT count(*) FROM assurance_return WHERE round_id = $1`, round) {
		t.Errorf("returns made: %+v, the records hold %d", made, want)
	}
	red := figureOf(t, drawn, reports.SectionAgencies, key+"_red")
	if want := testkit.MustQueryInt(t, db, `SELECT count(*) FROM assurance_rating g JOIN assurance_return x ON x.id = g.return_id
		WHERE x.round_id = $1 AND x.status = 'submitted' AND g.rating = 'red'`, round); red.Value != want {
		t.Errorf("standards rated red: %d, the records hold %d", red.Value, want)
	}
	asAt := due.AddDate(0, 0, 1)
	exception, err := reports.Exception.Draw(ctx, db, pid, reports.YearOf(asAt, reports.April).Period(reports.April), asAt)
	if err != nil {
		t.Fatal(err)
	}
	late := figureOf(t, exception, reports.SectionOffTrack, "assurance_returns_late")
	if want := testkit.MustQueryInt(t, db, `SELECT count(*) FROM assurance_return x JOIN assurance_round r ON r.id = x.round_id
		WHERE r.partnership_id = $1 AND r.due_on < $2 AND r.due_on >= $2::date - 365 AND x.status <> 'submitted'`, pid, asAt); late.Value != want {
		t.Errorf("returns late: %d, the records hold %d", late.Value, want)
	}
}

// The yearly report's training section counts the sessions held in the year, their attendance and
// evaluations, and its audits section names each multi-agency case audit completed in the year,
// as the records hold them (the demo's programme and its completed audit).
func TestTheYearlyReportCountsTrainingAndCaseAudits(t *testing.T) {
	t.Parallel()
	db, _, _, pid := setup(t)
	ctx := context.Background()
	var held time.Time
	testkit.MustQueryRow(t, db, `SELECT min(s.starts_at) FROM training_session s JOIN training_booking b ON b.session_id = s.id
		WHERE s.partnership_id = $1 AND b.attended`, pid).Scan(&held)
	p := reports.YearOf(held, reports.April).Period(reports.April)
	drawn, err := reports.Yearly.Draw(ctx, db, pid, p, p.End)
	if err != nil {
		t.Fatal(err)
	}
	window := `s.starts_at >= ($2::date::timestamp AT TIME ZONE 'Europe/London') AND s.starts_at < (($3::date + 1)::timestamp AT TIME ZONE 'Europe/London')`
	for key, sql := range map[string]string{
		"training_sessions":    `SELECT count(*) FROM training_session s WHERE s.partnership_id = $1 AND s.kind = 'course' AND ` + window,
		"training_attended":    `SELECT count(*) FROM training_session s JOIN training_booking b ON b.session_id = s.id WHERE s.partnership_id = $1 AND b.attended AND ` + window,
		"training_evaluations": `SELECT count(*) FROM training_session s JOIN training_booking b ON b.session_id = s.id JOIN training_evaluation e ON e.booking_id = b.id WHERE s.partnership_id = $1 AND ` + window,
	} {
		want := testkit.MustQueryInt(t, db, sql, pid, p.Start, p.End)
		if got := figureOf(t, drawn, reports.SectionTraining, key); got.Value != want || (key == "training_attended" && want == 0) {
			t.Errorf("%s: drawn %d, the records hold %d", key, got.Value, want)
		}
	}

	var audit int64
	var completed time.Time
	var title string
	testkit.MustQueryRow(t, db, `SELECT id, completed_at, title FROM case_audit WHERE partnership_id = $1 AND status = 'completed' ORDER BY id LIMIT 1`, pid).Scan(&audit, &completed, &title)
	p = reports.YearOf(completed, reports.April).Period(reports.April)
	if drawn, err = reports.Yearly.Draw(ctx, db, pid, p, p.End); err != nil {
		t.Fatal(err)
	}
	good := figureOf(t, drawn, reports.SectionAudits, "case_audit_"+strconv.FormatInt(audit, 10))
	if want := testkit.MustQueryInt(t, db, `SELECT count(*) FROM case_audit_agreed g JOIN case_audit_case c ON c.id = g.case_id
		WHERE c.audit_id = $1 AND g.grade IN ('outstanding', 'good')`, audit); good.Value != want || good.Of == 0 || good.Records.ID != audit {
		t.Errorf("the audit's grades good or better: %+v, the records hold %d", good, want)
	}
	if hs := drawn.Sections[reports.SectionAudits].Highlights; len(hs) == 0 || !strings.HasPrefix(hs[0].Text, title+": ") {
		t.Errorf("the audits section names %+v, want %q first", hs, title)
	}

	// The Executive's exception report of the quarter it was completed in names it too, with the
	// day and its agreed grades counted, and never a case's reference.
	q := reports.QuarterOf(completed).Period()
	if drawn, err = reports.Exception.Draw(ctx, db, pid, q, q.End); err != nil {
		t.Fatal(err)
	}
	if got := figureOf(t, drawn, reports.SectionMoved, "case_audit_"+strconv.FormatInt(audit, 10)); got != good {
		t.Errorf("the quarter's figure of the audit: %+v, want %+v", got, good)
	}
	var line string
	for _, h := range drawn.Sections[reports.SectionMoved].Highlights {
		if h.Records.ID == audit {
			line = h.Text
		}
	}
	day := completed.In(app.London).Format("2 January 2006")
	if !strings.HasPrefix(line, title+": completed "+day) || !strings.Contains(line, "; agreed grades ") {
		t.Errorf("the quarter names the audit as %q", line)
	}
	if n := testkit.MustCount(t, db, `case_audit_case c WHERE c.audit_id = $1 AND c.reference <> '' AND strpos($2, c.reference) > 0`, audit, line); n != 0 {
		t.Errorf("the quarter's line %q holds a case's reference", line)
	}
}
