package disputes

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/meetings"
)

// AgendaKind is the kind of agenda item an escalated disagreement is.
var AgendaKind = app.Choice{Value: "dispute", Label: "Disagreements escalated to the lead representatives"}

// ExecutiveAgenda puts the disagreements escalated as far as the lead representatives or the
// independent chair before the Executive, on each agenda while they are open there. A
// disagreement is need-to-know: its item is confidential (for the body's members only) and names
// the agencies, the stage and its date, never what the disagreement is about.
var ExecutiveAgenda = meetings.ExecutiveSource{Headings: app.Choices{AgendaKind}, Items: agendaItems}

// executiveStages are the stages at which a disagreement is the Executive's.
var executiveStages = []string{"lead_representatives", "independent_chair"}

// agendaLimit bounds the disagreements one agenda carries: the rest are in the register.
const agendaLimit = 50

// agendaItems returns the open disagreements at the Executive's stages on day, the first due
// first, in one query.
func agendaItems(ctx context.Context, q database.Querier, b meetings.Body, day time.Time) ([]meetings.Item, error) {
	labels := StageChoices()
	scan := func(row pgx.CollectableRow) (meetings.Item, error) {
		it := meetings.Item{Kind: AgendaKind.Value, Confidential: true}
		var a, other, stage string
		var due time.Time
		err := row.Scan(&it.RefID, &a, &other, &stage, &due)
		it.Title = "Disagreement between " + a + " and " + other + " (" + labels.Label(stage) + ", next step due " + due.Format("2 January 2006") + ")"
		return it, err
	}
	return database.AllWith(ctx, q, scan, "disputes: agenda", `SELECT d.id, coalesce(a.name, 'an agency'), o.name, d.stage, d.stage_due_on
		FROM dispute d JOIN organisation o ON o.id = d.other_org_id LEFT JOIN organisation a ON a.id = d.raising_org_id
		WHERE d.partnership_id = $1 AND d.status = 'open' AND d.stage = ANY($2) AND d.stage_started_on <= $3
		ORDER BY d.stage_due_on, d.id LIMIT $4`, b.PartnershipID, executiveStages, day, agendaLimit)
}
