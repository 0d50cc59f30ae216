package access

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/database"
)

// roleOfBody is the role a current membership of a body of that kind gives.
var roleOfBody = map[string]Role{
	"engine_room":      EngineRoom,
	"executive":        Executive,
	"business_unit":    BusinessUnit,
	"critical_friends": CriticalFriend,
	"scrutiny":         Scrutiny,
}

// ErrNoSubject means the user does not exist or may not sign in.
var ErrNoSubject = errors.New("access: no such active user")

// SubjectQuery is the query of a Subject: the active user whose id is the SQL expression user,
// with the kinds of body of their memberships current on the date the expression today gives;
// no row when there is no such active user. The session store joins it to the session's row
// (LATERAL), so that the session and the person's roles cost one round trip.
func SubjectQuery(user, today string) string {
	return `
		SELECT u.id, u.email, u.name, u.partnership_id, coalesce(p.slug, ''), u.organisation_id, u.is_system_admin,
		       coalesce(array_agg(DISTINCT b.kind) FILTER (WHERE b.kind IS NOT NULL), '{}')
		FROM app_user u
		LEFT JOIN partnership p ON p.id = u.partnership_id
		LEFT JOIN membership m ON m.user_id = u.id AND m.starts_on <= ` + today + ` AND (m.ends_on IS NULL OR m.ends_on > ` + today + `)
		LEFT JOIN body b ON b.id = m.body_id
		WHERE u.id = ` + user + ` AND u.status = 'active'
		GROUP BY u.id, p.slug`
}

// SubjectRow receives SubjectQuery's columns, each nullable so that it can be the outer side of a
// join: Scan into Targets, then ask Subject.
type SubjectRow struct {
	userID, pid, oid *int64
	email, name      *string
	slug             *string
	sysadmin         *bool
	bodyKinds        []string
}

// Targets are the row's fields in SubjectQuery's order, for Scan.
func (r *SubjectRow) Targets() []any {
	return []any{&r.userID, &r.email, &r.name, &r.pid, &r.slug, &r.oid, &r.sysadmin, &r.bodyKinds}
}

// Subject is the subject the row holds; ErrNoSubject when it holds none (no such active user).
func (r *SubjectRow) Subject() (Subject, error) {
	if r.userID == nil {
		return Subject{}, ErrNoSubject
	}
	s := Subject{UserID: *r.userID, Email: deref(r.email), Name: deref(r.name), PartnershipSlug: deref(r.slug)}
	if r.pid != nil {
		s.PartnershipID = *r.pid
		s.Roles = s.Roles.With(Practitioner)
	}
	if r.oid != nil {
		s.OrganisationID = *r.oid
	}
	if r.sysadmin != nil && *r.sysadmin {
		s.Roles = s.Roles.With(SystemAdmin)
	}
	for _, k := range r.bodyKinds {
		if role, ok := roleOfBody[k]; ok {
			s.Roles = s.Roles.With(role)
		}
	}
	return s, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// LoadSubject builds the Subject for an active user from their account and current memberships,
// in one query.
func LoadSubject(ctx context.Context, q database.Querier, userID int64, today time.Time) (Subject, error) {
	var row SubjectRow
	err := q.QueryRow(ctx, SubjectQuery("$1", "$2::date"), userID, today).Scan(row.Targets()...)
	if errors.Is(err, pgx.ErrNoRows) {
		return Subject{}, ErrNoSubject
	}
	if err != nil {
		return Subject{}, fmt.Errorf("access: load subject: %w", err)
	}
	return row.Subject()
}
