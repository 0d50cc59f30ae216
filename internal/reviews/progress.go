package reviews

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/mail"
	"github.com/scp-portal/portal/internal/signoff"
	"github.com/scp-portal/portal/internal/workdays"
)

// The day plan of a rapid review, in working days from the clock's start: agencies' summaries
// and the progress meeting by day 10, the panel meeting and the draft by day 12, the partners'
// sign-off by day 15.
const (
	progressMeetingBy = 10
	panelMeetingBy    = 12
	draftBy           = 12
)

// Step is one step of the day plan with its own deadline.
type Step struct {
	Name string
	Due  time.Time
	Done bool
	Late bool
}

// Progress is how a rapid review stands on a day.
type Progress struct {
	DaysLeft           int    // working days to the deadline; negative once it has passed
	Steps              []Step // the day plan
	AtRisk             bool   // a step is late, or fewer than RiskDays working days are left without a draft
	Finished           bool   // sent to the national Panel
	NotificationDue    time.Time
	NotificationOnTime *bool // nil until the notification is recorded
}

// Late lists the names of the steps that are late.
func (p Progress) Late() []string {
	var late []string
	for _, s := range p.Steps {
		if s.Late {
			late = append(late, s.Name)
		}
	}
	return late
}

// start is the day the review's clock started.
func (r Review) start() time.Time {
	if r.ClockStart == "notification" && r.NotifiedOn != nil {
		return *r.NotifiedOn
	}
	return r.AwareOn
}

// Assess works out a review's progress on today from its day plan.
func Assess(r Review, agencies []Agency, signedOff bool, cal *workdays.Calendar, today time.Time) Progress {
	today = workdays.Day(today)
	start := r.start()
	p := Progress{DaysLeft: cal.Between(today, r.DueOn), Finished: r.SentToPanelOn != nil,
		NotificationDue: cal.Add(r.AwareOn, NotificationDays)}
	if r.NotifiedOn != nil {
		onTime := !r.NotifiedOn.After(p.NotificationDue)
		p.NotificationOnTime = &onTime
	}
	step := func(name string, due time.Time, done bool) {
		p.Steps = append(p.Steps, Step{Name: name, Due: due, Done: done, Late: !done && !p.Finished && due.Before(today)})
	}
	for _, a := range agencies {
		step("Summary from "+a.Name, a.DueOn, a.ReceivedOn != nil)
	}
	step("Progress meeting", cal.Add(start, progressMeetingBy), r.ProgressMeetingOn != nil)
	step("Panel meeting", cal.Add(start, panelMeetingBy), r.PanelMeetingOn != nil)
	step("Draft", cal.Add(start, draftBy), r.Draft != "")
	step("Sign-off by every statutory partner", r.DueOn, signedOff)
	step("Sent to the national Panel", r.DueOn, r.SentToPanelOn != nil)
	if !p.Finished {
		p.AtRisk = len(p.Late()) > 0 || (p.DaysLeft < RiskDays && r.Draft == "")
	}
	return p
}

// Listed is a review in the register with what it needs to be assessed.
type Listed struct {
	Review
	Agencies []Agency
	SignOff  signoff.Summary // its live round of sign-off, if it was put to the partners
	CSPRID   *int64
	CSPRRef  string
	// CSPRAwaitingApproval: the local CSPR's reviewer is proposed and waits for the Executive.
	CSPRAwaitingApproval bool
	CSPRPublished        bool
	// CSPRPublicationAwaiting: its publication is proposed and waits for the Executive's approval.
	CSPRPublicationAwaiting bool
}

// SignedOff reports whether every statutory partner signed the review off.
func (l Listed) SignedOff() bool { return l.SignOff.SignedOff() }

// Register returns every rapid review of the partnership, newest first, with its agencies,
// sign-offs and local CSPR, in four queries: for the reminders and the yearly report's counts.
func Register(ctx context.Context, q database.Querier, partnershipID int64) ([]Listed, error) {
	return RegisterPage(ctx, q, partnershipID, app.Page{})
}

// RegisterPage returns page p of the register, newest first, read with p.Limit (one row more than
// it shows, app.PageOf) by OFFSET over the index rapid_review_register, with each review's
// agencies, sign-offs and local CSPR: a page costs the same however long the history (issue #15).
func RegisterPage(ctx context.Context, q database.Querier, partnershipID int64, p app.Page) ([]Listed, error) {
	list, err := database.All[Review](ctx, q, "reviews: register", `SELECT `+listColumns+` FROM rapid_review WHERE partnership_id = $1
		ORDER BY aware_on DESC, id DESC LIMIT $2 OFFSET $3`, partnershipID, p.Limit(), p.Offset())
	if err != nil {
		return nil, err
	}
	return withProgress(ctx, q, list)
}

