package main

import (
	"context"
	"fmt"
	"os"
	"text/tabwriter"
	"time"

	"github.com/scp-portal/portal/internal/config"
	"github.com/scp-portal/portal/internal/database"
)

// migrate runs `portal migrate up|down|status`.
func migrate(ctx context.Context, cfg config.Config, args []string) error {
	if len(args) != 1 || (args[0] != "up" && args[0] != "down" && args[0] != "status") {
		return fmt.Errorf("usage: portal migrate up|down|status")
	}
	log := cfg.Logger()
	db, closeDB, err := openDatabase(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer closeDB()
	return db.migrator(ctx, func(m *database.Migrator) error {
		switch args[0] {
		case "up":
			return m.Up(ctx, log)
		case "down":
			return m.Down(ctx, log)
		}
		return printStatus(ctx, m)
	})
}

// printStatus lists the migrations and when each was applied.
func printStatus(ctx context.Context, m *database.Migrator) error {
	statuses, err := m.Status(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "VERSION\tFILE\tAPPLIED")
	for _, s := range statuses {
		applied := "pending"
		if !s.AppliedAt.IsZero() {
			applied = s.AppliedAt.UTC().Format(time.RFC3339)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\n", s.Source.Version, s.Source.Path, applied)
	}
	return tw.Flush()
}
