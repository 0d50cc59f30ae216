package server_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/scp-portal/portal/internal/testkit"
)

// The public reads the published arrangements, their history and what changed, and nothing of a
// version still being drafted; the partnership's page is drawn from them.
func TestThePublicReadsOnlyPublishedVersions(t *testing.T) {
	t.Parallel()
	_, base, _ := portal(t)
	public := testkit.NewClient(t, base)
	page := public.MustGet("/hsscp/arrangements", http.StatusOK).Body
	for _, want := range []string{"Safeguarding arrangements", "Version 2", "Every child in Hartlepool and Stockton feels safe",
		"Hartlepool Borough Council: lead representative Erin Executive", "Cleveland Police", "/hsscp/documents/arrangements/versions/1"} {
		if !strings.Contains(page, want) {
			t.Errorf("the arrangements page lacks %q", want)
		}
	}
	changes := public.MustGet("/hsscp/documents/arrangements/changes?from=1&to=2", http.StatusOK).Body
	if !strings.Contains(changes, `<ins class="diff-ins"><span class="visually-hidden">`) || !strings.Contains(changes, `<span class="visually-hidden">Added: </span>HSSCP works closely`) {
		t.Errorf("the changes page does not mark what was added")
	}
	if home := public.MustGet("/hsscp/", http.StatusOK).Body; !strings.Contains(home, "Read the partnership's safeguarding arrangements") {
		t.Error("the public page does not link the published arrangements")
	}

	bu := testkit.MustSignInAs(t, base, "business-unit@hsscp.example")
	list := bu.MustGet("/hsscp/publishing", http.StatusOK).Body
	doc := testkit.MustSubmatch(t, `href="(/hsscp/publishing/\d+)"`, list)
	draft := bu.MustPost(doc+"/versions", url.Values{}, http.StatusSeeOther).Location
	bu.MustGet(draft, http.StatusOK)
	public.MustGet("/hsscp/documents/arrangements/versions/3", http.StatusNotFound)
	if page := public.MustGet("/hsscp/arrangements", http.StatusOK).Body; !strings.Contains(page, "Version 2") || strings.Contains(page, "Version 3") {
		t.Error("the public sees the draft")
	}
	public.MustGet("/hsscp/documents/arrangements/changes?from=2&to=3", http.StatusNotFound)
	public.MustGet("/hsscp/documents/no-such-document", http.StatusNotFound)
	public.MustGet(draft, http.StatusSeeOther) // to sign in
}

