package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/scp-portal/portal/internal/config"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/seed"
	"github.com/scp-portal/portal/internal/volume"
)

// seedCommand runs `portal seed demo` and `portal seed volume`.
func seedCommand(ctx context.Context, cfg config.Config, args []string) error {
	if len(args) > 0 && args[0] == "volume" {
		return seedVolume(ctx, cfg, args[1:])
	}
	if len(args) != 1 || args[0] != "demo" {
		return fmt.Errorf("usage: portal seed demo | portal seed volume [-partnerships N] [-scale F]")
	}
	log := cfg.Logger()
	db, closeDB, err := openDatabase(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer closeDB()
	if err := db.migrateUp(ctx); err != nil {
		return err
	}
	return loadDemo(ctx, db.Pool, cfg, log)
}

// seedDemoIfEmpty loads the demo data into a database with no partnership yet: `make run`.
func seedDemoIfEmpty(ctx context.Context, pool *pgxpool.Pool, cfg config.Config, log *slog.Logger) error {
	var any bool
	if err := pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM partnership)`).Scan(&any); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	if any {
		return nil
	}
	return loadDemo(ctx, pool, cfg, log)
}

func loadDemo(ctx context.Context, pool *pgxpool.Pool, cfg config.Config, log *slog.Logger) error {
	if cfg.DemoPassword == "" {
		return fmt.Errorf("seed: set PORTAL_DEMO_PASSWORD to the password the demo accounts should have")
	}
	n, err := seed.Demo(ctx, pool, cfg.DemoPassword, time.Now(), true)
	if err != nil {
		return err
	}
	log.Info("demo data loaded", "partnerships", n, "accounts", len(seed.DemoAccounts()))
	return nil
}

// seedVolume runs `portal seed volume`: the demo (if the database has no partnership yet), then a
// national installation's records on top, as the owner of the tables (docs/benchmarks.md).
func seedVolume(ctx context.Context, cfg config.Config, args []string) error {
	flags := flag.NewFlagSet("portal seed volume", flag.ContinueOnError)
	partnerships := flags.Int("partnerships", volume.National.Partnerships, "partnerships to add on top of the demo's")
	scale := flags.Float64("scale", volume.National.Scale, "the records' size: 1 is national (300,000 requests, 4.5 million audit entries)")
	if err := flags.Parse(args); err != nil {
		return err
	}
	log := cfg.Logger()
	db, closeDB, err := openDatabase(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer closeDB()
	if err := db.migrateUp(ctx); err != nil {
		return err
	}
	if err := seedDemoIfEmpty(ctx, db.Pool, cfg, log); err != nil {
		return err
	}
	owner, err := database.Open(ctx, db.migrateURL, func(c *pgxpool.Config) { c.MaxConns = 3 })
	if err != nil {
		return fmt.Errorf("%w (check MIGRATE_DATABASE_URL)", err)
	}
	defer owner.Close()
	start := time.Now()
	c, err := volume.Generate(ctx, owner, volume.Size{Partnerships: *partnerships, Scale: *scale}, time.Now(), log)
	if err != nil {
		return err
	}
	if _, err := owner.Exec(ctx, `ANALYZE`); err != nil {
		return fmt.Errorf("volume: analyze: %w", err)
	}
	log.Info("volume data loaded", "took", time.Since(start).Round(time.Second), "partnerships", c.Partnerships,
		"people", c.People, "requests", c.Requests, "triage", c.Triage, "themes", c.Themes, "commissions", c.Commissions,
		"recommendations", c.Recommendations, "actions", c.Actions, "rapid_reviews", c.Reviews,
		"local_reviews", c.LocalReviews, "audit_entries", c.Audit)
	return nil
}
