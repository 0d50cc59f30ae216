package assurance_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/assurance"
	"github.com/scp-portal/portal/internal/learning"
	"github.com/scp-portal/portal/internal/seed"
	"github.com/scp-portal/portal/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

// fixture is the demo's HSSCP with a Section 11 framework of two standards in 2025.
type fixture struct {
	ctx      context.Context
	db       *pgxpool.Pool
	clock    *testkit.Clock
	s        *assurance.Service
	bu       app.Actor
	pid      int64
	v2025    int64
	standard []int64
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	ctx := context.Background()
	db := testkit.NewDB(t)
	clock := testkit.NewClock(time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC))
	if _, err := seed.Demo(ctx, db, testkit.DemoPassword, clock.Now(), false); err != nil {
		t.Fatal(err)
	}
	f := fixture{ctx: ctx, db: db, clock: clock, s: &assurance.Service{Env: app.Env{DB: db, Now: clock.Now, BaseURL: "https://portal.example"}}}
	f.bu = testkit.MustActor(t, db, "business-unit@hsscp.example", clock.Now(), "192.0.2.1")
	f.pid = f.bu.Partnership
	var err error
	if f.v2025, err = f.s.CreateFramework(ctx, f.bu, f.pid, assurance.FrameworkInput{Name: "Section 11", Year: 2025}); err != nil {
		t.Fatal(err)
	}
	for _, title := range []string{"Leadership and accountability", "Safer recruitment"} {
		id, err := f.s.AddStandard(ctx, f.bu, f.pid, f.v2025, assurance.StandardInput{Title: title, Questions: "Who is accountable?\nHow do you know?"})
		if err != nil {
			t.Fatal(err)
		}
		f.standard = append(f.standard, id)
	}
	return f
}

// actor is the demo person email as of the clock's day.
func (f fixture) actor(t *testing.T, email string) app.Actor {
	return testkit.MustActor(t, f.db, email, f.clock.Now(), "192.0.2.2")
}

// leadOf is the e-mail of the lead representative of the HSSCP organisation named.
func (f fixture) leadOf(t *testing.T, org string) string {
	return testkit.MustQueryString(t, f.db, `SELECT u.email FROM organisation o JOIN app_user u ON u.id = o.lead_representative_id
		WHERE o.partnership_id = $1 AND o.name = $2`, f.pid, org)
}

