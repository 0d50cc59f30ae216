package server

import (
	"context"
	"net/http"
	"strconv"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/budget"
	"github.com/scp-portal/portal/internal/form"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/web/paths"
	"github.com/scp-portal/portal/web/views"
)

// budgetObject is the partnership's budget as the access policy sees it.
func budgetObject(p partnership.Partnership) access.Object { return access.Object{PartnershipID: p.ID} }

// budgets lists the partnership's budgets by year, with the form to start one for the business unit.
func (s *Server) budgets(w http.ResponseWriter, r *http.Request) error {
	return s.partnershipPage(w, r, access.ViewBudget, "budget", s.renderBudgets)
}

func (s *Server) renderBudgets(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p := currentPartnership(r)
	list, err := s.Budget.List(r.Context(), p.ID)
	if err != nil {
		return err
	}
	v := views.NewBudgets(p.Slug, list, allowed(r, access.DraftBudget, budgetObject(p)))
	return s.render(w, r, status, views.Budgets(s.page(w, r, errorTitle("Pooled budget", f)), f, v))
}

// createBudget starts a draft budget for a year.
func (s *Server) createBudget(w http.ResponseWriter, r *http.Request) error {
	return s.partnershipPost(w, r, access.DraftBudget, "budget", s.renderBudgets, func(f *form.Reader, p partnership.Partnership) (string, string, error) {
		year, err := budget.ValidYear(f.Text("year"))
		if err == nil {
			err = s.Budget.Create(r.Context(), s.actor(r), p.ID, year)
		}
		return paths.Budget(p.Slug, year), "The budget has been started: add the partners' contributions, other income and spending", err
	})
}

// budgetYear reads the year in the path: one out of range is not found.
func budgetYear(r *http.Request) (int, error) {
	y, err := strconv.Atoi(urlParam(r, "year"))
	if err != nil || y < 2000 || y > 2100 {
		return 0, budget.ErrNotFound
	}
	return y, nil
}

// budgetPage shows a year's budget with the forms of who may change or approve it.
func (s *Server) budgetPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderBudget(w, r, http.StatusOK, views.NewForm(nil))
}

func (s *Server) renderBudget(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.ViewBudget, budgetObject(p), "budget", urlParam(r, "year")); err != nil {
		return err
	}
	year, err := budgetYear(r)
	if err != nil {
		return err
	}
	b, err := s.Budget.Get(r.Context(), p.ID, year)
	if err != nil {
		return err
	}
	canDraft := allowed(r, access.DraftBudget, budgetObject(p))
	var orgs []views.Option
	if canDraft && b.Draft() {
		if orgs, err = s.orgOptions(r, p, "Choose the partner"); err != nil {
			return err
		}
	}
	v := views.NewBudgetView(p.Slug, b, orgs, canDraft, allowed(r, access.ApproveBudget, budgetObject(p)))
	return s.render(w, r, status, views.BudgetPage(s.page(w, r, errorTitle("Budget "+b.Label(), f)), f, v))
}

// budgetChange posts action's change to the year's budget in the path, settling it on its page.
func (s *Server) budgetChange(action access.Action, done string, change func(r *http.Request, f *form.Reader, pid int64, year int) error) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		p := currentPartnership(r)
		if err := s.authorize(r, action, budgetObject(p), "budget", urlParam(r, "year")); err != nil {
			return err
		}
		year, err := budgetYear(r)
		if err != nil {
			return err
		}
		return s.postFromPage(w, r, s.renderBudget, func(f *form.Reader) (string, string, error) {
			return paths.Budget(p.Slug, year), done, change(r, f, p.ID, year)
		})
	}
}

// addBudgetLine adds a contribution, income or spending line to a draft.
func (s *Server) addBudgetLine() func(w http.ResponseWriter, r *http.Request) error {
	return s.budgetChange(access.DraftBudget, "The line has been added", func(r *http.Request, f *form.Reader, pid int64, year int) error {
		in := budget.LineInput{Kind: f.Text("kind"), OrganisationID: f.OptionalID("organisation", "Choose the partner from the list"),
			Heading: f.Text("heading"), Planned: f.Text("planned"), Outturn: f.Text("outturn"), Version: f.Version()}
		return f.Attempt(in.Validate(), func() error { return s.Budget.AddLine(r.Context(), s.actor(r), pid, year, in) })
	})
}

// removeBudgetLine removes a line from a draft.
func (s *Server) removeBudgetLine() func(w http.ResponseWriter, r *http.Request) error {
	return s.budgetChange(access.DraftBudget, "The line has been removed", func(r *http.Request, f *form.Reader, pid int64, year int) error {
		line, err := pathID(r, "line")
		if err != nil {
			return err
		}
		version := f.Version()
		return f.Attempt(nil, func() error { return s.Budget.RemoveLine(r.Context(), s.actor(r), pid, year, line, version) })
	})
}

// moveBudget is a step of the budget's approval: submit, approve or reopen.
// step is a method of budget.Service: (*budget.Service).Submit, Approve or Reopen.
func (s *Server) moveBudget(action access.Action, done string,
	step func(*budget.Service, context.Context, app.Actor, int64, int, int) error) func(w http.ResponseWriter, r *http.Request) error {
	return s.budgetChange(action, done, func(r *http.Request, f *form.Reader, pid int64, year int) error {
		version := f.Version()
		return f.Attempt(nil, func() error { return step(s.Budget, r.Context(), s.actor(r), pid, year, version) })
	})
}
