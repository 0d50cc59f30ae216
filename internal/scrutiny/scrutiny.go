// Package scrutiny holds independent scrutiny reports: the scrutineer's (or independent chair's)
// own assessment of how the partnership works, written as a draft and issued to the partners. Its
// recommendations are not a mechanism of their own: they are learning's recommendations
// (learning.AddScrutinyRecommendation), tracked with the same actions, progress and evidence of
// impact as those of commissioned learning and local CSPRs.
package scrutiny

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/learning"
	"github.com/scp-portal/portal/internal/notices"
	"github.com/scp-portal/portal/web/paths"
)

// ErrNotFound is a report that does not exist in the partnership.
var ErrNotFound = app.NotFoundError("scrutiny report not found")

// Statuses are where a report is: a draft is the scrutineer's own; issued, it is the partners'.
var Statuses = app.Choices{{Value: "draft", Label: "Draft"}, {Value: "issued", Label: "Issued"}}

// Service reads and changes scrutiny reports. The caller has asked the access policy first.
type Service struct {
	app.Env // the database, the portal's address and the clock
}

// Report is an independent scrutiny report.
type Report struct {
	ID            int64
	PartnershipID int64
	Title         string
	ReportOn      time.Time
	Findings      string // Markdown, shown through markdown.Sanitised
	Status        string
	AuthorName    string
	IssuedAt      *time.Time
	CreatedAt     time.Time
	Version       int
}

// Draft reports whether the report is still the scrutineer's own.
func (r Report) Draft() bool { return r.Status == "draft" }

// Input is a report's title, date and findings as the form gives them.
type Input struct {
	Title    string
	ReportOn time.Time
	Findings string
	Version  int // the version edited; 0 for a new report
}

// Validate checks a report, with messages in the form's order.
func (in Input) Validate() error {
	var p app.Problems
	p.Words("title", in.Title, 200, "Enter the report's title", "The title must be 200 characters or fewer")
	if in.ReportOn.IsZero() {
		p.Add("report_on-day", "Enter the report's date")
	}
	p.Words("findings", in.Findings, 100000, "", "The findings must be 100,000 characters or fewer")
	return p.Err()
}

const reportSelect = `SELECT s.id, s.partnership_id, s.title, s.report_on, s.findings, s.status, coalesce(u.name, ''), s.issued_at,
	s.created_at, s.version FROM scrutiny_report s LEFT JOIN app_user u ON u.id = s.author_id`

// Get returns one of the partnership's reports.
func (s *Service) Get(ctx context.Context, partnershipID, id int64) (Report, error) {
	return database.One[Report](ctx, s.DB, ErrNotFound, "scrutiny: report", reportSelect+` WHERE s.partnership_id = $1 AND s.id = $2`, partnershipID, id)
}

// List returns page p of the partnership's reports, newest first; drafts only when withDrafts,
// for those who write them.
func (s *Service) List(ctx context.Context, partnershipID int64, withDrafts bool, p app.Page) (app.Paged[Report], error) {
	rows, err := database.All[Report](ctx, s.DB, "scrutiny: reports", reportSelect+` WHERE s.partnership_id = $1 AND ($2 OR s.status = 'issued')
		ORDER BY s.report_on DESC, s.id DESC LIMIT $3 OFFSET $4`, partnershipID, withDrafts, p.Limit(), p.Offset())
	return app.PageOf(rows, p), err
}

// Recommendations returns the report's recommendations, tracked as learning's.
func (s *Service) Recommendations(ctx context.Context, id int64) ([]learning.Recommendation, error) {
	return learning.ScrutinyRecommendations(ctx, s.DB, id)
}

// Create starts a draft report written by a.
func (s *Service) Create(ctx context.Context, a app.Actor, pid int64, in Input) (int64, error) {
	return app.Create(ctx, s.DB, a, in.Validate(), func(tx pgx.Tx) (int64, app.Event, error) {
		var id int64
		err := tx.QueryRow(ctx, `INSERT INTO scrutiny_report (partnership_id, title, report_on, findings, author_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			pid, strings.TrimSpace(in.Title), in.ReportOn, strings.TrimSpace(in.Findings), a.ID()).Scan(&id)
		return id, app.Event{Action: audit.ScrutinyReportCreate, ObjectType: "scrutiny_report", ObjectID: id}, err
	})
}

// Save changes a draft report if it is still at in.Version. An issued report never changes.
func (s *Service) Save(ctx context.Context, a app.Actor, pid, id int64, in Input) error {
	if err := in.Validate(); err != nil {
		return err
	}
	return s.change(ctx, a, pid, id, in.Version, "findings", "saved this report", audit.ScrutinyReportSave, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE scrutiny_report SET title = $3, report_on = $4, findings = $5, version = version + 1
			WHERE partnership_id = $1 AND id = $2`, pid, id, strings.TrimSpace(in.Title), in.ReportOn, strings.TrimSpace(in.Findings))
		return err
	})
}

