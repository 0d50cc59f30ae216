package intake_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/intake"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/internal/testkit"
)

// world is the demo partnership with a service whose clock stands still, and its people.
type world struct {
	db                    *pgxpool.Pool
	svc                   *intake.Service
	p                     partnership.Partnership
	writer, colleague, er app.Actor
	org                   string
}

func newWorld(t *testing.T) world {
	t.Helper()
	ctx := context.Background()
	db := testkit.NewDB(t)
	testkit.SeedDemo(t, db)
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	w := world{db: db, svc: &intake.Service{Env: app.Env{DB: db, BaseURL: "https://portal.example", Now: func() time.Time { return now }}}}
	var err error
	if w.p, err = partnership.BySlug(ctx, db, "hsscp"); err != nil {
		t.Fatal(err)
	}
	actor := func(email string) app.Actor {
		a := testkit.MustActor(t, db, email, now, "192.0.2.7")
		a.Partnership = w.p.ID
		return a
	}
	w.writer, w.colleague, w.er = actor("practitioner@hsscp.example"), actor("executive@hsscp.example"), actor("engine-room@hsscp.example")
	if err := db.QueryRow(ctx, `SELECT id::text FROM organisation WHERE partnership_id = $1 ORDER BY id LIMIT 1`, w.p.ID).Scan(&w.org); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w world) count(t *testing.T, sql string, args ...any) int {
	t.Helper()
	return testkit.MustQueryInt(t, w.db, sql, args...)
}

// kloe returns answers that make a complete KLOE request.
func (w world) kloe() url.Values {
	return url.Values{"requester_name": {"Priya"}, "requester_job_title": {"Health visitor"}, "requester_organisation": {w.org},
		"requester_email": {"practitioner@hsscp.example"}, "kind": {"barrier"}, "title": {"Discharge planning"},
		"observed": {"Meetings without social care"}, "agencies": {"Acute trust"}, "question": {"How?"},
		"urgency": {"routine"}, "manager_aware": {"no"}}
}

var formKeys = 0

// draft saves a complete KLOE draft for a and returns its id.
func (w world) draft(t *testing.T, a app.Actor) int64 {
	t.Helper()
	formKeys++
	v, err := w.svc.SaveDraft(context.Background(), a, intake.SaveInput{Kind: intake.KLOE, FormKey: fmt.Sprintf("%032x", formKeys),
		Answers: w.kloe(), Check: true})
	if err != nil {
		t.Fatal(err)
	}
	return v.ID
}

// Sending a request gives it its reference, records it and queues the acknowledgement and the
// notices in one transaction: when one part fails, none of it happened, not even the number.
func TestSubmitIsOneTransaction(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	id := w.draft(t, w.writer)

	broken := w.writer
	broken.Email = "practitioner@hsscp.example\r\nBcc: someone@example.org" // the acknowledgement cannot be queued
	if _, err := w.svc.Submit(ctx, broken, w.p, id, intake.KLOE); err == nil {
		t.Fatal("a submission whose acknowledgement failed succeeded")
	}
	if n := w.count(t, `SELECT count(*) FROM intake_request WHERE id = $1 AND status = 'draft' AND reference IS NULL`, id); n != 1 {
		t.Error("a failed submission left the request sent")
	}
	if n := w.count(t, `SELECT count(*) FROM audit_log WHERE action = 'kloe.submit'`) + w.count(t, `SELECT count(*) FROM outbox`); n != 0 {
		t.Errorf("a failed submission left %d audit records and e-mails", n)
	}

	req, err := w.svc.Submit(ctx, w.writer, w.p, id, intake.KLOE)
	if err != nil || req.Reference != "HSSCP-KLOE-2026-0001" || req.Status != intake.Received {
		t.Fatalf("submit: %q %s, %v; want HSSCP-KLOE-2026-0001, the number the failure gave back", req.Reference, req.Status, err)
	}
	if n := w.count(t, `SELECT count(*) FROM audit_log WHERE action = 'kloe.submit' AND object_type = 'request' AND object_id = $1
		AND detail = $2 AND actor_email = 'practitioner@hsscp.example'`, fmt.Sprint(id), req.Reference); n != 1 {
		t.Errorf("audit records of the submission: %d, want 1", n)
	}
	if n := w.count(t, `SELECT count(*) FROM outbox WHERE to_address = 'practitioner@hsscp.example' AND subject LIKE '%' || $1
		AND body LIKE '%https://portal.example/hsscp/my/submissions%'`, req.Reference); n != 1 {
		t.Errorf("acknowledgements: %d, want 1", n)
	}
	notices := w.count(t, `SELECT count(*) FROM outbox WHERE to_address <> 'practitioner@hsscp.example' AND subject = $1`,
		"New Key Line of Enquiry request "+req.Reference)
	if notices == 0 || w.count(t, `SELECT count(*) FROM outbox WHERE body LIKE '%Discharge%'`) != 0 {
		t.Errorf("notices: %d, or an e-mail carries the request's content", notices)
	}

	// Sending it again makes nothing new.
	again, err := w.svc.Submit(ctx, w.writer, w.p, id, intake.KLOE)
	if err != nil || again.Reference != req.Reference {
		t.Fatalf("submitting again: %q, %v", again.Reference, err)
	}
	if n := w.count(t, `SELECT count(*) FROM audit_log WHERE action = 'kloe.submit'`); n != 1 {
		t.Errorf("audit records after submitting twice: %d, want 1", n)
	}
}

