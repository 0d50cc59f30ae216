package intake

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/mail"
	"github.com/scp-portal/portal/internal/partnership"
)

// acknowledgement tells the writer their request arrived: its reference and where to follow it,
// never its content.
func acknowledgement(to string, p partnership.Partnership, req Request, baseURL string) mail.Message {
	return mail.Message{To: to,
		Subject: "We have received your request " + req.Reference,
		Body: fmt.Sprintf("%s has received your %s.\n\nYour reference is %s.\n\nYou can follow what happens to it at %s/%s/my/submissions\n",
			p.Name, req.Kind.Label(), req.Reference, baseURL, p.Slug)}
}

// notice tells a member of the Engine Room or business unit that a request has arrived: its kind,
// reference and date, and a link; never its content.
func notice(to string, p partnership.Partnership, req Request, baseURL string) mail.Message {
	return mail.Message{To: to,
		Subject: "New " + req.Kind.Label() + " " + req.Reference,
		Body: fmt.Sprintf("A new %s, %s, reached %s on %s.\n\nSign in to read it: %s/%s/inbox/%d\n",
			req.Kind.Label(), req.Reference, p.ShortName, req.SubmittedAt.In(app.London).Format("2 January 2006 at 15:04"),
			baseURL, p.Slug, req.ID)}
}

// reviewerEmails are the addresses of the current members of the partnership's Engine Room and
// business unit on day today.
func reviewerEmails(ctx context.Context, tx pgx.Tx, partnershipID int64, today time.Time) ([]string, error) {
	return database.Values[string](ctx, tx, "intake: reviewers", `
		SELECT DISTINCT u.email FROM membership m JOIN body b ON b.id = m.body_id JOIN app_user u ON u.id = m.user_id
		WHERE m.partnership_id = $1 AND b.kind IN ('engine_room', 'business_unit') AND u.status = 'active'
		  AND m.starts_on <= $2 AND (m.ends_on IS NULL OR m.ends_on > $2)`, partnershipID, today)
}
