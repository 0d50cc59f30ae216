package seed_test

import (
	"context"
	"testing"
	"time"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/meetings"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/internal/seed"
	"github.com/scp-portal/portal/internal/testkit"
)

// TestDemoDataShowsTheExecutivesYear: every partnership's Executive met four times in the past
// year, once not quorate, with decisions whose actions are done, one overdue and one open; both
// open actions are on the agenda of its next meeting.
func TestDemoDataShowsTheExecutivesYear(t *testing.T) {
	ctx := context.Background()
	db := testkit.NewDB(t)
	now := time.Now()
	if _, err := seed.Demo(ctx, db, testkit.DemoPassword, now, true); err != nil {
		t.Fatal(err)
	}
	today := partnership.Today(now)
	svc := &meetings.Service{Env: app.Env{DB: db}, Sources: meetings.Own()}
	for _, slug := range []string{"hsscp", "stscp", "pan-dorset"} {
		p, err := partnership.BySlug(ctx, db, slug)
		if err != nil {
			t.Fatal(err)
		}
		exec, err := svc.BodyOfKind(ctx, p.ID, "executive")
		if err != nil {
			t.Fatal(err)
		}
		list, err := svc.Meetings(ctx, exec)
		if err != nil {
			t.Fatal(err)
		}
		past, notQuorate := 0, 0
		for _, m := range list {
			if m.HeldOn.Before(today) && !m.HeldOn.Before(today.AddDate(-1, 0, 0)) {
				past++
				if !m.Quorate() {
					notQuorate++
				}
			}
		}
		if past != 4 || notQuorate != 1 {
			t.Errorf("%s: %d meetings in the past year, %d not quorate", slug, past, notQuorate)
		}
		// One overdue is the Executive member's own, for their home view (exechome.go).
		for status, want := range map[string]int{"overdue": 2, "open": 1, "done": 4} {
			if _, n, err := svc.Log(ctx, exec, meetings.LogFilter{Status: status}); err != nil || n != want {
				t.Errorf("%s: %d %s actions, want %d (%v)", slug, n, status, want, err)
			}
		}
		next, err := svc.Meeting(ctx, exec, list[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		carried := 0
		for _, sec := range next.Sections {
			if sec.Kind == meetings.OpenActionKind {
				carried = len(sec.Items)
			}
		}
		if !next.HeldOn.After(today) || carried != 2 {
			t.Errorf("%s: the next meeting (%s) carries %d open actions", slug, next.HeldOn.Format(time.DateOnly), carried)
		}
	}
}
