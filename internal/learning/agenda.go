package learning

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/meetings"
)

// EngineRoomAgenda is the learning loop's part in the Engine Room's meetings (a
// meetings.AgendaSource): what awaits its decision, and the triage decisions taken there. Other
// bodies' meetings get nothing from it.
type EngineRoomAgenda struct{}

// AgendaKinds are the kinds of item the learning loop puts on the Engine Room's agenda, with
// their headings, in agenda order.
var AgendaKinds = app.Choices{
	{Value: "request", Label: "New requests to triage"}, {Value: "commission", Label: "Commissions due"},
	{Value: "action", Label: "Overdue actions"}, {Value: "evidence", Label: "Evidence of impact due"},
}

// Kinds returns AgendaKinds for the Engine Room, and none for another body.
func (EngineRoomAgenda) Kinds(b meetings.Body) app.Choices {
	if !b.IsEngineRoom() {
		return nil
	}
	return AgendaKinds
}

// agendaLimit bounds the items of each kind one agenda carries, as every other agenda source's
// does: the rest are in the inbox, the commissions and the recommendations' pages.
const agendaLimit = 50

// AgendaItems returns what awaits the Engine Room's decision on a day, in one query: KLOE
// requests not yet triaged (CSPR consideration requests are reviews.EngineRoomAgenda's),
// commissions due within two weeks and not signed off, actions overdue, and recommendations whose
// evidence of impact is due, the oldest agendaLimit of each.
func (EngineRoomAgenda) AgendaItems(ctx context.Context, q database.Querier, b meetings.Body, day time.Time) ([]meetings.Item, error) {
	if !b.IsEngineRoom() {
		return nil, nil
	}
	return database.AllWith(ctx, q, meetings.ScanItem, "learning: agenda", `
		SELECT kind, ref_id, title FROM (
			(SELECT 'request' AS kind, r.id AS ref_id, r.reference || CASE WHEN r.title <> '' THEN ': ' || r.title ELSE '' END AS title, 1 AS o, r.submitted_at AS at
			FROM intake_request r WHERE r.partnership_id = $1 AND r.kind = 'kloe' AND r.status IN ('received', 'considering')
			ORDER BY r.submitted_at, r.id LIMIT $3)
			UNION ALL
			(SELECT 'commission', c.id, c.title || ' (findings due ' || to_char(c.due_on, 'FMDD FMMonth YYYY') || ')', 2, c.due_on::timestamptz
			FROM commission c WHERE c.partnership_id = $1 AND c.status <> 'signed_off' AND c.due_on <= $2::date + 14
			ORDER BY c.due_on, c.id LIMIT $3)
			UNION ALL
			(SELECT 'action', a.recommendation_id, o.name || ': ' || a.description || ' (due ' || to_char(a.due_on, 'FMDD FMMonth YYYY') || ')', 3, a.due_on::timestamptz
			FROM action a JOIN recommendation r ON r.id = a.recommendation_id JOIN organisation o ON o.id = a.organisation_id
			WHERE r.partnership_id = $1 AND a.status <> 'done' AND a.due_on < $2
			ORDER BY a.due_on, a.recommendation_id LIMIT $3)
			UNION ALL
			(SELECT 'evidence', r.id, r.title || ' (evidence due ' || to_char(r.impact_due_on, 'FMDD FMMonth YYYY') || ')', 4, r.impact_due_on::timestamptz
			FROM recommendation r WHERE r.partnership_id = $1 AND r.impact_due_on <= $2
			  AND NOT EXISTS (SELECT 1 FROM impact_evidence e WHERE e.recommendation_id = r.id)
			ORDER BY r.impact_due_on, r.id LIMIT $3)
		) items ORDER BY o, at, ref_id`, b.PartnershipID, day, agendaLimit)
}

// Decisions returns the triage decisions taken at a meeting, in the order taken.
func (EngineRoomAgenda) Decisions(ctx context.Context, q database.Querier, meetingID int64) ([]meetings.Decision, error) {
	scan := func(row pgx.CollectableRow) (meetings.Decision, error) {
		d := meetings.Decision{Kind: "request"}
		err := row.Scan(&d.RefID, &d.Reference, &d.Label, &d.Outcome)
		d.Label = DecisionLabel(d.Label)
		return d, err
	}
	return database.AllWith(ctx, q, scan, "learning: decisions", `SELECT t.request_id, r.reference, t.decision, t.outcome FROM triage t JOIN intake_request r ON r.id = t.request_id
		WHERE t.meeting_id = $1 ORDER BY t.decided_at`, meetingID)
}
