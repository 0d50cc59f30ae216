// Package reviews runs rapid reviews of serious incidents against the statutory 15 working days,
// and the local Child Safeguarding Practice Reviews that follow them. Deadlines are counted on
// the working-day calendar of England and Wales (package workdays) plus the days the system
// administrator adds, and each is kept with the rule that produced it.
package reviews

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/scp-portal/portal/internal/app"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/intake"
	"github.com/scp-portal/portal/internal/workdays"
)

// Statutory timescales (Working Together to Safeguard Children).
const (
	RapidReviewDays  = 15 // working days for a rapid review, from the clock's start
	NotificationDays = 5  // working days for the local authority to notify the national Panel
	RiskDays         = 5  // fewer working days left than this without a draft puts a review at risk
)

// Errors of reviews.
var (
	ErrNotFound   error = app.NotFoundError("reviews: not found")
	ErrConflict         = errors.New("reviews: changed by someone else")
	ErrNotAllowed       = errors.New("reviews: not allowed at this stage")
)

// Calendar returns the working-day calendar with the days the system administrator added.
func Calendar(ctx context.Context, q database.Querier) (*workdays.Calendar, error) {
	extra, err := database.All[workdays.Holiday](ctx, q, "reviews: calendar", `SELECT day, name FROM extra_holiday ORDER BY day`)
	if err != nil {
		return nil, err
	}
	return workdays.New(extra...), nil
}

// AddHoliday adds a day that is not a working day.
func AddHoliday(ctx context.Context, q database.Querier, day time.Time, name string, actorID int64) error {
	_, err := q.Exec(ctx, `INSERT INTO extra_holiday (day, name, added_by) VALUES ($1, $2, $3)
		ON CONFLICT (day) DO UPDATE SET name = EXCLUDED.name`, workdays.Day(day), strings.TrimSpace(name), actorID)
	if err != nil {
		return fmt.Errorf("reviews: add holiday: %w", err)
	}
	return nil
}

// Review is a rapid review.
type Review struct {
	ID                int64
	PartnershipID     int64
	RequestID         *int64
	Reference         string
	Title             string
	AwareOn           time.Time
	NotifiedOn        *time.Time
	ClockStart        string
	DueOn             time.Time
	DueRule           string
	ProgressMeetingOn *time.Time
	PanelMeetingOn    *time.Time
	Draft             string
	DraftedOn         *time.Time
	SentToPanelOn     *time.Time
	Facts             string
	AgencyInvolvement string
	PracticeEpisodes  string
	SafetyAction      string
	Improvements      string
	Equality          string
	Decision          string
	DecisionReasons   string
	PanelResponse     string
	Version           int
}

// Decisions a rapid review can reach.
var Decisions = app.Choices{
	{Value: "local_cspr", Label: "Local child safeguarding practice review"},
	{Value: "national_review", Label: "Refer to the national Panel for a national review"},
	{Value: "no_review", Label: "No review"},
}

// DecisionLabel names a decision; "" is not decided yet.
func DecisionLabel(d string) string {
	if !Decisions.Has(d) {
		return "Not decided yet"
	}
	return Decisions.Label(d)
}

const reviewColumns = `id, partnership_id, request_id, reference, title, aware_on, notified_on, clock_start, due_on, due_rule,
	progress_meeting_on, panel_meeting_on, draft, drafted_on, sent_to_panel_on, facts, agency_involvement, practice_episodes,
	safety_action, improvements, equality, decision, decision_reasons, panel_response, version`

// StartInput is what starting a rapid review needs.
type StartInput struct {
	Request    *intake.Request // the CSPR consideration request it starts from, if any
	Title      string          // how the review is known, never a child's name: "Child A (2026)"
	AwareOn    time.Time
	NotifiedOn *time.Time
	ClockStart string // "notification" or "awareness"
}

// NotificationProblem says what is wrong with the date the national Panel was notified, or "": it
// comes between the local authority becoming aware and today. Starting a review and recording
// the notification later both ask it.
func NotificationProblem(aware time.Time, notified *time.Time, today time.Time) string {
	if notified == nil || (!notified.Before(aware) && !notified.After(today)) {
		return ""
	}
	return "The date the national Panel was notified must be between " + aware.Format("2 January 2006") +
		", when the local authority became aware, and today"
}

