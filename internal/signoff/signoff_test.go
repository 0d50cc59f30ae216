package signoff_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/signoff"
	"github.com/scp-portal/portal/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

var day = time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)

type fixture struct {
	db    *pgxpool.Pool
	svc   *signoff.Service
	pid   int64
	orgs  []int64 // HSSCP's four statutory partners
	leads []int64 // their lead representatives, in the same order
	bu    int64   // the business unit officer, who proposes
	other int64   // the Engine Room member, who represents nobody
}

// setup seeds the demo partnerships and names a lead representative for each of HSSCP's four
// statutory partners (two councils, the health board, the police).
func setup(t *testing.T) fixture {
	t.Helper()
	ctx := context.Background()
	db := testkit.NewDemoDB(t, day, false)
	f := fixture{db: db, svc: &signoff.Service{Env: app.Env{DB: db}}}
	f.pid = int64Of(t, db, `SELECT id FROM partnership WHERE slug = 'hsscp'`)
	f.bu = testkit.MustUserID(t, db, "business-unit@hsscp.example")
	f.other = testkit.MustUserID(t, db, "engine-room@hsscp.example")
	orgs, err := database.Values[int64](ctx, db, "orgs", `SELECT id FROM organisation WHERE partnership_id = $1 AND statutory_role <> '' ORDER BY id`, f.pid)
	if err != nil || len(orgs) != 4 {
		t.Fatalf("statutory partners %v (%v)", orgs, err)
	}
	f.orgs = orgs
	bu := testkit.MustActor(t, db, "business-unit@hsscp.example", day, "192.0.2.1")
	for _, org := range orgs {
		lead := int64Of(t, db, `SELECT u.id FROM membership m JOIN body b ON b.id = m.body_id JOIN app_user u ON u.id = m.user_id
			WHERE b.kind = 'executive' AND m.organisation_id = $1 ORDER BY u.id LIMIT 1`, org)
		if err := f.svc.SetLeadRepresentative(ctx, bu, org, lead); err != nil {
			t.Fatal(err)
		}
		f.leads = append(f.leads, lead)
	}
	return f
}

var subject = signoff.Subject{Kind: "test_record", ID: 42}

func (f fixture) in(t *testing.T, fn func(tx pgx.Tx) error) error {
	t.Helper()
	return database.InTx(context.Background(), f.db, fn)
}

func (f fixture) sign(t *testing.T, who, org int64) (bool, error) {
	var done bool
	err := f.in(t, func(tx pgx.Tx) (err error) {
		done, err = signoff.Sign(context.Background(), tx, f.pid, subject, who, org, day)
		return err
	})
	return done, err
}

func (f fixture) submit(t *testing.T, by int64) {
	t.Helper()
	if err := f.in(t, func(tx pgx.Tx) error {
		_, err := signoff.Submit(context.Background(), tx, f.pid, subject, "Test record", by, nil)
		return err
	}); err != nil {
		t.Fatal(err)
	}
}

