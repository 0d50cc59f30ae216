package reviews

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/notices"
	"github.com/scp-portal/portal/internal/secrets"
	"github.com/scp-portal/portal/web/paths"
)

// An agency a rapid review asks for its information is e-mailed a link that opens only that
// request, without an account: most agencies' safeguarding leads have none. The link works once,
// and until LinkDaysAfterDue days after the information is due, so a late agency can still send it
// but no link outlives the review's need. Asking again sends a new link and ends the old one; the
// summary arriving another way (the Engine Room records it) ends it too.

// LinkDaysAfterDue is how many days after its due date an agency's link still works.
const LinkDaysAfterDue = 7

// AgencyRequest is what an agency's link opens: the review's reference, the agency, and when its
// information is due. Nothing of the child, the family or the incident.
type AgencyRequest struct {
	Reference string
	Agency    string
	DueOn     time.Time
	LastDay   time.Time // the last day the link works
}

// SummaryByLinkField is the link page's field for the agency's summary.
const SummaryByLinkField = "summary"

// sendAgencyLink issues, inside tx, a new link to the request of rapid review id (reference) to
// the agency orgID, due on due, and e-mails it to the agency's contact; a request already answered
// is sent nothing.
func (s *Service) sendAgencyLink(ctx context.Context, tx pgx.Tx, id, orgID int64, reference string, due time.Time) error {
	secret := secrets.New()
	last := due.AddDate(0, 0, LinkDaysAfterDue)
	tag, err := tx.Exec(ctx, `UPDATE review_agency SET link_hash = $3, link_expires_at = $4
		WHERE review_id = $1 AND organisation_id = $2 AND received_on IS NULL`, id, orgID, secrets.Hash(secret), last.AddDate(0, 0, 1))
	if err != nil {
		return fmt.Errorf("reviews: agency link: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return nil
	}
	c, err := notices.OrganisationContact(ctx, tx, orgID)
	if err != nil {
		return err
	}
	date := due.Format("2 January 2006")
	return c.Send(ctx, tx, s.BaseURL, notices.Notice{Kind: notices.InformationRequested,
		Subject: "Rapid review " + reference + ": your agency's information is due on " + date,
		Line: "The partnership's rapid review " + reference + " asks your agency for a summary of its involvement by " + date + ". " +
			"Send it through the link below, without an account: it opens only this request, works once, and until " +
			last.Format("2 January 2006") + ". Do not reply to this e-mail with the information.",
		Prompt: "Send your agency's information",
		// At once, whatever the lead chose: a digest would hold the working link in the database
		// and spend days of it.
		Urgent: true,
		Link:   s.BaseURL + paths.AgencyInformation(c.Slug, secret)})
}

// live is the condition that the agency's request a has the live link $2 in the partnership $1
// at the time $3, on a review r not anonymised.
const live = `r.partnership_id = $1 AND a.link_hash = $2 AND a.link_expires_at > $3 AND a.received_on IS NULL AND r.anonymised_at IS NULL`

// AgencyRequest returns what the live link secret opens in the partnership pid, or app.ErrBadLink.
func (s *Service) AgencyRequest(ctx context.Context, pid int64, secret string) (AgencyRequest, error) {
	req, err := database.One[AgencyRequest](ctx, s.DB, app.ErrBadLink, "reviews: agency link", `
		SELECT r.reference, o.name, a.due_on, a.link_expires_at::date - 1
		FROM review_agency a JOIN rapid_review r ON r.id = a.review_id JOIN organisation o ON o.id = a.organisation_id
		WHERE `+live, pid, secrets.Hash(secret), s.Time())
	return req, err
}

// SendSummaryByLink records the summary an agency sent through the live link secret, received
// today, and ends the link; it returns what the link opened. The audit log records the review and
// the agency, by no one signed in.
func (s *Service) SendSummaryByLink(ctx context.Context, a app.Actor, pid int64, secret, summary string) (AgencyRequest, error) {
	if t := strings.TrimSpace(summary); t == "" || len([]rune(t)) > maxAnswer {
		return AgencyRequest{}, app.InvalidField(SummaryByLinkField, "Write your agency's summary, 20,000 characters or fewer")
	}
	var req AgencyRequest
	err := app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		var reviewID, orgID int64
		err := tx.QueryRow(ctx, `
			UPDATE review_agency a SET summary = $4, received_on = $5, link_hash = NULL, link_expires_at = NULL
			FROM rapid_review r, organisation o
			WHERE r.id = a.review_id AND o.id = a.organisation_id AND `+live+`
			RETURNING a.review_id, a.organisation_id, r.reference, o.name, a.due_on`,
			pid, secrets.Hash(secret), s.Time(), strings.TrimSpace(summary), s.Today()).Scan(&reviewID, &orgID, &req.Reference, &req.Agency, &req.DueOn)
		if errors.Is(err, pgx.ErrNoRows) {
			return app.Event{}, app.ErrBadLink
		}
		if err != nil {
			return app.Event{}, fmt.Errorf("reviews: summary by link: %w", err)
		}
		return app.Event{Action: audit.ReviewSummaryByLink, ObjectType: "rapid_review", ObjectID: reviewID, Detail: strconv.FormatInt(orgID, 10)}, nil
	})
	return req, err
}
