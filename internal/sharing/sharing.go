// Package sharing is what partnerships share with each other (issue #12): a partnership agrees
// to share with another, and while both have agreed, the records either has chosen to share (a
// theme, a learning summary; a kind is a few lines here) are read by the other's members on its
// own pages. Nothing else crosses: every other page reads its own partnership's records only.
package sharing

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
	"github.com/scp-portal/portal/web/paths"
)

// ErrNotFound is a record that is not shared with the partnership asking, or does not exist.
var ErrNotFound = app.NotFoundError("shared record not found")

// Kind is a kind of record a partnership may share. A new kind adds its name to the
// shared_record_kind constraint in its migration and an entry to Kinds; a kind whose
// records are published shares a record by calling ShareIn in the transaction that publishes it.
type Kind struct {
	Name  string // shared_record.kind
	Slug  string // in addresses: /{slug}/shared/{Slug}/{id}
	Label string
	// Own is where the sharing partnership reads its own record of the kind.
	Own func(slug string, id int64) string
	// table holds the kind's records; columns selects a record's title and body (Markdown);
	// shareable is the condition on table a record meets to be shared (a learning summary once
	// signed off).
	table, columns, shareable string
}

// records selects (id, partnership_id, title, body) of the kind's records whose ids are in $1
// and that may be shared.
func (k Kind) records() string {
	return `SELECT id, partnership_id, ` + k.columns + ` FROM ` + k.table + ` WHERE id = ANY($1) AND ` + k.shareable
}

// readable is the SQL condition that the shared_record s names a record its kind may share: what
// a page of shared records is cut from, so that a page is whole.
var readable = func() string {
	var or []string
	for _, k := range Kinds {
		or = append(or, `(s.kind = '`+k.Name+`' AND EXISTS (SELECT 1 FROM `+k.table+` WHERE id = s.record_id AND `+k.shareable+`))`)
	}
	return "(" + strings.Join(or, " OR ") + ")"
}()

// Kinds are the kinds of record partnerships share.
var Kinds = []Kind{
	{Name: "theme", Slug: "themes", Label: "Theme", Own: paths.Theme,
		table: "theme", columns: "title, description", shareable: "true"},
	{Name: "learning_summary", Slug: "learning-summaries", Label: "Learning summary", Own: paths.Commission,
		table: "commission", columns: "title, findings", shareable: "status = 'signed_off'"},
	{Name: "course", Slug: "courses", Label: "Training course", Own: paths.TrainingCourse,
		table: "training_course", columns: "title, CASE WHEN audience = '' THEN description ELSE 'For: ' || audience || E'\n\n' || description END",
		shareable: "true"},
}

// KindBySlug returns the kind named in an address.
func KindBySlug(slug string) (Kind, bool) {
	for _, k := range Kinds {
		if k.Slug == slug {
			return k, true
		}
	}
	return Kind{}, false
}

func kindNamed(name string) (Kind, bool) {
	for _, k := range Kinds {
		if k.Name == name {
			return k, true
		}
	}
	return Kind{}, false
}

// Record is a shared record as another partnership reads it.
type Record struct {
	Kind     Kind
	ID       int64
	From     string // the short name of the partnership that shares it
	Title    string
	Body     string // Markdown
	SharedAt time.Time
}

// content is a record's own fields, as its kind reads them.
type content struct {
	ID, PartnershipID int64
	Title, Body       string
}

// inForce is the SQL condition that the owner (the expression owner) and the partnership $1
// have both agreed to share with each other.
func inForce(owner string) string {
	return `EXISTS (SELECT 1 FROM partnership_share a WHERE a.partnership_id = ` + owner + ` AND a.with_partnership_id = $1)
		AND EXISTS (SELECT 1 FROM partnership_share b WHERE b.partnership_id = $1 AND b.with_partnership_id = ` + owner + `)`
}

// sharedRow is a row of shared_record as a reader sees it.
type sharedRow struct {
	Kind     string
	RecordID int64
	From     string
	SharedAt time.Time
}

// Service reads and changes what partnerships share. The caller has asked the access policy.
type Service struct {
	app.Env
}

