package assurance_test

import (
	"fmt"
	"testing"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/assurance"
	"github.com/scp-portal/portal/internal/onboarding"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/internal/testkit"
)

// An area's schools arrive by the directory file the business unit keeps (each school with its
// designated safeguarding lead); a Section 175 round opened for education then has a return for
// each, led by its lead, and its completion rate counts those submitted.
func TestASection175RoundForFortySchoolsImported(t *testing.T) {
	f := newFixture(t)
	lines := []string{"Type,Name,E-mail,Job title,Organisation,Category,Statutory partner,E-mail domains,Body,Role in body"}
	for i := 1; i <= 40; i++ {
		lines = append(lines, fmt.Sprintf("Organisation,School %02d,,,,Education,,school%02d.example,,", i, i),
			fmt.Sprintf("Person,Lead %02d,dsl@school%02d.example,Designated safeguarding lead,School %02d,,,,,", i, i, i))
	}
	p, err := partnership.BySlug(f.ctx, f.db, "hsscp")
	if err != nil {
		t.Fatal(err)
	}
	imports := &onboarding.Service{Env: app.Env{DB: f.db, Now: f.clock.Now, BaseURL: "https://portal.example"}}
	pv, err := imports.Check(f.ctx, f.bu, p, "schools.csv", testkit.JoinCSV(lines))
	if err != nil || len(pv.Organisations) != 40 || len(pv.People) != 40 {
		t.Fatalf("the schools' file: %v, %+v", err, pv.Problems)
	}
	if done, err := imports.Import(f.ctx, f.bu, p, pv.ID); err != nil || done.Organisations != 40 {
		t.Fatalf("import: %+v, %v", done, err)
	}
	// The leads accept their invitations.
	if _, err := f.db.Exec(f.ctx, `UPDATE app_user SET status = 'active' WHERE email LIKE 'dsl@school%.example'`); err != nil {
		t.Fatal(err)
	}
	round, err := f.s.OpenRound(f.ctx, f.bu, f.pid, f.v2025, assurance.RoundInput{Categories: []string{"education"}, DueOn: f.clock.Now().AddDate(0, 1, 0)})
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 30; i++ {
		ret := f.returnOf(t, round, fmt.Sprintf("School %02d", i))
		lead := f.actor(t, fmt.Sprintf("dsl@school%02d.example", i))
		if ret.LeadID == nil || *ret.LeadID != lead.UserID {
			t.Fatalf("School %02d's return is not led by its designated safeguarding lead: %+v", i, ret)
		}
		in := assurance.ReturnInput{Ratings: rate(f.standard, "green", "amber"), Version: ret.Version, Submit: true}
		if err := f.s.SaveReturn(f.ctx, lead, f.pid, ret.ID, in); err != nil {
			t.Fatal(err)
		}
	}
	r, err := f.s.Round(f.ctx, f.pid, round)
	// The demo's own education organisation makes a 41st return, not submitted.
	if err != nil || r.Returns != 41 || r.Submitted != 30 || r.Completion() != 73 {
		t.Errorf("the round: %d returns, %d submitted, %d%% complete, %v; want 41, 30, 73%%", r.Returns, r.Submitted, r.Completion(), err)
	}
}
