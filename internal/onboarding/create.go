// Package onboarding stands a real partnership up on the portal: the system administrator creates
// it (in the web pages or with `portal partnership create`) with its standard bodies and invites
// its first business unit officer, and the business unit imports its organisations and people from
// a spreadsheet saved as CSV, checked whole before anything is saved. It joins the partnership and
// identity packages, which know nothing of each other's changes.
package onboarding

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/identity"
	"github.com/scp-portal/portal/internal/partnership"
)

// Service creates partnerships and imports their directories. The caller has asked the access
// policy first (the command line acts as the operator of the installation).
type Service struct {
	app.Env // the database, the portal's address (for the links in invitations) and the clock
}

// identity is the account service over the same database and address, which writes invitations.
func (s *Service) identity() *identity.Service { return &identity.Service{Env: s.Env} }

// PartnershipInput is what the system administrator gives to create a partnership: the
// partnership itself and its first business unit officer, who is invited by e-mail.
type PartnershipInput struct {
	partnership.NewPartnership
	OfficerName     string
	OfficerEmail    string
	OfficerJobTitle string
}

// officerFields are the form's names for the officer's fields, by the invitation's names.
var officerFields = map[string]string{"name": "officer_name", "email": "officer_email", "job_title": "officer_job_title"}

// Created is a partnership just created, with the address its officer was invited at and the link
// of the invitation (printed by the command line for an installation that sends no e-mail yet).
type Created struct {
	Partnership    partnership.Partnership
	OfficerEmail   string
	InvitationLink string
}

// CreatePartnership creates a partnership with its standard bodies (partnership.StandardBodies,
// which its business unit may rename), and invites its first business unit officer with a seat on
// its business unit, in one transaction with their audit records. The partnership starts empty:
// its organisations and people come from the business unit's import.
func (s *Service) CreatePartnership(ctx context.Context, a app.Actor, in PartnershipInput) (Created, error) {
	np, err := in.Validate()
	var problems app.Problems
	problems = append(problems, app.FieldsOf(err)...)
	inv, invProblems := identity.Invitation{Name: in.OfficerName, Email: in.OfficerEmail, JobTitle: in.OfficerJobTitle,
		PartnershipName: np.Name, By: "The system administrator"}.Validate()
	for _, p := range invProblems {
		problems.Add(officerFields[p.Field], p.Message)
	}
	if err := problems.Err(); err != nil {
		return Created{}, err
	}
	var c Created
	err = app.ChangeMany(ctx, s.DB, a, func(tx pgx.Tx) ([]app.Event, error) {
		id, err := partnership.Insert(ctx, tx, np)
		if err != nil {
			return nil, err
		}
		bodies, err := partnership.EnsureStandardBodies(ctx, tx, id)
		if err != nil {
			return nil, err
		}
		inv.PartnershipID = id
		userID, link, err := s.identity().InviteIn(ctx, tx, inv)
		if errors.Is(err, identity.ErrEmailTaken) {
			return nil, app.InvalidField("officer_email", "This e-mail address already has an account: invite someone else, "+
				"or ask them for another work address")
		}
		if err != nil {
			return nil, err
		}
		seat, err := partnership.AddMembership(ctx, tx, partnership.NewMembership{PartnershipID: id, BodyID: bodies["business_unit"],
			UserID: userID, Role: "officer", StartsOn: s.Today()})
		if err != nil {
			return nil, err
		}
		if c.Partnership, err = partnership.ByID(ctx, tx, id); err != nil {
			return nil, err
		}
		c.OfficerEmail, c.InvitationLink = inv.Email, link
		return []app.Event{
			{Action: audit.PartnershipCreate, ObjectType: "partnership", ObjectID: id, Partnership: id},
			{Action: audit.UserInvite, ObjectType: "user", ObjectID: userID, Partnership: id},
			{Action: audit.MembershipCreate, ObjectType: "membership", ObjectID: seat, Partnership: id,
				Detail: fmt.Sprintf("user %d joins body %d as officer", userID, bodies["business_unit"])},
		}, nil
	})
	return c, err
}
