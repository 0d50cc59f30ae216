package server_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/scp-portal/portal/internal/seed"
	"github.com/scp-portal/portal/internal/testkit"
)

// expectForm fails unless r is the form again with status, naming each problem and keeping each
// value typed.
func expectForm(t *testing.T, what string, r testkit.Response, status int, texts ...string) {
	t.Helper()
	if r.Status != status {
		t.Errorf("%s: got %d, want %d", what, r.Status, status)
	}
	for _, s := range texts {
		if !strings.Contains(r.Body, s) {
			t.Errorf("%s: the page does not show %q", what, s)
		}
	}
}

// The assurance pages read in a fixed number of queries however many organisations, returns,
// ratings, challenges and rounds there are (no N+1 queries).
func TestAssurancePagesRunAFixedNumberOfQueries(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, counter := testkit.NewCountedDB(t)
	if _, err := seed.Demo(ctx, db, testkit.DemoPassword, time.Now(), true); err != nil {
		t.Fatal(err)
	}
	base := testkit.StartServer(t, db, testkit.ServerOptions{})
	bu := testkit.MustSignInAs(t, base, "business-unit@hsscp.example")
	round := testkit.MustQueryString(t, db, `SELECT max(id)::text FROM assurance_round`)
	ret := testkit.MustQueryString(t, db, `SELECT min(x.id)::text FROM assurance_return x JOIN organisation o ON o.id = x.organisation_id
		WHERE x.round_id = $1 AND o.name = 'Stockton-on-Tees Borough Council'`, round)
	pages := []string{"/hsscp/assurance", "/hsscp/assurance/rounds/" + round, "/hsscp/assurance/rounds/" + round + "/results",
		"/hsscp/assurance/returns/" + ret, "/hsscp/assurance/frameworks/" + testkit.MustQueryString(t, db, `SELECT min(id)::text FROM assurance_framework`)}
	measure := func() []int64 {
		var m []int64
		for _, p := range pages {
			counter.Reset()
			bu.MustGet(p, http.StatusOK)
			m = append(m, counter.Count())
		}
		return m
	}
	before := measure()
	// Thirty more police forces, each with a submitted return rated on every standard, a challenge
	// on Stockton's return, and three more rounds.
	if _, err := db.Exec(ctx, `
		WITH p AS (SELECT id FROM partnership WHERE slug = 'hsscp'),
		o AS (INSERT INTO organisation (partnership_id, name, category) SELECT p.id, 'Force ' || n, 'police' FROM p, generate_series(1, 30) n RETURNING id, partnership_id),
		x AS (INSERT INTO assurance_return (round_id, partnership_id, organisation_id, status, submitted_at)
			SELECT $1::bigint, o.partnership_id, o.id, 'submitted', now() FROM o RETURNING id)
		INSERT INTO assurance_rating (return_id, standard_id, rating)
		SELECT x.id, s.id, 'amber' FROM x, assurance_round r JOIN assurance_standard s ON s.version_id = r.version_id WHERE r.id = $1::bigint`, round); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(ctx, `INSERT INTO assurance_challenge (return_id, standard_id, challenge)
		SELECT $1::bigint, s.id, 'Why?' FROM assurance_return x JOIN assurance_round r ON r.id = x.round_id JOIN assurance_standard s ON s.version_id = r.version_id
		WHERE x.id = $1::bigint`, ret); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(ctx, `INSERT INTO assurance_round (partnership_id, version_id, categories, opened_on, due_on)
		SELECT partnership_id, version_id, categories, opened_on - 400 * n, due_on - 400 * n FROM assurance_round, generate_series(1, 3) n WHERE id = $1::bigint`, round); err != nil {
		t.Fatal(err)
	}
	after := measure()
	for i, p := range pages {
		if before[i] != after[i] || after[i] == 0 {
			t.Errorf("%s: %d queries, then %d with more rows", p, before[i], after[i])
		}
	}
}
