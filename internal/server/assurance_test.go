package server_test

import (
	"context"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/scp-portal/portal/internal/seed"
	"github.com/scp-portal/portal/internal/testkit"
)

// expectForm fails unless r is the form again with status, naming each problem and keeping each
// value typed.
func expectForm(t *testing.T, what string, r testkit.Response, status int, texts ...string) {
	t.Helper()
	if r.Status != status {
		t.Errorf("%s: got %d, want %d", what, r.Status, status)
	}
	for _, s := range texts {
		if !strings.Contains(r.Body, s) {
			t.Errorf("%s: the page does not show %q", what, s)
		}
	}
}

// The business unit defines a Section 11 framework and opens a round; every form that comes back
// names each problem and keeps what was typed. The police's lead, named by the business unit,
// completes the police's return, saving as they go, and submits it; nobody else changes it, and
// once submitted it is locked. The results show the ratings in words.
func TestASection11RoundThroughThePortal(t *testing.T) {
	t.Parallel()
	db, base := testkit.StartDemo(t, testkit.ServerOptions{})
	bu, lead := testkit.MustSignInAs(t, base, "business-unit@hsscp.example"), testkit.MustSignInAs(t, base, "engine-room@hsscp.example")
	ex, pr := testkit.MustSignInAs(t, base, "executive@hsscp.example"), testkit.MustSignInAs(t, base, "practitioner@hsscp.example")

	if !strings.Contains(bu.Get("/hsscp/home").Body, `href="/hsscp/assurance"`) || strings.Contains(pr.Get("/hsscp/home").Body, `href="/hsscp/assurance"`) {
		t.Error("the Audits link is not for the business unit alone of these two")
	}
	expectForm(t, "a framework with a bad year", bu.Post("/hsscp/assurance/frameworks", url.Values{"name": {"Section 11"}, "year": {"20x"}}),
		http.StatusUnprocessableEntity, "Enter the year as four digits", `value="Section 11"`, `value="20x"`)
	year := strconv.Itoa(time.Now().Year())
	version := bu.MustPost("/hsscp/assurance/frameworks", url.Values{"name": {"Section 11"}, "year": {year}}, http.StatusSeeOther).Location

	expectForm(t, "a standard with no title", bu.Post(version+"/standards", url.Values{"questions": {"Who is accountable?"}}),
		http.StatusUnprocessableEntity, "Enter the standard", "Who is accountable?")
	expectForm(t, "a standard with nothing", bu.Post(version+"/standards", url.Values{}),
		http.StatusUnprocessableEntity, "Enter the standard", "Enter at least one question")
	for _, title := range []string{"Leadership and accountability", "Safer recruitment", "Dropped"} {
		bu.MustPost(version+"/standards", url.Values{"title": {title}, "questions": {"Who is accountable?"}}, http.StatusSeeOther)
	}
	dropped := "/hsscp/assurance/standards/" + testkit.MustQueryString(t, db, `SELECT id::text FROM assurance_standard WHERE title = 'Dropped'`)
	expectForm(t, "a standard changed with no title", bu.Post(dropped, url.Values{"version": {"1"}, "questions": {"Kept?"}}),
		http.StatusUnprocessableEntity, "Enter the standard", "Kept?")
	expectForm(t, "a stale removal", bu.Post(dropped+"/remove", url.Values{"version": {"2"}}), http.StatusConflict, "Someone else changed this standard")
	bu.MustPost(dropped+"/remove", url.Values{"version": {"1"}}, http.StatusSeeOther)
	expectForm(t, "a round with no organisations and a date that does not exist",
		bu.Post(version+"/rounds", url.Values{"due_on-day": {"31"}, "due_on-month": {"2"}, "due_on-year": {"2027"}}),
		http.StatusUnprocessableEntity, "Choose the kinds of organisation", "Enter the deadline as a real date", `value="31"`)
	due := time.Now().AddDate(0, 0, 7)
	round := bu.MustPost(version+"/rounds", url.Values{"categories": {"local_authority", "police"}, "due_on-day": {strconv.Itoa(due.Day())},
		"due_on-month": {strconv.Itoa(int(due.Month()))}, "due_on-year": {strconv.Itoa(due.Year())}}, http.StatusSeeOther).Location
	if page := ex.MustGet(round, http.StatusOK).Body; !strings.Contains(page, "British Transport Police") || !strings.Contains(page, "No lead named") {
		t.Error("the round does not list the police forces' returns, one with no lead")
	}
	if pr.Get(round).Status != http.StatusForbidden {
		t.Error("a practitioner reads the round")
	}
	expectForm(t, "a chase before the deadline", bu.Post(round+"/chase", url.Values{}), http.StatusConflict, "The deadline has not passed")

	police := "/hsscp/assurance/returns/" + testkit.MustQueryString(t, db, `SELECT x.id::text FROM assurance_return x JOIN organisation o ON o.id = x.organisation_id
		WHERE o.name = 'Cleveland Police'`)
	engineRoom := strconv.FormatInt(testkit.MustUserID(t, db, "engine-room@hsscp.example"), 10)
	expectForm(t, "no lead chosen", bu.Post(police+"/lead", url.Values{"version": {"1"}}), http.StatusUnprocessableEntity, "Choose the lead from the list")
	bu.MustPost(police+"/lead", url.Values{"version": {"1"}, "lead": {engineRoom}}, http.StatusSeeOther)
	testkit.OneNotice(t, db, "engine-room@hsscp.example", "self-assessment audit return is due")
	if !strings.Contains(lead.Get("/hsscp/assurance/my-returns").Body, police) {
		t.Error("the lead's own returns do not list the police's")
	}

	standards := strings.Fields(testkit.MustQueryString(t, db, `SELECT string_agg(id::text, ' ' ORDER BY position) FROM assurance_standard`))
	page := lead.MustGet(police, http.StatusOK).Body
	if !strings.Contains(page, "Submit the return") {
		t.Fatal("the lead is not offered the return's form")
	}
	v := testkit.MustVersion(t, page)
	half := url.Values{"version": {v}, "intent": {"submit"}, "rating-" + standards[0]: {"amber"}, "evidence-" + standards[0]: {"Checked 20 staff files"}}
	expectForm(t, "a submission with a standard not rated", lead.Post(police, half), http.StatusUnprocessableEntity,
		"Rate standard 2 red, amber or green", "Enter the evidence for standard 2", "Checked 20 staff files")
	if ex.Post(police, half).Status != http.StatusForbidden {
		t.Error("the council's lead changed the police's return")
	}
	half.Set("intent", "save")
	lead.MustPost(police, half, http.StatusSeeOther)
	full := url.Values{"version": {testkit.MustVersion(t, lead.Get(police).Body)}, "intent": {"submit"},
		"rating-" + standards[0]: {"amber"}, "evidence-" + standards[0]: {"Checked 20 staff files"},
		"rating-" + standards[1]: {"green"}, "evidence-" + standards[1]: {"Every check in place"}}
	lead.MustPost(police, full, http.StatusSeeOther)
	submitted, _ := strconv.Atoi(full.Get("version"))
	full.Set("version", strconv.Itoa(submitted+1))
	expectForm(t, "a save once submitted", lead.Post(police, full), http.StatusConflict, "has been submitted")

	// The Executive challenges a rating; the police's lead answers it.
	expectForm(t, "a challenge of nothing", ex.Post(police+"/challenges", url.Values{"challenge": {"Why green?"}}), http.StatusUnprocessableEntity,
		"Choose the standard whose rating you challenge", "Why green?")
	if lead.Post(police+"/challenges", url.Values{"standard": {standards[1]}, "challenge": {"Mine"}}).Status != http.StatusForbidden {
		t.Error("the lead challenged their own return")
	}
	ex.MustPost(police+"/challenges", url.Values{"standard": {standards[1]}, "challenge": {"Green, with three posts vacant?"}}, http.StatusSeeOther)
	challenge := police + "/challenges/" + testkit.MustQueryString(t, db, `SELECT id::text FROM assurance_challenge`)
	if !strings.Contains(lead.MustGet(police, http.StatusOK).Body, "Green, with three posts vacant?") {
		t.Error("the lead does not see the challenge")
	}
	expectForm(t, "an empty response", lead.Post(challenge, url.Values{"challenge_id": {path.Base(challenge)}}), http.StatusUnprocessableEntity, "Enter the response")
	response := "response-" + path.Base(challenge) // one field per challenge: a return may show several
	if ex.Post(challenge, url.Values{response: {"Not mine"}}).Status != http.StatusForbidden {
		t.Error("someone other than the lead answered the challenge")
	}
	lead.MustPost(challenge, url.Values{response: {"Interim checks cover the vacancies."}}, http.StatusSeeOther)
	if !strings.Contains(ex.MustGet(police, http.StatusOK).Body, "Interim checks cover the vacancies.") {
		t.Error("the response is not shown")
	}

	// The business unit agrees an action on the results; it is learning's recommendation.
	force := testkit.MustOrgID(t, db, "hsscp", "Cleveland Police")
	expectForm(t, "an action with no organisation", bu.Post(round+"/actions", url.Values{"rec_title": {"Fill the vacant posts"}}),
		http.StatusUnprocessableEntity, "Choose the organisation that owns it", "Fill the vacant posts")
	bu.MustPost(round+"/actions", url.Values{"rec_title": {"Fill the vacant posts"}, "rec_owner": {force}, "rec_due-day": {"31"},
		"rec_due-month": {"3"}, "rec_due-year": {strconv.Itoa(due.Year() + 1)}}, http.StatusSeeOther)
	rec := "/hsscp/recommendations/" + testkit.MustQueryString(t, db, `SELECT id::text FROM recommendation WHERE assurance_round_id IS NOT NULL`)
	if !strings.Contains(ex.MustGet(round, http.StatusOK).Body, rec) || !strings.Contains(ex.MustGet(rec, http.StatusOK).Body, "Self-assessment audit: Section 11 "+year+" round") {
		t.Error("the agreed action is not listed on the round, or its recommendation does not name the round")
	}

	results := ex.MustGet(round+"/results", http.StatusOK).Body
	for _, want := range []string{"1 of 4 (25%)", ">Amber<", ">Green<", "first round"} {
		if !strings.Contains(results, want) {
			t.Errorf("the results do not show %q", want)
		}
	}
	if pr.Get(round+"/results").Status != http.StatusForbidden || pr.Get(police).Status != http.StatusForbidden {
		t.Error("a practitioner reads the results or a return")
	}
	// Every change is audited, by ids and choices, never by what was typed.
	if n := testkit.MustCount(t, db, `audit_log WHERE action IN ('assurance-framework.create', 'assurance-standard.add', 'assurance-standard.remove',
		'assurance-round.open', 'assurance-return.lead', 'assurance-return.save', 'assurance-return.submit', 'assurance-challenge.raise',
		'assurance-challenge.respond')`); n != 11 {
		t.Errorf("audit entries of the changes: %d, want 11", n)
	}
	for _, typed := range []string{"Section 11", "Leadership", "Checked 20 staff files", "three posts vacant", "Interim checks", "vacant posts"} {
		if n := testkit.MustCount(t, db, `audit_log WHERE detail LIKE '%' || $1 || '%'`, typed); n != 0 {
			t.Errorf("%d audit entries hold %q", n, typed)
		}
	}
}

