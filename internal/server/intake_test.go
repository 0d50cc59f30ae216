package server_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/scp-portal/portal/internal/testkit"
)

func TestKLOERequestFromFormToInbox(t *testing.T) {
	t.Parallel()
	db, base, _ := portal(t)
	c := testkit.MustSignInAs(t, base, "practitioner@hsscp.example")
	v := c.KLOEForm(db, "continue")
	r := c.PostMultipart("/hsscp/kloe/new", v, testkit.Upload{Name: "audit summary.pdf", Data: []byte("%PDF-1.7\nsummary")})
	if r.Status != http.StatusSeeOther || !strings.HasSuffix(r.Location, "/check") {
		t.Fatalf("continue: %d %q\n%s", r.Status, r.Location, testkit.ErrorSummary(r.Body))
	}
	check := c.Get(r.Location)
	for _, want := range []string{"Discharge planning &lt;b&gt;gaps&lt;/b&gt;", "&lt;script&gt;alert(", "audit summary.pdf", "Sam Senior"} {
		if !strings.Contains(check.Body, want) {
			t.Errorf("check your answers lacks %q", want)
		}
	}
	if strings.Contains(check.Body, "<script>alert(") {
		t.Error("script from an answer reached the page")
	}
	submit := strings.Replace(r.Location, "/check", "/submit", 1)
	first, second := c.Post(submit, nil), c.Post(submit, nil) // a double click
	if first.Location != second.Location || !strings.HasSuffix(first.Location, "/confirmation") {
		t.Fatalf("submit twice: %q, %q", first.Location, second.Location)
	}
	conf := c.Get(first.Location)
	if !strings.Contains(conf.Body, "HSSCP-KLOE-2026-0001") && !regexp.MustCompile(`HSSCP-KLOE-\d{4}-0001`).MatchString(conf.Body) {
		t.Fatalf("confirmation lacks the reference:\n%s", conf.Body)
	}
	ref := regexp.MustCompile(`HSSCP-KLOE-\d{4}-0001`).FindString(conf.Body)
	if n := testkit.MustCount(t, db, `intake_request WHERE status <> 'draft'`); n != 1 {
		t.Fatalf("requests after a double submit: %d; want 1", n)
	}
	mine := c.Get("/hsscp/my/submissions")
	if !strings.Contains(mine.Body, ref) || !strings.Contains(mine.Body, "Received by the partnership") {
		t.Error("My submissions does not show the request and its timeline")
	}
	// From there the writer can read what they sent.
	read := regexp.MustCompile(`<a href="(/hsscp/inbox/\d+)">Read what you sent`).FindStringSubmatch(mine.Body)
	if read == nil {
		t.Fatal("My submissions has no link to read the request")
	}
	if sent := c.Get(read[1]); sent.Status != http.StatusOK || !strings.Contains(sent.Body, "Discharge planning &lt;b&gt;gaps&lt;/b&gt;") {
		t.Errorf("reading one's own request: %d", sent.Status)
	}

	// The acknowledgement names the reference and nothing of the request.
	var ack string
	if err := db.QueryRow(context.Background(), `SELECT subject || body FROM outbox WHERE to_address = 'practitioner@hsscp.example'`).Scan(&ack); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(ack, ref) || strings.Contains(ack, "Discharge") {
		t.Errorf("acknowledgement: %q", ack)
	}
	if notices := testkit.MustCount(t, db, `outbox WHERE to_address = 'engine-room@hsscp.example' AND subject LIKE '%' || $1`, ref); notices != 1 {
		t.Errorf("notices to the Engine Room: %d", notices)
	}

	er := testkit.MustSignInAs(t, base, "engine-room@hsscp.example")
	inbox := er.Get("/hsscp/inbox")
	if !strings.Contains(inbox.Body, ref) || !strings.Contains(inbox.Body, "North Tees and Hartlepool") {
		t.Fatalf("the Engine Room's inbox lacks the request")
	}
	if home := er.Get("/hsscp/home"); !strings.Contains(home.Body, "1 new request") {
		t.Error("the Engine Room's home view does not count the new request")
	}
	detail := er.Get(regexp.MustCompile(`href="(/hsscp/inbox/\d+)"`).FindStringSubmatch(inbox.Body)[1])
	doc := regexp.MustCompile(`href="(/hsscp/requests/\d+/attachments/\d+)"`).FindStringSubmatch(detail.Body)
	if doc == nil {
		t.Fatal("the detail page does not link the document")
	}
	if d := er.Get(doc[1]); d.Status != http.StatusOK || d.Body != "%PDF-1.7\nsummary" || d.Header.Get("Content-Type") != "application/pdf" {
		t.Errorf("download: %d %q", d.Status, d.Header.Get("Content-Type"))
	}
	colleague := testkit.MustSignInAs(t, base, "executive@hsscp.example")
	if d := colleague.Get(doc[1]); d.Status != http.StatusNotFound {
		t.Errorf("someone not allowed downloaded the document: %d", d.Status)
	}
}

