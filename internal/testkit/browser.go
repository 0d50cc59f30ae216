package testkit

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// chromiumPath is Debian's Chromium, which `make test` installs; PORTAL_CHROMIUM overrides it.
func chromiumPath() string {
	if p := os.Getenv("PORTAL_CHROMIUM"); p != "" {
		return p
	}
	return "/usr/bin/chromium"
}

var (
	browserMu     sync.Mutex
	browserCtx    context.Context // one Chromium per test process; each test gets a tab of its own
	browserCancel func()
)

func sharedBrowser(t testing.TB) context.Context {
	t.Helper()
	browserMu.Lock()
	defer browserMu.Unlock()
	if browserCtx != nil {
		return browserCtx
	}
	path := chromiumPath()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("testkit: no Chromium at %s: `make test` installs it (apt-get install chromium), "+
			"or set PORTAL_CHROMIUM to a Chromium or Chrome binary", path)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.WindowSize(1280, 900),
	)
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox)
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelBrowser := chromedp.NewContext(allocCtx)
	if err := chromedp.Do(ctx); err != nil { // starts the browser
		cancelBrowser()
		cancelAlloc()
		t.Fatalf("testkit: start Chromium at %s: %v", path, err)
	}
	browserCtx = ctx
	browserCancel = func() { cancelBrowser(); cancelAlloc() }
	return browserCtx
}

func stopBrowser() {
	browserMu.Lock()
	defer browserMu.Unlock()
	if browserCancel != nil {
		browserCancel()
		browserCtx, browserCancel = nil, nil
	}
}

// Browser is a Chromium tab for one test. It records every console error, uncaught exception and
// browser log error (a failed load, a Content-Security-Policy violation); the test fails at its
// end if there were any.
type Browser struct {
	// Ctx runs chromedp actions in the tab.
	Ctx context.Context

	mu       sync.Mutex
	problems []string
}

// NewBrowser opens a tab for t, closed when t ends.
func NewBrowser(t testing.TB) *Browser {
	t.Helper()
	requireMain(t)
	b := newTab(t)
	t.Cleanup(func() {
		for _, p := range b.Problems() {
			t.Errorf("browser console: %s", p)
		}
	})
	return b
}

func newTab(t testing.TB) *Browser {
	t.Helper()
	// A browser context of its own per test: no cookies or connections shared between tests.
	ctx, cancel := chromedp.NewContext(sharedBrowser(t), chromedp.WithNewBrowserContext())
	// The whole test's time in the browser: a hung page fails it rather than the package's
	// timeout; long enough for the accessibility walk of every page on a busy machine.
	ctx, cancelTimeout := context.WithTimeout(ctx, 5*time.Minute)
	b := &Browser{Ctx: ctx}
	if err := chromedp.Do(ctx); err != nil { // opens the tab
		t.Fatalf("testkit: open a tab: %v", err)
	}
	// Listen sees each event before the command that follows it returns, so nothing is missed at
	// the end of a test. Chromium no longer logs failed loads itself (DevTools makes those lines from
	// network events), so the network events are read too. The page itself may be an error page a
	// test asks for, so only its sub-resources count.
	err := chromedp.Listen(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				b.record("console.%s: %s", ev.Type, describe(ev.Args))
			}
		case *runtime.EventExceptionThrown:
			b.record("uncaught exception: %s", exceptionText(ev.ExceptionDetails))
		case *cdplog.EventEntryAdded:
			// Failed loads are judged from the network events below, which can tell the page
			// (an error page may be what the test asked for) from what it loads.
			if ev.Entry.Level == cdplog.EntryLevelError && ev.Entry.Source != cdplog.EntrySourceNetwork {
				b.record("%s: %s %s", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL)
			}
		case *network.EventResponseReceived:
			if ev.Type != network.ResourceTypeDocument && ev.Response.Status >= 400 {
				b.record("%s %s got HTTP %d", ev.Type, ev.Response.URL, ev.Response.Status)
			}
		case *network.EventLoadingFailed:
			if !ev.Canceled {
				b.record("%s failed to load: %s %s", ev.Type, ev.ErrorText, ev.BlockedReason)
			}
		}
	})
	if err != nil {
		t.Fatalf("testkit: listen to the tab: %v", err)
	}
	t.Cleanup(func() { cancelTimeout(); cancel() })
	return b
}

