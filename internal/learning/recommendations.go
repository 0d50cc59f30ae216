package learning

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/database"
)

// RecommendationStatuses are where a recommendation is.
var RecommendationStatuses = []Option{{"open", "Open"}, {"in_progress", "In progress"}, {"implemented", "Implemented"}, {"not_implemented", "Not implemented"}}

// EvidenceKinds are the kinds of evidence of impact.
var EvidenceKinds = []Option{
	{"re_audit", "Re-audit"}, {"practitioner_feedback", "Practitioner feedback"}, {"training_evaluation", "Training evaluation"},
	{"family_feedback", "Children and family feedback"}, {"performance_data", "Performance data"},
}

// RecommendationStatusLabel and EvidenceLabel name values for people.
func RecommendationStatusLabel(s string) string { return label(RecommendationStatuses, s) }

// EvidenceLabel names a kind of evidence.
func EvidenceLabel(k string) string { return label(EvidenceKinds, k) }

// Recommendation is a recommendation with its owner's name.
type Recommendation struct {
	ID            int64
	PartnershipID int64
	CommissionID  *int64
	CSPRID        *int64 // a local CSPR's recommendation: the same tracking as learning's
	Title         string
	OwnerOrgID    int64
	OwnerOrgName  string
	DueOn         time.Time
	Status        string
	ImpactDueOn   *time.Time
	CreatedAt     time.Time
	Version       int
}

// Overdue reports whether it is past its due date and not done with.
func (r Recommendation) Overdue(today time.Time) bool {
	return r.DueOn.Before(today) && (r.Status == "open" || r.Status == "in_progress")
}

// EvidenceDue reports whether evidence of its impact was due by today and none has been given.
func (r Recommendation) EvidenceDue(today time.Time, evidenceCount int) bool {
	return r.ImpactDueOn != nil && !r.ImpactDueOn.After(today) && evidenceCount == 0
}

// RecommendationInput is a new recommendation of a findings report.
type RecommendationInput struct {
	Title        string
	OwnerOrgID   int64
	DueOn        time.Time
	ImpactDueOn  *time.Time
	TrainingNeed string // when set, the recommendation raises this training need
}

// AddRecommendation adds a recommendation to a commission whose findings are written.
func AddRecommendation(ctx context.Context, tx pgx.Tx, partnershipID, commissionID int64, in RecommendationInput) (int64, error) {
	var status string
	err := tx.QueryRow(ctx, `SELECT status FROM commission WHERE partnership_id = $1 AND id = $2 FOR UPDATE`, partnershipID, commissionID).Scan(&status)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, ErrNotFound
	}
	if err != nil {
		return 0, fmt.Errorf("learning: add recommendation: %w", err)
	}
	if status == "commissioned" {
		return 0, ErrNoFindings // recommendations come from a findings report
	}
	return insertRecommendation(ctx, tx, partnershipID, &commissionID, nil, in)
}

// AddReviewRecommendation adds a recommendation of a local CSPR's final report: it is tracked
// like learning's, with actions, evidence of impact and training needs.
func AddReviewRecommendation(ctx context.Context, tx pgx.Tx, partnershipID, csprID int64, in RecommendationInput) (int64, error) {
	var report string
	err := tx.QueryRow(ctx, `SELECT report FROM local_cspr WHERE partnership_id = $1 AND id = $2 FOR UPDATE`, partnershipID, csprID).Scan(&report)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, ErrNotFound
	}
	if err != nil {
		return 0, fmt.Errorf("learning: add review recommendation: %w", err)
	}
	if strings.TrimSpace(report) == "" {
		return 0, ErrNoFindings // recommendations come from the final report
	}
	return insertRecommendation(ctx, tx, partnershipID, nil, &csprID, in)
}

func insertRecommendation(ctx context.Context, tx pgx.Tx, partnershipID int64, commissionID, csprID *int64, in RecommendationInput) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO recommendation (partnership_id, commission_id, cspr_id, title, owner_org_id, due_on, impact_due_on)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, partnershipID, commissionID, csprID, strings.TrimSpace(in.Title),
		in.OwnerOrgID, in.DueOn, in.ImpactDueOn).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("learning: add recommendation: %w", err)
	}
	if need := strings.TrimSpace(in.TrainingNeed); need != "" {
		if _, err := tx.Exec(ctx, `INSERT INTO training_need (partnership_id, recommendation_id, description) VALUES ($1, $2, $3)`,
			partnershipID, id, need); err != nil {
			return 0, fmt.Errorf("learning: training need: %w", err)
		}
	}
	return id, nil
}

