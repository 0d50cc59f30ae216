package server_test

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"testing"
	"time"

	"github.com/scp-portal/portal/internal/testkit"
)

// BenchmarkPages measures the server's time for the pages people use most, over the demo data
// with its year of history: the whole request through the middleware, the session, the access
// policy and the database. Run with `make bench`.
func BenchmarkPages(b *testing.B) {
	ctx := context.Background()
	db := testkit.NewDemoDB(b, time.Now(), true)
	base := testkit.StartServer(b, db, testkit.ServerOptions{})
	er := testkit.NewClient(b, base)
	er.SignIn("engine-room@hsscp.example", testkit.DemoPassword)
	var themeID int64
	if err := db.QueryRow(ctx, `SELECT id FROM theme WHERE status = 'impact_testing' ORDER BY id LIMIT 1`).Scan(&themeID); err != nil {
		b.Fatal(err)
	}
	for _, path := range []string{"/", "/hsscp/", "/hsscp/home", "/hsscp/inbox", "/hsscp/themes", fmt.Sprintf("/hsscp/themes/%d", themeID)} {
		b.Run(path, func(b *testing.B) {
			for b.Loop() {
				if r := er.Get(path); r.Status != http.StatusOK {
					b.Fatalf("GET %s: %d", path, r.Status)
				}
			}
		})
	}
}

// BenchmarkDecisionsDownload measures a list leaving the portal: the Executive's decisions and
// actions log with 20,000 decisions more than the demo's, downloaded as CSV by the business unit
// and read whole by the client (whose reading is in the allocations).
func BenchmarkDecisionsDownload(b *testing.B) {
	ctx := context.Background()
	db := testkit.NewDemoDB(b, time.Now(), true)
	var body int64
	if err := db.QueryRow(ctx, `SELECT body_id FROM meeting WHERE title = 'Executive, fourth quarter'
		AND partnership_id = (SELECT id FROM partnership WHERE slug = 'hsscp')`).Scan(&body); err != nil {
		b.Fatal(err)
	}
	if _, err := db.Exec(ctx, `
		INSERT INTO meeting_decision (partnership_id, body_id, meeting_id, item_id, text, owner_id, due_on)
		SELECT m.partnership_id, m.body_id, m.id, (SELECT id FROM meeting_item WHERE meeting_id = m.id ORDER BY position LIMIT 1),
		       'Decision ' || n, (SELECT id FROM app_user WHERE email = 'business-unit@hsscp.example'), current_date + n % 400
		FROM meeting m, generate_series(1, 20000) n WHERE m.body_id = $1 AND m.title = 'Executive, fourth quarter'`, body); err != nil {
		b.Fatal(err)
	}
	base := testkit.StartServer(b, db, testkit.ServerOptions{})
	bu := testkit.NewClient(b, base)
	bu.SignIn("business-unit@hsscp.example", testkit.DemoPassword)
	path := fmt.Sprintf("/hsscp/bodies/%d/decisions.csv", body)
	for b.Loop() {
		if r := bu.Get(path); r.Status != http.StatusOK || len(r.Body) < 20000*40 {
			b.Fatalf("GET %s: %d, %d bytes", path, r.Status, len(r.Body))
		}
	}
}

// BenchmarkSignedInFloor measures the signed-in floor (issue #15: at least half of /healthz's
// rate): /healthz, the accessibility statement for nobody, and the same page signed in (the
// session and the person's roles, nothing else), one request after another through the real
// server on loopback. "queries/op" counts the signed-in page's statements.
func BenchmarkSignedInFloor(b *testing.B) {
	db, counter := testkit.NewCountedDB(b)
	testkit.SeedDemoAt(b, db, time.Now(), false)
	base := testkit.StartServer(b, db, testkit.ServerOptions{})
	er := testkit.NewClient(b, base)
	er.SignIn("engine-room@hsscp.example", testkit.DemoPassword)
	for _, c := range []struct {
		name, path string
		client     *testkit.Client
	}{
		{"healthz", "/healthz", testkit.NewClient(b, base)},
		{"accessibility-nobody", "/accessibility", testkit.NewClient(b, base)},
		{"accessibility-signed-in", "/accessibility", er},
	} {
		b.Run(c.name, func(b *testing.B) {
			c.client.Get(c.path) // warm: the connection, prepared statements
			counter.Reset()
			for b.Loop() {
				if r := c.client.Get(c.path); r.Status != http.StatusOK {
					b.Fatalf("GET %s: %d", c.path, r.Status)
				}
			}
			b.ReportMetric(float64(counter.Count())/float64(b.N), "queries/op")
		})
		// Under load, as make bench holds a page: 64 requests at once (32 per core on two), each
		// client with a connection of its own, the signed-in ones sharing one session.
		b.Run(c.name+"-64", func(b *testing.B) {
			b.SetParallelism(max(1, 64/runtime.GOMAXPROCS(0)))
			b.RunParallel(func(pb *testing.PB) {
				client := testkit.NewClient(b, base)
				client.HTTP.Jar = c.client.HTTP.Jar
				for pb.Next() {
					if r := client.Get(c.path); r.Status != http.StatusOK {
						b.Errorf("GET %s: %d", c.path, r.Status)
						return
					}
				}
			})
		})
	}
}
