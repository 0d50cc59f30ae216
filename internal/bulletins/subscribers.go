package bulletins

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/identity"
	"github.com/scp-portal/portal/internal/mail"
	"github.com/scp-portal/portal/internal/secrets"
	"github.com/scp-portal/portal/web/paths"
)

// The throttle of the public form: an address is sent at most MaxRequestsPerAddress confirmation
// links a day, whoever asks, and one client address may ask at most MaxRequestsPerClient times an
// hour, so the form cannot be used to flood anyone's inbox. Counted in PostgreSQL, so every
// portal process sees the same counts.
const (
	MaxRequestsPerAddress = 3
	AddressWindow         = 24 * time.Hour
	MaxRequestsPerClient  = 30
	ClientWindow          = time.Hour
)

// ConfirmTTL is how long a confirmation link works.
const ConfirmTTL = 7 * 24 * time.Hour

// Subscribe asks, for email, to receive partnership pid's bulletin: unless the address is already
// subscribed or the throttle says no, it is sent a link to confirm (double opt-in); until then it
// receives nothing. The answer is the same whatever happened, so the form tells nobody who
// subscribes; only an address that is not one is refused.
func (s *Service) Subscribe(ctx context.Context, a app.Actor, pid int64, email string) error {
	email = identity.NormaliseEmail(email)
	if email == "" {
		return app.InvalidField("email", "Enter an e-mail address in the correct format, like name@example.org")
	}
	now := s.Time()
	return app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: audit.BulletinSubscribe, ObjectType: "bulletin_subscriber", Partnership: pid}
		// One request per address at a time, so that two at once cannot both pass the count.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('bulletin:' || $1, 0))`, email); err != nil {
			return ev, err
		}
		var byAddress, byClient int
		err := tx.QueryRow(ctx, `SELECT (SELECT count(*) FROM bulletin_subscribe_request WHERE email = $1 AND at > $2),
			(SELECT count(*) FROM bulletin_subscribe_request WHERE ip = $3 AND at > $4)`,
			email, now.Add(-AddressWindow), a.IP, now.Add(-ClientWindow)).Scan(&byAddress, &byClient)
		if err != nil {
			return ev, fmt.Errorf("bulletins: throttle: %w", err)
		}
		if byAddress >= MaxRequestsPerAddress || byClient >= MaxRequestsPerClient {
			ev.Detail = "throttled: nothing sent"
			return ev, nil
		}
		_, err = tx.Exec(ctx, `INSERT INTO bulletin_subscribe_request (at, email, ip) VALUES ($1, $2, $3)`, now, email, a.IP)
		if err != nil {
			return ev, fmt.Errorf("bulletins: record request: %w", err)
		}
		secret := secrets.New()
		var id int64
		err = tx.QueryRow(ctx, `INSERT INTO bulletin_subscriber (partnership_id, email, confirm_hash, confirm_expires_at, created_at)
			VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (partnership_id, email) DO UPDATE SET confirm_hash = excluded.confirm_hash, confirm_expires_at = excluded.confirm_expires_at
				WHERE bulletin_subscriber.confirmed_at IS NULL
			RETURNING id`, pid, email, secrets.Hash(secret), now.Add(ConfirmTTL), now).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			ev.Detail = "already subscribed: nothing sent"
			return ev, nil
		}
		if err != nil {
			return ev, fmt.Errorf("bulletins: subscribe: %w", err)
		}
		ev.ObjectID = id
		name, slug, err := partnershipOf(ctx, tx, pid)
		if err != nil {
			return ev, err
		}
		return ev, mail.Enqueue(ctx, tx, mail.Message{To: email, Subject: "Confirm your subscription to the " + name + " e-bulletin",
			Body: "Someone, we hope you, asked to receive the " + name + " monthly e-bulletin at this address.\n\n" +
				"To confirm, open this link (it works for 7 days):\n" + s.BaseURL + paths.BulletinConfirm(slug, secret) + "\n\n" +
				"If you did not ask, ignore this e-mail: you will not be subscribed and will hear nothing more.\n"})
	})
}

// Prune is housekeeping's: the throttle forgets the requests its windows no longer count (an
// address and a client's address are kept no longer than that), and the addresses that never
// confirmed are forgotten once their confirmation link has expired. now is the time it runs.
func Prune(ctx context.Context, db database.Querier, now time.Time) error {
	if _, err := db.Exec(ctx, `DELETE FROM bulletin_subscribe_request WHERE at < $1`, now.Add(-max(AddressWindow, ClientWindow))); err != nil {
		return fmt.Errorf("bulletins: prune requests: %w", err)
	}
	if _, err := db.Exec(ctx, `DELETE FROM bulletin_subscriber WHERE confirmed_at IS NULL AND confirm_expires_at < $1`, now); err != nil {
		return fmt.Errorf("bulletins: prune unconfirmed: %w", err)
	}
	return nil
}