// SharedWith returns page p of what partnerships in agreement with partnershipID share with it,
// newest first: one query for the page and one per kind on it. A record no longer shareable (a
// learning summary reopened) is left out before the page is cut, so every page but the last is
// full.
func (s *Service) SharedWith(ctx context.Context, partnershipID int64, p app.Page) (app.Paged[Record], error) {
	rows, err := database.All[sharedRow](ctx, s.DB, "sharing: shared with", `
		SELECT s.kind, s.record_id, o.short_name, s.shared_at
		FROM partnership_share mine
		JOIN partnership_share theirs ON theirs.partnership_id = mine.with_partnership_id AND theirs.with_partnership_id = $1
		JOIN shared_record s ON s.partnership_id = theirs.partnership_id
		JOIN partnership o ON o.id = s.partnership_id
		WHERE mine.partnership_id = $1 AND `+readable+`
		ORDER BY s.shared_at DESC, s.kind, s.record_id LIMIT $2 OFFSET $3`, partnershipID, p.Limit(), p.Offset())
	if err != nil {
		return app.Paged[Record]{}, err
	}
	records, err := s.fill(ctx, rows)
	return app.PageOf(records, p), err
}

// fill reads the records of rows, kind by kind, keeping the rows' order; a record its kind no
// longer shares (a theme deleted) is left out.
func (s *Service) fill(ctx context.Context, rows []sharedRow) ([]Record, error) {
	byKind := map[string][]int64{}
	for _, r := range rows {
		byKind[r.Kind] = append(byKind[r.Kind], r.RecordID)
	}
	found := map[string]content{}
	for _, k := range Kinds {
		if len(byKind[k.Name]) == 0 {
			continue
		}
		cs, err := database.All[content](ctx, s.DB, "sharing: "+k.Name, k.records(), byKind[k.Name])
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			found[k.Name+":"+strconv.FormatInt(c.ID, 10)] = c
		}
	}
	records := make([]Record, 0, len(rows))
	for _, r := range rows {
		c, ok := found[r.Kind+":"+strconv.FormatInt(r.RecordID, 10)]
		k, known := kindNamed(r.Kind)
		if ok && known {
			records = append(records, Record{Kind: k, ID: r.RecordID, From: r.From, Title: c.Title, Body: c.Body, SharedAt: r.SharedAt})
		}
	}
	return records, nil
}

// SharedRecord returns record id of kind when a partnership in agreement with partnershipID
// shares it; ErrNotFound otherwise (the partnership's own records included: they are read on
// their own pages).
func (s *Service) SharedRecord(ctx context.Context, partnershipID int64, k Kind, id int64) (Record, error) {
	rows, err := database.All[sharedRow](ctx, s.DB, "sharing: shared record", `
		SELECT s.kind, s.record_id, o.short_name, s.shared_at
		FROM shared_record s JOIN partnership o ON o.id = s.partnership_id
		WHERE s.kind = $2 AND s.record_id = $3 AND s.partnership_id <> $1 AND `+inForce("s.partnership_id"),
		partnershipID, k.Name, id)
	if err != nil {
		return Record{}, err
	}
	records, err := s.fill(ctx, rows)
	if err != nil || len(records) == 0 {
		return Record{}, errors.Join(err, ErrNotFound)
	}
	return records[0], nil
}

