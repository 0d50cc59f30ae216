package server

import (
	"context"
	"net/http"
	"regexp"

	"github.com/scp-portal/portal/internal/httpkit"
	"github.com/scp-portal/portal/internal/intake"
)

// middleware wraps h in what every request passes through, outermost first: the client's address
// behind a trusted load balancer, a request id, the access log, panic recovery, security headers,
// the body limit, cross-origin protection, the request timeout and the refusal of an unreadable
// path or query string. The plumbing is httpkit's; the
// pages it answers with are the portal's.
func (s *Server) middleware(h http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.Log.WarnContext(r.Context(), "cross-origin request refused", "request_id", requestID(r.Context()),
			"method", r.Method, "path", loggedPath(r), "origin", r.Header.Get("Origin"))
		s.errorPage(w, r, http.StatusForbidden, "This request came from another website, so the portal refused it. "+
			"If you pressed a button on the portal itself, go back, reload the page and try again.")
	}))
	h = httpkit.RefuseUnreadable(func(w http.ResponseWriter, r *http.Request) { s.errorPage(w, r, http.StatusBadRequest) })(h)
	h = httpkit.Timeout(s.RequestTimeout)(h)
	h = cop.Handler(h)
	h = httpkit.LimitBody(s.bodyLimit, func(w http.ResponseWriter, r *http.Request, limit int64) {
		if isUpload(r) {
			s.uploadsTooLarge(w, r)
			return
		}
		s.tooLarge(w, r)
	})(h)
	h = httpkit.SecurityHeaders(s.HTTPS)(h)
	h = httpkit.RecoverPanics(s.Log, s.serverError)(h)
	h = httpkit.AccessLog(s.Log)(h)
	h = httpkit.AssignRequestID(h)
	return httpkit.ForwardedClient(s.TrustedProxies)(h)
}

// uploadForms are the forms that take supporting documents: their bodies may hold every file.
var uploadForms = regexp.MustCompile(`^/[a-z0-9-]+/kloe/(new|[0-9]+/edit)$`)

func isUpload(r *http.Request) bool {
	return r.Method == http.MethodPost && uploadForms.MatchString(r.URL.Path)
}

// bodyLimit is the largest body the request may have: more for a form with documents.
func (s *Server) bodyLimit(r *http.Request) int64 {
	if isUpload(r) {
		return max(s.MaxBodyBytes, intake.MaxFiles*intake.MaxFileSize+1<<20)
	}
	return s.MaxBodyBytes
}

func requestID(ctx context.Context) string { return httpkit.RequestID(ctx) }
func loggedPath(r *http.Request) string    { return httpkit.LoggedPath(r) }
