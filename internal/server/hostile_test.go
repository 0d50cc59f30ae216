package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/scp-portal/portal/internal/testkit"
)

// hostileValues are what careless users and attackers send instead of what a form asks for: a NUL
// byte, bytes that are not UTF-8, numbers past 32 and 64 bits, and text of two-byte characters.
// (The first two are refused at the edge, cheaply; the rest reach the handlers and services.)
var hostileValues = []string{
	"a\x00b",
	"\xff\xfe\xfd",
	"2147483648",
	"-99999999999999999999999999",
	strings.Repeat("é", 40),
}

// hostilePathValues replace a route's ids: the same, escaped for a path, and a long multibyte one.
var hostilePathValues = []string{"%00", "%ff%fe", "2147483648", "99999999999999999999999999", strings.Repeat("%C3%A9", 100)}

// TestNoRouteAnswers500ToHostileInput sends every route of the route matrix malformed values as
// every kind of person: in the path's ids, in the query string, and in every form field the
// portal has, on records that exist. Whatever the portal answers (a 400 page, a form with
// problems, a refusal), it is never the 500 page.
func TestNoRouteAnswers500ToHostileInput(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testkit.NewDemoDB(t, time.Now(), true)
	base := testkit.StartServer(t, db, testkit.ServerOptions{})

	// A record of each kind in HSSCP, so that handlers get past "not found" to the form.
	real := map[string]int64{}
	for prefix, sql := range map[string]string{
		"themes":               `SELECT max(t.id) FROM theme t JOIN partnership p ON p.id = t.partnership_id WHERE p.slug = 'hsscp'`,
		"commissions":          `SELECT max(c.id) FROM commission c JOIN theme t ON t.id = c.theme_id JOIN partnership p ON p.id = t.partnership_id WHERE p.slug = 'hsscp'`,
		"recommendations":      `SELECT max(r.id) FROM recommendation r JOIN partnership p ON p.id = r.partnership_id WHERE p.slug = 'hsscp'`,
		"meetings":             `SELECT max(m.id) FROM meeting m JOIN partnership p ON p.id = m.partnership_id WHERE p.slug = 'hsscp'`,
		"inbox":                `SELECT max(r.id) FROM intake_request r JOIN partnership p ON p.id = r.partnership_id WHERE p.slug = 'hsscp' AND r.status <> 'draft'`,
		"reviews":              `SELECT max(r.id) FROM rapid_review r JOIN partnership p ON p.id = r.partnership_id WHERE p.slug = 'hsscp'`,
		"decisions":            `SELECT max(d.id) FROM meeting_decision d JOIN meeting m ON m.id = d.meeting_id JOIN partnership p ON p.id = m.partnership_id WHERE p.slug = 'hsscp'`,
		"reports":              `SELECT max(r.id) FROM report r JOIN partnership p ON p.id = r.partnership_id WHERE p.slug = 'hsscp'`,
		"local-reviews":        `SELECT max(l.id) FROM local_cspr l JOIN partnership p ON p.id = l.partnership_id WHERE p.slug = 'hsscp'`,
		"challenges":           `SELECT max(c.id) FROM challenge c JOIN partnership p ON p.id = c.partnership_id WHERE p.slug = 'hsscp'`,
		"disputes":             `SELECT max(d.id) FROM dispute d JOIN partnership p ON p.id = d.partnership_id WHERE p.slug = 'hsscp'`,
		"scrutiny":             `SELECT max(s.id) FROM scrutiny_report s JOIN partnership p ON p.id = s.partnership_id WHERE p.slug = 'hsscp'`,
		"assurance/frameworks": `SELECT max(f.id) FROM assurance_framework f JOIN partnership p ON p.id = f.partnership_id WHERE p.slug = 'hsscp'`,
		"assurance/versions":   `SELECT max(v.id) FROM assurance_version v JOIN assurance_framework f ON f.id = v.framework_id JOIN partnership p ON p.id = f.partnership_id WHERE p.slug = 'hsscp'`,
		"assurance/standards":  `SELECT max(s.id) FROM assurance_standard s JOIN assurance_version v ON v.id = s.version_id JOIN assurance_framework f ON f.id = v.framework_id JOIN partnership p ON p.id = f.partnership_id WHERE p.slug = 'hsscp'`,
		"assurance/rounds":     `SELECT max(r.id) FROM assurance_round r JOIN partnership p ON p.id = r.partnership_id WHERE p.slug = 'hsscp'`,
		"assurance/returns":    `SELECT max(x.id) FROM assurance_return x JOIN partnership p ON p.id = x.partnership_id WHERE p.slug = 'hsscp' AND x.status <> 'submitted'`,
		"case-audits":          `SELECT max(a.id) FROM case_audit a JOIN partnership p ON p.id = a.partnership_id WHERE p.slug = 'hsscp' AND a.status = 'grading'`,
		"training/sessions":    `SELECT max(s.id) FROM training_session s JOIN partnership p ON p.id = s.partnership_id WHERE p.slug = 'hsscp'`,
		"training/courses":     `SELECT max(c.id) FROM training_course c JOIN partnership p ON p.id = c.partnership_id WHERE p.slug = 'hsscp'`,
		"training/bookings":    `SELECT max(b.id) FROM training_booking b JOIN training_session s ON s.id = b.session_id JOIN partnership p ON p.id = s.partnership_id WHERE p.slug = 'hsscp'`,
		"training-needs":       `SELECT max(n.id) FROM training_need n JOIN partnership p ON p.id = n.partnership_id WHERE p.slug = 'hsscp'`,
		"bulletins":            `SELECT max(b.id) FROM bulletin b JOIN partnership p ON p.id = b.partnership_id WHERE p.slug = 'hsscp' AND b.status = 'sent'`,
		"e-bulletins":          `SELECT max(b.id) FROM bulletin b JOIN partnership p ON p.id = b.partnership_id WHERE p.slug = 'hsscp' AND b.status = 'draft'`,
	} {
		var id *int64
		if err := db.QueryRow(ctx, sql).Scan(&id); err != nil {
			t.Fatalf("%s: %v", prefix, err)
		}
		if id != nil {
			real[prefix] = *id
		}
	}
	withRealIDs := func(path string) string {
		for prefix, id := range real {
			path = strings.Replace(path, "/"+prefix+"/999999999", "/"+prefix+"/"+fmt.Sprint(id), 1)
		}
		return path
	}

	fields := formFieldNames(t)
	d := demoIDsOf(t, db, "hsscp")
	idSegment := regexp.MustCompile(`/(999999999|1)(/|$)`)
	// Everyone signs in first: the hostile sign-ins below count against the address's throttle.
	clients := make([]*testkit.Client, len(matrixPeople))
	for i, p := range matrixPeople {
		clients[i] = testkit.NewClient(t, base)
		if p.email != "" {
			clients[i].SignIn(p.email, testkit.DemoPassword)
		}
	}
	for i, p := range matrixPeople {
		if p.only != "" && p.only != "hsscp" {
			continue // the walk visits hsscp
		}
		p.member = p.email != "" && !p.admin
		t.Run("as "+p.name, func(t *testing.T) {
			c := clients[i]
			check := func(method, path string, got testkit.Response) {
				t.Helper()
				if got.Status >= 500 {
					t.Errorf("%s %q: %d", method, path, got.Status)
				}
			}
			for _, rc := range routeTable() {
				if rc.pattern == "/sign-out" || strings.Contains(rc.pattern, "/end") || strings.Contains(rc.pattern, "/users/{id}/") {
					continue // they end the client's own session or change the demo's accounts
				}
				if !hostileVisitor(rc, p) {
					continue
				}
				path := withRealIDs(d.fill(rc.path))
				send := func(p string, form url.Values) testkit.Response {
					if rc.method == http.MethodGet {
						return c.Get(p)
					}
					return c.Post(p, form)
				}
				// Ids in the path.
				if idSegment.MatchString(rc.path) {
					for _, v := range hostilePathValues {
						p := idSegment.ReplaceAllString(path, "/"+v+"$2")
						check(rc.method, p, send(p, url.Values{}))
					}
				}
				// The query string of a page, and every field of every form a POST might read.
				for _, v := range hostileValues {
					if rc.method == http.MethodGet {
						q := url.Values{}
						for _, name := range fields {
							q.Set(name, v)
						}
						check(rc.method, path+"?…", send(path+"?"+q.Encode(), nil))
						continue
					}
					{
						form := url.Values{}
						for _, name := range fields {
							form.Set(name, v)
						}
						check(rc.method, path, send(path, form))
					}
				}
			}
		})
	}
}

