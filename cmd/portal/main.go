// Command portal is the Safeguarding Children Partnership Portal: one binary that serves the web
// portal and runs its maintenance tasks. Settings come from environment variables (README.md).
//
//	portal [serve]              serve the portal (the default)
//	portal migrate up|down|status
//	portal seed demo
//	portal seed volume [-partnerships N] [-scale F]
//	portal audit verify
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/scp-portal/portal/internal/config"
)

const usage = `Usage: portal <command> [flags]

Commands:
  serve                 serve the portal (the default command)
  migrate up            apply every pending schema migration
  migrate down          roll back the newest migration
  migrate status        list the migrations and when each was applied
  seed demo             load the demo partnerships and accounts (password: PORTAL_DEMO_PASSWORD)
  seed volume           load a national installation on top of the demo, for measuring
                        (-partnerships 150 -scale 1; docs/benchmarks.md)
  audit verify          check the audit log's hash chain; names the first entry that breaks it

Settings come from environment variables: see README.md.
`

func main() {
	if err := run(os.Args[1:]); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "portal:", err)
		}
		os.Exit(1)
	}
}

func run(args []string) error {
	cmd := "serve"
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	cfg, err := config.FromEnv()
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	switch cmd {
	case "serve":
		return serve(ctx, stop, cfg, args)
	case "migrate":
		return migrate(ctx, cfg, args)
	case "seed":
		return seedCommand(ctx, cfg, args)
	case "audit":
		return auditCommand(ctx, cfg, args)
	case "help", "-h", "--help":
		fmt.Print(usage)
		return nil
	}
	fmt.Fprint(os.Stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}
