// Package pgcluster runs a private PostgreSQL cluster from PostgreSQL's own initdb and pg_ctl.
//
// The portal uses it when no DATABASE_URL is given, so that a fresh machine needs nothing but the
// PostgreSQL server package: the cluster lives in one folder, listens on a Unix socket inside that
// folder (no TCP port to collide with), is created on first use, keeps its data between runs and
// is stopped again by the process that started it. Tests use it with a loopback TCP port and a
// throw-away folder.
package pgcluster

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/database"
)

// The cluster's roles. Superuser, made by initdb, only creates the others and the database;
// OwnerRole owns the portal's database and runs its migrations; ServingRole is what the portal
// serves as: no superuser, owning nothing, with the privileges of database.ServingGroup.
const (
	Superuser   = "portal"
	OwnerRole   = "portal_owner"
	ServingRole = "portal_app"
)

// defaultPort names the socket file (.s.PGSQL.5432); with no TCP listener it collides with nothing.
const defaultPort = 5432

// maxSocketPath is the longest Unix socket path Linux accepts (sun_path less its terminating NUL).
const maxSocketPath = 107

// ErrNotInstalled is returned when neither PATH nor /usr/lib/postgresql holds initdb and pg_ctl.
var ErrNotInstalled = errors.New("PostgreSQL is not installed: install the server package " +
	"(Debian or Ubuntu: apt-get install postgresql), or set DATABASE_URL to an existing server")

// Options says where and how to run a cluster.
type Options struct {
	// Dir is the cluster's folder; it holds data/, run/ (the socket) and postgres.log.
	Dir string
	// TCPPort, when not zero, makes the cluster also listen on 127.0.0.1 at that port.
	TCPPort int
	// Ephemeral trades durability for speed (no fsync): for throw-away test clusters only.
	Ephemeral bool
	// Logger receives progress messages; nil discards them.
	Logger *slog.Logger
}

// Cluster is a running PostgreSQL cluster in a folder of its own.
type Cluster struct {
	opts    Options
	binDir  string
	dataDir string
	sockDir string
	port    int
	runAs   *syscall.Credential // set when running as root: the unprivileged owner of the cluster
	started bool                // this process started (or adopted) the server, so it stops it
}

// Start creates the cluster in opts.Dir if it does not exist yet and starts its server. A server
// already running there for another live portal process is shared and left running by Stop.
func Start(ctx context.Context, opts Options) (*Cluster, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	binDir, err := findBinDir()
	if err != nil {
		return nil, err
	}
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, fmt.Errorf("pgcluster: %w", err)
	}
	opts.Dir = dir
	c := &Cluster{
		opts:    opts,
		binDir:  binDir,
		dataDir: filepath.Join(dir, "data"),
		sockDir: filepath.Join(dir, "run"),
		port:    defaultPort,
	}
	if opts.TCPPort != 0 {
		c.port = opts.TCPPort
	}
	if n := len(c.socketPath()); n > maxSocketPath {
		return nil, fmt.Errorf("pgcluster: the socket path %s is %d characters, over the %d Linux allows: "+
			"choose a shorter PORTAL_DATA_DIR", c.socketPath(), n, maxSocketPath)
	}
	if os.Geteuid() == 0 {
		if c.runAs, err = unprivilegedUser(); err != nil {
			return nil, err
		}
	}
	if err := c.prepareDirs(); err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(c.dataDir, "PG_VERSION")); errors.Is(err, os.ErrNotExist) {
		opts.Logger.Info("creating PostgreSQL cluster", "dir", dir)
		if err := c.initdb(ctx); err != nil {
			return nil, err
		}
	}
	if err := c.writeSettings(); err != nil {
		return nil, err
	}
	if c.running(ctx) {
		if owner := c.ownerPID(); owner != 0 && owner != os.Getpid() && processAlive(owner) {
			opts.Logger.Info("using the PostgreSQL cluster another portal process started", "dir", dir, "pid", owner)
			return c, nil
		}
		opts.Logger.Info("adopting a PostgreSQL cluster left running", "dir", dir)
	} else {
		opts.Logger.Info("starting PostgreSQL", "dir", dir)
		if out, err := c.pgctl(ctx, "start", "-w", "-t", "60", "-l", c.logPath()); err != nil {
			return nil, fmt.Errorf("pgcluster: start: %w\n%s\n%s", err, out, c.logTail())
		}
	}
	c.started = true
	if err := os.WriteFile(c.ownerFile(), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		return nil, errors.Join(fmt.Errorf("pgcluster: %w", err), c.Stop(ctx))
	}
	return c, nil
}

