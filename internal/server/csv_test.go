package server_test

import (
	"encoding/csv"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/testkit"
)

// download fetches a list's CSV as c, checks it is a download that is never kept, and returns its
// rows parsed by encoding/csv (the heading row first).
func download(t *testing.T, c *testkit.Client, path string) [][]string {
	t.Helper()
	r := c.Get(path)
	if r.Status != http.StatusOK {
		t.Fatalf("GET %s: %d", path, r.Status)
	}
	if ct := r.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("GET %s: Content-Type %q", path, ct)
	}
	if cd := r.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, `attachment; filename="`) || !strings.HasSuffix(cd, `.csv"`) {
		t.Errorf("GET %s: Content-Disposition %q", path, cd)
	}
	if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("GET %s: Cache-Control %q", path, cc)
	}
	rows, err := csv.NewReader(strings.NewReader(r.Body)).ReadAll()
	if err != nil {
		t.Fatalf("GET %s: not CSV: %v", path, err)
	}
	if len(rows) == 0 {
		t.Fatalf("GET %s: no heading row", path)
	}
	return rows
}

// column returns the cells of the column headed name, heading left out.
func column(t *testing.T, rows [][]string, name string) []string {
	t.Helper()
	i := slices.Index(rows[0], name)
	if i < 0 {
		t.Fatalf("no column %q in %v", name, rows[0])
	}
	var cells []string
	for _, r := range rows[1:] {
		cells = append(cells, r[i])
	}
	return cells
}

// lastExport is the detail of the newest export in the audit log by email.
func lastExport(t *testing.T, db *pgxpool.Pool, email string) string {
	t.Helper()
	var detail string
	if err := db.QueryRow(t.Context(), `SELECT detail FROM audit_log WHERE action = 'export' AND outcome = 'ok' AND actor_email = $1
		ORDER BY id DESC LIMIT 1`, email).Scan(&detail); err != nil {
		t.Fatalf("no export by %s in the audit log: %v", email, err)
	}
	return detail
}

// refusedTo checks that each of the downloads at paths is refused (403) to c, who naming them.
func refusedTo(t *testing.T, c *testkit.Client, who string, paths ...string) {
	t.Helper()
	for _, path := range paths {
		if r := c.Get(path); r.Status != http.StatusForbidden {
			t.Errorf("%s, %s: %d; want 403", who, path, r.Status)
		}
	}
}

