package identity_test

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/scp-portal/portal/internal/access"
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

// Leaving a partnership (issue #14): a member leaves one of theirs, or its business unit ends a
// membership (one made by an invitation link included), ending the seats it gave, in one
// transaction with its record; never someone's last partnership (they would have no way in), nor
// the business unit's last seat.
func TestLeavingAPartnership(t *testing.T) {
	ctx := context.Background()
	d := testkit.NewDemo(t)
	svc := &identity.Service{Env: d.Env()}
	stscp := int64(testkit.MustQueryInt(t, d.DB, `SELECT id FROM partnership WHERE slug = 'stscp'`))
	lead := testkit.MustUserID(t, d.DB, seed.PoliceLead)
	seats := func(pid int64) int {
		t.Helper()
		return testkit.MustCount(t, d.DB, `membership WHERE user_id = $1 AND partnership_id = $2 AND (ends_on IS NULL OR ends_on > $3)`, lead, pid, d.Today())
	}
	records := func(action string, pid int64) int {
		t.Helper()
		return testkit.MustCount(t, d.DB, `audit_log WHERE action = $1 AND partnership_id = $2 AND object_id = $3`, action, pid, strconv.FormatInt(lead, 10))
	}
	exec := func(sql string, args ...any) {
		t.Helper()
		if _, err := d.DB.Exec(ctx, sql, args...); err != nil {
			t.Fatal(err)
		}
	}
	leaveSouthTees := identity.Leaving{PartnershipID: stscp, PartnershipName: "South Tees", UserID: lead}

	t.Run("the business unit's last member does not leave", func(t *testing.T) {
		exec(`INSERT INTO membership (partnership_id, user_id, body_id, role, starts_on)
			SELECT $1, $2, min(id), 'officer', $3 FROM body WHERE partnership_id = $1 AND kind = 'business_unit'`, stscp, lead, d.Today())
		exec(`UPDATE app_user SET status = 'disabled' WHERE email = 'business-unit@stscp.example'`)
		// The page that asks first says so before anyone presses the button, in the same words.
		m, err := svc.Ending(ctx, d.Actor(t, seed.PoliceLead), leaveSouthTees)
		testkit.WantProblem(t, "", err, app.Conflict, "membership", "You cannot leave South Tees: you are the only member of its business unit")
		if m.Name != "Pat Okoro" {
			t.Errorf("the person asked about: %+v", m)
		}
		_, err = svc.EndMembership(ctx, d.Actor(t, seed.PoliceLead), leaveSouthTees)
		testkit.WantProblem(t, "", err, app.Conflict, "membership", "You cannot leave South Tees: you are the only member of its business unit")
		if n := seats(stscp); n != 2 {
			t.Errorf("%d seats in South Tees after a refusal; want the 2 kept", n)
		}
		if n := records("partnership-member.leave", stscp); n != 0 {
			t.Errorf("%d records of a refused leaving", n)
		}
		exec(`UPDATE app_user SET status = 'active' WHERE email = 'business-unit@stscp.example'`)
	})
	t.Run("they leave a partnership they joined, and its seats end", func(t *testing.T) {
		if _, err := svc.Ending(ctx, d.Actor(t, seed.PoliceLead), leaveSouthTees); err != nil {
			t.Fatalf("the page that asks first refuses a leaving that may go ahead: %v", err)
		}
		m, err := svc.EndMembership(ctx, d.Actor(t, seed.PoliceLead), leaveSouthTees)
		if err != nil || m.Home || m.Name != "Pat Okoro" {
			t.Fatalf("leave: %+v, %v", m, err)
		}
		if n := seats(stscp); n != 0 {
			t.Errorf("%d seats left in South Tees", n)
		}
		if n := records("partnership-member.leave", stscp); n != 1 {
			t.Errorf("%d records of the leaving in South Tees' log; want 1", n)
		}
		subj, err := access.LoadSubject(ctx, d.DB, lead, d.Today())
		if err != nil || len(subj.Partnerships) != 1 || subj.Partnerships[0].PartnershipID != d.PID {
			t.Errorf("after leaving they belong to %+v (%v); want HSSCP alone", subj.Partnerships, err)
		}
		if n := seats(d.PID); n != 1 {
			t.Errorf("leaving South Tees ended their seat in HSSCP: %d left", n)
		}
	})
	t.Run("nor leave their last partnership", func(t *testing.T) {
		_, err := svc.EndMembership(ctx, d.Actor(t, seed.PoliceLead), identity.Leaving{PartnershipID: d.PID, PartnershipName: "HSSCP", UserID: lead})
		testkit.WantProblem(t, "", err, app.Conflict, "membership", "it is the only partnership you belong to")
		if n := seats(d.PID); n != 1 {
			t.Errorf("a refused leaving ended %d seats", 1-n)
		}
	})
	t.Run("the business unit ends a membership: an account of its own moves to their other partnership", func(t *testing.T) {
		exec(`INSERT INTO partnership_member (user_id, partnership_id, organisation_id, status, agreed_at)
			SELECT $1, $2, id, 'active', now() FROM organisation WHERE partnership_id = $2 AND name = 'Cleveland Police'`, lead, stscp)
		if _, err := svc.EndMembership(ctx, d.Actor(t, "business-unit@hsscp.example"), identity.Leaving{PartnershipID: d.PID, PartnershipName: "HSSCP", UserID: lead}); err != nil {
			t.Fatal(err)
		}
		if home := testkit.MustQueryString(t, d.DB, `SELECT p.slug || ' ' || o.name FROM app_user u JOIN partnership p ON p.id = u.partnership_id
			JOIN organisation o ON o.id = u.organisation_id WHERE u.id = $1`, lead); home != "stscp Cleveland Police" {
			t.Errorf("their account is now %q; want South Tees' with its Cleveland Police", home)
		}
		if n := testkit.MustCount(t, d.DB, `partnership_member WHERE user_id = $1`, lead); n != 0 {
			t.Errorf("%d memberships through an account elsewhere left", n)
		}
		if n := seats(d.PID); n != 0 {
			t.Errorf("%d seats left in HSSCP", n)
		}
		if n := records("partnership-member.end", d.PID); n != 1 {
			t.Errorf("%d records of the end in HSSCP's log; want 1", n)
		}
		if n := testkit.MustCount(t, d.DB, `outbox WHERE to_address = $1 AND subject = 'Your membership of HSSCP has ended'`, seed.PoliceLead); n != 1 {
			t.Errorf("%d e-mails telling them", n)
		}
		_, err := svc.EndMembership(ctx, d.Actor(t, "business-unit@hsscp.example"), identity.Leaving{PartnershipID: d.PID, PartnershipName: "HSSCP", UserID: lead})
		if !errors.Is(err, identity.ErrNotFound) {
			t.Errorf("ending it again: %v; want not found", err)
		}
	})
	t.Run("and withdraws an invitation to join still waiting", func(t *testing.T) {
		bu := d.Actor(t, "business-unit@stscp.example")
		if _, err := svc.Invite(ctx, bu, identity.Invitation{PartnershipID: stscp, PartnershipName: "South Tees", Name: "Someone", Email: "executive@hsscp.example"}); err != nil {
			t.Fatal(err)
		}
		exec := testkit.MustUserID(t, d.DB, "executive@hsscp.example")
		m, err := svc.EndMembership(ctx, bu, identity.Leaving{PartnershipID: stscp, PartnershipName: "South Tees", UserID: exec})
		if err != nil || !m.Invited {
			t.Fatalf("withdraw: %+v, %v", m, err)
		}
		if n := testkit.MustCount(t, d.DB, `partnership_member WHERE user_id = $1`, exec); n != 0 {
			t.Errorf("the invitation is still there")
		}
	})
}
