// Package challenges is the Executive's challenge log and its proposals of lines of enquiry.
//
// A challenge is a question an Executive member or independent scrutiny puts to a partner
// organisation, or to the Engine Room, about a record of the partnership (a section of the
// quarterly exception report, a theme, a commission, the partner itself), with a date by which it
// must answer. The addressee's lead representative or delegate records the response; the one who
// raised it, or any Executive member, closes it as answered or escalated. The log is the
// partnership's evidence of assurance for its yearly report. The record challenged is named by
// kind and id, never copied: its words stay in their own area, under their own access rule.
//
// An Executive proposal becomes a theme of the learning loop, raised by the source "Executive
// proposal", which the Engine Room triages like any other.
//
// This is not learning's challenge session (learning.Challenge): that records what an agency
// presented as changed on a review's recommendation, with no question, answer or due date.
package challenges

import (
	"context"
	"time"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/reports"
)

// ErrNotFound is a challenge that is not there, or not in the partnership.
var ErrNotFound = app.NotFoundError("challenges: no such challenge")

// SubjectKind is a kind of record a challenge may be raised on. Rows is the SQL of the kind's
// records as (id, partnership_id, name): the record a challenge names must be one of them in the
// challenge's partnership, and name is how the log names it, read when the log is shown, never
// copied. A kind with no Rows is not checked.
type SubjectKind struct {
	app.Choice
	Rows string
}

// SubjectKinds are the kinds of record a challenge may be raised on, in the order the form offers
// them. Another area adds its kind here, with the SQL of its records.
var SubjectKinds = []SubjectKind{
	{app.Choice{Value: ReportSectionKind, Label: "A section of the quarterly exception report"}, reports.ExceptionSectionRows},
	{app.Choice{Value: "theme", Label: "A theme"}, `SELECT id, partnership_id, title AS name FROM theme`},
	{app.Choice{Value: "commission", Label: "Commissioned learning"}, `SELECT id, partnership_id, title AS name FROM commission`},
	{app.Choice{Value: "recommendation", Label: "A recommendation"}, `SELECT id, partnership_id, title AS name FROM recommendation`},
	{app.Choice{Value: OrganisationKind, Label: "A partner organisation"}, `SELECT id, partnership_id, name FROM organisation`},
}

// ReportSectionKind is the kind of a challenge on a section of an exception report: the report's
// page offers it once the report is submitted; a section stays a valid subject if the report is
// reopened, so that the challenge keeps its name.
const ReportSectionKind = "report_section"

// subjectName is the SQL naming a challenge's record (c.subject_kind, c.subject_id) by its kind's
// Rows, empty for a kind without them: one subquery by the record's primary key, whatever the
// kind. Built from SubjectKinds, never from a request.
var subjectName = func() string {
	sql := `CASE c.subject_kind`
	for _, k := range SubjectKinds {
		if k.Rows != "" {
			sql += ` WHEN '` + k.Value + `' THEN (SELECT s.name FROM (` + k.Rows + `) s WHERE s.id = c.subject_id AND s.partnership_id = c.partnership_id)`
		}
	}
	return `coalesce(` + sql + ` END, '')`
}()

// OrganisationKind is the kind of a challenge to a partner about itself: its id is the
// addressee's when none is given.
const OrganisationKind = "organisation"

// SubjectChoices are the subject kinds as a choice list, for forms and labels.
func SubjectChoices() app.Choices {
	cs := make(app.Choices, len(SubjectKinds))
	for i, k := range SubjectKinds {
		cs[i] = k.Choice
	}
	return cs
}

func subjectKind(value string) (SubjectKind, bool) {
	for _, k := range SubjectKinds {
		if k.Value == value {
			return k, true
		}
	}
	return SubjectKind{}, false
}

// Statuses are a challenge's stages: open until the addressee responds, then closed by the
// challenger as answered or escalated (escalated also when no answer came).
var Statuses = app.Choices{
	{Value: "open", Label: "Awaiting response"}, {Value: "responded", Label: "Responded"},
	{Value: "answered", Label: "Closed: answered"}, {Value: "escalated", Label: "Closed: escalated"},
}

// Overdue is the log's filter of open challenges past their due date: not a status of its own.
const Overdue = "overdue"

// Outcomes are how a challenge is closed.
var Outcomes = app.Choices{
	{Value: "answered", Label: "Answered: the response gives the assurance asked for"},
	{Value: "escalated", Label: "Escalated: the response does not, or none came"},
}

