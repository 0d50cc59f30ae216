package testkit

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/url"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver pgtestdb connects with
	"github.com/peterldowns/pgtestdb"

	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/pgcluster"
	"github.com/scp-portal/portal/migrations"
)

var (
	clusterOnce sync.Once
	cluster     *pgcluster.Cluster
	clusterDir  string
	serverConf  pgtestdb.Config
	clusterErr  error
)

// dbServer returns where test databases are made: DATABASE_URL when given, else a cluster this test
// process starts in a temporary folder on a free loopback port. It makes the serving roles there
// the first time.
func dbServer() (pgtestdb.Config, error) {
	clusterOnce.Do(func() {
		if url := os.Getenv("DATABASE_URL"); url != "" {
			serverConf, clusterErr = configFromURL(url)
		} else {
			serverConf, clusterErr = startCluster()
		}
		if clusterErr == nil {
			clusterErr = ensureServingRole(serverConf)
		}
	})
	return serverConf, clusterErr
}

// The login role NewServingDB connects as: a member of database.ServingGroup, like the portal's
// own serving role, with a password for a server given by DATABASE_URL (the test cluster trusts
// its loopback connections).
const (
	servingRole     = "portal_test_app"
	servingPassword = "portal-test-app"
)

// ensureServingRole creates the serving group (which the migrations grant to) and the tests'
// serving login role, before the template is migrated by pgtestdb's role, which may not.
func ensureServingRole(conf pgtestdb.Config) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, conf.URL())
	if err != nil {
		return fmt.Errorf("testkit: connect: %w", err)
	}
	defer conn.Close(ctx)
	if err := database.EnsureServingRole(ctx, conn, servingRole, servingPassword); err != nil {
		return fmt.Errorf("testkit: %w (the role of DATABASE_URL must be able to create roles)", err)
	}
	return nil
}

func startCluster() (pgtestdb.Config, error) {
	port, err := freePort()
	if err != nil {
		return pgtestdb.Config{}, err
	}
	clusterDir, err = os.MkdirTemp("", "portal-test-pg-")
	if err != nil {
		return pgtestdb.Config{}, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cluster, err = pgcluster.Start(ctx, pgcluster.Options{Dir: clusterDir, TCPPort: port, Ephemeral: true})
	if err != nil {
		_ = os.RemoveAll(clusterDir)
		return pgtestdb.Config{}, fmt.Errorf("%w\n(`make test` installs PostgreSQL where it can; or set DATABASE_URL to a server the tests may create databases on)", err)
	}
	return pgtestdb.Config{
		DriverName: "pgx",
		Host:       "127.0.0.1",
		Port:       strconv.Itoa(port),
		User:       pgcluster.Superuser,
		Database:   "postgres",
		Options:    "sslmode=disable",
	}, nil
}

func stopCluster() error {
	if cluster == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	err := cluster.Stop(ctx)
	cluster = nil
	if err == nil {
		err = os.RemoveAll(clusterDir)
	}
	return err
}

func configFromURL(url string) (pgtestdb.Config, error) {
	c, err := pgx.ParseConfig(url)
	if err != nil {
		return pgtestdb.Config{}, fmt.Errorf("testkit: DATABASE_URL: %w", err)
	}
	return pgtestdb.Config{
		DriverName: "pgx",
		Host:       c.Host,
		Port:       strconv.Itoa(int(c.Port)),
		User:       c.User,
		Password:   c.Password,
		Database:   c.Database,
		Options:    "sslmode=disable",
	}, nil
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("testkit: find a free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// NewDB returns a pool on a database of the test's own, migrated to the current schema. The
// database is dropped when the test passes and kept for a look when it fails.
func NewDB(t testing.TB) *pgxpool.Pool {
	t.Helper()
	pool, _ := newDB(t)
	return pool
}

// NewServingDB returns two pools on a database of the test's own: serving, connected as a member
// of database.ServingGroup as the portal serves in production, and owner, connected as the role
// that migrated it and owns its tables, for what the portal itself never does.
func NewServingDB(t testing.TB) (serving, owner *pgxpool.Pool) {
	t.Helper()
	owner, conf := newDB(t)
	return servingPool(t, conf), owner
}

// servingPool connects to the database of conf as the tests' serving role.
func servingPool(t testing.TB, conf pgtestdb.Config) *pgxpool.Pool {
	t.Helper()
	conf.User, conf.Password = servingRole, servingPassword
	pool, err := database.Open(context.Background(), conf.URL())
	if err != nil {
		t.Fatalf("testkit: connect as the serving role: %v", err)
	}
	t.Cleanup(pool.Close)
	return pool
}

// NewEmptyDB creates an empty database owned by the role that owns the tests' databases (as an
// administrator would create one to restore into) and returns its connection string; it is
// dropped when the test passes.
func NewEmptyDB(t testing.TB, name string) string {
	t.Helper()
	conf, err := dbServer()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	admin := conf.URL()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Fatalf("testkit: connect: %v", err)
	}
	defer conn.Close(ctx)
	name = fmt.Sprintf("%s_%d_%d", name, os.Getpid(), emptyDBs.Add(1))
	ident := pgx.Identifier{name}.Sanitize()
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+ident+" OWNER "+pgtestdb.DefaultRoleUsername); err != nil {
		t.Fatalf("testkit: create database: %v", err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			return
		}
		conn, err := pgx.Connect(ctx, admin)
		if err != nil {
			t.Errorf("testkit: connect: %v", err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP DATABASE "+ident+" WITH (FORCE)"); err != nil {
			t.Errorf("testkit: drop database: %v", err)
		}
	})
	conf.User, conf.Password, conf.Database = pgtestdb.DefaultRoleUsername, pgtestdb.DefaultRolePassword, name
	return conf.URL()
}

var emptyDBs atomic.Int64

// ServingURL is the connection string dbURL with the tests' serving role in place of its user.
func ServingURL(t testing.TB, dbURL string) string {
	t.Helper()
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatalf("testkit: %v", err)
	}
	u.User = url.UserPassword(servingRole, servingPassword)
	return u.String()
}

