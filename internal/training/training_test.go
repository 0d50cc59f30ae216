package training_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/learning"
	"github.com/scp-portal/portal/internal/overview"
	"github.com/scp-portal/portal/internal/seed"
	"github.com/scp-portal/portal/internal/testkit"
	"github.com/scp-portal/portal/internal/training"
)

func TestMain(m *testing.M) { testkit.Main(m) }

// newProgramme seeds the demo partnerships at now and returns the training service, on the clock
// the test moves, and the business unit of the first partnership, who runs the programme.
func newProgramme(t *testing.T, now time.Time, clock func() time.Time) (context.Context, *pgxpool.Pool, *training.Service, app.Actor) {
	t.Helper()
	ctx := context.Background()
	db := testkit.NewDB(t)
	if _, err := seed.Demo(ctx, db, testkit.DemoPassword, now, false); err != nil {
		t.Fatal(err)
	}
	s := &training.Service{Env: app.Env{DB: db, Now: clock, BaseURL: "https://portal.example"}}
	return ctx, db, s, testkit.MustActor(t, db, "business-unit@hsscp.example", now, "192.0.2.1")
}

// scrutinyRecommendation is a recommendation titled title of a new scrutiny report of the
// partnership pid, due on due, for a course to serve.
func scrutinyRecommendation(t *testing.T, db *pgxpool.Pool, pid int64, title string, due time.Time) int64 {
	t.Helper()
	return int64(testkit.MustQueryInt(t, db, `WITH s AS (INSERT INTO scrutiny_report (partnership_id, title, report_on, findings)
		VALUES ($1, 'Scrutiny', $2, 'Found') RETURNING id) INSERT INTO recommendation (partnership_id, scrutiny_report_id, title, owner_org_id, due_on)
		SELECT $1, s.id, $3, (SELECT min(id) FROM organisation WHERE partnership_id = $1), $2 FROM s RETURNING id`, pid, due, title))
}

// trainingNeed is a new training need of the partnership pid.
func trainingNeed(t *testing.T, db *pgxpool.Pool, pid int64, description string) int64 {
	t.Helper()
	return int64(testkit.MustQueryInt(t, db, `INSERT INTO training_need (partnership_id, description) VALUES ($1, $2) RETURNING id`, pid, description))
}

