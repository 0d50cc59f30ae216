package seed_test

import (
	"context"
	"testing"
	"time"

	"github.com/scp-portal/portal/internal/learning"
	"github.com/scp-portal/portal/internal/overview"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/internal/reviews"
	"github.com/scp-portal/portal/internal/seed"
	"github.com/scp-portal/portal/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

// TestDemoDataShowsALivingEngineRoom: every partnership gets themes in every status, commissions
// at every stage, overdue actions and requests awaiting triage; loading again changes nothing.
func TestDemoDataShowsALivingEngineRoom(t *testing.T) {
	ctx := context.Background()
	db := testkit.NewDB(t)
	now := time.Now()
	if n, err := seed.Demo(ctx, db, testkit.DemoPassword, now, true); err != nil || n != 3 {
		t.Fatalf("seed: %d partnerships, %v", n, err)
	}
	if n, err := seed.Demo(ctx, db, testkit.DemoPassword, now, true); err != nil || n != 0 {
		t.Fatalf("seeding again added %d partnerships (%v)", n, err)
	}
	for _, slug := range []string{"hsscp", "stscp", "pan-dorset"} {
		p, err := partnership.BySlug(ctx, db, slug)
		if err != nil {
			t.Fatal(err)
		}
		c, err := overview.EngineRoomCounts(ctx, db, p.ID, partnership.Today(now))
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range learning.ThemeStatuses {
			if c.ThemesByStatus[st.Value] == 0 {
				t.Errorf("%s: no theme %s", slug, st.Label)
			}
		}
		if c.AwaitingTriage == 0 || c.CommissionsInProgress == 0 || c.ActionsOverdue == 0 {
			t.Errorf("%s: %+v; want requests awaiting triage, commissions in progress and overdue actions", slug, c)
		}
		list, err := reviews.Register(ctx, db, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		cal, _ := reviews.Calendar(ctx, db)
		atRisk, withLocal := 0, 0
		for _, l := range list {
			if reviews.Assess(l.Review, l.Agencies, l.SignedOff(), cal, partnership.Today(now)).AtRisk {
				atRisk++
			}
			if l.CSPRID != nil {
				withLocal++
			}
		}
		// Child D's local CSPR awaits the Executive's approval of its reviewer (exechome.go).
		if len(list) != 3 || atRisk != 1 || withLocal != 2 {
			t.Errorf("%s: %d rapid reviews, %d at risk, %d with a local CSPR; want 3, 1, 2", slug, len(list), atRisk, withLocal)
		}
		var stages []string
		if err := db.QueryRow(ctx, `SELECT array_agg(DISTINCT status) FROM commission WHERE partnership_id = $1`, p.ID).Scan(&stages); err != nil {
			t.Fatal(err)
		}
		if len(stages) != 3 {
			t.Errorf("%s: commissions only at %v", slug, stages)
		}
	}
}
