package server

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/scp-portal/portal/web"
)

// routes is the route table: every path the portal serves, read top to bottom.
func (s *Server) routes() http.Handler {
	r := chi.NewRouter()
	r.NotFound(s.notFound)
	r.MethodNotAllowed(s.methodNotAllowed)

	// Operations: for load balancers and monitoring, not people.
	r.Get("/healthz", s.healthz)
	r.Get("/readyz", s.readyz)

	// Assets, named by their content hash.
	r.Handle(web.StaticPrefix+"*", web.StaticHandler(http.HandlerFunc(s.notFound)))

	// Public pages.
	r.Get("/", s.home)
	r.Get("/accessibility", s.accessibility)

	return r
}
