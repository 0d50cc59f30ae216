package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/scp-portal/portal/internal/testkit"
)

// The scrutineer writes a report, gives it a recommendation and issues it; until then the
// Executive neither lists nor opens it; once issued, the Executive reads it, its recommendation
// is tracked on the recommendation's page like learning's (the Engine Room adds an action), and
// the report no longer changes.
func TestAScrutinyReportIsWrittenIssuedAndTracked(t *testing.T) {
	t.Parallel()
	db, base := testkit.StartDemo(t, testkit.ServerOptions{})
	sc, ex := testkit.MustSignInAs(t, base, "scrutineer@hsscp.example"), testkit.MustSignInAs(t, base, "executive@hsscp.example")
	org := testkit.MustOrgID(t, db, "hsscp", "Hartlepool Borough Council")

	r := sc.Post("/hsscp/scrutiny/new", url.Values{"title": {"Front door scrutiny"}, "report_on-day": {"31"}, "report_on-month": {"2"}, "report_on-year": {"2026"},
		"findings": {"## What we found\n\n<script>alert(1)</script>Thresholds differ."}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Front door scrutiny") {
		t.Fatalf("a date that does not exist: %d, the title kept: %v", r.Status, strings.Contains(r.Body, "Front door scrutiny"))
	}
	report := sc.MustPost("/hsscp/scrutiny/new", url.Values{"title": {"Front door scrutiny"}, "report_on-day": {"27"}, "report_on-month": {"11"},
		"report_on-year": {"2026"}, "findings": {"## What we found\n\n<script>alert(1)</script>Thresholds differ."}}, http.StatusSeeOther).Location
	page := sc.Get(report).Body
	if !strings.Contains(page, "<h2>What we found</h2>") || strings.Contains(page, "<script>alert") {
		t.Error("the findings are not shown as sanitised Markdown")
	}
	if ex.Get(report).Status != http.StatusForbidden || strings.Contains(ex.Get("/hsscp/scrutiny").Body, "Front door scrutiny") {
		t.Error("the Executive reads a draft")
	}
	if r := sc.Post(report+"/recommendations", url.Values{"rec_title": {"Agree one threshold document"}}); r.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, "Choose the organisation that owns it") || !strings.Contains(r.Body, "Agree one threshold document") {
		t.Errorf("a recommendation with no owner: %d", r.Status)
	}
	sc.MustPost(report+"/recommendations", url.Values{"rec_title": {"Agree one threshold document"}, "rec_owner": {org},
		"rec_due-day": {"31"}, "rec_due-month": {"3"}, "rec_due-year": {"2027"}}, http.StatusSeeOther)
	version := testkit.MustVersion(t, sc.Get(report).Body)
	if r := ex.Post(report+"/issue", url.Values{"version": {version}}); r.Status != http.StatusForbidden {
		t.Errorf("the Executive issuing the report: %d", r.Status)
	}
	sc.MustPost(report+"/issue", url.Values{"version": {version}}, http.StatusSeeOther)
	testkit.OneNotice(t, db, "executive@hsscp.example", "independent scrutiny report has been issued")

	page = ex.MustGet(report, http.StatusOK).Body
	if !strings.Contains(page, "Issued") || !strings.Contains(page, "Agree one threshold document") || strings.Contains(page, "Issue the report") {
		t.Error("the Executive does not read the issued report with its recommendation, or is offered to issue it")
	}
	if !strings.Contains(ex.Get("/hsscp/scrutiny").Body, "Front door scrutiny") {
		t.Error("the issued report is not listed for the Executive")
	}
	rec := "/hsscp/recommendations/" + testkit.MustQueryString(t, db, `SELECT id::text FROM recommendation WHERE scrutiny_report_id IS NOT NULL AND title = 'Agree one threshold document'`)
	recPage := ex.MustGet(rec, http.StatusOK).Body
	if !strings.Contains(recPage, "Independent scrutiny report: Front door scrutiny") || !strings.Contains(recPage, `href="`+report+`"`) {
		t.Error("the recommendation's page does not name and link its report")
	}
	er := testkit.MustSignInAs(t, base, "engine-room@hsscp.example")
	er.MustPost(rec+"/actions", url.Values{"action_org": {org}, "action_description": {"Run a workshop"}, "action_due-day": {"1"}, "action_due-month": {"2"}, "action_due-year": {"2027"}}, http.StatusSeeOther)
	if r := sc.Post(rec+"/actions", url.Values{"action_org": {org}, "action_description": {"x"}}); r.Status != http.StatusForbidden {
		t.Errorf("the scrutineer changing the partners' actions: %d", r.Status)
	}
	if r := sc.Post(report, url.Values{"version": {version}, "title": {"Changed"}, "report_on-day": {"27"}, "report_on-month": {"11"},
		"report_on-year": {"2026"}}); r.Status != http.StatusConflict {
		t.Errorf("changing an issued report: %d", r.Status)
	}
}
