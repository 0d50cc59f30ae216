package server_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/scp-portal/portal/internal/testkit"
)

// crawlRoles are the people the crawler signs in as: every demo role of two partnerships, the
// person in both and the system administrator.
func crawlRoles() []string {
	var emails []string
	for _, slug := range []string{"hsscp", "stscp"} {
		for _, role := range []string{"practitioner", "engine-room", "executive", "business-unit", "critical-friend", "scrutineer"} {
			emails = append(emails, role+"@"+slug+".example")
		}
	}
	return append(emails, "police-lead@cleveland.police.example", "admin@portal.example")
}

var (
	hrefPattern  = regexp.MustCompile(`<a\s[^>]*?href="([^"]*)"`)
	digitPattern = regexp.MustCompile(`/\d+`)
)

const (
	crawlPagesPerRole = 1500 // pages fetched for one person at most
	crawlPerPattern   = 50   // pages of one shape (/themes/N) fetched for one person at most
)

// TestEveryLinkLeadsSomewhere signs in as every demo role of two partnerships (and a member of
// none of those accounts who audits cases) over the demo with
// its year of history and follows every link on every page each can reach (a few records of each
// kind, a few hundred pages a person): every link a person is shown answers them, never with a
// 4xx or 5xx. The failure names who, the page the link is on and the link. Every kind of page
// reached is then shown in Chromium: accessible, reflowing at 320 px. Error pages name whom to
// ask and lead home.
func TestEveryLinkLeadsSomewhere(t *testing.T) {
	t.Parallel()
	serving, db := testkit.NewServingDB(t)
	testkit.SeedDemoAt(t, db, time.Now(), true)
	base := testkit.StartServer(t, serving, testkit.ServerOptions{})
	// And a member who is none of those accounts but audits cases: they read the audits they grade.
	auditor := testkit.MustQueryString(t, db, `SELECT min(u.email) FROM case_audit_auditor a JOIN app_user u ON u.id = a.user_id
		WHERE u.email <> ALL($1)`, crawlRoles())

	start := time.Now()
	var mu sync.Mutex
	fetched := 0
	people := append(crawlRoles(), auditor)
	kinds := map[string][]string{} // each person's pages, one of each shape
	t.Run("links", func(t *testing.T) {
		for _, email := range people {
			t.Run(email, func(t *testing.T) {
				t.Parallel()
				n, pages := crawl(t, testkit.MustSignInAs(t, base, email), email)
				mu.Lock()
				fetched += n
				kinds[email] = pages
				mu.Unlock()
			})
		}
	})
	t.Logf("crawled %d pages in %s", fetched, time.Since(start).Round(time.Millisecond))

	// Every kind of page the crawl reached, each once (shown to the first person who reached it):
	// in Chromium it passes axe-core's WCAG 2.2 AA rules, does not scroll sideways at 320 CSS
	// pixels, and its radios and checkboxes are GOV.UK's size.
	t.Run("every kind of page in Chromium at 320 px", func(t *testing.T) {
		taken := map[string]bool{}
		pages := 0
		for _, email := range people {
			var mine []string
			for _, path := range kinds[email] {
				if shape := shapeOf(path); !taken[shape] {
					taken[shape] = true
					mine = append(mine, path)
				}
			}
			if len(mine) == 0 {
				continue
			}
			pages += len(mine)
			t.Run(email, func(t *testing.T) {
				b := testkit.NewBrowser(t)
				b.MustSignIn(t, base, email)
				for _, path := range mine {
					b.MustOpen(t, base+path, "main")
					b.CheckPage(t, email+" "+path)
				}
			})
		}
		t.Logf("%d kinds of page in Chromium", pages)
	})

	// What a person may not open is named without a link; those who may open it follow it.
	t.Run("a record one may not open is named without a link", func(t *testing.T) {
		friend := testkit.MustSignInAs(t, base, "critical-friend@hsscp.example")
		engine := testkit.MustSignInAs(t, base, "engine-room@hsscp.example")
		exec := testkit.MustSignInAs(t, base, "executive@hsscp.example")
		var commission, theme, title string
		testkit.MustQueryRow(t, db, `SELECT c.id::text, t.id::text, t.title FROM commission c JOIN theme t ON t.id = c.theme_id
			JOIN commission_friend f ON f.commission_id = c.id JOIN app_user u ON u.id = f.user_id
			WHERE u.email = 'critical-friend@hsscp.example' ORDER BY c.id LIMIT 1`).Scan(&commission, &theme, &title)
		themeLink := `href="/hsscp/themes/` + theme + `"`
		page := friend.MustGet("/hsscp/commissions/"+commission, http.StatusOK).Body
		if !strings.Contains(page, html.EscapeString(title)) || strings.Contains(page, themeLink) {
			t.Errorf("the critical friend's commission does not name its theme %q without a link", title)
		}
		if !strings.Contains(engine.MustGet("/hsscp/commissions/"+commission, http.StatusOK).Body, themeLink) {
			t.Error("the Engine Room's commission page does not link its theme")
		}
		// The Executive oversees every local CSPR; it opens the rapid review of none it is not put to.
		unlinked := 0
		for _, row := range strings.Split(testkit.MustQueryString(t, db, `SELECT string_agg(l.id || ' ' || l.review_id, ',' ORDER BY l.id)
			FROM local_cspr l JOIN partnership p ON p.id = l.partnership_id WHERE p.slug = 'hsscp'`), ",") {
			local, review, _ := strings.Cut(row, " ")
			reviewLink := `href="/hsscp/reviews/` + review + `"`
			if !strings.Contains(exec.MustGet("/hsscp/local-reviews/"+local, http.StatusOK).Body, reviewLink) {
				unlinked++
			}
			if !strings.Contains(engine.MustGet("/hsscp/local-reviews/"+local, http.StatusOK).Body, reviewLink) {
				t.Errorf("the Engine Room's local CSPR %s does not link its rapid review", local)
			}
		}
		if unlinked == 0 {
			t.Error("every local CSPR links its rapid review for the Executive member, who may not read them all")
		}
	})

	// A refused or missing page names the business unit to contact, of the page's partnership or
	// else the person's own, with its address, and leads to the person's home.
	t.Run("error pages name whom to contact", func(t *testing.T) {
		contact := func(slug string) string {
			var short, email string
			testkit.MustQueryRow(t, db, `SELECT short_name, contact_email FROM partnership WHERE slug = $1`, slug).Scan(&short, &email)
			if email == "" {
				t.Fatalf("the demo %s has no contact address", slug)
			}
			return "the " + short + ` business unit at <a href="mailto:` + email + `">` + email + `</a>.`
		}
		friend := testkit.MustSignInAs(t, base, "critical-friend@hsscp.example")
		stscp := testkit.MustSignInAs(t, base, "engine-room@stscp.example")
		for _, c := range []struct {
			name     string
			client   *testkit.Client
			path     string
			status   int
			lead, to string
			home     string
		}{
			{"a refusal", friend, "/hsscp/themes", http.StatusForbidden, "If you think you should have access, contact ", contact("hsscp"), `<a href="/hsscp/home">Go to your home page</a>`},
			{"a missing page of a partnership", stscp, "/stscp/no-such-page", http.StatusNotFound, "If a link in the portal brought you here, tell ", contact("stscp"), `<a href="/stscp/home">Go to your home page</a>`},
			{"a missing partnership, for its own member", friend, "/no-such-partnership/home", http.StatusNotFound, "If a link in the portal brought you here, tell ", contact("hsscp"), `<a href="/hsscp/home">Go to your home page</a>`},
			{"a missing page, for someone not signed in", testkit.NewClient(t, base), "/no/such/page", http.StatusNotFound, "If a link in the portal brought you here, tell ", "your partnership&#39;s business unit.", `<a href="/">Go to the home page</a>`},
		} {
			r := c.client.Get(c.path)
			if r.Status != c.status {
				t.Errorf("%s: GET %s answers %d; want %d", c.name, c.path, r.Status, c.status)
			}
			for _, want := range []string{c.lead + c.to, c.home} {
				if !strings.Contains(r.Body, want) {
					t.Errorf("%s: the %d page lacks %q:\n%s", c.name, c.status, want, testkit.MustSubmatch(t, `(?s)(<main.*</main>)`, r.Body))
				}
			}
		}
	})
}

