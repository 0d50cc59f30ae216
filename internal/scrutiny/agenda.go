package scrutiny

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/meetings"
)

// AgendaKind is the kind of agenda item an issued scrutiny report is.
var AgendaKind = app.Choice{Value: "scrutiny", Label: "Independent scrutiny reports"}

// ExecutiveAgenda puts the scrutiny reports issued to the partners on the Executive's agenda:
// each until a meeting of the Executive has had it on its agenda.
var ExecutiveAgenda = meetings.ExecutiveSource{Headings: app.Choices{AgendaKind}, Items: agendaItems}

// agendaLimit bounds the reports one agenda carries.
const agendaLimit = 20

// agendaItems returns the reports issued by day that no meeting of the body has had on its agenda
// yet, the first issued first, in one query.
func agendaItems(ctx context.Context, q database.Querier, b meetings.Body, day time.Time) ([]meetings.Item, error) {
	scan := func(row pgx.CollectableRow) (meetings.Item, error) {
		it := meetings.Item{Kind: AgendaKind.Value}
		return it, row.Scan(&it.RefID, &it.Title)
	}
	return database.AllWith(ctx, q, scan, "scrutiny: agenda", `SELECT s.id, 'Independent scrutiny report: ' || s.title FROM scrutiny_report s
		WHERE s.partnership_id = $1 AND s.status = 'issued' AND s.issued_at < $2::date + 1
		  AND `+meetings.NotYetOnAgenda("s.id", "$3", "$4")+`
		ORDER BY s.issued_at, s.id LIMIT $5`, b.PartnershipID, day, b.ID, AgendaKind.Value, agendaLimit)
}
