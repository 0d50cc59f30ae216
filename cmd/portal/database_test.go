package main

import (
	"context"
	"testing"

	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/testkit"
)

// TestMigrateAsOwnerThenServeAsServingRole sets a new, empty database up as docs/operations.md
// says: `portal migrate up` with MIGRATE_DATABASE_URL (the owner) and DATABASE_URL (a member of
// portal_serving). The owner owns every table, and the serving role can then read the schema
// version, write the operational tables and verify the audit log, but not change it.
func TestMigrateAsOwnerThenServeAsServingRole(t *testing.T) {
	ctx := context.Background()
	ownerURL := testkit.NewEmptyDB(t, "migrated")
	servingURL := testkit.ServingURL(t, ownerURL)
	t.Setenv("DATABASE_URL", servingURL)
	t.Setenv("MIGRATE_DATABASE_URL", ownerURL)
	if err := run([]string{"migrate", "up"}); err != nil {
		t.Fatalf("migrate up: %v", err)
	}
	if err := run([]string{"audit", "verify"}); err != nil {
		t.Fatalf("audit verify as the serving role: %v", err)
	}

	owner, err := database.Open(ctx, ownerURL)
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close()
	if n := testkit.MustCount(t, owner, `pg_tables WHERE schemaname = 'public' AND tableowner <> current_user`); n != 0 {
		t.Errorf("%d tables are not the owner's", n)
	}
	serving, err := database.Open(ctx, servingURL)
	if err != nil {
		t.Fatal(err)
	}
	defer serving.Close()
	if err := checkSchema(ctx, serving); err != nil {
		t.Errorf("the serving role checks the schema (serve -migrate=false): %v", err)
	}
	testkit.MustCreatePartnership(t, serving, "hsscp", "Hartlepool and Stockton-on-Tees", "HSSCP")
	if _, err := serving.Exec(ctx, `INSERT INTO audit_log (action, outcome) VALUES ('sign-out', 'ok')`); err != nil {
		t.Errorf("the serving role appends to the audit log: %v", err)
	}
	if _, err := serving.Exec(ctx, `DELETE FROM audit_log`); err == nil {
		t.Error("the serving role deleted the audit log")
	}
}
