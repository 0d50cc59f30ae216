package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/identity"
	"github.com/scp-portal/portal/internal/testkit"
)

// TestTwoProcessesBehindARoundRobin runs two portal processes on one database behind a
// round-robin reverse proxy, as a county or national deployment does (docs/operations.md): a
// session made on one works on the other, failed sign-ins count across both, and each e-mail in
// the outbox goes out once though both run the sender.
func TestTwoProcessesBehindARoundRobin(t *testing.T) {
	ctx := context.Background()
	testkit.NewDB(t) // makes the tests' roles, which NewEmptyDB needs when this test runs alone
	ownerURL := testkit.NewEmptyDB(t, "twoprocs")
	env := []string{"DATABASE_URL=" + testkit.ServingURL(t, ownerURL),
		"MIGRATE_DATABASE_URL=" + ownerURL, "PORTAL_DEMO_PASSWORD=" + testkit.DemoPassword}

	// Two processes, each with its own folder for the e-mail it "sends" (files); the first loads
	// the demo. Both migrate at start, under the migration lock.
	var backends []*url.URL
	var mailDirs []string
	for i, args := range [][]string{{"serve", "-demo"}, {"serve"}} {
		addr, dir := freeAddr(t), openTempDir(t)
		cmd := portalCommand(args...)
		cmd.Env = append(append(cmd.Env, env...), "PORTAL_ADDR="+addr, "PORTAL_DATA_DIR="+dir, "PORTAL_LOG_LEVEL=warn")
		lines := &logLines{}
		cmd.Stdout, cmd.Stderr = lines, lines
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			_ = cmd.Process.Signal(syscall.SIGTERM)
			_ = cmd.Wait()
			if t.Failed() {
				t.Logf("process %d's log:\n%s", i+1, lines.String())
			}
		})
		waitReady(t, "http://"+addr+"/readyz", lines)
		u, _ := url.Parse("http://" + addr)
		backends = append(backends, u)
		mailDirs = append(mailDirs, filepath.Join(dir, "mail"))
	}

	// The round-robin: each request goes to the next process, which it names in X-Served-By.
	var next atomic.Int64
	proxy := httptest.NewServer(&httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			i := int(next.Add(1)-1) % len(backends)
			r.SetURL(backends[i])
			r.Out.Host = r.In.Host
			r.Out.Header.Set("X-Backend", fmt.Sprint(i+1))
		},
		ModifyResponse: func(resp *http.Response) error {
			resp.Header.Set("X-Served-By", resp.Request.Header.Get("X-Backend"))
			return nil
		},
	})
	t.Cleanup(proxy.Close)

	t.Run("a session made on one process works on the other", func(t *testing.T) {
		c := testkit.NewClient(t, proxy.URL)
		c.SignIn("engine-room@hsscp.example", testkit.DemoPassword)
		served := map[string]bool{}
		for range 4 {
			r := c.MustGet("/hsscp/inbox", http.StatusOK)
			if !strings.Contains(r.Body, "Sign out") {
				t.Fatalf("the inbox on process %s is not signed in", r.Header.Get("X-Served-By"))
			}
			served[r.Header.Get("X-Served-By")] = true
		}
		if len(served) != 2 {
			t.Errorf("the signed-in pages came from processes %v; want both", served)
		}
	})

	t.Run("each e-mail in the outbox goes out once", func(t *testing.T) {
		owner, err := pgx.Connect(ctx, ownerURL)
		if err != nil {
			t.Fatal(err)
		}
		defer owner.Close(ctx)
		const n = 30
		if _, err := owner.Exec(ctx, `INSERT INTO outbox (to_address, subject, body)
			SELECT format('person%s@hsscp.example', g), format('Message %s', g), 'Hello' FROM generate_series(1, $1) g`, n); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(30 * time.Second)
		for testkit.MustCount(t, owner, `outbox WHERE subject LIKE 'Message %' AND sent_at IS NULL`) > 0 {
			if time.Now().After(deadline) {
				t.Fatal("the outbox was not sent within 30 seconds")
			}
			time.Sleep(200 * time.Millisecond)
		}
		seen := map[string]int{}
		for _, dir := range mailDirs {
			files, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
			for _, f := range files {
				b, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				for _, line := range strings.Split(string(b), "\r\n") {
					if subject, ok := strings.CutPrefix(line, "Subject: Message "); ok {
						seen[subject]++
					}
				}
			}
		}
		if len(seen) != n {
			t.Errorf("%d of the %d messages went out", len(seen), n)
		}
		for subject, times := range seen {
			if times != 1 {
				t.Errorf("message %s went out %d times", subject, times)
			}
		}
	})

	// Last: it throttles the proxy's address for the rest of the window.
	t.Run("failed sign-ins count across both processes", func(t *testing.T) {
		c := testkit.NewClient(t, proxy.URL)
		served := map[string]int{}
		for range identity.MaxFailures {
			r := c.Post("/sign-in", url.Values{"email": {"executive@hsscp.example"}, "password": {"not-the-password-at-all"}})
			if strings.Contains(r.Body, "too many attempts") {
				t.Fatalf("throttled before %d failures", identity.MaxFailures)
			}
			served[r.Header.Get("X-Served-By")]++
		}
		if served["1"] >= identity.MaxFailures || served["2"] >= identity.MaxFailures {
			t.Fatalf("the failures all went to one process: %v", served)
		}
		r := c.Post("/sign-in", url.Values{"email": {"executive@hsscp.example"}, "password": {testkit.DemoPassword}})
		if r.Status == http.StatusSeeOther || !strings.Contains(r.Body, "too many attempts") {
			t.Errorf("after %d failures spread over both processes (%v), the right password on process %s: status %d, not throttled",
				identity.MaxFailures, served, r.Header.Get("X-Served-By"), r.Status)
		}
	})
}
