package reviews

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/intake"
	"github.com/scp-portal/portal/internal/workdays"
)

// DefaultPublishMonths is how long after the decision a local CSPR should be published, by
// default (local practice: keep it configurable).
const DefaultPublishMonths = 6

// PanelDays is how many working days before publication the final report goes to the national
// Panel (local practice).
const PanelDays = 7

// CSPR is a local child safeguarding practice review.
type CSPR struct {
	ID                  int64
	PartnershipID       int64
	ReviewID            int64
	Reference           string
	Reviewer            string
	ReviewerApprovedBy  *int64
	ApproverName        string
	ReviewerApprovedAt  *time.Time
	TermsOfReference    string
	AgenciesInvolvement string
	PublishTargetOn     time.Time
	Report              string
	SentToPanelOn       *time.Time
	PublishedOn         *time.Time
	RedactedReport      string
	LearningSummary     string
	Version             int
	ReviewerProposedBy  *int64 // who proposed the reviewer: they may not approve them
	ProposerName        string
	ApprovedReviewer    string // what was approved: the reviewer named in the proposal
	ApprovalDecisionID  *int64 // the Executive meeting's decision it was recorded against, if any
	// Publication follows the Executive's approval: who proposed it and for which day (they may
	// not approve it), who approved and when, and the Executive meeting decision it was recorded
	// against, if any. Approving it sets PublishedOn to the day proposed.
	PublicationProposedBy   *int64
	PublicationProposerName string
	PublicationProposedOn   *time.Time
	PublicationApprovedBy   *int64
	PublicationApproverName string
	PublicationApprovedAt   *time.Time
	PublicationDecisionID   *int64
}

// Milestone is a step of a local CSPR with its target date.
type Milestone struct {
	ID       int64
	Title    string
	TargetOn time.Time
	DoneOn   *time.Time
}

// OpenCSPR opens the local CSPR a rapid review decided on, inside the caller's transaction, with
// its publication target publishMonths from today and the usual milestones.
func OpenCSPR(ctx context.Context, tx pgx.Tx, partnershipID, reviewID int64, prefix string, publishMonths int, cal *workdays.Calendar, today time.Time) (int64, error) {
	decision, err := database.OneWith(ctx, tx, pgx.RowTo[string], ErrNotFound, "reviews: open cspr",
		`SELECT decision FROM rapid_review WHERE partnership_id = $1 AND id = $2 FOR UPDATE`, partnershipID, reviewID)
	if err != nil {
		return 0, err
	}
	if decision != "local_cspr" {
		return 0, ErrNotAllowed
	}
	ref, err := intake.NextReference(ctx, tx, partnershipID, "cspr-lr", prefix, today.Year())
	if err != nil {
		return 0, err
	}
	target := workdays.Day(today).AddDate(0, publishMonths, 0)
	var id int64
	err = tx.QueryRow(ctx, `INSERT INTO local_cspr (partnership_id, review_id, reference, publish_target_on) VALUES ($1, $2, $3, $4) RETURNING id`,
		partnershipID, reviewID, ref, target).Scan(&id)
	if app.IsUniqueViolation(err) {
		return 0, ErrNotAllowed
	}
	if err != nil {
		return 0, fmt.Errorf("reviews: open cspr: %w", err)
	}
	for _, m := range []struct {
		title string
		on    time.Time
	}{
		{"Reviewer appointed, with the Executive's approval", cal.Add(today, 20)},
		{"Terms of reference agreed", cal.Add(today, 30)},
		{"Agencies' involvement gathered", workdays.Day(today).AddDate(0, 3, 0)},
		{"Final report sent to the national Panel", workdays.Day(target).AddDate(0, 0, -PanelDays*7/5)},
		{"Report published", target},
	} {
		if _, err := tx.Exec(ctx, `INSERT INTO cspr_milestone (cspr_id, title, target_on) VALUES ($1, $2, $3)`, id, m.title, m.on); err != nil {
			return 0, fmt.Errorf("reviews: milestone: %w", err)
		}
	}
	return id, nil
}

