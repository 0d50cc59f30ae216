package overview

import (
	"context"
	"errors"
	"time"

	"github.com/scp-portal/portal/internal/meetings"
	"github.com/scp-portal/portal/internal/reports"
	"github.com/scp-portal/portal/internal/reviews"
)

// Executive is what needs a member of the Executive now: the body's next meeting and when its
// papers come, their own open actions from its decisions log (overdue first), and the latest
// submitted exception report with its critical success factors. The reviewer approvals pending
// and the rapid reviews at risk are in Home.Reviews, read once for every role that sees them.
type Executive struct {
	Body     meetings.Body
	Next     *meetings.Meeting // nil when none is planned
	PapersOn time.Time         // the day the next meeting's papers reach the members
	Actions  []meetings.Resolution
	Report   *reports.Latest // nil when no exception report has been submitted
	// Challenges awaiting the person will come from internal/challenges (feat-challenge): the
	// section is in the view, empty until that package supplies its items here.
}

// maxActions bounds the actions a home view lists: the rest are in the log, a link away.
const maxActions = 10

// executive reads what awaits a member of the Executive today, in at most six queries; nil when
// the partnership has no Executive.
func (s *Service) executive(ctx context.Context, a int64, partnershipID int64, today time.Time) (*Executive, error) {
	b, err := meetings.BodyOfKind(ctx, s.DB, partnershipID, "executive")
	if errors.Is(err, meetings.ErrNoBody) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	e := &Executive{Body: b}
	upcoming, err := meetings.List(ctx, s.DB, b.ID, today)
	if err != nil {
		return nil, err
	}
	if n := len(upcoming); n > 0 { // newest first: the soonest is the last
		next := upcoming[n-1]
		e.Next = &next
		cal, err := reviews.Calendar(ctx, s.DB)
		if err != nil {
			return nil, err
		}
		e.PapersOn = meetings.ReleaseDay(cal, next.HeldOn, next.PapersDays)
	}
	log, _, err := meetings.Log(ctx, s.DB, meetings.LogFilter{BodyID: b.ID, OwnerID: a, Today: today, Page: 1})
	if err != nil {
		return nil, err
	}
	for _, r := range log { // open ones first, by due date: the overdue at the top
		if r.DoneOn == nil && len(e.Actions) < maxActions {
			e.Actions = append(e.Actions, r)
		}
	}
	if e.Report, err = reports.LatestSubmitted(ctx, s.DB, partnershipID, reports.Exception); err != nil {
		return nil, err
	}
	return e, nil
}
