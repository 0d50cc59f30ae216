package views

import (
	"net/url"
	"strconv"
	"time"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/training"
	"github.com/scp-portal/portal/web/paths"
)

// TrainingSessionRow is a session of the programme in a list.
type TrainingSessionRow struct {
	Href    string
	Course  string
	Kind    string
	When    string
	Place   string
	Trainer string
	Places  string
	Full    bool
}

// sessionWhen writes when a session is, in UK time: "Monday 14 December 2026, 9:30am to 12:30pm".
func sessionWhen(starts, ends time.Time) string {
	return starts.In(london).Format("Monday 2 January 2006") + ", " + app.Clock(starts) + " to " + app.Clock(ends)
}

// placesLeft says how many places a session has left, or that it is full.
func placesLeft(s training.Session) string {
	if left := s.PlacesLeft(); left > 0 {
		return plural(left, "place", "places") + " left of " + strconv.Itoa(s.Capacity)
	}
	return "Full: join the waiting list"
}

func newSessionRows(slug string, list []training.Session) []TrainingSessionRow {
	rows := make([]TrainingSessionRow, 0, len(list))
	for _, s := range list {
		rows = append(rows, TrainingSessionRow{Href: paths.TrainingSession(slug, s.ID), Course: s.CourseTitle, Kind: training.Kinds.Label(s.Kind),
			When: sessionWhen(s.StartsAt, s.EndsAt), Place: s.Place, Trainer: s.Trainer, Places: placesLeft(s), Full: s.PlacesLeft() == 0})
	}
	return rows
}

// TrainingProgrammeView is the public programme: sessions to come, and the link to one's own
// bookings for a member.
type TrainingProgrammeView struct {
	Rows     []TrainingSessionRow
	MineHref string
}

// NewTrainingProgramme is the programme's page of sessions; member links to their bookings.
func NewTrainingProgramme(slug string, list []training.Session, member bool) TrainingProgrammeView {
	v := TrainingProgrammeView{Rows: newSessionRows(slug, list)}
	if member {
		v.MineHref = paths.MyTraining(slug)
	}
	return v
}

// TrainingBookingRow is a booking in a session's list of bookings.
type TrainingBookingRow struct {
	ID           string
	Name         string
	Organisation string
	Status       string
	Attended     string
	Came         bool
}

// TrainingSessionView is a session's page: its details for anyone, the booking panel for a
// member, the bookings for those who run and oversee the programme, and the attendance form for
// those who run it once the session has started.
type TrainingSessionView struct {
	training.SessionDetail
	When             string
	Places           string
	KindLabel        string
	SignInHref       string // not signed in: sign in to book
	Mine             string // the member's booking, in words; "" for none
	BookAction       string
	CancelAction     string
	MyBookingHref    string
	Viewer           bool // sees the bookings and what the course serves
	Bookings         []TrainingBookingRow
	AttendanceAction string
	EditHref         string   // those who run the programme: change the session
	EvaluationsHref  string   // those who run the programme: its evaluations
	AttendOptions    []Option // those with a place, for the attendance form
	Came             []string // the bookings recorded as come, checked on the attendance form
	CourseHref       string
}

// TrainingSessionAbilities are what the person may do on a session's page, as the access policy
// answered.
type TrainingSessionAbilities struct {
	SignedIn bool
	Book     bool // a member of the partnership
	View     bool // access.ViewTraining
	Manage   bool // access.ManageTraining
}

