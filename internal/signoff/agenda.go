package signoff

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/meetings"
)

// Agenda puts the records of one kind awaiting the statutory partners' sign-off before the
// Executive (a meetings.AgendaSource), on each agenda while they await it. Kind's value is the
// subject kind (such as "document_version") and its label the agenda's heading; each area that
// puts records to the partners names its own Agenda. An item's RefID is the record's id.
type Agenda struct {
	Kind         app.Choice
	Confidential bool // the records' titles are for the body's members only
}

// agendaLimit bounds the records of one kind an agenda carries.
const agendaLimit = 50

// Kinds returns the agenda's kind for the Executive, and none for another body.
func (g Agenda) Kinds(b meetings.Body) app.Choices {
	if !b.IsExecutive() {
		return nil
	}
	return app.Choices{g.Kind}
}

// AgendaItems returns the records of the kind put to the partners by day and not yet signed off
// by all, the first put first, with how many partners have signed, in one query.
func (g Agenda) AgendaItems(ctx context.Context, q database.Querier, b meetings.Body, day time.Time) ([]meetings.Item, error) {
	if !b.IsExecutive() {
		return nil, nil
	}
	scan := func(row pgx.CollectableRow) (meetings.Item, error) {
		it := meetings.Item{Kind: g.Kind.Value, Confidential: g.Confidential}
		return it, row.Scan(&it.RefID, &it.Title)
	}
	return database.AllWith(ctx, q, scan, "signoff: agenda", `SELECT r.subject_id, r.title || ' (signed by ' ||
			(SELECT count(*) FROM signoff s WHERE s.round_id = r.id) || ' of ' || coalesce(cardinality(r.organisations), 0) || ' partners)'
		FROM signoff_round r WHERE r.partnership_id = $1 AND r.subject_kind = $2 AND r.status = 'open' AND r.proposed_at < $3::date + 1
		ORDER BY r.proposed_at, r.id LIMIT $4`, b.PartnershipID, g.Kind.Value, day, agendaLimit)
}

// Decisions returns none: a sign-off is each partner's own, recorded on the record.
func (Agenda) Decisions(context.Context, database.Querier, int64) ([]meetings.Decision, error) {
	return nil, nil
}

var _ meetings.AgendaSource = Agenda{}