func TestBadAnswersComeBackWithEverythingKept(t *testing.T) {
	t.Parallel()
	db, base, _ := portal(t)
	c := testkit.MustSignInAs(t, base, "practitioner@hsscp.example")
	key := c.MustStartForm("/hsscp/kloe/new")
	v := url.Values{"form_key": {key}, "action": {"continue"}, "title": {"<img src=x onerror=alert(1)>"}, "urgency": {"urgent"},
		"requester_name": {"Priya"}}
	r := c.PostMultipart("/hsscp/kloe/new", v, testkit.Upload{Name: "notes.txt", Data: []byte("plain text notes")}, testkit.Upload{Name: "run.exe", Data: []byte("MZ\x90\x00")})
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d; want 422", r.Status)
	}
	for _, want := range []string{
		"<title>Error: Raise a Key Line of Enquiry", `href="#kind"`, "Choose what you are bringing", `href="#observed"`,
		`href="#urgency_reason"`, "Say why it is urgent", `href="#manager_aware"`, "Choose your documents again",
		`value="&lt;img src=x onerror=alert(1)&gt;"`, `value="Priya"`, `name="form_key" value="` + key + `"`,
	} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	// A failed first "Continue" saves nothing: no untitled draft is left behind (issue #14), and
	// the form keeps its key, so it is saved once when it is right.
	if n := testkit.MustCount(t, db, `intake_request`) + testkit.MustCount(t, db, `intake_attachment`); n != 0 {
		t.Fatalf("a failed first continue saved %d drafts and documents; want none", n)
	}
	if mine := c.Get("/hsscp/my/submissions"); strings.Contains(mine.Body, "Continue this draft") {
		t.Error("My submissions shows a draft from a failed first continue")
	}
	// The form says once that a KLOE is not for a child at risk now, and once not to identify a
	// child (issue #14).
	for what, n := range map[string]int{"is not for a child at risk now": 1, "call 999": 1, "could identify a child or family": 1} {
		if got := strings.Count(r.Body, what); got != n {
			t.Errorf("the KLOE form says %q %d times; want %d", what, got, n)
		}
	}
	for _, page := range []string{"/hsscp/home", "/hsscp/my/submissions"} { // where a KLOE is started
		if body := c.Get(page).Body; strings.Count(body, "is not for a child at risk now") != 1 || !strings.Contains(body, "warning-text") {
			t.Errorf("%s does not warn once that a KLOE is not for a child at risk now", page)
		}
	}
	r2 := c.PostMultipart("/hsscp/kloe/new", v)
	if r2.Status != http.StatusUnprocessableEntity {
		t.Fatal(r2.Status)
	}
	if n := testkit.MustCount(t, db, `intake_request`); n != 0 {
		t.Fatalf("the same failed form posted twice saved %d drafts", n)
	}
	// Too long to store at all: refused by name, shown back, not saved.
	v.Set("title", strings.Repeat("x", 121))
	if r := c.PostMultipart("/hsscp/kloe/new", v); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Title must be 120 characters or fewer") {
		t.Errorf("a title over the limit: %d", r.Status)
	}
}

