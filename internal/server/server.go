// Package server is the portal's HTTP layer: the route table, the middleware every request passes
// through, and thin handlers that parse input, ask the access policy, call a domain package and
// render a templ page. It holds no state between requests: several processes can serve one
// database behind a load balancer.
package server

import (
	"context"
	"log/slog"
	"net/http"
	"time"
)

// Pinger is what the readiness check needs of the database.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Deps is everything the HTTP layer needs from the outside, wired in cmd/portal.
type Deps struct {
	DB             Pinger
	Log            *slog.Logger
	MaxBodyBytes   int64         // larger request bodies get 413
	RequestTimeout time.Duration // a handler's context ends after this
	HTTPS          bool          // users reach the portal over HTTPS: send HSTS
}

// Server is the portal's http.Handler.
type Server struct {
	Deps
	handler http.Handler
}

// New builds the Server: its routes behind the shared middleware.
func New(d Deps) *Server {
	s := &Server{Deps: d}
	s.handler = s.middleware(s.routes())
	return s
}

// ServeHTTP serves one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// HTTPServer returns an http.Server for s with timeouts that keep slow or idle clients from
// holding connections open.
func (s *Server) HTTPServer(addr string) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       s.RequestTimeout + 30*time.Second,
		WriteTimeout:      s.RequestTimeout + 10*time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.Log.Handler(), slog.LevelWarn),
	}
}
