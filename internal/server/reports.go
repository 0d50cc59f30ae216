package server

import (
	"net/http"
	"strconv"

	"github.com/a-h/templ"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/form"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/internal/reports"
	"github.com/scp-portal/portal/web/paths"
	"github.com/scp-portal/portal/web/views"
)

// reportsList lists the partnership's reports, with the form to start one.
func (s *Server) reportsList(w http.ResponseWriter, r *http.Request) error {
	return s.partnershipPage(w, r, access.ViewReport, "report", s.renderReports)
}

func (s *Server) renderReports(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p := currentPartnership(r)
	list, err := s.Reports.List(r.Context(), p.ID)
	if err != nil {
		return err
	}
	v := views.NewReportsPage(p.Slug, list, s.Reports.Today(), reports.StartOf(p.YearStarts), may(r, reports.Exception.Write), may(r, reports.Yearly.Write))
	return s.render(w, r, status, views.Reports(s.page(w, r, errorTitle("Reports", f)), f, v))
}

// startReport starts a draft report of a kind for a period; the kind's writer action decides who
// may (an unknown kind is asked as the exception report, and refused by the service).
func (s *Server) startReport(w http.ResponseWriter, r *http.Request) error {
	return s.partnershipPost(w, r, access.ViewReport, "report", s.renderReports, func(f *form.Reader, p partnership.Partnership) (string, string, error) {
		k, ok := reports.KindOf(f.Text("kind"))
		if !ok {
			k = reports.Exception
		}
		if err := s.authorize(r, k.Writer(""), learningObject(p), "report", ""); err != nil {
			return "", "", err
		}
		field := "period"
		if k == reports.Yearly {
			field = "year" // the reports page holds both forms, each with its own field
		}
		id, err := s.Reports.Start(r.Context(), s.actor(r), reports.StartInput{PartnershipID: p.ID, Kind: f.Text("kind"), Period: f.Text(field), PeriodField: field})
		return paths.Report(p.Slug, id), "The report has been started, its figures drawn from the records", err
	})
}

// reportAccess is which lists of records the person may open from a report's figures.
func reportAccess(r *http.Request) views.ReportAccess {
	return views.ReportAccess{reports.ListInbox: may(r, access.ViewInbox), reports.ListThemes: may(r, access.ViewLearning),
		reports.ListCommissions: may(r, access.ListCommissions), reports.ListRecommendations: may(r, access.ViewLearning),
		reports.ListReviews: may(r, access.ViewReview), reports.ListAssurance: may(r, access.ViewAssurance),
		reports.ListTraining: may(r, access.ViewTraining), reports.ListCaseAudits: may(r, access.ListCaseAudits)}
}

// reportPage shows a report with its figures, and the forms to write it for those who may.
func (s *Server) reportPage(w http.ResponseWriter, r *http.Request) error {
	return s.recordPage(w, r, access.ViewReport, "report", s.renderReport)
}

// reportView reads the report in the path and builds its view, with f the form posted (or none).
func (s *Server) reportView(r *http.Request, f views.Form) (views.ReportView, reports.Report, error) {
	p := currentPartnership(r)
	id, err := pathID(r, "id")
	if err != nil {
		return views.ReportView{}, reports.Report{}, err
	}
	rep, err := s.Reports.Report(r.Context(), p.ID, id)
	if err != nil {
		return views.ReportView{}, rep, err
	}
	return views.NewReportPage(p.Slug, p.Name, rep, reportAccess(r), reportRights(r, rep.Kind), f), rep, nil
}

// reportRights is what the person may write of a report of kind k: the report, and each section.
func reportRights(r *http.Request, k *reports.Kind) views.ReportRights {
	v := views.ReportRights{Report: may(r, k.Writer("")), Sections: map[string]bool{}, Challenge: may(r, access.RaiseChallenge)}
	for _, sd := range k.Sections {
		v.Sections[sd.Key] = may(r, k.Writer(sd.Key))
	}
	return v
}

// reportWrite asks the access policy whether the person may change the report in the path (its
// section keyed key, or the report itself for ""): those who may read it learn whether it
// exists, then its kind's writer action decides.
func (s *Server) reportWrite(r *http.Request, key string) (partnership.Partnership, int64, *reports.Kind, error) {
	p, id, err := s.record(r, "id", access.ViewReport, "report")
	if err != nil {
		return p, id, nil, err
	}
	k, err := s.Reports.KindOfReport(r.Context(), p.ID, id)
	if err != nil {
		return p, id, k, err
	}
	return p, id, k, s.authorize(r, k.Writer(key), learningObject(p), "report", strconv.FormatInt(id, 10))
}

// reportPost is the skeleton of a form posted on the report's page: the policy is asked as
// reportWrite asks (the section keyed key, or the report itself for ""), then the form is read and
// the change made with the partnership, the report's id and its kind, and settled on the report's
// page (postFromPage).
func (s *Server) reportPost(w http.ResponseWriter, r *http.Request, key string,
	change func(f *form.Reader, p partnership.Partnership, id int64, k *reports.Kind) (to, done string, err error)) error {
	p, id, k, err := s.reportWrite(r, key)
	if err != nil {
		return err
	}
	return s.postFromPage(w, r, s.renderReport, func(f *form.Reader) (string, string, error) { return change(f, p, id, k) })
}

// readReport is the skeleton of a page that shows the report in the path as other than its
// workspace (a meeting paper, its checklist, its summary): the policy is asked whether the person
// reads the report, then page makes what is shown of the report's view.
func (s *Server) readReport(w http.ResponseWriter, r *http.Request, page func(v views.ReportView) templ.Component) error {
	if _, _, err := s.record(r, "id", access.ViewReport, "report"); err != nil {
		return err
	}
	v, _, err := s.reportView(r, views.NewForm(nil))
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, page(v))
}

