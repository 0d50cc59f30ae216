package partnership

import (
	"context"
	"errors"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
)

// Service reads and changes a partnership's own records. Every change validates its input, then
// in one transaction makes the change and writes its audit record (app.Change). The caller has
// asked the access policy first.
type Service struct {
	app.Env // the database and the clock
}

// Organisations returns the partnership's organisations: statutory partners first, then by name.
func (s *Service) Organisations(ctx context.Context, partnershipID int64) ([]Organisation, error) {
	return Organisations(ctx, s.DB, partnershipID)
}

// Organisation returns one of the partnership's organisations.
func (s *Service) Organisation(ctx context.Context, partnershipID, id int64) (Organisation, error) {
	return OrganisationByID(ctx, s.DB, partnershipID, id)
}

// SaveOrganisation adds an organisation (in.ID 0) or changes one that is still at in.Version.
func (s *Service) SaveOrganisation(ctx context.Context, a app.Actor, in OrganisationInput) (Organisation, error) {
	o, err := in.Validate()
	if err != nil {
		return o, err
	}
	action := audit.OrganisationCreate
	if o.ID != 0 {
		action = audit.OrganisationUpdate
	}
	err = app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		id, err := SaveOrganisation(ctx, tx, o)
		if err != nil {
			return app.Event{}, err
		}
		o.ID = id
		return app.Event{Action: action, ObjectType: "organisation", ObjectID: id, Detail: string(o.Category)}, nil
	})
	switch {
	case errors.Is(err, ErrDuplicate):
		return o, app.InvalidField("name", "The partnership already has an organisation with this name")
	case errors.Is(err, ErrConflict):
		current, lerr := OrganisationByID(ctx, s.DB, o.PartnershipID, o.ID)
		if lerr != nil {
			return o, lerr
		}
		return o, app.Stale("name", "changed this organisation", "it is now "+current.Name, current.Version)
	}
	return o, err
}

// Settings returns what the business unit may change of its partnership: its public details,
// its priorities and the version they are at.
func (s *Service) Settings(ctx context.Context, p Partnership) (SettingsInput, error) {
	prios, err := Priorities(ctx, s.DB, p.ID)
	if err != nil {
		return SettingsInput{}, err
	}
	version, err := Version(ctx, s.DB, p.ID)
	if err != nil {
		return SettingsInput{}, err
	}
	return SettingsInput{Area: p.Area, ContactEmail: p.ContactEmail, FrontDoor: p.FrontDoor, Colour: p.Colour,
		Priorities: prios, YearStarts: p.YearStarts, SendWithin: p.SendWithin, Version: version}, nil
}

// SaveSettings changes the partnership's public details and priorities, if they are still at
// in.Version.
func (s *Service) SaveSettings(ctx context.Context, a app.Actor, partnershipID int64, in SettingsInput) error {
	in.Colour = strings.ToLower(strings.TrimSpace(in.Colour))
	err := app.ChangeChecked(ctx, s.DB, a, in.Validate(), func(tx pgx.Tx) (app.Event, error) {
		return app.Event{Action: audit.PartnershipUpdate, ObjectType: "partnership", ObjectID: partnershipID},
			saveSettings(ctx, tx, partnershipID, in)
	})
	if errors.Is(err, ErrConflict) {
		version, verr := Version(ctx, s.DB, partnershipID)
		if verr != nil {
			return verr
		}
		return app.Stale("area", "changed the partnership's details", "", version)
	}
	return err
}
