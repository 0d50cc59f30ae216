package form

import (
	"net/url"
	"testing"

	"github.com/scp-portal/portal/internal/app"
)

// TestPageSizeIsBounded: a person may choose a page size up to app.MaxPageSize; anything else is
// the default, and never a page that returns a whole table.
func TestPageSizeIsBounded(t *testing.T) {
	for size, want := range map[string]int{"": 25, "50": 50, "100": 100, "101": 25, "100000": 25, "0": 25, "-5": 25, "x": 25, " 10 ": 10} {
		if got := ParsePaging(url.Values{"size": {size}, "page": {"2"}}); got != (app.Page{Number: 2, Size: want}) {
			t.Errorf("size %q: %+v; want %d", size, got, want)
		}
	}
}
