package server

import (
	"context"
	"net/http"
	"strconv"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/caseaudits"
	"github.com/scp-portal/portal/internal/form"
	"github.com/scp-portal/portal/internal/learning"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/web/paths"
	"github.com/scp-portal/portal/web/views"
)

// maxThemeChoices bounds the themes a finding may feed, offered on an audit's page.
const maxThemeChoices = 200

// caseAuditObject is an audit as the policy is asked about it: its auditors take part in it.
func caseAuditObject(p partnership.Partnership, d caseaudits.Detail) access.Object {
	return access.Object{PartnershipID: p.ID, Participants: d.AuditorIDs()}
}

// loadCaseAudit loads the audit in the path and asks the policy about action on it. One that does
// not exist is not found to those who may do action to any audit, and refused to anyone else.
func (s *Server) loadCaseAudit(r *http.Request, action access.Action) (partnership.Partnership, caseaudits.Detail, error) {
	d, err := loadAsked(s, r, action, action, "case_audit", s.CaseAudits.Audit, caseAuditObject)
	return currentPartnership(r), d, err
}

// loadAuditCase is loadCaseAudit with the case whose number is in the path.
func (s *Server) loadAuditCase(r *http.Request, action access.Action) (partnership.Partnership, caseaudits.Detail, caseaudits.Case, error) {
	p, d, err := s.loadCaseAudit(r, action)
	if err != nil {
		return p, d, caseaudits.Case{}, err
	}
	n, err := pathID(r, "number")
	if err != nil {
		return p, d, caseaudits.Case{}, err
	}
	c, ok := d.Case(int(min(n, caseaudits.MaxCases+1)))
	if !ok {
		return p, d, c, caseaudits.ErrNotFound
	}
	return p, d, c, nil
}

// caseAudits lists the partnership's audits to those who oversee them, and to anyone else the
// audits they audit.
func (s *Server) caseAudits(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	scope := access.Object{PartnershipID: p.ID}
	if !allowed(r, access.ListCaseAudits, scope) {
		scope.OwnerID = subject(r).UserID
	}
	if err := s.authorize(r, access.ListCaseAudits, scope, "case_audit", ""); err != nil {
		return err
	}
	q := r.URL.Query()
	list, err := s.CaseAudits.Audits(r.Context(), p.ID, scope.OwnerID, form.ParsePaging(q))
	if err != nil {
		return err
	}
	v := views.NewCaseAudits(p.Slug, list.Rows, may(r, access.ManageCaseAudit), scope.OwnerID != 0)
	return s.render(w, r, http.StatusOK, views.CaseAuditsPage(s.page(w, r, "Multi-agency case audits"), v,
		views.NewPager(paths.CaseAudits(p.Slug), q, list.Page, list.More)))
}

// newCaseAuditForm is the Engine Room's form to plan an audit.
func (s *Server) newCaseAuditForm(w http.ResponseWriter, r *http.Request) error {
	return s.partnershipPage(w, r, access.ManageCaseAudit, "case_audit", s.renderCaseAuditForm)
}

func (s *Server) renderCaseAuditForm(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p := currentPartnership(r)
	orgs, err := s.Partnership.Organisations(r.Context(), p.ID)
	if err != nil {
		return err
	}
	return s.render(w, r, status, views.CaseAuditForm(s.page(w, r, errorTitle("Plan a case audit", f)), f,
		views.NewCaseAuditForm(p.Slug, views.OrganisationChoices(orgs))))
}

// planCaseAudit plans an audit and goes on to its page, to add its cases and auditors.
func (s *Server) planCaseAudit(w http.ResponseWriter, r *http.Request) error {
	return s.partnershipPost(w, r, access.ManageCaseAudit, "case_audit", s.renderCaseAuditForm, func(f *form.Reader, p partnership.Partnership) (string, string, error) {
		in := caseaudits.PlanInput{Title: f.Text("title"), Scope: f.Text("scope"), ModerationOn: f.Date("moderation_on", "the date of the moderation meeting"),
			Questions: f.Lines("questions"), Agencies: f.IDs("agencies", "Choose the agencies from the list")}
		id, err := form.Attempted(f, in.Validate(partnership.Today(s.Now())), func() (int64, error) {
			return s.CaseAudits.Plan(r.Context(), s.actor(r), p.ID, in)
		})
		return paths.CaseAuditCases(p.Slug, id), "The audit has been planned: add the cases sampled, then name its auditors", err
	})
}

