package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/scp-portal/portal/internal/notices"
	"github.com/scp-portal/portal/internal/testkit"
)

// A person chooses per kind how they hear of things; switching off a notice with a statutory
// deadline is refused with what they chose kept, and the choices saved come back.
func TestNoticePreferences(t *testing.T) {
	t.Parallel()
	db, base, _ := portal(t)
	c := testkit.MustSignInAs(t, base, "engine-room@hsscp.example")
	page := c.MustGet("/account/notices", http.StatusOK)
	if !strings.Contains(page.Body, "A new CSPR consideration request arrives") || !strings.Contains(page.Body, "cannot be switched off") {
		t.Fatal("the page lacks the kinds or the statutory hint")
	}
	choices := url.Values{}
	for _, k := range notices.Kinds {
		choices.Set(notices.Field(k), "now")
	}
	choices.Set("kind-request_arrived", "digest")
	choices.Set("kind-cspr_arrived", "none")
	bad := c.MustPost("/account/notices", choices, http.StatusUnprocessableEntity)
	if !strings.Contains(bad.Body, "cannot be switched off") || !strings.Contains(bad.Body, `value="digest" checked`) {
		t.Errorf("the refused choices:\n%s", testkit.ErrorSummary(bad.Body))
	}
	choices.Set("kind-cspr_arrived", "digest")
	c.MustPost("/account/notices", choices, http.StatusSeeOther)
	if n := testkit.MustCount(t, db, `notice_preference p JOIN app_user u ON u.id = p.user_id
		WHERE u.email = 'engine-room@hsscp.example' AND p.delivery = 'digest'`); n != 2 {
		t.Errorf("%d choices of the digest saved; want 2", n)
	}
}

// A practitioner deletes their own draft with its button; nobody else can, and a sent request
// is not deleted. An urgent KLOE request is marked in the inbox, and its writer told where to go.
func TestADraftIsDeletedByItsWriterAndAnUrgentRequestIsMarked(t *testing.T) {
	t.Parallel()
	db, base, _ := portal(t)
	c := testkit.MustSignInAs(t, base, "practitioner@hsscp.example")
	v := c.KLOEForm(db, "draft")
	r := c.PostMultipart("/hsscp/kloe/new", v)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("save draft: %d", r.Status)
	}
	form := c.MustGet(r.Location, http.StatusOK)
	del := strings.Replace(r.Location, "/edit", "/delete", 1)
	if !strings.Contains(form.Body, `<a href="`+del+`">Delete draft</a>`) || !strings.Contains(form.Body, "999") {
		t.Fatal("the draft's form lacks its Delete draft link or where to go when children are at risk now")
	}
	// "My submissions" offers the draft's deletion too; the link asks first, and deletes nothing
	// (issue #14).
	if mine := c.MustGet("/hsscp/my/submissions", http.StatusOK); !strings.Contains(mine.Body, `href="`+del+`">Delete draft`) {
		t.Error("My submissions does not offer to delete the draft")
	}
	if ask := c.MustGet(del, http.StatusOK); !strings.Contains(ask.Body, "Are you sure you want to delete this draft?") ||
		!strings.Contains(ask.Body, `action="`+del+`"`) || !strings.Contains(ask.Body, `href="`+r.Location+`">Keep the draft`) {
		t.Error("the confirmation page does not ask, post to the deletion, or offer to keep the draft")
	}
	other := testkit.MustSignInAs(t, base, "engine-room@hsscp.example")
	other.MustGet(del, http.StatusNotFound)
	other.MustGet(strings.Replace(del, "/kloe/", "/cspr/", 1), http.StatusNotFound)
	other.MustPost(del, nil, http.StatusNotFound)
	c.MustPost(strings.Replace(del, "/kloe/", "/cspr/", 1), nil, http.StatusNotFound) // its own kind only
	if got := c.MustPost(del, nil, http.StatusSeeOther); got.Location != "/hsscp/my/submissions" {
		t.Errorf("deleted: to %q", got.Location)
	}
	if n := testkit.MustCount(t, db, `intake_request WHERE status = 'draft'`); n != 0 {
		t.Errorf("%d drafts left", n)
	}
	c.MustPost(del, nil, http.StatusNotFound)

	answers := testkit.KLOEAnswers(t, db)
	answers.Set("urgency", "urgent")
	answers.Set("urgency_reason", "Now")
	sent := c.MustSubmitRequest("/hsscp/kloe/new", answers)
	conf := c.MustGet(sent, http.StatusOK)
	if !strings.Contains(conf.Body, "call 999") {
		t.Error("the confirmation of an urgent request does not say where to go")
	}
	// A sent request is never deleted: its delete address goes to its confirmation (issue #14).
	if got := c.MustGet(strings.Replace(sent, "/confirmation", "/delete", 1), http.StatusSeeOther); got.Location != sent {
		t.Errorf("deleting a sent request: to %q; want its confirmation", got.Location)
	}
	c.MustPost(strings.Replace(sent, "/confirmation", "/delete", 1), nil, http.StatusSeeOther)
	if n := testkit.MustCount(t, db, `intake_request WHERE status = 'received'`); n != 1 {
		t.Errorf("%d sent requests after asking to delete one; want 1", n)
	}
	if inbox := other.MustGet("/hsscp/inbox", http.StatusOK); !strings.Contains(inbox.Body, "Urgent") {
		t.Error("the inbox does not mark the urgent request")
	}
}

