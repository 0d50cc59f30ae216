package signoff

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
)

// Service records who signs for each statutory partner: its lead representative, and the
// delegates a lead representative names. The caller has asked the access policy first.
type Service struct {
	app.Env
}

// ErrNoSuchPartner means the organisation is not one of the partnership's statutory partners.
var ErrNoSuchPartner = app.InvalidField("lead_organisation", "Choose one of the partnership's statutory partners")

// SetLeadRepresentative names person as the lead representative of a statutory partner
// organisation of the actor's partnership.
func (s *Service) SetLeadRepresentative(ctx context.Context, a app.Actor, organisationID, person int64) error {
	return app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: audit.LeadRepresentative, ObjectType: "organisation", ObjectID: organisationID}
		err := database.Exec(ctx, tx, ErrNoSuchPartner, "signoff: lead representative", `UPDATE organisation SET lead_representative_id = $3
			WHERE partnership_id = $1 AND id = $2 AND statutory_role <> ''`, a.Partnership, organisationID, person)
		return ev, app.OnForeignKey(err, "lead_person", "Choose a person of the partnership")
	})
}

// DelegateInput is a lead representative naming someone to sign off in their stead, from a day
// and, optionally, until the day before Until.
type DelegateInput struct {
	OrganisationID int64
	Person         int64
	From           time.Time
	Until          *time.Time
}

// NameDelegate records a delegation. Only the organisation's lead representative names its
// delegates (the actor), and not themselves.
func (s *Service) NameDelegate(ctx context.Context, a app.Actor, in DelegateInput) error {
	var p app.Problems
	if in.Person == a.UserID {
		p.Add("person", "Choose someone other than yourself")
	}
	if in.Until != nil && !in.Until.After(in.From) {
		p.Add("until-day", "The end must be after the start")
	}
	if err := p.Err(); err != nil {
		return err
	}
	return app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: audit.SignOffDelegate, ObjectType: "organisation", ObjectID: in.OrganisationID}
		var lead bool
		err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM organisation WHERE partnership_id = $1 AND id = $2 AND lead_representative_id = $3)`,
			a.Partnership, in.OrganisationID, a.UserID).Scan(&lead)
		if err != nil {
			return ev, err
		}
		if !lead {
			return ev, ErrNotSigner
		}
		_, err = tx.Exec(ctx, `INSERT INTO signoff_delegate (partnership_id, organisation_id, user_id, named_by, starts_on, ends_on)
			VALUES ($1, $2, $3, $4, $5, $6)`, a.Partnership, in.OrganisationID, in.Person, a.UserID, in.From, in.Until)
		return ev, app.OnForeignKey(err, "person", "Choose a person of the partnership")
	})
}

// Person is someone who may be named to sign for a partner: a current member of the Executive
// or the Engine Room, where the partners' senior officers sit.
type Person struct {
	ID           int64
	Name         string
	Organisation string
}

// maxCandidates bounds the people offered: the members of two bodies.
const maxCandidates = 200

// Overview is who signs for each statutory partner, the people who may be named, and the
// partners the person asking leads (whose delegates they name).
type Overview struct {
	Partners   []Representatives
	Candidates []Person
	Leads      []Representatives
}

// Overview returns who signs for the partnership's statutory partners, in two queries.
func (s *Service) Overview(ctx context.Context, partnershipID, person int64) (Overview, error) {
	var o Overview
	var err error
	if o.Partners, err = PartnersOf(ctx, s.DB, partnershipID, s.Today()); err != nil {
		return o, err
	}
	for _, p := range o.Partners {
		if p.LeadID != nil && *p.LeadID == person {
			o.Leads = append(o.Leads, p)
		}
	}
	o.Candidates, err = database.All[Person](ctx, s.DB, "signoff: candidates", `
		SELECT DISTINCT ON (lower(u.name), u.id) u.id, u.name, coalesce(o.name, '')
		FROM body b JOIN membership m ON m.body_id = b.id JOIN app_user u ON u.id = m.user_id
		LEFT JOIN organisation o ON o.id = u.organisation_id
		WHERE b.partnership_id = $1 AND b.kind IN ('executive', 'engine_room') AND u.status = 'active'
		  AND m.starts_on <= $2 AND (m.ends_on IS NULL OR m.ends_on > $2)
		ORDER BY lower(u.name), u.id LIMIT $3`, partnershipID, s.Today(), maxCandidates)
	return o, err
}
