package reviews_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/meetings"
	"github.com/scp-portal/portal/internal/reviews"
)

// awaitingApproval is the demo's local CSPR whose reviewer, proposed by the Engine Room, awaits
// the Executive's approval.
func (f fixture) awaitingApproval(t *testing.T) reviews.CSPR {
	t.Helper()
	var id int64
	if err := f.db.QueryRow(context.Background(), `SELECT id FROM local_cspr WHERE partnership_id = $1 AND reviewer <> '' AND reviewer_approved_at IS NULL`,
		f.pid).Scan(&id); err != nil {
		t.Fatal(err)
	}
	c, _, err := reviews.GetCSPR(context.Background(), f.db, f.pid, id)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// One person never both proposes and approves a reviewer: the proposer is refused, with the rule
// named, and nothing is recorded; someone else's approval records who, when and what.
func TestOnePersonNeverBothProposesAndApproves(t *testing.T) {
	ctx := context.Background()
	f := setupWithHistory(t)
	now := time.Now()
	svc, exec, er := f.service(now), f.actor(t, "executive@hsscp.example"), f.actor(t, "engine-room@hsscp.example")
	c := f.awaitingApproval(t)
	if c.ProposerName != "Eddie Engine" {
		t.Fatalf("the demo's proposal records no proposer: %+v", c)
	}
	// The Executive member proposes a new reviewer (as one who also sits on the Engine Room might).
	if err := svc.ProposeReviewer(ctx, exec, f.pid, c.ID, reviews.ReviewerInput{Version: c.Version, Reviewer: "Dr Quinn Reviewer", Terms: "Terms"}); err != nil {
		t.Fatal(err)
	}
	c, _, _ = reviews.GetCSPR(ctx, f.db, f.pid, c.ID)
	err := svc.ApproveReviewer(ctx, exec, f.pid, c.ID, reviews.ApprovalInput{Version: c.Version})
	if !errors.Is(err, reviews.ErrOwnProposal) || app.KindOf(err) != app.Forbidden || !strings.Contains(app.FieldMessage(err, "approve"), "never both proposes and approves") {
		t.Fatalf("the proposer approving: %v", err)
	}
	if after, _, _ := reviews.GetCSPR(ctx, f.db, f.pid, c.ID); after.ReviewerApprovedAt != nil || after.Version != c.Version {
		t.Fatalf("a refused approval changed the review: %+v", after)
	}
	if err := svc.ApproveReviewer(ctx, er, f.pid, c.ID, reviews.ApprovalInput{Version: c.Version}); err != nil {
		t.Fatalf("someone else approving: %v", err)
	}
	c, _, _ = reviews.GetCSPR(ctx, f.db, f.pid, c.ID)
	if c.ReviewerApprovedBy == nil || *c.ReviewerApprovedBy != er.UserID || c.ReviewerApprovedAt == nil || c.ApprovedReviewer != "Dr Quinn Reviewer" ||
		c.ProposerName != "Erin Executive" || c.ApprovalDecisionID != nil {
		t.Errorf("the approval records %+v", c)
	}
	// A new reviewer proposed needs approving again, and is the new proposer's proposal.
	if err := svc.ProposeReviewer(ctx, er, f.pid, c.ID, reviews.ReviewerInput{Version: c.Version, Reviewer: "Dr Other", Terms: "Terms"}); err != nil {
		t.Fatal(err)
	}
	c, _, _ = reviews.GetCSPR(ctx, f.db, f.pid, c.ID)
	if c.ReviewerApprovedAt != nil || c.ApprovedReviewer != "" || c.ReviewerProposedBy == nil || *c.ReviewerProposedBy != er.UserID {
		t.Errorf("after a new proposal: %+v", c)
	}
}

// An approval made at a meeting of the Executive already held is recorded in that meeting's
// decisions log, done, with the approval's text; a meeting not yet held is refused.
func TestAnApprovalAtAMeetingIsRecordedInItsLog(t *testing.T) {
	ctx := context.Background()
	f := setupWithHistory(t)
	svc, exec := f.service(time.Now()), f.actor(t, "executive@hsscp.example")
	c := f.awaitingApproval(t)
	var held, planned, body int64
	if err := f.db.QueryRow(ctx, `SELECT b.id, (SELECT id FROM meeting WHERE body_id = b.id AND held_on < now() ORDER BY held_on DESC LIMIT 1),
		(SELECT id FROM meeting WHERE body_id = b.id AND held_on > now() LIMIT 1) FROM body b WHERE b.partnership_id = $1 AND b.kind = 'executive'`,
		f.pid).Scan(&body, &held, &planned); err != nil {
		t.Fatal(err)
	}
	err := svc.ApproveReviewer(ctx, exec, f.pid, c.ID, reviews.ApprovalInput{Version: c.Version, MeetingID: planned})
	if app.KindOf(err) != app.Invalid || app.FieldMessage(err, "meeting") == "" {
		t.Fatalf("an approval at a meeting not yet held: %v", err)
	}
	if err := svc.ApproveReviewer(ctx, exec, f.pid, c.ID, reviews.ApprovalInput{Version: c.Version, MeetingID: held}); err != nil {
		t.Fatal(err)
	}
	c, _, _ = reviews.GetCSPR(ctx, f.db, f.pid, c.ID)
	if c.ApprovalDecisionID == nil {
		t.Fatal("the approval names no decision")
	}
	d, err := meetings.ResolutionByID(ctx, f.db, body, *c.ApprovalDecisionID)
	if err != nil || d.MeetingID != held || d.OwnerID != exec.UserID || d.DoneOn == nil || !strings.Contains(d.Text, "approved "+c.Reviewer) ||
		d.ItemTitle != "Reviewer of "+c.Reference {
		t.Errorf("the decision recorded: %+v, %v", d, err)
	}
}

// A rapid review sent to the national Panel is no longer signed off: what was sent is what the
// partners signed.
func TestNoSignOffAfterTheReviewWentToThePanel(t *testing.T) {
	ctx := context.Background()
	f := setup(t)
	now := day("5 November 2026").Add(10 * time.Hour)
	svc, er, exec := f.service(now), f.actor(t, "engine-room@hsscp.example"), f.actor(t, "executive@hsscp.example")
	started, err := svc.Start(ctx, er, f.pid, "HSSCP", 0, reviews.StartInput{Title: "Child P (2026)", AwareOn: day("3 November 2026"), ClockStart: "awareness"})
	if err != nil {
		t.Fatal(err)
	}
	ws, err := svc.Workspace(ctx, er, f.pid, started.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.SaveReview(ctx, er, f.pid, started.ID, reviews.WorkspaceInput{Version: ws.Review.Version, Draft: "The draft",
		SentToPanelOn: ptr(day("5 November 2026"))}); err != nil {
		t.Fatal(err)
	}
	ws, _ = svc.Workspace(ctx, er, f.pid, started.ID)
	if err := svc.SubmitForSignOff(ctx, er, f.pid, started.ID, ws.Review.Version); app.KindOf(err) != app.Conflict {
		t.Errorf("put to the partners after the review went to the Panel: %v", err)
	}
	if err := svc.SignOff(ctx, exec, f.pid, started.ID, exec.OrganisationID); app.KindOf(err) != app.Forbidden || !strings.Contains(app.FieldMessage(err, "organisation"), "national Panel") {
		t.Errorf("a sign-off after the review went to the Panel: %v", err)
	}
}

// A local CSPR is published only after the Executive approved its publication, proposed by
// someone else once the report went to the national Panel; the approval made at a meeting is a
// decision in its log, and publishes the review on the day proposed.
func TestPublicationFollowsTheExecutivesDecision(t *testing.T) {
	ctx := context.Background()
	f := setupWithHistory(t)
	now := time.Now()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	svc := f.service(now)
	er, exec := f.actor(t, "engine-room@hsscp.example"), f.actor(t, "executive@hsscp.example")
	id := f.start(t, reviews.StartInput{Title: "Child Q (2026)", AwareOn: today.AddDate(0, 0, -20), ClockStart: "awareness"}, today.AddDate(0, 0, -20))
	rv, _ := reviews.Get(ctx, f.db, f.pid, id)
	rv.Draft, rv.Decision, rv.DecisionReasons = "The draft", "local_cspr", "Learning"
	if err := reviews.Update(ctx, f.db, rv); err != nil {
		t.Fatal(err)
	}
	cid, err := svc.OpenLocalReview(ctx, er, f.pid, "HSSCP", id, 0)
	if err != nil {
		t.Fatal(err)
	}
	lr, _ := svc.LocalReview(ctx, er, f.pid, cid)
	publish := reviews.PublicationInput{Version: lr.CSPR.Version, PublishOn: today.AddDate(0, 0, 10)}
	if err := svc.ProposePublication(ctx, er, f.pid, cid, publish); app.FieldMessage(err, "publish_on-day") == "" {
		t.Errorf("publication proposed before the Panel had the report: %v", err)
	}
	report := reviews.ReportInput{Version: lr.CSPR.Version, Report: "Findings", SentToPanelOn: ptr(today.AddDate(0, 0, -1)),
		RedactedReport: "Redacted findings", LearningSummary: "Share concerns"}
	if err := svc.SaveReport(ctx, er, f.pid, cid, report); err != nil {
		t.Fatal(err)
	}
	publish.Version++
	if err := svc.ProposePublication(ctx, er, f.pid, cid, publish); err != nil {
		t.Fatal(err)
	}
	if err := svc.ApprovePublication(ctx, er, f.pid, cid, reviews.ApprovalInput{Version: publish.Version + 1}); !errors.Is(err, reviews.ErrOwnPublicationProposal) {
		t.Errorf("the proposer approving: %v", err)
	}
	c, _, _ := reviews.GetCSPR(ctx, f.db, f.pid, cid)
	if c.PublishedOn != nil {
		t.Fatal("published before the Executive's approval")
	}
	var held int64
	if err := f.db.QueryRow(ctx, `SELECT m.id FROM meeting m JOIN body b ON b.id = m.body_id WHERE b.partnership_id = $1 AND b.kind = 'executive'
		AND m.held_on < now() ORDER BY m.held_on DESC LIMIT 1`, f.pid).Scan(&held); err != nil {
		t.Fatal(err)
	}
	if err := svc.ApprovePublication(ctx, exec, f.pid, cid, reviews.ApprovalInput{Version: c.Version, MeetingID: held}); err != nil {
		t.Fatal(err)
	}
	c, _, _ = reviews.GetCSPR(ctx, f.db, f.pid, cid)
	if c.PublishedOn == nil || !c.PublishedOn.Equal(today.AddDate(0, 0, 10)) || c.PublicationApproverName != "Erin Executive" || c.PublicationDecisionID == nil {
		t.Errorf("after the approval: %+v", c)
	}
	report.Version, report.RedactedReport = c.Version, "Something else"
	if err := svc.SaveReport(ctx, er, f.pid, cid, report); app.KindOf(err) != app.Conflict {
		t.Errorf("what was published changed: %v", err)
	}
}
