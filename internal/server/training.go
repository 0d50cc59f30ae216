package server

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/form"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/internal/training"
	"github.com/scp-portal/portal/web/paths"
	"github.com/scp-portal/portal/web/views"
)

// trainingProgramme is the partnership's public training programme: the sessions to come.
func (s *Server) trainingProgramme(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	q := r.URL.Query()
	list, err := s.Training.Programme(r.Context(), p.ID, app.Today(s.Now()), form.ParsePaging(q))
	if err != nil {
		return err
	}
	v := views.NewTrainingProgramme(p.Slug, list.Rows, may(r, access.BookTraining))
	return s.render(w, r, http.StatusOK, views.TrainingProgramme(s.page(w, r, "Training programme"), v,
		views.NewPager(paths.Training(p.Slug), q, list.Page, list.More)))
}

// trainingSession is a session of the programme: public, with the booking panel for a member and
// the bookings for those who run and oversee the programme.
func (s *Server) trainingSession(w http.ResponseWriter, r *http.Request) error {
	return s.renderTrainingSession(w, r, http.StatusOK, views.NewForm(nil))
}

func (s *Server) renderTrainingSession(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p, d, err := s.pathSession(r)
	if err != nil {
		return err
	}
	id := d.ID
	subj := subject(r)
	can := views.TrainingSessionAbilities{SignedIn: subj.SignedIn(), Book: may(r, access.BookTraining),
		View: may(r, access.ViewTraining), Manage: may(r, access.ManageTraining)}
	var mine *training.Booking
	if can.Book {
		if mine, err = s.Training.Mine(r.Context(), id, subj.UserID); err != nil {
			return err
		}
	}
	var bookings []training.Booking
	if can.View {
		if bookings, err = s.Training.Bookings(r.Context(), id); err != nil {
			return err
		}
	}
	v := views.NewTrainingSession(p.Slug, d, s.Now(), can, mine, bookings)
	if !f.Invalid() && len(v.Came) > 0 {
		f = views.NewForm(url.Values{"attended": v.Came})
	}
	return s.render(w, r, status, views.TrainingSessionPage(s.page(w, r, errorTitle(d.CourseTitle, f)), f, v))
}

// pathSession is the session {id} of the path, in the request's partnership: one of another
// partnership is not found. The caller has asked the policy first.
func (s *Server) pathSession(r *http.Request) (partnership.Partnership, training.SessionDetail, error) {
	p := currentPartnership(r)
	id, err := pathID(r, "id")
	if err != nil {
		return p, training.SessionDetail{}, err
	}
	d, err := s.Training.Session(r.Context(), p.ID, id)
	return p, d, err
}

// pathCourse is the course {id} of the path, in the request's partnership, as pathSession.
func (s *Server) pathCourse(r *http.Request) (partnership.Partnership, training.CourseDetail, error) {
	p := currentPartnership(r)
	id, err := pathID(r, "id")
	if err != nil {
		return p, training.CourseDetail{}, err
	}
	d, err := s.Training.Course(r.Context(), p.ID, id)
	return p, d, err
}

// bookTraining books the person a place on the session, or a place on its waiting list.
func (s *Server) bookTraining(w http.ResponseWriter, r *http.Request) error {
	return s.recordPost(w, r, access.BookTraining, "training_session", s.renderTrainingSession, func(f *form.Reader, p partnership.Partnership, id int64) (string, string, error) {
		status, err := s.Training.Book(r.Context(), s.actor(r), p.ID, id)
		done := "You have a place on the session"
		if status == "waiting" {
			done = "The session is full: you are on its waiting list, and we will e-mail you if a place comes free"
		}
		return paths.TrainingSession(p.Slug, id), done, err
	})
}

// cancelTraining gives up the person's place (or place on the waiting list) on the session.
func (s *Server) cancelTraining(w http.ResponseWriter, r *http.Request) error {
	return s.recordPost(w, r, access.BookTraining, "training_session", s.renderTrainingSession, func(f *form.Reader, p partnership.Partnership, id int64) (string, string, error) {
		_, err := s.Training.Cancel(r.Context(), s.actor(r), p.ID, id)
		return paths.TrainingSession(p.Slug, id), "Your booking has been cancelled", err
	})
}

// recordTrainingAttendance records who came to the session.
func (s *Server) recordTrainingAttendance(w http.ResponseWriter, r *http.Request) error {
	return s.recordPost(w, r, access.ManageTraining, "training_session", s.renderTrainingSession, func(f *form.Reader, p partnership.Partnership, id int64) (string, string, error) {
		came := f.IDs("attended", "Choose those who came from the list")
		err := f.Attempt(nil, func() error { return s.Training.RecordAttendance(r.Context(), s.actor(r), p.ID, id, came) })
		return paths.TrainingSession(p.Slug, id), "Attendance has been recorded", err
	})
}

