package library_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/scp-portal/portal/internal/library"
	"github.com/scp-portal/portal/internal/testkit"
)

// A search by words across partnerships goes through each source's GIN index, and no shape of
// query scans a whole table (sequential scans are priced out, so that an empty test database plans
// as a full one would).
func TestASearchUsesEachSourcesIndex(t *testing.T) {
	t.Parallel()
	db := testkit.NewDB(t)
	ctx := context.Background()
	conn, err := db.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SET enable_seqscan = off`); err != nil {
		t.Fatal(err)
	}
	explainSQL := func(sql string, args ...any) string {
		t.Helper()
		return strings.Join(testkit.MustValues[string](t, conn, "EXPLAIN "+sql, args...), "\n")
	}
	explain := func(q library.Query) string {
		t.Helper()
		sql, args := library.SearchSQL(q, time.Now())
		return explainSQL(sql, args...)
	}
	words := explain(library.Query{Words: "neglect"})
	for _, index := range []string{"document_version_search", "report_search", "local_cspr_search"} {
		if !strings.Contains(words, index) {
			t.Errorf("the search does not use %s:\n%s", index, words)
		}
	}
	// Every other shape of query has an index behind each source too (a partnership's items by
	// their partnership and date; the newest by date; after a cursor).
	after := library.ParseCursor("2026-06-30~review~12")
	for _, q := range []library.Query{{}, {PartnershipID: 1}, {Words: "neglect", PartnershipID: 1}, {Kind: library.YearlyReport, After: after},
		{Year: 2025}, {Priority: "Neglect"}, {Priority: "Neglect", Year: 2025, Words: "neglect", After: after}, {Priority: "Neglect", Kind: library.Review, PartnershipID: 1}} {
		if plan := explain(q); strings.Contains(plan, "Seq Scan") {
			t.Errorf("%+v scans a table:\n%s", q, plan)
		}
	}
	// A priority is found through the indexes on its words, whatever their case.
	if plan := explain(library.Query{Priority: "Neglect"}); !strings.Contains(plan, "cspr_priority_title") || !strings.Contains(plan, "partnership_priority_title") {
		t.Errorf("the priority filter does not use its indexes:\n%s", plan)
	}
	// The filter's lists: the years (a probe of each source's dates a year) and the priorities.
	for what, plan := range map[string]string{"years": explainSQL(library.YearsSQL, time.Now()), "priorities": explainSQL(library.PrioritiesSQL)} {
		if strings.Contains(plan, "Seq Scan") {
			t.Errorf("the %s scan a table:\n%s", what, plan)
		}
	}
}
