package server_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/scp-portal/portal/internal/testkit"
)

// TestPublishingANewVersionOfTheArrangements plays the publication of HSSCP's arrangements in
// Chromium: the business unit co-opts a new member to the Engine Room, drafts version 3 (its
// structure drawn from the records), changes a section and submits it; each statutory partner
// signs it off (the police by the delegate its lead representative named); it is published; the
// public reads the new version, finds version 2 in its history and what changed between them.
// axe-core checks the pages on the way.
func TestPublishingANewVersionOfTheArrangements(t *testing.T) {
	db, base := testkit.StartDemo(t, testkit.ServerOptions{})
	engineRoom := testkit.MustQueryString(t, db, `SELECT b.id::text FROM body b JOIN partnership p ON p.id = b.partnership_id WHERE p.slug = 'hsscp' AND b.kind = 'engine_room'`)
	newcomer := testkit.MustID(t, db, "practitioner@hsscp.example")
	b := testkit.NewBrowser(t)
	signOut := func() { b.ClickAndLoad(t, ".header__sign-out button") }

	// A new member of the Engine Room, in the records.
	b.MustSignIn(t, base, "business-unit@hsscp.example")
	b.MustOpen(t, base+"/hsscp/admin/bodies/"+engineRoom, "form[action$='/members']")
	b.Do(t, chromedp.SetValue(chromedp.CSS("#user"), newcomer), chromedp.SetValue(chromedp.CSS("#role"), "co_opted"))
	b.ClickAndLoad(t, "form[action$='/members'] button[type=submit]")
	b.MustMain(t, "the new member is not on the Engine Room", "Priya Practitioner")

	// Version 3, drafted from version 2.
	b.MustOpen(t, base+"/hsscp/publishing", "main table")
	b.CheckAccessibility(t, "documents list")
	b.ClickAndLoad(t, "main table a[href^='/hsscp/publishing/']")
	b.CheckAccessibility(t, "document page")
	b.ClickAndLoad(t, "form[action$='/versions'] button")
	if h1 := b.Text(t, "h1"); h1 != "Version 3" {
		t.Fatalf("after drafting the page is %q", h1)
	}
	if page := b.Text(t, "main"); !strings.Contains(page, "Priya Practitioner, Health visitor (Co-opted member)") {
		t.Errorf("the draft's structure does not show the new Engine Room member")
	}
	b.CheckAccessibility(t, "a draft version")
	b.ClickAndLoad(t, "main section a[href*='/sections/']")
	b.Do(t, chromedp.Clear(chromedp.CSS("#heading")))
	b.ClickAndLoad(t, "main button[type=submit]")
	b.CheckAccessibility(t, "section form with errors")
	b.Do(t, chromedp.SetValue(chromedp.CSS("#heading"), "Our shared vision and values"),
		chromedp.SetValue(chromedp.CSS("#body"), "Every child in Hartlepool and Stockton feels safe, secure and is protected from harm.\n\nIn 2026 the partners renewed this vision with young people."))
	b.ClickAndLoad(t, "main button[type=submit]")
	b.ClickAndLoad(t, "form[action$='/submit'] button")
	b.MustMain(t, "after submission the version is not awaiting sign-off", "Awaiting sign-off")
	version := testkit.Get(t, b, chromedp.Location())
	signOut()

	// Each statutory partner signs it off: three lead representatives, and the police's delegate.
	for _, signer := range []string{"executive@hsscp.example", "member3@hsscp.example", "member5@hsscp.example", "engine-room@hsscp.example"} {
		b.MustSignIn(t, base, signer)
		b.MustOpen(t, base+"/hsscp/sign-off", "main table")
		if signer == "executive@hsscp.example" {
			b.CheckAccessibility(t, "awaiting sign-off")
		}
		b.ClickAndLoad(t, "main table a")
		b.ClickAndLoad(t, "form[action$='/sign'] button")
		b.MustMain(t, signer+": after signing the page says", "You have signed off Safeguarding arrangements, version 3")
		signOut()
	}

	// Published.
	b.MustSignIn(t, base, "business-unit@hsscp.example")
	b.MustOpen(t, version, "form[action$='/publish']")
	b.WantMain(t, "the version does not show who signed", "Signed by Eddie Engine (delegate)", "Signed by Erin Executive")
	b.CheckAccessibility(t, "a signed-off version")
	today := time.Now()
	b.Do(t, testkit.FillDate("published_on", today.Format("2 1 2006")),
		testkit.FillDate("effective_on", today.Format("2 1 2006")))
	b.ClickAndLoad(t, "form[action$='/publish'] button")
	b.MustMain(t, "after publishing", "The version has been published")
	signOut()

	// The public reads it, finds version 2 in its history and what changed.
	b.MustOpen(t, base+"/hsscp/arrangements", "main")
	page := b.Text(t, "main")
	for _, want := range []string{"Version 3", "In 2026 the partners renewed this vision with young people.", "Priya Practitioner"} {
		if !strings.Contains(page, want) {
			t.Errorf("the public arrangements lack %q", want)
		}
	}
	b.CheckAccessibility(t, "public arrangements")
	b.ClickAndLoad(t, "a[href$='/versions/2']")
	if page := b.Text(t, "main"); !strings.Contains(page, "This is not the current version") || strings.Contains(page, "Priya Practitioner") {
		t.Errorf("version 2 is not shown as it was published")
	}
	b.ClickAndLoad(t, "main table a[href*='changes?from=2&to=3']")
	changes := strings.Join(strings.Fields(b.Text(t, "main")), " ") // a hidden "Added:" is on a line of its own
	if !strings.Contains(changes, "What changed between version 2 and version 3") || !strings.Contains(changes, "Added: Priya Practitioner, Health visitor (Co-opted member)") ||
		!strings.Contains(changes, "Added: In 2026 the partners renewed this vision with young people.") {
		t.Errorf("the changes page:\n%s", changes)
	}
	b.CheckAccessibility(t, "what changed")

	// The public partnership page, drawn from the arrangements, and the library across partnerships.
	b.MustOpen(t, base+"/hsscp/", "main form[role=search]")
	b.CheckAccessibility(t, "public partnership page")
	b.Do(t, testkit.Fill("q", "vision"))
	b.ClickAndLoad(t, "main form[role=search] button")
	b.WantMain(t, "the library does not find the arrangements by a word of their vision", "Safeguarding arrangements")
	b.CheckAccessibility(t, "the library")
	b.MustOpen(t, base+"/library?kind=secret&q=x", "main")
	b.CheckAccessibility(t, "the library with a problem")

	// The yearly report through sign-off to publication. The partners' signing is the server
	// tests' (TestAYearlyReportIsSignedOffPublishedAndSent): here the round is signed off in the
	// database, to reach each page of the way.
	b.MustSignIn(t, base, "business-unit@hsscp.example")
	b.MustOpen(t, base+"/hsscp/reports", "#year")
	b.ClickAndLoad(t, "form:has(input[value=yearly]) button")
	b.ClickAndLoad(t, "#submit")
	b.MustMain(t, "the submitted yearly report", "Awaiting sign-off by the statutory partners")
	b.CheckAccessibility(t, "a yearly report awaiting sign-off")
	report := testkit.Get(t, b, chromedp.Location())
	if _, err := db.Exec(t.Context(), `UPDATE signoff_round SET status = 'signed_off', signed_off_at = now() WHERE subject_kind = 'yearly_report' AND status = 'open'`); err != nil {
		t.Fatal(err)
	}
	b.MustOpen(t, report, "form[action$='/publish']")
	b.CheckAccessibility(t, "a yearly report ready to publish")
	b.Do(t, testkit.FillDate("published_on", today.Format("2 1 2006")))
	b.ClickAndLoad(t, "form[action$='/publish'] button")
	b.CheckAccessibility(t, "a published yearly report, with the days it was sent")
	b.ClickAndLoad(t, "main a[href*='/yearly-reports/']")
	b.WantMain(t, "the public yearly report", "Yearly report", "Published")
	b.CheckAccessibility(t, "the public yearly report")
}
