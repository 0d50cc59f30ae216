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
// calendar (when a meeting's papers are to be released).
func (s *Service) tasks(ctx context.Context, roles access.Roles, user, partnershipID int64, today time.Time, calendar func() (*workdays.Calendar, error)) (*Tasks, error) {
	var t Tasks
	var meetingID, bodyID *int64
	var title *string
	var heldOn *time.Time
	var papersDays *int
	err := s.DB.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM intake_request WHERE partnership_id = $1 AND requester_id = $2 AND status = 'draft'),
		(SELECT count(*) FROM commission c JOIN commission_friend f ON f.commission_id = c.id
			WHERE c.partnership_id = $1 AND f.user_id = $2 AND c.status <> 'signed_off'),
		(SELECT min(c.due_on) FROM commission c JOIN commission_friend f ON f.commission_id = c.id
			WHERE c.partnership_id = $1 AND f.user_id = $2 AND c.status <> 'signed_off'),
		(SELECT count(*) FROM assurance_return r JOIN assurance_round d ON d.id = r.round_id
			WHERE d.partnership_id = $1 AND d.due_on >= $3::date - 90 AND r.status <> 'submitted'),
		(SELECT count(DISTINCT d.id) FROM assurance_return r JOIN assurance_round d ON d.id = r.round_id
			WHERE d.partnership_id = $1 AND d.due_on >= $3::date - 90 AND r.status <> 'submitted'),
		(SELECT min(d.due_on) FROM assurance_return r JOIN assurance_round d ON d.id = r.round_id
			WHERE d.partnership_id = $1 AND d.due_on >= $3::date - 90 AND r.status <> 'submitted'),
		(SELECT count(*) FROM report WHERE partnership_id = $1 AND status = 'submitted' AND submitted_at >= $3::date - 91),
		(SELECT count(*) FROM scrutiny_report WHERE partnership_id = $1 AND author_id = $2 AND status = 'draft'),
		(SELECT min(report_on) FROM scrutiny_report WHERE partnership_id = $1 AND author_id = $2 AND status = 'draft'),
		m.id, m.body_id, m.title, m.held_on, m.papers_days
		FROM (SELECT 1) one
		LEFT JOIN LATERAL (SELECT m.id, m.body_id, m.title, m.held_on, m.papers_days FROM meeting m
			WHERE m.partnership_id = $1 AND m.held_on >= $3 ORDER BY m.held_on, m.id LIMIT 1) m ON true`,
		partnershipID, user, today).Scan(&t.Drafts, &t.Commissions, &t.CommissionDue,
		&t.ReturnsOutstanding, &t.RoundsToChase, &t.RoundsDue, &t.ReportsToRead, &t.ScrutinyDrafts, &t.ScrutinyDue,
		&meetingID, &bodyID, &title, &heldOn, &papersDays)
	if err != nil {
		return nil, fmt.Errorf("overview: tasks: %w", err)
	}
	if !roles.Has(access.CriticalFriend) {
		t.Commissions, t.CommissionDue = 0, nil
	}
	if !roles.Has(access.BusinessUnit) {
		t.ReturnsOutstanding, t.RoundsToChase, t.RoundsDue = 0, 0, nil
		meetingID = nil
	}
	if !roles.Has(access.Scrutiny) {
		t.ReportsToRead, t.ScrutinyDrafts, t.ScrutinyDue = 0, 0, nil
	}
	if !roles.Has(access.CriticalFriend) && !roles.Has(access.BusinessUnit) && !roles.Has(access.Scrutiny) {
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
