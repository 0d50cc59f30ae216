package database

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"
)

// ServingGroup is the role the migrations grant the portal's serving privileges to
// (migrations/00015): read and write the operational tables, only read and append to the audit
// log, read the schema version, own nothing. The role the portal serves as is a member of it, so
// an installation names its login roles as it likes and the migrations need not know them.
const ServingGroup = "portal_serving"

// EnsureServingRole creates, through q, a connection of a role that may create roles, the serving
// group and the login role login as its member (with password, when not empty; the portal's own
// cluster trusts its socket instead). It is safe to run at every start and by several processes
// at once.
func EnsureServingRole(ctx context.Context, q Querier, login, password string) error {
	if err := EnsureRole(ctx, q, ServingGroup, "NOLOGIN"); err != nil {
		return err
	}
	if err := EnsureRole(ctx, q, login, "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"); err != nil {
		return err
	}
	if password != "" {
		if err := execFormatted(ctx, q, `SELECT format('ALTER ROLE %I PASSWORD %L', $1::text, $2::text)`, login, password); err != nil {
			return fmt.Errorf("database: set the password of %s: %w", login, err)
		}
	}
	if err := execFormatted(ctx, q, `SELECT format('GRANT %I TO %I', $1::text, $2::text)`, ServingGroup, login); err != nil {
		return fmt.Errorf("database: make %s a member of %s: %w", login, ServingGroup, err)
	}
	return nil
}

// EnsureRole creates role name with the given options (CREATE ROLE's words, not user input)
// unless it exists; a process creating it at the same moment is no error.
func EnsureRole(ctx context.Context, q Querier, name, options string) error {
	var exists bool
	if err := q.QueryRow(ctx, `SELECT EXISTS (SELECT FROM pg_roles WHERE rolname = $1)`, name).Scan(&exists); err != nil {
		return fmt.Errorf("database: look up role %s: %w", name, err)
	}
	if exists {
		return nil
	}
	err := execFormatted(ctx, q, `SELECT format('CREATE ROLE %I `+options+`', $1::text)`, name)
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && (pgErr.Code == "42710" || pgErr.Code == "23505") { // created meanwhile
		return nil
	}
	if err != nil {
		return fmt.Errorf("database: create role %s: %w", name, err)
	}
	return nil
}

// execFormatted runs the statement the query formats (format's %I and %L quote names and
// values: role statements take no parameters).
func execFormatted(ctx context.Context, q Querier, query string, args ...any) error {
	var stmt string
	if err := q.QueryRow(ctx, query, args...).Scan(&stmt); err != nil {
		return err
	}
	_, err := q.Exec(ctx, stmt)
	return err
}
