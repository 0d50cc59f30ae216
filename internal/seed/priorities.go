package seed

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/reviews"
)

// demoReviewPriority is the South Tees priority its published local CSPR (Child B's, on sharing
// what agencies knew at handovers) bears on, so the public library finds it by priority.
const demoReviewPriority = "Working Together"

// demoReviewPriorities tags South Tees' first local CSPR, the one the demo publishes, with the
// partnership priority it bears on, as the Engine Room does on its page.
func demoReviewPriorities(ctx context.Context, tx pgx.Tx, p people) error {
	if p.slug != "stscp" {
		return nil
	}
	var id int64
	var version int
	if err := tx.QueryRow(ctx, `SELECT id, version FROM local_cspr WHERE partnership_id = $1 ORDER BY id LIMIT 1`, p.partnershipID).Scan(&id, &version); err != nil {
		return fmt.Errorf("seed: review priorities: %w", err)
	}
	return reviews.SetCSPRPriorities(ctx, tx, p.partnershipID, id, version, []string{demoReviewPriority})
}
