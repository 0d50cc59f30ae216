package server

import (
	"fmt"
	"net/http"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/web/views"
)

// errorPage renders the page for an error status; extra paragraphs come after the standard text.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, status int, extra ...string) {
	status, v := s.errorView(r, status)
	w.Header().Set("Cache-Control", "no-store")
	v.Paragraphs = append(v.Paragraphs, extra...)
	if err := s.render(w, r, status, views.ErrorPage(s.page(w, r, v.Heading), v)); err != nil {
		s.serverError(w, r, err)
	}
}

// errorView is the error page for status: whom to contact is the business unit of the page's
// partnership, who grants access to its pages, or else of the person's own; home is the person's.
func (s *Server) errorView(r *http.Request, status int) (int, views.ErrorView) {
	st := stateOf(r)
	var contact views.ErrorContact
	p := st.partnership
	// Only a refusal or a missing page looks the person's own partnership up: a 500 or 503 may come
	// from the database itself.
	if p == nil && st.subject.PartnershipSlug != "" && (status == http.StatusForbidden || status == http.StatusNotFound) {
		if own, err := s.Partnership.BySlug(r.Context(), st.subject.PartnershipSlug); err == nil {
			p = &own
		}
	}
	if p != nil {
		contact = views.ErrorContact{Name: p.ShortName, Email: p.ContactEmail}
	}
	home := "/"
	if subj := st.subject; subj.SignedIn() {
		home = views.HomePath(subj.PartnershipSlug, subj.Roles.Has(access.SystemAdmin))
	}
	return views.NewErrorView(status, contact, home)
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.errorPage(w, r, http.StatusNotFound)
}

func (s *Server) methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	s.errorPage(w, r, http.StatusMethodNotAllowed)
}

// tooLarge explains the body limit in words a person can act on.
func (s *Server) tooLarge(w http.ResponseWriter, r *http.Request) {
	s.errorPage(w, r, http.StatusRequestEntityTooLarge,
		fmt.Sprintf("The most the portal accepts in one go is %s.", views.Size(s.MaxBodyBytes)))
}

// serverError logs err with the request id and shows the 500 page, which shows neither.
func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	s.Log.ErrorContext(r.Context(), "internal error", "err", err, "request_id", requestID(r.Context()),
		"method", r.Method, "path", loggedPath(r))
	status, v := s.errorView(r, http.StatusInternalServerError)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	// Rendered straight to the writer: if the error page itself fails there is nothing better to show.
	_ = views.ErrorPage(s.page(w, r, v.Heading), v).Render(r.Context(), w)
}
