package training

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/learning"
	"github.com/scp-portal/portal/internal/notices"
	"github.com/scp-portal/portal/web/paths"
)

// FollowUpInvited is the invitation, three months after a session, to say whether practice
// changed: sent once to the attendee, who has no choice of it, so it is not among notices.Kinds.
const FollowUpInvited notices.Kind = "training_follow_up"

// FollowUpMonths is how long after a session its attendees are asked whether their practice
// changed.
const FollowUpMonths = 3

// Confidences are the answers to "how confident were you", 1 (not at all) to 5 (very).
var Confidences = app.Choices{{Value: "1", Label: "1 – not at all confident"}, {Value: "2", Label: "2"}, {Value: "3", Label: "3"},
	{Value: "4", Label: "4"}, {Value: "5", Label: "5 – very confident"}}

// PracticeChanges are the answers to "has your practice changed", with the rating each gives
// the evidence of impact.
var PracticeChanges = app.Choices{{Value: "yes", Label: "Yes"}, {Value: "partly", Label: "Partly"}, {Value: "no", Label: "No"}}

// MyBooking is one of a person's bookings, with where its evaluation is.
type MyBooking struct {
	ID          int64
	SessionID   int64
	CourseTitle string
	Kind        string
	StartsAt    time.Time
	Place       string
	Status      string
	Attended    *bool
	Before      *int16
	After       *int16
	FollowUpDue *time.Time
	Changed     *string
}

// Evaluated reports whether the attendee has evaluated the session.
func (b MyBooking) Evaluated() bool { return b.Before != nil }

// MayEvaluate reports whether the attendee may evaluate the session now: they came and have not.
func (b MyBooking) MayEvaluate() bool { return b.Attended != nil && *b.Attended && !b.Evaluated() }

// MayFollowUp reports whether the attendee may say, on day today, whether their practice changed.
func (b MyBooking) MayFollowUp(today time.Time) bool {
	return b.Evaluated() && b.Changed == nil && b.FollowUpDue != nil && !today.Before(*b.FollowUpDue)
}

const myBookingSelect = `SELECT b.id, s.id, c.title, s.kind, s.starts_at, s.place, b.status, b.attended,
	e.confidence_before, e.confidence_after, e.follow_up_due, e.practice_changed
	FROM training_booking b JOIN training_session s ON s.id = b.session_id JOIN training_course c ON c.id = s.course_id
	LEFT JOIN training_evaluation e ON e.booking_id = b.id`

// MyBookings returns page p of a person's bookings in the partnership, newest session first, in
// one query.
func (s *Service) MyBookings(ctx context.Context, partnershipID, userID int64, p app.Page) (app.Paged[MyBooking], error) {
	rows, err := database.All[MyBooking](ctx, s.DB, "training: my bookings", myBookingSelect+` WHERE b.user_id = $1 AND s.partnership_id = $2
		ORDER BY s.starts_at DESC, b.id DESC LIMIT $3 OFFSET $4`, userID, partnershipID, p.Limit(), p.Offset())
	return app.PageOf(rows, p), err
}

// MyBooking returns one of a person's bookings in the partnership: another's is not found.
func (s *Service) MyBooking(ctx context.Context, partnershipID, userID, id int64) (MyBooking, error) {
	return database.One[MyBooking](ctx, s.DB, ErrNotFound, "training: my booking", myBookingSelect+` WHERE b.id = $1 AND b.user_id = $2
		AND s.partnership_id = $3`, id, userID, partnershipID)
}

// EvaluationInput is an attendee's evaluation as the form gives it.
type EvaluationInput struct {
	Before  string
	After   string
	Comment string
}

// Validate checks an evaluation, with messages in the form's order.
func (in EvaluationInput) Validate() error {
	var p app.Problems
	p.OneOf("confidence_before", Confidences, in.Before, "Choose how confident you felt before the session")
	p.OneOf("confidence_after", Confidences, in.After, "Choose how confident you feel after the session")
	p.Words("comment", in.Comment, 2000, "", "Your comments must be 2,000 characters or fewer")
	return p.Err()
}

// FollowUpInput is an attendee's answer three months on.
type FollowUpInput struct {
	Changed string
	Note    string
}

// Validate checks a follow-up, with messages in the form's order.
func (in FollowUpInput) Validate() error {
	var p app.Problems
	p.OneOf("changed", PracticeChanges, in.Changed, "Choose whether your practice has changed")
	p.Words("note", in.Note, 2000, "", "What changed must be 2,000 characters or fewer")
	return p.Err()
}

// attendance is a booking of the acting person, locked for its evaluation.
type attendance struct {
	CourseID  int64
	Course    string
	StartsAt  time.Time
	Attended  bool
	Evaluated bool
	Changed   bool
	Due       *time.Time
}

