package server

import (
	"errors"
	"net/http"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/form"
	"github.com/scp-portal/portal/web/paths"
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

// fail answers err: the one place where an error becomes a page. Not found is the 404 page;
// a refusal of the access policy the 403 page (it is already in the audit log); someone not signed
// in is sent to sign in and brought back; a database that cannot be reached is the 503 page with
// a hint to try again; anything else is logged with the request id and shown as
// the 500 page, which reveals nothing of it.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, form.ErrBadRequest):
		s.errorPage(w, r, http.StatusBadRequest)
		return
	case errors.Is(err, form.ErrTooLarge):
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
		http.Redirect(w, r, paths.SignInThen(r.URL.Path), http.StatusSeeOther)
	case app.Invalid:
		// A form handler puts these on its form (form.ShowErrors); one that reaches here came from a
		// request no page of the portal sends, such as a hand-made POST.
		s.errorPage(w, r, http.StatusBadRequest)
	case app.Conflict:
		s.errorPage(w, r, http.StatusConflict)
	case app.Unavailable:
		s.Log.WarnContext(r.Context(), "database unavailable", "err", err, "request_id", requestID(r.Context()),
			"method", r.Method, "path", loggedPath(r))
		w.Header().Set("Retry-After", "30")
		s.errorPage(w, r, http.StatusServiceUnavailable)
	default:
		s.serverError(w, r, err)
	}
}

// formPage shows a page with f, the form posted, answering with status.
type formPage func(w http.ResponseWriter, r *http.Request, status int, f views.Form) error

// settle ends every posted change: made (err nil), a redirect to `to` with the confirmation done;
// refused for what was posted (invalid, stale, or a rule the person must read), the page again
// through again with the problems on the form; anything else is returned for fail to answer.
func (s *Server) settle(w http.ResponseWriter, r *http.Request, f views.Form, err error,
	again formPage, to, done string) error {
	if err == nil {
		return s.redirectWithFlash(w, r, to, done)
	}
	if status, ok := form.ShowErrors(&f, err); ok {
		return again(w, r, status, f)
	}
	return err
}
