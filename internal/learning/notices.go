package learning

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/notices"
	"github.com/scp-portal/portal/web/paths"
)

// notifyCommissioned tells each critical friend of commission id, inside tx, that they are
// commissioned: a link to the commission, never the theme's title (typed by people, it could name
// a case).
func notifyCommissioned(ctx context.Context, tx pgx.Tx, base string, partnershipID, id int64, friends []int64) error {
	slug, err := notices.Slug(ctx, tx, partnershipID)
	if err != nil {
		return err
	}
	ref := fmt.Sprintf("commission %d", id)
	return notices.Send(ctx, tx, base, notices.Notice{Kind: notices.Commissioned,
		Subject: "You have been commissioned as a critical friend (" + ref + ")",
		Line:    "The partnership's Engine Room has commissioned you as a critical friend on " + ref + ".",
		Link:    base + paths.Commission(slug, id)}, friends...)
}

// actionNotice is the notice of kind about action id on recommendation rec, due on due: the
// action's number and date, never what the action says.
func actionNotice(kind notices.Kind, base, slug string, id, rec int64, due time.Time) notices.Notice {
	ref := fmt.Sprintf("action %d", id)
	date := due.Format("2 January 2006")
	n := notices.Notice{Kind: kind, Link: base + paths.Recommendation(slug, rec)}
	switch kind {
	case notices.ActionAssigned:
		n.Subject = "Your organisation has a new action (" + ref + ", due " + date + ")"
		n.Line = "The partnership has given your organisation " + ref + " on a recommendation, due on " + date + "."
	case notices.ActionDueSoon:
		n.Subject = "Your organisation's " + ref + " is due on " + date
		n.Line = "Your organisation's " + ref + " is due on " + date + ". Record its progress in the portal."
	default:
		n.Subject = "Your organisation's " + ref + " is overdue (due " + date + ")"
		n.Line = "Your organisation's " + ref + " was due on " + date + " and is not done. Record its progress in the portal."
	}
	return n
}

// notifyAction tells the owner organisation of a new action, inside tx.
func notifyAction(ctx context.Context, tx pgx.Tx, base string, id, rec, organisationID int64, due time.Time) error {
	c, err := notices.OrganisationContact(ctx, tx, organisationID)
	if err != nil {
		return err
	}
	return c.Send(ctx, tx, base, actionNotice(notices.ActionAssigned, base, c.Slug, id, rec, due))
}

// DueSoonDays is how many days before its date an open action's organisation is reminded.
const DueSoonDays = 7

// reminderBatch bounds the actions one run of the reminders looks at; the next run takes the rest.
const reminderBatch = 500

type dueAction struct {
	ID             int64
	Recommendation int64
	OrganisationID int64
	DueOn          time.Time
	Kind           notices.Kind
}

// SendActionReminders reminds the owner organisation of every open action due within
// DueSoonDays of today, and of every one overdue, once each: the reminder is recorded by (action
// and its date, kind) in the transaction that queues it, so no number of runs or processes sends
// one twice (a new due date is a new event). It returns how many it sent.
func SendActionReminders(ctx context.Context, db database.Beginner, today time.Time, base string) (int, error) {
	due, err := database.All[dueAction](ctx, db, "learning: actions due", `
		SELECT a.id, a.recommendation_id, a.organisation_id, a.due_on,
		       CASE WHEN a.due_on < $1 THEN 'action_overdue' ELSE 'action_due_soon' END AS kind
		FROM action a
		WHERE a.status = 'open' AND a.due_on <= $1 + $2::int
		  AND NOT EXISTS (SELECT 1 FROM notice_sent s WHERE s.event = 'action ' || a.id || ' due ' || a.due_on
		      AND s.kind = CASE WHEN a.due_on < $1 THEN 'action_overdue' ELSE 'action_due_soon' END)
		ORDER BY a.due_on, a.id LIMIT $3`, today, DueSoonDays, reminderBatch)
	if err != nil {
		return 0, err
	}
	return notices.SendEachOnce(ctx, db, due, func(a dueAction) (notices.Reminder, bool) {
		return notices.Reminder{Kind: a.Kind, Event: fmt.Sprintf("action %d due %s", a.ID, a.DueOn.Format(time.DateOnly)), Send: func(tx pgx.Tx) error {
			c, err := notices.OrganisationContact(ctx, tx, a.OrganisationID)
			if err != nil {
				return err
			}
			return c.Send(ctx, tx, base, actionNotice(a.Kind, base, c.Slug, a.ID, a.Recommendation, a.DueOn))
		}}, true
	})
}
