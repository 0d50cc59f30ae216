package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/scp-portal/portal/internal/testkit"
)

// dueIn is a due date's three fields, days from today.
func dueIn(v url.Values, days int) url.Values {
	d := time.Now().AddDate(0, 0, days)
	v.Set("due_on-day", d.Format("2"))
	v.Set("due_on-month", d.Format("1"))
	v.Set("due_on-year", d.Format("2006"))
	return v
}

// challengeable is the demo with a theme the Engine Room has started (its path), ready to be
// challenged, and the police's organisation id in HSSCP to address the challenge to.
func challengeable(t *testing.T) (db *pgxpool.Pool, base string, er *testkit.Client, police, theme string) {
	t.Helper()
	db, base, _ = portal(t)
	police = testkit.MustPartnerID(t, db, "hsscp", "police")
	er = testkit.MustSignInAs(t, base, "engine-room@hsscp.example")
	theme = er.MustCreateTheme(url.Values{"title": {"Missing episodes"}, "source_kind": {"performance_data"}})
	return db, base, er, police, theme
}

// TestAChallengeToThePolice: an Executive member challenges the police about a theme; the form
// keeps everything typed when refused; the police delegate records the response; the challenger
// closes it as answered, and the log shows it so.
func TestAChallengeToThePolice(t *testing.T) {
	t.Parallel()
	db, base, er, police, theme := challengeable(t)
	themeID := theme[strings.LastIndex(theme, "/")+1:]

	exec := testkit.MustSignInAs(t, base, "executive@hsscp.example")
	link := "/hsscp/challenges/new?subject_kind=theme&subject_id=" + themeID
	if page := exec.MustGet(theme, http.StatusOK).Body; !strings.Contains(page, strings.ReplaceAll(link, "&", "&amp;")) {
		t.Error("the theme's page does not offer the Executive to challenge it")
	}
	form := exec.MustGet(link, http.StatusOK).Body
	if !strings.Contains(form, `value="`+themeID+`"`) || !strings.Contains(form, `name="due_on-day" type="text" inputmode="numeric" value="`) {
		t.Error("the form does not open with the record named and a due date suggested")
	}
	v := url.Values{"subject_kind": {"theme"}, "subject_id": {themeID}, "addressee": {police}, "summary": {""},
		"detail": {"Return home interviews reach the police late."}, "due_on-day": {"31"}, "due_on-month": {"2"}, "due_on-year": {"2027"}}
	r := exec.Post("/hsscp/challenges", v)
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Enter the challenge in a sentence") ||
		!strings.Contains(r.Body, "Return home interviews reach the police late.") || !strings.Contains(r.Body, `value="31"`) {
		t.Fatalf("a challenge without its sentence and with a date that does not exist: %d\n%s", r.Status, testkit.ErrorSummary(r.Body))
	}
	v.Set("summary", "Why do return home interviews reach the police late?")
	challenge := exec.MustPost("/hsscp/challenges", dueIn(v, 14), http.StatusSeeOther).Location
	if n := testkit.MustCount(t, db, `audit_log WHERE action = 'challenge.raise' AND detail NOT LIKE '%return home%'`); n != 1 {
		t.Errorf("audit records of the challenge without its words: %d", n)
	}

	// The council's Executive member may not answer for the police; the police delegate does.
	exec.MustPost(challenge+"/respond", url.Values{"response": {"Not ours to answer."}}, http.StatusForbidden)
	page := er.MustGet(challenge, http.StatusOK).Body
	if !strings.Contains(page, "Record the response") || strings.Contains(page, "Close the challenge") {
		t.Fatal("the police delegate is not offered the response form alone")
	}
	version := testkit.MustVersion(t, page)
	r = er.Post(challenge+"/respond", url.Values{"response": {"   "}, "version": {version}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(testkit.ErrorSummary(r.Body), "Enter the response") {
		t.Errorf("an empty response: %d", r.Status)
	}
	er.MustPost(challenge+"/respond", url.Values{"response": {"Interviews are now shared within 72 hours."}, "version": {version}}, http.StatusSeeOther)

	page = exec.MustGet(challenge, http.StatusOK).Body
	if !strings.Contains(page, "Interviews are now shared within 72 hours.") || !strings.Contains(page, "Eddie Engine") {
		t.Fatal("the challenger does not see the response")
	}
	exec.MustPost(challenge+"/close", url.Values{"outcome": {"answered"}, "version": {testkit.MustVersion(t, page)}}, http.StatusSeeOther)
	log := er.MustGet("/hsscp/challenges?status=answered&addressee="+police, http.StatusOK).Body
	if !strings.Contains(log, "Why do return home interviews reach the police late?") || !strings.Contains(log, "Closed: answered") ||
		!strings.Contains(log, "A theme: Missing episodes") {
		t.Error("the log does not show the answered challenge")
	}
	if log := er.MustGet("/hsscp/challenges?status=open", http.StatusOK).Body; strings.Contains(log, "return home interviews") {
		t.Error("the closed challenge is still listed as open")
	}
}

// TestAnExecutiveProposalBecomesATheme: the Executive proposes a line of enquiry from the theme
// register; it is in the Engine Room's register, raised by an Executive proposal.
func TestAnExecutiveProposalBecomesATheme(t *testing.T) {
	t.Parallel()
	_, base, _ := portal(t)
	exec := testkit.MustSignInAs(t, base, "executive@hsscp.example")
	if !strings.Contains(exec.MustGet("/hsscp/themes", http.StatusOK).Body, `href="/hsscp/themes/propose"`) {
		t.Error("the theme register does not offer the Executive its proposal form")
	}
	r := exec.Post("/hsscp/themes/propose", url.Values{"title": {""}, "description": {"Young people lose support at 18."}, "reference": {"Executive, December"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Enter the line of enquiry in a few words") ||
		!strings.Contains(r.Body, "Young people lose support at 18.") || !strings.Contains(r.Body, `value="Executive, December"`) {
		t.Fatalf("a proposal without its title: %d\n%s", r.Status, testkit.ErrorSummary(r.Body))
	}
	theme := exec.MustPost("/hsscp/themes/propose", url.Values{"title": {"Transitions to adult services"},
		"description": {"Young people lose support at 18."}}, http.StatusSeeOther).Location

	er := testkit.MustSignInAs(t, base, "engine-room@hsscp.example")
	register := er.MustGet("/hsscp/themes?source=executive_proposal", http.StatusOK).Body
	if !strings.Contains(register, "Transitions to adult services") || !strings.Contains(register, "Executive proposal") {
		t.Errorf("the Engine Room's register does not hold the proposal:\n%s", register)
	}
	if page := er.MustGet(theme, http.StatusOK).Body; !strings.Contains(page, "Emerging") {
		t.Error("the proposed theme is not emerging")
	}
}

// TestHostileInputToChallenges: NUL bytes and text that is not UTF-8 are refused at the edge
// (400) and save nothing; numbers out of range and overlong text are refused on their field (422);
// never a server error.
func TestHostileInputToChallenges(t *testing.T) {
	t.Parallel()
	db, base, _ := portal(t)
	police := testkit.MustPartnerID(t, db, "hsscp", "police")
	exec := testkit.MustSignInAs(t, base, "executive@hsscp.example")
	v := dueIn(url.Values{"subject_kind": {"organisation\x00"}, "addressee": {"engine_room\x00"}, "summary": {"Late\x00"}, "detail": {"\xff\xfe"}}, 5)
	if r := exec.Post("/hsscp/challenges", v); r.Status != http.StatusBadRequest {
		t.Errorf("a challenge of NUL bytes: %d", r.Status)
	}
	if r := exec.Post("/hsscp/themes/propose", url.Values{"title": {"A\x00"}, "description": {"\xff"}}); r.Status != http.StatusBadRequest {
		t.Errorf("a proposal of NUL bytes: %d", r.Status)
	}
	if r := exec.Get("/hsscp/challenges?status=%00&addressee=%00&before=%00"); r.Status != http.StatusBadRequest {
		t.Errorf("a log filtered by NUL bytes: %d", r.Status)
	}
	for _, path := range []string{"/hsscp/challenges?status=nonsense&addressee=99999999999999999999&before=-1",
		"/hsscp/challenges?addressee=2147483648&before=2147483648", "/hsscp/disputes?status=overdue&before=2147483648"} {
		if r := exec.Get(path); r.Status != http.StatusOK {
			t.Errorf("%s: %d", path, r.Status)
		}
	}
	r := exec.Post("/hsscp/challenges", dueIn(url.Values{"subject_kind": {"theme"}, "subject_id": {"99999999999999999999"},
		"addressee": {police}, "summary": {strings.Repeat("é", 201)}}, 5))
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "200 characters or fewer") || !strings.Contains(r.Body, "whole number") {
		t.Errorf("a number out of range and an overlong challenge: %d\n%s", r.Status, testkit.ErrorSummary(r.Body))
	}
	if n := testkit.MustCount(t, db, `challenge`); n != 0 {
		t.Errorf("%d challenges saved from hostile input", n)
	}
	exec.MustPost("/hsscp/challenges", url.Values{"subject_kind": {"organisation"}, "addressee": {police}, "summary": {"Are missing children found in time?"},
		"due_on-day": {"1"}, "due_on-month": {"1"}, "due_on-year": {"2200"}}, http.StatusSeeOther)
	er := testkit.MustSignInAs(t, base, "engine-room@hsscp.example")
	id := testkit.MustSubmatch(t, `href="/hsscp/challenges/(\d+)"`, er.MustGet("/hsscp/challenges", http.StatusOK).Body)
	if r := er.Post("/hsscp/challenges/"+id+"/respond", url.Values{"response": {"\x00"}, "version": {"1"}}); r.Status != http.StatusBadRequest {
		t.Errorf("a response of NUL bytes: %d", r.Status)
	}
	if r := exec.Post("/hsscp/challenges/"+id+"/close", url.Values{"outcome": {"escalated"}, "closing_note": {"Why"}, "version": {"99999999999"}}); r.Status != http.StatusConflict {
		t.Errorf("a closing at a version out of range: %d", r.Status)
	}
	if n := testkit.MustCount(t, db, `challenge WHERE status = 'open' AND version = 1`); n != 1 {
		t.Error("hostile input changed the challenge")
	}
}

// checkChallengeAndDisputePages runs axe-core, for TestPagesMeetWCAG22AA, on the Executive's
// challenge log, a challenge with its closing form, the forms to raise a challenge and propose a
// line of enquiry, and the Engine Room's register of disagreements, one with its forms and the form
// to record one, each form in its error state too. It leaves the browser signed in.
func checkChallengeAndDisputePages(t *testing.T, b *testkit.Browser, base, orgID string, check func(path string)) {
	t.Helper()
	exec := testkit.MustSignInAs(t, base, "executive@hsscp.example")
	challenge := exec.MustPost("/hsscp/challenges", dueIn(url.Values{
		"subject_kind": {"organisation"}, "addressee": {orgID}, "summary": {"Is the partner meeting its duties?"}}, 14), http.StatusSeeOther).Location
	dispute := exec.MustPost("/hsscp/disputes", url.Values{"other_org": {orgID}, "summary": {"Who leads the strategy discussion"},
		"stage": {"managers"}}, http.StatusSeeOther).Location
	b.ClickAndLoad(t, ".header__sign-out button")
	b.MustSignIn(t, base, "executive@hsscp.example")
	for _, path := range []string{"/hsscp/challenges", "/hsscp/challenges/new", challenge, "/hsscp/themes/propose", "/hsscp/themes"} {
		check(path)
	}
	formErrors := func(path, button string) {
		t.Helper()
		b.MustOpen(t, base+path, "form")
		b.ClickAndLoad(t, button)
		b.CheckAccessibility(t, path+" with errors")
	}
	formErrors("/hsscp/challenges/new", "main button[type=submit]")
	formErrors("/hsscp/themes/propose", "main button[type=submit]")
	formErrors(challenge, "form[action$='/close'] button[type=submit]")

	b.ClickAndLoad(t, ".header__sign-out button")
	b.MustSignIn(t, base, "engine-room@hsscp.example")
	for _, path := range []string{"/hsscp/disputes", "/hsscp/disputes/new", dispute} {
		check(path)
	}
	formErrors("/hsscp/disputes/new", "main button[type=submit]")
	formErrors(dispute, "form[action$='/escalate'] button[type=submit]")
}
