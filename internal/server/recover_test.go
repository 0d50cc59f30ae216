package server

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestPanicShowsThe500PageAndLogsTheDetail drives the middleware with a handler that panics: the
// person sees the plain 500 page with a reference, the log gets the detail and the same reference.
func TestPanicShowsThe500PageAndLogsTheDetail(t *testing.T) {
	var logs bytes.Buffer
	s := &Server{Deps: Deps{Log: slog.New(slog.NewTextHandler(&logs, nil)), Settings: Settings{MaxBodyBytes: 1 << 20, RequestTimeout: time.Second}}}
	h := s.middleware(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic("secret detail: connection to 10.0.0.5 refused")
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/boom", nil))

	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("status = %d; want 500", rec.Code)
	}
	body := rec.Body.String()
	if strings.Contains(body, "secret detail") || strings.Contains(body, "goroutine") {
		t.Fatalf("the 500 page reveals the panic:\n%s", body)
	}
	id := rec.Header().Get("X-Request-Id")
	if id == "" || !strings.Contains(body, id) {
		t.Errorf("the 500 page does not show the reference %q", id)
	}
	if !strings.Contains(logs.String(), "secret detail") || !strings.Contains(logs.String(), id) {
		t.Errorf("the log lacks the panic or its request id:\n%s", logs.String())
	}
}

func TestHSTSOnlyOverHTTPS(t *testing.T) {
	for _, https := range []bool{false, true} {
		s := New(Deps{Log: slog.New(slog.DiscardHandler), Settings: Settings{MaxBodyBytes: 1 << 20, RequestTimeout: time.Second, HTTPS: https}})
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
		if got := rec.Header().Get("Strict-Transport-Security") != ""; got != https {
			t.Errorf("HTTPS=%v: HSTS sent = %v", https, got)
		}
	}
}
