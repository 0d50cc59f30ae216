package server

import (
	"net/http"

	"github.com/scp-portal/portal/web/views"
)

// home shows what the portal is.
func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, views.Home(s.page(r, "Home")))
}

// accessibility shows the accessibility statement.
func (s *Server) accessibility(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, views.Accessibility(s.page(r, "Accessibility statement")))
}
