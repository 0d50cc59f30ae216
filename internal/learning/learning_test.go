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
