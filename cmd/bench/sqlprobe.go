package main

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/pgcluster"
	"github.com/scp-portal/portal/internal/server"
)

// A page's own SQL is found by serving the page once more from a portal in this process, on a pool
// that records every statement the request runs with its arguments; the reads among them are then
// run again, raw through pgx with nothing around them, and timed. The page's time is then set
// against its SQL's (issue #15: a page within three times its own SQL).

// probe is what the prober found for one page.
type probe struct {
	Queries int           // statements the request ran
	Writes  int           // of which not a read (INSERT, UPDATE, DELETE, ...)
	Raw     time.Duration // the reads run raw, median of five runs
}

type captured struct {
	sql  string
	args []any
}

// recorder is a pgx tracer that keeps the statements run while it is on.
type recorder struct {
	mu   sync.Mutex
	on   bool
	list []captured
}

func (r *recorder) TraceQueryStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.on {
		r.list = append(r.list, captured{sql: d.SQL, args: d.Args})
	}
	return ctx
}

func (r *recorder) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

func (r *recorder) take(on bool) []captured {
	r.mu.Lock()
	defer r.mu.Unlock()
	list := r.list
	r.list, r.on = nil, on
	return list
}

// prober serves the portal in this process, signed in as each role once.
type prober struct {
	pool    *pgxpool.Pool
	raw     *pgxpool.Pool
	rec     *recorder
	srv     *http.Server
	base    string
	clients map[string]*http.Client
}

func newProber(ctx context.Context, cl *cluster, db string) (*prober, error) {
	rec := &recorder{}
	url := cl.pg.ConnStringAs(pgcluster.ServingRole, db)
	pool, err := database.Open(ctx, url, func(c *pgxpool.Config) { c.ConnConfig.Tracer = rec })
	if err != nil {
		return nil, err
	}
	raw, err := database.Open(ctx, url)
	if err != nil {
		pool.Close()
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		pool.Close()
		raw.Close()
		return nil, err
	}
	base := "http://" + ln.Addr().String()
	deps := server.NewDeps(pool, slog.New(slog.NewTextHandler(io.Discard, nil)), server.Settings{
		BaseURL: base, MaxBodyBytes: 1 << 20, RequestTimeout: 30 * time.Second,
		SessionIdle: time.Hour, SessionMaxAge: 12 * time.Hour})
	srv := server.New(deps).HTTPServer(ln.Addr().String())
	go func() { _ = srv.Serve(ln) }()
	return &prober{pool: pool, raw: raw, rec: rec, srv: srv, base: base, clients: map[string]*http.Client{}}, nil
}

func (p *prober) close() {
	_ = p.srv.Close()
	p.pool.Close()
	p.raw.Close()
}

// run serves page once as email ("" for nobody) recording its statements, and times their reads raw.
func (p *prober) run(ctx context.Context, email, page string) probe {
	c := p.clients[email]
	if c == nil {
		c = newClient(1)
		if email != "" {
			if _, err := signIn(ctx, c, p.base, email); err != nil {
				return probe{}
			}
		}
		p.clients[email] = c
	}
	_, _, _ = get(ctx, c, p.base+page) // warm up: prepared statements, caches
	p.rec.take(true)
	_, _, err := get(ctx, c, p.base+page)
	list := p.rec.take(false)
	if err != nil {
		return probe{}
	}
	var out probe
	var reads []captured
	for _, q := range list {
		if isControl(q.sql) {
			continue
		}
		out.Queries++
		if isRead(q.sql) {
			reads = append(reads, q)
		} else {
			out.Writes++
		}
	}
	var runs []time.Duration
	for range 5 {
		start := time.Now()
		for _, q := range reads {
			rows, err := p.raw.Query(ctx, q.sql, q.args...)
			if err != nil {
				return out
			}
			for rows.Next() {
			}
			rows.Close()
		}
		runs = append(runs, time.Since(start))
	}
	slices.Sort(runs)
	out.Raw = runs[len(runs)/2]
	return out
}

// isControl tells transaction control, which is neither a read nor a write.
func isControl(sql string) bool {
	f := strings.Fields(strings.ToUpper(sql))
	return len(f) > 0 && slices.Contains([]string{"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "SET"}, strings.TrimSuffix(f[0], ";"))
}

// isRead tells a statement that only reads.
func isRead(sql string) bool {
	s := strings.ToUpper(strings.TrimSpace(sql))
	for strings.HasPrefix(s, "--") { // a leading comment line
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			return false
		}
		s = strings.TrimSpace(s[i+1:])
	}
	return strings.HasPrefix(s, "SELECT") || (strings.HasPrefix(s, "WITH") && !writeVerb.MatchString(s))
}

// writeVerb finds a data-changing statement inside a WITH, as a whole word: a column such as
// updated_at is not an UPDATE (the inbox's page was counted as a write, its SQL left unmeasured).
var writeVerb = regexp.MustCompile(`\b(INSERT|UPDATE|DELETE)\b`)
