package server

import (
	"net/http"

	"github.com/scp-portal/portal/web/views"
)

// home shows what the portal is and the partnerships it hosts.
func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	ps, err := s.Overview.Partnerships(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, views.Home(s.page(w, r, "Home"), views.NewBrands(ps)))
}

// accessibility shows the accessibility statement.
func (s *Server) accessibility(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, views.Accessibility(s.page(w, r, "Accessibility statement")))
}