// The assurance pages read in a fixed number of queries however many organisations, returns,
// ratings, challenges and rounds there are (no N+1 queries).
func TestAssurancePagesRunAFixedNumberOfQueries(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, counter := testkit.NewCountedDB(t)
	if _, err := seed.Demo(ctx, db, testkit.DemoPassword, time.Now(), true); err != nil {
		t.Fatal(err)
	}
	base := testkit.StartServer(t, db, testkit.ServerOptions{})
	bu := testkit.MustSignInAs(t, base, "business-unit@hsscp.example")
	round := testkit.MustQueryString(t, db, `SELECT max(id)::text FROM assurance_round`)
	ret := testkit.MustQueryString(t, db, `SELECT min(x.id)::text FROM assurance_return x JOIN organisation o ON o.id = x.organisation_id
		WHERE x.round_id = $1 AND o.name = 'Stockton-on-Tees Borough Council'`, round)
	pages := []string{"/hsscp/assurance", "/hsscp/assurance/rounds/" + round, "/hsscp/assurance/rounds/" + round + "/results",
		"/hsscp/assurance/returns/" + ret, "/hsscp/assurance/frameworks/" + testkit.MustQueryString(t, db, `SELECT min(id)::text FROM assurance_framework`)}
	measure := func() []int64 {
		var m []int64
		for _, p := range pages {
			counter.Reset()
			bu.MustGet(p, http.StatusOK)
			m = append(m, counter.Count())
		}
		return m
	}
	before := measure()
	// Thirty more police forces, each with a submitted return rated on every standard, a challenge
	// on Stockton's return, and three more rounds.
	if _, err := db.Exec(ctx, `
		WITH p AS (SELECT id FROM partnership WHERE slug = 'hsscp'),
		o AS (INSERT INTO organisation (partnership_id, name, category) SELECT p.id, 'Force ' || n, 'police' FROM p, generate_series(1, 30) n RETURNING id, partnership_id),
		x AS (INSERT INTO assurance_return (round_id, partnership_id, organisation_id, status, submitted_at)
			SELECT $1::bigint, o.partnership_id, o.id, 'submitted', now() FROM o RETURNING id)
		INSERT INTO assurance_rating (return_id, standard_id, rating)
		SELECT x.id, s.id, 'amber' FROM x, assurance_round r JOIN assurance_standard s ON s.version_id = r.version_id WHERE r.id = $1::bigint`, round); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(ctx, `INSERT INTO assurance_challenge (return_id, standard_id, challenge)
		SELECT $1::bigint, s.id, 'Why?' FROM assurance_return x JOIN assurance_round r ON r.id = x.round_id JOIN assurance_standard s ON s.version_id = r.version_id
		WHERE x.id = $1::bigint`, ret); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(ctx, `INSERT INTO assurance_round (partnership_id, version_id, categories, opened_on, due_on)
		SELECT partnership_id, version_id, categories, opened_on - 400 * n, due_on - 400 * n FROM assurance_round, generate_series(1, 3) n WHERE id = $1::bigint`, round); err != nil {
		t.Fatal(err)
	}
	after := measure()
	for i, p := range pages {
		if before[i] != after[i] || after[i] == 0 {
			t.Errorf("%s: %d queries, then %d with more rows", p, before[i], after[i])
		}
	}
}
