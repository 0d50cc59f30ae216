// Package mail sends the portal's e-mail through an outbox: a message is written to the outbox
// table in the same transaction as the change it reports, and a background worker sends it. Any
// number of portal processes may run the worker: each claims messages with FOR UPDATE SKIP LOCKED.
// A message is sent at least once; a process dying between sending and recording it sends it again.
//
// Messages never carry a child's or family's details: they say that something happened and link
// to the portal, where the access policy decides who may read it.
package mail

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/database"
)

// Message is one e-mail.
type Message struct {
	To      string
	Subject string
	Body    string // plain text
}

// Enqueue puts m in the outbox through q, normally the transaction that made the change.
func Enqueue(ctx context.Context, q database.Querier, m Message) error {
	if strings.ContainsAny(m.To+m.Subject, "\r\n") {
		return errors.New("mail: line break in an address or subject")
	}
	_, err := q.Exec(ctx, `INSERT INTO outbox (to_address, subject, body) VALUES ($1, $2, $3)`, m.To, m.Subject, m.Body)
	if err != nil {
		return fmt.Errorf("mail: enqueue: %w", err)
	}
	return nil
}

// Sender delivers one message.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// FileSender writes each message to a file of its own in Dir instead of sending it: for
// development, where there is no mail server and the demo accounts use reserved domains. The files
// are readable by their owner alone, and the log says only that a message was written and where:
// a message may hold a working one-time link, which no log should.
type FileSender struct {
	Dir string
	Log *slog.Logger
}

// Send writes m to a new file in s.Dir.
func (s FileSender) Send(ctx context.Context, m Message) error {
	if err := os.MkdirAll(s.Dir, 0o700); err != nil {
		return fmt.Errorf("mail: %w", err)
	}
	f, err := os.CreateTemp(s.Dir, time.Now().UTC().Format("20060102T150405Z")+"-*.eml")
	if err != nil {
		return fmt.Errorf("mail: %w", err)
	}
	_, err = fmt.Fprintf(f, "To: %s\r\nSubject: %s\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n%s", m.To, m.Subject,
		strings.ReplaceAll(m.Body, "\n", "\r\n"))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("mail: %w", err)
	}
	s.Log.InfoContext(ctx, "e-mail written to a file (not sent: no PORTAL_SMTP_ADDR)", "file", f.Name())
	return nil
}

// Worker sends what is due in the outbox.
type Worker struct {
	DB       database.Beginner
	Sender   Sender
	Log      *slog.Logger
	Interval time.Duration // between looks at the outbox
	Batch    int           // messages claimed at a time
}

// maxAttempts is how often a message is tried before it is left for a person to look at.
const maxAttempts = 8

// Run sends due messages every Interval until ctx ends.
func (w *Worker) Run(ctx context.Context) {
	t := time.NewTicker(w.Interval)
	defer t.Stop()
	for {
		if _, err := w.SendDue(ctx); err != nil && ctx.Err() == nil {
			w.Log.Error("outbox", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

type queued struct {
	ID       int64
	To       string
	Subject  string
	Body     string
	Attempts int
}

// SendDue claims up to Batch due messages, sends them and records the outcome, returning how many
// were sent. A failed message is retried later, with a growing pause.
func (w *Worker) SendDue(ctx context.Context) (int, error) {
	batch := w.Batch
	if batch <= 0 {
		batch = 20
	}
	sent := 0
	err := database.InTx(ctx, w.DB, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `
			SELECT id, to_address, subject, body, attempts FROM outbox
			WHERE sent_at IS NULL AND attempts < $1 AND next_attempt_at <= now()
			ORDER BY id
			LIMIT $2
			FOR UPDATE SKIP LOCKED`, maxAttempts, batch)
		if err != nil {
			return err
		}
		due, err := pgx.CollectRows(rows, pgx.RowToStructByPos[queued])
		if err != nil {
			return err
		}
		for _, q := range due {
			err := w.Sender.Send(ctx, Message{To: q.To, Subject: q.Subject, Body: q.Body})
			if err != nil {
				w.Log.Warn("e-mail not sent; will retry", "outbox_id", q.ID, "attempt", q.Attempts+1, "err", err)
				backoff := time.Duration(1<<q.Attempts) * time.Minute
				// The last attempt forgets the body, like a sent message: see below.
				_, err = tx.Exec(ctx, `UPDATE outbox SET attempts = attempts + 1, last_error = $2,
					next_attempt_at = now() + $3::interval, body = CASE WHEN attempts + 1 >= $4 THEN '' ELSE body END
					WHERE id = $1`, q.ID, err.Error(), backoff.String(), maxAttempts)
			} else {
				sent++
				// A sent message's body is not kept: it may hold a working one-time link. What
				// shows that it was sent, and to whom, stays.
				_, err = tx.Exec(ctx, `UPDATE outbox SET attempts = attempts + 1, sent_at = now(), last_error = '', body = '' WHERE id = $1`, q.ID)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return sent, fmt.Errorf("mail: send due: %w", err)
	}
	return sent, nil
}
