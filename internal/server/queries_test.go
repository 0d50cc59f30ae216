package server_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/challenges"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/disputes"
	"github.com/scp-portal/portal/internal/identity"
	"github.com/scp-portal/portal/internal/intake"
	"github.com/scp-portal/portal/internal/learning"
	"github.com/scp-portal/portal/internal/testkit"
	"github.com/scp-portal/portal/internal/volume"
)

// TestListPagesRunAFixedNumberOfQueries renders every list page, adds many more rows of each
// kind, and renders them again, then once more with a small national volume loaded on top: the
// number of queries must not change (no N+1 queries).
func TestListPagesRunAFixedNumberOfQueries(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, counter := testkit.NewCountedDB(t)
	now := time.Now()
	testkit.SeedDemoAt(t, db, now, true)
	base := testkit.StartServer(t, db, testkit.ServerOptions{})
	er, bu, pr, ex := testkit.NewClient(t, base), testkit.NewClient(t, base), testkit.NewClient(t, base), testkit.NewClient(t, base)
	er.SignIn("engine-room@hsscp.example", testkit.DemoPassword)
	ex.SignIn("executive@hsscp.example", testkit.DemoPassword)
	bu.SignIn("business-unit@hsscp.example", testkit.DemoPassword)
	pr.SignIn("practitioner@hsscp.example", testkit.DemoPassword)

	var pid, themeID, practitioner, engineRoom, friend, org int64
	err := db.QueryRow(ctx, `SELECT p.id, (SELECT id FROM theme WHERE partnership_id = p.id AND status = 'impact_testing'),
		(SELECT id FROM app_user WHERE email = 'practitioner@hsscp.example'), (SELECT id FROM app_user WHERE email = 'engine-room@hsscp.example'),
		(SELECT id FROM app_user WHERE email = 'critical-friend@hsscp.example'),
		(SELECT id FROM organisation WHERE partnership_id = p.id ORDER BY id LIMIT 1)
		FROM partnership p WHERE p.slug = 'hsscp'`).Scan(&pid, &themeID, &practitioner, &engineRoom, &friend, &org)
	if err != nil {
		t.Fatal(err)
	}
	pages := []struct {
		c    *testkit.Client
		path string
	}{
		{er, "/hsscp/home"}, {er, "/hsscp/inbox"}, {er, "/hsscp/themes"}, {er, "/hsscp/themes?q=discharge"},
		{er, fmt.Sprintf("/hsscp/themes/%d", themeID)}, {er, "/hsscp/commissions"}, {er, "/hsscp/training-needs"},
		{pr, "/hsscp/my/submissions"}, {bu, "/hsscp/admin/users"}, {bu, "/hsscp/admin/organisations"},
		{bu, "/hsscp/admin/bodies"}, {bu, "/hsscp/admin/audit"},
		{ex, "/hsscp/home"}, // the Executive's: its meetings, actions, approvals, reviews and report
		{er, "/hsscp/reports"}, {er, fmt.Sprintf("/hsscp/reports/%d", testkit.MustQueryInt(t, db, `SELECT id FROM report WHERE partnership_id = $1 AND status = 'draft'`, pid))},
		{er, "/hsscp/challenges"}, {er, "/hsscp/disputes"}, {pr, "/hsscp/disputes?status=open"},
		// Paged by feat-lists (issue #15): a page, and the figures by aggregate.
		{er, "/hsscp/reviews"}, {er, "/hsscp/reviews?page=2&size=1"},
		// The recommendations list (issue #14): all, and each filter the Engine Room home links to.
		{er, "/hsscp/recommendations"}, {er, "/hsscp/recommendations?concern=actions_overdue"},
		{er, "/hsscp/recommendations?concern=evidence_due&status=open&size=5"},
	}
	// Paged by feat-lists (issue #15, the rest): the people, the chair rota on a body's two
	// pages, and the public page's published reviews.
	erBody := testkit.MustQueryInt(t, db, `SELECT id FROM body WHERE partnership_id = $1 AND kind = 'engine_room'`, pid)
	nobody := testkit.NewClient(t, base)
	pages = append(pages, []struct {
		c    *testkit.Client
		path string
	}{{bu, "/hsscp/admin/users?size=5&page=2"}, {bu, fmt.Sprintf("/hsscp/admin/bodies/%d", erBody)},
		{er, fmt.Sprintf("/hsscp/bodies/%d?size=2", erBody)}, {nobody, "/hsscp/"}, {nobody, "/hsscp/?page=2&size=1"},
		{nobody, "/"}, // the business unit, in one partnership, goes on to its home (issue #14)
		{bu, "/hsscp/e-bulletins"}, {nobody, "/hsscp/bulletins"}}...)
	pages = append(pages, struct {
		c    *testkit.Client
		path string
	}{er, "/hsscp/shared"}) // what stscp shares with hsscp (feat-multi)
	execBody, execMeeting := executiveListPages(t, db, pid)
	// The training programme (feat-training): the public programme, the courses, a course and
	// a session with its bookings, and one's own bookings.
	course := testkit.MustQueryInt(t, db, `SELECT min(id) FROM training_course WHERE partnership_id = $1`, pid)
	session := testkit.MustQueryInt(t, db, `SELECT min(id) FROM training_session WHERE course_id = $1`, course)
	pages = append(pages, []struct {
		c    *testkit.Client
		path string
	}{{nobody, "/hsscp/training"}, {bu, "/hsscp/training/courses"}, {bu, fmt.Sprintf("/hsscp/training/courses/%d", course)},
		{bu, fmt.Sprintf("/hsscp/training/sessions/%d", session)}, {pr, "/hsscp/training/mine"}}...)
	for _, path := range []string{"/meetings", fmt.Sprintf("/meetings/%d", execMeeting), "/decisions"} {
		pages = append(pages, struct {
			c    *testkit.Client
			path string
		}{bu, fmt.Sprintf("/hsscp/bodies/%d%s", execBody, path)})
	}
	measure := func() []int64 { // by page: the same path may be measured for different people
		var m []int64
		for _, pg := range pages {
			counter.Reset()
			if r := pg.c.Get(pg.path); r.Status != http.StatusOK {
				t.Fatalf("GET %s: %d", pg.path, r.Status)
			}
			m = append(m, counter.Count())
		}
		return m
	}
	pages = append(pages, struct { // multi-agency case audits (feat-caseaudit)
		c    *testkit.Client
		path string
	}{er, "/hsscp/case-audits"}, struct {
		c    *testkit.Client
		path string
	}{er, fmt.Sprintf("/hsscp/case-audits/%d", testkit.MustQueryInt(t, db, `SELECT id FROM case_audit WHERE partnership_id = $1 AND status = 'completed'`, pid))})
	before := measure()

	// Many more of everything the pages list.
	err = database.InTx(ctx, db, func(tx pgx.Tx) error {
		for i := range 15 {
			if _, err := learning.CreateTheme(ctx, tx, pid, engineRoom, learning.ThemeInput{Title: fmt.Sprintf("Discharge theme %d", i)},
				learning.NewSource{Kind: "audit", Reference: "more"}); err != nil {
				return err
			}
			id, err := intake.SaveDraft(ctx, tx, intake.DraftInput{PartnershipID: pid, Kind: intake.KLOE, FormKey: fmt.Sprintf("more-%d", i),
				Requester: intake.Requester{ID: practitioner, Name: "P", Email: "p@x.example"}, Answers: url.Values{"title": {"more"}}})
			if err != nil {
				return err
			}
			if _, err := intake.Submit(ctx, tx, pid, id, practitioner, "HSSCP", now); err != nil {
				return err
			}
			if _, err := identity.CreateUser(ctx, tx, identity.NewUser{PartnershipID: &pid, Email: fmt.Sprintf("more%d@hsscp.example", i),
				Name: "More", Status: identity.Active}); err != nil {
				return err
			}
			if _, err := challenges.Create(ctx, tx, pid, engineRoom, challenges.RaiseInput{SubjectKind: "organisation", SubjectID: &org,
				Addressee: challenges.EngineRoom, Summary: "More", DueOn: now.AddDate(0, 0, 5)}, now); err != nil {
				return err
			}
			if _, err := disputes.Create(ctx, tx, pid, practitioner, disputes.RecordInput{OtherOrgID: org, Summary: "More"}, now); err != nil {
				return err
			}
			var review int64
			if err := tx.QueryRow(ctx, `INSERT INTO rapid_review (partnership_id, reference, title, aware_on, clock_start, due_on, due_rule)
				VALUES ($1, $2, 'More', $3, 'awareness', $3, 'r') RETURNING id`, pid, fmt.Sprintf("MORE-%d", i), now.AddDate(-i, 0, 0)).Scan(&review); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `INSERT INTO local_cspr (partnership_id, review_id, reference, publish_target_on, published_on, learning_summary)
				VALUES ($1, $2, $3, $4, $4, 'Learnt')`, pid, review, fmt.Sprintf("MORE-CSPR-%d", i), now.AddDate(-i, -1, 0)); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `INSERT INTO bulletin (partnership_id, title, month, status, items, sent_at)
				VALUES ($1, 'More', date_trunc('month', $2::date), 'sent', '[]', $2), ($1, 'More', date_trunc('month', $2::date), 'draft', NULL, NULL)`,
				pid, now.AddDate(0, -i, 0)); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `INSERT INTO chair_rota (partnership_id, body_id, organisation_id, starts_on, ends_on)
				SELECT $1, $2, organisation_id, starts_on - make_interval(years => 10 + $3), ends_on - make_interval(years => 10 + $3)
				FROM chair_rota WHERE body_id = $2 ORDER BY starts_on LIMIT 1`, pid, erBody, i); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `WITH c AS (INSERT INTO training_course (partnership_id, title) SELECT $1, 'More ' || i FROM generate_series(1, 15) i RETURNING id),
			s AS (INSERT INTO training_session (partnership_id, course_id, starts_at, ends_at, place, trainer, capacity)
				SELECT $1, x.id, now() + interval '1 day', now() + interval '1 day 3 hours', 'p', 't', 5 FROM (SELECT id FROM c UNION ALL SELECT $2::bigint) x RETURNING id)
			INSERT INTO training_booking (session_id, user_id, status) SELECT s.id, u.id, 'booked' FROM s, app_user u WHERE u.email LIKE 'more%@hsscp.example'`,
			pid, course); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO training_booking (session_id, user_id, status) SELECT s.id, $2, 'waiting' FROM training_session s
			WHERE s.partnership_id = $1 ON CONFLICT DO NOTHING`, pid, practitioner); err != nil {
			return err
		}
		if err := moreExecutiveMeetings(ctx, tx, pid, execBody, execMeeting, engineRoom, now); err != nil {
			return err
		}
		if err := moreCaseAudits(ctx, tx, pid, now); err != nil {
			return err
		}
		cid, err := learning.CreateCommission(ctx, tx, pid, themeID, engineRoom, learning.CommissionInput{Title: "More", KeyLines: "k",
			Methods: []string{"survey"}, StartsOn: now, DueOn: now, Friends: []int64{friend}}, now)
		if err != nil {
			return err
		}
		if err := learning.SaveFindings(ctx, tx, pid, cid, 1, "findings"); err != nil {
			return err
		}
		for range 5 {
			rec, err := learning.AddRecommendation(ctx, tx, pid, cid, learning.RecommendationInput{Title: "r", OwnerOrgID: org, DueOn: now, TrainingNeed: "t"})
			if err != nil {
				return err
			}
			a, err := learning.AddAction(ctx, tx, pid, rec, org, "a", now)
			if err != nil {
				return err
			}
			if err := learning.AddUpdate(ctx, tx, pid, rec, a, engineRoom, "u", false); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	after := measure()
	// And at volume (issue #15): a small national load on top, hsscp one of its heavy
	// partnerships, thousands of rows more of each kind behind the same pages.
	if _, err := volume.Generate(ctx, db, volume.Size{Partnerships: 4, Scale: 0.01}, now, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	atVolume := measure()
	for i, pg := range pages {
		if before[i] != after[i] || before[i] != atVolume[i] {
			t.Errorf("%s: %d queries, then %d with more rows, %d at volume", pg.path, before[i], after[i], atVolume[i])
		}
		if after[i] == 0 {
			t.Errorf("%s: no query counted: the counter is not attached", pg.path)
		}
		t.Logf("%s: %d queries", pg.path, after[i])
		// The Executive's home view gathers the most (its meeting, actions, challenges awaiting the
		// person, approvals and sign-offs pending, rapid reviews, the latest exception report and
		// the critical success factors, the latest scrutiny reports), and since issue #14 the one
		// query of every person's task list (overview.Tasks: their drafts and each role's tasks
		// not read elsewhere); no page needs more than this.
		if after[i] > 18 {
			t.Errorf("%s: %d queries; a page should need a handful", pg.path, after[i])
		}
	}
}
