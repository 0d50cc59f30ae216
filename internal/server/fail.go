package server

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/web/views"
)

// handler is the shape of every page handler: it writes its page and returns nil, or returns an
// error for fail to answer. A handler never writes an error page itself.
type handler func(w http.ResponseWriter, r *http.Request) error

// h adapts a handler for the route table.
func (s *Server) h(fn handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := fn(w, r); err != nil {
			s.fail(w, r, err)
		}
	}
}

// Errors of the request itself, found before any domain service is asked.
var (
	errBadRequest = errors.New("server: the request could not be read")
	errTooLarge   = errors.New("server: the request is over the body limit")
)

// fail answers err: the one place where an error becomes a page. Not found is the 404 page;
// a refusal of the access policy the 403 page (it is already in the audit log); someone not signed
// in is sent to sign in and brought back; anything else is logged with the request id and shown as
// the 500 page, which reveals nothing of it.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, errBadRequest):
		s.errorPage(w, r, http.StatusBadRequest)
		return
	case errors.Is(err, errTooLarge):
		w.Header().Set("Connection", "close")
		s.tooLarge(w, r)
		return
	}
	switch app.KindOf(err) {
	case app.NotFound:
		s.notFound(w, r)
	case app.Forbidden:
		s.errorPage(w, r, http.StatusForbidden)
	case app.SignIn:
		http.Redirect(w, r, "/sign-in?next="+url.QueryEscape(r.URL.Path), http.StatusSeeOther)
	case app.Invalid:
		// A form handler puts these on its form (formError); one that reaches here came from a
		// request no page of the portal sends, such as a hand-made POST.
		s.errorPage(w, r, http.StatusBadRequest)
	case app.Conflict:
		s.errorPage(w, r, http.StatusConflict)
	default:
		s.serverError(w, r, err)
	}
}

// formError puts an Invalid or Conflict error's field messages on f and returns the status to
// show the form again with: 422 for invalid input, 409 when someone else got there first. For any
// other error it returns ok false, and the handler returns err for fail to answer.
func formError(f *views.Form, err error) (status int, ok bool) {
	switch app.KindOf(err) {
	case app.Invalid:
		status = http.StatusUnprocessableEntity
	case app.Conflict:
		status = http.StatusConflict
	default:
		return 0, false
	}
	for _, fe := range app.FieldsOf(err) {
		f.AddError(fe.Field, fe.Message)
	}
	if v := app.VersionOf(err); v != 0 {
		f.Values.Set("version", strconv.Itoa(v))
	}
	return status, true
}
