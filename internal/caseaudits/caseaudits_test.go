package caseaudits_test

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/caseaudits"
	"github.com/scp-portal/portal/internal/learning"
	"github.com/scp-portal/portal/internal/seed"
	"github.com/scp-portal/portal/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

// grades grades every question alike.
func grades(qs []caseaudits.Question, grade ...string) []caseaudits.Grade {
	var out []caseaudits.Grade
	for i, q := range qs {
		out = append(out, caseaudits.Grade{QuestionID: q.ID, Grade: grade[i%len(grade)], Note: "Chronology on file"})
	}
	return out
}

// An audit is planned on a theme by the Engine Room, its cases sampled from two agencies, graded
// by two auditors (each told by e-mail with a link and the audit's reference only), moderated and
// completed; its finding raises a theme with a recommendation tracked as learning's. The cases'
// references are read, audited, and never written anywhere else.
func TestACaseAuditIsGradedModeratedAndRaisesATheme(t *testing.T) {
	ctx := context.Background()
	db := testkit.NewDB(t)
	clock := testkit.NewClock(time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC))
	if _, err := seed.Demo(ctx, db, testkit.DemoPassword, clock.Now(), false); err != nil {
		t.Fatal(err)
	}
	s := &caseaudits.Service{Env: app.Env{DB: db, Now: clock.Now, BaseURL: "https://portal.example"}}
	actor := func(email string) app.Actor { return testkit.MustActor(t, db, email, clock.Now(), "192.0.2.1") }
	er, exec, prac := actor("engine-room@hsscp.example"), actor("executive@hsscp.example"), actor("practitioner@hsscp.example")
	pid := er.Partnership
	police, council, health := er.OrganisationID, exec.OrganisationID, prac.OrganisationID

	_, err := s.Plan(ctx, er, pid, caseaudits.PlanInput{Title: " ", ModerationOn: clock.Now().AddDate(0, 0, -1), Agencies: []int64{police}})
	testkit.WantProblem(t, "no theme", err, app.Invalid, "title", "Enter the theme")
	testkit.WantProblem(t, "a past meeting", err, app.Invalid, "moderation_on-day", "today or later")
	testkit.WantProblem(t, "no tool", err, app.Invalid, "questions", "Enter the audit tool's questions")
	testkit.WantProblem(t, "one agency", err, app.Invalid, "agencies", "at least two agencies")
	_, err = s.Plan(ctx, er, pid, caseaudits.PlanInput{Title: "Neglect", ModerationOn: clock.Now(), Questions: []string{"Q"}, Agencies: []int64{police, 999999}})
	testkit.WantProblem(t, "another partnership's agency", err, app.Invalid, "agencies", "from the list")

	id, err := s.Plan(ctx, er, pid, caseaudits.PlanInput{Title: "Neglect of children under five", Scope: "Cases open in the autumn",
		ModerationOn: clock.Now().AddDate(0, 1, 0), Questions: []string{"Was the child seen and heard?", " ", "Was the chronology used?"},
		Agencies: []int64{police, council}})
	if err != nil {
		t.Fatal(err)
	}
	refs := map[int64]string{police: "POL/2026/4411", council: "CSC-88123"}
	for _, org := range []int64{police, council} {
		if _, err := s.AddCase(ctx, er, pid, id, caseaudits.CaseInput{OrganisationID: org, Reference: refs[org]}); err != nil {
			t.Fatal(err)
		}
	}
	_, err = s.AddCase(ctx, er, pid, id, caseaudits.CaseInput{OrganisationID: health, Reference: "NHS-1"})
	testkit.WantProblem(t, "a case of an agency not in the audit", err, app.Invalid, "agency", "one of the audit's agencies")

	// Two auditors, each e-mailed a link and the reference, nothing of the theme or cases.
	for _, a := range []app.Actor{er, exec} {
		if err := s.AssignAuditor(ctx, er, pid, id, a.UserID); err != nil {
			t.Fatal(err)
		}
	}
	testkit.WantProblem(t, "twice", s.AssignAuditor(ctx, er, pid, id, exec.UserID), app.Invalid, "auditor", "already")
	testkit.WantProblem(t, "a person of no agency of the audit", s.AssignAuditor(ctx, er, pid, id, prac.UserID), app.Invalid, "auditor", "from the list")
	ref := caseaudits.Reference(id)
	if n := testkit.MustCount(t, db, `outbox WHERE subject LIKE '%' || $1 AND body LIKE '%/hsscp/case-audits/' || $2 || '%'`, ref, strconv.FormatInt(id, 10)); n != 2 {
		t.Errorf("%d e-mails to the auditors with the link and reference, want 2", n)
	}
	if n := testkit.MustCount(t, db, `outbox WHERE body LIKE '%POL/2026%' OR body LIKE '%CSC-88%' OR body LIKE '%Neglect%' OR subject LIKE '%Neglect%'`); n != 0 {
		t.Errorf("%d e-mails name a case or the theme", n)
	}

	d, err := s.Audit(ctx, pid, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Questions) != 2 || len(d.Cases) != 2 || len(d.Auditors) != 2 || d.Cases[1].Agency == "" {
		t.Fatalf("audit read as %+v", d)
	}

	// Each auditor grades each case; nobody else grades; every question needs a grade.
	if err := s.Grade(ctx, prac, pid, id, 1, grades(d.Questions, "good")); !errors.Is(err, app.ErrForbidden) {
		t.Errorf("a practitioner grading: %v", err)
	}
	err = s.Grade(ctx, exec, pid, id, 1, grades(d.Questions[:1], "good"))
	testkit.WantProblem(t, "a question not graded", err, app.Invalid, caseaudits.GradeField(d.Questions[1].ID), "Choose a grade for question 2")
	testkit.WantProblem(t, "moderating before any grade", s.Moderate(ctx, er, pid, id, 1, grades(d.Questions, "good")), app.Conflict, "audit", "No auditor has graded")
	for n := 1; n <= 2; n++ {
		if err := s.Grade(ctx, er, pid, id, n, grades(d.Questions, "good", "requires_improvement")); err != nil {
			t.Fatal(err)
		}
		if err := s.Grade(ctx, exec, pid, id, n, grades(d.Questions, "inadequate")); err != nil {
			t.Fatal(err)
		}
	}
	_, err = s.AddFinding(ctx, er, pid, id, caseaudits.FindingInput{Finding: "Chronologies", ThemeTitle: "Chronologies"})
	testkit.WantProblem(t, "a finding before completion", err, app.Conflict, "audit", "Complete the audit first")

	// The moderation meeting agrees every grade; then the audit is completed.
	if err := s.Moderate(ctx, er, pid, id, 1, grades(d.Questions, "good", "inadequate")); err != nil {
		t.Fatal(err)
	}
	testkit.WantProblem(t, "completing with a case not moderated", s.Complete(ctx, er, pid, id, "Found", d.Version), app.Conflict, "audit", "agreed 2 of the 4")
	if err := s.Moderate(ctx, er, pid, id, 2, grades(d.Questions, "requires_improvement")); err != nil {
		t.Fatal(err)
	}
	testkit.WantProblem(t, "stale", s.Complete(ctx, er, pid, id, "Found", d.Version+1), app.Conflict, "summary", "Someone else")
	if err := s.Complete(ctx, er, pid, id, "Children were seen; chronologies were not used.", d.Version); err != nil {
		t.Fatal(err)
	}
	testkit.WantProblem(t, "grading once completed", s.Grade(ctx, exec, pid, id, 1, grades(d.Questions, "good")), app.Conflict, "audit", "completed")

	res, err := s.Results(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	q2 := d.Questions[1].ID
	if res.Overall != (caseaudits.Counts{Good: 1, RequiresImprovement: 2, Inadequate: 1}) || res.Sheet[caseaudits.Key{Number: 1, Question: q2, Auditor: exec.UserID}].Grade != "inadequate" ||
		res.Sheet[caseaudits.Key{Number: 1, Question: q2}].Grade != "inadequate" || res.Sheet[caseaudits.Key{Number: 1, Question: q2, Auditor: er.UserID}].Grade != "requires_improvement" {
		t.Errorf("results: %+v", res.Overall)
	}

	// The finding raises a theme whose source is the audit, with a recommendation tracked as
	// learning's.
	theme, err := s.AddFinding(ctx, er, pid, id, caseaudits.FindingInput{Finding: "Chronologies were not used to see cumulative neglect.", ThemeTitle: "Using chronologies in neglect"})
	if err != nil {
		t.Fatal(err)
	}
	th, err := learning.GetTheme(ctx, db, pid, theme)
	if err != nil {
		t.Fatal(err)
	}
	if th.Status != "emerging" || len(th.SourceKinds) != 1 || th.SourceKinds[0] != "audit" {
		t.Errorf("the theme raised: %+v", th)
	}
	_, err = s.Recommend(ctx, er, pid, id, learning.RecommendationInput{Title: " "})
	testkit.WantProblem(t, "an empty recommendation", err, app.Invalid, "rec_title", "Write the recommendation")
	if _, err := s.Recommend(ctx, er, pid, id, learning.RecommendationInput{Title: "Use a chronology in every neglect case", OwnerOrgID: council,
		DueOn: clock.Now().AddDate(0, 6, 0)}); err != nil {
		t.Fatal(err)
	}
	recs, err := s.Recommendations(ctx, id)
	if err != nil || len(recs) != 1 || recs[0].CaseAuditID == nil || *recs[0].CaseAuditID != id {
		t.Fatalf("recommendations: %+v %v", recs, err)
	}
	if n := testkit.MustCount(t, db, `action WHERE recommendation_id = $1`, recs[0].ID); n != 1 {
		t.Errorf("%d actions on the recommendation, want 1", n)
	}
	findings, err := s.Findings(ctx, id)
	if err != nil || len(findings) != 1 || !findings[0].Raised || findings[0].ThemeID != theme {
		t.Errorf("findings: %+v %v", findings, err)
	}
	// A second finding feeds the theme.
	if _, err := s.AddFinding(ctx, er, pid, id, caseaudits.FindingInput{Finding: "Also in the council's cases.", ThemeID: theme}); err != nil {
		t.Fatal(err)
	}
	if n := testkit.MustCount(t, db, `theme_source WHERE theme_id = $1 AND kind = 'audit' AND reference LIKE '%' || $2 || '%'`, theme, ref); n != 2 {
		t.Errorf("%d sources of the theme name the audit, want 2", n)
	}

	// The references are read by number, the read audited; nothing else holds them.
	got, err := s.References(ctx, er, pid, id, 0)
	if err != nil || got[1] != refs[police] || got[2] != refs[council] {
		t.Errorf("references: %v %v", got, err)
	}
	if n := testkit.MustCount(t, db, `audit_log WHERE action = 'case-audit.references' AND object_id = $1`, strconv.FormatInt(id, 10)); n != 1 {
		t.Errorf("%d audited reads of the references, want 1", n)
	}
	if n := testkit.MustCount(t, db, `audit_log WHERE detail LIKE '%POL/2026%' OR detail LIKE '%CSC-88%'`); n != 0 {
		t.Errorf("the audit log names a case %d times", n)
	}
	if n := testkit.MustCount(t, db, `theme_source WHERE reference LIKE '%POL/2026%' OR reference LIKE '%CSC-88%'`); n != 0 {
		t.Errorf("a theme's source names a case")
	}

	// The summary the exception report may carry.
	sums, err := caseaudits.Summaries(ctx, db, pid, clock.Now().AddDate(0, -1, 0), clock.Now().AddDate(0, 1, 0))
	if err != nil || len(sums) != 1 || sums[0].Cases != 2 || sums[0].Findings != 2 || sums[0].Agreed.Total() != 4 || sums[0].Agreed.GoodOrBetter() != 25 {
		t.Errorf("summaries: %+v %v", sums, err)
	}
}
