package learning_test

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/intake"
	"github.com/scp-portal/portal/internal/learning"
	"github.com/scp-portal/portal/internal/overview"
	"github.com/scp-portal/portal/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

type fixture struct {
	db                               *pgxpool.Pool
	pid                              int64
	practitioner, engineRoom, friend int64
	police, agency                   int64
}

func setup(t *testing.T) fixture {
	t.Helper()
	db := testkit.NewDB(t)
	testkit.SeedDemo(t, db)
	f := fixture{db: db}
	err := db.QueryRow(context.Background(), `SELECT p.id,
		(SELECT id FROM app_user WHERE email = 'practitioner@hsscp.example'),
		(SELECT id FROM app_user WHERE email = 'engine-room@hsscp.example'),
		(SELECT id FROM app_user WHERE email = 'critical-friend@hsscp.example'),
		(SELECT id FROM organisation WHERE partnership_id = p.id AND statutory_role = 'police'),
		(SELECT id FROM organisation WHERE partnership_id = p.id AND name = 'North Tees and Hartlepool NHS Foundation Trust')
		FROM partnership p WHERE p.slug = 'hsscp'`).Scan(&f.pid, &f.practitioner, &f.engineRoom, &f.friend, &f.police, &f.agency)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func (f fixture) tx(t *testing.T, fn func(tx pgx.Tx) error) error {
	t.Helper()
	return database.InTx(context.Background(), f.db, fn)
}

// kloe submits a KLOE request with the title, touching the partnership's priorities given.
func (f fixture) kloe(t *testing.T, title string, priorities ...string) intake.Request {
	t.Helper()
	ctx := context.Background()
	id, err := intake.SaveDraft(ctx, f.db, intake.DraftInput{PartnershipID: f.pid, Kind: intake.KLOE, FormKey: title,
		Requester: intake.Requester{ID: f.practitioner, Name: "Priya", Email: "practitioner@hsscp.example"},
		Answers:   url.Values{"title": {title}, "priorities": priorities}})
	if err != nil {
		t.Fatal(err)
	}
	var req intake.Request
	if err := f.tx(t, func(tx pgx.Tx) error {
		res, err := intake.Submit(ctx, tx, f.pid, id, f.practitioner, "HSSCP", time.Now())
		req = res.Request
		return err
	}); err != nil {
		t.Fatal(err)
	}
	req, err = intake.Get(ctx, f.db, f.pid, id)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

var day = testkit.Day

func TestTheLoopFromARequestToEvidenceOfImpact(t *testing.T) {
	ctx := context.Background()
	f := setup(t)
	today := day("24 November 2026")
	req := f.kloe(t, "Discharge planning without social care")

	var themeID int64
	err := f.tx(t, func(tx pgx.Tx) error {
		var err error
		themeID, err = learning.Triage(ctx, tx, req, f.engineRoom, learning.TriageInput{Decision: "new_theme",
			NewTheme: learning.ThemeInput{Title: "Hospital discharge", Description: "Children discharged without a plan shared with social care"},
			Outcome:  "Started the theme 'Hospital discharge'.", RequestV: req.Version}, time.Now())
		return err
	})
	if err != nil || themeID == 0 {
		t.Fatalf("triage: %d, %v", themeID, err)
	}
	if r, _ := intake.Get(ctx, f.db, f.pid, req.ID); r.Status != intake.Closed || r.Outcome == "" {
		t.Errorf("the request after triage: %s %q", r.Status, r.Outcome)
	}
	err = f.tx(t, func(tx pgx.Tx) error {
		_, err := learning.Triage(ctx, tx, req, f.engineRoom, learning.TriageInput{Decision: "close", Outcome: "again", RequestV: req.Version}, time.Now())
		return err
	})
	if err == nil {
		t.Error("a request was triaged twice")
	}

	in := learning.CommissionInput{Title: "Discharge audit", KeyLines: "Who is invited to discharge meetings?", Methods: []string{"case_audit"},
		StartsOn: day("1 October 2026"), DueOn: day("31 December 2026")}
	for name, friends := range map[string][]int64{"a police officer": {f.engineRoom}, "a practitioner not in the pool": {f.practitioner}} {
		in.Friends = friends
		err := f.tx(t, func(tx pgx.Tx) error {
			_, err := learning.CreateCommission(ctx, tx, f.pid, themeID, f.engineRoom, in, today)
			return err
		})
		if !errors.Is(err, learning.ErrNotImpartial) {
			t.Errorf("%s as critical friend: %v; want refused", name, err)
		}
	}
	in.Friends = []int64{f.friend}
	var commissionID int64
	if err := f.tx(t, func(tx pgx.Tx) error {
		var err error
		commissionID, err = learning.CreateCommission(ctx, tx, f.pid, themeID, f.engineRoom, in, today)
		return err
	}); err != nil {
		t.Fatalf("commission: %v", err)
	}

	// No recommendation and no sign-off before there are findings.
	err = f.tx(t, func(tx pgx.Tx) error {
		_, err := learning.AddRecommendation(ctx, tx, f.pid, commissionID, learning.RecommendationInput{Title: "x", OwnerOrgID: f.police, DueOn: today})
		return err
	})
	if !errors.Is(err, learning.ErrNoFindings) {
		t.Errorf("a recommendation before findings: %v", err)
	}
	if err := f.tx(t, func(tx pgx.Tx) error { return learning.SignOff(ctx, tx, f.pid, commissionID, f.engineRoom, time.Now()) }); !errors.Is(err, learning.ErrNoFindings) {
		t.Errorf("sign-off without findings: %v", err)
	}

	c, _ := learning.GetCommission(ctx, f.db, f.pid, commissionID)
	if err := learning.AddNote(ctx, f.db, commissionID, f.friend, "voice", "Young people said nobody explained what happens after hospital."); err != nil {
		t.Fatal(err)
	}
	if err := learning.SaveFindings(ctx, f.db, f.pid, commissionID, c.Version, "## Findings\n\nSocial care was invited to 2 of 12 meetings."); err != nil {
		t.Fatal(err)
	}
	var recA, recB int64
	if err := f.tx(t, func(tx pgx.Tx) error {
		var err error
		if recA, err = learning.AddRecommendation(ctx, tx, f.pid, commissionID, learning.RecommendationInput{Title: "Invite social care to every discharge meeting",
			OwnerOrgID: f.agency, DueOn: day("31 January 2027"), TrainingNeed: "Discharge planning for ward staff"}); err != nil {
			return err
		}
		recB, err = learning.AddRecommendation(ctx, tx, f.pid, commissionID, learning.RecommendationInput{Title: "Share discharge plans with the health visitor",
			OwnerOrgID: f.agency, DueOn: day("28 February 2027")})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := learning.AddAction(ctx, f.db, f.pid, recA, f.agency, "Change the discharge checklist", day("1 November 2026")); err != nil {
		t.Fatal(err)
	}
	if _, err := learning.AddAction(ctx, f.db, f.pid, recB, f.police, "Tell officers", day("1 March 2027")); err != nil {
		t.Fatal(err)
	}
	if err := f.tx(t, func(tx pgx.Tx) error { return learning.SignOff(ctx, tx, f.pid, commissionID, f.engineRoom, time.Now()) }); err != nil {
		t.Fatalf("sign-off: %v", err)
	}
	// One attendee's answer to a training follow-up is evidence, but it does not rate the theme.
	if err := f.tx(t, func(tx pgx.Tx) error {
		return learning.AddEvidence(ctx, tx, f.pid, recB, f.engineRoom, "training_evaluation", "My practice has not changed", day("19 November 2026"), "red")
	}); err != nil {
		t.Fatal(err)
	}
	if th, _ := learning.GetTheme(ctx, f.db, f.pid, themeID); th.Rating != "" {
		t.Errorf("one attendee's training follow-up rated the theme %q (%q); want it unrated", th.Rating, th.RatingReason)
	}
	if err := f.tx(t, func(tx pgx.Tx) error {
		return learning.AddEvidence(ctx, tx, f.pid, recB, f.engineRoom, "re_audit", "Plans shared in 6 of 10 cases", day("20 November 2026"), "amber")
	}); err != nil {
		t.Fatal(err)
	}
	// The unrated theme takes the first evidence's rating; later evidence leaves a rated theme's own.
	if th, _ := learning.GetTheme(ctx, f.db, f.pid, themeID); th.Rating != "amber" || !strings.Contains(th.RatingReason, "evidence of impact") {
		t.Errorf("an unrated theme with amber evidence is rated %q (%q); want amber, from the evidence", th.Rating, th.RatingReason)
	}
	if err := f.tx(t, func(tx pgx.Tx) error {
		return learning.AddEvidence(ctx, tx, f.pid, recB, f.engineRoom, "re_audit", "Plans shared in 9 of 10 cases", day("21 November 2026"), "green")
	}); err != nil {
		t.Fatal(err)
	}
	if th, _ := learning.GetTheme(ctx, f.db, f.pid, themeID); th.Rating != "amber" {
		t.Errorf("a theme rated amber was re-rated %q by later evidence; it keeps its own rating", th.Rating)
	}

	counts, err := overview.EngineRoomCounts(ctx, f.db, f.pid, today)
	if err != nil {
		t.Fatal(err)
	}
	if counts.ActionsOverdue != 1 || counts.ThemesByStatus["impact_testing"] != 1 || counts.CommissionsInProgress != 0 {
		t.Errorf("counts: %+v", counts)
	}
	th, err := learning.LoadThread(ctx, f.db, f.pid, themeID)
	if err != nil {
		t.Fatal(err)
	}
	if len(th.Sources) != 1 || th.Sources[0].Decision != "new_theme" || len(th.Commissions) != 1 || len(th.Recommendations) != 2 ||
		len(th.Actions) != 2 || len(th.Evidence) != 3 || len(th.Notes[commissionID]) != 1 {
		t.Errorf("thread: %d sources, %d commissions, %d recommendations, %d actions, %d evidence", len(th.Sources), len(th.Commissions),
			len(th.Recommendations), len(th.Actions), len(th.Evidence))
	}
	var statuses []string
	for _, h := range th.History {
		statuses = append(statuses, h.Status)
	}
	if got := len(statuses); got != 5 || statuses[0] != "emerging" || statuses[3] != "impact_testing" || th.History[4].Rating != "amber" {
		t.Errorf("history: %v; want the rating from the evidence last", statuses)
	}
	needs, err := learning.TrainingNeeds(ctx, f.db, f.pid, false, app.FirstPage)
	if err != nil || len(needs) != 1 || needs[0].ThemeTitle != "Hospital discharge" {
		t.Errorf("training needs: %+v, %v", needs, err)
	}
	found, err := learning.Themes(ctx, f.db, learning.ThemeFilter{PartnershipID: f.pid, Search: "discharged social"})
	if err != nil || len(found) != 1 {
		t.Errorf("full-text search: %d themes, %v", len(found), err)
	}
	if none, _ := learning.Themes(ctx, f.db, learning.ThemeFilter{PartnershipID: f.pid, Search: "exploitation"}); len(none) != 0 {
		t.Errorf("search for something else found %d", len(none))
	}
	if kloe, _ := learning.Themes(ctx, f.db, learning.ThemeFilter{PartnershipID: f.pid, SourceKind: "kloe", Status: "impact_testing"}); len(kloe) != 1 {
		t.Error("filter by source and status")
	}

	// The recommendations list (issue #14) picks out exactly the recommendations with an action
	// overdue and those whose evidence of impact is due, as the Engine Room home counts them.
	t.Run("the recommendations list agrees with the Engine Room home", func(t *testing.T) {
		var recC int64
		impactDue := day("1 November 2026")
		if err := f.tx(t, func(tx pgx.Tx) error {
			var err error
			recC, err = learning.AddRecommendation(ctx, tx, f.pid, commissionID, learning.RecommendationInput{Title: "Audit discharge plans again",
				OwnerOrgID: f.police, DueOn: day("31 March 2027"), ImpactDueOn: &impactDue})
			if err != nil {
				return err
			}
			// recA gets a second overdue action; recC one overdue and one overdue but done.
			if _, err := learning.AddAction(ctx, tx, f.pid, recA, f.police, "Brief the wards", day("23 November 2026")); err != nil {
				return err
			}
			if _, err := learning.AddAction(ctx, tx, f.pid, recC, f.police, "Choose the cases", day("2 November 2026")); err != nil {
				return err
			}
			done, err := learning.AddAction(ctx, tx, f.pid, recC, f.police, "Book the auditors", day("3 November 2026"))
			if err != nil {
				return err
			}
			// Not overdue: due today.
			if _, err := learning.AddAction(ctx, tx, f.pid, recB, f.police, "Check the plans", today); err != nil {
				return err
			}
			return learning.AddUpdate(ctx, tx, f.pid, recC, done, f.engineRoom, "Booked", true)
		}); err != nil {
			t.Fatal(err)
		}
		counts, err := overview.EngineRoomCounts(ctx, f.db, f.pid, today)
		if err != nil {
			t.Fatal(err)
		}
		// The test's own count, written out here rather than shared with the code.
		wantOverdue := map[int64]int{}
		rows, err := f.db.Query(ctx, `SELECT a.recommendation_id, count(*)::int FROM action a JOIN recommendation r ON r.id = a.recommendation_id
			WHERE r.partnership_id = $1 AND a.status = 'open' AND a.due_on < $2 GROUP BY 1`, f.pid, today)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id int64
			var n int
			if err := rows.Scan(&id, &n); err != nil {
				t.Fatal(err)
			}
			wantOverdue[id] = n
		}
		rows.Close()
		if len(wantOverdue) != 2 || wantOverdue[recA] != 2 || wantOverdue[recC] != 1 {
			t.Fatalf("the test's own count of overdue actions: %v; want 2 on recA, 1 on recC", wantOverdue)
		}
		svc := f.service()
		list, err := svc.Recommendations(ctx, f.actor(), learning.RecommendationFilter{Concern: "actions_overdue", Page: app.FirstPage})
		if err != nil {
			t.Fatal(err)
		}
		total := 0
		for _, r := range list {
			if r.ActionsOverdue != wantOverdue[r.ID] {
				t.Errorf("recommendation %d shows %d overdue actions; want %d", r.ID, r.ActionsOverdue, wantOverdue[r.ID])
			}
			total += r.ActionsOverdue
		}
		if len(list) != len(wantOverdue) || total != counts.ActionsOverdue || total != 3 {
			t.Errorf("with overdue actions: %d recommendations holding %d overdue actions; want %d holding the home's %d (3)",
				len(list), total, len(wantOverdue), counts.ActionsOverdue)
		}
		var wantEvidence int
		if err := f.db.QueryRow(ctx, `SELECT count(*) FROM recommendation r WHERE r.partnership_id = $1 AND r.impact_due_on <= $2
			AND r.id NOT IN (SELECT recommendation_id FROM impact_evidence)`, f.pid, today).Scan(&wantEvidence); err != nil {
			t.Fatal(err)
		}
		due, err := svc.Recommendations(ctx, f.actor(), learning.RecommendationFilter{Concern: "evidence_due"})
		if err != nil {
			t.Fatal(err)
		}
		if len(due) != 1 || due[0].ID != recC || !due[0].EvidenceDue || wantEvidence != 1 || counts.EvidenceDue != len(due) {
			t.Errorf("evidence of impact due: %+v; want recC alone, as the home's %d and the test's own count %d", due, counts.EvidenceDue, wantEvidence)
		}
		all, err := svc.Recommendations(ctx, f.actor(), learning.RecommendationFilter{})
		if err != nil || len(all) != 3 || all[0].ID != recA || all[0].Commission == "" || all[0].Theme != "Hospital discharge" {
			t.Errorf("every recommendation, by due date: %+v, %v", all, err)
		}
		if none, _ := svc.Recommendations(ctx, f.actor(), learning.RecommendationFilter{Status: "implemented", Concern: "actions_overdue"}); len(none) != 0 {
			t.Errorf("implemented with overdue actions: %d; want none", len(none))
		}
		// A page of one reads one more, to say another page follows.
		if page, _ := svc.Recommendations(ctx, f.actor(), learning.RecommendationFilter{Concern: "actions_overdue", Page: app.Page{Number: 2, Size: 1}}); len(page) != 1 || page[0].ID != recC {
			t.Errorf("the second page of one: %+v; want recC", page)
		}
		// The download takes the same filter: every action of the recommendations it picks.
		var lines []learning.RecommendationLine
		if err := svc.ExportRecommendations(ctx, f.actor(), learning.RecommendationFilter{Concern: "evidence_due"}, []string{"concern"},
			func(l learning.RecommendationLine) error { lines = append(lines, l); return nil }); err != nil {
			t.Fatal(err)
		}
		if len(lines) != 2 || lines[0].ID != recC || lines[1].ID != recC {
			t.Errorf("the download of evidence due: %+v; want recC's two actions", lines)
		}
	})
}

func TestAThemeEditedByTwoPeople(t *testing.T) {
	ctx := context.Background()
	f := setup(t)
	var id int64
	if err := f.tx(t, func(tx pgx.Tx) error {
		var err error
		id, err = learning.CreateTheme(ctx, tx, f.pid, f.engineRoom, learning.ThemeInput{Title: "Neglect"}, learning.NewSource{Kind: "audit", Reference: "S11 2026"})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	th, _ := learning.GetTheme(ctx, f.db, f.pid, id)
	change := func(rating string) error {
		return f.tx(t, func(tx pgx.Tx) error {
			return learning.UpdateTheme(ctx, tx, f.pid, id, f.engineRoom, th.Version, learning.ThemeInput{Title: th.Title,
				Status: "under_enquiry", Rating: rating, RatingReason: "because", Reason: "Enquiry opened"})
		})
	}
	if err := change("amber"); err != nil {
		t.Fatal(err)
	}
	if err := change("red"); !errors.Is(err, learning.ErrConflict) {
		t.Fatalf("the second save from the same version: %v", err)
	}
	th, _ = learning.GetTheme(ctx, f.db, f.pid, id)
	if th.Rating != "amber" {
		t.Errorf("rating %q: the first save was overwritten", th.Rating)
	}
}

// A theme's status follows the learning loop: changed by hand only with a reason, and never to a
// stage the loop has not reached.
func TestThemeStatusFollowsTheLoop(t *testing.T) {
	ctx := context.Background()
	f := setup(t)
	var refused learning.StatusRefused
	if err := f.tx(t, func(tx pgx.Tx) error {
		_, err := learning.CreateTheme(ctx, tx, f.pid, f.engineRoom, learning.ThemeInput{Title: "Shared", Status: "learning_shared"}, learning.NewSource{Kind: "audit"})
		return err
	}); !errors.As(err, &refused) || refused.Field != "status" {
		t.Errorf("a new theme whose learning is already shared: %v", err)
	}
	var id int64
	if err := f.tx(t, func(tx pgx.Tx) error {
		var err error
		id, err = learning.CreateTheme(ctx, tx, f.pid, f.engineRoom, learning.ThemeInput{Title: "Neglect"}, learning.NewSource{Kind: "audit"})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	move := func(to, reason string) error {
		th, _ := learning.GetTheme(ctx, f.db, f.pid, id)
		return f.tx(t, func(tx pgx.Tx) error {
			return learning.UpdateTheme(ctx, tx, f.pid, id, f.engineRoom, th.Version, learning.ThemeInput{Title: th.Title, Status: to, Reason: reason})
		})
	}
	for _, c := range []struct {
		to, reason, field string
	}{
		{"under_enquiry", "", "reason"},
		{"learning_commissioned", "We think so", "status"},
		{"learning_shared", "We think so", "status"},
		{"impact_testing", "We think so", "status"},
	} {
		if err := move(c.to, c.reason); !errors.As(err, &refused) || refused.Field != c.field {
			t.Errorf("to %s with reason %q: %v; want refused on %s", c.to, c.reason, err, c.field)
		}
	}
	for _, to := range []string{"under_enquiry", "closed", "emerging"} { // forward, closed, reopened
		if err := move(to, "Agreed at the Engine Room"); err != nil {
			t.Errorf("to %s with a reason: %v", to, err)
		}
	}
	th, _ := learning.GetTheme(ctx, f.db, f.pid, id)
	if th.Status != "emerging" {
		t.Errorf("status %q after reopening; want emerging", th.Status)
	}
}
