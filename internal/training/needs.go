package training

import (
	"context"
	"errors"
	"slices"
	"strconv"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
)

// NeedField is the field of a training need's status on the list of needs, one per need.
func NeedField(id int64) string { return "need-" + strconv.FormatInt(id, 10) }

// NeedInput moves a training need on, from the version the person saw.
type NeedInput struct {
	Status  string
	Version int
}

// needRank is where a status comes in the order a need moves through.
func needRank(status string) int {
	return slices.IndexFunc(NeedStatuses, func(c app.Choice) bool { return c.Value == status })
}

// MoveNeed moves one of the partnership's training needs forward (planned, commissioned,
// delivered), never back, if it is still at the version the person saw.
func (s *Service) MoveNeed(ctx context.Context, a app.Actor, partnershipID, id int64, in NeedInput) error {
	field := NeedField(id)
	if !NeedStatuses.Has(in.Status) {
		return app.InvalidField(field, "Choose where the training need is from the list")
	}
	return app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: audit.TrainingNeedMove, ObjectType: "training_need", ObjectID: id, Detail: in.Status}
		var status string
		var version int
		err := tx.QueryRow(ctx, `SELECT status, version FROM training_need WHERE partnership_id = $1 AND id = $2 FOR UPDATE`, partnershipID, id).Scan(&status, &version)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return ev, ErrNotFound
		case err != nil:
			return ev, err
		case version != in.Version:
			return ev, app.Stale(field, "moved this training need on", "", version)
		case needRank(in.Status) <= needRank(status):
			return ev, app.ConflictField(field, "A training need moves forward only: it is "+NeedStatuses.Label(status)+" already")
		}
		_, err = tx.Exec(ctx, `UPDATE training_need SET status = $2, version = version + 1 WHERE id = $1`, id, in.Status)
		return ev, err
	})
}
