package meetings

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/database"
)

// Standing is the items every body's meeting opens with (an AgendaSource): apologies,
// declarations of interest, and the last meeting's minutes.
type Standing struct{}

// StandingKind is the kind of the standing items, with their heading.
var StandingKind = app.Choice{Value: "standing", Label: "Standing items"}

// standingItems are the standing items, in agenda order.
var standingItems = []string{
	"Welcome, introductions and apologies",
	"Declarations of interest",
	"Minutes of the last meeting and matters arising",
}

// Kinds returns the standing items' kind, for every body.
func (Standing) Kinds(Body) app.Choices { return app.Choices{StandingKind} }

// AgendaItems returns the standing items.
func (Standing) AgendaItems(context.Context, database.Querier, Body, time.Time) ([]Item, error) {
	items := make([]Item, 0, len(standingItems))
	for _, t := range standingItems {
		items = append(items, Item{Kind: StandingKind.Value, Title: t})
	}
	return items, nil
}

// Decisions returns none: decisions on standing items are the body's own (Resolution).
func (Standing) Decisions(context.Context, database.Querier, int64) ([]Decision, error) {
	return nil, nil
}

// OpenActions carries the actions of a body's earlier meetings that are still open onto its next
// agenda (an AgendaSource), so that none is forgotten: an action stays on every agenda until it is
// marked done. An action that settled a confidential item stays confidential.
type OpenActions struct{}

// OpenActionKind is the kind of a carried action, with its heading. Its RefID is the decision.
var OpenActionKind = app.Choice{Value: "open_action", Label: "Open actions from earlier meetings"}

// openActionsLimit bounds the carried actions of one agenda.
const openActionsLimit = 100

// Kinds returns the carried actions' kind, for every body.
func (OpenActions) Kinds(Body) app.Choices { return app.Choices{OpenActionKind} }

// AgendaItems returns b's actions decided at meetings before day and not done, those due first
// at the top, in one query.
func (OpenActions) AgendaItems(ctx context.Context, q database.Querier, b Body, day time.Time) ([]Item, error) {
	scan := func(row pgx.CollectableRow) (Item, error) {
		it := Item{Kind: OpenActionKind.Value}
		return it, row.Scan(&it.RefID, &it.Title, &it.Confidential)
	}
	return database.AllWith(ctx, q, scan, "meetings: open actions", `
		SELECT d.id, d.text || ' (' || u.name || ', due ' || to_char(d.due_on, 'FMDD FMMonth YYYY') || ')', i.confidential
		FROM meeting_decision d JOIN meeting m ON m.id = d.meeting_id JOIN meeting_item i ON i.id = d.item_id
		JOIN app_user u ON u.id = d.owner_id
		WHERE d.body_id = $1 AND d.done_on IS NULL AND m.held_on < $2
		ORDER BY d.due_on, d.id LIMIT $3`, b.ID, day, openActionsLimit)
}

// Decisions returns none: marking an action done is recorded in the log, not at a meeting.
func (OpenActions) Decisions(context.Context, database.Querier, int64) ([]Decision, error) {
	return nil, nil
}

// Own are the agenda sources of this package, in agenda order: the standing items, then the
// actions carried forward. Other domains' sources follow them.
func Own() []AgendaSource { return []AgendaSource{Standing{}, OpenActions{}} }

// ExecutiveSource is an agenda source of the Executive alone: Headings are the kinds of item it
// puts on the Executive's agenda, in agenda order, and Items reads them on a day; another body
// gets nothing from it. What the Executive decides on its items is minuted as the meeting's own
// decisions, so it records none. The areas whose records await the Executive each name one.
type ExecutiveSource struct {
	Headings app.Choices
	Items    func(ctx context.Context, q database.Querier, b Body, day time.Time) ([]Item, error)
}

// Kinds returns the Headings for the Executive, and none for another body.
func (s ExecutiveSource) Kinds(b Body) app.Choices {
	if !b.IsExecutive() {
		return nil
	}
	return s.Headings
}

// AgendaItems returns the Items for the Executive, and none for another body.
func (s ExecutiveSource) AgendaItems(ctx context.Context, q database.Querier, b Body, day time.Time) ([]Item, error) {
	if !b.IsExecutive() {
		return nil, nil
	}
	return s.Items(ctx, q, b, day)
}

// Decisions returns none: the Executive's decisions are minuted as the meeting's own.
func (ExecutiveSource) Decisions(context.Context, database.Querier, int64) ([]Decision, error) {
	return nil, nil
}