// NewTrainingSession is session d's page at now for a person who may do can; mine is their
// booking (nil for none), bookings the session's for a viewer.
func NewTrainingSession(slug string, d training.SessionDetail, now time.Time, can TrainingSessionAbilities, mine *training.Booking,
	bookings []training.Booking) TrainingSessionView {
	v := TrainingSessionView{SessionDetail: d, When: sessionWhen(d.StartsAt, d.EndsAt), Places: placesLeft(d.Session),
		KindLabel: training.Kinds.Label(d.Kind), Viewer: can.View}
	started := d.Started(now)
	switch {
	case !can.SignedIn:
		v.SignInHref = paths.SignInThen(paths.TrainingSession(slug, d.ID))
	case can.Book:
		active := mine != nil && mine.Status != "cancelled"
		if mine != nil {
			v.Mine = training.BookingStatuses.Label(mine.Status)
			if mine.Attended != nil && *mine.Attended {
				v.Mine, v.MyBookingHref = "You came to this session", paths.TrainingBooking(slug, mine.ID)
			}
		}
		if !started && !active {
			v.BookAction = paths.TrainingBook(slug, d.ID)
		}
		if !started && active {
			v.CancelAction = paths.TrainingCancel(slug, d.ID)
		}
	}
	if can.View {
		v.CourseHref = paths.TrainingCourse(slug, d.CourseID)
		for _, b := range bookings {
			row := TrainingBookingRow{ID: strconv.FormatInt(b.ID, 10), Name: b.Name, Organisation: b.Organisation,
				Status: training.BookingStatuses.Label(b.Status), Attended: "Not recorded"}
			if b.Attended != nil {
				row.Came = *b.Attended
				row.Attended = map[bool]string{true: "Came", false: "Did not come"}[*b.Attended]
			}
			v.Bookings = append(v.Bookings, row)
			if b.Status == "booked" {
				v.AttendOptions = append(v.AttendOptions, Option{Value: row.ID, Label: b.Name})
				if row.Came {
					v.Came = append(v.Came, row.ID)
				}
			}
		}
	}
	if can.Manage {
		v.EditHref, v.EvaluationsHref = paths.EditTrainingSession(slug, d.ID), paths.TrainingEvaluations(slug, d.ID)
	}
	if can.Manage && started {
		v.AttendanceAction = paths.TrainingAttendance(slug, d.ID)
	}
	return v
}

// TrainingCourseRow is a course in the business unit's list.
type TrainingCourseRow struct {
	Href     string
	Title    string
	Audience string
	Sessions int
	Next     string
}

// TrainingCoursesView is the programme's courses, with the business unit's links.
type TrainingCoursesView struct {
	Rows            []TrainingCourseRow
	NewHref         string // "" for those who do not run the programme
	FollowUpsAction string
	ProgrammeHref   string
}

// NewTrainingCourses is the list of courses; manage adds the business unit's actions.
func NewTrainingCourses(slug string, list []training.Course, manage bool) TrainingCoursesView {
	v := TrainingCoursesView{ProgrammeHref: paths.Training(slug)}
	if manage {
		v.NewHref, v.FollowUpsAction = paths.NewTrainingCourse(slug), paths.TrainingFollowUps(slug)
	}
	for _, c := range list {
		row := TrainingCourseRow{Href: paths.TrainingCourse(slug, c.ID), Title: c.Title, Audience: c.Audience, Sessions: c.Sessions, Next: "None planned"}
		if c.NextSession != nil {
			row.Next = dateTime(*c.NextSession)
		}
		v.Rows = append(v.Rows, row)
	}
	return v
}

// NewTrainingCourseView is the form to add or change a course: the needs and recommendations it
// may name.
type NewTrainingCourseView struct {
	Heading         string
	Submit          string
	Action          string
	Versioned       bool // a change to a course: the form carries its version
	Needs           []Option
	Recommendations []Option
}

// NewTrainingCourseForm is the form to add a course with choices c.
func NewTrainingCourseForm(slug string, c training.Choices) NewTrainingCourseView {
	return NewTrainingCourseView{Heading: "Add a course", Submit: "Add the course", Action: paths.TrainingCourses(slug),
		Needs: Choices(c.Needs, Option{Value: "", Label: "None"}), Recommendations: Choices(c.Recommendations)}
}

// EditTrainingCourseForm is the form to change course id with choices c.
func EditTrainingCourseForm(slug string, id int64, c training.Choices) NewTrainingCourseView {
	v := NewTrainingCourseForm(slug, c)
	v.Heading, v.Submit, v.Action, v.Versioned = "Change the course", "Save the course", paths.EditTrainingCourse(slug, id), true
	return v
}

