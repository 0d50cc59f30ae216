package testkit

import (
	"bytes"
	"context"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/database"
)

// The fixtures below set a test up or read its results back; each fails the test at once when it
// cannot, so a test body holds only what it checks.

// Row is what the database fixtures read from: a pool, a connection or a transaction.
type Row interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// MustRow is one row of a query whose Scan fails the test on an error.
type MustRow struct {
	t   testing.TB
	sql string
	row pgx.Row
}

// MustQueryRow runs a query expected to return one row; call Scan on the result.
func MustQueryRow(t testing.TB, db Row, sql string, args ...any) MustRow {
	t.Helper()
	return MustRow{t: t, sql: sql, row: db.QueryRow(context.Background(), sql, args...)}
}

// Scan reads the row into dest, failing the test on an error (no row included).
func (r MustRow) Scan(dest ...any) {
	r.t.Helper()
	if err := r.row.Scan(dest...); err != nil {
		r.t.Fatalf("testkit: %s: %v", strings.Join(strings.Fields(r.sql), " "), err)
	}
}

// MustQueryInt returns the single integer a query selects.
func MustQueryInt(t testing.TB, db Row, sql string, args ...any) int {
	t.Helper()
	var n int
	MustQueryRow(t, db, sql, args...).Scan(&n)
	return n
}

// MustQueryString returns the single text value a query selects.
func MustQueryString(t testing.TB, db Row, sql string, args ...any) string {
	t.Helper()
	var s string
	MustQueryRow(t, db, sql, args...).Scan(&s)
	return s
}

// MustCount returns `SELECT count(*) FROM ` + from, e.g.
// MustCount(t, db, `audit_log WHERE action = $1`, "sign-in").
func MustCount(t testing.TB, db Row, from string, args ...any) int {
	t.Helper()
	return MustQueryInt(t, db, `SELECT count(*) FROM `+from, args...)
}

// MigrateDownBelow takes m's schema down one migration at a time until its version is below
// version (1: none applied), failing the test on an error: for tests of a migration and of what
// was there before it. Versions may have gaps (each feature branch is given its own number).
func MigrateDownBelow(t testing.TB, m *database.Migrator, version int64) {
	t.Helper()
	ctx := context.Background()
	for {
		v, _, err := m.Versions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if v < version {
			return
		}
		if err := m.Down(ctx, slog.New(slog.DiscardHandler)); err != nil {
			t.Fatalf("down from %d: %v", v, err)
		}
	}
}