// IsShared reports whether the partnership shares its record id of kind k.
func (s *Service) IsShared(ctx context.Context, partnershipID int64, k Kind, id int64) (bool, error) {
	var shared bool
	err := s.DB.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM shared_record WHERE kind = $1 AND record_id = $2 AND partnership_id = $3)`,
		k.Name, id, partnershipID).Scan(&shared)
	if err != nil {
		return false, fmt.Errorf("sharing: is shared: %w", err)
	}
	return shared, nil
}

// Share shares (or, with share false, stops sharing) the partnership's record id of kind k with
// every partnership it has agreed with, with its audit record. A record the partnership does not
// have, or that may not be shared yet (a learning summary before sign-off), is not found.
func (s *Service) Share(ctx context.Context, a app.Actor, k Kind, id int64, share bool) error {
	return app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: audit.RecordShare, ObjectType: k.Name, ObjectID: id}
		if !share {
			ev.Action = audit.RecordUnshare
			return ev, database.Exec(ctx, tx, ErrNotFound, "sharing: stop sharing",
				`DELETE FROM shared_record WHERE kind = $1 AND record_id = $2 AND partnership_id = $3`, k.Name, id, a.Partnership)
		}
		return ev, ShareIn(ctx, tx, a.Partnership, k, id, a.UserID, s.Time())
	})
}

// ShareIn shares the partnership's record id of kind k inside the caller's transaction (which
// records it): for a kind whose records are shared when published. Sharing a record again
// changes nothing; one the partnership does not have, or that may not be shared, is ErrNotFound.
func ShareIn(ctx context.Context, tx pgx.Tx, partnershipID int64, k Kind, id, by int64, at time.Time) error {
	c, err := database.All[content](ctx, tx, "sharing: "+k.Name, k.records(), []int64{id})
	if err != nil {
		return err
	}
	if len(c) == 0 || c[0].PartnershipID != partnershipID {
		return ErrNotFound
	}
	_, err = tx.Exec(ctx, `INSERT INTO shared_record (kind, record_id, partnership_id, shared_by, shared_at)
		VALUES ($1, $2, $3, NULLIF($4, 0), $5) ON CONFLICT (kind, record_id) DO NOTHING`, k.Name, id, partnershipID, by, at)
	if err != nil {
		return fmt.Errorf("sharing: share: %w", err)
	}
	return nil
}

// Agree records the acting partnership's agreement to share with partnership with (or, with
// agree false, withdraws it), with its audit record. Sharing is in force while both have agreed.
func (s *Service) Agree(ctx context.Context, a app.Actor, with int64, agree bool) error {
	if with == a.Partnership {
		return app.InvalidField("partnership", "Choose another partnership")
	}
	return app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: audit.SharingAgree, ObjectType: "partnership", ObjectID: with}
		if !agree {
			ev.Action = audit.SharingWithdraw
			_, err := tx.Exec(ctx, `DELETE FROM partnership_share WHERE partnership_id = $1 AND with_partnership_id = $2`, a.Partnership, with)
			return ev, err
		}
		return ev, AgreeIn(ctx, tx, a.Partnership, with, a.UserID, s.Time())
	})
}

// AgreeIn records partnership's agreement to share with partnership with, inside the caller's
// transaction; agreeing again changes nothing.
func AgreeIn(ctx context.Context, tx pgx.Tx, partnership, with, by int64, at time.Time) error {
	_, err := tx.Exec(ctx, `INSERT INTO partnership_share (partnership_id, with_partnership_id, agreed_by, agreed_at)
		VALUES ($1, $2, NULLIF($3, 0), $4) ON CONFLICT DO NOTHING`, partnership, with, by, at)
	if err != nil {
		if app.IsForeignKeyViolation(err) {
			return ErrNotFound
		}
		return fmt.Errorf("sharing: agree: %w", err)
	}
	return nil
}

// Agreement is another partnership and whether each side has agreed to share with the other.
type Agreement struct {
	PartnershipID int64
	Name          string
	Ours, Theirs  bool
	InForce       bool // both have agreed
}

// Agreements lists every other partnership of the installation (bounded: England has about 150)
// by name, with whether the partnership and it have agreed to share with each other.
func (s *Service) Agreements(ctx context.Context, partnershipID int64) ([]Agreement, error) {
	return database.AllWith(ctx, s.DB, func(row pgx.CollectableRow) (Agreement, error) {
		var a Agreement
		err := row.Scan(&a.PartnershipID, &a.Name, &a.Ours, &a.Theirs)
		a.InForce = a.Ours && a.Theirs
		return a, err
	}, "sharing: agreements", `
		SELECT p.id, p.name,
		       EXISTS (SELECT 1 FROM partnership_share WHERE partnership_id = $1 AND with_partnership_id = p.id),
		       EXISTS (SELECT 1 FROM partnership_share WHERE partnership_id = p.id AND with_partnership_id = $1)
		FROM partnership p WHERE p.id <> $1 ORDER BY p.name LIMIT 500`, partnershipID)
}
