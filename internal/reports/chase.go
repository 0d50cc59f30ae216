package reports

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/notices"
	"github.com/scp-portal/portal/internal/reviews"
	"github.com/scp-portal/portal/web/paths"
)

// The reminders of a published yearly report's sending: they go to the partnership's own
// mailbox (the business unit's), which has no choices, so they are not among notices.Kinds.
const (
	SendDueSoon notices.Kind = "report_send_due"     // the sending is due within SendNear working days
	SendOverdue notices.Kind = "report_send_overdue" // the day has passed with a date not recorded
)

// SendNear is how many working days before the day due the business unit is reminded.
const SendNear = 2

// chaseWindow bounds the reports the reminders look at: those published in the last 60 days (a
// report 30 working days late has been chased already).
const chaseWindow = 60

type unsent struct {
	ID          int64
	Slug        string
	Contact     string
	PublishedOn time.Time
	Within      int
	Panel       bool
	WhatWorks   bool
}

// SendDateReminders reminds each partnership's business unit, at its contact address, of a
// published yearly report whose sending to the national Panel or the What Works centre is not
// recorded: once when the day due is SendNear working days away or nearer, and once when it has
// passed. Each reminder is recorded by (report and day due, kind) in the transaction that queues
// it, so no number of runs or processes sends one twice. It returns how many it sent.
func SendDateReminders(ctx context.Context, db database.Beginner, today time.Time, base string) (int, error) {
	list, err := database.All[unsent](ctx, db, "reports: unsent", `
		SELECT r.id, p.slug, p.contact_email, r.published_on, p.send_within, r.sent_to_panel_on IS NOT NULL, r.sent_to_what_works_on IS NOT NULL
		FROM report r JOIN partnership p ON p.id = r.partnership_id
		WHERE r.published_on IS NOT NULL AND r.published_on <= $1 AND r.published_on >= $1::date - $2::int
		  AND (r.sent_to_panel_on IS NULL OR r.sent_to_what_works_on IS NULL)
		ORDER BY r.published_on DESC, r.id DESC LIMIT 1000`, today, chaseWindow)
	if err != nil || len(list) == 0 {
		return 0, err
	}
	cal, err := reviews.Calendar(ctx, db)
	if err != nil {
		return 0, err
	}
	return notices.SendEachOnce(ctx, db, list, func(u unsent) (notices.Reminder, bool) {
		due := cal.Add(u.PublishedOn, u.Within)
		kind := SendOverdue
		switch {
		case today.After(due):
		case !cal.Add(today, SendNear).Before(due):
			kind = SendDueSoon
		default:
			return notices.Reminder{}, false
		}
		return notices.Reminder{Kind: kind, Event: fmt.Sprintf("yearly report %d send due %s", u.ID, due.Format(time.DateOnly)), Send: func(tx pgx.Tx) error {
			return notices.SendTo(ctx, tx, base, u.notice(kind, base, due), u.Contact)
		}}, true
	})
}

// notice words the reminder: which sendings are missing and the day due, never the report's words.
func (u unsent) notice(kind notices.Kind, base string, due time.Time) notices.Notice {
	var to string
	switch {
	case !u.Panel && !u.WhatWorks:
		to = "the national Panel and the What Works centre"
	case !u.Panel:
		to = "the national Panel"
	default:
		to = "the What Works centre"
	}
	n := notices.Notice{Kind: kind, Link: base + paths.Report(u.Slug, u.ID)}
	if kind == SendOverdue {
		n.Subject = fmt.Sprintf("Overdue: yearly report %d not recorded as sent", u.ID)
		n.Line = fmt.Sprintf("The published yearly report was due at %s by %s; record the date it was sent, or send it.", to, due.Format("2 January 2006"))
	} else {
		n.Subject = fmt.Sprintf("Due %s: yearly report %d to send", due.Format("2 January"), u.ID)
		n.Line = fmt.Sprintf("The published yearly report is due at %s by %s: send it and record the date.", to, due.Format("2 January 2006"))
	}
	return n
}
