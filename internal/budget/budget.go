// Package budget holds the partnership's pooled budget, year by year: each partner's
// contribution (their proportional shares follow from the amounts, and are agreed when the
// Executive approves the budget), other income, spending by heading, and at the year's end the
// outturn of each line. The business unit drafts it and submits it; the Executive approves it.
// The yearly report's funding section and the arrangements draw on the approved budget
// (Approved). Money is kept in whole pence.
package budget

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
)

// ErrNotFound is a year with no budget in the partnership.
var ErrNotFound = app.NotFoundError("budget: no budget for that year")

// Statuses are where a year's budget is.
var Statuses = app.Choices{{Value: "draft", Label: "Draft"}, {Value: "submitted", Label: "Awaiting the Executive's approval"},
	{Value: "approved", Label: "Approved by the Executive"}}

// Kinds are the kinds of line, in the order a budget shows them.
var Kinds = app.Choices{{Value: "contribution", Label: "Partner's contribution"}, {Value: "income", Label: "Other income"},
	{Value: "spending", Label: "Spending"}}

// Service reads and changes budgets. The caller has asked the access policy first.
type Service struct {
	app.Env // the database, the portal's address and the clock
}

// Budget is one year's pooled budget with its lines.
type Budget struct {
	ID         int64
	Year       int // the reporting year it starts in
	Notes      string
	Status     string
	ApprovedAt *time.Time
	Version    int
	Lines      []Line
}

// Line is one contribution, income or spending line.
type Line struct {
	ID             int64
	Kind           string
	OrganisationID *int64
	Name           string // the partner's name, or the heading
	PlannedPence   int64
	OutturnPence   *int64
}

// Draft reports whether the business unit may still change the budget.
func (b Budget) Draft() bool { return b.Status == "draft" }

// Label names the budget's year: "2026 to 2027".
func (b Budget) Label() string { return strconv.Itoa(b.Year) + " to " + strconv.Itoa(b.Year+1) }

// Totals are a budget's sums by kind, planned and outturn (lines with no outturn count nothing).
type Totals struct {
	Contributions, Income, Spending                      int64
	OutturnContributions, OutturnIncome, OutturnSpending int64
}

// Totals sums the budget's lines.
func (b Budget) Totals() Totals {
	var t Totals
	for _, l := range b.Lines {
		out := int64(0)
		if l.OutturnPence != nil {
			out = *l.OutturnPence
		}
		switch l.Kind {
		case "contribution":
			t.Contributions += l.PlannedPence
			t.OutturnContributions += out
		case "income":
			t.Income += l.PlannedPence
			t.OutturnIncome += out
		case "spending":
			t.Spending += l.PlannedPence
			t.OutturnSpending += out
		}
	}
	return t
}

// Balance is what the year plans to leave over (negative: a deficit).
func (t Totals) Balance() int64 { return t.Contributions + t.Income - t.Spending }

// OutturnBalance is what the year left over, by the outturn recorded.
func (t Totals) OutturnBalance() int64 {
	return t.OutturnContributions + t.OutturnIncome - t.OutturnSpending
}

// Share is a contribution's share of all contributions, in basis points (hundredths of a per
// cent): the proportional share the Executive agrees in approving the budget.
func (b Budget) Share(l Line) int64 {
	total := b.Totals().Contributions
	if l.Kind != "contribution" || total == 0 {
		return 0
	}
	return (l.PlannedPence*10000 + total/2) / total
}

// Summary is a year's budget as a list names it.
type Summary struct {
	Year   int
	Status string
}

// MaxYears is how many years a list of budgets shows: a partnership has one budget a year.
const MaxYears = 30

// List returns the partnership's budgets, latest year first.
func (s *Service) List(ctx context.Context, pid int64) ([]Summary, error) {
	return database.All[Summary](ctx, s.DB, "budget: list", `SELECT year, status FROM budget WHERE partnership_id = $1 ORDER BY year DESC LIMIT $2`, pid, MaxYears)
}

// Get returns the partnership's budget for year with its lines.
func (s *Service) Get(ctx context.Context, pid int64, year int) (Budget, error) {
	return get(ctx, s.DB, pid, year, false)
}

// Approved returns the partnership's approved budget for year, through q, or ErrNotFound: what
// the yearly report's funding section and the arrangements draw on.
func Approved(ctx context.Context, q database.Querier, pid int64, year int) (Budget, error) {
	return get(ctx, q, pid, year, true)
}

