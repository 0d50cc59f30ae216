package server

import (
	"bytes"
	"net/http"

	"github.com/a-h/templ"

	"github.com/scp-portal/portal/web/views"
)

// page is the one view-model constructor: it fills what every page needs for this request.
func (s *Server) page(r *http.Request, title string) views.Page {
	p := views.Page{Title: title, RequestID: requestID(r.Context())}
	p.Nav = []views.NavLink{{Label: "Home", Href: "/"}}
	for i := range p.Nav {
		p.Nav[i].Current = p.Nav[i].Href == r.URL.Path
	}
	return p
}

// render writes page c with status. It renders into a buffer first, so that a failure half way
// shows the error page instead of half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, c templ.Component) {
	var buf bytes.Buffer
	if err := c.Render(r.Context(), &buf); err != nil {
		s.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}