// partnershipOf returns partnership pid's name and slug.
func partnershipOf(ctx context.Context, q database.Querier, pid int64) (name, slug string, err error) {
	err = q.QueryRow(ctx, `SELECT name, slug FROM partnership WHERE id = $1`, pid).Scan(&name, &slug)
	if err != nil {
		err = fmt.Errorf("bulletins: partnership: %w", err)
	}
	return name, slug, err
}

// CheckConfirmLink returns app.ErrBadLink unless secret is a live confirmation link of partnership
// pid: for showing the page the link leads to, which confirms only when its button is pressed.
func (s *Service) CheckConfirmLink(ctx context.Context, pid int64, secret string) error {
	return s.checkLink(ctx, `SELECT 1 FROM bulletin_subscriber WHERE partnership_id = $1 AND confirm_hash = $2 AND confirm_expires_at > $3`,
		pid, secrets.Hash(secret), s.Time())
}

// CheckUnsubscribeLink returns app.ErrBadLink unless secret is the unsubscribe link of a bulletin sent
// to a current subscriber of partnership pid.
func (s *Service) CheckUnsubscribeLink(ctx context.Context, pid int64, secret string) error {
	return s.checkLink(ctx, `SELECT 1 FROM bulletin_delivery d JOIN bulletin_subscriber b ON b.id = d.subscriber_id
		WHERE b.partnership_id = $1 AND d.token_hash = $2`, pid, secrets.Hash(secret))
}

func (s *Service) checkLink(ctx context.Context, sql string, args ...any) error {
	var one int
	err := s.DB.QueryRow(ctx, sql, args...).Scan(&one)
	if errors.Is(err, pgx.ErrNoRows) {
		return app.ErrBadLink
	}
	if err != nil {
		return fmt.Errorf("bulletins: link: %w", err)
	}
	return nil
}

// Confirm confirms the subscription whose live confirmation link holds secret: from the next
// bulletin on, the address receives it. A link works once.
func (s *Service) Confirm(ctx context.Context, a app.Actor, pid int64, secret string) error {
	return s.linkChange(ctx, a, pid, audit.BulletinConfirm, `UPDATE bulletin_subscriber SET confirmed_at = $3, confirm_hash = NULL, confirm_expires_at = NULL
		WHERE partnership_id = $1 AND confirm_hash = $2 AND confirm_expires_at > $3 RETURNING id`, secrets.Hash(secret), s.Time())
}

// Unsubscribe ends the subscription whose bulletin's unsubscribe link holds secret, without
// signing in: the address is forgotten, with the links of every bulletin sent to it.
func (s *Service) Unsubscribe(ctx context.Context, a app.Actor, pid int64, secret string) error {
	return s.linkChange(ctx, a, pid, audit.BulletinUnsubscribe, `DELETE FROM bulletin_subscriber b USING bulletin_delivery d
		WHERE b.partnership_id = $1 AND d.token_hash = $2 AND b.id = d.subscriber_id RETURNING b.id`, secrets.Hash(secret))
}

// linkChange runs sql (partnership $1, then args), which returns the subscriber's id, with its
// audit record; no row is app.ErrBadLink.
func (s *Service) linkChange(ctx context.Context, a app.Actor, pid int64, action audit.Action, sql string, args ...any) error {
	return app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		var id int64
		err := tx.QueryRow(ctx, sql, append([]any{pid}, args...)...).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			return app.Event{}, app.ErrBadLink
		}
		return app.Event{Action: action, ObjectType: "bulletin_subscriber", ObjectID: id, Partnership: pid}, err
	})
}

// Subscribers counts the partnership's confirmed subscribers and those waiting to confirm.
func (s *Service) Subscribers(ctx context.Context, pid int64) (confirmed, waiting int, err error) {
	err = s.DB.QueryRow(ctx, `SELECT count(*) FILTER (WHERE confirmed_at IS NOT NULL), count(*) FILTER (WHERE confirmed_at IS NULL)
		FROM bulletin_subscriber WHERE partnership_id = $1`, pid).Scan(&confirmed, &waiting)
	if err != nil {
		err = fmt.Errorf("bulletins: subscribers: %w", err)
	}
	return confirmed, waiting, err
}