func get(ctx context.Context, q database.Querier, pid int64, year int, approvedOnly bool) (Budget, error) {
	b, err := database.One[struct {
		ID         int64
		Year       int
		Notes      string
		Status     string
		ApprovedAt *time.Time
		Version    int
	}](ctx, q, ErrNotFound, "budget: budget", `SELECT id, year, notes, status, approved_at, version FROM budget
		WHERE partnership_id = $1 AND year = $2 AND (NOT $3 OR status = 'approved')`, pid, year, approvedOnly)
	if err != nil {
		return Budget{}, err
	}
	out := Budget{ID: b.ID, Year: b.Year, Notes: b.Notes, Status: b.Status, ApprovedAt: b.ApprovedAt, Version: b.Version}
	out.Lines, err = database.All[Line](ctx, q, "budget: lines", `SELECT l.id, l.kind, l.organisation_id, coalesce(o.name, l.heading), l.planned_pence, l.outturn_pence
		FROM budget_line l LEFT JOIN organisation o ON o.id = l.organisation_id
		WHERE l.budget_id = $1 ORDER BY array_position(array['contribution', 'income', 'spending'], l.kind), l.id`, b.ID)
	return out, err
}

// ValidYear checks a year typed for a new budget.
func ValidYear(text string) (int, error) {
	y, err := strconv.Atoi(strings.TrimSpace(text))
	if err != nil || y < 2000 || y > 2100 {
		return 0, app.InvalidField("year", "Enter the year the budget starts in, like 2026")
	}
	return y, nil
}

// Create starts a draft budget for year.
func (s *Service) Create(ctx context.Context, a app.Actor, pid int64, year int) error {
	return app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		var id int64
		err := tx.QueryRow(ctx, `INSERT INTO budget (partnership_id, year) VALUES ($1, $2) RETURNING id`, pid, year).Scan(&id)
		err = app.OnUnique(err, "year", "There is already a budget for that year")
		return app.Event{Action: audit.BudgetCreate, ObjectType: "budget", ObjectID: id, Detail: "year " + strconv.Itoa(year), Partnership: pid}, err
	})
}

// LineInput is a line as the form gives it: amounts as typed, in pounds.
type LineInput struct {
	Kind           string
	OrganisationID *int64 // a contribution's partner
	Heading        string // income's or spending's
	Planned        string
	Outturn        string // "" until the year's end
	Version        int
}

// parsed checks a line and returns its amounts in pence, with messages in the form's order.
func (in LineInput) parsed() (planned int64, outturn *int64, err error) {
	var p app.Problems
	if !Kinds.Has(in.Kind) {
		p.Add("kind", "Choose what the line is")
	} else if in.Kind == "contribution" && in.OrganisationID == nil {
		p.Add("organisation", "Choose the partner who contributes")
	} else if in.Kind != "contribution" {
		p.Words("heading", in.Heading, 200, "Enter the heading, like Training or Staffing", "The heading must be 200 characters or fewer")
	}
	planned, msg := ParsePounds(in.Planned)
	if msg != "" {
		p.Add("planned", msg)
	}
	if strings.TrimSpace(in.Outturn) != "" {
		o, msg := ParsePounds(in.Outturn)
		if msg != "" {
			p.Add("outturn", msg)
		}
		outturn = &o
	}
	return planned, outturn, p.Err()
}

// Validate checks a line, for the form.
func (in LineInput) Validate() error {
	_, _, err := in.parsed()
	return err
}

// AddLine adds a line to the draft budget of year, if it is still at in.Version.
func (s *Service) AddLine(ctx context.Context, a app.Actor, pid int64, year int, in LineInput) error {
	planned, outturn, err := in.parsed()
	if err != nil {
		return err
	}
	return s.change(ctx, a, pid, year, in.Version, "planned", audit.BudgetLine, func(tx pgx.Tx, id int64) (string, error) {
		org, heading := in.OrganisationID, strings.TrimSpace(in.Heading)
		if in.Kind == "contribution" {
			heading = ""
		} else {
			org = nil
		}
		tag, err := tx.Exec(ctx, `INSERT INTO budget_line (budget_id, kind, organisation_id, heading, planned_pence, outturn_pence)
			SELECT $1, $2, $3, $4, $5, $6 WHERE $3::bigint IS NULL OR EXISTS (SELECT 1 FROM organisation WHERE id = $3 AND partnership_id = $7)`,
			id, in.Kind, org, heading, planned, outturn, pid)
		if err == nil && tag.RowsAffected() == 0 {
			err = app.InvalidField("organisation", "Choose the partner from the list")
		}
		err = app.OnUnique(err, "organisation", "That partner's contribution is already in the budget: remove it first to change it")
		return "added a " + in.Kind, app.OnForeignKey(err, "organisation", "Choose the partner from the list")
	})
}

// RemoveLine removes a line from the draft budget of year, if it is still at version.
func (s *Service) RemoveLine(ctx context.Context, a app.Actor, pid int64, year int, lineID int64, version int) error {
	return s.change(ctx, a, pid, year, version, "lines", audit.BudgetLine, func(tx pgx.Tx, id int64) (string, error) {
		_, err := tx.Exec(ctx, `DELETE FROM budget_line WHERE budget_id = $1 AND id = $2`, id, lineID)
		return "removed line " + strconv.FormatInt(lineID, 10), err
	})
}

