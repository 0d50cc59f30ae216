package notices

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/mail"
	"github.com/scp-portal/portal/web/paths"
)

// Service reads and saves a person's choices and sends the daily digests.
type Service struct{ app.Env }

// Preference is how the person gets one kind of notice.
type Preference struct {
	Kind     Kind
	Delivery Delivery
}

// Preferences returns the acting person's choice for every kind, in the order of Kinds.
func (s *Service) Preferences(ctx context.Context, a app.Actor) ([]Preference, error) {
	rows, err := database.All[Preference](ctx, s.DB, "notices: preferences",
		`SELECT kind, delivery FROM notice_preference WHERE user_id = $1`, a.UserID)
	if err != nil {
		return nil, err
	}
	chosen := map[Kind]Delivery{}
	for _, r := range rows {
		chosen[r.Kind] = r.Delivery
	}
	out := make([]Preference, 0, len(Kinds))
	for _, k := range Kinds {
		d := chosen[k]
		if d == "" {
			d = Now
		}
		out = append(out, Preference{Kind: k, Delivery: d})
	}
	return out, nil
}

// Field names the question of a kind on the preferences form.
func Field(k Kind) string { return "kind-" + string(k) }

// Validate checks every kind has a choice it allows, with messages in the page's order.
func Validate(prefs []Preference) error {
	var p app.Problems
	for _, pr := range prefs {
		allowed := Deliveries
		if pr.Kind.Statutory() {
			allowed = StatutoryDeliveries
		}
		if !Known(pr.Kind) {
			continue
		}
		if !allowed.Has(string(pr.Delivery)) {
			msg := "Choose how you want to hear that " + strings.ToLower(pr.Kind.Label()[:1]) + pr.Kind.Label()[1:]
			if pr.Kind.Statutory() && pr.Delivery == None {
				msg = "This notice has a statutory deadline, so it cannot be switched off: choose at once or a daily digest"
			}
			p.Add(Field(pr.Kind), msg)
		}
	}
	return p.Err()
}

// SavePreferences stores the acting person's choices, one per kind; the audit record names the
// kinds changed, never anything else.
func (s *Service) SavePreferences(ctx context.Context, a app.Actor, prefs []Preference) error {
	if err := Validate(prefs); err != nil {
		return err
	}
	return app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		var changed []string
		for _, pr := range prefs {
			if !Known(pr.Kind) {
				continue
			}
			tag, err := tx.Exec(ctx, `INSERT INTO notice_preference (user_id, kind, delivery) VALUES ($1, $2, $3)
				ON CONFLICT (user_id, kind) DO UPDATE SET delivery = EXCLUDED.delivery
				WHERE notice_preference.delivery <> EXCLUDED.delivery`, a.UserID, string(pr.Kind), string(pr.Delivery))
			if err != nil {
				return app.Event{}, fmt.Errorf("notices: save preferences: %w", err)
			}
			if tag.RowsAffected() > 0 {
				changed = append(changed, string(pr.Kind)+"="+string(pr.Delivery))
			}
		}
		return app.Event{Action: audit.NoticePreferences, ObjectType: "user", ObjectID: a.UserID, Detail: strings.Join(changed, " ")}, nil
	})
}

// DigestHour is the hour of the day, in England, from which the day's digests go out.
const DigestHour = 7

// digestBatch bounds the people one run of the digest job serves; the next run serves the rest.
const digestBatch = 200

// SendDigests sends each person with notices waiting their digest for today, once: the digest is
// recorded by (person, day) in the transaction that queues its e-mail and takes the waiting
// notices, so any number of processes running this at once send each digest once. Before
// DigestHour it sends nothing. It returns how many digests it queued.
func SendDigests(ctx context.Context, db database.Beginner, now time.Time, base string) (int, error) {
	if now.In(app.London).Hour() < DigestHour {
		return 0, nil
	}
	today := app.Today(now)
	people, err := database.Values[int64](ctx, db, "notices: digests due", `
		SELECT DISTINCT p.user_id FROM notice_pending p
		WHERE NOT EXISTS (SELECT 1 FROM notice_digest d WHERE d.user_id = p.user_id AND d.day = $1)
		ORDER BY p.user_id LIMIT $2`, today, digestBatch)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, id := range people {
		err := database.InTx(ctx, db, func(tx pgx.Tx) error { return sendDigest(ctx, tx, id, today, base) })
		switch {
		case errors.Is(err, errAlreadySent):
		case err != nil:
			return sent, err
		default:
			sent++
		}
	}
	return sent, nil
}

var errAlreadySent = errors.New("notices: digest already sent")

type pending struct {
	Kind    Kind
	Subject string
	Link    string
}

// sendDigest queues person id's digest for day in tx, or returns errAlreadySent.
func sendDigest(ctx context.Context, tx pgx.Tx, id int64, day time.Time, base string) error {
	tag, err := tx.Exec(ctx, `INSERT INTO notice_digest (user_id, day, items) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING`, id, day)
	if err != nil {
		return fmt.Errorf("notices: digest: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return errAlreadySent
	}
	items, err := database.All[pending](ctx, tx, "notices: digest items", `
		DELETE FROM notice_pending WHERE id IN (SELECT id FROM notice_pending WHERE user_id = $1 ORDER BY id LIMIT 100 FOR UPDATE SKIP LOCKED)
		RETURNING kind, subject, link`, id)
	if err != nil || len(items) == 0 {
		return err
	}
	var email string
	if err := tx.QueryRow(ctx, `SELECT email FROM app_user WHERE id = $1 AND status = 'active'`, id).Scan(&email); errors.Is(err, pgx.ErrNoRows) {
		return nil // the account was disabled: its notices go with it
	} else if err != nil {
		return fmt.Errorf("notices: digest: %w", err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Here is what happened in the portal for you since your last digest (%d).\n", len(items))
	for _, it := range items {
		fmt.Fprintf(&b, "\n- %s\n  %s\n", it.Subject, it.Link)
	}
	fmt.Fprintf(&b, "\nYou can choose how you get these e-mails: %s%s\n", base, paths.NoticePreferences())
	if _, err := tx.Exec(ctx, `UPDATE notice_digest SET items = $3 WHERE user_id = $1 AND day = $2`, id, day, len(items)); err != nil {
		return fmt.Errorf("notices: digest: %w", err)
	}
	return mail.Enqueue(ctx, tx, mail.Message{To: email, Subject: fmt.Sprintf("Your daily digest: %d notices", len(items)), Body: b.String()})
}
