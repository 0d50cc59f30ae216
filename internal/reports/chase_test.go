package reports_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/reports"
	"github.com/scp-portal/portal/internal/testkit"
)

// A published yearly report not recorded as sent to the national Panel and the What Works centre
// is chased once at the business unit's address when its day has passed, and once when its day is
// near, by the partnership's own number of working days.
func TestUnrecordedSendingIsChasedOnce(t *testing.T) {
	t.Parallel()
	db, s, _, pid := setup(t)
	ctx := context.Background()
	today := app.Today(time.Now())
	id, err := s.ByPeriod(ctx, pid, reports.Yearly.Value, "2025")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(ctx, `UPDATE report SET published_on = $2::date - 20, sent_to_panel_on = NULL, sent_to_what_works_on = NULL
		WHERE partnership_id = $1 AND published_on IS NOT NULL`, pid, today); err != nil {
		t.Fatal(err)
	}
	contact := testkit.MustQueryString(t, db, `SELECT contact_email FROM partnership WHERE id = $1`, pid)
	const base = "http://portal.example"
	if n, err := reports.SendDateReminders(ctx, db, today, base); err != nil || n < 1 {
		t.Fatalf("overdue reminders: %d, %v", n, err)
	}
	testkit.OneNotice(t, db, contact, fmt.Sprintf("Overdue: yearly report %d not recorded as sent", id))
	if n, err := reports.SendDateReminders(ctx, db, today, base); err != nil || n != 0 {
		t.Errorf("a second run sent %d, %v", n, err)
	}
	// Published today with one working day to send: the day is near.
	if _, err := db.Exec(ctx, `UPDATE partnership SET send_within = 1 WHERE id = $1`, pid); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(ctx, `UPDATE report SET published_on = $2, sent_to_panel_on = $2 WHERE id = $1`, id, today); err != nil {
		t.Fatal(err)
	}
	if n, err := reports.SendDateReminders(ctx, db, today, base); err != nil || n != 1 {
		t.Fatalf("due-soon reminders: %d, %v", n, err)
	}
	testkit.OneNotice(t, db, contact, "is due at the What Works centre by")
	due, err := s.SendDue(ctx, pid, today)
	if err != nil || !due.After(today) || due.After(today.AddDate(0, 0, 5)) {
		t.Errorf("one working day after %v is %v: %v", today, due, err)
	}
}
