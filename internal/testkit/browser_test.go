package testkit

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

func TestMain(m *testing.M) { Main(m) }

// TestBrowserRecordsConsoleErrors proves the harness's promise: a page that logs an error, throws,
// or fails to load a resource is caught, so browser tests fail on it.
func TestBrowserRecordsConsoleErrors(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Security-Policy", "script-src 'self'")
		w.Write([]byte(`<!doctype html><title>t</title><link rel="icon" href="data:,"><script src="/bad.js"></script><script>var inline = 1;</script>` +
			`<img src="/missing.png" alt=""><p>hi</p>`))
	})
	mux.HandleFunc("/bad.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		w.Write([]byte(`console.error("something broke"); setTimeout(function(){ throw new Error("uncaught"); }, 0);`))
	})
	ts := httptest.NewServer(mux)
	defer ts.Close()

	b := newTab(t)
	b.Do(t, chromedp.Navigate(ts.URL), chromedp.WaitVisible(chromedp.CSS("p")))
	got := strings.Join(b.Problems(), "\n")
	for _, want := range []string{"something broke", "uncaught", "/missing.png got HTTP 404", "inline script"} {
		if !strings.Contains(got, want) {
			t.Errorf("the harness missed %q; it recorded:\n%s", want, got)
		}
	}
}

// TestAxeFindsAccessibilityProblems proves the accessibility check can fail: a page with an
// unlabelled input and no language is reported.
func TestAxeFindsAccessibilityProblems(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<!doctype html><title>t</title><link rel="icon" href="data:,"><main><input type="text"></main>`))
	}))
	defer ts.Close()
	b := newTab(t)
	b.Do(t, chromedp.Navigate(ts.URL), chromedp.WaitVisible(chromedp.CSS("main")))
	got := strings.Join(b.AccessibilityProblems(t, "test page"), "\n")
	for _, rule := range []string{"html-has-lang", "label"} {
		if !strings.Contains(got, rule+":") {
			t.Errorf("axe-core missed %s; it reported:\n%s", rule, got)
		}
	}
}
