package partnership

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
)

// NewPartnership is what the system administrator gives to create a partnership: its address,
// its names, its area and its colour.
type NewPartnership struct {
	Slug      string
	Name      string
	ShortName string
	Area      string
	Colour    string
	// ContactEmail, FrontDoor and Facts are the demo's: a partnership created by its
	// administrator starts without them, and its business unit writes them in its settings.
	ContactEmail string
	FrontDoor    string
	Facts        []string
}

// Validate checks the new partnership in the order of the form and returns it cleaned up (slug
// and colour lower-cased, text trimmed), or an Invalid error naming each problem.
func (in NewPartnership) Validate() (NewPartnership, error) {
	var p app.Problems
	in.Slug = strings.ToLower(strings.TrimSpace(in.Slug))
	in.Name, in.ShortName, in.Area = strings.TrimSpace(in.Name), strings.TrimSpace(in.ShortName), strings.TrimSpace(in.Area)
	in.Colour = strings.ToLower(strings.TrimSpace(in.Colour))
	switch {
	case in.Slug == "":
		p.Add("slug", "Enter the partnership's web address, like north-yorkshire")
	case reservedSlugs[in.Slug]:
		p.Add("slug", fmt.Sprintf("%q is a word the portal uses for its own pages: choose another web address", in.Slug))
	case !ValidSlug(in.Slug):
		p.Add("slug", "The web address must be 40 characters or fewer: lower-case letters, digits and single hyphens, starting with a letter")
	}
	switch {
	case in.Name == "":
		p.Add("name", "Enter the partnership's full name")
	case len([]rune(in.Name)) > 200:
		p.Add("name", "The full name must be 200 characters or fewer")
	}
	switch {
	case in.ShortName == "":
		p.Add("short_name", "Enter the partnership's short name, like NYSCP")
	case len([]rune(in.ShortName)) > 20:
		p.Add("short_name", "The short name must be 20 characters or fewer")
	}
	if len([]rune(in.Area)) > 2000 {
		p.Add("area", "The area must be 2,000 characters or fewer")
	}
	switch {
	case in.Colour == "":
		in.Colour = "#1d70b8"
	case !colourPattern.MatchString(in.Colour):
		p.Add("colour", "Enter the colour as # and six hexadecimal digits, like #1d70b8")
	case contrastWithWhite(in.Colour) < 4.5:
		p.Add("colour", "Choose a darker colour: white text on it must have a contrast ratio of at least 4.5 to 1 (WCAG AA)")
	}
	return in, p.Err()
}

// Insert adds the partnership inside the caller's transaction and returns its id. A slug already
// used is an Invalid error on the slug. Its bodies come from EnsureStandardBodies.
func Insert(ctx context.Context, tx pgx.Tx, in NewPartnership) (int64, error) {
	facts := in.Facts
	if facts == nil {
		facts = []string{}
	}
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO partnership (slug, name, short_name, area, colour, contact_email, front_door, public_facts)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (slug) DO NOTHING RETURNING id`,
		in.Slug, in.Name, in.ShortName, in.Area, in.Colour, in.ContactEmail, in.FrontDoor, facts).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, app.InvalidField("slug", "Another partnership already has this web address: choose another")
	}
	if err != nil {
		return 0, fmt.Errorf("partnership: create: %w", err)
	}
	return id, nil
}

// StandardBodies are the bodies every partnership has under Working Together 2023, with the
// names it starts with; the business unit renames them as the partnership calls them.
var StandardBodies = []struct{ Kind, Name, Description string }{
	{"executive", "Executive", "The lead representatives of the statutory partners: scrutinises, challenges and decides."},
	{"engine_room", "Engine Room", "The partners' delegated officers: analyses themes, commissions learning and runs reviews."},
	{"business_unit", "Business Unit", "The partnership's staff, who run its work and this portal."},
	{"scrutiny", "Independent Scrutiny", "Independent scrutiny of the arrangements."},
	{"critical_friends", "Critical Friends Pool", "Independent people who run active learning with practitioners."},
}

// EnsureStandardBodies adds, inside the caller's transaction, a body of each standard kind the
// partnership has none of yet, and returns the first body of each kind by kind. A new partnership
// gets all five; the demo's, which name some of theirs from their published arrangements, get the
// rest. It is the one place a partnership's bodies come from.
func EnsureStandardBodies(ctx context.Context, tx pgx.Tx, partnershipID int64) (map[string]int64, error) {
	have := map[string]int64{}
	rows, err := tx.Query(ctx, `SELECT kind, min(id) FROM body WHERE partnership_id = $1 GROUP BY kind`, partnershipID)
	if err != nil {
		return nil, fmt.Errorf("partnership: bodies by kind: %w", err)
	}
	for rows.Next() {
		var kind string
		var id int64
		if err := rows.Scan(&kind, &id); err != nil {
			rows.Close()
			return nil, fmt.Errorf("partnership: bodies by kind: %w", err)
		}
		have[kind] = id
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("partnership: bodies by kind: %w", err)
	}
	for _, b := range StandardBodies {
		if have[b.Kind] != 0 {
			continue
		}
		id, err := SaveBody(ctx, tx, Body{PartnershipID: partnershipID, Name: b.Name, Kind: b.Kind, Description: b.Description})
		if err != nil {
			return nil, err
		}
		have[b.Kind] = id
	}
	return have, nil
}
