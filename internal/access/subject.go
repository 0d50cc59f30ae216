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

// LoadSubject builds the Subject for an active user from their account and current memberships,
// in one query.
func LoadSubject(ctx context.Context, q database.Querier, userID int64, today time.Time) (Subject, error) {
	var (
		s         Subject
		pid, oid  *int64
		sysadmin  bool
		bodyKinds []string
	)
	err := q.QueryRow(ctx, `
		SELECT u.id, u.email, u.name, u.partnership_id, coalesce(p.slug, ''), u.organisation_id, u.is_system_admin,
		       coalesce(array_agg(DISTINCT b.kind) FILTER (WHERE b.kind IS NOT NULL), '{}')
		FROM app_user u
		LEFT JOIN partnership p ON p.id = u.partnership_id
		LEFT JOIN membership m ON m.user_id = u.id AND m.starts_on <= $2 AND (m.ends_on IS NULL OR m.ends_on > $2)
		LEFT JOIN body b ON b.id = m.body_id
		WHERE u.id = $1 AND u.status = 'active'
		GROUP BY u.id, p.slug`, userID, today).Scan(&s.UserID, &s.Email, &s.Name, &pid, &s.PartnershipSlug, &oid, &sysadmin, &bodyKinds)
	if errors.Is(err, pgx.ErrNoRows) {
		return Subject{}, ErrNoSubject
	}
	if err != nil {
		return Subject{}, fmt.Errorf("access: load subject: %w", err)
	}
	if pid != nil {
		s.PartnershipID = *pid
		s.Roles = s.Roles.With(Practitioner)
	}
	if oid != nil {
		s.OrganisationID = *oid
	}
	if sysadmin {
		s.Roles = s.Roles.With(SystemAdmin)
	}
	for _, k := range bodyKinds {
		if r, ok := roleOfBody[k]; ok {
			s.Roles = s.Roles.With(r)
		}
	}
	return s, nil
}
