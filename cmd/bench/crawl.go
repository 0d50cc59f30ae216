package main

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

// The pages are found, not listed: each role's home, then the pages its links reach, then the
// pages theirs reach (lists, then records), so a page added to the portal is measured without a
// change here. A page is measured once, by the first role that reaches it, named by its route
// (numbers become {id}); every role's home is measured.

var (
	hrefPattern = regexp.MustCompile(`href="(/[^"#]*)`)
	idSegment   = regexp.MustCompile(`/[0-9]+(/|$)`)
	slugSegment = regexp.MustCompile(`^/[a-z][a-z0-9-]*/`)
)

// reserved are first path segments that are not a partnership's slug.
var reserved = map[string]bool{"/admin/": true, "/account/": true, "/static/": true}

// kind names a page by its route and partnership: /stscp/admin/users is /{slug}/admin/users, so
// the system administrator's pages of each partnership are measured once.
func kind(path string) string {
	r := route(path)
	if m := slugSegment.FindString(r); m != "" && !reserved[m] {
		r = "/{slug}/" + r[len(m):]
	}
	return r
}

// skipped are links that are no page to hold under load: forms to fill, downloads, leaving.
var skipped = []string{".csv", "/new", "/edit", "/withdraw", "/done", "/print", "/csv", "/check", "/confirmation",
	"/sign-out", "/sign-in", "/register", "/forgot-password", "/static/", "/attachments/", "theme.css", "/form",
	"/propose", "/invite", "/healthz", "/readyz"}

// route names a path by its shape: /hsscp/themes/12 is /hsscp/themes/{id}.
func route(path string) string {
	for idSegment.MatchString(path) {
		path = idSegment.ReplaceAllString(path, "/{id}$1")
	}
	return path
}

func measurable(path string) bool {
	for _, s := range skipped {
		if strings.Contains(path, s) {
			return false
		}
	}
	return true
}

// links are the measurable paths a page links to, without query or fragment, in page order.
func links(body string) []string {
	var out []string
	for _, m := range hrefPattern.FindAllStringSubmatch(body, -1) {
		p := html.UnescapeString(m[1])
		if i := strings.IndexByte(p, '?'); i >= 0 {
			p = p[:i]
		}
		if measurable(p) {
			out = append(out, p)
		}
	}
	return out
}

// crawl returns the role's pages reachable in two steps from start, at most limit of them,
// leaving out routes already in seen (which it adds to).
func crawl(ctx context.Context, c *http.Client, base string, start []string, seen map[string]bool, limit int) []string {
	var pages []string
	frontier := start
	for depth := 0; depth < 3 && len(pages) < limit; depth++ {
		var next []string
		for _, p := range frontier {
			body, status := fetch(ctx, c, base+p)
			if status != http.StatusOK {
				continue
			}
			for _, l := range links(body) {
				if !seen[kind(l)] {
					seen[kind(l)] = true
					next = append(next, l)
				}
			}
		}
		for _, p := range next {
			if len(pages) < limit {
				pages = append(pages, p)
			}
		}
		frontier = next
	}
	return pages
}

func fetch(ctx context.Context, c *http.Client, u string) (string, int) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return "", 0
	}
	resp, err := c.Do(req)
	if err != nil {
		return "", 0
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b), resp.StatusCode
}

// signIn signs c in as email and returns the path of the page the portal sends the person to.
func signIn(ctx context.Context, c *http.Client, base, email string) (string, error) {
	form := url.Values{"email": {email}, "password": {demoPassword}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/sign-in", strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", base)
	resp, err := c.Do(req)
	if err != nil {
		return "", err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		return "", fmt.Errorf("sign in as %s: status %d", email, resp.StatusCode)
	}
	loc := resp.Header.Get("Location")
	for range 3 { // "/" sends a signed-in person on to their home
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+loc, nil)
		r, err := c.Do(req)
		if err != nil {
			return "", err
		}
		r.Body.Close()
		if r.StatusCode != http.StatusSeeOther && r.StatusCode != http.StatusFound {
			break
		}
		loc = r.Header.Get("Location")
	}
	return loc, nil
}
