package meetings

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/workdays"
)

// Partner is one of the partnership's statutory partners (a local authority, the health board or
// integrated care board, the police), who alone take the chair in turn and whose presence makes a
// meeting quorate.
type Partner struct {
	ID   int64
	Name string
}

// StatutoryPartners returns the partnership's statutory partners, by name.
func StatutoryPartners(ctx context.Context, q database.Querier, partnershipID int64) ([]Partner, error) {
	return database.All[Partner](ctx, q, "meetings: statutory partners", `SELECT id, name FROM organisation
		WHERE partnership_id = $1 AND statutory_role <> '' ORDER BY lower(name), id`, partnershipID)
}

// Representation is whether one statutory partner was represented at a meeting.
type Representation struct {
	OrganisationID int64
	Name           string
	Represented    bool
}

// representation returns, for each statutory partner, whether it was represented at the meeting:
// the rule is the view meeting_representation's, which the list of meetings reads too.
func representation(ctx context.Context, q database.Querier, meetingID int64) ([]Representation, error) {
	return database.All[Representation](ctx, q, "meetings: representation", `SELECT organisation_id, name, represented
		FROM meeting_representation WHERE meeting_id = $1 ORDER BY lower(name), organisation_id`, meetingID)
}

// chairOf returns the statutory partner chairing a meeting of b held on heldOn (nil for the
// independent chair, or when the rota names nobody on the day): the one named, or the one whose
// turn it is on the body's rota.
func chairOf(ctx context.Context, tx pgx.Tx, b Body, chair string, heldOn time.Time) (*int64, error) {
	var id int64
	switch chair {
	case ChairIndependent:
		return nil, nil
	case ChairByRota, "":
		err := tx.QueryRow(ctx, `SELECT organisation_id FROM chair_rota WHERE body_id = $1 AND starts_on <= $2 AND ends_on >= $2
			ORDER BY starts_on DESC LIMIT 1`, b.ID, heldOn).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil, nil
		}
		if err != nil {
			return nil, fmt.Errorf("meetings: chair rota: %w", err)
		}
		return &id, nil
	}
	id, err := strconv.ParseInt(chair, 10, 64)
	if err != nil {
		return nil, errNotAPartner
	}
	if err := database.Exec(ctx, tx, errNotAPartner, "meetings: chair", `SELECT 1 FROM organisation
		WHERE id = $1 AND partnership_id = $2 AND statutory_role <> ''`, id, b.PartnershipID); err != nil {
		return nil, err
	}
	return &id, nil
}

// errNotAPartner refuses a chair who is not one of the partnership's statutory partners.
var errNotAPartner = app.InvalidField("chair", "Choose who chaired the meeting from the list")

// ReleaseDay is the day a meeting's papers reach the members: days working days before the
// meeting (the day of the meeting itself not counted).
func ReleaseDay(cal *workdays.Calendar, heldOn time.Time, days int) time.Time {
	d := workdays.Day(heldOn)
	for n := 0; n < days; {
		d = d.AddDate(0, 0, -1)
		if cal.IsWorkingDay(d) {
			n++
		}
	}
	return d
}

// Viewer is what the access policy lets a reader of a meeting see beyond its outline.
type Viewer struct {
	Confidential bool // confidential items, and the decisions settling them
	Planner      bool // the papers before they are released to the members
}

// For returns the meeting as v may see it on today: before the papers are released a reader who
// is not a planner sees no agenda item; a reader who may not see confidential items sees each
// withheld, and no decision taken on one.
func (d Detail) For(v Viewer, today time.Time) Detail {
	out := d
	out.Sections = make([]Section, len(d.Sections))
	withheld := map[int64]bool{}
	for i, sec := range d.Sections {
		out.Sections[i] = Section{Kind: sec.Kind}
		if !v.Planner && today.Before(d.PapersOn) {
			out.PapersWithheld = true
			continue
		}
		for _, it := range sec.Items {
			if it.Confidential && !v.Confidential {
				withheld[it.ID] = true
				it = Item{ID: it.ID, Kind: it.Kind, Confidential: true, Withheld: true}
			}
			out.Sections[i].Items = append(out.Sections[i].Items, it)
		}
	}
	out.Resolutions = nil
	for _, r := range d.Resolutions {
		if (r.Confidential && !v.Confidential) || out.PapersWithheld {
			continue
		}
		out.Resolutions = append(out.Resolutions, r)
	}
	return out
}
