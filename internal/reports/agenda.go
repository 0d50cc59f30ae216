package reports

import (
	"context"
	"time"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/meetings"
)

// AgendaKind is the kind of agenda item a submitted report is.
var AgendaKind = app.Choice{Value: "report", Label: "Exception reports from the Engine Room"}

// ExecutiveAgenda puts the exception reports the Engine Room has submitted on the Executive's
// agenda: each until a meeting of the Executive has had it on its agenda.
var ExecutiveAgenda = meetings.ExecutiveSource{Headings: app.Choices{AgendaKind}, Items: agendaItems}

// agendaItems returns the exception reports submitted by day that no meeting of the body has had
// on its agenda yet, oldest period first, in one query.
func agendaItems(ctx context.Context, q database.Querier, b meetings.Body, day time.Time) ([]meetings.Item, error) {
	list, err := database.All[struct {
		ID     int64
		Period string
	}](ctx, q, "reports: agenda", `SELECT r.id, r.period FROM report r
		WHERE r.partnership_id = $1 AND r.kind = $2 AND r.status = 'submitted' AND r.submitted_at < $3::date + 1
		  AND `+meetings.NotYetOnAgenda("r.id", "$4", "$5")+`
		ORDER BY r.period_start, r.id LIMIT 20`, b.PartnershipID, Exception.Value, day, b.ID, AgendaKind.Value)
	if err != nil {
		return nil, err
	}
	items := make([]meetings.Item, 0, len(list))
	for _, r := range list {
		p, _ := Exception.ParsePeriod(r.Period, April)
		items = append(items, meetings.Item{Kind: AgendaKind.Value, RefID: r.ID, Title: "Exception report: " + p.Label})
	}
	return items, nil
}
