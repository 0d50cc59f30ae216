package partnership

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
)

// Bodies returns the partnership's bodies with their current member counts.
func (s *Service) Bodies(ctx context.Context, partnershipID int64) ([]Body, error) {
	return Bodies(ctx, s.DB, partnershipID, s.Today())
}

// Body returns one of the partnership's bodies.
func (s *Service) Body(ctx context.Context, partnershipID, id int64) (Body, error) {
	return BodyByID(ctx, s.DB, partnershipID, id)
}

// SaveBody adds a body (in.ID 0) or changes one that is still at in.Version.
func (s *Service) SaveBody(ctx context.Context, a app.Actor, in BodyInput) (Body, error) {
	b, err := in.Validate()
	if err != nil {
		return b, err
	}
	action := audit.BodyCreate
	if b.ID != 0 {
		action = audit.BodyUpdate
	}
	err = app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		id, err := SaveBody(ctx, tx, b)
		if err != nil {
			return app.Event{}, err
		}
		b.ID = id
		return app.Event{Action: action, ObjectType: "body", ObjectID: id, Detail: b.Kind}, nil
	})
	switch {
	case errors.Is(err, ErrDuplicate):
		return b, app.InvalidField("name", "The partnership already has a body with this name")
	case errors.Is(err, ErrConflict):
		current, lerr := BodyByID(ctx, s.DB, b.PartnershipID, b.ID)
		if lerr != nil {
			return b, lerr
		}
		return b, app.Stale("name", "changed this body", "it is now "+current.Name, current.Version)
	}
	return b, err
}

// Person is an active account of the partnership, as a list to choose a member from shows it.
type Person struct {
	ID    int64
	Name  string
	Email string
}

// BodyDetail is a body with everything its pages show: its members (current ones first), a page
// of its chair rota and who chairs today, and, for the business unit's forms, the partnership's
// organisations and the people who may be given a seat.
type BodyDetail struct {
	Body
	Members       []Member
	Rota          app.Paged[RotaEntry]
	Chair         RotaEntry // the period covering Today; the zero entry when none does
	Organisations []Organisation
	People        []Person
	Today         time.Time // the day the members and chair are current on
}

// BodyDetail returns one of the partnership's bodies with its members, page rota of its rota, its
// chair today, and the choices its forms offer.
func (s *Service) BodyDetail(ctx context.Context, partnershipID, bodyID int64, rota app.Page) (BodyDetail, error) {
	d := BodyDetail{Today: s.Today()}
	var err error
	if d.Body, err = BodyByID(ctx, s.DB, partnershipID, bodyID); err != nil {
		return d, err
	}
	if d.Members, err = Members(ctx, s.DB, partnershipID, bodyID, d.Today); err != nil {
		return d, err
	}
	if d.Rota, d.Chair, err = RotaAndChair(ctx, s.DB, partnershipID, bodyID, rota, d.Today); err != nil {
		return d, err
	}
	if d.Organisations, err = Organisations(ctx, s.DB, partnershipID); err != nil {
		return d, err
	}
	d.People, err = activePeople(ctx, s.DB, partnershipID)
	return d, err
}

// activePeople returns the partnership's active accounts by name, with those of people from other
// partnerships who agreed to join it (partnership_member).
func activePeople(ctx context.Context, q database.Querier, partnershipID int64) ([]Person, error) {
	return database.All[Person](ctx, q, "partnership: people", `SELECT id, name, email FROM (
			SELECT id, name, email FROM app_user WHERE partnership_id = $1 AND status = 'active'
			UNION ALL
			SELECT u.id, u.name, u.email FROM partnership_member m JOIN app_user u ON u.id = m.user_id
			WHERE m.partnership_id = $1 AND m.status = 'active' AND u.status = 'active') people
		ORDER BY lower(name)`, partnershipID)
}

