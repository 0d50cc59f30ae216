package meetings

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/database"
)

// ErrNoResolution is a decision not found in the body's log.
var ErrNoResolution = app.NotFoundError("meetings: no such decision")

// Resolution is a decision minuted at a meeting: its text, the agenda item it settles, and the
// action that follows, owned by a person and due on a day, open until someone marks it done with
// a note. (A source's Decision is what another domain recorded; a Resolution is the body's own.)
type Resolution struct {
	ID           int64
	BodyID       int64
	MeetingID    int64
	MeetingTitle string
	HeldOn       time.Time
	ItemID       int64
	ItemTitle    string
	Confidential bool // the item it settles is confidential
	Text         string
	OwnerID      int64
	Owner        string
	DueOn        time.Time
	DoneOn       *time.Time
	DoneNote     string
	DoneBy       string
	Version      int
}

// Statuses of an action in the log, with their names for people, in the order the filter lists them.
var Statuses = app.Choices{
	{Value: "open", Label: "Open"}, {Value: "overdue", Label: "Overdue"}, {Value: "done", Label: "Done"},
}

// Status is the action's status on today: done, overdue (open past its due date) or open.
func (r Resolution) Status(today time.Time) string {
	switch {
	case r.DoneOn != nil:
		return "done"
	case r.DueOn.Before(today):
		return "overdue"
	}
	return "open"
}

const resolutionColumns = `SELECT d.id, d.body_id, d.meeting_id, m.title, m.held_on, d.item_id, i.title, i.confidential, d.text,
	d.owner_id, o.name, d.due_on, d.done_on, d.done_note, coalesce(db.name, ''), d.version
	FROM meeting_decision d JOIN meeting m ON m.id = d.meeting_id JOIN meeting_item i ON i.id = d.item_id
	JOIN app_user o ON o.id = d.owner_id LEFT JOIN app_user db ON db.id = d.done_by `

// resolutionsOf returns the decisions minuted at a meeting, in the order taken.
func resolutionsOf(ctx context.Context, q database.Querier, meetingID int64) ([]Resolution, error) {
	return database.All[Resolution](ctx, q, "meetings: decisions", resolutionColumns+`WHERE d.meeting_id = $1 ORDER BY d.id`, meetingID)
}

// ResolutionByID returns one decision of the body's log: another body's is not found.
func ResolutionByID(ctx context.Context, q database.Querier, bodyID, id int64) (Resolution, error) {
	return database.One[Resolution](ctx, q, ErrNoResolution, "meetings: decision", resolutionColumns+`WHERE d.body_id = $1 AND d.id = $2`, bodyID, id)
}

// LogPageSize is how many decisions a page of the log shows.
const LogPageSize = 25

// LogFilter picks decisions from a body's log: by status on Today ("" for any) and owner (0 for
// anyone), a page at a time (from 1).
type LogFilter struct {
	BodyID  int64
	Status  string
	OwnerID int64
	Today   time.Time
	Page    int
}

// Log returns a page of the body's decisions, those still open first by due date (the overdue at
// the top), then those done, most recent first; and how many match in all.
func Log(ctx context.Context, q database.Querier, f LogFilter) ([]Resolution, int, error) {
	args := f.args()
	var total int
	if err := q.QueryRow(ctx, `SELECT count(*) FROM meeting_decision d `+logWhere, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("meetings: log count: %w", err)
	}
	list, err := database.All[Resolution](ctx, q, "meetings: log", resolutionColumns+logWhere+logOrder+`
		LIMIT $5 OFFSET $6`, append(args, LogPageSize, (max(f.Page, 1)-1)*LogPageSize)...)
	return list, total, err
}

// ActionsOwed is what a home view shows of a person's open actions: the first few by due date
// (the overdue first), and how many there are in all and overdue, which may be more.
type ActionsOwed struct {
	First         []Resolution
	Open, Overdue int
}

// OpenActionsOf returns up to limit of the actions of the body's log that owner owns and has not
// done, by due date (the overdue first), with the counts of all of them, in one query (the counts
// are windows over every open action, taken before the limit).
func OpenActionsOf(ctx context.Context, q database.Querier, bodyID, owner int64, today time.Time, limit int) (ActionsOwed, error) {
	type row struct {
		Open, Overdue int // first, as the query's first columns
		Resolution
	}
	rows, err := database.All[row](ctx, q, "meetings: open actions", strings.Replace(resolutionColumns, "SELECT ",
		"SELECT count(*) OVER (), count(*) FILTER (WHERE d.due_on < $4) OVER (), ", 1)+`WHERE d.body_id = $1 AND d.owner_id = $2 AND d.done_on IS NULL
		ORDER BY d.due_on, d.id LIMIT $3`, bodyID, owner, limit, today)
	var o ActionsOwed
	for _, r := range rows {
		o.First = append(o.First, r.Resolution)
		o.Open, o.Overdue = r.Open, r.Overdue
	}
	return o, err
}

// EachInLog calls fn with every decision of the log f selects (its page ignored), in the log's
// order, as it is read: the log's download.
func EachInLog(ctx context.Context, q database.Querier, f LogFilter, fn func(Resolution) error) error {
	return database.Each(ctx, q, pgx.RowToStructByPos[Resolution], fn, "meetings: log download", resolutionColumns+logWhere+logOrder, f.args()...)
}

