package notices

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// SendToBodies gives n, inside tx, to the people holding on day today a seat on one of the
// partnership's bodies of the kinds given (see Members), its Link the portal's address base
// followed by the path link makes of the partnership's slug.
func SendToBodies(ctx context.Context, tx pgx.Tx, base string, partnershipID int64, today time.Time, n Notice, link func(slug string) string, bodyKinds ...string) error {
	slug, err := Slug(ctx, tx, partnershipID)
	if err != nil {
		return err
	}
	to, err := Members(ctx, tx, partnershipID, today, bodyKinds...)
	if err != nil {
		return err
	}
	n.Link = base + link(slug)
	return Send(ctx, tx, base, n, to...)
}