// Validate checks the input, returning an Invalid error naming each problem by the start form's
// fields. Started from a request (in.Request), the title must not name any of its children: it
// appears in lists and, once a local review is published, to the public.
func (in StartInput) Validate(today time.Time) error {
	var p app.Problems
	if t := strings.TrimSpace(in.Title); t == "" || len([]rune(t)) > 200 {
		p.Add("review_title", "Enter how the review will be known, such as Child A (2026), 200 characters or fewer")
	} else if in.Request != nil {
		if name := childNameIn(t, *in.Request); name != "" {
			p.Add("review_title", "Do not use the child's name ("+name+") in the review's title: it appears in lists and, once published, to the public")
		}
	}
	if in.AwareOn.IsZero() {
		p.Add("aware_on-day", "Enter when the local authority became aware, as a real date")
	} else if in.AwareOn.After(today) {
		p.Add("aware_on-day", "The date of awareness must be today or in the past")
	}
	if !in.AwareOn.IsZero() {
		if msg := NotificationProblem(in.AwareOn, in.NotifiedOn, today); msg != "" {
			p.Add("notified_on-day", msg)
		}
	}
	switch in.ClockStart {
	case "awareness":
	case "notification":
		if in.NotifiedOn == nil && !p.Has("notified_on-day") {
			p.Add("notified_on-day", "Enter the date of the notification, which starts the clock")
		}
	default:
		p.Add("clock_start", "Choose what starts the 15 working days")
	}
	return p.Err()
}

// childNameIn returns a word of one of the request's children's names found in title, or "".
func childNameIn(title string, req intake.Request) string {
	words := strings.Fields(strings.ToLower(title))
	for n := 1; n <= intake.MaxChildren; n++ {
		for _, part := range strings.Fields(strings.ToLower(req.Answers.Get(fmt.Sprintf("child%d_name", n)))) {
			if len([]rune(part)) < 3 {
				continue
			}
			for _, w := range words {
				if strings.Trim(w, "().,;:'\"") == part {
					return part
				}
			}
		}
	}
	return ""
}

