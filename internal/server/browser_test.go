package server_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/scp-portal/portal/internal/testkit"
)

// TestHomePageInChromium loads the home page in a real browser: it must render with its
// stylesheet, raise no console error (a blocked or missing asset, a CSP violation), and offer the
// skip link as the first thing the keyboard reaches.
func TestHomePageInChromium(t *testing.T) {
	base := testkit.StartServer(t, testkit.NewDB(t), testkit.ServerOptions{})
	b := testkit.NewBrowser(t)
	b.Do(t, chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("h1")))

	if title := testkit.Get(t, b, chromedp.Title()); title != "Home – Safeguarding Children Partnership Portal" {
		t.Errorf("title = %q", title)
	}
	// The stylesheet applied: the header is dark, which the browser's default style is not.
	bg := testkit.Get(t, b, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("header")).backgroundColor`))
	if bg != "rgb(11, 12, 12)" {
		t.Errorf("header background = %q; the stylesheet did not load", bg)
	}
	b.Do(t, chromedp.KeyEvent(kb.Tab))
	focused := testkit.Get(t, b, chromedp.Evaluate[string](`document.activeElement.textContent`))
	if focused != "Skip to main content" {
		t.Errorf("the first Tab focuses %q; want the skip link", focused)
	}
	b.Do(t, chromedp.KeyEvent(kb.Enter))
	focused = testkit.Get(t, b, chromedp.Evaluate[string](`document.activeElement.id`))
	if focused != "main-content" {
		t.Errorf("after the skip link, focus is on %q; want main-content", focused)
	}
}

// TestSignInAndOutInChromium signs in with a wrong password and then the right one, as a person
// would, and signs out again: afterwards the home view asks them to sign in.
func TestSignInAndOutInChromium(t *testing.T) {
	db := testkit.NewDB(t)
	testkit.SeedDemo(t, db)
	base := testkit.StartServer(t, db, testkit.ServerOptions{})
	b := testkit.NewBrowser(t)

	b.Do(t, chromedp.Navigate(base+"/sign-in"), chromedp.WaitVisible(chromedp.CSS("#email")),
		chromedp.SendKeys(chromedp.CSS("#email"), "business-unit@hsscp.example"),
		chromedp.SendKeys(chromedp.CSS("#password"), "not the password"))
	b.ClickAndLoad(t, "main button[type=submit]")
	if msg := testkit.Get(t, b, chromedp.Text(chromedp.CSS(".error-summary"))); !strings.Contains(msg, "Enter a correct e-mail address and password") {
		t.Errorf("error summary: %q", msg)
	}
	if focused := testkit.Get(t, b, chromedp.Evaluate[string](`document.activeElement.className`)); focused != "error-summary" {
		t.Errorf("focus is on %q; want the error summary", focused)
	}
	if kept := testkit.Get(t, b, chromedp.Value(chromedp.CSS("#email"))); kept != "business-unit@hsscp.example" {
		t.Errorf("the e-mail address was not kept: %q", kept)
	}

	b.Do(t, chromedp.SendKeys(chromedp.CSS("#password"), testkit.DemoPassword))
	b.ClickAndLoad(t, "main button[type=submit]")
	if h1 := testkit.Get(t, b, chromedp.Text(chromedp.CSS("h1"))); h1 != "Welcome, Bo Business" {
		t.Errorf("after sign-in the page says %q", h1)
	}
	if loc := testkit.Get(t, b, chromedp.Location()); loc != base+"/hsscp/home" {
		t.Errorf("after sign-in the browser is at %s", loc)
	}

	b.ClickAndLoad(t, ".header__sign-out button")
	if h1 := testkit.Get(t, b, chromedp.Text(chromedp.CSS("h1"))); h1 != "You have signed out" {
		t.Errorf("after sign-out the page says %q", h1)
	}
	b.Do(t, chromedp.Navigate(base+"/hsscp/home"), chromedp.WaitVisible(chromedp.CSS("#email")))
	if loc := testkit.Get(t, b, chromedp.Location()); !strings.HasPrefix(loc, base+"/sign-in?next=") {
		t.Errorf("the home view after sign-out is at %s; want the sign-in page", loc)
	}
}