// A draft with answers missing is not sent.
func TestSubmitRefusesAnIncompleteDraft(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	v, err := w.svc.SaveDraft(ctx, w.writer, intake.SaveInput{Kind: intake.KLOE, FormKey: strings.Repeat("a", 32),
		Answers: url.Values{"title": {"Only a title"}}})
	if err != nil {
		t.Fatalf("saving an unfinished draft: %v", err)
	}
	if _, err := w.svc.Submit(ctx, w.writer, w.p, v.ID, intake.KLOE); !errors.Is(err, intake.ErrIncomplete) {
		t.Errorf("submitting an unfinished draft: %v, want ErrIncomplete", err)
	}
	if n := w.count(t, `SELECT count(*) FROM audit_log WHERE action = 'kloe.draft' AND object_id = $1`, fmt.Sprint(v.ID)); n != 1 {
		t.Errorf("draft audit records: %d, want 1", n)
	}
	// A new form's first "Continue" with answers missing saves nothing: no untitled draft is left
	// behind (issue #14), and the answers come back as typed.
	before := w.count(t, `SELECT count(*) FROM intake_request`)
	first, err := w.svc.SaveDraft(ctx, w.writer, intake.SaveInput{Kind: intake.CSPR, FormKey: strings.Repeat("d", 32),
		Answers: url.Values{"what_happened": {"Kept"}}, Check: true})
	if app.KindOf(err) != app.Invalid || app.FieldMessage(err, "requester_phone") == "" || first.ID != 0 || first.Answers.Get("what_happened") != "Kept" {
		t.Errorf("a failed first continue: %v, draft %d, answers %v", err, first.ID, first.Answers)
	}
	if n := w.count(t, `SELECT count(*) FROM intake_request`); n != before {
		t.Errorf("a failed first continue saved %d drafts", n-before)
	}
}

// A request can be withdrawn until the Engine Room looks at it; after that the refusal lands on
// the reason, and nothing changes.
func TestWithdrawTooLateIsRefused(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	id := w.draft(t, w.writer)
	if _, err := w.svc.Submit(ctx, w.writer, w.p, id, intake.KLOE); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.Withdraw(ctx, w.writer, id, "  "); app.KindOf(err) != app.Invalid || app.FieldMessage(err, "reason") == "" {
		t.Errorf("withdrawing without a reason: %v", err)
	}
	if _, err := w.svc.Withdraw(ctx, w.er, id, "not mine"); !errors.Is(err, intake.ErrNotFound) {
		t.Errorf("the Engine Room withdrawing someone's request: %v, want not found", err)
	}
	req, err := w.svc.Detail(ctx, w.er, id)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.svc.SetStatus(ctx, w.er, intake.StatusInput{ID: id, To: intake.Considering, Version: req.Version}); err != nil {
		t.Fatal(err)
	}
	_, err = w.svc.Withdraw(ctx, w.writer, id, "changed my mind")
	if app.KindOf(err) != app.Conflict || !strings.Contains(app.FieldMessage(err, "reason"), "cannot be withdrawn now") {
		t.Errorf("withdrawing a request being considered: %v", err)
	}
	if n := w.count(t, `SELECT count(*) FROM intake_request WHERE id = $1 AND status = 'considering'`, id); n != 1 {
		t.Error("a refused withdrawal changed the request")
	}
	if n := w.count(t, `SELECT count(*) FROM audit_log WHERE action = 'request.withdraw'`); n != 0 {
		t.Errorf("refused withdrawals recorded as done: %d", n)
	}
	// The Engine Room's form, loaded before it moved on, is stale.
	err = w.svc.SetStatus(ctx, w.er, intake.StatusInput{ID: id, To: intake.Closed, Outcome: "Done", Version: req.Version})
	if app.KindOf(err) != app.Conflict || !strings.Contains(app.FieldMessage(err, "status"), "Someone else has moved this request on") {
		t.Errorf("a stale status change: %v", err)
	}
}

