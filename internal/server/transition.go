package server

// This file holds what the handlers used before the domain services took over their SQL and
// rules. It goes when the last handler stops using it.

import (
	"net/http"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/web/views"
)

func isForeignKeyViolation(err error) bool { return app.IsForeignKeyViolation(err) }
func isUniqueViolation(err error) bool     { return app.IsUniqueViolation(err) }

// options runs a query whose rows are a value and a label, and returns them as choices.
func (s *Server) options(r *http.Request, sql string, args ...any) ([]views.Option, error) {
	rows, err := s.DB.Query(r.Context(), sql, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (views.Option, error) {
		var o views.Option
		return o, row.Scan(&o.Value, &o.Label)
	})
}

// idParam reads a numeric id from the path, answering 404 itself when it is not one.
func (s *Server) idParam(w http.ResponseWriter, r *http.Request, name string) (int64, bool) {
	id, err := pathID(r, name)
	if err != nil {
		s.notFound(w, r)
		return 0, false
	}
	return id, true
}
