package server

import (
	"fmt"
	"net/http"

	"github.com/scp-portal/portal/web/views"
)

// errorPage renders the page for an error status; extra paragraphs come after the standard text.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, status int, extra ...string) {
	status, title, body := views.ErrorText(status)
	w.Header().Set("Cache-Control", "no-store")
	body = append(body, extra...)
	if err := s.render(w, r, status, views.ErrorPage(s.page(w, r, title), title, body)); err != nil {
		s.serverError(w, r, err)
	}
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
	status, title, body := views.ErrorText(http.StatusInternalServerError)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	// Rendered straight to the writer: if the error page itself fails there is nothing better to show.
	_ = views.ErrorPage(s.page(w, r, title), title, body).Render(r.Context(), w)
}
