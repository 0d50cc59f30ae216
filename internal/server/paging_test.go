package server_test

import (
	"context"
	"fmt"
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

// TestTheLastListsArePaged: the people, a body's chair rota (on its page and the business unit's)
// and the public page's published reviews each show the size asked for, with a link to the next
// page keeping it (issue #15).
func TestTheLastListsArePaged(t *testing.T) {
	db, base := testkit.StartDemo(t, testkit.ServerOptions{})
	ctx := context.Background()
	pid := testkit.MustQueryInt(t, db, `SELECT id FROM partnership WHERE slug = 'hsscp'`)
	body := testkit.MustQueryInt(t, db, `SELECT id FROM body WHERE partnership_id = $1 AND kind = 'engine_room'`, pid)
	if _, err := db.Exec(ctx, `WITH r AS (
			INSERT INTO rapid_review (partnership_id, reference, title, aware_on, clock_start, due_on, due_rule)
			SELECT $1, 'PAGED-' || n, 'Paged review ' || n, current_date - n, 'awareness', current_date - n, 'r' FROM generate_series(1, 2) n
			RETURNING id, reference, aware_on)
		INSERT INTO local_cspr (partnership_id, review_id, reference, publish_target_on, published_on, learning_summary)
		SELECT $1, id, reference || '-CSPR', aware_on, aware_on, 'Learnt' FROM r`, pid); err != nil {
		t.Fatal(err)
	}
	bu := testkit.MustSignInAs(t, base, "business-unit@hsscp.example")
	for _, c := range []struct {
		client *testkit.Client
		path   string
	}{
		{bu, "/hsscp/admin/users"}, {bu, fmt.Sprintf("/hsscp/admin/bodies/%d", body)},
		{bu, fmt.Sprintf("/hsscp/bodies/%d", body)}, {testkit.NewClient(t, base), "/hsscp/"},
	} {
		if page := c.client.Get(c.path + "?size=1").Body; !strings.Contains(page, `page=2&amp;size=1" rel="next"`) {
			t.Errorf("%s at size 1: no link to the next page", c.path)
		}
		if second := c.client.Get(c.path + "?size=1&page=2"); second.Status != 200 || !strings.Contains(second.Body, `rel="prev"`) {
			t.Errorf("%s page 2: %d, no link back", c.path, second.Status)
		}
	}
	if n := strings.Count(bu.Get("/hsscp/admin/users?size=2").Body, "<tr>"); n != 3 {
		t.Errorf("people at size 2: %d rows, want 2", n-1)
	}
	if public := testkit.NewClient(t, base).Get("/hsscp/?size=1").Body; strings.Count(public, "Paged review") != 1 ||
		!strings.Contains(public, "Paged review 1") {
		t.Errorf("the public page at size 1 does not show the newest published review alone")
	}
}
