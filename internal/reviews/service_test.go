package reviews_test

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/intake"
	"github.com/scp-portal/portal/internal/reviews"
	"github.com/scp-portal/portal/internal/signoff"
	"github.com/scp-portal/portal/internal/testkit"
)

// actor is the seeded person with the e-mail address, acting in the fixture's partnership.
func (f fixture) actor(t *testing.T, email string) app.Actor {
	t.Helper()
	a := app.Actor{Subject: access.Subject{Email: email, PartnershipID: f.pid}, Partnership: f.pid}
	var org *int64
	if err := f.db.QueryRow(context.Background(), `SELECT id, organisation_id FROM app_user WHERE email = $1`, email).Scan(&a.UserID, &org); err != nil {
		t.Fatal(err)
	}
	if org != nil {
		a.OrganisationID = *org
	}
	return a
}

// audited counts the audit records of action on the object.
func (f fixture) audited(t *testing.T, action audit.Action, objectType string, objectID int64) int {
	t.Helper()
	var n int
	if err := f.db.QueryRow(context.Background(), `SELECT count(*) FROM audit_log WHERE action = $1 AND object_type = $2 AND object_id = $3`,
		string(action), objectType, strconv.FormatInt(objectID, 10)).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// submitCSPR is a CSPR consideration request about the child Jordan Example, written from the form
// with key formKey and submitted by pc at now.
func (f fixture) submitCSPR(t *testing.T, pc app.Actor, formKey string, now time.Time) intake.SubmitResult {
	t.Helper()
	ctx := context.Background()
	draft, err := intake.SaveDraft(ctx, f.db, intake.DraftInput{PartnershipID: f.pid, Kind: intake.CSPR, FormKey: formKey,
		Requester: intake.Requester{ID: pc.UserID, Name: "Priya Practitioner", Email: pc.Email},
		Answers:   url.Values{"child1_name": {"Jordan Example"}}})
	if err != nil {
		t.Fatal(err)
	}
	var req intake.SubmitResult
	if err := database.InTx(ctx, f.db, func(tx pgx.Tx) error {
		req, err = intake.Submit(ctx, tx, f.pid, draft, pc.UserID, "HSSCP", now)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return req
}

func (f fixture) service(now time.Time) *reviews.Service {
	return &reviews.Service{Env: app.Env{DB: f.db, Now: func() time.Time { return now }}}
}

// A review's title appears in lists and, once published, to the public: started from a request,
// it may not name the request's child, and nothing is started or recorded when it does.
func TestAReviewTitleMayNotNameTheRequestsChild(t *testing.T) {
	ctx := context.Background()
	f := setup(t)
	now := day("4 November 2026").Add(10 * time.Hour)
	svc, er := f.service(now), f.actor(t, "engine-room@hsscp.example")
	pc := f.actor(t, "practitioner@hsscp.example")
	req := f.submitCSPR(t, pc, "child-name", now)
	in := reviews.StartInput{Title: "Review of (Jordan), 2026", AwareOn: day("3 November 2026"), ClockStart: "awareness"}
	_, err := svc.Start(ctx, er, f.pid, "HSSCP", req.ID, in)
	if app.KindOf(err) != app.Invalid || !strings.Contains(app.FieldMessage(err, "review_title"), "Do not use the child's name (jordan)") {
		t.Fatalf("a title naming the child: %v", err)
	}
	if id, _ := reviews.ByRequest(ctx, f.db, f.pid, req.ID); id != 0 {
		t.Error("a review was started with the child's name in its title")
	}
	// With a title that names no child it starts, and a second start finds the same review.
	in.Title = "Child J (2026)"
	started, err := svc.Start(ctx, er, f.pid, "HSSCP", req.ID, in)
	if err != nil || started.Already {
		t.Fatalf("start: %+v, %v", started, err)
	}
	if n := f.audited(t, audit.ReviewStart, "rapid_review", started.ID); n != 1 {
		t.Errorf("%d audit records of the start", n)
	}
	again, err := svc.Start(ctx, er, f.pid, "HSSCP", req.ID, in)
	if err != nil || !again.Already || again.ID != started.ID {
		t.Errorf("starting twice from one request: %+v, %v", again, err)
	}
}

// A rapid review is put to every statutory partner organisation (HSSCP's two councils each sign),
// signed by each one's lead representative or a delegate, never by whoever put it to them; once
// put to them its content and decision are locked, and reopening takes a reason and voids the
// sign-offs. A decision that opened a local CSPR never changes.
func TestEveryStatutoryPartnerOrganisationSignsTheReview(t *testing.T) {
	ctx := context.Background()
	f := setup(t)
	now := day("5 November 2026").Add(10 * time.Hour)
	svc := f.service(now)
	er := f.actor(t, "engine-room@hsscp.example") // the police lead's delegate
	started, err := svc.Start(ctx, er, f.pid, "HSSCP", 0, reviews.StartInput{Title: "Child S (2026)", AwareOn: day("3 November 2026"), ClockStart: "awareness"})
	if err != nil {
		t.Fatal(err)
	}
	id := started.ID
	version := func() int { rv, _ := reviews.Get(ctx, f.db, f.pid, id); return rv.Version }
	if err := svc.SubmitForSignOff(ctx, er, f.pid, id, version()); !errors.Is(err, reviews.ErrNotReadyToSubmit) {
		t.Errorf("put to the partners with no draft: %v", err)
	}
	content := reviews.WorkspaceInput{Facts: "What happened", Draft: "The draft", Decision: "local_cspr", DecisionReasons: "Learning for all"}
	content.Version = version()
	if err := svc.SaveReview(ctx, er, f.pid, id, content); err != nil {
		t.Fatal(err)
	}
	if err := svc.SubmitForSignOff(ctx, er, f.pid, id, version()-1); app.KindOf(err) != app.Conflict {
		t.Errorf("put to the partners from a stale page: %v", err)
	}
	if err := svc.SubmitForSignOff(ctx, er, f.pid, id, version()); err != nil {
		t.Fatal(err)
	}
	type lead struct {
		Org   int64
		Email string
	}
	leads, err := database.All[lead](ctx, f.db, "leads", `SELECT o.id, u.email FROM organisation o JOIN app_user u ON u.id = o.lead_representative_id
		WHERE o.partnership_id = $1 AND o.statutory_role <> '' ORDER BY o.id`, f.pid)
	if err != nil || len(leads) != 4 {
		t.Fatalf("HSSCP's four statutory partners' leads: %v %v", leads, err)
	}
	// Locked: the decision cannot change; the Panel's dates still save, the content kept.
	change := content
	change.Version, change.Decision = version(), "no_review"
	if err := svc.SaveReview(ctx, er, f.pid, id, change); app.FieldMessage(err, "decision") == "" || app.KindOf(err) != app.Conflict {
		t.Errorf("a locked decision changed: %v", err)
	}
	if err := svc.SaveReview(ctx, er, f.pid, id, reviews.WorkspaceInput{Version: version(), ProgressMeetingOn: ptr(day("4 November 2026"))}); err != nil {
		t.Errorf("saving the dates of a locked review: %v", err)
	}
	if rv, _ := reviews.Get(ctx, f.db, f.pid, id); rv.Decision != "local_cspr" || rv.Draft != "The draft" || rv.ProgressMeetingOn == nil {
		t.Errorf("after saving a locked review: %+v", rv)
	}
	// Whoever put it to the partners cannot sign, even as the police's delegate.
	police := testkit.MustQueryString(t, f.db, `SELECT id::text FROM organisation WHERE partnership_id = $1 AND statutory_role = 'police'`, f.pid)
	policeID, _ := strconv.ParseInt(police, 10, 64)
	if err := svc.SignOff(ctx, er, f.pid, id, policeID); !errors.Is(err, signoff.ErrProposer) {
		t.Errorf("the proposer signing: %v", err)
	}
	for i, l := range leads {
		a := f.actor(t, l.Email)
		ws, err := svc.Workspace(ctx, a, f.pid, id)
		if err != nil || len(ws.SignFor) == 0 {
			t.Fatalf("%s is not offered the sign-off: %+v %v", l.Email, ws.SignFor, err)
		}
		if err := svc.SignOff(ctx, a, f.pid, id, l.Org); err != nil {
			t.Fatalf("%s signing: %v", l.Email, err)
		}
		if err := svc.SignOff(ctx, a, f.pid, id, l.Org); err == nil {
			t.Errorf("%s signed twice", l.Email)
		}
		if signed := reviewSummary(t, f, id); signed.Signed != i+1 || signed.Of != 4 {
			t.Errorf("after %d sign-offs: %+v", i+1, signed)
		}
	}
	list, _ := reviews.Register(ctx, f.db, f.pid)
	if len(list) != 1 || !list[0].SignedOff() {
		t.Errorf("the register does not show it signed off: %+v", list)
	}
	if n := f.audited(t, audit.ReviewSignOff, "rapid_review", id); n != 4 {
		t.Errorf("%d audit records of sign-off, want 4", n)
	}
	// Reopening takes a reason and voids the sign-offs.
	if err := svc.Reopen(ctx, er, f.pid, id, version(), " "); app.FieldMessage(err, "reason") == "" {
		t.Errorf("reopened without a reason: %v", err)
	}
	if err := svc.Reopen(ctx, er, f.pid, id, version(), "The decision's reasons need the Panel's view"); err != nil {
		t.Fatal(err)
	}
	ws, err := svc.Workspace(ctx, er, f.pid, id)
	if err != nil || ws.Locked() || len(ws.SignOff.Voided) != 1 || len(ws.SignOff.Voided[0].Signatures) != 4 {
		t.Fatalf("after reopening: locked %v, %+v, %v", ws.Locked(), ws.SignOff.Voided, err)
	}
	// A local CSPR opened on the decision: the decision never changes again.
	if _, err := svc.OpenLocalReview(ctx, er, f.pid, "HSSCP", id, 0); err != nil {
		t.Fatal(err)
	}
	if err := svc.SaveReview(ctx, er, f.pid, id, change); app.FieldMessage(err, "decision") == "" {
		t.Errorf("the decision of an opened local review changed: %v", err)
	}
}

func reviewSummary(t *testing.T, f fixture, id int64) signoff.Summary {
	t.Helper()
	m, err := signoff.Summaries(context.Background(), f.db, reviews.SubjectKind, []int64{id})
	if err != nil {
		t.Fatal(err)
	}
	return m[id]
}

// Each step of a review is recorded in the audit log in the same transaction as the step: a step
// refused records nothing and changes nothing.
func TestAReviewsStepsAreAuditedWithThem(t *testing.T) {
	ctx := context.Background()
	f := setup(t)
	now := day("5 November 2026").Add(10 * time.Hour)
	svc, er := f.service(now), f.actor(t, "engine-room@hsscp.example")
	started, err := svc.Start(ctx, er, f.pid, "HSSCP", 0, reviews.StartInput{Title: "Child T (2026)", AwareOn: day("3 November 2026"), ClockStart: "awareness"})
	if err != nil {
		t.Fatal(err)
	}
	id := started.ID
	rv, _ := reviews.Get(ctx, f.db, f.pid, id)
	save := reviews.WorkspaceInput{Version: rv.Version, Facts: "What happened", Decision: "no_review", DecisionReasons: "Nothing to learn"}
	if err := svc.SaveReview(ctx, er, f.pid, id, save); err != nil {
		t.Fatal(err)
	}
	// The same version again: someone else's save is not overwritten, and nothing is recorded.
	save.Facts = "Something else"
	err = svc.SaveReview(ctx, er, f.pid, id, save)
	if app.KindOf(err) != app.Conflict || !strings.Contains(app.FieldMessage(err, "facts"), "Someone else saved this review") || app.VersionOf(err) != rv.Version+1 {
		t.Errorf("a stale save: %v", err)
	}
	var detail string
	if err := f.db.QueryRow(ctx, `SELECT string_agg(detail, ',') FROM audit_log WHERE action = 'review.update' AND object_id = $1`, strconv.FormatInt(id, 10)).Scan(&detail); err != nil || detail != "no_review" {
		t.Errorf("the saves recorded: %q, %v", detail, err)
	}
	if rv, _ := reviews.Get(ctx, f.db, f.pid, id); rv.Facts != "What happened" {
		t.Errorf("the stale save changed the facts to %q", rv.Facts)
	}
	// An agency of no partnership of this review: refused on its field, nothing asked or recorded.
	err = svc.RequestInformation(ctx, er, f.pid, id, 999999, day("12 November 2026"))
	if app.FieldMessage(err, "agency") == "" {
		t.Errorf("an unknown agency: %v", err)
	}
	if err := svc.RequestInformation(ctx, er, f.pid, id, f.la, day("12 November 2026")); err != nil {
		t.Fatal(err)
	}
	if n := f.audited(t, audit.ReviewRequestInformation, "rapid_review", id); n != 1 {
		t.Errorf("%d audit records of asking for information, want 1", n)
	}
	// A read of the workspace is recorded too.
	if _, err := svc.Workspace(ctx, er, f.pid, id); err != nil {
		t.Fatal(err)
	}
	if n := f.audited(t, audit.ReviewRead, "rapid_review", id); n != 1 {
		t.Errorf("%d audit records of reading the review, want 1", n)
	}
	if _, err := svc.Workspace(ctx, er, f.pid, 999999); !errors.Is(err, reviews.ErrNotFound) {
		t.Errorf("a review that is not there: %v", err)
	}
}
