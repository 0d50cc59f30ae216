package server

import (
	"net/http"
	"net/url"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/web/paths"
	"github.com/scp-portal/portal/web/views"
)

// reviewsRegister lists every rapid review with its stage and deadline, and the timeliness figures per year.
func (s *Server) reviewsRegister(w http.ResponseWriter, r *http.Request) error {
	return s.renderReviews(w, r, http.StatusOK, views.NewForm(url.Values{"clock_start": {"notification"}}))
}

// renderReviews shows the register with the form to start a rapid review.
func (s *Server) renderReviews(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.ViewReview, access.Object{PartnershipID: p.ID}, "rapid_review", ""); err != nil {
		return err
	}
	reg, err := s.Reviews.Register(r.Context(), s.actor(r), p.ID)
	if err != nil {
		return err
	}
	canManage := may(r, access.ManageReview)
	pg := s.page(w, r, errorTitle("Reviews", f))
	pg.CSVHref = paths.ReviewsCSV(p.Slug)
	return s.render(w, r, status, views.Reviews(pg, f, views.NewReviewRows(p.Slug, reg.Reviews),
		views.NewTimelinessRows(reg.Years), canManage, views.StartReviewView{Action: paths.Reviews(p.Slug)}))
}
