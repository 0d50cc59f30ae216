package reviews_test

import (
	"context"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/reviews"
	"github.com/scp-portal/portal/internal/testkit"
)

// An agency asked for its information is e-mailed a link, and nothing of the case; the link opens
// only that request, sends the summary once, and stops working when used, when asked again (the
// new link works), when the Engine Room records the summary itself, and a week after the due date.
func TestAnAgencySendsItsSummaryThroughItsLinkOnce(t *testing.T) {
	ctx := context.Background()
	f := setup(t)
	now := day("4 November 2026").Add(10 * time.Hour)
	svc, er := f.service(now), f.actor(t, "engine-room@hsscp.example")
	id := f.start(t, reviews.StartInput{Title: "Review of an incident in Hartlepool", AwareOn: day("3 November 2026"), ClockStart: "awareness"}, now)
	rv, err := reviews.Get(ctx, f.db, f.pid, id)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.Exec(ctx, `UPDATE rapid_review SET facts = 'Jordan Example was found at home' WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	link := func() string {
		t.Helper()
		var body string
		if err := f.db.QueryRow(ctx, `SELECT body FROM outbox WHERE subject LIKE '%' || $1 || '%' ORDER BY id DESC LIMIT 1`, rv.Reference).Scan(&body); err != nil {
			t.Fatalf("no e-mail names %s: %v", rv.Reference, err)
		}
		if strings.Contains(body, "Jordan") || strings.Contains(body, "Hartlepool") {
			t.Errorf("the e-mail holds the case: %q", body)
		}
		m := regexp.MustCompile(`/hsscp/agency-information/([A-Za-z0-9_-]{43})\n`).FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no link in %q", body)
		}
		return m[1]
	}
	// The agency's lead chose a daily digest: the link still goes at once, not into the database.
	if _, err := f.db.Exec(ctx, `INSERT INTO notice_preference (user_id, kind, delivery)
		SELECT lead_representative_id, 'information_requested', 'digest' FROM organisation WHERE id = $1 AND lead_representative_id IS NOT NULL`, f.la); err != nil {
		t.Fatal(err)
	}
	due := day("12 November 2026")
	if err := svc.RequestInformation(ctx, er, f.pid, id, f.la, due); err != nil {
		t.Fatal(err)
	}
	first := link()
	if n := testkit.MustCount(t, f.db, `notice_pending WHERE link LIKE '%agency-information%'`); n != 0 {
		t.Errorf("%d links held for a digest", n)
	}
	if n := testkit.MustCount(t, f.db, `outbox WHERE subject LIKE '%' || $1 || '%'`, rv.Reference); n != 1 {
		t.Errorf("%d e-mails for one request, want 1", n)
	}
	// Asked again with a later date: a new link, and the first one ends.
	due = day("16 November 2026")
	if err := svc.RequestInformation(ctx, er, f.pid, id, f.la, due); err != nil {
		t.Fatal(err)
	}
	second := link()
	if _, err := svc.AgencyRequest(ctx, f.pid, first); !errors.Is(err, app.ErrBadLink) {
		t.Errorf("the first link still opens after a second was sent: %v", err)
	}
	req, err := svc.AgencyRequest(ctx, f.pid, second)
	if err != nil || req.Reference != rv.Reference || !req.DueOn.Equal(due) || !req.LastDay.Equal(day("23 November 2026")) || req.Agency == "" {
		t.Fatalf("the link opens %+v, %v", req, err)
	}
	stscp := testkit.MustQueryInt(t, f.db, `SELECT id FROM partnership WHERE slug = 'stscp'`)
	if _, err := svc.AgencyRequest(ctx, int64(stscp), second); !errors.Is(err, app.ErrBadLink) {
		t.Errorf("the link opens under another partnership's address: %v", err)
	}
	// An empty summary is refused on its field; nothing is recorded and the link still works.
	anyone := app.Actor{IP: "192.0.2.9", Partnership: f.pid}
	if _, err := svc.SendSummaryByLink(ctx, anyone, f.pid, second, "  "); app.FieldMessage(err, reviews.SummaryByLinkField) == "" {
		t.Errorf("an empty summary: %v", err)
	}
	// A week after the due date the link no longer works.
	if _, err := f.service(day("24 November 2026")).SendSummaryByLink(ctx, anyone, f.pid, second, "Late"); !errors.Is(err, app.ErrBadLink) {
		t.Errorf("a link past its last day: %v", err)
	}
	sent, err := svc.SendSummaryByLink(ctx, anyone, f.pid, second, "Our involvement: two home visits.")
	if err != nil || sent.Reference != rv.Reference {
		t.Fatalf("sending the summary: %+v, %v", sent, err)
	}
	if _, err := svc.SendSummaryByLink(ctx, anyone, f.pid, second, "Again"); !errors.Is(err, app.ErrBadLink) {
		t.Errorf("a link used once sends again: %v", err)
	}
	agencies, err := reviews.Agencies(ctx, f.db, []int64{id})
	if err != nil || len(agencies[id]) != 1 || agencies[id][0].Summary != "Our involvement: two home visits." || agencies[id][0].ReceivedOn == nil {
		t.Errorf("the review's agencies: %+v, %v", agencies, err)
	}
	if n := testkit.MustCount(t, f.db, `audit_log WHERE action = $1 AND object_id = $2 AND actor_id IS NULL AND ip = '192.0.2.9'`,
		string(audit.ReviewSummaryByLink), strconv.FormatInt(rv.ID, 10)); n != 1 {
		t.Errorf("%d audit records of the summary sent by link, want 1", n)
	}
	// Once the summary has arrived, asking again sends no link.
	if err := svc.RequestInformation(ctx, er, f.pid, id, f.la, day("20 November 2026")); err != nil {
		t.Fatal(err)
	}
	if n := testkit.MustCount(t, f.db, `outbox WHERE subject LIKE '%' || $1 || '%'`, rv.Reference); n != 2 {
		t.Errorf("%d e-mails, want the two links only", n)
	}
	// The Engine Room records another agency's summary itself: that agency's link ends.
	police := int64(testkit.MustQueryInt(t, f.db, `SELECT id FROM organisation WHERE partnership_id = $1 AND statutory_role = 'police' ORDER BY id LIMIT 1`, f.pid))
	if err := svc.RequestInformation(ctx, er, f.pid, id, police, due); err != nil {
		t.Fatal(err)
	}
	third := link()
	if err := svc.RecordSummary(ctx, er, f.pid, id, police, "Told by telephone"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AgencyRequest(ctx, f.pid, third); !errors.Is(err, app.ErrBadLink) {
		t.Errorf("a link whose summary the Engine Room recorded still opens: %v", err)
	}
}
