package retention

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
)

// SubjectData is what the portal holds about one person, for a subject access request: their
// account, their seats, the requests they wrote (with their answers), their choices of notices
// and what the audit log records them doing. Records of others that mention them (minutes, a
// colleague's request) are not in it: the business unit reviews those case by case.
type SubjectData struct {
	Account struct {
		Name, Email, JobTitle, Phone, Organisation, Status string
		Created                                            time.Time
	}
	Memberships []struct {
		Body, Role string
		From       time.Time
		Until      *time.Time
	}
	Requests []struct {
		Reference, Kind, Status, Title, Outcome string
		Answers                                 json.RawMessage
		Created                                 time.Time
		Submitted                               *time.Time
	}
	Notices []struct{ Kind, Delivery string }
	Actions []struct {
		At                          time.Time
		Action, Outcome, Object, IP string
	}
}

// maxAuditLines bounds the audit lines of an export; the audit log's own search pages the rest.
const maxAuditLines = 5000

// ErrNoSuchPerson is an address that is no account of the partnership.
var ErrNoSuchPerson = app.InvalidField("email", "There is no one with that e-mail address in the partnership")

// SubjectAccess returns the data the portal holds about the partnership's person with e-mail
// address email, and records the export in the audit log (by the person's id, never their
// address).
func (s *Service) SubjectAccess(ctx context.Context, a app.Actor, pid int64, email string) (SubjectData, error) {
	var d SubjectData
	email = strings.ToLower(strings.TrimSpace(email))
	if email == "" {
		return d, app.InvalidField("email", "Enter the e-mail address of the person whose data to export")
	}
	var id int64
	err := s.DB.QueryRow(ctx, `SELECT u.id, u.name, u.email, u.job_title, u.phone, coalesce(o.name, ''), u.status, u.created_at
		FROM app_user u LEFT JOIN organisation o ON o.id = u.organisation_id WHERE u.partnership_id = $1 AND u.email = $2`, pid, email).
		Scan(&id, &d.Account.Name, &d.Account.Email, &d.Account.JobTitle, &d.Account.Phone, &d.Account.Organisation, &d.Account.Status, &d.Account.Created)
	if errors.Is(err, pgx.ErrNoRows) {
		return d, ErrNoSuchPerson
	}
	if err != nil {
		return d, fmt.Errorf("retention: subject: %w", err)
	}
	if d.Memberships, err = database.All[struct {
		Body, Role string
		From       time.Time
		Until      *time.Time
	}](ctx, s.DB, "retention: subject memberships", `SELECT b.name, m.role, m.starts_on, m.ends_on FROM membership m JOIN body b ON b.id = m.body_id
		WHERE m.user_id = $1 ORDER BY m.starts_on`, id); err != nil {
		return d, err
	}
	if d.Requests, err = database.All[struct {
		Reference, Kind, Status, Title, Outcome string
		Answers                                 json.RawMessage
		Created                                 time.Time
		Submitted                               *time.Time
	}](ctx, s.DB, "retention: subject requests", `SELECT coalesce(reference, ''), kind, status, title, outcome, answers, created_at, submitted_at
		FROM intake_request WHERE requester_id = $1 ORDER BY created_at`, id); err != nil {
		return d, err
	}
	if d.Notices, err = database.All[struct{ Kind, Delivery string }](ctx, s.DB, "retention: subject notices",
		`SELECT kind, delivery FROM notice_preference WHERE user_id = $1 ORDER BY kind`, id); err != nil {
		return d, err
	}
	if d.Actions, err = database.All[struct {
		At                          time.Time
		Action, Outcome, Object, IP string
	}](ctx, s.DB, "retention: subject audit", `SELECT at, action, outcome, object_type || ' ' || object_id, ip FROM audit_log
		WHERE actor_id = $1 ORDER BY at DESC, id DESC LIMIT $2`, id, maxAuditLines); err != nil {
		return d, err
	}
	return d, app.Read(ctx, s.DB, a, app.Event{Action: audit.SubjectAccessExport, ObjectType: "user", ObjectID: id})
}
