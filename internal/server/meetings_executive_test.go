package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/meetings"
	"github.com/scp-portal/portal/internal/testkit"
)

// TestTheExecutiveMinutesADecisionAndItCarriesForward: the Executive plans its meeting, records a
// decision with its owner and due date, finds it overdue in its log and on the next meeting's
// agenda, and its owner marks it done; the Engine Room does not read the Executive's meetings,
// independent scrutiny reads them but does not plan them, and sees no papers before they are out.
func TestTheExecutiveMinutesADecisionAndItCarriesForward(t *testing.T) {
	t.Parallel()
	db, base, _ := portal(t)
	body := testkit.MustQueryString(t, db, `SELECT b.id::text FROM body b JOIN partnership p ON p.id = b.partnership_id
		WHERE p.slug = 'hsscp' AND b.kind = 'executive'`)
	list, log := "/hsscp/bodies/"+body+"/meetings", "/hsscp/bodies/"+body+"/decisions"
	erin := testkit.MustID(t, db, "executive@hsscp.example")
	exec := testkit.MustSignInAs(t, base, "executive@hsscp.example")
	if page := exec.Get("/hsscp/bodies/" + body).Body; !strings.Contains(page, `href="`+list+`"`) || !strings.Contains(page, `href="`+log+`"`) {
		t.Error("the Executive's page does not lead to its meetings and log")
	}

	if r := exec.Post(list, url.Values{"title": {""}, "papers_days": {"99"}, "other_items": {"Budget"}}); r.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, "Enter the meeting&#39;s title") || !strings.Contains(r.Body, "from 1 to 30") || !strings.Contains(r.Body, "Budget") {
		t.Fatalf("a meeting without a title, papers 99 days before: %d\n%s", r.Status, testkit.ErrorSummary(r.Body))
	}
	held := time.Now().AddDate(0, 0, -7)
	v := testkit.DateFields("held_on", held.Format("2 1 2006"))
	v.Set("title", "Executive, November")
	v.Set("attendees", erin)
	v.Set("chair", "independent")
	v.Set("other_items", "Budget")
	v.Set("confidential_items", "Allegation against a senior officer")
	meeting := exec.MustPost(list, v, http.StatusSeeOther).Location
	page := exec.Get(meeting).Body
	for _, want := range []string{"Not quorate", "Independent chair", "Erin Executive", "Cleveland Police", "Allegation against a senior officer", "Confidential",
		"Welcome, introductions and apologies"} {
		if !strings.Contains(page, want) {
			t.Errorf("the meeting page lacks %q", want)
		}
	}
	item := testkit.MustSubmatch(t, `<option value="(\d+)">Other business: Budget</option>`, page)
	if r := exec.Post(meeting+"/decisions", url.Values{"item": {item}, "text": {"Review the budget in December"}}); r.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(testkit.ErrorSummary(r.Body), "Choose who owns the action") || !strings.Contains(r.Body, "Review the budget in December") {
		t.Errorf("a decision without an owner: %d\n%s", r.Status, testkit.ErrorSummary(r.Body))
	}
	d := testkit.DateFields("due_on", held.AddDate(0, 0, 3).Format("2 1 2006"))
	d.Set("item", item)
	d.Set("text", "Review the budget in December")
	d.Set("owner", erin)
	exec.MustPost(meeting+"/decisions", d, http.StatusSeeOther)
	if page := exec.Get(meeting).Body; !strings.Contains(page, "Review the budget in December") {
		t.Error("the meeting page lacks its decision")
	}
	// The rest of the Executive came after all: attendance recorded afterwards makes it quorate.
	seats := testkit.MustQueryString(t, db, `SELECT string_agg(user_id::text, ',') FROM membership WHERE body_id = $1::bigint AND ends_on IS NULL`, body)
	att := url.Values{"version": {testkit.MustVersion(t, exec.Get(meeting).Body)}, "chair": {"independent"}, "attendees": strings.Split(seats, ",")}
	exec.MustPost(meeting+"/attendance", att, http.StatusSeeOther)
	if page := exec.Get(meeting).Body; !strings.Contains(page, "every statutory partner was represented") {
		t.Error("recording the whole Executive's attendance leaves the meeting not quorate")
	}
	if r := exec.Post(meeting+"/attendance", att); r.Status != http.StatusConflict {
		t.Errorf("a stale attendance: %d", r.Status)
	}
	logPage := exec.Get(log).Body
	if !strings.Contains(logPage, "Review the budget in December") || !strings.Contains(logPage, "Overdue") || !strings.Contains(logPage, "Executive, November") {
		t.Errorf("the log lacks the overdue action:\n%s", logPage)
	}
	if page := exec.Get(log + "?status=done").Body; !strings.Contains(page, "No decision matches.") {
		t.Error("the log's done filter shows an open action")
	}

	// The next meeting's agenda carries the open action.
	next := time.Now().AddDate(0, 1, 0)
	v = testkit.DateFields("held_on", next.Format("2 1 2006"))
	v.Set("title", "Executive, next quarter")
	nextMeeting := exec.MustPost(list, v, http.StatusSeeOther).Location
	if page := exec.Get(nextMeeting).Body; !strings.Contains(page, "Not yet held") || !strings.Contains(page, "Open actions from earlier meetings") ||
		!strings.Contains(page, "Review the budget in December (Erin Executive, due ") {
		t.Errorf("the next agenda lacks the open action")
	}

	er := testkit.MustSignInAs(t, base, "engine-room@hsscp.example")
	if r := er.Get(meeting); r.Status != http.StatusForbidden {
		t.Errorf("the Engine Room reading the Executive's meeting: %d", r.Status)
	}
	if page := er.Get("/hsscp/bodies/" + body).Body; strings.Contains(page, `href="`+list+`"`) {
		t.Error("the Executive's page offers the Engine Room its meetings")
	}
	scrutineer := testkit.MustSignInAs(t, base, "scrutineer@hsscp.example")
	if page := scrutineer.MustGet(meeting, http.StatusOK).Body; !strings.Contains(page, "Allegation against a senior officer") ||
		strings.Contains(page, "Record the decision") || strings.Contains(page, "Save the minutes") {
		t.Error("independent scrutiny does not see the confidential item, or is offered to minute")
	}
	if page := scrutineer.Get(nextMeeting).Body; !strings.Contains(page, "The agenda and papers reach members on") || strings.Contains(page, "Review the budget in December (") {
		t.Error("independent scrutiny sees the papers before they are released")
	}
	if r := scrutineer.Post(list, v); r.Status != http.StatusForbidden {
		t.Errorf("independent scrutiny planning a meeting: %d", r.Status)
	}

	// Its owner marks it done, with a note.
	done := testkit.MustSubmatch(t, `href="(/hsscp/bodies/\d+/decisions/\d+/done)"`, logPage)
	version := testkit.MustVersion(t, exec.MustGet(done, http.StatusOK).Body)
	if r := exec.Post(done, url.Values{"version": {version}, "note": {" "}}); r.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(testkit.ErrorSummary(r.Body), "Say what was done") {
		t.Errorf("done without a note: %d", r.Status)
	}
	exec.MustPost(done, url.Values{"version": {version}, "note": {"Reviewed with the finance leads."}}, http.StatusSeeOther)
	if r := exec.Post(done, url.Values{"version": {version}, "note": {"Again."}}); r.Status != http.StatusConflict {
		t.Errorf("marking it done twice: %d", r.Status)
	}
	if page := exec.Get(log + "?status=done&owner=" + erin).Body; !strings.Contains(page, "Reviewed with the finance leads.") {
		t.Error("the log's done actions lack the note")
	}
}

