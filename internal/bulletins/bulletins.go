// Package bulletins holds the partnership's monthly e-bulletin: the business unit composes it from
// what the partnership published in the month (learning summaries of local CSPRs, new versions of
// its documents, and whatever else a Source adds) with words of its own, previews it and sends it
// once, through the outbox, to the subscribers who confirmed their address. Anyone may subscribe
// on a public page (double opt-in) and unsubscribe through the link in every bulletin without
// signing in; the archive of sent bulletins is public.
package bulletins

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
)

// ErrNotFound is a bulletin that does not exist in the partnership (or, to the public, one not
// yet sent).
var ErrNotFound = app.NotFoundError("bulletins: no such bulletin")

// Statuses are where a bulletin is: a draft is the business unit's; sent, it is in the archive.
var Statuses = app.Choices{{Value: "draft", Label: "Draft"}, {Value: "sent", Label: "Sent"}}

// Service composes, sends and lists bulletins and keeps their subscribers. The caller has asked
// the access policy first; subscribing and unsubscribing are public.
type Service struct {
	app.Env // the database, the portal's address and the clock
}

// Bulletin is one month's e-bulletin.
type Bulletin struct {
	ID            int64
	PartnershipID int64
	Title         string
	Month         time.Time // the first day of the month it covers
	Intro         string    // the business unit's words, Markdown
	Status        string
	Items         []Item // what it carried, frozen when sent; nil while a draft
	Recipients    int    // how many confirmed subscribers it was sent to
	SentAt        *time.Time
	Version       int
}

// Draft reports whether the bulletin has not been sent.
func (b Bulletin) Draft() bool { return b.Status == "draft" }

// Input is a bulletin's title, month and words as the form gives them.
type Input struct {
	Title   string
	Month   string // "2026-11"
	Intro   string
	Version int // the version edited; 0 for a new bulletin
}

// monthLayout is how a month travels in a form.
const monthLayout = "2006-01"

// Validate checks a bulletin, with messages in the form's order.
func (in Input) Validate() error {
	_, err := in.checked()
	return err
}

// checked validates in and returns the first day of the month it covers, read once.
func (in Input) checked() (time.Time, error) {
	var p app.Problems
	p.Words("title", in.Title, 200, "Enter the bulletin's title", "The title must be 200 characters or fewer")
	if !p.Has("title") && strings.ContainsAny(in.Title, "\r\n") {
		p.Add("title", "The title must be one line")
	}
	month, err := time.Parse(monthLayout, in.Month)
	if err != nil {
		p.Add("month", "Choose the month the bulletin covers")
	}
	p.Words("intro", in.Intro, 20000, "", "The introduction must be 20,000 characters or fewer")
	return month, p.Err()
}

// MonthValue is a month as the form gives it back.
func MonthValue(m time.Time) string { return m.Format(monthLayout) }

// MonthChoices are the months a bulletin may cover, latest first: the coming month and the
// twelve before it.
func MonthChoices(today time.Time) app.Choices {
	m := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 1, 0)
	cs := make(app.Choices, 0, 13)
	for i := 0; i < 13; i++ {
		cs = append(cs, app.Choice{Value: MonthValue(m), Label: m.Format("January 2006")})
		m = m.AddDate(0, -1, 0)
	}
	return cs
}

const bulletinSelect = `SELECT id, partnership_id, title, month, intro, status, coalesce(items, '[]'), recipients, sent_at, version FROM bulletin`

// scanBulletin reads a row of bulletinSelect.
func scanBulletin(row pgx.CollectableRow) (Bulletin, error) {
	var b Bulletin
	err := row.Scan(&b.ID, &b.PartnershipID, &b.Title, &b.Month, &b.Intro, &b.Status, &b.Items, &b.Recipients, &b.SentAt, &b.Version)
	if b.Status == "draft" {
		b.Items = nil
	}
	return b, err
}

// Get returns one of the partnership's bulletins, draft or sent, for the business unit.
func (s *Service) Get(ctx context.Context, pid, id int64) (Bulletin, error) {
	return get(ctx, s.DB, pid, id)
}

