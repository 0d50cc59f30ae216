package overview

import (
	"context"
	"fmt"
	"time"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/learning"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/internal/reviews"
	"github.com/scp-portal/portal/internal/workdays"
)

// Home is a signed-in person's home view in their partnership. Each part their roles do not show
// is nil, and was not read.
type Home struct {
	Memberships []partnership.Member // the person's current seats in the partnership (not in others they belong to)
	Bodies      []partnership.Body
	EngineRoom  *Chair // who chairs the Engine Room; nil when the partnership has none
	Learning    *Counts
	Reviews     *Reviews
	Inbox       *Inbox
	People      *People
	Executive   *Executive // for members of the Executive
	Tasks       *Tasks     // what awaits the person now beyond their roles' figures (Tasks)
}

// Chair says who chairs a body now and who chairs next.
type Chair struct {
	BodyName string
	Now      *partnership.RotaEntry // nil when no partner is on the rota for today
	Next     *partnership.RotaEntry // the first period starting after today; nil when none is planned
}

// Reviews counts the open rapid reviews and lists those at risk of missing the statutory
// deadline, and the local CSPRs.
type Reviews struct {
	// CanOpen: the person may open the reviews (the Engine Room); the Executive sees the rapid
	// reviews' references and deadlines only, in the register (CanRegister), and opens the local
	// CSPRs, to approve their reviewers.
	CanOpen, CanRegister bool
	Open                 int
	AtRisk               []AtRisk
	Local                []reviews.Listed // the rapid reviews that led to a local CSPR, newest first
}

// AtRisk is an open rapid review at risk of missing its deadline.
type AtRisk struct {
	ID        int64
	Reference string
	DueOn     time.Time
	DaysLeft  int // working days
}

// Inbox counts what waits in the inbox.
type Inbox struct {
	New         int // received, not yet looked at
	NewCSPR     int // of those, CSPR consideration requests
	Considering int
}

// People is the business unit's figures: registrations and accounts.
type People struct {
	PendingApprovals int
	Invited          int
	Active           int
	Organisations    int
}

// Home returns a's home view in the partnership: their seats and the partnership's bodies for
// everyone, and each role's figures for those who hold it. It runs a fixed number of queries,
// however many records there are.
func (s *Service) Home(ctx context.Context, a app.Actor, partnershipID int64) (Home, error) {
	today := s.Today()
	may := func(action access.Action) bool {
		return access.Decide(a.Subject, action, access.Object{PartnershipID: partnershipID}).Allowed
	}
	var h Home
	var err error
	var cal *workdays.Calendar
	calendar := func() (*workdays.Calendar, error) { // read once, by whichever part needs it first
		if cal == nil {
			cal, err = reviews.Calendar(ctx, s.DB)
		}
		return cal, err
	}
	if h.Memberships, err = partnership.MembershipsIn(ctx, s.DB, a.UserID, partnershipID, today); err != nil {
		return h, err
	}
	if h.Bodies, err = partnership.Bodies(ctx, s.DB, partnershipID, today); err != nil {
		return h, err
	}
	if h.EngineRoom, err = s.engineRoomChair(ctx, partnershipID, h.Bodies, today); err != nil {
		return h, err
	}
	if may(access.ManageLearning) {
		c, err := EngineRoomCounts(ctx, s.DB, partnershipID, today)
		if err != nil {
			return h, err
		}
		h.Learning = &c
	}
	if canOpen := may(access.ViewReview); canOpen || may(access.ViewLocalReview) {
		if h.Reviews, err = s.reviews(ctx, partnershipID, canOpen, today, calendar); err != nil {
			return h, err
		}
		h.Reviews.CanRegister = may(access.ViewReviewRegister)
	}
	if may(access.ViewInbox) {
		if h.Inbox, err = s.inbox(ctx, partnershipID); err != nil {
			return h, err
		}
	}
	if a.Subject.Roles.Has(access.Executive) {
		if h.Executive, err = s.executive(ctx, a.UserID, a.OrganisationID, h.Bodies, today, calendar); err != nil {
			return h, err
		}
	}
	if may(access.ManageUser) {
		if h.People, err = s.people(ctx, partnershipID); err != nil {
			return h, err
		}
	}
	if h.Tasks, err = s.tasks(ctx, a.Subject.Roles, a.UserID, partnershipID, today, calendar); err != nil {
		return h, err
	}
	return h, nil
}

// engineRoomChair reads the rota of the first of bodies that is an Engine Room.
func (s *Service) engineRoomChair(ctx context.Context, partnershipID int64, bodies []partnership.Body, today time.Time) (*Chair, error) {
	for _, b := range bodies {
		if b.Kind != "engine_room" {
			continue
		}
		rota, err := partnership.RotaFrom(ctx, s.DB, partnershipID, b.ID, today, 2)
		if err != nil {
			return nil, err
		}
		c := &Chair{BodyName: b.Name}
		for i := range rota {
			switch {
			case !rota[i].StartsOn.After(today) && c.Now == nil:
				c.Now = &rota[i]
			case rota[i].StartsOn.After(today) && c.Next == nil:
				c.Next = &rota[i]
			}
		}
		return c, nil
	}
	return nil, nil
}

// maxLocal bounds the local CSPRs a home view lists, newest first (and any whose reviewer waits
// for approval): the rest are in the register, a link away.
const maxLocal = 10

