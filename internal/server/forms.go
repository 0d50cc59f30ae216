package server

import (
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/scp-portal/portal/web/views"
)

var dateParts = regexp.MustCompile(`^\s*(\d{1,2})[\s/.-]+(\d{1,2})[\s/.-]+(\d{4})\s*$`)
var isoDate = regexp.MustCompile(`^\s*(\d{4})-(\d{2})-(\d{2})\s*$`)

// parseDate reads a date typed as day month year ("1 4 2026", "01/04/2026") or as 2026-04-01,
// and refuses dates that do not exist (31 2 2026).
func parseDate(s string) (time.Time, bool) {
	var d, m, y int
	if p := dateParts.FindStringSubmatch(s); p != nil {
		d, _ = strconv.Atoi(p[1])
		m, _ = strconv.Atoi(p[2])
		y, _ = strconv.Atoi(p[3])
	} else if p := isoDate.FindStringSubmatch(s); p != nil {
		y, _ = strconv.Atoi(p[1])
		m, _ = strconv.Atoi(p[2])
		d, _ = strconv.Atoi(p[3])
	} else {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d || int(t.Month()) != m || y < 1900 || y > 2200 {
		return time.Time{}, false
	}
	return t, true
}

// isForeignKeyViolation reports a reference to a record that is not there, or not in the same
// partnership (the composite keys see to that).
func isForeignKeyViolation(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "23503"
}

// london is the time zone people in England read times in.
func london() *time.Location {
	if l, err := time.LoadLocation("Europe/London"); err == nil {
		return l
	}
	return time.UTC
}

// isUniqueViolation reports a second record where only one may be (a request triaged twice).
func isUniqueViolation(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "23505"
}

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
