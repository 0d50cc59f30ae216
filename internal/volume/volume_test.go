package volume_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/learning"
	"github.com/scp-portal/portal/internal/overview"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/internal/testkit"
	"github.com/scp-portal/portal/internal/volume"
)

func TestMain(m *testing.M) { testkit.Main(m) }

// TestVolumeLoadsOnTopOfTheDemo: a small load adds the partnerships and the share of each record
// the size asks for, every status, an audit chain that still verifies, and leaves the demo
// working; it loads once.
func TestVolumeLoadsOnTopOfTheDemo(t *testing.T) {
	ctx := context.Background()
	now := time.Now()
	db := testkit.NewDemoDB(t, now, true)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	size := volume.Size{Partnerships: 4, Scale: 0.01}
	c, err := volume.Generate(ctx, db, size, now, log)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", c)
	near := func(what string, got, want int64) {
		t.Helper()
		if got < want || got > want+want/5+8 {
			t.Errorf("%s: %d, want about %d", what, got, want)
		}
	}
	near("partnerships", c.Partnerships, 4)
	near("people", c.People, 7*48)
	near("requests", c.Requests, 3000)
	near("triage decisions", c.Triage, 2250)
	near("themes", c.Themes, 180)
	near("recommendations", c.Recommendations, 220)
	near("rapid reviews", c.Reviews, 60)
	near("audit entries", c.Audit, 45000)
	if c.LocalReviews == 0 || c.Commissions == 0 || c.Actions == 0 {
		t.Errorf("no local reviews, commissions or actions: %+v", c)
	}
	for _, st := range []string{"draft", "received", "considering", "closed", "withdrawn"} {
		if testkit.MustCount(t, db, `intake_request WHERE form_key LIKE 'vol-%' AND status = $1`, st) == 0 {
			t.Errorf("no request %s", st)
		}
	}
	for _, st := range learning.ThemeStatuses {
		if testkit.MustCount(t, db, `theme WHERE title LIKE '%·%' AND status = $1`, st.Value) == 0 {
			t.Errorf("no theme %s", st.Value)
		}
	}
	chain, err := audit.Verify(ctx, db)
	if err != nil || chain.Break != nil {
		t.Fatalf("audit chain after the load: %v %v", err, chain.Break)
	}
	// The portal's own trigger chains the next entry after the loaded ones.
	if err := audit.Record(ctx, db, audit.Entry{Action: "sign-in", Outcome: audit.OK, ObjectType: "user"}); err != nil {
		t.Fatal(err)
	}
	if chain, err = audit.Verify(ctx, db); err != nil || chain.Break != nil || chain.Entries < c.Audit+1 {
		t.Fatalf("audit chain after one more entry: %+v %v", chain, err)
	}

	// The demo's partnership is one of the heavy ones, and its Engine Room's figures still load.
	p, err := partnership.BySlug(ctx, db, "hsscp")
	if err != nil {
		t.Fatal(err)
	}
	counts, err := overview.EngineRoomCounts(ctx, db, p.ID, partnership.Today(now))
	if err != nil {
		t.Fatal(err)
	}
	if counts.ThemesByStatus["closed"] < 10 {
		t.Errorf("hsscp's closed themes at volume: %d", counts.ThemesByStatus["closed"])
	}

	if _, err := volume.Generate(ctx, db, size, now, log); err != volume.ErrLoaded {
		t.Errorf("a second load: %v, want ErrLoaded", err)
	}
}
