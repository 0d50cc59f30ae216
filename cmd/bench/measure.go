package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// demoPassword is the demo accounts' password in the benchmark's databases.
const demoPassword = "learning-together-2026"

// role is a person whose pages are measured: a demo account of hsscp (the heavy partnership at
// volume), the system administrator, or nobody signed in (the public pages).
type role struct{ name, email string }

var roles = []role{
	{"public", ""},
	{"practitioner", "practitioner@hsscp.example"},
	{"engine room", "engine-room@hsscp.example"},
	{"executive", "executive@hsscp.example"},
	{"business unit", "business-unit@hsscp.example"},
	{"critical friend", "critical-friend@hsscp.example"},
	{"scrutineer", "scrutineer@hsscp.example"},
	{"system administrator", "admin@portal.example"},
}

// row is one page's measurement.
type row struct {
	role, page string
	baseline   bool
	stats
	one     time.Duration // one request on its own (median of five)
	sql     probe         // its own SQL, run raw
	healthz float64       // the page's rate over the baselines'
	floor   float64
}

// datasetRun is everything measured on one data set.
type datasetRun struct {
	name              string
	rows              []row
	peakKB, afterKB   int // the portal's resident memory: its peak, and at the end
	requests, audit   int64
	partnerships      int64
	seconds           float64
	conns             int
	sqlProbeAvailable bool
}

// measure starts the portal on db as a process of its own and holds every page of every role.
func measure(ctx context.Context, cl *cluster, d dataset, db string, o options, log *slog.Logger) (datasetRun, error) {
	run := datasetRun{name: d.name, seconds: o.seconds, conns: o.conns}
	addr, err := freeAddr()
	if err != nil {
		return run, err
	}
	base := "http://" + addr
	cmd := exec.CommandContext(ctx, o.portal, "serve")
	cmd.Env = cl.env(db, "PORTAL_ADDR="+addr)
	// The portal's own log (requests cut off at the end of each page's run are logged there as
	// cancelled) goes to a file, not the table.
	logFile, err := os.Create(filepath.Join(cl.dir, "portal-"+d.name+".log"))
	if err != nil {
		return run, err
	}
	defer logFile.Close()
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	if err := cmd.Start(); err != nil {
		return run, err
	}
	defer func() { _ = cmd.Process.Signal(syscall.SIGTERM); _ = cmd.Wait() }()
	if err := waitHealthy(ctx, base); err != nil {
		return run, err
	}
	if err := countRows(ctx, cl, db, &run); err != nil {
		return run, err
	}
	probe, err := newProber(ctx, cl, db)
	if err != nil {
		log.Warn("the SQL of each page will not be timed", "err", err)
	} else {
		defer probe.close()
		run.sqlProbeAvailable = true
	}

	dur := time.Duration(o.seconds * float64(time.Second))
	measureOne := func(c *http.Client, r role, page string, baseline bool, email string) row {
		url := base + page
		_, _, _ = get(ctx, c, url) // warm up
		x := row{role: r.name, page: route(page), baseline: baseline}
		x.one = once(ctx, c, url, 5)
		if probe != nil {
			x.sql = probe.run(ctx, email, page)
		}
		x.stats = hold(ctx, c, url, o.conns, dur)
		log.Info("measured", "data", d.name, "role", r.name, "page", x.page, "rps", int(x.RPS), "p99", x.P99.Round(time.Millisecond))
		return x
	}

	// The baselines: /healthz, and the floor, a signed-in page that does nothing.
	anon := newClient(o.conns)
	floorClient := newClient(o.conns)
	if _, err := signIn(ctx, floorClient, base, roles[2].email); err != nil {
		return run, err
	}
	healthz := measureOne(anon, role{name: "nobody"}, "/healthz", true, "")
	healthz.page = "/healthz (baseline)"
	floor := measureOne(floorClient, role{name: roles[2].name}, "/accessibility", true, roles[2].email)
	floor.page = "/accessibility signed in (the floor)"
	run.rows = append(run.rows, healthz, floor)

	seen := map[string]bool{"/accessibility": true, "/healthz": true}
	for _, r := range roles {
		c := anon
		start := []string{"/", "/hsscp/"}
		if r.email != "" {
			c = newClient(o.conns)
			home, err := signIn(ctx, c, base, r.email)
			if err != nil {
				return run, err
			}
			start = []string{home} // every role's home is measured, seen or not
		}
		pages := start
		for _, p := range start {
			seen[kind(p)] = true
		}
		pages = append(pages, crawl(ctx, c, base, start, seen, o.maxPages)...)
		for _, p := range pages {
			if ctx.Err() != nil {
				return run, ctx.Err()
			}
			run.rows = append(run.rows, measureOne(c, r, p, false, r.email))
		}
	}
	for i := range run.rows {
		run.rows[i].healthz = run.rows[i].RPS / healthz.RPS
		run.rows[i].floor = run.rows[i].RPS / floor.RPS
	}
	run.peakKB, run.afterKB = memory(cmd.Process.Pid)
	return run, nil
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

func waitHealthy(ctx context.Context, base string) error {
	c := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(3 * time.Minute) // migrations on a large database may take a while
	for time.Now().Before(deadline) {
		if resp, err := c.Get(base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
	return fmt.Errorf("the portal did not become ready at %s", base)
}

// memory reads a process's peak and current resident memory, in KB, from Linux's /proc.
func memory(pid int) (peak, now int) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		n, _ := strconv.Atoi(f[1])
		switch f[0] {
		case "VmHWM:":
			peak = n
		case "VmRSS:":
			now = n
		}
	}
	return peak, now
}
