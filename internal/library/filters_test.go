package library_test

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/library"
	"github.com/scp-portal/portal/internal/testkit"
)

// The year and the priority filters combine with words, partnership and kind and keep to them
// page after page; a priority matches whatever its case, finding the reviews tagged with it and
// the arrangements and yearly reports of the partnerships that hold it; the year list holds
// exactly the years of what is published; filters that cannot be read are named, never searched.
func TestTheLibraryFiltersByYearAndPriority(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, _, search := openLibrary(t)
	kinds := func(pg library.Page) map[string]int {
		m := map[string]int{}
		for _, it := range pg.Items {
			m[it.Slug+" "+it.Kind]++
		}
		return m
	}
	hsscp := int64(testkit.MustQueryInt(t, db, `SELECT id FROM partnership WHERE slug = 'hsscp'`))
	stscp := int64(testkit.MustQueryInt(t, db, `SELECT id FROM partnership WHERE slug = 'stscp'`))

	// Priority: South Tees' review is tagged "Working Together"; its arrangements and yearly
	// report cover every South Tees priority, other documents none; HSSCP holds neither priority.
	got := kinds(search(library.Query{Priority: "working TOGETHER"}))
	if want := map[string]int{"stscp review": 1, "stscp arrangements": 1, "stscp yearly_report": 1}; !maps.Equal(got, want) {
		t.Errorf("working together found %v, want %v", got, want)
	}
	got = kinds(search(library.Query{Priority: "Neglect"}))
	if want := map[string]int{"stscp arrangements": 1, "stscp yearly_report": 1}; !maps.Equal(got, want) {
		t.Errorf("neglect found %v, want %v", got, want)
	}
	if pg := search(library.Query{Priority: "Working Together", Kind: library.Review, Words: "handovers"}); len(pg.Items) != 1 || pg.Items[0].Slug != "stscp" {
		t.Errorf("the review by priority, kind and words: %+v", pg.Items)
	}
	if pg := search(library.Query{Priority: "Working Together", PartnershipID: hsscp}); len(pg.Items) != 0 {
		t.Errorf("HSSCP's items by South Tees' priority: %+v", pg.Items)
	}
	if pg := search(library.Query{Priority: "No such priority"}); len(pg.Items) != 0 {
		t.Errorf("an unknown priority found %+v", pg.Items)
	}

	// The priorities offered: every partnership's, once whatever their case, alphabetical.
	if _, err := db.Exec(ctx, `INSERT INTO partnership_priority (partnership_id, title) VALUES ($1, 'NEGLECT')`, hsscp); err != nil {
		t.Fatal(err)
	}
	prios, err := library.Priorities(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	neglect := 0
	for i, p := range prios {
		if strings.EqualFold(p, "neglect") {
			neglect++
		}
		if i > 0 && strings.ToLower(prios[i-1]) > strings.ToLower(p) {
			t.Errorf("%q before %q", prios[i-1], p)
		}
	}
	if neglect != 1 || !slices.Contains(prios, "Working Together") {
		t.Errorf("the priorities offered: %q", prios)
	}
	if got := kinds(search(library.Query{Priority: "neglect"})); got["hsscp arrangements"] != 1 || got["stscp review"] != 0 {
		t.Errorf("neglect, now HSSCP's too, found %v", got)
	}

	// Year: 45 of HSSCP's yearly reports published in 1950 and 5 in 1951 page apart, with every
	// other filter, and none twice.
	if _, err := db.Exec(ctx, `INSERT INTO report (partnership_id, kind, period, period_start, period_end, status, figures, submitted_at, published_on, search)
		SELECT $1, 'yearly', (1900 + n)::text, make_date(1900 + n, 4, 1), make_date(1901 + n, 3, 31), 'submitted', '{}', now(),
			CASE WHEN n < 45 THEN make_date(1950, 1 + n % 12, 1 + n / 12) ELSE make_date(1951, 2, n - 40) END, to_tsvector('english', 'old')
		FROM generate_series(0, 49) AS n`, hsscp); err != nil {
		t.Fatal(err)
	}
	for _, q := range []library.Query{{Year: 1950}, {Year: 1950, Words: "old", PartnershipID: hsscp, Kind: library.YearlyReport, Priority: "neglect"}} {
		seen := map[int64]bool{}
		pages := 0
		for {
			pg := search(q)
			pages++
			for _, it := range pg.Items {
				if seen[it.ID] || it.PublishedOn.Year() != 1950 || it.Kind != library.YearlyReport {
					t.Fatalf("%+v: %+v twice or out of the filter", q, it)
				}
				seen[it.ID] = true
			}
			if pg.Next == nil {
				break
			}
			q.After = library.ParseCursor(pg.Next.String())
		}
		if pages != 3 || len(seen) != 45 {
			t.Errorf("%+v: %d pages, %d items", q, pages, len(seen))
		}
	}
	if pg := search(library.Query{Year: 1950, PartnershipID: stscp}); len(pg.Items) != 0 {
		t.Errorf("South Tees in 1950: %+v", pg.Items)
	}
	if pg := search(library.Query{Year: 1951, Priority: "Working Together"}); len(pg.Items) != 0 {
		t.Errorf("HSSCP's 1951 reports by South Tees' priority: %+v", pg.Items)
	}

	// The years offered are exactly the years of what the library holds: not the year of a
	// superseded version of a document, nor of what is published only tomorrow or never.
	if _, err := db.Exec(ctx, `UPDATE local_cspr SET published_on = make_date(extract(year FROM current_date)::int + 2, 1, 1) WHERE partnership_id = $1 AND published_on IS NULL`, stscp); err != nil {
		t.Fatal(err)
	}
	future := time.Now().Year() + 2
	if pg := search(library.Query{Year: future}); len(pg.Items) != 0 {
		t.Errorf("what is published only in %d is found: %+v", future, pg.Items)
	}
	// A review not yet published is not found by its priority.
	if tag, err := db.Exec(ctx, `INSERT INTO cspr_priority (cspr_id, title) SELECT id, 'Neglect' FROM local_cspr WHERE partnership_id = $1 AND published_on > current_date`, stscp); err != nil || tag.RowsAffected() == 0 {
		t.Fatalf("tagging the reviews not yet published: %v, %v", tag, err)
	}
	if pg := search(library.Query{Priority: "neglect", Kind: library.Review}); len(pg.Items) != 0 {
		t.Errorf("a review not yet published is found by its priority: %+v", pg.Items)
	}
	years, err := library.Years(ctx, db, app.Today(time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	held := map[int]bool{}
	var q library.Query
	for {
		pg := search(q)
		for _, it := range pg.Items {
			held[it.PublishedOn.Year()] = true
		}
		if pg.Next == nil {
			break
		}
		q.After = pg.Next
	}
	var want []int
	for y := range held {
		want = append(want, y)
	}
	slices.Sort(want)
	slices.Reverse(want)
	if !slices.Equal(years, want) || !slices.Contains(years, 1950) || slices.Contains(years, 1949) {
		t.Errorf("the years offered %v, the years held %v", years, want)
	}
	// Filters that cannot be read are named on their fields, in the form's order.
	for _, f := range []library.Filters{{Year: "abc"}, {Year: "99999999999999999999999"}, {Year: "2026\x00"}, {Year: "-5"}, {Year: "0"}, {Year: "10000"}} {
		if _, err := f.Query(nil); app.FieldMessage(err, "year") != library.ErrYear {
			t.Errorf("year %q: %v", f.Year, err)
		}
	}
	for _, p := range []string{"a\x00b", "\xff", strings.Repeat("x", 201)} {
		if _, err := (library.Filters{Priority: p}).Query(nil); app.FieldMessage(err, "priority") != library.ErrPriority {
			t.Errorf("priority %q: %v", p, err)
		}
	}
	_, err = library.Filters{Words: "a\x00", Partnership: "nowhere", Year: "x", Priority: "\xff", Kind: "secret"}.Query(map[string]int64{"hsscp": hsscp})
	var fields []string
	for _, fe := range app.FieldsOf(err) {
		fields = append(fields, fe.Field)
	}
	if !slices.Equal(fields, []string{"q", "partnership", "year", "priority", "kind"}) {
		t.Errorf("the problems, in order: %v", fields)
	}
	q, err = library.Filters{Partnership: "hsscp", Year: " 1950 ", Priority: " Neglect "}.Query(map[string]int64{"hsscp": hsscp})
	if err != nil || q.PartnershipID != hsscp || q.Year != 1950 || q.Priority != "Neglect" {
		t.Errorf("good filters read as %+v, %v", q, err)
	}
}
