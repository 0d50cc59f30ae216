// Package retention keeps records no longer than the partnership's retention schedule says: per
// record type, a period the business unit proposes and the Executive approves (or the default
// written in docs/decisions.md), legal holds that stop deletion of a request or a rapid review,
// and the job that deletes or anonymises what has expired, recording each step in the audit log.
// The audit log itself is never touched here: it keeps its own, longer period.
package retention

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
)

// Type is a kind of record the schedule covers.
type Type string

// The record types of the schedule, in the order the page lists them.
const (
	DraftRequest Type = "draft_request" // a request its writer never sent: deleted
	KLOERequest  Type = "kloe_request"  // a KLOE request closed or withdrawn: anonymised
	CSPRRequest  Type = "cspr_request"  // a CSPR consideration request closed or withdrawn with no review: anonymised
	RapidReview  Type = "rapid_review"  // a rapid review after it went to the national Panel: its narrative anonymised
	Dispute      Type = "dispute"       // a disagreement between agencies once resolved: anonymised
	Challenge    Type = "challenge"     // a challenge of the Executive's log once closed: anonymised
)

// Rule is one line of the schedule as it stands for a partnership.
type Rule struct {
	Type     Type
	Months   int // in force: the Executive's approved period, or the default
	Approved bool
	// Proposed is a period the business unit proposed that awaits the Executive (0: none), and
	// ProposedBy who proposed it, who may not also approve it.
	Proposed   int
	ProposedBy int64
	Version    int
}

// Default is the schedule's line before the partnership changes it.
type Default struct {
	Type   Type
	Months int
	Label  string // the record type, for people
	Does   string // what expiry does, for people
	From   string // what the period runs from
}

// Defaults are the schedule's lines before a partnership changes them; their sources are in
// docs/decisions.md ("Retention defaults").
var Defaults = []Default{
	{DraftRequest, 3, "Requests never sent (drafts)", "Deleted", "the last change to the draft"},
	{KLOERequest, 24, "KLOE requests", "Anonymised: the answers, title, outcome, documents and writer's details are removed; the reference and dates stay", "the request's closing or withdrawal"},
	{CSPRRequest, 72, "CSPR consideration requests that did not lead to a rapid review", "Anonymised, as KLOE requests", "the request's closing or withdrawal"},
	{RapidReview, 300, "Rapid reviews and the local CSPRs they led to", "Anonymised: the narrative, agencies' summaries and draft, and a local CSPR's unpublished text, are removed; the reference, title and dates stay, so do what was published and the request it started from", "the day it went to the national Panel (or was started, if it never went)"},
	{Dispute, 72, "Disagreements between agencies", "Anonymised: what it was about, the notes of each stage and the outcome are removed; the agencies, stages and dates stay", "its resolution"},
	{Challenge, 72, "Challenges of the Executive's log", "Anonymised: the question, its detail, the response and the closing note are removed; who was challenged, on what record, and the dates stay", "its closing"},
}

// DefaultOf is the default line of t, and whether t is a type of the schedule.
func DefaultOf(t Type) (Default, bool) {
	for _, d := range Defaults {
		if d.Type == t {
			return d, true
		}
	}
	return Default{}, false
}

// ErrNotFound is a record type, hold or record the partnership does not have.
var ErrNotFound = app.NotFoundError("retention: not found")

// Service reads and changes the partnership's schedule and holds.
type Service struct{ app.Env }

// rules returns the schedule of the partnership, one rule per type in the order of Defaults.
func rules(ctx context.Context, q database.Querier, pid int64) ([]Rule, error) {
	type row struct {
		Type       Type
		Months     *int
		Proposed   *int
		ProposedBy *int64
		Version    int
	}
	rows, err := database.All[row](ctx, q, "retention: schedule",
		`SELECT record_type, months, proposed_months, proposed_by, version FROM retention_rule WHERE partnership_id = $1`, pid)
	if err != nil {
		return nil, err
	}
	byType := map[Type]row{}
	for _, r := range rows {
		byType[r.Type] = r
	}
	out := make([]Rule, 0, len(Defaults))
	for _, d := range Defaults {
		r := Rule{Type: d.Type, Months: d.Months, Version: 0}
		if got, ok := byType[d.Type]; ok {
			r.Version = got.Version
			if got.Months != nil {
				r.Months, r.Approved = *got.Months, true
			}
			if got.Proposed != nil {
				r.Proposed = *got.Proposed
			}
			if got.ProposedBy != nil {
				r.ProposedBy = *got.ProposedBy
			}
		}
		out = append(out, r)
	}
	return out, nil
}

