package learning_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/learning"
	"github.com/scp-portal/portal/internal/testkit"
)

func (f fixture) service() *learning.Service {
	return &learning.Service{Env: app.Env{DB: f.db, Now: func() time.Time { return day("24 November 2026") }}}
}

func (f fixture) actor() app.Actor {
	return app.Actor{Subject: access.Subject{UserID: f.engineRoom, Email: "engine-room@hsscp.example", PartnershipID: f.pid},
		Partnership: f.pid, IP: "192.0.2.7"}
}

// audited counts the audit records of action on object id.
func (f fixture) audited(t *testing.T, action, id string) int {
	t.Helper()
	var n int
	if err := f.db.QueryRow(context.Background(), `SELECT count(*) FROM audit_log WHERE action = $1 AND object_id = $2 AND ip = '192.0.2.7'`,
		action, id).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A theme's status moves on by hand only with a reason, and only to a stage the loop has reached;
// a save from a stale version is refused, and each change is audited with it.
func TestServiceThemeStatusOnlyMovesWithAReason(t *testing.T) {
	ctx := context.Background()
	f := setup(t)
	s, a := f.service(), f.actor()
	if _, err := s.SaveTheme(ctx, a, f.pid, learning.ThemeChange{Theme: learning.ThemeInput{Title: "Neglect"}}); app.KindOf(err) != app.Invalid ||
		app.FieldMessage(err, "source_kind") == "" {
		t.Errorf("a theme with no source: %v", err)
	}
	id, err := s.SaveTheme(ctx, a, f.pid, learning.ThemeChange{Theme: learning.ThemeInput{Title: "Neglect"}, Source: learning.NewSource{Kind: "audit"}})
	if err != nil {
		t.Fatal(err)
	}
	if f.audited(t, "theme.create", itoa(id)) != 1 {
		t.Error("the new theme is not in the audit log")
	}
	change := func(version int, status, reason string) error {
		_, err := s.SaveTheme(ctx, a, f.pid, learning.ThemeChange{ID: id, Version: version,
			Theme: learning.ThemeInput{Title: "Neglect", Status: status, Reason: reason}})
		return err
	}
	th, _ := s.Theme(ctx, f.pid, id)
	testkit.WantProblem(t, "", change(th.Version, "under_enquiry", ""), app.Invalid, "reason", "Say why the status is changing")
	testkit.WantProblem(t, "", change(th.Version, "learning_shared", "We think so"), app.Invalid, "status", "No findings have been signed off")
	if err := change(th.Version, "under_enquiry", "Agreed at the Engine Room"); err != nil {
		t.Fatal(err)
	}
	testkit.WantProblem(t, "", change(th.Version, "closed", "Done with"), app.Conflict, "title", "Someone else changed this theme")
	if app.VersionOf(change(th.Version, "closed", "Done with")) != th.Version+1 {
		t.Error("the stale save does not carry the theme's version now")
	}
	if f.audited(t, "theme.update", itoa(id)) != 1 {
		t.Error("the refused changes were audited, or the saved one was not")
	}
}

// Critical friends must be impartial: in the pool, and working for no statutory partner; each
// problem lands on the friends question. There is no recommendation and no sign-off before there
// are findings, and an organisation that is not the partnership's lands on its own question.
func TestServiceCommissionRules(t *testing.T) {
	ctx := context.Background()
	f := setup(t)
	s, a := f.service(), f.actor()
	themeID, err := s.SaveTheme(ctx, a, f.pid, learning.ThemeChange{Theme: learning.ThemeInput{Title: "Discharge"}, Source: learning.NewSource{Kind: "audit"}})
	if err != nil {
		t.Fatal(err)
	}
	in := learning.CommissionInput{Title: "Discharge audit", KeyLines: "Who is invited?", Methods: []string{"case_audit"},
		StartsOn: day("1 October 2026"), DueOn: day("31 December 2026"), Friends: []int64{f.engineRoom, f.practitioner}}
	_, err = s.Commission(ctx, a, f.pid, themeID, in)
	if app.KindOf(err) != app.Invalid || len(app.FieldsOf(err)) != 2 || app.FieldsOf(err)[0].Field != "friends" {
		t.Errorf("two partial friends: %v", err)
	}
	in.Friends = []int64{f.friend}
	in.DueOn = day("1 September 2026")
	testkit.WantProblem(t, "", func() error { _, err := s.Commission(ctx, a, f.pid, themeID, in); return err }(), app.Invalid, "due_on-day", "on or after the start")
	in.DueOn = day("31 December 2026")
	cid, err := s.Commission(ctx, a, f.pid, themeID, in)
	if err != nil {
		t.Fatal(err)
	}
	if f.audited(t, "commission.create", itoa(cid)) != 1 {
		t.Error("the commission is not in the audit log")
	}
	c, err := s.CommissionByID(ctx, f.pid, cid)
	if err != nil {
		t.Fatal(err)
	}
	rec := learning.RecommendationInput{Title: "Invite social care", OwnerOrgID: f.agency, DueOn: day("31 January 2027")}
	_, err = s.Recommend(ctx, a, c, rec)
	testkit.WantProblem(t, "", err, app.Invalid, "rec_title", "Write the findings first")
	testkit.WantProblem(t, "", s.SignOff(ctx, a, c), app.Invalid, "findings", "no findings to sign off")

	if err := s.SaveFindings(ctx, a, c, learning.FindingsInput{Findings: "## Found", Version: c.Version}); err != nil {
		t.Fatal(err)
	}
	testkit.WantProblem(t, "", s.SaveFindings(ctx, a, c, learning.FindingsInput{Findings: "Mine", Version: c.Version}), app.Conflict, "findings", "Someone else saved the findings")
	var other int64
	if err := f.db.QueryRow(ctx, `SELECT o.id FROM organisation o JOIN partnership p ON p.id = o.partnership_id WHERE p.slug <> 'hsscp' LIMIT 1`).Scan(&other); err != nil {
		t.Fatal(err)
	}
	rec.OwnerOrgID = other
	_, err = s.Recommend(ctx, a, c, rec)
	testkit.WantProblem(t, "", err, app.Invalid, "rec_owner", "Choose an organisation from the list")
	rec.OwnerOrgID = f.agency
	recID, err := s.Recommend(ctx, a, c, rec)
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.AddAction(ctx, a, f.pid, recID, learning.ActionInput{OrganisationID: other, Description: "Change the checklist", DueOn: day("1 March 2027")})
	testkit.WantProblem(t, "", err, app.Invalid, "action_org", "Choose an organisation from the list")
	testkit.WantProblem(t, "", s.AddChallenge(ctx, a, f.pid, recID, learning.ChallengeInput{OrganisationID: other, HeldOn: day("1 November 2026"), WhatChanged: "More"}),
		app.Invalid, "challenge_org", "Choose an organisation from the list")
	if _, err := s.AddAction(ctx, a, f.pid, 999999999, learning.ActionInput{OrganisationID: f.agency, Description: "x", DueOn: day("1 March 2027")}); app.KindOf(err) != app.NotFound {
		t.Errorf("an action on no recommendation: %v", err)
	}
	testkit.WantProblem(t, "", s.AddEvidence(ctx, a, f.pid, recID, learning.EvidenceInput{Kind: "re_audit", Summary: "9 of 10", On: day("25 November 2026"), Rating: "green"}),
		app.Invalid, "evidence_on-day", "today or in the past")

	if err := s.SignOff(ctx, a, c); err != nil {
		t.Fatal(err)
	}
	testkit.WantProblem(t, "", s.SignOff(ctx, a, c), app.Conflict, "findings", "already been signed off")
	testkit.WantProblem(t, "", s.AddNote(ctx, a, c, learning.NoteInput{Kind: "note", Body: "Late"}), app.Conflict, "note", "signed off")
	if th, _ := s.Theme(ctx, f.pid, themeID); th.Status != "learning_shared" {
		t.Errorf("the theme after sign-off is %s", th.Status)
	}
}

// Triage is of a KLOE request only; a request moved on since the form was loaded is refused with
// its version now, and triaging it twice is refused.
func TestServiceTriage(t *testing.T) {
	ctx := context.Background()
	f := setup(t)
	s, a := f.service(), f.actor()
	const shared, sharing = "Shared learning with front-line staff", "Effective information sharing for timely decisions"
	req := f.kloe(t, "Discharge planning", sharing, shared, "A priority no longer on the list")
	if _, err := s.Triage(ctx, a, f.pid, req.ID, learning.TriageInput{Decision: "new_theme", RequestV: req.Version}); app.KindOf(err) != app.Invalid ||
		app.FieldMessage(err, "theme_title") == "" || app.FieldMessage(err, "triage_outcome") == "" {
		t.Errorf("a new theme without title or outcome: %v", err)
	}
	_, err := s.Triage(ctx, a, f.pid, req.ID, learning.TriageInput{Decision: "close", Outcome: "Covered", RequestV: req.Version + 1})
	testkit.WantProblem(t, "", err, app.Conflict, "decision", "Someone else has moved this request on")
	res, err := s.Triage(ctx, a, f.pid, req.ID, learning.TriageInput{Decision: "new_theme", NewTheme: learning.ThemeInput{Title: "Discharge"},
		Outcome: "Started a theme", RequestV: req.Version})
	if err != nil || res.ThemeID == 0 || res.Reference != req.Reference {
		t.Fatalf("triage: %+v, %v", res, err)
	}
	if th, _ := s.Theme(ctx, f.pid, res.ThemeID); !strings.Contains(th.Description, req.Reference) {
		t.Errorf("the new theme does not name the request that raised it: %q", th.Description)
	} else if strings.Join(th.Priorities, "|") != shared+"|"+sharing {
		t.Errorf("the new theme bears priorities %q; want the KLOE's chosen ones %q, in the partnership's order", th.Priorities, []string{shared, sharing})
	}
	if f.audited(t, "request.triage", itoa(req.ID)) != 1 {
		t.Error("the triage is not in the audit log")
	}
	if _, err := s.Triage(ctx, a, f.pid, 999999999, learning.TriageInput{}); app.KindOf(err) != app.NotFound {
		t.Errorf("triage of no request: %v", err)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