// ReviewRecommendations returns the recommendations of a local CSPR, in one query.
func ReviewRecommendations(ctx context.Context, q database.Querier, csprID int64) ([]Recommendation, error) {
	rows, err := q.Query(ctx, recommendationSelect+` WHERE r.cspr_id = $1 ORDER BY r.id`, csprID)
	if err != nil {
		return nil, fmt.Errorf("learning: review recommendations: %w", err)
	}
	rs, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Recommendation])
	if err != nil {
		return nil, fmt.Errorf("learning: review recommendations: %w", err)
	}
	return rs, nil
}

// Challenge is what an agency said it changed at the challenge session on a recommendation.
type Challenge struct {
	RecommendationID int64
	OrganisationName string
	HeldOn           time.Time
	WhatChanged      string
	AddedByName      string
}

// AddChallenge records what an organisation of the partnership presented as changed.
func AddChallenge(ctx context.Context, q database.Querier, partnershipID, recommendationID, orgID int64, heldOn time.Time, whatChanged string, actorID int64) error {
	tag, err := q.Exec(ctx, `INSERT INTO challenge_note (recommendation_id, organisation_id, held_on, what_changed, added_by)
		SELECT r.id, o.id, $4, $5, $6 FROM recommendation r JOIN organisation o ON o.partnership_id = r.partnership_id
		WHERE r.partnership_id = $1 AND r.id = $2 AND o.id = $3`, partnershipID, recommendationID, orgID, heldOn, strings.TrimSpace(whatChanged), actorID)
	if err != nil {
		return fmt.Errorf("learning: add challenge: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return ErrNotFound
	}
	return nil
}

// Challenges returns what was presented at challenge sessions on the given recommendations.
func Challenges(ctx context.Context, q database.Querier, recommendationIDs []int64) ([]Challenge, error) {
	rows, err := q.Query(ctx, `SELECT c.recommendation_id, o.name, c.held_on, c.what_changed, u.name FROM challenge_note c
		JOIN organisation o ON o.id = c.organisation_id JOIN app_user u ON u.id = c.added_by
		WHERE c.recommendation_id = ANY ($1) ORDER BY c.held_on, c.id`, recommendationIDs)
	if err != nil {
		return nil, fmt.Errorf("learning: challenges: %w", err)
	}
	cs, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Challenge])
	if err != nil {
		return nil, fmt.Errorf("learning: challenges: %w", err)
	}
	return cs, nil
}

const recommendationSelect = `SELECT r.id, r.partnership_id, r.commission_id, r.cspr_id, r.title, r.owner_org_id, o.name, r.due_on, r.status,
	r.impact_due_on, r.created_at, r.version FROM recommendation r JOIN organisation o ON o.id = r.owner_org_id`

// GetRecommendation returns one of the partnership's recommendations.
func GetRecommendation(ctx context.Context, q database.Querier, partnershipID, id int64) (Recommendation, error) {
	rows, err := q.Query(ctx, recommendationSelect+` WHERE r.partnership_id = $1 AND r.id = $2`, partnershipID, id)
	if err != nil {
		return Recommendation{}, fmt.Errorf("learning: recommendation: %w", err)
	}
	r, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByPos[Recommendation])
	if errors.Is(err, pgx.ErrNoRows) {
		return Recommendation{}, ErrNotFound
	}
	if err != nil {
		return Recommendation{}, fmt.Errorf("learning: recommendation: %w", err)
	}
	return r, nil
}

// Recommendations returns the recommendations of the given commissions, in one query.
func Recommendations(ctx context.Context, q database.Querier, commissionIDs []int64) ([]Recommendation, error) {
	rows, err := q.Query(ctx, recommendationSelect+` WHERE r.commission_id = ANY ($1) ORDER BY r.id`, commissionIDs)
	if err != nil {
		return nil, fmt.Errorf("learning: recommendations: %w", err)
	}
	rs, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Recommendation])
	if err != nil {
		return nil, fmt.Errorf("learning: recommendations: %w", err)
	}
	return rs, nil
}