// GetCSPR returns one of the partnership's local CSPRs with its milestones.
func GetCSPR(ctx context.Context, q database.Querier, partnershipID, id int64) (CSPR, []Milestone, error) {
	c, err := database.One[CSPR](ctx, q, ErrNotFound, "reviews: cspr", `SELECT c.id, c.partnership_id, c.review_id, c.reference, c.reviewer, c.reviewer_approved_by, coalesce(u.name, ''),
		c.reviewer_approved_at, c.terms_of_reference, c.agencies_involvement, c.publish_target_on, c.report, c.sent_to_panel_on, c.published_on,
		c.redacted_report, c.learning_summary, c.version, c.reviewer_proposed_by, coalesce(pu.name, ''), c.reviewer_approved, c.reviewer_decision_id,
		c.publication_proposed_by, coalesce(ppu.name, ''), c.publication_proposed_on, c.publication_approved_by, coalesce(pau.name, ''),
		c.publication_approved_at, c.publication_decision_id
		FROM local_cspr c LEFT JOIN app_user u ON u.id = c.reviewer_approved_by LEFT JOIN app_user pu ON pu.id = c.reviewer_proposed_by
		LEFT JOIN app_user ppu ON ppu.id = c.publication_proposed_by LEFT JOIN app_user pau ON pau.id = c.publication_approved_by
		WHERE c.partnership_id = $1 AND c.id = $2`, partnershipID, id)
	if err != nil {
		return c, nil, err
	}
	ms, err := database.All[Milestone](ctx, q, "reviews: milestones", `SELECT id, title, target_on, done_on FROM cspr_milestone WHERE cspr_id = $1 ORDER BY target_on, id`, id)
	if err != nil {
		return c, nil, err
	}
	return c, ms, nil
}

// ProposeReviewer names the reviewer and terms of reference, proposed by the person proposer; a
// change of reviewer needs the Executive's approval again, and is then proposer's proposal.
func ProposeReviewer(ctx context.Context, q database.Querier, partnershipID, id int64, version int, reviewer, terms string, proposer int64) error {
	return database.Exec(ctx, q, ErrConflict, "reviews: propose reviewer", `UPDATE local_cspr SET
		reviewer_approved_by = CASE WHEN reviewer = $4 THEN reviewer_approved_by END,
		reviewer_approved_at = CASE WHEN reviewer = $4 THEN reviewer_approved_at END,
		reviewer_approved = CASE WHEN reviewer = $4 THEN reviewer_approved ELSE '' END,
		reviewer_decision_id = CASE WHEN reviewer = $4 THEN reviewer_decision_id END,
		reviewer_proposed_by = CASE WHEN reviewer = $4 AND reviewer_proposed_by IS NOT NULL THEN reviewer_proposed_by ELSE $6 END,
		reviewer = $4, terms_of_reference = $5, version = version + 1
		WHERE partnership_id = $1 AND id = $2 AND version = $3`, partnershipID, id, version, strings.TrimSpace(reviewer), strings.TrimSpace(terms), proposer)
}

// ApproveReviewer records the Executive's approval of the proposed reviewer: who, when, what (the
// reviewer named) and, when it was made at a meeting, the decision recorded there (nil when not).
// There must be a reviewer, at version, proposed by someone other than the approver: otherwise
// nothing changes and ErrConflict says so (the caller tells which).
func ApproveReviewer(ctx context.Context, q database.Querier, partnershipID, id int64, version int, approverID int64, now time.Time, decisionID *int64) error {
	return database.Exec(ctx, q, ErrConflict, "reviews: approve reviewer", `UPDATE local_cspr SET reviewer_approved_by = $4, reviewer_approved_at = $5,
		reviewer_approved = reviewer, reviewer_decision_id = $6, version = version + 1
		WHERE partnership_id = $1 AND id = $2 AND version = $3 AND reviewer <> '' AND reviewer_proposed_by IS DISTINCT FROM $4`,
		partnershipID, id, version, approverID, now, decisionID)
}

// ErrNotReady means a local CSPR cannot be published yet: it needs its redacted report and
// learning summary, and must have gone to the national Panel first.
var ErrNotReady = errors.New("reviews: not ready to publish")

// ErrPublished refuses a change to what was published: the redacted report, the learning summary
// and the day it went to the Panel.
var ErrPublished = errors.New("reviews: published")

