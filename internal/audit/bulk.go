package audit

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/jackc/pgx/v5"
)

// chainLock is the advisory lock the chain's trigger takes (migrations/00015, audit_log_chain).
const chainLock = 4707460530311631947

// AppendMany appends the entries next returns, in that order, to the end of the chain in one
// COPY, computing each hash here as the trigger would: the trigger's hash in PL/pgSQL manages
// about 6,000 entries a second on two cores, so a generated history of millions of entries
// (`portal seed volume`) would take a quarter of an hour through it, and a few seconds this way.
// next returns io.EOF after the last entry; an entry's ID and hash are given here, in the order of
// the chain. tx must be the owner's (it switches the chain's trigger off for the COPY; the switch
// is transactional, so no other session ever inserts without it) and the caller commits. It holds
// the chain's lock, then the table's, so entries written meanwhile by the portal wait and follow.
// Not for the serving portal: it has no right to switch a trigger off, and needs none.
func AppendMany(ctx context.Context, tx pgx.Tx, next func() (Entry, error)) (int64, error) {
	var prev []byte
	var first int64
	steps := []func() error{
		func() error { _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(chainLock)); return err },
		func() error {
			_, err := tx.Exec(ctx, `ALTER TABLE audit_log DISABLE TRIGGER audit_log_chain`)
			return err
		},
		func() error {
			err := tx.QueryRow(ctx, `SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1`).Scan(&prev)
			if errors.Is(err, pgx.ErrNoRows) {
				prev, err = []byte{}, nil
			}
			return err
		},
		func() error { return tx.QueryRow(ctx, `SELECT nextval('audit_log_id_seq')`).Scan(&first) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return 0, fmt.Errorf("audit: append many: %w", err)
		}
	}
	id := first - 1
	src := &chainSource{next: next, prev: prev, id: &id}
	n, err := tx.CopyFrom(ctx, pgx.Identifier{"audit_log"},
		[]string{"id", "at", "actor_id", "actor_email", "partnership_id", "action", "outcome", "object_type", "object_id", "ip", "detail", "hash"}, src)
	if err != nil {
		return 0, fmt.Errorf("audit: append many: %w", err)
	}
	if n > 0 {
		_, err = tx.Exec(ctx, `SELECT setval('audit_log_id_seq', $1)`, id)
	}
	if err == nil {
		_, err = tx.Exec(ctx, `ALTER TABLE audit_log ENABLE TRIGGER audit_log_chain`)
	}
	if err != nil {
		return 0, fmt.Errorf("audit: append many: %w", err)
	}
	return n, nil
}

// chainSource feeds COPY one entry at a time, chaining each to the one before.
type chainSource struct {
	next   func() (Entry, error)
	prev   []byte
	id     *int64
	values []any
	err    error
}

func (s *chainSource) Next() bool {
	e, err := s.next()
	if err != nil {
		if !errors.Is(err, io.EOF) {
			s.err = err
		}
		return false
	}
	*s.id++
	e.ID = *s.id
	e.At = e.At.Truncate(1000) // the database keeps microseconds: hash what it will store
	if e.Outcome == "" {
		e.Outcome = OK
	}
	s.prev = entryHash(s.prev, e)
	s.values = []any{e.ID, e.At, e.ActorID, e.ActorEmail, e.PartnershipID, string(e.Action), string(e.Outcome),
		e.ObjectType, e.ObjectID, e.IP, e.Detail, s.prev}
	return true
}

func (s *chainSource) Values() ([]any, error) { return s.values, nil }
func (s *chainSource) Err() error             { return s.err }
