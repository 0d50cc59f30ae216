package reviews

import (
	"context"
	"time"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/meetings"
	"github.com/scp-portal/portal/internal/signoff"
)

// AgendaKinds are the kinds of approval a local CSPR puts on the Executive's agenda, in agenda
// order. An item's RefID is the local CSPR.
var AgendaKinds = app.Choices{
	{Value: "appointment", Label: "Reviewer appointments to approve"},
	{Value: "publication", Label: "Local reviews to approve for publication"},
}

// ExecutiveAgenda puts the local CSPRs' approvals pending before the Executive: a reviewer
// proposed and not yet approved, and a publication proposed and not yet approved, on each agenda
// until approved. An item names the review by its reference, never the child.
var ExecutiveAgenda = meetings.ExecutiveSource{Headings: AgendaKinds, Items: agendaItems}

// ExecutiveSignOffs puts the rapid reviews awaiting the partners' sign-off on the Executive's
// agenda, as confidential items.
var ExecutiveSignOffs = signoff.ExecutiveAgenda(app.Choice{Value: SubjectKind, Label: "Rapid reviews awaiting the partners' sign-off"}, true)

// agendaLimit bounds the approvals one agenda carries.
const agendaLimit = 50

// agendaItems returns the unpublished local CSPRs whose reviewer or publication awaits the
// Executive's approval, oldest review first, in one query.
func agendaItems(ctx context.Context, q database.Querier, b meetings.Body, _ time.Time) ([]meetings.Item, error) {
	return database.AllWith(ctx, q, meetings.ScanItem, "reviews: agenda", `SELECT kind, id, title FROM (
			SELECT $2 AS kind, c.id, c.reference || ': ' || c.reviewer || ' proposed as reviewer' AS title, 1 AS o, c.created_at AS at
			FROM local_cspr c WHERE c.partnership_id = $1 AND c.published_on IS NULL AND c.reviewer <> '' AND c.reviewer_approved_by IS NULL
			UNION ALL
			SELECT $3, c.id, c.reference || ': publication proposed for ' || to_char(c.publication_proposed_on, 'FMDD FMMonth YYYY'), 2, c.created_at
			FROM local_cspr c WHERE c.partnership_id = $1 AND c.published_on IS NULL AND c.publication_proposed_on IS NOT NULL
			  AND c.publication_approved_by IS NULL
		) items ORDER BY o, at, id LIMIT $4`, b.PartnershipID, AgendaKinds[0].Value, AgendaKinds[1].Value, agendaLimit)
}

// EngineRoomKinds are the kinds of item the reviews put on the Engine Room's agenda, in agenda
// order: the CSPR consideration requests awaiting its decision (an item's RefID is the request),
// and the rapid reviews still open (its RefID is the review).
var EngineRoomKinds = app.Choices{
	{Value: "cspr_request", Label: "CSPR consideration requests awaiting a decision"},
	{Value: "open_rapid_review", Label: "Rapid reviews in progress"},
}

// EngineRoomAgenda puts before the Engine Room (a meetings.AgendaSource) the CSPR consideration
// requests received and not yet decided (no rapid review started from them, not closed) and the
// rapid reviews not yet sent to the national Panel, on each of its agendas until they are. An
// item names the request or review by its reference and a date, never the child or the case.
// Other bodies' meetings get nothing from it.
type EngineRoomAgenda struct{}

// Kinds returns EngineRoomKinds for the Engine Room, and none for another body.
func (EngineRoomAgenda) Kinds(b meetings.Body) app.Choices {
	if !b.IsEngineRoom() {
		return nil
	}
	return EngineRoomKinds
}

// AgendaItems returns, for the Engine Room, the CSPR consideration requests awaiting its
// decision, oldest first, then the open rapid reviews, soonest due first, in one query.
func (EngineRoomAgenda) AgendaItems(ctx context.Context, q database.Querier, b meetings.Body, _ time.Time) ([]meetings.Item, error) {
	if !b.IsEngineRoom() {
		return nil, nil
	}
	return database.AllWith(ctx, q, meetings.ScanItem, "reviews: engine room agenda", `SELECT kind, id, title FROM (
			(SELECT $2 AS kind, r.id, r.reference || ': received ' || to_char(r.submitted_at AT TIME ZONE 'Europe/London', 'FMDD FMMonth YYYY') AS title,
				1 AS o, r.submitted_at::date AS at
			FROM intake_request r WHERE r.partnership_id = $1 AND r.kind = 'cspr' AND r.status IN ('received', 'considering')
			  AND NOT EXISTS (SELECT 1 FROM rapid_review v WHERE v.request_id = r.id)
			ORDER BY r.submitted_at, r.id LIMIT $4)
			UNION ALL
			(SELECT $3, v.id, v.reference || ': rapid review due ' || to_char(v.due_on, 'FMDD FMMonth YYYY'), 2, v.due_on
			FROM rapid_review v WHERE v.partnership_id = $1 AND v.sent_to_panel_on IS NULL
			ORDER BY v.due_on, v.id LIMIT $4)
		) items ORDER BY o, at, id`, b.PartnershipID, EngineRoomKinds[0].Value, EngineRoomKinds[1].Value, agendaLimit)
}

// Decisions returns none: what the Engine Room decides on a request or a review is recorded on
// the request and the review, and minuted at the meeting.
func (EngineRoomAgenda) Decisions(context.Context, database.Querier, int64) ([]meetings.Decision, error) {
	return nil, nil
}