// caseAuditPage shows an audit: its tool, cases by number, auditors, findings and
// recommendations, with the Engine Room's forms.
func (s *Server) caseAuditPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderCaseAudit(w, r, http.StatusOK, views.Form{})
}

func (s *Server) renderCaseAudit(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p, d, err := s.loadCaseAudit(r, access.ViewCaseAudit)
	if err != nil {
		return err
	}
	ctx := r.Context()
	obj := caseAuditObject(p, d)
	can := views.CaseAuditAbilities{Manage: allowed(r, access.ManageCaseAudit, obj), Grade: allowed(r, access.GradeCaseAudit, obj),
		References: allowed(r, access.ViewCaseReferences, obj)}
	findings, err := s.CaseAudits.Findings(ctx, d.ID)
	if err != nil {
		return err
	}
	recs, err := s.CaseAudits.Recommendations(ctx, d.ID)
	if err != nil {
		return err
	}
	var auditors []app.Choice
	var themes []learning.Theme
	var orgs []views.Option
	switch {
	case can.Manage && !d.Completed():
		if auditors, err = s.CaseAudits.AuditorChoices(ctx, p.ID, d.ID); err != nil {
			return err
		}
	case can.Manage:
		if themes, err = s.Learning.Themes(ctx, learning.ThemeFilter{PartnershipID: p.ID, Page: app.Page{Number: 1, Size: maxThemeChoices}}); err != nil {
			return err
		}
		if orgs, err = s.orgOptions(r, p, "Choose the organisation"); err != nil {
			return err
		}
	}
	if f.Value("version") == "" {
		if f.Values == nil {
			f = views.NewForm(nil)
		}
		f.Values.Set("version", strconv.Itoa(d.Version))
	}
	v := views.NewCaseAudit(p.Slug, d, findings, recs, can, auditors, themes, orgs, partnership.Today(s.Now()))
	// An auditor reads the audit, not the partnership's themes: they are named without a link.
	recommendationLinks(r, v.Recommendations)
	for i := range v.Findings {
		v.Findings[i].ThemeHref = link(r, access.ViewLearning, learningObject(p), v.Findings[i].ThemeHref)
	}
	return s.render(w, r, status, views.CaseAuditPage(s.page(w, r, errorTitle(d.Title, f)), f, v))
}

// caseAuditChange is the shape of every change the Engine Room posts from an audit's page.
func (s *Server) caseAuditChange(w http.ResponseWriter, r *http.Request, again formPage,
	change func(p partnership.Partnership, d caseaudits.Detail, f *form.Reader) (to, done string, err error)) error {
	p, d, err := s.loadCaseAudit(r, access.ManageCaseAudit)
	if err != nil {
		return err
	}
	return s.postFromPage(w, r, again, func(f *form.Reader) (string, string, error) { return change(p, d, f) })
}

// assignCaseAuditor names an auditor, who is e-mailed a link to the audit.
func (s *Server) assignCaseAuditor(w http.ResponseWriter, r *http.Request) error {
	return s.caseAuditChange(w, r, s.renderCaseAudit, func(p partnership.Partnership, d caseaudits.Detail, f *form.Reader) (string, string, error) {
		user := f.ID("auditor", "Choose the auditor")
		err := f.Attempt(nil, func() error { return s.CaseAudits.AssignAuditor(r.Context(), s.actor(r), p.ID, d.ID, user) })
		return paths.CaseAudit(p.Slug, d.ID), "The auditor has been named and e-mailed", err
	})
}

// completeCaseAudit completes an audit whose grades are all agreed, with its summary.
func (s *Server) completeCaseAudit(w http.ResponseWriter, r *http.Request) error {
	return s.caseAuditChange(w, r, s.renderCaseAudit, func(p partnership.Partnership, d caseaudits.Detail, f *form.Reader) (string, string, error) {
		summary, version := f.Text("summary"), f.Version()
		err := f.Attempt(nil, func() error { return s.CaseAudits.Complete(r.Context(), s.actor(r), p.ID, d.ID, summary, version) })
		return paths.CaseAudit(p.Slug, d.ID), "The audit has been completed: record its findings", err
	})
}

