package reviews_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/reviews"
)

// The Engine Room tags a local CSPR with its partnership's priorities, not another's nor words of
// its own; a stale page is refused; the tags outlive the partnership renaming a priority, which
// stays offered for that review until taken off; each change is audited and a refusal saves nothing.
func TestALocalReviewBearsOnItsPartnershipsPriorities(t *testing.T) {
	ctx := context.Background()
	f := setupWithHistory(t)
	svc, er := f.service(time.Now()), f.actor(t, "engine-room@hsscp.example")
	var id int64
	if err := f.db.QueryRow(ctx, `SELECT min(id) FROM local_cspr WHERE partnership_id = $1`, f.pid).Scan(&id); err != nil {
		t.Fatal(err)
	}
	load := func() reviews.LocalReview {
		t.Helper()
		lr, err := svc.LocalReview(ctx, er, f.pid, id)
		if err != nil {
			t.Fatal(err)
		}
		return lr
	}
	lr := load()
	if len(lr.Priorities) != 0 || len(lr.PriorityChoices) == 0 {
		t.Fatalf("a new review: tagged %q, offered %q", lr.Priorities, lr.PriorityChoices)
	}
	mine, version := lr.PriorityChoices[0], lr.CSPR.Version
	for _, titles := range [][]string{{"Neglect"}, {mine, "A priority of my own"}, {""}} { // Neglect is South Tees'
		if err := svc.SetPriorities(ctx, er, f.pid, id, reviews.PrioritiesInput{Version: version, Titles: titles}); app.FieldMessage(err, "priorities") == "" {
			t.Errorf("%q: %v", titles, err)
		}
	}
	if lr := load(); len(lr.Priorities) != 0 || lr.CSPR.Version != version {
		t.Fatalf("a refused tagging saved %q", lr.Priorities)
	}
	if err := svc.SetPriorities(ctx, er, f.pid, id, reviews.PrioritiesInput{Version: version, Titles: []string{mine}}); err != nil {
		t.Fatal(err)
	}
	if err := svc.SetPriorities(ctx, er, f.pid, id, reviews.PrioritiesInput{Version: version, Titles: nil}); app.KindOf(err) != app.Conflict {
		t.Errorf("a stale page: %v", err)
	}
	// The partnership renames the priority: the review keeps its words, still offered to it.
	if _, err := f.db.Exec(ctx, `UPDATE partnership_priority SET title = 'Renamed' WHERE partnership_id = $1 AND title = $2`, f.pid, mine); err != nil {
		t.Fatal(err)
	}
	lr = load()
	if !slices.Equal(lr.Priorities, []string{mine}) || !slices.Contains(lr.PriorityChoices, mine) || !slices.Contains(lr.PriorityChoices, "Renamed") {
		t.Fatalf("after the rename: tagged %q, offered %q", lr.Priorities, lr.PriorityChoices)
	}
	if err := svc.SetPriorities(ctx, er, f.pid, id, reviews.PrioritiesInput{Version: lr.CSPR.Version, Titles: []string{mine, "Renamed"}}); err != nil {
		t.Fatal(err)
	}
	if lr := load(); !slices.Equal(lr.Priorities, []string{mine, "Renamed"}) {
		t.Errorf("tagged %q", lr.Priorities)
	}
	if n := f.audited(t, audit.LocalReviewPriorities, "local_cspr", id); n != 2 {
		t.Errorf("%d audit records of the tagging", n)
	}
	// Another partnership's review is not found.
	if err := svc.SetPriorities(ctx, er, f.pid+1000, id, reviews.PrioritiesInput{Version: lr.CSPR.Version}); app.KindOf(err) != app.NotFound {
		t.Errorf("another partnership's review: %v", err)
	}
}
