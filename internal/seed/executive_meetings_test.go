package seed_test

import (
	"context"
	"testing"
	"time"

	"github.com/scp-portal/portal/internal/agendas"
	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/challenges"
	"github.com/scp-portal/portal/internal/meetings"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/internal/reports"
	"github.com/scp-portal/portal/internal/scrutiny"
	"github.com/scp-portal/portal/internal/testkit"
)

// TestDemoDataShowsTheExecutivesYear: every partnership's Executive met four times in the past
// year, once not quorate, with decisions whose actions are done, one overdue and one open; both
// open actions are on the agenda of its next meeting.
func TestDemoDataShowsTheExecutivesYear(t *testing.T) {
	ctx := context.Background()
	now := time.Now()
	db := testkit.NewDemoDB(t, now, true)
	today := partnership.Today(now)
	svc := &meetings.Service{Env: app.Env{DB: db}, Sources: agendas.Sources}
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
		past, notQuorate, reported := 0, 0, 0
		for _, m := range list {
			if m.HeldOn.Before(today) && !m.HeldOn.Before(today.AddDate(-1, 0, 0)) {
				past++
				if !m.Quorate() {
					notQuorate++
				}
				d, err := svc.Meeting(ctx, exec, m.ID)
				if err != nil {
					t.Fatal(err)
				}
				// Each quarter's meeting had the exception report the Engine Room submitted a week before.
				want := "Exception report: " + reports.QuarterOf(m.HeldOn).Prev().Period().Label
				if got := itemsOf(d, reports.AgendaKind.Value); len(got) == 1 && got[0] == want {
					reported++
				} else if m.HeldOn.Before(today.AddDate(0, 0, -14)) {
					t.Errorf("%s: %s holds the reports %q, want %q", slug, m.Title, got, want)
				}
			}
		}
		if reported < 3 {
			t.Errorf("%s: %d of the past year's meetings had their exception report", slug, reported)
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
		// What awaits the Executive is on its agendas: the challenges still open on the next one, each
		// escalated challenge (challenges.go) and issued scrutiny report (South Tees') on one.
		if open := itemsOf(next, challenges.AgendaKinds[0].Value); len(open) != 2 {
			t.Errorf("%s: the next agenda's open challenges: %q", slug, open)
		}
		escalated, scrutinised := 0, 0
		for _, m := range list {
			d, err := svc.Meeting(ctx, exec, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			escalated += len(itemsOf(d, challenges.AgendaKinds[1].Value))
			scrutinised += len(itemsOf(d, scrutiny.AgendaKind.Value))
		}
		if escalated != 1 || (slug == "stscp") != (scrutinised == 1) {
			t.Errorf("%s: the escalated challenge is on %d agendas, scrutiny reports on %d", slug, escalated, scrutinised)
		}
	}
}

// itemsOf returns the titles of the meeting's agenda items of a kind.
func itemsOf(d meetings.Detail, kind string) []string {
	var titles []string
	for _, sec := range d.Sections {
		if sec.Kind.Value == kind {
			for _, it := range sec.Items {
				titles = append(titles, it.Title)
			}
		}
	}
	return titles
}
