// Package partnership models who belongs to which partnership: the partnerships themselves, their
// organisations (statutory partners and relevant agencies), their bodies (Executive, Engine Room,
// business unit, scrutiny, critical friends and others), memberships of those bodies, and the rota
// of partners chairing a body.
package partnership

import (
	"context"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // Europe/London on machines without a zone database

	"github.com/scp-portal/portal/internal/app"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/database"
)

// ErrNotFound means there is no such record in the partnership.
var ErrNotFound error = app.NotFoundError("partnership: not found")

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
	// YearStarts is the month (1 to 12) its reporting year starts in: April unless it set
	// another, as its budget and yearly report run.
	YearStarts int
	// SendWithin is the number of working days within which its published yearly report is due
	// at the national Panel and the What Works centre.
	SendWithin int
}

const partnershipColumns = `id, slug, name, short_name, area, contact_email, colour, front_door, public_facts, year_starts, send_within`

// slugPattern is what a partnership's URL segment may look like.
var slugPattern = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)

// reservedSlugs are first path segments the portal uses itself.
var reservedSlugs = map[string]bool{
	"static": true, "healthz": true, "readyz": true, "accessibility": true, "sign-in": true, "sign-out": true,
	"register": true, "verify-email": true, "forgot-password": true, "reset-password": true,
	"accept-invitation": true, "account": true, "admin": true, "api": true,
	"library": true, // the public library across partnerships (feat-pub)
}

// ValidSlug reports whether s can name a partnership in URLs.
func ValidSlug(s string) bool {
	return len(s) <= 40 && slugPattern.MatchString(s) && !reservedSlugs[s]
}

// BySlug returns the partnership with that slug.
func BySlug(ctx context.Context, q database.Querier, slug string) (Partnership, error) {
	return database.One[Partnership](ctx, q, ErrNotFound, "partnership: by slug", `SELECT `+partnershipColumns+` FROM partnership WHERE slug = $1`, slug)
}

// ByID returns the partnership with that id.
func ByID(ctx context.Context, q database.Querier, id int64) (Partnership, error) {
	return database.One[Partnership](ctx, q, ErrNotFound, "partnership: by id", `SELECT `+partnershipColumns+` FROM partnership WHERE id = $1`, id)
}

// List returns every partnership the installation hosts, by name.
func List(ctx context.Context, q database.Querier) ([]Partnership, error) {
	return database.All[Partnership](ctx, q, "partnership: list", `SELECT `+partnershipColumns+` FROM partnership ORDER BY name`)
}

// Priorities returns the partnership's priorities in their order.
func Priorities(ctx context.Context, q database.Querier, partnershipID int64) ([]string, error) {
	return database.Values[string](ctx, q, "partnership: priorities", `SELECT title FROM partnership_priority WHERE partnership_id = $1 ORDER BY position, id`, partnershipID)
}

// Today is the date in England, which decides whether a membership or rota entry is current.
func Today(now time.Time) time.Time { return app.Today(now) }

// domainPattern is what an e-mail domain looks like.
var domainPattern = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$`)

// SettingsInput is what the business unit changes of its partnership: its public details and
// its priorities.
type SettingsInput struct {
	Area         string
	ContactEmail string
	FrontDoor    string
	Colour       string
	Priorities   []string
	YearStarts   int // the month the reporting year starts in, 1 to 12
	SendWithin   int // working days to send a published yearly report to the Panel and What Works
	Version      int
}

// Months are the months a reporting year may start in, for the settings form.
var Months = func() app.Choices {
	cs := make(app.Choices, 0, 12)
	for m := time.January; m <= time.December; m++ {
		cs = append(cs, app.Choice{Value: strconv.Itoa(int(m)), Label: m.String()})
	}
	return cs
}()

var colourPattern = regexp.MustCompile(`^#[0-9a-f]{6}$`)

// Validate checks the settings, returning an Invalid error naming each problem.
func (in SettingsInput) Validate() error {
	var p app.Problems
	if len([]rune(in.Area)) > 2000 {
		p.Add("area", "The area must be 2,000 characters or fewer")
	}
	if e := strings.TrimSpace(in.ContactEmail); e != "" && (!strings.Contains(e, "@") || len(e) > 254 || strings.ContainsAny(e, " \r\n<>")) {
		p.Add("contact_email", "Enter an e-mail address in the correct format, like safeguarding@council.gov.uk")
	}
	if len([]rune(in.FrontDoor)) > 500 {
		p.Add("front_door", "The children's front door must be 500 characters or fewer")
	}
	switch {
	case !colourPattern.MatchString(in.Colour):
		p.Add("colour", "Enter the colour as # and six hexadecimal digits, like #1d70b8")
	case contrastWithWhite(in.Colour) < 4.5:
		p.Add("colour", "Choose a darker colour: white text on it must have a contrast ratio of at least 4.5 to 1 (WCAG AA)")
	}
	if in.YearStarts < 1 || in.YearStarts > 12 {
		p.Add("year_starts", "Choose the month the reporting year starts in")
	}
	if in.SendWithin < 1 || in.SendWithin > 30 {
		p.Add("send_within", "Enter the working days as a whole number from 1 to 30")
	}
	for _, prio := range in.Priorities {
		if len([]rune(prio)) > 200 {
			p.Add("priorities", "Each priority must be 200 characters or fewer")
			break
		}
	}
	return p.Err()
}

// SaveSettings changes the partnership's public details and priorities if it is still at version.
// Priorities keep their order; one removed from the list disappears from new forms, while themes
// and requests that named it keep its words.
func saveSettings(ctx context.Context, tx pgx.Tx, id int64, in SettingsInput) error {
	tag, err := tx.Exec(ctx, `UPDATE partnership SET area = $3, contact_email = $4, front_door = $5, colour = $6,
		year_starts = $7, send_within = $8, version = version + 1
		WHERE id = $1 AND version = $2`, id, in.Version, strings.TrimSpace(in.Area), strings.TrimSpace(in.ContactEmail),
		strings.TrimSpace(in.FrontDoor), in.Colour, in.YearStarts, in.SendWithin)
	if err != nil {
		return fmt.Errorf("partnership: save settings: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return ErrConflict
	}
	if _, err := tx.Exec(ctx, `DELETE FROM partnership_priority WHERE partnership_id = $1`, id); err != nil {
		return fmt.Errorf("partnership: save priorities: %w", err)
	}
	for i, p := range in.Priorities {
		if _, err := tx.Exec(ctx, `INSERT INTO partnership_priority (partnership_id, title, position) VALUES ($1, $2, $3)
			ON CONFLICT (partnership_id, title) DO NOTHING`, id, p, i); err != nil {
			return fmt.Errorf("partnership: save priorities: %w", err)
		}
	}
	return nil
}

// Version returns the partnership's version, for the settings form.
func Version(ctx context.Context, q database.Querier, id int64) (int, error) {
	var v int
	err := q.QueryRow(ctx, `SELECT version FROM partnership WHERE id = $1`, id).Scan(&v)
	return v, err
}

// contrastWithWhite is the WCAG contrast ratio of white text on colour (#rrggbb).
func contrastWithWhite(colour string) float64 {
	lum := 0.0
	for i, weight := range []float64{0.2126, 0.7152, 0.0722} {
		v, _ := strconv.ParseUint(colour[1+2*i:3+2*i], 16, 8)
		c := float64(v) / 255
		if c <= 0.03928 {
			c /= 12.92
		} else {
			c = math.Pow((c+0.055)/1.055, 2.4)
		}
		lum += weight * c
	}
	return 1.05 / (lum + 0.05)
}
