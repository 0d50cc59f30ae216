package sharing_test

import (
	"context"
	"errors"
	"testing"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/sharing"
	"github.com/scp-portal/portal/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

func TestOnlyWhatIsSharedCrossesAndOnlyWhileBothAgree(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testkit.NewDB(t)
	a := testkit.MustCreatePartnership(t, db, "north", "North SCP", "North")
	b := testkit.MustCreatePartnership(t, db, "south", "South SCP", "South")
	c := testkit.MustCreatePartnership(t, db, "west", "West SCP", "West")
	theme := func(p int64, title string) int64 {
		var id int64
		testkit.MustQueryRow(t, db, `INSERT INTO theme (partnership_id, title, description) VALUES ($1, $2, 'What we saw') RETURNING id`, p, title).Scan(&id)
		return id
	}
	shared, unshared, southOwn := theme(a, "Shared theme"), theme(a, "Unshared theme"), theme(b, "South's own")
	var summary int64
	testkit.MustQueryRow(t, db, `INSERT INTO commission (partnership_id, theme_id, title, key_lines, starts_on, due_on, status, findings, signed_off_at)
		VALUES ($1, $2, 'Learning from neglect', 'Lines', current_date, current_date, 'signed_off', 'What we learnt', now()) RETURNING id`, a, shared).Scan(&summary)
	var course int64
	testkit.MustQueryRow(t, db, `INSERT INTO training_course (partnership_id, title, audience, description)
		VALUES ($1, 'Joint neglect training', 'Health visitors', 'A day on neglect') RETURNING id`, a).Scan(&course)
	s := &sharing.Service{Env: app.Env{DB: db}}
	actor := func(p int64) app.Actor {
		return app.Actor{Subject: access.Subject{UserID: 0}, Partnership: p}
	}
	themes, _ := sharing.KindBySlug("themes")
	summaries, _ := sharing.KindBySlug("learning-summaries")
	courses, _ := sharing.KindBySlug("courses")

	for _, k := range []struct {
		kind sharing.Kind
		id   int64
	}{{themes, shared}, {summaries, summary}, {courses, course}} {
		if err := s.Share(ctx, actor(a), k.kind, k.id, true); err != nil {
			t.Fatalf("share %s: %v", k.kind.Name, err)
		}
	}
	if err := s.Share(ctx, actor(b), themes, shared, true); !errors.Is(err, sharing.ErrNotFound) {
		t.Errorf("South shared North's theme: %v", err)
	}
	seen := func(p int64) []string {
		t.Helper()
		page, err := s.SharedWith(ctx, p, app.Page{Number: 1, Size: 20})
		if err != nil {
			t.Fatal(err)
		}
		var titles []string
		for _, r := range page.Rows {
			titles = append(titles, r.Title)
		}
		return titles
	}
	if got := seen(b); len(got) != 0 {
		t.Errorf("before any agreement South sees %q", got)
	}
	if err := s.Agree(ctx, actor(a), b, true); err != nil {
		t.Fatal(err)
	}
	if got := seen(b); len(got) != 0 {
		t.Errorf("before South agrees it sees %q", got)
	}
	if err := s.Agree(ctx, actor(b), a, true); err != nil {
		t.Fatal(err)
	}
	if got := seen(b); len(got) != 3 {
		t.Errorf("South sees %q, want North's shared theme, learning summary and training course", got)
	}
	if r, err := s.SharedRecord(ctx, b, courses, course); err != nil || r.Title != "Joint neglect training" || r.Body != "For: Health visitors\n\nA day on neglect" {
		t.Errorf("the shared course as South reads it: %+v, %v", r, err)
	}
	if got := seen(c); len(got) != 0 {
		t.Errorf("West, in no agreement, sees %q", got)
	}
	if got := seen(a); len(got) != 0 {
		t.Errorf("North sees %q: South shares nothing, and its own are on its own pages", got)
	}
	if r, err := s.SharedRecord(ctx, b, summaries, summary); err != nil || r.Body != "What we learnt" || r.From != "North" {
		t.Errorf("South reads North's learning summary: %+v, %v", r, err)
	}
	for name, read := range map[string]func() error{
		"an unshared theme":               func() error { _, err := s.SharedRecord(ctx, b, themes, unshared); return err },
		"a shared theme, by West":         func() error { _, err := s.SharedRecord(ctx, c, themes, shared); return err },
		"South's own theme on its shared": func() error { _, err := s.SharedRecord(ctx, b, themes, southOwn); return err },
	} {
		if err := read(); !errors.Is(err, sharing.ErrNotFound) {
			t.Errorf("%s: %v, want not found", name, err)
		}
	}
	// A learning summary reopened is no longer read; the pages of what is shared stay whole.
	testkit.MustQueryRow(t, db, `UPDATE commission SET status = 'findings_written' WHERE id = $1 RETURNING id`, summary).Scan(new(int64))
	for n, want := range []string{"Joint neglect training", "Shared theme"} {
		page, err := s.SharedWith(ctx, b, app.Page{Number: n + 1, Size: 1})
		if err != nil || len(page.Rows) != 1 || page.Rows[0].Title != want || page.More != (n == 0) {
			t.Errorf("page %d of one: %+v, %v; want %q, more %v", n+1, page, err, want, n == 0)
		}
	}
	testkit.MustQueryRow(t, db, `UPDATE commission SET status = 'signed_off' WHERE id = $1 RETURNING id`, summary).Scan(new(int64))
	// A learning summary not signed off cannot be shared.
	var draft int64
	testkit.MustQueryRow(t, db, `INSERT INTO commission (partnership_id, theme_id, title, key_lines, starts_on, due_on)
		VALUES ($1, $2, 'Still being written', 'Lines', current_date, current_date) RETURNING id`, a, shared).Scan(&draft)
	if err := s.Share(ctx, actor(a), summaries, draft, true); !errors.Is(err, sharing.ErrNotFound) {
		t.Errorf("shared a learning summary before sign-off: %v", err)
	}
	// Withdrawing stops it at once; stopping sharing a record too.
	if err := s.Share(ctx, actor(a), themes, shared, false); err != nil {
		t.Fatal(err)
	}
	if got := seen(b); len(got) != 2 {
		t.Errorf("after North stops sharing its theme South sees %q, want the learning summary and the course", got)
	}
	if err := s.Agree(ctx, actor(b), a, false); err != nil {
		t.Fatal(err)
	}
	if got := seen(b); len(got) != 0 {
		t.Errorf("after South withdraws it sees %q", got)
	}
	if n := testkit.MustCount(t, db, `audit_log WHERE action IN ('record.share', 'record.unshare', 'sharing.agree', 'sharing.withdraw') AND partnership_id IS NOT NULL`); n != 7 {
		t.Errorf("%d audit records naming their partnership, want 7", n)
	}
}