// logWhere selects a body's decisions by LogFilter.args; logOrder puts open actions first, the
// most overdue at the top.
const (
	logWhere = `WHERE d.body_id = $1 AND ($2::bigint = 0 OR d.owner_id = $2) AND CASE $3
		WHEN 'open' THEN d.done_on IS NULL AND d.due_on >= $4 WHEN 'overdue' THEN d.done_on IS NULL AND d.due_on < $4
		WHEN 'done' THEN d.done_on IS NOT NULL ELSE true END `
	logOrder = `ORDER BY d.done_on IS NOT NULL, CASE WHEN d.done_on IS NULL THEN d.due_on END, d.done_on DESC, d.id`
)

// args are the filter's values for logWhere.
func (f LogFilter) args() []any { return []any{f.BodyID, f.OwnerID, f.Status, f.Today} }

// ResolutionInput is a decision minuted against an item of a meeting.
type ResolutionInput struct {
	BodyID    int64
	MeetingID int64
	ItemID    int64
	Text      string
	OwnerID   int64
	DueOn     time.Time
}

// Validate checks the input and returns it cleaned up, or an Invalid error naming each problem
// in page order.
func (in ResolutionInput) Validate() (ResolutionInput, error) {
	var p app.Problems
	p.Chosen("item", in.ItemID, "Choose the agenda item the decision settles")
	in.Text = strings.TrimSpace(in.Text)
	if in.Text == "" || len([]rune(in.Text)) > 2000 {
		p.Add("text", "Enter the decision, 2,000 characters or fewer")
	}
	p.Chosen("owner", in.OwnerID, "Choose who owns the action that follows")
	if in.DueOn.IsZero() {
		p.Add("due_on-day", "Enter the date the action is due")
	}
	return in, p.Err()
}

// Resolve records a validated decision inside the caller's transaction: the item must be on the
// meeting's agenda, the meeting the body's, and the owner one of those who may attend the body's
// meetings on the day of the meeting or today.
func Resolve(ctx context.Context, tx pgx.Tx, b Body, in ResolutionInput, today time.Time) (int64, error) {
	var heldOn time.Time
	err := tx.QueryRow(ctx, `SELECT held_on FROM meeting WHERE body_id = $1 AND id = $2`, b.ID, in.MeetingID).Scan(&heldOn)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, ErrNotFound
	}
	if err != nil {
		return 0, fmt.Errorf("meetings: resolve: %w", err)
	}
	var p app.Problems
	if err := database.Exec(ctx, tx, errNoItem, "meetings: resolve", `SELECT 1 FROM meeting_item WHERE meeting_id = $1 AND id = $2`,
		in.MeetingID, in.ItemID); errors.Is(err, errNoItem) {
		p.Add("item", "Choose the agenda item the decision settles from the list")
	} else if err != nil {
		return 0, err
	}
	owner := false
	for _, day := range []time.Time{heldOn, today} {
		people, err := People(ctx, tx, b, day)
		if err != nil {
			return 0, err
		}
		for _, pe := range people {
			owner = owner || pe.ID == in.OwnerID
		}
	}
	if !owner {
		p.Add("owner", "Choose who owns the action from the list")
	}
	if err := p.Err(); err != nil {
		return 0, err
	}
	var id int64
	err = tx.QueryRow(ctx, `INSERT INTO meeting_decision (partnership_id, body_id, meeting_id, item_id, text, owner_id, due_on)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, b.PartnershipID, b.ID, in.MeetingID, in.ItemID, in.Text, in.OwnerID, in.DueOn).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("meetings: resolve: %w", err)
	}
	return id, nil
}

var errNoItem = errors.New("meetings: no such item")

// DoneInput marks an action of a body's log done, with a note, over the version its page loaded.
type DoneInput struct {
	BodyID       int64
	ResolutionID int64
	Version      int
	Note         string
}

// Validate checks the input and returns it cleaned up, or an Invalid error naming the problem.
func (in DoneInput) Validate() (DoneInput, error) {
	var p app.Problems
	in.Note = strings.TrimSpace(in.Note)
	if in.Note == "" || len([]rune(in.Note)) > 2000 {
		p.Add("note", "Say what was done, 2,000 characters or fewer")
	}
	return in, p.Err()
}

// MarkDone marks a validated action done on today by actorID inside the caller's transaction, if
// it is still open at in.Version: otherwise someone else has marked or changed it since.
func MarkDone(ctx context.Context, tx pgx.Tx, in DoneInput, actorID int64, today time.Time) error {
	var version int
	var done *time.Time
	err := tx.QueryRow(ctx, `SELECT version, done_on FROM meeting_decision WHERE body_id = $1 AND id = $2 FOR UPDATE`,
		in.BodyID, in.ResolutionID).Scan(&version, &done)
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrNoResolution
	}
	if err != nil {
		return fmt.Errorf("meetings: mark done: %w", err)
	}
	if version != in.Version || done != nil {
		return app.Stale("note", "marked this action done", "", version)
	}
	_, err = tx.Exec(ctx, `UPDATE meeting_decision SET done_on = $2, done_note = $3, done_by = $4, version = version + 1 WHERE id = $1`,
		in.ResolutionID, today, in.Note, actorID)
	if err != nil {
		return fmt.Errorf("meetings: mark done: %w", err)
	}
	return nil
}
