package server_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/scp-portal/portal/internal/testkit"
)

// TestASection11RoundInChromium runs a Section 11 round for four agencies in a real browser, as
// issue 13 asks: the business unit defines the framework and opens the round with a deadline, and
// names the lead of the one agency without one; three leads complete their returns, saving as
// they go; the deadline passes and the business unit chases the late agency, whose lead is
// e-mailed and returns late, shown as late; a red rating is challenged, its lead responds, and an
// action agreed on it is tracked with the partnership's recommendations. The results page shows
// the matrix of standards by organisation and the completion rate.
func TestASection11RoundInChromium(t *testing.T) {
	clock := testkit.NewClock(time.Now())
	db, base := testkit.StartDemo(t, testkit.ServerOptions{Now: clock.Now})
	leadOf := func(org string) string {
		return testkit.MustQueryString(t, db, `SELECT u.email FROM organisation o JOIN app_user u ON u.id = o.lead_representative_id
			JOIN partnership p ON p.id = o.partnership_id WHERE p.slug = 'hsscp' AND o.name = $1`, org)
	}
	const transport = "safeguarding@btp.police.example"
	hartlepool, stockton, police := leadOf("Hartlepool Borough Council"), leadOf("Stockton-on-Tees Borough Council"), leadOf("Cleveland Police")
	b := testkit.NewBrowser(t) // one tab: each person signs in, does their part and signs out
	// step runs one step of the round; each builds on the last, so the first to fail ends the test.
	step := func(name string, f func(t *testing.T)) {
		t.Helper()
		if !t.Run(name, f) {
			t.FailNow()
		}
	}
	// fill sets a field's value at once: typing key by key, as testkit.Fill does, is the slow part
	// of a browser test, and the forms' own tests type.
	fill := func(id, s string) chromedp.Action[chromedp.Void] { return chromedp.SetValue(chromedp.CSS("#"+id), s) }
	// signIn signs the tab in as a person through the sign-in page, setting the fields at once
	// (TestSignInAndOutInChromium types them): eight people sign in here.
	signIn := func(t *testing.T, email string) {
		t.Helper()
		b.MustOpen(t, base+"/sign-in", "#email")
		b.Do(t, fill("email", email), fill("password", testkit.DemoPassword))
		b.ClickAndLoad(t, "main button[type=submit]")
	}
	signOut := func(t *testing.T) { t.Helper(); b.ClickAndLoad(t, ".header__sign-out button") }
	main := func(t *testing.T) string { t.Helper(); return b.Text(t, "main") }
	fillDate := func(name string, d time.Time) []chromedp.Action[chromedp.Void] {
		return []chromedp.Action[chromedp.Void]{fill(name+"-day", strconv.Itoa(d.Day())), fill(name+"-month", strconv.Itoa(int(d.Month()))),
			fill(name+"-year", strconv.Itoa(d.Year()))}
	}
	// openReturn follows the round page's link to the organisation's return.
	openReturn := func(t *testing.T, org, sel string) {
		t.Helper()
		href := testkit.Get(t, b, chromedp.Evaluate[string](`[...document.querySelectorAll("main table a")].find(a => a.textContent === "`+org+`").href`))
		b.MustOpen(t, href, sel)
	}
	// rows reads the body of each table on the page as a person sees it: each row's cells' text.
	rows := func(t *testing.T) [][][]string {
		t.Helper()
		return testkit.Get(t, b, chromedp.Evaluate[[][][]string](`[...document.querySelectorAll("main table")].map(t =>
			[...t.querySelectorAll("tbody tr")].map(r => [...r.children].map(c => c.textContent.trim())))`))
	}
	year := strconv.Itoa(clock.Now().Year())
	due := clock.Now().AddDate(0, 0, 7)
	var round string                           // the round's address
	standards := func(t *testing.T) []string { // the round's standards' ids, in order: a return's fields are named by them
		return strings.Fields(testkit.MustQueryString(t, db, `SELECT string_agg(id::text, ' ' ORDER BY position) FROM assurance_standard
			WHERE version_id = (SELECT version_id FROM assurance_round ORDER BY id DESC LIMIT 1)`))
	}

	step("the business unit opens the round for four agencies", func(t *testing.T) {
		signIn(t, "business-unit@hsscp.example")
		b.Do(t, chromedp.Click(chromedp.CSS("nav.nav summary"))) // the audits are in the More menu (issue #14)
		b.ClickAndLoad(t, "nav.nav a[href='/hsscp/assurance']")
		b.CheckAccessibility(t, "the audits")
		b.ClickAndLoad(t, "main a[href$='/frameworks/new']")
		b.CheckAccessibility(t, "a new framework")
		b.Do(t, fill("name", "Section 11"), fill("year", year))
		b.ClickAndLoad(t, "main form button[type=submit]")
		for _, st := range []struct{ title, questions string }{
			{"Leadership and accountability", "Who is accountable for safeguarding?"},
			{"Safer recruitment", "Are checks made before anyone starts?"},
		} {
			b.Do(t, fill("title", st.title), fill("questions", st.questions))
			b.ClickAndLoad(t, "form[action$='/standards'] button[type=submit]")
		}
		if page := main(t); !strings.Contains(page, "1. Leadership and accountability") || !strings.Contains(page, "2. Safer recruitment") {
			t.Fatalf("the version does not list its two standards:\n%s", page)
		}
		b.CheckAccessibility(t, "a year's standards")
		b.Do(t, chromedp.Click(chromedp.CSS("input[name=categories][value=local_authority]")),
			chromedp.Click(chromedp.CSS("input[name=categories][value=police]")))
		b.Do(t, fillDate("due_on", due)...)
		b.ClickAndLoad(t, "form[action$='/rounds'] button[type=submit]")
		round, _, _ = strings.Cut(strings.TrimPrefix(testkit.Get(t, b, chromedp.Location()), base), "?")
		b.CheckAccessibility(t, "a new round")
		page := main(t)
		for _, want := range []string{"Section 11 " + year + " round", "0 of 4 (0%)", due.Format("2 January 2006"), "No lead named",
			"Hartlepool Borough Council", "Stockton-on-Tees Borough Council", "Cleveland Police", "British Transport Police"} {
			if !strings.Contains(page, want) {
				t.Errorf("the new round does not show %q:\n%s", want, page)
			}
		}
		// British Transport Police had nobody in the portal; the safeguarding lead it invites
		// accepts now (invitations are tested with the users' administration), and the business
		// unit names them the lead, who is e-mailed.
		testkit.MustQueryString(t, db, `INSERT INTO app_user (partnership_id, email, name, job_title, organisation_id, password_hash, status, email_verified_at)
			SELECT o.partnership_id, $1, 'Toby Transport', 'Safeguarding lead', o.id, u.password_hash, 'active', now()
			FROM organisation o JOIN partnership p ON p.id = o.partnership_id, app_user u
			WHERE p.slug = 'hsscp' AND o.name = 'British Transport Police' AND u.email = 'business-unit@hsscp.example' RETURNING id::text`, transport)
		openReturn(t, "British Transport Police", "select#lead")
		b.CheckAccessibility(t, "a return with no lead")
		b.Do(t, chromedp.SetValue(chromedp.CSS("select#lead"), strconv.FormatInt(testkit.MustUserID(t, db, transport), 10)))
		b.ClickAndLoad(t, "form[action$='/lead'] button[type=submit]")
		if page := main(t); !strings.Contains(page, "Toby Transport") {
			t.Errorf("the return does not name its lead:\n%s", page)
		}
		testkit.OneNotice(t, db, transport, "self-assessment audit return is due")
		signOut(t)
	})

	// Each of three leads opens their return from their list, rates both standards with evidence
	// and submits it; Hartlepool's lead saves halfway and comes back.
	ratings := map[string][2]string{hartlepool: {"red", "green"}, police: {"amber", "green"}, transport: {"green", "amber"}, stockton: {"amber", "amber"}}
	complete := func(t *testing.T, lead string, halfway bool) {
		t.Helper()
		signIn(t, lead)
		b.MustOpen(t, base+"/hsscp/assurance/my-returns", "main table")
		b.ClickAndLoad(t, "main table a")
		r, st := ratings[lead], standards(t)
		rate := func(n int, evidence string) []chromedp.Action[chromedp.Void] {
			return []chromedp.Action[chromedp.Void]{chromedp.Click(chromedp.CSS("input[name='rating-" + st[n] + "'][value=" + r[n] + "]")), fill("evidence-"+st[n], evidence)}
		}
		b.Do(t, rate(0, "Audit of twenty staff files")...)
		if halfway {
			b.ClickAndLoad(t, "button[name=intent][value=save]")
			b.ClickAndLoad(t, "button[name=intent][value=submit]")
			if summary := b.Text(t, ".error-summary"); !strings.Contains(summary, "Rate standard 2 red, amber or green") {
				t.Errorf("submitting with a standard not rated: %q", summary)
			}
			b.CheckAccessibility(t, "a return with a problem")
			if kept := testkit.Get(t, b, chromedp.Evaluate[string](`document.querySelector("#evidence-`+st[0]+`").value`)); kept != "Audit of twenty staff files" {
				t.Errorf("the evidence saved is not kept: %q", kept)
			}
		}
		b.Do(t, rate(1, "Every check in place")...)
		b.ClickAndLoad(t, "button[name=intent][value=submit]")
		if page := main(t); !strings.Contains(page, "Submitted") {
			t.Errorf("%s's return is not submitted:\n%s", lead, page)
		}
		signOut(t)
	}
	step("three leads complete their returns", func(t *testing.T) {
		complete(t, hartlepool, true)
		complete(t, police, false)
		complete(t, transport, false)
	})

	step("past the deadline the business unit chases the late agency", func(t *testing.T) {
		clock.Advance(8 * 24 * time.Hour)
		signIn(t, "business-unit@hsscp.example")
		b.MustOpen(t, base+round, "main")
		if page := main(t); !strings.Contains(page, "3 of 4 (75%)") || !strings.Contains(page, "Late: Not started") {
			t.Errorf("the round does not show three returned and Stockton late:\n%s", page)
		}
		b.CheckAccessibility(t, "a round with a late return")
		b.ClickAndLoad(t, "form[action$='/chase'] button[type=submit]")
		if page := main(t); !strings.Contains(page, "1 sent") {
			t.Errorf("the chase does not say one e-mail was sent:\n%s", page)
		}
		testkit.OneNotice(t, db, stockton, "Late: your organisation's self-assessment audit return")
		for _, returned := range []string{hartlepool, police, transport} {
			for _, m := range testkit.Outbox(t, db, returned) {
				if strings.Contains(m, "Late:") {
					t.Errorf("%s, whose return is in, was chased", returned)
				}
			}
		}
		signOut(t)
	})

	step("the late agency returns and is shown as late", func(t *testing.T) {
		complete(t, stockton, false)
		signIn(t, "business-unit@hsscp.example")
		b.MustOpen(t, base+round, "main table")
		if page := main(t); !strings.Contains(page, "4 of 4 (100%)") {
			t.Errorf("the round does not show every return in:\n%s", page)
		}
		for _, row := range rows(t)[0] { // organisation, lead, status, submitted
			want := "Submitted"
			if row[0] == "Stockton-on-Tees Borough Council" {
				want = "Submitted late"
			}
			if row[2] != want {
				t.Errorf("%s's return is shown as %q, want %q", row[0], row[2], want)
			}
		}
	})

	step("a red rating is challenged and the lead responds", func(t *testing.T) {
		openReturn(t, "Hartlepool Borough Council", "select#standard")
		b.Do(t, chromedp.SetValue(chromedp.CSS("select#standard"), testkit.MustQueryString(t, db, `SELECT id::text FROM assurance_standard
			WHERE title = 'Leadership and accountability' AND version_id = (SELECT version_id FROM assurance_round ORDER BY id DESC LIMIT 1)`)),
			fill("challenge", "Red on leadership: who will fill the vacant post?"))
		b.ClickAndLoad(t, "form[action$='/challenges'] button[type=submit]")
		b.CheckAccessibility(t, "a challenged return")
		signOut(t)
		signIn(t, hartlepool)
		b.MustOpen(t, base+"/hsscp/assurance/my-returns", "main table")
		b.CheckAccessibility(t, "a lead's returns")
		b.ClickAndLoad(t, "main table a")
		if page := main(t); !strings.Contains(page, "Challenge of standard 1's rating") || !strings.Contains(page, "who will fill the vacant post?") {
			t.Fatalf("the lead does not see the challenge:\n%s", page)
		}
		b.CheckAccessibility(t, "a challenge to respond to")
		b.Do(t, chromedp.SetValue(chromedp.CSS("textarea[name^='response-']"), "An interim head of safeguarding starts next month."))
		b.ClickAndLoad(t, "form[action*='/challenges/'] button[type=submit]")
		if page := main(t); !strings.Contains(page, "An interim head of safeguarding starts next month.") {
			t.Errorf("the response is not shown:\n%s", page)
		}
		signOut(t)
	})

	step("an action is agreed and tracked with the recommendations", func(t *testing.T) {
		signIn(t, "business-unit@hsscp.example")
		b.MustOpen(t, base+round, "form[action$='/actions']")
		b.Do(t, fill("rec_title", "Appoint a permanent head of safeguarding"),
			chromedp.SetValue(chromedp.CSS("#rec_owner"), testkit.MustOrgID(t, db, "hsscp", "Hartlepool Borough Council")))
		b.Do(t, fillDate("rec_due", clock.Now().AddDate(0, 3, 0))...)
		b.ClickAndLoad(t, "form[action$='/actions'] button[type=submit]")
		b.ClickAndLoad(t, "main table a[href*='/recommendations/']")
		page := main(t)
		for _, want := range []string{"Appoint a permanent head of safeguarding", "Self-assessment audit: Section 11 " + year + " round", "Hartlepool Borough Council"} {
			if !strings.Contains(page, want) {
				t.Errorf("the recommendation does not show %q:\n%s", want, page)
			}
		}
	})

	step("the results show the matrix and the completion rate", func(t *testing.T) {
		b.MustOpen(t, base+round+"/results", "main")
		if page := main(t); !strings.Contains(page, "Returned: 4 of 4 (100%)") {
			t.Errorf("the results do not show the completion rate:\n%s", page)
		}
		b.CheckAccessibility(t, "a round's results")
		tables := rows(t)
		if len(tables) != 2 {
			t.Fatalf("the results have %d tables, want 2", len(tables))
		}
		byStandard := [][]string{{"1. Leadership and accountability", "1", "2", "1"}, {"2. Safer recruitment", "0", "2", "2"}}
		for i, want := range byStandard {
			if i >= len(tables[0]) || !slices.Equal(tables[0][i][:4], want) {
				t.Errorf("ratings by standard: row %d is %q, want %q", i, tables[0], want)
			}
		}
		matrix := [][]string{
			{"British Transport Police", "Green", "Amber"},
			{"Cleveland Police", "Amber", "Green"},
			{"Hartlepool Borough Council", "Red", "Green"},
			{"Stockton-on-Tees Borough Council", "Amber", "Amber"},
		}
		if !slices.EqualFunc(tables[1], matrix, slices.Equal) {
			t.Errorf("the matrix is %q, want %q", tables[1], matrix)
		}
	})

	// Every change is audited by ids and choices, never by what was typed.
	for _, typed := range []string{"Leadership", "twenty staff files", "vacant post", "interim head", "permanent head"} {
		if n := testkit.MustCount(t, db, `audit_log WHERE detail ILIKE '%' || $1 || '%'`, typed); n != 0 {
			t.Errorf("%d audit entries hold %q", n, typed)
		}
	}
}
