// Package database is the portal's PostgreSQL plumbing: the connection pool and the schema
// migrations. Domain packages own their SQL; this package only connects and migrates.
package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/scp-portal/portal/migrations"
)

// Open connects a pool to the database at url and checks that it answers. Options adjust the
// pool's configuration (tests add a query tracer).
func Open(ctx context.Context, url string, options ...func(*pgxpool.Config)) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("database: parse connection string: %w", err)
	}
	cfg.ConnConfig.RuntimeParams["application_name"] = "portal"
	cfg.ConnConfig.RuntimeParams["timezone"] = "UTC"
	// The portal's queries are short and index-led: PostgreSQL's JIT compiled some list queries
	// at volume for about 34 ms each, more than the queries themselves took (issue #15). Statements
	// are already prepared and cached per connection (pgx's default QueryExecModeCacheStatement).
	cfg.ConnConfig.RuntimeParams["jit"] = "off"
	for _, o := range options {
		o(cfg)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("database: open pool: %w", err)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := pool.Ping(pingCtx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("database: connect: %w", err)
	}
	return pool, nil
}

// Migrator applies the embedded migrations to one database.
type Migrator struct {
	db       *sql.DB
	provider *goose.Provider
}

// NewMigrator returns a Migrator over db. With lock set, it holds a Postgres session lock while it
// migrates, so that several portal processes starting at once apply each migration once.
func NewMigrator(db *sql.DB, lock bool) (*Migrator, error) {
	var opts []goose.ProviderOption
	if lock {
		locker, err := newLocker()
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(goose.DialectPostgres, db, migrations.FS, opts...)
	if err != nil {
		return nil, fmt.Errorf("database: migrations: %w", err)
	}
	return &Migrator{db: db, provider: p}, nil
}

// NewPoolMigrator returns a Migrator over pool; Close releases what it holds, not the pool.
func NewPoolMigrator(pool *pgxpool.Pool, lock bool) (*Migrator, error) {
	db := stdlib.OpenDBFromPool(pool)
	m, err := NewMigrator(db, lock)
	if err != nil {
		db.Close()
		return nil, err
	}
	return m, nil
}

func newLocker() (lock.SessionLocker, error) {
	l, err := lock.NewPostgresSessionLocker()
	if err != nil {
		return nil, fmt.Errorf("database: migration lock: %w", err)
	}
	return l, nil
}

// Close releases the Migrator's database handle.
func (m *Migrator) Close() error { return m.db.Close() }

// ErrSchemaTooNew means the database was migrated by a newer portal than this one.
var ErrSchemaTooNew = errors.New("database: the schema is newer than this portal knows: run the newer portal, or migrate down with it first")

// ErrSchemaBehind means migrations are pending and this process was told not to apply them.
var ErrSchemaBehind = errors.New("database: the schema is behind this portal: run `portal migrate up`")

// Versions returns the database's schema version and the newest version this portal knows.
func (m *Migrator) Versions(ctx context.Context) (current, known int64, err error) {
	current, err = m.provider.GetDBVersion(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("database: read schema version: %w", err)
	}
	sources := m.provider.ListSources()
	return current, sources[len(sources)-1].Version, nil
}

// Check refuses a schema this portal cannot run on: newer than it knows, or behind it.
func (m *Migrator) Check(ctx context.Context) error {
	current, known, err := m.Versions(ctx)
	switch {
	case err != nil:
		return err
	case current > known:
		return fmt.Errorf("%w (database at %d, portal knows up to %d)", ErrSchemaTooNew, current, known)
	case current < known:
		return fmt.Errorf("%w (database at %d, portal at %d)", ErrSchemaBehind, current, known)
	}
	return nil
}

// Up applies every pending migration, refusing first if the schema is newer than this portal.
func (m *Migrator) Up(ctx context.Context, log *slog.Logger) error {
	if err := m.Check(ctx); err != nil && !errors.Is(err, ErrSchemaBehind) {
		return err
	}
	results, err := m.provider.Up(ctx)
	if err != nil {
		return fmt.Errorf("database: migrate up: %w", err)
	}
	for _, r := range results {
		log.Info("migrated", "version", r.Source.Version, "file", r.Source.Path, "took", r.Duration)
	}
	return nil
}

// Down rolls back the newest applied migration.
func (m *Migrator) Down(ctx context.Context, log *slog.Logger) error {
	r, err := m.provider.Down(ctx)
	if err != nil {
		return fmt.Errorf("database: migrate down: %w", err)
	}
	log.Info("rolled back", "version", r.Source.Version, "file", r.Source.Path)
	return nil
}

// Status lists every known migration and when it was applied.
func (m *Migrator) Status(ctx context.Context) ([]*goose.MigrationStatus, error) {
	s, err := m.provider.Status(ctx)
	if err != nil {
		return nil, fmt.Errorf("database: migration status: %w", err)
	}
	return s, nil
}
