package server_test

import (
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/scp-portal/portal/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

// get fetches url and returns the response with its body read.
func get(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	return do(t, mustRequest(t, http.MethodGet, url, nil))
}

func do(t *testing.T, req *http.Request) (*http.Response, string) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	return resp, string(body)
}

func mustRequest(t *testing.T, method, url string, body io.Reader) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// assertRevealsNothingInternal fails if a page shows Go error text or a stack trace.
func assertRevealsNothingInternal(t *testing.T, body string) {
	t.Helper()
	for _, leak := range []string{"goroutine ", ".go:", "runtime error", "panic", "pgx", "sql:", "http: "} {
		if strings.Contains(body, leak) {
			t.Errorf("the page reveals %q:\n%s", leak, body)
		}
	}
}

func TestReadyzSaysWhetherTheDatabaseAnswers(t *testing.T) {
	t.Parallel()
	db := testkit.NewDB(t)
	base := testkit.StartServer(t, db, testkit.ServerOptions{})
	if resp, body := get(t, base+"/readyz"); resp.StatusCode != http.StatusOK || body != "ok\n" {
		t.Fatalf("/readyz = %d %q; want 200 ok", resp.StatusCode, body)
	}
	if resp, _ := get(t, base+"/healthz"); resp.StatusCode != http.StatusOK {
		t.Fatalf("/healthz = %d; want 200", resp.StatusCode)
	}

	db.Close() // the database goes away
	if resp, body := get(t, base+"/readyz"); resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("/readyz with the database gone = %d %q; want 503", resp.StatusCode, body)
	}
	if resp, _ := get(t, base+"/healthz"); resp.StatusCode != http.StatusOK {
		t.Fatalf("/healthz with the database gone = %d; want 200 (the process is still up)", resp.StatusCode)
	}
}

func TestUnknownPathShowsTheNotFoundPage(t *testing.T) {
	t.Parallel()
	base := testkit.StartServer(t, testkit.NewDB(t), testkit.ServerOptions{})
	resp, body := get(t, base+"/no/such/page")
	if resp.StatusCode != http.StatusNotFound {
		t.Fatalf("status = %d; want 404", resp.StatusCode)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	for _, want := range []string{"<title>Page not found", "If you typed the web address, check it is correct.", `href="/"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the 404 page lacks %q", want)
		}
	}
	assertRevealsNothingInternal(t, body)
}

func TestBodyOverTheLimitGets413WithAnExplanation(t *testing.T) {
	t.Parallel()
	base := testkit.StartServer(t, testkit.NewDB(t), testkit.ServerOptions{MaxBodyBytes: 1 << 20})
	req := mustRequest(t, http.MethodPost, base+"/", strings.NewReader(strings.Repeat("x", 1<<20+1)))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, page := do(t, req)
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("status = %d; want 413", resp.StatusCode)
	}
	if !strings.Contains(page, "What you sent is too large") || !strings.Contains(page, "The most the portal accepts in one go is 1 MB.") {
		t.Errorf("the 413 page does not explain the limit:\n%s", page)
	}
	assertRevealsNothingInternal(t, page)
}

func TestCrossOriginPostIsRefused(t *testing.T) {
	t.Parallel()
	base := testkit.StartServer(t, testkit.NewDB(t), testkit.ServerOptions{})
	req := mustRequest(t, http.MethodPost, base+"/", strings.NewReader("a=b"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Origin", "https://attacker.example")
	resp, body := do(t, req)
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site POST got %d; want 403", resp.StatusCode)
	}
	assertRevealsNothingInternal(t, body)
}

func TestPagesCarrySecurityHeaders(t *testing.T) {
	t.Parallel()
	base := testkit.StartServer(t, testkit.NewDB(t), testkit.ServerOptions{})
	for _, path := range []string{"/", "/accessibility", "/nope"} {
		resp, _ := get(t, base+path)
		h := resp.Header
		csp := h.Get("Content-Security-Policy")
		if !strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "script-src 'self'") ||
			strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: Content-Security-Policy = %q", path, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" || h.Get("X-Request-Id") == "" {
			t.Errorf("%s: headers = %v", path, h)
		}
		if h.Get("Strict-Transport-Security") != "" {
			t.Errorf("%s: HSTS sent over plain HTTP", path)
		}
	}
}

var stylesheet = regexp.MustCompile(`<link rel="stylesheet" href="(/static/app\.[0-9a-f]{12}\.css)">`)

func TestStaticAssetsAreHashedAndCachedForAYear(t *testing.T) {
	t.Parallel()
	base := testkit.StartServer(t, testkit.NewDB(t), testkit.ServerOptions{})
	_, home := get(t, base+"/")
	m := stylesheet.FindStringSubmatch(home)
	if m == nil {
		t.Fatalf("the home page links no hashed stylesheet:\n%s", home)
	}
	resp, css := get(t, base+m[1])
	if resp.StatusCode != http.StatusOK || !strings.Contains(css, ".skip-link") {
		t.Fatalf("GET %s = %d", m[1], resp.StatusCode)
	}
	if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "max-age=31536000") || !strings.Contains(cc, "immutable") {
		t.Errorf("Cache-Control = %q; want a year, immutable", cc)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/css") {
		t.Errorf("Content-Type = %q", ct)
	}
	if resp, _ := get(t, base+"/static/app.000000000000.css"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("a stale asset name got %d; want 404", resp.StatusCode)
	}
}

func TestHomeAndAccessibilityPagesSayWhatTheyAre(t *testing.T) {
	t.Parallel()
	base := testkit.StartServer(t, testkit.NewDB(t), testkit.ServerOptions{})
	pages := map[string][]string{
		"/":              {"Safeguarding Children Partnership Portal", "Key Line of Enquiry", `<main id="main-content"`, `class="skip-link"`, `href="/accessibility"`},
		"/accessibility": {"Accessibility statement", "Web Content Accessibility Guidelines version 2.2", "Equality and Human Rights Commission"},
	}
	for path, wants := range pages {
		resp, body := get(t, base+path)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s = %d", path, resp.StatusCode)
		}
		// The front page answers a signed-in person otherwise (issue #14): a cache may keep the
		// signed-out page, for requests without a session cookie only.
		if path == "/" && (resp.Header.Get("Cache-Control") == "no-store" || !slices.Contains(resp.Header.Values("Vary"), "Cookie") ||
			strings.Contains(body, "Your partnerships")) {
			t.Errorf("/ signed out: Cache-Control %q, Vary %q, or it lists someone's partnerships", resp.Header.Get("Cache-Control"), resp.Header.Values("Vary"))
		}
		for _, want := range wants {
			if !strings.Contains(body, want) {
				t.Errorf("%s lacks %q", path, want)
			}
		}
	}
}
