package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"sync"
	"time"

	"log/slog"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/scp-portal/portal/internal/bulletins"
	"github.com/scp-portal/portal/internal/config"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/mail"
	"github.com/scp-portal/portal/internal/onboarding"
	"github.com/scp-portal/portal/internal/reviews"
	"github.com/scp-portal/portal/internal/server"
)

// serve runs the portal until ctx ends (SIGINT or SIGTERM), then shuts down in order: stop
// accepting, drain in-flight requests for at most PORTAL_SHUTDOWN_TIMEOUT, close the pool, stop
// the portal's own cluster.
func serve(ctx context.Context, stopSignals func(), cfg config.Config, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	migrateOnStart := fs.Bool("migrate", true, "apply pending migrations at start-up, under a Postgres session lock; "+
		"with -migrate=false the portal refuses to start on a schema that is not exactly its own")
	demo := fs.Bool("demo", false, "load the demo data (password from PORTAL_DEMO_PASSWORD) when the database has no partnership yet")
	if err := fs.Parse(args); err != nil {
		return err
	}
	log := cfg.Logger()

	db, closeDB, err := openDatabase(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer closeDB()
	pool := db.Pool
	if *migrateOnStart {
		err = db.migrateUp(ctx)
	} else {
		err = checkSchema(ctx, pool)
	}
	if err != nil {
		return err
	}

	if *demo {
		if err := seedDemoIfEmpty(ctx, pool, cfg, log); err != nil {
			return err
		}
	}

	deps := server.NewDeps(pool, log, server.Settings{
		BaseURL:        cfg.BaseURL.String(),
		HTTPS:          cfg.HTTPS(),
		MaxBodyBytes:   cfg.MaxBodyBytes,
		RequestTimeout: cfg.RequestTimeout,
		SessionIdle:    cfg.SessionIdleTimeout,
		SessionMaxAge:  cfg.SessionMaxAge,
		PublishMonths:  cfg.CSPRPublishMonths,
		TrustedProxies: cfg.TrustedProxies,
	})
	srv := server.New(deps).HTTPServer(cfg.Addr)

	// Background work, safe to run in every process: the outbox and the housekeeping.
	jobs, stopJobs := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	defer func() { stopJobs(); wg.Wait() }()
	worker := &mail.Worker{DB: pool, Sender: mailSender(cfg, log), Log: log, Interval: 5 * time.Second}
	wg.Go(func() { worker.Run(jobs) })
	wg.Go(func() { housekeeping(jobs, deps, log) })

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	log.Info("serving", "url", cfg.BaseURL.String(), "addr", ln.Addr().String())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	stopSignals() // a second Ctrl-C now ends the process at once
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Warn("in-flight requests cut short", "err", err)
		_ = srv.Close()
	}
	return nil
}

// checkSchema refuses a schema that is not exactly the portal's, as the serving role: a process
// started with -migrate=false needs no owner's credentials.
func checkSchema(ctx context.Context, pool *pgxpool.Pool) error {
	m, err := database.NewPoolMigrator(pool, true)
	if err != nil {
		return err
	}
	defer m.Close()
	return m.Check(ctx)
}

// mailSender sends over SMTP when PORTAL_SMTP_ADDR is set, and otherwise writes each message to a
// file under the data folder (mail/), never to the log.
func mailSender(cfg config.Config, log *slog.Logger) mail.Sender {
	if cfg.SMTPAddr == "" {
		return mail.FileSender{Dir: filepath.Join(cfg.DataDir, "mail"), Log: log}
	}
	return mail.SMTPSender{Addr: cfg.SMTPAddr, From: cfg.MailFrom, Username: cfg.SMTPUsername, Password: cfg.SMTPPassword}
}

// housekeeping deletes expired sessions, old sign-in failures and spent links, and sends the
// reminders of rapid reviews at risk, every ten minutes.
func housekeeping(ctx context.Context, deps server.Deps, log *slog.Logger) {
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		if _, err := deps.Sessions.PruneSessions(ctx); err != nil && ctx.Err() == nil {
			log.Error("housekeeping", "err", err)
		}
		if err := deps.Identity.PruneFailures(ctx); err != nil && ctx.Err() == nil {
			log.Error("housekeeping", "err", err)
		}
		// The bulletin throttle's spent requests, and addresses never confirmed in time.
		if err := bulletins.Prune(ctx, deps.DB, time.Now()); err != nil && ctx.Err() == nil {
			log.Error("housekeeping", "err", err)
		}
		// Directory files checked but never imported, with the names and addresses they hold.
		if _, err := onboarding.PruneImports(ctx, deps.DB, time.Now()); err != nil && ctx.Err() == nil {
			log.Error("housekeeping", "err", err)
		}
		// Reminders of rapid reviews at risk: each is sent once, however often this runs.
		if cal, err := reviews.Calendar(ctx, deps.DB); err != nil {
			log.Error("housekeeping", "err", err)
		} else if _, err := reviews.SendReminders(ctx, deps.DB, cal, time.Now(), deps.Identity.BaseURL); err != nil && ctx.Err() == nil {
			log.Error("rapid review reminders", "err", err)
		}
		jobsOfNoticesAndRetention(ctx, deps, log)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
