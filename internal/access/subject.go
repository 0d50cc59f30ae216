package access

import (
	"context"
	"errors"
	"fmt"
	"strings"
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
// with every partnership they are a member of (their account's own first, then those they agreed
// to join, partnership_member) and in each the kinds of body of their memberships there current on
// the date the expression today gives; no row when there is no such active user. The session store
// joins it to the session's row (LATERAL), so that the session and the person's roles in every
// partnership cost one round trip; the page's partnership picks its own (Subject.In).
func SubjectQuery(user, today string) string {
	return `
		SELECT u.id, u.email, u.name, u.is_system_admin, x.pids, x.slugs, x.names, x.orgs, x.kinds
		FROM app_user u
		CROSS JOIN LATERAL (
			SELECT array_agg(pm.pid ORDER BY pm.home DESC, pm.pid) AS pids,
			       array_agg(p.slug ORDER BY pm.home DESC, pm.pid) AS slugs,
			       array_agg(p.short_name ORDER BY pm.home DESC, pm.pid) AS names,
			       array_agg(coalesce(pm.oid, 0) ORDER BY pm.home DESC, pm.pid) AS orgs,
			       array_agg(coalesce(k.kinds, '') ORDER BY pm.home DESC, pm.pid) AS kinds
			FROM (SELECT u.partnership_id AS pid, u.organisation_id AS oid, true AS home WHERE u.partnership_id IS NOT NULL
			      UNION ALL
			      SELECT a.partnership_id, a.organisation_id, false FROM partnership_member a
			      WHERE a.user_id = u.id AND a.status = 'active') pm
			JOIN partnership p ON p.id = pm.pid
			LEFT JOIN LATERAL (
				SELECT string_agg(DISTINCT b.kind, ',') AS kinds
				FROM membership m JOIN body b ON b.id = m.body_id
				WHERE m.user_id = u.id AND m.partnership_id = pm.pid
				  AND m.starts_on <= ` + today + ` AND (m.ends_on IS NULL OR m.ends_on > ` + today + `)) k ON true
		) x
		WHERE u.id = ` + user + ` AND u.status = 'active'`
}

// SubjectRow receives SubjectQuery's columns, each nullable so that it can be the outer side of a
// join: Scan into Targets, then ask Subject.
type SubjectRow struct {
	userID      *int64
	email, name *string
	sysadmin    *bool
	pids, orgs  []int64
	slugs       []string
	names       []string
	bodyKinds   []string // per partnership, the kinds joined by commas
}

// Targets are the row's fields in SubjectQuery's order, for Scan.
func (r *SubjectRow) Targets() []any {
	return []any{&r.userID, &r.email, &r.name, &r.sysadmin, &r.pids, &r.slugs, &r.names, &r.orgs, &r.bodyKinds}
}

// Subject is the subject the row holds, working in their own partnership; ErrNoSubject when it
// holds none (no such active user).
func (r *SubjectRow) Subject() (Subject, error) {
	if r.userID == nil {
		return Subject{}, ErrNoSubject
	}
	s := Subject{UserID: *r.userID, Email: deref(r.email), Name: deref(r.name)}
	if r.sysadmin != nil && *r.sysadmin {
		s.Roles = s.Roles.With(SystemAdmin)
	}
	for i, pid := range r.pids {
		m := Membership{PartnershipID: pid, Slug: r.slugs[i], Name: r.names[i], OrganisationID: r.orgs[i], Roles: Roles(Practitioner)}
		for _, k := range strings.Split(r.bodyKinds[i], ",") {
			if role, ok := roleOfBody[k]; ok {
				m.Roles = m.Roles.With(role)
			}
		}
		s.Partnerships = append(s.Partnerships, m)
	}
	if len(s.Partnerships) > 0 {
		s = s.In(s.Partnerships[0].PartnershipID)
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
