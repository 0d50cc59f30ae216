package reports_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/meetings"
	"github.com/scp-portal/portal/internal/reports"
	"github.com/scp-portal/portal/internal/seed"
	"github.com/scp-portal/portal/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

// setup is a database holding the demo partnerships with a year of history, their exception
// reports among it, and the Engine Room member acting.
func setup(t *testing.T) (*pgxpool.Pool, *reports.Service, app.Actor, int64) {
	t.Helper()
	db := testkit.NewDB(t)
	if _, err := seed.Demo(context.Background(), db, testkit.DemoPassword, time.Now(), true); err != nil {
		t.Fatal(err)
	}
	s := &reports.Service{Env: app.Env{DB: db}}
	a := testkit.MustActor(t, db, "engine-room@hsscp.example", time.Now(), "192.0.2.1")
	return db, s, a, a.Partnership
}

// current is the id of the partnership's draft for this quarter.
func current(t *testing.T, db *pgxpool.Pool, s *reports.Service, pid int64) int64 {
	t.Helper()
	return int64(testkit.MustQueryInt(t, db, `SELECT id FROM report WHERE partnership_id = $1 AND period = $2`, pid, s.Current(reports.Exception, reports.April).Key))
}

func figure(t *testing.T, r reports.Report, section, key string) reports.Figure {
	t.Helper()
	return figureOf(t, r.Figures, section, key)
}

// The draft's figures are the counts of the records themselves, taken here with SQL of the test's
// own; the quarter's window is England's.
func TestTheDraftsFiguresAreTheRecordsCounts(t *testing.T) {
	t.Parallel()
	db, s, _, pid := setup(t)
	r, err := s.Report(context.Background(), pid, current(t, db, s, pid))
	if err != nil {
		t.Fatal(err)
	}
	if !r.Live || r.Status != reports.Draft {
		t.Fatalf("the current quarter's report is not a live draft: %+v", r.Status)
	}
	q := reports.QuarterOf(time.Now())
	from, to, day := q.Start(), q.End(), r.Figures.AsAt
	inQuarter := func(col string) string {
		return col + ` >= ($2::date::timestamp AT TIME ZONE 'Europe/London') AND ` + col + ` < (($3::date + 1)::timestamp AT TIME ZONE 'Europe/London')`
	}
	cases := []struct{ section, key, sql string }{
		{reports.SectionOffTrack, "actions_overdue", `SELECT count(*) FROM action a JOIN recommendation r ON r.id = a.recommendation_id
			WHERE r.partnership_id = $1 AND a.status = 'open' AND a.due_on < $4 AND $2::date IS NOT NULL AND $3::date IS NOT NULL`},
		{reports.SectionOffTrack, "recommendations_overdue", `SELECT count(*) FROM recommendation WHERE partnership_id = $1
			AND status NOT IN ('implemented', 'not_implemented') AND due_on < $4 AND $2::date IS NOT NULL AND $3::date IS NOT NULL`},
		{reports.SectionOffTrack, "themes_red", `SELECT count(*) FROM theme WHERE partnership_id = $1 AND rating = 'red' AND status <> 'closed'
			AND $2::date IS NOT NULL AND $3::date IS NOT NULL AND $4::date IS NOT NULL`},
		{reports.SectionMoved, "requests_received", `SELECT count(*) FROM intake_request WHERE partnership_id = $1 AND submitted_at IS NOT NULL
			AND ` + inQuarter("submitted_at") + ` AND $4::date IS NOT NULL`},
		{reports.SectionMoved, "themes_opened", `SELECT count(*) FROM theme WHERE partnership_id = $1 AND ` + inQuarter("created_at") + ` AND $4::date IS NOT NULL`},
		{reports.SectionMoved, "commissions_started", `SELECT count(*) FROM commission WHERE partnership_id = $1 AND starts_on >= $2 AND starts_on <= $3
			AND $4::date IS NOT NULL`},
		{reports.SectionMoved, "evidence_green", `SELECT count(*) FROM impact_evidence e WHERE e.rating = 'green' AND e.evidence_on >= $2 AND e.evidence_on <= $3
			AND e.recommendation_id IN (SELECT id FROM recommendation WHERE partnership_id = $1) AND $4::date IS NOT NULL`},
		{reports.SectionVoice, "voice_notes", `SELECT count(*) FROM commission_note WHERE kind = 'voice' AND ` + inQuarter("created_at") + `
			AND commission_id IN (SELECT id FROM commission WHERE partnership_id = $1) AND $4::date IS NOT NULL`},
	}
	nonZero := 0
	for _, c := range cases {
		want := testkit.MustQueryInt(t, db, c.sql, pid, from, to, day)
		if got := figure(t, r, c.section, c.key).Value; got != want {
			t.Errorf("%s: the report says %d, the records %d", c.key, got, want)
		}
		if want > 0 {
			nonZero++
		}
	}
	if nonZero < 3 {
		t.Errorf("only %d of the figures checked count anything: the demo history does not exercise them", nonZero)
	}
	// Each critical success factor has a trend over the last four quarters, ending with this one.
	success := r.Figures.Sections[reports.SectionSuccess]
	if len(success.Charts) != 3 || len(success.Charts[0].Points) != 4 || success.Charts[0].Points[3].Label != q.Short() {
		t.Fatalf("critical success factors: %+v", success.Charts)
	}
	green := testkit.MustQueryInt(t, db, `SELECT count(*) FROM impact_evidence e JOIN recommendation r ON r.id = e.recommendation_id
		WHERE r.partnership_id = $1 AND e.rating = 'green' AND e.kind IN ('re_audit', 'practitioner_feedback', 'training_evaluation')
		AND e.evidence_on BETWEEN $2 AND $3`, pid, q.Prev().Prev().Prev().Start(), to)
	sum := 0
	for _, p := range success.Charts[0].Points {
		sum += p.Value
	}
	if sum != green {
		t.Errorf("the first factor's trend counts %d pieces of evidence rated green, the records %d", sum, green)
	}
}

