package reviews

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/notices"
	"github.com/scp-portal/portal/web/paths"
)

// notifyApprovalAwaited tells the Executive's members, inside tx, that the reviewer proposed for
// the local CSPR id awaits their approval: the review's reference and a link, never the reviewer's
// name or the terms typed.
func (s *Service) notifyApprovalAwaited(ctx context.Context, tx pgx.Tx, pid, id int64) error {
	c, _, err := GetCSPR(ctx, tx, pid, id)
	if err != nil {
		return err
	}
	return notices.SendToBodies(ctx, tx, s.BaseURL, pid, s.Today(), notices.Notice{Kind: notices.AwaitsExecutive,
		Subject: "A reviewer for " + c.Reference + " awaits the Executive's approval",
		Line:    "A reviewer has been proposed for the local child safeguarding practice review " + c.Reference + ". A member of the Executive who did not propose them approves."},
		func(slug string) string { return paths.LocalReview(slug, id) }, "executive")
}
