package server_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/scp-portal/portal/internal/reports"
	"github.com/scp-portal/portal/internal/testkit"
)

// sectionVersion is the version the form of a section of the report page saves over.
func sectionVersion(t *testing.T, body, key string) string {
	t.Helper()
	return testkit.MustSubmatch(t, `name="section" value="`+key+`">\s*<input type="hidden" name="version" value="(\d+)"`, body)
}

// reportVersion is the version the submit or reopen form of the report page posts.
func reportVersion(t *testing.T, body, step string) string {
	t.Helper()
	return testkit.MustSubmatch(t, `/`+step+`" novalidate[^>]*>\s*<input type="hidden" name="version" value="(\d+)"`, body)
}

// The Engine Room starts the quarter's exception report, writes a section and submits it; the
// Executive reads it, prints it and downloads its tables; a practitioner may not; reopening keeps
// the submitted version.
func TestAnExceptionReportFromDraftToTheExecutive(t *testing.T) {
	t.Parallel()
	db, base, _ := portal(t)
	er := testkit.MustSignInAs(t, base, "engine-room@hsscp.example")
	if page := er.MustGet("/hsscp/reports", http.StatusOK).Body; !strings.Contains(page, "No report has been started yet") {
		t.Fatal("the reports list is not empty")
	}
	quarter := reports.QuarterOf(time.Now())
	report := er.MustPost("/hsscp/reports", url.Values{"kind": {"exception"}, "period": {quarter.Key()}}, http.StatusSeeOther).Location
	if r := er.Post("/hsscp/reports", url.Values{"kind": {"exception"}, "period": {quarter.Key()}}); r.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(testkit.ErrorSummary(r.Body), "There is already a report for that period") {
		t.Errorf("a second report for the quarter: %d", r.Status)
	}
	if r := er.Get("/hsscp/reports/exception/" + quarter.Key()); r.Status != http.StatusSeeOther || r.Location != report {
		t.Errorf("the report by its quarter: %d %s", r.Status, r.Location)
	}
	if r := er.Post("/hsscp/reports", url.Values{"kind": {"exception"}, "period": {quarter.Key() + "\x00\xff"}}); r.Status != http.StatusBadRequest {
		t.Errorf("a hostile period: %d", r.Status)
	}
	page := er.MustGet(report, http.StatusOK).Body
	for _, want := range []string{"What is off track", "Critical success factors", "Requests received", `role="img"`, "Drawn from the records as at"} {
		if !strings.Contains(page, want) {
			t.Errorf("the draft lacks %q", want)
		}
	}
	// A practitioner's request arrives: the draft counts it.
	testkit.MustSignInAs(t, base, "practitioner@hsscp.example").MustSubmitKLOE(testkit.KLOEAnswers(t, db))
	received := regexp.MustCompile(`Requests received(?:</a>)?</th><td class="numeric">(\d+)</td>`)
	if m := received.FindStringSubmatch(er.Get(report).Body); m == nil || m[1] != "1" {
		t.Fatalf("requests received: %v", m)
	}

	// Writing a section; what no browser sends is refused by the form reader, nothing saved.
	section := report + "/sections/" + reports.SectionMoved
	v := sectionVersion(t, page, reports.SectionMoved)
	for name, text := range map[string]string{"NUL": "before\x00after", "invalid UTF-8": "before\xffafter"} {
		if r := er.Post(section, url.Values{"narrative-moved": {text}, "version": {v}}); r.Status != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", name, r.Status)
		}
	}
	if r := er.Post(section, url.Values{"narrative-moved": {"Mine"}, "version": {"99999999999999999999999"}}); r.Status != http.StatusConflict ||
		!strings.Contains(r.Body, "Mine") {
		t.Errorf("a save over a version that cannot be: %d", r.Status)
	}
	er.MustPost(section, url.Values{"narrative-moved": {"A **busy** quarter."}, "version": {v}}, http.StatusSeeOther)
	if r := er.Post(section, url.Values{"narrative-moved": {"Second thoughts"}, "version": {v}}); r.Status != http.StatusConflict ||
		!strings.Contains(testkit.ErrorSummary(r.Body), "Someone else saved this section") || !strings.Contains(r.Body, "Second thoughts") {
		t.Errorf("a stale save of a section: %d\n%s", r.Status, testkit.ErrorSummary(r.Body))
	}
	page = er.Get(report).Body
	if r := er.Post(report+"/submit", url.Values{"version": {"not a number"}}); r.Status != http.StatusConflict {
		t.Errorf("a submission over no version: %d", r.Status)
	}
	er.MustPost(report+"/submit", url.Values{"version": {reportVersion(t, page, "submit")}}, http.StatusSeeOther)

	// The Executive reads it: the narrative, the figures, links only to what it may open.
	exec := testkit.MustSignInAs(t, base, "executive@hsscp.example")
	page = exec.MustGet(report, http.StatusOK).Body
	if !strings.Contains(page, "A <strong>busy</strong> quarter.") || strings.Contains(page, "Save this section") || !strings.Contains(page, "fixed when the report was submitted") {
		t.Errorf("the Executive's view of the submitted report is wrong")
	}
	if strings.Contains(page, `href="/hsscp/inbox`) || !strings.Contains(page, `href="/hsscp/themes?status=closed"`) {
		t.Errorf("the Executive's links: the inbox is not theirs to open, the themes are")
	}
	if !strings.Contains(er.Get(report).Body, `href="/hsscp/inbox?from-day=`) {
		t.Error("the Engine Room's figure of requests received does not lead to the inbox, filtered")
	}
	// A request arriving after submission does not change the report.
	testkit.MustSignInAs(t, base, "practitioner@hsscp.example").MustSubmitKLOE(testkit.KLOEAnswers(t, db))
	if m := received.FindStringSubmatch(exec.Get(report).Body); m == nil || m[1] != "1" {
		t.Errorf("the submitted report changed with the records: %v", m)
	}
	paper := exec.MustGet(report+"/print", http.StatusOK).Body
	if !strings.Contains(paper, "paper for the Executive") || strings.Contains(paper, `class="nav"`) || !strings.Contains(paper, "print.") {
		t.Error("the meeting paper has navigation, or no print style")
	}
	csv := exec.MustGet(report+"/csv", http.StatusOK)
	if !strings.HasPrefix(csv.Header.Get("Content-Type"), "text/csv") || !strings.HasPrefix(csv.Body, "Section,Figure,Period,Value,Of\n") ||
		!strings.Contains(csv.Body, "What moved this quarter,Requests received,"+quarter.Key()+",1,") ||
		!strings.Contains(csv.Header.Get("Content-Disposition"), "hsscp-exception-report-"+quarter.Key()+".csv") {
		t.Errorf("the CSV: %v\n%s", csv.Header, csv.Body)
	}
	if n := testkit.MustQueryInt(t, db, `SELECT count(*) FROM audit_log WHERE action = 'report.download' AND actor_email = 'executive@hsscp.example'`); n != 1 {
		t.Errorf("%d downloads in the audit log, want 1", n)
	}
	if r := exec.Post(report+"/reopen", url.Values{"reason": {"Mine to reopen"}}); r.Status != http.StatusForbidden {
		t.Errorf("the Executive reopening: %d", r.Status)
	}
	practitioner := testkit.MustSignInAs(t, base, "practitioner@hsscp.example")
	for _, path := range []string{report, report + "/print", report + "/csv", "/hsscp/reports"} {
		if r := practitioner.Get(path); r.Status != http.StatusForbidden {
			t.Errorf("a practitioner opening %s: %d", path, r.Status)
		}
	}

	// Reopening takes a reason and keeps the submitted version.
	page = er.Get(report).Body
	if r := er.Post(report+"/reopen", url.Values{"reason": {""}, "version": {reportVersion(t, page, "reopen")}}); r.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(testkit.ErrorSummary(r.Body), "Say why the report is being reopened") {
		t.Errorf("reopening without a reason: %d", r.Status)
	}
	er.MustPost(report+"/reopen", url.Values{"reason": {"The Executive asked for more on neglect"}, "version": {reportVersion(t, page, "reopen")}}, http.StatusSeeOther)
	page = er.Get(report).Body
	if !strings.Contains(page, "The Executive asked for more on neglect") || !strings.Contains(page, "Save this section") {
		t.Error("the reopened report lacks its earlier version or its forms")
	}
	old := exec.MustGet(report+"/versions/1", http.StatusOK).Body
	if !strings.Contains(old, "A <strong>busy</strong> quarter.") || received.FindStringSubmatch(old)[1] != "1" {
		t.Error("version 1 lost what was submitted")
	}
	exec.MustGet(report+"/versions/2", http.StatusNotFound)
	exec.MustGet(report+"/versions/x", http.StatusNotFound)
}