// Start opens a rapid review inside the caller's transaction, with its deadline of 15 working
// days from the event that starts the clock. Started from a CSPR consideration request, the
// request moves to "being considered".
func Start(ctx context.Context, tx pgx.Tx, partnershipID int64, prefix string, actorID int64, in StartInput, cal *workdays.Calendar, now time.Time) (int64, error) {
	start, event := in.AwareOn, "the local authority becoming aware"
	if in.ClockStart == "notification" {
		start, event = *in.NotifiedOn, "the notification to the national Panel"
	}
	deadline := cal.Deadline(RapidReviewDays, event, start)
	ref, err := intake.NextReference(ctx, tx, partnershipID, "rr", prefix, now.Year())
	if err != nil {
		return 0, err
	}
	var requestID *int64
	if in.Request != nil {
		if in.Request.Kind != intake.CSPR {
			return 0, ErrNotAllowed
		}
		requestID = &in.Request.ID
		if in.Request.Status == intake.Received {
			if err := intake.SetStatus(ctx, tx, partnershipID, in.Request.ID, actorID, intake.Considering, "", in.Request.Version, now); err != nil {
				return 0, err
			}
		}
	}
	var id int64
	err = tx.QueryRow(ctx, `INSERT INTO rapid_review (partnership_id, request_id, reference, title, aware_on, notified_on, clock_start,
		due_on, due_rule, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		partnershipID, requestID, ref, strings.TrimSpace(in.Title), in.AwareOn, in.NotifiedOn, in.ClockStart, deadline.Due, deadline.Rule(), actorID).Scan(&id)
	if app.IsUniqueViolation(err) {
		return 0, ErrNotAllowed // a request starts one review
	}
	if err != nil {
		return 0, fmt.Errorf("reviews: start: %w", err)
	}
	return id, nil
}

// Get returns one of the partnership's rapid reviews.
func Get(ctx context.Context, q database.Querier, partnershipID, id int64) (Review, error) {
	return database.One[Review](ctx, q, ErrNotFound, "reviews: get", `SELECT `+reviewColumns+` FROM rapid_review WHERE partnership_id = $1 AND id = $2`, partnershipID, id)
}

// ByRequest returns the rapid review started from a request, if there is one.
func ByRequest(ctx context.Context, q database.Querier, partnershipID, requestID int64) (int64, error) {
	var id int64
	err := q.QueryRow(ctx, `SELECT id FROM rapid_review WHERE partnership_id = $1 AND request_id = $2`, partnershipID, requestID).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

// Update saves the workspace of a review that is still at version: its dates, its content and its
// decision. The dates the clock depends on do not change: the notification date is kept when the
// notification started the clock, and recorded here when the clock runs from awareness.
func Update(ctx context.Context, q database.Querier, r Review) error {
	return database.Exec(ctx, q, ErrConflict, "reviews: update", `UPDATE rapid_review SET progress_meeting_on = $4, panel_meeting_on = $5, draft = $6,
		drafted_on = CASE WHEN $6 = '' THEN NULL WHEN drafted_on IS NULL THEN $7::date ELSE drafted_on END,
		sent_to_panel_on = $8, facts = $9, agency_involvement = $10, practice_episodes = $11, safety_action = $12,
		improvements = $13, equality = $14, decision = $15, decision_reasons = $16, panel_response = $17,
		notified_on = CASE WHEN clock_start = 'notification' THEN notified_on ELSE $18::date END, version = version + 1
		WHERE partnership_id = $1 AND id = $2 AND version = $3`,
		r.PartnershipID, r.ID, r.Version, r.ProgressMeetingOn, r.PanelMeetingOn, strings.TrimSpace(r.Draft), r.DraftedOn,
		r.SentToPanelOn, r.Facts, r.AgencyInvolvement, r.PracticeEpisodes, r.SafetyAction, r.Improvements, r.Equality,
		r.Decision, r.DecisionReasons, r.PanelResponse, r.NotifiedOn)
}

// Agency is an agency asked for information by a rapid review.
type Agency struct {
	OrganisationID int64
	Name           string
	RequestedOn    time.Time
	DueOn          time.Time
	Summary        string
	ReceivedOn     *time.Time
}

// RequestInformation asks an organisation of the partnership for its information by a date.
func RequestInformation(ctx context.Context, q database.Querier, partnershipID, reviewID, orgID int64, requested, due time.Time) error {
	return database.Exec(ctx, q, ErrNotFound, "reviews: request information", `INSERT INTO review_agency (review_id, organisation_id, requested_on, due_on)
		SELECT r.id, o.id, $4, $5 FROM rapid_review r JOIN organisation o ON o.partnership_id = r.partnership_id
		WHERE r.partnership_id = $1 AND r.id = $2 AND o.id = $3
		ON CONFLICT (review_id, organisation_id) DO UPDATE SET due_on = EXCLUDED.due_on`, partnershipID, reviewID, orgID, requested, due)
}

// RecordSummary records an agency's summary, received on a day.
func RecordSummary(ctx context.Context, q database.Querier, partnershipID, reviewID, orgID int64, summary string, received time.Time) error {
	return database.Exec(ctx, q, ErrNotFound, "reviews: record summary", `UPDATE review_agency a SET summary = $4, received_on = $5, link_hash = NULL, link_expires_at = NULL FROM rapid_review r
		WHERE a.review_id = r.id AND r.partnership_id = $1 AND r.id = $2 AND a.organisation_id = $3`,
		partnershipID, reviewID, orgID, strings.TrimSpace(summary), received)
}

// Agencies returns the agencies asked for information by the given reviews, in one query.
func Agencies(ctx context.Context, q database.Querier, reviewIDs []int64) (map[int64][]Agency, error) {
	rows, err := q.Query(ctx, `SELECT a.review_id, a.organisation_id, o.name, a.requested_on, a.due_on, a.summary, a.received_on
		FROM review_agency a JOIN organisation o ON o.id = a.organisation_id WHERE a.review_id = ANY ($1) ORDER BY o.name`, reviewIDs)
	if err != nil {
		return nil, fmt.Errorf("reviews: agencies: %w", err)
	}
	by := map[int64][]Agency{}
	for rows.Next() {
		var id int64
		var a Agency
		if err := rows.Scan(&id, &a.OrganisationID, &a.Name, &a.RequestedOn, &a.DueOn, &a.Summary, &a.ReceivedOn); err != nil {
			return nil, err
		}
		by[id] = append(by[id], a)
	}
	return by, rows.Err()
}
