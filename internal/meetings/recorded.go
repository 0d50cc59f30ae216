package meetings

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
)

// RecordDecision records, inside the caller's transaction, a decision another domain took at a
// meeting of b that was already held (the Executive's approval of a reviewer, say): it adds an
// item of other business with title to the meeting's agenda and a decision settling it with text,
// owned by who and done on today, since the decision is its own action. It returns the decision's
// id; a meeting not of b, or not yet held, is ErrNotFound.
func RecordDecision(ctx context.Context, tx pgx.Tx, b Body, meetingID int64, title, text string, who int64, today time.Time) (int64, error) {
	if err := lockMeeting(ctx, tx, b.ID, meetingID, &today); err != nil {
		return 0, err
	}
	var itemID int64
	err := tx.QueryRow(ctx, `INSERT INTO meeting_item (meeting_id, position, kind, ref_id, title)
		VALUES ($1, `+nextPosition+`, $2, 0, $3) RETURNING id`, meetingID, Free.Value, title).Scan(&itemID)
	if err != nil {
		return 0, fmt.Errorf("meetings: record decision: %w", err)
	}
	var id int64
	err = tx.QueryRow(ctx, `INSERT INTO meeting_decision (partnership_id, body_id, meeting_id, item_id, text, owner_id, due_on, done_on, done_by, done_note)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $6, 'Recorded with the decision') RETURNING id`,
		b.PartnershipID, b.ID, meetingID, itemID, text, who, today).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("meetings: record decision: %w", err)
	}
	return id, nil
}

// ItemInput is an item of other business a person adds to a meeting's agenda after it was
// planned: a title, an optional note under it, and whether it is confidential to the body's
// members.
type ItemInput struct {
	BodyID       int64
	MeetingID    int64
	Title        string
	Note         string
	Confidential bool
}

// maxItemNote is the longest note of an added item, in characters.
const maxItemNote = 2000

// Validate checks the item and returns it trimmed, or an Invalid error naming each problem in the
// form's order (item_title, item_note).
func (in ItemInput) Validate() (ItemInput, error) {
	var p app.Problems
	in.Title, in.Note = strings.TrimSpace(in.Title), strings.TrimSpace(in.Note)
	p.Words("item_title", in.Title, 500, "Enter the item's title", "The item's title must be 500 characters or fewer")
	p.Words("item_note", in.Note, maxItemNote, "", "The note must be 2,000 characters or fewer")
	return in, p.Err()
}

// AddItem adds an item of other business to the end of the agenda of a meeting of the body,
// with its audit record (naming the meeting, not the item's words), and returns the item's id.
// A meeting of another body is not found.
func (s *Service) AddItem(ctx context.Context, a app.Actor, in ItemInput) (int64, error) {
	in, check := in.Validate()
	return app.Create(ctx, s.DB, a, check, func(tx pgx.Tx) (int64, app.Event, error) {
		ev := app.Event{Action: audit.MeetingItemAdd, ObjectType: "meeting", ObjectID: in.MeetingID}
		if in.Confidential {
			ev.Detail = "confidential"
		}
		if err := lockMeeting(ctx, tx, in.BodyID, in.MeetingID, nil); err != nil {
			return 0, ev, err
		}
		var id int64
		err := tx.QueryRow(ctx, `INSERT INTO meeting_item (meeting_id, position, kind, ref_id, title, note, confidential)
			VALUES ($1, `+nextPosition+`, $2, 0, $3, $4, $5) RETURNING id`,
			in.MeetingID, Free.Value, in.Title, in.Note, in.Confidential).Scan(&id)
		if err != nil {
			return 0, ev, fmt.Errorf("meetings: add item: %w", err)
		}
		return id, ev, nil
	})
}

// nextPosition is the position after the last item of meeting $1, read by a statement of its own
// after lockMeeting: the position an item added to the meeting's end takes.
const nextPosition = `(SELECT coalesce(max(position) + 1, 0) FROM meeting_item WHERE meeting_id = $1)`

// lockMeeting locks the meeting meetingID of the body, one held on or before heldBy if that is
// not nil, until tx ends, or returns ErrNotFound. Several portal processes add items to one
// meeting: each must read the last position (nextPosition) only once it holds the lock, in a
// statement after this one, so that it sees the item another one added and committed while it
// waited (issue #14). Read in the same statement as the lock, the position comes from the
// statement's start, before the wait, and two items take the same one.
func lockMeeting(ctx context.Context, tx pgx.Tx, bodyID, meetingID int64, heldBy *time.Time) error {
	var id int64
	err := tx.QueryRow(ctx, `SELECT id FROM meeting WHERE body_id = $1 AND id = $2 AND ($3::date IS NULL OR held_on <= $3::date) FOR UPDATE`,
		bodyID, meetingID, heldBy).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("meetings: lock meeting: %w", err)
	}
	return nil
}
