package server_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/scp-portal/portal/internal/reports"
	"github.com/scp-portal/portal/internal/testkit"
)

// bulletinLink finds the secret of a bulletin link of kind (confirm, unsubscribe) in the newest
// e-mail to address whose subject holds subject.
func bulletinLink(t *testing.T, db testkit.Row, address, subject, kind string) string {
	t.Helper()
	var body string
	testkit.MustQueryRow(t, db, `SELECT coalesce(max(body), '') FROM outbox WHERE to_address = $1 AND strpos(subject, $2) > 0`, address, subject).Scan(&body)
	m := regexp.MustCompile(`/hsscp/bulletins/` + kind + `/[A-Za-z0-9_-]{43}`).FindString(body)
	if m == "" {
		t.Fatalf("no %s link in the e-mail to %s: %q", kind, address, body)
	}
	return m
}

// Bulletins and the budget, on one demo server: someone subscribes on the public page and
// confirms by the e-mailed link; the business unit composes a bulletin, previews it and sends it
// once, to confirmed subscribers only; the unsubscribe link in it works without signing in.
func TestBulletinsAndTheBudget(t *testing.T) {
	t.Parallel()
	db, base := testkit.StartDemo(t, testkit.ServerOptions{})
	public := testkit.NewClient(t, base)
	bu := testkit.MustSignInAs(t, base, "business-unit@hsscp.example")
	const reader = "reader@school.example"

	t.Run("anyone subscribes, confirming by the link", func(t *testing.T) {
		if r := public.Post("/hsscp/bulletins/subscribe", url.Values{"email": {"not-an-address"}}); r.Status != http.StatusUnprocessableEntity ||
			!strings.Contains(r.Body, "not-an-address") {
			t.Errorf("a bad address: %d, kept: %v", r.Status, strings.Contains(r.Body, "not-an-address"))
		}
		public.MustPost("/hsscp/bulletins/subscribe", url.Values{"email": {reader}}, http.StatusOK)
		link := bulletinLink(t, db, reader, "Confirm your subscription", "confirm")
		if page := public.MustGet(link, http.StatusOK).Body; !strings.Contains(page, "Confirm your subscription") {
			t.Error("the link's page does not ask to confirm")
		}
		if n := testkit.MustQueryInt(t, db, `SELECT count(*) FROM bulletin_subscriber WHERE email = $1 AND confirmed_at IS NOT NULL`, reader); n != 0 {
			t.Error("opening the link confirmed the address before the button was pressed")
		}
		if page := public.MustPost(link, url.Values{}, http.StatusOK).Body; !strings.Contains(page, "You are subscribed") {
			t.Error("confirming does not say so")
		}
		public.MustPost(link, url.Values{}, http.StatusNotFound)
		// Another asks and never confirms; a third was confirmed long ago.
		public.MustPost("/hsscp/bulletins/subscribe", url.Values{"email": {"waiting@nursery.example"}}, http.StatusOK)
		testkit.MustQueryRow(t, db, `INSERT INTO bulletin_subscriber (partnership_id, email, confirmed_at)
			SELECT id, 'dsl@primary-school.example', now() - interval '1 year' FROM partnership WHERE slug = 'hsscp' RETURNING id`).Scan(new(int64))
	})

	var draft string
	t.Run("the business unit composes, previews and sends once", func(t *testing.T) {
		if r := bu.Post("/hsscp/e-bulletins/new", url.Values{"title": {"Our news"}, "month": {"someday"}}); r.Status != http.StatusUnprocessableEntity ||
			!strings.Contains(r.Body, "Choose the month the bulletin covers") || !strings.Contains(r.Body, "Our news") {
			t.Errorf("no month: %d", r.Status)
		}
		testkit.MustQueryString(t, db, `WITH c AS (INSERT INTO training_course (partnership_id, title) SELECT id, 'Neglect: recognising cumulative harm'
			FROM partnership WHERE slug = 'hsscp' RETURNING id, partnership_id)
			INSERT INTO training_session (partnership_id, course_id, starts_at, ends_at, place, trainer, capacity)
			SELECT partnership_id, id, now() + interval '7 days', now() + interval '7 days 3 hours', 'Civic Centre', 'Co-ordinator', 20 FROM c RETURNING id::text`)
		month := testkit.MustQueryString(t, db, `SELECT to_char(current_date, 'YYYY-MM')`)
		draft = bu.MustPost("/hsscp/e-bulletins/new", url.Values{"title": {"Test bulletin"}, "month": {month},
			"intro": {"## Hello\n\n<script>alert(1)</script>News."}}, http.StatusSeeOther).Location
		page := bu.MustGet(draft, http.StatusOK).Body
		if !strings.Contains(page, "<h2>Hello</h2>") || strings.Contains(page, "<script>alert") || !strings.Contains(page, "Send the bulletin") {
			t.Error("the preview does not show the words as sanitised Markdown with the send button")
		}
		if !strings.Contains(page, "Training dates") || !strings.Contains(page, "Neglect: recognising cumulative harm") {
			t.Error("the preview does not announce the training to come")
		}
		if public.Get(strings.Replace(draft, "/e-bulletins/", "/bulletins/", 1)).Status != http.StatusNotFound {
			t.Error("a draft is in the public archive")
		}
		version := testkit.MustVersion(t, page)
		if r := testkit.MustSignInAs(t, base, "executive@hsscp.example").Post(draft+"/send", url.Values{"version": {version}}); r.Status != http.StatusForbidden {
			t.Errorf("the Executive sending: %d", r.Status)
		}
		bu.MustPost(draft+"/send", url.Values{"version": {version}}, http.StatusSeeOther)
		if r := bu.Post(draft+"/send", url.Values{"version": {version}}); r.Status != http.StatusConflict || !strings.Contains(r.Body, "already been sent") {
			t.Errorf("a second send: %d", r.Status)
		}
		for address, want := range map[string]int{reader: 1, "dsl@primary-school.example": 1, "waiting@nursery.example": 0} {
			if n := testkit.MustQueryInt(t, db, `SELECT count(*) FROM outbox WHERE to_address = $1 AND subject = 'Test bulletin'`, address); n != want {
				t.Errorf("%s was sent the bulletin %d times, want %d", address, n, want)
			}
		}
		if !strings.Contains(public.MustGet("/hsscp/bulletins", http.StatusOK).Body, "Test bulletin") {
			t.Error("the sent bulletin is not in the public archive")
		}
	})

	t.Run("the unsubscribe link works without signing in", func(t *testing.T) {
		link := bulletinLink(t, db, reader, "Test bulletin", "unsubscribe")
		stranger := testkit.NewClient(t, base)
		stranger.MustGet(link, http.StatusOK)
		if page := stranger.MustPost(link, url.Values{}, http.StatusOK).Body; !strings.Contains(page, "You have unsubscribed") {
			t.Error("unsubscribing does not say so")
		}
		if n := testkit.MustQueryInt(t, db, `SELECT count(*) FROM bulletin_subscriber WHERE email = $1`, reader); n != 0 {
			t.Error("the address is still kept")
		}
		stranger.MustGet(link, http.StatusNotFound)
	})

	t.Run("the business unit drafts the budget, the Executive approves it, the yearly report draws on it", func(t *testing.T) {
		period := reports.YearOf(time.Now(), reports.April).Period(reports.April)
		year := strconv.Itoa(period.Start.Year())
		page := bu.MustPost("/hsscp/budget", url.Values{"year": {year}}, http.StatusSeeOther).Location
		council := testkit.MustOrgID(t, db, "hsscp", "Hartlepool Borough Council")
		version := testkit.MustVersion(t, bu.Get(page).Body)
		if r := bu.Post(page+"/lines", url.Values{"version": {version}, "kind": {"spending"}, "heading": {"Staffing"}, "planned": {"999999999999"}}); r.Status != http.StatusUnprocessableEntity ||
			!strings.Contains(r.Body, "£100 million or less") || !strings.Contains(r.Body, "Staffing") {
			t.Errorf("a huge amount: %d", r.Status)
		}
		for _, line := range []url.Values{
			{"kind": {"contribution"}, "organisation": {council}, "planned": {"96,250"}},
			{"kind": {"spending"}, "heading": {"Business unit staffing"}, "planned": {"80,000.50"}},
		} {
			line.Set("version", testkit.MustVersion(t, bu.Get(page).Body))
			bu.MustPost(page+"/lines", line, http.StatusSeeOther)
		}
		ex := testkit.MustSignInAs(t, base, "executive@hsscp.example")
		if r := ex.Post(page+"/lines", url.Values{"kind": {"income"}}); r.Status != http.StatusForbidden {
			t.Errorf("the Executive drafting: %d", r.Status)
		}
		bu.MustPost(page+"/submit", url.Values{"version": {testkit.MustVersion(t, bu.Get(page).Body)}}, http.StatusSeeOther)
		ex.MustPost(page+"/approve", url.Values{"version": {testkit.MustVersion(t, ex.Get(page).Body)}}, http.StatusSeeOther)
		read := testkit.MustSignInAs(t, base, "engine-room@hsscp.example").MustGet(page, http.StatusOK).Body
		if !strings.Contains(read, "Approved by the Executive") || !strings.Contains(read, "£96,250") || !strings.Contains(read, "100%") {
			t.Error("the Engine Room does not read the approved budget with the partner's share")
		}
		testkit.MustSignInAs(t, base, "practitioner@hsscp.example").MustGet(page, http.StatusForbidden)
		report := bu.MustPost("/hsscp/reports", url.Values{"kind": {"yearly"}, "year": {period.Key}}, http.StatusSeeOther).Location
		if body := bu.MustGet(report, http.StatusOK).Body; !strings.Contains(body, "Hartlepool Borough Council contributed £96,250 (100% of the partners&#39; contributions)") {
			t.Error("the yearly report's funding section does not draw on the approved budget")
		}
		// The published arrangements show the budget in force under their text, to anyone.
		arr := public.MustGet("/hsscp/arrangements", http.StatusOK).Body
		if !strings.Contains(arr, "The pooled budget for "+year+" to ") || !strings.Contains(arr, "<td>Hartlepool Borough Council</td><td>£96,250</td><td>100%</td>") {
			t.Error("the published arrangements do not show the approved budget's contributions")
		}
	})
}

