package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/scp-portal/portal/internal/config"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/retention"
)

// retentionCommand runs `portal retention run [-dry-run]`: what the periodic job does, at once
// and to the end, saying what it did (or, with -dry-run, would do) by partnership and record type.
func retentionCommand(ctx context.Context, cfg config.Config, args []string) error {
	if len(args) == 0 || args[0] != "run" {
		return fmt.Errorf("usage: portal retention run [-dry-run]")
	}
	fs := flag.NewFlagSet("retention run", flag.ContinueOnError)
	dry := fs.Bool("dry-run", false, "say what would be deleted or anonymised, and change nothing")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	db, closeDB, err := openDatabase(ctx, cfg, cfg.Logger())
	if err != nil {
		return err
	}
	defer closeDB()
	return runRetention(ctx, db.Pool, time.Now(), *dry, os.Stdout)
}

// runRetention runs the job in batches until nothing more has expired (one batch in a dry run,
// which changes nothing for the next to find) and reports on out.
func runRetention(ctx context.Context, db database.Beginner, now time.Time, dry bool, out io.Writer) error {
	type key struct {
		pid int64
		t   retention.Type
	}
	counts := map[key]int{}
	var order []key
	for range 1000 {
		done, err := retention.Run(ctx, db, now, dry)
		for _, d := range done {
			k := key{d.PartnershipID, d.Type}
			if counts[k] == 0 {
				order = append(order, k)
			}
			counts[k]++
		}
		if err != nil {
			return err
		}
		if dry || len(done) == 0 {
			break
		}
	}
	verb := "Done"
	if dry {
		verb = "Dry run, nothing changed; a run would have done"
	}
	if len(order) == 0 {
		fmt.Fprintln(out, "Nothing has expired.")
		return nil
	}
	fmt.Fprintf(out, "%s:\n", verb)
	for _, k := range order {
		what := "anonymised"
		if k.t == retention.DraftRequest {
			what = "deleted"
		}
		d, _ := retention.DefaultOf(k.t)
		fmt.Fprintf(out, "  partnership %d: %d %s %s\n", k.pid, counts[k], d.Label, what)
	}
	return nil
}
