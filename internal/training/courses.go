package training

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
)

// Course is a course of the programme as the business unit's list shows it.
type Course struct {
	ID          int64
	Title       string
	Audience    string
	Sessions    int
	NextSession *time.Time
}

// Courses returns page p of the partnership's courses by title, with how many sessions each has
// and the next, in one query.
func (s *Service) Courses(ctx context.Context, partnershipID int64, p app.Page) (app.Paged[Course], error) {
	rows, err := database.All[Course](ctx, s.DB, "training: courses", `SELECT c.id, c.title, c.audience,
		(SELECT count(*) FROM training_session s WHERE s.course_id = c.id)::int,
		(SELECT min(s.starts_at) FROM training_session s WHERE s.course_id = c.id AND s.starts_at >= $2)
		FROM training_course c WHERE c.partnership_id = $1 ORDER BY c.title, c.id LIMIT $3 OFFSET $4`,
		partnershipID, s.Time(), p.Limit(), p.Offset())
	return app.PageOf(rows, p), err
}

// CourseDetail is a course with the need it meets, the recommendations it serves and its
// sessions.
type CourseDetail struct {
	ID              int64
	Title           string
	Description     string
	Audience        string
	Need            string // the training need it meets; "" for none
	NeedID          *int64
	Recommendations []Reference
	Sessions        []Session
	Version         int
}

// Course returns one of the partnership's courses with all that hangs on it, in three queries.
func (s *Service) Course(ctx context.Context, partnershipID, id int64) (CourseDetail, error) {
	var d CourseDetail
	err := s.DB.QueryRow(ctx, `SELECT c.id, c.title, c.description, c.audience, coalesce(n.description, ''), c.need_id, c.version
		FROM training_course c LEFT JOIN training_need n ON n.id = c.need_id WHERE c.partnership_id = $1 AND c.id = $2`, partnershipID, id).
		Scan(&d.ID, &d.Title, &d.Description, &d.Audience, &d.Need, &d.NeedID, &d.Version)
	if errors.Is(err, pgx.ErrNoRows) {
		return d, ErrNotFound
	}
	if err != nil {
		return d, err
	}
	if d.Recommendations, err = servedBy(ctx, s.DB, id); err != nil {
		return d, err
	}
	d.Sessions, err = database.All[Session](ctx, s.DB, "training: course sessions", sessionSelect+` WHERE s.course_id = $1
		ORDER BY s.starts_at, s.id LIMIT $2`, id, maxSessions)
	return d, err
}

// Choices are what a course may name: the partnership's recommendations still being worked on
// and its training needs not yet delivered, newest first, bounded.
type Choices struct {
	Recommendations app.Choices
	Needs           app.Choices
}

// CourseChoices returns what a course may name, in two queries: for a new course (course 0), the
// newest candidates; for course, also everything it names already, however old, so that saving it
// drops nothing unseen (a course names at most maxChoices recommendations).
func (s *Service) CourseChoices(ctx context.Context, partnershipID, course int64) (Choices, error) {
	var c Choices
	var err error
	c.Recommendations, err = database.All[app.Choice](ctx, s.DB, "training: recommendation choices", `SELECT id::text, title FROM (
		(SELECT r.id, r.title, r.created_at FROM training_course_recommendation x JOIN recommendation r ON r.id = x.recommendation_id
		 WHERE x.course_id = $3 AND x.partnership_id = $1)
		UNION
		(SELECT id, title, created_at FROM recommendation WHERE partnership_id = $1 AND status IN ('open', 'in_progress', 'implemented')
		 ORDER BY created_at DESC, id DESC LIMIT $2)) c
		ORDER BY created_at DESC, id DESC`, partnershipID, maxChoices, course)
	if err != nil {
		return c, err
	}
	c.Needs, err = database.All[app.Choice](ctx, s.DB, "training: need choices", `SELECT id::text, description FROM (
		(SELECT n.id, n.description, n.created_at FROM training_course c JOIN training_need n ON n.id = c.need_id
		 WHERE c.id = $3 AND c.partnership_id = $1)
		UNION
		(SELECT id, description, created_at FROM training_need WHERE partnership_id = $1 AND status <> 'delivered' AND closed_at IS NULL
		 ORDER BY created_at DESC, id DESC LIMIT $2)) n
		ORDER BY created_at DESC, id DESC`, partnershipID, maxChoices, course)
	return c, err
}

