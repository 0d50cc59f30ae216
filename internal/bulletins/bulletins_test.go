package bulletins_test

import (
	"context"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/bulletins"
	"github.com/scp-portal/portal/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

var linkSecret = regexp.MustCompile(`/bulletins/(?:confirm|unsubscribe)/([A-Za-z0-9_-]{43})\n`)

// mailTo returns the bodies of the outbox's messages to address whose subject holds subject.
func mailTo(t *testing.T, db testkit.Row, address, subject string) []string {
	t.Helper()
	var bodies []string
	testkit.MustQueryRow(t, db, `SELECT coalesce(array_agg(body ORDER BY id), '{}') FROM outbox WHERE to_address = $1 AND strpos(subject, $2) > 0`,
		address, subject).Scan(&bodies)
	return bodies
}

// secretIn returns the link secret in an e-mail body.
func secretIn(t *testing.T, body string) string {
	t.Helper()
	m := linkSecret.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no link in %q", body)
	}
	return m[1]
}

// A bulletin goes once, to confirmed subscribers only, each with an unsubscribe link of its own
// that works without signing in; the public form cannot flood an inbox.
func TestABulletinIsSentOnceToConfirmedSubscribersOnly(t *testing.T) {
	ctx := context.Background()
	db := testkit.NewDB(t)
	now := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	s := &bulletins.Service{Env: app.Env{DB: db, Now: func() time.Time { return now }, BaseURL: "https://portal.example"}}
	var pid int64
	testkit.MustQueryRow(t, db, `INSERT INTO partnership (slug, name, short_name) VALUES ('tscp', 'Test Safeguarding Children Partnership', 'TSCP') RETURNING id`).Scan(&pid)
	public := app.Actor{Partnership: pid, IP: "192.0.2.1"}

	if err := s.Subscribe(ctx, public, pid, "not an address"); app.FieldMessage(err, "email") == "" {
		t.Errorf("a bad address: got %v, want a problem on email", err)
	}
	for _, addr := range []string{"ann@example.org", " Bob@Example.org ", "cat@example.org"} {
		if err := s.Subscribe(ctx, public, pid, addr); err != nil {
			t.Fatal(err)
		}
	}
	for _, addr := range []string{"ann@example.org", "bob@example.org"} {
		secret := secretIn(t, mailTo(t, db, addr, "Confirm")[0])
		if err := s.CheckConfirmLink(ctx, pid, secret); err != nil {
			t.Fatalf("%s's link: %v", addr, err)
		}
		if err := s.Confirm(ctx, public, pid, secret); err != nil {
			t.Fatal(err)
		}
		if err := s.Confirm(ctx, public, pid, secret); app.KindOf(err) != app.NotFound {
			t.Errorf("a confirmation link used twice: got %v, want not found", err)
		}
	}
	// Asking again for a confirmed address sends nothing.
	if err := s.Subscribe(ctx, public, pid, "ann@example.org"); err != nil {
		t.Fatal(err)
	}
	if n := len(mailTo(t, db, "ann@example.org", "Confirm")); n != 1 {
		t.Errorf("a confirmed address was sent %d confirmation e-mails, want 1", n)
	}
	// The throttle: a fourth request for one address in a day sends nothing.
	for range 4 {
		if err := s.Subscribe(ctx, public, pid, "dee@example.org"); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(mailTo(t, db, "dee@example.org", "Confirm")); n != bulletins.MaxRequestsPerAddress {
		t.Errorf("four requests for one address sent %d e-mails, want %d", n, bulletins.MaxRequestsPerAddress)
	}

	bad := bulletins.Input{Title: "Two\nlines", Month: "2026-13", Intro: "x\x00"}
	_, err := s.Create(ctx, public, pid, bad)
	for _, field := range []string{"title", "month", "intro"} {
		if app.FieldMessage(err, field) == "" {
			t.Errorf("a bad bulletin: no problem on %s (%v)", field, err)
		}
	}
	id, err := s.Create(ctx, public, pid, bulletins.Input{Title: "November bulletin", Month: "2026-11", Intro: "## Welcome\n\nNews from the partnership."})
	if err != nil {
		t.Fatal(err)
	}
	// The training to come, from when it is sent until two months after its month: not a session
	// past, nor one in February.
	if _, err := db.Exec(ctx, `WITH c AS (INSERT INTO training_course (partnership_id, title) VALUES ($1, 'Safer sleep') RETURNING id)
		INSERT INTO training_session (partnership_id, course_id, kind, starts_at, ends_at, place, trainer, capacity)
		SELECT $1, c.id, k, t, t + interval '3 hours', p, 'Midwife', 20 FROM c, (VALUES
			('course', timestamptz '2026-11-20 09:30Z', 'Held already'), ('learning_event', '2026-12-10 09:30Z', 'Civic Centre'),
			('course', '2027-01-31 09:30Z', 'Town Hall'), ('course', '2027-02-01 09:30Z', 'Too far ahead')) AS v(k, t, p)`, pid); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Send(ctx, public, pid, id, 7); app.KindOf(err) != app.Conflict {
		t.Errorf("sending a stale version: got %v, want a conflict", err)
	}

	// Two clicks at once: one sends, the other finds it sent.
	var wg sync.WaitGroup
	results := make([]error, 2)
	counts := make([]int, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			counts[i], results[i] = s.Send(ctx, public, pid, id, 1)
		}()
	}
	wg.Wait()
	if (results[0] == nil) == (results[1] == nil) {
		t.Fatalf("two sends at once: got %v and %v, want one sent and one refused", results[0], results[1])
	}
	for i, err := range results {
		if err != nil && app.FieldMessage(err, "send") == "" {
			t.Errorf("the second send: got %v, want it refused as sent already", err)
		}
		if err == nil && counts[i] != 2 {
			t.Errorf("sent to %d subscribers, want 2", counts[i])
		}
	}
	for addr, want := range map[string]int{"ann@example.org": 1, "bob@example.org": 1, "cat@example.org": 0, "dee@example.org": 0} {
		if n := len(mailTo(t, db, addr, "November bulletin")); n != want {
			t.Errorf("%s got the bulletin %d times, want %d", addr, n, want)
		}
	}
	b, err := s.Sent(ctx, pid, id)
	if err != nil || b.Recipients != 2 || b.Draft() {
		t.Errorf("the archive's bulletin: %+v, %v", b, err)
	}
	if err := s.Save(ctx, public, pid, id, bulletins.Input{Title: "Changed", Month: "2026-11", Version: b.Version}); app.KindOf(err) != app.Conflict {
		t.Errorf("changing a sent bulletin: got %v, want a conflict", err)
	}

	// Ann's link unsubscribes Ann alone, without signing in, once.
	annMail := mailTo(t, db, "ann@example.org", "November bulletin")[0]
	if !strings.Contains(annMail, "News from the partnership.") {
		t.Errorf("the bulletin does not carry the business unit's words: %q", annMail)
	}
	for text, want := range map[string]bool{"Training dates": true, "Learning event: Safer sleep (10 December 2026)": true,
		"Thursday 10 December 2026, 9:30am to 12:30pm, Civic Centre": true, "Town Hall": true, "Held already": false, "Too far ahead": false} {
		if strings.Contains(annMail, text) != want {
			t.Errorf("the bulletin holds %q: %t, want %t", text, !want, want)
		}
	}
	if len(b.Items) != 2 || b.Items[0].Kind != "training" {
		t.Errorf("the archive's items: %+v, want the two sessions to come", b.Items)
	}
	secret := secretIn(t, annMail)
	if secret == secretIn(t, mailTo(t, db, "bob@example.org", "November bulletin")[0]) {
		t.Error("two subscribers share an unsubscribe link")
	}
	if err := s.CheckUnsubscribeLink(ctx, pid, secret); err != nil {
		t.Fatal(err)
	}
	if err := s.Unsubscribe(ctx, app.Actor{Partnership: pid, IP: "198.51.100.7"}, pid, secret); err != nil {
		t.Fatal(err)
	}
	if err := s.Unsubscribe(ctx, public, pid, secret); app.KindOf(err) != app.NotFound {
		t.Errorf("unsubscribing twice: got %v, want not found", err)
	}
	confirmed, waiting, err := s.Subscribers(ctx, pid)
	if err != nil || confirmed != 1 || waiting != 2 {
		t.Errorf("subscribers: %d confirmed, %d waiting (%v); want 1 and 2", confirmed, waiting, err)
	}
	var stored int
	testkit.MustQueryRow(t, db, `SELECT count(*) FROM bulletin_delivery WHERE position(convert_to($1, 'UTF8') IN token_hash) > 0`, secret).Scan(&stored)
	if stored != 0 {
		t.Error("the database holds a working unsubscribe link")
	}

	// Housekeeping keeps what the throttle and the links still need, and then forgets it: the
	// requests past their windows, and the addresses never confirmed once their link expired.
	for _, step := range []struct {
		at   time.Time
		want [3]int // confirmed, waiting, requests
	}{{now, [3]int{1, 2, 7}}, {now.Add(bulletins.ConfirmTTL + time.Minute), [3]int{1, 0, 0}}} {
		at, want := step.at, step.want
		if err := bulletins.Prune(ctx, db, at); err != nil {
			t.Fatal(err)
		}
		confirmed, waiting, err := s.Subscribers(ctx, pid)
		if requests := testkit.MustCount(t, db, `bulletin_subscribe_request`); err != nil || [3]int{confirmed, waiting, requests} != want {
			t.Errorf("pruned at %s: %d confirmed, %d waiting, %d requests (%v); want %v", at, confirmed, waiting, requests, err, want)
		}
	}
}