// trainingCourses lists the programme's courses for those who run and oversee it.
func (s *Server) trainingCourses(w http.ResponseWriter, r *http.Request) error {
	return s.partnershipPage(w, r, access.ViewTraining, "training_course", s.renderTrainingCourses)
}

func (s *Server) renderTrainingCourses(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p := currentPartnership(r)
	q := r.URL.Query()
	list, err := s.Training.Courses(r.Context(), p.ID, form.ParsePaging(q))
	if err != nil {
		return err
	}
	v := views.NewTrainingCourses(p.Slug, list.Rows, may(r, access.ManageTraining))
	return s.render(w, r, status, views.TrainingCourses(s.page(w, r, errorTitle("Training courses", f)), f, v,
		views.NewPager(paths.TrainingCourses(p.Slug), q, list.Page, list.More)))
}

// sendTrainingFollowUps sends the follow-up invitations due now rather than at the next
// housekeeping.
func (s *Server) sendTrainingFollowUps(w http.ResponseWriter, r *http.Request) error {
	return s.partnershipPost(w, r, access.ManageTraining, "training_course", s.renderTrainingCourses, func(f *form.Reader, p partnership.Partnership) (string, string, error) {
		n, err := s.Training.InviteFollowUps(r.Context(), s.actor(r), p.ID)
		done := strconv.Itoa(n) + " follow-up invitations sent"
		if n == 1 {
			done = "1 follow-up invitation sent"
		}
		return paths.TrainingCourses(p.Slug), done, err
	})
}

// newTrainingCourseForm is the form to add a course, for those who run the programme.
func (s *Server) newTrainingCourseForm(w http.ResponseWriter, r *http.Request) error {
	return s.partnershipPage(w, r, access.ManageTraining, "training_course", s.renderNewTrainingCourse)
}

func (s *Server) renderNewTrainingCourse(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p := currentPartnership(r)
	c, err := s.Training.CourseChoices(r.Context(), p.ID, 0)
	if err != nil {
		return err
	}
	return s.render(w, r, status, views.AddTrainingCourse(s.page(w, r, errorTitle("Add a course", f)), f, views.NewTrainingCourseForm(p.Slug, c)))
}

// createTrainingCourse adds a course to the programme.
func (s *Server) createTrainingCourse(w http.ResponseWriter, r *http.Request) error {
	return s.partnershipPost(w, r, access.ManageTraining, "training_course", s.renderNewTrainingCourse, func(f *form.Reader, p partnership.Partnership) (string, string, error) {
		in := courseInput(f)
		id, err := form.Attempted(f, in.Validate(), func() (int64, error) {
			return s.Training.CreateCourse(r.Context(), s.actor(r), p.ID, in)
		})
		return paths.TrainingCourse(p.Slug, id), "The course has been added: add its sessions below", err
	})
}

// trainingCoursePage is a course with its sessions, for those who run and oversee the programme.
func (s *Server) trainingCoursePage(w http.ResponseWriter, r *http.Request) error {
	return s.recordPage(w, r, access.ViewTraining, "training_course", s.renderTrainingCourse)
}

func (s *Server) renderTrainingCourse(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p, d, err := s.pathCourse(r)
	if err != nil {
		return err
	}
	v := views.NewTrainingCourse(p.Slug, d, may(r, access.ManageTraining))
	if v.Share, err = s.shareControl(r, "courses", d.ID); err != nil {
		return err
	}
	return s.render(w, r, status, views.TrainingCoursePage(s.page(w, r, errorTitle(d.Title, f)), f, v))
}

// addTrainingSession adds a session (a course day or a learning event) to a course.
func (s *Server) addTrainingSession(w http.ResponseWriter, r *http.Request) error {
	return s.recordPost(w, r, access.ManageTraining, "training_course", s.renderTrainingCourse, func(f *form.Reader, p partnership.Partnership, id int64) (string, string, error) {
		in := sessionInput(f)
		session, err := form.Attempted(f, in.Validate(), func() (int64, error) {
			return s.Training.AddSession(r.Context(), s.actor(r), p.ID, id, in)
		})
		return paths.TrainingSession(p.Slug, session), "The session has been added to the programme", err
	})
}

// myTraining is the person's own bookings, with their evaluations to give.
func (s *Server) myTraining(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	subj := subject(r)
	if err := s.authorize(r, access.BookTraining, access.Object{PartnershipID: p.ID, OwnerID: subj.UserID}, "training_booking", ""); err != nil {
		return err
	}
	q := r.URL.Query()
	list, err := s.Training.MyBookings(r.Context(), p.ID, subj.UserID, form.ParsePaging(q))
	if err != nil {
		return err
	}
	v := views.NewMyTraining(p.Slug, list.Rows, app.Today(s.Now()), may(r, access.ViewTraining))
	return s.render(w, r, http.StatusOK, views.MyTraining(s.page(w, r, "Your training"), views.NewForm(nil), v,
		views.NewPager(paths.MyTraining(p.Slug), q, list.Page, list.More)))
}

