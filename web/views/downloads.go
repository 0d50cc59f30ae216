package views

import (
	"time"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/intake"
)

// Lists as CSV: each list's heading row and the cells of one of its records, as its page shows
// them. server.writeCSV writes them and escapes formulas.

// csvTime is a moment as a spreadsheet reads it, in England's time.
func csvTime(t time.Time) string { return t.In(app.London).Format("2006-01-02 15:04") }

// csvDate is a day as a spreadsheet reads it; empty for none.
func csvDate(d *time.Time) string {
	if d == nil {
		return ""
	}
	return d.Format("2006-01-02")
}

// InboxCSVHeader heads the inbox's download.
var InboxCSVHeader = []string{"Reference", "Kind", "Request", "From", "Received", "Status"}

// InboxCSVRow is a request in the inbox's download.
func InboxCSVRow(q intake.Request) []string {
	received := ""
	if q.SubmittedAt != nil {
		received = csvTime(*q.SubmittedAt)
	}
	return []string{q.Reference, q.Kind.Label(), q.Title, q.OrganisationName, received, q.Status.Label()}
}