// A submitted report keeps the figures it was submitted with: a record changed afterwards moves
// the live figures, not the report's. Reopening, with a reason, keeps the submitted version.
func TestSubmissionFreezesTheFiguresAndReopeningKeepsTheVersion(t *testing.T) {
	t.Parallel()
	db, s, a, pid := setup(t)
	ctx := context.Background()
	id := current(t, db, s, pid)
	r, err := s.Report(ctx, pid, id)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SaveSection(ctx, a, reports.SectionInput{PartnershipID: pid, ReportID: id, Key: reports.SectionMoved,
		Narrative: "A busy quarter.", Version: r.Sections[1].Version}); err != nil {
		t.Fatal(err)
	}
	// Submitting over the version read before the narrative was saved is stale.
	if err := s.Submit(ctx, a, reports.SubmitInput{PartnershipID: pid, ReportID: id, Version: r.Version}); app.KindOf(err) != app.Conflict {
		t.Fatalf("a stale submission: %v", err)
	}
	r, _ = s.Report(ctx, pid, id)
	before := figure(t, r, reports.SectionOffTrack, "themes_red").Value
	if err := s.Submit(ctx, a, reports.SubmitInput{PartnershipID: pid, ReportID: id, Version: r.Version}); err != nil {
		t.Fatal(err)
	}
	// Another theme turns red after submission.
	testkit.MustQueryRow(t, db, `UPDATE theme SET rating = 'red' WHERE id = (SELECT id FROM theme WHERE partnership_id = $1 AND rating <> 'red'
		AND status <> 'closed' ORDER BY id LIMIT 1) RETURNING id`, pid).Scan(new(int64))
	submitted, err := s.Report(ctx, pid, id)
	if err != nil {
		t.Fatal(err)
	}
	if submitted.Live || submitted.Status != reports.Submitted || figure(t, submitted, reports.SectionOffTrack, "themes_red").Value != before {
		t.Errorf("the submitted report changed with the records: %d themes red, was %d", figure(t, submitted, reports.SectionOffTrack, "themes_red").Value, before)
	}
	// Its narrative can no longer change.
	err = s.SaveSection(ctx, a, reports.SectionInput{PartnershipID: pid, ReportID: id, Key: reports.SectionMoved, Narrative: "Changed",
		Version: submitted.Sections[1].Version})
	if app.KindOf(err) != app.Conflict {
		t.Errorf("a submitted report's narrative changed: %v", err)
	}
	// Reopening needs a reason.
	if err := s.Reopen(ctx, a, reports.ReopenInput{PartnershipID: pid, ReportID: id, Reason: "  ", Version: submitted.Version}); app.FieldMessage(err, "reason") == "" {
		t.Errorf("reopened without a reason: %v", err)
	}
	if err := s.Reopen(ctx, a, reports.ReopenInput{PartnershipID: pid, ReportID: id, Reason: "The Executive asked for the red themes", Version: submitted.Version}); err != nil {
		t.Fatal(err)
	}
	reopened, err := s.Report(ctx, pid, id)
	if err != nil {
		t.Fatal(err)
	}
	if !reopened.Live || figure(t, reopened, reports.SectionOffTrack, "themes_red").Value != before+1 {
		t.Errorf("the reopened draft does not draw the records again")
	}
	if len(reopened.Versions) != 1 || reopened.Versions[0].Reason != "The Executive asked for the red themes" || reopened.Versions[0].ReopenedBy == "" {
		t.Fatalf("versions: %+v", reopened.Versions)
	}
	old, err := s.EarlierVersion(ctx, pid, id, 1)
	if err != nil {
		t.Fatal(err)
	}
	var name string
	if err := db.QueryRow(ctx, `SELECT name FROM (`+reports.ExceptionSectionRows+`) s WHERE s.id = $1 AND s.partnership_id = $2`,
		old.Sections[1].ID, pid).Scan(&name); err != nil || !strings.HasPrefix(name, "What moved this quarter, Q") {
		t.Errorf("the section as a challenge names it: %q %v", name, err)
	}
	if figure(t, old, reports.SectionOffTrack, "themes_red").Value != before || old.Sections[1].Narrative != "A busy quarter." {
		t.Errorf("the earlier version lost what was submitted: %+v", old.Sections[1])
	}
	if _, err := s.EarlierVersion(ctx, pid, id, 2); !errors.Is(err, reports.ErrNotFound) {
		t.Errorf("a version never made: %v", err)
	}
	// Every step is in the audit log.
	if n := testkit.MustQueryInt(t, db, `SELECT count(*) FROM audit_log WHERE action IN ('report.section', 'report.submit', 'report.reopen') AND outcome = 'ok'`); n != 3 {
		t.Errorf("%d audit records, want 3", n)
	}
}