// TestConfidentialItemsOfTheEngineRoom: the Executive reads the Engine Room's meetings at their
// older address, as before, but not the Engine Room's confidential items.
func TestConfidentialItemsOfTheEngineRoom(t *testing.T) {
	t.Parallel()
	_, base, _ := portal(t)
	er := testkit.MustSignInAs(t, base, "engine-room@hsscp.example")
	v := testkit.DateFields("held_on", time.Now().AddDate(0, 0, -1).Format("2 1 2006"))
	v.Set("title", "Engine Room")
	v.Set("confidential_items", "A practitioner's conduct")
	meeting := er.MustPost("/hsscp/meetings", v, http.StatusSeeOther).Location
	if page := er.Get(meeting).Body; !strings.Contains(page, "A practitioner&#39;s conduct") {
		t.Error("the Engine Room does not see its own confidential item")
	}
	exec := testkit.MustSignInAs(t, base, "executive@hsscp.example")
	page := exec.MustGet(meeting, http.StatusOK).Body
	if strings.Contains(page, "A practitioner&#39;s conduct") || !strings.Contains(page, "A confidential item, for the body&#39;s members only") {
		t.Error("the Executive sees the Engine Room's confidential item")
	}
}

// executiveMeetingPages plans a meeting of the Executive with a decision, as the business unit,
// and returns the pages of the Executive's meetings to check: the list, the meeting, the decisions
// log and the form to mark the action done.
func executiveMeetingPages(t *testing.T, db testkit.Row, base string) []string {
	t.Helper()
	body := testkit.MustQueryString(t, db, `SELECT b.id::text FROM body b JOIN partnership p ON p.id = b.partnership_id
		WHERE p.slug = 'hsscp' AND b.kind = 'executive'`)
	list, log := "/hsscp/bodies/"+body+"/meetings", "/hsscp/bodies/"+body+"/decisions"
	bu := testkit.MustSignInAs(t, base, "business-unit@hsscp.example")
	v := testkit.DateFields("held_on", time.Now().AddDate(0, 0, -7).Format("2 1 2006"))
	v.Set("title", "Executive, November")
	v.Set("attendees", testkit.MustID(t, db, "executive@hsscp.example"))
	v.Set("other_items", "Budget")
	v.Set("confidential_items", "Allegation against a senior officer")
	meeting := bu.MustPost(list, v, http.StatusSeeOther).Location
	d := testkit.DateFields("due_on", time.Now().AddDate(0, 0, -1).Format("2 1 2006"))
	d.Set("item", testkit.MustSubmatch(t, `<option value="(\d+)">Other business: Budget</option>`, bu.Get(meeting).Body))
	d.Set("text", "Review the budget")
	d.Set("owner", testkit.MustID(t, db, "executive@hsscp.example"))
	bu.MustPost(meeting+"/decisions", d, http.StatusSeeOther)
	done := testkit.MustSubmatch(t, `href="(/hsscp/bodies/\d+/decisions/\d+/done)"`, bu.Get(log).Body)
	return []string{list, meeting, log, done}
}