// QueryCounter counts the queries a pool runs, so tests can check that a page's queries do not
// grow with its rows.
type QueryCounter struct{ n atomic.Int64 }

// TraceQueryStart counts a query.
func (c *QueryCounter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	c.n.Add(1)
	return ctx
}

// TraceQueryEnd does nothing.
func (c *QueryCounter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// Count returns the queries run since the last Reset.
func (c *QueryCounter) Count() int64 { return c.n.Load() }

// Reset starts counting again from zero.
func (c *QueryCounter) Reset() { c.n.Store(0) }

// NewCountedDB is NewDB with a counter of the queries the pool runs.
func NewCountedDB(t testing.TB) (*pgxpool.Pool, *QueryCounter) {
	t.Helper()
	c := &QueryCounter{}
	pool, _ := newDB(t, func(cfg *pgxpool.Config) { cfg.ConnConfig.Tracer = c })
	return pool, c
}

// newDB returns a pool on a fresh migrated database, as the role that owns it, and its settings.
func newDB(t testing.TB, options ...func(*pgxpool.Config)) (*pgxpool.Pool, pgtestdb.Config) {
	t.Helper()
	requireMain(t)
	conf, err := dbServer()
	if err != nil {
		t.Fatalf("testkit: no PostgreSQL for the tests: %v", err)
	}
	dbConf := pgtestdb.Custom(t, conf, migrator{})
	pool, err := database.Open(context.Background(), dbConf.URL(), options...)
	if err != nil {
		t.Fatalf("testkit: %v", err)
	}
	t.Cleanup(pool.Close)
	return pool, *dbConf
}

// migrator builds pgtestdb's template database with the portal's own migration code.
type migrator struct{}

// Hash identifies the schema by the names and contents of the migration files.
func (migrator) Hash() (string, error) {
	h := sha256.New()
	err := fs.WalkDir(migrations.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := migrations.FS.ReadFile(path)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", path, len(b))
		h.Write(b)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil)), err
}

// Migrate applies every migration to the template database.
func (migrator) Migrate(ctx context.Context, db *sql.DB, _ pgtestdb.Config) error {
	m, err := database.NewMigrator(db, false)
	if err != nil {
		return err
	}
	return m.Up(ctx, slog.New(slog.DiscardHandler))
}
