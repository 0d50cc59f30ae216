package partnership

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/database"
)

// BodyKinds are the kinds of body, with their names for people, in the order pages list them. A
// membership of a body of the first five kinds gives its member the matching role (see the access
// package).
var BodyKinds = app.Choices{
	{Value: "executive", Label: "Executive"},
	{Value: "engine_room", Label: "Engine Room"},
	{Value: "business_unit", Label: "Business unit"},
	{Value: "scrutiny", Label: "Independent scrutiny"},
	{Value: "critical_friends", Label: "Critical friends pool"},
	{Value: "other", Label: "Other group"},
}

// MemberRoles are the roles of a member in a body, with their names for people.
var MemberRoles = app.Choices{
	{Value: "chair", Label: "Chair"}, {Value: "vice_chair", Label: "Vice-chair"}, {Value: "member", Label: "Member"},
	{Value: "co_opted", Label: "Co-opted member"}, {Value: "delegate", Label: "Delegate"}, {Value: "adviser", Label: "Adviser"},
	{Value: "officer", Label: "Officer"},
}

// BodyKindLabel names a kind of body for people.
func BodyKindLabel(kind string) string { return BodyKinds.Label(kind) }

// MemberRoleLabel names a member's role for people.
func MemberRoleLabel(role string) string { return MemberRoles.Label(role) }

// kindOrder sorts bodies as BodyKinds lists them.
const kindOrder = `array_position(ARRAY['executive','engine_room','business_unit','scrutiny','critical_friends','other'], b.kind)`

// heldOn is the condition of a membership m that holds on the day in parameter $N, written as
// heldOn(N): it has begun, and has not ended.
func heldOn(n int) string {
	d := fmt.Sprintf("$%d", n)
	return `m.starts_on <= ` + d + ` AND (m.ends_on IS NULL OR m.ends_on > ` + d + `)`
}

// Body is a group of the partnership.
type Body struct {
	ID            int64
	PartnershipID int64
	Name          string
	Kind          string
	Description   string
	Version       int
	MemberCount   int // current members
}

// Bodies returns the partnership's bodies with their current member counts, in one query.
func Bodies(ctx context.Context, q database.Querier, partnershipID int64, today time.Time) ([]Body, error) {
	return database.All[Body](ctx, q, "partnership: bodies", `
		SELECT b.id, b.partnership_id, b.name, b.kind, b.description, b.version,
		       count(m.id) FILTER (WHERE `+heldOn(2)+`)::int
		FROM body b LEFT JOIN membership m ON m.body_id = b.id
		WHERE b.partnership_id = $1
		GROUP BY b.id
		ORDER BY `+kindOrder+`, lower(b.name)`,
		partnershipID, today)
}

// BodyByID returns one of the partnership's bodies.
func BodyByID(ctx context.Context, q database.Querier, partnershipID, id int64) (Body, error) {
	return database.One[Body](ctx, q, ErrNotFound, "partnership: body", `SELECT id, partnership_id, name, kind, description, version, 0 FROM body
		WHERE partnership_id = $1 AND id = $2`, partnershipID, id)
}

// BodyInput is what a person types to add a body (ID 0) or change one.
type BodyInput struct {
	ID            int64
	PartnershipID int64
	Name          string
	Kind          string
	Description   string
	Version       int
}

// Validate checks the input and returns it cleaned up, or an Invalid error naming each problem.
func (in BodyInput) Validate() (Body, error) {
	var p app.Problems
	b := Body{ID: in.ID, PartnershipID: in.PartnershipID, Name: strings.TrimSpace(in.Name), Kind: in.Kind,
		Description: strings.TrimSpace(in.Description), Version: in.Version}
	switch {
	case b.Name == "":
		p.Add("name", "Enter the body's name")
	case len(b.Name) > 200:
		p.Add("name", "Name must be 200 characters or fewer")
	}
	if !BodyKinds.Has(b.Kind) {
		p.Add("kind", "Select the kind of body")
	}
	if len(b.Description) > 2000 {
		p.Add("description", "Description must be 2,000 characters or fewer")
	}
	return b, p.Err()
}

// SaveBody inserts b (ID 0) or updates it if it is still at b.Version. It returns the id.
func SaveBody(ctx context.Context, q database.Querier, b Body) (int64, error) {
	var id int64
	var err error
	if b.ID == 0 {
		err = q.QueryRow(ctx, `INSERT INTO body (partnership_id, name, kind, description) VALUES ($1, $2, $3, $4) RETURNING id`,
			b.PartnershipID, b.Name, b.Kind, b.Description).Scan(&id)
	} else {
		err = q.QueryRow(ctx, `UPDATE body SET name = $3, kind = $4, description = $5, version = version + 1
			WHERE partnership_id = $1 AND id = $2 AND version = $6 RETURNING id`,
			b.PartnershipID, b.ID, b.Name, b.Kind, b.Description, b.Version).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			return 0, ErrConflict
		}
	}
	if app.IsUniqueViolation(err) {
		return 0, ErrDuplicate
	}
	if err != nil {
		return 0, fmt.Errorf("partnership: save body: %w", err)
	}
	return id, nil
}

