package views

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestEveryAddressComesFromPaths keeps web/paths the one place addresses are spelled (issue #10):
// no template, view model or handler writes out a portal address ("/...") or glues a query on by hand
// ("?name=" + ...); in-page anchors and mailto: links are not addresses of the portal.
func TestEveryAddressComesFromPaths(t *testing.T) {
	written := regexp.MustCompile(`(href|action|formaction)="/|SafeURL\("/|"/" \+|\+ "\?|"\?[a-z_]+="`)
	files, err := filepath.Glob("*.templ")
	if err != nil {
		t.Fatal(err)
	}
	models, _ := filepath.Glob("*.go")
	handlers, _ := filepath.Glob("../../internal/server/*.go")
	files = append(append(files, models...), handlers...)
	for _, name := range files {
		if strings.HasSuffix(name, "_templ.go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(src), "\n") {
			if written.MatchString(line) {
				t.Errorf("%s:%d writes an address out; add a function to web/paths: %s", name, i+1, strings.TrimSpace(line))
			}
		}
	}
}
