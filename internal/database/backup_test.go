package database_test

import (
	"bytes"
	"context"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/pgcluster"
	"github.com/scp-portal/portal/internal/testkit"
)

// TestBackupRestoresEveryRowAndTheAuditChain follows docs/operations.md: pg_dump of the demo data
// as the owner role, pg_restore into a new database the administrator made for the owner. Every
// table has the same rows, the audit chain verifies and ends in the same hash, and the restored
// database goes on working as the portal uses it (a new entry follows the chain).
func TestBackupRestoresEveryRowAndTheAuditChain(t *testing.T) {
	ctx := context.Background()
	pgDump, pgRestore := program(t, "pg_dump"), program(t, "pg_restore")
	serving, owner := testkit.NewServingDB(t)
	testkit.SeedDemo(t, owner)
	for _, a := range []audit.Action{audit.UserInvite, audit.SignOut, audit.SessionEnd} {
		if err := audit.Record(ctx, serving, audit.Entry{ActorEmail: "business-unit@hsscp.example", Action: a, Outcome: audit.OK}); err != nil {
			t.Fatal(err)
		}
	}
	before, err := audit.Verify(ctx, serving)
	if err != nil || before.Break != nil || before.Entries != 3 {
		t.Fatalf("the chain before the backup: %+v, %v", before, err)
	}

	dump := filepath.Join(t.TempDir(), "portal.dump")
	runTool(t, pgDump, "--format=custom", "--file="+dump, "--dbname="+owner.Config().ConnString())
	target := testkit.NewEmptyDB(t, "restored")
	runTool(t, pgRestore, "--exit-on-error", "--single-transaction", "--dbname="+target, dump)

	restored, err := database.Open(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	tables := tableNames(t, owner)
	if got := tableNames(t, restored); len(got) != len(tables) {
		t.Fatalf("tables after restoring: %v; want %v", got, tables)
	}
	for _, table := range tables {
		from := pgx.Identifier{table}.Sanitize()
		want, got := testkit.MustCount(t, owner, from), testkit.MustCount(t, restored, from)
		if got != want {
			t.Errorf("%s: %d rows restored; want %d", table, got, want)
		}
	}
	if testkit.MustCount(t, restored, `partnership`) == 0 || testkit.MustCount(t, restored, `app_user`) == 0 {
		t.Error("the demo data is missing from the restored database")
	}

	after, err := audit.Verify(ctx, restored)
	if err != nil || after.Break != nil || after.Entries != before.Entries || !bytes.Equal(after.LastHash, before.LastHash) {
		t.Fatalf("the chain after restoring: %+v, %v; want %+v", after, err, before)
	}
	if err := audit.Record(ctx, restored, audit.Entry{Action: audit.SignOut, Outcome: audit.OK}); err != nil {
		t.Fatalf("a new entry in the restored database: %v", err)
	}
	if c, err := audit.Verify(ctx, restored); err != nil || c.Break != nil || c.Entries != before.Entries+1 {
		t.Fatalf("the chain after a new entry in the restored database: %+v, %v", c, err)
	}
	var granted bool
	testkit.MustQueryRow(t, restored, `SELECT has_table_privilege($1, 'audit_log', 'INSERT')
		AND NOT has_table_privilege($1, 'audit_log', 'UPDATE')`, database.ServingGroup).Scan(&granted)
	if !granted {
		t.Error("the restored audit log lost the serving role's grants")
	}
}

// program finds one of PostgreSQL's client programs next to initdb; missing, it fails the test.
func program(t *testing.T, name string) string {
	t.Helper()
	path, err := pgcluster.Program(name)
	if err != nil {
		t.Fatalf("the backup test needs %s: %v", name, err)
	}
	return path
}

func runTool(t *testing.T, path string, args ...string) {
	t.Helper()
	if out, err := exec.Command(path, args...).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", filepath.Base(path), err, out)
	}
}

func tableNames(t *testing.T, db database.Querier) []string {
	t.Helper()
	rows, err := db.Query(context.Background(), `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return names
}
