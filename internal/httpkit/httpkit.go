// Package httpkit is the HTTP plumbing every request passes through, knowing nothing of the
// portal's pages: request ids, the client's address behind a load balancer, the access log, panic
// recovery, security headers, the body limit, the request timeout and no-store. The HTTP layer
// (internal/server) composes these and supplies the pages they answer with.
package httpkit

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"regexp"
	"runtime/debug"
	"strings"
	"time"
	"unicode/utf8"
)

// Middleware wraps a handler.
type Middleware = func(http.Handler) http.Handler

// ForwardedClient puts the client's address into RemoteAddr when the connection comes from a
// trusted load balancer, so that sign-in throttling, sessions and the audit log see the person,
// not the balancer. The client is the right-most X-Forwarded-For entry that is not itself a
// trusted proxy: entries to its left are whatever the client chose to send.
func ForwardedClient(trustedProxies []netip.Prefix) Middleware {
	trusted := func(a netip.Addr) bool {
		for _, p := range trustedProxies {
			if p.Contains(a.Unmap()) {
				return true
			}
		}
		return false
	}
	return func(h http.Handler) http.Handler {
		if len(trustedProxies) == 0 {
			return h
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
}

type ctxKey int

const requestIDKey ctxKey = iota

// RequestID returns the id of the request ctx belongs to, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

var idEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// AssignRequestID gives every request a fresh random id, short enough to read out over the phone,
// in its context and the X-Request-Id header. An id sent by the client is not trusted.
func AssignRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b := make([]byte, 10)
		_, _ = rand.Read(b)
		id := idEncoding.EncodeToString(b)
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

// AccessLog logs one line per request: id, method, path (never the query, which may hold what a
// person typed, nor a one-time link's secret), status, bytes and duration.
func AccessLog(log *slog.Logger) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			rec := &recorder{ResponseWriter: w}
			next.ServeHTTP(rec, r)
			if rec.status == 0 {
				rec.status = http.StatusOK
			}
			log.InfoContext(r.Context(), "request", "request_id", RequestID(r.Context()), "method", r.Method,
				"path", LoggedPath(r), "status", rec.status, "bytes", rec.bytes, "duration", time.Since(start))
		})
	}
}

// RecoverPanics turns a panic in a handler into a logged error and the answer of serverError,
// unless the response has already begun.
func RecoverPanics(log *slog.Logger, serverError func(http.ResponseWriter, *http.Request, error)) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer func() {
				v := recover()
				if v == nil {
					return
				}
				if v == http.ErrAbortHandler {
					panic(v)
				}
				log.ErrorContext(r.Context(), "panic", "request_id", RequestID(r.Context()),
					"panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				if rec, ok := w.(*recorder); ok && rec.status != 0 {
					return // the response has begun: nothing more can be sent
				}
				serverError(w, r, fmt.Errorf("panic: %v", v))
			}()
			next.ServeHTTP(w, r)
		})
	}
}

// contentSecurityPolicy allows only the portal's own scripts, styles and images: no inline script,
// no framing.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// SecurityHeaders sets the headers that keep browsers strict with the portal's pages, and HSTS
// when people reach it over HTTPS.
func SecurityHeaders(https bool) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h := w.Header()
			h.Set("Content-Security-Policy", contentSecurityPolicy)
			h.Set("X-Content-Type-Options", "nosniff")
			h.Set("X-Frame-Options", "DENY")
			h.Set("Referrer-Policy", "same-origin")
			h.Set("Cross-Origin-Opener-Policy", "same-origin")
			h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
			if https || r.TLS != nil {
				h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
			}
			next.ServeHTTP(w, r)
		})
	}
}

// maxDrain is how much of an oversized body is read and thrown away so that the browser, still
// sending, receives the 413 page instead of a reset connection.
const maxDrain = 64 << 20

// LimitBody refuses a body over limit(r) with tooLarge: at once when its declared length is too
// big, and through http.MaxBytesReader, whose error the form reader turns into the same page,
// when it is sent without one.
func LimitBody(limit func(*http.Request) int64, tooLarge func(http.ResponseWriter, *http.Request, int64)) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			max := limit(r)
			if r.ContentLength > max {
				_, _ = io.Copy(io.Discard, io.LimitReader(r.Body, maxDrain))
				w.Header().Set("Connection", "close")
				tooLarge(w, r, max)
				return
			}
			r.Body = http.MaxBytesReader(w, r.Body, max)
			next.ServeHTTP(w, r)
		})
	}
}

// Readable reports whether s is text the portal can keep and show: valid UTF-8 without NUL bytes.
// PostgreSQL refuses both, and no page of the portal sends them; they come from hand-made requests.
func Readable(s string) bool { return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0 }

// ReadableValues reports whether every name and value of v is Readable.
func ReadableValues(v url.Values) bool {
	for name, values := range v {
		if !Readable(name) {
			return false
		}
		for _, s := range values {
			if !Readable(s) {
				return false
			}
		}
	}
	return true
}

// RefuseUnreadable answers bad (a 400 page) for a request whose path or query string is not
// Readable, before any handler sees it. Posted forms are checked by the one reader of bodies
// (internal/form), which knows their limits.
func RefuseUnreadable(bad http.HandlerFunc) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			q, err := url.ParseQuery(r.URL.RawQuery)
			if !Readable(r.URL.Path) || err != nil || !ReadableValues(q) {
				bad(w, r)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// NoStore keeps browsers and proxies from keeping a copy of pages with personal information.
func NoStore(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}

// Timeout ends the request's context after d, so that database work stops.
func Timeout(d time.Duration) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx, cancel := context.WithTimeout(r.Context(), d)
			defer cancel()
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}

// secretSegment is a path segment holding a one-time link's secret: 43 base64url characters.
var secretSegment = regexp.MustCompile(`/[A-Za-z0-9_-]{43}(/|$)`)

// LoggedPath is the request's path as logs and the audit log may hold it: the secret of a
// one-time link (reset, verification, invitation) is replaced, so reading a log never gives
// anyone a working link.
func LoggedPath(r *http.Request) string {
	return secretSegment.ReplaceAllString(r.URL.Path, "/{secret}$1")
}
