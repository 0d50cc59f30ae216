package overview_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/overview"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/internal/seed"
	"github.com/scp-portal/portal/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

// actor signs in the demo account email as the services see it.
func actor(t *testing.T, db *pgxpool.Pool, email string, now time.Time) app.Actor {
	t.Helper()
	return testkit.MustActor(t, db, email, partnership.Today(now), "")
}

func exec(t *testing.T, db *pgxpool.Pool, sql string, args ...any) {
	t.Helper()
	if _, err := db.Exec(context.Background(), sql, args...); err != nil {
		t.Fatalf("%v\n%s", err, sql)
	}
}

// Every role's home view, the public page and a body's page run the same number of queries
// however many requests, themes, reviews, bodies, seats and people the partnership has.
func TestHomeViewsRunAFixedNumberOfQueries(t *testing.T) {
	ctx := context.Background()
	db, counter := testkit.NewCountedDB(t)
	now, s, p := quietDemo(t, db)
	var engineRoom int64
	if err := db.QueryRow(ctx, `SELECT id FROM body WHERE partnership_id = $1 AND kind = 'engine_room' ORDER BY id LIMIT 1`, p.ID).Scan(&engineRoom); err != nil {
		t.Fatal(err)
	}
	actors := map[string]app.Actor{}
	for _, a := range seed.DemoAccounts() {
		if a.Role != "system administrator" && a.Email[len(a.Email)-len("@hsscp.example"):] == "@hsscp.example" {
			actors[a.Email] = actor(t, db, a.Email, now)
		}
	}
	if len(actors) < 5 {
		t.Fatalf("%d demo accounts in hsscp", len(actors))
	}
	reads := map[string]func() error{
		"public": func() error { _, err := s.Public(ctx, p.ID, app.FirstPage); return err },
		"body":   func() error { _, err := s.Body(ctx, p.ID, engineRoom, app.FirstPage); return err },
	}
	for email, a := range actors {
		reads[email] = func() error { _, err := s.Home(ctx, a, p.ID); return err }
	}
	measure := func() map[string]int64 {
		m := map[string]int64{}
		for name, read := range reads {
			counter.Reset()
			if err := read(); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			m[name] = counter.Count()
		}
		return m
	}
	before := measure()

	// Many more of everything the views count or list.
	exec(t, db, `INSERT INTO theme (partnership_id, title, status)
		SELECT $1, 'More ' || g, st FROM generate_series(1, 10) g, unnest(ARRAY['emerging', 'closed', 'impact_testing']) st`, p.ID)
	exec(t, db, `INSERT INTO intake_request (partnership_id, kind, reference, status, requester_id, requester_name, requester_email, form_key, submitted_at)
		SELECT $1, k, 'MORE-' || k || '-' || st || '-' || g, st, u.id, u.name, u.email, 'more-' || k || '-' || st || '-' || g, now()
		FROM generate_series(1, 10) g, unnest(ARRAY['kloe', 'cspr']) k, unnest(ARRAY['received', 'considering']) st,
		     app_user u WHERE u.email = 'practitioner@hsscp.example'`, p.ID)
	exec(t, db, `INSERT INTO body (partnership_id, name, kind) SELECT $1, 'More engine room ' || g, 'engine_room' FROM generate_series(1, 5) g`, p.ID)
	exec(t, db, `INSERT INTO membership (partnership_id, user_id, body_id, role, starts_on)
		SELECT $1, u.id, b.id, 'member', $2::date - 1 FROM app_user u, body b
		WHERE u.partnership_id = $1 AND u.email LIKE '%@hsscp.example' AND b.partnership_id = $1 AND b.name LIKE 'More%'`, p.ID, partnership.Today(now))
	exec(t, db, `INSERT INTO chair_rota (partnership_id, body_id, organisation_id, starts_on, ends_on)
		SELECT $1, $2, o.id, $3::date + 400 * g, $3::date + 400 * g + 399 FROM generate_series(1, 5) g,
		       (SELECT id FROM organisation WHERE partnership_id = $1 ORDER BY id LIMIT 1) o`, p.ID, engineRoom, partnership.Today(now))
	exec(t, db, `INSERT INTO app_user (partnership_id, email, name, status)
		SELECT $1, 'more' || g || '@elsewhere.example', 'More ' || g, st FROM generate_series(1, 10) g, unnest(ARRAY['pending', 'invited', 'active']) st
		ON CONFLICT DO NOTHING`, p.ID)
	exec(t, db, `INSERT INTO rapid_review (partnership_id, reference, title, aware_on, clock_start, due_on, due_rule, sent_to_panel_on)
		SELECT $1, 'MORE-RR-' || g, 'Child ' || g, $2::date - g, 'awareness', $2::date - g + 21, 'rule', CASE WHEN g % 2 = 0 THEN $2::date END
		FROM generate_series(1, 10) g`, p.ID, partnership.Today(now))
	exec(t, db, `INSERT INTO local_cspr (partnership_id, review_id, reference, publish_target_on, published_on, learning_summary, redacted_report)
		SELECT $1, r.id, 'MORE-CSPR-' || r.id, $2::date, $2::date - 1, 'What we learned', 'The report'
		FROM rapid_review r WHERE r.partnership_id = $1 AND r.reference LIKE 'MORE-RR-%'`, p.ID, partnership.Today(now))

	after := measure()
	for name := range reads {
		if before[name] != after[name] {
			t.Errorf("%s: %d queries, then %d with more rows", name, before[name], after[name])
		}
		if after[name] == 0 {
			t.Errorf("%s: no query counted: the counter is not attached", name)
		}
		t.Logf("%s: %d queries", name, after[name])
	}
	if h, err := s.Home(ctx, actors["engine-room@hsscp.example"], p.ID); err != nil || h.Reviews == nil || h.Reviews.Open < 5 ||
		len(h.Reviews.Local) < 10 || h.Learning.ThemesByStatus["closed"] < 10 || h.Inbox.New < 20 {
		t.Errorf("the added rows are not in the engine room's home view: %+v, %v", h, err)
	}
}