// hostileVisitor says whether the hostile walk sends route rc as person p: everyone the route
// lets in (each may reach its own branches), someone not signed in, and, of those refused, only
// the first: a refusal takes the same way through the handler for everyone, and each one writes
// an audit record, which would make the walk the slowest test of all for no more coverage.
func hostileVisitor(rc routeCase, p person) bool {
	if p.email == "" || expect(rc, p) != http.StatusForbidden {
		return true
	}
	for _, q := range matrixPeople {
		q.member = q.email != "" && !q.admin
		if q.email != "" && expect(rc, q) == http.StatusForbidden {
			return q.email == p.email
		}
	}
	return false
}

// formFieldNames returns every name a form field or query parameter of the portal may have: the
// names the handlers read and the views render (and the questions of the request forms), each
// also as the three fields of a date.
func formFieldNames(t *testing.T) []string {
	t.Helper()
	var files []string
	for _, glob := range []string{"../../web/views/*.templ", "../../web/views/*.go", "*.go", "../intake/*.go"} {
		m, err := filepath.Glob(glob)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	patterns := []*regexp.Regexp{
		regexp.MustCompile(`\.(?:Text|Lines|ID|OptionalID|IDs|Choice|Date|OptionalDate|Value|Get|Has)\("([a-z][a-z0-9_]*)"`),
		regexp.MustCompile(`name="([a-z][a-z0-9_]*)"`),
		regexp.MustCompile(`Name:\s*"([a-z][a-z0-9_]*)"`),
	}
	set := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, re := range patterns {
			for _, m := range re.FindAllStringSubmatch(string(b), -1) {
				set[m[1]] = true
			}
		}
	}
	if len(set) < 100 {
		t.Fatalf("found only %d field names: the patterns no longer match how forms are read", len(set))
	}
	var names []string
	for n := range set {
		names = append(names, n, n+"-day", n+"-month", n+"-year")
	}
	sort.Strings(names)
	return names
}
