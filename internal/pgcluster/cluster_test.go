package pgcluster_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/pgcluster"
)

// TestClusterKeepsDataBetweenRuns creates a cluster, writes to it, stops it, starts it again from
// the same folder and reads the data back: what `make run` twice relies on.
func TestClusterKeepsDataBetweenRuns(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	dir := filepath.Join(openTempDir(t), "pg")
	opts := pgcluster.Options{Dir: dir, Ephemeral: false}

	c, err := pgcluster.Start(ctx, opts)
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	if err := c.EnsureDatabase(ctx, "portal"); err != nil {
		t.Fatalf("ensure database: %v", err)
	}
	if err := c.EnsureDatabase(ctx, "portal"); err != nil {
		t.Fatalf("ensure database a second time: %v", err)
	}
	exec(t, ctx, c, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')")
	if err := c.Stop(ctx); err != nil {
		t.Fatalf("stop: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "data", "postmaster.pid")); !os.IsNotExist(err) {
		t.Fatalf("the server is still running after Stop (postmaster.pid: %v)", err)
	}

	c, err = pgcluster.Start(ctx, opts)
	if err != nil {
		t.Fatalf("start again: %v", err)
	}
	defer c.Stop(ctx)
	conn, err := pgx.Connect(ctx, c.ConnString("portal"))
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	defer conn.Close(ctx)
	var v string
	if err := conn.QueryRow(ctx, "SELECT v FROM kept").Scan(&v); err != nil || v != "still here" {
		t.Fatalf("data after restart = %q, %v; want %q", v, err, "still here")
	}
}

// TestClusterListensOnlyOnItsSocket checks that the default cluster opens no TCP port: its only
// way in is the socket inside its own folder.
func TestClusterListensOnlyOnItsSocket(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	dir := filepath.Join(openTempDir(t), "pg")
	c, err := pgcluster.Start(ctx, pgcluster.Options{Dir: dir, Ephemeral: true})
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	defer c.Stop(ctx)
	if _, err := os.Stat(filepath.Join(dir, "run", ".s.PGSQL.5432")); err != nil {
		t.Fatalf("no socket in the cluster's folder: %v", err)
	}
	conn, err := pgx.Connect(ctx, c.ConnString("postgres"))
	if err != nil {
		t.Fatalf("connect over the socket: %v", err)
	}
	defer conn.Close(ctx)
	var listen string
	if err := conn.QueryRow(ctx, "SHOW listen_addresses").Scan(&listen); err != nil || listen != "" {
		t.Fatalf("listen_addresses = %q, %v; want none", listen, err)
	}
}

func TestSocketPathTooLongIsRefusedWithAReason(t *testing.T) {
	long := filepath.Join(t.TempDir(), "a-folder-name-long-enough-to-push-the-socket-path-past-the-limit-of-linux-sockets-and-then-some")
	_, err := pgcluster.Start(context.Background(), pgcluster.Options{Dir: long})
	if err == nil {
		t.Fatal("started a cluster whose socket path is too long to bind")
	}
	if want := "choose a shorter PORTAL_DATA_DIR"; !strings.Contains(err.Error(), want) {
		t.Fatalf("error %q does not say %q", err, want)
	}
}

func exec(t *testing.T, ctx context.Context, c *pgcluster.Cluster, sql string) {
	t.Helper()
	conn, err := pgx.Connect(ctx, c.ConnString("portal"))
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		t.Fatalf("exec: %v", err)
	}
}

// openTempDir returns a temporary folder the unprivileged owner of the cluster can pass through
// when the tests run as root (t.TempDir is private to its creator).
func openTempDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "pgcluster-test-")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// TestPrivateParentFolderIsNamed checks the message a root user gets for a data folder that the
// cluster's unprivileged owner cannot reach.
func TestPrivateParentFolderIsNamed(t *testing.T) {
	if os.Geteuid() != 0 {
		return // only root hands the cluster to another user
	}
	private := t.TempDir() // mode 0700, owned by root
	_, err := pgcluster.Start(context.Background(), pgcluster.Options{Dir: filepath.Join(private, "pg")})
	if err == nil || !strings.Contains(err.Error(), "is closed to the unprivileged user") {
		t.Fatalf("error = %v; want it to name the closed folder", err)
	}
}

// TestEnsureDatabaseMakesTheRolesAndHandsOverAnOlderDatabase: a cluster an older portal made has
// only the superuser, which owns the database and its tables. EnsureDatabase creates the owner
// and serving roles and hands everything to the owner, so migrations go on as the owner and the
// portal serves as a role that is no superuser and owns nothing.
func TestEnsureDatabaseMakesTheRolesAndHandsOverAnOlderDatabase(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	c, err := pgcluster.Start(ctx, pgcluster.Options{Dir: filepath.Join(openTempDir(t), "pg"), Ephemeral: true})
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	defer c.Stop(ctx)
	// What an older portal left: the database and its objects owned by the superuser.
	conn, err := pgx.Connect(ctx, c.ConnString("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, "CREATE DATABASE portal"); err != nil {
		t.Fatal(err)
	}
	conn.Close(ctx)
	exec(t, ctx, c, `CREATE TABLE kept (id bigint GENERATED ALWAYS AS IDENTITY, v text);
		CREATE SEQUENCE loose; CREATE TYPE colour AS ENUM ('red'); CREATE DOMAIN short AS text;
		CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'; CREATE VIEW v AS SELECT 1 AS one`)

	if err := c.EnsureDatabase(ctx, "portal"); err != nil {
		t.Fatalf("ensure database: %v", err)
	}
	conn, err = pgx.Connect(ctx, c.ConnStringAs(pgcluster.OwnerRole, "portal"))
	if err != nil {
		t.Fatalf("connect as the owner: %v", err)
	}
	defer conn.Close(ctx)
	var notOwned []string
	rows, err := conn.Query(ctx, `
		SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relowner <> current_user::regrole
		UNION ALL SELECT proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace AND proowner <> current_user::regrole
		UNION ALL SELECT typname FROM pg_type WHERE typnamespace = 'public'::regnamespace AND typowner <> current_user::regrole
		UNION ALL SELECT datname FROM pg_database WHERE datname = current_database() AND datdba <> current_user::regrole`)
	if err == nil {
		notOwned, err = pgx.CollectRows(rows, pgx.RowTo[string])
	}
	if err != nil || len(notOwned) != 0 {
		t.Fatalf("objects the owner role does not own: %v, %v", notOwned, err)
	}
	// The owner can now change what it was given, as a migration would.
	if _, err := conn.Exec(ctx, `ALTER TABLE kept ADD COLUMN w text`); err != nil {
		t.Fatalf("the owner alters its table: %v", err)
	}

	serving, err := pgx.Connect(ctx, c.ConnStringAs(pgcluster.ServingRole, "portal"))
	if err != nil {
		t.Fatalf("connect as the serving role: %v", err)
	}
	defer serving.Close(ctx)
	var super, member bool
	err = serving.QueryRow(ctx, `SELECT rolsuper, pg_has_role(current_user, 'portal_serving', 'MEMBER')
		FROM pg_roles WHERE rolname = current_user`).Scan(&super, &member)
	if err != nil || super || !member {
		t.Fatalf("serving role: superuser %v, member of portal_serving %v, %v", super, member, err)
	}

	// At the next start nothing is left to do.
	if err := c.EnsureDatabase(ctx, "portal"); err != nil {
		t.Fatalf("ensure database a second time: %v", err)
	}
}
