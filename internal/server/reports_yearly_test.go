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

// The business unit starts this year's yearly report and writes a section; the scrutineer writes
// scrutiny's section and no other; the checklist names what is missing; submission freezes the
// figures; the print has a cover and contents, the summary the headline figures.
func TestAYearlyReportFromDraftToSubmission(t *testing.T) {
	t.Parallel()
	db, base, _ := portal(t)
	bu := testkit.MustSignInAs(t, base, "business-unit@hsscp.example")
	year := reports.YearOf(time.Now(), reports.April).Period(reports.April).Key
	if page := bu.MustGet("/hsscp/reports", http.StatusOK).Body; !strings.Contains(page, "Start a yearly report") {
		t.Fatal("the business unit is not offered the yearly report")
	}
	for name, c := range map[string]struct {
		year   string
		status int
	}{"NUL": {year + "\x00", http.StatusBadRequest}, "invalid UTF-8": {"\xff", http.StatusBadRequest}, "a year to come": {"2999", http.StatusUnprocessableEntity},
		"not a year": {"abcd", http.StatusUnprocessableEntity}} {
		if r := bu.Post("/hsscp/reports", url.Values{"kind": {"yearly"}, "year": {c.year}}); r.Status != c.status {
			t.Errorf("%s: %d, want %d", name, r.Status, c.status)
		}
	}
	er := testkit.MustSignInAs(t, base, "engine-room@hsscp.example")
	if r := er.Post("/hsscp/reports", url.Values{"kind": {"yearly"}, "year": {year}}); r.Status != http.StatusForbidden {
		t.Errorf("the Engine Room starting a yearly report: %d", r.Status)
	}
	report := bu.MustPost("/hsscp/reports", url.Values{"kind": {"yearly"}, "year": {year}}, http.StatusSeeOther).Location

	page := bu.MustGet(report, http.StatusOK).Body
	for _, want := range []string{"Independent scrutiny&#39;s assessment", "The portal holds no multi-agency case audit completed in this year", "does not yet show the impact", `role="img"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the draft lacks %q", want)
		}
	}
	if strings.Contains(page, `/sections/scrutiny"`) {
		t.Error("the business unit is offered scrutiny's section")
	}
	did := report + "/sections/" + reports.SectionDid
	scrutiny := report + "/sections/" + reports.SectionScrutiny
	if r := bu.Post(did, url.Values{"narrative-did": {"bad\x00"}, "version": {sectionVersion(t, page, reports.SectionDid)}}); r.Status != http.StatusBadRequest {
		t.Errorf("a NUL in a section: %d", r.Status)
	}
	bu.MustPost(did, url.Values{"narrative-did": {"We did a great deal.\n\nMore detail here."}, "version": {sectionVersion(t, page, reports.SectionDid)}}, http.StatusSeeOther)
	if r := bu.Post(scrutiny, url.Values{"narrative-scrutiny": {"My view"}, "version": {"1"}}); r.Status != http.StatusForbidden {
		t.Errorf("the business unit writing scrutiny's section: %d", r.Status)
	}
	if r := er.Post(did, url.Values{"narrative-did": {"Ours"}, "version": {"2"}}); r.Status != http.StatusForbidden {
		t.Errorf("the Engine Room writing the yearly report: %d", r.Status)
	}

	sc := testkit.MustSignInAs(t, base, "scrutineer@hsscp.example")
	page = sc.MustGet(report, http.StatusOK).Body
	if !strings.Contains(page, `/sections/scrutiny"`) || strings.Contains(page, `/sections/did"`) || strings.Contains(page, "Submit the report") {
		t.Error("the scrutineer's forms: scrutiny's section only")
	}
	sc.MustPost(scrutiny, url.Values{"narrative-scrutiny": {"The arrangements **work**."}, "version": {sectionVersion(t, page, reports.SectionScrutiny)}}, http.StatusSeeOther)
	if r := sc.Post(did, url.Values{"narrative-did": {"Mine"}, "version": {"2"}}); r.Status != http.StatusForbidden {
		t.Errorf("the scrutineer writing another section: %d", r.Status)
	}

	checklist := bu.MustGet(report+"/checklist", http.StatusOK).Body
	for _, want := range []string{"Evidence of the impact of the work on outcomes for children and families", "The section has no narrative yet",
		"Independent scrutiny&#39;s assessment of how well the arrangements work", "does not yet show the impact", " items met"} {
		if !strings.Contains(checklist, want) {
			t.Errorf("the checklist lacks %q", want)
		}
	}
	if m := regexp.MustCompile(`(\d+) of 10 items met`).FindStringSubmatch(checklist); m == nil || m[1] == "0" {
		t.Errorf("the checklist's count: %v", m)
	}

	// Submission freezes the figures: a request arriving later does not change them.
	received := regexp.MustCompile(`Requests received(?:</a>)?</th><td class="numeric">(\d+)</td>`)
	before := received.FindStringSubmatch(bu.Get(report).Body)
	page = bu.Get(report).Body
	bu.MustPost(report+"/submit", url.Values{"version": {reportVersion(t, page, "submit")}}, http.StatusSeeOther)
	testkit.MustSignInAs(t, base, "practitioner@hsscp.example").MustSubmitKLOE(testkit.KLOEAnswers(t, db))
	page = er.MustGet(report, http.StatusOK).Body
	if after := received.FindStringSubmatch(page); before == nil || after == nil || after[1] != before[1] || !strings.Contains(page, "fixed when the report was submitted") {
		t.Errorf("the submitted report changed with the records: %v %v", before, after)
	}
	if n := testkit.MustQueryInt(t, db, `SELECT count(*) FROM report WHERE kind = 'yearly' AND period = $1 AND status = 'submitted' AND figures IS NOT NULL`, year); n != 1 {
		t.Errorf("%d yearly reports of %s submitted", n, year)
	}

	paper := er.MustGet(report+"/print", http.StatusOK).Body
	for _, want := range []string{`<h1 class="heading-xl">Yearly report</h1>`, "Contents", "The arrangements <strong>work</strong>."} {
		if !strings.Contains(paper, want) {
			t.Errorf("the print lacks %q", want)
		}
	}
	summary := er.MustGet(report+"/summary", http.StatusOK).Body
	if !strings.Contains(summary, "Headline figures") || !strings.Contains(summary, "We did a great deal.") || strings.Contains(summary, "More detail here.") {
		t.Error("the summary: the headline figures and each section's first paragraph only")
	}
	practitioner := testkit.MustSignInAs(t, base, "practitioner@hsscp.example")
	for _, path := range []string{report, report + "/checklist", report + "/summary", report + "/print"} {
		if r := practitioner.Get(path); r.Status != http.StatusForbidden {
			t.Errorf("a practitioner opening %s: %d", path, r.Status)
		}
	}
}