// MustAll returns every row a query selects, each as a T whose exported fields take the columns
// in order (database.All), failing the test on an error: for tests that read a list back.
func MustAll[T any](t testing.TB, db database.Querier, sql string, args ...any) []T {
	t.Helper()
	rows, err := database.All[T](context.Background(), db, "testkit", sql, args...)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// MustValues is MustAll for a query of one column (ids, addresses, lines of a plan).
func MustValues[T any](t testing.TB, db database.Querier, sql string, args ...any) []T {
	t.Helper()
	values, err := database.Values[T](context.Background(), db, "testkit", sql, args...)
	if err != nil {
		t.Fatal(err)
	}
	return values
}

// MustUserID returns the id of the person with the e-mail address.
func MustUserID(t testing.TB, db Row, email string) int64 {
	t.Helper()
	var id int64
	MustQueryRow(t, db, `SELECT id FROM app_user WHERE email = $1`, email).Scan(&id)
	return id
}

// MustID returns, as it appears in a path, the id of the person with an e-mail address (key
// holds an @) or of the request with a reference.
func MustID(t testing.TB, db Row, key string) string {
	t.Helper()
	if strings.Contains(key, "@") {
		return strconv.FormatInt(MustUserID(t, db, key), 10)
	}
	return MustQueryString(t, db, `SELECT id::text FROM intake_request WHERE reference = $1`, key)
}

// MustOrgID returns, as it appears in a path, the id of the partnership's organisation of that name.
func MustOrgID(t testing.TB, db Row, slug, name string) string {
	t.Helper()
	return MustQueryString(t, db, `SELECT o.id::text FROM organisation o JOIN partnership p ON p.id = o.partnership_id
		WHERE p.slug = $1 AND o.name = $2`, slug, name)
}

// MustPartnerID returns, as it appears in a path, the id of the partnership's statutory partner
// of that role ("police", "health", "local_authority").
func MustPartnerID(t testing.TB, db Row, slug, role string) string {
	t.Helper()
	return MustQueryString(t, db, `SELECT o.id::text FROM organisation o JOIN partnership p ON p.id = o.partnership_id
		WHERE p.slug = $1 AND o.statutory_role = $2`, slug, role)
}

// MustCreatePartnership adds a partnership and returns its id.
func MustCreatePartnership(t testing.TB, db Row, slug, name, shortName string) int64 {
	t.Helper()
	var id int64
	MustQueryRow(t, db, `INSERT INTO partnership (slug, name, short_name) VALUES ($1, $2, $3) RETURNING id`, slug, name, shortName).Scan(&id)
	return id
}

// MustActor returns the person with the e-mail address as an actor, their roles loaded as of
// today, acting in their partnership from ip.
func MustActor(t testing.TB, db *pgxpool.Pool, email string, today time.Time, ip string) app.Actor {
	t.Helper()
	subj, err := access.LoadSubject(context.Background(), db, MustUserID(t, db, email), today)
	if err != nil {
		t.Fatalf("testkit: load %s: %v", email, err)
	}
	return app.Actor{Subject: subj, Partnership: subj.PartnershipID, IP: ip}
}

// Clock is a clock the test moves.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock returns a clock standing at now.
func NewClock(now time.Time) *Clock { return &Clock{now: now} }

// Now is the clock's time.
func (c *Clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

// Advance moves the clock on.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// StartDemo starts the portal over a new database holding the demo partnerships and accounts. The
// portal serves as a member of database.ServingGroup, as in production, so that every test through
// it shows those grants suffice; the pool returned is the owner's, for the test's own queries.
func StartDemo(t testing.TB, opts ServerOptions) (*pgxpool.Pool, string) {
	t.Helper()
	owner, conf := newDB(t)
	SeedDemo(t, owner)
	return owner, StartServer(t, servingPool(t, conf), opts)
}

// MustSignInAs returns a client of the portal at base signed in as the demo account email.
func MustSignInAs(t testing.TB, base, email string) *Client {
	t.Helper()
	c := NewClient(t, base)
	c.SignIn(email, DemoPassword)
	return c
}

// MustGet fetches path and fails the test unless the status is want.
func (c *Client) MustGet(path string, want int) Response {
	c.t.Helper()
	r := c.Get(path)
	if r.Status != want {
		c.t.Fatalf("GET %s: %d; want %d\n%s", path, r.Status, want, ErrorSummary(r.Body))
	}
	return r
}

// MustPost submits form to path and fails the test unless the status is want.
func (c *Client) MustPost(path string, form url.Values, want int) Response {
	c.t.Helper()
	r := c.Post(path, form)
	if r.Status != want {
		c.t.Fatalf("POST %s: %d; want %d\n%s", path, r.Status, want, ErrorSummary(r.Body))
	}
	return r
}

var (
	versionPattern = regexp.MustCompile(`name="version" value="(\d+)"`)
	summaryPattern = regexp.MustCompile(`(?s)<div class="error-summary".*?</div>`)
	formKeyPattern = regexp.MustCompile(`name="form_key" value="([0-9a-f]{32})"`)
)

// MustVersion returns the value of the first version field of a page's form.
func MustVersion(t testing.TB, body string) string {
	t.Helper()
	m := versionPattern.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("testkit: the page has no version field:\n%s", body)
	}
	return m[1]
}

// ErrorSummary returns a page's error summary, or "" when it has none.
func ErrorSummary(body string) string { return summaryPattern.FindString(body) }

// MustSubmatch returns the first group of pattern in s, failing the test when it does not match.
func MustSubmatch(t testing.TB, pattern, s string) string {
	t.Helper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("testkit: no %s in:\n%s", pattern, s)
	}
	return m[1]
}

// Upload is one file to send with a form.
type Upload struct {
	Name string
	Data []byte
}

// PostMultipart sends a form with files, as the browser sends the request forms.
func (c *Client) PostMultipart(path string, values url.Values, files ...Upload) Response {
	c.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range values {
		for _, v := range vs {
			if err := mw.WriteField(k, v); err != nil {
				c.t.Fatal(err)
			}
		}
	}
	for _, f := range files {
		w, err := mw.CreateFormFile("files", f.Name)
		if err != nil {
			c.t.Fatal(err)
		}
		if _, err := w.Write(f.Data); err != nil {
			c.t.Fatal(err)
		}
	}
	if err := mw.Close(); err != nil {
		c.t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, c.Base+path, &body)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", c.Base)
	return c.Do(req)
}

