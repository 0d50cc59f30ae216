package learning

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
)

// RecommendationStatuses are where a recommendation is.
var RecommendationStatuses = app.Choices{
	{Value: "open", Label: "Open"}, {Value: "in_progress", Label: "In progress"},
	{Value: "implemented", Label: "Implemented"}, {Value: "not_implemented", Label: "Not implemented"},
}

// EvidenceKinds are the kinds of evidence of impact.
var EvidenceKinds = app.Choices{
	{Value: "re_audit", Label: "Re-audit"}, {Value: "practitioner_feedback", Label: "Practitioner feedback"},
	{Value: "training_evaluation", Label: "Training evaluation"}, {Value: "family_feedback", Label: "Children and family feedback"},
	{Value: "performance_data", Label: "Performance data"},
}

// RecommendationStatusLabel names where a recommendation is.
func RecommendationStatusLabel(s string) string { return RecommendationStatuses.Label(s) }

// EvidenceLabel names a kind of evidence.
func EvidenceLabel(k string) string { return EvidenceKinds.Label(k) }

// Recommendation is a recommendation with its owner's name.
type Recommendation struct {
	ID            int64
	PartnershipID int64
	CommissionID  *int64
	CSPRID        *int64 // a local CSPR's recommendation: the same tracking as learning's
	ScrutinyID    *int64 // an independent scrutiny report's recommendation, tracked the same way
	AssuranceID   *int64 // agreed on a self-assessment audit round's results, tracked the same way
	CaseAuditID   *int64 // made on a multi-agency case audit's findings, tracked the same way
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

// Validate checks a recommendation as a findings report's or a local CSPR report's form gives it,
// with messages in the form's order.
func (in RecommendationInput) Validate() error {
	var p app.Problems
	if t := strings.TrimSpace(in.Title); t == "" || len([]rune(t)) > 500 {
		p.Add("rec_title", "Write the recommendation, 500 characters or fewer")
	}
	p.Chosen("rec_owner", in.OwnerOrgID, "Choose the organisation that owns it")
	if in.DueOn.IsZero() {
		p.Add("rec_due-day", "Enter when it is due")
	}
	if len([]rune(in.TrainingNeed)) > 2000 {
		p.Add("rec_training", "The training need must be 2,000 characters or fewer")
	}
	return p.Err()
}

// Recommend adds a recommendation of commission c's findings report, with the training need it
// raises if any. There is no recommendation before there are findings.
func (s *Service) Recommend(ctx context.Context, a app.Actor, c Commission, in RecommendationInput) (int64, error) {
	id, err := app.Create(ctx, s.DB, a, in.Validate(), func(tx pgx.Tx) (int64, app.Event, error) {
		id, err := AddRecommendation(ctx, tx, c.PartnershipID, c.ID, in)
		return id, app.Event{Action: audit.RecommendationCreate, ObjectType: "recommendation", ObjectID: id}, err
	})
	if errors.Is(err, ErrNoFindings) {
		return 0, app.InvalidField("rec_title", "Write the findings first: recommendations come from them")
	}
	return id, app.OnForeignKey(err, "rec_owner", "Choose an organisation from the list")
}

// AddRecommendation adds a recommendation to a commission whose findings are written
// (recommendations come from a findings report).
func AddRecommendation(ctx context.Context, tx pgx.Tx, partnershipID, commissionID int64, in RecommendationInput) (int64, error) {
	return addToLockedSource(ctx, tx, "learning: add recommendation", `SELECT status FROM commission WHERE partnership_id = $1 AND id = $2 FOR UPDATE`,
		partnershipID, commissionID, func(status string) bool { return status != "commissioned" }, ErrNoFindings, source{commission: &commissionID}, in)
}

// AddReviewRecommendation adds a recommendation of a local CSPR's final report: it is tracked
// like learning's, with actions, evidence of impact and training needs. Recommendations come from
// the final report, so there must be one.
func AddReviewRecommendation(ctx context.Context, tx pgx.Tx, partnershipID, csprID int64, in RecommendationInput) (int64, error) {
	return addToLockedSource(ctx, tx, "learning: add review recommendation", `SELECT report FROM local_cspr WHERE partnership_id = $1 AND id = $2 FOR UPDATE`,
		partnershipID, csprID, func(report string) bool { return strings.TrimSpace(report) != "" }, ErrNoFindings, source{cspr: &csprID}, in)
}

// AddScrutinyRecommendation adds a recommendation of an independent scrutiny report still in
// draft: once issued, the report and its recommendations are what the partners received.
func AddScrutinyRecommendation(ctx context.Context, tx pgx.Tx, partnershipID, reportID int64, in RecommendationInput) (int64, error) {
	return addToLockedSource(ctx, tx, "learning: add scrutiny recommendation", `SELECT status FROM scrutiny_report WHERE partnership_id = $1 AND id = $2 FOR UPDATE`,
		partnershipID, reportID, func(status string) bool { return status == "draft" }, ErrNotAllowed, source{scrutiny: &reportID}, in)
}

// addToLockedSource adds a recommendation from src once its source may take one. query reads one
// text column of the source's row by partnership and id, FOR UPDATE, so that the source cannot
// change (its report issued or emptied) while the recommendation is added; a missing row is
// ErrNotFound, and a value that open rejects is refused with the error closed. what names the
// step in an error.
func addToLockedSource(ctx context.Context, tx pgx.Tx, what, query string, partnershipID, sourceID int64, open func(string) bool, closed error, src source, in RecommendationInput) (int64, error) {
	v, err := database.OneWith(ctx, tx, pgx.RowTo[string], ErrNotFound, what, query, partnershipID, sourceID)
	if err != nil {
		return 0, err
	}
	if !open(v) {
		return 0, closed
	}
	return insertRecommendation(ctx, tx, partnershipID, src, in)
}

// AddAssuranceRecommendation adds a recommendation agreed on the results of a self-assessment
// audit round of the partnership, with its first action for the organisation that owns it.
func AddAssuranceRecommendation(ctx context.Context, tx pgx.Tx, partnershipID, roundID int64, in RecommendationInput) (int64, error) {
	var exists bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM assurance_round WHERE partnership_id = $1 AND id = $2)`, partnershipID, roundID).Scan(&exists); err != nil {
		return 0, fmt.Errorf("learning: add assurance recommendation: %w", err)
	}
	if !exists {
		return 0, ErrNotFound
	}
	return addWithFirstAction(ctx, tx, partnershipID, source{assurance: &roundID}, in)
}

// AssuranceRecommendations returns the recommendations agreed on a self-assessment audit round, in
// one query.
func AssuranceRecommendations(ctx context.Context, q database.Querier, roundID int64) ([]Recommendation, error) {
	return sourceRecommendations(ctx, q, "assurance_round_id", roundID)
}

// AddCaseAuditRecommendation adds a recommendation made on the findings of a multi-agency case
// audit of the partnership, with its first action for the organisation that owns it. The case
// audit checks, in its transaction, that the audit may have one.
func AddCaseAuditRecommendation(ctx context.Context, tx pgx.Tx, partnershipID, auditID int64, in RecommendationInput) (int64, error) {
	return addWithFirstAction(ctx, tx, partnershipID, source{caseAudit: &auditID}, in)
}

// CaseAuditRecommendations returns the recommendations made on a multi-agency case audit, in one
// query.
func CaseAuditRecommendations(ctx context.Context, q database.Querier, auditID int64) ([]Recommendation, error) {
	return sourceRecommendations(ctx, q, "case_audit_id", auditID)
}

// addWithFirstAction adds a recommendation from src with its first action for the organisation
// that owns it: an audit's agreed recommendation is itself what the organisation must do.
func addWithFirstAction(ctx context.Context, tx pgx.Tx, partnershipID int64, src source, in RecommendationInput) (int64, error) {
	id, err := insertRecommendation(ctx, tx, partnershipID, src, in)
	if err != nil {
		return 0, err
	}
	_, err = AddAction(ctx, tx, partnershipID, id, in.OwnerOrgID, strings.TrimSpace(in.Title), in.DueOn)
	return id, err
}

// sourceRecommendations returns the recommendations whose source column (a constant of this
// package, never input) is id, bounded, in one query.
func sourceRecommendations(ctx context.Context, q database.Querier, column string, id int64) ([]Recommendation, error) {
	return database.All[Recommendation](ctx, q, "learning: recommendations of "+column, recommendationSelect+` WHERE r.`+column+` = $1
		ORDER BY r.id LIMIT $2`, id, maxSourceRecommendations)
}

// maxSourceRecommendations bounds the recommendations one source (an audit round, a case audit, a
// local CSPR, a scrutiny report) lists on its page: each makes a handful; any beyond are in the
// recommendations list.
const maxSourceRecommendations = 200

// source is where a recommendation comes from: exactly one of these is set.
type source struct{ commission, cspr, scrutiny, assurance, caseAudit *int64 }

func insertRecommendation(ctx context.Context, tx pgx.Tx, partnershipID int64, src source, in RecommendationInput) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO recommendation (partnership_id, commission_id, cspr_id, scrutiny_report_id, assurance_round_id, case_audit_id, title, owner_org_id, due_on, impact_due_on)
		VALUES ($1, $2, $3, $4, $5, $10, $6, $7, $8, $9) RETURNING id`, partnershipID, src.commission, src.cspr, src.scrutiny, src.assurance, strings.TrimSpace(in.Title),
		in.OwnerOrgID, in.DueOn, in.ImpactDueOn, src.caseAudit).Scan(&id)
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
	return sourceRecommendations(ctx, q, "cspr_id", csprID)
}

