package library_test

import (
	"context"
	"testing"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/library"
	"github.com/scp-portal/portal/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

// The library finds South Tees' published review by a word of its learning summary, from any
// partnership; filters by partnership and kind; pages by key; and holds nothing unpublished: a
// draft's words, a review not yet published, a publication dated tomorrow.
func TestTheLibraryHoldsOnlyWhatIsPublished(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, s, search := openLibrary(t)
	stscp := int64(testkit.MustQueryInt(t, db, `SELECT id FROM partnership WHERE slug = 'stscp'`))
	hsscp := int64(testkit.MustQueryInt(t, db, `SELECT id FROM partnership WHERE slug = 'hsscp'`))
	found := search(library.Query{Words: "handovers"})
	if len(found.Items) != 1 || found.Items[0].Kind != library.Review || found.Items[0].Slug != "stscp" {
		t.Fatalf("a word of the learning summary found %+v", found.Items)
	}
	if pg := search(library.Query{Words: "handovers", PartnershipID: hsscp}); len(pg.Items) != 0 {
		t.Errorf("HSSCP's items hold South Tees' review: %+v", pg.Items)
	}
	// Every partnership's arrangements and yearly report, and the review.
	all := search(library.Query{})
	kinds := map[string]int{}
	for _, it := range all.Items {
		kinds[it.Kind]++
	}
	if kinds[library.Arrangements] != 2 || kinds[library.YearlyReport] != testkit.MustCount(t, db, `report WHERE published_on IS NOT NULL`) ||
		kinds[library.YearlyReport] == 0 || kinds[library.Review] != 1 {
		t.Errorf("the library holds %v", kinds)
	}
	if pg := search(library.Query{Kind: library.YearlyReport, PartnershipID: stscp}); len(pg.Items) != 1 || pg.Items[0].Title != "Yearly report 2025/26" && pg.Items[0].Ref == "" {
		t.Errorf("South Tees' yearly reports: %+v", pg.Items)
	}
	// Nothing unpublished: the words of the review's full report, a draft version, a review not published.
	if _, err := db.Exec(ctx, `UPDATE document_section SET body = body || ' zanzibarish' WHERE version_id IN (SELECT id FROM document_version WHERE published_on IS NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"family practitioners published", "zanzibarish", "infant hospital unexplained injuries"} {
		if pg := search(library.Query{Words: w}); len(pg.Items) != 0 {
			t.Errorf("%q found %+v", w, pg.Items)
		}
	}
	if _, err := db.Exec(ctx, `UPDATE local_cspr SET published_on = current_date + 1 WHERE published_on IS NOT NULL`); err != nil {
		t.Fatal(err)
	}
	if pg := search(library.Query{Words: "handovers"}); len(pg.Items) != 0 {
		t.Errorf("a review published tomorrow is public today")
	}
	// Paging by key: 45 more published yearly reports page into three pages with none twice.
	if _, err := db.Exec(ctx, `INSERT INTO report (partnership_id, kind, period, period_start, period_end, status, figures, submitted_at, published_on, search)
		SELECT $1, 'yearly', (1960 + n)::text, make_date(1960 + n, 4, 1), make_date(1961 + n, 3, 31), 'submitted', '{}', now(), make_date(1961 + n, 6, 1), to_tsvector('english', 'old')
		FROM generate_series(0, 44) AS n`, hsscp); err != nil {
		t.Fatal(err)
	}
	seen := map[int64]bool{}
	var q library.Query
	pages := 0
	for {
		pg := search(q)
		pages++
		for _, it := range pg.Items {
			if seen[it.ID*10+int64(len(it.Kind))] {
				t.Fatalf("%+v twice", it)
			}
			seen[it.ID*10+int64(len(it.Kind))] = true
		}
		if pg.Next == nil {
			break
		}
		q.After = library.ParseCursor(pg.Next.String())
	}
	if pages != 3 || len(seen) != len(all.Items)-1+45 {
		t.Errorf("%d pages, %d items", pages, len(seen))
	}
	// Hostile words are refused, not searched.
	for _, w := range []string{"a\x00b", "\xff", string(make([]byte, 300))} {
		if _, err := s.Search(ctx, library.Query{Words: w}); app.FieldMessage(err, "q") == "" {
			t.Errorf("%q: %v", w, err)
		}
	}
	if _, err := s.Search(ctx, library.Query{Kind: "secret"}); app.FieldMessage(err, "kind") == "" {
		t.Errorf("an unknown kind: %v", err)
	}
}