func (f fixture) locked(t *testing.T) bool {
	t.Helper()
	l, err := signoff.Locked(context.Background(), f.db, subject)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// Each statutory partner organisation signs once, by its lead representative or a delegate; the
// subject is signed off when all four have, and is locked from submission on.
func TestEveryPartnerSignsOnce(t *testing.T) {
	ctx := context.Background()
	f := setup(t)
	if f.locked(t) {
		t.Fatal("locked before submission")
	}
	f.submit(t, f.bu)
	if !f.locked(t) {
		t.Error("not locked once submitted")
	}
	if err := f.in(t, func(tx pgx.Tx) error {
		_, err := signoff.Submit(ctx, tx, f.pid, subject, "Again", f.bu, nil)
		return err
	}); !errors.Is(err, signoff.ErrLive) {
		t.Errorf("a second submission: %v", err)
	}
	// Someone who represents no partner cannot sign.
	if _, err := f.sign(t, f.other, f.orgs[0]); !errors.Is(err, signoff.ErrNotSigner) {
		t.Errorf("a non-representative signing: %v", err)
	}
	// A lead representative signs for their own organisation only.
	if _, err := f.sign(t, f.leads[0], f.orgs[1]); !errors.Is(err, signoff.ErrNotSigner) {
		t.Errorf("a lead signing for another partner: %v", err)
	}
	waiting, err := signoff.AwaitingFrom(ctx, f.db, f.pid, f.leads[0], day)
	if err != nil || len(waiting) != 1 || waiting[0].SubjectID != 42 || waiting[0].OrganisationID != f.orgs[0] {
		t.Fatalf("what awaits the first lead: %+v (%v)", waiting, err)
	}
	if done, err := f.sign(t, f.leads[0], f.orgs[0]); err != nil || done {
		t.Fatalf("first sign-off: %v %v", done, err)
	}
	if _, err := f.sign(t, f.leads[0], f.orgs[0]); !errors.Is(err, signoff.ErrAlreadySaved) {
		t.Errorf("signing twice: %v", err)
	}
	if waiting, _ := signoff.AwaitingFrom(ctx, f.db, f.pid, f.leads[0], day); len(waiting) != 0 {
		t.Errorf("still awaiting the lead who signed: %+v", waiting)
	}

	// The second partner's lead names a delegate, who signs in their stead.
	lead2 := testkit.MustActor(t, f.db, testkit.MustQueryString(t, f.db, `SELECT email FROM app_user WHERE id = $1`, f.leads[1]), day, "192.0.2.2")
	lead2.Partnership = f.pid
	if err := f.svc.NameDelegate(ctx, lead2, signoff.DelegateInput{OrganisationID: f.orgs[1], Person: f.other, From: day}); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.NameDelegate(ctx, lead2, signoff.DelegateInput{OrganisationID: f.orgs[0], Person: f.other, From: day}); !errors.Is(err, signoff.ErrNotSigner) {
		t.Errorf("a lead naming a delegate for another partner: %v", err)
	}
	if done, err := f.sign(t, f.other, f.orgs[1]); err != nil || done {
		t.Fatalf("the delegate's sign-off: %v %v", done, err)
	}
	for i := 2; i < 4; i++ {
		done, err := f.sign(t, f.leads[i], f.orgs[i])
		if err != nil || done != (i == 3) {
			t.Fatalf("sign-off %d: %v %v", i, done, err)
		}
	}
	st, err := signoff.Load(ctx, f.db, f.pid, subject)
	if err != nil {
		t.Fatal(err)
	}
	if st.Status() != signoff.SignedOff || len(st.Partners) != 4 {
		t.Fatalf("state %+v", st)
	}
	for _, p := range st.Partners {
		if p.Signed == nil || p.Signed.AsDelegate != (p.OrganisationID == f.orgs[1]) {
			t.Errorf("partner %s: %+v", p.Name, p.Signed)
		}
	}
	if _, err := f.sign(t, f.leads[0], f.orgs[0]); !errors.Is(err, signoff.ErrNotOpen) {
		t.Errorf("signing a signed-off subject: %v", err)
	}
	if !f.locked(t) {
		t.Error("a signed-off subject is not locked")
	}
}

// Nobody who proposed a subject may sign it off, even as a partner's lead representative.
func TestTheProposerCannotApprove(t *testing.T) {
	f := setup(t)
	f.submit(t, f.leads[2])
	if _, err := f.sign(t, f.leads[2], f.orgs[2]); !errors.Is(err, signoff.ErrProposer) || app.KindOf(err) != app.Forbidden {
		t.Errorf("the proposer signing: %v", err)
	}
}

// Reopening takes a reason, voids the round's sign-offs (kept as history) and unlocks the
// subject; submitted again, every partner must sign afresh.
func TestReopeningVoidsTheSignOffs(t *testing.T) {
	ctx := context.Background()
	f := setup(t)
	f.submit(t, f.bu)
	for i := 0; i < 2; i++ {
		if _, err := f.sign(t, f.leads[i], f.orgs[i]); err != nil {
			t.Fatal(err)
		}
	}
	reopen := func(reason string) error {
		return f.in(t, func(tx pgx.Tx) error { return signoff.Reopen(ctx, tx, f.pid, subject, f.bu, reason) })
	}
	if err := reopen("  "); app.FieldMessage(err, "reason") == "" {
		t.Errorf("reopening without a reason: %v", err)
	}
	if err := reopen("The police's section needs rewording"); err != nil {
		t.Fatal(err)
	}
	if f.locked(t) {
		t.Error("still locked after reopening")
	}
	st, err := signoff.Load(ctx, f.db, f.pid, subject)
	if err != nil {
		t.Fatal(err)
	}
	if st.Live != nil || len(st.Voided) != 1 || len(st.Voided[0].Signatures) != 2 || st.Voided[0].VoidReason != "The police's section needs rewording" {
		t.Fatalf("after reopening: %+v", st)
	}
	if _, err := f.sign(t, f.leads[2], f.orgs[2]); !errors.Is(err, signoff.ErrNotOpen) {
		t.Errorf("signing a reopened subject: %v", err)
	}
	f.submit(t, f.bu)
	st, _ = signoff.Load(ctx, f.db, f.pid, subject)
	for _, p := range st.Partners {
		if p.Signed != nil {
			t.Errorf("a voided sign-off counts in the new round: %s", p.Name)
		}
	}
	if err := reopen("again"); err != nil {
		t.Fatal(err)
	}
	if err := reopen("and again"); app.KindOf(err) != app.Conflict {
		t.Errorf("reopening what is not live: %v", err)
	}
}

func int64Of(t *testing.T, db *pgxpool.Pool, sql string, args ...any) int64 {
	t.Helper()
	var n int64
	testkit.MustQueryRow(t, db, sql, args...).Scan(&n)
	return n
}
