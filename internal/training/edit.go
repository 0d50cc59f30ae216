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
)

// SaveCourse changes one of the partnership's courses, if it is still at in.Version: its title,
// description, audience, the training need it meets and the recommendations it serves (evidence
// already recorded on a recommendation no longer served stays where it is). A planned need it no
// longer meets, which no other course meets, is open again.
func (s *Service) SaveCourse(ctx context.Context, a app.Actor, partnershipID, id int64, in CourseInput) error {
	return app.ChangeChecked(ctx, s.DB, a, in.Validate(), func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: audit.TrainingCourseSave, ObjectType: "training_course", ObjectID: id}
		var version int
		var need *int64 // the need it met before
		err := tx.QueryRow(ctx, `SELECT version, need_id FROM training_course WHERE partnership_id = $1 AND id = $2 FOR UPDATE`, partnershipID, id).
			Scan(&version, &need)
		if err := lockedAt(err, version, in.Version, "title", "changed this course"); err != nil {
			return ev, err
		}
		if _, err := tx.Exec(ctx, `UPDATE training_course SET title = $3, description = $4, audience = $5, need_id = $6, version = version + 1
			WHERE partnership_id = $1 AND id = $2`, partnershipID, id, strings.TrimSpace(in.Title), strings.TrimSpace(in.Description),
			strings.TrimSpace(in.Audience), in.NeedID); err != nil {
			return ev, app.OnForeignKey(err, "need", "Choose the training need from the list")
		}
		if ev.Detail, err = serve(ctx, tx, partnershipID, id, in, need); err != nil {
			return ev, err
		}
		// A need the course no longer meets, and no other course does, is open again.
		if need != nil && (in.NeedID == nil || *in.NeedID != *need) {
			_, err = tx.Exec(ctx, `UPDATE training_need SET status = 'open', version = version + 1 WHERE id = $1 AND status = 'planned' AND closed_at IS NULL
				AND NOT EXISTS (SELECT 1 FROM training_course WHERE need_id = $1)`, *need)
		}
		return ev, err
	})
}

// errFewerPlaces refuses a capacity below the booked places already taken.
func errFewerPlaces(booked int) error {
	taken := strconv.Itoa(booked) + " places are"
	if booked == 1 {
		taken = "1 place is"
	}
	return app.InvalidField("capacity", taken+" booked already: the number of places cannot be fewer (cancel bookings first)")
}

// SaveSession changes one of the partnership's sessions, if it is still at in.Version: its kind,
// day and times, place, trainer and capacity, which cannot go below the places booked. Before the
// session, those booked or waiting are told when its day, times or place change, and places a
// larger capacity frees go to the waiting list in its order, each told as when a place is given up.
// The session's row is locked, as when a place is booked.
func (s *Service) SaveSession(ctx context.Context, a app.Actor, partnershipID, id int64, in SessionInput) error {
	start, end, _ := in.times()
	places, _ := in.capacity()
	return app.ChangeChecked(ctx, s.DB, a, in.Validate(), func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: audit.TrainingSessionSave, ObjectType: "training_session", ObjectID: id,
			Detail: in.Kind + ", " + start.Format(time.DateOnly) + ", " + strconv.Itoa(places) + " places"}
		var version, booked int
		var was struct {
			start, end time.Time
			place      string
		}
		err := tx.QueryRow(ctx, `SELECT s.version, (SELECT count(*) FROM training_booking b WHERE b.session_id = s.id AND b.status = 'booked')::int,
			s.starts_at, s.ends_at, s.place
			FROM training_session s WHERE s.partnership_id = $1 AND s.id = $2 FOR UPDATE`, partnershipID, id).
			Scan(&version, &booked, &was.start, &was.end, &was.place)
		if err := lockedAt(err, version, in.Version, "kind", "changed this session"); err != nil {
			return ev, err
		}
		if places < booked {
			return ev, errFewerPlaces(booked)
		}
		if _, err := tx.Exec(ctx, `UPDATE training_session SET kind = $3, starts_at = $4, ends_at = $5, place = $6, trainer = $7, capacity = $8,
			version = version + 1 WHERE partnership_id = $1 AND id = $2`, partnershipID, id, in.Kind, start, end,
			strings.TrimSpace(in.Place), strings.TrimSpace(in.Trainer), places); err != nil {
			return ev, err
		}
		if !s.Time().Before(start) {
			return ev, nil
		}
		if !was.start.Equal(start) || !was.end.Equal(end) || was.place != strings.TrimSpace(in.Place) {
			if err := s.tellOfMove(ctx, tx, partnershipID, id, start); err != nil {
				return ev, err
			}
			ev.Detail += "; moved, its people told"
		}
		if places == booked {
			return ev, nil
		}
		rows, err := tx.Query(ctx, `UPDATE training_booking SET status = 'booked' WHERE id IN (SELECT id FROM training_booking
			WHERE session_id = $1 AND status = 'waiting' ORDER BY booked_at, id LIMIT $2) RETURNING user_id`, id, places-booked)
		if err != nil {
			return ev, err
		}
		moved, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return ev, err
		}
		for _, u := range moved {
			if err := s.tellOfPlace(ctx, tx, partnershipID, id, u, start); err != nil {
				return ev, err
			}
		}
		if len(moved) > 0 {
			ev.Detail += "; " + strconv.Itoa(len(moved)) + " given places from the waiting list"
		}
		return ev, nil
	})
}

