package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/pgcluster"
)

// The markers between which docs/benchmarks.md holds the latest table; the rest of the file is
// left as it is.
const (
	startMarker = "<!-- bench:start (written by make bench: edits between these markers are lost) -->"
	endMarker   = "<!-- bench:end -->"
)

// report is a whole run: its data sets and how long it took.
type report struct {
	runs []datasetRun
	took time.Duration
	o    options
}

// countRows reads the size of the data set, for the table's heading.
func countRows(ctx context.Context, cl *cluster, db string, run *datasetRun) error {
	conn, err := pgx.Connect(ctx, cl.pg.ConnStringAs(pgcluster.OwnerRole, db))
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	return conn.QueryRow(ctx, `SELECT (SELECT count(*) FROM partnership), (SELECT count(*) FROM intake_request),
		(SELECT count(*) FROM audit_log)`).Scan(&run.partnerships, &run.requests, &run.audit)
}

func ms(d time.Duration) string {
	if d == 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f", float64(d.Microseconds())/1000)
}

// table is the data set's measurements in Markdown.
func (r datasetRun) table() string {
	var b strings.Builder
	fmt.Fprintf(&b, "### %s: %d partnerships, %d requests, %d audit entries\n\n", r.name, r.partnerships, r.requests, r.audit)
	fmt.Fprintf(&b, "%d connections, %g s a page. The portal's memory: %d MB at its peak, %d MB at the end.\n\n",
		r.conns, r.seconds, r.peakKB/1024, r.afterKB/1024)
	b.WriteString("| Role | Page | req/s | p50 ms | p99 ms | KB | × /healthz | × floor | one request ms | its SQL raw ms | × its SQL | queries | writes | not 200 |\n")
	b.WriteString("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n")
	for _, x := range r.rows {
		sql, ratio, queries, writes := "–", "–", "–", "–"
		if r.sqlProbeAvailable && x.sql.Queries > 0 {
			sql, queries, writes = ms(x.sql.Raw), fmt.Sprint(x.sql.Queries), fmt.Sprint(x.sql.Writes)
			if x.sql.Raw > 0 {
				ratio = fmt.Sprintf("%.1f", float64(x.one)/float64(x.sql.Raw))
			}
		}
		errs := fmt.Sprint(x.Errors)
		if x.Errors > 0 {
			errs = fmt.Sprintf("**%d** (%d)", x.Errors, x.Status)
		}
		fmt.Fprintf(&b, "| %s | `%s` | %.0f | %s | %s | %.1f | %.2f | %.2f | %s | %s | %s | %s | %s | %s |\n",
			x.role, x.page, x.RPS, ms(x.P50), ms(x.P99), float64(x.Bytes)/1024, x.healthz, x.floor,
			ms(x.one), sql, ratio, queries, writes, errs)
	}
	return b.String()
}

// machine describes where the run ran.
func machine() string {
	cpu := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(line, "model name") {
				cpu = strings.TrimSpace(strings.SplitN(line, ":", 2)[1])
				break
			}
		}
	}
	pg := "PostgreSQL"
	if prog, err := pgcluster.Program("postgres"); err == nil {
		if out, err := exec.Command(prog, "--version").Output(); err == nil {
			pg = strings.TrimSpace(string(out))
		}
	}
	return fmt.Sprintf("%d cores (%s), %s, %s, %s/%s", runtime.NumCPU(), cpu, runtime.Version(), pg, runtime.GOOS, runtime.GOARCH)
}

// write puts the tables between the markers of the file at path (adding the markers at its end
// the first time).
func (rep report) write(path string) error {
	old, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString(startMarker + "\n\n")
	fmt.Fprintf(&b, "Measured on %s on %s; the whole run took %s.\n\n", time.Now().UTC().Format("2006-01-02 15:04 MST"),
		machine(), rep.took.Round(time.Second))
	for _, r := range rep.runs {
		b.WriteString(r.table() + "\n")
	}
	b.WriteString(endMarker)
	i, j := bytes.Index(old, []byte(startMarker)), bytes.Index(old, []byte(endMarker))
	var out []byte
	if i >= 0 && j > i {
		out = append(append(append([]byte{}, old[:i]...), b.String()...), old[j+len(endMarker):]...)
	} else {
		out = append(append(bytes.TrimRight(old, "\n"), "\n\n"...), b.String()+"\n"...)
	}
	return os.WriteFile(path, out, 0o644)
}
