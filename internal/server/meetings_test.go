package server_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/scp-portal/portal/internal/testkit"
)

// TestAMeetingsAgendaAndItsDecisions: the agenda of a planned meeting lists the request awaiting
// triage; the decision taken from it is linked to the meeting, and the minutes are kept.
func TestAMeetingsAgendaAndItsDecisions(t *testing.T) {
	t.Parallel()
	db, base, _ := portal(t)
	testkit.MustSignInAs(t, base, "practitioner@hsscp.example").MustSubmitKLOE(testkit.KLOEAnswers(t, db))

	er := testkit.MustSignInAs(t, base, "engine-room@hsscp.example")
	if r := er.Post("/hsscp/meetings", url.Values{"title": {""}}); r.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, "Enter the meeting&#39;s title") || !strings.Contains(r.Body, "Enter the date as a real date") {
		t.Fatalf("a meeting without title or date: %d", r.Status)
	}
	today := time.Now()
	engineRoom := testkit.MustID(t, db, "engine-room@hsscp.example")
	meeting := er.MustPost("/hsscp/meetings", url.Values{"title": {"Engine Room, December"}, "held_on-day": {today.Format("2")},
		"held_on-month": {today.Format("1")}, "held_on-year": {today.Format("2006")}, "attendees": {engineRoom}}, http.StatusSeeOther).Location
	page := er.Get(meeting)
	item := regexp.MustCompile(`href="(/hsscp/inbox/\d+\?meeting=(\d+))"`).FindStringSubmatch(page.Body)
	if item == nil || !strings.Contains(page.Body, "Eddie Engine") {
		t.Fatalf("the agenda does not list the request awaiting triage, or the attendee:\n%s", page.Body)
	}
	detail := er.Get(item[1])
	if !regexp.MustCompile(`<option value="` + item[2] + `" selected>`).MatchString(detail.Body) {
		t.Error("the triage form opened from the agenda does not name the meeting")
	}
	version := testkit.MustVersion(t, detail.Body)
	requestPath := strings.SplitN(item[1], "?", 2)[0]
	r := er.Post(requestPath+"/triage", url.Values{"decision": {"close"}, "triage_outcome": {"Already covered by the neglect theme."},
		"version": {version}, "meeting": {item[2]}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("triage: %d\n%s", r.Status, testkit.ErrorSummary(r.Body))
	}
	itemID := regexp.MustCompile(`name="(minute-\d+)"`).FindStringSubmatch(page.Body)[1]
	minutesVersion := testkit.MustVersion(t, page.Body)
	if r := er.Post(meeting+"/minutes", url.Values{itemID: {"Closed: covered by the neglect theme."}, "version": {minutesVersion}}); r.Status != http.StatusSeeOther {
		t.Fatalf("minutes: %d", r.Status)
	}
	page = er.Get(meeting)
	if !strings.Contains(page.Body, "Closed: covered by the neglect theme.") || !strings.Contains(page.Body, "Close it") {
		t.Errorf("the meeting page lacks the minute or the decision")
	}
	// A second person minuting from the page as it was is refused, their text kept, the first
	// person's minute intact.
	r = er.Post(meeting+"/minutes", url.Values{itemID: {"Deferred to next month."}, "version": {minutesVersion}})
	if r.Status != http.StatusConflict || !strings.Contains(testkit.ErrorSummary(r.Body), "Someone else saved these minutes") ||
		!strings.Contains(r.Body, "Deferred to next month.") {
		t.Errorf("a stale save of the minutes: %d\n%s", r.Status, testkit.ErrorSummary(r.Body))
	}
	if page := er.Get(meeting).Body; !strings.Contains(page, "Closed: covered by the neglect theme.") {
		t.Error("the stale save overwrote the first minute")
	}

	// The Engine Room adds an item of other business to the planned meeting (issue #14): without a
	// title it is refused on the title, the note typed kept; then it is last on the agenda, with its
	// note; a practitioner may not add one.
	r = er.Post(meeting+"/items", url.Values{"item_title": {" "}, "item_note": {"Paper from the named nurse to follow"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(testkit.ErrorSummary(r.Body), "Enter the item&#39;s title") ||
		!strings.Contains(r.Body, "Paper from the named nurse to follow") {
		t.Errorf("an item without a title: %d\n%s", r.Status, testkit.ErrorSummary(r.Body))
	}
	pr := testkit.MustSignInAs(t, base, "practitioner@hsscp.example")
	if r := pr.Post(meeting+"/items", url.Values{"item_title": {"Mine"}}); r.Status != http.StatusForbidden {
		t.Errorf("a practitioner adds an agenda item: %d", r.Status)
	}
	er.MustPost(meeting+"/items", url.Values{"item_title": {"Safer sleep campaign"}, "item_note": {"Paper from the named nurse to follow"},
		"item_confidential": {"no"}}, http.StatusSeeOther)
	page = er.Get(meeting)
	other := strings.LastIndex(page.Body, ">Other business<")
	if other < 0 || !strings.Contains(page.Body[other:], "Safer sleep campaign") || !strings.Contains(page.Body[other:], "Paper from the named nurse to follow") {
		t.Error("the added item is not on the agenda under other business, with its note")
	}
	if n := testkit.MustQueryInt(t, db, `SELECT count(*) FROM audit_log WHERE action = 'meeting.item-add' AND detail NOT LIKE '%Safer%'`); n != 1 {
		t.Errorf("%d audit records of the added item", n)
	}
}

// Claiming a stage of the learning loop the theme has not reached is refused at the status
// question, with everything typed kept.
func TestAThemeCannotSkipAheadOfTheLoop(t *testing.T) {
	t.Parallel()
	_, base, _ := portal(t)
	er := testkit.MustSignInAs(t, base, "engine-room@hsscp.example")
	if r := er.Post("/hsscp/themes", url.Values{"title": {"Skipping ahead"}, "status": {"impact_testing"}, "source_kind": {"audit"}}); r.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(testkit.ErrorSummary(r.Body), "A new theme is emerging or under enquiry") {
		t.Errorf("a new theme already testing impact: %d\n%s", r.Status, testkit.ErrorSummary(r.Body))
	}
	edit := er.MustCreateTheme(url.Values{"title": {"Skipping ahead"}, "source_kind": {"audit"}}) + "/edit"
	form := er.Get(edit).Body
	v := url.Values{"title": {"A retitled theme"}, "status": {"impact_testing"}, "reason": {"It feels done"},
		"version": {testkit.MustVersion(t, form)}}
	r := er.Post(edit, v)
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(testkit.ErrorSummary(r.Body), "there is nothing to test the impact of") ||
		!strings.Contains(r.Body, "A retitled theme") || !strings.Contains(r.Body, "It feels done") {
		t.Errorf("skipping to impact testing: %d\n%s", r.Status, testkit.ErrorSummary(r.Body))
	}
	v.Set("status", "closed")
	v.Set("reason", "")
	if r := er.Post(edit, v); r.Status != http.StatusUnprocessableEntity || !strings.Contains(testkit.ErrorSummary(r.Body), "Say why the status is changing") {
		t.Errorf("a status change with no reason: %d\n%s", r.Status, testkit.ErrorSummary(r.Body))
	}
}

// Later sources join a theme: an audit found after the request that started it.
func TestAnotherSourceJoinsATheme(t *testing.T) {
	t.Parallel()
	_, base, _ := portal(t)
	er := testkit.MustSignInAs(t, base, "engine-room@hsscp.example")
	theme := er.MustCreateTheme(url.Values{"title": {"Neglect"}, "source_kind": {"performance_data"}, "source_reference": {"Q2 dashboard"}})
	if r := er.Post(theme+"/sources", url.Values{"source_kind": {""}, "source_reference": {"Section 11 audit 2026"}}); r.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(testkit.ErrorSummary(r.Body), "Choose what raised the theme") || !strings.Contains(r.Body, "Section 11 audit 2026") {
		t.Errorf("a source of no kind: %d\n%s", r.Status, testkit.ErrorSummary(r.Body))
	}
	if r := er.Post(theme+"/sources", url.Values{"source_kind": {"audit"}, "source_reference": {"Section 11 audit 2026"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("add a source: %d\n%s", r.Status, testkit.ErrorSummary(r.Body))
	}
	page := er.Get(theme).Body
	for _, want := range []string{"Q2 dashboard", "Section 11 audit 2026"} {
		if !strings.Contains(page, want) {
			t.Errorf("the golden thread lacks the source %q", want)
		}
	}
	practitioner := testkit.MustSignInAs(t, base, "practitioner@hsscp.example")
	if r := practitioner.Post(theme+"/sources", url.Values{"source_kind": {"audit"}}); r.Status != http.StatusForbidden {
		t.Errorf("a practitioner adding a source: %d", r.Status)
	}
}