// EvaluationFigures are what a session's evaluations say together: how many, how confident the
// attendees were before and after (on average, and how many more, as or less confident), and
// their answers three months on.
type EvaluationFigures struct {
	Count                    int
	AverageBefore            float64
	AverageAfter             float64
	More, Same, Less         int
	Changed, Partly, Unmoved int // practice changed: yes, partly, no
}

// SessionEvaluation is one attendee's evaluation as those who run the programme read it: never
// their name (docs/decisions.md: evaluations are read anonymously).
type SessionEvaluation struct {
	Before, After int16
	Comment       string
	Changed       *string
	Note          string
}

// MinEvaluationsShown is how many evaluations a session needs before each one is shown: below it,
// one comment could be told apart as one attendee's (the session's bookings name who came), so
// only the figures are.
const MinEvaluationsShown = 3

// Evaluations returns the figures of a session's evaluations and page p of them, in two queries,
// each evaluation in an order that follows neither bookings nor time; with fewer than
// MinEvaluationsShown evaluations, the figures alone.
// The caller has found the session in the partnership.
func (s *Service) Evaluations(ctx context.Context, sessionID int64, p app.Page) (EvaluationFigures, app.Paged[SessionEvaluation], error) {
	var f EvaluationFigures
	err := s.DB.QueryRow(ctx, `SELECT count(*)::int, coalesce(avg(e.confidence_before), 0)::float8, coalesce(avg(e.confidence_after), 0)::float8,
		count(*) FILTER (WHERE e.confidence_after > e.confidence_before)::int, count(*) FILTER (WHERE e.confidence_after = e.confidence_before)::int,
		count(*) FILTER (WHERE e.confidence_after < e.confidence_before)::int,
		count(*) FILTER (WHERE e.practice_changed = 'yes')::int, count(*) FILTER (WHERE e.practice_changed = 'partly')::int,
		count(*) FILTER (WHERE e.practice_changed = 'no')::int
		FROM training_booking b JOIN training_evaluation e ON e.booking_id = b.id WHERE b.session_id = $1`, sessionID).
		Scan(&f.Count, &f.AverageBefore, &f.AverageAfter, &f.More, &f.Same, &f.Less, &f.Changed, &f.Partly, &f.Unmoved)
	if err != nil {
		return f, app.Paged[SessionEvaluation]{}, fmt.Errorf("training: evaluation figures: %w", err)
	}
	if f.Count < MinEvaluationsShown {
		return f, app.PageOf([]SessionEvaluation(nil), p), nil
	}
	rows, err := database.All[SessionEvaluation](ctx, s.DB, "training: evaluations", `SELECT e.confidence_before, e.confidence_after, e.comment,
		e.practice_changed, e.follow_up_note
		FROM training_booking b JOIN training_evaluation e ON e.booking_id = b.id WHERE b.session_id = $1
		ORDER BY md5(e.booking_id::text), e.booking_id LIMIT $2 OFFSET $3`, sessionID, p.Limit(), p.Offset())
	return f, app.PageOf(rows, p), err
}

// lockedAt is what the read of a course's or session's row, locked to be saved, means for the
// save: ErrNotFound when there is no such row, the read's own error, or, when someone saved it
// since the form was opened at version want, a stale-version error on field that says they
// "changed" it (what); nil when the save may go ahead.
func lockedAt(err error, version, want int, field, what string) error {
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return ErrNotFound
	case err != nil:
		return err
	case version != want:
		return app.Stale(field, what, "", version)
	}
	return nil
}
