package server_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/scp-portal/portal/internal/testkit"
)

// TestAMonthOfTheEngineRoom plays a month in Chromium: a practitioner's request is triaged into a
// new theme, learning is commissioned with a critical friend, who writes findings with two
// recommendations; actions are assigned, one overdue, evidence of impact is added to the other,
// and the golden thread shows the whole chain in order. The practitioner reads the outcome.
// axe-core checks the Engine Room's pages on the way.
func TestAMonthOfTheEngineRoom(t *testing.T) {
	db, base := testkit.StartDemo(t, testkit.ServerOptions{})

	// The practitioner's request, sent as the forms test sends it.
	v := testkit.KLOEAnswers(t, db)
	v.Set("title", "Discharge planning without social care")
	testkit.MustSignInAs(t, base, "practitioner@hsscp.example").MustSubmitKLOE(v)

	b := testkit.NewBrowser(t)
	click := func(id string) chromedp.Action[chromedp.Void] { return chromedp.Click(chromedp.CSS("#" + id)) }

	// Triage into a new theme.
	b.MustSignIn(t, base, "engine-room@hsscp.example")
	b.MustOpen(t, base+"/hsscp/home", "main")
	if home := b.Text(t, "main"); !strings.Contains(home, "1 request awaiting triage") {
		t.Errorf("the Engine Room's home does not count the request awaiting triage")
	}
	b.CheckAccessibility(t, "Engine Room home")
	b.MustOpen(t, base+"/hsscp/inbox", "main table")
	b.ClickAndLoad(t, "main table a")
	b.CheckAccessibility(t, "request with triage form")
	b.Do(t, click("decision-1"), testkit.Fill("theme_title", "Hospital discharge"),
		testkit.Fill("triage_outcome", "Thank you. The Engine Room has started the theme 'Hospital discharge' and will commission learning."))
	b.ClickAndLoad(t, "form[action$='/triage'] button[type=submit]")
	if h1 := b.Text(t, "h1"); h1 != "Hospital discharge" {
		t.Fatalf("after triage the page is %q", h1)
	}

	// Commission learning with the critical friend.
	b.ClickAndLoad(t, "a[href$='/commissions/new']")
	b.CheckAccessibility(t, "commission form")
	b.ClickAndLoad(t, "main button[type=submit]")
	b.CheckAccessibility(t, "commission form with errors")
	b.Do(t, testkit.Fill("title", "Discharge meetings audit"), testkit.Fill("key_lines", "Who is invited to discharge meetings?\nWhat do families hear?"),
		click("methods"), testkit.FillDate("starts_on", "2 11 2026"),
		testkit.FillDate("due_on", "31 12 2026"),
		chromedp.Click(chromedp.CSS("input[name=friends]")))
	b.ClickAndLoad(t, "main button[type=submit]")
	if h1 := b.Text(t, "h1"); !strings.HasPrefix(h1, "Discharge meetings audit") {
		t.Fatalf("after commissioning the page is %q: %s", h1, b.Text(t, "main"))
	}
	b.Do(t, testkit.Fill("milestone_title", "Case audit complete"), testkit.FillDate("milestone_due", "20 11 2026"))
	b.ClickAndLoad(t, "form[action$='/milestones'] button")
	b.WantMain(t, "the past milestone is not shown as overdue", "Case audit complete", "Overdue")
	b.CheckAccessibility(t, "commission page")
	b.ClickAndLoad(t, ".header__sign-out button")

	// The critical friend writes into it.
	b.MustSignIn(t, base, "critical-friend@hsscp.example")
	b.MustOpen(t, base+"/hsscp/commissions", "main table")
	b.CheckAccessibility(t, "a critical friend's commissions")
	b.ClickAndLoad(t, "main table a")
	b.ClickAndLoad(t, "form[action$='/done'] button") // the case audit is complete
	if page := b.Text(t, "main"); strings.Contains(page, "Overdue") {
		t.Error("a met milestone is still overdue")
	}
	b.Do(t, click("note_kind-1"), testkit.Fill("note", "Young people said nobody explained what would happen after hospital."))
	b.ClickAndLoad(t, "form[action$='/notes'] button")
	b.Do(t, chromedp.SetValue(chromedp.CSS("#findings"), "## What we found\n\nSocial care was invited to **2 of 12** discharge meetings.\n\n<script>alert(1)</script>"))
	b.ClickAndLoad(t, "form[action$='/findings'] button")
	for _, rec := range []struct{ title, due string }{
		{"Invite children's social care to every discharge meeting", "31 1 2027"},
		{"Share discharge plans with the health visitor", "28 2 2027"},
	} {
		b.Do(t, testkit.Fill("rec_title", rec.title), chromedp.SetValue(chromedp.CSS("#rec_owner"), testkit.MustOrgID(t, db, "hsscp", "North Tees and Hartlepool NHS Foundation Trust")),
			testkit.FillDate("rec_due", rec.due))
		b.ClickAndLoad(t, "form[action$='/recommendations'] button")
	}
	b.MustMain(t, "the commission lacks the findings or recommendations", "Share discharge plans", "2 of 12")
	if scripts := testkit.Get(t, b, chromedp.Evaluate[int](`document.querySelectorAll(".markdown script").length`)); scripts != 0 {
		t.Error("a script from the findings reached the page")
	}
	b.ClickAndLoad(t, ".header__sign-out button")

	// The Engine Room assigns actions, one already overdue, and records impact on the other.
	b.MustSignIn(t, base, "engine-room@hsscp.example")
	b.MustOpen(t, base+"/hsscp/commissions", "main table")
	b.ClickAndLoad(t, "main table a")
	commissionURL := testkit.Get(t, b, chromedp.Location())
	b.ClickAndLoad(t, "main table a") // the first recommendation
	b.CheckAccessibility(t, "recommendation page")
	b.Do(t, chromedp.SetValue(chromedp.CSS("#action_org"), testkit.MustOrgID(t, db, "hsscp", "North Tees and Hartlepool NHS Foundation Trust")),
		testkit.Fill("action_description", "Add social care to the discharge checklist"),
		testkit.FillDate("action_due", "1 11 2026"))
	b.ClickAndLoad(t, "form[action$='/actions'] button")
	b.WantMain(t, "the past-due action is not flagged overdue", "Overdue")
	b.MustOpen(t, commissionURL, "main table")
	b.ClickAndLoad(t, "main table tr:nth-child(2) a") // the second recommendation
	b.Do(t, chromedp.SetValue(chromedp.CSS("#action_org"), testkit.MustOrgID(t, db, "hsscp", "Hartlepool Borough Council")),
		testkit.Fill("action_description", "Health visitors to receive every discharge plan"),
		testkit.FillDate("action_due", "31 12 2027"))
	b.ClickAndLoad(t, "form[action$='/actions'] button")
	b.Do(t, chromedp.SetValue(chromedp.CSS("#evidence_kind"), "re_audit"), testkit.Fill("evidence_summary", "Plans reached the health visitor in 9 of 10 cases."),
		testkit.FillDate("evidence_on", "20 11 2026"), click("evidence_rating-2"))
	b.ClickAndLoad(t, "form[action$='/evidence'] button")
	b.CheckAccessibility(t, "recommendation with evidence")
	b.MustOpen(t, commissionURL, "main")
	b.ClickAndLoad(t, "form[action$='/sign-off'] button")

	// A meeting: its list, its form's errors, then its agenda.
	b.MustOpen(t, base+"/hsscp/meetings", "main form")
	b.CheckAccessibility(t, "meetings")
	b.ClickAndLoad(t, "main form button[type=submit]")
	b.CheckAccessibility(t, "meetings with errors")
	b.Do(t, chromedp.Clear(chromedp.CSS("#title")), testkit.Fill("title", "Engine Room"), testkit.FillDate("held_on", "1 12 2026"),
		chromedp.Click(chromedp.CSS("input[name=attendees]")))
	b.ClickAndLoad(t, "main form button[type=submit]")
	b.WantMain(t, "the agenda lacks the overdue action", "Overdue actions", "Add social care to the discharge checklist")
	b.CheckAccessibility(t, "meeting")

	// The golden thread, in order.
	b.MustOpen(t, base+"/hsscp/themes", "main")
	b.CheckAccessibility(t, "theme register")
	b.ClickAndLoad(t, "main table a")
	thread := b.Text(t, "main")
	order := []string{"HSSCP-KLOE-", "Start a new theme from it", "Discharge meetings audit", "What we found",
		"Invite children's social care", "Add social care to the discharge checklist", "Overdue",
		"Share discharge plans", "Health visitors to receive every discharge plan", "Re-audit", "9 of 10"}
	last := -1
	for _, want := range order {
		i := strings.Index(thread[max(last, 0):], want)
		if i >= 0 {
			i += max(last, 0)
		}
		if i < 0 {
			t.Errorf("the golden thread lacks %q", want)
			continue
		}
		if i < last {
			t.Errorf("the golden thread shows %q out of order", want)
		}
		last = i
	}
	if !strings.Contains(thread[last:], "Impact testing") {
		t.Error("the theme's history does not end in impact testing")
	}
	b.CheckAccessibility(t, "golden thread")
	b.MustOpen(t, base+"/hsscp/training-needs", "main")
	b.CheckAccessibility(t, "training needs")
	b.ClickAndLoad(t, ".header__sign-out button")

	// The practitioner reads the outcome.
	b.MustSignIn(t, base, "practitioner@hsscp.example")
	b.MustOpen(t, base+"/hsscp/my/submissions", "main")
	b.WantMain(t, "the practitioner does not see the outcome", "started the theme 'Hospital discharge'", "Outcome given")
}
