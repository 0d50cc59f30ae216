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
var ErrNoSuchPartner = app.InvalidField("organisation", "Choose one of the partnership's statutory partners")

// SetLeadRepresentative names person as the lead representative of a statutory partner
// organisation of the actor's partnership.
func (s *Service) SetLeadRepresentative(ctx context.Context, a app.Actor, organisationID, person int64) error {
	return app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: audit.LeadRepresentative, ObjectType: "organisation", ObjectID: organisationID}
		err := database.Exec(ctx, tx, ErrNoSuchPartner, "signoff: lead representative", `UPDATE organisation SET lead_representative_id = $3
			WHERE partnership_id = $1 AND id = $2 AND statutory_role <> ''`, a.Partnership, organisationID, person)
		return ev, app.OnForeignKey(err, "person", "Choose a person of the partnership")
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
