package server

import (
	"net/http"

	"github.com/scp-portal/portal/web/paths"
	"github.com/scp-portal/portal/web/views"
)

// home shows what the portal is and the partnerships it hosts. A signed-in person who belongs to
// one partnership goes on to its home; one who belongs to several is shown links to each of their
// homes first. The answer depends on the session: a signed-in person's is never kept (identify
// marks it no-store), and Vary tells a cache not to give the signed-out page to a request that
// carries a session cookie.
func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	w.Header().Add("Vary", "Cookie")
	subj := subject(r)
	if len(subj.Partnerships) == 1 {
		http.Redirect(w, r, paths.MemberHome(subj.Partnerships[0].Slug), http.StatusSeeOther)
		return nil
	}
	ps, err := s.Overview.Partnerships(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, views.Home(s.page(w, r, "Home"), views.NewBrands(ps), views.YourPartnerships(subj, ps)))
}

// accessibility shows the accessibility statement.
func (s *Server) accessibility(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, views.Accessibility(s.page(w, r, "Accessibility statement")))
}
