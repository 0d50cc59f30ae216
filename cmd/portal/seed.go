package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/scp-portal/portal/internal/config"
	"github.com/scp-portal/portal/internal/seed"
)

// seedCommand runs `portal seed demo`.
func seedCommand(ctx context.Context, cfg config.Config, args []string) error {
	if len(args) != 1 || args[0] != "demo" {
		return fmt.Errorf("usage: portal seed demo")
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
