package server_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/scp-portal/portal/internal/seed"
	"github.com/scp-portal/portal/internal/testkit"
)

// BenchmarkPages measures the server's time for the pages people use most, over the demo data
// with its year of history: the whole request through the middleware, the session, the access
// policy and the database. Run with `make bench`.
func BenchmarkPages(b *testing.B) {
	ctx := context.Background()
	db := testkit.NewDB(b)
	if _, err := seed.Demo(ctx, db, testkit.DemoPassword, time.Now(), true); err != nil {
		b.Fatal(err)
	}
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