// addCaseAuditFinding records a finding, which raises a new theme or feeds one.
func (s *Server) addCaseAuditFinding(w http.ResponseWriter, r *http.Request) error {
	return s.caseAuditChange(w, r, s.renderCaseAudit, func(p partnership.Partnership, d caseaudits.Detail, f *form.Reader) (string, string, error) {
		in := caseaudits.FindingInput{Finding: f.Text("finding"), ThemeTitle: f.Text("theme_title")}
		if theme := f.OptionalID("theme", "Choose the theme from the list"); theme != nil {
			in.ThemeID = *theme
		}
		err := f.Attempt(in.Validate(), func() error {
			_, err := s.CaseAudits.AddFinding(r.Context(), s.actor(r), p.ID, d.ID, in)
			return err
		})
		return paths.CaseAudit(p.Slug, d.ID), "The finding has been recorded with its theme", err
	})
}

// recommendOnCaseAudit makes a recommendation on an audit's findings, tracked as learning's.
func (s *Server) recommendOnCaseAudit(w http.ResponseWriter, r *http.Request) error {
	return s.caseAuditChange(w, r, s.renderCaseAudit, func(p partnership.Partnership, d caseaudits.Detail, f *form.Reader) (string, string, error) {
		in := learning.RecommendationInput{Title: f.Text("rec_title"), OwnerOrgID: f.ID("rec_owner", "Choose the organisation that owns it"),
			DueOn: f.Date("rec_due", "when it is due")}
		err := f.Attempt(in.Validate(), func() error {
			_, err := s.CaseAudits.Recommend(r.Context(), s.actor(r), p.ID, d.ID, in)
			return err
		})
		return paths.CaseAudit(p.Slug, d.ID), "The recommendation has been made: it is tracked with the partnership's recommendations", err
	})
}

// caseAuditCases shows the cases with their agencies' references, to the audit's auditors and
// the Engine Room alone; the read is audited.
func (s *Server) caseAuditCases(w http.ResponseWriter, r *http.Request) error {
	return s.renderCaseAuditCases(w, r, http.StatusOK, views.NewForm(nil))
}

func (s *Server) renderCaseAuditCases(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p, d, err := s.loadCaseAudit(r, access.ViewCaseReferences)
	if err != nil {
		return err
	}
	refs, err := s.CaseAudits.References(r.Context(), s.actor(r), p.ID, d.ID, 0)
	if err != nil {
		return err
	}
	v := views.NewCaseAuditCases(p.Slug, d, refs, allowed(r, access.ManageCaseAudit, caseAuditObject(p, d)))
	return s.render(w, r, status, views.CaseAuditCasesPage(s.page(w, r, errorTitle("Cases sampled", f)), f, v))
}

// addCaseAuditCase adds a case sampled from one of the audit's agencies.
func (s *Server) addCaseAuditCase(w http.ResponseWriter, r *http.Request) error {
	return s.caseAuditChange(w, r, s.renderCaseAuditCases, func(p partnership.Partnership, d caseaudits.Detail, f *form.Reader) (string, string, error) {
		in := caseaudits.CaseInput{OrganisationID: f.ID("agency", "Choose the agency whose case it is"), Reference: f.Text("reference")}
		var n int
		err := f.Attempt(in.Validate(), func() (err error) {
			n, err = s.CaseAudits.AddCase(r.Context(), s.actor(r), p.ID, d.ID, in)
			return err
		})
		return paths.CaseAuditCases(p.Slug, d.ID), "Case " + strconv.Itoa(n) + " has been added", err
	})
}

// caseGradingPage is an auditor's grading of a case.
func (s *Server) caseGradingPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderCaseGrading(w, r, http.StatusOK, views.Form{})
}

func (s *Server) renderCaseGrading(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	return s.renderCaseGrades(w, r, status, f, false)
}

