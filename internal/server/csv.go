package server

import (
	"encoding/csv"
	"errors"
	"net/http"
	"strings"

	"github.com/scp-portal/portal/internal/app"
)

// csvFlushEvery is how many rows a download writes between flushes: often enough that the person
// sees it arrive and the process holds a few kilobytes, rarely enough to cost nothing.
const csvFlushEvery = 256

// csvRows produces a download's rows, handing each to row as it is read from the database (a
// service's export with a func per row). It returns row's error, or its own.
type csvRows func(row func([]string) error) error

// errClientGone stops a download whose reader went away.
var errClientGone = errors.New("server: the client stopped reading the download")

// exportFilters returns the names among names of the filters set in the request's query (a date's
// three fields count as its name): what an export's audit record says it was filtered by. Only the
// page's own names are returned, never a key or value from the request.
func exportFilters(r *http.Request, names ...string) []string {
	q := r.URL.Query()
	var set []string
	for _, n := range names {
		for _, k := range []string{n, n + "-day", n + "-month", n + "-year"} {
			if strings.TrimSpace(q.Get(k)) != "" {
				set = append(set, n)
				break
			}
		}
	}
	return set
}

// listFilename is the name a list's download is saved under: the partnership, the list and today.
func (s *Server) listFilename(slug, list string) string {
	return slug + "-" + list + "-" + s.Now().In(app.London).Format("2006-01-02") + ".csv"
}

// writeCSV answers with a download of header and the rows rows produces, written as they come and
// flushed every csvFlushEvery rows, so no list is ever held whole. Every export goes through it.
// Each cell is made safe for spreadsheets (csvSafe). An error before the first row (refused,
// nothing found, the audit record not written) is returned for fail to answer as a page; one
// after the download has begun cuts the connection, so the person sees a failed download rather
// than a file that looks complete.
func (s *Server) writeCSV(w http.ResponseWriter, r *http.Request, filename string, header []string, rows csvRows) error {
	var cw *csv.Writer
	rc := http.NewResponseController(w)
	var safe []string
	write := func(row []string) error {
		safe = safe[:0]
		for _, cell := range row {
			safe = append(safe, csvSafe(cell))
		}
		return cw.Write(safe)
	}
	start := func() error {
		h := w.Header()
		h.Set("Content-Type", "text/csv; charset=utf-8")
		h.Set("Content-Disposition", `attachment; filename="`+filename+`"`)
		h.Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusOK)
		cw = csv.NewWriter(w)
		return write(header)
	}
	n := 0
	err := rows(func(row []string) error {
		if cw == nil {
			if err := start(); err != nil {
				return errClientGone
			}
		}
		if err := write(row); err != nil {
			return errClientGone
		}
		if n++; n%csvFlushEvery == 0 {
			cw.Flush()
			if cw.Error() != nil {
				return errClientGone
			}
			_ = rc.Flush()
		}
		return nil
	})
	switch {
	case err != nil && cw == nil:
		return err
	case err == nil && cw == nil: // no row: the heading alone
		err = start()
	}
	if err == nil {
		cw.Flush()
		err = cw.Error()
	}
	if err != nil {
		if !errors.Is(err, errClientGone) {
			s.Log.ErrorContext(r.Context(), "download cut short", "err", err, "request_id", requestID(r.Context()), "path", loggedPath(r))
		}
		panic(http.ErrAbortHandler)
	}
	return nil
}

// csvSafe keeps a spreadsheet from reading a cell as a formula: one beginning with =, +, -, @, a
// tab or a carriage return is given a leading single quote.
func csvSafe(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}