// A draft, with its documents, is its writer's alone: anyone else is told it does not exist,
// and the attempt is in the audit log.
func TestADraftIsItsWritersAlone(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	id := w.draft(t, w.writer)
	if _, err := w.svc.EditDraft(ctx, w.writer, id, intake.KLOE); err != nil {
		t.Errorf("the writer opening their draft: %v", err)
	}
	if _, err := w.svc.Detail(ctx, w.er, id); !errors.Is(err, intake.ErrNotFound) {
		t.Errorf("the Engine Room reading a draft: %v, want not found", err)
	}
	if _, err := w.svc.SaveDraft(ctx, w.colleague, intake.SaveInput{ID: id, Kind: intake.KLOE, Answers: url.Values{"title": {"hijacked"}}}); !errors.Is(err, intake.ErrNotFound) {
		t.Errorf("a colleague saving someone's draft: %v, want not found", err)
	}
	if _, err := w.svc.EditDraft(ctx, w.writer, id, intake.CSPR); !errors.Is(err, intake.ErrNotFound) {
		t.Errorf("a draft opened as the other kind: %v, want not found", err)
	}
	for reason, want := range map[string]int{"a draft is its writer's alone": 1, "not their own request": 1, "no such request": 1} {
		if n := w.count(t, `SELECT count(*) FROM audit_log WHERE action = 'request.read' AND outcome = 'refused' AND detail = $1
			AND object_id = $2`, reason, fmt.Sprint(id)); n != want {
			t.Errorf("refusals %q: %d, want %d", reason, n, want)
		}
	}
	if n := w.count(t, `SELECT count(*) FROM intake_request WHERE id = $1 AND title = 'hijacked'`, id); n != 0 {
		t.Error("someone else changed the draft")
	}
	// Only its writer deletes it, by its own kind, audited; a sent request is never deleted (issue #14).
	if _, err := w.svc.DeleteDraft(ctx, w.colleague, id, intake.KLOE); !errors.Is(err, intake.ErrNotFound) {
		t.Errorf("a colleague deleting someone's draft: %v, want not found", err)
	}
	if _, err := w.svc.DeleteDraft(ctx, w.writer, id, intake.CSPR); !errors.Is(err, intake.ErrNotFound) {
		t.Errorf("a draft deleted as the other kind: %v, want not found", err)
	}
	if _, err := w.svc.DeleteDraft(ctx, w.writer, id, intake.KLOE); err != nil {
		t.Errorf("the writer deleting their draft: %v", err)
	}
	if n := w.count(t, `SELECT count(*) FROM intake_request WHERE id = $1`, id) +
		w.count(t, `SELECT 1 - count(*) FROM audit_log WHERE action = 'request.draft-delete' AND object_id = $1`, fmt.Sprint(id)); n != 0 {
		t.Error("the draft is still there, or its deletion is not in the audit log")
	}
	sent := w.draft(t, w.writer)
	if _, err := w.svc.Submit(ctx, w.writer, w.p, sent, intake.KLOE); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.DeleteDraft(ctx, w.writer, sent, intake.KLOE); !errors.Is(err, intake.ErrNotDraft) {
		t.Errorf("deleting a sent request: %v, want ErrNotDraft", err)
	}
}

