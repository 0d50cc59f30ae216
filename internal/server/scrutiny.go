package server

import (
	"net/http"
	"strconv"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/form"
	"github.com/scp-portal/portal/internal/learning"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/internal/scrutiny"
	"github.com/scp-portal/portal/web/paths"
	"github.com/scp-portal/portal/web/views"
)

// scrutinyReports lists independent scrutiny's reports: drafts too for those who write them.
func (s *Server) scrutinyReports(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.ViewScrutinyReports, access.Object{PartnershipID: p.ID}, "scrutiny_report", ""); err != nil {
		return err
	}
	writer := allowed(r, access.WriteScrutinyReport, access.Object{PartnershipID: p.ID, Draft: true})
	q := r.URL.Query()
	list, err := s.Scrutiny.List(r.Context(), p.ID, writer, form.ParsePaging(q))
	if err != nil {
		return err
	}
	newHref := ""
	if writer {
		newHref = paths.NewScrutinyReport(p.Slug)
	}
	return s.render(w, r, http.StatusOK, views.ScrutinyReports(s.page(w, r, "Independent scrutiny reports"),
		views.NewScrutinyList(p.Slug, list.Rows, newHref), views.NewPager(paths.ScrutinyReports(p.Slug), q, list.Page, list.More)))
}

// writeScrutiny asks the policy whether the person writes scrutiny reports here: before any
// report is read, so that whoever may not is refused whatever the id.
func (s *Server) writeScrutiny(r *http.Request, id string) (partnership.Partnership, error) {
	p := currentPartnership(r)
	return p, s.authorize(r, access.WriteScrutinyReport, access.Object{PartnershipID: p.ID, Draft: true}, "scrutiny_report", id)
}

// newScrutinyReportForm is the form to start a report.
func (s *Server) newScrutinyReportForm(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.writeScrutiny(r, ""); err != nil {
		return err
	}
	return s.renderNewScrutinyReport(w, r, http.StatusOK, views.NewForm(nil))
}

func (s *Server) renderNewScrutinyReport(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p := currentPartnership(r)
	return s.render(w, r, status, views.NewScrutinyReport(s.page(w, r, errorTitle("Write a scrutiny report", f)), f, paths.NewScrutinyReport(p.Slug)))
}

// scrutinyInput reads a report's fields.
func scrutinyInput(f *form.Reader) scrutiny.Input {
	return scrutiny.Input{Title: f.Text("title"), ReportOn: f.Date("report_on", "the report's date"), Findings: f.Text("findings"), Version: f.Version()}
}

// createScrutinyReport starts a draft report.
func (s *Server) createScrutinyReport(w http.ResponseWriter, r *http.Request) error {
	p, err := s.writeScrutiny(r, "")
	if err != nil {
		return err
	}
	return s.postFromPage(w, r, s.renderNewScrutinyReport, func(f *form.Reader) (string, string, error) {
		in := scrutinyInput(f)
		id, err := form.Attempted(f, in.Validate(), func() (int64, error) {
			return s.Scrutiny.Create(r.Context(), s.actor(r), p.ID, in)
		})
		return paths.ScrutinyReport(p.Slug, id), "The draft has been saved: only independent scrutiny sees it until it is issued", err
	})
}

// scrutinyReportPage shows a report; a draft only to those who write reports. One that does not
// exist is not found to those who read reports, and refused to anyone else.
func (s *Server) scrutinyReportPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderScrutinyReport(w, r, http.StatusOK, views.NewForm(nil))
}

// renderScrutinyReport renders the report in the path as it is now, with f, the form posted.
func (s *Server) renderScrutinyReport(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p := currentPartnership(r)
	rep, err := loadAsked(s, r, access.ViewScrutinyReports, access.ViewScrutinyReports, "scrutiny_report", s.Scrutiny.Get,
		func(p partnership.Partnership, rep scrutiny.Report) access.Object {
			return access.Object{PartnershipID: p.ID, Draft: rep.Draft()}
		})
	if err != nil {
		return err
	}
	recs, err := s.Scrutiny.Recommendations(r.Context(), rep.ID)
	if err != nil {
		return err
	}
	orgs, err := s.orgOptions(r, p, "Choose the organisation")
	if err != nil {
		return err
	}
	writer := allowed(r, access.WriteScrutinyReport, access.Object{PartnershipID: p.ID, Draft: true})
	f = views.ScrutinyReportForm(rep, f)
	v := views.NewScrutinyPage(p.Slug, rep, recs, orgs, writer, partnership.Today(s.Now()))
	recommendationLinks(r, v.Recs)
	return s.render(w, r, status, views.ScrutinyReportPage(s.page(w, r, errorTitle(rep.Title, f)), f, v))
}

// scrutinyChange posts a change to the draft report in the path by its writer, settling it on the
// report's page.
func (s *Server) scrutinyChange(w http.ResponseWriter, r *http.Request, done string, change func(f *form.Reader, pid, id int64) error) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.writeScrutiny(r, strconv.FormatInt(id, 10))
	if err != nil {
		return err
	}
	return s.postFromPage(w, r, s.renderScrutinyReport, func(f *form.Reader) (string, string, error) {
		return paths.ScrutinyReport(p.Slug, id), done, change(f, p.ID, id)
	})
}

// saveScrutinyReport saves the draft's title, date and findings.
func (s *Server) saveScrutinyReport(w http.ResponseWriter, r *http.Request) error {
	return s.scrutinyChange(w, r, "The draft has been saved", func(f *form.Reader, pid, id int64) error {
		in := scrutinyInput(f)
		return f.Attempt(in.Validate(), func() error { return s.Scrutiny.Save(r.Context(), s.actor(r), pid, id, in) })
	})
}

// issueScrutinyReport issues the draft to the partnership and tells the Executive.
func (s *Server) issueScrutinyReport(w http.ResponseWriter, r *http.Request) error {
	return s.scrutinyChange(w, r, "The report has been issued: the Executive has been told", func(f *form.Reader, pid, id int64) error {
		version := f.Version()
		return f.Attempt(nil, func() error { return s.Scrutiny.Issue(r.Context(), s.actor(r), pid, id, version) })
	})
}

// addScrutinyRecommendation adds a recommendation to the partners to the draft, tracked like
// learning's.
func (s *Server) addScrutinyRecommendation(w http.ResponseWriter, r *http.Request) error {
	return s.scrutinyChange(w, r, "The recommendation has been added", func(f *form.Reader, pid, id int64) error {
		in := learning.RecommendationInput{Title: f.Text("rec_title"), OwnerOrgID: f.ID("rec_owner", "Choose the organisation that owns it"),
			DueOn: f.Date("rec_due", "when it is due")}
		return f.Attempt(in.Validate(), func() error {
			_, err := s.Scrutiny.AddRecommendation(r.Context(), s.actor(r), pid, id, in)
			return err
		})
	})
}