// MemberInput is the business unit's choice of a person to seat on a body.
type MemberInput struct {
	PartnershipID  int64
	BodyID         int64
	UserID         int64
	Role           string
	OrganisationID *int64
	StartsOn       *time.Time // nil: today
}

// Validate names each problem with the input, in the order of the form.
func (in MemberInput) Validate() error {
	var p app.Problems
	p.Chosen("user", in.UserID, "Choose the person to add")
	p.OneOf("role", MemberRoles, in.Role, "Choose their role")
	return p.Err()
}

// AddMember gives a person of the partnership a seat on one of its bodies, from in.StartsOn or
// today, and returns the membership's id. The person, the body and the organisation they
// represent must all be the partnership's.
func (s *Service) AddMember(ctx context.Context, a app.Actor, in MemberInput) (int64, error) {
	if err := in.Validate(); err != nil {
		return 0, err
	}
	m := NewMembership{PartnershipID: in.PartnershipID, BodyID: in.BodyID, UserID: in.UserID, Role: in.Role,
		OrganisationID: in.OrganisationID, StartsOn: s.Today()}
	if in.StartsOn != nil {
		m.StartsOn = *in.StartsOn
	}
	var id int64
	err := app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		var err error
		if id, err = AddMembership(ctx, tx, m); err != nil {
			return app.Event{}, err
		}
		return app.Event{Action: audit.MembershipCreate, ObjectType: "membership", ObjectID: id,
			Detail: fmt.Sprintf("user %d joins body %d as %s", m.UserID, m.BodyID, m.Role)}, nil
	})
	if errors.Is(err, ErrNotFound) || app.IsForeignKeyViolation(err) {
		return 0, app.InvalidField("user", "Choose a person and organisation of this partnership")
	}
	return id, err
}

// EndMembership ends one of the partnership's memberships today: the role it gave goes at once.
func (s *Service) EndMembership(ctx context.Context, a app.Actor, partnershipID, membershipID int64) error {
	return app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		return app.Event{Action: audit.MembershipEnd, ObjectType: "membership", ObjectID: membershipID},
			EndMembership(ctx, tx, partnershipID, membershipID, s.Today())
	})
}

// RotaInput is a period of a body's chair rota: the statutory partner who chairs, from one day to
// another, both included.
type RotaInput struct {
	PartnershipID  int64
	BodyID         int64
	OrganisationID int64
	From, To       time.Time
}

// Validate names each problem with the period, in the order of the form. A zero date is one the
// form could not read, and its problem is the form's to name.
func (in RotaInput) Validate() error {
	var p app.Problems
	p.Chosen("rota_organisation", in.OrganisationID, "Choose the partner who will chair")
	if !in.From.IsZero() && !in.To.IsZero() && in.To.Before(in.From) {
		p.Add("rota_to-day", "The last day must be on or after the first day")
	}
	return p.Err()
}

// AddRota puts a statutory partner on a body's chair rota for a period that overlaps no other.
// Only a statutory partner chairs.
func (s *Service) AddRota(ctx context.Context, a app.Actor, in RotaInput) error {
	err := app.ChangeChecked(ctx, s.DB, a, in.Validate(), func(tx pgx.Tx) (app.Event, error) {
		return app.Event{Action: audit.RotaCreate, ObjectType: "body", ObjectID: in.BodyID,
				Detail: fmt.Sprintf("organisation %d chairs %s to %s", in.OrganisationID, in.From.Format(time.DateOnly), in.To.Format(time.DateOnly))},
			AddRotaEntry(ctx, tx, in.PartnershipID, in.BodyID, in.OrganisationID, in.From, in.To)
	})
	switch {
	case errors.Is(err, ErrRotaOverlap):
		return app.InvalidField("rota_from-day", "This period overlaps one already on the rota")
	case errors.Is(err, ErrNotStatutory):
		return app.InvalidField("rota_organisation", "Only a statutory partner can chair")
	}
	return err
}
