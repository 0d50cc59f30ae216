package server_test

import (
	"net/http"
	"sync"
	"testing"

	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/testkit"
)

// TestEveryViewOfTheReviewsRegisterIsAudited: views at the same moment, written to the log in
// groups, are each there, and the chain is whole.
func TestEveryViewOfTheReviewsRegisterIsAudited(t *testing.T) {
	db, base := testkit.StartDemo(t, testkit.ServerOptions{})
	er := testkit.MustSignInAs(t, base, "engine-room@hsscp.example")
	count := func() int {
		return testkit.MustQueryInt(t, db, `SELECT count(*) FROM audit_log WHERE action = $1`, string(audit.ReviewRegister))
	}
	before := count()
	const views = 16
	var wg sync.WaitGroup
	for range views {
		wg.Go(func() {
			if r := er.Get("/hsscp/reviews"); r.Status != http.StatusOK {
				t.Errorf("the register: %d", r.Status)
			}
		})
	}
	wg.Wait()
	if got := count() - before; got != views {
		t.Errorf("%d views recorded, want %d", got, views)
	}
	if c, err := audit.Verify(t.Context(), db); err != nil || c.Break != nil {
		t.Errorf("the chain after the views: %+v %v", c, err)
	}
}