// returnOf is the round's return of the organisation named.
func (f fixture) returnOf(t *testing.T, round int64, org string) assurance.Return {
	t.Helper()
	list, err := f.s.Returns(f.ctx, f.pid, round, false, app.Page{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range list.Rows {
		if r.OrganisationName == org {
			return r
		}
	}
	t.Fatalf("no return of %s", org)
	return assurance.Return{}
}

func rate(ids []int64, ratings ...string) []assurance.Rating {
	var out []assurance.Rating
	for i, id := range ids {
		out = append(out, assurance.Rating{StandardID: id, Rating: ratings[i], Evidence: "Audit of files", Actions: "Keep going"})
	}
	return out
}

// A new year's version copies the last version's standards, each keeping its line, and is
// adjusted on its own; a version a round was opened on no longer changes.
func TestANewYearCopiesTheLastVersion(t *testing.T) {
	f := newFixture(t)
	_, err := f.s.CreateFramework(f.ctx, f.bu, f.pid, assurance.FrameworkInput{Name: " ", Year: 20})
	testkit.WantProblem(t, "no name", err, app.Invalid, "name", "Enter the framework's name")
	testkit.WantProblem(t, "a bad year", err, app.Invalid, "year", "four digits")
	_, err = f.s.CreateFramework(f.ctx, f.bu, f.pid, assurance.FrameworkInput{Name: "Section 11", Year: 2025})
	testkit.WantProblem(t, "a second Section 11", err, app.Invalid, "name", "already a framework")

	v, _, err := f.s.Version(f.ctx, f.pid, f.v2025)
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.s.NewVersion(f.ctx, f.bu, f.pid, v.FrameworkID, 2025)
	testkit.WantProblem(t, "the same year again", err, app.Invalid, "year", "after 2025")
	v2026, err := f.s.NewVersion(f.ctx, f.bu, f.pid, v.FrameworkID, 2026)
	if err != nil {
		t.Fatal(err)
	}
	_, copied, err := f.s.Version(f.ctx, f.pid, v2026)
	if err != nil || len(copied) != 2 || copied[0].Title != "Leadership and accountability" || copied[1].Lineage != f.standard[1] || copied[0].ID == f.standard[0] {
		t.Fatalf("2026 is not a copy of 2025: %+v %v", copied, err)
	}
	// Adjusting 2026 leaves 2025 alone.
	in := assurance.StandardInput{Title: "Leadership, accountability and culture", Questions: "Who is accountable?", Version: 2}
	testkit.WantProblem(t, "a stale save", f.s.SaveStandard(f.ctx, f.bu, f.pid, copied[0].ID, in), app.Conflict, "title", "Someone else changed this standard")
	in.Version = 1
	if err := f.s.SaveStandard(f.ctx, f.bu, f.pid, copied[0].ID, in); err != nil {
		t.Fatal(err)
	}
	testkit.WantProblem(t, "a stale removal", f.s.RemoveStandard(f.ctx, f.bu, f.pid, copied[1].ID, 2), app.Conflict, "title", "Someone else changed this standard")
	if err := f.s.RemoveStandard(f.ctx, f.bu, f.pid, copied[1].ID, 1); err != nil {
		t.Fatal(err)
	}
	if _, now, _ := f.s.Version(f.ctx, f.pid, v2026); len(now) != 1 {
		t.Errorf("2026 after removing a standard: %+v", now)
	}
	if _, old, _ := f.s.Version(f.ctx, f.pid, f.v2025); len(old) != 2 || old[0].Title != "Leadership and accountability" {
		t.Errorf("changing 2026 changed 2025: %+v", old)
	}
	// Once a round is open on 2025, its standards are fixed.
	if _, err := f.s.OpenRound(f.ctx, f.bu, f.pid, f.v2025, assurance.RoundInput{Categories: []string{"police"}, DueOn: f.clock.Now()}); err != nil {
		t.Fatal(err)
	}
	_, err = f.s.AddStandard(f.ctx, f.bu, f.pid, f.v2025, assurance.StandardInput{Title: "Late", Questions: "Q"})
	testkit.WantProblem(t, "a standard added after opening", err, app.Conflict, "title", "no longer change")
	testkit.WantProblem(t, "a standard removed after opening", f.s.RemoveStandard(f.ctx, f.bu, f.pid, f.standard[0], 1), app.Conflict, "title", "no longer change")
}

// A lead completes only their own organisation's return, saving as they go; submitting needs
// every standard rated with evidence, and a submitted return is locked.
func TestALeadCompletesOnlyTheirOwnReturnUntilSubmitted(t *testing.T) {
	f := newFixture(t)
	_, err := f.s.OpenRound(f.ctx, f.bu, f.pid, f.v2025, assurance.RoundInput{})
	testkit.WantProblem(t, "no categories", err, app.Invalid, "categories", "Choose the kinds")
	testkit.WantProblem(t, "no deadline", err, app.Invalid, "due_on-day", "Enter the deadline")
	round, err := f.s.OpenRound(f.ctx, f.bu, f.pid, f.v2025, assurance.RoundInput{Categories: []string{"local_authority", "police"}, DueOn: f.clock.Now().AddDate(0, 1, 0)})
	if err != nil {
		t.Fatal(err)
	}
	council, police := f.returnOf(t, round, "Hartlepool Borough Council"), f.returnOf(t, round, "Cleveland Police")
	councilLead := f.leadOf(t, "Hartlepool Borough Council")
	testkit.OneNotice(t, f.db, councilLead, "self-assessment audit return is due by 2 April 2026")

	// The council's lead may not touch the police's return; the business unit names the police's
	// lead, who must be a person of the police.
	lead := f.actor(t, councilLead)
	err = f.s.SaveReturn(f.ctx, lead, f.pid, police.ID, assurance.ReturnInput{Ratings: rate(f.standard, "green", "green"), Version: police.Version})
	if app.KindOf(err) != app.Forbidden {
		t.Errorf("the council's lead saved the police's return: %v", err)
	}
	testkit.WantProblem(t, "a lead of another organisation", f.s.NameLead(f.ctx, f.bu, f.pid, police.ID, lead.UserID, police.Version), app.Invalid, "lead", "Choose a person of the organisation")
	officer := f.actor(t, "engine-room@hsscp.example")
	if err := f.s.NameLead(f.ctx, f.bu, f.pid, police.ID, officer.UserID, police.Version); err != nil {
		t.Fatal(err)
	}
	testkit.OneNotice(t, f.db, "engine-room@hsscp.example", "self-assessment audit return")

	// Saving as one goes takes half an answer; submitting needs them all.
	half := assurance.ReturnInput{Ratings: []assurance.Rating{{StandardID: f.standard[0], Rating: "amber"}}, Version: council.Version}
	if err := f.s.SaveReturn(f.ctx, lead, f.pid, council.ID, half); err != nil {
		t.Fatal(err)
	}
	testkit.WantProblem(t, "a stale save", f.s.SaveReturn(f.ctx, lead, f.pid, council.ID, half), app.Conflict, "return", "Someone else saved this return")
	submit := assurance.ReturnInput{Ratings: []assurance.Rating{{StandardID: f.standard[0], Rating: "purple"}}, Version: council.Version + 1, Submit: true}
	err = f.s.SaveReturn(f.ctx, lead, f.pid, council.ID, submit)
	testkit.WantProblem(t, "a rating not offered", err, app.Invalid, assurance.RatingField(f.standard[0]), "Choose red, amber or green for standard 1")
	testkit.WantProblem(t, "no evidence", err, app.Invalid, assurance.EvidenceField(f.standard[0]), "Enter the evidence for standard 1")
	testkit.WantProblem(t, "a standard not rated", err, app.Invalid, assurance.RatingField(f.standard[1]), "Rate standard 2")
	got, answers, _ := f.s.Return(f.ctx, f.pid, council.ID)
	if got.Status != "in_progress" || answers[0].Rating.Rating != "amber" {
		t.Errorf("the half-done save was not kept: %+v %+v", got, answers)
	}
	submit.Ratings = rate(f.standard, "amber", "green")
	if err := f.s.SaveReturn(f.ctx, lead, f.pid, council.ID, submit); err != nil {
		t.Fatal(err)
	}
	submit.Version++
	testkit.WantProblem(t, "a save once submitted", f.s.SaveReturn(f.ctx, lead, f.pid, council.ID, submit), app.Conflict, "return", "has been submitted")
	r, _ := f.s.Round(f.ctx, f.pid, round)
	if r.Returns != 4 || r.Submitted != 1 || r.Completion() != 25 || r.Late != 0 {
		t.Errorf("the round: %+v", r)
	}
}

// Past the deadline the returns not submitted are late, and chasing them sends one e-mail per
// lead per day however often it is asked.
func TestChasingTheLateSendsOneEmailPerLeadADay(t *testing.T) {
	f := newFixture(t)
	round, err := f.s.OpenRound(f.ctx, f.bu, f.pid, f.v2025, assurance.RoundInput{Categories: []string{"local_authority", "police"}, DueOn: f.clock.Now().AddDate(0, 0, 7)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.ChaseLate(f.ctx, f.bu, f.pid, round); app.KindOf(err) != app.Conflict {
		t.Errorf("chased before the deadline: %v", err)
	}
	council := f.returnOf(t, round, "Hartlepool Borough Council")
	councilLead := f.leadOf(t, "Hartlepool Borough Council")
	if err := f.s.SaveReturn(f.ctx, f.actor(t, councilLead), f.pid, council.ID, assurance.ReturnInput{Ratings: rate(f.standard, "green", "red"), Version: council.Version, Submit: true}); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(8 * 24 * time.Hour)
	r, _ := f.s.Round(f.ctx, f.pid, round)
	if r.Late != 3 || !f.returnOf(t, round, "Stockton-on-Tees Borough Council").Late(f.s.Today()) {
		t.Errorf("late returns: %+v", r)
	}
	sent, err := f.s.ChaseLate(f.ctx, f.bu, f.pid, round)
	if err != nil || sent != 2 { // Stockton's and the police's leads; British Transport Police has none yet
		t.Fatalf("chased %d (%v), want 2", sent, err)
	}
	if again, err := f.s.ChaseLate(f.ctx, f.bu, f.pid, round); err != nil || again != 0 {
		t.Errorf("chased again the same day: %d %v", again, err)
	}
	stockton := f.leadOf(t, "Stockton-on-Tees Borough Council")
	testkit.OneNotice(t, f.db, stockton, "Late: your organisation's self-assessment audit return")
	if mails := testkit.Outbox(t, f.db, councilLead); len(mails) != 1 {
		t.Errorf("the council, who returned, was chased: %q", mails)
	}
	f.clock.Advance(24 * time.Hour)
	if sent, err := f.s.ChaseLate(f.ctx, f.bu, f.pid, round); err != nil || sent != 2 {
		t.Errorf("the next day chased %d (%v), want 2", sent, err)
	}
	// Stockton returns: no longer late, but submitted late; the council, by the service's clock,
	// was on time.
	if f.returnOf(t, round, "Hartlepool Borough Council").SubmittedLate() {
		t.Error("the council's return, in before the deadline, is submitted late")
	}
	ret := f.returnOf(t, round, "Stockton-on-Tees Borough Council")
	if err := f.s.SaveReturn(f.ctx, f.actor(t, stockton), f.pid, ret.ID, assurance.ReturnInput{Ratings: rate(f.standard, "amber", "amber"), Version: ret.Version, Submit: true}); err != nil {
		t.Fatal(err)
	}
	if ret = f.returnOf(t, round, "Stockton-on-Tees Borough Council"); ret.Late(f.s.Today()) || !ret.SubmittedLate() {
		t.Errorf("Stockton's return after the chase: late %v, submitted late %v; want false, true", ret.Late(f.s.Today()), ret.SubmittedLate())
	}
}

// Housekeeping chases the late the day after the deadline and weekly after, under the same key
// as the business unit's chase: never twice in a day, however many runs.
func TestHousekeepingChasesTheLateWeekly(t *testing.T) {
	f := newFixture(t)
	due := f.clock.Now().AddDate(0, 0, 7)
	round, err := f.s.OpenRound(f.ctx, f.bu, f.pid, f.v2025, assurance.RoundInput{Categories: []string{"local_authority", "police"}, DueOn: due})
	if err != nil {
		t.Fatal(err)
	}
	day := func(n int) time.Time { return app.Today(due).AddDate(0, 0, n) }
	run := func(n int) int {
		t.Helper()
		sent, err := assurance.SendLateChases(f.ctx, f.db, day(n), "https://portal.example")
		if err != nil {
			t.Fatal(err)
		}
		return sent
	}
	if sent := run(0); sent != 0 {
		t.Errorf("chased on the deadline: %d", sent)
	}
	if first, again := run(1), run(1); first != 3 || again != 0 { // both councils' and the police's leads
		t.Errorf("the day after the deadline: %d, then %d again", first, again)
	}
	if sent := run(2); sent != 0 {
		t.Errorf("chased two days after: %d", sent)
	}
	// The business unit chased on day 8 before the job ran: the job sends nothing more that day.
	f.clock.Advance(15 * 24 * time.Hour)
	if sent, err := f.s.ChaseLate(f.ctx, f.bu, f.pid, round); err != nil || sent != 3 || run(8) != 0 {
		t.Errorf("the business unit's chase then the job's on day 8: %d %v", sent, err)
	}
	if sent := run(15); sent != 3 {
		t.Errorf("a week later: %d", sent)
	}
}

// The results count each standard's ratings over submitted returns, put them in a matrix by
// organisation, and compare each standard with the framework's earlier round by its line.
func TestTheMatrixAndTheChangeFromTheLastRound(t *testing.T) {
	f := newFixture(t)
	due := f.clock.Now().AddDate(0, 0, 7)
	submit := func(round int64, org string, ratings ...string) {
		t.Helper()
		r := f.returnOf(t, round, org)
		ids := f.standard
		if _, list, _ := f.s.Return(f.ctx, f.pid, r.ID); list[0].ID != ids[0] {
			ids = []int64{list[0].ID, list[1].ID}
		}
		if err := f.s.SaveReturn(f.ctx, f.actor(t, f.leadOf(t, org)), f.pid, r.ID, assurance.ReturnInput{Ratings: rate(ids, ratings...), Version: r.Version, Submit: true}); err != nil {
			t.Fatal(err)
		}
	}
	first, err := f.s.OpenRound(f.ctx, f.bu, f.pid, f.v2025, assurance.RoundInput{Categories: []string{"local_authority"}, DueOn: due})
	if err != nil {
		t.Fatal(err)
	}
	submit(first, "Hartlepool Borough Council", "red", "green")
	submit(first, "Stockton-on-Tees Borough Council", "amber", "green")

	v, _, _ := f.s.Version(f.ctx, f.pid, f.v2025)
	v2026, err := f.s.NewVersion(f.ctx, f.bu, f.pid, v.FrameworkID, 2026)
	if err != nil {
		t.Fatal(err)
	}
	second, err := f.s.OpenRound(f.ctx, f.bu, f.pid, v2026, assurance.RoundInput{Categories: []string{"local_authority", "police"}, DueOn: due.AddDate(1, 0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	submit(second, "Hartlepool Borough Council", "green", "amber")
	submit(second, "Stockton-on-Tees Borough Council", "green", "amber")

	res, err := f.s.Results(f.ctx, f.pid, second, app.Page{Number: 1, Size: 25})
	if err != nil {
		t.Fatal(err)
	}
	if res.Earlier == nil || res.Earlier.ID != first || res.Round.Completion() != 50 {
		t.Fatalf("earlier round %+v, completion %d", res.Earlier, res.Round.Completion())
	}
	lead, recruit := res.Standards[0], res.Standards[1]
	if lead.Now != (assurance.Counts{Green: 2}) || *lead.Before != (assurance.Counts{Red: 1, Amber: 1}) || assurance.Change(lead.Now, lead.Before) != "better" {
		t.Errorf("leadership: %+v before %+v", lead.Now, lead.Before)
	}
	if recruit.Now != (assurance.Counts{Amber: 2}) || assurance.Change(recruit.Now, recruit.Before) != "worse" {
		t.Errorf("recruitment: %+v before %+v", recruit.Now, recruit.Before)
	}
	if len(res.Matrix.Rows) != 4 {
		t.Fatalf("matrix rows: %+v", res.Matrix.Rows)
	}
	for _, row := range res.Matrix.Rows {
		switch row.OrganisationName {
		case "Hartlepool Borough Council":
			if strings.Join(row.Ratings, ",") != "green,amber" {
				t.Errorf("Hartlepool's row: %v", row.Ratings)
			}
		case "Cleveland Police":
			if row.Ratings != nil {
				t.Errorf("an unsubmitted return shows ratings: %v", row.Ratings)
			}
		}
	}
	// A page of one row says more follow.
	if res, _ := f.s.Results(f.ctx, f.pid, second, app.Page{Number: 1, Size: 1}); len(res.Matrix.Rows) != 1 || !res.Matrix.More {
		t.Errorf("the matrix is not paged: %d rows, more %v", len(res.Matrix.Rows), res.Matrix.More)
	}
}

// The partnership challenges a rating of a submitted return; the organisation's lead, and nobody
// else, records its response, once; what is agreed becomes an action tracked as learning's.
func TestARatingIsChallengedAndAnsweredByTheLead(t *testing.T) {
	f := newFixture(t)
	round, err := f.s.OpenRound(f.ctx, f.bu, f.pid, f.v2025, assurance.RoundInput{Categories: []string{"local_authority", "police"}, DueOn: f.clock.Now().AddDate(0, 0, 7)})
	if err != nil {
		t.Fatal(err)
	}
	council, police := f.returnOf(t, round, "Hartlepool Borough Council"), f.returnOf(t, round, "Cleveland Police")
	councilLead := f.leadOf(t, "Hartlepool Borough Council")
	lead := f.actor(t, councilLead)
	if err := f.s.SaveReturn(f.ctx, lead, f.pid, council.ID, assurance.ReturnInput{Ratings: rate(f.standard, "green", "green"), Version: council.Version, Submit: true}); err != nil {
		t.Fatal(err)
	}
	scrutineer := f.actor(t, "scrutineer@hsscp.example")
	_, err = f.s.ChallengeRating(f.ctx, scrutineer, f.pid, council.ID, assurance.ChallengeInput{})
	testkit.WantProblem(t, "no standard", err, app.Invalid, "standard", "Choose the standard")
	testkit.WantProblem(t, "no words", err, app.Invalid, "challenge", "Enter the challenge")
	_, err = f.s.ChallengeRating(f.ctx, scrutineer, f.pid, police.ID, assurance.ChallengeInput{StandardID: f.standard[1], Text: "Why green?"})
	testkit.WantProblem(t, "a return not submitted", err, app.Conflict, "challenge", "Only a submitted return")
	id, err := f.s.ChallengeRating(f.ctx, scrutineer, f.pid, council.ID, assurance.ChallengeInput{StandardID: f.standard[1], Text: "Green, with three posts vacant?"})
	if err != nil {
		t.Fatal(err)
	}
	testkit.OneNotice(t, f.db, councilLead, "is challenged", "three posts vacant")

	policeLead := f.actor(t, f.leadOf(t, "Cleveland Police"))
	if err := f.s.Respond(f.ctx, policeLead, f.pid, council.ID, id, "Not ours"); app.KindOf(err) != app.Forbidden {
		t.Errorf("another organisation's lead answered: %v", err)
	}
	testkit.WantProblem(t, "an empty response", f.s.Respond(f.ctx, lead, f.pid, council.ID, id, " "), app.Invalid, assurance.ResponseField(id), "Enter the response")
	if err := f.s.Respond(f.ctx, lead, f.pid, council.ID, id, "Interim checks cover the vacancies."); err != nil {
		t.Fatal(err)
	}
	testkit.WantProblem(t, "a second response", f.s.Respond(f.ctx, lead, f.pid, council.ID, id, "Again"), app.Conflict, assurance.ResponseField(id), "answered already")
	// What the partnership agrees on the results is learning's recommendation with its action.
	orgID := testkit.MustQueryString(t, f.db, `SELECT id::text FROM organisation WHERE partnership_id = $1 AND name = 'Hartlepool Borough Council'`, f.pid)
	owner, _ := strconv.ParseInt(orgID, 10, 64)
	_, err = f.s.AgreeAction(f.ctx, f.bu, f.pid, round, learning.RecommendationInput{Title: " "})
	testkit.WantProblem(t, "an empty action", err, app.Invalid, "rec_owner", "Choose the organisation")
	recID, err := f.s.AgreeAction(f.ctx, f.bu, f.pid, round, learning.RecommendationInput{Title: "Fill the vacant posts", OwnerOrgID: owner, DueOn: f.clock.Now().AddDate(0, 3, 0)})
	if err != nil {
		t.Fatal(err)
	}
	rec, err := (&learning.Service{Env: f.s.Env}).Recommendation(f.ctx, f.pid, recID)
	if err != nil || rec.Source != "Self-assessment audit: Section 11 2025 round" || len(rec.Actions) != 1 || rec.Actions[0].Description != "Fill the vacant posts" {
		t.Errorf("the agreed action as learning's: %+v %v", rec, err)
	}
	if agreed, _ := f.s.AgreedActions(f.ctx, round); len(agreed) != 1 || agreed[0].ID != recID {
		t.Errorf("the round's agreed actions: %+v", agreed)
	}
	list, err := f.s.Challenges(f.ctx, council.ID)
	if err != nil || len(list) != 1 || !list[0].Answered() || list[0].Response != "Interim checks cover the vacancies." || list[0].RaisedBy != "Sam Scrutineer" {
		t.Errorf("the challenge: %+v %v", list, err)
	}
}

// A school imported with its designated safeguarding lead (its only person) has them as its
// return's lead; an organisation with several people and no lead representative waits for the
// business unit to name one.
func TestASchoolsOnlyPersonLeadsItsReturn(t *testing.T) {
	f := newFixture(t)
	school := testkit.MustQueryString(t, f.db, `INSERT INTO organisation (partnership_id, name, category) VALUES ($1, 'Rift House Primary', 'education') RETURNING id::text`, f.pid)
	dsl := testkit.MustQueryString(t, f.db, `INSERT INTO app_user (partnership_id, email, name, organisation_id, status)
		VALUES ($1, 'dsl@rifthouse.example', 'Dana Lead', $2, 'invited') RETURNING id::text`, f.pid, school)
	round, err := f.s.OpenRound(f.ctx, f.bu, f.pid, f.v2025, assurance.RoundInput{Categories: []string{"education"}, DueOn: f.clock.Now().AddDate(0, 1, 0)})
	if err != nil {
		t.Fatal(err)
	}
	if r := f.returnOf(t, round, "Rift House Primary"); r.LeadID == nil || strconv.FormatInt(*r.LeadID, 10) != dsl {
		t.Errorf("the school's designated safeguarding lead does not lead its return: %+v", r)
	}
	if r := f.returnOf(t, round, "Colleges, schools and Early Years settings"); r.LeadID != nil {
		t.Errorf("an organisation with no person has a lead: %+v", r)
	}
}