// describe renders console arguments roughly as the DevTools console shows them.
func describe(args []*runtime.RemoteObject) string {
	parts := make([]string, 0, len(args))
	for _, a := range args {
		switch {
		case a.Description != "":
			parts = append(parts, a.Description)
		default:
			parts = append(parts, strings.Trim(string(a.Value), `"`))
		}
	}
	return strings.Join(parts, " ")
}

func exceptionText(d *runtime.ExceptionDetails) string {
	if d.Exception != nil && d.Exception.Description != "" {
		return d.Exception.Description
	}
	return d.Text
}

func (b *Browser) record(format string, args ...any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.problems = append(b.problems, fmt.Sprintf(format, args...))
}

// Problems returns the console errors recorded so far.
func (b *Browser) Problems() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.problems...)
}

// Do runs chromedp actions in the tab, in order, failing the test on an error.
func (b *Browser) Do(t testing.TB, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(b.Ctx, actions...); err != nil {
		t.Fatalf("browser: %v", err)
	}
}

// ClickAndLoad clicks what sel finds and waits for the page that follows to load.
func (b *Browser) ClickAndLoad(t testing.TB, sel string) {
	t.Helper()
	if _, err := chromedp.Run(b.Ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS(sel)))); err != nil {
		t.Fatalf("browser: click %s: %v", sel, err)
	}
}

// PressAndLoad presses a key on the focused element (Enter on a link or button) and waits for the
// page that follows to load.
func (b *Browser) PressAndLoad(t testing.TB, key string) {
	t.Helper()
	if _, err := chromedp.Run(b.Ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.KeyEvent(key))); err != nil {
		t.Fatalf("browser: press %q: %v", key, err)
	}
}

// Get runs one chromedp action in b's tab and returns its value, failing the test on an error.
func Get[T any](t testing.TB, b *Browser, action chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(b.Ctx, action)
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	return v
}

// ReflowWidth is the width in CSS pixels a page must fit without scrolling sideways (WCAG 2.2
// 1.4.10 Reflow: 320 CSS pixels, 1280 at 400% zoom).
const ReflowWidth = 320

// reflowProbe returns nothing when the page fits its width; else the page's scroll width and the
// deepest elements that stick out beyond the width, other than those clipped by a container that
// scrolls on its own (a table's), which do not widen the page.
const reflowProbe = `(() => {
	const d = document.documentElement, cw = d.clientWidth;
	if (d.scrollWidth <= cw) return [];
	// What clips an element: its ancestors, or for one positioned absolutely its containing
	// block and the containing block's ancestors.
	const scrolls = el => {
		const pos = getComputedStyle(el).position;
		if (pos === "fixed") return false;
		for (let a = pos === "absolute" ? el.offsetParent : el.parentElement; a && a !== document.body && a !== d; a = a.parentElement) {
			if (getComputedStyle(a).overflowX !== "visible") return true;
		}
		return false;
	};
	const beyond = el => el.getBoundingClientRect().right > cw + 1 && !scrolls(el);
	const name = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
		(typeof el.className === "string" && el.className.trim() ? "." + el.className.trim().split(/\s+/).join(".") : "");
	const out = [d.scrollWidth + " px wide"];
	for (const el of document.body.querySelectorAll("*")) {
		if (!beyond(el) || [...el.children].some(beyond)) continue;
		out.push(name(el) + " reaches " + Math.round(el.getBoundingClientRect().right) + " px");
		if (out.length > 6) break;
	}
	return out;
})()`