// TrainingCourseValues are course d's values for the form that changes it.
func TrainingCourseValues(d training.CourseDetail) Form {
	v := url.Values{"title": {d.Title}, "description": {d.Description}, "audience": {d.Audience}, "version": {strconv.Itoa(d.Version)}}
	if d.NeedID != nil {
		v.Set("need", strconv.FormatInt(*d.NeedID, 10))
	}
	for _, r := range d.Recommendations {
		v.Add("recommendations", strconv.FormatInt(r.ID, 10))
	}
	return NewForm(v)
}

// TrainingSessionValues are session d's values for the form that changes it, its day and times
// in UK time.
func TrainingSessionValues(d training.SessionDetail) Form {
	s, e := d.StartsAt.In(london), d.EndsAt.In(london)
	return NewForm(url.Values{"kind": {d.Kind}, "day-day": {strconv.Itoa(s.Day())}, "day-month": {strconv.Itoa(int(s.Month()))},
		"day-year": {strconv.Itoa(s.Year())}, "starts": {clockValue(s)}, "ends": {clockValue(e)}, "place": {d.Place},
		"trainer": {d.Trainer}, "capacity": {strconv.Itoa(d.Capacity)}, "version": {strconv.Itoa(d.Version)}})
}

// clockValue is a time of day as the session's form takes it: "9:30", "14:00".
func clockValue(t time.Time) string { return strconv.Itoa(t.Hour()) + t.Format(":04") }

// EditTrainingSessionView is the form to change a session.
type EditTrainingSessionView struct {
	Course      string
	Action      string
	SessionHref string // the session's page, to go back
	Kinds       []Option
}

// NewEditTrainingSession is the form to change session d.
func NewEditTrainingSession(slug string, d training.SessionDetail) EditTrainingSessionView {
	return EditTrainingSessionView{Course: d.CourseTitle, Action: paths.EditTrainingSession(slug, d.ID), SessionHref: paths.TrainingSession(slug, d.ID),
		Kinds: Choices(training.Kinds)}
}

// TrainingEvaluationRow is one attendee's evaluation, unnamed.
type TrainingEvaluationRow struct {
	Before, After string
	Comment       string
	Changed       string
	Note          string
}

// TrainingEvaluationsView is a session's evaluations for those who run the programme: the figures
// of them all and a page of what each attendee said, without their names.
type TrainingEvaluationsView struct {
	Course        string
	When          string
	SessionHref   string
	Figures       training.EvaluationFigures
	AverageBefore string
	AverageAfter  string
	Rows          []TrainingEvaluationRow
	Few           bool // too few evaluations to show any but their number
	Min           int  // how many are enough
}

// NewTrainingEvaluations is session d's evaluations: figures f and the page list.
func NewTrainingEvaluations(slug string, d training.SessionDetail, f training.EvaluationFigures, list []training.SessionEvaluation) TrainingEvaluationsView {
	v := TrainingEvaluationsView{Course: d.CourseTitle, When: sessionWhen(d.StartsAt, d.EndsAt), SessionHref: paths.TrainingSession(slug, d.ID),
		Figures: f, AverageBefore: strconv.FormatFloat(f.AverageBefore, 'f', 1, 64), AverageAfter: strconv.FormatFloat(f.AverageAfter, 'f', 1, 64),
		Few: f.Count < training.MinEvaluationsShown, Min: training.MinEvaluationsShown}
	for _, e := range list {
		row := TrainingEvaluationRow{Before: strconv.Itoa(int(e.Before)), After: strconv.Itoa(int(e.After)), Comment: e.Comment,
			Changed: "Not yet asked or answered", Note: e.Note}
		if e.Changed != nil {
			row.Changed = training.PracticeChanges.Label(*e.Changed)
		}
		v.Rows = append(v.Rows, row)
	}
	return v
}

// TrainingCourseView is a course's page: what it serves, its sessions, and the form to add one.
type TrainingCourseView struct {
	training.CourseDetail
	Serves        []string
	Sessions      []TrainingSessionRow
	SessionAction string // "" for those who do not run the programme
	EditHref      string // "" for those who do not run the programme
	Kinds         []Option
	Share         *ShareControl // sharing the course with partnerships in agreement; nil for who may not
}

