package signoff

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/meetings"
)

// agendaLimit bounds the records of one kind an agenda carries.
const agendaLimit = 50

// ExecutiveAgenda puts the records of one kind awaiting the statutory partners' sign-off before
// the Executive, on each agenda while they await it: kind's value is the subject kind (such as
// "document_version") and its label the agenda's heading; confidential marks items for the body's
// members only. Each area that puts records to the partners names its own. An item's RefID is
// the record's id, and its title says how many partners have signed.
func ExecutiveAgenda(kind app.Choice, confidential bool) meetings.ExecutiveSource {
	items := func(ctx context.Context, q database.Querier, b meetings.Body, day time.Time) ([]meetings.Item, error) {
		scan := func(row pgx.CollectableRow) (meetings.Item, error) {
			it := meetings.Item{Kind: kind.Value, Confidential: confidential}
			return it, row.Scan(&it.RefID, &it.Title)
		}
		return database.AllWith(ctx, q, scan, "signoff: agenda", `SELECT r.subject_id, r.title || ' (signed by ' ||
				(SELECT count(*) FROM signoff s WHERE s.round_id = r.id) || ' of ' || coalesce(cardinality(r.organisations), 0) || ' partners)'
			FROM signoff_round r WHERE r.partnership_id = $1 AND r.subject_kind = $2 AND r.status = 'open' AND r.proposed_at < $3::date + 1
			ORDER BY r.proposed_at, r.id LIMIT $4`, b.PartnershipID, kind.Value, day, agendaLimit)
	}
	return meetings.ExecutiveSource{Headings: app.Choices{kind}, Items: items}
}