// executiveListPages returns the Executive's body and its demo meeting of the fourth quarter, whose
// pages TestListPagesRunAFixedNumberOfQueries measures.
func executiveListPages(t *testing.T, db testkit.Row, pid int64) (body, meeting int64) {
	t.Helper()
	testkit.MustQueryRow(t, db, `SELECT body_id, id FROM meeting WHERE partnership_id = $1 AND title = 'Executive, fourth quarter'`, pid).Scan(&body, &meeting)
	return body, meeting
}

// moreExecutiveMeetings adds meetings to the Executive, each with a decision on the meeting of
// the fourth quarter, whose pages must not need more queries for them.
func moreExecutiveMeetings(ctx context.Context, tx pgx.Tx, pid, body, meeting, owner int64, now time.Time) error {
	b := meetings.Body{ID: body, PartnershipID: pid, Kind: "executive"}
	item, err := database.Values[int64](ctx, tx, "item", `SELECT id FROM meeting_item WHERE meeting_id = $1 ORDER BY position LIMIT 1`, meeting)
	if err != nil {
		return err
	}
	var bu int64
	if err := tx.QueryRow(ctx, `SELECT id FROM app_user WHERE email = 'business-unit@hsscp.example'`).Scan(&bu); err != nil {
		return err
	}
	for i := range 5 {
		if _, err := meetings.Create(ctx, tx, meetings.Own(), meetings.Input{PartnershipID: pid, BodyID: body, Title: fmt.Sprintf("More %d", i),
			HeldOn: now.AddDate(0, 0, -i), Attendees: []int64{bu}, Apologies: []int64{owner}, Other: []string{"a", "b"}}); err != nil {
			return err
		}
		if _, err := meetings.Resolve(ctx, tx, b, meetings.ResolutionInput{MeetingID: meeting, ItemID: item[0], Text: "more", OwnerID: bu, DueOn: now}, now); err != nil {
			return err
		}
	}
	return nil
}