// ScrutinyRecommendations returns the recommendations of an independent scrutiny report, in one
// query.
func ScrutinyRecommendations(ctx context.Context, q database.Querier, reportID int64) ([]Recommendation, error) {
	return sourceRecommendations(ctx, q, "scrutiny_report_id", reportID)
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
	return database.Exec(ctx, q, ErrNotFound, "learning: add challenge", `INSERT INTO challenge_note (recommendation_id, organisation_id, held_on, what_changed, added_by)
		SELECT r.id, o.id, $4, $5, $6 FROM recommendation r JOIN organisation o ON o.partnership_id = r.partnership_id
		WHERE r.partnership_id = $1 AND r.id = $2 AND o.id = $3`, partnershipID, recommendationID, orgID, heldOn, strings.TrimSpace(whatChanged), actorID)
}

// Challenges returns what was presented at challenge sessions on the given recommendations.
func Challenges(ctx context.Context, q database.Querier, recommendationIDs []int64) ([]Challenge, error) {
	return database.All[Challenge](ctx, q, "learning: challenges", `SELECT c.recommendation_id, o.name, c.held_on, c.what_changed, u.name FROM challenge_note c
		JOIN organisation o ON o.id = c.organisation_id JOIN app_user u ON u.id = c.added_by
		WHERE c.recommendation_id = ANY ($1) ORDER BY c.held_on, c.id`, recommendationIDs)
}

