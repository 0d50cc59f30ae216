package audit_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

func TestTheLogIsAppendOnly(t *testing.T) {
	ctx := context.Background()
	db := testkit.NewDB(t)
	if err := audit.Record(ctx, db, audit.Entry{Action: "sign-in", Outcome: audit.OK, ActorEmail: "a@x.example"}); err != nil {
		t.Fatal(err)
	}
	for _, sql := range []string{
		`UPDATE audit_log SET action = 'nothing happened'`,
		`DELETE FROM audit_log`,
		`TRUNCATE audit_log`,
	} {
		_, err := db.Exec(ctx, sql)
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v; want it refused", sql, err)
		}
	}
	if n := testkit.MustCount(t, db, `audit_log WHERE action = 'sign-in'`); n != 1 {
		t.Fatalf("entries left: %d", n)
	}
}

func TestSearchByPersonRecordAndDate(t *testing.T) {
	ctx := context.Background()
	db := testkit.NewDB(t)
	p1 := testkit.MustCreatePartnership(t, db, "one", "One", "ONE")
	p2 := testkit.MustCreatePartnership(t, db, "two", "Two", "TWO")
	entries := []audit.Entry{
		{PartnershipID: &p1, ActorEmail: "ann@one.example", Action: "organisation.update", Outcome: audit.OK, ObjectType: "organisation", ObjectID: "7"},
		{PartnershipID: &p1, ActorEmail: "bob@one.example", Action: "user.disabled", Outcome: audit.OK, ObjectType: "user", ObjectID: "9"},
		{PartnershipID: &p1, ActorEmail: "bob@one.example", Action: "audit.view", Outcome: audit.Refused},
		{PartnershipID: &p2, ActorEmail: "ann@one.example", Action: "organisation.update", Outcome: audit.OK, ObjectType: "organisation", ObjectID: "7"},
	}
	for _, e := range entries {
		if err := audit.Record(ctx, db, e); err != nil {
			t.Fatal(err)
		}
	}
	search := func(q audit.Query) []string {
		t.Helper()
		q.PartnershipID = p1
		got, err := audit.Search(ctx, db, q)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range got {
			actions = append(actions, e.ActorEmail+" "+string(e.Action))
		}
		return actions
	}
	if got := search(audit.Query{}); len(got) != 3 || got[0] != "bob@one.example audit.view" {
		t.Errorf("all of partnership one, newest first: %v", got)
	}
	if got := search(audit.Query{Actor: "BOB@One.example"}); len(got) != 2 {
		t.Errorf("by a whole address, as typed at sign-in, with no account: %v", got)
	}
	if got := search(audit.Query{Actor: "bob"}); len(got) != 0 {
		t.Errorf("a part of an address names the partnership's people, and bob has no account: %v", got)
	}
	var ann int64
	if err := db.QueryRow(ctx, `INSERT INTO app_user (partnership_id, email, name, status) VALUES ($1, 'ann@one.example', 'Ann', 'active') RETURNING id`, p1).Scan(&ann); err != nil {
		t.Fatal(err)
	}
	if err := audit.Record(ctx, db, audit.Entry{ActorID: &ann, PartnershipID: &p1, ActorEmail: "ann@one.example", Action: "audit.view", Outcome: audit.OK}); err != nil {
		t.Fatal(err)
	}
	if got := search(audit.Query{Actor: "ANN"}); len(got) != 1 || got[0] != "ann@one.example audit.view" {
		t.Errorf("by a part of a person's address, through their id: %v", got)
	}
	if got := search(audit.Query{ObjectType: "organisation", ObjectID: "7"}); len(got) != 1 {
		t.Errorf("by record (and not the other partnership's): %v", got)
	}
	tomorrow := time.Now().Add(24 * time.Hour)
	if got := search(audit.Query{From: tomorrow}); len(got) != 0 {
		t.Errorf("from tomorrow: %v", got)
	}
	if got := search(audit.Query{Limit: 2}); len(got) != 2 {
		t.Errorf("limit: %v", got)
	}
}
