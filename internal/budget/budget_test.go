package budget_test

import (
	"context"
	"testing"
	"time"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/budget"
	"github.com/scp-portal/portal/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

func TestPoundsAreReadAsPenceAndHugeAmountsRefused(t *testing.T) {
	for in, want := range map[string]int64{"12,500": 1250000, "£12,500.50": 1250050, " 0.5 ": 50, "100000000": budget.MaxPence, ".25": 25} {
		if got, msg := budget.ParsePounds(in); got != want || msg != "" {
			t.Errorf("ParsePounds(%q) = %d, %q; want %d", in, got, msg, want)
		}
	}
	for _, in := range []string{"", "-5", "1.234", "12e9", "100000000.01", "99999999999999999999999", "£", "1.", "twelve"} {
		if _, msg := budget.ParsePounds(in); msg == "" {
			t.Errorf("ParsePounds(%q) was accepted", in)
		}
	}
	if got := budget.Pounds(123456789); got != "£1,234,567.89" {
		t.Errorf("Pounds = %s", got)
	}
	if got := budget.Percent(3550); got != "35.5%" {
		t.Errorf("Percent = %s", got)
	}
}

// The business unit drafts a year's budget, the Executive approves it, and only then does the
// yearly report draw on it; the partners' shares follow from their contributions.
func TestABudgetIsDraftedApprovedAndDrawnOn(t *testing.T) {
	ctx := context.Background()
	db := testkit.NewDB(t)
	now := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	s := &budget.Service{Env: app.Env{DB: db, Now: func() time.Time { return now }}}
	var pid, other, council, police int64
	testkit.MustQueryRow(t, db, `INSERT INTO partnership (slug, name, short_name) VALUES ('tscp', 'Test partnership', 'TSCP') RETURNING id`).Scan(&pid)
	testkit.MustQueryRow(t, db, `INSERT INTO partnership (slug, name, short_name) VALUES ('oscp', 'Other partnership', 'OSCP') RETURNING id`).Scan(&other)
	testkit.MustQueryRow(t, db, `INSERT INTO organisation (partnership_id, name, category) VALUES ($1, 'Council', 'local_authority') RETURNING id`, pid).Scan(&council)
	testkit.MustQueryRow(t, db, `INSERT INTO organisation (partnership_id, name, category) VALUES ($1, 'Police', 'police') RETURNING id`, pid).Scan(&police)
	var foreign int64
	testkit.MustQueryRow(t, db, `INSERT INTO organisation (partnership_id, name, category) VALUES ($1, 'Elsewhere', 'police') RETURNING id`, other).Scan(&foreign)
	a := app.Actor{Partnership: pid, IP: "192.0.2.1"}

	if err := s.Create(ctx, a, pid, 2026); err != nil {
		t.Fatal(err)
	}
	if err := s.Create(ctx, a, pid, 2026); app.FieldMessage(err, "year") == "" {
		t.Errorf("a second budget for a year: %v", err)
	}
	if err := s.Submit(ctx, a, pid, 2026, 1); app.FieldMessage(err, "status") == "" {
		t.Errorf("submitting an empty budget: %v", err)
	}
	err := s.AddLine(ctx, a, pid, 2026, budget.LineInput{Kind: "contribution", Planned: "99999999999999", Version: 1})
	if app.FieldMessage(err, "organisation") == "" || app.FieldMessage(err, "planned") != "Enter an amount of £100 million or less" {
		t.Errorf("a line with no partner and a huge amount: %v", err)
	}
	if err := s.AddLine(ctx, a, pid, 2026, budget.LineInput{Kind: "contribution", OrganisationID: &foreign, Planned: "1", Version: 1}); app.FieldMessage(err, "organisation") == "" {
		t.Errorf("another partnership's organisation as a partner: %v", err)
	}
	version := 1
	for _, in := range []budget.LineInput{
		{Kind: "contribution", OrganisationID: &council, Planned: "60,000"},
		{Kind: "contribution", OrganisationID: &police, Planned: "£20,000"},
		{Kind: "income", Heading: "Training fees", Planned: "5,000", Outturn: "6,250.50"},
		{Kind: "spending", Heading: "Business unit staffing", Planned: "80,000"},
	} {
		in.Version = version
		if err := s.AddLine(ctx, a, pid, 2026, in); err != nil {
			t.Fatal(err)
		}
		version++
	}
	if err := s.AddLine(ctx, a, pid, 2026, budget.LineInput{Kind: "contribution", OrganisationID: &police, Planned: "1", Version: version}); app.FieldMessage(err, "organisation") == "" {
		t.Errorf("a partner's second contribution: %v", err)
	}
	if err := s.AddLine(ctx, a, pid, 2026, budget.LineInput{Kind: "spending", Heading: "x", Planned: "1", Version: 1}); app.KindOf(err) != app.Conflict {
		t.Errorf("a stale line: %v", err)
	}
	b, err := s.Get(ctx, pid, 2026)
	if err != nil {
		t.Fatal(err)
	}
	tot := b.Totals()
	if tot.Contributions != 8000000 || tot.Balance() != 500000 || tot.OutturnIncome != 625050 || b.Share(b.Lines[0]) != 7500 {
		t.Errorf("totals %+v, balance %d, council's share %d", tot, tot.Balance(), b.Share(b.Lines[0]))
	}
	if _, err := budget.Approved(ctx, db, pid, 2026); err != budget.ErrNotFound {
		t.Errorf("a draft drawn on as approved: %v", err)
	}
	if err := s.Approve(ctx, a, pid, 2026, version); app.KindOf(err) != app.Conflict {
		t.Errorf("approving a draft: %v", err)
	}
	if err := s.Submit(ctx, a, pid, 2026, version); err != nil {
		t.Fatal(err)
	}
	if err := s.AddLine(ctx, a, pid, 2026, budget.LineInput{Kind: "spending", Heading: "x", Planned: "1", Version: version + 1}); app.KindOf(err) != app.Conflict {
		t.Errorf("a line added to a submitted budget: %v", err)
	}
	if err := s.Approve(ctx, a, pid, 2026, version+1); err != nil {
		t.Fatal(err)
	}
	if ap, err := budget.Approved(ctx, db, pid, 2026); err != nil || len(ap.Lines) != 4 {
		t.Errorf("the approved budget: %+v, %v", ap, err)
	}
	if _, err := s.Get(ctx, other, 2026); err != budget.ErrNotFound {
		t.Errorf("another partnership's budget: %v", err)
	}
	if err := s.Reopen(ctx, a, pid, 2026, version+2); err != nil {
		t.Fatal(err)
	}
	if _, err := budget.Approved(ctx, db, pid, 2026); err != budget.ErrNotFound {
		t.Errorf("a reopened budget still approved: %v", err)
	}
}
