package reviews

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/partnership"
)

// A local CSPR bears on some of its partnership's priorities: the Engine Room tags it with them
// (on its page, before or after publication, since the tags are how the public library finds it,
// not part of what was published). A tag keeps the priority's words, so a priority the partnership
// renames or drops later still names the review; the library matches them whatever their case.

// CSPRPriorities returns the priorities the local CSPR id is tagged with, in alphabetical order.
func CSPRPriorities(ctx context.Context, q database.Querier, id int64) ([]string, error) {
	return database.Values[string](ctx, q, "reviews: cspr priorities",
		`SELECT title FROM cspr_priority WHERE cspr_id = $1 ORDER BY lower(title), title`, id)
}

// PriorityChoices are the priorities a local CSPR may be tagged with: its partnership's list, in
// its order, then any it is tagged with that the list no longer holds.
func PriorityChoices(list, tagged []string) []string {
	choices := append([]string(nil), list...)
	for _, t := range tagged {
		if !hasPriority(list, t) {
			choices = append(choices, t)
		}
	}
	return choices
}

func hasPriority(list []string, title string) bool {
	for _, l := range list {
		if l == title {
			return true
		}
	}
	return false
}

// PrioritiesInput is the priorities a local CSPR bears on, ticked over the version the page loaded.
type PrioritiesInput struct {
	Version int
	Titles  []string
}

// ErrUnknownPriority is a priority that is neither the partnership's nor already the review's.
var ErrUnknownPriority = app.InvalidField("priorities", "Choose the priorities from the partnership's list")

// SetCSPRPriorities tags the local CSPR id of the partnership pid with titles, replacing its tags,
// if it is still at version. Each title must be one of PriorityChoices.
func SetCSPRPriorities(ctx context.Context, tx pgx.Tx, pid, id int64, version int, titles []string) error {
	tag, err := tx.Exec(ctx, `UPDATE local_cspr SET version = version + 1 WHERE partnership_id = $1 AND id = $2 AND version = $3`, pid, id, version)
	if err != nil {
		return fmt.Errorf("reviews: cspr priorities: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return ErrConflict
	}
	list, err := partnership.Priorities(ctx, tx, pid)
	if err != nil {
		return err
	}
	tagged, err := CSPRPriorities(ctx, tx, id)
	if err != nil {
		return err
	}
	choices := PriorityChoices(list, tagged)
	for _, t := range titles {
		if !hasPriority(choices, t) {
			return ErrUnknownPriority
		}
	}
	if _, err := tx.Exec(ctx, `DELETE FROM cspr_priority WHERE cspr_id = $1`, id); err != nil {
		return fmt.Errorf("reviews: cspr priorities: %w", err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO cspr_priority (cspr_id, title) SELECT $1, t FROM unnest($2::text[]) AS t ON CONFLICT DO NOTHING`, id, titles); err != nil {
		return fmt.Errorf("reviews: cspr priorities: %w", err)
	}
	return nil
}

// SetPriorities tags the local CSPR id with the partnership priorities it bears on, for the
// public library, if it is still at in.Version.
func (s *Service) SetPriorities(ctx context.Context, a app.Actor, pid, id int64, in PrioritiesInput) error {
	for _, t := range in.Titles {
		if strings.TrimSpace(t) == "" || len([]rune(t)) > 200 {
			return ErrUnknownPriority
		}
	}
	err := app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		return app.Event{Action: audit.LocalReviewPriorities, ObjectType: "local_cspr", ObjectID: id, Detail: strconv.Itoa(len(in.Titles))},
			SetCSPRPriorities(ctx, tx, pid, id, in.Version, in.Titles)
	})
	if errors.Is(err, ErrConflict) {
		return s.stale(ctx, pid, id, "priorities")
	}
	return err
}