// TestTheInboxDownloads: the inbox's filters select the download's rows, a formula is escaped,
// the download is audited by the filters' names, and those the inbox refuses are refused it.
func TestTheInboxDownloads(t *testing.T) {
	t.Parallel()
	db, base, _ := portal(t)
	pc := testkit.MustSignInAs(t, base, "practitioner@hsscp.example")
	pc.MustSubmitKLOE(testkit.KLOEAnswers(t, db))
	pc.MustSubmitKLOE(testkit.KLOEAnswers(t, db))
	cspr := pc.MustSubmitCSPR(testkit.CSPRAnswers(t, db))
	if _, err := db.Exec(t.Context(), `INSERT INTO rapid_review (partnership_id, request_id, reference, title, aware_on, clock_start, due_on, due_rule)
		SELECT partnership_id, id, 'HSSCP-RR-CSV-1', 'Child A', '2026-11-03', 'awareness', '2026-11-24', 'rule' FROM intake_request WHERE id = $1`, cspr); err != nil {
		t.Fatal(err)
	}
	er := testkit.MustSignInAs(t, base, "engine-room@hsscp.example")
	const hsscp = `intake_request WHERE status <> 'draft' AND partnership_id = (SELECT id FROM partnership WHERE slug = 'hsscp')`
	if _, err := db.Exec(t.Context(), `UPDATE intake_request SET title = '=HYPERLINK("x")' WHERE id = (SELECT min(id) FROM `+hsscp+` AND kind = 'kloe')`); err != nil {
		t.Fatal(err)
	}

	all := download(t, er, "/hsscp/inbox.csv")
	if want := testkit.MustCount(t, db, hsscp); len(all)-1 != want || want == 0 {
		t.Errorf("the whole inbox: %d rows, want %d", len(all)-1, want)
	}
	if !slices.Contains(column(t, all, "Request"), `'=HYPERLINK("x")`) {
		t.Error("a title beginning with = is not escaped")
	}
	// The status says what the request's page says: a CSPR request whose rapid review is under
	// way is "Rapid review in progress", as many as have one (issue #14).
	reviewing := testkit.MustCount(t, db, `intake_request q JOIN rapid_review v ON v.request_id = q.id
		WHERE q.partnership_id = (SELECT id FROM partnership WHERE slug = 'hsscp') AND q.status <> 'withdrawn'
		AND v.sent_to_panel_on IS NULL AND NOT EXISTS (SELECT 1 FROM local_cspr c WHERE c.review_id = v.id)`)
	n := 0
	for _, st := range column(t, all, "Status") {
		if st == "Rapid review in progress" {
			n++
		}
	}
	if n != reviewing || n == 0 {
		t.Errorf("requests in the download whose rapid review is under way: %d, want %d", n, reviewing)
	}
	kloe := download(t, er, "/hsscp/inbox.csv?kind=kloe&from-day=&page=3")
	if want := testkit.MustCount(t, db, hsscp+` AND kind = 'kloe'`); len(kloe)-1 != want || want != 2 {
		t.Errorf("KLOE requests: %d rows, want %d", len(kloe)-1, want)
	}
	for _, k := range column(t, kloe, "Kind") {
		if k != column(t, kloe, "Kind")[0] {
			t.Fatalf("the kind filter let through %q", k)
		}
	}
	if d := lastExport(t, db, "engine-room@hsscp.example"); d != "inbox; filters: kind" {
		t.Errorf("the audit record: %q", d)
	}
	if r := er.Get("/hsscp/inbox.csv?kind=nope"); r.Status != http.StatusBadRequest {
		t.Errorf("an unknown kind: %d", r.Status)
	}
	if page := er.Get("/hsscp/inbox?kind=kloe&page=2").Body; !strings.Contains(page, `href="/hsscp/inbox.csv?kind=kloe"`) {
		t.Error("the inbox does not link to its download with its filters")
	}
	refusedTo(t, pc, "a practitioner", "/hsscp/inbox.csv")
}