// renderReport shows the report in the path with f, the form of whichever of its steps (a
// section, submission, reopening) came back with problems.
func (s *Server) renderReport(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	v, rep, err := s.reportView(r, f)
	if err != nil {
		return err
	}
	if err := s.reportPublication(r, &v, rep); err != nil {
		return err
	}
	f = views.ReportForm(rep, f)
	return s.render(w, r, status, views.ReportPage(s.page(w, r, errorTitle(v.Title, f)), f, v))
}

// exceptionReport finds the exception report of a quarter named in the address (2026-Q3), for
// links from meeting papers and minutes, and goes to it.
func (s *Server) exceptionReport(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.ViewReport, learningObject(p), "report", urlParam(r, "period")); err != nil {
		return err
	}
	id, err := s.Reports.ByPeriod(r.Context(), p.ID, reports.Exception.Value, urlParam(r, "period"))
	if err != nil {
		return err
	}
	http.Redirect(w, r, paths.Report(p.Slug, id), http.StatusSeeOther)
	return nil
}

// saveReportSection stores a section's narrative, refusing to overwrite someone else's newer one.
func (s *Server) saveReportSection(w http.ResponseWriter, r *http.Request) error {
	key := urlParam(r, "key")
	return s.reportPost(w, r, key, func(f *form.Reader, p partnership.Partnership, id int64, _ *reports.Kind) (string, string, error) {
		f.Values.Set("section", key)
		err := s.Reports.SaveSection(r.Context(), s.actor(r), reports.SectionInput{PartnershipID: p.ID, ReportID: id, Key: key,
			Narrative: f.Text(views.NarrativeField(key)), Version: f.Version()})
		return paths.ReportSectionAnchor(p.Slug, id, key), "The section has been saved", err
	})
}

// submitReport submits the report, fixing its figures.
func (s *Server) submitReport(w http.ResponseWriter, r *http.Request) error {
	return s.reportPost(w, r, "", func(f *form.Reader, p partnership.Partnership, id int64, k *reports.Kind) (string, string, error) {
		err := s.Reports.Submit(r.Context(), s.actor(r), reports.SubmitInput{PartnershipID: p.ID, ReportID: id, Version: f.Version()})
		return paths.Report(p.Slug, id), "The report has been submitted to " + k.SentTo + ", with its figures as they stand today", err
	})
}

// reopenReport makes a submitted report a draft again, keeping the submitted version.
func (s *Server) reopenReport(w http.ResponseWriter, r *http.Request) error {
	return s.reportPost(w, r, "", func(f *form.Reader, p partnership.Partnership, id int64, _ *reports.Kind) (string, string, error) {
		err := s.Reports.Reopen(r.Context(), s.actor(r), reports.ReopenInput{PartnershipID: p.ID, ReportID: id, Reason: f.Text("reason"), Version: f.Version()})
		return paths.Report(p.Slug, id), "The report has been reopened; the submitted version is kept", err
	})
}

// printReport shows the report as a meeting paper, for A4.
func (s *Server) printReport(w http.ResponseWriter, r *http.Request) error {
	return s.readReport(w, r, func(v views.ReportView) templ.Component { return views.ReportPrint(v.Title, v) })
}

// reportVersion shows a submitted version kept when the report was reopened; with ?print=1, as a
// meeting paper.
func (s *Server) reportVersion(w http.ResponseWriter, r *http.Request) error {
	p, id, err := s.record(r, "id", access.ViewReport, "report")
	if err != nil {
		return err
	}
	n, err := strconv.ParseInt(urlParam(r, "n"), 10, 32) // a version number: its column's size
	if err != nil || n < 1 {
		return reports.ErrNotFound
	}
	rep, err := s.Reports.EarlierVersion(r.Context(), p.ID, id, int(n))
	if err != nil {
		return err
	}
	v := views.NewReportPage(p.Slug, p.Name, rep, reportAccess(r), views.ReportRights{}, views.NewForm(nil))
	if r.URL.Query().Get("print") != "" {
		return s.render(w, r, http.StatusOK, views.ReportPrint(v.Title, v))
	}
	return s.render(w, r, http.StatusOK, views.ReportPage(s.page(w, r, v.Title), views.NewForm(nil), v))
}

// reportCSV downloads the report's tables as CSV, written as they are read; the download is in
// the audit log.
func (s *Server) reportCSV(w http.ResponseWriter, r *http.Request) error {
	p, id, err := s.record(r, "id", access.ViewReport, "report")
	if err != nil {
		return err
	}
	rep, err := s.Reports.Download(r.Context(), s.actor(r), p.ID, id)
	if err != nil {
		return err
	}
	rows := views.ReportCSV(rep)
	return s.writeCSV(w, r, views.ReportFilename(p.Slug, rep), rows[0], func(row func([]string) error) error {
		for _, cells := range rows[1:] {
			if err := row(cells); err != nil {
				return err
			}
		}
		return nil
	})
}

// reportChecklist shows what the report's kind must contain (the yearly report: Working Together
// 2023's list), ticked by the sections that meet it, and what is missing.
func (s *Server) reportChecklist(w http.ResponseWriter, r *http.Request) error {
	return s.readReport(w, r, func(v views.ReportView) templ.Component {
		return views.ReportChecklist(s.page(w, r, "Checklist: "+v.Title), v)
	})
}

// reportSummary prints the short summary of the report for a council's scrutiny committee: the
// headline figures and each section's first paragraph.
func (s *Server) reportSummary(w http.ResponseWriter, r *http.Request) error {
	return s.readReport(w, r, func(v views.ReportView) templ.Component { return views.ReportSummary(v) })
}