// Member is a membership with the names a page shows.
type Member struct {
	MembershipID     int64
	BodyID           int64
	BodyName         string
	BodyKind         string
	UserID           int64
	UserName         string
	UserEmail        string
	JobTitle         string
	Role             string
	OrganisationID   *int64
	OrganisationName string
	StartsOn         time.Time
	EndsOn           *time.Time // the first day it no longer holds; nil while it goes on
}

// Current reports whether the membership holds on day.
func (m Member) Current(day time.Time) bool {
	return !m.StartsOn.After(day) && (m.EndsOn == nil || m.EndsOn.After(day))
}

const memberSelect = `
	SELECT m.id, b.id, b.name, b.kind, u.id, u.name, u.email, u.job_title, m.role,
	       m.organisation_id, coalesce(o.name, ''), m.starts_on, m.ends_on
	FROM membership m
	JOIN body b ON b.id = m.body_id
	JOIN app_user u ON u.id = m.user_id
	LEFT JOIN organisation o ON o.id = m.organisation_id`

var roleOrder = `array_position(ARRAY['chair','vice_chair','member','delegate','co_opted','adviser','officer'], m.role)`

// Members returns a body's memberships, current ones first, chair first, in one query.
func Members(ctx context.Context, q database.Querier, partnershipID, bodyID int64, today time.Time) ([]Member, error) {
	return members(ctx, q, memberSelect+` WHERE m.partnership_id = $1 AND m.body_id = $2
		ORDER BY (m.ends_on IS NOT NULL AND m.ends_on < $3), `+roleOrder+`, lower(u.name)`, partnershipID, bodyID, today)
}

// MembershipsOf returns a person's current memberships, by kind of body.
func MembershipsOf(ctx context.Context, q database.Querier, userID int64, today time.Time) ([]Member, error) {
	return currentMembers(ctx, q, currentOf{UserID: userID}, today)
}

// MembershipsIn returns a person's current memberships of one partnership's bodies, by kind of
// body: their seats as their home in that partnership shows them, each linking to a body of it.
func MembershipsIn(ctx context.Context, q database.Querier, userID, partnershipID int64, today time.Time) ([]Member, error) {
	return currentMembers(ctx, q, currentOf{UserID: userID, PartnershipID: partnershipID}, today)
}

// CurrentMembersOfKind returns the current members of the partnership's bodies of one kind (the
// Executive's lead representatives, say), in one query.
func CurrentMembersOfKind(ctx context.Context, q database.Querier, partnershipID int64, kind string, today time.Time) ([]Member, error) {
	return currentMembers(ctx, q, currentOf{PartnershipID: partnershipID, Kind: kind}, today)
}

// currentOf picks current memberships: a person's, or those of a partnership's bodies of one
// kind. Zero fields match everything.
type currentOf struct {
	UserID        int64
	PartnershipID int64
	Kind          string
}

// currentMembers is the one query of memberships that hold today: by kind of body and body, then
// chair first, then by organisation and name.
func currentMembers(ctx context.Context, q database.Querier, f currentOf, today time.Time) ([]Member, error) {
	return members(ctx, q, memberSelect+` WHERE ($1::bigint = 0 OR m.user_id = $1) AND ($2::bigint = 0 OR m.partnership_id = $2)
		AND ($3 = '' OR b.kind = $3) AND `+heldOn(4)+`
		ORDER BY `+kindOrder+`, lower(b.name), `+roleOrder+`, lower(o.name), lower(u.name)`,
		f.UserID, f.PartnershipID, f.Kind, today)
}

func members(ctx context.Context, q database.Querier, sql string, args ...any) ([]Member, error) {
	return database.All[Member](ctx, q, "partnership: members", sql, args...)
}

// NewMembership is a person's new seat on a body.
type NewMembership struct {
	PartnershipID  int64
	BodyID         int64
	UserID         int64
	Role           string
	OrganisationID *int64
	StartsOn       time.Time
}

// AddMembership records a membership and returns its id. The body, the person (their account's
// own partnership, or one they agreed to join) and the organisation must all belong to the
// partnership; the database refuses them otherwise.
func AddMembership(ctx context.Context, q database.Querier, m NewMembership) (int64, error) {
	var id int64
	err := q.QueryRow(ctx, `
		INSERT INTO membership (partnership_id, body_id, user_id, role, organisation_id, starts_on)
		SELECT $1, $2, u.id, $4, $5, $6 FROM app_user u WHERE u.id = $3 AND (u.partnership_id = $1
			OR EXISTS (SELECT 1 FROM partnership_member pm WHERE pm.user_id = u.id AND pm.partnership_id = $1 AND pm.status = 'active'))
		RETURNING id`, m.PartnershipID, m.BodyID, m.UserID, m.Role, m.OrganisationID, m.StartsOn).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, ErrNotFound
	}
	if err != nil {
		return 0, fmt.Errorf("partnership: add membership: %w", err)
	}
	return id, nil
}

