package identity_test

import (
	"context"
	"testing"
	"time"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/identity"
	"github.com/scp-portal/portal/internal/seed"
	"github.com/scp-portal/portal/internal/testkit"
)

// An invitation to join another partnership nobody agreed to is forgotten by housekeeping a day
// after its link lapses; one still waiting, and a membership agreed, stay.
func TestHousekeepingForgetsLapsedInvitationsToJoin(t *testing.T) {
	ctx := context.Background()
	db := testkit.NewDB(t)
	testkit.SeedDemo(t, db)
	clock := testkit.NewClock(time.Now())
	svc := &identity.Service{Env: app.Env{DB: db, BaseURL: "https://portal.example", Now: clock.Now}}
	bu := testkit.MustActor(t, db, "business-unit@stscp.example", clock.Now(), "192.0.2.5")
	invite := func(email string) {
		t.Helper()
		if _, err := svc.Invite(ctx, bu, identity.Invitation{PartnershipID: bu.Partnership, PartnershipName: "South Tees", Name: "Someone", Email: email}); err != nil {
			t.Fatal(err)
		}
	}
	invite("executive@hsscp.example")
	clock.Advance(identity.InviteTTL)
	invite("engine-room@hsscp.example")
	clock.Advance(24*time.Hour + time.Minute)
	if err := svc.PruneFailures(ctx); err != nil {
		t.Fatal(err)
	}
	waiting := `SELECT string_agg(u.email, ' ' ORDER BY u.email) FROM partnership_member m JOIN app_user u ON u.id = m.user_id WHERE m.status = $1`
	if got := testkit.MustQueryString(t, db, waiting, "invited"); got != "engine-room@hsscp.example" {
		t.Errorf("invitations kept: %q, want only the one still live", got)
	}
	if got := testkit.MustQueryString(t, db, waiting, "active"); got != seed.PoliceLead {
		t.Errorf("memberships kept: %q, want the police lead's", got)
	}
}
