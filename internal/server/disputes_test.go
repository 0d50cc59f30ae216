package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/scp-portal/portal/internal/testkit"
)

// TestADisagreementBetweenAgencies: a practitioner records a disagreement with the police (the
// form keeping what was typed when refused); the business unit moves it up and records its
// outcome; the police delegate reads it, a practitioner of no party does not even learn it exists.
func TestADisagreementBetweenAgencies(t *testing.T) {
	t.Parallel()
	db, base, _ := portal(t)
	police := testkit.MustPartnerID(t, db, "hsscp", "police")
	pr := testkit.MustSignInAs(t, base, "practitioner@hsscp.example")
	if form := pr.MustGet("/hsscp/disputes/new", http.StatusOK).Body; !strings.Contains(form, `value="practitioners" checked`) {
		t.Error("the form does not start at the first stage")
	}
	v := url.Values{"other_org": {""}, "summary": {"Whether a strategy discussion was needed"}, "detail": {"Health asked; police declined."},
		"stage": {"nowhere"}}
	r := pr.Post("/hsscp/disputes", v)
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Choose the agency you disagree with") ||
		!strings.Contains(r.Body, "Choose the stage") || !strings.Contains(r.Body, "Health asked; police declined.") ||
		!strings.Contains(r.Body, `value="Whether a strategy discussion was needed"`) {
		t.Fatalf("a disagreement with no agency and no stage: %d\n%s", r.Status, testkit.ErrorSummary(r.Body))
	}
	v.Set("detail", "\x00")
	if r := pr.Post("/hsscp/disputes", v); r.Status != http.StatusBadRequest {
		t.Errorf("a disagreement with a NUL byte: %d", r.Status)
	}
	v.Set("other_org", police)
	v.Set("stage", "practitioners")
	v.Set("detail", "Health asked; police declined.")
	dispute := pr.MustPost("/hsscp/disputes", v, http.StatusSeeOther).Location
	if list := pr.MustGet("/hsscp/disputes", http.StatusOK).Body; !strings.Contains(list, "Whether a strategy discussion was needed") {
		t.Error("the recorder's list does not hold it")
	}
	pr.MustGet(dispute, http.StatusOK)
	pr.MustPost(dispute+"/escalate", url.Values{"note": {"Try again"}}, http.StatusForbidden)

	// A member of the partnership who is no party learns nothing: not found.
	friend := testkit.MustSignInAs(t, base, "critical-friend@hsscp.example")
	friend.MustGet(dispute, http.StatusNotFound)
	if list := friend.MustGet("/hsscp/disputes", http.StatusOK).Body; strings.Contains(list, "strategy discussion") {
		t.Error("a member of no party sees it listed")
	}

	bu := testkit.MustSignInAs(t, base, "business-unit@hsscp.example")
	page := bu.MustGet(dispute, http.StatusOK).Body
	if !strings.Contains(page, "Move it up to managers") {
		t.Fatal("the business unit is not offered the next stage")
	}
	version := testkit.MustVersion(t, page)
	if r := bu.Post(dispute+"/escalate", url.Values{"note": {""}, "version": {version}}); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("moving up with no note: %d", r.Status)
	}
	bu.MustPost(dispute+"/escalate", url.Values{"note": {"The practitioners could not agree."}, "version": {version}}, http.StatusSeeOther)
	page = bu.MustGet(dispute, http.StatusOK).Body
	bu.MustPost(dispute+"/resolve", url.Values{"outcome": {"The managers agreed to hold a strategy discussion."},
		"version": {testkit.MustVersion(t, page)}}, http.StatusSeeOther)

	er := testkit.MustSignInAs(t, base, "engine-room@hsscp.example")
	page = er.MustGet(dispute, http.StatusOK).Body
	if !strings.Contains(page, "The managers agreed to hold a strategy discussion.") || !strings.Contains(page, "The practitioners could not agree.") {
		t.Error("the outcome or the history is not shown")
	}
	if n := testkit.MustCount(t, db, `audit_log WHERE action = 'dispute.read' AND outcome = 'ok'`); n < 4 {
		t.Errorf("reads audited: %d", n)
	}
	if n := testkit.MustCount(t, db, `audit_log WHERE action = 'dispute.view' AND outcome = 'refused'`); n != 1 {
		t.Errorf("refused reads audited: %d", n)
	}
}
