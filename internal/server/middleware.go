package server

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"regexp"
	"runtime/debug"
	"strings"
	"time"

	"github.com/scp-portal/portal/internal/intake"
)

// middleware wraps h in what every request passes through, outermost first: a request id, the
// access log, panic recovery, security headers, the body limit, cross-origin protection and the
// request timeout.
func (s *Server) middleware(h http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.Log.WarnContext(r.Context(), "cross-origin request refused", "request_id", requestID(r.Context()),
			"method", r.Method, "path", loggedPath(r), "origin", r.Header.Get("Origin"))
		s.errorPage(w, r, http.StatusForbidden, "This request came from another website, so the portal refused it. "+
			"If you pressed a button on the portal itself, go back, reload the page and try again.")
	}))
	h = s.timeout(h)
	h = cop.Handler(h)
	h = s.limitBody(h)
	h = s.securityHeaders(h)
	h = s.recoverPanics(h)
	h = s.accessLog(h)
	h = s.assignRequestID(h)
	return s.forwardedClient(h)
}

// forwardedClient puts the client's address into RemoteAddr when the connection comes from a
// trusted load balancer, so that sign-in throttling, sessions and the audit log see the person,
// not the balancer. The client is the right-most X-Forwarded-For entry that is not itself a
// trusted proxy: entries to its left are whatever the client chose to send.
func (s *Server) forwardedClient(h http.Handler) http.Handler {
	if len(s.TrustedProxies) == 0 {
		return h
	}
	trusted := func(a netip.Addr) bool {
		for _, p := range s.TrustedProxies {
			if p.Contains(a.Unmap()) {
				return true
			}
		}
		return false
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		peer, err := netip.ParseAddrPort(r.RemoteAddr)
		if err == nil && trusted(peer.Addr()) {
			hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
			for i := len(hops) - 1; i >= 0; i-- {
				a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
				if err != nil {
					break // a malformed hop: keep the balancer's address rather than guess
				}
				if !trusted(a) {
					r.RemoteAddr = netip.AddrPortFrom(a.Unmap(), 0).String()
					break
				}
			}
		}
		h.ServeHTTP(w, r)
	})
}

type ctxKey int

const requestIDKey ctxKey = iota

// requestID returns the id of the request ctx belongs to, or "".
func requestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

var idEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// newRequestID returns a random id, short enough to read out over the phone.
func newRequestID() string {
	b := make([]byte, 10)
	_, _ = rand.Read(b)
	return idEncoding.EncodeToString(b)
}

// assignRequestID gives every request a fresh id, in its context and the X-Request-Id header. An
// id sent by the client is not trusted.
func (s *Server) assignRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := newRequestID()
		w.Header().Set("X-Request-Id", id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey, id)))
	})
}

// recorder remembers the status and size of a response for the access log and the panic handler.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (rw *recorder) WriteHeader(status int) {
	if rw.status == 0 {
		rw.status = status
	}
	rw.ResponseWriter.WriteHeader(status)
}

func (rw *recorder) Write(b []byte) (int, error) {
	if rw.status == 0 {
		rw.status = http.StatusOK
	}
	n, err := rw.ResponseWriter.Write(b)
	rw.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection underneath.
func (rw *recorder) Unwrap() http.ResponseWriter { return rw.ResponseWriter }

// accessLog logs one line per request: id, method, path (never the query, which may hold what a
// person typed), status, bytes and duration.
func (s *Server) accessLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &recorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		s.Log.InfoContext(r.Context(), "request",
			"request_id", requestID(r.Context()),
			"method", r.Method,
			"path", loggedPath(r),
			"status", rec.status,
			"bytes", rec.bytes,
			"duration", time.Since(start))
	})
}

// recoverPanics turns a panic in a handler into a logged error and the 500 page.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.Log.ErrorContext(r.Context(), "panic", "request_id", requestID(r.Context()),
				"panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			if rec, ok := w.(*recorder); ok && rec.status != 0 {
				return // the response has begun: nothing more can be sent
			}
			s.serverError(w, r, fmt.Errorf("panic: %v", v))
		}()
		next.ServeHTTP(w, r)
	})
}

// contentSecurityPolicy allows only the portal's own scripts, styles and images: no inline script,
// no framing.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// securityHeaders sets the headers that keep browsers strict with the portal's pages.
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
		if s.HTTPS || r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

// maxDrain is how much of an oversized body is read and thrown away so that the browser, still
// sending, receives the 413 page instead of a reset connection.
const maxDrain = 64 << 20

// limitBody refuses a body over the limit with 413: at once when its declared length is too big,
// and through http.MaxBytesReader, whose error parseForm turns into the
// same page, when it is sent without one.
func (s *Server) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limit, uploads := s.bodyLimit(r)
		if r.ContentLength > limit {
			_, _ = io.Copy(io.Discard, io.LimitReader(r.Body, maxDrain))
			w.Header().Set("Connection", "close")
			if uploads {
				s.formTooLarge(w, r, &http.MaxBytesError{Limit: limit})
				return
			}
			s.tooLarge(w, r)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		next.ServeHTTP(w, r)
	})
}

// uploadForms are the forms that take supporting documents: their bodies may hold every file.
var uploadForms = regexp.MustCompile(`^/[a-z0-9-]+/kloe/(new|[0-9]+/edit)$`)

// bodyLimit is the largest body the request may have, and whether it is a form with documents.
func (s *Server) bodyLimit(r *http.Request) (int64, bool) {
	if r.Method == http.MethodPost && uploadForms.MatchString(r.URL.Path) {
		return max(s.MaxBodyBytes, intake.MaxFiles*intake.MaxFileSize+1<<20), true
	}
	return s.MaxBodyBytes, false
}

// noStore keeps browsers and proxies from keeping a copy of pages with personal information.
func noStore(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}

// timeout ends the request's context after the configured time, so that database work stops.
func (s *Server) timeout(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), s.RequestTimeout)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// secretSegment is a path segment holding a one-time link's secret: 43 base64url characters.
var secretSegment = regexp.MustCompile(`/[A-Za-z0-9_-]{43}(/|$)`)

// loggedPath is the request's path as logs and the audit log may hold it: the secret of a
// one-time link (reset, verification, invitation) is replaced, so reading a log never gives
// anyone a working link.
func loggedPath(r *http.Request) string {
	return secretSegment.ReplaceAllString(r.URL.Path, "/{secret}$1")
}
