package testkit

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

var (
	axeOnce   sync.Once
	axeSource string
	axeErr    error
)

// axePath is where `make axe` installs axe-core: var/tools under the repository, or PORTAL_AXE.
func axePath() (string, error) {
	if p := os.Getenv("PORTAL_AXE"); p != "" {
		return p, nil
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "var", "tools", "node_modules", "axe-core", "axe.min.js"), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the test's folder")
		}
		dir = parent
	}
}

func loadAxe() (string, error) {
	axeOnce.Do(func() {
		var path string
		if path, axeErr = axePath(); axeErr != nil {
			return
		}
		var b []byte
		if b, axeErr = os.ReadFile(path); axeErr != nil {
			axeErr = fmt.Errorf("axe-core is not installed at %s: `make test` installs it (`make axe`), "+
				"or set PORTAL_AXE to its axe.min.js", path)
			return
		}
		axeSource = string(b)
	})
	return axeSource, axeErr
}

// axeRun runs axe-core on the page for WCAG 2.0, 2.1 and 2.2 at levels A and AA, and returns each
// violation as "rule: help (selector, ...)". It builds only the violations' details (resultTypes),
// which axe-core documents as its way to run faster: the tests read nothing else.
const axeRun = `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]}, resultTypes: ["violations"]})
	.then(r => r.violations.map(v => v.id + ": " + v.help + " (" + v.nodes.map(n => n.target.join(" ")).join(", ") + ")"))`

// CheckAccessibility runs axe-core on the page in the tab and fails the test on every WCAG 2.2 A
// or AA violation it finds, naming the page.
func (b *Browser) CheckAccessibility(t testing.TB, page string) {
	t.Helper()
	if violations := b.AccessibilityProblems(t, page); len(violations) > 0 {
		t.Errorf("accessibility problems on %s:\n  %s", page, strings.Join(violations, "\n  "))
	}
}

// AccessibilityProblems runs axe-core on the page in the tab and returns its WCAG 2.2 A and AA
// violations.
func (b *Browser) AccessibilityProblems(t testing.TB, page string) []string {
	t.Helper()
	src, err := loadAxe()
	if err != nil {
		t.Fatalf("testkit: %v", err)
	}
	// Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not
	// govern: the portal itself never allows inline script.
	if _, err := chromedp.Run(b.Ctx, chromedp.Evaluate[bool](src+";true")); err != nil {
		t.Fatalf("testkit: load axe-core: %v", err)
	}
	violations, err := chromedp.Run(b.Ctx, chromedp.Evaluate[[]string](axeRun, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("testkit: run axe-core on %s: %v", page, err)
	}
	return violations
}
