package main

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/scp-portal/portal/internal/config"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/pgcluster"
)

// databaseName is the database the portal uses in its own cluster.
const databaseName = "portal"

// portalDB is the portal's database as two roles see it: Pool connects as the role the portal
// serves as (DATABASE_URL; no superuser, owning nothing), migrateURL as the role that owns the
// tables and runs the migrations (MIGRATE_DATABASE_URL).
type portalDB struct {
	Pool       *pgxpool.Pool
	migrateURL string
	// migrateAsServing: no MIGRATE_DATABASE_URL was given, so the serving role migrates.
	migrateAsServing bool
	log              *slog.Logger
}

// openDatabase connects to DATABASE_URL or, when it is not set, to the portal's own cluster under
// the data folder, starting it first and making its roles. close closes the pool and stops a
// cluster it started.
func openDatabase(ctx context.Context, cfg config.Config, log *slog.Logger) (db *portalDB, close func(), err error) {
	db = &portalDB{log: log}
	serveURL := cfg.DatabaseURL
	var cluster *pgcluster.Cluster
	if serveURL == "" {
		cluster, err = pgcluster.Start(ctx, pgcluster.Options{Dir: filepath.Join(cfg.DataDir, "pg"), Logger: log})
		if err != nil {
			return nil, nil, err
		}
		if err := cluster.EnsureDatabase(ctx, databaseName); err != nil {
			stopCluster(cluster, log)
			return nil, nil, err
		}
		serveURL = cluster.ConnStringAs(pgcluster.ServingRole, databaseName)
		db.migrateURL = cluster.ConnStringAs(pgcluster.OwnerRole, databaseName)
	} else {
		db.migrateURL = cfg.MigrateDatabaseURL
		if db.migrateURL == "" {
			db.migrateURL, db.migrateAsServing = serveURL, true
		}
	}
	db.Pool, err = database.Open(ctx, serveURL)
	if err != nil {
		if cluster != nil {
			stopCluster(cluster, log)
		}
		return nil, nil, fmt.Errorf("%w (check DATABASE_URL)", err)
	}
	if cluster == nil {
		warnIfPrivileged(ctx, db.Pool, log)
	}
	return db, func() {
		db.Pool.Close()
		if cluster != nil {
			stopCluster(cluster, log)
		}
	}, nil
}

// warnIfPrivileged warns when DATABASE_URL's role is a superuser, which no grant binds: it could
// switch the audit log's triggers off.
func warnIfPrivileged(ctx context.Context, pool *pgxpool.Pool, log *slog.Logger) {
	var super bool
	err := pool.QueryRow(ctx, `SELECT rolsuper FROM pg_roles WHERE rolname = current_user`).Scan(&super)
	if err == nil && super {
		log.Warn("DATABASE_URL connects as a superuser, which can switch the audit log's protections off: " +
			"serve as a member of " + database.ServingGroup + " (docs/operations.md)")
	}
}

// migrator runs fn with a Migrator connected as the owner role, closing the connection after.
func (db *portalDB) migrator(ctx context.Context, fn func(m *database.Migrator) error) error {
	if db.migrateAsServing {
		db.log.Warn("MIGRATE_DATABASE_URL is not set: the portal migrates as the role it serves as, which then owns " +
			"the tables and can change the audit log; give migrations an owner role of their own (docs/operations.md)")
	}
	pool, err := database.Open(ctx, db.migrateURL, func(c *pgxpool.Config) { c.MaxConns = 2 })
	if err != nil {
		return fmt.Errorf("%w (check MIGRATE_DATABASE_URL)", err)
	}
	defer pool.Close()
	m, err := database.NewPoolMigrator(pool, true)
	if err != nil {
		return err
	}
	defer m.Close()
	return fn(m)
}

// migrateUp applies every pending migration as the owner role.
func (db *portalDB) migrateUp(ctx context.Context) error {
	return db.migrator(ctx, func(m *database.Migrator) error { return m.Up(ctx, db.log) })
}

// stopCluster stops the portal's own cluster, on a context of its own: the one the portal ran on
// has usually ended by then.
func stopCluster(c *pgcluster.Cluster, log *slog.Logger) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := c.Stop(ctx); err != nil {
		log.Error("stopping PostgreSQL", "err", err)
	}
}