// crawl follows every same-site link from the person's start page breadth first, failing on any
// that answers 4xx or 5xx, and returns how many pages it fetched and the first HTML page it met
// of each shape (/themes/N), in the order met.
func crawl(t *testing.T, c *testkit.Client, who string) (int, []string) {
	type link struct{ from, to string }
	queue := []link{{"(sign-in)", "/"}}
	seen := map[string]bool{"/": true}
	shapes := map[string]int{}
	fetched := 0
	var kinds []string
	kindSeen := map[string]bool{}
	for len(queue) > 0 && fetched < crawlPagesPerRole {
		l := queue[0]
		queue = queue[1:]
		r := c.Get(l.to)
		fetched++
		if r.Status >= 400 {
			t.Errorf("%s: the link to %s on %s answers %d", who, l.to, l.from, r.Status)
			continue
		}
		var next []string
		switch {
		case r.Status >= 300:
			next = []string{r.Location}
		case strings.HasPrefix(r.Header.Get("Content-Type"), "text/html"):
			if shape := shapeOf(l.to); !kindSeen[shape] {
				kindSeen[shape] = true
				kinds = append(kinds, l.to)
			}
			for _, m := range hrefPattern.FindAllStringSubmatch(r.Body, -1) {
				next = append(next, html.UnescapeString(m[1]))
			}
		}
		for _, href := range next {
			to, ok := sameSite(c.Base, href)
			if !ok || seen[to] {
				continue
			}
			seen[to] = true
			shape := shapeOf(to)
			if shapes[shape] >= crawlPerPattern {
				continue
			}
			shapes[shape]++
			queue = append(queue, link{l.to, to})
		}
	}
	return fetched, kinds
}

// shapeOf is a page's path with its numbers as N, either partnership as {slug}, and without its
// query: /{slug}/themes/N.
func shapeOf(path string) string {
	path = strings.SplitN(path, "?", 2)[0]
	for _, slug := range []string{"/hsscp/", "/stscp/"} {
		if strings.HasPrefix(path, slug) {
			path = "/{slug}/" + path[len(slug):]
		}
	}
	return digitPattern.ReplaceAllString(path, "/N")
}

// sameSite returns the path and query of href when it is a page of the portal a GET may follow:
// not another site, not a fragment of the same page, not an asset, not a one-time link of an
// e-mail (which changes state once followed).
func sameSite(base, href string) (string, bool) {
	href = strings.TrimPrefix(href, base)
	u, err := url.Parse(href)
	if err != nil || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(u.Path, "/") {
		return "", false
	}
	for _, skip := range []string{"/static/", "/sign-out", "/confirm/", "/unsubscribe/", "/reset-password/", "/verify-email/", "/accept-invitation/", "/join/", "/agency-information/"} {
		if strings.Contains(u.Path, skip) {
			return "", false
		}
	}
	p := u.EscapedPath()
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return p, true
}
