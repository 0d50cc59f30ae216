package documents

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/notices"
	"github.com/scp-portal/portal/web/paths"
)

// The reminders of a document's review: they go to the partnership's own mailbox (the business
// unit's), which has no choices, so they are not among notices.Kinds.
const (
	ReviewDueSoon notices.Kind = "document_review_due"     // the review falls due within ReviewNearDays
	ReviewOverdue notices.Kind = "document_review_overdue" // the review's day has passed
)

// ReviewNearDays is how many days ahead of a document's review the business unit is reminded:
// a month, time to put a new version to the partners.
const ReviewNearDays = 30

// maxReminded bounds one run's reading of the installation's published documents.
const maxReminded = 5000

type reviewRow struct {
	Document
	Slug      string
	Contact   string
	Versions  int
	Effective time.Time
}

// SendReviewReminders reminds each partnership's business unit, at its contact address, of a
// published document whose review falls due within ReviewNearDays, and again once it is overdue,
// once each: recorded by (document and day due, kind) in the transaction that queues it, so a new
// version (a new day due) is a new reminder and no number of runs sends one twice.
func SendReviewReminders(ctx context.Context, db database.Beginner, today time.Time, base string) (int, error) {
	rows, err := database.All[reviewRow](ctx, db, "documents: reviews to remind", `
		SELECT `+documentColumns+`, p.slug, p.contact_email, count(*)::int, (array_agg(v.effective_on ORDER BY v.number DESC))[1]
		FROM document d JOIN document_version v ON v.document_id = d.id AND v.published_on IS NOT NULL AND v.effective_on IS NOT NULL
		JOIN partnership p ON p.id = d.partnership_id
		GROUP BY d.id, p.id ORDER BY d.id LIMIT $1`, maxReminded)
	if err != nil {
		return 0, err
	}
	return notices.SendEachOnce(ctx, db, rows, func(r reviewRow) (notices.Reminder, bool) {
		due := nextReview(r.Document, r.Effective, r.Versions == 1)
		kind, ok := notices.DueKind(due, today, today.AddDate(0, 0, ReviewNearDays), ReviewDueSoon, ReviewOverdue)
		return notices.Reminder{Kind: kind, Event: fmt.Sprintf("document %d review %s", r.ID, due.Format(time.DateOnly)), Send: func(tx pgx.Tx) error {
			return notices.SendTo(ctx, tx, base, r.notice(kind, base, due), r.Contact)
		}}, ok
	})
}

// notice words the reminder by the document's number and the day, as every notice does.
func (r reviewRow) notice(kind notices.Kind, base string, due time.Time) notices.Notice {
	n := notices.Notice{Kind: kind, Link: base + paths.PublishingDocument(r.Slug, r.ID)}
	if kind == ReviewOverdue {
		n.Subject = fmt.Sprintf("Overdue: review of published document %d", r.ID)
		n.Line = fmt.Sprintf("The review of a published document fell due on %s: draft its next version and put it to the partners.", due.Format("2 January 2006"))
	} else {
		n.Subject = fmt.Sprintf("Due %s: review of published document %d", due.Format("2 January"), r.ID)
		n.Line = fmt.Sprintf("The review of a published document falls due on %s: draft its next version and put it to the partners.", due.Format("2 January 2006"))
	}
	return n
}
