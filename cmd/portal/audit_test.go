package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/testkit"
)

// TestMain runs the tests, or, when a test starts this binary as a portal process (portalCommand),
// the portal itself.
func TestMain(m *testing.M) {
	if os.Getenv(asPortal) == "1" {
		main()
		os.Exit(0)
	}
	testkit.Main(m)
}

// TestAuditVerifyNamesTheBrokenEntry runs `portal audit verify` over the demo data as the serving
// role: whole, it passes; after the owner changes one entry's detail with the append-only trigger
// disabled, it fails naming that entry.
func TestAuditVerifyNamesTheBrokenEntry(t *testing.T) {
	serving, owner := testkit.NewServingDB(t)
	testkit.SeedDemo(t, owner)
	for _, email := range []string{"a@one.example", "b@one.example", "c@one.example", "d@one.example"} {
		e := audit.Entry{ActorEmail: email, Action: audit.SignOut, Outcome: audit.OK}
		if err := audit.Record(context.Background(), serving, e); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("DATABASE_URL", serving.Config().ConnString())
	t.Setenv("MIGRATE_DATABASE_URL", "")
	if err := run([]string{"audit", "verify"}); err != nil {
		t.Fatalf("verify on the demo data: %v", err)
	}

	n := testkit.MustCount(t, owner, `audit_log`)
	if n < 3 {
		t.Fatalf("the demo data has %d audit entries; want some to break", n)
	}
	var id int64
	testkit.MustQueryRow(t, owner, `SELECT id FROM audit_log ORDER BY id OFFSET $1 LIMIT 1`, n/2).Scan(&id)
	_, err := owner.Exec(context.Background(), fmt.Sprintf(`
		ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_or_delete;
		UPDATE audit_log SET detail = 'nothing happened here' WHERE id = %d;
		ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_or_delete`, id))
	if err != nil {
		t.Fatal(err)
	}
	err = run([]string{"audit", "verify"})
	if want := fmt.Sprintf("breaks at entry %d:", id); err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("verify after changing entry %d = %v; want an error saying %q", id, err, want)
	}
}
