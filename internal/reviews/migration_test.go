package reviews_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"

	"github.com/scp-portal/portal/internal/reviews"
	"github.com/scp-portal/portal/internal/signoff"
	"github.com/scp-portal/portal/migrations"
)

// Migration 00018 turns the sign-offs recorded per kind of partner into a round of sign-off per
// statutory partner organisation: each counts for the organisation its signer works for, as a
// delegate unless they are its lead representative, and the round stays open (the review locked)
// until every partner has signed.
func TestPerKindSignOffsBecomeARound(t *testing.T) {
	ctx := context.Background()
	f := setup(t)
	id := f.start(t, reviews.StartInput{Title: "Child M (2026)", AwareOn: day("2 November 2026"), ClockStart: "awareness"}, day("2 November 2026"))
	db := stdlib.OpenDBFromPool(f.db)
	defer db.Close()
	p, err := goose.NewProvider(goose.DialectPostgres, db, migrations.FS)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.DownTo(ctx, 17); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.Exec(ctx, `INSERT INTO review_signoff (review_id, statutory_role, signed_by)
		SELECT $1::bigint, 'local_authority', id FROM app_user WHERE email = 'executive@hsscp.example'
		UNION ALL SELECT $1::bigint, 'police', id FROM app_user WHERE email = 'engine-room@hsscp.example'`, id); err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 18); err != nil {
		t.Fatal(err)
	}
	st, err := signoff.Load(ctx, f.db, f.pid, reviews.Subject(id))
	if err != nil {
		t.Fatal(err)
	}
	if st.Status() != signoff.Open || len(st.Partners) != 4 {
		t.Fatalf("the round: %+v", st)
	}
	signed := map[string]bool{}
	for _, p := range st.Partners {
		if p.Signed != nil {
			signed[p.Signed.SignerName] = p.Signed.AsDelegate
		}
	}
	if len(signed) != 2 || !signed["Eddie Engine"] || signed["Erin Executive"] {
		t.Errorf("the sign-offs moved (name: as delegate): %v", signed)
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatal(err)
	}
}
