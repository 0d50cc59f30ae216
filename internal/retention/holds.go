package retention

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
)

// Hold is a legal hold in place: the record it keeps, named by its reference.
type Hold struct {
	ID         int64
	RecordType string // "request", "rapid_review", "dispute" or "challenge"
	RecordID   int64
	Reference  string
	PlacedBy   string
	PlacedAt   time.Time
}

// maxHolds bounds the list of holds on the page; a partnership has a handful at a time.
const maxHolds = 200

// Holds returns the partnership's holds in place, newest first.
func (s *Service) Holds(ctx context.Context, pid int64) ([]Hold, error) {
	return database.All[Hold](ctx, s.DB, "retention: holds", `
		SELECT h.id, h.record_type, h.record_id,
		       coalesce(CASE h.record_type WHEN 'request' THEN (SELECT reference FROM intake_request WHERE id = h.record_id)
		                WHEN 'rapid_review' THEN (SELECT reference FROM rapid_review WHERE id = h.record_id)
		                WHEN 'dispute' THEN 'Disagreement ' || h.record_id ELSE 'Challenge ' || h.record_id END, ''),
		       coalesce(u.name, ''), h.placed_at
		FROM legal_hold h LEFT JOIN app_user u ON u.id = h.placed_by
		WHERE h.partnership_id = $1 AND h.released_at IS NULL
		ORDER BY h.placed_at DESC, h.id DESC LIMIT $2`, pid, maxHolds)
}

// PlaceHold puts a legal hold on the partnership's request or rapid review with the reference
// typed (e.g. HSSCP-CSPR-2026-0003), or on a disagreement or challenge named by its number as the
// portal names it ("Disagreement 7", "Challenge 12": they have no reference of their own); a hold
// already in place is kept as it is.
func (s *Service) PlaceHold(ctx context.Context, a app.Actor, pid int64, reference string) error {
	reference = strings.ToUpper(strings.Join(strings.Fields(reference), " "))
	if reference == "" || len(reference) > 60 {
		return app.InvalidField("reference", holdHint)
	}
	kind, id, err := s.heldRecord(ctx, pid, reference)
	if errors.Is(err, pgx.ErrNoRows) {
		return app.InvalidField("reference", "There is no request, rapid review, disagreement or challenge "+reference+" in the partnership")
	}
	if err != nil {
		return fmt.Errorf("retention: find record: %w", err)
	}
	return app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		tag, err := tx.Exec(ctx, `INSERT INTO legal_hold (partnership_id, record_type, record_id, placed_by, placed_at)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`, pid, kind, id, a.UserID, s.Time())
		if err != nil || tag.RowsAffected() == 0 {
			return app.Event{}, err
		}
		return app.Event{Action: audit.LegalHoldPlace, ObjectType: kind, ObjectID: id}, nil
	})
}

// ReleaseHold releases one of the partnership's holds in place: the record is again kept for
// its period alone.
func (s *Service) ReleaseHold(ctx context.Context, a app.Actor, pid, id int64) error {
	return app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		var kind string
		var record int64
		err := tx.QueryRow(ctx, `UPDATE legal_hold SET released_at = $3, released_by = $4
			WHERE partnership_id = $1 AND id = $2 AND released_at IS NULL RETURNING record_type, record_id`,
			pid, id, s.Time(), a.UserID).Scan(&kind, &record)
		if errors.Is(err, pgx.ErrNoRows) {
			return app.Event{}, ErrNotFound
		}
		if err != nil {
			return app.Event{}, fmt.Errorf("retention: release: %w", err)
		}
		return app.Event{Action: audit.LegalHoldRelease, ObjectType: kind, ObjectID: record}, nil
	})
}

// holdHint is what the hold form asks for.
const holdHint = "Enter the reference of a request or rapid review, like HSSCP-CSPR-2026-0003, or a disagreement or challenge by its number, like Challenge 12"

// numbered are the records named by a word and their number: the word, as the portal's pages
// name them, and the record type and table.
var numbered = []struct{ word, kind, table string }{
	{"DISAGREEMENT ", "dispute", "dispute"},
	{"CHALLENGE ", "challenge", "challenge"},
}

// heldRecord finds the partnership's record named by reference (upper case, single spaces). A
// local CSPR's reference names the rapid review it grew from: the two are kept, and anonymised,
// together.
func (s *Service) heldRecord(ctx context.Context, pid int64, reference string) (kind string, id int64, err error) {
	for _, n := range numbered {
		number, ok := strings.CutPrefix(reference, n.word)
		if !ok {
			continue
		}
		id, err := strconv.ParseInt(number, 10, 64)
		if err != nil || id <= 0 {
			return "", 0, pgx.ErrNoRows
		}
		err = s.DB.QueryRow(ctx, `SELECT id FROM `+n.table+` WHERE partnership_id = $1 AND id = $2`, pid, id).Scan(&id)
		return n.kind, id, err
	}
	err = s.DB.QueryRow(ctx, `
		SELECT 'request', id FROM intake_request WHERE partnership_id = $1 AND reference = $2
		UNION ALL SELECT 'rapid_review', id FROM rapid_review WHERE partnership_id = $1 AND reference = $2
		UNION ALL SELECT 'rapid_review', review_id FROM local_cspr WHERE partnership_id = $1 AND reference = $2
		LIMIT 1`, pid, reference).Scan(&kind, &id)
	return kind, id, err
}