// TestThemesAndRecommendationsDownload: the theme register's filters select the download's rows;
// every recommendation comes with each of its actions, filtered by status; formulas are escaped;
// both are audited; those who may not read the learning loop are refused.
func TestThemesAndRecommendationsDownload(t *testing.T) {
	t.Parallel()
	db, base, _ := portal(t)
	if _, err := db.Exec(t.Context(), `
		WITH p AS (SELECT id FROM partnership WHERE slug = 'hsscp'),
		o AS (SELECT min(o.id) AS id FROM organisation o, p WHERE o.partnership_id = p.id),
		t AS (INSERT INTO theme (partnership_id, title, status) SELECT id, '=SUM(A1)', s FROM p, unnest('{emerging,under_enquiry}'::text[]) s RETURNING id, partnership_id),
		c AS (INSERT INTO commission (partnership_id, theme_id, title, key_lines, starts_on, due_on)
		      SELECT partnership_id, id, 'Commission X', 'k', '2026-01-01', '2026-02-01' FROM t RETURNING id, partnership_id),
		r AS (INSERT INTO recommendation (partnership_id, commission_id, title, owner_org_id, due_on, status)
		      SELECT c.partnership_id, c.id, 'Rec', o.id, '2026-03-01', s FROM c, o, unnest('{open,implemented}'::text[]) s RETURNING id)
		INSERT INTO action (recommendation_id, organisation_id, description, due_on)
		SELECT r.id, o.id, '-act', '2026-02-15' FROM r, o, generate_series(1, 2)`); err != nil {
		t.Fatal(err)
	}
	er := testkit.MustSignInAs(t, base, "engine-room@hsscp.example")
	const themes = `theme WHERE partnership_id = (SELECT id FROM partnership WHERE slug = 'hsscp')`
	all := download(t, er, "/hsscp/themes.csv")
	if want := testkit.MustCount(t, db, themes); len(all)-1 != want {
		t.Errorf("every theme: %d rows, want %d", len(all)-1, want)
	}
	emerging := download(t, er, "/hsscp/themes.csv?status=emerging")
	if want := testkit.MustCount(t, db, themes+` AND status = 'emerging'`); len(emerging)-1 != want || want == 0 {
		t.Errorf("emerging themes: %d rows, want %d", len(emerging)-1, want)
	}
	if !slices.Contains(column(t, emerging, "Theme"), "'=SUM(A1)") {
		t.Error("a theme's title beginning with = is not escaped")
	}
	if d := lastExport(t, db, "engine-room@hsscp.example"); d != "themes; filters: status" {
		t.Errorf("the audit record: %q", d)
	}
	if page := er.Get("/hsscp/themes?status=emerging").Body; !strings.Contains(page, `href="/hsscp/themes.csv?status=emerging"`) ||
		!strings.Contains(page, `href="/hsscp/recommendations.csv"`) {
		t.Error("the theme register does not link to its downloads")
	}

	recs := download(t, er, "/hsscp/recommendations.csv")
	if want := 4 * 2; len(recs)-1 != want { // two themes, two recommendations each with two actions
		t.Errorf("recommendations and actions: %d lines, want %d", len(recs)-1, want)
	}
	open := download(t, er, "/hsscp/recommendations.csv?status=open")
	if len(open)-1 != 4 || !slices.Contains(column(t, open, "Action"), "'-act") || column(t, open, "Commissioned learning")[0] != "Commission X" {
		t.Errorf("open recommendations: %v", open)
	}
	if d := lastExport(t, db, "engine-room@hsscp.example"); d != "recommendations; filters: status" {
		t.Errorf("the audit record: %q", d)
	}
	pr := testkit.MustSignInAs(t, base, "practitioner@hsscp.example")
	refusedTo(t, pr, "a practitioner", "/hsscp/themes.csv", "/hsscp/recommendations.csv", "/hsscp/recommendations",
		"/hsscp/recommendations?concern=actions_overdue")

	// The recommendations list (issue #14): the Engine Room home's "N actions overdue" links to it
	// showing the recommendations holding those actions, and the download takes its filters.
	today := time.Now().In(app.London).Format(time.DateOnly)
	overdue := `action a JOIN recommendation r ON r.id = a.recommendation_id JOIN partnership p ON p.id = r.partnership_id
		WHERE p.slug = 'hsscp' AND a.status = 'open' AND a.due_on < $1::date`
	nActions := testkit.MustCount(t, db, overdue, today)
	nRecs := testkit.MustQueryInt(t, db, `SELECT count(DISTINCT r.id) FROM `+overdue, today)
	home := er.Get("/hsscp/home").Body
	if want := `<a href="/hsscp/recommendations?concern=actions_overdue">` + strconv.Itoa(nActions) + ` actions overdue</a>`; nActions < 8 || !strings.Contains(home, want) {
		t.Errorf("the Engine Room home does not link %q (the test's own count: %d)", want, nActions)
	}
	// The task "Chase agencies' actions past their due date" leads there too.
	if n := strings.Count(home, `href="/hsscp/recommendations?concern=actions_overdue"`); n != 2 {
		t.Errorf("the Engine Room home links %d times to the recommendations with overdue actions; want 2, the card and the task", n)
	}
	if !strings.Contains(home, `<a href="/hsscp/recommendations?concern=evidence_due">`) {
		t.Error("the Engine Room home's evidence of impact due is not a link to the recommendations list")
	}
	if strings.Contains(pr.Get("/hsscp/home").Body, "/hsscp/recommendations") {
		t.Error("a practitioner's home links to the recommendations list, which refuses them")
	}
	page := er.Get("/hsscp/recommendations?concern=actions_overdue&status=implemented")
	if page.Status != http.StatusOK || !strings.Contains(page.Body, "<h1 class=\"heading-l\">Recommendations</h1>") ||
		!strings.Contains(page.Body, `href="/hsscp/recommendations.csv?concern=actions_overdue&amp;status=implemented"`) {
		t.Errorf("the filtered list: %d, without its heading or its download with its filters", page.Status)
	}
	if got := strings.Count(er.Get("/hsscp/recommendations?concern=actions_overdue&size=100").Body, `href="/hsscp/recommendations/`); got != nRecs {
		t.Errorf("with overdue actions: %d recommendations listed; the test's own count is %d", got, nRecs)
	}
	implemented := download(t, er, "/hsscp/recommendations.csv?concern=actions_overdue&status=implemented")
	if len(implemented)-1 != 4 || slices.ContainsFunc(column(t, implemented, "Status"), func(s string) bool { return s != "Implemented" }) {
		t.Errorf("implemented recommendations with overdue actions: %v; want the two implemented, with their two actions each", implemented)
	}
	if d := lastExport(t, db, "engine-room@hsscp.example"); d != "recommendations; filters: status, concern" {
		t.Errorf("the audit record: %q", d)
	}
	// A filter that is not one of the choices says so, and is never a 500 (the middleware
	// answers a NUL byte with 400 before the page reads it).
	for path, want := range map[string]int{
		"/hsscp/recommendations?status=nope":         http.StatusUnprocessableEntity,
		"/hsscp/recommendations?concern=overdue":     http.StatusUnprocessableEntity,
		"/hsscp/recommendations?concern=%00":         http.StatusBadRequest,
		"/hsscp/recommendations?status=open%00":      http.StatusBadRequest,
		"/hsscp/recommendations.csv?concern=overdue": http.StatusBadRequest,
		"/hsscp/recommendations.csv?status=%00":      http.StatusBadRequest,
	} {
		r := er.Get(path)
		if r.Status != want {
			t.Errorf("GET %s: %d; want %d", path, r.Status, want)
		}
		if r.Status == http.StatusUnprocessableEntity && (!strings.Contains(r.Body, "Choose a status from the list") && !strings.Contains(r.Body, "Choose what to show from the list") ||
			!strings.Contains(r.Body, "<title>Error: Recommendations")) {
			t.Errorf("GET %s: no error message", path)
		}
	}
}

