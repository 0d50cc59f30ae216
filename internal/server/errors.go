package server

import (
	"fmt"
	"net/http"

	"github.com/scp-portal/portal/web/views"
)

// errorTexts are the plain words shown for each error status. They never include Go error text.
var errorTexts = map[int]struct {
	title string
	body  []string
}{
	http.StatusBadRequest: {"There is a problem with your request", []string{
		"The portal could not understand what your browser sent. Go back and try again."}},
	http.StatusForbidden: {"You do not have access to this page", []string{
		"If you think you should, contact your partnership's business unit."}},
	http.StatusNotFound: {"Page not found", []string{
		"If you typed the web address, check it is correct.",
		"If you pasted the web address, check you copied the entire address."}},
	http.StatusConflict: {"This has changed since you opened it", []string{
		"Someone else has changed it in the meantime. Go back, open the page again to see what they did, and try again."}},
	http.StatusMethodNotAllowed: {"This page cannot do that", []string{
		"The page exists, but not for the kind of request your browser sent. Go back and try again."}},
	http.StatusRequestEntityTooLarge: {"What you sent is too large", []string{
		"Nothing was saved. Go back, make what you send smaller, and try again."}},
	http.StatusInternalServerError: {"Sorry, there is a problem with the service", []string{
		"Try again later. Nothing you sent in this last step has been saved.",
		"If the problem continues, contact your partnership's business unit and give them the reference below."}},
	http.StatusServiceUnavailable: {"Sorry, the service is unavailable", []string{
		"Try again in a few minutes."}},
}

// errorPage renders the page for an error status; extra paragraphs come after the standard text.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, status int, extra ...string) {
	t, ok := errorTexts[status]
	if !ok {
		status = http.StatusInternalServerError
		t = errorTexts[status]
	}
	w.Header().Set("Cache-Control", "no-store")
	body := append(append([]string{}, t.body...), extra...)
	if err := s.render(w, r, status, views.ErrorPage(s.page(w, r, t.title), t.title, body)); err != nil {
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
		fmt.Sprintf("The most the portal accepts in one go is %s.", humanBytes(s.MaxBodyBytes)))
}

// serverError logs err with the request id and shows the 500 page, which shows neither.
func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	s.Log.ErrorContext(r.Context(), "internal error", "err", err, "request_id", requestID(r.Context()),
		"method", r.Method, "path", loggedPath(r))
	t := errorTexts[http.StatusInternalServerError]
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError)
	// Rendered straight to the writer: if the error page itself fails there is nothing better to show.
	_ = views.ErrorPage(s.page(w, r, t.title), t.title, t.body).Render(r.Context(), w)
}

// humanBytes writes a size the way people read it: "1 MB", "10 MB", "512 KB".
func humanBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
