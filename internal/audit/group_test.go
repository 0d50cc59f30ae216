package audit_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/testkit"
)

// Reads audited at the same moment are committed in groups: every request's entry is in the log
// when its call returns, the chain stays whole, fewer transactions than entries wrote them, and
// an entry the database refuses fails its own request and no other.
func TestAuditedReadsAreWrittenInGroupsAndChained(t *testing.T) {
	db := testkit.NewDB(t)
	g := audit.Grouped(db)
	ctx := context.Background()
	const n = 60
	// run appends n entries at once, the one numbered bad refused by the table's check (-1: none),
	// and returns each call's error.
	run := func(round string, bad int) []error {
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				id := fmt.Sprintf("%s-%d", round, i)
				e := audit.Entry{Action: audit.ReviewRead, Outcome: audit.OK, ActorEmail: "ann@one.example",
					ObjectType: "rapid_review", ObjectID: id, IP: "192.0.2.1"}
				if i == bad {
					e.Outcome = "bogus"
				}
				errs[i] = g.AppendRead(ctx, e)
				if errs[i] == nil { // committed before the call returned
					if got := testkit.MustQueryInt(t, db, `SELECT count(*) FROM audit_log WHERE object_id = $1`, id); got != 1 {
						t.Errorf("entry %s: %d in the log when its call returned", id, got)
					}
				}
			})
		}
		wg.Wait()
		return errs
	}
	for i, err := range run("a", -1) {
		if err != nil {
			t.Errorf("entry %d: %v", i, err)
		}
	}
	if tx := testkit.MustQueryInt(t, db, `SELECT count(DISTINCT xmin::text) FROM audit_log`); tx >= n {
		t.Errorf("%d transactions for %d entries: nothing was grouped", tx, n)
	} else {
		t.Logf("%d entries in %d transactions", n, tx)
	}
	for i, err := range run("b", n/2) {
		if (err != nil) != (i == n/2) {
			t.Errorf("entry %d of a group with a refused one: %v", i, err)
		}
	}
	if got := testkit.MustQueryInt(t, db, `SELECT count(*) FROM audit_log`); got != 2*n-1 {
		t.Errorf("%d entries in the log, want %d", got, 2*n-1)
	}
	if c := mustVerify(t, db); c.Break != nil || c.Entries != 2*n-1 {
		t.Errorf("the chain after grouped reads: %+v", c)
	}
}

// More reads at once than one group holds are written in several, each request's entry once.
func TestMoreReadsThanAGroupHolds(t *testing.T) {
	db := testkit.NewDB(t)
	g := audit.Grouped(db)
	const n = 600
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			if err := g.AppendRead(context.Background(), audit.Entry{Action: audit.Export, Outcome: audit.OK, ObjectID: fmt.Sprint(i)}); err != nil {
				t.Errorf("entry %d: %v", i, err)
			}
		})
	}
	wg.Wait()
	if got := testkit.MustQueryInt(t, db, `SELECT count(DISTINCT object_id) FROM audit_log`); got != n {
		t.Errorf("%d entries, want %d", got, n)
	}
	if c := mustVerify(t, db); c.Break != nil || c.Entries != n {
		t.Errorf("the chain: %+v", c)
	}
}