// A CSPR consideration request's status, for its writer, on its page and in the Engine Room's
// inbox, follows its rapid review and local CSPR, read in a fixed number of queries (issue #14).
func TestACSPRRequestFollowsItsReview(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	answers := testkit.CSPRAnswers(t, w.db)
	v, err := w.svc.SaveDraft(ctx, w.writer, intake.SaveInput{Kind: intake.CSPR, FormKey: strings.Repeat("e", 32), Answers: answers, Check: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.Submit(ctx, w.writer, w.p, v.ID, intake.CSPR); err != nil {
		t.Fatal(err)
	}
	exec := func(sql string, args ...any) {
		t.Helper()
		if _, err := w.db.Exec(ctx, sql, args...); err != nil {
			t.Fatal(err)
		}
	}
	status := func() (mine, page, inbox string) {
		t.Helper()
		list, err := w.svc.Mine(ctx, w.writer, app.FirstPage)
		if err != nil || len(list.Rows) != 1 {
			t.Fatalf("mine: %d rows, %v", len(list.Rows), err)
		}
		d, err := w.svc.Detail(ctx, w.writer, v.ID)
		if err != nil {
			t.Fatal(err)
		}
		// The Engine Room's inbox says what the request's page says (issue #14).
		rows, _, err := w.svc.Inbox(ctx, w.er, intake.InboxQuery{Kind: intake.CSPR})
		if err != nil || len(rows) != 1 || rows[0].ID != v.ID {
			t.Fatalf("inbox: %d rows, %v", len(rows), err)
		}
		return list.Rows[0].StatusLabel(), d.StatusLabel(), rows[0].StatusLabel()
	}
	steps := []struct {
		do   func()
		want string
	}{
		{func() {}, "Received"},
		{func() {
			exec(`UPDATE intake_request SET status = 'considering' WHERE id = $1`, v.ID)
			exec(`INSERT INTO rapid_review (partnership_id, request_id, reference, title, aware_on, clock_start, due_on, due_rule)
				VALUES ($1, $2, 'HSSCP-RR-2026-0001', 'Child A (2026)', '2026-11-03', 'awareness', '2026-11-24', 'rule')`, w.p.ID, v.ID)
		}, "Rapid review in progress"},
		{func() {
			exec(`UPDATE rapid_review SET decision = 'local_cspr', sent_to_panel_on = '2026-11-20' WHERE request_id = $1`, v.ID)
		}, "Rapid review sent to the national Panel"},
		{func() {
			exec(`INSERT INTO local_cspr (partnership_id, review_id, reference, publish_target_on)
				SELECT $1, id, 'HSSCP-CSPR-LOCAL-1', '2027-05-20' FROM rapid_review WHERE request_id = $2`, w.p.ID, v.ID)
		}, "Local CSPR under way"},
		{func() { exec(`UPDATE local_cspr SET published_on = '2026-11-25'`) }, "Local CSPR under way"}, // not yet: tomorrow
		{func() { exec(`UPDATE local_cspr SET published_on = '2026-11-24'`) }, "Local CSPR published"},
		{func() {
			exec(`DELETE FROM local_cspr`)
			exec(`UPDATE rapid_review SET decision = 'no_review'`)
		}, "Decided: no further review"},
	}
	for _, s := range steps {
		s.do()
		if mine, page, inbox := status(); mine != s.want || page != s.want || inbox != s.want {
			t.Errorf("status on My submissions %q, on its page %q, in the inbox %q; want %q", mine, page, inbox, s.want)
		}
	}
}

func pdf(name string, size int) intake.Upload {
	data := append([]byte("%PDF-1.4 "), bytes.Repeat([]byte("x"), max(size-9, 0))...)
	return intake.Upload{Name: name, Size: int64(len(data)), Open: func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(data)), nil
	}}
}

// Documents are checked by their content and size, up to five a draft; each one refused is named,
// and the draft is kept with the others.
func TestUploadLimits(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	var files []intake.Upload
	for i := 1; i <= intake.MaxFiles+1; i++ {
		files = append(files, pdf(fmt.Sprintf("doc%d.pdf", i), 100))
	}
	text := intake.Upload{Name: "notes.txt", Size: 5, Open: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader("notes")), nil }}
	big := pdf(`..\scans/big.pdf`, intake.MaxFileSize+1)
	v, err := w.svc.SaveDraft(ctx, w.writer, intake.SaveInput{Kind: intake.KLOE, FormKey: strings.Repeat("b", 32), Answers: w.kloe(),
		Files: append(files, text, big, intake.Upload{})})
	if app.KindOf(err) != app.Invalid {
		t.Fatalf("refused documents: %v, want Invalid", err)
	}
	var msgs []string
	for _, fe := range app.FieldsOf(err) {
		if fe.Field != "files" {
			t.Errorf("a problem on %s: %s", fe.Field, fe.Message)
		}
		msgs = append(msgs, fe.Message)
	}
	want := []string{
		"You can attach up to 5 files: doc6.pdf was not added",
		"The file notes.txt must be a PDF, Word, Excel, PNG, JPEG or GIF file",
		"The file big.pdf is larger than 10 MB",
	}
	if strings.Join(msgs, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(msgs, "\n"), strings.Join(want, "\n"))
	}
	if v.ID == 0 || len(v.Attachments) != intake.MaxFiles {
		t.Errorf("the draft %d kept %d documents, want %d", v.ID, len(v.Attachments), intake.MaxFiles)
	}
	// A CSPR consideration request takes no documents.
	c, err := w.svc.SaveDraft(ctx, w.writer, intake.SaveInput{Kind: intake.CSPR, FormKey: strings.Repeat("c", 32), Files: files[:1]})
	if err != nil || w.count(t, `SELECT count(*) FROM intake_attachment WHERE request_id = $1`, c.ID) != 0 {
		t.Errorf("a CSPR draft with a document: %v", err)
	}
}
