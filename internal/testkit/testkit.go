// Package testkit is the portal's test harness: a private PostgreSQL cluster for the test run, a
// fresh database for each test cloned from a migrated template, the real HTTP server on a
// loopback port, and Chromium driven through chromedp. Nothing is mocked; what the tests need and
// cannot find is a failure with a message saying how to install it, never a skip.
//
// A package that uses it runs its tests through Main:
//
//	func TestMain(m *testing.M) { testkit.Main(m) }
package testkit

import (
	"fmt"
	"os"
	"sync/atomic"
	"testing"
)

// mainRan records that Main is in charge of the test run, so the shared cluster and browser it
// starts lazily are also stopped.
var mainRan atomic.Bool

// Main runs the package's tests, then stops what the harness started, and exits.
func Main(m *testing.M) {
	mainRan.Store(true)
	code := m.Run()
	stopBrowser()
	if err := stopCluster(); err != nil {
		fmt.Fprintln(os.Stderr, "testkit:", err)
		if code == 0 {
			code = 1
		}
	}
	os.Exit(code)
}

func requireMain(t testing.TB) {
	t.Helper()
	if !mainRan.Load() {
		t.Fatal("testkit: this package has no TestMain calling testkit.Main(m), which stops the test cluster and browser")
	}
}
