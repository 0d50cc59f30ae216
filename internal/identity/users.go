// Package identity knows who people are: accounts, passwords, sessions, sign-in with throttling,
// registration, e-mail verification, password reset and invitations. It decides nothing about
// what a person may do; that is the access package's job.
package identity

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/scp-portal/portal/internal/app"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/database"
)

// Status is where an account is in its life.
type Status string

// Account statuses.
const (
	Invited    Status = "invited"    // the business unit invited them; they have not accepted yet
	Unverified Status = "unverified" // registered; e-mail address not yet confirmed
	Pending    Status = "pending"    // confirmed, waiting for the business unit's approval
	Active     Status = "active"
	Disabled   Status = "disabled"
)

// User is an account.
type User struct {
	ID              int64
	PartnershipID   *int64 // nil only for system administrators
	Email           string
	Name            string
	JobTitle        string
	Phone           string
	OrganisationID  *int64
	PasswordHash    string
	Status          Status
	IsSystemAdmin   bool
	IsDemo          bool
	EmailVerifiedAt *time.Time
	CreatedAt       time.Time
	Version         int
}

// ErrNotFound means there is no such account.
var ErrNotFound error = app.NotFoundError("identity: not found")

const userColumns = `id, partnership_id, email, name, job_title, phone, organisation_id, password_hash, status,
	is_system_admin, is_demo, email_verified_at, created_at, version`

// NormaliseEmail trims and lower-cases an address, or returns "" when it is not one.
func NormaliseEmail(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || !strings.Contains(s[strings.LastIndexByte(s, '@')+1:], ".") || len(s) > 254 {
		return ""
	}
	return s
}

// EmailDomain returns the part of a normalised address after the @.
func EmailDomain(email string) string {
	return email[strings.LastIndexByte(email, '@')+1:]
}

func userByQuery(ctx context.Context, q database.Querier, where string, arg any) (User, error) {
	return database.One[User](ctx, q, ErrNotFound, "identity: load user", `SELECT `+userColumns+` FROM app_user WHERE `+where, arg)
}

// UserByID loads an account by id.
func UserByID(ctx context.Context, q database.Querier, id int64) (User, error) {
	return userByQuery(ctx, q, "id = $1", id)
}

// UserByEmail loads an account by its normalised e-mail address.
func UserByEmail(ctx context.Context, q database.Querier, email string) (User, error) {
	return userByQuery(ctx, q, "email = $1", email)
}

// NewUser is what creating an account needs.
type NewUser struct {
	PartnershipID  *int64
	Email          string
	Name           string
	JobTitle       string
	Phone          string
	OrganisationID *int64
	Password       string // hashed here; empty leaves the account without one (invitations)
	Status         Status
	IsSystemAdmin  bool
	IsDemo         bool
	EmailVerified  bool
}

// ErrEmailTaken means an account with that e-mail address exists.
var ErrEmailTaken = errors.New("identity: e-mail address already has an account")

// CreateUser inserts an account through q and returns its id.
func CreateUser(ctx context.Context, q database.Querier, n NewUser) (int64, error) {
	hash := ""
	if n.Password != "" {
		var err error
		if hash, err = HashPassword(n.Password); err != nil {
			return 0, err
		}
	}
	var verifiedAt *time.Time
	if n.EmailVerified {
		now := time.Now()
		verifiedAt = &now
	}
	var id int64
	err := q.QueryRow(ctx, `
		INSERT INTO app_user (partnership_id, email, name, job_title, phone, organisation_id, password_hash, status,
			is_system_admin, is_demo, email_verified_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
		ON CONFLICT (email) DO NOTHING
		RETURNING id`,
		n.PartnershipID, n.Email, n.Name, n.JobTitle, n.Phone, n.OrganisationID, hash, n.Status,
		n.IsSystemAdmin, n.IsDemo, verifiedAt).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, ErrEmailTaken
	}
	if err != nil {
		return 0, fmt.Errorf("identity: create user: %w", err)
	}
	return id, nil
}

// SetPassword replaces a user's password and ends all their sessions: whoever knew the old one is
// signed out everywhere.
func SetPassword(ctx context.Context, q database.Querier, userID int64, password string) error {
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	if _, err := q.Exec(ctx, `UPDATE app_user SET password_hash = $2, version = version + 1 WHERE id = $1`, userID, hash); err != nil {
		return fmt.Errorf("identity: set password: %w", err)
	}
	return EndAllSessions(ctx, q, userID)
}

// SetStatus changes an account's status; disabling it ends all its sessions.
func SetStatus(ctx context.Context, q database.Querier, userID int64, s Status) error {
	if _, err := q.Exec(ctx, `UPDATE app_user SET status = $2, version = version + 1 WHERE id = $1`, userID, s); err != nil {
		return fmt.Errorf("identity: set status: %w", err)
	}
	if s == Disabled {
		return EndAllSessions(ctx, q, userID)
	}
	return nil
}
