package server_test

import (
	"context"
	"fmt"
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

// TestTheExecutiveSeesWhatNeedsItNow: signed in as the Executive member, the home view shows the
// next Executive meeting, their overdue action, the reviewer awaiting approval, the rapid reviews
// at risk and the latest exception report's critical success factors, each linking to where it
// is. The approval link leads to the approval, which works; the proposer may not approve. The
// Executive reads the register of rapid reviews without their content, and not a review itself.
func TestTheExecutiveSeesWhatNeedsItNow(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	serving, db := testkit.NewServingDB(t)
	testkit.SeedDemoAt(t, db, time.Now(), true)
	base := testkit.StartServer(t, serving, testkit.ServerOptions{})
	exec := testkit.MustSignInAs(t, base, "executive@hsscp.example")
	body := testkit.MustQueryString(t, db, `SELECT b.id::text FROM body b JOIN partnership p ON p.id = b.partnership_id WHERE p.slug = 'hsscp' AND b.kind = 'executive'`)
	next := testkit.MustQueryString(t, db, `SELECT id::text FROM meeting WHERE body_id = $1 AND held_on >= current_date ORDER BY held_on LIMIT 1`, body)
	report := testkit.MustQueryString(t, db, `SELECT r.id::text FROM report r JOIN partnership p ON p.id = r.partnership_id
		WHERE p.slug = 'hsscp' AND r.status = 'submitted' ORDER BY r.period_start DESC LIMIT 1`)

	page := exec.MustGet("/hsscp/home", http.StatusOK).Body
	for _, want := range []string{
		`<a href="/hsscp/bodies/` + body + `/meetings/` + next + `">Executive, next quarter</a>, `,
		"Confirm each partner&#39;s contribution to next year&#39;s budget.", "Overdue",
		"awaits the Executive",
		`<a href="/hsscp/reviews">`, "at risk",
		`<a href="/hsscp/reports/` + report + `">`, "Critical success factors", "Recommendations from identified learning are implemented",
		// Challenges the person raised: one awaiting the police's response, past its date; one
		// answered, awaiting their closing.
		"What has changed in police notifications to schools?</a>: awaiting the response", "awaiting your closing: it has been answered",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the Executive's home lacks %q", want)
		}
	}
	// The counts of their open and overdue actions link to the decisions log, filtered to their
	// actions and to those overdue (issue #14); the overdue one is there.
	me := testkit.MustQueryString(t, db, `SELECT id::text FROM app_user WHERE email = 'executive@hsscp.example'`)
	log := "/hsscp/bodies/" + body + "/decisions?owner=" + me
	// They count every open action of theirs, as the log does, though the home lists ten.
	open := testkit.MustCount(t, db, `meeting_decision WHERE body_id = $1 AND owner_id = $2 AND done_on IS NULL`, body, me)
	overdue := testkit.MustCount(t, db, `meeting_decision WHERE body_id = $1 AND owner_id = $2 AND done_on IS NULL
		AND due_on < (now() AT TIME ZONE 'Europe/London')::date`, body, me)
	counts := regexp.MustCompile(`<p class="body"><a href="` + regexp.QuoteMeta(log) + `">` + strconv.Itoa(open) + ` open actions?</a>, <a href="` +
		regexp.QuoteMeta(html.EscapeString(log+"&status=overdue")) + `">` + strconv.Itoa(overdue) + ` overdue</a>\.</p>`)
	if !counts.MatchString(page) {
		t.Error("the counts of the Executive's actions do not link to the decisions log, filtered to them and to those overdue")
	}
	if overdue := exec.MustGet(log+"&status=overdue", http.StatusOK).Body; !strings.Contains(overdue, "Confirm each partner&#39;s contribution to next year&#39;s budget.") {
		t.Error("the log filtered to the Executive's overdue actions lacks their overdue action")
	}
	// Every demo role's home (issue #14): it introduces the person by their roles, opens with
	// the task list of what they must do now (or says there is nothing), each task's link one
	// they may follow, and its navigation shows at most seven top items, the rest under More.
	navItem := regexp.MustCompile(`<a href="([^"]+)"(?: aria-current="page")?>([^<]+)</a>`)
	taskLink := regexp.MustCompile(`<a class="task-list__link" href="([^"]+)" aria-describedby="[^"]+">([^<]+)</a>`)
	for _, c := range []struct {
		email, sentence string
		tasks           []string // titles (or their beginnings) of tasks the demo data gives the role
	}{
		{"practitioner@hsscp.example", "You are signed in as a practitioner. You can raise requests and follow what happens to them.",
			[]string{"Finish and send your draft requests"}},
		{"engine-room@hsscp.example", "You are signed in as an Engine Room member. You can also raise requests.",
			[]string{"Triage Key Line of Enquiry requests", "Chase recommendations past their due date"}},
		{"executive@hsscp.example", "You are signed in as an Executive member. You can also raise requests.",
			[]string{"Approve the reviewer of", "Rapid reviews at risk of missing 15 working days"}},
		{"business-unit@hsscp.example", "You are signed in as a business unit officer. You can also raise requests.",
			[]string{"Chase agencies&#39; self-assessment returns", "Get the papers ready for Executive, next quarter"}},
		{"critical-friend@hsscp.example", "You are signed in as a critical friend. You can also raise requests.",
			[]string{"Finish the active learning you were commissioned for"}},
		{"scrutineer@hsscp.example", "You are signed in as an independent scrutineer. You can also raise requests.",
			[]string{"Read the reports submitted to the Executive this quarter"}},
	} {
		t.Run(c.email, func(t *testing.T) {
			who := exec
			if c.email != "executive@hsscp.example" {
				who = testkit.MustSignInAs(t, base, c.email)
			}
			home := who.MustGet("/hsscp/home", http.StatusOK).Body
			if c.email == "practitioner@hsscp.example" { // nothing to do; then a draft to finish
				if !strings.Contains(home, "You have nothing to do now.") || strings.Contains(home, `class="task-list"`) {
					t.Error("a practitioner with nothing to do is not told so")
				}
				if _, err := db.Exec(ctx, `INSERT INTO intake_request (partnership_id, kind, status, requester_id, requester_name, requester_email, form_key)
					SELECT u.partnership_id, 'kloe', 'draft', u.id, u.name, u.email, 'homes-draft' FROM app_user u WHERE u.email = $1`, c.email); err != nil {
					t.Fatal(err)
				}
				home = who.MustGet("/hsscp/home", http.StatusOK).Body
				if !strings.Contains(home, `href="/hsscp/my/submissions" aria-describedby="tasks-1-status">Finish and send your draft requests</a>`) ||
					!strings.Contains(home, `id="tasks-1-status"><strong class="tag">1 draft</strong>`) {
					t.Error("the practitioner's draft is not a task linking to their submissions, tagged 1 draft")
				}
			}
			if !strings.Contains(home, "<p class=\"body\">"+html.EscapeString(c.sentence)+"</p>") {
				t.Errorf("the home does not say %q", c.sentence)
			}
			if strings.Contains(home, "signed in as practitioner,") {
				t.Error("the home still names practitioner as a role among others")
			}
			list := strings.Contains(home, `<ul class="task-list" id="tasks">`)
			if !strings.Contains(home, "What you need to do now") || list == strings.Contains(home, "You have nothing to do now.") {
				t.Errorf("the home has no task list, or both a list and the empty state")
			}
			var titles []string
			for _, m := range taskLink.FindAllStringSubmatch(home, -1) {
				titles = append(titles, html.UnescapeString(m[2]))
				who.MustGet(html.UnescapeString(m[1]), http.StatusOK) // a task links only where the person may go
			}
			t.Logf("linked tasks: %q", titles)
			for _, want := range c.tasks {
				if !strings.Contains(home, want) {
					t.Errorf("the home lacks the task %q", want)
				}
			}
			switch c.email { // the figures of the homes link to the lists they count (issue #14)
			case "business-unit@hsscp.example": // people with accounts, and organisations
				for _, want := range []string{`<a href="/hsscp/admin/users?status=active">`, `Across <a href="/hsscp/admin/organisations">`} {
					if !strings.Contains(home, want) {
						t.Errorf("the business unit's home lacks %s", want)
					}
				}
				who.MustGet("/hsscp/admin/organisations", http.StatusOK)
				if !strings.Contains(who.MustGet("/hsscp/admin/users?status=active", http.StatusOK).Body, "business-unit@hsscp.example") {
					t.Error("the list of people with accounts lacks the business unit officer")
				}
				fallthrough
			case "engine-room@hsscp.example", "scrutineer@hsscp.example": // the new CSPR consideration requests
				const cspr = "/hsscp/inbox?kind=cspr&status=received"
				if !strings.Contains(home, `Of these, <a href="`+html.EscapeString(cspr)+`">`) {
					t.Error("the count of new CSPR consideration requests does not link to the inbox filtered to them")
				}
				who.MustGet(cspr, http.StatusOK)
			}
			switch c.email {
			case "engine-room@hsscp.example":
				if !regexp.MustCompile(`Triage Key Line of Enquiry requests</a> </div><div class="task-list__status" id="tasks-\d+-status"><strong class="tag">\d+ to triage</strong>`).MatchString(home) {
					t.Error("the Engine Room's triage task is not tagged with how many are to triage")
				}
			case "executive@hsscp.example": // at risk, linked to the register the Executive may read, not to a review (a 403)
				if !strings.Contains(home, `<a class="task-list__link" href="/hsscp/reviews" aria-describedby="tasks-3-status">Rapid reviews at risk of missing 15 working days</a>`) {
					t.Error("the Executive's rapid reviews at risk are not a task linking to the register")
				}
			}
			nav := home[strings.Index(home, `<ul class="width-container nav__list">`):]
			nav = nav[:strings.Index(nav, "</nav>")]
			top := nav
			if i := strings.Index(nav, `<li class="nav__more">`); i >= 0 {
				top = nav[:i]
			}
			if n := strings.Count(top, "<a href="); n > 7 || n < 2 {
				t.Errorf("%d top items in the navigation; want 2 to 7", n)
			}
			// Each item (Home aside) opens a page whose heading says what the item said.
			for _, m := range navItem.FindAllStringSubmatch(nav, -1) {
				if label := html.UnescapeString(m[2]); label != "Home" {
					h1 := testkit.MustSubmatch(t, `<h1 class="heading-l">([^<]*)`, who.MustGet(html.UnescapeString(m[1]), http.StatusOK).Body)
					if !strings.Contains(strings.ToLower(html.UnescapeString(h1)), strings.ToLower(label)) {
						t.Errorf("the navigation's %q opens a page headed %q", label, h1)
					}
				}
			}
			if strings.Contains(home, `class="header__sign-in"`) {
				t.Error("the header offers a signed-in person to sign in")
			}
		})
	}
	t.Run("public", func(t *testing.T) {
		pub := testkit.NewClient(t, base).MustGet("/hsscp", http.StatusOK).Body
		if !strings.Contains(pub, `<a href="/sign-in" class="header__sign-in">Sign in</a>`) {
			t.Error("the public page's header has no Sign in")
		}
	})

	// The approval, from its link.
	local := testkit.MustSubmatch(t, `<a href="(/hsscp/local-reviews/\d+)">The reviewer of`, page)
	lp := exec.MustGet(local, http.StatusOK).Body
	if !strings.Contains(lp, "Eddie Engine") || !strings.Contains(lp, "Approve the reviewer") {
		t.Fatalf("the local review does not show its proposer and the approval")
	}
	version := testkit.MustVersion(t, lp)
	exec.MustPost(local+"/approve", url.Values{"version": {version}, "meeting": {""}}, http.StatusSeeOther)
	if lp := exec.Get(local).Body; !strings.Contains(lp, "Approved") || !strings.Contains(lp, "Approved: Sam Safeguarding (independent reviewer)") {
		t.Error("the approval is not shown with what was approved")
	}
	// The proposer may not approve (here the Executive member, as if they had proposed it).
	id := strings.TrimPrefix(local, "/hsscp/local-reviews/")
	if _, err := db.Exec(ctx, `UPDATE local_cspr SET reviewer_proposed_by = (SELECT id FROM app_user WHERE email = 'executive@hsscp.example'),
		reviewer_approved_by = NULL, reviewer_approved_at = NULL WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	version = testkit.MustVersion(t, exec.Get(local).Body)
	if r := exec.Post(local+"/approve", url.Values{"version": {version}}); r.Status != http.StatusForbidden ||
		!strings.Contains(r.Body, "one person never both proposes and approves") {
		t.Errorf("the proposer approving: %d\n%s", r.Status, testkit.ErrorSummary(r.Body))
	}
	// The register, without the content; not a review itself.
	review := testkit.MustQueryString(t, db, `SELECT r.id::text FROM rapid_review r JOIN partnership p ON p.id = r.partnership_id
		WHERE p.slug = 'hsscp' ORDER BY r.id LIMIT 1`)
	reg := exec.MustGet("/hsscp/reviews", http.StatusOK).Body
	if strings.Contains(reg, "Child A (") || strings.Contains(reg, `href="/hsscp/reviews/`) || !strings.Contains(reg, "Timeliness") {
		t.Error("the Executive's register shows a review's title or links to it, or lacks the timeliness")
	}
	exec.MustGet(fmt.Sprintf("/hsscp/reviews/%s", review), http.StatusForbidden)
}
