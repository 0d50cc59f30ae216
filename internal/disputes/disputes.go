// Package disputes is escalation and dispute resolution between agencies: a disagreement about a
// child or about practice, recorded by any member of the partnership (a practitioner raising a
// professional disagreement), moved up its stages by the business unit or the Engine Room, each
// stage with a timescale in working days, until its outcome is recorded. It is need-to-know:
// the one who recorded it, the lead representatives and delegates of the agencies that disagree,
// the business unit, the Engine Room and independent scrutiny read it, and every read is audited.
package disputes

import (
	"context"
	"time"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/database"
)

// ErrNotFound is a dispute that is not there, not in the partnership, or not the reader's to know.
var ErrNotFound = app.NotFoundError("disputes: no such dispute")

// Stage is a stage of escalation, with the working days it is given before the next.
type Stage struct {
	app.Choice
	Days int
}

// Stages are the stages a disagreement moves up, in order, each given Days working days (local
// policies allow a few working days a stage: configurable here in one place).
var Stages = []Stage{
	{app.Choice{Value: "practitioners", Label: "Practitioner to practitioner"}, 5},
	{app.Choice{Value: "managers", Label: "Managers"}, 5},
	{app.Choice{Value: "senior_leads", Label: "Senior leads"}, 5},
	{app.Choice{Value: "lead_representatives", Label: "Lead representatives"}, 5},
	{app.Choice{Value: "independent_chair", Label: "Independent chair"}, 5},
}

// StageChoices are the stages as a choice list, for forms and labels.
func StageChoices() app.Choices {
	cs := make(app.Choices, len(Stages))
	for i, st := range Stages {
		cs[i] = st.Choice
	}
	return cs
}

// stage returns the stage of value and its place in the order (-1 when there is none).
func stage(value string) (Stage, int) {
	for i, st := range Stages {
		if st.Value == value {
			return st, i
		}
	}
	return Stage{}, -1
}

// Statuses are a dispute's states. Overdue, a filter, is an open dispute past its stage's date.
var Statuses = app.Choices{{Value: "open", Label: "Open"}, {Value: "resolved", Label: "Resolved"}}

// Overdue is the register's filter of open disputes past their stage's due date.
const Overdue = "overdue"

// Dispute is a disagreement between agencies.
type Dispute struct {
	ID             int64
	PartnershipID  int64
	RaisedByID     int64
	RaisedBy       string
	RaisedAt       time.Time
	RaisingOrgID   *int64
	RaisingOrg     string // "" when the recorder has no agency
	OtherOrgID     int64
	OtherOrg       string
	Summary        string
	Detail         string
	Stage          string
	StageStartedOn time.Time
	StageDueOn     time.Time
	Status         string
	Outcome        string
	ResolvedBy     string
	ResolvedAt     *time.Time
	Version        int
}

// Parties are the agencies that disagree, as the access policy asks about them.
func (d Dispute) Parties() []int64 {
	if d.RaisingOrgID == nil {
		return []int64{d.OtherOrgID}
	}
	return []int64{*d.RaisingOrgID, d.OtherOrgID}
}

// IsOverdue reports whether the dispute is still open after its stage's due date.
func (d Dispute) IsOverdue(today time.Time) bool {
	return d.Status == "open" && d.StageDueOn.Before(today)
}

// Next is the stage after the dispute's, and false at the last.
func (d Dispute) Next() (Stage, bool) {
	_, i := stage(d.Stage)
	if i < 0 || i+1 >= len(Stages) {
		return Stage{}, false
	}
	return Stages[i+1], true
}

// Step is a stage the dispute reached, or its resolution, with what happened.
type Step struct {
	Stage string
	At    time.Time
	Actor string
	Note  string
}

const columns = `d.id, d.partnership_id, d.raised_by, r.name, d.raised_at, d.raising_org_id, coalesce(ro.name, ''), d.other_org_id, oo.name,
	d.summary, d.detail, d.stage, d.stage_started_on, d.stage_due_on, d.status, d.outcome, coalesce(rb.name, ''), d.resolved_at, d.version`

const from = ` FROM dispute d JOIN app_user r ON r.id = d.raised_by LEFT JOIN organisation ro ON ro.id = d.raising_org_id
	JOIN organisation oo ON oo.id = d.other_org_id LEFT JOIN app_user rb ON rb.id = d.resolved_by`

// Page is how many disputes a page of the register shows.
const Page = 25

// Filter selects disputes of the register. Empty fields match everything.
type Filter struct {
	PartnershipID int64
	Status        string // a status, or Overdue
	// A reader who does not oversee every dispute sees those they recorded (RecordedBy) and, for
	// an agency's representative, those their agency (Party) is in.
	RecordedBy int64
	Party      int64
	BeforeID   int64 // for paging: disputes older than this one
}

// List returns a page of the register (Page at most), newest first, in one query.
func List(ctx context.Context, q database.Querier, f Filter, today time.Time) ([]Dispute, error) {
	if !Statuses.Has(f.Status) && f.Status != Overdue {
		f.Status = "" // a filter: anything else is no filter
	}
	return database.All[Dispute](ctx, q, "disputes: list", `SELECT `+columns+from+`
		WHERE d.partnership_id = $1
		  AND ($2 = '' OR d.status = $2 OR ($2 = 'overdue' AND d.status = 'open' AND d.stage_due_on < $3))
		  AND ($4::bigint = 0 OR d.raised_by = $4 OR ($5::bigint <> 0 AND (d.raising_org_id = $5 OR d.other_org_id = $5)))
		  AND ($6::bigint = 0 OR d.id < $6)
		ORDER BY d.id DESC LIMIT $7`, f.PartnershipID, f.Status, today, f.RecordedBy, f.Party, f.BeforeID, Page)
}

// Get returns one of the partnership's disputes.
func Get(ctx context.Context, q database.Querier, partnershipID, id int64) (Dispute, error) {
	return database.One[Dispute](ctx, q, ErrNotFound, "disputes: get", `SELECT `+columns+from+` WHERE d.partnership_id = $1 AND d.id = $2`,
		partnershipID, id)
}

// Steps returns the stages dispute id reached and its resolution, in order.
func Steps(ctx context.Context, q database.Querier, id int64) ([]Step, error) {
	return database.All[Step](ctx, q, "disputes: steps", `SELECT s.stage, s.at, coalesce(u.name, ''), s.note
		FROM dispute_step s LEFT JOIN app_user u ON u.id = s.actor_id WHERE s.dispute_id = $1 ORDER BY s.id`, id)
}
