package server

import (
	"net/http"
	"net/url"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/form"
	"github.com/scp-portal/portal/web/paths"
	"github.com/scp-portal/portal/web/views"
)

// reviewsRegister lists a page of the rapid reviews with its stage and deadline, and the timeliness figures per year.
func (s *Server) reviewsRegister(w http.ResponseWriter, r *http.Request) error {
	return s.renderReviews(w, r, http.StatusOK, views.NewForm(url.Values{"clock_start": {"notification"}}))
}

// renderReviews shows the register with the form to start a rapid review.
func (s *Server) renderReviews(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.ViewReviewRegister, access.Object{PartnershipID: p.ID}, "rapid_review", ""); err != nil {
		return err
	}
	in := r.URL.Query()
	reg, err := s.Reviews.Register(r.Context(), s.actor(r), p.ID, form.ParsePaging(in))
	if err != nil {
		return err
	}
	canManage := may(r, access.ManageReview)
	rows := views.NewReviewRows(p.Slug, reg.Reviews.Rows)
	pg := s.page(w, r, errorTitle("Reviews", f))
	if may(r, access.ViewReview) {
		pg.CSVHref = paths.ReviewsCSV(p.Slug)
	} else {
		rows = views.WithoutContent(rows)
	}
	return s.render(w, r, status, views.Reviews(pg, f, rows,
		views.NewTimelinessRows(reg.Years), canManage, views.StartReviewView{Action: paths.Reviews(p.Slug)},
		views.NewPager(paths.Reviews(p.Slug), in, reg.Reviews.Page, reg.Reviews.More)))
}
