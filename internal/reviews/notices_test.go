package reviews_test

import (
	"context"
	"testing"
	"time"

	"github.com/scp-portal/portal/internal/reviews"
	"github.com/scp-portal/portal/internal/testkit"
)

// The writer of a CSPR consideration request hears once that a rapid review started from it: the
// request's reference, never the child's name nor the review's title.
func TestTheWriterIsToldAReviewStartedFromTheirRequest(t *testing.T) {
	ctx := context.Background()
	f := setup(t)
	now := day("4 November 2026").Add(10 * time.Hour)
	svc, er, pc := f.service(now), f.actor(t, "engine-room@hsscp.example"), f.actor(t, "practitioner@hsscp.example")
	req := f.submitCSPR(t, pc, "notice", now)
	in := reviews.StartInput{Title: "Child K (2026)", AwareOn: day("3 November 2026"), ClockStart: "awareness"}
	for range 2 { // a second click starts nothing and tells no one again
		if _, err := svc.Start(ctx, er, f.pid, "HSSCP", req.ID, in); err != nil {
			t.Fatal(err)
		}
	}
	testkit.OneNotice(t, f.db, "practitioner@hsscp.example", "A rapid review has started from your request "+req.Reference, "Jordan", "Child K")
}

// The Executive's members hear once that a proposed reviewer awaits their approval: the review's
// reference, never the reviewer's name or the terms.
func TestTheExecutiveIsToldAnApprovalAwaitsIt(t *testing.T) {
	ctx := context.Background()
	f := setupWithHistory(t)
	svc, er := f.service(time.Now()), f.actor(t, "engine-room@hsscp.example")
	c := f.awaitingApproval(t)
	if err := svc.ProposeReviewer(ctx, er, f.pid, c.ID, reviews.ReviewerInput{Version: c.Version, Reviewer: "Dr Quinn Reviewer", Terms: "Terms about Child L"}); err != nil {
		t.Fatal(err)
	}
	testkit.OneNotice(t, f.db, "executive@hsscp.example", "A reviewer for "+c.Reference+" awaits the Executive's approval", "Quinn", "Child L")
}