// A course serving a recommendation is planned for a training need, a session of it is booked
// to its last place (two people asking at once get one place and one place on the waiting list),
// a cancellation hands the place on with an e-mail, attendance is recorded (the need is then
// delivered), the attendee evaluates the session and, three months on, answers the follow-up
// they were invited to once: both answers are evidence of impact on the recommendation.
func TestACourseIsBookedAttendedAndEvaluatedAsEvidenceOfImpact(t *testing.T) {
	now := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	clock := now
	ctx, db, s, bu := newProgramme(t, now, func() time.Time { return clock })
	priya := testkit.MustActor(t, db, "practitioner@hsscp.example", now, "192.0.2.2")
	friend := testkit.MustActor(t, db, "critical-friend@hsscp.example", now, "192.0.2.3")
	exec := testkit.MustActor(t, db, "executive@hsscp.example", now, "192.0.2.4")
	pid := bu.Partnership
	rec := scrutinyRecommendation(t, db, pid, "Plan discharges together", now)
	need := trainingNeed(t, db, pid, "Discharge planning")

	// The course's and session's rules.
	_, err := s.CreateCourse(ctx, bu, pid, training.CourseInput{Title: " ", Description: "x\x00"})
	testkit.WantProblem(t, "no title", err, app.Invalid, "title", "Enter the course's title")
	testkit.WantProblem(t, "a NUL byte", err, app.Invalid, "description", "not text")
	course, err := s.CreateCourse(ctx, bu, pid, training.CourseInput{Title: "Hospital discharge planning", NeedID: &need, Recommendations: []int64{rec}})
	if err != nil {
		t.Fatal(err)
	}
	if got := testkit.MustQueryString(t, db, `SELECT status FROM training_need WHERE id = $1`, need); got != "planned" {
		t.Errorf("the need met by a new course is %s, want planned", got)
	}
	day := now.AddDate(0, 0, 14)
	_, err = s.AddSession(ctx, bu, pid, course, training.SessionInput{Kind: "lecture", Day: day, Starts: "25:00", Ends: "9:00",
		Capacity: "99999999999999999999"})
	testkit.WantProblem(t, "no kind", err, app.Invalid, "kind", "course or a learning event")
	testkit.WantProblem(t, "a time that is none", err, app.Invalid, "starts", "Enter the time it starts")
	testkit.WantProblem(t, "no place", err, app.Invalid, "place", "Enter where")
	testkit.WantProblem(t, "a huge capacity", err, app.Invalid, "capacity", "from 1 to 1,000")
	_, err = s.AddSession(ctx, bu, pid, course, training.SessionInput{Kind: "course", Day: day, Starts: "14:00", Ends: "9:30", Place: "x", Trainer: "y", Capacity: "1"})
	testkit.WantProblem(t, "an end before the start", err, app.Invalid, "ends", "end after it starts")
	if _, err := s.AddSession(ctx, bu, pid, 999999999, training.SessionInput{Kind: "course", Day: day, Starts: "9:30", Ends: "12:30",
		Place: "Civic Centre", Trainer: "Learning co-ordinator", Capacity: "1"}); app.KindOf(err) != app.NotFound {
		t.Errorf("a session of a course that does not exist: %v", err)
	}
	session, err := s.AddSession(ctx, bu, pid, course, training.SessionInput{Kind: "course", Day: day, Starts: "9:30", Ends: "12:30",
		Place: "Civic Centre, Hartlepool", Trainer: "Learning co-ordinator", Capacity: "1"})
	if err != nil {
		t.Fatal(err)
	}

	// Two people book the last place at once: the session's lock serves them one after the other.
	hold, err := db.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := hold.Exec(ctx, `SELECT 1 FROM training_session WHERE id = $1 FOR UPDATE`, session); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	got := make([]string, 2)
	for i, a := range []app.Actor{priya, friend} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			if got[i], err = s.Book(ctx, a, pid, session); err != nil {
				t.Error(err)
			}
		}()
	}
	time.Sleep(200 * time.Millisecond) // both are waiting for the lock
	if err := hold.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	if !(got[0] == "booked" && got[1] == "waiting" || got[0] == "waiting" && got[1] == "booked") {
		t.Fatalf("two people booking the last place at once got %v, want one place and one on the waiting list", got)
	}
	holder, waiter := priya, friend
	if got[0] == "waiting" {
		holder, waiter = friend, priya
	}
	_, err = s.Book(ctx, holder, pid, session)
	testkit.WantProblem(t, "booking twice", err, app.Conflict, "book", "already have a place")
	if st, err := s.Book(ctx, exec, pid, session); err != nil || st != "waiting" {
		t.Errorf("a third person: %s %v, want the waiting list", st, err)
	}

	// The holder cancels: the first on the waiting list gets the place and an e-mail.
	if handed, err := s.Cancel(ctx, holder, pid, session); err != nil || !handed {
		t.Fatalf("cancelling: handed on %v, %v", handed, err)
	}
	testkit.OneNotice(t, db, waiter.Email, "You have a place on a training session", "Hospital discharge")
	if n := len(testkit.Outbox(t, db, exec.Email)); n != 0 {
		t.Errorf("the second on the waiting list got %d e-mails", n)
	}
	_, err = s.Cancel(ctx, holder, pid, session)
	testkit.WantProblem(t, "cancelling twice", err, app.Conflict, "cancel", "no place")
	// Booking again after cancelling joins the end of the waiting list.
	if st, err := s.Book(ctx, holder, pid, session); err != nil || st != "waiting" {
		t.Errorf("booking again: %s %v", st, err)
	}

	// Attendance: only once the session has started.
	mine, err := s.Mine(ctx, session, waiter.UserID)
	if err != nil || mine == nil || mine.Status != "booked" {
		t.Fatalf("the waiter's booking: %+v %v", mine, err)
	}
	testkit.WantProblem(t, "attendance before the session", s.RecordAttendance(ctx, bu, pid, session, []int64{mine.ID}), app.Conflict, "attended", "once the session has started")
	testkit.WantProblem(t, "an evaluation before attending", s.Evaluate(ctx, waiter, pid, mine.ID, training.EvaluationInput{Before: "2", After: "4"}),
		app.Conflict, "confidence_before", "attendance has not been recorded")
	clock = day.Add(13 * time.Hour)
	_, err = s.Book(ctx, exec, pid, session)
	testkit.WantProblem(t, "a booking once started", err, app.Conflict, "book", "has started")
	if err := s.RecordAttendance(ctx, bu, pid, session, []int64{mine.ID}); err != nil {
		t.Fatal(err)
	}
	if got := testkit.MustQueryString(t, db, `SELECT status FROM training_need WHERE id = $1`, need); got != "delivered" {
		t.Errorf("the need once the course was attended is %s, want delivered", got)
	}

	// The evaluation: the booking is its attendee's alone; it is evidence of impact.
	testkit.WantProblem(t, "no confidence", s.Evaluate(ctx, waiter, pid, mine.ID, training.EvaluationInput{Before: "9"}), app.Invalid, "confidence_before", "Choose how confident")
	if err := s.Evaluate(ctx, exec, pid, mine.ID, training.EvaluationInput{Before: "2", After: "4"}); app.KindOf(err) != app.NotFound {
		t.Errorf("another's evaluation: %v", err)
	}
	if err := s.Evaluate(ctx, waiter, pid, mine.ID, training.EvaluationInput{Before: "2", After: "4", Comment: "Useful"}); err != nil {
		t.Fatal(err)
	}
	testkit.WantProblem(t, "evaluating twice", s.Evaluate(ctx, waiter, pid, mine.ID, training.EvaluationInput{Before: "2", After: "4"}),
		app.Conflict, "confidence_before", "already evaluated")
	ls := &learning.Service{Env: s.Env}
	d, err := ls.Recommendation(ctx, pid, rec)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range d.Evidence {
		found = found || e.Kind == "training_evaluation" && e.Rating == "green" && strings.Contains(e.Summary, "confidence 2 out of 5 before the session, 4 after")
	}
	if !found {
		t.Errorf("the evaluation is not evidence of impact on the recommendation: %+v", d.Evidence)
	}

	// The follow-up: not before three months; the invitation is sent once, by the job or the button.
	testkit.WantProblem(t, "a follow-up too soon", s.FollowUp(ctx, waiter, pid, mine.ID, training.FollowUpInput{Changed: "yes"}), app.Conflict, "changed", "from 14 March 2027")
	if n, err := training.SendFollowUps(ctx, db, app.Today(clock), s.BaseURL); err != nil || n != 0 {
		t.Errorf("follow-ups sent too soon: %d %v", n, err)
	}
	clock = day.AddDate(0, 3, 1)
	if n, err := s.InviteFollowUps(ctx, bu, pid); err != nil || n != 1 {
		t.Errorf("follow-ups invited: %d %v, want 1", n, err)
	}
	if n, err := training.SendFollowUps(ctx, db, app.Today(clock), s.BaseURL); err != nil || n != 0 {
		t.Errorf("follow-ups sent again by the job: %d %v", n, err)
	}
	testkit.OneNotice(t, db, waiter.Email, "Has your practice changed", "Hospital discharge")
	if n := testkit.MustCount(t, db, `training_evaluation WHERE booking_id = $1 AND follow_up_invited_at IS NOT NULL`, mine.ID); n != 1 {
		t.Error("the evaluation is not marked invited")
	}
	if err := s.FollowUp(ctx, waiter, pid, mine.ID, training.FollowUpInput{Changed: "partly", Note: "I now ring the health visitor"}); err != nil {
		t.Fatal(err)
	}
	testkit.WantProblem(t, "following up twice", s.FollowUp(ctx, waiter, pid, mine.ID, training.FollowUpInput{Changed: "yes"}), app.Conflict, "changed", "already said")
	if n := testkit.MustQueryInt(t, db, `SELECT count(*) FROM impact_evidence WHERE recommendation_id = $1 AND kind = 'training_evaluation'
		AND rating = 'amber' AND summary LIKE 'Three months after%partly.'`, rec); n != 1 {
		t.Errorf("the follow-up is not evidence of impact (%d)", n)
	}
	list, err := s.MyBookings(ctx, pid, waiter.UserID, app.FirstPage)
	if err != nil || len(list.Rows) == 0 || list.Rows[0].MayEvaluate() || list.Rows[0].MayFollowUp(app.Today(clock)) {
		t.Errorf("my bookings once followed up: %+v %v", list.Rows, err)
	}
	// The audit log holds no typed words.
	if n := testkit.MustQueryInt(t, db, `SELECT count(*) FROM audit_log WHERE action LIKE 'training%' AND (detail LIKE '%Useful%' OR detail LIKE '%health visitor%' OR detail LIKE '%Hospital%')`); n != 0 {
		t.Errorf("%d audit entries hold typed words", n)
	}
}