// SetRecommendationStatus moves a recommendation on if it is still at version.
func SetRecommendationStatus(ctx context.Context, q database.Querier, partnershipID, id int64, version int, status string) error {
	if label(RecommendationStatuses, status) == status {
		return ErrNotAllowed
	}
	tag, err := q.Exec(ctx, `UPDATE recommendation SET status = $4, version = version + 1 WHERE partnership_id = $1 AND id = $2 AND version = $3`,
		partnershipID, id, version, status)
	if err != nil {
		return fmt.Errorf("learning: recommendation status: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return ErrConflict
	}
	return nil
}

// Action is what an organisation does about a recommendation.
type Action struct {
	ID               int64
	RecommendationID int64
	OrganisationID   int64
	OrganisationName string
	Description      string
	DueOn            time.Time
	Status           string
	CreatedAt        time.Time
}

// Overdue reports whether the action is past its due date and not done.
func (a Action) Overdue(today time.Time) bool { return a.Status != "done" && a.DueOn.Before(today) }

// AddAction gives an organisation of the partnership an action on a recommendation.
func AddAction(ctx context.Context, q database.Querier, partnershipID, recommendationID, organisationID int64, description string, due time.Time) (int64, error) {
	var id int64
	err := q.QueryRow(ctx, `INSERT INTO action (recommendation_id, organisation_id, description, due_on)
		SELECT r.id, o.id, $4, $5 FROM recommendation r JOIN organisation o ON o.partnership_id = r.partnership_id
		WHERE r.partnership_id = $1 AND r.id = $2 AND o.id = $3 RETURNING id`,
		partnershipID, recommendationID, organisationID, strings.TrimSpace(description), due).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, ErrNotFound
	}
	if err != nil {
		return 0, fmt.Errorf("learning: add action: %w", err)
	}
	return id, nil
}

// Actions returns the actions of the given recommendations, in one query.
func Actions(ctx context.Context, q database.Querier, recommendationIDs []int64) ([]Action, error) {
	rows, err := q.Query(ctx, `SELECT a.id, a.recommendation_id, a.organisation_id, o.name, a.description, a.due_on, a.status, a.created_at
		FROM action a JOIN organisation o ON o.id = a.organisation_id WHERE a.recommendation_id = ANY ($1) ORDER BY a.due_on, a.id`, recommendationIDs)
	if err != nil {
		return nil, fmt.Errorf("learning: actions: %w", err)
	}
	as, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Action])
	if err != nil {
		return nil, fmt.Errorf("learning: actions: %w", err)
	}
	return as, nil
}

// Update is a progress update on an action.
type Update struct {
	ActionID   int64
	At         time.Time
	AuthorName string
	Progress   string
	Done       bool
}

// AddUpdate records progress on an action of one of the partnership's recommendations; done marks
// the action done.
func AddUpdate(ctx context.Context, tx pgx.Tx, partnershipID, recommendationID, actionID, authorID int64, progress string, done bool) error {
	tag, err := tx.Exec(ctx, `INSERT INTO action_update (action_id, author_id, progress, done)
		SELECT a.id, $3, $4, $5 FROM action a JOIN recommendation r ON r.id = a.recommendation_id
		WHERE a.id = $2 AND r.partnership_id = $1 AND r.id = $6`, partnershipID, actionID, authorID, strings.TrimSpace(progress), done, recommendationID)
	if err != nil {
		return fmt.Errorf("learning: add update: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return ErrNotFound
	}
	if done {
		if _, err := tx.Exec(ctx, `UPDATE action SET status = 'done' WHERE id = $1`, actionID); err != nil {
			return fmt.Errorf("learning: add update: %w", err)
		}
	}
	return nil
}

// Updates returns the progress updates of the given actions, oldest first, in one query.
func Updates(ctx context.Context, q database.Querier, actionIDs []int64) ([]Update, error) {
	rows, err := q.Query(ctx, `SELECT u.action_id, u.at, p.name, u.progress, u.done FROM action_update u JOIN app_user p ON p.id = u.author_id
		WHERE u.action_id = ANY ($1) ORDER BY u.at, u.id`, actionIDs)
	if err != nil {
		return nil, fmt.Errorf("learning: updates: %w", err)
	}
	us, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Update])
	if err != nil {
		return nil, fmt.Errorf("learning: updates: %w", err)
	}
	return us, nil
}

