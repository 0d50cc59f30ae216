package audit_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/testkit"
)

// record appends n entries through db, failing the test on an error.
func record(t *testing.T, db database.Querier, n int) {
	t.Helper()
	for i := range n {
		p := int64(i % 3)
		e := audit.Entry{Action: "theme.update", Outcome: audit.OK, ActorEmail: "ann@one.example", PartnershipID: &p,
			ObjectType: "theme", ObjectID: fmt.Sprint(i), IP: "192.0.2.1", Detail: fmt.Sprintf("note %d, ü", i)}
		if i%2 == 0 {
			e.PartnershipID = nil
		}
		if err := audit.Record(context.Background(), db, e); err != nil {
			t.Fatal(err)
		}
	}
}

func mustVerify(t *testing.T, db database.Querier) audit.Chain {
	t.Helper()
	c, err := audit.Verify(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func ids(t *testing.T, db *pgxpool.Pool) []int64 {
	t.Helper()
	rows, err := db.Query(context.Background(), `SELECT id FROM audit_log ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestVerifyNamesTheFirstChangedEntry breaks the chain as the owner can (the append-only trigger
// disabled) and expects Verify to name the entry changed, and for a removed entry the one after.
func TestVerifyNamesTheFirstChangedEntry(t *testing.T) {
	ctx := context.Background()
	serving, owner := testkit.NewServingDB(t)
	record(t, serving, 5)
	if c := mustVerify(t, serving); c.Break != nil || c.Entries != 5 || len(c.LastHash) != 32 {
		t.Fatalf("a log nobody touched: %+v", c)
	}
	id := ids(t, owner)
	tamper := func(sql string, args ...any) {
		t.Helper()
		_, err := owner.Exec(ctx, `ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_or_delete;
			`+sql+`; ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_or_delete`)
		if err != nil {
			t.Fatal(err)
		}
	}
	tamper(fmt.Sprintf(`UPDATE audit_log SET detail = 'nothing to see' WHERE id = %d`, id[3]))
	c := mustVerify(t, serving)
	if c.Break == nil || c.Break.ID != id[3] {
		t.Fatalf("after changing entry %d: %+v", id[3], c.Break)
	}
	if c.LastID != id[2] {
		t.Errorf("last good entry = %d; want %d", c.LastID, id[2])
	}

	// Changing the entry's hash to match its new content moves the break to the next entry.
	tamper(fmt.Sprintf(`UPDATE audit_log SET hash = audit_log_hash((SELECT hash FROM audit_log WHERE id = %d), audit_log) WHERE id = %d`, id[2], id[3]))
	if c := mustVerify(t, serving); c.Break == nil || c.Break.ID != id[4] {
		t.Fatalf("after rehashing entry %d: %+v; want the break at %d", id[3], c.Break, id[4])
	}

	// Removing an entry breaks the chain at the one after it.
	serving2, owner2 := testkit.NewServingDB(t)
	record(t, serving2, 4)
	id = ids(t, owner2)
	if _, err := owner2.Exec(ctx, fmt.Sprintf(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_or_delete;
		DELETE FROM audit_log WHERE id = %d`, id[1])); err != nil {
		t.Fatal(err)
	}
	if c := mustVerify(t, serving2); c.Break == nil || c.Break.ID != id[2] {
		t.Fatalf("after removing entry %d: %+v; want the break at %d", id[1], c.Break, id[2])
	}
}

// TestTheDatabaseChoosesIdAndHash: a writer's own id and hash are replaced, so no writer can
// forge a link of the chain, and one statement inserting several entries chains them in turn.
func TestTheDatabaseChoosesIdAndHash(t *testing.T) {
	ctx := context.Background()
	serving, _ := testkit.NewServingDB(t)
	record(t, serving, 1)
	_, err := serving.Exec(ctx, `INSERT INTO audit_log (id, action, outcome, hash)
		VALUES (1, 'forged', 'ok', '\x00'), (1000, 'forged', 'ok', '\x01'), (7, 'forged', 'ok', NULL)`)
	if err != nil {
		t.Fatal(err)
	}
	if c := mustVerify(t, serving); c.Break != nil || c.Entries != 4 {
		t.Fatalf("chain after a forged insert: %+v", c)
	}
	if got := ids(t, serving); fmt.Sprint(got) != "[1 2 3 4]" {
		t.Errorf("ids = %v; want them given in turn", got)
	}
}

// TestChainStaysLinearWithConcurrentWriters: writers on many connections at once (as several
// portal processes would be) still make one chain, in the order of ids.
func TestChainStaysLinearWithConcurrentWriters(t *testing.T) {
	ctx := context.Background()
	serving, _ := testkit.NewServingDB(t)
	const writers, each = 8, 25
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				// Some in transactions that do more after the entry, holding the lock longer.
				err := database.InTx(ctx, serving, func(tx pgx.Tx) error {
					if err := audit.Record(ctx, tx, audit.Entry{Action: "x", Outcome: audit.OK, ObjectID: fmt.Sprint(w, i)}); err != nil {
						return err
					}
					_, err := tx.Exec(ctx, `SELECT pg_sleep(0.001)`)
					return err
				})
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if c := mustVerify(t, serving); c.Break != nil || c.Entries != writers*each {
		t.Fatalf("after concurrent writers: %+v", c)
	}
}

// TestEntriesOutsideReadCommittedAreRefused: under REPEATABLE READ an entry could not see the one
// committed before it and the chain would fork, so the database refuses it.
func TestEntriesOutsideReadCommittedAreRefused(t *testing.T) {
	ctx := context.Background()
	serving, _ := testkit.NewServingDB(t)
	err := pgx.BeginTxFunc(ctx, serving, pgx.TxOptions{IsoLevel: pgx.RepeatableRead}, func(tx pgx.Tx) error {
		return audit.Record(ctx, tx, audit.Entry{Action: "x", Outcome: audit.OK})
	})
	if err == nil {
		t.Fatal("an entry written under REPEATABLE READ was accepted")
	}
}

// TestMigrationChainsExistingEntries: entries written before the chain existed get their hashes
// from the migration, in the order of ids, and new ones follow on.
func TestMigrationChainsExistingEntries(t *testing.T) {
	ctx := context.Background()
	serving, owner := testkit.NewServingDB(t)
	m, err := database.NewPoolMigrator(owner, true)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	log := slog.New(slog.DiscardHandler)
	testkit.MigrateDownBelow(t, m, 15)
	for i := range 3 {
		if _, err := owner.Exec(ctx, `INSERT INTO audit_log (action, outcome, detail) VALUES ('old', 'ok', $1)`, fmt.Sprint(i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := m.Up(ctx, log); err != nil {
		t.Fatal(err)
	}
	record(t, serving, 2)
	if c := mustVerify(t, serving); c.Break != nil || c.Entries != 5 {
		t.Fatalf("after migrating a log with entries: %+v", c)
	}
}

// TestServingRoleCannotChangeTheLog connects as the portal does and tries every way round the
// append-only log and its chain: the database itself refuses each (insufficient privilege).
func TestServingRoleCannotChangeTheLog(t *testing.T) {
	ctx := context.Background()
	serving, owner := testkit.NewServingDB(t)
	record(t, serving, 2)
	var super bool
	var owned int
	testkit.MustQueryRow(t, serving, `SELECT rolsuper FROM pg_roles WHERE rolname = current_user`).Scan(&super)
	testkit.MustQueryRow(t, serving, `SELECT (SELECT count(*) FROM pg_class WHERE pg_has_role(current_user, relowner, 'MEMBER'))
		+ (SELECT count(*) FROM pg_proc WHERE pg_has_role(current_user, proowner, 'MEMBER'))
		+ (SELECT count(*) FROM pg_namespace WHERE pg_has_role(current_user, nspowner, 'MEMBER'))
		+ (SELECT count(*) FROM pg_type WHERE pg_has_role(current_user, typowner, 'MEMBER'))
		+ (SELECT count(*) FROM pg_database WHERE pg_has_role(current_user, datdba, 'MEMBER'))`).Scan(&owned)
	if super || owned != 0 {
		t.Fatalf("the serving role: superuser %v, owns %d objects; want neither", super, owned)
	}
	ownerName := testkit.MustQueryString(t, owner, `SELECT current_user`)

	for _, sql := range []string{
		`UPDATE audit_log SET detail = 'changed'`,
		`DELETE FROM audit_log`,
		`TRUNCATE audit_log`,
		`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_or_delete`,
		`ALTER TABLE audit_log DISABLE TRIGGER audit_log_chain`,
		`ALTER TABLE audit_log DISABLE TRIGGER ALL`,
		`DROP TRIGGER audit_log_no_update_or_delete ON audit_log`,
		`DROP TRIGGER audit_log_no_truncate ON audit_log`,
		`DROP TRIGGER audit_log_chain ON audit_log`,
		`SET session_replication_role = replica`,
		`CREATE OR REPLACE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`,
		`CREATE OR REPLACE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`,
		`CREATE OR REPLACE FUNCTION audit_log_hash(prev bytea, e audit_log) RETURNS bytea LANGUAGE sql AS $$ SELECT e.hash $$`,
		`ALTER FUNCTION audit_log_chain() RENAME TO gone`,
		`DROP TABLE audit_log`,
		`ALTER TABLE audit_log RENAME TO old_log`,
		`SELECT setval('audit_log_id_seq', 1)`,
		`CREATE TABLE audit_log_copy (id int)`,
		`SET ROLE ` + pgx.Identifier{ownerName}.Sanitize(),
		`UPDATE goose_db_version SET is_applied = false`,
	} {
		_, err := serving.Exec(ctx, sql)
		var pgErr *pgconn.PgError
		if !errors.As(err, &pgErr) || pgErr.Code != "42501" {
			t.Errorf("%s: %v; want it refused for want of privilege (42501)", sql, err)
		}
	}
	if c := mustVerify(t, serving); c.Break != nil || c.Entries != 2 {
		t.Fatalf("the log after the attempts: %+v", c)
	}
}