// A training need moves forward only, from the version its mover saw.
func TestATrainingNeedMovesForwardOnly(t *testing.T) {
	now := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	ctx, db, s, bu := newProgramme(t, now, func() time.Time { return now })
	id := trainingNeed(t, db, bu.Partnership, "Neglect")
	field := training.NeedField(id)
	testkit.WantProblem(t, "no status", s.MoveNeed(ctx, bu, bu.Partnership, id, training.NeedInput{Status: "done", Version: 1}), app.Invalid, field, "Choose where")
	if err := s.MoveNeed(ctx, bu, bu.Partnership, id, training.NeedInput{Status: "commissioned", Version: 1}); err != nil {
		t.Fatal(err)
	}
	testkit.WantProblem(t, "a stale move", s.MoveNeed(ctx, bu, bu.Partnership, id, training.NeedInput{Status: "delivered", Version: 1}), app.Conflict, field, "Someone else")
	testkit.WantProblem(t, "a move back", s.MoveNeed(ctx, bu, bu.Partnership, id, training.NeedInput{Status: "planned", Version: 2}), app.Conflict, field, "forward only")
	if err := s.MoveNeed(ctx, bu, bu.Partnership+1000, id, training.NeedInput{Status: "delivered", Version: 2}); app.KindOf(err) != app.NotFound {
		t.Errorf("another partnership's need: %v", err)
	}

	// The Engine Room closes a need, whatever stage it reached, with why and a short note, from the
	// version it saw; a closed need is closed once and moves on no further; the audit log has the
	// reason's code, not the note.
	er := testkit.MustActor(t, db, "engine-room@hsscp.example", now, "192.0.2.2")
	cf, nf := training.CloseField(id), training.CloseNoteField(id)
	err := s.CloseNeed(ctx, er, er.Partnership, id, training.CloseInput{Reason: "done", Note: strings.Repeat("x", training.MaxCloseNote+1), Version: 2})
	testkit.WantProblem(t, "no reason", err, app.Invalid, cf, "Choose why")
	testkit.WantProblem(t, "a long note", err, app.Invalid, nf, "500 characters or fewer")
	testkit.WantProblem(t, "no note", s.CloseNeed(ctx, er, er.Partnership, id, training.CloseInput{Reason: "met_by_course", Note: "  ", Version: 2}), app.Invalid, nf, "Say in a few words")
	testkit.WantProblem(t, "a note with a NUL byte", s.CloseNeed(ctx, er, er.Partnership, id, training.CloseInput{Reason: "met_by_course", Note: "ran\x00", Version: 2}),
		app.Invalid, nf, "not text")
	testkit.WantProblem(t, "a stale close", s.CloseNeed(ctx, er, er.Partnership, id, training.CloseInput{Reason: "met_by_course", Note: "Safer sleep course", Version: 1}),
		app.Conflict, cf, "Someone else")
	if err := s.CloseNeed(ctx, er, er.Partnership+1000, id, training.CloseInput{Reason: "met_by_course", Note: "Safer sleep course", Version: 2}); app.KindOf(err) != app.NotFound {
		t.Errorf("closing another partnership's need: %v", err)
	}
	if err := s.CloseNeed(ctx, er, er.Partnership, id, training.CloseInput{Reason: "met_by_course", Note: "Safer sleep course ran in October", Version: 2}); err != nil {
		t.Fatal(err)
	}
	// A need closed before it was planned leaves the Engine Room's count of needs to plan.
	open := int64(testkit.MustQueryInt(t, db, `INSERT INTO training_need (partnership_id, description) VALUES ($1, 'Neglect') RETURNING id`, bu.Partnership))
	toPlan := func() int {
		c, err := overview.EngineRoomCounts(ctx, db, er.Partnership, now)
		if err != nil {
			t.Fatal(err)
		}
		return c.TrainingNeeds
	}
	before := toPlan()
	if err := s.CloseNeed(ctx, er, er.Partnership, open, training.CloseInput{Reason: "no_longer_needed", Note: "Covered by the new procedures", Version: 1}); err != nil {
		t.Fatal(err)
	}
	if after := toPlan(); after != before-1 {
		t.Errorf("needs to plan after closing an open one: %d; want %d", after, before-1)
	}
	if got := testkit.MustQueryString(t, db, `SELECT status || ' ' || closed_reason || ' ' || closed_note || ' ' || (closed_by = $2) FROM training_need WHERE id = $1`,
		id, er.UserID); got != "commissioned met_by_course Safer sleep course ran in October true" {
		t.Errorf("the closed need: %q", got)
	}
	testkit.WantProblem(t, "closing twice", s.CloseNeed(ctx, er, er.Partnership, id, training.CloseInput{Reason: "no_longer_needed", Note: "x", Version: 3}),
		app.Conflict, cf, "closed already")
	testkit.WantProblem(t, "moving a closed need", s.MoveNeed(ctx, bu, bu.Partnership, id, training.NeedInput{Status: "delivered", Version: 3}), app.Conflict, field, "is closed")
	_, err = s.CreateCourse(ctx, bu, bu.Partnership, training.CourseInput{Title: "Neglect", NeedID: &id})
	testkit.WantProblem(t, "a course for a need closed since the form was opened", err, app.Conflict, "need", "has been closed")
	if c, err := s.CourseChoices(ctx, bu.Partnership, 0); err != nil || slices.ContainsFunc(c.Needs, func(n app.Choice) bool { return n.Value == strconv.FormatInt(id, 10) }) {
		t.Errorf("a new course is offered the closed need: %v", err)
	}
	if n := testkit.MustQueryInt(t, db, `SELECT count(*) FROM audit_log WHERE action = 'training-need.close' AND object_id = $1 AND detail = 'met_by_course'
		AND ip = '192.0.2.2'`, strconv.FormatInt(id, 10)); n != 1 {
		t.Errorf("%d audit records of the closing; want 1, with the reason's code", n)
	}
}

