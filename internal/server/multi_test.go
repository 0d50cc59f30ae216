package server_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/scp-portal/portal/internal/seed"
	"github.com/scp-portal/portal/internal/testkit"
)

// TestOnePersonWorksInTwoPartnerships: South Tees invites Hartlepool and Stockton's practitioner,
// who has an account; the business unit is told no more than of any invitation, the person agrees
// by e-mail and then works in each partnership with that one's pages; the police lead of the demo
// reads what the other Tees partnership shares.
func TestOnePersonWorksInTwoPartnerships(t *testing.T) {
	t.Parallel()
	db, base := testkit.StartDemo(t, testkit.ServerOptions{})
	const person = "practitioner@hsscp.example"
	bu := testkit.MustSignInAs(t, base, "business-unit@stscp.example")
	me := testkit.MustSignInAs(t, base, person)

	t.Run("the business unit invites them like anyone else", func(t *testing.T) {
		r := bu.Post("/stscp/admin/users/invite", url.Values{"name": {"Priya Practitioner"}, "email": {person}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("invite: %d\n%s", r.Status, testkit.ErrorSummary(r.Body))
		}
		if page := bu.Get(r.Location); !strings.Contains(page.Body, "An invitation has been sent to "+person) {
			t.Errorf("the business unit is not told what it is told of any invitation")
		}
		if n := testkit.MustCount(t, db, `outbox WHERE to_address = $1 AND body LIKE '%/join/%' AND body LIKE '%already have%'`, person); n != 1 {
			t.Errorf("%d e-mails asking the person to agree", n)
		}
	})
	t.Run("nothing of South Tees is theirs before they agree", func(t *testing.T) {
		me.MustGet("/stscp/home", http.StatusForbidden)
		// In one partnership, the front page takes them to its home, kept by no cache (issue #14).
		if r := me.Get("/"); r.Status != http.StatusSeeOther || r.Location != "/hsscp/home" || r.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("the front page for someone in one partnership: %d to %q, Cache-Control %q", r.Status, r.Location, r.Header.Get("Cache-Control"))
		}
	})
	t.Run("they agree by the link and work in each", func(t *testing.T) {
		link := testkit.MustLastLink(t, db, person)
		path := strings.TrimPrefix(link, base)
		if r := me.Get(path); r.Status != http.StatusOK || !strings.Contains(r.Body, "Join South Tees") {
			t.Fatalf("join page: %d", r.Status)
		}
		r := me.Post(path, url.Values{})
		if r.Status != http.StatusSeeOther || r.Location != "/stscp/home" {
			t.Fatalf("agree: %d to %q", r.Status, r.Location)
		}
		home := me.MustGet("/stscp/home", http.StatusOK)
		if !strings.Contains(home.Body, "Working in:") {
			t.Error("no switcher between their partnerships")
		}
		me.MustGet("/hsscp/home", http.StatusOK)
		// In two, the front page lists their homes at its top, by the partnerships' names, and
		// is kept by no cache (issue #14).
		front := me.MustGet("/", http.StatusOK)
		top := strings.Index(front.Body, "<h2 class=\"heading-m\">Your partnerships</h2>")
		for _, slug := range []string{"hsscp", "stscp"} {
			name := testkit.MustQueryString(t, db, `SELECT name FROM partnership WHERE slug = $1`, slug)
			if j := strings.Index(front.Body, `<a href="/`+slug+`/home">Your home in `+html.EscapeString(name)+`</a>`); top < 0 || j < top ||
				j > strings.Index(front.Body, `class="lead"`) {
				t.Errorf("the front page does not link to their home in %s at its top", slug)
			}
		}
		if front.Header.Get("Cache-Control") != "no-store" || strings.Contains(front.Body, "Go to your home page") {
			t.Errorf("the front page for someone in two partnerships: Cache-Control %q, or a link to one home page", front.Header.Get("Cache-Control"))
		}
		me.Get(path) // the link is used up
		if r := me.Post(path, url.Values{}); r.Status != http.StatusNotFound {
			t.Errorf("the link worked twice: %d", r.Status)
		}
		if n := testkit.MustCount(t, db, `audit_log a JOIN partnership p ON p.id = a.partnership_id
			WHERE a.action = 'partnership-member.agree' AND p.slug = 'stscp'`); n != 1 {
			t.Errorf("%d audit records of the agreement naming South Tees", n)
		}
		if again := bu.Post("/stscp/admin/users/invite", url.Values{"name": {"Priya"}, "email": {person}}); !strings.Contains(again.Body, "already has an account in this partnership") {
			t.Errorf("inviting a member again: %d", again.Status)
		}
		// South Tees' business unit finds them among its people, active, with nothing to change
		// there: their account is HSSCP's.
		people := bu.MustGet("/stscp/admin/users?status=active", http.StatusOK).Body
		i := strings.Index(people, person)
		if i < 0 || !strings.Contains(people[i:], "Joined with their account in another partnership") {
			t.Fatal("the business unit does not find the person who joined among its people")
		}
		if row := people[i:min(len(people), i+800)]; strings.Contains(row[:strings.Index(row, "</tr>")], "Disable") {
			t.Error("the business unit is offered to disable another partnership's account")
		}
	})
	// Ending a membership (issue #14): the business unit ends the one the link gave, after asking;
	// the person, invited again, leaves from their account page; never their last partnership.
	id := testkit.MustID(t, db, person)
	name := testkit.MustQueryString(t, db, `SELECT name FROM app_user WHERE email = $1`, person)
	end := "/stscp/people/" + id + "/end-membership"
	t.Run("the business unit ends the membership the link gave, after asking", func(t *testing.T) {
		people := bu.MustGet("/stscp/admin/users?status=active", http.StatusOK).Body
		i := strings.Index(people, person)
		if row := people[max(i, 0):min(len(people), i+1200)]; i < 0 || !strings.Contains(row[:strings.Index(row, "</tr>")], `href="`+end+`"`) {
			t.Fatal("the people list offers no way to end the membership of the person who joined")
		}
		page := html.UnescapeString(bu.MustGet(end, http.StatusOK).Body)
		if !strings.Contains(page, "Are you sure you want to end "+name+"'s membership of ") || !strings.Contains(page, "End membership") ||
			!strings.Contains(page, `href="/stscp/admin/users">Cancel`) {
			t.Errorf("the confirmation page does not name %s, or has no button or way back", name)
		}
		me.MustGet("/stscp/home", http.StatusOK) // asking changed nothing
		hsscpBU := testkit.MustSignInAs(t, base, "business-unit@hsscp.example")
		hsscpBU.MustGet(end, http.StatusForbidden)
		if r := hsscpBU.Post(end, nil); r.Status != http.StatusForbidden {
			t.Errorf("another partnership's business unit ends the membership: %d", r.Status)
		}
		if r := me.Post("/stscp/people/"+testkit.MustID(t, db, seed.PoliceLead)+"/end-membership", nil); r.Status != http.StatusForbidden {
			t.Errorf("a member ends someone else's membership: %d", r.Status)
		}
		me.MustGet("/stscp/home", http.StatusOK)
		r := bu.Post(end, nil)
		if r.Status != http.StatusSeeOther || r.Location != "/stscp/admin/users" {
			t.Fatalf("end: %d to %q", r.Status, r.Location)
		}
		if flash := html.UnescapeString(bu.Get(r.Location).Body); !strings.Contains(flash, name+"'s membership of ") {
			t.Error("the business unit is not told the membership ended")
		}
		me.MustGet("/stscp/home", http.StatusForbidden)
		me.MustGet("/hsscp/home", http.StatusOK)
		if n := testkit.MustCount(t, db, `audit_log a JOIN partnership p ON p.id = a.partnership_id
			WHERE a.action = 'partnership-member.end' AND p.slug = 'stscp' AND a.object_id = $1`, id); n != 1 {
			t.Errorf("%d audit records of the end in South Tees' log", n)
		}
		if n := testkit.MustCount(t, db, `outbox WHERE to_address = $1 AND subject LIKE 'Your membership of % has ended'`, person); n != 1 {
			t.Errorf("%d e-mails telling the person", n)
		}
	})
	t.Run("invited again, they leave from their account page, after asking", func(t *testing.T) {
		if r := bu.Post("/stscp/admin/users/invite", url.Values{"name": {"Priya Practitioner"}, "email": {person}}); r.Status != http.StatusSeeOther {
			t.Fatalf("invite again: %d\n%s", r.Status, testkit.ErrorSummary(r.Body))
		}
		if r := me.Post(strings.TrimPrefix(testkit.MustLastLink(t, db, person), base), url.Values{}); r.Status != http.StatusSeeOther {
			t.Fatalf("agree again: %d", r.Status)
		}
		account := me.MustGet("/account", http.StatusOK).Body
		if !strings.Contains(account, `href="`+end+`"`) || !strings.Contains(account, `href="/hsscp/people/`+id+`/end-membership"`) {
			t.Fatal("their account page does not offer to leave each of their partnerships")
		}
		page := html.UnescapeString(me.MustGet(end, http.StatusOK).Body)
		if !strings.Contains(page, "Are you sure you want to leave South Tees") || !strings.Contains(page, `href="/account">Cancel`) {
			t.Errorf("the confirmation page does not name the partnership, or has no way back")
		}
		me.MustGet("/stscp/home", http.StatusOK)
		r := me.Post(end, nil)
		if r.Status != http.StatusSeeOther || r.Location != "/account" {
			t.Fatalf("leave: %d to %q", r.Status, r.Location)
		}
		if flash := me.Get(r.Location).Body; !strings.Contains(flash, "You have left South Tees") {
			t.Error("they are not told they left")
		}
		me.MustGet("/stscp/home", http.StatusForbidden)
		if n := testkit.MustCount(t, db, `audit_log a JOIN partnership p ON p.id = a.partnership_id
			WHERE a.action = 'partnership-member.leave' AND p.slug = 'stscp' AND a.object_id = $1`, id); n != 1 {
			t.Errorf("%d audit records of the leaving in South Tees' log", n)
		}
	})
	t.Run("but not their last partnership", func(t *testing.T) {
		// The page that asks says why at once, with no button to press.
		ask := me.MustGet("/hsscp/people/"+id+"/end-membership", http.StatusOK).Body
		if !strings.Contains(html.UnescapeString(ask), "it is the only partnership you belong to") || strings.Contains(ask, "button--warning") {
			t.Error("the page that asks before leaving their last partnership offers to go ahead")
		}
		// Their account page offers no way out of it that would be refused; it says whom to ask.
		account := html.UnescapeString(me.MustGet("/account", http.StatusOK).Body)
		if strings.Contains(account, "/end-membership") || !strings.Contains(account, "business unit to close your account") {
			t.Error("their account page offers to leave their only partnership, or does not say whom to ask")
		}
		r := me.Post("/hsscp/people/"+id+"/end-membership", nil)
		if body := html.UnescapeString(r.Body); r.Status != http.StatusConflict || !strings.Contains(body, "it is the only partnership you belong to") {
			t.Errorf("leaving their last partnership: %d\n%s", r.Status, testkit.ErrorSummary(r.Body))
		}
		me.MustGet("/hsscp/home", http.StatusOK)
	})
	t.Run("the police lead reads what the other partnership shares, and only that", func(t *testing.T) {
		lead := testkit.MustSignInAs(t, base, seed.PoliceLead)
		list := lead.MustGet("/stscp/shared", http.StatusOK)
		if !strings.Contains(list.Body, seed.SharedTitle) || strings.Contains(list.Body, seed.UnsharedTitle) {
			t.Errorf("South Tees' list of what is shared with it is wrong")
		}
		if !strings.Contains(list.Body, "Working in:") {
			t.Error("no switcher for the police lead")
		}
	})
}
