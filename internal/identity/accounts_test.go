package identity_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/identity"
	"github.com/scp-portal/portal/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

func newService(t *testing.T) (*pgxpool.Pool, *identity.Service) {
	t.Helper()
	db := testkit.NewDB(t)
	testkit.SeedDemo(t, db)
	return db, &identity.Service{Env: app.Env{DB: db, BaseURL: "https://portal.example", Now: time.Now}}
}

// actor returns the demo account email, signed in, acting from 192.0.2.5.
func actor(t *testing.T, db *pgxpool.Pool, email string) app.Actor {
	t.Helper()
	return testkit.MustActor(t, db, email, time.Now(), "192.0.2.5")
}

var count = testkit.MustQueryInt

// session stores a session of userID whose cookie holds secret, and returns its public id.
func session(t *testing.T, db *pgxpool.Pool, userID int64, secret string) int64 {
	t.Helper()
	var id int64
	err := db.QueryRow(context.Background(), `INSERT INTO web_session (id_hash, user_id) VALUES (sha256(convert_to($1, 'UTF8')), $2)
		RETURNING public_id`, secret, userID).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// Ending a session and its audit record are one transaction: when the record cannot be
// written, the session goes on.
func TestEndingASessionIsRecordedInTheSameTransaction(t *testing.T) {
	db, svc := newService(t)
	ctx := context.Background()
	a := actor(t, db, "executive@stscp.example")
	laptop, phone := session(t, db, a.UserID, "laptop-secret"), session(t, db, a.UserID, "phone-secret")

	current, err := svc.EndSession(ctx, a, phone, "laptop-secret")
	if err != nil || current {
		t.Fatalf("ending the phone's session from the laptop: current %v, %v", current, err)
	}
	if n := count(t, db, `SELECT count(*) FROM web_session WHERE public_id = $1`, phone); n != 0 {
		t.Error("the phone's session goes on")
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log WHERE action = 'session.end' AND object_id = $1
		AND actor_id = $2 AND partnership_id = $3 AND ip = '192.0.2.5'`, fmt.Sprint(phone), a.UserID, a.PartnershipID); n != 1 {
		t.Errorf("session.end records: %d, want 1", n)
	}

	// Someone else's session is never ended; the attempt is recorded.
	intruder := actor(t, db, "practitioner@stscp.example")
	if _, err := svc.EndSession(ctx, intruder, laptop, "whatever"); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT count(*) FROM web_session WHERE public_id = $1`, laptop); n != 1 {
		t.Error("another person ended the laptop's session")
	}

	// The record cannot be written: nothing happens.
	if _, err := db.Exec(ctx, `CREATE FUNCTION refuse_session_end() RETURNS trigger LANGUAGE plpgsql AS
		$$ BEGIN RAISE EXCEPTION 'refused for the test'; END $$;
		CREATE TRIGGER refuse_session_end BEFORE INSERT ON audit_log FOR EACH ROW
		WHEN (NEW.action = 'session.end') EXECUTE FUNCTION refuse_session_end()`); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.EndSession(ctx, a, laptop, "laptop-secret"); err == nil {
		t.Fatal("ending a session whose record failed reported success")
	}
	if n := count(t, db, `SELECT count(*) FROM web_session WHERE public_id = $1`, laptop); n != 1 {
		t.Error("the session ended without its audit record")
	}
	if _, err := db.Exec(ctx, `DROP TRIGGER refuse_session_end ON audit_log`); err != nil {
		t.Fatal(err)
	}
	if current, err := svc.EndSession(ctx, a, laptop, "laptop-secret"); err != nil || !current {
		t.Errorf("ending this browser's own session: current %v, %v", current, err)
	}
}

// Signing out ends the session with its record; someone not signed in leaves no record.
func TestSigningOutEndsTheSessionWithItsRecord(t *testing.T) {
	db, svc := newService(t)
	ctx := context.Background()
	a := actor(t, db, "scrutineer@hsscp.example")
	session(t, db, a.UserID, "browser-secret")
	if err := svc.SignOut(ctx, a, "browser-secret"); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT count(*) FROM web_session WHERE user_id = $1`, a.UserID); n != 0 {
		t.Error("the session goes on after signing out")
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log WHERE action = 'sign-out' AND actor_id = $1 AND partnership_id = $2`, a.UserID, a.PartnershipID); n != 1 {
		t.Errorf("sign-out records: %d, want 1", n)
	}
	if err := svc.SignOut(ctx, app.Actor{IP: "192.0.2.6"}, "visitor-secret"); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log WHERE action = 'sign-out'`); n != 1 {
		t.Errorf("sign-out records after a visitor's: %d, want still 1", n)
	}
}

// The business unit moves an account between statuses only from the ones allowed, only in its
// own partnership; approval e-mails the person and disabling signs them out everywhere.
func TestStatusChanges(t *testing.T) {
	db, svc := newService(t)
	ctx := context.Background()
	bu := actor(t, db, "business-unit@hsscp.example")
	friend := actor(t, db, "critical-friend@hsscp.example")
	approve := identity.StatusChange{PartnershipID: bu.PartnershipID, PartnershipName: "Hartlepool and Stockton",
		UserID: friend.UserID, To: identity.Active, From: []identity.Status{identity.Pending}}
	_, err := svc.ChangeStatus(ctx, bu, approve)
	if app.KindOf(err) != app.Conflict || !strings.Contains(app.FieldMessage(err, "status"), "is active: nothing was changed") {
		t.Errorf("approving an active account: %v", err)
	}

	session(t, db, friend.UserID, "friend-secret")
	disable := approve
	disable.To, disable.From = identity.Disabled, []identity.Status{identity.Active, identity.Pending}
	if _, err := svc.ChangeStatus(ctx, bu, disable); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT count(*) FROM web_session WHERE user_id = $1`, friend.UserID); n != 0 {
		t.Error("a disabled person is still signed in")
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log WHERE action = 'user.disabled' AND object_id = $1 AND detail = 'active -> disabled'`, fmt.Sprint(friend.UserID)); n != 1 {
		t.Errorf("user.disabled records: %d", n)
	}

	other := actor(t, db, "business-unit@stscp.example")
	wrong := disable
	wrong.PartnershipID = other.PartnershipID
	if _, err := svc.ChangeStatus(ctx, other, wrong); app.KindOf(err) != app.NotFound {
		t.Errorf("another partnership's business unit: %v, want not found", err)
	}

	if _, err := db.Exec(ctx, `UPDATE app_user SET status = 'pending' WHERE id = $1`, friend.UserID); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ChangeStatus(ctx, bu, approve); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT count(*) FROM outbox WHERE to_address = 'critical-friend@hsscp.example'
		AND subject = 'Your registration has been approved' AND body LIKE '%https://portal.example/sign-in%'`); n != 1 {
		t.Errorf("approval e-mails: %d, want 1", n)
	}
}

