package identity_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/identity"
	"github.com/scp-portal/portal/internal/testkit"
)

// TestAnAdministratorInvitedFromTheCommandLineGetsIn: the way into an installation without the
// demo. The invitation makes an administrator of no partnership, whose link (printed and e-mailed)
// lets them choose a password and sign in.
func TestAnAdministratorInvitedFromTheCommandLineGetsIn(t *testing.T) {
	db := testkit.NewDB(t)
	svc := &identity.Service{Env: app.Env{DB: db, BaseURL: "https://portal.example", Now: time.Now}}
	ctx := context.Background()
	link, err := svc.InviteAdministrator(ctx, app.Actor{}, "Ada Ops", " Ada@Ops.example ")
	if err != nil {
		t.Fatal(err)
	}
	body := testkit.MustQueryString(t, db, `SELECT body FROM outbox WHERE to_address = 'ada@ops.example'`)
	if !strings.Contains(body, link) {
		t.Errorf("the e-mail does not carry the printed link %q:\n%s", link, body)
	}
	secret := link[strings.LastIndexByte(link, '/')+1:]
	pw := identity.NewPassword{Password: testkit.DemoPassword, Confirm: testkit.DemoPassword}
	if _, err := svc.AcceptInvitation(ctx, app.Actor{}, secret, pw); err != nil {
		t.Fatalf("accept: %v", err)
	}
	u, err := svc.SignIn(ctx, app.Actor{}, identity.SignInInput{Email: "ada@ops.example", Password: testkit.DemoPassword})
	if err != nil || !u.IsSystemAdmin || u.PartnershipID != nil {
		t.Errorf("sign in: %v, admin %v, partnership %v", err, u.IsSystemAdmin, u.PartnershipID)
	}
	if _, err := svc.InviteAdministrator(ctx, app.Actor{}, "Ada Again", "ada@ops.example"); app.KindOf(err) != app.Invalid {
		t.Errorf("a second invitation of the same address: %v", err)
	}
}
