package overview

import (
	"context"
	"slices"
	"time"

	"github.com/scp-portal/portal/internal/challenges"
	"github.com/scp-portal/portal/internal/meetings"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/internal/reports"
	"github.com/scp-portal/portal/internal/scrutiny"
	"github.com/scp-portal/portal/internal/signoff"
	"github.com/scp-portal/portal/internal/workdays"
)

// Executive is what needs a member of the Executive now: the body's next meeting and when its
// papers come, their own open actions from its decisions log (overdue first), and the latest
// submitted exception report with its critical success factors. The reviewer approvals pending
// and the rapid reviews at risk are in Home.Reviews, read once for every role that sees them.
type Executive struct {
	Body     meetings.Body
	Next     *meetings.Meeting // nil when none is planned
	PapersOn time.Time         // the day the next meeting's papers reach the members
	Actions  meetings.ActionsOwed
	Report   *reports.Latest // nil when no exception report has been submitted
	// Challenges awaiting the person (to respond for their partner, or to close), and what awaits
	// their sign-off as a partner's lead representative or delegate.
	Challenges []challenges.Awaiting
	SignOffs   []signoff.Awaiting
	Scrutiny   []scrutiny.Issued // the latest reports independent scrutiny issued to the partners
}

// maxScrutiny bounds the scrutiny reports a home view lists: the rest are a link away.
const maxScrutiny = 3

// maxActions bounds the actions a home view lists: the rest are in the log, a link away.
const maxActions = 10

// executive reads what awaits a member of the Executive (a, of the organisation org) today, in at
// most six queries and the working-day calendar; nil when the partnership has none among its
// bodies.
func (s *Service) executive(ctx context.Context, a, org int64, bodies []partnership.Body, today time.Time, calendar func() (*workdays.Calendar, error)) (*Executive, error) {
	i := slices.IndexFunc(bodies, func(b partnership.Body) bool { return b.Kind == "executive" })
	if i < 0 {
		return nil, nil
	}
	b := meetings.Body{ID: bodies[i].ID, PartnershipID: bodies[i].PartnershipID, Name: bodies[i].Name, Kind: bodies[i].Kind}
	e := &Executive{Body: b}
	upcoming, err := meetings.List(ctx, s.DB, b.ID, today)
	if err != nil {
		return nil, err
	}
	if n := len(upcoming); n > 0 { // newest first: the soonest is the last
		next := upcoming[n-1]
		e.Next = &next
		cal, err := calendar()
		if err != nil {
			return nil, err
		}
		e.PapersOn = meetings.ReleaseDay(cal, next.HeldOn, next.PapersDays)
	}
	if e.Actions, err = meetings.OpenActionsOf(ctx, s.DB, b.ID, a, today, maxActions); err != nil {
		return nil, err
	}
	if e.Report, err = reports.LatestSubmitted(ctx, s.DB, b.PartnershipID, reports.Exception); err != nil {
		return nil, err
	}
	if e.Challenges, err = challenges.AwaitingOf(ctx, s.DB, b.PartnershipID, a, org, maxActions); err != nil {
		return nil, err
	}
	if e.SignOffs, err = signoff.AwaitingFrom(ctx, s.DB, b.PartnershipID, a, today); err != nil {
		return nil, err
	}
	if e.Scrutiny, err = scrutiny.LatestIssued(ctx, s.DB, b.PartnershipID, maxScrutiny); err != nil {
		return nil, err
	}
	return e, nil
}
