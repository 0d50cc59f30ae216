package database_test

import (
	"context"
	"errors"
	"log/slog"
	"testing"

	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

func TestMigratedDatabaseAcceptsThePortalsData(t *testing.T) {
	ctx := context.Background()
	db := testkit.NewDB(t)
	var slug string
	err := db.QueryRow(ctx, `INSERT INTO partnership (slug, name, short_name) VALUES ('hsscp', 'Hartlepool and Stockton-on-Tees Safeguarding Children Partnership', 'HSSCP') RETURNING slug`).Scan(&slug)
	if err != nil || slug != "hsscp" {
		t.Fatalf("insert partnership: %q, %v", slug, err)
	}
	if _, err := db.Exec(ctx, `INSERT INTO partnership (slug, name, short_name) VALUES ('Not A Slug!', 'x', 'x')`); err == nil {
		t.Fatal("the schema accepted a slug that cannot appear in a URL")
	}
}

func TestEachTestGetsAnEmptyDatabaseOfItsOwn(t *testing.T) {
	a, b := testkit.NewDB(t), testkit.NewDB(t)
	testkit.MustCreatePartnership(t, a, "stscp", "South Tees", "STSCP")
	if n := testkit.MustCount(t, b, `partnership`); n != 0 {
		t.Fatalf("the second database holds %d partnerships; want 0", n)
	}
}

func TestMigrationsGoDownAndUpAgain(t *testing.T) {
	ctx := context.Background()
	m, err := database.NewPoolMigrator(testkit.NewDB(t), true)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	log := slog.New(slog.DiscardHandler)
	// Down one migration at a time until none is applied.
	testkit.MigrateDownBelow(t, m, 1)
	if err := m.Check(ctx); !errors.Is(err, database.ErrSchemaBehind) {
		t.Fatalf("check on an empty schema = %v; want ErrSchemaBehind", err)
	}
	if err := m.Up(ctx, log); err != nil {
		t.Fatalf("up: %v", err)
	}
	if err := m.Check(ctx); err != nil {
		t.Fatalf("check after up: %v", err)
	}
}

func TestPortalRefusesASchemaNewerThanItKnows(t *testing.T) {
	ctx := context.Background()
	db := testkit.NewDB(t)
	m, err := database.NewPoolMigrator(db, true)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	_, known, err := m.Versions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// A newer portal has migrated this database one step further.
	if _, err := db.Exec(ctx, `INSERT INTO goose_db_version (version_id, is_applied) VALUES ($1, true)`, known+1); err != nil {
		t.Fatal(err)
	}
	if err := m.Check(ctx); !errors.Is(err, database.ErrSchemaTooNew) {
		t.Fatalf("check = %v; want ErrSchemaTooNew", err)
	}
	if err := m.Up(ctx, slog.New(slog.DiscardHandler)); !errors.Is(err, database.ErrSchemaTooNew) {
		t.Fatalf("up = %v; want ErrSchemaTooNew", err)
	}
}
