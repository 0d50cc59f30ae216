// Package training is the partnership's training programme and its evaluation: training needs
// moving from open through planned and commissioned to delivered; courses, each serving some of
// learning's recommendations; sessions of a course with dates, a place, a trainer and a capacity
// (a learning event is a session of its own kind, booked the same way); places booked, a waiting
// list, cancellations handing the place on; attendance; and each attendee's evaluation, with a
// follow-up three months on. Evaluations are evidence of impact on the recommendations the course
// serves (learning.AddEvidence, kind training_evaluation), so the golden thread runs from a
// practitioner's request to the training that changed practice.
package training

import (
	"context"
	"time"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/database"
)

// Errors of the programme's records.
var (
	ErrNotFound = app.NotFoundError("training record not found")
)

// Kinds of session: a course day, or one of the business unit's learning events.
var Kinds = app.Choices{{Value: "course", Label: "Course"}, {Value: "learning_event", Label: "Learning event"}}

// NeedStatuses are where a training need is, in the order it moves through them.
var NeedStatuses = app.Choices{{Value: "open", Label: "Open"}, {Value: "planned", Label: "Planned"},
	{Value: "commissioned", Label: "Commissioned"}, {Value: "delivered", Label: "Delivered"}}

// Bounds of the lists a page shows whole: a course's sessions, a session's bookings, the choices
// of a form. A year's programme has a few dozen sessions of a few dozen places.
const (
	maxSessions = 200
	maxBookings = 2000
	maxChoices  = 200
)

// Service reads and changes the training programme. The caller has asked the access policy first.
type Service struct {
	app.Env // the database, the portal's address and the clock
}

// Session is a session of the programme as a list shows it, with the places taken.
type Session struct {
	ID          int64
	CourseID    int64
	CourseTitle string
	Kind        string
	StartsAt    time.Time
	EndsAt      time.Time
	Place       string
	Trainer     string
	Capacity    int
	Booked      int
	Waiting     int
}

// PlacesLeft is how many places are still free.
func (s Session) PlacesLeft() int { return max(0, s.Capacity-s.Booked) }

// Started reports whether the session has begun at now: it takes no more bookings, and its
// attendance may be recorded.
func (s Session) Started(now time.Time) bool { return !now.Before(s.StartsAt) }

const sessionSelect = `SELECT s.id, s.course_id, c.title, s.kind, s.starts_at, s.ends_at, s.place, s.trainer, s.capacity,
	(SELECT count(*) FROM training_booking b WHERE b.session_id = s.id AND b.status = 'booked')::int,
	(SELECT count(*) FROM training_booking b WHERE b.session_id = s.id AND b.status = 'waiting')::int
	FROM training_session s JOIN training_course c ON c.id = s.course_id`

// Programme returns page p of the partnership's sessions from the day from onwards, soonest
// first, in one query: the public programme.
func (s *Service) Programme(ctx context.Context, partnershipID int64, from time.Time, p app.Page) (app.Paged[Session], error) {
	rows, err := database.All[Session](ctx, s.DB, "training: programme", sessionSelect+` WHERE s.partnership_id = $1 AND s.starts_at >= $2
		ORDER BY s.starts_at, s.id LIMIT $3 OFFSET $4`, partnershipID, from, p.Limit(), p.Offset())
	return app.PageOf(rows, p), err
}

// Upcoming returns at most limit of the partnership's sessions starting in [from, to), soonest
// first, in one query, through q (the pool, or another domain's transaction): the dates the
// monthly e-bulletin announces (bulletins.Sources), public as the programme is.
func Upcoming(ctx context.Context, q database.Querier, partnershipID int64, from, to time.Time, limit int) ([]Session, error) {
	return database.All[Session](ctx, q, "training: upcoming", sessionSelect+` WHERE s.partnership_id = $1 AND s.starts_at >= $2 AND s.starts_at < $3
		ORDER BY s.starts_at, s.id LIMIT $4`, partnershipID, from, to, min(limit, maxSessions))
}

// Reference is a record another names: a recommendation a course serves, a training need.
type Reference struct {
	ID    int64
	Title string
}

// SessionDetail is a session with its course's description and what the course serves.
type SessionDetail struct {
	Session
	Description     string
	Audience        string
	Recommendations []Reference
	Version         int
}

// Session returns one of the partnership's sessions with its course, in two queries.
func (s *Service) Session(ctx context.Context, partnershipID, id int64) (SessionDetail, error) {
	var d SessionDetail
	var err error
	d.Session, err = database.One[Session](ctx, s.DB, ErrNotFound, "training: session", sessionSelect+` WHERE s.partnership_id = $1 AND s.id = $2`, partnershipID, id)
	if err != nil {
		return d, err
	}
	if err := s.DB.QueryRow(ctx, `SELECT c.description, c.audience, s.version FROM training_session s JOIN training_course c ON c.id = s.course_id
		WHERE s.id = $1`, id).Scan(&d.Description, &d.Audience, &d.Version); err != nil {
		return d, err
	}
	d.Recommendations, err = servedBy(ctx, s.DB, d.CourseID)
	return d, err
}

// servedBy returns the recommendations course serves, in one query.
func servedBy(ctx context.Context, q database.Querier, course int64) ([]Reference, error) {
	return database.All[Reference](ctx, q, "training: recommendations served", `SELECT r.id, r.title FROM training_course_recommendation x
		JOIN recommendation r ON r.id = x.recommendation_id WHERE x.course_id = $1 ORDER BY r.id LIMIT $2`, course, maxChoices)
}