// Stop stops the server if this process started it, waiting for it to shut down.
func (c *Cluster) Stop(ctx context.Context) error {
	if !c.started {
		return nil
	}
	c.started = false
	c.opts.Logger.Info("stopping PostgreSQL", "dir", c.opts.Dir)
	if out, err := c.pgctl(ctx, "stop", "-w", "-t", "30", "-m", "fast"); err != nil && c.running(ctx) {
		return fmt.Errorf("pgcluster: stop: %w\n%s", err, out)
	}
	_ = os.Remove(c.ownerFile())
	return nil
}

// ConnString returns a keyword/value connection string for database dbname over the Unix socket,
// as the superuser.
func (c *Cluster) ConnString(dbname string) string { return c.ConnStringAs(Superuser, dbname) }

// ConnStringAs is ConnString for another role (OwnerRole, ServingRole): the socket, closed to
// other local users, is trusted, so no password is needed.
func (c *Cluster) ConnStringAs(role, dbname string) string {
	return fmt.Sprintf("host=%s port=%d user=%s dbname=%s sslmode=disable", c.sockDir, c.port, role, dbname)
}

// Port returns the port the cluster listens on (TCP on 127.0.0.1 only when Options.TCPPort is set).
func (c *Cluster) Port() int { return c.port }

// EnsureDatabase creates the owner and serving roles if the cluster does not have them yet (a
// cluster made by an older portal) and database name owned by OwnerRole; a database the
// superuser owns (made by an older portal) is handed to OwnerRole with everything in it.
func (c *Cluster) EnsureDatabase(ctx context.Context, name string) error {
	conn, err := pgx.Connect(ctx, c.ConnString("postgres"))
	if err != nil {
		return fmt.Errorf("pgcluster: connect: %w", err)
	}
	defer conn.Close(ctx)
	if err := database.EnsureRole(ctx, conn, OwnerRole, "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"); err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	}
	if err := database.EnsureServingRole(ctx, conn, ServingRole, ""); err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	}
	var owner string
	err = conn.QueryRow(ctx, `SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = $1`, name).Scan(&owner)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		_, err = conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()+" OWNER "+OwnerRole)
		if err != nil {
			return fmt.Errorf("pgcluster: create database %s: %w", name, err)
		}
		return nil
	case err != nil:
		return fmt.Errorf("pgcluster: look up database %s: %w", name, err)
	case owner == Superuser:
		return c.handToOwner(ctx, name)
	}
	return nil
}

// handToOwner gives OwnerRole the database an older portal made as the superuser, and every
// table, sequence, function and type in it, so that migrations can go on as the owner.
func (c *Cluster) handToOwner(ctx context.Context, name string) error {
	c.opts.Logger.Info("handing the database to its owner role", "database", name, "owner", OwnerRole)
	conn, err := pgx.Connect(ctx, c.ConnString(name))
	if err != nil {
		return fmt.Errorf("pgcluster: connect: %w", err)
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, `
DO $$
DECLARE
    r record;
BEGIN
    EXECUTE format('ALTER DATABASE %I OWNER TO `+OwnerRole+`', current_database());
    FOR r IN SELECT c.oid::regclass AS name FROM pg_class c
        WHERE c.relnamespace = 'public'::regnamespace AND c.relowner = current_user::regrole
          AND c.relkind IN ('r', 'p', 'v', 'm', 'f') LOOP
        EXECUTE format('ALTER TABLE %s OWNER TO `+OwnerRole+`', r.name);
    END LOOP;
    FOR r IN SELECT c.oid::regclass AS name FROM pg_class c
        WHERE c.relnamespace = 'public'::regnamespace AND c.relowner = current_user::regrole
          AND c.relkind = 'S' LOOP
        EXECUTE format('ALTER SEQUENCE %s OWNER TO `+OwnerRole+`', r.name);
    END LOOP;
    FOR r IN SELECT p.oid::regprocedure AS name FROM pg_proc p
        WHERE p.pronamespace = 'public'::regnamespace AND p.proowner = current_user::regrole LOOP
        EXECUTE format('ALTER ROUTINE %s OWNER TO `+OwnerRole+`', r.name);
    END LOOP;
    FOR r IN SELECT t.oid::regtype AS name, t.typtype FROM pg_type t
        WHERE t.typnamespace = 'public'::regnamespace AND t.typowner = current_user::regrole
          AND t.typtype IN ('e', 'd', 'r') LOOP
        EXECUTE format('ALTER %s %s OWNER TO `+OwnerRole+`', CASE r.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, r.name);
    END LOOP;
END;
$$`)
	if err != nil {
		return fmt.Errorf("pgcluster: hand database %s to %s: %w", name, OwnerRole, err)
	}
	return nil
}

