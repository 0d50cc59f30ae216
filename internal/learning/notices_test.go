package learning_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/learning"
	"github.com/scp-portal/portal/internal/testkit"
)

// A critical friend hears once that they are commissioned: the commission's number and a link,
// never the theme's or the commission's title.
func TestACriticalFriendIsToldOfTheirCommission(t *testing.T) {
	f := setup(t)
	s, a := f.service(), f.actor()
	s.BaseURL = "https://portal.example"
	cid := f.commissioned(t, s, a, "Bruising in babies", "Audit of Child B", "Who knew?")
	m := testkit.OneNotice(t, f.db, "critical-friend@hsscp.example", "commissioned", "Bruising", "Child B", "Who knew")
	if want := fmt.Sprintf("https://portal.example/hsscp/commissions/%d", cid); !strings.Contains(m, want) {
		t.Errorf("the notice lacks %s:\n%s", want, m)
	}
}

// The writer of a KLOE request hears once that the Engine Room's triage gave it an outcome.
func TestTriageTellsTheWriterOfTheOutcome(t *testing.T) {
	ctx := context.Background()
	f := setup(t)
	s, a := f.service(), f.actor()
	req := f.kloe(t, "Discharge planning")
	if _, err := s.Triage(ctx, a, f.pid, req.ID, learning.TriageInput{Decision: "close", Outcome: "Covered by the audit", RequestV: req.Version}); err != nil {
		t.Fatal(err)
	}
	testkit.OneNotice(t, f.db, "practitioner@hsscp.example", "Your request "+req.Reference+" has its outcome", "Discharge", "Covered")
}

// An action's owner organisation hears once that it has it (through its lead representative, or
// the partnership's mailbox when it has none), once when it is due within the week, and once when
// it is overdue, however many processes run the reminders at once; never what the action says.
func TestAnActionsOwnerIsToldOnceOfEachStep(t *testing.T) {
	ctx := context.Background()
	f := setup(t)
	s, a := f.service(), f.actor()
	rec := f.recommendation(t, "Invite social care")
	secret := []string{"Change the discharge checklist", "Invite social care"}
	police, err := s.AddAction(ctx, a, f.pid, rec, learning.ActionInput{OrganisationID: f.police, Description: secret[0], DueOn: day("4 December 2026")})
	if err != nil {
		t.Fatal(err)
	}
	trust, err := s.AddAction(ctx, a, f.pid, rec, learning.ActionInput{OrganisationID: f.agency, Description: secret[0], DueOn: day("20 December 2026")})
	if err != nil {
		t.Fatal(err)
	}
	var lead string
	if err := f.db.QueryRow(ctx, `SELECT u.email FROM organisation o JOIN app_user u ON u.id = o.lead_representative_id WHERE o.id = $1`, f.police).Scan(&lead); err != nil {
		t.Fatal(err)
	}
	testkit.OneNotice(t, f.db, lead, fmt.Sprintf("new action (action %d,", police), secret...)
	testkit.OneNotice(t, f.db, "business-unit@hsscp.example", fmt.Sprintf("new action (action %d,", trust), secret...)

	run := func(today time.Time) {
		t.Helper()
		var wg sync.WaitGroup
		for range 3 {
			wg.Go(func() {
				if _, err := learning.SendActionReminders(ctx, f.db, today, "https://portal.example"); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
	}
	run(day("30 November 2026"))
	run(day("1 December 2026"))
	testkit.OneNotice(t, f.db, lead, fmt.Sprintf("action %d is due on 4 December 2026", police), secret...)
	reminded := func(id int64) int {
		return testkit.MustCount(t, f.db, `outbox WHERE subject LIKE $1`, fmt.Sprintf("%% action %d is %%", id))
	}
	if n := reminded(trust); n != 0 {
		t.Errorf("the trust's action, due in three weeks, was reminded: %d e-mails", n)
	}
	run(app.Today(day("5 December 2026")))
	run(day("6 December 2026"))
	testkit.OneNotice(t, f.db, lead, fmt.Sprintf("action %d is overdue", police), secret...)
	if _, err := f.db.Exec(ctx, `UPDATE action SET status = 'done' WHERE id = $1`, trust); err != nil {
		t.Fatal(err)
	}
	run(day("21 December 2026"))
	if n := reminded(trust); n != 0 {
		t.Errorf("a done action was reminded: %d e-mails", n)
	}
}

// recommendation makes a recommendation titled title, on a commission with findings, and
// returns its id.
func (f fixture) recommendation(t *testing.T, title string) int64 {
	t.Helper()
	ctx := context.Background()
	s, a := f.service(), f.actor()
	cid := f.commissioned(t, s, a, "Discharge", "Audit", "Who?")
	c, err := s.CommissionByID(ctx, f.pid, cid)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SaveFindings(ctx, a, c, learning.FindingsInput{Findings: "Found", Version: c.Version}); err != nil {
		t.Fatal(err)
	}
	if c, err = s.CommissionByID(ctx, f.pid, cid); err != nil {
		t.Fatal(err)
	}
	id, err := s.Recommend(ctx, a, c, learning.RecommendationInput{Title: title, OwnerOrgID: f.agency, DueOn: day("31 January 2027")})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// commissioned saves, through s as a, a theme titled theme from an audit and commissions learning
// on it (title, key lines keyLines) from October to December 2026 with the fixture's critical
// friend, and returns the commission's id.
func (f fixture) commissioned(t *testing.T, s *learning.Service, a app.Actor, theme, title, keyLines string) int64 {
	t.Helper()
	ctx := context.Background()
	themeID, err := s.SaveTheme(ctx, a, f.pid, learning.ThemeChange{Theme: learning.ThemeInput{Title: theme}, Source: learning.NewSource{Kind: "audit"}})
	if err != nil {
		t.Fatal(err)
	}
	cid, err := s.Commission(ctx, a, f.pid, themeID, learning.CommissionInput{Title: title, KeyLines: keyLines, Methods: []string{"case_audit"},
		StartsOn: day("1 October 2026"), DueOn: day("31 December 2026"), Friends: []int64{f.friend}})
	if err != nil {
		t.Fatal(err)
	}
	return cid
}
