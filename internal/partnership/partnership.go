// Package partnership models who belongs to which partnership: the partnerships themselves, their
// organisations (statutory partners and relevant agencies), their bodies (Executive, Engine Room,
// business unit, scrutiny, critical friends and others), memberships of those bodies, and the rota
// of partners chairing a body.
package partnership

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"time"
	_ "time/tzdata" // Europe/London on machines without a zone database

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/database"
)

// ErrNotFound means there is no such record in the partnership.
var ErrNotFound = errors.New("partnership: not found")

// ErrConflict means the record changed since the person loaded it: their save is refused so that
// nothing is overwritten.
var ErrConflict = errors.New("partnership: changed by someone else")

// Partnership is a statutory safeguarding arrangement for an area.
type Partnership struct {
	ID           int64
	Slug         string
	Name         string
	ShortName    string
	Area         string
	ContactEmail string
	Colour       string
	FrontDoor    string
	PublicFacts  []string
}

const partnershipColumns = `id, slug, name, short_name, area, contact_email, colour, front_door, public_facts`

// slugPattern is what a partnership's URL segment may look like.
var slugPattern = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)

// reservedSlugs are first path segments the portal uses itself.
var reservedSlugs = map[string]bool{
	"static": true, "healthz": true, "readyz": true, "accessibility": true, "sign-in": true, "sign-out": true,
	"register": true, "verify-email": true, "forgot-password": true, "reset-password": true,
	"accept-invitation": true, "account": true, "admin": true, "api": true,
}

// ValidSlug reports whether s can name a partnership in URLs.
func ValidSlug(s string) bool {
	return len(s) <= 40 && slugPattern.MatchString(s) && !reservedSlugs[s]
}

// BySlug returns the partnership with that slug.
func BySlug(ctx context.Context, q database.Querier, slug string) (Partnership, error) {
	rows, err := q.Query(ctx, `SELECT `+partnershipColumns+` FROM partnership WHERE slug = $1`, slug)
	if err != nil {
		return Partnership{}, fmt.Errorf("partnership: by slug: %w", err)
	}
	p, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByPos[Partnership])
	if errors.Is(err, pgx.ErrNoRows) {
		return Partnership{}, ErrNotFound
	}
	if err != nil {
		return Partnership{}, fmt.Errorf("partnership: by slug: %w", err)
	}
	return p, nil
}

// ByID returns the partnership with that id.
func ByID(ctx context.Context, q database.Querier, id int64) (Partnership, error) {
	rows, err := q.Query(ctx, `SELECT `+partnershipColumns+` FROM partnership WHERE id = $1`, id)
	if err != nil {
		return Partnership{}, fmt.Errorf("partnership: by id: %w", err)
	}
	p, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByPos[Partnership])
	if errors.Is(err, pgx.ErrNoRows) {
		return Partnership{}, ErrNotFound
	}
	if err != nil {
		return Partnership{}, fmt.Errorf("partnership: by id: %w", err)
	}
	return p, nil
}

// List returns every partnership the installation hosts, by name.
func List(ctx context.Context, q database.Querier) ([]Partnership, error) {
	rows, err := q.Query(ctx, `SELECT `+partnershipColumns+` FROM partnership ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("partnership: list: %w", err)
	}
	ps, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Partnership])
	if err != nil {
		return nil, fmt.Errorf("partnership: list: %w", err)
	}
	return ps, nil
}

// Priorities returns the partnership's priorities in their order.
func Priorities(ctx context.Context, q database.Querier, partnershipID int64) ([]string, error) {
	rows, err := q.Query(ctx, `SELECT title FROM partnership_priority WHERE partnership_id = $1 ORDER BY position, id`, partnershipID)
	if err != nil {
		return nil, fmt.Errorf("partnership: priorities: %w", err)
	}
	ps, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("partnership: priorities: %w", err)
	}
	return ps, nil
}

// Today is the date in England, which decides whether a membership or rota entry is current.
func Today(now time.Time) time.Time {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		loc = time.UTC
	}
	y, m, d := now.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// domainPattern is what an e-mail domain looks like.
var domainPattern = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$`)