// TestHostileMeetingInputIsNeverA500: bytes no form should hold, numbers too large and ids of
// nothing come back as problems with the form, never as an error page.
func TestHostileMeetingInputIsNeverA500(t *testing.T) {
	t.Parallel()
	db, base, _ := portal(t)
	body := testkit.MustQueryString(t, db, `SELECT b.id::text FROM body b JOIN partnership p ON p.id = b.partnership_id
		WHERE p.slug = 'hsscp' AND b.kind = 'executive'`)
	list := "/hsscp/bodies/" + body + "/meetings"
	bu := testkit.MustSignInAs(t, base, "business-unit@hsscp.example")
	v := testkit.DateFields("held_on", time.Now().Format("2 1 2006"))
	v.Set("title", "Executive")
	meeting := bu.MustPost(list, v, http.StatusSeeOther).Location
	for name, form := range map[string]url.Values{
		"a NUL byte":           {"title": {"Exec\x00utive"}},
		"invalid UTF-8":        {"title": {"\xff\xfe"}, "other_items": {"\xc3"}},
		"a huge papers number": {"title": {"Executive"}, "papers_days": {"99999999999999999999999"}},
		"a chair of nothing":   {"title": {"Executive"}, "chair": {"99999999999999999999999"}, "held_on-day": {"1"}, "held_on-month": {"1"}, "held_on-year": {"2027"}},
		"an attendee of none":  {"title": {"Executive"}, "attendees": {"-1", "abc"}},
	} {
		if r := bu.Post(list, form); r.Status != http.StatusUnprocessableEntity && r.Status != http.StatusBadRequest {
			t.Errorf("planning with %s: %d", name, r.Status)
		}
	}
	for name, form := range map[string]url.Values{
		"an item of nothing":  {"item": {"99999999999999999999999"}, "text": {"x"}, "owner": {"1"}, "due_on-day": {"1"}, "due_on-month": {"1"}, "due_on-year": {"2027"}},
		"an item of another":  {"item": {"1"}, "text": {"x"}, "owner": {"1"}, "due_on-day": {"1"}, "due_on-month": {"1"}, "due_on-year": {"2027"}},
		"a date of no day":    {"item": {"1"}, "text": {"x"}, "owner": {"1"}, "due_on-day": {"31"}, "due_on-month": {"2"}, "due_on-year": {"2027"}},
		"a text of NUL bytes": {"text": {"\x00\x00"}},
	} {
		if r := bu.Post(meeting+"/decisions", form); r.Status != http.StatusUnprocessableEntity && r.Status != http.StatusBadRequest {
			t.Errorf("a decision with %s: %d", name, r.Status)
		}
	}
	if n := testkit.MustCount(t, db, `meeting_decision`); n != 0 {
		t.Errorf("%d decisions saved from hostile input", n)
	}
}
