package server_test

import (
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