// Schedule returns the partnership's schedule.
func (s *Service) Schedule(ctx context.Context, pid int64) ([]Rule, error) {
	return rules(ctx, s.DB, pid)
}

// ProposeInput is the business unit's proposal of a period for a record type, made on the
// schedule as it was at Version.
type ProposeInput struct {
	Type    Type
	Months  int
	Version int
}

// Field names the period question of a record type on the schedule page.
func Field(t Type) string { return "months-" + string(t) }

// Propose records the business unit's proposed period for a record type, awaiting the
// Executive's approval; the period in force does not change until then.
func (s *Service) Propose(ctx context.Context, a app.Actor, pid int64, in ProposeInput) error {
	if _, ok := DefaultOf(in.Type); !ok {
		return ErrNotFound
	}
	if in.Months < 1 || in.Months > 1200 {
		return app.InvalidField(Field(in.Type), "Enter a period in whole months, from 1 to 1,200")
	}
	err := app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		tag, err := tx.Exec(ctx, `INSERT INTO retention_rule AS r (partnership_id, record_type, proposed_months, proposed_by, proposed_at)
			VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (partnership_id, record_type) DO UPDATE SET proposed_months = $3, proposed_by = $4, proposed_at = $5, version = r.version + 1
			WHERE r.version = $6`, pid, string(in.Type), in.Months, a.UserID, s.Time(), in.Version)
		if err == nil && tag.RowsAffected() == 0 {
			err = errStale
		}
		return app.Event{Action: audit.RetentionPropose, ObjectType: "retention_rule", ObjectID: string(in.Type), Detail: fmt.Sprintf("%d months", in.Months)}, err
	})
	return s.onStale(ctx, pid, in.Type, Field(in.Type), err)
}

var errStale = errors.New("retention: changed since")

// onStale turns a change refused for a schedule changed since into the page's stale error.
func (s *Service) onStale(ctx context.Context, pid int64, t Type, field string, err error) error {
	if !errors.Is(err, errStale) {
		return err
	}
	list, lerr := rules(ctx, s.DB, pid)
	if lerr != nil {
		return lerr
	}
	for _, r := range list {
		if r.Type == t {
			return app.Stale(field, "has changed this line of the schedule", fmt.Sprintf("%d months in force, %d proposed", r.Months, r.Proposed), r.Version)
		}
	}
	return ErrNotFound
}

// ApproveField names the approval button of a record type on the schedule page.
func ApproveField(t Type) string { return "approve-" + string(t) }

// ownProposal refuses the approval of a period by the person who proposed it.
func ownProposal(t Type) error {
	return &app.Error{Kind: app.Forbidden, Msg: "retention: approval of one's own proposal", Fields: []app.FieldError{{Field: ApproveField(t),
		Message: "You proposed this period, so another member of the Executive must approve it."}}}
}

// Approve puts in force the period proposed for a record type, as the schedule was at version:
// the Executive's decision, never by the person who proposed it.
func (s *Service) Approve(ctx context.Context, a app.Actor, pid int64, t Type, version int) error {
	if _, ok := DefaultOf(t); !ok {
		return ErrNotFound
	}
	err := app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		var months int
		var by int64
		err := tx.QueryRow(ctx, `SELECT proposed_months, proposed_by FROM retention_rule
			WHERE partnership_id = $1 AND record_type = $2 AND version = $3 AND proposed_months IS NOT NULL FOR UPDATE`,
			pid, string(t), version).Scan(&months, &by)
		if errors.Is(err, pgx.ErrNoRows) {
			return app.Event{}, errStale
		}
		if err != nil {
			return app.Event{}, fmt.Errorf("retention: approve: %w", err)
		}
		if by == a.UserID {
			return app.Event{}, ownProposal(t)
		}
		_, err = tx.Exec(ctx, `UPDATE retention_rule SET months = proposed_months, approved_by = $3, approved_at = $4,
			proposed_months = NULL, proposed_by = NULL, proposed_at = NULL, version = version + 1
			WHERE partnership_id = $1 AND record_type = $2`, pid, string(t), a.UserID, s.Time())
		return app.Event{Action: audit.RetentionApprove, ObjectType: "retention_rule", ObjectID: string(t), Detail: fmt.Sprintf("%d months", months)}, err
	})
	return s.onStale(ctx, pid, t, ApproveField(t), err)
}

// cutoff is the moment before which a record of a rule's period has expired at now.
func cutoff(now time.Time, months int) time.Time { return now.AddDate(0, -months, 0) }
