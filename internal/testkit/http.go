package testkit

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/seed"
)

// DemoPassword is the demo accounts' password in tests.
const DemoPassword = "learning-together-2026"

// SeedDemo loads the demo partnerships and accounts into db, without the year of history, so a
// test starts from a quiet partnership.
func SeedDemo(t testing.TB, db database.Beginner) {
	t.Helper()
	if _, err := seed.Demo(context.Background(), db, DemoPassword, time.Now(), false); err != nil {
		t.Fatalf("testkit: seed demo: %v", err)
	}
}

// Client is a browser-like HTTP client for one person: it keeps cookies and does not follow
// redirects, so tests see every 303.
type Client struct {
	t    testing.TB
	Base string
	HTTP *http.Client
}

// NewClient returns a client of the portal at base with an empty cookie jar.
func NewClient(t testing.TB, base string) *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{t: t, Base: base, HTTP: &http.Client{
		Jar:           jar,
		Timeout:       30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// Response is a response with its body read.
type Response struct {
	Status   int
	Header   http.Header
	Body     string
	Location string
}

// Get fetches path.
func (c *Client) Get(path string) Response {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.Base+path, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	return c.Do(req)
}

// Post submits form to path as a same-origin browser would.
func (c *Client) Post(path string, form url.Values) Response {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodPost, c.Base+path, strings.NewReader(form.Encode()))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", c.Base)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.Do(req)
}

// Do sends req and reads the response.
func (c *Client) Do(req *http.Request) Response {
	c.t.Helper()
	resp, err := c.HTTP.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatalf("%s %s: read: %v", req.Method, req.URL.Path, err)
	}
	return Response{Status: resp.StatusCode, Header: resp.Header, Body: string(b), Location: resp.Header.Get("Location")}
}

// SignIn signs the client in, failing the test unless the portal accepts the credentials.
func (c *Client) SignIn(email, password string) {
	c.t.Helper()
	r := c.Post("/sign-in", url.Values{"email": {email}, "password": {password}})
	if r.Status != http.StatusSeeOther {
		c.t.Fatalf("sign in as %s: status %d, want 303\n%s", email, r.Status, r.Body)
	}
}

// Cookie returns the value of the client's cookie name for the portal, or "".
func (c *Client) Cookie(name string) string {
	u, _ := url.Parse(c.Base)
	for _, ck := range c.HTTP.Jar.Cookies(u) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}