const recommendationSelect = `SELECT r.id, r.partnership_id, r.commission_id, r.cspr_id, r.scrutiny_report_id, r.assurance_round_id, r.case_audit_id, r.title, r.owner_org_id, o.name, r.due_on, r.status,
	r.impact_due_on, r.created_at, r.version FROM recommendation r JOIN organisation o ON o.id = r.owner_org_id`

// GetRecommendation returns one of the partnership's recommendations.
func GetRecommendation(ctx context.Context, q database.Querier, partnershipID, id int64) (Recommendation, error) {
	return database.One[Recommendation](ctx, q, ErrNotFound, "learning: recommendation", recommendationSelect+` WHERE r.partnership_id = $1 AND r.id = $2`, partnershipID, id)
}

// Recommendations returns the recommendations of the given commissions, in one query.
func Recommendations(ctx context.Context, q database.Querier, commissionIDs []int64) ([]Recommendation, error) {
	return database.All[Recommendation](ctx, q, "learning: recommendations", recommendationSelect+` WHERE r.commission_id = ANY ($1) ORDER BY r.id`, commissionIDs)
}

// SetRecommendationStatus moves a recommendation on if it is still at version.
func SetRecommendationStatus(ctx context.Context, q database.Querier, partnershipID, id int64, version int, status string) error {
	if !RecommendationStatuses.Has(status) {
		return ErrNotAllowed
	}
	return database.Exec(ctx, q, ErrConflict, "learning: recommendation status", `UPDATE recommendation SET status = $4, version = version + 1 WHERE partnership_id = $1 AND id = $2 AND version = $3`,
		partnershipID, id, version, status)
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
	return database.All[Action](ctx, q, "learning: actions", `SELECT a.id, a.recommendation_id, a.organisation_id, o.name, a.description, a.due_on, a.status, a.created_at
		FROM action a JOIN organisation o ON o.id = a.organisation_id WHERE a.recommendation_id = ANY ($1) ORDER BY a.due_on, a.id`, recommendationIDs)
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
	return database.All[Update](ctx, q, "learning: updates", `SELECT u.action_id, u.at, p.name, u.progress, u.done FROM action_update u JOIN app_user p ON p.id = u.author_id
		WHERE u.action_id = ANY ($1) ORDER BY u.at, u.id`, actionIDs)
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
// on to impact testing, and a theme with no rating yet takes the evidence's rating, unless the
// evidence is an attendee's answer to a training follow-up (one person's word on their practice).
func AddEvidence(ctx context.Context, tx pgx.Tx, partnershipID, recommendationID, actorID int64, kind, summary string, on time.Time, rating string) error {
	if !EvidenceKinds.Has(kind) || !Ratings.Has(rating) || strings.TrimSpace(summary) == "" {
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
	if err := moveTheme(ctx, tx, *themeID, actorID, "impact_testing", "Evidence of impact recorded"); err != nil {
		return err
	}
	if kind == "training_evaluation" {
		return nil // one attendee's follow-up answer does not rate a theme; evidence the Engine Room records does
	}
	return rateFromEvidence(ctx, tx, *themeID, actorID, rating, "Rated "+strings.ToLower(RatingLabel(rating))+" from the evidence of impact ("+
		strings.ToLower(EvidenceLabel(kind))+", "+on.Format("2 January 2006")+")")
}

// rateFromEvidence gives a theme with no rating the rating of the evidence just recorded, with
// the reason and a line of its history; a theme already rated keeps its own rating (the Engine
// Room rates it, and may change it on the theme's page).
func rateFromEvidence(ctx context.Context, tx pgx.Tx, themeID, actorID int64, rating, reason string) error {
	var status string
	err := tx.QueryRow(ctx, `UPDATE theme SET rating = $2, rating_reason = $3, updated_at = now(), version = version + 1
		WHERE id = $1 AND rating = '' RETURNING status`, themeID, rating, reason).Scan(&status)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("learning: rate theme from evidence: %w", err)
	}
	return history(ctx, tx, themeID, actorID, status, rating, reason)
}

// EvidenceOf returns the evidence of the given recommendations, in one query.
func EvidenceOf(ctx context.Context, q database.Querier, recommendationIDs []int64) ([]Evidence, error) {
	return database.All[Evidence](ctx, q, "learning: evidence", `SELECT e.id, e.recommendation_id, e.kind, e.summary, e.evidence_on, e.rating, u.name
		FROM impact_evidence e JOIN app_user u ON u.id = e.added_by WHERE e.recommendation_id = ANY ($1) ORDER BY e.evidence_on, e.id`, recommendationIDs)
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
	Version             int        // moved on and closed by the training programme (training.MoveNeed, CloseNeed)
	ClosedReason        string     // why it was closed (training.CloseReasons); "" while open
	ClosedNote          string     // the closer's short note
	ClosedAt            *time.Time // when it was closed
}

// TrainingNeeds returns page p of the partnership's open training needs, or its closed ones
// (one more when another page follows: app.PageOf), newest first, in one query.
func TrainingNeeds(ctx context.Context, q database.Querier, partnershipID int64, closed bool, p app.Page) ([]TrainingNeed, error) {
	return database.All[TrainingNeed](ctx, q, "learning: training needs", `SELECT n.id, n.description, n.status, coalesce(r.title, ''), coalesce(c.theme_id, 0), coalesce(t.title, ''), n.created_at, n.version,
		n.closed_reason, n.closed_note, n.closed_at
		FROM training_need n LEFT JOIN recommendation r ON r.id = n.recommendation_id
		LEFT JOIN commission c ON c.id = r.commission_id LEFT JOIN theme t ON t.id = c.theme_id
		WHERE n.partnership_id = $1 AND (n.closed_at IS NOT NULL) = $4 ORDER BY n.created_at DESC, n.id DESC LIMIT $2 OFFSET $3`, partnershipID, p.Limit(), p.Offset(), closed)
}

// RecommendationDetail is a recommendation with where it came from, the actions on it, their
// progress, the evidence of its impact and what agencies presented at the challenge session.
type RecommendationDetail struct {
	Recommendation
	Source     string // the commission's title, or the local CSPR's name
	Actions    []Action
	Updates    []Update
	Evidence   []Evidence
	Challenges []Challenge
}

// Recommendation returns one of the partnership's recommendations with all that hangs on it.
func (s *Service) Recommendation(ctx context.Context, partnershipID, id int64) (RecommendationDetail, error) {
	var d RecommendationDetail
	var err error
	if d.Recommendation, err = GetRecommendation(ctx, s.DB, partnershipID, id); err != nil {
		return d, err
	}
	switch {
	case d.CommissionID != nil:
		c, err := GetCommission(ctx, s.DB, partnershipID, *d.CommissionID)
		if err != nil {
			return d, err
		}
		d.Source = c.Title
	case d.CSPRID != nil:
		var ref string
		if err := s.DB.QueryRow(ctx, `SELECT reference FROM local_cspr WHERE partnership_id = $1 AND id = $2`, partnershipID, *d.CSPRID).Scan(&ref); err != nil {
			return d, fmt.Errorf("learning: recommendation source: %w", err)
		}
		d.Source = "Local child safeguarding practice review " + ref
	case d.ScrutinyID != nil:
		var title string
		if err := s.DB.QueryRow(ctx, `SELECT title FROM scrutiny_report WHERE partnership_id = $1 AND id = $2`, partnershipID, *d.ScrutinyID).Scan(&title); err != nil {
			return d, fmt.Errorf("learning: recommendation source: %w", err)
		}
		d.Source = "Independent scrutiny report: " + title
	case d.AssuranceID != nil:
		var name string
		var year int
		if err := s.DB.QueryRow(ctx, `SELECT f.name, v.year FROM assurance_round r JOIN assurance_version v ON v.id = r.version_id
			JOIN assurance_framework f ON f.id = v.framework_id WHERE r.partnership_id = $1 AND r.id = $2`, partnershipID, *d.AssuranceID).Scan(&name, &year); err != nil {
			return d, fmt.Errorf("learning: recommendation source: %w", err)
		}
		d.Source = fmt.Sprintf("Self-assessment audit: %s %d round", name, year)
	case d.CaseAuditID != nil:
		var title string
		if err := s.DB.QueryRow(ctx, `SELECT title FROM case_audit WHERE partnership_id = $1 AND id = $2`, partnershipID, *d.CaseAuditID).Scan(&title); err != nil {
			return d, fmt.Errorf("learning: recommendation source: %w", err)
		}
		d.Source = "Multi-agency case audit: " + title
	}
	if d.Actions, err = Actions(ctx, s.DB, []int64{id}); err != nil {
		return d, err
	}
	actionIDs := database.IDs(d.Actions, func(a Action) int64 { return a.ID })
	if d.Updates, err = Updates(ctx, s.DB, actionIDs); err != nil {
		return d, err
	}
	if d.Evidence, err = EvidenceOf(ctx, s.DB, []int64{id}); err != nil {
		return d, err
	}
	d.Challenges, err = Challenges(ctx, s.DB, []int64{id})
	return d, err
}

// recommendationChange makes a change to one of the partnership's recommendations: one that does
// not exist is not found, whatever was sent.
func (s *Service) recommendationChange(ctx context.Context, a app.Actor, partnershipID, id int64, fn func(tx pgx.Tx) (app.Event, error)) error {
	if _, err := GetRecommendation(ctx, s.DB, partnershipID, id); err != nil {
		return err
	}
	return app.Change(ctx, s.DB, a, fn)
}

// StatusInput is a recommendation's new status and the version it was chosen at.
type StatusInput struct {
	Status  string
	Version int
}

// SetStatus moves a recommendation on, if nobody else has since the page was loaded.
func (s *Service) SetStatus(ctx context.Context, a app.Actor, partnershipID, id int64, in StatusInput) error {
	if !RecommendationStatuses.Has(in.Status) {
		return app.InvalidField("rec_status", "Choose a status from the list")
	}
	err := s.recommendationChange(ctx, a, partnershipID, id, func(tx pgx.Tx) (app.Event, error) {
		return app.Event{Action: audit.RecommendationStatus, ObjectType: "recommendation", ObjectID: id, Detail: in.Status},
			SetRecommendationStatus(ctx, tx, partnershipID, id, in.Version, in.Status)
	})
	if !errors.Is(err, ErrConflict) {
		return err
	}
	current, err := GetRecommendation(ctx, s.DB, partnershipID, id)
	if err != nil {
		return err
	}
	return app.Stale("rec_status", "changed this recommendation", "it is now "+strings.ToLower(RecommendationStatusLabel(current.Status)), current.Version)
}

// ActionInput is what an organisation is to do about a recommendation, and by when.
type ActionInput struct {
	OrganisationID int64
	Description    string
	DueOn          time.Time
}

// Validate checks an action, with messages in the form's order.
func (in ActionInput) Validate() error {
	var p app.Problems
	p.Chosen("action_org", in.OrganisationID, "Choose the organisation that takes the action")
	if d := strings.TrimSpace(in.Description); d == "" || len([]rune(d)) > 2000 {
		p.Add("action_description", "Describe the action, 2,000 characters or fewer")
	}
	if in.DueOn.IsZero() {
		p.Add("action_due-day", "Enter when it is due")
	}
	return p.Err()
}

// AddAction gives an organisation of the partnership an action on a recommendation.
func (s *Service) AddAction(ctx context.Context, a app.Actor, partnershipID, recommendationID int64, in ActionInput) (int64, error) {
	if err := in.Validate(); err != nil {
		return 0, err
	}
	var id int64
	err := s.recommendationChange(ctx, a, partnershipID, recommendationID, func(tx pgx.Tx) (app.Event, error) {
		var err error
		id, err = AddAction(ctx, tx, partnershipID, recommendationID, in.OrganisationID, in.Description, in.DueOn)
		if err == nil {
			err = notifyAction(ctx, tx, s.BaseURL, id, recommendationID, in.OrganisationID, in.DueOn)
		}
		return app.Event{Action: audit.ActionCreate, ObjectType: "action", ObjectID: id}, onOrganisation(err, "action_org")
	})
	return id, err
}

// onOrganisation puts a chosen organisation that is not the partnership's on field: the change
// found no such organisation of the partnership, or the database's keys refused it.
func onOrganisation(err error, field string) error {
	if errors.Is(err, ErrNotFound) {
		return app.InvalidField(field, "Choose an organisation from the list")
	}
	return app.OnForeignKey(err, field, "Choose an organisation from the list")
}

// UpdateInput is progress on an action; Done marks the action done.
type UpdateInput struct {
	Progress string
	Done     bool
}

// UpdateField names the progress question of an action: each action on the page has its own.
func UpdateField(actionID int64) string { return "progress-" + strconv.FormatInt(actionID, 10) }

// AddUpdate records progress on an action of a recommendation; an action not on it is not found.
func (s *Service) AddUpdate(ctx context.Context, a app.Actor, partnershipID, recommendationID, actionID int64, in UpdateInput) error {
	if p := strings.TrimSpace(in.Progress); p == "" || len([]rune(p)) > 5000 {
		return app.InvalidField(UpdateField(actionID), "Write the progress update, 5,000 characters or fewer")
	}
	return s.recommendationChange(ctx, a, partnershipID, recommendationID, func(tx pgx.Tx) (app.Event, error) {
		return app.Event{Action: audit.ActionUpdate, ObjectType: "action", ObjectID: actionID},
			AddUpdate(ctx, tx, partnershipID, recommendationID, actionID, a.UserID, in.Progress, in.Done)
	})
}

// EvidenceInput is evidence that practice changed.
type EvidenceInput struct {
	Kind    string
	Summary string
	On      time.Time
	Rating  string
}

// Validate checks evidence as far as it can without knowing the date today, with messages in the
// form's order.
func (in EvidenceInput) Validate() error { return in.problems(time.Time{}).Err() }

// problems are the evidence's problems; a date after today (when known) is one.
func (in EvidenceInput) problems(today time.Time) app.Problems {
	var p app.Problems
	p.OneOf("evidence_kind", EvidenceKinds, in.Kind, "Choose the kind of evidence")
	if sum := strings.TrimSpace(in.Summary); sum == "" || len([]rune(sum)) > 5000 {
		p.Add("evidence_summary", "Summarise the evidence, 5,000 characters or fewer")
	}
	switch {
	case in.On.IsZero():
		p.Add("evidence_on-day", "Enter the date of the evidence")
	case !today.IsZero() && in.On.After(today):
		p.Add("evidence_on-day", "The date of the evidence must be today or in the past")
	}
	p.OneOf("evidence_rating", Ratings, in.Rating, "Rate the evidence red, amber or green")
	return p
}

// AddEvidence records evidence of a recommendation's impact, dated today or earlier; the theme
// moves on to impact testing.
func (s *Service) AddEvidence(ctx context.Context, a app.Actor, partnershipID, recommendationID int64, in EvidenceInput) error {
	if err := in.problems(s.Today()).Err(); err != nil {
		return err
	}
	return s.recommendationChange(ctx, a, partnershipID, recommendationID, func(tx pgx.Tx) (app.Event, error) {
		return app.Event{Action: audit.ImpactCreate, ObjectType: "recommendation", ObjectID: recommendationID, Detail: in.Kind + " " + in.Rating},
			AddEvidence(ctx, tx, partnershipID, recommendationID, a.UserID, in.Kind, in.Summary, in.On, in.Rating)
	})
}

// ChallengeInput is what an agency presented as changed at a challenge session.
type ChallengeInput struct {
	OrganisationID int64
	HeldOn         time.Time
	WhatChanged    string
}

// Validate checks what an agency presented, with messages in the form's order.
func (in ChallengeInput) Validate() error {
	var p app.Problems
	p.Chosen("challenge_org", in.OrganisationID, "Choose the agency that presented")
	if in.HeldOn.IsZero() {
		p.Add("challenge_on-day", "Enter the session's date")
	}
	if t := strings.TrimSpace(in.WhatChanged); t == "" || len([]rune(t)) > 10000 {
		p.Add("challenge_text", "Write what the agency presented as changed, 10,000 characters or fewer")
	}
	return p.Err()
}

// AddChallenge records what an organisation of the partnership presented as changed.
func (s *Service) AddChallenge(ctx context.Context, a app.Actor, partnershipID, recommendationID int64, in ChallengeInput) error {
	if err := in.Validate(); err != nil {
		return err
	}
	return s.recommendationChange(ctx, a, partnershipID, recommendationID, func(tx pgx.Tx) (app.Event, error) {
		err := AddChallenge(ctx, tx, partnershipID, recommendationID, in.OrganisationID, in.HeldOn, in.WhatChanged, a.UserID)
		return app.Event{Action: audit.RecommendationChallenge, ObjectType: "recommendation", ObjectID: recommendationID},
			onOrganisation(err, "challenge_org")
	})
}

// TrainingNeeds returns page p of the partnership's open training needs, or its closed ones,
// newest first.
func (s *Service) TrainingNeeds(ctx context.Context, partnershipID int64, closed bool, p app.Page) (app.Paged[TrainingNeed], error) {
	list, err := TrainingNeeds(ctx, s.DB, partnershipID, closed, p)
	return app.PageOf(list, p), err
}