func (c *Cluster) socketPath() string {
	return filepath.Join(c.sockDir, ".s.PGSQL."+strconv.Itoa(c.port))
}
func (c *Cluster) logPath() string   { return filepath.Join(c.opts.Dir, "postgres.log") }
func (c *Cluster) ownerFile() string { return filepath.Join(c.opts.Dir, "portal.pid") }

// prepareDirs creates the cluster's folders, owned by the user the server runs as and closed to
// everyone else: the socket's folder is what keeps other local users out.
func (c *Cluster) prepareDirs() error {
	// Folders above the cluster's must stay open to its owner (initdb refuses to run as root).
	if err := os.MkdirAll(filepath.Dir(c.opts.Dir), 0o755); err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	}
	if c.runAs != nil {
		if err := c.checkReachable(filepath.Dir(c.opts.Dir)); err != nil {
			return err
		}
	}
	for _, d := range []string{c.opts.Dir, c.sockDir} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return fmt.Errorf("pgcluster: %w", err)
		}
		if c.runAs != nil {
			if err := os.Chown(d, int(c.runAs.Uid), int(c.runAs.Gid)); err != nil {
				return fmt.Errorf("pgcluster: %w", err)
			}
		}
	}
	return nil
}

// checkReachable makes sure the cluster's owner can pass through dir and every folder above it,
// which a folder made private to root (a test's temporary folder, /root) does not allow.
func (c *Cluster) checkReachable(dir string) error {
	for d := dir; ; d = filepath.Dir(d) {
		fi, err := os.Stat(d)
		if err != nil {
			return fmt.Errorf("pgcluster: %w", err)
		}
		st, ok := fi.Sys().(*syscall.Stat_t)
		mode := fi.Mode().Perm()
		open := mode&0o001 != 0 ||
			(ok && st.Uid == c.runAs.Uid && mode&0o100 != 0) ||
			(ok && st.Gid == c.runAs.Gid && mode&0o010 != 0)
		if !open {
			return fmt.Errorf("pgcluster: the folder %s is closed to the unprivileged user (uid %d) that runs "+
				"PostgreSQL when the portal runs as root: choose a PORTAL_DATA_DIR it can reach, or open the folder "+
				"(chmod o+x %s)", d, c.runAs.Uid, d)
		}
		if d == filepath.Dir(d) {
			return nil
		}
	}
}

