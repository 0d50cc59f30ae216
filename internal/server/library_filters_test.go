package server_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/scp-portal/portal/internal/testkit"
)

// The public library, signed out, finds South Tees' published review by the year it was published
// and by the priority its Engine Room tagged it with (whatever the case typed), and misses it and
// HSSCP's items otherwise; the next page keeps the filters; the Engine Room tags a review on its
// page with its partnership's priorities only; hostile filter values are named on their field,
// never a 500.
func TestTheLibraryFindsByYearAndPriority(t *testing.T) {
	t.Parallel()
	db := testkit.NewDemoDB(t, time.Now(), true)
	base := testkit.StartServer(t, db, testkit.ServerOptions{})
	c := testkit.NewClient(t, base)
	reviewLink := regexp.MustCompile(`href="/stscp/published-reviews/\d+"`)
	year := strconv.Itoa(testkit.MustQueryInt(t, db, `SELECT extract(year FROM published_on)::int FROM local_cspr WHERE published_on IS NOT NULL`))
	search := func(filters url.Values) string {
		t.Helper()
		return c.MustGet("/library?"+filters.Encode(), http.StatusOK).Body
	}

	// The form offers the years that hold something published and the priorities.
	page := search(nil)
	for _, option := range []string{`<option value="` + year + `"`, `<option value="Working Together"`, `<option value="Neglect"`} {
		if !strings.Contains(page, option) {
			t.Errorf("the library's form does not offer %s", option)
		}
	}
	for _, f := range []url.Values{{"priority": {"working together"}}, {"year": {year}}, {"year": {year}, "priority": {"Working Together"}, "kind": {"review"}, "q": {"handovers"}}} {
		if body := search(f); !reviewLink.MatchString(body) {
			t.Errorf("%v does not find the review", f)
		}
	}
	found := search(url.Values{"priority": {"Working Together"}})
	if strings.Contains(found, `href="/hsscp/`) {
		t.Error("South Tees' priority finds HSSCP's items")
	}
	for _, f := range []url.Values{{"priority": {"Neglect"}}, {"year": {"1990"}}, {"year": {year}, "priority": {"Working Together"}, "partnership": {"hsscp"}}} {
		if body := search(f); reviewLink.MatchString(body) || !strings.Contains(body, "Nothing published matches your search.") && f.Get("priority") != "Neglect" {
			t.Errorf("%v finds the review", f)
		}
	}

	// Paging keeps the filters: 25 of HSSCP's yearly reports published in 1950.
	hsscp := testkit.MustQueryInt(t, db, `SELECT id FROM partnership WHERE slug = 'hsscp'`)
	if _, err := db.Exec(t.Context(), `INSERT INTO report (partnership_id, kind, period, period_start, period_end, status, figures, submitted_at, published_on, search)
		SELECT $1, 'yearly', (1900 + n)::text, make_date(1900 + n, 4, 1), make_date(1901 + n, 3, 31), 'submitted', '{}', now(), make_date(1950, 1, 1 + n), to_tsvector('english', 'old')
		FROM generate_series(0, 24) AS n`, hsscp); err != nil {
		t.Fatal(err)
	}
	prio := testkit.MustQueryString(t, db, `SELECT title FROM partnership_priority WHERE partnership_id = $1 ORDER BY position LIMIT 1`, hsscp)
	first := search(url.Values{"year": {"1950"}, "priority": {strings.ToUpper(prio)}})
	next := html.UnescapeString(testkit.MustSubmatch(t, `<a href="([^"]+)" rel="next">`, first))
	if q, _ := url.ParseQuery(next[strings.Index(next, "?")+1:]); q.Get("year") != "1950" || q.Get("priority") != strings.ToUpper(prio) {
		t.Fatalf("the next page loses the filters: %s", next)
	}
	second := c.MustGet(next, http.StatusOK).Body
	if n, reports := strings.Count(second, `<h2 class="heading-s"><a href=`), strings.Count(second, `<a href="/hsscp/yearly-reports/19`); n != 5 || reports != 5 || strings.Contains(second, `rel="next"`) {
		t.Errorf("the second page of 1950 holds %d items, %d of them HSSCP's reports of the 1900s", n, reports)
	}

	// The Engine Room tags a review with its partnership's priorities; a priority of another's is
	// refused on its field.
	er := testkit.MustSignInAs(t, base, "engine-room@stscp.example")
	id := testkit.MustQueryInt(t, db, `SELECT id FROM local_cspr WHERE published_on IS NOT NULL`)
	path := "/stscp/local-reviews/" + strconv.Itoa(id)
	review := er.MustGet(path, http.StatusOK).Body
	version := testkit.MustSubmatch(t, `name="version" value="(\d+)"`, review)
	// South Tees' challenge process (issue #14): the review's recommendations are on its page, and
	// at the challenge session the health trust presented what it changed and its impact.
	if !strings.Contains(review, "Hand over in person between health visiting and the GP practice") {
		t.Error("South Tees' published review lists no recommendation of its own")
	}
	rec := testkit.MustQueryInt(t, db, `SELECT recommendation_id FROM challenge_note ORDER BY id LIMIT 1`)
	if body := er.MustGet("/stscp/recommendations/"+strconv.Itoa(rec), http.StatusOK).Body; !strings.Contains(body, "Challenge session: what agencies changed") ||
		!strings.Contains(body, "South Tees Hospitals NHS Foundation Trust") || !strings.Contains(body, "38 were in person") {
		t.Error("the challenge session on South Tees' review does not show what the health trust presented")
	}
	bad := er.MustPost(path+"/priorities", url.Values{"version": {version}, "priorities": {"Neglect", prio}}, http.StatusUnprocessableEntity).Body
	if !strings.Contains(bad, "Choose the priorities from the partnership") {
		t.Errorf("another partnership's priority: %s", testkit.ErrorSummary(bad))
	}
	er.MustPost(path+"/priorities", url.Values{"version": {version}, "priorities": {"Neglect"}}, http.StatusSeeOther)
	if body := search(url.Values{"priority": {"neglect"}, "kind": {"review"}}); !reviewLink.MatchString(body) {
		t.Error("the review tagged with neglect is not found by it")
	}
	if body := search(url.Values{"priority": {"Working Together"}, "kind": {"review"}}); reviewLink.MatchString(body) {
		t.Error("the review is still found by the priority taken off it")
	}
	if n := testkit.MustCount(t, db, `audit_log WHERE action = 'local-review.priorities' AND object_id = $1`, strconv.Itoa(id)); n != 1 {
		t.Errorf("%d audit records of the tagging", n)
	}

	// Hostile filters: named on their field, never a 500.
	for _, raw := range []string{"year=abc", "year=99999999999999999999999", "year=2026%00", "year=-1", "priority=%00", "priority=%FF%FE",
		"priority=" + strings.Repeat("x", 300), "year=%FF&priority=%00&partnership=%00&kind=%00&q=%00&after=%00"} {
		r := c.Get("/library?" + raw)
		if r.Status != http.StatusUnprocessableEntity && r.Status != http.StatusBadRequest {
			t.Errorf("%s: %d", raw, r.Status)
		}
		if strings.HasPrefix(raw, "year=") && r.Status == http.StatusUnprocessableEntity && !strings.Contains(r.Body, "Choose a year from the list") {
			t.Errorf("%s: %s", raw, testkit.ErrorSummary(r.Body))
		}
	}
}
