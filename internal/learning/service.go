package learning

import (
	"context"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/partnership"
)

// Service reads and changes this package's records. Every change validates its input, then in
// one transaction makes the change, writes its audit record and queues any e-mail (app.Change).
// The caller has asked the access policy first.
type Service struct {
	app.Env // the database, the portal's address and the clock
}

// Priorities returns the partnership's priorities, which a theme may touch.
func (s *Service) Priorities(ctx context.Context, partnershipID int64) ([]string, error) {
	return partnership.Priorities(ctx, s.DB, partnershipID)
}

// EngineRoomPeople are the current members of the Engine Room and business unit: who can own a
// theme, and who attends its meetings.
func (s *Service) EngineRoomPeople(ctx context.Context, partnershipID int64) ([]Person, error) {
	return s.people(ctx, `SELECT DISTINCT u.id, u.name FROM membership m JOIN body b ON b.id = m.body_id
		JOIN app_user u ON u.id = m.user_id WHERE m.partnership_id = $1 AND b.kind IN ('engine_room', 'business_unit')
		AND u.status = 'active' AND m.starts_on <= $2 AND (m.ends_on IS NULL OR m.ends_on > $2) ORDER BY u.name`, partnershipID)
}

// FriendsPool are the current members of the critical friends pool, each named with their
// organisation (or as independent) so that whoever commissions learning sees who is impartial.
func (s *Service) FriendsPool(ctx context.Context, partnershipID int64) ([]Person, error) {
	return s.people(ctx, `SELECT DISTINCT u.id, u.name || coalesce(' (' || o.name || ')', ' (independent)')
		FROM membership m JOIN body b ON b.id = m.body_id JOIN app_user u ON u.id = m.user_id LEFT JOIN organisation o ON o.id = u.organisation_id
		WHERE m.partnership_id = $1 AND b.kind = 'critical_friends' AND u.status = 'active'
		AND m.starts_on <= $2 AND (m.ends_on IS NULL OR m.ends_on > $2) ORDER BY 2`, partnershipID)
}

// people runs a query of people (id, name) of a partnership on today's date.
func (s *Service) people(ctx context.Context, sql string, partnershipID int64) ([]Person, error) {
	return database.All[Person](ctx, s.DB, "learning: people", sql, partnershipID, s.Today())
}
