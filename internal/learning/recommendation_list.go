package learning

import (
	"context"
	"time"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/database"
)

// ActionOverdueSQL is the condition that an action a is overdue on today, $2: not done and past
// its due date. The Engine Room home's "actions overdue" (overview.EngineRoomCounts), the
// recommendations list and its download share it, so the figure and the list cannot disagree.
const ActionOverdueSQL = `a.status <> 'done' AND a.due_on < $2`

// EvidenceDueSQL is the condition that recommendation r's evidence of impact is due on today, $2:
// due by today and none recorded (Recommendation.EvidenceDue says the same of one in Go). The
// Engine Room home's "evidence of impact due", the recommendations list and its download share it.
const EvidenceDueSQL = `(r.impact_due_on <= $2 AND NOT EXISTS (SELECT 1 FROM impact_evidence e WHERE e.recommendation_id = r.id))`

// RecommendationConcerns are what the recommendations list can pick out beside a status: those
// with an action overdue, and those whose evidence of impact is due.
var RecommendationConcerns = app.Choices{
	{Value: "actions_overdue", Label: "With overdue actions"}, {Value: "evidence_due", Label: "Evidence of impact due"},
}

// RecommendationFilter selects the partnership's recommendations for their list and its
// download. Empty fields match everything.
type RecommendationFilter struct {
	Status  string   // one of RecommendationStatuses
	Concern string   // one of RecommendationConcerns
	Page    app.Page // the zero Page: every recommendation (the download)
}

// recommendationWhere is the filter's condition on recommendation r, over args.
const recommendationWhere = `r.partnership_id = $1 AND ($3 = '' OR r.status = $3)
		  AND ($4 <> 'actions_overdue' OR EXISTS (SELECT 1 FROM action a WHERE a.recommendation_id = r.id AND ` + ActionOverdueSQL + `))
		  AND ($4 <> 'evidence_due' OR ` + EvidenceDueSQL + `)`

// args are the filter's values for recommendationWhere: $1 the partnership, $2 today.
func (f RecommendationFilter) args(partnershipID int64, today time.Time) []any {
	return []any{partnershipID, today, f.Status, f.Concern}
}

// RecommendationRow is a recommendation in the partnership's list: where it came from, where it
// is, and how many of its actions are overdue.
type RecommendationRow struct {
	ID             int64
	Title          string
	CommissionID   *int64
	Commission     string // the commissioned learning it came from
	Theme          string // that commission's theme
	CSPRID         *int64
	CSPR           string // the local CSPR's reference it came from
	Source         string // otherwise: "scrutiny", "assurance", "case_audit" or ""
	Status         string
	Owner          string
	DueOn          time.Time
	ImpactDueOn    *time.Time
	ActionsOverdue int
	EvidenceDue    bool
}

// Recommendations returns the page f.Page of the partnership's recommendations as f selects them
// (with one more when another page follows: app.PageOf), by due date, in one query.
func (s *Service) Recommendations(ctx context.Context, a app.Actor, f RecommendationFilter) ([]RecommendationRow, error) {
	return database.All[RecommendationRow](ctx, s.DB, "learning: recommendations", recommendationsSQL,
		append(f.args(a.Partnership, s.Today()), f.Page.Limit(), f.Page.Offset())...)
}

// recommendationsSQL is the list's query, over RecommendationFilter.args, the limit and the
// offset: the page of recommendations is chosen first, by the partnership's index, and only its
// rows are joined to their sources and owners and have their actions counted.
const recommendationsSQL = `
		SELECT r.id, r.title, r.commission_id, coalesce(c.title, ''), coalesce(t.title, ''), r.cspr_id, coalesce(l.reference, ''),
		       CASE WHEN r.scrutiny_report_id IS NOT NULL THEN 'scrutiny' WHEN r.assurance_round_id IS NOT NULL THEN 'assurance'
		            WHEN r.case_audit_id IS NOT NULL THEN 'case_audit' ELSE '' END,
		       r.status, o.name, r.due_on, r.impact_due_on,
		       (SELECT count(*)::int FROM action a WHERE a.recommendation_id = r.id AND ` + ActionOverdueSQL + `),
		       coalesce(` + EvidenceDueSQL + `, false)
		FROM (SELECT r.* FROM recommendation r WHERE ` + recommendationWhere + `
		      ORDER BY r.due_on, r.id LIMIT $5 OFFSET $6) r
		JOIN organisation o ON o.id = r.owner_org_id
		LEFT JOIN commission c ON c.id = r.commission_id
		LEFT JOIN theme t ON t.id = c.theme_id
		LEFT JOIN local_cspr l ON l.id = r.cspr_id
		ORDER BY r.due_on, r.id`