// trainingBookingPage is one of the person's bookings: their evaluation and follow-up. Another's
// is not found.
func (s *Server) trainingBookingPage(w http.ResponseWriter, r *http.Request) error {
	return s.recordPage(w, r, access.BookTraining, "training_booking", s.renderTrainingBooking)
}

func (s *Server) renderTrainingBooking(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p := currentPartnership(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	b, err := s.Training.MyBooking(r.Context(), p.ID, subject(r).UserID, id)
	if err != nil {
		return err
	}
	v := views.NewTrainingBooking(p.Slug, b, app.Today(s.Now()))
	return s.render(w, r, status, views.TrainingBookingPage(s.page(w, r, errorTitle(b.CourseTitle, f)), f, v))
}

// evaluateTraining records the person's evaluation of a session they came to.
func (s *Server) evaluateTraining(w http.ResponseWriter, r *http.Request) error {
	return s.recordPost(w, r, access.BookTraining, "training_booking", s.renderTrainingBooking, func(f *form.Reader, p partnership.Partnership, id int64) (string, string, error) {
		in := training.EvaluationInput{Before: f.Text("confidence_before"), After: f.Text("confidence_after"), Comment: f.Text("comment")}
		err := f.Attempt(in.Validate(), func() error { return s.Training.Evaluate(r.Context(), s.actor(r), p.ID, id, in) })
		return paths.TrainingBooking(p.Slug, id), "Thank you: your evaluation has been sent", err
	})
}

// followUpTraining records whether the person's practice changed, three months on.
func (s *Server) followUpTraining(w http.ResponseWriter, r *http.Request) error {
	return s.recordPost(w, r, access.BookTraining, "training_booking", s.renderTrainingBooking, func(f *form.Reader, p partnership.Partnership, id int64) (string, string, error) {
		in := training.FollowUpInput{Changed: f.Text("changed"), Note: f.Text("note")}
		err := f.Attempt(in.Validate(), func() error { return s.Training.FollowUp(r.Context(), s.actor(r), p.ID, id, in) })
		return paths.TrainingBooking(p.Slug, id), "Thank you: your answer has been sent", err
	})
}

// trainingNeeds is the learning co-ordinator's list of training needs, open ones or (?show=closed)
// closed ones, each moved on and closed by the Engine Room and those who run the programme.
func (s *Server) trainingNeeds(w http.ResponseWriter, r *http.Request) error {
	return s.partnershipPage(w, r, access.ViewLearning, "training_need", s.renderTrainingNeeds)
}

func (s *Server) renderTrainingNeeds(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p := currentPartnership(r)
	in := r.URL.Query()
	closed := in.Get("show") == "closed"
	needs, err := s.Learning.TrainingNeeds(r.Context(), p.ID, closed, form.ParsePaging(in).AtMost(views.TrainingNeedsPageMost))
	if err != nil {
		return err
	}
	return s.render(w, r, status, views.TrainingNeeds(s.page(w, r, errorTitle("Training needs", f)), f,
		views.NewTrainingNeeds(p.Slug, closed, needs.Rows, may(r, access.MoveTrainingNeed)),
		views.NewPager(paths.TrainingNeeds(p.Slug), in, needs.Page, needs.More).UpTo(views.TrainingNeedsPageMost)))
}

// moveTrainingNeed moves a training need on: planned, commissioned, delivered.
func (s *Server) moveTrainingNeed(w http.ResponseWriter, r *http.Request) error {
	return s.recordPost(w, r, access.MoveTrainingNeed, "training_need", s.renderTrainingNeeds, func(f *form.Reader, p partnership.Partnership, id int64) (string, string, error) {
		in := training.NeedInput{Status: f.Text(training.NeedField(id)), Version: f.Version()}
		err := s.Training.MoveNeed(r.Context(), s.actor(r), p.ID, id, in)
		return paths.TrainingNeeds(p.Slug), "The training need is " + training.NeedStatuses.Label(in.Status) + " now", err
	})
}

// closeTrainingNeed closes a training need with why and a short note; it is then on the list of
// closed needs.
func (s *Server) closeTrainingNeed(w http.ResponseWriter, r *http.Request) error {
	return s.recordPost(w, r, access.MoveTrainingNeed, "training_need", s.renderTrainingNeeds, func(f *form.Reader, p partnership.Partnership, id int64) (string, string, error) {
		in := training.CloseInput{Reason: f.Text(training.CloseField(id)), Note: f.Text(training.CloseNoteField(id)), Version: f.Version()}
		err := s.Training.CloseNeed(r.Context(), s.actor(r), p.ID, id, in)
		return paths.TrainingNeeds(p.Slug), "The training need is closed: " + strings.ToLower(training.CloseReasons.Label(in.Reason)), err
	})
}
