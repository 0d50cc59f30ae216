package server_test

import (
	"context"
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
	pc := testkit.NewClient(t, base)
	pc.SignIn("practitioner@hsscp.example", testkit.DemoPassword)
	v := kloeAnswers(t, db)
	v.Set("form_key", startForm(t, pc, "/hsscp/kloe/new"))
	v.Set("action", "continue")
	r := postMultipart(t, pc, "/hsscp/kloe/new", v)
	pc.Post(strings.Replace(r.Location, "/check", "/submit", 1), nil)

	er := testkit.NewClient(t, base)
	er.SignIn("engine-room@hsscp.example", testkit.DemoPassword)
	if r := er.Post("/hsscp/meetings", url.Values{"title": {""}}); r.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, "Enter the meeting&#39;s title") || !strings.Contains(r.Body, "Enter the date as a real date") {
		t.Fatalf("a meeting without title or date: %d", r.Status)
	}
	today := time.Now()
	var engineRoom string
	if err := db.QueryRow(context.Background(), `SELECT id::text FROM app_user WHERE email = 'engine-room@hsscp.example'`).Scan(&engineRoom); err != nil {
		t.Fatal(err)
	}
	r = er.Post("/hsscp/meetings", url.Values{"title": {"Engine Room, December"}, "held_on-day": {today.Format("2")},
		"held_on-month": {today.Format("1")}, "held_on-year": {today.Format("2006")}, "attendees": {engineRoom}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("plan a meeting: %d\n%s", r.Status, errorSummary(r.Body))
	}
	meeting := r.Location
	page := er.Get(meeting)
	item := regexp.MustCompile(`href="(/hsscp/inbox/\d+\?meeting=(\d+))"`).FindStringSubmatch(page.Body)
	if item == nil || !strings.Contains(page.Body, "Eddie Engine") {
		t.Fatalf("the agenda does not list the request awaiting triage, or the attendee:\n%s", page.Body)
	}
	detail := er.Get(item[1])
	if !regexp.MustCompile(`<option value="` + item[2] + `" selected>`).MatchString(detail.Body) {
		t.Error("the triage form opened from the agenda does not name the meeting")
	}
	version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(detail.Body)[1]
	requestPath := strings.SplitN(item[1], "?", 2)[0]
	r = er.Post(requestPath+"/triage", url.Values{"decision": {"close"}, "triage_outcome": {"Already covered by the neglect theme."},
		"version": {version}, "meeting": {item[2]}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("triage: %d\n%s", r.Status, errorSummary(r.Body))
	}
	itemID := regexp.MustCompile(`name="(minute-\d+)"`).FindStringSubmatch(page.Body)[1]
	minutesVersion := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page.Body)[1]
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
	if r.Status != http.StatusConflict || !strings.Contains(errorSummary(r.Body), "Someone else saved these minutes") ||
		!strings.Contains(r.Body, "Deferred to next month.") {
		t.Errorf("a stale save of the minutes: %d\n%s", r.Status, errorSummary(r.Body))
	}
	if page := er.Get(meeting).Body; !strings.Contains(page, "Closed: covered by the neglect theme.") {
		t.Error("the stale save overwrote the first minute")
	}
}

// Claiming a stage of the learning loop the theme has not reached is refused at the status
// question, with everything typed kept.
func TestAThemeCannotSkipAheadOfTheLoop(t *testing.T) {
	t.Parallel()
	_, base, _ := portal(t)
	er := testkit.NewClient(t, base)
	er.SignIn("engine-room@hsscp.example", testkit.DemoPassword)
	if r := er.Post("/hsscp/themes", url.Values{"title": {"Skipping ahead"}, "status": {"impact_testing"}, "source_kind": {"audit"}}); r.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(errorSummary(r.Body), "A new theme is emerging or under enquiry") {
		t.Errorf("a new theme already testing impact: %d\n%s", r.Status, errorSummary(r.Body))
	}
	r := er.Post("/hsscp/themes", url.Values{"title": {"Skipping ahead"}, "source_kind": {"audit"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("start a theme: %d\n%s", r.Status, errorSummary(r.Body))
	}
	edit := r.Location + "/edit"
	form := er.Get(edit).Body
	v := url.Values{"title": {"A retitled theme"}, "status": {"impact_testing"}, "reason": {"It feels done"},
		"version": {regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(form)[1]}}
	r = er.Post(edit, v)
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(errorSummary(r.Body), "there is nothing to test the impact of") ||
		!strings.Contains(r.Body, "A retitled theme") || !strings.Contains(r.Body, "It feels done") {
		t.Errorf("skipping to impact testing: %d\n%s", r.Status, errorSummary(r.Body))
	}
	v.Set("status", "closed")
	v.Set("reason", "")
	if r := er.Post(edit, v); r.Status != http.StatusUnprocessableEntity || !strings.Contains(errorSummary(r.Body), "Say why the status is changing") {
		t.Errorf("a status change with no reason: %d\n%s", r.Status, errorSummary(r.Body))
	}
}

// Later sources join a theme: an audit found after the request that started it.
func TestAnotherSourceJoinsATheme(t *testing.T) {
	t.Parallel()
	_, base, _ := portal(t)
	er := testkit.NewClient(t, base)
	er.SignIn("engine-room@hsscp.example", testkit.DemoPassword)
	r := er.Post("/hsscp/themes", url.Values{"title": {"Neglect"}, "source_kind": {"performance_data"}, "source_reference": {"Q2 dashboard"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("start a theme: %d\n%s", r.Status, errorSummary(r.Body))
	}
	theme := r.Location
	if r := er.Post(theme+"/sources", url.Values{"source_kind": {""}, "source_reference": {"Section 11 audit 2026"}}); r.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(errorSummary(r.Body), "Choose what raised the theme") || !strings.Contains(r.Body, "Section 11 audit 2026") {
		t.Errorf("a source of no kind: %d\n%s", r.Status, errorSummary(r.Body))
	}
	if r := er.Post(theme+"/sources", url.Values{"source_kind": {"audit"}, "source_reference": {"Section 11 audit 2026"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("add a source: %d\n%s", r.Status, errorSummary(r.Body))
	}
	page := er.Get(theme).Body
	for _, want := range []string{"Q2 dashboard", "Section 11 audit 2026"} {
		if !strings.Contains(page, want) {
			t.Errorf("the golden thread lacks the source %q", want)
		}
	}
	practitioner := testkit.NewClient(t, base)
	practitioner.SignIn("practitioner@hsscp.example", testkit.DemoPassword)
	if r := practitioner.Post(theme+"/sources", url.Values{"source_kind": {"audit"}}); r.Status != http.StatusForbidden {
		t.Errorf("a practitioner adding a source: %d", r.Status)
	}
}