// reviews assesses the partnership's open rapid reviews on today and lists its newest local
// CSPRs, in five queries that read what is current, not the partnership's whole history.
func (s *Service) reviews(ctx context.Context, partnershipID int64, canOpen bool, today time.Time, calendar func() (*workdays.Calendar, error)) (*Reviews, error) {
	list, err := reviews.Current(ctx, s.DB, partnershipID, maxLocal)
	if err != nil {
		return nil, err
	}
	cal, err := calendar()
	if err != nil {
		return nil, err
	}
	v := &Reviews{CanOpen: canOpen}
	for _, l := range list {
		if l.CSPRID != nil {
			v.Local = append(v.Local, l)
		}
		p := reviews.Assess(l.Review, l.Agencies, l.SignedOff(), cal, today)
		if p.Finished {
			continue
		}
		v.Open++
		if p.AtRisk {
			v.AtRisk = append(v.AtRisk, AtRisk{ID: l.ID, Reference: l.Reference, DueOn: l.DueOn, DaysLeft: p.DaysLeft})
		}
	}
	return v, nil
}

// inbox counts the open requests only (received or under consideration), by the partial index
// intake_request_open, not every request the partnership was ever sent.
func (s *Service) inbox(ctx context.Context, partnershipID int64) (*Inbox, error) {
	var in Inbox
	err := s.DB.QueryRow(ctx, `SELECT count(*) FILTER (WHERE status = 'received'), count(*) FILTER (WHERE status = 'received' AND kind = 'cspr'),
			count(*) FILTER (WHERE status = 'considering')
		FROM intake_request WHERE partnership_id = $1 AND status IN ('received', 'considering')`, partnershipID).Scan(&in.New, &in.NewCSPR, &in.Considering)
	if err != nil {
		return nil, fmt.Errorf("overview: inbox: %w", err)
	}
	return &in, nil
}

func (s *Service) people(ctx context.Context, partnershipID int64) (*People, error) {
	var p People
	err := s.DB.QueryRow(ctx, `
		SELECT count(*) FILTER (WHERE status = 'pending'), count(*) FILTER (WHERE status = 'invited'),
		       count(*) FILTER (WHERE status = 'active'),
		       (SELECT count(*) FROM organisation WHERE partnership_id = $1)
		FROM app_user WHERE partnership_id = $1`, partnershipID).Scan(&p.PendingApprovals, &p.Invited, &p.Active, &p.Organisations)
	if err != nil {
		return nil, fmt.Errorf("overview: people: %w", err)
	}
	return &p, nil
}

// Counts are the Engine Room's figures for its home view.
type Counts struct {
	AwaitingTriage        int
	ThemesByStatus        map[string]int
	CommissionsInProgress int
	ActionsOverdue        int
	EvidenceDue           int
	// Recommendations open or in progress past their due date, and training needs not yet
	// planned: what the Engine Room's task list asks it to chase.
	RecommendationsOverdue int
	TrainingNeeds          int
}

// EngineRoomCounts counts what awaits the Engine Room, in one query: KLOE requests not yet
// triaged (received or being considered: triage closes a request in the same transaction, see
// learning.Triage, so the count reads the open requests' partial index and never the triage
// table), themes by status, commissions not signed off, actions past their due date,
// recommendations whose evidence of impact is due and missing, recommendations past their due
// date and training needs not yet planned.
func EngineRoomCounts(ctx context.Context, q database.Querier, partnershipID int64, today time.Time) (Counts, error) {
	c := Counts{ThemesByStatus: map[string]int{}}
	var statuses []string
	var counts []int32
	err := q.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM intake_request r WHERE r.partnership_id = $1 AND r.kind = 'kloe' AND r.status IN ('received', 'considering')),
		coalesce((SELECT array_agg(status ORDER BY status) FROM (SELECT status FROM theme WHERE partnership_id = $1 GROUP BY status) s), '{}'),
		coalesce((SELECT array_agg(n ORDER BY status) FROM (SELECT status, count(*)::int AS n FROM theme WHERE partnership_id = $1 GROUP BY status) s), '{}'),
		(SELECT count(*) FROM commission WHERE partnership_id = $1 AND status <> 'signed_off'),
		(SELECT count(*) FROM action a JOIN recommendation r ON r.id = a.recommendation_id
			WHERE r.partnership_id = $1 AND `+learning.ActionOverdueSQL+`),
		(SELECT count(*) FROM recommendation r WHERE r.partnership_id = $1 AND `+learning.EvidenceDueSQL+`),
		(SELECT count(*) FROM recommendation r WHERE r.partnership_id = $1 AND r.status IN ('open', 'in_progress') AND r.due_on < $2),
		(SELECT count(*) FROM training_need n WHERE n.partnership_id = $1 AND n.status = 'open' AND n.closed_at IS NULL)`,
		partnershipID, today).Scan(&c.AwaitingTriage, &statuses, &counts, &c.CommissionsInProgress, &c.ActionsOverdue, &c.EvidenceDue,
		&c.RecommendationsOverdue, &c.TrainingNeeds)
	if err != nil {
		return c, fmt.Errorf("overview: engine room counts: %w", err)
	}
	for i, s := range statuses {
		c.ThemesByStatus[s] = int(counts[i])
	}
	return c, nil
}
