package server

import (
	"net/http"

	"github.com/scp-portal/portal/internal/form"
	"github.com/scp-portal/portal/internal/reviews"
	"github.com/scp-portal/portal/web/views"
)

// The page an agency's e-mailed link opens: it sends one rapid review its summary, without an
// account. The link's secret is the permission (like a password reset link's), so the access
// policy is not asked; the page shows the review's reference and the agency only.

// agencyInformationForm shows the form of a live link.
func (s *Server) agencyInformationForm(w http.ResponseWriter, r *http.Request) error {
	req, err := s.Reviews.AgencyRequest(r.Context(), currentPartnership(r).ID, urlParam(r, "token"))
	if err != nil {
		return s.badAgencyLink(w, r, err)
	}
	return s.renderAgencyInformation(w, r, http.StatusOK, views.NewForm(nil), req)
}

// agencyInformation records the summary sent through a live link, which then stops working.
func (s *Server) agencyInformation(w http.ResponseWriter, r *http.Request) error {
	f, err := form.Read(r)
	if err != nil {
		return err
	}
	p := currentPartnership(r)
	sent, err := s.Reviews.SendSummaryByLink(r.Context(), s.actor(r), p.ID, urlParam(r, "token"), f.Text(reviews.SummaryByLinkField))
	if status, ok := form.ShowErrors(&f.Form, err); ok {
		req, err := s.Reviews.AgencyRequest(r.Context(), p.ID, urlParam(r, "token"))
		if err != nil {
			return s.badAgencyLink(w, r, err)
		}
		return s.renderAgencyInformation(w, r, status, f.Form, req)
	} else if err != nil {
		return s.badAgencyLink(w, r, err)
	}
	return s.notice(w, r, http.StatusOK, views.AgencyInformationSent(sent))
}

func (s *Server) renderAgencyInformation(w http.ResponseWriter, r *http.Request, status int, f views.Form, req reviews.AgencyRequest) error {
	v := views.NewAgencyInformation(req, r.URL.Path)
	return s.render(w, r, status, views.AgencyInformation(s.page(w, r, "Send your agency's information"), f, v))
}

// badAgencyLink explains a link that has expired or been used, naming the partnership's mailbox;
// any other error is returned.
func (s *Server) badAgencyLink(w http.ResponseWriter, r *http.Request, err error) error {
	return s.linkGone(w, r, err, views.AgencyLinkNotValid(currentPartnership(r).ContactEmail))
}
