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
	brands := make([]views.Brand, 0, len(ps))
	for _, p := range ps {
		brands = append(brands, brand(p))
	}
	return s.render(w, r, http.StatusOK, views.Home(s.page(w, r, "Home"), brands))
}

// accessibility shows the accessibility statement.
func (s *Server) accessibility(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, views.Accessibility(s.page(w, r, "Accessibility statement")))
}