// listColumns are reviewColumns as the register and its figures read them: the long answers are
// left unread (empty), the draft is read only as whether there is one ("-"), and the Panel's
// response only as far as the register shows it. Reading every review's text to assess it was
// most of the home views' time at volume (issue #15).
const listColumns = `id, partnership_id, request_id, reference, title, aware_on, notified_on, clock_start, due_on, due_rule,
	progress_meeting_on, panel_meeting_on, CASE WHEN draft <> '' THEN '-' ELSE '' END, drafted_on, sent_to_panel_on,
	'', '', '', '', '', '', decision, '', left(panel_response, 200), version`

// Current returns what a home view assesses, newest first, in four queries however long the
// partnership's history: every rapid review still open (not sent to the Panel: few at any time,
// by the partial index rapid_review_open), every one whose local CSPR's reviewer waits for the
// Executive's approval, and the newest local of those that led to a local CSPR.
func Current(ctx context.Context, q database.Querier, partnershipID int64, local int) ([]Listed, error) {
	list, err := database.All[Review](ctx, q, "reviews: current", `SELECT `+listColumns+` FROM rapid_review
		WHERE partnership_id = $1 AND (sent_to_panel_on IS NULL
		   OR id IN (SELECT review_id FROM local_cspr WHERE partnership_id = $1 AND reviewer <> '' AND reviewer_approved_at IS NULL)
		   OR id IN (SELECT r.id FROM rapid_review r JOIN local_cspr c ON c.review_id = r.id
		             WHERE c.partnership_id = $1 ORDER BY r.aware_on DESC, r.id DESC LIMIT $2))
		ORDER BY aware_on DESC, id DESC`, partnershipID, local)
	if err != nil {
		return nil, err
	}
	return withProgress(ctx, q, list)
}

// EachInRegister calls fn with every rapid review of the partnership, newest first, as Register
// lists them, read in batches of batch reviews (by key, with their agencies, sign-offs and local
// CSPRs), so that a register of any length is never held whole: the register's download.
func EachInRegister(ctx context.Context, q database.Querier, partnershipID int64, batch int, fn func(Listed) error) error {
	var afterOn *time.Time
	var afterID int64
	for {
		list, err := database.All[Review](ctx, q, "reviews: register download", `SELECT `+listColumns+` FROM rapid_review
			WHERE partnership_id = $1 AND ($2::date IS NULL OR (aware_on, id) < ($2, $3))
			ORDER BY aware_on DESC, id DESC LIMIT $4`, partnershipID, afterOn, afterID, batch)
		if err != nil || len(list) == 0 {
			return err
		}
		listed, err := withProgress(ctx, q, list)
		if err != nil {
			return err
		}
		for _, l := range listed {
			if err := fn(l); err != nil {
				return err
			}
		}
		last := list[len(list)-1]
		afterOn, afterID = &last.AwareOn, last.ID
	}
}

// withProgress gives each review of list its agencies, sign-offs and local CSPR, in three queries.
func withProgress(ctx context.Context, q database.Querier, list []Review) ([]Listed, error) {
	ids := database.IDs(list, func(r Review) int64 { return r.ID })
	agencies, err := Agencies(ctx, q, ids)
	if err != nil {
		return nil, err
	}
	signOffs, err := signoff.Summaries(ctx, q, SubjectKind, ids)
	if err != nil {
		return nil, err
	}
	type local struct {
		id                  int64
		ref                 string
		awaiting, published bool
		publication         bool
	}
	csprs := map[int64]local{}
	crow, err := q.Query(ctx, `SELECT review_id, id, reference, reviewer <> '' AND reviewer_approved_at IS NULL, published_on IS NOT NULL,
		publication_proposed_on IS NOT NULL AND published_on IS NULL
		FROM local_cspr WHERE review_id = ANY ($1)`, ids)
	if err != nil {
		return nil, fmt.Errorf("reviews: register: %w", err)
	}
	for crow.Next() {
		var rid int64
		var c local
		if err := crow.Scan(&rid, &c.id, &c.ref, &c.awaiting, &c.published, &c.publication); err != nil {
			return nil, err
		}
		csprs[rid] = c
	}
	if err := crow.Err(); err != nil {
		return nil, err
	}
	out := make([]Listed, 0, len(list))
	for _, r := range list {
		l := Listed{Review: r, Agencies: agencies[r.ID], SignOff: signOffs[r.ID]}
		if c, ok := csprs[r.ID]; ok {
			l.CSPRID, l.CSPRRef, l.CSPRAwaitingApproval, l.CSPRPublished, l.CSPRPublicationAwaiting = &c.id, c.ref, c.awaiting, c.published, c.publication
		}
		out = append(out, l)
	}
	return out, nil
}

// Timeliness is a year's statutory timeliness figures, for the yearly report.
type Timeliness struct {
	Year            int
	Reviews         int // reviews of the year sent to the Panel or past their deadline
	SentWithin15    int // of those, sent within 15 working days of the clock's start
	Notifications   int // reviews of the year notified or past the notification deadline
	NotifiedWithin5 int // of those, notified within 5 working days of awareness
}