func TestUploadLimits(t *testing.T) {
	t.Parallel()
	db, base, _ := portal(t)
	c := testkit.MustSignInAs(t, base, "practitioner@hsscp.example")
	v := c.KLOEForm(db, "draft")
	pdf := func(i int) testkit.Upload {
		return testkit.Upload{Name: fmt.Sprintf("doc%d.pdf", i), Data: []byte(fmt.Sprintf("%%PDF-1.4 %d", i))}
	}
	r := c.PostMultipart("/hsscp/kloe/new", v, pdf(1), pdf(2), pdf(3), pdf(4), pdf(5), pdf(6))
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "You can attach up to 5 files: doc6.pdf was not added") {
		t.Fatalf("a sixth file: %d\n%s", r.Status, testkit.ErrorSummary(r.Body))
	}
	edit := regexp.MustCompile(`action="(/hsscp/kloe/\d+/edit)"`).FindStringSubmatch(r.Body)[1]
	// A draft's documents are its writer's alone: the Engine Room guessing one's address gets
	// the 404 page, and the attempt is audited.
	var reqID, attID int64
	if err := db.QueryRow(context.Background(), `SELECT request_id, id FROM intake_attachment ORDER BY id LIMIT 1`).Scan(&reqID, &attID); err != nil {
		t.Fatal(err)
	}
	doc := fmt.Sprintf("/hsscp/requests/%d/attachments/%d", reqID, attID)
	if r := c.Get(doc); r.Status != http.StatusOK {
		t.Errorf("the writer downloading their draft's document: %d", r.Status)
	}
	er := testkit.MustSignInAs(t, base, "engine-room@hsscp.example")
	if r := er.Get(doc); r.Status != http.StatusNotFound {
		t.Errorf("the Engine Room downloading a draft's document: %d; want 404", r.Status)
	}
	if refused := testkit.MustCount(t, db, `audit_log WHERE outcome = 'refused' AND detail = 'a draft is its writer''s alone'`); refused != 1 {
		t.Errorf("refusals audited: %d; want 1", refused)
	}
	big := testkit.Upload{Name: "scan.pdf", Data: append([]byte("%PDF-1.4 "), bytes.Repeat([]byte("x"), 10<<20)...)}
	r = c.PostMultipart(edit, v, big)
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "The file scan.pdf is larger than 10 MB") {
		t.Errorf("an 11 MB file: %d", r.Status)
	}
	// A body over the whole limit gets the page explaining it, not a reset connection.
	huge := testkit.Upload{Name: "huge.pdf", Data: append([]byte("%PDF-1.4 "), bytes.Repeat([]byte("x"), 52<<20)...)}
	r = c.PostMultipart(edit, v, huge)
	if r.Status != http.StatusRequestEntityTooLarge || !strings.Contains(r.Body, "up to 5 documents of 10 MB each") {
		t.Errorf("a 52 MB body: %d", r.Status)
	}
	_ = io.Discard
}

