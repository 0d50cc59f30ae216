package views

import (
	"time"

	"github.com/scp-portal/portal/internal/budget"
	"github.com/scp-portal/portal/web/paths"
)

// BudgetYearRow is a year's budget in the list.
type BudgetYearRow struct {
	Href, Label, Status string
	Approved            bool
}

// BudgetsView is the partnership's budgets by year, with the form to start one for the business unit.
type BudgetsView struct {
	Rows         []BudgetYearRow
	CreateAction string // "" for those who do not draft budgets
}

// NewBudgets lists the partnership's budgets; canDraft shows the form to start one.
func NewBudgets(slug string, list []budget.Summary, canDraft bool) BudgetsView {
	v := BudgetsView{}
	for _, b := range list {
		v.Rows = append(v.Rows, BudgetYearRow{Href: paths.Budget(slug, b.Year), Label: budget.Budget{Year: b.Year}.Label(),
			Status: budget.Statuses.Label(b.Status), Approved: b.Status == "approved"})
	}
	if canDraft {
		v.CreateAction = paths.Budgets(slug)
	}
	return v
}

// BudgetLineRow is a line of the budget as a table shows it.
type BudgetLineRow struct {
	Name, Planned, Outturn, Share string
	RemoveAction                  string // "" unless the business unit may remove it now
}

// BudgetSection is the lines of one kind with their total.
type BudgetSection struct {
	Heading        string
	Rows           []BudgetLineRow
	Total, Outturn string
	Shares         bool // contributions show each partner's share
}

// BudgetView is a year's budget: its lines by kind, totals and balance, and the forms of who may
// change or approve it.
type BudgetView struct {
	Label, Status  string
	Approved       bool
	ApprovedAt     *time.Time
	Sections       []BudgetSection
	Balance        string
	OutturnBalance string
	Version        int
	CanDraft       bool // the line form, submit (a draft) and reopen (otherwise)
	CanApprove     bool // a submitted budget, for the Executive
	Draft          bool
	Submitted      bool
	Kinds, Orgs    []Option
	LinesAction    string
	SubmitAction   string
	ApproveAction  string
	ReopenAction   string
}

// NewBudgetView is budget b of partnership slug, with the forms canDraft and canApprove allow.
func NewBudgetView(slug string, b budget.Budget, orgs []Option, canDraft, canApprove bool) BudgetView {
	t := b.Totals()
	v := BudgetView{Label: b.Label(), Status: budget.Statuses.Label(b.Status), Approved: b.Status == "approved", ApprovedAt: b.ApprovedAt,
		Balance: budget.Pounds(t.Balance()), OutturnBalance: budget.Pounds(t.OutturnBalance()), Version: b.Version,
		CanDraft: canDraft, CanApprove: canApprove && b.Status == "submitted", Draft: b.Draft(), Submitted: b.Status == "submitted",
		Kinds: Choices(budget.Kinds), Orgs: orgs, LinesAction: paths.BudgetLines(slug, b.Year),
		SubmitAction: paths.BudgetSubmit(slug, b.Year), ApproveAction: paths.BudgetApprove(slug, b.Year), ReopenAction: paths.BudgetReopen(slug, b.Year)}
	totals := map[string][2]int64{"contribution": {t.Contributions, t.OutturnContributions}, "income": {t.Income, t.OutturnIncome},
		"spending": {t.Spending, t.OutturnSpending}}
	for _, k := range budget.Kinds {
		sec := BudgetSection{Heading: k.Label, Total: budget.Pounds(totals[k.Value][0]), Outturn: budget.Pounds(totals[k.Value][1]),
			Shares: k.Value == "contribution"}
		for _, l := range b.Lines {
			if l.Kind != k.Value {
				continue
			}
			row := BudgetLineRow{Name: l.Name, Planned: budget.Pounds(l.PlannedPence)}
			if l.OutturnPence != nil {
				row.Outturn = budget.Pounds(*l.OutturnPence)
			}
			if sec.Shares {
				row.Share = budget.Percent(b.Share(l))
			}
			if canDraft && b.Draft() {
				row.RemoveAction = paths.BudgetLineRemove(slug, b.Year, l.ID)
			}
			sec.Rows = append(sec.Rows, row)
		}
		v.Sections = append(v.Sections, sec)
	}
	return v
}

// budgetHeadings are the columns of a section's table.
func budgetHeadings(shares, removable bool) []string {
	h := []string{"Line", "Planned", "Outturn"}
	if shares {
		h = append(h, "Share")
	}
	if removable {
		h = append(h, "Change")
	}
	return h
}
