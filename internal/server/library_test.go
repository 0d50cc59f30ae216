package server_test

import (
	"encoding/xml"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/scp-portal/portal/internal/testkit"
)

// sensitiveValues are the demo's values that must never reach a public page or feed: every
// person's e-mail address (but the partnership's contact address, public on purpose), what practitioners told of the incident and the child in their CSPR
// requests, what the rapid reviews and local CSPRs hold inside (facts, drafts, agencies'
// summaries, the full report, terms of reference, the reviewer), the Executive's challenges and
// disputes between agencies. A child's name is sensitive unless it is the pseudonym a published
// review goes by. Short values ("yes") are left out: any page would hold them.
func sensitiveValues(t *testing.T, db *pgxpool.Pool) []string {
	t.Helper()
	var values []string
	err := db.QueryRow(t.Context(), `SELECT coalesce(array_agg(DISTINCT v), '{}') FROM (
		SELECT email AS v FROM app_user WHERE email NOT IN (SELECT contact_email FROM partnership)
		UNION ALL SELECT e.v FROM intake_request r, jsonb_each(r.answers) a, jsonb_array_elements_text(a.value) AS e(v)
			WHERE r.kind = 'cspr' AND a.key IN ('what_happened', 'whereabouts', 'family', 'agencies', 'criteria', 'requester_phone', 'requester_email', 'child1_name')
			  AND jsonb_typeof(a.value) = 'array'
		UNION ALL SELECT unnest(ARRAY[facts, draft, agency_involvement, practice_episodes, safety_action, improvements, equality, decision_reasons, panel_response]) FROM rapid_review
		UNION ALL SELECT summary FROM review_agency
		UNION ALL SELECT unnest(ARRAY[report, terms_of_reference, agencies_involvement, reviewer]) FROM local_cspr
		UNION ALL SELECT unnest(ARRAY[summary, detail, response]) FROM challenge
		UNION ALL SELECT unnest(ARRAY[summary, detail]) FROM dispute) s
		WHERE length(v) >= 7 AND NOT EXISTS (SELECT 1 FROM local_cspr c JOIN rapid_review rr ON rr.id = c.review_id
			WHERE c.published_on IS NOT NULL AND rr.title LIKE s.v || ' %')`).Scan(&values)
	if err != nil {
		t.Fatal(err)
	}
	return values
}

// The public pages, feeds and sitemap, crawled from the front page by every link and every
// address of the sitemap and feeds without signing in, show none of the demo's sensitive values;
// the library finds South Tees' published review from HSSCP's public page by a word of its
// learning summary; the feeds are Atom and the sitemap lists the public pages.
func TestThePublicPagesHoldNothingSensitive(t *testing.T) {
	t.Parallel()
	db := testkit.NewDemoDB(t, time.Now(), true)
	base := testkit.StartServer(t, db, testkit.ServerOptions{})
	c := testkit.NewClient(t, base)

	// From HSSCP's public page, its search finds South Tees' review.
	home := c.MustGet("/hsscp/", http.StatusOK).Body
	action := testkit.MustSubmatch(t, `<form method="get" action="([^"]+)" role="search"`, home)
	found := c.MustGet(action+"?q=handovers", http.StatusOK).Body
	review := testkit.MustSubmatch(t, `<a href="(/stscp/published-reviews/\d+)">`, found)
	if !strings.Contains(found, "South Tees") {
		t.Error("the review found does not say whose it is")
	}

	// The feeds are Atom, each entry with a title, id, date and link.
	type entry struct {
		Title   string `xml:"title"`
		ID      string `xml:"id"`
		Updated string `xml:"updated"`
		Link    struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
	}
	type feed struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		Title   string   `xml:"title"`
		ID      string   `xml:"id"`
		Updated string   `xml:"updated"`
		Entries []entry  `xml:"entry"`
	}
	var addresses []string
	for _, path := range []string{"/library/feed.atom", "/hsscp/feed.atom", "/stscp/feed.atom"} {
		r := c.MustGet(path, http.StatusOK)
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/atom+xml") {
			t.Errorf("%s: Content-Type %q", path, ct)
		}
		var f feed
		if err := xml.Unmarshal([]byte(r.Body), &f); err != nil {
			t.Fatalf("%s is not Atom: %v", path, err)
		}
		if _, err := time.Parse(time.RFC3339, f.Updated); f.Title == "" || f.ID == "" || err != nil || len(f.Entries) == 0 {
			t.Errorf("%s: %+v", path, f)
		}
		for _, e := range f.Entries {
			if _, err := time.Parse(time.RFC3339, e.Updated); e.Title == "" || e.ID == "" || err != nil || !strings.HasPrefix(e.Link.Href, "http") {
				t.Errorf("%s: entry %+v", path, e)
			}
			addresses = append(addresses, e.Link.Href)
		}
	}
	var sm struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal([]byte(c.MustGet("/sitemap.xml", http.StatusOK).Body), &sm); err != nil {
		t.Fatalf("the sitemap: %v", err)
	}
	for _, u := range sm.URLs {
		addresses = append(addresses, u.Loc)
	}
	if !slicesContainsSuffix(addresses, review) || !slicesContainsSuffix(addresses, "/stscp/yearly-reports/2025") && !slicesContainsSuffix(addresses, "/hsscp/arrangements") {
		t.Errorf("the sitemap and feeds do not list the published pages: %v", addresses)
	}

	// Crawl: every address listed, and every link of every page reached, up to a bound.
	secrets := sensitiveValues(t, db)
	if len(secrets) < 10 {
		t.Fatalf("too few sensitive values to look for: %v", secrets)
	}
	queue := []string{"/", "/library", "/library?q=handovers", "/library?kind=review", "/library/feed.atom", "/hsscp/feed.atom", "/stscp/feed.atom", "/sitemap.xml"}
	for _, a := range addresses {
		queue = append(queue, strings.TrimPrefix(a, base))
	}
	link := regexp.MustCompile(`href="(/[^"]*)"`)
	seen := map[string]bool{}
	for len(queue) > 0 && len(seen) < 300 {
		path := html.UnescapeString(queue[0])
		queue = queue[1:]
		if seen[path] || skipCrawl(path) {
			continue
		}
		seen[path] = true
		r := c.Get(path)
		if r.Status != http.StatusOK {
			t.Errorf("GET %s: %d", path, r.Status)
			continue
		}
		for _, s := range secrets {
			if strings.Contains(r.Body, s) || strings.Contains(r.Body, html.EscapeString(s)) {
				t.Errorf("GET %s shows %q", path, s)
			}
		}
		for _, m := range link.FindAllStringSubmatch(r.Body, -1) {
			queue = append(queue, m[1])
		}
	}
	if len(seen) < 15 {
		t.Errorf("the crawl reached only %d pages: %v", len(seen), seen)
	}
}

// skipCrawl leaves out what is not a public page of the portal: assets, forms to sign in or
// register, and the pages behind them.
func skipCrawl(path string) bool {
	for _, p := range []string{"/static/", "/sign-in", "/register", "/forgot-password"} {
		if strings.HasPrefix(path, p) || strings.Contains(path, p) {
			return true
		}
	}
	return strings.HasSuffix(path, "/theme.css") || strings.HasPrefix(path, "#")
}

func slicesContainsSuffix(list []string, suffix string) bool {
	for _, s := range list {
		if strings.HasSuffix(s, suffix) {
			return true
		}
	}
	return false
}