// lockBooking locks the acting person's booking id in the partnership: another's is not found.
func lockBooking(ctx context.Context, tx pgx.Tx, partnershipID, userID, id int64) (attendance, error) {
	var at attendance
	err := tx.QueryRow(ctx, `SELECT c.id, c.title, s.starts_at, coalesce(b.attended, false), e.booking_id IS NOT NULL,
		e.practice_changed IS NOT NULL, e.follow_up_due
		FROM training_booking b JOIN training_session s ON s.id = b.session_id JOIN training_course c ON c.id = s.course_id
		LEFT JOIN training_evaluation e ON e.booking_id = b.id
		WHERE b.id = $1 AND b.user_id = $2 AND s.partnership_id = $3 FOR UPDATE OF b`, id, userID, partnershipID).
		Scan(&at.CourseID, &at.Course, &at.StartsAt, &at.Attended, &at.Evaluated, &at.Changed, &at.Due)
	if errors.Is(err, pgx.ErrNoRows) {
		return at, ErrNotFound
	}
	return at, err
}

// Evaluate records the acting person's evaluation of a session they attended, and makes it
// evidence of impact on each recommendation the course serves: green when their confidence
// rose, amber when it stayed, red when it fell.
func (s *Service) Evaluate(ctx context.Context, a app.Actor, partnershipID, bookingID int64, in EvaluationInput) error {
	before, _ := strconv.Atoi(in.Before)
	after, _ := strconv.Atoi(in.After)
	return app.ChangeChecked(ctx, s.DB, a, in.Validate(), func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: audit.TrainingEvaluate, ObjectType: "training_booking", ObjectID: bookingID,
			Detail: "confidence " + in.Before + " to " + in.After}
		at, err := lockBooking(ctx, tx, partnershipID, a.UserID, bookingID)
		switch {
		case err != nil:
			return ev, err
		case !at.Attended:
			return ev, ErrNotAttended
		case at.Evaluated:
			return ev, app.ConflictField("confidence_before", "You have already evaluated this session")
		}
		due := app.Today(at.StartsAt).AddDate(0, FollowUpMonths, 0)
		if _, err := tx.Exec(ctx, `INSERT INTO training_evaluation (booking_id, confidence_before, confidence_after, comment, follow_up_due)
			VALUES ($1, $2, $3, $4, $5)`, bookingID, before, after, strings.TrimSpace(in.Comment), due); err != nil {
			return ev, err
		}
		summary, rating := EvaluationEvidence(at.Course, at.StartsAt, before, after)
		return ev, s.evidence(ctx, tx, partnershipID, at.CourseID, a.UserID, summary, rating)
	})
}

// EvaluationEvidence is the evidence of impact an evaluation of course's session at startsAt
// gives, confidence before and after (1 to 5): its summary, and its rating, green when confidence
// rose, amber when it stayed, red when it fell.
func EvaluationEvidence(course string, startsAt time.Time, before, after int) (summary, rating string) {
	rating = map[bool]string{true: "green", false: "amber"}[after > before]
	if after < before {
		rating = "red"
	}
	return fmt.Sprintf("An attendee's evaluation of %q on %s: confidence %d out of 5 before the session, %d after.",
		course, date(startsAt), before, after), rating
}

// FollowUp records the acting person's answer, three months after a session they evaluated, on
// whether their practice changed, as evidence of impact on each recommendation the course
// serves: green for yes, amber for partly, red for no.
func (s *Service) FollowUp(ctx context.Context, a app.Actor, partnershipID, bookingID int64, in FollowUpInput) error {
	return app.ChangeChecked(ctx, s.DB, a, in.Validate(), func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: audit.TrainingFollowUp, ObjectType: "training_booking", ObjectID: bookingID, Detail: "practice changed: " + in.Changed}
		at, err := lockBooking(ctx, tx, partnershipID, a.UserID, bookingID)
		switch {
		case err != nil:
			return ev, err
		case !at.Evaluated:
			return ev, app.ConflictField("changed", "Evaluate the session first")
		case at.Changed:
			return ev, app.ConflictField("changed", "You have already said whether your practice changed")
		case s.Today().Before(*at.Due):
			return ev, app.ConflictField("changed", "You can say whether your practice changed from "+date(*at.Due))
		}
		if _, err := tx.Exec(ctx, `UPDATE training_evaluation SET practice_changed = $2, follow_up_note = $3, followed_up_at = now()
			WHERE booking_id = $1`, bookingID, in.Changed, strings.TrimSpace(in.Note)); err != nil {
			return ev, err
		}
		rating := map[string]string{"yes": "green", "partly": "amber", "no": "red"}[in.Changed]
		summary := fmt.Sprintf("Three months after %q on %s, an attendee says their practice has changed: %s.",
			at.Course, date(at.StartsAt), strings.ToLower(PracticeChanges.Label(in.Changed)))
		return ev, s.evidence(ctx, tx, partnershipID, at.CourseID, a.UserID, summary, rating)
	})
}