// What cannot be stored is refused on its field, never a database error; another partnership's
// report is not found.
func TestHostileNarrativesAreRefused(t *testing.T) {
	t.Parallel()
	db, s, a, pid := setup(t)
	ctx := context.Background()
	id := current(t, db, s, pid)
	r, _ := s.Report(ctx, pid, id)
	for name, text := range map[string]string{"NUL": "a\x00b", "invalid UTF-8": "a\xffb", "too long": strings.Repeat("x", 20001)} {
		err := s.SaveSection(ctx, a, reports.SectionInput{PartnershipID: pid, ReportID: id, Key: reports.SectionMoved, Narrative: text, Version: r.Sections[1].Version})
		if app.FieldMessage(err, reports.NarrativeField(reports.SectionMoved)) == "" {
			t.Errorf("%s: %v", name, err)
		}
	}
	other := testkit.MustQueryInt(t, db, `SELECT id FROM partnership WHERE slug = 'stscp'`)
	if _, err := s.Report(ctx, int64(other), id); !errors.Is(err, reports.ErrNotFound) {
		t.Errorf("another partnership's report: %v", err)
	}
	if _, err := s.Start(ctx, a, reports.StartInput{PartnershipID: pid, Kind: "exception", Period: s.Current(reports.Exception, reports.April).Key}); app.FieldMessage(err, "period") == "" {
		t.Errorf("a second report for the quarter: %v", err)
	}
	if _, err := s.Start(ctx, a, reports.StartInput{PartnershipID: pid, Kind: "exception", Period: "2999-Q1"}); app.FieldMessage(err, "period") == "" {
		t.Errorf("a report of the future: %v", err)
	}
}

