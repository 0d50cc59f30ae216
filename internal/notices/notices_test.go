package notices_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/notices"
	"github.com/scp-portal/portal/internal/testkit"
	"github.com/scp-portal/portal/web/paths"
)

func TestMain(m *testing.M) { testkit.Main(m) }

const base = "https://portal.example"

// Each person gets a kind as they chose it: at once, in the day's digest, or not at all; a kind
// with a statutory deadline cannot be switched off, and an urgent notice goes at once.
func TestEachPersonGetsANoticeAsTheyChose(t *testing.T) {
	ctx := context.Background()
	db := testkit.NewDB(t)
	testkit.SeedDemo(t, db)
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	svc := &notices.Service{Env: app.Env{DB: db, Now: func() time.Time { return now }}}
	who := func(email string) app.Actor {
		return testkit.MustActor(t, db, email, now, "192.0.2.7")
	}
	er, bu, fr := who("engine-room@hsscp.example"), who("business-unit@hsscp.example"), who("critical-friend@hsscp.example")
	if err := svc.SavePreferences(ctx, bu, []notices.Preference{{Kind: notices.RequestArrived, Delivery: notices.Digest}}); err != nil {
		t.Fatal(err)
	}
	if err := svc.SavePreferences(ctx, fr, []notices.Preference{{Kind: notices.RequestArrived, Delivery: notices.None},
		{Kind: notices.CSPRArrived, Delivery: notices.Digest}}); err != nil {
		t.Fatal(err)
	}
	err := svc.SavePreferences(ctx, fr, []notices.Preference{{Kind: notices.CSPRArrived, Delivery: notices.None}})
	if !strings.Contains(app.FieldMessage(err, notices.Field(notices.CSPRArrived)), "cannot be switched off") {
		t.Errorf("switching off a statutory notice: %v", err)
	}
	if n := testkit.MustCount(t, db, `audit_log WHERE action = 'notice.preferences' AND actor_id = $1 AND detail = 'request_arrived=none cspr_arrived=digest'`, fr.UserID); n != 1 {
		t.Errorf("%d audit records of the friend's choices", n)
	}
	send := func(n notices.Notice) {
		t.Helper()
		if err := database.InTx(ctx, db, func(tx pgx.Tx) error {
			return notices.Send(ctx, tx, base, n, er.UserID, bu.UserID, fr.UserID)
		}); err != nil {
			t.Fatal(err)
		}
	}
	send(notices.Notice{Kind: notices.RequestArrived, Subject: "New KLOE request HSSCP-KLOE-2026-0001", Line: "A request", Link: base + "/hsscp/inbox/1"})
	if len(testkit.Outbox(t, db, "engine-room@hsscp.example")) != 1 || len(testkit.Outbox(t, db, "business-unit@hsscp.example")) != 0 ||
		len(testkit.Outbox(t, db, "critical-friend@hsscp.example")) != 0 {
		t.Error("a notice did not go as each chose")
	}
	if n := testkit.MustCount(t, db, `notice_pending WHERE user_id = $1`, bu.UserID); n != 1 {
		t.Errorf("%d notices wait for the business unit's digest", n)
	}
	send(notices.Notice{Kind: notices.RequestArrived, Subject: "URGENT", Line: "Urgent", Link: base + "/hsscp/inbox/2", Urgent: true})
	if len(testkit.Outbox(t, db, "critical-friend@hsscp.example")) != 1 {
		t.Error("an urgent notice did not go at once to someone who switched the kind off")
	}
	m := testkit.OneNotice(t, db, "engine-room@hsscp.example", "HSSCP-KLOE-2026-0001")
	if !strings.Contains(m, base+"/hsscp/inbox/1") || !strings.Contains(m, base+paths.NoticePreferences()) {
		t.Errorf("the notice lacks its link or the way to change one's choices:\n%s", m)
	}
}

// The digest goes once per person and day, however many processes run the job at once, and not
// before the hour it is due.
func TestADigestGoesOncePerDayInAnyNumberOfProcesses(t *testing.T) {
	ctx := context.Background()
	db := testkit.NewDB(t)
	testkit.SeedDemo(t, db)
	bu := testkit.MustUserID(t, db, "business-unit@hsscp.example")
	if _, err := db.Exec(ctx, `INSERT INTO notice_preference (user_id, kind, delivery) VALUES ($1, 'request_arrived', 'digest')`, bu); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if err := database.InTx(ctx, db, func(tx pgx.Tx) error {
			return notices.Send(ctx, tx, base, notices.Notice{Kind: notices.RequestArrived, Subject: "New KLOE request HSSCP-KLOE-2026-000" + string(rune('1'+i)),
				Link: base + "/hsscp/inbox/1"}, bu)
		}); err != nil {
			t.Fatal(err)
		}
	}
	early := time.Date(2026, 12, 1, 6, 30, 0, 0, time.UTC)
	if n, err := notices.SendDigests(ctx, db, early, base); err != nil || n != 0 {
		t.Fatalf("before the hour: %d, %v", n, err)
	}
	at := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			if _, err := notices.SendDigests(ctx, db, at, base); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	m := testkit.OneNotice(t, db, "business-unit@hsscp.example", "daily digest")
	for _, ref := range []string{"0001", "0002", "0003"} {
		if !strings.Contains(m, "HSSCP-KLOE-2026-"+ref) {
			t.Errorf("the digest lacks %s:\n%s", ref, m)
		}
	}
	// A notice after today's digest waits for tomorrow's.
	if err := database.InTx(ctx, db, func(tx pgx.Tx) error {
		return notices.Send(ctx, tx, base, notices.Notice{Kind: notices.RequestArrived, Subject: "Later", Link: base}, bu)
	}); err != nil {
		t.Fatal(err)
	}
	if n, _ := notices.SendDigests(ctx, db, at.Add(time.Hour), base); n != 0 {
		t.Errorf("a second digest the same day: %d", n)
	}
	if n, _ := notices.SendDigests(ctx, db, at.Add(24*time.Hour), base); n != 1 {
		t.Errorf("the next day's digest: %d", n)
	}
}

// A reminder is sent once per event and kind, however many transactions try at once.
func TestOnceIsOnceInAnyNumberOfProcesses(t *testing.T) {
	ctx := context.Background()
	db := testkit.NewDB(t)
	var mu sync.Mutex
	firsts := 0
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			err := database.InTx(ctx, db, func(tx pgx.Tx) error {
				first, err := notices.Once(ctx, tx, notices.ActionOverdue, "action 1 due 2026-12-01")
				if first {
					mu.Lock()
					firsts++
					mu.Unlock()
				}
				return err
			})
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if firsts != 1 {
		t.Errorf("%d transactions were told they were first", firsts)
	}
}
