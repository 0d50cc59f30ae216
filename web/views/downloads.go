package views

import (
	"strconv"
	"strings"
	"time"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/intake"
	"github.com/scp-portal/portal/internal/learning"
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

// ThemesCSVHeader heads the theme register's download.
var ThemesCSVHeader = []string{"Theme", "Priorities", "Status", "Rating", "Why this rating", "Raised by", "Owner", "Last changed"}

// ThemeCSVRow is a theme in the register's download.
func ThemeCSVRow(t learning.Theme) []string {
	sources := make([]string, 0, len(t.SourceKinds))
	for _, k := range t.SourceKinds {
		sources = append(sources, learning.SourceLabel(k))
	}
	return []string{t.Title, strings.Join(t.Priorities, "; "), learning.StatusLabel(t.Status), learning.RatingLabel(t.Rating),
		t.RatingReason, strings.Join(sources, "; "), t.OwnerName, csvTime(t.UpdatedAt)}
}

// RecommendationsCSVHeader heads the recommendations' download: the recommendation, then one of its actions.
var RecommendationsCSVHeader = []string{"Recommendation", "Number", "Commissioned learning", "Theme", "Local CSPR", "Status",
	"Owner", "Due", "Impact due", "Action", "Action by", "Action due", "Action status"}

// RecommendationCSVRow is a line of the recommendations' download.
func RecommendationCSVRow(l learning.RecommendationLine) []string {
	state := ""
	if l.ActionID != nil {
		state = "Open"
		if l.ActionState == "done" {
			state = "Done"
		}
	}
	return []string{l.Title, strconv.FormatInt(l.ID, 10), l.Commission, l.Theme, l.CSPR, learning.RecommendationStatusLabel(l.Status),
		l.Owner, csvDate(&l.DueOn), csvDate(l.ImpactDueOn), l.Action, l.ActionOrg, csvDate(l.ActionDueOn), state}
}
