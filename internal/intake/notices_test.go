package intake_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/scp-portal/portal/internal/intake"
	"github.com/scp-portal/portal/internal/testkit"
)

// An urgent KLOE request is marked urgent in the Engine Room's e-mail and goes at once even to
// someone who switched these notices off; its writer is told where to go while children may be at
// risk; no e-mail carries what was typed.
func TestAnUrgentKLOEIsMarkedAndTellsTheWriterWhereToGo(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	if _, err := w.db.Exec(ctx, `INSERT INTO notice_preference (user_id, kind, delivery)
		SELECT id, 'request_arrived', 'none' FROM app_user WHERE email = 'business-unit@hsscp.example'`); err != nil {
		t.Fatal(err)
	}
	answers := w.kloe()
	answers.Set("urgency", "urgent")
	answers.Set("urgency_reason", "Siblings left alone overnight")
	v, err := w.svc.SaveDraft(ctx, w.writer, intake.SaveInput{Kind: intake.KLOE, FormKey: fmt.Sprintf("%032x", 999), Answers: answers, Check: true})
	if err != nil {
		t.Fatal(err)
	}
	req, err := w.svc.Submit(ctx, w.writer, w.p, v.ID, intake.KLOE)
	if err != nil {
		t.Fatal(err)
	}
	if !req.Urgent() {
		t.Error("the request is not urgent")
	}
	secret := []string{"Discharge", "Siblings", "Meetings without"}
	for _, to := range []string{"engine-room@hsscp.example", "business-unit@hsscp.example"} {
		testkit.OneNotice(t, w.db, to, "URGENT: New Key Line of Enquiry request "+req.Reference, secret...)
	}
	ack := testkit.OneNotice(t, w.db, "practitioner@hsscp.example", "We have received your request "+req.Reference, secret...)
	if !strings.Contains(ack, "999") {
		t.Errorf("the acknowledgement of an urgent request does not say where to go now:\n%s", ack)
	}
	spec, err := w.svc.Spec(ctx, w.p.ID, intake.KLOE)
	if err != nil {
		t.Fatal(err)
	}
	// Where to go now is the form's own warning, once (the server's TestBadAnswersComeBackWithEverythingKept):
	// no section repeats it (issue #14).
	for _, sec := range spec.Sections {
		if strings.Contains(sec.Intro+sec.Warning, "999") {
			t.Errorf("the section %q repeats where to go now", sec.Title)
		}
	}
}

// The writer hears, once, that their request has its outcome: its reference and a link, never
// the outcome's words or the request's title.
func TestTheWriterIsToldOfTheOutcome(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	req, err := w.svc.Submit(ctx, w.writer, w.p, w.draft(t, w.writer), intake.KLOE)
	if err != nil {
		t.Fatal(err)
	}
	version := w.count(t, `SELECT version FROM intake_request WHERE id = $1`, req.ID)
	if err := w.svc.SetStatus(ctx, w.er, intake.StatusInput{ID: req.ID, To: intake.Considering, Version: version}); err != nil {
		t.Fatal(err)
	}
	if err := w.svc.SetStatus(ctx, w.er, intake.StatusInput{ID: req.ID, To: intake.Closed, Outcome: "Covered by the neglect audit", Version: version + 1}); err != nil {
		t.Fatal(err)
	}
	m := testkit.OneNotice(t, w.db, "practitioner@hsscp.example", "has its outcome", "Discharge", "neglect audit")
	if !strings.Contains(m, req.Reference) || !strings.Contains(m, "https://portal.example/hsscp/my/submissions") {
		t.Errorf("the notice lacks the reference or the link:\n%s", m)
	}
}
