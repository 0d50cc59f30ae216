package app_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

func count(t *testing.T, db interface {
	QueryRow(context.Context, string, ...any) pgx.Row
}, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A change and its audit record are kept together, or lost together.
func TestChangeKeepsTheChangeAndItsRecordTogether(t *testing.T) {
	ctx := context.Background()
	db := testkit.NewDB(t)
	a := app.Actor{Subject: access.Subject{Email: "someone@example.org"}, IP: "192.0.2.1"}

	err := app.Change(ctx, db, a, func(tx pgx.Tx) (app.Event, error) {
		var id int64
		err := tx.QueryRow(ctx, `INSERT INTO partnership (slug, name, short_name) VALUES ('kept', 'Kept', 'K') RETURNING id`).Scan(&id)
		return app.Event{Action: "partnership.create", ObjectType: "partnership", ObjectID: id}, err
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log a JOIN partnership p ON a.object_id = p.id::text
		WHERE p.slug = 'kept' AND a.action = 'partnership.create' AND a.ip = '192.0.2.1'`); n != 1 {
		t.Errorf("audit records of the kept change: %d, want 1", n)
	}

	boom := errors.New("boom")
	err = app.Change(ctx, db, a, func(tx pgx.Tx) (app.Event, error) {
		if _, err := tx.Exec(ctx, `INSERT INTO partnership (slug, name, short_name) VALUES ('lost', 'Lost', 'L')`); err != nil {
			return app.Event{}, err
		}
		return app.Event{}, boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Change returned %v, want the function's error", err)
	}
	if n := count(t, db, `SELECT count(*) FROM partnership WHERE slug = 'lost'`); n != 0 {
		t.Error("a failed change was saved")
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log WHERE action = 'partnership.create'`); n != 1 {
		t.Errorf("audit records after a failed change: %d, want still 1", n)
	}
}

// A refusal is answered as forbidden and written to the audit log; someone not signed in is
// asked to sign in.
func TestAuthorizeRecordsRefusals(t *testing.T) {
	ctx := context.Background()
	db := testkit.NewDB(t)
	testkit.SeedDemo(t, db)
	var uid int64
	if err := db.QueryRow(ctx, `SELECT id FROM app_user WHERE email = 'practitioner@hsscp.example'`).Scan(&uid); err != nil {
		t.Fatal(err)
	}
	subj, err := access.LoadSubject(ctx, db, uid, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	inbox := access.Object{PartnershipID: subj.PartnershipID}
	if err := app.Authorize(ctx, db, app.Actor{}, access.ViewInbox, inbox, "inbox", "", "GET /hsscp/inbox"); !errors.Is(err, app.ErrSignIn) {
		t.Errorf("someone not signed in: %v, want ErrSignIn", err)
	}
	a := app.Actor{Subject: subj, Partnership: subj.PartnershipID, IP: "192.0.2.9"}
	if err := app.Authorize(ctx, db, a, access.ViewInbox, inbox, "inbox", "", "GET /hsscp/inbox"); app.KindOf(err) != app.Forbidden {
		t.Errorf("a practitioner opening the inbox: %v, want forbidden", err)
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log WHERE actor_id = $1 AND outcome = 'refused' AND ip = '192.0.2.9'
		AND detail LIKE '%GET /hsscp/inbox%'`, uid); n != 1 {
		t.Errorf("refusals recorded: %d, want 1", n)
	}
	if err := app.Authorize(ctx, db, a, access.SubmitRequest, inbox, "request", "", "POST /hsscp/kloe/new"); err != nil {
		t.Errorf("a practitioner sending a request: %v, want allowed", err)
	}
}

// Problems keep the order the fields were checked in, which is the order of the page.
func TestProblemsKeepPageOrder(t *testing.T) {
	var p app.Problems
	if p.Err() != nil {
		t.Fatal("no problems is no error")
	}
	p.Add("name", "Enter a name")
	p.Add("kind", "Select a kind")
	p.Add("name", "Enter a name")
	err := p.Err()
	if app.KindOf(err) != app.Invalid {
		t.Fatalf("kind %v, want Invalid", app.KindOf(err))
	}
	got := fmt.Sprint(app.FieldsOf(fmt.Errorf("wrapped: %w", err)))
	if want := "[{name Enter a name} {kind Select a kind}]"; got != want {
		t.Errorf("fields %s, want %s", got, want)
	}

	// A choice from a list is required: nothing chosen (id 0) is a problem on its field, a choice
	// is none.
	var c app.Problems
	c.Chosen("agency", 0, "Choose the agency")
	c.Chosen("standard", 7, "Choose the standard")
	// And one of the choices offered: nothing, or a value not offered, is a problem.
	kinds := app.Choices{{Value: "course", Label: "Course"}, {Value: "event", Label: "Learning event"}}
	c.OneOf("kind", kinds, "", "Choose the kind")
	c.OneOf("other_kind", kinds, "lecture", "Choose the other kind")
	c.OneOf("last_kind", kinds, "event", "Choose the last kind")
	if got, want := fmt.Sprint(app.FieldsOf(c.Err())), "[{agency Choose the agency} {kind Choose the kind} {other_kind Choose the other kind}]"; got != want {
		t.Errorf("chosen: fields %s, want %s", got, want)
	}
}

// A domain's not-found sentinel is found through wrapping, by kind and by identity.
func TestNotFoundSentinels(t *testing.T) {
	errThing := app.NotFoundError("thing: not found")
	err := fmt.Errorf("load: %w", errThing)
	if app.KindOf(err) != app.NotFound || !errors.Is(err, errThing) {
		t.Errorf("wrapped not-found: kind %v, Is %v", app.KindOf(err), errors.Is(err, errThing))
	}
	if errors.Is(err, app.NotFoundError("other: not found")) {
		t.Error("a different not-found matched")
	}
	stale := app.Stale("name", "changed this", "", 4)
	if app.KindOf(stale) != app.Conflict || app.VersionOf(stale) != 4 || app.FieldMessage(stale, "name") == "" {
		t.Errorf("stale: %v", stale)
	}
}

// Times of day are written as GOV.UK's style does, in UK time.
func TestClock(t *testing.T) {
	for _, c := range []struct {
		at   time.Time
		want string
	}{
		{time.Date(2026, 6, 4, 13, 5, 0, 0, time.UTC), "2:05pm"}, // British Summer Time
		{time.Date(2026, 12, 4, 9, 30, 0, 0, time.UTC), "9:30am"},
		{time.Date(2026, 12, 4, 14, 0, 0, 0, time.UTC), "2pm"},
		{time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC), "midday"},
		{time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC), "midnight"},
	} {
		if got := app.Clock(c.at); got != c.want {
			t.Errorf("Clock(%s) = %q; want %q", c.at, got, c.want)
		}
	}
}
