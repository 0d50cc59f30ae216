package server

import (
	"net/http"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/form"
	"github.com/scp-portal/portal/internal/learning"
	"github.com/scp-portal/portal/web/paths"
	"github.com/scp-portal/portal/web/views"
)

// recommendations lists the partnership's recommendations, filtered by status and by what needs
// chasing (an action overdue, evidence of impact due), paged, in a fixed number of queries. A
// filter that is not one of its choices comes back with its message, and no list.
func (s *Server) recommendations(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.ViewLearning, learningObject(p), "recommendation", ""); err != nil {
		return err
	}
	in := r.URL.Query()
	f, flt := recommendationFilter(r)
	status := http.StatusOK
	var list []learning.RecommendationRow
	st, bad := form.ShowErrors(&f.Form, f.Err(nil))
	if bad {
		status = st
	} else {
		var err error
		if list, err = s.Learning.Recommendations(r.Context(), s.actor(r), flt); err != nil {
			return err
		}
	}
	pg := s.page(w, r, errorTitle("Recommendations", f.Form))
	if !bad {
		pg.CSVHref = views.DownloadHref(paths.RecommendationsCSV(p.Slug), in)
	}
	page := app.PageOf(list, flt.Page)
	v := views.NewRecommendationsPage(p.Slug, page.Rows)
	v.Pager = views.NewPager(paths.Recommendations(p.Slug), in, page.Page, page.More)
	return s.render(w, r, status, views.Recommendations(pg, f.Form, v))
}

// recommendationFilters are the recommendations list's filters, by their field names.
var recommendationFilters = []string{"status", "concern"}

// recommendationFilter reads the recommendations list's filters (and its download's) from the
// query string, with the problems of reading them on f.
func recommendationFilter(r *http.Request) (*form.Reader, learning.RecommendationFilter) {
	in := r.URL.Query()
	f := &form.Reader{Form: views.NewForm(in)}
	flt := learning.RecommendationFilter{
		Status:  optionalChoice(f, "status", learning.RecommendationStatuses, "Choose a status from the list"),
		Concern: optionalChoice(f, "concern", learning.RecommendationConcerns, "Choose what to show from the list"),
		Page:    form.ParsePaging(in),
	}
	return f, flt
}
