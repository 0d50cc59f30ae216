package meetings

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// RecordDecision records, inside the caller's transaction, a decision another domain took at a
// meeting of b that was already held (the Executive's approval of a reviewer, say): it adds an
// item of other business with title to the meeting's agenda and a decision settling it with text,
// owned by who and done on today, since the decision is its own action. It returns the decision's
// id; a meeting not of b, or not yet held, is ErrNotFound.
func RecordDecision(ctx context.Context, tx pgx.Tx, b Body, meetingID int64, title, text string, who int64, today time.Time) (int64, error) {
	var itemID int64
	err := tx.QueryRow(ctx, `INSERT INTO meeting_item (meeting_id, position, kind, ref_id, title)
		SELECT m.id, coalesce((SELECT max(position) + 1 FROM meeting_item WHERE meeting_id = m.id), 0), $3, 0, $4
		FROM meeting m WHERE m.body_id = $1 AND m.id = $2 AND m.held_on <= $5 RETURNING id`,
		b.ID, meetingID, Free.Value, title, today).Scan(&itemID)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, ErrNotFound
	}
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
