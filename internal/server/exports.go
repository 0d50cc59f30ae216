package server

import (
	"net/http"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/form"
	"github.com/scp-portal/portal/internal/intake"
	"github.com/scp-portal/portal/internal/learning"
	"github.com/scp-portal/portal/web/views"
)

// Lists as CSV downloads. Each asks the access policy what its page asks, reads the page's
// filters as the page does, and streams the service's export through writeCSV.

// inboxCSV downloads the inbox with the page's filters, every page of it.
func (s *Server) inboxCSV(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.ViewInbox, access.Object{PartnershipID: p.ID}, "inbox", ""); err != nil {
		return err
	}
	f, q := inboxQuery(r)
	if err := f.Err(nil); err != nil {
		return err
	}
	return s.writeCSV(w, r, s.listFilename(p.Slug, "inbox"), views.InboxCSVHeader, func(row func([]string) error) error {
		return s.Intake.ExportInbox(r.Context(), s.actor(r), q, exportFilters(r, inboxFilters...), func(req intake.Request) error {
			return row(views.InboxCSVRow(req))
		})
	})
}

// themesCSV downloads the theme register with the page's filters.
func (s *Server) themesCSV(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.ViewLearning, learningObject(p), "theme", ""); err != nil {
		return err
	}
	return s.writeCSV(w, r, s.listFilename(p.Slug, "themes"), views.ThemesCSVHeader, func(row func([]string) error) error {
		return s.Learning.ExportThemes(r.Context(), s.actor(r), themeFilter(r), exportFilters(r, themeFilters...), func(t learning.Theme) error {
			return row(views.ThemeCSVRow(t))
		})
	})
}

// recommendationsCSV downloads every recommendation of the partnership with its actions: there
// is no page listing them, so its one filter is a status (?status=open).
func (s *Server) recommendationsCSV(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.ViewLearning, learningObject(p), "recommendation", ""); err != nil {
		return err
	}
	f := &form.Reader{Form: views.NewForm(r.URL.Query())}
	status := optionalChoice(f, "status", learning.RecommendationStatuses, "Choose a status from the list")
	if err := f.Err(nil); err != nil {
		return err
	}
	return s.writeCSV(w, r, s.listFilename(p.Slug, "recommendations"), views.RecommendationsCSVHeader, func(row func([]string) error) error {
		return s.Learning.ExportRecommendations(r.Context(), s.actor(r), status, exportFilters(r, "status"), func(l learning.RecommendationLine) error {
			return row(views.RecommendationCSVRow(l))
		})
	})
}
