package server_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/scp-portal/portal/internal/reports"
	"github.com/scp-portal/portal/internal/testkit"
)

// The business unit submits this year's yearly report; each statutory partner's lead
// representative signs it off from the report's page (the submitter may not); the business unit
// publishes it and records the day it was sent to the national Panel; the public reads it with no
// name of who wrote it, and the report can no longer be reopened.
func TestAYearlyReportIsSignedOffPublishedAndSent(t *testing.T) {
	t.Parallel()
	db, base, _ := portal(t)
	bu := testkit.MustSignInAs(t, base, "business-unit@hsscp.example")
	year := reports.YearOf(time.Now(), reports.April).Period(reports.April).Key
	report := bu.MustPost("/hsscp/reports", url.Values{"kind": {"yearly"}, "year": {year}}, http.StatusSeeOther).Location
	page := bu.MustGet(report, http.StatusOK).Body
	page = bu.MustGet(bu.MustPost(report+"/submit", url.Values{"version": {reportVersion(t, page, "submit")}}, http.StatusSeeOther).Location, http.StatusOK).Body
	for _, want := range []string{"Awaiting sign-off by the statutory partners", "Sign-off by each statutory partner"} {
		if !strings.Contains(page, want) {
			t.Errorf("the submitted report lacks %q", want)
		}
	}
	if r := bu.Post(report+"/sign", url.Values{"organisation": {"1"}}); r.Status != http.StatusForbidden {
		t.Errorf("the submitter signing: %d", r.Status)
	}
	if r := testkit.NewClient(t, base).Get("/hsscp/yearly-reports/" + year); r.Status != http.StatusNotFound {
		t.Errorf("the public reading a report not yet published: %d", r.Status)
	}
	type lead struct {
		Org   int64
		Email string
	}
	leads := testkit.MustAll[lead](t, db, `SELECT o.id, u.email FROM organisation o JOIN app_user u ON u.id = o.lead_representative_id
		JOIN partnership p ON p.id = o.partnership_id WHERE p.slug = 'hsscp' AND o.statutory_role <> '' ORDER BY o.id`)
	for _, l := range leads {
		c := testkit.MustSignInAs(t, base, l.Email)
		if !strings.Contains(c.MustGet("/hsscp/sign-off", http.StatusOK).Body, `href="`+report+`"`) {
			t.Errorf("%s is not asked to sign the report", l.Email)
		}
		c.MustPost(report+"/sign", url.Values{"organisation": {strconv.FormatInt(l.Org, 10)}}, http.StatusSeeOther)
	}
	page = bu.MustGet(report, http.StatusOK).Body
	if !strings.Contains(page, "ready to publish") {
		t.Fatal("the report signed off by every partner is not ready to publish")
	}
	version := reportVersion(t, page, "publish")
	if r := bu.Post(report+"/publish", url.Values{"version": {version}, "published_on-day": {"31"}, "published_on-month": {"2"}, "published_on-year": {"2026"}}); r.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, `value="31"`) {
		t.Errorf("a publication date that does not exist: %d", r.Status)
	}
	today := time.Now()
	page = bu.MustGet(bu.MustPost(report+"/publish", url.Values{"version": {version}, "published_on-day": {strconv.Itoa(today.Day())},
		"published_on-month": {strconv.Itoa(int(today.Month()))}, "published_on-year": {strconv.Itoa(today.Year())}}, http.StatusSeeOther).Location, http.StatusOK).Body
	if !strings.Contains(page, "Published ") || strings.Contains(page, "Reopen the report") {
		t.Error("the published report is not shown published, or is offered for reopening")
	}
	bu.MustPost(report+"/sent", url.Values{"version": {reportVersion(t, page, "sent")}, "panel_on-day": {strconv.Itoa(today.Day())},
		"panel_on-month": {strconv.Itoa(int(today.Month()))}, "panel_on-year": {strconv.Itoa(today.Year())}}, http.StatusSeeOther)
	if n := testkit.MustCount(t, db, `report WHERE sent_to_panel_on IS NOT NULL AND sent_to_what_works_on IS NULL AND period = $1
		AND partnership_id = (SELECT id FROM partnership WHERE slug = 'hsscp')`, year); n != 1 {
		t.Errorf("the day sent to the Panel is not recorded")
	}
	public := testkit.NewClient(t, base).MustGet("/hsscp/yearly-reports/"+year, http.StatusOK).Body
	for _, leak := range []string{"business-unit@", "Written by", report} {
		if strings.Contains(public, leak) {
			t.Errorf("the public report shows %q", leak)
		}
	}
	if n := testkit.MustCount(t, db, `audit_log WHERE action IN ('report.sign', 'report.publish', 'report.sent')`); n != len(leads)+2 {
		t.Errorf("audit records of sign-off, publication and sending: %d", n)
	}
}