// Quarters are the financial year's, April to March.
func TestQuarters(t *testing.T) {
	t.Parallel()
	for day, want := range map[string]string{"2026-04-01": "2026-Q1", "2026-11-30": "2026-Q3", "2027-03-31": "2026-Q4", "2027-01-01": "2026-Q4"} {
		d, _ := time.Parse(time.DateOnly, day)
		if got := reports.QuarterOf(d).Key(); got != want {
			t.Errorf("%s: %s, want %s", day, got, want)
		}
	}
	q, ok := reports.ParseQuarter("2026-Q4")
	if !ok || q.Start().Format(time.DateOnly) != "2027-01-01" || q.End().Format(time.DateOnly) != "2027-03-31" || q.Prev().Key() != "2026-Q3" {
		t.Errorf("2026-Q4: %v %v", q.Start(), q.End())
	}
	for _, bad := range []string{"", "2026-Q5", "2026-Q0", "99999-Q1", "2026Q1x", "abcd-Q1"} {
		if _, ok := reports.ParseQuarter(bad); ok {
			t.Errorf("%q parsed", bad)
		}
	}
	if got := q.Period().Label; got != "Quarter 4 of 2026-27 (January to March 2027)" {
		t.Errorf("label %q", got)
	}
}

// Submitted exception reports wait on the Executive's agenda until a meeting of it has had them;
// the Engine Room's agenda never has them, nor a draft.
func TestSubmittedReportsAwaitTheExecutive(t *testing.T) {
	t.Parallel()
	db, _, a, pid := setup(t)
	ctx := context.Background()
	body := func(kind string) meetings.Body {
		b, err := meetings.BodyOfKind(ctx, db, pid, kind)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	executive, engineRoom := body("executive"), body("engine_room")
	// Given no meeting has had the demo's reports yet (the demo's meetings had each).
	if _, err := db.Exec(ctx, `DELETE FROM meeting_item WHERE kind = $1`, reports.AgendaKind.Value); err != nil {
		t.Fatal(err)
	}
	src := reports.ExecutiveAgenda
	items, err := src.AgendaItems(ctx, db, executive, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 4 || !strings.HasPrefix(items[0].Title, "Exception report: Quarter") {
		t.Fatalf("the Executive's agenda: %+v", items)
	}
	if none, _ := src.AgendaItems(ctx, db, engineRoom, time.Now()); len(none) != 0 || len(src.Kinds(engineRoom)) != 0 {
		t.Errorf("the Engine Room's agenda has reports: %+v", none)
	}
	m := &meetings.Service{Env: app.Env{DB: db}, Sources: []meetings.AgendaSource{src}}
	if _, err := m.Create(ctx, a, meetings.Input{PartnershipID: pid, BodyID: executive.ID, Title: "Executive", HeldOn: time.Now(),
		Attendees: []int64{a.UserID}}); err != nil {
		t.Fatal(err)
	}
	if left, _ := src.AgendaItems(ctx, db, executive, time.Now()); len(left) != 0 {
		t.Errorf("reports already on a meeting's agenda wait still: %+v", left)
	}
}
