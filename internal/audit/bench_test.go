package audit_test

import (
	"context"
	"runtime"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/testkit"
)

// BenchmarkRecord measures what the chain costs a writer (docs/decisions.md): entries written
// by 8 goroutines at once, with the chain and on the schema before it.
func BenchmarkRecord(b *testing.B) {
	for _, tc := range []struct {
		name  string
		setup func(b *testing.B, db *pgxpool.Pool)
	}{
		{"chain", func(*testing.B, *pgxpool.Pool) {}},
		{"before-chain", migrateBelowChain},
	} {
		b.Run(tc.name, func(b *testing.B) {
			db := testkit.NewDB(b)
			tc.setup(b, db)
			ctx := context.Background()
			b.SetParallelism(4)
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if err := audit.Record(ctx, db, audit.Entry{Action: "x", Outcome: audit.OK, Detail: "benchmark"}); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}

func migrateBelowChain(b *testing.B, db *pgxpool.Pool) {
	m, err := database.NewPoolMigrator(db, true)
	if err != nil {
		b.Fatal(err)
	}
	defer m.Close()
	testkit.MigrateDownBelow(b, m, 15)
}

// BenchmarkAuditedReads measures audited reads under load (docs/decisions.md, "Audited reads in
// groups"): 64 at once, each written alone (audit.Record, one turn of the chain's lock and one
// commit each) and grouped (Grouped.AppendRead). The test cluster does not flush to disk; set
// DATABASE_URL to a durable cluster to see what the flush under the lock costs.
func BenchmarkAuditedReads(b *testing.B) {
	for _, tc := range []struct {
		name   string
		append func(db *pgxpool.Pool) func(context.Context, audit.Entry) error
	}{
		{"alone", func(db *pgxpool.Pool) func(context.Context, audit.Entry) error {
			return func(ctx context.Context, e audit.Entry) error { return audit.Record(ctx, db, e) }
		}},
		{"grouped", func(db *pgxpool.Pool) func(context.Context, audit.Entry) error { return audit.Grouped(db).AppendRead }},
	} {
		b.Run(tc.name, func(b *testing.B) {
			db := testkit.NewDB(b)
			appendRead := tc.append(db)
			ctx := context.Background()
			b.SetParallelism(max(1, 64/runtime.GOMAXPROCS(0)))
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if err := appendRead(ctx, audit.Entry{Action: audit.ReviewRegister, Outcome: audit.OK, ObjectType: "rapid_review",
						ActorEmail: "engine-room@hsscp.example", IP: "192.0.2.1"}); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}