// Submit puts the draft budget of year to the Executive.
func (s *Service) Submit(ctx context.Context, a app.Actor, pid int64, year, version int) error {
	return s.move(ctx, a, pid, year, version, "draft", audit.BudgetSubmit,
		`UPDATE budget SET status = 'submitted', submitted_at = now(), version = version + 1 WHERE id = $1
			AND EXISTS (SELECT 1 FROM budget_line WHERE budget_id = $1)`, "Add the partners' contributions and the spending before submitting")
}

// Approve is the Executive's approval of the submitted budget of year, and with it of the
// partners' proportional shares.
func (s *Service) Approve(ctx context.Context, a app.Actor, pid int64, year, version int) error {
	return s.move(ctx, a, pid, year, version, "submitted", audit.BudgetApprove,
		`UPDATE budget SET status = 'approved', approved_at = now(), approved_by = $2, version = version + 1 WHERE id = $1`, "", a.ID())
}

// Reopen takes a submitted or approved budget back to a draft, to change it or record the
// outturn; an approval is void, and the Executive approves it again.
func (s *Service) Reopen(ctx context.Context, a app.Actor, pid int64, year, version int) error {
	return s.move(ctx, a, pid, year, version, "submitted,approved", audit.BudgetReopen,
		`UPDATE budget SET status = 'draft', approved_at = NULL, approved_by = NULL, submitted_at = NULL, version = version + 1 WHERE id = $1`, "")
}

// move runs sql ($1 the budget, then args) on the budget of year if it is in one of from (comma
// separated) and at version; sql changing nothing is refused with empty (a message on "status").
func (s *Service) move(ctx context.Context, a app.Actor, pid int64, year, version int, from string, action audit.Action, sql, empty string, args ...any) error {
	return app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		id, status, err := lock(ctx, tx, pid, year, version, "status")
		ev := app.Event{Action: action, ObjectType: "budget", ObjectID: id, Detail: "year " + strconv.Itoa(year), Partnership: pid}
		if err != nil {
			return ev, err
		}
		if !strings.Contains(from, status) {
			return ev, app.ConflictField("status", "The budget is "+strings.ToLower(Statuses.Label(status))+": it cannot be moved on from here")
		}
		tag, err := tx.Exec(ctx, sql, append([]any{id}, args...)...)
		if err == nil && tag.RowsAffected() == 0 {
			err = app.InvalidField("status", empty)
		}
		return ev, err
	})
}

// change makes fn's change to the draft budget of year if it is still at version, and moves its
// version on.
func (s *Service) change(ctx context.Context, a app.Actor, pid int64, year, version int, field string, action audit.Action,
	fn func(tx pgx.Tx, id int64) (string, error)) error {
	return app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		id, status, err := lock(ctx, tx, pid, year, version, field)
		ev := app.Event{Action: action, ObjectType: "budget", ObjectID: id, Partnership: pid}
		if err != nil {
			return ev, err
		}
		if status != "draft" {
			return ev, app.ConflictField(field, "The budget has been submitted: reopen it to change it")
		}
		ev.Detail, err = fn(tx, id)
		if err == nil {
			_, err = tx.Exec(ctx, `UPDATE budget SET version = version + 1 WHERE id = $1`, id)
		}
		return ev, err
	})
}

// lock locks the budget of year inside tx and checks it is at version.
func lock(ctx context.Context, tx pgx.Tx, pid int64, year, version int, field string) (int64, string, error) {
	var id int64
	var status string
	var current int
	err := tx.QueryRow(ctx, `SELECT id, status, version FROM budget WHERE partnership_id = $1 AND year = $2 FOR UPDATE`, pid, year).Scan(&id, &status, &current)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return 0, "", ErrNotFound
	case err != nil:
		return 0, "", fmt.Errorf("budget: lock: %w", err)
	case current != version:
		return id, status, app.Stale(field, "changed this budget", "", current)
	}
	return id, status, nil
}

// InForce returns the approved budget of the reporting year today falls in, for a partnership
// whose year starts in the month yearStarts (1 to 12), and false when the Executive has approved
// none: the published arrangements show it as their funding.
func (s *Service) InForce(ctx context.Context, pid int64, yearStarts int) (Budget, bool, error) {
	today := s.Today()
	year := today.Year()
	if int(today.Month()) < yearStarts {
		year--
	}
	b, err := Approved(ctx, s.DB, pid, year)
	if errors.Is(err, ErrNotFound) {
		return b, false, nil
	}
	return b, err == nil, err
}
