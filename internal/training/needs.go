package training

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
)

// NeedField is the field of a training need's status on the list of needs, one per need.
func NeedField(id int64) string { return "need-" + strconv.FormatInt(id, 10) }

// CloseField and CloseNoteField are the fields of a training need's closing on the list of
// needs: why it is closed, and a short note, one pair per need.
func CloseField(id int64) string     { return "close-" + strconv.FormatInt(id, 10) }
func CloseNoteField(id int64) string { return "close-" + strconv.FormatInt(id, 10) + "-note" }

// CloseReasons are why a training need is closed, whatever stage it had reached.
var CloseReasons = app.Choices{{Value: "met_by_course", Label: "Met by a course"}, {Value: "met_otherwise", Label: "Met another way"},
	{Value: "no_longer_needed", Label: "No longer needed"}}

// MaxCloseNote is the longest note of why a need is closed.
const MaxCloseNote = 500

// NeedInput moves a training need on, from the version the person saw.
type NeedInput struct {
	Status  string
	Version int
}

// CloseInput closes a training need, from the version the person saw: why (one of CloseReasons)
// and a short note.
type CloseInput struct {
	Reason  string
	Note    string
	Version int
}

// needRank is where a status comes in the order a need moves through.
func needRank(status string) int {
	return slices.IndexFunc(NeedStatuses, func(c app.Choice) bool { return c.Value == status })
}

// MoveNeed moves one of the partnership's training needs forward (planned, commissioned,
// delivered), never back, if it is still at the version the person saw and not closed.
func (s *Service) MoveNeed(ctx context.Context, a app.Actor, partnershipID, id int64, in NeedInput) error {
	field := NeedField(id)
	if !NeedStatuses.Has(in.Status) {
		return app.InvalidField(field, "Choose where the training need is from the list")
	}
	return app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: audit.TrainingNeedMove, ObjectType: "training_need", ObjectID: id, Detail: in.Status}
		status, closed, err := lockNeed(ctx, tx, partnershipID, id, field, "moved this training need on", in.Version)
		switch {
		case err != nil:
			return ev, err
		case closed != "":
			return ev, app.ConflictField(field, "The training need is closed ("+strings.ToLower(CloseReasons.Label(closed))+"): it moves on no further")
		case needRank(in.Status) <= needRank(status):
			return ev, app.ConflictField(field, "A training need moves forward only: it is "+NeedStatuses.Label(status)+" already")
		}
		_, err = tx.Exec(ctx, `UPDATE training_need SET status = $2, version = version + 1 WHERE id = $1`, id, in.Status)
		return ev, err
	})
}

// CloseNeed closes one of the partnership's training needs, whatever stage it reached, with why
// and a short note, if it is still at the version the person saw; a closed need stays closed.
// The audit record carries the reason's code, not the note.
func (s *Service) CloseNeed(ctx context.Context, a app.Actor, partnershipID, id int64, in CloseInput) error {
	var p app.Problems
	p.OneOf(CloseField(id), CloseReasons, in.Reason, "Choose why the training need is closed")
	p.Words(CloseNoteField(id), in.Note, MaxCloseNote, "Say in a few words why it is closed",
		"The note must be "+strconv.Itoa(MaxCloseNote)+" characters or fewer")
	if err := p.Err(); err != nil {
		return err
	}
	return app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: audit.TrainingNeedClose, ObjectType: "training_need", ObjectID: id, Detail: in.Reason}
		_, closed, err := lockNeed(ctx, tx, partnershipID, id, CloseField(id), "changed this training need", in.Version)
		switch {
		case err != nil:
			return ev, err
		case closed != "":
			return ev, app.ConflictField(CloseField(id), "The training need is closed already ("+strings.ToLower(CloseReasons.Label(closed))+")")
		}
		_, err = tx.Exec(ctx, `UPDATE training_need SET closed_reason = $2, closed_note = $3, closed_at = $4, closed_by = $5, version = version + 1
			WHERE id = $1`, id, in.Reason, strings.TrimSpace(in.Note), s.Time(), a.UserID)
		return ev, err
	})
}

// lockNeed locks one of the partnership's training needs and returns its status and why it was
// closed ("" while open); a need at another version than the person saw is stale on field.
func lockNeed(ctx context.Context, tx pgx.Tx, partnershipID, id int64, field, what string, seen int) (status, closed string, err error) {
	var version int
	err = tx.QueryRow(ctx, `SELECT status, closed_reason, version FROM training_need WHERE partnership_id = $1 AND id = $2 FOR UPDATE`,
		partnershipID, id).Scan(&status, &closed, &version)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return "", "", ErrNotFound
	case err != nil:
		return "", "", err
	case version != seen:
		return "", "", app.Stale(field, what, "", version)
	}
	return status, closed, nil
}
