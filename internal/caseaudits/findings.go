package caseaudits

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/learning"
)

// maxFindings bounds the findings an audit's page lists: an audit finds a handful of things.
const maxFindings = 100

// Finding is a finding of a completed audit and the theme it raised or fed.
type Finding struct {
	ID         int64
	Finding    string
	ThemeID    int64
	ThemeTitle string
	Raised     bool // it raised the theme; otherwise it fed a theme already raised
	AddedAt    time.Time
}

// Findings returns the audit's findings, oldest first.
func (s *Service) Findings(ctx context.Context, auditID int64) ([]Finding, error) {
	return database.All[Finding](ctx, s.DB, "caseaudits: findings", `SELECT f.id, f.finding, t.id, t.title, f.raised, f.added_at
		FROM case_audit_finding f JOIN theme t ON t.id = f.theme_id WHERE f.audit_id = $1 ORDER BY f.id LIMIT $2`, auditID, maxFindings)
}

// FindingInput is a finding and the theme it raises (ThemeID 0, a new theme named ThemeTitle) or
// feeds (ThemeID, one of the partnership's themes).
type FindingInput struct {
	Finding    string
	ThemeID    int64
	ThemeTitle string
}

// Validate checks a finding, in the form's order.
func (in FindingInput) Validate() error {
	var p app.Problems
	p.Words("finding", in.Finding, 4000, "Write the finding", "The finding must be 4,000 characters or fewer")
	if in.ThemeID == 0 {
		p.Words("theme_title", in.ThemeTitle, 200, "Name the theme the finding raises, or choose a theme it feeds", "The theme's title must be 200 characters or fewer")
	}
	return p.Err()
}

// errNotCompleted refuses findings and recommendations before the moderation meeting's grades
// are final.
var errNotCompleted = app.ConflictField("audit", "Complete the audit first: findings come from its agreed grades")

// lockCompleted checks, inside tx, that the partnership's audit is completed, and returns its
// title.
func lockCompleted(ctx context.Context, tx pgx.Tx, pid, auditID int64) (string, error) {
	var status, title string
	err := tx.QueryRow(ctx, `SELECT status, title FROM case_audit WHERE partnership_id = $1 AND id = $2 FOR SHARE`, pid, auditID).Scan(&status, &title)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return "", ErrNotFound
	case err != nil:
		return "", err
	case status != "completed":
		return "", errNotCompleted
	}
	return title, nil
}

// AddFinding records a finding of the completed audit: it raises a new theme of the learning loop
// (emerging, its source the audit) or feeds one of the partnership's themes (another source, the
// audit). It returns the theme's id.
func (s *Service) AddFinding(ctx context.Context, a app.Actor, pid, auditID int64, in FindingInput) (int64, error) {
	if err := in.Validate(); err != nil {
		return 0, err
	}
	themeID := in.ThemeID
	err := app.ChangeMany(ctx, s.DB, a, func(tx pgx.Tx) ([]app.Event, error) {
		title, err := lockCompleted(ctx, tx, pid, auditID)
		if err != nil {
			return nil, err
		}
		src := learning.NewSource{Kind: "audit", Reference: "Multi-agency case audit " + Reference(auditID) + ": " + title}
		var themeEv app.Event
		if themeID == 0 {
			themeID, err = learning.CreateTheme(ctx, tx, pid, a.UserID, learning.ThemeInput{Title: in.ThemeTitle, Description: in.Finding}, src)
			themeEv = app.Event{Action: audit.ThemeCreate, ObjectType: "theme", ObjectID: themeID, Detail: "emerging, case audit " + strconv.FormatInt(auditID, 10)}
		} else {
			if _, err := learning.GetTheme(ctx, tx, pid, themeID); errors.Is(err, learning.ErrNotFound) {
				return nil, app.InvalidField("theme", "Choose the theme from the list")
			} else if err != nil {
				return nil, err
			}
			err = learning.AddSource(ctx, tx, themeID, a.UserID, src)
			themeEv = app.Event{Action: audit.ThemeSource, ObjectType: "theme", ObjectID: themeID, Detail: "audit"}
		}
		if err != nil {
			return nil, err
		}
		var id int64
		if err := tx.QueryRow(ctx, `INSERT INTO case_audit_finding (audit_id, partnership_id, theme_id, finding, raised, added_by)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, auditID, pid, themeID, strings.TrimSpace(in.Finding), in.ThemeID == 0, a.ID()).Scan(&id); err != nil {
			return nil, err
		}
		return []app.Event{{Action: audit.CaseAuditFinding, ObjectType: "case_audit", ObjectID: auditID,
			Detail: "finding " + strconv.FormatInt(id, 10) + " theme " + strconv.FormatInt(themeID, 10)}, themeEv}, nil
	})
	return themeID, err
}

// Recommendations are the recommendations made on the audit's findings, tracked as learning's.
func (s *Service) Recommendations(ctx context.Context, auditID int64) ([]learning.Recommendation, error) {
	return learning.CaseAuditRecommendations(ctx, s.DB, auditID)
}

// Recommend makes a recommendation on the completed audit's findings: learning's, owned by an
// organisation, with its first action for it, so that it is tracked, chased and evidenced like
// any other.
func (s *Service) Recommend(ctx context.Context, a app.Actor, pid, auditID int64, in learning.RecommendationInput) (int64, error) {
	return app.Create(ctx, s.DB, a, in.Validate(), func(tx pgx.Tx) (int64, app.Event, error) {
		var id int64
		if _, err := lockCompleted(ctx, tx, pid, auditID); err != nil {
			return id, app.Event{}, err
		}
		var err error
		id, err = learning.AddCaseAuditRecommendation(ctx, tx, pid, auditID, in)
		err = app.OnForeignKey(err, "rec_owner", "Choose the organisation from the list")
		return id, app.Event{Action: audit.RecommendationCreate, ObjectType: "recommendation", ObjectID: id, Detail: "case audit " + strconv.FormatInt(auditID, 10)}, err
	})
}
