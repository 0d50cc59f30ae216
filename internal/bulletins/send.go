package bulletins

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/web/paths"
)

// newLinkSecret is, in SQL, a new unsubscribe link's secret: 32 bytes of pg_strong_random (two
// version-4 UUIDs) as 43 base64url characters, the shape of secrets.New, which the access
// log hides.
const newLinkSecret = `rtrim(translate(encode(uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()), 'base64'), '+/', '-_'), '=')`

// Send sends draft bulletin id, at version, once: under the bulletin's row lock it freezes what it
// carries, writes one outbox message per confirmed subscriber (each with an unsubscribe link of
// its own, stored hashed) and one delivery row each, in one set-based statement, and marks it
// sent, all in one transaction. A second send, by another click or another process, waits for
// the lock and then finds it sent. It returns how many subscribers it was sent to.
func (s *Service) Send(ctx context.Context, a app.Actor, pid, id int64, version int) (int, error) {
	var sent int
	err := app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: audit.BulletinSend, ObjectType: "bulletin", ObjectID: id, Partnership: pid}
		if err := lockDraft(ctx, tx, pid, id, version, "send", "changed this bulletin"); err != nil {
			return ev, err
		}
		b, err := get(ctx, tx, pid, id)
		if err != nil {
			return ev, err
		}
		name, slug, err := partnershipOf(ctx, tx, pid)
		if err != nil {
			return ev, err
		}
		items, err := Compose(ctx, tx, pid, slug, b.Month, s.Time())
		if err != nil {
			return ev, err
		}
		frozen, err := json.Marshal(items)
		if err != nil {
			return ev, err
		}
		head, tail := emailText(s.BaseURL, name, b, items)
		head = "Read it online: " + s.BaseURL + paths.Bulletin(slug, id) + "\n\n" + head + s.BaseURL + paths.BulletinUnsubscribe(slug, "")
		err = tx.QueryRow(ctx, `
			WITH r AS MATERIALIZED (
				SELECT id, email, `+newLinkSecret+` AS secret FROM bulletin_subscriber
				WHERE partnership_id = $1 AND confirmed_at IS NOT NULL
			), d AS (
				INSERT INTO bulletin_delivery (bulletin_id, subscriber_id, token_hash)
				SELECT $2, id, sha256(convert_to(secret, 'UTF8')) FROM r
			), o AS (
				INSERT INTO outbox (to_address, subject, body)
				SELECT email, $3, $4 || secret || $5 FROM r RETURNING 1
			)
			SELECT count(*) FROM o`, pid, id, b.Title, head, tail).Scan(&sent)
		if err != nil {
			return ev, fmt.Errorf("bulletins: send: %w", err)
		}
		_, err = tx.Exec(ctx, `UPDATE bulletin SET status = 'sent', items = $3, recipients = $4, sent_at = $5, sent_by = $6, version = version + 1
			WHERE partnership_id = $1 AND id = $2`, pid, id, frozen, sent, s.Time(), a.ID())
		ev.Detail = fmt.Sprintf("%d subscribers", sent)
		return ev, err
	})
	return sent, err
}
