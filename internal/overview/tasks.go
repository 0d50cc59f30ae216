package overview

import (
	"context"
	"fmt"
	"time"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/meetings"
	"github.com/scp-portal/portal/internal/workdays"
)

// Tasks is what awaits a person now beyond the figures Home already holds for their roles (the
// Engine Room's Counts, the Reviews, the Executive's part, the business unit's People): their own
// drafts, a critical friend's commissions, the business unit's assurance rounds to chase and
// meeting papers to release, and independent scrutiny's reports to read and to write. It is read
// in one query; each part the person's roles do not show stays zero.
type Tasks struct {
	Drafts int // the person's own requests saved and not sent (every member)

	// A critical friend's commissions not yet signed off, and the soonest due date among them.
	Commissions    int
	CommissionDue  *time.Time
	CommissionDays int // working days to CommissionDue; negative when past

	// The business unit's: returns outstanding in assurance rounds not yet closed, and in how
	// many rounds; the next meeting whose papers are not yet out.
	ReturnsOutstanding, RoundsToChase int
	RoundsDue                         *time.Time // the soonest due date of those rounds
	RoundsDays                        int        // working days to RoundsDue; negative when past
	Papers                            *Papers

	// Independent scrutiny's: reports submitted to the Executive in the last quarter, and their
	// own scrutiny reports still in draft, the soonest dated first.
	ReportsToRead  int
	ScrutinyDrafts int
	ScrutinyDue    *time.Time
	ScrutinyDays   int // working days to ScrutinyDue; negative when past
}

// Papers is a meeting whose papers reach its members on ReleaseOn.
type Papers struct {
	MeetingID int64
	BodyID    int64
	Title     string
	HeldOn    time.Time
	ReleaseOn time.Time
	DaysLeft  int // working days to ReleaseOn
}

// tasks reads what awaits a (user id) in partnershipID today, in one query and the working-day
// calendar (when a meeting's papers are to be released). Each role's part is read only for those
// who hold the role: the others' are false in the query and stay zero.
func (s *Service) tasks(ctx context.Context, roles access.Roles, user, partnershipID int64, today time.Time, calendar func() (*workdays.Calendar, error)) (*Tasks, error) {
	var t Tasks
	var meetingID, bodyID *int64
	var title *string
	var heldOn *time.Time
	var papersDays *int
	friend, unit, scrutiny := roles.Has(access.CriticalFriend), roles.Has(access.BusinessUnit), roles.Has(access.Scrutiny)
	err := s.DB.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM intake_request WHERE partnership_id = $1 AND requester_id = $2 AND status = 'draft'),
		c.n, c.due, a.n, a.rounds, a.due,
		(SELECT count(*) FROM report WHERE $6 AND partnership_id = $1 AND status = 'submitted' AND submitted_at >= $3::date - 91),
		d.n, d.due,
		m.id, m.body_id, m.title, m.held_on, m.papers_days
		FROM (SELECT 1) one
		CROSS JOIN LATERAL (SELECT count(*), min(c.due_on) FROM commission c JOIN commission_friend f ON f.commission_id = c.id
			WHERE $4 AND c.partnership_id = $1 AND f.user_id = $2 AND c.status <> 'signed_off') c(n, due)
		CROSS JOIN LATERAL (SELECT count(*), count(DISTINCT d.id), min(d.due_on) FROM assurance_return r JOIN assurance_round d ON d.id = r.round_id
			WHERE $5 AND d.partnership_id = $1 AND d.due_on >= $3::date - 90 AND r.status <> 'submitted') a(n, rounds, due)
		CROSS JOIN LATERAL (SELECT count(*), min(report_on) FROM scrutiny_report
			WHERE $6 AND partnership_id = $1 AND author_id = $2 AND status = 'draft') d(n, due)
		LEFT JOIN LATERAL (SELECT m.id, m.body_id, m.title, m.held_on, m.papers_days FROM meeting m
			WHERE $5 AND m.partnership_id = $1 AND m.held_on >= $3 ORDER BY m.held_on, m.id LIMIT 1) m ON true`,
		partnershipID, user, today, friend, unit, scrutiny).Scan(&t.Drafts, &t.Commissions, &t.CommissionDue,
		&t.ReturnsOutstanding, &t.RoundsToChase, &t.RoundsDue, &t.ReportsToRead, &t.ScrutinyDrafts, &t.ScrutinyDue,
		&meetingID, &bodyID, &title, &heldOn, &papersDays)
	if err != nil {
		return nil, fmt.Errorf("overview: tasks: %w", err)
	}
	if !friend && !unit && !scrutiny {
		return &t, nil
	}
	// The calendar is read for every person of these roles, whatever is due, so the number of
	// queries stays the same however many records there are.
	cal, err := calendar()
	if err != nil {
		return nil, err
	}
	days := func(d *time.Time) int {
		if d == nil {
			return 0
		}
		return cal.Between(today, *d)
	}
	t.CommissionDays, t.RoundsDays, t.ScrutinyDays = days(t.CommissionDue), days(t.RoundsDue), days(t.ScrutinyDue)
	if meetingID != nil {
		release := meetings.ReleaseDay(cal, *heldOn, *papersDays)
		if !release.Before(today) {
			t.Papers = &Papers{MeetingID: *meetingID, BodyID: *bodyID, Title: *title, HeldOn: *heldOn, ReleaseOn: release,
				DaysLeft: cal.Between(today, release)}
		}
	}
	return &t, nil
}