// get reads bulletin id through q (the pool, or the transaction that locked it).
func get(ctx context.Context, q database.Querier, pid, id int64) (Bulletin, error) {
	return database.OneWith(ctx, q, scanBulletin, ErrNotFound, "bulletins: bulletin", bulletinSelect+` WHERE partnership_id = $1 AND id = $2`, pid, id)
}

// Sent returns one of the partnership's sent bulletins, as the public archive shows it.
func (s *Service) Sent(ctx context.Context, pid, id int64) (Bulletin, error) {
	return database.OneWith(ctx, s.DB, scanBulletin, ErrNotFound, "bulletins: sent bulletin", bulletinSelect+` WHERE partnership_id = $1 AND id = $2 AND status = 'sent'`, pid, id)
}

// List returns page p of the partnership's bulletins, latest month first, drafts too.
func (s *Service) List(ctx context.Context, pid int64, p app.Page) (app.Paged[Bulletin], error) {
	rows, err := database.AllWith(ctx, s.DB, scanBulletin, "bulletins: list", bulletinSelect+` WHERE partnership_id = $1
		ORDER BY month DESC, id DESC LIMIT $2 OFFSET $3`, pid, p.Limit(), p.Offset())
	return app.PageOf(rows, p), err
}

// Archive returns page p of the partnership's sent bulletins, latest first: the public archive.
func (s *Service) Archive(ctx context.Context, pid int64, p app.Page) (app.Paged[Bulletin], error) {
	rows, err := database.AllWith(ctx, s.DB, scanBulletin, "bulletins: archive", bulletinSelect+` WHERE partnership_id = $1 AND status = 'sent'
		ORDER BY sent_at DESC, id DESC LIMIT $2 OFFSET $3`, pid, p.Limit(), p.Offset())
	return app.PageOf(rows, p), err
}

// Create starts a draft bulletin.
func (s *Service) Create(ctx context.Context, a app.Actor, pid int64, in Input) (int64, error) {
	month, err := in.checked()
	if err != nil {
		return 0, err
	}
	var id int64
	err = app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		err := tx.QueryRow(ctx, `INSERT INTO bulletin (partnership_id, title, month, intro, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			pid, strings.TrimSpace(in.Title), month, strings.TrimSpace(in.Intro), a.ID()).Scan(&id)
		return app.Event{Action: audit.BulletinCreate, ObjectType: "bulletin", ObjectID: id, Partnership: pid}, err
	})
	return id, err
}

// Save changes a draft bulletin if it is still at in.Version. A sent bulletin never changes.
func (s *Service) Save(ctx context.Context, a app.Actor, pid, id int64, in Input) error {
	month, err := in.checked()
	if err != nil {
		return err
	}
	return app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: audit.BulletinSave, ObjectType: "bulletin", ObjectID: id, Partnership: pid}
		if err := lockDraft(ctx, tx, pid, id, in.Version, "intro", "saved this bulletin"); err != nil {
			return ev, err
		}
		_, err := tx.Exec(ctx, `UPDATE bulletin SET title = $3, month = $4, intro = $5, version = version + 1 WHERE partnership_id = $1 AND id = $2`,
			pid, id, strings.TrimSpace(in.Title), month, strings.TrimSpace(in.Intro))
		return ev, err
	})
}

// ErrAlreadySent refuses a change to, or a second send of, a bulletin that has been sent.
var ErrAlreadySent = app.ConflictField("send", "This bulletin has already been sent: it is in the archive and is never sent again")

// lockDraft locks the draft bulletin id inside tx and checks it is still at version: one that does
// not exist is not found, one sent is refused, another version is stale (on field, what).
func lockDraft(ctx context.Context, tx pgx.Tx, pid, id int64, version int, field, what string) error {
	var status string
	var current int
	err := tx.QueryRow(ctx, `SELECT status, version FROM bulletin WHERE partnership_id = $1 AND id = $2 FOR UPDATE`, pid, id).Scan(&status, &current)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return ErrNotFound
	case err != nil:
		return err
	case status != "draft":
		return ErrAlreadySent
	case current != version:
		return app.Stale(field, what, "", current)
	}
	return nil
}