// MustStartForm opens a blank request form and returns its form key.
func (c *Client) MustStartForm(path string) string {
	c.t.Helper()
	r := c.Get(path)
	m := formKeyPattern.FindStringSubmatch(r.Body)
	if r.Status != http.StatusOK || m == nil {
		c.t.Fatalf("GET %s: %d, no form key", path, r.Status)
	}
	return m[1]
}

// KLOEAnswers are answers that make a complete KLOE request to hsscp from its practitioner.
func KLOEAnswers(t testing.TB, db Row) url.Values {
	t.Helper()
	return url.Values{
		"requester_name": {"Priya Practitioner"}, "requester_job_title": {"Health visitor"},
		"requester_organisation": {MustOrgID(t, db, "hsscp", "North Tees and Hartlepool NHS Foundation Trust")},
		"requester_email":        {"practitioner@hsscp.example"},
		"kind":                   {"barrier"}, "title": {"Discharge planning <b>gaps</b>"},
		"observed": {"Discharge meetings happen without children's social care. <script>alert('x')</script>"},
		"agencies": {"Acute trust, children's social care"}, "question": {"How do we make sure social care is invited?"},
		"urgency": {"soon"}, "urgency_reason": {"Winter pressures start next month"}, "manager_aware": {"yes"}, "manager_name": {"Sam Senior"},
	}
}

// CSPRAnswers are answers that make a complete CSPR consideration request to hsscp about the
// child Jordan Example.
func CSPRAnswers(t testing.TB, db Row) url.Values {
	t.Helper()
	return url.Values{
		"requester_name": {"Eddie Engine"}, "requester_job_title": {"Head of Safeguarding"},
		"requester_organisation": {MustOrgID(t, db, "hsscp", "Cleveland Police")}, "requester_email": {"practitioner@hsscp.example"},
		"requester_phone":    {"01642 000000"},
		"procedure_followed": {"yes"}, "senior_lead_agrees": {"yes"}, "senior_lead_name": {"Lee Lead"},
		"incident_date-day": {"2"}, "incident_date-month": {"11"}, "incident_date-year": {"2026"},
		"harm": {"serious_harm"}, "what_happened": {"Admitted to hospital with injuries."}, "whereabouts": {"At home with mother's partner."},
		"child1_name": {"Jordan Example"}, "child1_dob-day": {"14"}, "child1_dob-month": {"6"}, "child1_dob-year": {"2024"},
		"child1_gender": {"boy"}, "child1_home_la": {"Hartlepool"}, "child1_legal_status": {"child_in_need"},
		"family": {"Mother, her partner."}, "agencies": {"Health visiting, GP."}, "criteria": {"Suspected abuse, serious harm."},
	}
}

// MustContinue fills a blank request form at path with answers and continues: it returns where
// the portal sends the writer, their check-your-answers page.
func (c *Client) MustContinue(path string, answers url.Values) string {
	c.t.Helper()
	v := url.Values{}
	for k, vs := range answers {
		v[k] = vs
	}
	v.Set("form_key", c.MustStartForm(path))
	v.Set("action", "continue")
	r := c.PostMultipart(path, v)
	if r.Status != http.StatusSeeOther || !strings.HasSuffix(r.Location, "/check") {
		c.t.Fatalf("continue from %s: %d to %q\n%s", path, r.Status, r.Location, ErrorSummary(r.Body))
	}
	return r.Location
}

// MustSubmitRequest fills the blank request form at path with answers and sends the request: it
// returns the path of its confirmation page.
func (c *Client) MustSubmitRequest(path string, answers url.Values) string {
	c.t.Helper()
	submit := strings.Replace(c.MustContinue(path, answers), "/check", "/submit", 1)
	r := c.Post(submit, nil)
	if r.Status != http.StatusSeeOther || !strings.HasSuffix(r.Location, "/confirmation") {
		c.t.Fatalf("POST %s: %d to %q\n%s", submit, r.Status, r.Location, ErrorSummary(r.Body))
	}
	return r.Location
}

// MustSubmitKLOE sends a KLOE request to hsscp with answers and returns its id.
func (c *Client) MustSubmitKLOE(answers url.Values) string {
	c.t.Helper()
	return strings.Split(c.MustSubmitRequest("/hsscp/kloe/new", answers), "/")[3]
}

// MustSubmitCSPR sends a CSPR consideration request to hsscp with answers and returns its id.
func (c *Client) MustSubmitCSPR(answers url.Values) string {
	c.t.Helper()
	return strings.Split(c.MustSubmitRequest("/hsscp/cspr/new/form", answers), "/")[3]
}

