package volume_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/learning"
	"github.com/scp-portal/portal/internal/meetings"
	"github.com/scp-portal/portal/internal/overview"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/internal/testkit"
	"github.com/scp-portal/portal/internal/volume"
)

func TestMain(m *testing.M) { testkit.Main(m) }

// TestVolumeLoadsOnTopOfTheDemo: a small load adds the partnerships and the share of each record
// the size asks for, every status, an audit chain that still verifies, and leaves the demo
// working; it loads once.
func TestVolumeLoadsOnTopOfTheDemo(t *testing.T) {
	ctx := context.Background()
	now := time.Now()
	db := testkit.NewDemoDB(t, now, true)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	size := volume.Size{Partnerships: 4, Scale: 0.01}
	c, err := volume.Generate(ctx, db, size, now, log)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", c)
	near := func(what string, got, want int64) {
		t.Helper()
		if got < want || got > want+want/5+8 {
			t.Errorf("%s: %d, want about %d", what, got, want)
		}
	}
	near("partnerships", c.Partnerships, 4)
	near("people", c.People, 7*48)
	near("requests", c.Requests, 3000)
	near("triage decisions", c.Triage, 1740)
	near("themes", c.Themes, 180)
	near("recommendations", c.Recommendations, 220)
	near("rapid reviews", c.Reviews, 60)
	near("audit entries", c.Audit, 45000)
	// As in the portal, triage closes the KLOE request it decides (the Engine Room's count of
	// requests awaiting triage relies on it).
	var triagedOpen int
	if err := db.QueryRow(ctx, `SELECT count(*) FROM triage t JOIN intake_request r ON r.id = t.request_id
		WHERE r.status <> 'closed' OR r.kind <> 'kloe'`).Scan(&triagedOpen); err != nil || triagedOpen != 0 {
		t.Errorf("triage decisions on requests not closed or not KLOEs: %d %v", triagedOpen, err)
	}
	if c.LocalReviews == 0 || c.Commissions == 0 || c.Actions == 0 {
		t.Errorf("no local reviews, commissions or actions: %+v", c)
	}
	near("training sessions", c.Sessions, 300)
	near("bookings", c.Bookings, 15*c.Sessions)
	near("bulletins", c.Bulletins, 7*60)
	near("subscribers", c.Subscribers, 450)
	near("budgets of the added partnerships", c.Budgets, 4*5)
	near("case audits", c.CaseAudits, 15)
	if c.Evaluations == 0 || c.AssuranceReturns == 0 {
		t.Errorf("no evaluations or Section 11 returns: %+v", c)
	}
	// Every state of the assurance and workforce records, as the pages will meet them.
	for what, where := range map[string]string{
		"a session to come":           `training_session s JOIN training_course c ON c.id = s.course_id WHERE c.audience = 'Practitioners of every agency' AND s.starts_at > now()`,
		"a waiting list":              `training_booking WHERE status = 'waiting'`,
		"a follow-up answered":        `training_evaluation WHERE followed_up_at IS NOT NULL`,
		"a follow-up due":             `training_evaluation WHERE followed_up_at IS NULL`,
		"a draft bulletin":            `bulletin WHERE status = 'draft' AND title LIKE '% e-bulletin'`,
		"a delivery":                  `bulletin_delivery d JOIN bulletin_subscriber s ON s.id = d.subscriber_id WHERE s.email LIKE '%@subscribers.volume.example'`,
		"an unconfirmed subscriber":   `bulletin_subscriber WHERE confirmed_at IS NULL AND email LIKE '%@subscribers.volume.example'`,
		"an approved budget":          `budget b JOIN budget_line l ON l.budget_id = b.id WHERE b.status = 'approved' AND l.outturn_pence IS NOT NULL`,
		"a draft budget":              `budget WHERE status = 'draft'`,
		"a return not started":        `assurance_return WHERE status = 'not_started'`,
		"a return in progress":        `assurance_return WHERE status = 'in_progress'`,
		"a red rating":                `assurance_rating WHERE rating = 'red'`,
		"a standard followed":         `assurance_standard WHERE lineage IS NOT NULL`,
		"a case audit being graded":   `case_audit WHERE status = 'grading' AND title LIKE 'Multi-agency audit: %'`,
		"a case audit with a finding": `case_audit_finding f JOIN case_audit a ON a.id = f.audit_id WHERE a.title LIKE 'Multi-agency audit: %'`,
	} {
		if testkit.MustCount(t, db, where) == 0 {
			t.Errorf("no %s", what)
		}
	}
	for _, st := range []string{"draft", "received", "considering", "closed", "withdrawn"} {
		if testkit.MustCount(t, db, `intake_request WHERE form_key LIKE 'vol-%' AND status = $1`, st) == 0 {
			t.Errorf("no request %s", st)
		}
	}
	for _, st := range learning.ThemeStatuses {
		if testkit.MustCount(t, db, `theme WHERE title LIKE '%·%' AND status = $1`, st.Value) == 0 {
			t.Errorf("no theme %s", st.Value)
		}
	}
	chain, err := audit.Verify(ctx, db)
	if err != nil || chain.Break != nil {
		t.Fatalf("audit chain after the load: %v %v", err, chain.Break)
	}
	// The portal's own trigger chains the next entry after the loaded ones.
	if err := audit.Record(ctx, db, audit.Entry{Action: "sign-in", Outcome: audit.OK, ObjectType: "user"}); err != nil {
		t.Fatal(err)
	}
	if chain, err = audit.Verify(ctx, db); err != nil || chain.Break != nil || chain.Entries < c.Audit+1 {
		t.Fatalf("audit chain after one more entry: %+v %v", chain, err)
	}

	// The demo's partnership is one of the heavy ones, and its Engine Room's figures still load.
	p, err := partnership.BySlug(ctx, db, "hsscp")
	if err != nil {
		t.Fatal(err)
	}
	counts, err := overview.EngineRoomCounts(ctx, db, p.ID, partnership.Today(now))
	if err != nil {
		t.Fatal(err)
	}
	if counts.ThemesByStatus["closed"] < 10 {
		t.Errorf("hsscp's closed themes at volume: %d", counts.ThemesByStatus["closed"])
	}
	// Its Engine Room's agenda carries at most 50 items of a kind, however many await it.
	er, err := (&meetings.Service{Env: app.Env{DB: db}}).BodyOfKind(ctx, p.ID, "engine_room")
	if err != nil {
		t.Fatal(err)
	}
	items, err := learning.EngineRoomAgenda{}.AgendaItems(ctx, db, er, partnership.Today(now))
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, it := range items {
		kinds[it.Kind]++
	}
	if counts.AwaitingTriage <= 50 || kinds["request"] != 50 {
		t.Errorf("the Engine Room's agenda at volume: %v, with %d requests awaiting triage; want 50 of them", kinds, counts.AwaitingTriage)
	}

	if _, err := volume.Generate(ctx, db, size, now, log); err != volume.ErrLoaded {
		t.Errorf("a second load: %v, want ErrLoaded", err)
	}
}
