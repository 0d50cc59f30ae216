package server_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/scp-portal/portal/internal/testkit"
)

// TestADayTheAdministratorAddsMovesTheDeadline: a day added to the calendar is not a working day
// for the next rapid review's clock.
func TestADayTheAdministratorAddsMovesTheDeadline(t *testing.T) {
	t.Parallel()
	_, base := testkit.StartDemo(t, testkit.ServerOptions{Now: testkit.NewClock(time.Date(2026, 12, 22, 10, 0, 0, 0, time.UTC)).Now})
	admin, er := testkit.MustSignInAs(t, base, "admin@portal.example"), testkit.MustSignInAs(t, base, "engine-room@hsscp.example")

	start := func(title string) string {
		return er.Get(er.MustStartReview(title, "21 12 2026")).Body
	}
	if page := start("Child D (2026)"); !strings.Contains(page, "Due 14 January 2027") {
		t.Fatalf("before: the review is not due on 14 January 2027")
	}
	if r := admin.Post("/admin/holidays", url.Values{"day-day": {"31"}, "day-month": {"2"}, "day-year": {"2027"}, "name": {"x"}}); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("an impossible day: %d", r.Status)
	}
	if r := er.Post("/admin/holidays", url.Values{"day-day": {"23"}, "day-month": {"12"}, "day-year": {"2026"}, "name": {"x"}}); r.Status != http.StatusForbidden {
		t.Errorf("the Engine Room adding a holiday: %d", r.Status)
	}
	if r := admin.Post("/admin/holidays", url.Values{"day-day": {"23"}, "day-month": {"12"}, "day-year": {"2026"}, "name": {"Day of national mourning"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("add a holiday: %d", r.Status)
	}
	if page := start("Child E (2026)"); !strings.Contains(page, "Due 15 January 2027") {
		t.Error("after: a day added to the calendar did not move the deadline")
	}
	if page := admin.Get("/admin/holidays").Body; !strings.Contains(page, "Day of national mourning") {
		t.Error("the calendar page does not list the added day")
	}
}

// TestAReviewTitleMayNotNameTheChild: the title appears in lists and on the public page.
func TestAReviewTitleMayNotNameTheChild(t *testing.T) {
	t.Parallel()
	db, base, _ := portal(t)
	pc := testkit.MustSignInAs(t, base, "practitioner@hsscp.example")
	id := pc.MustSubmitCSPR(testkit.CSPRAnswers(t, db)) // the child is Jordan Example
	er := testkit.MustSignInAs(t, base, "engine-room@hsscp.example")
	r := er.Post("/hsscp/inbox/"+id+"/rapid-review", testkit.ReviewForm("Jordan (2026)", "3 11 2026"))
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Do not use the child&#39;s name") {
		t.Fatalf("a title with the child's name: %d\n%s", r.Status, testkit.ErrorSummary(r.Body))
	}
	// With a proper title it starts; the Engine Room's view of the request links to the review,
	// the practitioner's does not (they may not open it).
	r = er.Post("/hsscp/inbox/"+id+"/rapid-review", testkit.ReviewForm("Child J (2026)", "3 11 2026"))
	if r.Status != http.StatusSeeOther {
		t.Fatalf("start the review: %d\n%s", r.Status, testkit.ErrorSummary(r.Body))
	}
	const link = "The rapid review of this request"
	if page := er.Get("/hsscp/inbox/" + id).Body; !strings.Contains(page, link) {
		t.Error("the Engine Room's view of the request does not link to its review")
	}
	if page := pc.Get("/hsscp/inbox/" + id); page.Status != http.StatusOK || strings.Contains(page.Body, link) {
		t.Errorf("the practitioner's view of their request: %d, links to the review: %v", page.Status, strings.Contains(page.Body, link))
	}
}

