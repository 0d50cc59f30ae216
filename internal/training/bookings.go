package training

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/notices"
	"github.com/scp-portal/portal/web/paths"
)

// BookingStatuses are where a booking is: a place, a place in the waiting list, or cancelled.
var BookingStatuses = app.Choices{{Value: "booked", Label: "Booked"}, {Value: "waiting", Label: "On the waiting list"},
	{Value: "cancelled", Label: "Cancelled"}}

// Refusals of a booking, each on the button's field.
var (
	ErrStarted     = app.ConflictField("book", "This session has started: it takes no more bookings or cancellations")
	ErrAlreadyIn   = app.ConflictField("book", "You already have a place on this session, or a place on its waiting list")
	ErrNoBooking   = app.ConflictField("cancel", "You have no place on this session to cancel")
	ErrNotStarted  = app.ConflictField("attended", "Record attendance once the session has started")
	ErrNotAttended = app.ConflictField("confidence_before", "Your attendance has not been recorded yet: you can evaluate the session once it is")
)

// lockSession locks one of the partnership's sessions for the change of its bookings, so that two
// people booking its last place at once are served one after the other, and returns it.
func lockSession(ctx context.Context, tx pgx.Tx, partnershipID, id int64) (capacity int, startsAt time.Time, err error) {
	err = tx.QueryRow(ctx, `SELECT capacity, starts_at FROM training_session WHERE partnership_id = $1 AND id = $2 FOR UPDATE`,
		partnershipID, id).Scan(&capacity, &startsAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, startsAt, ErrNotFound
	}
	return capacity, startsAt, err
}

// Book gives the acting person a place on one of the partnership's sessions, or a place on its
// waiting list when it is full, and returns which ("booked" or "waiting"). The session's row is
// locked while its places are counted.
func (s *Service) Book(ctx context.Context, a app.Actor, partnershipID, sessionID int64) (string, error) {
	var status string
	err := app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: audit.TrainingBook, ObjectType: "training_session", ObjectID: sessionID}
		capacity, starts, err := lockSession(ctx, tx, partnershipID, sessionID)
		if err != nil {
			return ev, err
		}
		if !s.Time().Before(starts) {
			return ev, ErrStarted
		}
		var booked int
		var mine string
		if err := tx.QueryRow(ctx, `SELECT count(*) FILTER (WHERE status = 'booked'),
			coalesce(max(status) FILTER (WHERE user_id = $2 AND status <> 'cancelled'), '') FROM training_booking WHERE session_id = $1`,
			sessionID, a.UserID).Scan(&booked, &mine); err != nil {
			return ev, err
		}
		if mine != "" {
			return ev, ErrAlreadyIn
		}
		status = "booked"
		if booked >= capacity {
			status = "waiting"
		}
		if _, err := tx.Exec(ctx, `INSERT INTO training_booking (session_id, user_id, status, booked_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (session_id, user_id) DO UPDATE SET status = excluded.status, booked_at = excluded.booked_at, attended = NULL`,
			sessionID, a.UserID, status, s.Time()); err != nil {
			return ev, err
		}
		ev.Detail = status
		return ev, nil
	})
	return status, err
}

// Cancel gives up the acting person's place (or their place in the waiting list) on one of the
// partnership's sessions; a place given up goes to the first on the waiting list, who is told by
// notice (notices.TrainingPlace). It returns whether the place was handed on.
func (s *Service) Cancel(ctx context.Context, a app.Actor, partnershipID, sessionID int64) (bool, error) {
	handed := false
	err := app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: audit.TrainingCancel, ObjectType: "training_session", ObjectID: sessionID}
		_, starts, err := lockSession(ctx, tx, partnershipID, sessionID)
		if err != nil {
			return ev, err
		}
		if !s.Time().Before(starts) {
			return ev, app.ConflictField("cancel", "This session has started: it takes no more bookings or cancellations")
		}
		var was string
		err = tx.QueryRow(ctx, `UPDATE training_booking b SET status = 'cancelled' FROM training_booking old
			WHERE b.id = old.id AND b.session_id = $1 AND b.user_id = $2 AND b.status IN ('booked', 'waiting') RETURNING old.status`,
			sessionID, a.UserID).Scan(&was)
		if errors.Is(err, pgx.ErrNoRows) {
			return ev, ErrNoBooking
		}
		if err != nil {
			return ev, err
		}
		ev.Detail = "was " + was
		if was != "booked" {
			return ev, nil
		}
		var next int64
		err = tx.QueryRow(ctx, `UPDATE training_booking SET status = 'booked' WHERE id = (SELECT id FROM training_booking
			WHERE session_id = $1 AND status = 'waiting' ORDER BY booked_at, id LIMIT 1) RETURNING user_id`, sessionID).Scan(&next)
		if errors.Is(err, pgx.ErrNoRows) {
			return ev, nil
		}
		if err != nil {
			return ev, err
		}
		handed = true
		ev.Detail += "; place given to the first on the waiting list"
		return ev, s.tellOfPlace(ctx, tx, partnershipID, sessionID, next, starts)
	})
	return handed, err
}

