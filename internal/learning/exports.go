package learning

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/database"
)

// ExportThemes downloads the theme register as f selects it, calling fn with each theme as it is
// read, after recording the download (filters: the names of the filters set).
func (s *Service) ExportThemes(ctx context.Context, a app.Actor, f ThemeFilter, filters []string, fn func(Theme) error) error {
	if err := app.Exported(ctx, s.DB, a, "themes", filters); err != nil {
		return err
	}
	return database.Each(ctx, s.DB, pgx.RowToStructByPos[Theme], fn, "learning: themes download", themesSQL, f.args()...)
}

// RecommendationLine is a line of the recommendations' download: a recommendation with where it
// came from, and one of its actions (none: the Action fields are empty), so a spreadsheet can
// follow every recommendation to what is being done about it.
type RecommendationLine struct {
	ID          int64
	Title       string
	Commission  string // the commissioned learning it came from; empty for a local CSPR's
	Theme       string // that commission's theme
	CSPR        string // the local CSPR's reference it came from; empty for a commission's
	Status      string
	Owner       string // the organisation that owns it
	DueOn       time.Time
	ImpactDueOn *time.Time
	ActionID    *int64
	Action      string
	ActionOrg   string
	ActionDueOn *time.Time
	ActionState string
}

// ExportRecommendations downloads the partnership's recommendations as f selects them (every
// page), one line per action (one line alone for a recommendation with none), by due date, calling
// fn with each line as it is read, after recording the download (filters: the names of the filters
// set).
func (s *Service) ExportRecommendations(ctx context.Context, a app.Actor, f RecommendationFilter, filters []string, fn func(RecommendationLine) error) error {
	if err := app.Exported(ctx, s.DB, a, "recommendations", filters); err != nil {
		return err
	}
	return database.Each(ctx, s.DB, pgx.RowToStructByPos[RecommendationLine], fn, "learning: recommendations download", `
		SELECT r.id, r.title, coalesce(c.title, ''), coalesce(t.title, ''), coalesce(l.reference, ''), r.status, o.name,
		       r.due_on, r.impact_due_on, ac.id, coalesce(ac.description, ''), coalesce(ao.name, ''), ac.due_on, coalesce(ac.status, '')
		FROM recommendation r
		JOIN organisation o ON o.id = r.owner_org_id
		LEFT JOIN commission c ON c.id = r.commission_id
		LEFT JOIN theme t ON t.id = c.theme_id
		LEFT JOIN local_cspr l ON l.id = r.cspr_id
		LEFT JOIN action ac ON ac.recommendation_id = r.id
		LEFT JOIN organisation ao ON ao.id = ac.organisation_id
		WHERE `+recommendationWhere+`
		ORDER BY r.due_on, r.id, ac.due_on, ac.id`, f.args(a.Partnership, s.Today())...)
}