// Those who run the programme change a course and a session at the version they saw; a session's
// places never fall below those booked, and places a larger capacity frees go to the waiting list;
// a session's evaluations are read together and without names.
func TestACourseAndASessionAreChangedAndTheirEvaluationsRead(t *testing.T) {
	now := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	clock := now
	ctx, db, s, bu := newProgramme(t, now, func() time.Time { return clock })
	pid := bu.Partnership
	rec := scrutinyRecommendation(t, db, pid, "Grade neglect alike", now)
	need := trainingNeed(t, db, pid, "Graded care profile")
	course, err := s.CreateCourse(ctx, bu, pid, training.CourseInput{Title: "Neglect", NeedID: &need, Recommendations: []int64{rec}})
	if err != nil {
		t.Fatal(err)
	}
	// However many newer recommendations there are, the course's form offers the one it serves, so
	// that saving the form keeps it.
	if _, err := db.Exec(ctx, `INSERT INTO recommendation (partnership_id, scrutiny_report_id, title, owner_org_id, due_on, created_at)
		SELECT partnership_id, scrutiny_report_id, 'Newer ' || i, owner_org_id, due_on, created_at + make_interval(days => i)
		FROM recommendation, generate_series(1, 201) i WHERE id = $1`, rec); err != nil {
		t.Fatal(err)
	}
	if c, err := s.CourseChoices(ctx, pid, course); err != nil || !slices.ContainsFunc(c.Recommendations, func(o app.Choice) bool { return o.Value == strconv.FormatInt(rec, 10) }) {
		t.Errorf("the course's choices leave out the recommendation it serves among %d: %v", len(c.Recommendations), err)
	}
	in := training.CourseInput{Title: "Neglect: the graded care profile", Audience: "Social workers", Version: 7}
	testkit.WantProblem(t, "a stale course", s.SaveCourse(ctx, bu, pid, course, in), app.Conflict, "title", "Someone else changed this course")
	in.Version = 1
	if err := s.SaveCourse(ctx, bu, pid, course, in); err != nil {
		t.Fatal(err)
	}
	if d, err := s.Course(ctx, pid, course); err != nil || d.Title != in.Title || d.Audience != "Social workers" || len(d.Recommendations) != 0 || d.Version != 2 {
		t.Errorf("the course changed: %+v %v", d, err)
	}
	if st := testkit.MustQueryString(t, db, `SELECT status FROM training_need WHERE id = $1`, need); st != "open" {
		t.Errorf("the need the course no longer meets is %s, want open again", st)
	}
	if err := s.SaveCourse(ctx, bu, pid+1000, course, training.CourseInput{Title: "x", Version: 2}); app.KindOf(err) != app.NotFound {
		t.Errorf("another partnership's course: %v", err)
	}

	day := now.AddDate(0, 0, 7)
	sin := training.SessionInput{Kind: "course", Day: day, Starts: "9:30", Ends: "12:30", Place: "Civic Centre", Trainer: "Co-ordinator", Capacity: "2"}
	session, err := s.AddSession(ctx, bu, pid, course, sin)
	if err != nil {
		t.Fatal(err)
	}
	var people []app.Actor
	for i, email := range []string{"practitioner@hsscp.example", "executive@hsscp.example", "critical-friend@hsscp.example"} {
		a := testkit.MustActor(t, db, email, now, "192.0.2.9")
		people = append(people, a)
		if status, err := s.Book(ctx, a, pid, session); err != nil || (status == "waiting") != (i == 2) {
			t.Fatalf("%s booked: %s %v", email, status, err)
		}
	}
	sin.Capacity, sin.Version = "1", 1
	testkit.WantProblem(t, "fewer places than booked", s.SaveSession(ctx, bu, pid, session, sin), app.Invalid, "capacity", "2 places are booked already")
	sin.Capacity, sin.Place, sin.Version = "3", "Town Hall", 9
	testkit.WantProblem(t, "a stale session", s.SaveSession(ctx, bu, pid, session, sin), app.Conflict, "kind", "Someone else changed this session")
	sin.Version = 1
	// The critical friend hears of places in their daily digest (notices.TrainingPlace).
	if _, err := db.Exec(ctx, `INSERT INTO notice_preference (user_id, kind, delivery) VALUES ($1, 'training_place', 'digest')`, people[2].UserID); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveSession(ctx, bu, pid, session, sin); err != nil {
		t.Fatal(err)
	}
	if d, err := s.Session(ctx, pid, session); err != nil || d.Place != "Town Hall" || d.Capacity != 3 || d.Booked != 3 || d.Waiting != 0 || d.Version != 2 {
		t.Errorf("the session changed: %+v %v", d, err)
	}
	if n := testkit.MustCount(t, db, `notice_pending WHERE user_id = $1 AND kind = 'training_place' AND subject = 'You have a place on a training session'`,
		people[2].UserID); n != 1 || len(testkit.Outbox(t, db, "critical-friend@hsscp.example")) != 0 {
		t.Errorf("the place given is in the critical friend's digest %d times, want once and no e-mail", n)
	}
	// Those booked are told the session moved (to the Town Hall), with its new date.
	if mails := testkit.Outbox(t, db, "practitioner@hsscp.example"); len(mails) != 1 || !strings.HasPrefix(mails[0], "A training session you booked has changed\n") ||
		!strings.Contains(mails[0], day.Format("2 January 2006")) {
		t.Errorf("the practitioner's e-mails after the move: %+v", mails)
	}

	// The session takes place; two evaluate it, and those who run it read what they said, unnamed.
	clock = day.Add(24 * time.Hour)
	bookings, err := s.Bookings(ctx, session)
	if err != nil {
		t.Fatal(err)
	}
	var came []int64
	for _, b := range bookings {
		came = append(came, b.ID)
	}
	if err := s.RecordAttendance(ctx, bu, pid, session, came); err != nil {
		t.Fatal(err)
	}
	evaluate := func(i int, ev training.EvaluationInput) {
		t.Helper()
		mine, err := s.Mine(ctx, session, people[i].UserID)
		if err != nil || mine == nil {
			t.Fatal(mine, err)
		}
		if err := s.Evaluate(ctx, people[i], pid, mine.ID, ev); err != nil {
			t.Fatal(err)
		}
	}
	evaluate(0, training.EvaluationInput{Before: "2", After: "4", Comment: "Clear and practical"})
	evaluate(1, training.EvaluationInput{Before: "3", After: "3"})
	// Two evaluations: their number only, or one answer could be told apart as one attendee's.
	if figures, page, err := s.Evaluations(ctx, session, app.FirstPage); err != nil || figures.Count != 2 || len(page.Rows) != 0 {
		t.Errorf("two evaluations: %+v %+v %v", figures, page.Rows, err)
	}
	evaluate(2, training.EvaluationInput{Before: "1", After: "3"})
	figures, page, err := s.Evaluations(ctx, session, app.FirstPage)
	if err != nil || figures.Count != 3 || figures.More != 2 || figures.Same != 1 || figures.AverageBefore != 2 || fmt.Sprintf("%.2f", figures.AverageAfter) != "3.33" {
		t.Errorf("the evaluations' figures: %+v %v", figures, err)
	}
	if len(page.Rows) != 3 || !slices.ContainsFunc(page.Rows, func(e training.SessionEvaluation) bool { return e.Comment == "Clear and practical" }) {
		t.Errorf("the evaluations: %+v", page.Rows)
	}
}