// A refused sign-in names its problem on the e-mail address, and still says which refusal it is.
func TestSignInRefusals(t *testing.T) {
	db, svc := newService(t)
	ctx := context.Background()
	visitor := app.Actor{IP: "192.0.2.8"}
	_, err := svc.SignIn(ctx, visitor, identity.SignInInput{})
	if app.FieldMessage(err, "email") == "" || app.FieldMessage(err, "password") == "" {
		t.Errorf("nothing typed: %v", err)
	}
	_, wrong := svc.SignIn(ctx, visitor, identity.SignInInput{Email: "practitioner@hsscp.example", Password: "not the password"})
	_, unknown := svc.SignIn(ctx, visitor, identity.SignInInput{Email: "nobody@hsscp.example", Password: "not the password"})
	if !errors.Is(wrong, identity.ErrBadCredentials) || app.KindOf(wrong) != app.Invalid ||
		app.FieldMessage(wrong, "email") != app.FieldMessage(unknown, "email") {
		t.Errorf("a wrong password and an unknown address: %v / %v", wrong, unknown)
	}
	u, err := svc.SignIn(ctx, visitor, identity.SignInInput{Email: "practitioner@hsscp.example", Password: testkit.DemoPassword})
	if err != nil || u.Email != "practitioner@hsscp.example" {
		t.Errorf("the right password: %v", err)
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log WHERE action = 'sign-in' AND ip = '192.0.2.8'`); n != 3 {
		t.Errorf("sign-in records: %d, want 3", n)
	}
}
