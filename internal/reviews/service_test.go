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
	draft, err := intake.SaveDraft(ctx, f.db, intake.DraftInput{PartnershipID: f.pid, Kind: intake.CSPR, FormKey: "child-name",
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
	in := reviews.StartInput{Title: "Review of (Jordan), 2026", AwareOn: day("3 November 2026"), ClockStart: "awareness"}
	_, err = svc.Start(ctx, er, f.pid, "HSSCP", req.ID, in)
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

// Only someone who works for a statutory partner signs a draft off, for that partner, once, and
// only once there is a draft.
func TestOnlySomeoneOfAStatutoryPartnerSignsOff(t *testing.T) {
	ctx := context.Background()
	f := setup(t)
	now := day("5 November 2026").Add(10 * time.Hour)
	svc := f.service(now)
	er, exec, pc := f.actor(t, "engine-room@hsscp.example"), f.actor(t, "executive@hsscp.example"), f.actor(t, "practitioner@hsscp.example")
	started, err := svc.Start(ctx, er, f.pid, "HSSCP", 0, reviews.StartInput{Title: "Child S (2026)", AwareOn: day("3 November 2026"), ClockStart: "awareness"})
	if err != nil {
		t.Fatal(err)
	}
	id := started.ID
	if _, err := svc.SignOff(ctx, exec, f.pid, id); !errors.Is(err, reviews.ErrSignOffRefused) || app.KindOf(err) != app.Forbidden {
		t.Errorf("a sign-off before the draft: %v", err)
	}
	ws, err := svc.Workspace(ctx, er, f.pid, id)
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.SaveReview(ctx, er, f.pid, id, reviews.WorkspaceInput{Version: ws.Review.Version, Draft: "The draft"}); err != nil {
		t.Fatal(err)
	}
	for _, who := range []app.Actor{pc, {Subject: access.Subject{UserID: er.UserID, Email: er.Email}, Partnership: f.pid}} {
		if ws, err := svc.Workspace(ctx, who, f.pid, id); err != nil || ws.MaySignOff {
			t.Errorf("%s (organisation %d) is offered the sign-off: %v", who.Email, who.OrganisationID, err)
		}
		if _, err := svc.SignOff(ctx, who, f.pid, id); !errors.Is(err, reviews.ErrSignOffRefused) {
			t.Errorf("%s (organisation %d) signed off: %v", who.Email, who.OrganisationID, err)
		}
	}
	if ws, err := svc.Workspace(ctx, exec, f.pid, id); err != nil || !ws.MaySignOff {
		t.Errorf("the local authority's member is not offered the sign-off: %v", err)
	}
	if role, err := svc.SignOff(ctx, exec, f.pid, id); err != nil || role != "local_authority" {
		t.Fatalf("the local authority's sign-off: %q, %v", role, err)
	}
	if _, err := svc.SignOff(ctx, exec, f.pid, id); !errors.Is(err, reviews.ErrSignOffRefused) {
		t.Errorf("a second sign-off for the local authority: %v", err)
	}
	if ws, err := svc.Workspace(ctx, exec, f.pid, id); err != nil || ws.MaySignOff || ws.SignOffs["local_authority"] != "Erin Executive" {
		t.Errorf("after signing: offered %v, signed %v, %v", ws.MaySignOff, ws.SignOffs, err)
	}
	if n := f.audited(t, audit.ReviewSignOff, "rapid_review", id); n != 1 {
		t.Errorf("%d audit records of sign-off, want the one that was made", n)
	}
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
