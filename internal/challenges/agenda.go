package challenges

import (
	"context"
	"time"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/meetings"
)

// AgendaKinds are the kinds of item the challenge log puts on the Executive's agenda, in agenda
// order: a challenge not yet closed, and one escalated.
var AgendaKinds = app.Choices{
	{Value: "challenge", Label: "Challenges open"},
	{Value: "escalated_challenge", Label: "Challenges escalated"},
}

// agendaLimit bounds the challenges of each kind one agenda carries: the rest are in the log.
const agendaLimit = 50

// ExecutiveAgenda puts the challenge log before the Executive: every challenge still open
// (awaiting its response, or responded and awaiting its closing), on each agenda until it is
// closed, and each challenge closed as escalated, once.
var ExecutiveAgenda = meetings.ExecutiveSource{Headings: AgendaKinds, Items: agendaItems}

// agendaItems returns the challenges raised by day and not closed, the first due first, then
// those escalated that no meeting of the body has had on its agenda, in one query. An item names
// the challenge by its number, whom it is addressed to and when its response is due, or that it
// came and the challenge awaits its closing: never what it asks, which the agenda would keep
// after retention anonymised the challenge (the item links to it).
func agendaItems(ctx context.Context, q database.Querier, b meetings.Body, day time.Time) ([]meetings.Item, error) {
	return database.AllWith(ctx, q, meetings.ScanItem, "challenges: agenda", `SELECT kind, id, title FROM (
			(SELECT $3 AS kind, c.id, 'Challenge ' || c.id || ' to ' || coalesce(o.name, 'the Engine Room') || CASE c.status
			        WHEN 'open' THEN ', response due ' || to_char(c.due_on, 'FMDD FMMonth YYYY') ELSE ', who responded: to close' END AS title,
			        1 AS o, c.due_on AS at
			 FROM challenge c LEFT JOIN organisation o ON o.id = c.organisation_id
			 WHERE c.partnership_id = $1 AND c.status IN ('open', 'responded') AND c.raised_at < $2::date + 1
			 ORDER BY c.due_on, c.id LIMIT $6)
			UNION ALL
			(SELECT $4, c.id, 'Challenge ' || c.id || ' to ' || coalesce(o.name, 'the Engine Room') || ', escalated', 2, c.due_on
			 FROM challenge c LEFT JOIN organisation o ON o.id = c.organisation_id
			 WHERE c.partnership_id = $1 AND c.status = 'escalated' AND c.closed_at < $2::date + 1
			   AND `+meetings.NotYetOnAgenda("c.id", "$5", "$4")+`
			 ORDER BY c.closed_at, c.id LIMIT $6)
		) items ORDER BY o, at, id`, b.PartnershipID, day, AgendaKinds[0].Value, AgendaKinds[1].Value, b.ID, agendaLimit)
}