// SaveReport saves the local CSPR's report, if it is still at version. A change to what is
// published (the redacted report, the learning summary, the day it went to the national Panel)
// withdraws a proposal of publication and its approval, which were of what it said before, and
// is refused once it is published.
func SaveReport(ctx context.Context, q database.Querier, c CSPR) error {
	var published bool
	err := q.QueryRow(ctx, `SELECT published_on IS NOT NULL AND (redacted_report <> $3 OR learning_summary <> $4 OR sent_to_panel_on IS DISTINCT FROM $5)
		FROM local_cspr WHERE partnership_id = $1 AND id = $2`, c.PartnershipID, c.ID, strings.TrimSpace(c.RedactedReport),
		strings.TrimSpace(c.LearningSummary), c.SentToPanelOn).Scan(&published)
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("reviews: save report: %w", err)
	}
	if published {
		return ErrPublished
	}
	return database.Exec(ctx, q, ErrConflict, "reviews: save report", `UPDATE local_cspr SET agencies_involvement = $4, report = $5,
		publication_proposed_by = CASE WHEN `+unchanged+` THEN publication_proposed_by END,
		publication_proposed_on = CASE WHEN `+unchanged+` THEN publication_proposed_on END,
		publication_approved_by = CASE WHEN `+unchanged+` THEN publication_approved_by END,
		publication_approved_at = CASE WHEN `+unchanged+` THEN publication_approved_at END,
		publication_decision_id = CASE WHEN `+unchanged+` THEN publication_decision_id END,
		sent_to_panel_on = $6, redacted_report = $7, learning_summary = $8, version = version + 1
		WHERE partnership_id = $1 AND id = $2 AND version = $3`, c.PartnershipID, c.ID, c.Version, strings.TrimSpace(c.AgenciesInvolvement),
		strings.TrimSpace(c.Report), c.SentToPanelOn, strings.TrimSpace(c.RedactedReport), strings.TrimSpace(c.LearningSummary))
}

// unchanged is SaveReport's condition that what would be published stays as it was.
const unchanged = `(sent_to_panel_on IS NOT DISTINCT FROM $6 AND redacted_report = $7 AND learning_summary = $8)`

// ProposePublication proposes, for the Executive's approval, publishing the local CSPR at version
// on day, by proposer: it must have gone to the national Panel by then, with its redacted report
// and learning summary (ErrNotReady), and not be published already (ErrPublished). A proposal
// replaces an earlier one and its approval.
func ProposePublication(ctx context.Context, tx pgx.Tx, partnershipID, id int64, version int, day time.Time, proposer int64) error {
	c, _, err := GetCSPR(ctx, tx, partnershipID, id)
	switch {
	case err != nil:
		return err
	case c.PublishedOn != nil:
		return ErrPublished
	case strings.TrimSpace(c.RedactedReport) == "" || strings.TrimSpace(c.LearningSummary) == "" || c.SentToPanelOn == nil || day.Before(*c.SentToPanelOn):
		return ErrNotReady
	}
	return database.Exec(ctx, tx, ErrConflict, "reviews: propose publication", `UPDATE local_cspr SET publication_proposed_by = $4,
		publication_proposed_on = $5, publication_approved_by = NULL, publication_approved_at = NULL, publication_decision_id = NULL,
		version = version + 1 WHERE partnership_id = $1 AND id = $2 AND version = $3`, partnershipID, id, version, proposer, day)
}

// ApprovePublication records the Executive's approval of the publication proposed for the local
// CSPR at version: who, when and the meeting decision (nil when not at a meeting); it is then
// published on the day proposed. There must be a proposal, at version, by someone other than the
// approver: otherwise nothing changes and ErrConflict says so (the caller tells which).
func ApprovePublication(ctx context.Context, q database.Querier, partnershipID, id int64, version int, approverID int64, now time.Time, decisionID *int64) error {
	return database.Exec(ctx, q, ErrConflict, "reviews: approve publication", `UPDATE local_cspr SET publication_approved_by = $4,
		publication_approved_at = $5, publication_decision_id = $6, published_on = publication_proposed_on, version = version + 1
		WHERE partnership_id = $1 AND id = $2 AND version = $3 AND publication_proposed_on IS NOT NULL AND published_on IS NULL
		  AND publication_proposed_by IS DISTINCT FROM $4`, partnershipID, id, version, approverID, now, decisionID)
}

// CompleteMilestone records that a local CSPR's milestone was met on day.
func CompleteMilestone(ctx context.Context, q database.Querier, partnershipID, csprID, milestoneID int64, day time.Time) error {
	return database.Exec(ctx, q, ErrNotFound, "reviews: complete milestone", `UPDATE cspr_milestone m SET done_on = $4 FROM local_cspr c
		WHERE m.cspr_id = c.id AND c.partnership_id = $1 AND c.id = $2 AND m.id = $3 AND m.done_on IS NULL`, partnershipID, csprID, milestoneID, day)
}

// CSPROf returns the id of the local CSPR the rapid review reviewID opened, or 0 when it opened none.
func CSPROf(ctx context.Context, q database.Querier, reviewID int64) (int64, error) {
	var id int64
	if err := q.QueryRow(ctx, `SELECT coalesce((SELECT id FROM local_cspr WHERE review_id = $1), 0)`, reviewID).Scan(&id); err != nil {
		return 0, fmt.Errorf("reviews: cspr of review: %w", err)
	}
	return id, nil
}
