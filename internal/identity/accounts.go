package identity

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/mail"
	"github.com/scp-portal/portal/internal/secrets"
)

// Statuses are the statuses of an account, with their names for people, in the order a filter
// offers them.
var Statuses = app.Choices{
	{Value: string(Pending), Label: "Waiting for approval"},
	{Value: string(Invited), Label: "Invited"},
	{Value: string(Unverified), Label: "E-mail not confirmed"},
	{Value: string(Active), Label: "Active"},
	{Value: string(Disabled), Label: "Disabled"},
}

// Subject returns who the signed-in person userID is, with the roles their current memberships
// give them; access.ErrNoSubject when they may no longer sign in (disabled, or gone).
func (s *Service) Subject(ctx context.Context, userID int64) (access.Subject, error) {
	return access.LoadSubject(ctx, s.DB, userID, s.Today())
}

// Listed is an account as the business unit's list of people shows it.
type Listed struct {
	ID        int64
	Name      string
	Email     string
	JobTitle  string
	OrgName   string
	Status    Status
	CreatedAt time.Time
	Joined    bool // a member through their account in another partnership (partnership_member)
	Elsewhere bool // an account of the partnership's own whose person belongs to another partnership too
}

// Users returns page p of the partnership's accounts, those waiting for approval first, then by
// name; only those of status when it is one of Statuses. The page is cut in the database
// (app_user_people), so it does not grow with the partnership.
func (s *Service) Users(ctx context.Context, partnershipID int64, status string, p app.Page) (app.Paged[Listed], error) {
	if !Statuses.Has(status) {
		status = ""
	}
	rows, err := database.All[Listed](ctx, s.DB, "identity: users", usersSQL, partnershipID, status, p.Limit(), p.Offset())
	return app.PageOf(rows, p), err
}

// ExportUsers downloads the partnership's accounts with status (empty: any), as the people page
// lists them, calling fn with each as it is read, after recording the download.
func (s *Service) ExportUsers(ctx context.Context, a app.Actor, status string, filters []string, fn func(Listed) error) error {
	if !Statuses.Has(status) {
		status = ""
	}
	if err := app.Exported(ctx, s.DB, a, "users", filters); err != nil {
		return err
	}
	whole := app.Page{}
	return database.Each(ctx, s.DB, pgx.RowToStructByPos[Listed], fn, "identity: users download", usersSQL,
		a.Partnership, status, whole.Limit(), whole.Offset())
}

// usersSQL lists a partnership's accounts ($1) with a status ($2, empty for any), those waiting
// for approval first, then by name, $3 of them (NULL: all) after the first $4, with the people
// who joined it with their account in another partnership (partnership_member: invited until
// they agree), in the same order. Each side is cut to the page's end in the database (the
// accounts in the order of the index app_user_people, so a page reads only its rows; those who
// joined are few), and only the page's people's organisations are looked up, and whether they
// belong to another partnership too.
const usersSQL = `
		SELECT u.id, u.name, u.email, u.job_title, coalesce(o.name, ''), u.status, u.created_at, u.joined,
		       NOT u.joined AND EXISTS (SELECT 1 FROM partnership_member e WHERE e.user_id = u.id AND e.status = 'active')
		FROM (SELECT * FROM ((SELECT id, name, email, job_title, organisation_id, status, created_at, false AS joined FROM app_user
		       WHERE partnership_id = $1 AND ($2 = '' OR status = $2)
		       ORDER BY status <> 'pending', lower(name), id LIMIT $3::bigint + $4::bigint)
		      UNION ALL
		      (SELECT a.id, a.name, a.email, a.job_title, m.organisation_id, CASE WHEN m.status = 'invited' THEN 'invited' ELSE a.status END,
		              m.invited_at, true
		       FROM partnership_member m JOIN app_user a ON a.id = m.user_id
		       WHERE m.partnership_id = $1 AND ($2 = '' OR (CASE WHEN m.status = 'invited' THEN 'invited' ELSE a.status END) = $2)
		       ORDER BY a.status <> 'pending', lower(a.name), a.id LIMIT $3::bigint + $4::bigint)) x
		      ORDER BY status <> 'pending', lower(name), id LIMIT $3 OFFSET $4) u
		LEFT JOIN organisation o ON o.id = u.organisation_id
		ORDER BY u.status <> 'pending', lower(u.name), u.id`