// TestALongDecisionsLogDownloadsWhole: 20,000 decisions come out whole, row by row, filtered as the
// page filters them, with a formula escaped; the download is audited; a practitioner is refused.
func TestALongDecisionsLogDownloadsWhole(t *testing.T) {
	t.Parallel()
	db := testkit.NewDemoDB(t, time.Now(), true)
	base := testkit.StartServer(t, db, testkit.ServerOptions{})
	var body int64
	testkit.MustQueryRow(t, db, `SELECT body_id FROM meeting WHERE title = 'Executive, fourth quarter'
		AND partnership_id = (SELECT id FROM partnership WHERE slug = 'hsscp')`).Scan(&body)
	if _, err := db.Exec(t.Context(), `
		INSERT INTO meeting_decision (partnership_id, body_id, meeting_id, item_id, text, owner_id, due_on, done_on)
		SELECT m.partnership_id, m.body_id, m.id, (SELECT id FROM meeting_item WHERE meeting_id = m.id ORDER BY position LIMIT 1),
		       CASE WHEN n = 1 THEN '@SUM(A1)' ELSE 'Decision ' || n END, (SELECT id FROM app_user WHERE email = 'business-unit@hsscp.example'),
		       current_date + 400, CASE WHEN n % 4 = 0 THEN current_date - 1 END
		FROM meeting m, generate_series(1, 20000) n WHERE m.body_id = $1 AND m.title = 'Executive, fourth quarter'`, body); err != nil {
		t.Fatal(err)
	}
	bu := testkit.MustSignInAs(t, base, "business-unit@hsscp.example")
	path := "/hsscp/bodies/" + strconv.FormatInt(body, 10) + "/decisions.csv"
	all := download(t, bu, path)
	if want := testkit.MustCount(t, db, `meeting_decision WHERE body_id = $1`, body); len(all)-1 != want || want < 20000 {
		t.Errorf("the whole log: %d rows, want %d", len(all)-1, want)
	}
	if !slices.Contains(column(t, all, "Decision"), "'@SUM(A1)") {
		t.Error("a decision beginning with @ is not escaped")
	}
	done := download(t, bu, path+"?status=done&page=7")
	if want := testkit.MustCount(t, db, `meeting_decision WHERE body_id = $1 AND done_on IS NOT NULL`, body); len(done)-1 != want || want < 5000 {
		t.Errorf("done actions: %d rows, want %d", len(done)-1, want)
	}
	if d := lastExport(t, db, "business-unit@hsscp.example"); d != "decisions_log; filters: status" {
		t.Errorf("the audit record: %q", d)
	}
	if page := bu.Get(strings.TrimSuffix(path, ".csv") + "?status=done").Body; !strings.Contains(page, `href="`+path+`?status=done"`) {
		t.Error("the log does not link to its download with its filters")
	}
	refusedTo(t, testkit.MustSignInAs(t, base, "practitioner@hsscp.example"), "a practitioner", path)
}

