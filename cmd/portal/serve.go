package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"

	"github.com/scp-portal/portal/internal/config"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/server"
)

// serve runs the portal until ctx ends (SIGINT or SIGTERM), then shuts down in order: stop
// accepting, drain in-flight requests for at most PORTAL_SHUTDOWN_TIMEOUT, close the pool, stop
// the portal's own cluster.
func serve(ctx context.Context, stopSignals func(), cfg config.Config, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	migrateOnStart := fs.Bool("migrate", true, "apply pending migrations at start-up, under a Postgres session lock; "+
		"with -migrate=false the portal refuses to start on a schema that is not exactly its own")
	if err := fs.Parse(args); err != nil {
		return err
	}
	log := cfg.Logger()

	pool, closeDB, err := openDatabase(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer closeDB()

	m, err := database.NewPoolMigrator(pool, true)
	if err != nil {
		return err
	}
	if *migrateOnStart {
		err = m.Up(ctx, log)
	} else {
		err = m.Check(ctx)
	}
	m.Close()
	if err != nil {
		return err
	}

	srv := server.New(server.Deps{
		DB:             pool,
		Log:            log,
		MaxBodyBytes:   cfg.MaxBodyBytes,
		RequestTimeout: cfg.RequestTimeout,
		HTTPS:          cfg.HTTPS(),
	}).HTTPServer(cfg.Addr)

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