// Forms answer bad input with 422, every problem named and every value kept; hostile input (NUL
// bytes) is refused the same way, never a 500; a stale save of a section is refused with 409.
func TestPublishingFormsKeepWhatWasTyped(t *testing.T) {
	t.Parallel()
	_, base, _ := portal(t)
	bu := testkit.MustSignInAs(t, base, "business-unit@hsscp.example")

	// What no browser sends from typing (a NUL byte) is refused by the form reader, nothing saved.
	if r := bu.Post("/hsscp/publishing", url.Values{"kind": {"threshold"}, "title": {"Threshold\x00 statement"}, "slug": {"Not A Slug"}}); r.Status != http.StatusBadRequest {
		t.Errorf("a title with a NUL byte: %d, want 400", r.Status)
	}
	r := bu.Post("/hsscp/publishing", url.Values{"kind": {"arrangements"}, "title": {"Second arrangements"}, "slug": {"second"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(testkit.ErrorSummary(r.Body), "already has its arrangements") ||
		!strings.Contains(r.Body, `value="Second arrangements"`) {
		t.Errorf("a second arrangements document: %d\n%s", r.Status, testkit.ErrorSummary(r.Body))
	}
	r = bu.Post("/hsscp/publishing", url.Values{"kind": {""}, "title": {"Escalation policy"}, "slug": {"Bad Slug"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `value="Bad Slug"`) || !strings.Contains(testkit.ErrorSummary(r.Body), "Select the kind of document") ||
		!strings.Contains(testkit.ErrorSummary(r.Body), "Enter a web address") {
		t.Errorf("a document without kind and with a bad address: %d\n%s", r.Status, testkit.ErrorSummary(r.Body))
	}
	version := bu.MustPost("/hsscp/publishing", url.Values{"kind": {"escalation"}, "title": {"Escalation and dispute resolution"}}, http.StatusSeeOther).Location
	page := bu.MustGet(version, http.StatusOK).Body
	section := testkit.MustSubmatch(t, `href="(/hsscp/publishing/versions/\d+/sections/\d+)"`, page)
	form := bu.MustGet(section, http.StatusOK).Body
	v := testkit.MustVersion(t, form)
	r = bu.Post(section, url.Values{"heading": {""}, "body": {"Stage 1: practitioner to practitioner"}, "version": {v}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(testkit.ErrorSummary(r.Body), "Enter the section&#39;s heading") ||
		!strings.Contains(r.Body, "Stage 1: practitioner to practitioner") {
		t.Errorf("a section without heading: %d\n%s", r.Status, testkit.ErrorSummary(r.Body))
	}
	if r := bu.Post(section, url.Values{"heading": {"Purpose"}, "body": {"Stage 1\x00: practitioner to practitioner"}, "version": {v}}); r.Status != http.StatusBadRequest {
		t.Errorf("a section with a NUL byte: %d, want 400", r.Status)
	}
	bu.MustPost(section, url.Values{"heading": {"Purpose"}, "body": {"Stage 1: practitioner to practitioner, within 2 working days."}, "version": {v}}, http.StatusSeeOther)
	r = bu.Post(section, url.Values{"heading": {"Purpose"}, "body": {"An older text"}, "version": {v}})
	if r.Status != http.StatusConflict || !strings.Contains(r.Body, "An older text") {
		t.Errorf("a stale save: %d\n%s", r.Status, testkit.ErrorSummary(r.Body))
	}
	r = bu.Post(version+"/publish", url.Values{"published_on-day": {"31"}, "published_on-month": {"2"}, "published_on-year": {"2027"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(testkit.ErrorSummary(r.Body), "the publication date as a real date") {
		t.Errorf("publishing with a date that does not exist: %d\n%s", r.Status, testkit.ErrorSummary(r.Body))
	}
	if r := bu.Post(version+"/reopen", url.Values{"reason": {"No\x00"}}); r.Status != http.StatusBadRequest {
		t.Errorf("a reason with a NUL byte: %d, want 400", r.Status)
	}
	// Nobody has signed: the business unit cannot sign for a partner.
	bu.MustPost(version+"/submit", url.Values{}, http.StatusSeeOther)
	if r := bu.Post(version+"/sign", url.Values{"organisation": {"1"}}); r.Status != http.StatusForbidden {
		t.Errorf("the business unit signing: %d", r.Status)
	}
	// A lead representative signs for their own partner only.
	exec := testkit.MustSignInAs(t, base, "executive@hsscp.example")
	waiting := exec.MustGet("/hsscp/sign-off", http.StatusOK).Body
	if !strings.Contains(waiting, "Escalation and dispute resolution, version 1") {
		t.Fatalf("the lead representative's list lacks the submitted version")
	}
	own := regexp.MustCompile(`name="organisation" value="(\d+)"`).FindStringSubmatch(exec.MustGet(version, http.StatusOK).Body)
	if own == nil {
		t.Fatal("the version page offers the lead representative no sign-off")
	}
	if r := exec.Post(version+"/sign", url.Values{"organisation": {"x"}}); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("signing for no partner: %d", r.Status)
	}
	exec.MustPost(version+"/sign", url.Values{"organisation": {own[1]}}, http.StatusSeeOther)
	if page := bu.MustGet(version, http.StatusOK).Body; !strings.Contains(page, "Signed by Erin Executive") {
		t.Error("the version page does not show who signed")
	}
}

// The business unit's home shows the reviews of published documents that are overdue or soon
// due: South Tees' arrangements, never revised since 2019, are overdue; HSSCP's fall due next
// month. Nobody else's home shows them.
func TestDocumentReviewsOnTheBusinessUnitsHome(t *testing.T) {
	t.Parallel()
	_, base, _ := portal(t)
	home := testkit.MustSignInAs(t, base, "business-unit@stscp.example").MustGet("/stscp/home", http.StatusOK).Body
	if !strings.Contains(home, "Reviews of published documents") || !strings.Contains(home, "review due 29 March 2020") || !strings.Contains(home, "Overdue") {
		t.Errorf("South Tees' overdue review is not on the business unit's home")
	}
	home = testkit.MustSignInAs(t, base, "business-unit@hsscp.example").MustGet("/hsscp/home", http.StatusOK).Body
	if !strings.Contains(home, "Reviews of published documents") || strings.Contains(home, "Overdue") {
		t.Errorf("HSSCP's review, due next month, is not shown as due")
	}
	if home := testkit.MustSignInAs(t, base, "executive@hsscp.example").MustGet("/hsscp/home", http.StatusOK).Body; strings.Contains(home, "Reviews of published documents") {
		t.Error("the Executive's home shows the business unit's reviews")
	}
}

// A lead representative names a delegate on the sign-off page; the business unit names a lead
// representative; a bad form keeps what was chosen, and nobody else names either.
func TestNamingWhoSignsForAPartner(t *testing.T) {
	t.Parallel()
	db, base, _ := portal(t)
	hartlepool := testkit.MustOrgID(t, db, "hsscp", "Hartlepool Borough Council")
	delegate := testkit.MustID(t, db, "engine-room@hsscp.example")
	exec := testkit.MustSignInAs(t, base, "executive@hsscp.example")
	page := exec.MustGet("/hsscp/sign-off", http.StatusOK).Body
	if !strings.Contains(page, "Name a delegate") || !strings.Contains(page, `name="organisation" value="`+hartlepool+`"`) {
		t.Fatal("the lead representative is not offered to name a delegate for their partner")
	}
	r := exec.Post("/hsscp/sign-off/delegates", url.Values{"organisation": {hartlepool}, "person": {delegate}, "from-day": {"30"}, "from-month": {"2"}, "from-year": {"2026"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `value="30"`) || !strings.Contains(testkit.ErrorSummary(r.Body), "Enter the first day as a real date") {
		t.Errorf("a delegation from a day that does not exist: %d\n%s", r.Status, testkit.ErrorSummary(r.Body))
	}
	exec.MustPost("/hsscp/sign-off/delegates", url.Values{"organisation": {hartlepool}, "person": {delegate}, "from-day": {"1"}, "from-month": {"1"}, "from-year": {"2026"}}, http.StatusSeeOther)
	if page := exec.MustGet("/hsscp/sign-off", http.StatusOK).Body; !regexp.MustCompile(`Hartlepool Borough Council</td><td>Erin Executive</td><td>[^<]*Eddie Engine`).MatchString(page) {
		t.Error("the delegate is not listed against the partner")
	}
	// Someone who leads no partner cannot name a delegate for one.
	er := testkit.MustSignInAs(t, base, "engine-room@hsscp.example")
	if r := er.Post("/hsscp/sign-off/delegates", url.Values{"organisation": {hartlepool}, "person": {testkit.MustID(t, db, "practitioner@hsscp.example")}, "from-day": {"1"}, "from-month": {"1"}, "from-year": {"2026"}}); r.Status != http.StatusForbidden {
		t.Errorf("a delegate named by someone who leads no partner: %d", r.Status)
	}
	// The business unit names Stockton's lead representative.
	stockton := testkit.MustOrgID(t, db, "hsscp", "Stockton-on-Tees Borough Council")
	bu := testkit.MustSignInAs(t, base, "business-unit@hsscp.example")
	if r := bu.Post("/hsscp/sign-off/leads", url.Values{"lead_organisation": {stockton}}); r.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(testkit.ErrorSummary(r.Body), "Choose the lead representative") {
		t.Errorf("a lead representative not chosen: %d", r.Status)
	}
	bu.MustPost("/hsscp/sign-off/leads", url.Values{"lead_organisation": {stockton}, "lead_person": {delegate}}, http.StatusSeeOther)
	if page := bu.MustGet("/hsscp/sign-off", http.StatusOK).Body; !strings.Contains(page, "Stockton-on-Tees Borough Council</td><td>Eddie Engine</td>") {
		t.Error("the new lead representative is not listed")
	}
	if r := er.Post("/hsscp/sign-off/leads", url.Values{"lead_organisation": {stockton}, "lead_person": {delegate}}); r.Status != http.StatusForbidden {
		t.Errorf("a lead representative named by the Engine Room: %d", r.Status)
	}
}

// The business unit changes when a document's reviews fall due; a number it cannot read is named.
func TestTheReviewScheduleIsTheBusinessUnits(t *testing.T) {
	t.Parallel()
	_, base, _ := portal(t)
	bu := testkit.MustSignInAs(t, base, "business-unit@stscp.example")
	doc := testkit.MustSubmatch(t, `href="(/stscp/publishing/\d+)"`, bu.MustGet("/stscp/publishing", http.StatusOK).Body)
	if page := bu.MustGet(doc, http.StatusOK).Body; !strings.Contains(page, "29 March 2020 (overdue)") || !strings.Contains(page, `name="first_review_months" type="text" value="6"`) {
		t.Errorf("the document page lacks its review schedule")
	}
	r := bu.Post(doc+"/review", url.Values{"first_review_months": {"six"}, "review_months": {"12"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `value="six"`) || !strings.Contains(testkit.ErrorSummary(r.Body), "months to the first review") {
		t.Errorf("months that are not a number: %d\n%s", r.Status, testkit.ErrorSummary(r.Body))
	}
	bu.MustPost(doc+"/review", url.Values{"first_review_months": {"12"}, "review_months": {"24"}}, http.StatusSeeOther)
	if page := bu.MustGet(doc, http.StatusOK).Body; !strings.Contains(page, "29 September 2020 (overdue)") {
		t.Errorf("the first review is not 12 months after the arrangements took effect")
	}
	if r := testkit.MustSignInAs(t, base, "executive@stscp.example").Post(doc+"/review", url.Values{"first_review_months": {"1"}, "review_months": {"1"}}); r.Status != http.StatusForbidden {
		t.Errorf("the Executive changing the schedule: %d", r.Status)
	}
}
