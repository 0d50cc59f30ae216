package testkit

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/scp-portal/portal/internal/server"
)

// ServerOptions changes the test server's settings from those of a default portal.
type ServerOptions struct {
	MaxBodyBytes int64
	// Now is the server's clock; nil is the real one.
	Now func() time.Time
	// SessionIdle ends a session after this long unused; 0 is 30 minutes, the default.
	SessionIdle time.Duration
}

// StartServer runs the portal's real HTTP server, with its full middleware, over db on a free
// loopback port, and returns its base URL ("http://127.0.0.1:PORT"). Its log goes to the test's
// output, shown when the test fails.
func StartServer(t testing.TB, db server.DB, opts ServerOptions) string {
	t.Helper()
	if opts.MaxBodyBytes == 0 {
		opts.MaxBodyBytes = 1 << 20
	}
	if opts.SessionIdle == 0 {
		opts.SessionIdle = 30 * time.Minute
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("testkit: listen: %v", err)
	}
	base := "http://" + ln.Addr().String()
	deps := server.NewDeps(db, slog.New(slog.NewTextHandler(t.Output(), nil)), server.Settings{
		BaseURL:        base,
		MaxBodyBytes:   opts.MaxBodyBytes,
		RequestTimeout: 30 * time.Second,
		SessionIdle:    opts.SessionIdle,
		SessionMaxAge:  12 * time.Hour,
		Now:            opts.Now,
	})
	srv := server.New(deps).HTTPServer("")
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			t.Errorf("testkit: shut the server down: %v", err)
		}
		if err := <-done; !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("testkit: server: %v", err)
		}
	})
	return base
}