// EngineRoom is the addressee value of a challenge to the Engine Room rather than a partner.
const EngineRoom = "engine_room"

// Challenge is a challenge in the log, with its response and how it was closed.
type Challenge struct {
	ID             int64
	PartnershipID  int64
	SubjectKind    string
	SubjectID      int64
	SubjectName    string // the record's title or name now, "" for a kind without one
	OrganisationID *int64 // nil: addressed to the Engine Room
	Addressee      string // the organisation's name, or "Engine Room"
	Summary        string
	Detail         string
	RaisedByID     int64
	RaisedBy       string
	RaisedAt       time.Time
	DueOn          time.Time
	Status         string
	Response       string
	RespondedBy    string
	RespondedAt    *time.Time
	ClosingNote    string
	ClosedBy       string
	ClosedAt       *time.Time
	Version        int
}

// IsOverdue reports whether the challenge still awaits its response after its due date.
func (c Challenge) IsOverdue(today time.Time) bool {
	return c.Status == "open" && c.DueOn.Before(today)
}

// Closed reports whether the challenge has been closed, answered or escalated.
func (c Challenge) Closed() bool { return c.Status == "answered" || c.Status == "escalated" }

// Addressed is the organisation the challenge is addressed to, none for the Engine Room: what
// the access policy asks about a response (access.Object.Organisations).
func (c Challenge) Addressed() []int64 {
	if c.OrganisationID == nil {
		return nil
	}
	return []int64{*c.OrganisationID}
}

var columns = `c.id, c.partnership_id, c.subject_kind, c.subject_id, ` + subjectName + `, c.organisation_id, coalesce(o.name, 'Engine Room'),
	c.summary, c.detail, c.raised_by, r.name, c.raised_at, c.due_on, c.status, c.response, coalesce(rb.name, ''), c.responded_at,
	c.closing_note, coalesce(cb.name, ''), c.closed_at, c.version`

const from = ` FROM challenge c LEFT JOIN organisation o ON o.id = c.organisation_id JOIN app_user r ON r.id = c.raised_by
	LEFT JOIN app_user rb ON rb.id = c.responded_by LEFT JOIN app_user cb ON cb.id = c.closed_by`

// LogPage is how many challenges a page of the log shows.
const LogPage = 25

// Filter selects challenges of the log. Empty fields match everything.
type Filter struct {
	PartnershipID int64
	Status        string // a status, or Overdue
	Addressee     string // EngineRoom or an organisation's id
	BeforeID      int64  // for paging: challenges older than this one
}

// List returns a page of the log (LogPage at most), newest first, in one query.
func List(ctx context.Context, q database.Querier, f Filter, today time.Time) ([]Challenge, error) {
	return database.All[Challenge](ctx, q, "challenges: list", `SELECT `+columns+from+logWhere+`
		AND ($5::bigint = 0 OR c.id < $5) ORDER BY c.id DESC LIMIT $6`, append(f.args(today), f.BeforeID, LogPage)...)
}

// Get returns one of the partnership's challenges.
func Get(ctx context.Context, q database.Querier, partnershipID, id int64) (Challenge, error) {
	return database.One[Challenge](ctx, q, ErrNotFound, "challenges: get", `SELECT `+columns+from+` WHERE c.partnership_id = $1 AND c.id = $2`,
		partnershipID, id)
}

// Tally is what the log says for a period, for the yearly report's evidence of assurance.
type Tally struct {
	Raised    int
	Answered  int
	Escalated int
	Open      int // awaiting a response or closing now
	Overdue   int // awaiting a response after the due date now
}

// Count tallies the challenges raised in [start, end) as they stand on today, in one query.
func Count(ctx context.Context, q database.Querier, partnershipID int64, start, end, today time.Time) (Tally, error) {
	return database.One[Tally](ctx, q, nil, "challenges: count", `SELECT count(*)::int,
			(count(*) FILTER (WHERE status = 'answered'))::int, (count(*) FILTER (WHERE status = 'escalated'))::int,
			(count(*) FILTER (WHERE status IN ('open', 'responded')))::int,
			(count(*) FILTER (WHERE status = 'open' AND due_on < $4))::int
		FROM challenge WHERE partnership_id = $1 AND raised_at >= $2 AND raised_at < $3`, partnershipID, start, end, today)
}