// evidence records summary as evidence of impact on each recommendation the course serves.
func (s *Service) evidence(ctx context.Context, tx pgx.Tx, partnershipID, courseID, by int64, summary, rating string) error {
	recs, err := servedBy(ctx, tx, courseID)
	if err != nil {
		return err
	}
	for _, r := range recs {
		if err := learning.AddEvidence(ctx, tx, partnershipID, r.ID, by, "training_evaluation", summary, s.Today(), rating); err != nil {
			return err
		}
	}
	return nil
}

// date is a day as the evidence and messages write it.
func date(t time.Time) string { return t.In(app.London).Format("2 January 2006") }

// dueFollowUp is an evaluation whose follow-up is due and not yet answered.
type dueFollowUp struct {
	BookingID     int64
	UserID        int64
	PartnershipID int64
}

// followUpBatch bounds the invitations one run sends; the next run sends the rest.
const followUpBatch = 500

// dueFollowUps returns the evaluations due a follow-up invitation on day today (in one
// partnership, or every one when partnershipID is 0), neither answered nor invited: the partial
// index training_evaluation_follow_up holds those alone.
func dueFollowUps(ctx context.Context, q database.Querier, today time.Time, partnershipID int64) ([]dueFollowUp, error) {
	return database.All[dueFollowUp](ctx, q, "training: follow-ups due", `SELECT e.booking_id, b.user_id, s.partnership_id
		FROM training_evaluation e JOIN training_booking b ON b.id = e.booking_id JOIN training_session s ON s.id = b.session_id
		WHERE e.follow_up_due <= $1 AND e.followed_up_at IS NULL AND e.follow_up_invited_at IS NULL AND ($2 = 0 OR s.partnership_id = $2)
		ORDER BY e.follow_up_due, e.booking_id LIMIT $3`, today, partnershipID, followUpBatch)
}

// markInvited marks, in tx, the follow-up invitation of a booking as sent at, and reports whether
// it is the first time: the evaluation's row lock serves two runs one after the other, and the
// second, in this process or another, finds it marked and sends nothing.
func markInvited(ctx context.Context, tx pgx.Tx, bookingID int64, at time.Time) (bool, error) {
	tag, err := tx.Exec(ctx, `UPDATE training_evaluation SET follow_up_invited_at = $2
		WHERE booking_id = $1 AND follow_up_invited_at IS NULL AND followed_up_at IS NULL`, bookingID, at)
	if err != nil {
		return false, fmt.Errorf("training: mark invited: %w", err)
	}
	return tag.RowsAffected() == 1, nil
}

// invite marks and sends, inside tx, the follow-up invitation of d unless it was sent already,
// and reports whether it sent it.
func invite(ctx context.Context, tx pgx.Tx, base string, d dueFollowUp, at time.Time) (bool, error) {
	first, err := markInvited(ctx, tx, d.BookingID, at)
	if err != nil || !first {
		return false, err
	}
	return true, sendInvitation(ctx, tx, base, d)
}

// sendInvitation sends, inside tx, the follow-up invitation of a booking: a link, never more.
func sendInvitation(ctx context.Context, tx pgx.Tx, base string, d dueFollowUp) error {
	slug, err := notices.Slug(ctx, tx, d.PartnershipID)
	if err != nil {
		return err
	}
	return notices.Send(ctx, tx, base, notices.Notice{Kind: FollowUpInvited,
		Subject: "Has your practice changed since your training?",
		Line:    "Three months ago you came to a training session of the partnership. Tell us in a minute whether it has changed your practice: your answer is evidence of what the training achieved.",
		Link:    base + paths.TrainingBooking(slug, d.BookingID)}, d.UserID)
}

// SendFollowUps sends every follow-up invitation due on day today, in every partnership, each in
// a transaction of its own and once however many runs or processes send them (markInvited);
// housekeeping runs it. It returns how many it sent.
func SendFollowUps(ctx context.Context, db database.Beginner, today time.Time, base string) (int, error) {
	due, err := dueFollowUps(ctx, db, today, 0)
	if err != nil {
		return 0, err
	}
	return notices.CountSentInTx(ctx, db, due, func(tx pgx.Tx, d dueFollowUp) (bool, error) {
		return invite(ctx, tx, base, d, time.Now())
	})
}

// InviteFollowUps sends the partnership's follow-up invitations due today now, rather than at the
// next housekeeping, each once; it returns how many it sent.
func (s *Service) InviteFollowUps(ctx context.Context, a app.Actor, partnershipID int64) (int, error) {
	sent := 0
	err := app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: audit.TrainingFollowUpsSent, ObjectType: "partnership", ObjectID: partnershipID}
		due, err := dueFollowUps(ctx, tx, s.Today(), partnershipID)
		if err != nil {
			return ev, err
		}
		sent, err = notices.CountSent(due, func(d dueFollowUp) (bool, error) {
			return invite(ctx, tx, s.BaseURL, d, s.Time())
		})
		if err != nil {
			return ev, err
		}
		ev.Detail = "sent " + strconv.Itoa(sent)
		return ev, nil
	})
	return sent, err
}