// CourseInput is a course as the form gives it: a new one, or a change to one at Version.
type CourseInput struct {
	Title           string
	Description     string
	Audience        string
	NeedID          *int64  // the training need it meets, if any
	Recommendations []int64 // the recommendations it serves
	Version         int     // the version changed; 0 for a new course
}

// Validate checks a course, with messages in the form's order.
func (in CourseInput) Validate() error {
	var p app.Problems
	p.Words("title", in.Title, 200, "Enter the course's title", "The title must be 200 characters or fewer")
	p.Words("description", in.Description, 5000, "", "The description must be 5,000 characters or fewer")
	p.Words("audience", in.Audience, 500, "", "Who it is for must be 500 characters or fewer")
	if len(in.Recommendations) > maxChoices {
		p.Add("recommendations", "Choose at most 200 recommendations")
	}
	return p.Err()
}

// CreateCourse adds a course to the programme; a training need it meets is planned from then on.
func (s *Service) CreateCourse(ctx context.Context, a app.Actor, partnershipID int64, in CourseInput) (int64, error) {
	return app.Create(ctx, s.DB, a, in.Validate(), func(tx pgx.Tx) (int64, app.Event, error) {
		var id int64
		ev := app.Event{Action: audit.TrainingCourseCreate, ObjectType: "training_course"}
		err := tx.QueryRow(ctx, `INSERT INTO training_course (partnership_id, title, description, audience, need_id, created_by)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, partnershipID, strings.TrimSpace(in.Title), strings.TrimSpace(in.Description),
			strings.TrimSpace(in.Audience), in.NeedID, a.ID()).Scan(&id)
		if err != nil {
			return id, ev, app.OnForeignKey(err, "need", "Choose the training need from the list")
		}
		ev.ObjectID = id
		ev.Detail, err = serve(ctx, tx, partnershipID, id, in, nil)
		return id, ev, err
	})
}

// serve makes course serve in's recommendations (and no others), and plans the training need it
// meets if that is open; a need newly chosen (not the course's prior one) must not be closed, as
// it may have been since the form was opened. It returns the audit record's detail.
func serve(ctx context.Context, tx pgx.Tx, partnershipID, course int64, in CourseInput, prior *int64) (string, error) {
	if in.NeedID != nil && (prior == nil || *prior != *in.NeedID) {
		var closed bool
		err := tx.QueryRow(ctx, `SELECT closed_at IS NOT NULL FROM training_need WHERE partnership_id = $1 AND id = $2`, partnershipID, *in.NeedID).Scan(&closed)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return "", app.InvalidField("need", "Choose the training need from the list")
		case err != nil:
			return "", err
		case closed:
			return "", app.ConflictField("need", "That training need has been closed since the page was opened: choose another, or none")
		}
	}
	if _, err := tx.Exec(ctx, `DELETE FROM training_course_recommendation WHERE course_id = $1 AND NOT (recommendation_id = ANY(coalesce($2::bigint[], '{}')))`,
		course, in.Recommendations); err != nil {
		return "", err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO training_course_recommendation (course_id, partnership_id, recommendation_id)
		SELECT $1, $2, unnest($3::bigint[]) ON CONFLICT DO NOTHING`, course, partnershipID, in.Recommendations); err != nil {
		return "", app.OnForeignKey(err, "recommendations", "Choose the recommendations from the list")
	}
	if in.NeedID != nil {
		if _, err := tx.Exec(ctx, `UPDATE training_need SET status = 'planned', version = version + 1 WHERE id = $1 AND status = 'open' AND closed_at IS NULL`, *in.NeedID); err != nil {
			return "", err
		}
	}
	return "serves " + strconv.Itoa(len(in.Recommendations)) + " recommendations", nil
}

// SessionInput is a session of a course as the form gives it: its day, its times in England
// ("9:30", "14:00"), and its capacity as typed; a new one, or a change to one at Version.
type SessionInput struct {
	Kind     string
	Day      time.Time
	Starts   string
	Ends     string
	Place    string
	Trainer  string
	Capacity string
	Version  int // the version changed; 0 for a new session
}

// parseClock reads a time of day typed as "9:30", "09.30" or "14:00".
func parseClock(s string) (h, m int, ok bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ".", ":")
	hh, mm, found := strings.Cut(s, ":")
	if !found || len(hh) == 0 || len(hh) > 2 || len(mm) != 2 {
		return 0, 0, false
	}
	h, err1 := strconv.Atoi(hh)
	m, err2 := strconv.Atoi(mm)
	if err1 != nil || err2 != nil || h < 0 || h > 23 || m < 0 || m > 59 {
		return 0, 0, false
	}
	return h, m, true
}

// times returns the session's start and end as instants, from its day and times in England.
func (in SessionInput) times() (start, end time.Time, ok bool) {
	sh, sm, ok1 := parseClock(in.Starts)
	eh, em, ok2 := parseClock(in.Ends)
	if !ok1 || !ok2 || in.Day.IsZero() {
		return start, end, false
	}
	y, mo, d := in.Day.Date()
	return time.Date(y, mo, d, sh, sm, 0, 0, app.London), time.Date(y, mo, d, eh, em, 0, 0, app.London), true
}

// capacity reads the number of places: a whole number from 1 to 1,000.
func (in SessionInput) capacity() (int, bool) {
	n, err := strconv.Atoi(strings.TrimSpace(in.Capacity))
	return n, err == nil && n >= 1 && n <= 1000
}

// Validate checks a session, with messages in the form's order.
func (in SessionInput) Validate() error {
	var p app.Problems
	p.OneOf("kind", Kinds, in.Kind, "Choose whether it is a course or a learning event")
	if in.Day.IsZero() {
		p.Add("day-day", "Enter the day of the session")
	}
	if _, _, ok := parseClock(in.Starts); !ok {
		p.Add("starts", "Enter the time it starts, like 9:30")
	}
	if _, _, ok := parseClock(in.Ends); !ok {
		p.Add("ends", "Enter the time it ends, like 16:00")
	} else if start, end, ok := in.times(); ok && !end.After(start) {
		p.Add("ends", "The session must end after it starts")
	}
	p.Words("place", in.Place, 300, "Enter where it takes place", "The place must be 300 characters or fewer")
	p.Words("trainer", in.Trainer, 300, "Enter who leads it", "The trainer must be 300 characters or fewer")
	if _, ok := in.capacity(); !ok {
		p.Add("capacity", "Enter the number of places, a whole number from 1 to 1,000")
	}
	return p.Err()
}

// AddSession adds a session to one of the partnership's courses.
func (s *Service) AddSession(ctx context.Context, a app.Actor, partnershipID, courseID int64, in SessionInput) (int64, error) {
	if err := in.Validate(); err != nil {
		return 0, err
	}
	start, end, _ := in.times()
	places, _ := in.capacity()
	var id int64
	err := app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		err := tx.QueryRow(ctx, `INSERT INTO training_session (partnership_id, course_id, kind, starts_at, ends_at, place, trainer, capacity)
			SELECT c.partnership_id, c.id, $3, $4, $5, $6, $7, $8 FROM training_course c WHERE c.partnership_id = $1 AND c.id = $2
			RETURNING id`, partnershipID, courseID, in.Kind, start, end, strings.TrimSpace(in.Place), strings.TrimSpace(in.Trainer), places).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			return app.Event{}, ErrNotFound
		}
		return app.Event{Action: audit.TrainingSessionAdd, ObjectType: "training_session", ObjectID: id,
			Detail: "course " + strconv.FormatInt(courseID, 10) + ", " + in.Kind + ", " + start.Format(time.DateOnly) + ", " + strconv.Itoa(places) + " places"}, err
	})
	return id, err
}
