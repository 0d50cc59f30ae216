package views

import (
	"strconv"
	"strings"
	"time"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/challenges"
	"github.com/scp-portal/portal/internal/identity"
	"github.com/scp-portal/portal/internal/intake"
	"github.com/scp-portal/portal/internal/learning"
	"github.com/scp-portal/portal/internal/meetings"
	"github.com/scp-portal/portal/internal/reviews"
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
	return []string{q.Reference, q.Kind.Label(), q.Title, q.OrganisationName, received, q.StatusLabel()}
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

// DecisionsCSVHeader heads a body's decisions and actions log's download.
var DecisionsCSVHeader = []string{"Decision", "Agenda item", "Meeting", "Held on", "Action owner", "Due", "Status", "Done on", "Done by", "What was done"}

// DecisionCSVRow is a decision in the log's download as a reader who may (see) or may not read
// confidential items sees it, with its action's status on today.
func DecisionCSVRow(r meetings.Resolution, today time.Time, see bool) []string {
	r = shownTo(r, see)
	return []string{r.Text, r.ItemTitle, r.MeetingTitle, csvDate(&r.HeldOn), r.Owner, csvDate(&r.DueOn),
		meetings.Statuses.Label(r.Status(today)), csvDate(r.DoneOn), r.DoneBy, r.DoneNote}
}

// AuditCSVHeader heads the audit log's download.
var AuditCSVHeader = []string{"When", "Who", "Action", "Outcome", "Record", "Address", "Detail"}

// AuditCSVRow is an entry in the audit log's download, as the log's page shows it.
func AuditCSVRow(e audit.Entry) []string {
	r := NewAuditRows([]audit.Entry{e})[0]
	return []string{csvTime(r.At), r.Actor, r.Action, r.Outcome, r.Object, r.IP, r.Detail}
}

// UsersCSVHeader heads the people's download.
var UsersCSVHeader = []string{"Name", "E-mail", "Job title", "Organisation", "Status", "Since"}

// UserCSVRow is an account in the people's download.
func UserCSVRow(u identity.Listed) []string {
	return []string{u.Name, u.Email, u.JobTitle, u.OrgName, identity.Statuses.Label(string(u.Status)), csvTime(u.CreatedAt)}
}

// ReviewsCSVHeader heads the rapid-review register's download.
var ReviewsCSVHeader = []string{"Reference", "Review", "Stage", "Deadline", "Working days left", "At risk", "Decision", "Sent to the national Panel", "Panel's response", "Local CSPR"}

// ReviewCSVRow is a rapid review in the register's download, as the register shows it (the
// Panel's response whole).
func ReviewCSVRow(a reviews.Assessed) []string {
	r := NewReviewRow("", a)
	risk, local := "", ""
	if r.AtRisk {
		risk = "At risk"
	}
	if r.Local != nil {
		local = r.Local.Reference
	}
	return []string{r.Reference, r.Title, r.Stage, csvDate(&r.Due), strconv.Itoa(r.DaysLeft), risk, r.Decision, csvDate(r.SentOn), a.PanelResponse, local}
}

// ChallengesCSVHeader heads the challenge log's download.
var ChallengesCSVHeader = []string{"Challenge", "Detail", "About", "Addressed to", "Raised by", "Raised", "Response due", "Status", "Response",
	"Responded by", "Responded", "Closing note", "Closed by", "Closed"}

// ChallengeCSVRow is a challenge in the log's download: the thread as its page shows it.
func ChallengeCSVRow(c challenges.Challenge) []string {
	return []string{c.Summary, c.Detail, challengeSubject(c), c.Addressee, c.RaisedBy, csvTime(c.RaisedAt), c.DueOn.Format(time.DateOnly),
		challenges.Statuses.Label(c.Status), c.Response, c.RespondedBy, csvTimeOrEmpty(c.RespondedAt), c.ClosingNote, c.ClosedBy,
		csvTimeOrEmpty(c.ClosedAt)}
}

// csvTimeOrEmpty is csvTime of a moment that may not have come: empty then.
func csvTimeOrEmpty(t *time.Time) string {
	if t == nil {
		return ""
	}
	return csvTime(*t)
}
