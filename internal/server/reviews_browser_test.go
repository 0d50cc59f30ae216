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
	db, base := testkit.StartDemo(t, testkit.ServerOptions{Now: testkit.NewClock(time.Date(2026, 12, 22, 10, 0, 0, 0, time.UTC)).Now})

	testkit.MustSignInAs(t, base, "practitioner@hsscp.example").MustSubmitCSPR(testkit.CSPRAnswers(t, db))

	b := testkit.NewBrowser(t)

	b.MustSignIn(t, base, "engine-room@hsscp.example")
	b.MustOpen(t, base+"/hsscp/inbox?kind=cspr", "main table")
	b.ClickAndLoad(t, "main table a")
	b.Do(t, testkit.Fill("review_title", "Child A (2026)"), testkit.FillDate("aware_on", "18 12 2026"),
		testkit.FillDate("notified_on", "21 12 2026"))
	b.ClickAndLoad(t, "form[action$='/rapid-review'] button")
	countdown := b.Text(t, ".countdown")
	for _, want := range []string{"14 working days left", "Due 14 January 2027", "15 working days from the notification to the national Panel on 21 December 2026"} {
		if !strings.Contains(countdown, want) {
			t.Errorf("the countdown lacks %q: %s", want, countdown)
		}
	}
	if !strings.Contains(b.Text(t, "main"), "Within 5 working days") {
		t.Error("the notification's timeliness is not shown")
	}
	b.CheckAccessibility(t, "rapid review")

	b.Do(t, testkit.Fill("facts", "Admitted to hospital with injuries."), testkit.Fill("draft", "Draft of the rapid review for the national Panel."),
		chromedp.Click(chromedp.CSS("#decision")), testkit.Fill("decision_reasons", "The learning reaches across the partnership."))
	b.ClickAndLoad(t, "#review-form button[type=submit]")
	b.Do(t, chromedp.WaitVisible(chromedp.CSS("form[action$='/local-review']")))
	b.ClickAndLoad(t, "form[action$='/local-review'] button")
	if h1 := b.Text(t, "h1"); !strings.Contains(h1, "Child A (2026)") {
		t.Fatalf("the local review page says %q", h1)
	}
	localReview := testkit.Get(t, b, chromedp.Location())
	b.Do(t, testkit.Fill("reviewer", "Dr R. Independent"), testkit.Fill("terms", "What helped and what hindered the agencies?"))
	b.ClickAndLoad(t, "form[action$='/reviewer'] button")
	b.CheckAccessibility(t, "local review")
	b.MustOpen(t, base+"/hsscp/reviews", "main")
	b.WantMain(t, "the register lacks the decision or the local review", "Local child safeguarding practice review", "HSSCP-CSPR-LR-")
	b.CheckAccessibility(t, "reviews register")
	b.ClickAndLoad(t, ".header__sign-out button")

	// The Executive finds the reviewer awaiting its approval on its home page, and approves.
	b.MustSignIn(t, base, "executive@hsscp.example")
	b.WantMain(t, "the Executive's home does not show the reviewer awaiting approval", "Reviewer awaiting the Executive's approval")
	b.ClickAndLoad(t, "main a[href='"+strings.TrimPrefix(localReview, base)+"']")
	b.CheckAccessibility(t, "local review, its approval with the meeting to record it at")
	b.ClickAndLoad(t, "form[action$='/approve'] button")
	b.WantMain(t, "the approval is not recorded", "Approved by Erin Executive")
	b.CheckAccessibility(t, "local review, approved")
	b.ClickAndLoad(t, ".header__sign-out button")

	// The Engine Room writes the report, whose recommendation joins the same tracking, and
	// proposes publishing the redacted review once it has gone to the national Panel.
	b.MustSignIn(t, base, "engine-room@hsscp.example")
	b.Do(t, chromedp.Navigate(localReview), chromedp.WaitVisible(chromedp.CSS("#report-form")),
		testkit.Fill("report", "## Findings\n\nAgencies did not share what they knew."),
		testkit.Fill("redacted_report", "## Findings\n\nAgencies did not share what they knew."),
		testkit.Fill("learning_summary", "Share concerns about infants across agencies on the same day."))
	b.ClickAndLoad(t, "#report-form button")
	if strings.Contains(b.Text(t, "main"), "Propose publication to the Executive") {
		t.Error("publication is offered before the report went to the national Panel")
	}
	b.Do(t, testkit.FillDate("sent_to_panel_on", "22 12 2026"))
	b.ClickAndLoad(t, "#report-form button")
	b.Do(t, testkit.Fill("rec_title", "Share concerns about infants on the same day"),
		chromedp.SetValue(chromedp.CSS("#rec_owner"), testkit.MustOrgID(t, db, "hsscp", "Cleveland Police")),
		testkit.FillDate("rec_due", "31 3 2027"))
	b.ClickAndLoad(t, "form[action$='/recommendations'] button")
	b.Do(t, testkit.FillDate("publish_on", "22 12 2026"))
	b.ClickAndLoad(t, "form[action$='/propose-publication'] button")
	b.WantMain(t, "the proposal of publication is not shown", "waiting for the Executive")
	b.ClickAndLoad(t, "main table a[href*='/recommendations/']")
	b.WantMain(t, "the recommendation does not name the local review it came from", "Local child safeguarding practice review HSSCP-CSPR-LR-")
	b.CheckAccessibility(t, "recommendation of a local review")
	b.ClickAndLoad(t, ".header__sign-out button")

	// The Executive approves publication: published on the day proposed.
	b.MustSignIn(t, base, "executive@hsscp.example")
	b.MustOpen(t, localReview, "form[action$='/approve-publication']")
	b.CheckAccessibility(t, "local review, publication awaiting the Executive")
	b.ClickAndLoad(t, "form[action$='/approve-publication'] button")
	b.WantMain(t, "the approval of publication is not recorded", "Published on 22 December 2026")
	b.ClickAndLoad(t, ".header__sign-out button")

	// Anyone reads the published review: the redacted report and the learning summary.
	b.MustOpen(t, base+"/hsscp/", "main")
	b.MustMain(t, "the public page does not list the published review", "Published reviews", "Share concerns about infants across agencies")
	b.ClickAndLoad(t, "a[href*='/published-reviews/']")
	if page := b.Text(t, "main"); !strings.Contains(page, "Agencies did not share what they knew") || strings.Contains(page, "Jordan") {
		t.Errorf("the published review:\n%s", page)
	}
	b.CheckAccessibility(t, "published review")
}
