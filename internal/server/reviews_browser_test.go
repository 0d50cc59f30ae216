package server_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/scp-portal/portal/internal/testkit"
)

// TestARapidReviewToALocalCSPR takes a CSPR consideration request through a rapid review in
// Chromium, on a server whose clock says 22 December 2026: the countdown counts across Christmas,
// Boxing Day (moved to the 28th) and New Year's Day; the review decides on a local CSPR, whose
// reviewer the Executive approves.
func TestARapidReviewToALocalCSPR(t *testing.T) {
	db := testkit.NewDB(t)
	testkit.SeedDemo(t, db)
	clk := &clock{now: time.Date(2026, 12, 22, 10, 0, 0, 0, time.UTC)}
	base := testkit.StartServer(t, db, testkit.ServerOptions{Now: clk.Now})

	pc := testkit.NewClient(t, base)
	pc.SignIn("practitioner@hsscp.example", testkit.DemoPassword)
	v := cspAnswers(t, db)
	v.Set("form_key", startForm(t, pc, "/hsscp/cspr/new/form"))
	v.Set("action", "continue")
	r := postMultipart(t, pc, "/hsscp/cspr/new/form", v)
	pc.Post(strings.Replace(r.Location, "/check", "/submit", 1), nil)

	b := testkit.NewBrowser(t)
	text := func(sel string) string { return testkit.Get(t, b, chromedp.Text(chromedp.CSS(sel))) }
	fill := func(id, s string) chromedp.Action[chromedp.Void] { return chromedp.SendKeys(chromedp.CSS("#"+id), s) }

	signIn(t, b, base, "engine-room@hsscp.example")
	b.Do(t, chromedp.Navigate(base+"/hsscp/inbox?kind=cspr"), chromedp.WaitVisible(chromedp.CSS("main table")))
	b.ClickAndLoad(t, "main table a")
	b.Do(t, fill("review_title", "Child A (2026)"), fill("aware_on-day", "18"), fill("aware_on-month", "12"), fill("aware_on-year", "2026"),
		fill("notified_on-day", "21"), fill("notified_on-month", "12"), fill("notified_on-year", "2026"))
	b.ClickAndLoad(t, "form[action$='/rapid-review'] button")
	countdown := text(".countdown")
	for _, want := range []string{"14 working days left", "Due 14 January 2027", "15 working days from the notification to the national Panel on 21 December 2026"} {
		if !strings.Contains(countdown, want) {
			t.Errorf("the countdown lacks %q: %s", want, countdown)
		}
	}
	if !strings.Contains(text("main"), "Within 5 working days") {
		t.Error("the notification's timeliness is not shown")
	}
	b.CheckAccessibility(t, "rapid review")

	b.Do(t, fill("facts", "Admitted to hospital with injuries."), fill("draft", "Draft of the rapid review for the national Panel."),
		chromedp.Click(chromedp.CSS("#decision")), fill("decision_reasons", "The learning reaches across the partnership."))
	b.ClickAndLoad(t, "#review-form button[type=submit]")
	b.Do(t, chromedp.WaitVisible(chromedp.CSS("form[action$='/local-review']")))
	b.ClickAndLoad(t, "form[action$='/local-review'] button")
	if h1 := text("h1"); !strings.Contains(h1, "Child A (2026)") {
		t.Fatalf("the local review page says %q", h1)
	}
	localReview := testkit.Get(t, b, chromedp.Location())
	b.Do(t, fill("reviewer", "Dr R. Independent"), fill("terms", "What helped and what hindered the agencies?"))
	b.ClickAndLoad(t, "form[action$='/reviewer'] button")
	b.CheckAccessibility(t, "local review")
	b.Do(t, chromedp.Navigate(base+"/hsscp/reviews"), chromedp.WaitVisible(chromedp.CSS("main")))
	if reg := text("main"); !strings.Contains(reg, "Local child safeguarding practice review") || !strings.Contains(reg, "HSSCP-CSPR-LR-") {
		t.Errorf("the register lacks the decision or the local review:\n%s", reg)
	}
	b.CheckAccessibility(t, "reviews register")
	b.ClickAndLoad(t, ".header__sign-out button")

	// The Executive finds the reviewer awaiting its approval on its home page, and approves.
	signIn(t, b, base, "executive@hsscp.example")
	if home := text("main"); !strings.Contains(home, "Reviewer awaiting the Executive's approval") {
		t.Errorf("the Executive's home does not show the reviewer awaiting approval:\n%s", home)
	}
	b.ClickAndLoad(t, "main a[href='"+strings.TrimPrefix(localReview, base)+"']")
	b.ClickAndLoad(t, "form[action$='/approve'] button")
	if page := text("main"); !strings.Contains(page, "Approved by Erin Executive") {
		t.Errorf("the approval is not recorded:\n%s", page)
	}
	b.CheckAccessibility(t, "local review, approved")
	b.ClickAndLoad(t, ".header__sign-out button")

	// The Engine Room writes the report, whose recommendation joins the same tracking, and
	// publishes the redacted review once it has gone to the national Panel.
	signIn(t, b, base, "engine-room@hsscp.example")
	b.Do(t, chromedp.Navigate(localReview), chromedp.WaitVisible(chromedp.CSS("#report-form")),
		fill("report", "## Findings\n\nAgencies did not share what they knew."),
		fill("redacted_report", "## Findings\n\nAgencies did not share what they knew."),
		fill("learning_summary", "Share concerns about infants across agencies on the same day."),
		fill("published_on-day", "22"), fill("published_on-month", "12"), fill("published_on-year", "2026"))
	b.ClickAndLoad(t, "#report-form button")
	if errs := text(".error-summary"); !strings.Contains(errs, "Publish only after the report has gone to the national Panel") {
		t.Errorf("publication before the Panel had the report was not refused: %q", errs)
	}
	b.Do(t, fill("sent_to_panel_on-day", "22"), fill("sent_to_panel_on-month", "12"), fill("sent_to_panel_on-year", "2026"))
	b.ClickAndLoad(t, "#report-form button")
	b.Do(t, fill("rec_title", "Share concerns about infants on the same day"),
		chromedp.SetValue(chromedp.CSS("#rec_owner"), orgID(t, db, "hsscp", "Cleveland Police")),
		fill("rec_due-day", "31"), fill("rec_due-month", "3"), fill("rec_due-year", "2027"))
	b.ClickAndLoad(t, "form[action$='/recommendations'] button")
	b.ClickAndLoad(t, "main table a[href*='/recommendations/']")
	if page := text("main"); !strings.Contains(page, "Local child safeguarding practice review HSSCP-CSPR-LR-") {
		t.Errorf("the recommendation does not name the local review it came from:\n%s", page)
	}
	b.CheckAccessibility(t, "recommendation of a local review")
	b.ClickAndLoad(t, ".header__sign-out button")

	// Anyone reads the published review: the redacted report and the learning summary.
	b.Do(t, chromedp.Navigate(base+"/hsscp/"), chromedp.WaitVisible(chromedp.CSS("main")))
	if page := text("main"); !strings.Contains(page, "Published reviews") || !strings.Contains(page, "Share concerns about infants across agencies") {
		t.Fatalf("the public page does not list the published review:\n%s", page)
	}
	b.ClickAndLoad(t, "a[href*='/published-reviews/']")
	if page := text("main"); !strings.Contains(page, "Agencies did not share what they knew") || strings.Contains(page, "Jordan") {
		t.Errorf("the published review:\n%s", page)
	}
	b.CheckAccessibility(t, "published review")
}