// bulletinAndBudgetPages are the pages of bulletins and the budget for the accessibility check,
// as the business unit sees them: a draft and a sent bulletin are made for them.
func bulletinAndBudgetPages(t *testing.T, db testkit.Row) []string {
	t.Helper()
	var draft, sent string
	testkit.MustQueryRow(t, db, `WITH p AS (SELECT id FROM partnership WHERE slug = 'hsscp'),
		d AS (INSERT INTO bulletin (partnership_id, title, month, intro) SELECT id, 'Draft bulletin', date_trunc('month', current_date), '## News'||chr(10)||chr(10)||'- One' FROM p RETURNING id),
		s AS (INSERT INTO bulletin (partnership_id, title, month, intro, status, items, recipients, sent_at)
			SELECT id, 'Sent bulletin', date_trunc('month', current_date - 31), 'Hello', 'sent',
				'[{"kind":"document","title":"Arrangements (version 2)","path":"/hsscp/arrangements","on":"2026-10-01T00:00:00Z"}]', 3, now() FROM p RETURNING id)
		SELECT (SELECT id::text FROM d), (SELECT id::text FROM s)`).Scan(&draft, &sent)
	testkit.MustQueryRow(t, db, `WITH b AS (INSERT INTO budget (partnership_id, year) SELECT id, 2030 FROM partnership WHERE slug = 'hsscp' RETURNING id)
		INSERT INTO budget_line (budget_id, kind, organisation_id, heading, planned_pence, outturn_pence)
		SELECT b.id, 'contribution', o.id, '', 9625000, 9625000 FROM b, organisation o JOIN partnership p ON p.id = o.partnership_id WHERE p.slug = 'hsscp' AND o.statutory_role <> ''
		UNION ALL SELECT b.id, 'spending', NULL, 'Business unit staffing', 21400000, NULL FROM b RETURNING 1`).Scan(new(int))
	return []string{"/hsscp/e-bulletins", "/hsscp/e-bulletins/new", "/hsscp/e-bulletins/" + draft, "/hsscp/e-bulletins/" + sent,
		"/hsscp/bulletins", "/hsscp/bulletins/" + sent, "/hsscp/bulletins/subscribe", "/hsscp/budget", "/hsscp/budget/2030"}
}