func (c *Cluster) initdb(ctx context.Context) error {
	args := []string{"-D", c.dataDir, "-U", Superuser, "--auth=trust", "-E", "UTF8", "--locale=C"}
	if c.opts.Ephemeral {
		args = append(args, "--no-sync")
	}
	if out, err := c.run(ctx, "initdb", args...); err != nil {
		return fmt.Errorf("pgcluster: initdb: %w\n%s", err, out)
	}
	conf, err := os.OpenFile(filepath.Join(c.dataDir, "postgresql.conf"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	}
	defer conf.Close()
	_, err = conf.WriteString("\n# Written by the portal: where to listen is rewritten at every start.\ninclude_if_exists = 'portal.conf'\n")
	return err
}

// writeSettings rewrites portal.conf, included from postgresql.conf, so that the folder can move.
func (c *Cluster) writeSettings() error {
	listen := ""
	if c.opts.TCPPort != 0 {
		listen = "127.0.0.1"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "listen_addresses = '%s'\n", listen)
	fmt.Fprintf(&b, "port = %d\n", c.port)
	fmt.Fprintf(&b, "unix_socket_directories = '%s'\n", strings.ReplaceAll(c.sockDir, "'", "''"))
	b.WriteString("unix_socket_permissions = 0700\n")
	if c.opts.Ephemeral {
		b.WriteString("fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n")
	}
	path := filepath.Join(c.dataDir, "portal.conf")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	}
	if c.runAs != nil {
		return os.Chown(path, int(c.runAs.Uid), int(c.runAs.Gid))
	}
	return nil
}

// running reports whether a server is running on the data folder.
func (c *Cluster) running(ctx context.Context) bool {
	_, err := c.pgctl(ctx, "status")
	return err == nil
}

func (c *Cluster) ownerPID() int {
	b, err := os.ReadFile(c.ownerFile())
	if err != nil {
		return 0
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	return pid
}

func (c *Cluster) logTail() string {
	b, err := os.ReadFile(c.logPath())
	if err != nil {
		return ""
	}
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return string(b)
}

func (c *Cluster) pgctl(ctx context.Context, action string, args ...string) ([]byte, error) {
	return c.run(ctx, "pg_ctl", append([]string{action, "-D", c.dataDir, "-s"}, args...)...)
}

// run runs one of PostgreSQL's programs as the cluster's owner, in a process group of its own so
// that a Ctrl-C meant for the portal reaches the server only through Stop.
func (c *Cluster) run(ctx context.Context, program string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, filepath.Join(c.binDir, program), args...)
	cmd.Dir = c.opts.Dir
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Credential: c.runAs}
	return cmd.CombinedOutput()
}

// findBinDir finds the folder holding initdb, pg_ctl and postgres: first through PATH, then the
// newest version under /usr/lib/postgresql, where Debian installs them off PATH.
func findBinDir() (string, error) {
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil && hasPrograms(filepath.Dir(real)) {
			return filepath.Dir(real), nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if hasPrograms(d) {
			return d, nil
		}
	}
	return "", ErrNotInstalled
}

// Program returns the path of one of PostgreSQL's client programs (pg_dump, pg_restore) of the
// same installation as the server the portal runs, or an error saying it is missing.
func Program(name string) (string, error) {
	dir, err := findBinDir()
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, name)
	if _, err := os.Stat(path); err != nil {
		return "", fmt.Errorf("pgcluster: %s is not installed next to initdb in %s (Debian or Ubuntu: apt-get install postgresql-client)", name, dir)
	}
	return path, nil
}

func hasPrograms(dir string) bool {
	for _, p := range []string{"initdb", "pg_ctl", "postgres"} {
		if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
			return false
		}
	}
	return true
}

// version reads the major version out of /usr/lib/postgresql/<version>/bin.
func version(binDir string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return v
}

// unprivilegedUser returns the credentials to run the cluster as when the portal runs as root,
// which initdb refuses: the "postgres" system user that the server package creates.
func unprivilegedUser() (*syscall.Credential, error) {
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("pgcluster: running as root, and initdb refuses root: there is no unprivileged " +
			"'postgres' user to run the cluster as (installing the postgresql package creates one), " +
			"so run the portal as an ordinary user or set DATABASE_URL")
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
}

func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// WaitReady waits until the server accepts connections or ctx ends; pg_ctl -w already waits, so
// this matters only for a server another process is still starting.
func (c *Cluster) WaitReady(ctx context.Context) error {
	for {
		conn, err := pgx.Connect(ctx, c.ConnString("postgres"))
		if err == nil {
			return conn.Close(ctx)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("pgcluster: not ready: %w", err)
		case <-time.After(100 * time.Millisecond):
		}
	}
}
