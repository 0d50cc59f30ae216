package reports

import (
	"context"
	"time"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/meetings"
)

// ExecutiveAgenda puts the exception reports the Engine Room has submitted on the Executive's
// agenda (a meetings.AgendaSource): each until a meeting of the Executive has had it on its
// agenda. Other bodies' meetings get nothing from it.
type ExecutiveAgenda struct{}

// AgendaKind is the kind of agenda item a submitted report is.
var AgendaKind = app.Choice{Value: "report", Label: "Exception reports from the Engine Room"}

// Kinds returns AgendaKind for the Executive, and none for another body.
func (ExecutiveAgenda) Kinds(b meetings.Body) app.Choices {
	if !b.IsExecutive() {
		return nil
	}
	return app.Choices{AgendaKind}
}

// AgendaItems returns the exception reports submitted by day that no meeting of the body has had
// on its agenda yet, oldest period first, in one query.
func (ExecutiveAgenda) AgendaItems(ctx context.Context, q database.Querier, b meetings.Body, day time.Time) ([]meetings.Item, error) {
	if !b.IsExecutive() {
		return nil, nil
	}
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

// Decisions returns none: the Executive's decisions on a report are the meetings' own.
func (ExecutiveAgenda) Decisions(context.Context, database.Querier, int64) ([]meetings.Decision, error) {
	return nil, nil
}

var _ meetings.AgendaSource = ExecutiveAgenda{}