// When the clock runs from awareness, the notification to the national Panel is recorded in the
// workspace when it happens, and checked against the 5 working days.
func TestTheNotificationIsRecordedAfterTheStart(t *testing.T) {
	t.Parallel()
	_, base, _ := portal(t)
	er := testkit.MustSignInAs(t, base, "engine-room@hsscp.example")
	review := er.MustPost("/hsscp/reviews", testkit.ReviewForm("Child N (2026)", "3 11 2026"), http.StatusSeeOther).Location
	page := er.Get(review).Body
	version := testkit.MustVersion(t, page)
	if !strings.Contains(page, "Not yet: due by 10 November 2026") || !strings.Contains(page, `id="notified_on-day"`) {
		t.Fatal("the workspace does not offer to record the notification")
	}
	next := time.Now().AddDate(0, 1, 0)
	future := url.Values{"version": {version}, "facts": {"What happened, in general terms"}, "notified_on-day": {strconv.Itoa(next.Day())},
		"notified_on-month": {strconv.Itoa(int(next.Month()))}, "notified_on-year": {strconv.Itoa(next.Year())}}
	if r := er.Post(review, future); r.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(testkit.ErrorSummary(r.Body), "must be between 3 November 2026, when the local authority became aware, and today") ||
		!strings.Contains(r.Body, "What happened, in general terms") {
		t.Errorf("a notification next month: %d\n%s", r.Status, testkit.ErrorSummary(r.Body))
	}
	onTime := url.Values{"version": {version}, "notified_on-day": {"5"}, "notified_on-month": {"11"}, "notified_on-year": {"2026"}}
	if r := er.Post(review, onTime); r.Status != http.StatusSeeOther {
		t.Fatalf("record the notification: %d\n%s", r.Status, testkit.ErrorSummary(r.Body))
	}
	if page := er.Get(review).Body; !strings.Contains(page, "5 November 2026") || !strings.Contains(page, "Within 5 working days") {
		t.Error("the notification is not shown as made within 5 working days")
	}
}

