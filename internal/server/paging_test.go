package server_test

import (
	"context"
	"strings"
	"testing"

	"github.com/scp-portal/portal/internal/testkit"
)

// TestAListIsPagedAtTheSizeAsked: the themes register shows the size asked for, links to the next
// page with the filters and size kept, and offers the other sizes; a size past the limit is the
// default.
func TestAListIsPagedAtTheSizeAsked(t *testing.T) {
	db, base := testkit.StartDemo(t, testkit.ServerOptions{})
	if _, err := db.Exec(context.Background(), `INSERT INTO theme (partnership_id, title)
		SELECT id, 'Theme ' || n FROM partnership, generate_series(1, 3) n WHERE slug = 'hsscp'`); err != nil {
		t.Fatal(err)
	}
	er := testkit.MustSignInAs(t, base, "engine-room@hsscp.example")
	one := er.Get("/hsscp/themes?size=1").Body
	if n := strings.Count(one, `<tr>`); n != 2 { // the heading's row and one theme
		t.Errorf("size 1 shows %d rows", n-1)
	}
	if !strings.Contains(one, `href="/hsscp/themes?page=2&amp;size=1" rel="next"`) || !strings.Contains(one, "Rows on a page") {
		t.Errorf("no next page at size 1")
	}
	second := er.Get("/hsscp/themes?size=1&page=2").Body
	if !strings.Contains(second, `rel="prev"`) || second == one {
		t.Errorf("page 2 is not the second theme")
	}
	if all := er.Get("/hsscp/themes?size=100000").Body; strings.Count(all, `<tr>`) > 26 {
		t.Errorf("a size past the limit was not refused")
	}
}