// Evidence is evidence that practice changed.
type Evidence struct {
	ID               int64
	RecommendationID int64
	Kind             string
	Summary          string
	EvidenceOn       time.Time
	Rating           string
	AddedByName      string
}

// AddEvidence records evidence of impact on a recommendation of the partnership; the theme moves
// on to impact testing.
func AddEvidence(ctx context.Context, tx pgx.Tx, partnershipID, recommendationID, actorID int64, kind, summary string, on time.Time, rating string) error {
	if label(EvidenceKinds, kind) == kind || label(Ratings, rating) == rating || strings.TrimSpace(summary) == "" {
		return ErrNotAllowed
	}
	var themeID *int64 // a local CSPR's recommendation has no theme
	err := tx.QueryRow(ctx, `SELECT c.theme_id FROM recommendation r LEFT JOIN commission c ON c.id = r.commission_id
		WHERE r.partnership_id = $1 AND r.id = $2`, partnershipID, recommendationID).Scan(&themeID)
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrNotFound // no impact evidence before a recommendation exists
	}
	if err != nil {
		return fmt.Errorf("learning: add evidence: %w", err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO impact_evidence (recommendation_id, kind, summary, evidence_on, rating, added_by)
		VALUES ($1, $2, $3, $4, $5, $6)`, recommendationID, kind, strings.TrimSpace(summary), on, rating, actorID); err != nil {
		return fmt.Errorf("learning: add evidence: %w", err)
	}
	if themeID == nil {
		return nil
	}
	return moveTheme(ctx, tx, *themeID, actorID, "impact_testing", "Evidence of impact recorded")
}

// EvidenceOf returns the evidence of the given recommendations, in one query.
func EvidenceOf(ctx context.Context, q database.Querier, recommendationIDs []int64) ([]Evidence, error) {
	rows, err := q.Query(ctx, `SELECT e.id, e.recommendation_id, e.kind, e.summary, e.evidence_on, e.rating, u.name
		FROM impact_evidence e JOIN app_user u ON u.id = e.added_by WHERE e.recommendation_id = ANY ($1) ORDER BY e.evidence_on, e.id`, recommendationIDs)
	if err != nil {
		return nil, fmt.Errorf("learning: evidence: %w", err)
	}
	es, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Evidence])
	if err != nil {
		return nil, fmt.Errorf("learning: evidence: %w", err)
	}
	return es, nil
}

// TrainingNeed is a training need raised by a recommendation.
type TrainingNeed struct {
	ID                  int64
	Description         string
	Status              string
	RecommendationTitle string
	ThemeID             int64
	ThemeTitle          string
	CreatedAt           time.Time
}

// TrainingNeeds returns the partnership's training needs, newest first, in one query.
func TrainingNeeds(ctx context.Context, q database.Querier, partnershipID int64) ([]TrainingNeed, error) {
	rows, err := q.Query(ctx, `SELECT n.id, n.description, n.status, coalesce(r.title, ''), coalesce(c.theme_id, 0), coalesce(t.title, ''), n.created_at
		FROM training_need n LEFT JOIN recommendation r ON r.id = n.recommendation_id
		LEFT JOIN commission c ON c.id = r.commission_id LEFT JOIN theme t ON t.id = c.theme_id
		WHERE n.partnership_id = $1 ORDER BY n.created_at DESC, n.id DESC`, partnershipID)
	if err != nil {
		return nil, fmt.Errorf("learning: training needs: %w", err)
	}
	ns, err := pgx.CollectRows(rows, pgx.RowToStructByPos[TrainingNeed])
	if err != nil {
		return nil, fmt.Errorf("learning: training needs: %w", err)
	}
	return ns, nil
}