// EndMembership ends a membership from the given day: it no longer holds on that day, so ending
// it today takes the role away at once.
func EndMembership(ctx context.Context, q database.Querier, partnershipID, membershipID int64, on time.Time) error {
	return database.Exec(ctx, q, ErrNotFound, "partnership: end membership", `UPDATE membership SET ends_on = greatest($3, starts_on), version = version + 1
		WHERE partnership_id = $1 AND id = $2 AND (ends_on IS NULL OR ends_on > $3)`, partnershipID, membershipID, on)
}

// RotaEntry is one period of the chair rota.
type RotaEntry struct {
	ID               int64
	OrganisationID   int64
	OrganisationName string
	StartsOn         time.Time
	EndsOn           time.Time
}

// Rota returns page p of a body's chair rota, the latest period first, cut in the database
// (chair_rota_body read backwards), so that a rota kept for years does not grow the body's pages.
func Rota(ctx context.Context, q database.Querier, partnershipID, bodyID int64, p app.Page) (app.Paged[RotaEntry], error) {
	rows, err := database.All[RotaEntry](ctx, q, "partnership: rota", `
		SELECT r.id, r.organisation_id, o.name, r.starts_on, r.ends_on
		FROM chair_rota r JOIN organisation o ON o.id = r.organisation_id
		WHERE r.partnership_id = $1 AND r.body_id = $2 ORDER BY r.starts_on DESC, r.id DESC LIMIT $3 OFFSET $4`,
		partnershipID, bodyID, p.Limit(), p.Offset())
	return app.PageOf(rows, p), err
}

// RotaFrom returns the first n periods of a body's chair rota not over before day, in date order:
// the one covering day first, if any, then those planned. Periods never overlap, so the search
// starts at the last period to start by day (found through chair_rota_body) and reads no history.
func RotaFrom(ctx context.Context, q database.Querier, partnershipID, bodyID int64, day time.Time, n int) ([]RotaEntry, error) {
	return database.All[RotaEntry](ctx, q, "partnership: rota from", `
		SELECT r.id, r.organisation_id, o.name, r.starts_on, r.ends_on
		FROM chair_rota r JOIN organisation o ON o.id = r.organisation_id
		WHERE r.partnership_id = $1 AND r.body_id = $2 AND r.ends_on >= $3
		  AND r.starts_on >= coalesce((SELECT max(starts_on) FROM chair_rota WHERE body_id = $2 AND starts_on <= $3), '-infinity')
		ORDER BY r.starts_on LIMIT $4`, partnershipID, bodyID, day, n)
}

// RotaAndChair returns page p of a body's chair rota and the period covering day (the zero entry
// when none does), in two queries: what a body's pages show.
func RotaAndChair(ctx context.Context, q database.Querier, partnershipID, bodyID int64, p app.Page, day time.Time) (app.Paged[RotaEntry], RotaEntry, error) {
	rota, err := Rota(ctx, q, partnershipID, bodyID, p)
	if err != nil {
		return rota, RotaEntry{}, err
	}
	from, err := RotaFrom(ctx, q, partnershipID, bodyID, day, 1)
	chair, _ := CurrentChair(from, day)
	return rota, chair, err
}

// CurrentChair returns the rota entry covering day, if any, from rota (in any order).
func CurrentChair(rota []RotaEntry, day time.Time) (RotaEntry, bool) {
	for _, r := range rota {
		if !r.StartsOn.After(day) && !r.EndsOn.Before(day) {
			return r, true
		}
	}
	return RotaEntry{}, false
}

// ErrRotaOverlap means a new rota period overlaps one already on the rota.
var ErrRotaOverlap = errors.New("partnership: the period overlaps another on the rota")

// ErrNotStatutory means the organisation is not one of the partnership's statutory partners, who
// alone take the chair in turn.
var ErrNotStatutory = errors.New("partnership: not a statutory partner of the partnership")

// AddRotaEntry puts a statutory partner on a body's chair rota for a period that overlaps no other,
// inside the caller's transaction.
func AddRotaEntry(ctx context.Context, tx pgx.Tx, partnershipID, bodyID, organisationID int64, from, to time.Time) error {
	{
		// Lock the body's rota so two people adding periods at once cannot both pass the check.
		tag, err := tx.Exec(ctx, `SELECT 1 FROM body WHERE id = $1 AND partnership_id = $2 FOR UPDATE`, bodyID, partnershipID)
		if err != nil {
			return fmt.Errorf("partnership: lock rota: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return ErrNotFound
		}
		var overlaps bool
		err = tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM chair_rota WHERE body_id = $1 AND starts_on <= $3 AND ends_on >= $2)`,
			bodyID, from, to).Scan(&overlaps)
		if err != nil {
			return fmt.Errorf("partnership: check rota: %w", err)
		}
		if overlaps {
			return ErrRotaOverlap
		}
		return database.Exec(ctx, tx, ErrNotStatutory, "partnership: add rota entry", `
			INSERT INTO chair_rota (partnership_id, body_id, organisation_id, starts_on, ends_on)
			SELECT $1, $2, o.id, $4, $5 FROM organisation o WHERE o.id = $3 AND o.partnership_id = $1 AND o.statutory_role <> ''`,
			partnershipID, bodyID, organisationID, from, to)
	}
}