// The business unit proposes a period and places a hold; the Executive approves; the pages say so.
// The business unit alone downloads a person's data for a subject access request, audited.
func TestTheRetentionPage(t *testing.T) {
	t.Parallel()
	db, base, _ := portal(t)
	bu := testkit.MustSignInAs(t, base, "business-unit@hsscp.example")
	bu.MustPost("/hsscp/retention/draft_request/propose", url.Values{"months-draft_request": {"lots"}, "version": {"0"}}, http.StatusUnprocessableEntity)
	bu.MustPost("/hsscp/retention/draft_request/propose", url.Values{"months-draft_request": {"6"}, "version": {"0"}}, http.StatusSeeOther)
	if page := bu.MustGet("/hsscp/retention", http.StatusOK); !strings.Contains(page.Body, "6 months, awaiting the Executive") || strings.Contains(page.Body, "Approve 6 months") {
		t.Error("the business unit's page does not show its proposal, or offers it the approval")
	}
	bu.MustPost("/hsscp/retention/holds", url.Values{"reference": {"HSSCP-KLOE-1999-0001"}}, http.StatusUnprocessableEntity)
	exec := testkit.MustSignInAs(t, base, "executive@hsscp.example")
	if page := exec.MustGet("/hsscp/retention", http.StatusOK); !strings.Contains(page.Body, "Approve 6 months") {
		t.Fatal("the Executive is not offered the approval")
	}
	exec.MustPost("/hsscp/retention/draft_request/approve", url.Values{"version": {"1"}}, http.StatusSeeOther)
	exec.MustPost("/hsscp/retention/subject-access", url.Values{"email": {"practitioner@hsscp.example"}}, http.StatusForbidden)
	bu.MustPost("/hsscp/retention/subject-access", url.Values{"email": {"nobody@hsscp.example"}}, http.StatusUnprocessableEntity)
	sar := bu.MustPost("/hsscp/retention/subject-access", url.Values{"email": {"Practitioner@hsscp.example"}}, http.StatusOK)
	if !strings.Contains(sar.Header.Get("Content-Disposition"), "attachment") || !strings.Contains(sar.Body, `"Email": "practitioner@hsscp.example"`) {
		t.Errorf("the subject access export: %q\n%.500s", sar.Header.Get("Content-Disposition"), sar.Body)
	}
	if n := testkit.MustCount(t, db, `audit_log WHERE action = 'subject-access.export' AND outcome = 'ok' AND object_type = 'user' AND detail NOT LIKE '%@%'`); n != 1 {
		t.Errorf("%d audit records of the export", n)
	}
	if page := exec.MustGet("/hsscp/retention", http.StatusOK); strings.Contains(page.Body, "awaiting the Executive") {
		t.Error("the approved period still awaits the Executive")
	}
}