// CheckReflow shows the page in the tab at ReflowWidth CSS pixels and fails the test, naming the
// page and the width, when it scrolls sideways (document.documentElement.scrollWidth is more
// than its clientWidth), listing what sticks out. The tab is put back to its own size afterwards.
func (b *Browser) CheckReflow(t testing.TB, page string) {
	t.Helper()
	width := Get(t, b, chromedp.Evaluate[int](`window.innerWidth`))
	b.Narrow(t, ReflowWidth)
	wide, err := chromedp.Run(b.Ctx, chromedp.Evaluate[[]string](reflowProbe))
	b.Widen(t)
	b.waitForWidth(t, width, page)
	if err != nil {
		t.Fatalf("browser: measure %s at %d px: %v", page, ReflowWidth, err)
	}
	if len(wide) > 0 {
		t.Errorf("%s does not reflow at %d CSS px: it scrolls sideways, %s", page, ReflowWidth, strings.Join(wide, "; "))
	}
}

// Narrow shows the pages of the tab width CSS pixels wide (a phone's screen), until Widen.
func (b *Browser) Narrow(t testing.TB, width int) {
	t.Helper()
	if _, err := chromedp.Run(b.Ctx, chromedp.EmulateViewport(int64(width), 640)); err != nil {
		t.Fatalf("browser: narrow the tab to %d px: %v", width, err)
	}
	b.waitForWidth(t, width, "the tab")
}

// Widen puts the tab back to its own size after Narrow.
func (b *Browser) Widen(t testing.TB) {
	t.Helper()
	clear := chromedp.Func(func(ctx context.Context, tab *chromedp.Target) error {
		_, err := cdp.Call(ctx, tab, emulation.ClearDeviceMetricsOverride, cdp.Empty{})
		return err
	})
	if _, err := chromedp.Run(b.Ctx, clear); err != nil {
		t.Fatalf("browser: put the tab back to its size: %v", err)
	}
}

// waitForWidth waits until the page in the tab is laid out width CSS pixels wide: the browser
// applies a change of the viewport's size a moment after it is asked.
func (b *Browser) waitForWidth(t testing.TB, width int, page string) {
	t.Helper()
	var now int
	for range 100 {
		if now = Get(t, b, chromedp.Evaluate[int](`window.innerWidth`)); now == width {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("browser: %s is %d px wide, not the %d px asked for", page, now, width)
}

// MinTarget is the size in CSS pixels of a radio or checkbox, as the GOV.UK Design System draws
// them (40 by 40).
const MinTarget = 40

// CheckTargetSize measures every radio and checkbox shown on the page in the tab and fails the
// test, naming the page, for each smaller than MinTarget by MinTarget CSS pixels. It returns how
// many it measured, so that a test can tell a page that has none.
func (b *Browser) CheckTargetSize(t testing.TB, page string) int {
	t.Helper()
	sizes, err := chromedp.Run(b.Ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("input[type=radio], input[type=checkbox]")]
		.filter(el => el.getClientRects().length > 0)
		.map(el => { const r = el.getBoundingClientRect(); return (el.id || el.name || "unnamed") + " " + r.width + "x" + r.height; })`))
	if err != nil {
		t.Fatalf("browser: measure the radios and checkboxes of %s: %v", page, err)
	}
	for _, s := range sizes {
		var id string
		var w, h float64
		if _, err := fmt.Sscanf(s, "%s %gx%g", &id, &w, &h); err != nil {
			t.Fatalf("browser: read the size %q: %v", s, err)
		}
		if w < MinTarget || h < MinTarget {
			t.Errorf("on %s the radio or checkbox %s measures %gx%g CSS px; want at least %dx%d", page, id, w, h, MinTarget, MinTarget)
		}
	}
	return len(sizes)
}

// CheckPage runs axe-core on the page in the tab (CheckAccessibility), then shows it at 320 CSS
// pixels (CheckReflow) and measures its radios and checkboxes (CheckTargetSize), failing the test
// on any problem, naming the page.
func (b *Browser) CheckPage(t testing.TB, page string) {
	t.Helper()
	b.CheckAccessibility(t, page)
	b.CheckReflow(t, page)
	b.CheckTargetSize(t, page)
}