// TestTheAuditLogAndPeopleDownload: the business unit downloads the audit log searched by person
// and the people by status; the audit records name the filters, never what was typed; the Engine
// Room is refused both, as it is the pages.
func TestTheAuditLogAndPeopleDownload(t *testing.T) {
	t.Parallel()
	db, base, _ := portal(t)
	testkit.MustSignInAs(t, base, "engine-room@hsscp.example")
	bu := testkit.MustSignInAs(t, base, "business-unit@hsscp.example")
	const hsscp = `partnership_id = (SELECT id FROM partnership WHERE slug = 'hsscp')`
	log := download(t, bu, "/hsscp/admin/audit.csv?person=engine-room&before=99999")
	if want := testkit.MustCount(t, db, `audit_log WHERE `+hsscp+` AND strpos(actor_email, 'engine-room') > 0`); len(log)-1 != want || want == 0 {
		t.Errorf("the Engine Room's entries: %d rows, want %d", len(log)-1, want)
	}
	for _, who := range column(t, log, "Who") {
		if who != "engine-room@hsscp.example" {
			t.Fatalf("the person filter let through %q", who)
		}
	}
	if d := lastExport(t, db, "business-unit@hsscp.example"); d != "audit_log; filters: person" {
		t.Errorf("the audit record: %q", d)
	}
	people := download(t, bu, "/hsscp/admin/users.csv?status=active")
	if want := testkit.MustCount(t, db, `app_user WHERE `+hsscp+` AND status = 'active'`); len(people)-1 != want || want == 0 {
		t.Errorf("active people: %d rows, want %d", len(people)-1, want)
	}
	if d := lastExport(t, db, "business-unit@hsscp.example"); d != "users; filters: status" {
		t.Errorf("the audit record: %q", d)
	}
	if page := bu.Get("/hsscp/admin/users?status=active").Body; !strings.Contains(page, `href="/hsscp/admin/users.csv?status=active"`) {
		t.Error("the people page does not link to its download")
	}
	if r := bu.Get("/hsscp/admin/audit.csv?from-day=31&from-month=2&from-year=2026"); r.Status != http.StatusBadRequest {
		t.Errorf("a day that does not exist: %d", r.Status)
	}
	refusedTo(t, testkit.MustSignInAs(t, base, "engine-room@hsscp.example"), "the Engine Room", "/hsscp/admin/audit.csv", "/hsscp/admin/users.csv")
}

// TestTheReviewRegisterDownloads: every rapid review, as the register shows it, escaped and
// audited; the Executive and practitioners, whom the register refuses, are refused it.
func TestTheReviewRegisterDownloads(t *testing.T) {
	t.Parallel()
	db, base, _ := portal(t)
	er := testkit.MustSignInAs(t, base, "engine-room@hsscp.example")
	for _, title := range []string{"Child A (2026)", "Child B (2026)", "Child C (2026)"} {
		er.MustStartReview(title, "3 11 2026")
	}
	if _, err := db.Exec(t.Context(), `UPDATE rapid_review SET title = '+Child D' WHERE title = 'Child C (2026)'`); err != nil {
		t.Fatal(err)
	}
	rows := download(t, er, "/hsscp/reviews.csv")
	if want := testkit.MustCount(t, db, `rapid_review WHERE partnership_id = (SELECT id FROM partnership WHERE slug = 'hsscp')`); len(rows)-1 != want || want < 3 {
		t.Errorf("the register: %d rows, want %d", len(rows)-1, want)
	}
	if !slices.Contains(column(t, rows, "Review"), "'+Child D") || column(t, rows, "Deadline")[0] == "" {
		t.Errorf("the register's download: %v", rows)
	}
	if d := lastExport(t, db, "engine-room@hsscp.example"); d != "reviews; filters: none" {
		t.Errorf("the audit record: %q", d)
	}
	if page := er.Get("/hsscp/reviews").Body; !strings.Contains(page, `href="/hsscp/reviews.csv"`) {
		t.Error("the register does not link to its download")
	}
	for _, who := range []string{"executive@hsscp.example", "practitioner@hsscp.example"} {
		refusedTo(t, testkit.MustSignInAs(t, base, who), who, "/hsscp/reviews.csv")
	}
}
