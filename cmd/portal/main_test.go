package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/pgcluster"
)

// TestServeStartsItsOwnDatabaseAndStopsCleanly runs the real binary as `make run` does, with no
// DATABASE_URL: it must create its cluster in the data folder, serve, and on SIGTERM exit 0 within
// 10 seconds leaving no PostgreSQL behind; a second start reuses the same data.
func TestServeStartsItsOwnDatabaseAndStopsCleanly(t *testing.T) {
	dataDir := openTempDir(t)

	for run := 1; run <= 2; run++ {
		addr := freeAddr(t)
		cmd := portalCommand("serve")
		cmd.Env = append(cmd.Env, "PORTAL_DATA_DIR="+dataDir, "PORTAL_ADDR="+addr)
		lines := &logLines{}
		cmd.Stderr = lines
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		waitReady(t, "http://"+addr+"/readyz", lines)

		if got := servingRoles(t, dataDir, pgcluster.ServingRole); got != pgcluster.ServingRole {
			t.Errorf("run %d: the portal's connections are those of %q; want only %q", run, got, pgcluster.ServingRole)
		}
		if run == 1 && !lines.has("creating PostgreSQL cluster") {
			t.Errorf("first run did not create the cluster:\n%s", lines)
		}
		if run == 2 && lines.has("creating PostgreSQL cluster") {
			t.Errorf("second run created the cluster again instead of reusing it:\n%s", lines)
		}

		start := time.Now()
		if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		select {
		case err := <-exited:
			if err != nil {
				t.Fatalf("run %d: exit after SIGTERM: %v\n%s", run, err, lines)
			}
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			t.Fatalf("run %d: still running 10 s after SIGTERM\n%s", run, lines)
		}
		t.Logf("run %d stopped in %v", run, time.Since(start))
		if _, err := os.Stat(filepath.Join(dataDir, "pg", "data", "postmaster.pid")); !os.IsNotExist(err) {
			t.Fatalf("run %d: PostgreSQL is still running after the portal exited", run)
		}
	}
}

// servingRoles names the roles the portal running on dataDir's cluster is connected as, once they
// are want or after 5 seconds: a connection the portal has closed (the migrations' owner) leaves
// pg_stat_activity a moment later, when its server process has exited.
func servingRoles(t *testing.T, dataDir, want string) string {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, fmt.Sprintf("host=%s port=5432 user=%s dbname=postgres sslmode=disable",
		filepath.Join(dataDir, "pg", "run"), pgcluster.Superuser))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var roles string
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		err = conn.QueryRow(ctx, `SELECT coalesce(string_agg(DISTINCT usename, ','), '') FROM pg_stat_activity
			WHERE application_name = 'portal' AND datname = 'portal'`).Scan(&roles)
		if err != nil {
			t.Fatal(err)
		}
		if roles == want || time.Now().After(deadline) {
			return roles
		}
	}
}

func TestUnknownCommandIsRefused(t *testing.T) {
	if err := run([]string{"frobnicate"}); err == nil || !strings.Contains(err.Error(), `unknown command "frobnicate"`) {
		t.Fatalf("run(frobnicate) = %v", err)
	}
}

// asPortal, set in a process's environment, makes this test binary run as the portal (TestMain):
// the tests start real portal processes without building the binary again, which on a clean
// machine compiles the whole portal a second time.
const asPortal = "PORTAL_TEST_RUN_AS_PORTAL"

// portalCommand is the portal with args as its own process, with the tests' environment less
// DATABASE_URL; callers add what they need to cmd.Env.
func portalCommand(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(withoutDatabaseURL(os.Environ()), asPortal+"=1")
	return cmd
}

func withoutDatabaseURL(env []string) []string {
	out := env[:0:0]
	for _, e := range env {
		if !strings.HasPrefix(e, "DATABASE_URL=") {
			out = append(out, e)
		}
	}
	return out
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// openTempDir returns a temporary folder that PostgreSQL's unprivileged user can reach when the
// tests run as root.
func openTempDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "portal-main-test-")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

func waitReady(t *testing.T, url string, lines *logLines) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	for ctx.Err() == nil {
		resp, err := http.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("the portal did not become ready:\n%s", lines)
}

// logLines collects a process's log as it comes.
type logLines struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logLines) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logLines) has(s string) bool { return strings.Contains(l.String(), s) }

func (l *logLines) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}
