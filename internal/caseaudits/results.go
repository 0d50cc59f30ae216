package caseaudits

import (
	"context"
	"time"

	"github.com/scp-portal/portal/internal/database"
)

// Counts are how many agreed grades of an audit are of each grade.
type Counts struct {
	Outstanding, Good, RequiresImprovement, Inadequate int
}

// Total is how many grades were agreed.
func (c Counts) Total() int { return c.Outstanding + c.Good + c.RequiresImprovement + c.Inadequate }

// GoodOrBetter is the share of agreed grades good or outstanding, as a whole percentage.
func (c Counts) GoodOrBetter() int {
	if c.Total() == 0 {
		return 0
	}
	return (200*(c.Outstanding+c.Good) + c.Total()) / (2 * c.Total()) // rounded half up
}

// Add counts one agreed grade.
func (c *Counts) Add(grade string) {
	switch grade {
	case "outstanding":
		c.Outstanding++
	case "good":
		c.Good++
	case "requires_improvement":
		c.RequiresImprovement++
	case "inadequate":
		c.Inadequate++
	}
}

// Summary is what a completed audit tells those it reports to: its theme, how many cases, the
// agreed grades counted, the Engine Room's summary, and how many findings raised or fed themes.
// It names no case. It is the seam by which the exception report may carry the audits completed
// in its period (Summaries), without reading the audit's tables itself.
type Summary struct {
	AuditID     int64
	Title       string
	CompletedAt time.Time
	Cases       int
	Agreed      Counts
	Text        string
	Findings    int
}

// maxSummaries bounds the audits completed in one reporting period: a partnership runs a few a
// year.
const maxSummaries = 100

// Summaries returns the summaries of the partnership's audits completed in [from, to), oldest
// first, in one query: for the exception report and the yearly report.
func Summaries(ctx context.Context, q database.Querier, pid int64, from, to time.Time) ([]Summary, error) {
	type row struct {
		AuditID             int64
		Title               string
		CompletedAt         time.Time
		Cases               int
		Outstanding, Good   int
		RequiresImprovement int
		Inadequate          int
		Text                string
		Findings            int
	}
	rows, err := database.All[row](ctx, q, "caseaudits: summaries", `SELECT a.id, a.title, a.completed_at,
		(SELECT count(*) FROM case_audit_case c WHERE c.audit_id = a.id)::int,
		count(*) FILTER (WHERE g.grade = 'outstanding')::int, count(*) FILTER (WHERE g.grade = 'good')::int,
		count(*) FILTER (WHERE g.grade = 'requires_improvement')::int, count(*) FILTER (WHERE g.grade = 'inadequate')::int,
		a.summary, (SELECT count(*) FROM case_audit_finding f WHERE f.audit_id = a.id)::int
		FROM case_audit a LEFT JOIN case_audit_case c ON c.audit_id = a.id LEFT JOIN case_audit_agreed g ON g.case_id = c.id
		WHERE a.partnership_id = $1 AND a.completed_at >= $2 AND a.completed_at < $3
		GROUP BY a.id ORDER BY a.completed_at, a.id LIMIT $4`, pid, from, to, maxSummaries)
	out := make([]Summary, 0, len(rows))
	for _, r := range rows {
		out = append(out, Summary{AuditID: r.AuditID, Title: r.Title, CompletedAt: r.CompletedAt, Cases: r.Cases, Text: r.Text, Findings: r.Findings,
			Agreed: Counts{Outstanding: r.Outstanding, Good: r.Good, RequiresImprovement: r.RequiresImprovement, Inadequate: r.Inadequate}})
	}
	return out, err
}

// Results are an audit's results: the audit, its grades by case and question (each auditor's and
// the agreed), and the agreed grades counted by question and overall.
type Results struct {
	Detail
	Sheet      Sheet
	ByQuestion map[int64]Counts
	Overall    Counts
}

// Results reads the results of audit d (as Audit read it) in one query.
func (s *Service) Results(ctx context.Context, d Detail) (Results, error) {
	res := Results{Detail: d}
	var err error
	if res.Sheet, err = s.Sheet(ctx, d.ID, 0); err != nil {
		return res, err
	}
	res.ByQuestion = map[int64]Counts{}
	for k, g := range res.Sheet {
		if k.Auditor != 0 {
			continue
		}
		c := res.ByQuestion[k.Question]
		c.Add(g.Grade)
		res.ByQuestion[k.Question] = c
		res.Overall.Add(g.Grade)
	}
	return res, nil
}