// caseModerationPage is the moderation meeting's agreement of a case's grades.
func (s *Server) caseModerationPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderCaseModeration(w, r, http.StatusOK, views.Form{})
}

func (s *Server) renderCaseModeration(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	return s.renderCaseGrades(w, r, status, f, true)
}

// renderCaseGrades shows a case's grading form (moderation: the agreed grades, with each
// auditor's), filled with what was saved unless f was posted; the case's reference is shown,
// its read audited.
func (s *Server) renderCaseGrades(w http.ResponseWriter, r *http.Request, status int, f views.Form, moderation bool) error {
	action, auditor := access.GradeCaseAudit, subject(r).UserID
	if moderation {
		action, auditor = access.ManageCaseAudit, 0
	}
	p, d, c, err := s.loadAuditCase(r, action)
	if err != nil {
		return err
	}
	ref := ""
	if allowed(r, access.ViewCaseReferences, caseAuditObject(p, d)) {
		refs, err := s.CaseAudits.References(r.Context(), s.actor(r), p.ID, d.ID, c.Number)
		if err != nil {
			return err
		}
		ref = refs[c.Number]
	}
	sheet, err := s.CaseAudits.Sheet(r.Context(), d.ID, c.Number)
	if err != nil {
		return err
	}
	if f.Values == nil {
		f = views.NewForm(views.CaseGradesValues(d, c.Number, sheet, auditor))
	}
	v := views.NewCaseGrades(p.Slug, d, c, ref, sheet, moderation)
	return s.render(w, r, status, views.CaseGradesPage(s.page(w, r, errorTitle(v.Case, f)), f, v))
}

// gradesOf reads the grade and note posted for each of the audit's questions.
func gradesOf(f *form.Reader, d caseaudits.Detail) []caseaudits.Grade {
	out := make([]caseaudits.Grade, 0, len(d.Questions))
	for _, q := range d.Questions {
		out = append(out, caseaudits.Grade{QuestionID: q.ID, Grade: f.Text(caseaudits.GradeField(q.ID)), Note: f.Text(caseaudits.NoteField(q.ID))})
	}
	return out
}

// gradeCase saves the auditor's grades of a case.
func (s *Server) gradeCase(w http.ResponseWriter, r *http.Request) error {
	return s.saveCaseGrades(w, r, access.GradeCaseAudit, s.renderCaseGrading, s.CaseAudits.Grade, "Your grades of case ")
}

// moderateCase saves the grades the moderation meeting agreed for a case.
func (s *Server) moderateCase(w http.ResponseWriter, r *http.Request) error {
	return s.saveCaseGrades(w, r, access.ManageCaseAudit, s.renderCaseModeration, s.CaseAudits.Moderate, "The agreed grades of case ")
}

// saveCaseGrades saves the grades of the case in the path posted from its page again, once the
// policy allows action: an auditor's own (save, the service's Grade) or those the moderation
// agreed (Moderate). The confirmation is whose grades (of, "Your grades of case ") with the
// case's number.
func (s *Server) saveCaseGrades(w http.ResponseWriter, r *http.Request, action access.Action, again formPage,
	save func(ctx context.Context, a app.Actor, pid, auditID int64, number int, grades []caseaudits.Grade) error, of string) error {
	p, d, c, err := s.loadAuditCase(r, action)
	if err != nil {
		return err
	}
	return s.postFromPage(w, r, again, func(f *form.Reader) (string, string, error) {
		grades := gradesOf(f, d)
		err := f.Attempt(nil, func() error { return save(r.Context(), s.actor(r), p.ID, d.ID, c.Number, grades) })
		return paths.CaseAudit(p.Slug, d.ID), of + strconv.Itoa(c.Number) + " have been saved", err
	})
}

// caseAuditResults shows an audit's grades by case and question, agreed and by each auditor.
func (s *Server) caseAuditResults(w http.ResponseWriter, r *http.Request) error {
	p, d, err := s.loadCaseAudit(r, access.ViewCaseAudit)
	if err != nil {
		return err
	}
	res, err := s.CaseAudits.Results(r.Context(), d)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, views.CaseAuditResultsPage(s.page(w, r, "Results: "+d.Title), views.NewCaseAuditResults(p.Slug, res)))
}
