package challenges

import (
	"context"
	"time"

	"github.com/scp-portal/portal/internal/database"
)

// Awaiting is a challenge awaiting a person: addressed to the partner they represent and not yet
// answered (Respond), or raised by them and not yet closed (waiting for the addressee's response,
// or for their own closing once it came).
type Awaiting struct {
	ID      int64
	Summary string
	DueOn   time.Time
	Status  string
	Respond bool // their organisation is to respond; otherwise they raised it
}

// AwaitingOf lists at most limit challenges awaiting person, whose organisation is org (0: none),
// soonest due first, in one query: what their home view lists.
func AwaitingOf(ctx context.Context, q database.Querier, partnershipID, person, org int64, limit int) ([]Awaiting, error) {
	return database.All[Awaiting](ctx, q, "challenges: awaiting", `SELECT c.id, c.summary, c.due_on, c.status,
		c.status = 'open' AND c.organisation_id IS NOT DISTINCT FROM $3::bigint
		FROM challenge c WHERE c.partnership_id = $1
		  AND ((c.status = 'open' AND c.organisation_id = $3) OR (c.raised_by = $2 AND c.status IN ('open', 'responded')))
		ORDER BY c.due_on, c.id LIMIT $4`, partnershipID, person, org, limit)
}