// TimelinessByYear computes the figures of the partnership's reviews on today, newest year first,
// by aggregates in the database (the reviews are not loaded: issue #15), in two queries: the span
// of the reviews' dates, then the figures, with the weekdays of that span that are not working
// days passed as an array so that the database finds each notification's deadline (the 5th
// working day after awareness) as cal.Add would. Each figure counts a review once its step is
// done or its deadline has passed: a review still within its 15 working days is not yet a figure
// either way, and neither is a notification still within its 5.
func TimelinessByYear(ctx context.Context, q database.Querier, partnershipID int64, cal *workdays.Calendar, today time.Time) ([]Timeliness, error) {
	today = workdays.Day(today)
	var first, last *time.Time
	if err := q.QueryRow(ctx, `SELECT min(aware_on), max(aware_on) FROM rapid_review WHERE partnership_id = $1`, partnershipID).Scan(&first, &last); err != nil {
		return nil, fmt.Errorf("reviews: timeliness: %w", err)
	}
	if first == nil {
		return nil, nil
	}
	// The deadline lies within notifyWindow days of awareness unless a month of holidays is added.
	const notifyWindow = 40
	closed := cal.NonWorkingWeekdays(*first, last.AddDate(0, 0, notifyWindow))
	return database.All[Timeliness](ctx, q, "reviews: timeliness", `WITH r AS (
		SELECT extract(year FROM aware_on)::int AS year, notified_on, due_on, sent_to_panel_on,
			(SELECT d::date FROM generate_series(aware_on + 1, aware_on + $4::int, interval '1 day') d
			 WHERE extract(isodow FROM d) < 6 AND d::date <> ALL ($2::date[]) ORDER BY d OFFSET $5::int - 1 LIMIT 1) AS notify_by
		FROM rapid_review WHERE partnership_id = $1)
		SELECT year, count(*) FILTER (WHERE sent_to_panel_on IS NOT NULL OR due_on < $3),
			count(*) FILTER (WHERE sent_to_panel_on <= due_on),
			count(*) FILTER (WHERE notified_on IS NOT NULL OR notify_by < $3),
			count(*) FILTER (WHERE notified_on <= notify_by)
		FROM r GROUP BY year
		HAVING count(*) FILTER (WHERE sent_to_panel_on IS NOT NULL OR due_on < $3 OR notified_on IS NOT NULL OR notify_by < $3) > 0
		ORDER BY year DESC`, partnershipID, closed, today, notifyWindow, NotificationDays)
}

// SendReminders e-mails the business unit of each partnership about every open rapid review at
// risk on today, once per review: the reminder is recorded in the same transaction as its e-mail,
// so a second run (or a second process) sends nothing new. baseURL makes the link. The e-mail
// names the review's reference and what is late, and nothing about the child.
func SendReminders(ctx context.Context, db database.Beginner, cal *workdays.Calendar, today time.Time, baseURL string) (int, error) {
	partnerships, err := database.Values[int64](ctx, db, "reviews: reminders", `SELECT p.id FROM partnership p WHERE EXISTS (SELECT 1 FROM rapid_review r
		WHERE r.partnership_id = p.id AND r.sent_to_panel_on IS NULL
		  AND NOT EXISTS (SELECT 1 FROM review_reminder m WHERE m.review_id = r.id AND m.event = 'at-risk'))`)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, pid := range partnerships {
		list, err := Register(ctx, db, pid)
		if err != nil {
			return sent, err
		}
		for _, l := range list {
			pr := Assess(l.Review, l.Agencies, l.SignedOff(), cal, today)
			if !pr.AtRisk {
				continue
			}
			err := database.InTx(ctx, db, func(tx pgx.Tx) error {
				var to, slug string
				err := tx.QueryRow(ctx, `INSERT INTO review_reminder (review_id, event) VALUES ($1, 'at-risk')
					ON CONFLICT DO NOTHING RETURNING (SELECT contact_email FROM partnership WHERE id = $2), (SELECT slug FROM partnership WHERE id = $2)`,
					l.ID, pid).Scan(&to, &slug)
				if err != nil {
					return err // pgx.ErrNoRows: already reminded
				}
				reason := "fewer than 5 working days are left and there is no draft"
				if late := pr.Late(); len(late) > 0 {
					reason = "these steps are late: " + strings.Join(late, "; ")
				}
				return mail.Enqueue(ctx, tx, mail.Message{To: to, Subject: "Rapid review " + l.Reference + " is at risk",
					Body: fmt.Sprintf("Rapid review %s is at risk of missing its deadline of %s (%s): %s.\n\n%d working days are left.\n\nSign in to see it: %s/%s/reviews/%d\n",
						l.Reference, l.DueOn.Format("2 January 2006"), l.DueRule, reason, pr.DaysLeft, baseURL, slug, l.ID)})
			})
			switch {
			case errors.Is(err, pgx.ErrNoRows): // reminded already
			case err != nil:
				return sent, fmt.Errorf("reviews: reminder: %w", err)
			default:
				sent++
			}
		}
	}
	return sent, nil
}