func TestCSPRRequestIsNeedToKnow(t *testing.T) {
	t.Parallel()
	db, base, _ := portal(t)
	c := testkit.MustSignInAs(t, base, "practitioner@hsscp.example")
	if start := c.Get("/hsscp/cspr/new"); !strings.Contains(start.Body, "This is not a child protection referral") ||
		!strings.Contains(start.Body, "Children&#39;s Hub") {
		t.Error("the start page does not say it is not a referral, or where referrals go")
	}
	v := testkit.CSPRAnswers(t, db)
	v.Set("form_key", c.MustStartForm("/hsscp/cspr/new/form"))
	v.Set("action", "continue")
	// A date of birth after the incident, and an incident in the future, are refused.
	bad := maps.Clone(v)
	bad.Set("child1_dob-year", "2027")
	bad.Set("incident_date-year", "2030")
	r := c.PostMultipart("/hsscp/cspr/new/form", bad)
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Date of the incident must be today or in the past") ||
		!strings.Contains(r.Body, "Child 1: date of birth must be today or in the past") {
		t.Fatalf("bad dates: %d\n%s", r.Status, testkit.ErrorSummary(r.Body))
	}
	if r.Header.Get("Cache-Control") != "no-store" || !strings.Contains(r.Body, "banner-confidential") {
		t.Error("the CSPR form may be cached, or lacks the confidential banner")
	}
	// One child block, with a button for another (issue #14).
	for want, n := range map[string]int{`id="child1_name"`: 1, `id="child2_name"`: 0, ">Add another child</button>": 1, `formaction="/hsscp/cspr/new/form#child2_name"`: 1} {
		if got := strings.Count(r.Body, want); got != n {
			t.Errorf("the CSPR form has %d of %q; want %d", got, want, n)
		}
	}
	// Enter in a field presses the form's first submit button: Continue, not "Add another child".
	if first := testkit.MustSubmatch(t, `(?s)<form[^>]*enctype="multipart/form-data".*?(<button type="submit"[^>]*>)`, r.Body); !strings.Contains(first, `value="continue"`) {
		t.Errorf("the CSPR form's default button (its first) is %s; want Continue", first)
	}
	// "Add another child" shows the form again with one more block, everything typed kept,
	// nothing saved; at four children it is offered no more.
	more := maps.Clone(v)
	more.Set("action", "add_child")
	more.Set("children", "1")
	added := c.PostMultipart("/hsscp/cspr/new/form", more)
	if added.Status != http.StatusOK || !strings.Contains(added.Body, `id="child2_name"`) || strings.Contains(added.Body, `id="child3_name"`) ||
		!strings.Contains(added.Body, `value="Jordan Example"`) || !strings.Contains(added.Body, `name="children" value="2"`) {
		t.Errorf("add another child: %d\n%s", added.Status, testkit.ErrorSummary(added.Body))
	}
	more.Set("children", "3")
	if full := c.PostMultipart("/hsscp/cspr/new/form", more); !strings.Contains(full.Body, `id="child4_name"`) || strings.Contains(full.Body, "Add another child") {
		t.Error("at four children, the form does not show four blocks, or offers a fifth")
	}
	// "Remove this child" under each block after the first (issue #14): two children added and
	// filled, the first of them removed; the second's answers move up a block, the first's are
	// gone, everything else typed is kept and nothing is saved. A block not shown, or the first,
	// is not removed, and the form says so (never a 500).
	if strings.Contains(r.Body, "Remove this child") {
		t.Error("the form's only child block can be removed")
	}
	two := maps.Clone(v)
	two.Set("action", "add_child")
	two.Set("children", "2")
	for k, a := range map[string]string{"name": "Sam Second", "dob-day": "2", "dob-month": "3", "dob-year": "2019", "gender": "girl",
		"ethnicity": "Irish Traveller", "home_la": "Northtown Borough", "legal_status": "looked_after"} {
		two.Set("child2_"+k, a)
	}
	for k, a := range map[string]string{"name": "Alex Third", "dob-day": "9", "dob-month": "10", "dob-year": "2021", "gender": "boy",
		"home_la": "Middlesbrough", "legal_status": "child_protection_plan"} {
		two.Set("child3_"+k, a)
	}
	shown := c.PostMultipart("/hsscp/cspr/new/form", two)
	for want, n := range map[string]int{`name="remove_child" value="1"`: 0, `name="remove_child" value="2"`: 1, `name="remove_child" value="3"`: 1,
		`Remove this child<span class="visually-hidden"> (Child 3)</span>`: 1} {
		if got := strings.Count(shown.Body, want); got != n {
			t.Errorf("the form with three children has %d of %q; want %d", got, want, n)
		}
	}
	two.Del("action") // a submit button posts its own name and value only
	two.Set("children", "3")
	two.Set("remove_child", "2")
	removed := c.PostMultipart("/hsscp/cspr/new/form", two)
	field := func(body, id string) string { // a text input's value, "" when it is not on the page
		m := regexp.MustCompile(`<input[^>]*id="` + id + `"[^>]*>`).FindString(body)
		return regexp.MustCompile(`value="([^"]*)"`).FindStringSubmatch(m + `value=""`)[1]
	}
	if removed.Status != http.StatusOK || testkit.ErrorSummary(removed.Body) != "" {
		t.Fatalf("remove the second child: %d\n%s", removed.Status, testkit.ErrorSummary(removed.Body))
	}
	for id, want := range map[string]string{"child1_name": "Jordan Example", "child2_name": "Alex Third", "child2_dob-day": "9",
		"child2_dob-year": "2021", "child2_home_la": "Middlesbrough", "child2_ethnicity": "", "child3_name": ""} {
		if got := field(removed.Body, id); got != want {
			t.Errorf("after removing child 2, %s is %q; want %q", id, got, want)
		}
	}
	for want, n := range map[string]int{"Sam Second": 0, "Irish Traveller": 0, "Northtown Borough": 0, `id="child3_name"`: 0,
		`name="children" value="2"`: 1, `<option value="boy" selected>`: 2, `<option value="child_protection_plan" selected>`: 1,
		`<option value="looked_after" selected>`: 0, "At home with mother&#39;s partner.": 1, `name="remove_child" value="2"`: 1,
		`formaction="/hsscp/cspr/new/form#child1_name"`: 1, `formaction="/hsscp/cspr/new/form#child3_name"`: 1} {
		if got := strings.Count(removed.Body, want); got != n {
			t.Errorf("after removing child 2, the form has %d of %q; want %d", got, want, n)
		}
	}
	for _, bad := range []string{"1", "0", "4", "-2", "two", "", "99999999999999999999"} {
		two.Set("remove_child", bad)
		got := c.PostMultipart("/hsscp/cspr/new/form", two)
		if got.Status != http.StatusUnprocessableEntity || !strings.Contains(testkit.ErrorSummary(got.Body), "Remove a child with the") ||
			field(got.Body, "child2_name") != "Sam Second" || field(got.Body, "child3_name") != "Alex Third" {
			t.Errorf("remove_child=%q: %d, want 422 with every child kept\n%s", bad, got.Status, testkit.ErrorSummary(got.Body))
		}
	}
	if n := testkit.MustCount(t, db, `intake_request`); n != 0 {
		t.Errorf("a failed first continue or adding a child saved %d drafts; want none", n)
	}
	v.Set("children", "2") // the second block shown but left empty
	r = c.PostMultipart("/hsscp/cspr/new/form", v)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("continue: %d\n%s", r.Status, testkit.ErrorSummary(r.Body))
	}
	r = c.Post(strings.Replace(r.Location, "/check", "/submit", 1), nil)
	conf := c.Get(r.Location)
	ref := regexp.MustCompile(`HSSCP-CSPR-\d{4}-0001`).FindString(conf.Body)
	if ref == "" {
		t.Fatal("no reference")
	}
	for _, where := range []string{r.Location, conf.Body[:strings.Index(conf.Body, "</title>")]} {
		if strings.Contains(where, "Jordan") {
			t.Errorf("a child's name in a URL or title: %q", where)
		}
	}
	var mails string
	if err := db.QueryRow(context.Background(), `SELECT string_agg(subject || body, ' ') FROM outbox`).Scan(&mails); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(mails, "Jordan") || strings.Contains(mails, "hospital") || !strings.Contains(mails, ref) {
		t.Errorf("e-mails carry details of the request: %q", mails)
	}

	var id string
	if err := db.QueryRow(context.Background(), `SELECT id::text FROM intake_request WHERE reference = $1`, ref).Scan(&id); err != nil {
		t.Fatal(err)
	}
	readers := map[string]int{
		"engine-room@hsscp.example":     200,
		"business-unit@hsscp.example":   200,
		"scrutineer@hsscp.example":      200,
		"executive@hsscp.example":       404,
		"critical-friend@hsscp.example": 404,
		"engine-room@stscp.example":     404, // another partnership's
	}
	for email, want := range readers {
		rc := testkit.NewClient(t, base)
		rc.SignIn(email, testkit.DemoPassword)
		got := rc.Get("/hsscp/inbox/" + id)
		if got.Status != want {
			t.Errorf("%s reading the request: %d; want %d", email, got.Status, want)
		}
		if want == 200 && (!strings.Contains(got.Body, "Jordan Example") || got.Header.Get("Cache-Control") != "no-store") {
			t.Errorf("%s: the detail page lacks the answers or may be cached", email)
		}
		// Only the child entered, and no unanswered choice read as "Choose" (issue #14).
		if want == 200 && (strings.Contains(got.Body, "Child 2") || regexp.MustCompile(`answer">\s*Choose\s*<`).MatchString(got.Body)) {
			t.Errorf("%s: the detail page shows an empty child block", email)
		}
		// Read by others than its writer, the request speaks of its writer, not to the reader.
		if want == 200 && (!strings.Contains(got.Body, "Who sent it") || strings.Contains(got.Body, "Your name") || strings.Contains(got.Body, "About you")) {
			t.Errorf("%s: the detail page addresses the reader as its writer (\"About you\", \"Your name\")", email)
		}
	}
	var reads, refusals int
	if err := db.QueryRow(context.Background(), `SELECT count(*) FILTER (WHERE action = 'cspr.read' AND outcome = 'ok' AND detail = 'detail'),
		count(*) FILTER (WHERE action = 'request.read' AND outcome = 'refused')
		FROM audit_log WHERE object_id = $1`, id).Scan(&reads, &refusals); err != nil {
		t.Fatal(err)
	}
	if reads != 3 || refusals != 3 {
		t.Errorf("audit log: %d reads, %d refusals; want 3 and 3", reads, refusals)
	}
	// Its writer follows it past "Being considered": a rapid review started from it shows on
	// "My submissions" and on its page (issue #14).
	if _, err := db.Exec(context.Background(), `INSERT INTO rapid_review (partnership_id, request_id, reference, title, aware_on, clock_start, due_on, due_rule)
		SELECT partnership_id, id, 'HSSCP-RR-TEST-1', 'Child A', '2026-11-03', 'awareness', '2026-11-24', 'rule' FROM intake_request WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	if mine, page := c.Get("/hsscp/my/submissions").Body, c.Get("/hsscp/inbox/"+id).Body; !strings.Contains(mine, "Rapid review in progress") ||
		!strings.Contains(page, "Rapid review in progress") {
		t.Error("the writer is not told the rapid review is in progress")
	}
	// The Engine Room's inbox says what the request's page says, not its stored "Received"
	// (issue #14).
	er := testkit.MustSignInAs(t, base, "engine-room@hsscp.example")
	inbox := er.Get("/hsscp/inbox?kind=cspr").Body
	row := inbox[strings.Index(inbox, ref):]
	row = row[:strings.Index(row, "</tr>")]
	page := er.Get("/hsscp/inbox/" + id).Body
	if !strings.Contains(row, "Rapid review in progress") || strings.Contains(row, "Received") || !strings.Contains(page, "Rapid review in progress") {
		t.Errorf("the inbox's row and the request's page differ; the row:\n%s", row)
	}

	// "Remove this child" on a saved draft shows the form without the child, and loses nothing
	// saved: the draft keeps its answers until it is saved again (issue #14).
	d := testkit.CSPRAnswers(t, db)
	d.Set("form_key", c.MustStartForm("/hsscp/cspr/new/form"))
	d.Set("action", "draft")
	d.Set("child2_name", "Sam Second")
	saved := c.PostMultipart("/hsscp/cspr/new/form", d)
	if saved.Status != http.StatusSeeOther || !strings.HasSuffix(saved.Location, "/edit") {
		t.Fatalf("save a draft: %d %q", saved.Status, saved.Location)
	}
	d.Del("action")
	d.Set("children", "2")
	d.Set("remove_child", "2")
	if got := c.PostMultipart(saved.Location, d); got.Status != http.StatusOK || strings.Contains(got.Body, "Sam Second") ||
		!strings.Contains(got.Body, `value="Jordan Example"`) {
		t.Errorf("remove a saved draft's second child: %d\n%s", got.Status, testkit.ErrorSummary(got.Body))
	}
	if n := testkit.MustQueryInt(t, db, `SELECT count(*) FROM intake_request WHERE status = 'draft' AND answers->'child2_name'->>0 = 'Sam Second'
		AND answers->'child1_name'->>0 = 'Jordan Example'`); n != 1 {
		t.Error("removing a child changed the saved draft before it was saved")
	}
}

func TestWithdrawAndOutcome(t *testing.T) {
	t.Parallel()
	db, base, _ := portal(t)
	c := testkit.MustSignInAs(t, base, "practitioner@hsscp.example")
	send := func(title string) string {
		v := testkit.KLOEAnswers(t, db)
		v.Set("title", title)
		return c.MustSubmitKLOE(v)
	}
	first, second := send("First"), send("Second")

	if r := c.Post("/hsscp/my/submissions/"+first+"/withdraw", url.Values{"reason": {""}}); r.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, "Say why you are withdrawing") {
		t.Fatalf("withdraw without a reason: %d", r.Status)
	}
	if r := c.Post("/hsscp/my/submissions/"+first+"/withdraw", url.Values{"reason": {"Raised it with my manager instead"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("withdraw: %d", r.Status)
	}

	er := testkit.MustSignInAs(t, base, "engine-room@hsscp.example")
	detail := er.Get("/hsscp/inbox/" + second)
	version := testkit.MustVersion(t, detail.Body)
	if r := er.Post("/hsscp/inbox/"+second+"/status", url.Values{"status": {"closed"}, "version": {version}}); r.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, "Write the outcome") {
		t.Fatalf("an outcome without text: %d", r.Status)
	}
	if r := er.Post("/hsscp/inbox/"+second+"/status", url.Values{"status": {"considering"}, "version": {version}}); r.Status != http.StatusSeeOther {
		t.Fatalf("considering: %d", r.Status)
	}
	// The requester can no longer withdraw it, and the stale form of the Engine Room is refused.
	if r := c.Post("/hsscp/my/submissions/"+second+"/withdraw", url.Values{"reason": {"changed my mind"}}); !strings.Contains(r.Body, "cannot be withdrawn now") || r.Status != http.StatusConflict {
		t.Errorf("withdrawing a request being considered: %d", r.Status)
	}
	if r := er.Post("/hsscp/inbox/"+second+"/status", url.Values{"status": {"closed"}, "outcome": {"x"}, "version": {version}}); r.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, "Someone else has moved this request on") {
		t.Errorf("a stale status change: %d", r.Status)
	}
	detail = er.Get("/hsscp/inbox/" + second)
	version = testkit.MustVersion(t, detail.Body)
	outcome := "Linked to the theme 'Hospital discharge'. The Engine Room will audit discharge meetings in January."
	if r := er.Post("/hsscp/inbox/"+second+"/status", url.Values{"status": {"closed"}, "outcome": {outcome}, "version": {version}}); r.Status != http.StatusSeeOther {
		t.Fatalf("outcome: %d", r.Status)
	}
	mine := c.Get("/hsscp/my/submissions").Body
	for _, want := range []string{"Withdrawn", "Raised it with my manager instead", "Being considered", "Outcome given", "Linked to the theme &#39;Hospital discharge&#39;"} {
		if !strings.Contains(mine, want) {
			t.Errorf("My submissions lacks %q", want)
		}
	}
	// Inbox filters.
	if r := er.Get("/hsscp/inbox?status=withdrawn"); !strings.Contains(r.Body, "Showing 1 to 1 of 1") {
		t.Errorf("status filter: %s", regexp.MustCompile(`Showing[^<]*|No requests match`).FindString(r.Body))
	}
	if r := er.Get("/hsscp/inbox?kind=cspr"); !strings.Contains(r.Body, "No requests match") {
		t.Error("kind filter")
	}
	if r := er.Get("/hsscp/inbox?from-day=32&from-month=1&from-year=2026"); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Enter a real date as day month year") {
		t.Errorf("a bad date in the filter: %d", r.Status)
	}
}

func TestGuessingAnotherRequestsAddressGets404AndIsAudited(t *testing.T) {
	t.Parallel()
	db, base, _ := portal(t)
	owner := testkit.MustSignInAs(t, base, "practitioner@hsscp.example")
	v := owner.KLOEForm(db, "draft")
	r := owner.PostMultipart("/hsscp/kloe/new", v)
	edit := r.Location
	guesser := testkit.MustSignInAs(t, base, "critical-friend@hsscp.example")
	for _, path := range []string{edit, strings.Replace(edit, "/edit", "/check", 1), strings.Replace(edit, "/kloe/", "/cspr/", 1)} {
		if got := guesser.Get(path); got.Status != http.StatusNotFound {
			t.Errorf("GET %s by someone else: %d; want 404", path, got.Status)
		}
	}
	if got := guesser.PostMultipart(edit, url.Values{"title": {"hijacked"}}); got.Status != http.StatusNotFound {
		t.Errorf("POST to someone else's draft: %d", got.Status)
	}
	if refused := testkit.MustCount(t, db, `audit_log WHERE actor_email = 'critical-friend@hsscp.example' AND outcome = 'refused'`); refused != 4 {
		t.Errorf("refusals audited: %d; want 4", refused)
	}
}

// Every page of a CSPR consideration request carries the confidential banner, from the start page
// to withdrawing it; a KLOE request's do not.
func TestTheConfidentialBannerOnEveryCSPRPage(t *testing.T) {
	t.Parallel()
	db, base, _ := portal(t)
	c := testkit.MustSignInAs(t, base, "practitioner@hsscp.example")
	const banner = `class="banner-confidential"`
	if page := c.Get("/hsscp/cspr/new").Body; !strings.Contains(page, banner) {
		t.Error("the CSPR start page has no confidential banner")
	}
	if page := c.Get("/hsscp/kloe/new").Body; strings.Contains(page, banner) {
		t.Error("the KLOE form says it is confidential")
	}
	id := c.MustSubmitCSPR(testkit.CSPRAnswers(t, db))
	if page := c.Get("/hsscp/my/submissions/" + id + "/withdraw"); page.Status != http.StatusOK || !strings.Contains(page.Body, banner) {
		t.Errorf("withdrawing a CSPR request: %d, banner %v", page.Status, strings.Contains(page.Body, banner))
	}
}
