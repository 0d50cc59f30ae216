package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/scp-portal/portal/internal/testkit"
)

// TestTheChallengeLogDownloads: the log's filters select the download's rows, a formula is
// escaped, the download is audited by its filters' names, and those the log refuses are refused.
func TestTheChallengeLogDownloads(t *testing.T) {
	t.Parallel()
	db, base, _, police, theme := challengeable(t)
	themeID := theme[strings.LastIndex(theme, "/")+1:]
	exec := testkit.MustSignInAs(t, base, "executive@hsscp.example")
	due := time.Now().AddDate(0, 1, 0)
	for _, c := range []struct{ summary, addressee string }{{"=Why are interviews late?", police}, {"What does the Engine Room know?", "engine_room"}} {
		exec.MustPost("/hsscp/challenges", url.Values{"subject_kind": {"theme"}, "subject_id": {themeID}, "addressee": {c.addressee}, "summary": {c.summary},
			"detail": {"Detail."}, "due_on-day": {due.Format("2")}, "due_on-month": {due.Format("1")}, "due_on-year": {due.Format("2006")}}, http.StatusSeeOther)
	}
	all := download(t, exec, "/hsscp/challenges.csv?before=999")
	if len(all) != 3 || !strings.Contains(strings.Join(column(t, all, "Challenge"), "|"), "'=Why are interviews late?") {
		t.Errorf("the whole log, its formula escaped: %v", all)
	}
	toPolice := download(t, exec, "/hsscp/challenges.csv?addressee="+police)
	if len(toPolice) != 2 || column(t, toPolice, "Addressed to")[0] == "Engine Room" {
		t.Errorf("challenges to the police: %v", toPolice)
	}
	if d := lastExport(t, db, "executive@hsscp.example"); d != "challenges; filters: addressee" {
		t.Errorf("the audit record: %q", d)
	}
	if page := exec.MustGet("/hsscp/challenges?addressee="+police, http.StatusOK).Body; !strings.Contains(page, `href="/hsscp/challenges.csv?addressee=`+police+`"`) {
		t.Error("the log does not link to its download with its filters")
	}
	if r := testkit.MustSignInAs(t, base, "practitioner@hsscp.example").Get("/hsscp/challenges.csv"); r.Status != http.StatusForbidden {
		t.Errorf("a practitioner: %d", r.Status)
	}
}
