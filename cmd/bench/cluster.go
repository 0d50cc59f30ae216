package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/pgcluster"
)

// dataset is one database the pages are measured on, made once by the portal's own seed command
// and reused by later runs.
type dataset struct {
	name string
	db   string   // database name in the benchmark's cluster
	seed []string // the portal's arguments that fill it
}

var datasetsByName = map[string]dataset{
	"demo":   {name: "demo", db: "bench_demo", seed: []string{"seed", "demo"}},
	"volume": {name: "volume", db: "bench_volume", seed: []string{"seed", "volume"}},
}

// cluster is the benchmark's PostgreSQL cluster.
type cluster struct {
	pg  *pgcluster.Cluster
	dir string
}

func startCluster(ctx context.Context, dir string, log *slog.Logger) (*cluster, error) {
	pg, err := pgcluster.Start(ctx, pgcluster.Options{Dir: filepath.Join(dir, "pg"), Logger: log})
	if err != nil {
		return nil, err
	}
	return &cluster{pg: pg, dir: dir}, nil
}

func (c *cluster) stop(log *slog.Logger) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := c.pg.Stop(ctx); err != nil {
		log.Error("stopping PostgreSQL", "err", err)
	}
}

// env is the portal's environment for database db: serving as the serving role, migrating as the
// owner, as in production (docs/operations.md).
func (c *cluster) env(db string, extra ...string) []string {
	env := append(os.Environ(),
		"DATABASE_URL="+c.pg.ConnStringAs(pgcluster.ServingRole, db),
		"MIGRATE_DATABASE_URL="+c.pg.ConnStringAs(pgcluster.OwnerRole, db),
		"PORTAL_DATA_DIR="+c.dir,
		"PORTAL_DEMO_PASSWORD="+demoPassword,
		"PORTAL_LOG_LEVEL=warn")
	return append(env, extra...)
}

// ensure returns the database of d, making it first when it is missing: into a database of
// another name, renamed when the seed has finished, so that a run cut short leaves nothing half
// made to be reused.
func (c *cluster) ensure(ctx context.Context, d dataset, o options, log *slog.Logger) (string, error) {
	admin, err := pgx.Connect(ctx, c.pg.ConnString("postgres"))
	if err != nil {
		return "", err
	}
	defer admin.Close(ctx)
	var exists bool
	if err := admin.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, d.db).Scan(&exists); err != nil {
		return "", err
	}
	if exists {
		log.Info("reusing the data set", "name", d.name, "database", d.db)
		return d.db, nil
	}
	making := d.db + "_making"
	if _, err := admin.Exec(ctx, "DROP DATABASE IF EXISTS "+making); err != nil {
		return "", err
	}
	if err := c.pg.EnsureDatabase(ctx, making); err != nil {
		return "", err
	}
	args := d.seed
	if d.name == "volume" {
		args = append(args, "-partnerships", strconv.Itoa(o.partnerships), "-scale", strconv.FormatFloat(o.scale, 'f', -1, 64))
	}
	log.Info("making the data set (once)", "name", d.name, "portal", args)
	start := time.Now()
	if err := c.runPortal(ctx, o, making, args...); err != nil {
		return "", fmt.Errorf("making data set %s: %w", d.name, err)
	}
	// The retention schedule applied once, as a running installation's daily job would have:
	// otherwise the portal's first pass (anonymising years of expired requests) runs during the
	// first pages measured.
	if err := c.runPortal(ctx, o, making, "retention", "run"); err != nil {
		return "", fmt.Errorf("making data set %s: retention: %w", d.name, err)
	}
	if _, err := admin.Exec(ctx, "ALTER DATABASE "+making+" RENAME TO "+d.db); err != nil {
		return "", err
	}
	log.Info("data set made", "name", d.name, "took", time.Since(start).Round(time.Second))
	return d.db, nil
}

// runPortal runs one of the portal's commands on database db to its end, its output on stderr.
func (c *cluster) runPortal(ctx context.Context, o options, db string, args ...string) error {
	cmd := exec.CommandContext(ctx, o.portal, args...)
	cmd.Env = c.env(db, "PORTAL_LOG_LEVEL=info")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	return cmd.Run()
}
