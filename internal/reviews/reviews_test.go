package reviews_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/learning"
	"github.com/scp-portal/portal/internal/reviews"
	"github.com/scp-portal/portal/internal/testkit"
	"github.com/scp-portal/portal/internal/workdays"
)

func TestMain(m *testing.M) { testkit.Main(m) }

var day = testkit.Day

func ptr(t time.Time) *time.Time { return &t }

type fixture struct {
	db                             *pgxpool.Pool
	pid, engineRoom, executive, la int64
	cal                            *workdays.Calendar
}

func setup(t *testing.T) fixture {
	db := testkit.NewDB(t)
	testkit.SeedDemo(t, db)
	return newFixture(t, db)
}

// setupWithHistory is setup with the demo's year of history as of now (its meetings, reviews
// and local CSPRs).
func setupWithHistory(t *testing.T) fixture {
	db := testkit.NewDemoDB(t, time.Now(), true)
	return newFixture(t, db)
}

func newFixture(t *testing.T, db *pgxpool.Pool) fixture {
	ctx := context.Background()
	f := fixture{db: db}
	err := db.QueryRow(ctx, `SELECT p.id, (SELECT id FROM app_user WHERE email = 'engine-room@hsscp.example'),
		(SELECT id FROM app_user WHERE email = 'executive@hsscp.example'),
		(SELECT id FROM organisation WHERE partnership_id = p.id AND statutory_role = 'local_authority' ORDER BY id LIMIT 1)
		FROM partnership p WHERE slug = 'hsscp'`).Scan(&f.pid, &f.engineRoom, &f.executive, &f.la)
	if err != nil {
		t.Fatal(err)
	}
	if f.cal, err = reviews.Calendar(ctx, db); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f fixture) start(t *testing.T, in reviews.StartInput, now time.Time) int64 {
	t.Helper()
	var id int64
	err := database.InTx(context.Background(), f.db, func(tx pgx.Tx) error {
		var err error
		id, err = reviews.Start(context.Background(), tx, f.pid, "HSSCP", f.engineRoom, in, f.cal, now)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestTheClockRunsFifteenWorkingDaysAcrossEaster(t *testing.T) {
	ctx := context.Background()
	f := setup(t)
	id := f.start(t, reviews.StartInput{Title: "Child A (2026)", AwareOn: day("25 March 2026"), NotifiedOn: ptr(day("27 March 2026")),
		ClockStart: "notification"}, day("27 March 2026"))
	r, err := reviews.Get(ctx, f.db, f.pid, id)
	if err != nil {
		t.Fatal(err)
	}
	if !r.DueOn.Equal(day("21 April 2026")) || r.DueRule != "15 working days from the notification to the national Panel on 27 March 2026" {
		t.Errorf("due %s by %q", r.DueOn.Format(time.DateOnly), r.DueRule)
	}
	if !strings.HasPrefix(r.Reference, "HSSCP-RR-2026-") {
		t.Errorf("reference %q", r.Reference)
	}
	// On Thursday 2 April: Good Friday and Easter Monday do not count.
	pr := reviews.Assess(r, nil, false, f.cal, day("2 April 2026"))
	if pr.DaysLeft != 11 || pr.AtRisk || pr.NotificationOnTime == nil || !*pr.NotificationOnTime {
		t.Errorf("on 2 April: %+v", pr)
	}
	// On 16 April, 3 working days left and no draft: at risk, and the day-10 steps are late.
	pr = reviews.Assess(r, nil, false, f.cal, day("16 April 2026"))
	if pr.DaysLeft != 3 || !pr.AtRisk || len(pr.Late()) == 0 {
		t.Errorf("on 16 April: %+v", pr)
	}
	if bad := (reviews.StartInput{Title: "x", AwareOn: day("1 May 2026"), ClockStart: "notification"}).Validate(day("2 May 2026")); app.FieldMessage(bad, "notified_on-day") == "" {
		t.Error("a notification clock without a notification date was accepted")
	}
}

func TestAReviewWithoutADraftGetsOneReminder(t *testing.T) {
	ctx := context.Background()
	f := setup(t)
	id := f.start(t, reviews.StartInput{Title: "Child B (2026)", AwareOn: day("2 November 2026"), ClockStart: "awareness"}, day("2 November 2026"))
	r, _ := reviews.Get(ctx, f.db, f.pid, id) // due 23 November 2026
	// Before the risk point: nothing.
	if n, err := reviews.SendReminders(ctx, f.db, f.cal, day("5 November 2026"), "https://portal.example"); err != nil || n != 0 {
		t.Fatalf("before the risk point: %d, %v", n, err)
	}
	// At the risk point, twice (a second run, or a second process): one e-mail.
	for range 2 {
		if _, err := reviews.SendReminders(ctx, f.db, f.cal, day("17 November 2026"), "https://portal.example"); err != nil {
			t.Fatal(err)
		}
	}
	var to, body string
	var n int
	if err := f.db.QueryRow(ctx, `SELECT count(*), max(to_address), max(body) FROM outbox`).Scan(&n, &to, &body); err != nil {
		t.Fatal(err)
	}
	if n != 1 || to != "business-unit@hsscp.example" || !strings.Contains(body, r.Reference) || strings.Contains(body, "Child B") {
		t.Errorf("reminders: %d to %s:\n%s", n, to, body)
	}
}

func TestADecisionForALocalReviewAndItsReviewer(t *testing.T) {
	ctx := context.Background()
	f := setup(t)
	id := f.start(t, reviews.StartInput{Title: "Child C (2026)", AwareOn: day("2 November 2026"), ClockStart: "awareness"}, day("2 November 2026"))
	r, _ := reviews.Get(ctx, f.db, f.pid, id)
	r.Draft, r.DraftedOn, r.Decision, r.DecisionReasons = "The draft", ptr(day("12 November 2026")), "local_cspr", "Learning for the whole partnership"
	if err := reviews.Update(ctx, f.db, r); err != nil {
		t.Fatal(err)
	}
	if err := reviews.Update(ctx, f.db, r); !errors.Is(err, reviews.ErrConflict) {
		t.Errorf("a second save from the same version: %v", err)
	}
	var cid int64
	if err := database.InTx(ctx, f.db, func(tx pgx.Tx) error {
		var err error
		cid, err = reviews.OpenCSPR(ctx, tx, f.pid, id, "HSSCP", reviews.DefaultPublishMonths, f.cal, day("24 November 2026"))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	c, ms, err := reviews.GetCSPR(ctx, f.db, f.pid, cid)
	if err != nil || !c.PublishTargetOn.Equal(day("24 May 2027")) || len(ms) != 5 {
		t.Fatalf("cspr: %+v, %d milestones, %v", c, len(ms), err)
	}
	if err := reviews.ApproveReviewer(ctx, f.db, f.pid, cid, c.Version, f.executive, time.Now(), nil); !errors.Is(err, reviews.ErrConflict) {
		t.Errorf("approving before a reviewer is proposed: %v", err)
	}
	if err := reviews.ProposeReviewer(ctx, f.db, f.pid, cid, c.Version, "Dr R. Independent", "Terms", f.engineRoom); err != nil {
		t.Fatal(err)
	}
	if err := reviews.ApproveReviewer(ctx, f.db, f.pid, cid, c.Version+1, f.executive, time.Now(), nil); err != nil {
		t.Fatal(err)
	}
	c, _, _ = reviews.GetCSPR(ctx, f.db, f.pid, cid)
	if c.ApproverName != "Erin Executive" || c.ReviewerApprovedAt == nil {
		t.Errorf("approval: %q at %v", c.ApproverName, c.ReviewerApprovedAt)
	}
	// Its recommendations are tracked like learning's, evidence of impact included.
	c, _, _ = reviews.GetCSPR(ctx, f.db, f.pid, cid)
	c.Report = "## Findings"
	if err := reviews.SaveReport(ctx, f.db, c); err != nil {
		t.Fatal(err)
	}
	if err := database.InTx(ctx, f.db, func(tx pgx.Tx) error {
		rec, err := learning.AddReviewRecommendation(ctx, tx, f.pid, cid, learning.RecommendationInput{Title: "Share concerns", OwnerOrgID: f.la, DueOn: day("1 March 2027")})
		if err != nil {
			return err
		}
		return learning.AddEvidence(ctx, tx, f.pid, rec, f.engineRoom, "re_audit", "Shared in 9 of 10 cases", day("20 November 2026"), "green")
	}); err != nil {
		t.Fatalf("a local review's recommendation and its evidence: %v", err)
	}
	list, err := reviews.Register(ctx, f.db, f.pid)
	if err != nil || len(list) != 1 || list[0].CSPRID == nil {
		t.Fatalf("register: %+v, %v", list, err)
	}
	if ts, err := reviews.TimelinessByYear(ctx, f.db, f.pid, f.cal, day("24 November 2026")); err != nil || len(ts) != 1 || ts[0].Reviews != 1 || ts[0].SentWithin15 != 0 {
		t.Errorf("timeliness: %+v", ts)
	}
}

// The yearly report's figures count a step once it is done or overdue: an overdue notification
// that was never made is a late one, and a review still within its time is not yet a figure.
func TestTimelinessCountsOverdueStepsAsLate(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	on := func(s string) *time.Time { d := day(s); return &d }
	review := func(ref, aware string, notified *time.Time, due string, sent *time.Time) {
		t.Helper()
		if _, err := f.db.Exec(ctx, `INSERT INTO rapid_review (partnership_id, reference, title, aware_on, notified_on, clock_start, due_on, due_rule, sent_to_panel_on)
			VALUES ($1, $2, 'T', $3, $4, 'awareness', $5, 'r', $6)`, f.pid, ref, day(aware), notified, day(due), sent); err != nil {
			t.Fatal(err)
		}
	}
	// Aware 6 Nov 2026, never notified (due 13 Nov), still within its 15 days on 24 Nov.
	review("T-1", "6 November 2026", nil, "27 November 2026", nil)
	// Notified in time, sent a day late.
	review("T-2", "2 March 2026", on("4 March 2026"), "23 March 2026", on("24 March 2026"))
	// Notified late, sent in time.
	review("T-3", "1 June 2026", on("15 June 2026"), "22 June 2026", on("19 June 2026"))
	// Last year: notified and sent in time.
	review("T-4", "5 May 2025", on("6 May 2025"), "27 May 2025", on("20 May 2025"))
	// Notified on 31 December, the 5th working day after 22 December once Christmas Day and
	// Boxing Day are left out (in time); never sent, past its deadline.
	review("T-5", "22 December 2025", on("31 December 2025"), "14 January 2026", nil)
	got, err := reviews.TimelinessByYear(ctx, f.db, f.pid, f.cal, day("24 November 2026"))
	if err != nil {
		t.Fatal(err)
	}
	want := []reviews.Timeliness{
		{Year: 2026, Reviews: 2, SentWithin15: 1, Notifications: 3, NotifiedWithin5: 1},
		{Year: 2025, Reviews: 2, SentWithin15: 1, Notifications: 2, NotifiedWithin5: 2},
	}
	if len(got) != len(want) {
		t.Fatalf("timeliness = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("timeliness[%d] = %+v, want %+v", i, got[i], want[i])
		}
	}
}
