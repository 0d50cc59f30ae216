package server

import (
	"net/http"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/web/views"
)

// systemHome is the system administrator's home view: every partnership, with its people, in one
// query.
func (s *Server) systemHome(w http.ResponseWriter, r *http.Request) {
	if !s.allowed(w, r, access.ViewPartnerships, access.Object{}, "partnership", "") {
		return
	}
	rows, err := s.DB.Query(r.Context(), `
		SELECT p.name, p.slug, count(u.id) FILTER (WHERE u.status = 'active')::int, count(u.id) FILTER (WHERE u.status = 'pending')::int
		FROM partnership p LEFT JOIN app_user u ON u.partnership_id = p.id
		GROUP BY p.id ORDER BY p.name`)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[views.PartnershipRow])
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, views.SystemHome(s.page(w, r, "Partnerships"), list))
}
