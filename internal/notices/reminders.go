package notices

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/database"
)

// The reminder jobs (a document's review, an action, a yearly report to send, a training
// follow-up) share one shape: for each record, decide whether a reminder is due and which, then
// send it once however many runs or processes ask. The pieces below are that shape, written once.

// Reminder is one reminder a job may send: its kind, the event it is sent once for, and how it is
// queued in the transaction that records it.
type Reminder struct {
	Kind  Kind
	Event string
	Send  func(tx pgx.Tx) error
}

// SendEachOnce sends, for each item, the reminder remind makes of it (ok false when none is due),
// once per kind and event as SendOnce does. It returns how many it sent this time; an error stops
// the run with the count so far.
func SendEachOnce[T any](ctx context.Context, db database.Beginner, items []T, remind func(T) (Reminder, bool)) (int, error) {
	return CountSent(items, func(it T) (bool, error) {
		r, ok := remind(it)
		if !ok {
			return false, nil
		}
		return SendOnce(ctx, db, r.Kind, r.Event, r.Send)
	})
}

// CountSent calls send for each item, in order, and counts the items it reports sent this time
// (false when nothing was due or it had been sent already, by this run or another). An error
// stops it with the count so far. It is the one loop of every job and button that sends a notice
// for each record, once, and says how many it sent.
func CountSent[T any](items []T, send func(T) (bool, error)) (int, error) {
	sent := 0
	for _, it := range items {
		first, err := send(it)
		if err != nil {
			return sent, err
		}
		if first {
			sent++
		}
	}
	return sent, nil
}

// CountSentInTx is CountSent with each item sent in a transaction of its own, as the
// housekeeping jobs send: an item that fails stops the run but keeps what was sent before it.
func CountSentInTx[T any](ctx context.Context, db database.Beginner, items []T, send func(tx pgx.Tx, it T) (bool, error)) (int, error) {
	return CountSent(items, func(it T) (first bool, err error) {
		err = database.InTx(ctx, db, func(tx pgx.Tx) (err error) {
			first, err = send(tx, it)
			return err
		})
		return first, err
	})
}

// DueKind is which reminder a deadline calls for on day today: overdue once due has passed, soon
// when due falls on or before near, and none (ok false) before then.
func DueKind(due, today, near time.Time, soon, overdue Kind) (Kind, bool) {
	switch {
	case due.Before(today):
		return overdue, true
	case !due.After(near):
		return soon, true
	}
	return "", false
}