// tellOfPlace tells the person next on a session's waiting list, inside tx, that they have a
// place: the date and a link, never more.
func (s *Service) tellOfPlace(ctx context.Context, tx pgx.Tx, partnershipID, sessionID, userID int64, starts time.Time) error {
	return s.tellOfSession(ctx, tx, partnershipID, sessionID, starts, "You have a place on a training session",
		"A place has come free on the training session of %s, and it is yours: you were first on the waiting list.", userID)
}

// tellOfSession sends people, inside tx, a notice of the session starting at starts
// (notices.TrainingPlace, as they chose to hear it; at once when it is soon): subject, line (whose
// %s is the session's date and time) and a link to the session.
func (s *Service) tellOfSession(ctx context.Context, tx pgx.Tx, partnershipID, sessionID int64, starts time.Time, subject, line string, people ...int64) error {
	slug, err := notices.Slug(ctx, tx, partnershipID)
	if err != nil {
		return err
	}
	day := starts.In(app.London).Format("Monday 2 January 2006") + " at " + app.Clock(starts)
	return notices.Send(ctx, tx, s.BaseURL, notices.Notice{Kind: notices.TrainingPlace, Subject: subject, Urgent: s.soon(starts),
		Line: fmt.Sprintf(line, day), Prompt: "See the session, or cancel if you can no longer come", Link: s.BaseURL + paths.TrainingSession(slug, sessionID)}, people...)
}

// soon reports whether a session starting at starts is too close for a daily digest to tell its
// people in time: within two days, its notices go at once whatever they chose.
func (s *Service) soon(starts time.Time) bool { return starts.Sub(s.Time()) < 48*time.Hour }

// tellOfMove tells those booked on a session, or waiting for a place, that its day, times or place
// changed (notices.TrainingPlace, as they chose to hear it; at once when it is soon): the new date
// and a link, never more.
func (s *Service) tellOfMove(ctx context.Context, tx pgx.Tx, partnershipID, sessionID int64, starts time.Time) error {
	people, err := database.Values[int64](ctx, tx, "training: people to tell of a move", `SELECT user_id FROM training_booking
		WHERE session_id = $1 AND status IN ('booked', 'waiting') ORDER BY id LIMIT $2`, sessionID, maxBookings)
	if err != nil {
		return err
	}
	return s.tellOfSession(ctx, tx, partnershipID, sessionID, starts, "A training session you booked has changed",
		"The training session you booked (or are waiting for) has changed: it is now on %s. See where it is on its page.", people...)
}

// Booking is a booking on a session, as the session's list of bookings shows it.
type Booking struct {
	ID           int64
	UserID       int64
	Name         string
	Organisation string
	Status       string
	Attended     *bool
	BookedAt     time.Time
}

// Bookings returns a session's bookings, cancelled ones left out: places first, then the waiting
// list in its order, in one query.
func (s *Service) Bookings(ctx context.Context, sessionID int64) ([]Booking, error) {
	return database.All[Booking](ctx, s.DB, "training: bookings", `SELECT b.id, b.user_id, u.name, coalesce(o.name, ''), b.status, b.attended,
		b.booked_at
		FROM training_booking b JOIN app_user u ON u.id = b.user_id LEFT JOIN organisation o ON o.id = u.organisation_id
		WHERE b.session_id = $1 AND b.status <> 'cancelled' ORDER BY b.status, b.booked_at, b.id LIMIT $2`, sessionID, maxBookings)
}

// Mine returns the acting person's booking of a session, cancelled or not; nil for none.
func (s *Service) Mine(ctx context.Context, sessionID, userID int64) (*Booking, error) {
	list, err := database.All[Booking](ctx, s.DB, "training: my booking", `SELECT b.id, b.user_id, '', '', b.status, b.attended, b.booked_at
		FROM training_booking b WHERE b.session_id = $1 AND b.user_id = $2`,
		sessionID, userID)
	if err != nil || len(list) == 0 {
		return nil, err
	}
	return &list[0], nil
}

// RecordAttendance records who of those with a place came to a session that has started: the
// bookings named in attended came, the others did not. Once someone has come, the training need
// the course meets is delivered.
func (s *Service) RecordAttendance(ctx context.Context, a app.Actor, partnershipID, sessionID int64, attended []int64) error {
	return app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: audit.TrainingAttendance, ObjectType: "training_session", ObjectID: sessionID}
		_, starts, err := lockSession(ctx, tx, partnershipID, sessionID)
		if err != nil {
			return ev, err
		}
		if s.Time().Before(starts) {
			return ev, ErrNotStarted
		}
		var came, absent int
		if err := tx.QueryRow(ctx, `WITH u AS (UPDATE training_booking SET attended = (id = ANY($2)) WHERE session_id = $1 AND status = 'booked'
			RETURNING attended) SELECT count(*) FILTER (WHERE attended), count(*) FILTER (WHERE NOT attended) FROM u`, sessionID, attended).Scan(&came, &absent); err != nil {
			return ev, err
		}
		if came > 0 {
			if _, err := tx.Exec(ctx, `UPDATE training_need n SET status = 'delivered', version = n.version + 1 FROM training_session s
				JOIN training_course c ON c.id = s.course_id WHERE s.id = $1 AND n.id = c.need_id AND n.status <> 'delivered' AND n.closed_at IS NULL`, sessionID); err != nil {
				return ev, err
			}
		}
		ev.Detail = strconv.Itoa(came) + " attended, " + strconv.Itoa(absent) + " did not"
		return ev, nil
	})
}
