package seed

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/meetings"
	"github.com/scp-portal/portal/internal/reviews"
	"github.com/scp-portal/portal/internal/workdays"
)

// demoExecutiveHome gives the Executive's home something to show beyond the meetings and reports
// already written: a local CSPR whose reviewer, proposed by the Engine Room, awaits the
// Executive's approval, and an action of the Executive member's, decided at the last meeting,
// now overdue.
func demoExecutiveHome(ctx context.Context, tx pgx.Tx, p people, today time.Time) error {
	cal, err := reviews.Calendar(ctx, tx)
	if err != nil {
		return err
	}
	aware := workdays.Day(today).AddDate(0, -2, 0)
	id, err := reviews.Start(ctx, tx, p.partnershipID, p.shortName, p.engineRoom, reviews.StartInput{Title: "Child D (" + strconv.Itoa(aware.Year()) + ")",
		AwareOn: aware, ClockStart: "awareness"}, cal, aware)
	if err != nil {
		return err
	}
	r, err := reviews.Get(ctx, tx, p.partnershipID, id)
	if err != nil {
		return err
	}
	r.Facts, r.Draft, r.DraftedOn = "A fictional demonstration case.", "Draft rapid review for the national Panel.", ptr(cal.Add(aware, 10))
	r.Decision, r.DecisionReasons = "local_cspr", "Agencies did not share what they knew about the family's moves between areas."
	r.SentToPanelOn = ptr(cal.Add(aware, 14))
	if err := reviews.Update(ctx, tx, r); err != nil {
		return err
	}
	cid, err := reviews.OpenCSPR(ctx, tx, p.partnershipID, id, p.shortName, reviews.DefaultPublishMonths, cal, cal.Add(aware, 15))
	if err != nil {
		return err
	}
	if err := reviews.ProposeReviewer(ctx, tx, p.partnershipID, cid, 1, "Sam Safeguarding (independent reviewer)",
		"How did agencies share what they knew when the family moved between areas?", p.engineRoom); err != nil {
		return err
	}
	exec, err := meetings.BodyOfKind(ctx, tx, p.partnershipID, "executive")
	if err != nil {
		return err
	}
	var meetingID, itemID int64
	if err := tx.QueryRow(ctx, `SELECT m.id, i.id FROM meeting m JOIN meeting_item i ON i.meeting_id = m.id
		WHERE m.body_id = $1 AND m.title = 'Executive, fourth quarter' AND i.title = 'Review of the arrangements'`, exec.ID).Scan(&meetingID, &itemID); err != nil {
		return fmt.Errorf("the last Executive meeting: %w", err)
	}
	_, err = meetings.Resolve(ctx, tx, exec, meetings.ResolutionInput{MeetingID: meetingID, ItemID: itemID,
		Text: "Confirm each partner's contribution to next year's budget.", OwnerID: p.executive, DueOn: today.AddDate(0, 0, -10)}, today)
	return err
}