// The review is put to every statutory partner organisation; each signs it off once through its
// lead representative or a delegate, who reads the review to sign it; once put to them its
// decision is locked.
func TestStatutoryPartnersSignOffTheDraft(t *testing.T) {
	t.Parallel()
	db, base, _ := portal(t)
	er := testkit.MustSignInAs(t, base, "engine-room@hsscp.example") // the police delegate
	bu := testkit.MustSignInAs(t, base, "business-unit@hsscp.example")
	exec := testkit.MustSignInAs(t, base, "executive@hsscp.example") // a council's lead representative
	review := er.MustPost("/hsscp/reviews", testkit.ReviewForm("Child S (2026)", "3 11 2026"), http.StatusSeeOther).Location
	page := er.Get(review).Body
	if strings.Contains(page, "Put to the partners for sign-off") {
		t.Error("putting to the partners is offered before there is a draft")
	}
	if r := exec.Get(review); r.Status != http.StatusForbidden {
		t.Errorf("a lead representative reads a review not put to them: %d", r.Status)
	}
	version := testkit.MustVersion(t, page)
	if r := er.Post(review+"/submit-sign-off", url.Values{"version": {version}}); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Write the draft and record the decision") {
		t.Errorf("put to the partners with no draft: %d", r.Status)
	}
	if r := er.Post(review, url.Values{"version": {version}, "draft": {"What happened and what the agencies learned."},
		"decision": {"no_review"}, "decision_reasons": {"Learning already known."}}); r.Status != http.StatusSeeOther {
		t.Fatalf("save the draft: %d\n%s", r.Status, testkit.ErrorSummary(r.Body))
	}
	// The scrutineer reads the review, which they may not change, as a summary list, not as boxes
	// to type into; the Engine Room, who may change it, gets the form (issue #14).
	sc := testkit.MustSignInAs(t, base, "scrutineer@hsscp.example")
	readOnly(t, "the scrutineer's rapid review", sc.MustGet(review, http.StatusOK).Body, "",
		"Draft for the national Panel", "What happened and what the agencies learned.", "Decision", "No review", "The facts", "Not given")
	editable(t, "the Engine Room's rapid review", er.Get(review).Body, `name="facts"`, `name="decision"`, "Save the review")
	page = bu.Get(review).Body
	if !strings.Contains(page, "Put to the partners for sign-off") {
		t.Fatal("putting to the partners is not offered once there is a draft and a decision")
	}
	if r := bu.Post(review+"/submit-sign-off", url.Values{"version": {testkit.MustVersion(t, page)}}); r.Status != http.StatusSeeOther {
		t.Fatalf("put to the partners: %d\n%s", r.Status, testkit.ErrorSummary(r.Body))
	}
	page = er.Get(review).Body
	if !strings.Contains(page, "Sign off") || !strings.Contains(page, "0 of 4 partners have signed") || !strings.Contains(page, "cannot change unless it is reopened") {
		t.Fatal("the police delegate is not offered the sign-off, or the lock is not said")
	}
	if r := er.Post(review, url.Values{"version": {testkit.MustVersion(t, page)}, "decision": {"local_cspr"}, "decision_reasons": {"Learning already known."}}); r.Status != http.StatusConflict {
		t.Errorf("a locked decision changed: %d", r.Status)
	}
	// Locked, the content and decision are read even by the Engine Room, whose form keeps what may
	// still change (when it was sent to the Panel and its answer).
	if main := mainOf(page); strings.Contains(main, `name="facts"`) || strings.Contains(main, `name="decision"`) || strings.Contains(main, " disabled") ||
		!strings.Contains(main, `name="panel_response"`) || !strings.Contains(main, "Save the review") || !strings.Contains(main, `<dt class="summary-list__key">Reasons for the decision</dt>`) {
		t.Error("the Engine Room's locked review does not read its content and decision while offering what may still change")
	}
	police := testkit.MustQueryString(t, db, `SELECT id::text FROM organisation WHERE name = 'Cleveland Police'`)
	if r := er.Post(review+"/sign-off", url.Values{"organisation": {police}}); r.Status != http.StatusSeeOther {
		t.Fatalf("sign off: %d\n%s", r.Status, testkit.ErrorSummary(r.Body))
	}
	page = er.Get(review).Body
	if !strings.Contains(page, "Signed by Eddie Engine (delegate)") || !strings.Contains(page, "1 of 4 partners have signed") {
		t.Error("the police sign-off is not shown")
	}
	if r := er.Post(review+"/sign-off", url.Values{"organisation": {police}}); r.Status != http.StatusForbidden {
		t.Errorf("signing off twice for the police: %d", r.Status)
	}
	// The council's lead representative reads the review put to them, and signs for the council.
	page = exec.Get(review).Body
	if !strings.Contains(page, "You sign off for") {
		t.Fatal("the council's lead representative is not offered the sign-off")
	}
	// They read it as a summary list: the only form they get is the sign-off.
	readOnly(t, "the Executive's rapid review", page, "/sign-off", "Reasons for the decision", "Learning already known.", "The national Panel&#39;s response", "Not given")
	council := page[strings.Index(page, `name="organisation" value="`)+len(`name="organisation" value="`):]
	council = council[:strings.Index(council, `"`)]
	if r := exec.Post(review+"/sign-off", url.Values{"organisation": {council}}); r.Status != http.StatusSeeOther {
		t.Fatalf("the council signs off: %d\n%s", r.Status, testkit.ErrorSummary(r.Body))
	}
	if page := exec.Get(review).Body; !strings.Contains(page, "2 of 4 partners have signed") {
		t.Error("the council's sign-off is not counted")
	}
	if reg := er.Get("/hsscp/reviews").Body; !strings.Contains(reg, "Awaiting the partners&#39; sign-off") {
		t.Error("the register does not say the review awaits the partners' sign-off")
	}
	// Reopened with a reason: the sign-offs no longer count, and the decision may change.
	page = bu.Get(review).Body
	if r := bu.Post(review+"/reopen", url.Values{"version": {testkit.MustVersion(t, page)}, "reason": {"The Panel's view is needed first"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("reopen: %d\n%s", r.Status, testkit.ErrorSummary(r.Body))
	}
	page = er.Get(review).Body
	if !strings.Contains(page, "Not yet put to the partners") || !strings.Contains(page, "The Panel&#39;s view is needed first") {
		t.Error("the reopening is not shown")
	}

	// Sent to the Panel within its 15 working days (due 24 November), and answered: the register
	// shows both.
	version = testkit.MustVersion(t, page)
	if r := er.Post(review, url.Values{"version": {version}, "draft": {"What happened and what the agencies learned."},
		"sent_to_panel_on-day": {"20"}, "sent_to_panel_on-month": {"11"}, "sent_to_panel_on-year": {"2026"},
		"panel_response": {"The Panel agrees with the decision and asks to see the local review."}}); r.Status != http.StatusSeeOther {
		t.Fatalf("record sending: %d\n%s", r.Status, testkit.ErrorSummary(r.Body))
	}
	register := er.Get("/hsscp/reviews").Body
	row := register[strings.Index(register, "Child S (2026)"):]
	row = row[:strings.Index(row, "</tr>")]
	for _, want := range []string{"Sent 20 November 2026", "On time", "The Panel: The Panel agrees with the decision"} {
		if !strings.Contains(row, want) {
			t.Errorf("the register's row lacks %q:\n%s", want, row)
		}
	}
}

// A local CSPR is read by the scrutineer and the Executive, who may not change its report, as a
// summary list; the Engine Room gets the report's form (issue #14).
func TestReadOnlyRolesReadALocalReview(t *testing.T) {
	t.Parallel()
	_, base, _ := portal(t)
	er := testkit.MustSignInAs(t, base, "engine-room@hsscp.example")
	review := er.MustPost("/hsscp/reviews", testkit.ReviewForm("Child L (2026)", "3 11 2026"), http.StatusSeeOther).Location
	er.MustPost(review, url.Values{"version": {testkit.MustVersion(t, er.Get(review).Body)}, "draft": {"What happened."},
		"decision": {"local_cspr"}, "decision_reasons": {"Learning reaches across the partnership."}}, http.StatusSeeOther)
	local := er.MustPost(review+"/local-review", url.Values{}, http.StatusSeeOther).Location
	page := er.Get(local).Body
	er.MustPost(local+"/report", url.Values{"version": {testkit.MustVersion(t, page)}, "agencies_involvement": {"Police, health and the council."},
		"report": {"Agencies did not share what they knew."}}, http.StatusSeeOther)

	editable(t, "the Engine Room's local review", er.Get(local).Body, `name="report"`, `name="learning_summary"`, "Save the report")
	for _, who := range []string{"scrutineer@hsscp.example", "executive@hsscp.example"} {
		c := testkit.MustSignInAs(t, base, who)
		readOnly(t, who+"'s local review", c.MustGet(local, http.StatusOK).Body, "", "Agencies&#39; involvement", "Police, health and the council.",
			"Final report", "Agencies did not share what they knew.", "Learning summary for publication", "Not given")
	}
}

// mainOf is the page's main content, without the header's sign-out form.
func mainOf(page string) string {
	start, end := strings.Index(page, "<main"), strings.Index(page, "</main>")
	if start < 0 || end < start {
		return ""
	}
	return page[start:end]
}

// readOnly fails unless the page's main content has no box to type into or choose from (outside
// forms whose action ends with except, when given: a sign-off) and shows each label and value of
// pairs as a summary list's key and value.
func readOnly(t *testing.T, what, page, except string, pairs ...string) {
	t.Helper()
	main := mainOf(page)
	if except != "" {
		for {
			i := strings.Index(main, "<form")
			if i < 0 {
				break
			}
			j := strings.Index(main[i:], "</form>")
			if j < 0 || !strings.Contains(main[i:i+j], `action="`) {
				break
			}
			tag := main[i : i+strings.Index(main[i:], ">")]
			if !strings.Contains(tag, except+`"`) {
				t.Errorf("%s offers a form other than %s: %s", what, except, tag)
			}
			main = main[:i] + main[i+j+len("</form>"):]
		}
	}
	for _, box := range []string{"<input", "<textarea", "<select", " disabled", " readonly"} {
		if strings.Contains(main, box) {
			t.Errorf("%s holds %s: a read-only role is given boxes that cannot be saved", what, box)
		}
	}
	for i := 0; i+1 < len(pairs); i += 2 {
		key := `<dt class="summary-list__key">` + pairs[i] + `</dt>`
		k := strings.Index(main, key)
		if k < 0 {
			t.Errorf("%s does not show %q as a summary list's key", what, pairs[i])
			continue
		}
		value := main[k+len(key):]
		value = value[:strings.Index(value, "</dd>")]
		if !strings.Contains(value, `<dd class="summary-list__value`) || !strings.Contains(value, pairs[i+1]) {
			t.Errorf("%s shows %q as %q; want %q", what, pairs[i], value, pairs[i+1])
		}
	}
}

// editable fails unless the page's main content has each of wants: the form of the person who may
// change the record.
func editable(t *testing.T, what, page string, wants ...string) {
	t.Helper()
	main := mainOf(page)
	for _, want := range wants {
		if !strings.Contains(main, want) {
			t.Errorf("%s lacks %s: the person who may change it has no form", what, want)
		}
	}
	if strings.Contains(main, " disabled") {
		t.Errorf("%s holds a disabled field", what)
	}
}
