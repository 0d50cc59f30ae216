package seed_test

import (
	"context"
	"slices"
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

	// Issue #14: a newcomer sees three partnerships as their papers differ, not one copied three
	// times: their own priorities and themes, training needs each named once and dated when the
	// Engine Room identified them, South Tees' challenge process and Pan Dorset's two councils.
	t.Run("each partnership has its own priorities, themes, training needs and processes", func(t *testing.T) {
		today := partnership.Today(now)
		slugs := []string{"hsscp", "stscp", "pan-dorset"}
		// Records every partnership has on purpose: the Tees' shared and unshared themes
		// (multi.go) and the Executive's proposal the challenge log makes (challenges.go).
		common := map[string]bool{seed.SharedTitle: true, seed.UnsharedTitle: true, "Children missing education": true}
		themes, priorities := map[string][]string{}, map[string][]string{}
		for _, slug := range slugs {
			var th, pr []string
			testkit.MustQueryRow(t, db, `SELECT
				(SELECT array_agg(t.title ORDER BY t.id) FROM theme t WHERE t.partnership_id = p.id),
				(SELECT array_agg(r.title ORDER BY r.position) FROM partnership_priority r WHERE r.partnership_id = p.id)
				FROM partnership p WHERE p.slug = $1`, slug).Scan(&th, &pr)
			themes[slug], priorities[slug] = th, pr
			if len(themes[slug]) < 7 || len(priorities[slug]) < 4 {
				t.Fatalf("%s: themes %q, priorities %q", slug, themes[slug], priorities[slug])
			}
		}
		for i, a := range slugs {
			for _, b := range slugs[i+1:] {
				for _, title := range themes[a] {
					if !common[title] && slices.Contains(themes[b], title) {
						t.Errorf("%s and %s both have the theme %q", a, b, title)
					}
				}
				for _, title := range priorities[a] {
					if slices.Contains(priorities[b], title) {
						t.Errorf("%s and %s both have the priority %q", a, b, title)
					}
				}
			}
		}
		if !slices.Contains(priorities["stscp"], "Neglect") || len(priorities["stscp"]) != 4 {
			t.Errorf("South Tees' priorities are not its four: %q", priorities["stscp"])
		}
		for _, slug := range slugs {
			var needs, distinct, datedToday, months int
			testkit.MustQueryRow(t, db, `SELECT count(*), count(DISTINCT n.description),
				count(*) FILTER (WHERE (n.created_at AT TIME ZONE 'Europe/London')::date >= $2::date),
				count(DISTINCT date_trunc('month', n.created_at AT TIME ZONE 'Europe/London'))
				FROM training_need n JOIN partnership p ON p.id = n.partnership_id WHERE p.slug = $1`, slug, today).
				Scan(&needs, &distinct, &datedToday, &months)
			if needs < 3 || distinct != needs || datedToday != 0 || months < 3 {
				t.Errorf("%s: %d training needs, %d distinct, %d dated today, over %d months; want 3 or more, each once, dated across the past months",
					slug, needs, distinct, datedToday, months)
			}
		}
		var others int
		testkit.MustQueryRow(t, db, `SELECT count(DISTINCT n.description) FROM training_need n JOIN training_need m
			ON m.description = n.description AND m.partnership_id <> n.partnership_id`).Scan(&others)
		if others != 0 {
			t.Errorf("%d training needs are named alike in two partnerships", others)
		}
		// South Tees' challenge process: agencies involved in its published review presented what
		// changed; Pan Dorset's councils disagree with each other, not only with the police.
		var presented, councils int
		testkit.MustQueryRow(t, db, `SELECT
			(SELECT count(*) FROM challenge_note n JOIN recommendation r ON r.id = n.recommendation_id
				JOIN local_cspr c ON c.id = r.cspr_id JOIN partnership p ON p.id = r.partnership_id
				WHERE p.slug = 'stscp' AND c.published_on IS NOT NULL),
			(SELECT count(*) FROM dispute d JOIN partnership p ON p.id = d.partnership_id
				JOIN organisation a ON a.id = d.raising_org_id JOIN organisation b ON b.id = d.other_org_id
				WHERE p.slug = 'pan-dorset' AND a.statutory_role = 'local_authority' AND b.statutory_role = 'local_authority' AND a.id <> b.id)`).
			Scan(&presented, &councils)
		if presented < 2 || councils != 1 {
			t.Errorf("%d agencies presented at South Tees' challenge session, %d disagreements between Pan Dorset's councils; want 2 or more, and 1", presented, councils)
		}
	})
}
