package seed

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/reviews"
	"github.com/scp-portal/portal/internal/signoff"
)

// signOffReview puts the rapid review r to the partnership's statutory partners, proposed by
// proposer, and signs it off for each partner organisation by its lead representative on day.
func signOffReview(ctx context.Context, tx pgx.Tx, pid int64, r reviews.Review, proposer int64, day time.Time) error {
	if _, err := signoff.Submit(ctx, tx, pid, reviews.Subject(r.ID), "Rapid review "+r.Reference, proposer, nil); err != nil {
		return err
	}
	type lead struct{ Org, User int64 }
	leads, err := database.All[lead](ctx, tx, "seed: review signers", `SELECT id, lead_representative_id FROM organisation
		WHERE partnership_id = $1 AND statutory_role <> '' ORDER BY id`, pid)
	if err != nil {
		return err
	}
	for _, l := range leads {
		if _, err := signoff.Sign(ctx, tx, pid, reviews.Subject(r.ID), l.User, l.Org, day); err != nil {
			return err
		}
	}
	return nil
}