// ErrNoFindings refuses to issue a report with no findings.
var ErrNoFindings = app.InvalidField("findings", "Write the findings before issuing the report")

// Issue issues a draft report at version to the partners and tells the Executive's members: its
// recommendations are then tracked with learning's.
func (s *Service) Issue(ctx context.Context, a app.Actor, pid, id int64, version int) error {
	return s.change(ctx, a, pid, id, version, "issue", "changed this report", audit.ScrutinyReportIssue, func(tx pgx.Tx) error {
		var title string
		err := tx.QueryRow(ctx, `UPDATE scrutiny_report SET status = 'issued', issued_at = now(), issued_by = $3, version = version + 1
			WHERE partnership_id = $1 AND id = $2 AND findings <> '' RETURNING title`, pid, id, a.ID()).Scan(&title)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrNoFindings
		}
		if err != nil {
			return err
		}
		return s.notifyIssued(ctx, tx, pid, id)
	})
}

// AddRecommendation adds a recommendation to the partners in a draft report, tracked as
// learning's recommendations are.
func (s *Service) AddRecommendation(ctx context.Context, a app.Actor, pid, id int64, in learning.RecommendationInput) (int64, error) {
	if err := in.Validate(); err != nil {
		return 0, err
	}
	if _, err := s.Get(ctx, pid, id); err != nil {
		return 0, err
	}
	var recID int64
	err := app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		var err error
		recID, err = learning.AddScrutinyRecommendation(ctx, tx, pid, id, in)
		if errors.Is(err, learning.ErrNotAllowed) {
			err = app.ConflictField("rec_title", "This report has been issued: its recommendations no longer change")
		}
		err = app.OnForeignKey(err, "rec_owner", "Choose the organisation that owns it from the list")
		return app.Event{Action: audit.RecommendationCreate, ObjectType: "recommendation", ObjectID: recID, Detail: "scrutiny report " + strconv.FormatInt(id, 10)}, err
	})
	return recID, err
}

// change makes fn's change to the draft report id if it is still at version, with its audit
// record: one that does not exist is not found, an issued one is refused, another version stale.
func (s *Service) change(ctx context.Context, a app.Actor, pid, id int64, version int, field, what string, action audit.Action, fn func(tx pgx.Tx) error) error {
	return app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: action, ObjectType: "scrutiny_report", ObjectID: id}
		var status string
		var current int
		err := tx.QueryRow(ctx, `SELECT status, version FROM scrutiny_report WHERE partnership_id = $1 AND id = $2 FOR UPDATE`, pid, id).Scan(&status, &current)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return ev, ErrNotFound
		case err != nil:
			return ev, err
		case status != "draft":
			return ev, app.ConflictField(field, "This report has been issued: it no longer changes")
		case current != version:
			return ev, app.Stale(field, what, "", current)
		}
		return ev, fn(tx)
	})
}

// notifyIssued tells the Executive's members, inside tx, that a scrutiny report was issued to
// them: a link, never the report's words.
func (s *Service) notifyIssued(ctx context.Context, tx pgx.Tx, pid, id int64) error {
	return notices.SendToBodies(ctx, tx, s.BaseURL, pid, s.Today(), notices.Notice{Kind: notices.AwaitsExecutive,
		Subject: "An independent scrutiny report has been issued to the partnership",
		Line:    "Independent scrutiny has issued a report to the partnership, with recommendations for the partners to act on."},
		func(slug string) string { return paths.ScrutinyReport(slug, id) }, "executive")
}

// Issued is an issued report as a list names it.
type Issued struct {
	ID       int64
	Title    string
	IssuedAt time.Time
}

// LatestIssued returns the partnership's n latest issued reports, newest first, in one query.
func LatestIssued(ctx context.Context, q database.Querier, partnershipID int64, n int) ([]Issued, error) {
	return database.All[Issued](ctx, q, "scrutiny: latest issued", `SELECT id, title, issued_at FROM scrutiny_report
		WHERE partnership_id = $1 AND status = 'issued' ORDER BY issued_at DESC, id DESC LIMIT $2`, partnershipID, n)
}
