package documents_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/documents"
	"github.com/scp-portal/portal/internal/testkit"
)

// The business unit is reminded of the arrangements' review ahead of its day, and again once it
// is overdue, once each however often the job runs.
func TestTheReviewIsRemindedAheadAndWhenOverdue(t *testing.T) {
	t.Parallel()
	f := setup(t)
	ctx := context.Background()
	today := app.Today(time.Now())
	const base = "http://portal.example"
	contact := testkit.MustQueryString(t, f.db, `SELECT contact_email FROM partnership WHERE id = $1`, f.pid)
	effective := func(monthsAgo, daysLater int) {
		t.Helper()
		if _, err := f.db.Exec(ctx, `UPDATE document SET review_months = 12 WHERE id = $1`, f.doc.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.db.Exec(ctx, `UPDATE document_version SET effective_on = $2 WHERE document_id = $1 AND published_on IS NOT NULL`,
			f.doc.ID, today.AddDate(0, -monthsAgo, daysLater)); err != nil {
			t.Fatal(err)
		}
	}
	effective(12, 10) // due in ten days
	if n, err := documents.SendReviewReminders(ctx, f.db, today, base); err != nil || n < 1 {
		t.Fatalf("reminders ahead: %d, %v", n, err)
	}
	testkit.OneNotice(t, f.db, contact, fmt.Sprintf("review of published document %d", f.doc.ID))
	if n, err := documents.SendReviewReminders(ctx, f.db, today, base); err != nil || n != 0 {
		t.Errorf("a second run sent %d, %v", n, err)
	}
	effective(13, 0) // a month overdue
	if n, err := documents.SendReviewReminders(ctx, f.db, today, base); err != nil || n < 1 {
		t.Fatalf("overdue reminders: %d, %v", n, err)
	}
	testkit.OneNotice(t, f.db, contact, fmt.Sprintf("Overdue: review of published document %d", f.doc.ID))
}
