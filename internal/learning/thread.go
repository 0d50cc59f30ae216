package learning

import (
	"context"
	"time"

	"github.com/scp-portal/portal/internal/database"
)

// Source is a source of a theme with, for a KLOE request, its triage decision.
type Source struct {
	ID             int64
	Kind           string
	RequestID      *int64
	Reference      string
	Note           string
	AddedAt        time.Time
	AddedByName    string
	RequestTitle   string
	SubmittedAt    *time.Time
	Decision       string
	DecisionBy     string
	DecisionAt     *time.Time
	DecisionReason string
}

// HistoryEntry is a change of a theme's status or rating.
type HistoryEntry struct {
	At        time.Time
	ActorName string
	Status    string
	Rating    string
	Reason    string
}

// Thread is the golden thread of a theme: everything from the requests and sources that raised it
// to the evidence that practice changed.
type Thread struct {
	Theme           Theme
	Sources         []Source
	History         []HistoryEntry
	Commissions     []Commission
	Notes           map[int64][]Note
	Recommendations []Recommendation
	Actions         []Action
	Updates         []Update
	Evidence        []Evidence
}

// LoadThread loads a theme's golden thread in a fixed number of queries, whatever its size.
func LoadThread(ctx context.Context, q database.Querier, partnershipID, themeID int64) (Thread, error) {
	var th Thread
	var err error
	if th.Theme, err = GetTheme(ctx, q, partnershipID, themeID); err != nil {
		return th, err
	}
	if th.Sources, err = database.All[Source](ctx, q, "learning: thread sources", `
		SELECT s.id, s.kind, s.request_id, s.reference, s.note, s.added_at, coalesce(a.name, ''),
		       coalesce(r.title, ''), r.submitted_at, coalesce(t.decision, ''), coalesce(d.name, ''), t.decided_at, coalesce(t.outcome, '')
		FROM theme_source s
		LEFT JOIN app_user a ON a.id = s.added_by
		LEFT JOIN intake_request r ON r.id = s.request_id
		LEFT JOIN triage t ON t.request_id = s.request_id
		LEFT JOIN app_user d ON d.id = t.decided_by
		WHERE s.theme_id = $1 ORDER BY coalesce(r.submitted_at, s.added_at), s.id`, themeID); err != nil {
		return th, err
	}
	if th.History, err = database.All[HistoryEntry](ctx, q, "learning: thread history", `SELECT h.at, coalesce(u.name, ''), h.status, h.rating, h.reason FROM theme_history h
		LEFT JOIN app_user u ON u.id = h.actor_id WHERE h.theme_id = $1 ORDER BY h.at, h.id`, themeID); err != nil {
		return th, err
	}
	if th.Commissions, err = Commissions(ctx, q, partnershipID, themeID, 0); err != nil {
		return th, err
	}
	ids := database.IDs(th.Commissions, func(c Commission) int64 { return c.ID })
	if th.Notes, err = Notes(ctx, q, ids); err != nil {
		return th, err
	}
	if th.Recommendations, err = Recommendations(ctx, q, ids); err != nil {
		return th, err
	}
	recIDs := database.IDs(th.Recommendations, func(r Recommendation) int64 { return r.ID })
	if th.Actions, err = Actions(ctx, q, recIDs); err != nil {
		return th, err
	}
	actionIDs := database.IDs(th.Actions, func(a Action) int64 { return a.ID })
	if th.Updates, err = Updates(ctx, q, actionIDs); err != nil {
		return th, err
	}
	th.Evidence, err = EvidenceOf(ctx, q, recIDs)
	return th, err
}
