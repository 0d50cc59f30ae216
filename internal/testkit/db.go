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
// process starts in a temporary folder on a free loopback port.
func dbServer() (pgtestdb.Config, error) {
	clusterOnce.Do(func() {
		if url := os.Getenv("DATABASE_URL"); url != "" {
			serverConf, clusterErr = configFromURL(url)
			return
		}
		serverConf, clusterErr = startCluster()
	})
	return serverConf, clusterErr
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
	return newDB(t)
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
	return newDB(t, func(cfg *pgxpool.Config) { cfg.ConnConfig.Tracer = c }), c
}

func newDB(t testing.TB, options ...func(*pgxpool.Config)) *pgxpool.Pool {
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
	return pool
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
