// Package server is the portal's HTTP layer: the route table, the middleware every request passes
// through, and thin handlers that parse input, ask the access policy, call a domain package and
// render a templ page. It holds no state between requests: several processes can serve one
// database behind a load balancer.
package server

import (
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/scp-portal/portal/internal/agendas"
	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/assurance"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/budget"
	"github.com/scp-portal/portal/internal/bulletins"
	"github.com/scp-portal/portal/internal/caseaudits"
	"github.com/scp-portal/portal/internal/challenges"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/disputes"
	"github.com/scp-portal/portal/internal/documents"
	"github.com/scp-portal/portal/internal/identity"
	"github.com/scp-portal/portal/internal/intake"
	"github.com/scp-portal/portal/internal/learning"
	"github.com/scp-portal/portal/internal/library"
	"github.com/scp-portal/portal/internal/meetings"
	"github.com/scp-portal/portal/internal/notices"
	"github.com/scp-portal/portal/internal/onboarding"
	"github.com/scp-portal/portal/internal/overview"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/internal/reports"
	"github.com/scp-portal/portal/internal/retention"
	"github.com/scp-portal/portal/internal/reviews"
	"github.com/scp-portal/portal/internal/scrutiny"
	"github.com/scp-portal/portal/internal/sharing"
	"github.com/scp-portal/portal/internal/signoff"
	"github.com/scp-portal/portal/internal/training"
)

// DB is what the HTTP layer needs of the database: queries, transactions and a readiness ping.
// A *pgxpool.Pool is one.
type DB interface {
	database.Beginner
	Ping(ctx context.Context) error
}

// Deps is everything the HTTP layer needs from the outside, wired in cmd/portal: its settings,
// and the domain services its handlers call.
type Deps struct {
	Settings
	DB          DB
	Log         *slog.Logger
	Sessions    *identity.SessionStore
	Guard       app.Guard // the access policy, with refusals audited
	Identity    *identity.Service
	Partnership *partnership.Service
	Intake      *intake.Service
	Learning    *learning.Service
	Reviews     *reviews.Service
	Overview    *overview.Service
	Meetings    *meetings.Service
	Reports     *reports.Service
	Documents   *documents.Service
	SignOff     *signoff.Service
	Challenges  *challenges.Service
	Disputes    *disputes.Service
	Onboarding  *onboarding.Service
	Library     *library.Service // the public library across partnerships (feat-pub)
	Notices     *notices.Service
	Retention   *retention.Service
	Scrutiny    *scrutiny.Service  // independent scrutiny reports (feat-scrutiny)
	Sharing     *sharing.Service   // what partnerships share with each other (feat-multi)
	Assurance   *assurance.Service // self-assessment audits (feat-assurance)
	// CaseAudits are multi-agency case audits (feat-caseaudit).
	CaseAudits *caseaudits.Service
	Training   *training.Service  // the training programme, bookings and evaluations (feat-training)
	Bulletins  *bulletins.Service // the monthly e-bulletin and its subscribers (feat-bulletins)
	Budget     *budget.Service    // the pooled budget (feat-bulletins)
}

// Server is the portal's http.Handler.
type Server struct {
	Deps
	router  chi.Router
	handler http.Handler
}

// New builds the Server: its routes behind the shared middleware.
func New(d Deps) *Server {
	if d.Now == nil {
		d.Now = time.Now
	}
	s := &Server{Deps: d}
	s.router = s.routes()
	s.handler = s.middleware(s.router)
	return s
}

// Route is one method and path pattern the portal serves.
type Route struct{ Method, Pattern string }

// Routes lists every route of the route table, for the route matrix test.
func (s *Server) Routes() []Route {
	var list []Route
	_ = chi.Walk(s.router, func(method, pattern string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		list = append(list, Route{Method: method, Pattern: pattern})
		return nil
	})
	return list
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

// Settings are the HTTP layer's settings from configuration.
type Settings struct {
	BaseURL        string           // where people reach the portal, for links in e-mails
	HTTPS          bool             // people reach the portal over HTTPS: send HSTS
	MaxBodyBytes   int64            // larger request bodies get 413
	RequestTimeout time.Duration    // a handler's context ends after this
	SessionIdle    time.Duration    // a session ends after this long unused
	SessionMaxAge  time.Duration    // and after this long whatever
	PublishMonths  int              // a local CSPR's publication target; 0 means reviews.DefaultPublishMonths
	TrustedProxies []netip.Prefix   // load balancers whose X-Forwarded-For is believed
	Now            func() time.Time // the clock of every service; nil is the real one
}

// NewDeps wires the HTTP layer's dependencies over db: the one place that does, for the binary
// and the tests alike.
func NewDeps(db DB, log *slog.Logger, c Settings) Deps {
	if c.Now == nil {
		c.Now = time.Now
	}
	sessions := identity.NewSessionStore(db, c.HTTPS, c.SessionIdle, c.SessionMaxAge)
	sessions.Now = c.Now
	// The services' database writes audited reads in groups (docs/decisions.md); all else is db's.
	env := app.Env{DB: audit.Grouped(db), BaseURL: c.BaseURL, Now: c.Now}
	return Deps{Settings: c, DB: db, Log: log, Sessions: sessions, Guard: app.Guard{DB: db},
		Identity:    &identity.Service{Env: env},
		Partnership: &partnership.Service{Env: env},
		Intake:      &intake.Service{Env: env},
		Learning:    &learning.Service{Env: env},
		Reviews:     &reviews.Service{Env: env},
		Overview:    &overview.Service{Env: env},
		Meetings:    &meetings.Service{Env: env, Calendar: reviews.Calendar, Sources: agendas.Sources},
		Reports:     &reports.Service{Env: env},
		Documents:   &documents.Service{Env: env},
		SignOff:     &signoff.Service{Env: env},
		Challenges:  &challenges.Service{Env: env},
		Disputes:    &disputes.Service{Env: env},
		Onboarding:  &onboarding.Service{Env: env},
		Library:     &library.Service{Env: env},
		Notices:     &notices.Service{Env: env},
		Retention:   &retention.Service{Env: env},
		Scrutiny:    &scrutiny.Service{Env: env},
		Sharing:     &sharing.Service{Env: env},
		Assurance:   &assurance.Service{Env: env},
		CaseAudits:  &caseaudits.Service{Env: env},
		Training:    &training.Service{Env: env},
		Bulletins:   &bulletins.Service{Env: env},
		Budget:      &budget.Service{Env: env},
	}
}
