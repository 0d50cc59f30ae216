package views

import (
	"net/url"
	"strconv"
	"time"

	"github.com/scp-portal/portal/internal/learning"
	"github.com/scp-portal/portal/internal/markdown"
	"github.com/scp-portal/portal/internal/scrutiny"
	"github.com/scp-portal/portal/web/paths"
)

// ScrutinyRow is a scrutiny report in the list.
type ScrutinyRow struct {
	Href     string
	Title    string
	ReportOn time.Time
	Status   string
	Draft    bool
}

// ScrutinyListView is independent scrutiny's reports, with the link to write one for those who may.
type ScrutinyListView struct {
	Rows    []ScrutinyRow
	NewHref string
}

// NewScrutinyList lists reports; newHref is empty for those who do not write them.
func NewScrutinyList(slug string, reports []scrutiny.Report, newHref string) ScrutinyListView {
	v := ScrutinyListView{NewHref: newHref}
	for _, r := range reports {
		v.Rows = append(v.Rows, ScrutinyRow{Href: paths.ScrutinyReport(slug, r.ID), Title: r.Title, ReportOn: r.ReportOn,
			Status: scrutiny.Statuses.Label(r.Status), Draft: r.Draft()})
	}
	return v
}

// ScrutinyPageView is one report with its recommendations, and, while a draft, the forms of its
// writer.
type ScrutinyPageView struct {
	Title      string
	ReportOn   time.Time
	Status     string
	Draft      bool
	Author     string
	IssuedAt   *time.Time
	Findings   markdown.Sanitised
	Recs       []RecommendationRow
	CanWrite   bool // the writer's forms: save, issue, add a recommendation (a draft only)
	Version    int
	Orgs       []Option
	SaveAction string
	IssueHref  string
	RecsAction string
}

// NewScrutinyPage is report r with its recommendations as of today; canWrite shows a draft's forms.
func NewScrutinyPage(slug string, r scrutiny.Report, recs []learning.Recommendation, orgs []Option,
	canWrite bool, today time.Time) ScrutinyPageView {
	v := ScrutinyPageView{Title: r.Title, ReportOn: r.ReportOn, Status: scrutiny.Statuses.Label(r.Status), Draft: r.Draft(),
		Author: r.AuthorName, IssuedAt: r.IssuedAt, Findings: markdown.Render(r.Findings), Recs: RecommendationRows(slug, recs, today),
		CanWrite: canWrite && r.Draft(), Version: r.Version, Orgs: orgs,
		SaveAction: paths.ScrutinyReport(slug, r.ID), IssueHref: paths.ScrutinyReportIssue(slug, r.ID),
		RecsAction: paths.ScrutinyReportRecommendations(slug, r.ID)}
	return v
}

// RecommendationRows are recommendations of any source as rows of a table, flagged as of today.
func RecommendationRows(slug string, recs []learning.Recommendation, today time.Time) []RecommendationRow {
	rows := make([]RecommendationRow, 0, len(recs))
	for _, rec := range recs {
		rows = append(rows, RecommendationRow{Href: paths.Recommendation(slug, rec.ID), Title: rec.Title, Owner: rec.OwnerOrgName,
			Due: rec.DueOn, Status: learning.RecommendationStatusLabel(rec.Status), Overdue: rec.Overdue(today)})
	}
	return rows
}

// ScrutinyReportForm is the report's forms as saved, with what was posted (and its problems) over
// them, so that a recommendation refused keeps the draft's words and the draft's keep its own.
func ScrutinyReportForm(r scrutiny.Report, posted Form) Form {
	q := url.Values{"title": {r.Title}, "findings": {r.Findings}, "version": {strconv.Itoa(r.Version)}}
	dateFilter(q, "report_on", &r.ReportOn)
	for k, v := range posted.Values {
		q[k] = v
	}
	f := NewForm(q)
	f.Errors = posted.Errors
	return f
}