// MustCreateTheme starts a theme in hsscp through its form and returns the theme's path.
func (c *Client) MustCreateTheme(form url.Values) string {
	c.t.Helper()
	return c.MustPost("/hsscp/themes", form, http.StatusSeeOther).Location
}

// MustStartReview starts a rapid review in hsscp whose clock runs from the local authority's
// awareness on the day ("3 11 2026": day, month, year) and returns the review's path.
func (c *Client) MustStartReview(title, awareOn string) string {
	c.t.Helper()
	return c.MustPost("/hsscp/reviews", ReviewForm(title, awareOn), http.StatusSeeOther).Location
}

// ReviewForm is the form starting a rapid review called title, whose clock runs from awareness
// on the day ("3 11 2026": day, month, year).
func ReviewForm(title, awareOn string) url.Values {
	v := DateFields("aware_on", awareOn)
	v.Set("review_title", title)
	v.Set("clock_start", "awareness")
	return v
}

// DateFields are the day, month and year fields of the date question name, for a date written
// "31 12 2026".
func DateFields(name, date string) url.Values {
	d := strings.Fields(date)
	return url.Values{name + "-day": {d[0]}, name + "-month": {d[1]}, name + "-year": {d[2]}}
}

var linkPattern = regexp.MustCompile(`http://127\.0\.0\.1:\d+(/[a-z-]+/[A-Za-z0-9_-]{43})`)

// MustLastLink returns the path of the newest one-time link e-mailed to address.
func MustLastLink(t testing.TB, db Row, address string) string {
	t.Helper()
	body := MustQueryString(t, db, `SELECT body FROM outbox WHERE to_address = $1 ORDER BY id DESC LIMIT 1`, address)
	m := linkPattern.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no link in the e-mail to %s:\n%s", address, body)
	}
	return m[1]
}

// MustSignIn signs the tab in as the demo account email through the sign-in page.
func (b *Browser) MustSignIn(t testing.TB, base, email string) {
	t.Helper()
	b.Do(t, chromedp.Navigate(base+"/sign-in"), chromedp.WaitVisible(chromedp.CSS("#email")),
		chromedp.SendKeys(chromedp.CSS("#email"), email), chromedp.SendKeys(chromedp.CSS("#password"), DemoPassword))
	b.ClickAndLoad(t, "main button[type=submit]")
}

// MustOpen navigates the tab to url and waits until what sel finds is visible.
func (b *Browser) MustOpen(t testing.TB, url, sel string) {
	t.Helper()
	b.Do(t, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(sel)))
}

// Text returns the text of what sel finds in the tab.
func (b *Browser) Text(t testing.TB, sel string) string {
	t.Helper()
	return Get(t, b, chromedp.Text(chromedp.CSS(sel)))
}

// WantMain checks that the page's main content says each of want, and when it does not reports
// what is wrong (what) with the text it has; the test goes on.
func (b *Browser) WantMain(t testing.TB, what string, want ...string) {
	t.Helper()
	b.checkMain(t, t.Errorf, what, want)
}

// MustMain is WantMain for a step the rest of the test needs: when the page does not say each of
// want, the test stops there.
func (b *Browser) MustMain(t testing.TB, what string, want ...string) {
	t.Helper()
	b.checkMain(t, t.Fatalf, what, want)
}

// checkMain reads the page's main content and, when it does not say each of want, calls fail
// with what and the text.
func (b *Browser) checkMain(t testing.TB, fail func(format string, args ...any), what string, want []string) {
	t.Helper()
	page := b.Text(t, "main")
	for _, w := range want {
		if !strings.Contains(page, w) {
			fail("%s:\n%s", what, page)
			return
		}
	}
}

// Fill types s into the field with that id.
func Fill(id, s string) chromedp.Action[chromedp.Void] {
	return chromedp.SendKeys(chromedp.CSS("#"+id), s)
}

// FillDate types a date written "31 12 2026" (day, month, year) into the three fields of the date
// question name in the browser, as DateFields gives them to a form posted without one.
func FillDate(name, date string) chromedp.Action[chromedp.Void] {
	d := strings.Fields(date)
	return chromedp.Steps(Fill(name+"-day", d[0]), Fill(name+"-month", d[1]), Fill(name+"-year", d[2]))
}

// Day is the date written "2 January 2006", at midnight UTC; it panics on anything else.
func Day(s string) time.Time {
	d, err := time.Parse("2 January 2006", s)
	if err != nil {
		panic(err)
	}
	return d
}
