package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/scp-portal/portal/internal/testkit"
)

// TestTheExecutiveSeesWhatNeedsItNow: signed in as the Executive member, the home view shows the
// next Executive meeting, their overdue action, the reviewer awaiting approval, the rapid reviews
// at risk and the latest exception report's critical success factors, each linking to where it
// is. The approval link leads to the approval, which works; the proposer may not approve. The
// Executive reads the register of rapid reviews without their content, and not a review itself.
func TestTheExecutiveSeesWhatNeedsItNow(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	serving, db := testkit.NewServingDB(t)
	testkit.SeedDemoAt(t, db, time.Now(), true)
	base := testkit.StartServer(t, serving, testkit.ServerOptions{})
	exec := testkit.MustSignInAs(t, base, "executive@hsscp.example")
	body := testkit.MustQueryString(t, db, `SELECT b.id::text FROM body b JOIN partnership p ON p.id = b.partnership_id WHERE p.slug = 'hsscp' AND b.kind = 'executive'`)
	next := testkit.MustQueryString(t, db, `SELECT id::text FROM meeting WHERE body_id = $1 AND held_on >= current_date ORDER BY held_on LIMIT 1`, body)
	report := testkit.MustQueryString(t, db, `SELECT r.id::text FROM report r JOIN partnership p ON p.id = r.partnership_id
		WHERE p.slug = 'hsscp' AND r.status = 'submitted' ORDER BY r.period_start DESC LIMIT 1`)

	page := exec.MustGet("/hsscp/home", http.StatusOK).Body
	for _, want := range []string{
		`<a href="/hsscp/bodies/` + body + `/meetings/` + next + `">Executive, next quarter</a>, `,
		"Confirm each partner&#39;s contribution to next year&#39;s budget.", "Overdue",
		"awaits the Executive",
		`<a href="/hsscp/reviews">`, "at risk",
		`<a href="/hsscp/reports/` + report + `">`, "Critical success factors", "Recommendations from identified learning are implemented",
		// Challenges the person raised: one awaiting the police's response, past its date; one
		// answered, awaiting their closing.
		"What has changed in police notifications to schools?</a>: awaiting the response", "awaiting your closing: it has been answered",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the Executive's home lacks %q", want)
		}
	}
	// The approval, from its link.
	local := testkit.MustSubmatch(t, `<a href="(/hsscp/local-reviews/\d+)">The reviewer of`, page)
	lp := exec.MustGet(local, http.StatusOK).Body
	if !strings.Contains(lp, "Eddie Engine") || !strings.Contains(lp, "Approve the reviewer") {
		t.Fatalf("the local review does not show its proposer and the approval")
	}
	version := testkit.MustVersion(t, lp)
	exec.MustPost(local+"/approve", url.Values{"version": {version}, "meeting": {""}}, http.StatusSeeOther)
	if lp := exec.Get(local).Body; !strings.Contains(lp, "Approved") || !strings.Contains(lp, "Approved: Sam Safeguarding (independent reviewer)") {
		t.Error("the approval is not shown with what was approved")
	}
	// The proposer may not approve (here the Executive member, as if they had proposed it).
	id := strings.TrimPrefix(local, "/hsscp/local-reviews/")
	if _, err := db.Exec(ctx, `UPDATE local_cspr SET reviewer_proposed_by = (SELECT id FROM app_user WHERE email = 'executive@hsscp.example'),
		reviewer_approved_by = NULL, reviewer_approved_at = NULL WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	version = testkit.MustVersion(t, exec.Get(local).Body)
	if r := exec.Post(local+"/approve", url.Values{"version": {version}}); r.Status != http.StatusForbidden ||
		!strings.Contains(r.Body, "one person never both proposes and approves") {
		t.Errorf("the proposer approving: %d\n%s", r.Status, testkit.ErrorSummary(r.Body))
	}
	// The register, without the content; not a review itself.
	review := testkit.MustQueryString(t, db, `SELECT r.id::text FROM rapid_review r JOIN partnership p ON p.id = r.partnership_id
		WHERE p.slug = 'hsscp' ORDER BY r.id LIMIT 1`)
	reg := exec.MustGet("/hsscp/reviews", http.StatusOK).Body
	if strings.Contains(reg, "Child A (") || strings.Contains(reg, `href="/hsscp/reviews/`) || !strings.Contains(reg, "Timeliness") {
		t.Error("the Executive's register shows a review's title or links to it, or lacks the timeliness")
	}
	exec.MustGet(fmt.Sprintf("/hsscp/reviews/%s", review), http.StatusForbidden)
}