// quietDemo is HSSCP in the quiet demo as of now, and the overview service over it.
func quietDemo(t *testing.T, db *pgxpool.Pool) (time.Time, *overview.Service, partnership.Partnership) {
	t.Helper()
	now := time.Now()
	testkit.SeedDemo(t, db)
	p, err := partnership.BySlug(context.Background(), db, "hsscp")
	if err != nil {
		t.Fatal(err)
	}
	return now, &overview.Service{Env: app.Env{DB: db, Now: func() time.Time { return now }}}, p
}

// A quiet demo partnership's home views show each role its own figures, and only those.
func TestHomeViewShowsTheDemoFigures(t *testing.T) {
	ctx := context.Background()
	db := testkit.NewDB(t)
	now, s, p := quietDemo(t, db)
	count := func(sql string) int {
		t.Helper()
		var n int
		if err := db.QueryRow(ctx, sql, p.ID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	er, err := s.Home(ctx, actor(t, db, "engine-room@hsscp.example", now), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if er.Learning == nil || er.Inbox == nil || er.Reviews == nil || !er.Reviews.CanOpen {
		t.Fatalf("the Engine Room's home view lacks its figures: %+v", er)
	}
	if er.People != nil {
		t.Error("the Engine Room sees the business unit's figures")
	}
	// A quiet partnership: nothing waits yet; its only themes are the two of the demo's sharing
	// between the Tees partnerships (one shared, with its learning, and one kept to itself).
	if c := *er.Learning; c.AwaitingTriage != 0 || c.CommissionsInProgress != 0 || c.ActionsOverdue != 0 || c.EvidenceDue != 0 ||
		len(c.ThemesByStatus) != 2 || c.ThemesByStatus["emerging"] != 1 || c.ThemesByStatus["learning_shared"] != 1 {
		t.Errorf("learning figures of a quiet partnership: %+v", c)
	}
	if *er.Inbox != (overview.Inbox{}) || er.Reviews.Open != 0 || len(er.Reviews.AtRisk) != 0 {
		t.Errorf("inbox %+v, reviews %+v; want nothing waiting", *er.Inbox, *er.Reviews)
	}
	if len(er.Memberships) != 1 || er.Memberships[0].BodyKind != "engine_room" || er.Memberships[0].Role != "delegate" {
		t.Errorf("Eddie Engine's seats: %+v; want a delegate's seat on the Engine Room", er.Memberships)
	}
	if len(er.Bodies) != count(`SELECT count(*) FROM body WHERE partnership_id = $1`) || er.Bodies[0].Kind != "executive" {
		t.Errorf("bodies: %+v", er.Bodies)
	}
	if er.EngineRoom == nil || er.EngineRoom.BodyName == "" {
		t.Errorf("who chairs the Engine Room: %+v", er.EngineRoom)
	}

	// Something arrives in the inbox: one KLOE request, one CSPR consideration request.
	exec(t, db, `INSERT INTO intake_request (partnership_id, kind, reference, status, requester_id, requester_name, requester_email, form_key, submitted_at)
		SELECT $1, k, 'NEW-' || k, 'received', u.id, u.name, u.email, 'new-' || k, now()
		FROM unnest(ARRAY['kloe', 'cspr']) k, app_user u WHERE u.email = 'practitioner@hsscp.example'`, p.ID)
	if er, err = s.Home(ctx, actor(t, db, "engine-room@hsscp.example", now), p.ID); err != nil {
		t.Fatal(err)
	}
	if (*er.Inbox != overview.Inbox{New: 2, NewCSPR: 1}) || er.Learning.AwaitingTriage != 1 {
		t.Errorf("after two requests: inbox %+v, %d awaiting triage; want 2 new, 1 of them a CSPR request, 1 KLOE awaiting triage",
			*er.Inbox, er.Learning.AwaitingTriage)
	}

	bu, err := s.Home(ctx, actor(t, db, "business-unit@hsscp.example", now), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := overview.People{Active: count(`SELECT count(*) FROM app_user WHERE partnership_id = $1 AND status = 'active'`),
		Organisations: count(`SELECT count(*) FROM organisation WHERE partnership_id = $1`)}
	if bu.People == nil || *bu.People != want || want.Active < 6 || want.Organisations < 3 {
		t.Errorf("business unit's figures: %+v; want %+v", bu.People, want)
	}

	pr, err := s.Home(ctx, actor(t, db, "practitioner@hsscp.example", now), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if pr.Learning != nil || pr.Inbox != nil || pr.Reviews != nil || pr.People != nil || len(pr.Memberships) != 0 {
		t.Errorf("a practitioner's home view shows another role's figures: %+v", pr)
	}

	ex, err := s.Home(ctx, actor(t, db, "executive@hsscp.example", now), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if ex.Reviews == nil || ex.Reviews.CanOpen || ex.Learning != nil {
		t.Errorf("the Executive sees the rapid reviews without opening them, and no learning figures: %+v", ex)
	}
}

// Only a published review is public, and only once its publication day has come.
func TestOnlyPublishedReviewsArePublic(t *testing.T) {
	ctx := context.Background()
	db := testkit.NewDB(t)
	now, s, p := quietDemo(t, db)
	today := partnership.Today(now)
	exec(t, db, `INSERT INTO rapid_review (partnership_id, reference, title, aware_on, clock_start, due_on, due_rule)
		SELECT $1, 'PUB-RR-' || g, 'Child ' || g, $2::date - 60, 'awareness', $2::date - 40, 'rule' FROM generate_series(1, 3) g`, p.ID, today)
	// Published yesterday, to be published tomorrow, not published.
	exec(t, db, `INSERT INTO local_cspr (partnership_id, review_id, reference, publish_target_on, published_on, learning_summary, redacted_report)
		SELECT $1, r.id, 'PUB-CSPR-' || right(r.reference, 1), $2::date,
		       CASE right(r.reference, 1) WHEN '1' THEN $2::date - 1 WHEN '2' THEN $2::date + 1 END, 'Summary', 'Report'
		FROM rapid_review r WHERE r.reference LIKE 'PUB-RR-%'`, p.ID, today)
	ids := map[string]int64{}
	rows, _ := db.Query(ctx, `SELECT reference, id FROM local_cspr WHERE reference LIKE 'PUB-CSPR-%'`)
	for rows.Next() {
		var ref string
		var id int64
		if err := rows.Scan(&ref, &id); err != nil {
			t.Fatal(err)
		}
		ids[ref] = id
	}
	if len(ids) != 3 {
		t.Fatalf("local CSPRs: %v", ids)
	}
	pub, err := s.Public(ctx, p.ID, app.FirstPage)
	if err != nil {
		t.Fatal(err)
	}
	if got := pub.Published.Rows; len(got) != 1 || got[0].ID != ids["PUB-CSPR-1"] || got[0].Title != "Child 1" || pub.Published.More {
		t.Errorf("published list: %+v; want PUB-CSPR-1 alone", pub.Published)
	}
	if r, err := s.PublishedReport(ctx, p.ID, ids["PUB-CSPR-1"]); err != nil || r.RedactedReport != "Report" || r.LearningSummary != "Summary" {
		t.Errorf("published report: %+v, %v", r, err)
	}
	for _, ref := range []string{"PUB-CSPR-2", "PUB-CSPR-3"} {
		if _, err := s.PublishedReport(ctx, p.ID, ids[ref]); !errors.Is(err, overview.ErrNotFound) || app.KindOf(err) != app.NotFound {
			t.Errorf("%s, not yet published: %v; want not found", ref, err)
		}
	}
	other, err := partnership.BySlug(ctx, db, "stscp")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.PublishedReport(ctx, other.ID, ids["PUB-CSPR-1"]); !errors.Is(err, overview.ErrNotFound) {
		t.Errorf("another partnership's published review: %v; want not found", err)
	}
}