// StatusChange moves one of a partnership's accounts to status To, if it is in one of From.
type StatusChange struct {
	PartnershipID   int64
	PartnershipName string // for the e-mail of an approval
	UserID          int64
	To              Status
	From            []Status
}

// ChangeStatus makes the change and returns the account as it was. An account of another
// partnership is not found; one in none of in.From is a Conflict whose message, on "status",
// says where it is. Approving a registration e-mails the person; disabling an account ends its
// sessions at once.
func (s *Service) ChangeStatus(ctx context.Context, a app.Actor, in StatusChange) (User, error) {
	u, err := UserByID(ctx, s.DB, in.UserID)
	if err == nil && (u.PartnershipID == nil || *u.PartnershipID != in.PartnershipID) {
		err = ErrNotFound
	}
	if err != nil {
		return u, err
	}
	if !slices.Contains(in.From, u.Status) {
		return u, app.ConflictField("status", u.Name+" is "+strings.ToLower(Statuses.Label(string(u.Status)))+": nothing was changed")
	}
	return u, app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: audit.Action("user." + string(in.To)), ObjectType: "user", ObjectID: u.ID,
			Detail: string(u.Status) + " -> " + string(in.To)}
		if err := SetStatus(ctx, tx, u.ID, in.To); err != nil {
			return ev, err
		}
		if in.To == Active && u.Status == Pending {
			return ev, mail.Enqueue(ctx, tx, mail.Message{To: u.Email, Subject: "Your registration has been approved",
				Body: "The business unit of " + in.PartnershipName + " has approved your registration.\n\nSign in at " +
					s.BaseURL + "/sign-in\n"})
		}
		return ev, nil
	})
}

// SignOut ends the session sessionID of a, and records it, in one transaction: the cookie is
// worth nothing afterwards. Someone not signed in has nothing to record.
func (s *Service) SignOut(ctx context.Context, a app.Actor, sessionID string) error {
	if !a.SignedIn() {
		return deleteSession(ctx, s.DB, sessionID)
	}
	return app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		return app.Event{Action: audit.SignOut, ObjectType: "user", ObjectID: a.UserID, Partnership: a.Subject.PartnershipID},
			deleteSession(ctx, tx, sessionID)
	})
}

// deleteSession ends the session whose cookie holds id ("" for one never stored).
func deleteSession(ctx context.Context, q database.Querier, id string) error {
	if id == "" {
		return nil
	}
	if _, err := q.Exec(ctx, `DELETE FROM web_session WHERE id_hash = $1`, secrets.Hash(id)); err != nil {
		return fmt.Errorf("identity: sign out: %w", err)
	}
	return nil
}

// EndSession ends one of a's own sessions, named by its public id, and records it, in one
// transaction. It reports whether that was the session currentID, the one a acts through, whose
// cookie the caller then clears. Another person's session is never ended: the attempt is
// recorded all the same.
func (s *Service) EndSession(ctx context.Context, a app.Actor, publicID int64, currentID string) (current bool, err error) {
	err = app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: audit.SessionEnd, ObjectType: "session", ObjectID: publicID, Partnership: a.Subject.PartnershipID}
		err := tx.QueryRow(ctx, `DELETE FROM web_session WHERE user_id = $1 AND public_id = $2 RETURNING id_hash = $3`,
			a.UserID, publicID, secrets.Hash(currentID)).Scan(&current)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return ev, fmt.Errorf("identity: end session: %w", err)
		}
		return ev, nil
	})
	return current, err
}

// actor is u as the person acting in their own change (a registration, a one-time link).
func (u User) actor() *app.Actor {
	a := &app.Actor{Subject: access.Subject{UserID: u.ID, Email: u.Email}}
	if u.PartnershipID != nil {
		a.Partnership = *u.PartnershipID
	}
	return a
}