// NewTrainingCourse is course d's page; manage adds the form to add a session.
func NewTrainingCourse(slug string, d training.CourseDetail, manage bool) TrainingCourseView {
	v := TrainingCourseView{CourseDetail: d, Sessions: newSessionRows(slug, d.Sessions), Kinds: Choices(training.Kinds)}
	for _, r := range d.Recommendations {
		v.Serves = append(v.Serves, r.Title)
	}
	if manage {
		v.SessionAction, v.EditHref = paths.TrainingCourseSessions(slug, d.ID), paths.EditTrainingCourse(slug, d.ID)
	}
	return v
}

// MyTrainingRow is one of a person's bookings, with what they may do next.
type MyTrainingRow struct {
	SessionHref string
	Course      string
	When        string
	Status      string
	NextHref    string
	NextLabel   string
}

// MyTrainingView is a person's bookings, with the links to the programme and, for those who
// oversee it, its courses.
type MyTrainingView struct {
	Rows          []MyTrainingRow
	ProgrammeHref string
	CoursesHref   string
}

// NewMyTraining is list, a person's bookings, on day today; courses links to the courses for
// those who may read them.
func NewMyTraining(slug string, list []training.MyBooking, today time.Time, courses bool) MyTrainingView {
	v := MyTrainingView{ProgrammeHref: paths.Training(slug)}
	if courses {
		v.CoursesHref = paths.TrainingCourses(slug)
	}
	for _, b := range list {
		row := MyTrainingRow{SessionHref: paths.TrainingSession(slug, b.SessionID), Course: b.CourseTitle, When: dateTime(b.StartsAt),
			Status: training.BookingStatuses.Label(b.Status)}
		if b.Attended != nil {
			row.Status = map[bool]string{true: "Came", false: "Did not come"}[*b.Attended]
		}
		switch {
		case b.MayEvaluate():
			row.NextHref, row.NextLabel = paths.TrainingBooking(slug, b.ID), "Evaluate the session"
		case b.MayFollowUp(today):
			row.NextHref, row.NextLabel = paths.TrainingBooking(slug, b.ID), "Say whether your practice changed"
		case b.Evaluated():
			row.NextHref, row.NextLabel = paths.TrainingBooking(slug, b.ID), "Your evaluation"
		}
		v.Rows = append(v.Rows, row)
	}
	return v
}

// TrainingBookingView is an attendee's booking: their evaluation, and their follow-up, as forms
// while they may give them.
type TrainingBookingView struct {
	Course         string
	When           string
	Place          string
	SessionHref    string
	Before, After  string
	Changed        string
	FollowUpDue    string
	EvaluateAction string
	FollowUpAction string
	Confidences    []Option
	Changes        []Option
}

// NewTrainingBooking is booking b's page on day today.
func NewTrainingBooking(slug string, b training.MyBooking, today time.Time) TrainingBookingView {
	v := TrainingBookingView{Course: b.CourseTitle, When: dateTime(b.StartsAt), Place: b.Place, SessionHref: paths.TrainingSession(slug, b.SessionID),
		Confidences: Choices(training.Confidences), Changes: Choices(training.PracticeChanges)}
	if b.Before != nil && b.After != nil {
		v.Before, v.After = training.Confidences.Label(strconv.Itoa(int(*b.Before))), training.Confidences.Label(strconv.Itoa(int(*b.After)))
	}
	if b.Changed != nil {
		v.Changed = training.PracticeChanges.Label(*b.Changed)
	}
	if b.FollowUpDue != nil {
		v.FollowUpDue = date(*b.FollowUpDue)
	}
	switch {
	case b.MayEvaluate():
		v.EvaluateAction = paths.TrainingEvaluation(slug, b.ID)
	case b.MayFollowUp(today):
		v.FollowUpAction = paths.TrainingFollowUp(slug, b.ID)
	}
	return v
}
