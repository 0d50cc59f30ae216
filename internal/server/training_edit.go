package server

import (
	"net/http"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/form"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/internal/training"
	"github.com/scp-portal/portal/web/paths"
	"github.com/scp-portal/portal/web/views"
)

// editTrainingCourseForm is the form to change a course, filled with what it says now.
func (s *Server) editTrainingCourseForm(w http.ResponseWriter, r *http.Request) error {
	if _, _, err := s.record(r, "id", access.ManageTraining, "training_course"); err != nil {
		return err
	}
	_, d, err := s.pathCourse(r)
	if err != nil {
		return err
	}
	return s.renderEditTrainingCourse(w, r, http.StatusOK, views.TrainingCourseValues(d))
}

func (s *Server) renderEditTrainingCourse(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p, d, err := s.pathCourse(r) // a course not (or no longer) in the partnership is not found, not a form
	if err != nil {
		return err
	}
	c, err := s.Training.CourseChoices(r.Context(), p.ID, d.ID)
	if err != nil {
		return err
	}
	v := views.EditTrainingCourseForm(p.Slug, d.ID, c)
	return s.render(w, r, status, views.AddTrainingCourse(s.page(w, r, errorTitle(v.Heading, f)), f, v))
}

// courseInput reads a course from its form.
func courseInput(f *form.Reader) training.CourseInput {
	return training.CourseInput{Title: f.Text("title"), Description: f.Text("description"), Audience: f.Text("audience"),
		NeedID: f.OptionalID("need", "Choose the training need from the list"), Recommendations: f.IDs("recommendations", "Choose the recommendations from the list")}
}

// saveTrainingCourse changes a course, refusing to overwrite someone else's newer change.
func (s *Server) saveTrainingCourse(w http.ResponseWriter, r *http.Request) error {
	return s.recordPost(w, r, access.ManageTraining, "training_course", s.renderEditTrainingCourse, func(f *form.Reader, p partnership.Partnership, id int64) (string, string, error) {
		in := courseInput(f)
		in.Version = f.Version()
		err := f.Attempt(in.Validate(), func() error { return s.Training.SaveCourse(r.Context(), s.actor(r), p.ID, id, in) })
		return paths.TrainingCourse(p.Slug, id), "The course has been changed", err
	})
}

// editTrainingSessionForm is the form to change a session, filled with what it says now.
func (s *Server) editTrainingSessionForm(w http.ResponseWriter, r *http.Request) error {
	if _, _, err := s.record(r, "id", access.ManageTraining, "training_session"); err != nil {
		return err
	}
	_, d, err := s.pathSession(r)
	if err != nil {
		return err
	}
	return s.renderEditTrainingSession(w, r, http.StatusOK, views.TrainingSessionValues(d))
}

func (s *Server) renderEditTrainingSession(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p, d, err := s.pathSession(r)
	if err != nil {
		return err
	}
	return s.render(w, r, status, views.EditTrainingSession(s.page(w, r, errorTitle("Change the session", f)), f, views.NewEditTrainingSession(p.Slug, d)))
}

// sessionInput reads a session from its form.
func sessionInput(f *form.Reader) training.SessionInput {
	return training.SessionInput{Kind: f.Text("kind"), Day: f.Date("day", "the day of the session"), Starts: f.Text("starts"), Ends: f.Text("ends"),
		Place: f.Text("place"), Trainer: f.Text("trainer"), Capacity: f.Text("capacity")}
}

// saveTrainingSession changes a session, refusing to overwrite someone else's newer change or to
// leave fewer places than are booked.
func (s *Server) saveTrainingSession(w http.ResponseWriter, r *http.Request) error {
	return s.recordPost(w, r, access.ManageTraining, "training_session", s.renderEditTrainingSession, func(f *form.Reader, p partnership.Partnership, id int64) (string, string, error) {
		in := sessionInput(f)
		in.Version = f.Version()
		err := f.Attempt(in.Validate(), func() error { return s.Training.SaveSession(r.Context(), s.actor(r), p.ID, id, in) })
		return paths.TrainingSession(p.Slug, id), "The session has been changed", err
	})
}

// trainingEvaluations is a session's evaluations for those who run the programme: the figures of
// them all and a page of what attendees said, unnamed.
func (s *Server) trainingEvaluations(w http.ResponseWriter, r *http.Request) error {
	if _, _, err := s.record(r, "id", access.ManageTraining, "training_session"); err != nil {
		return err
	}
	p, d, err := s.pathSession(r)
	if err != nil {
		return err
	}
	id := d.ID
	q := r.URL.Query()
	figures, list, err := s.Training.Evaluations(r.Context(), id, form.ParsePaging(q))
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, views.TrainingEvaluations(s.page(w, r, "Evaluations of "+d.CourseTitle),
		views.NewTrainingEvaluations(p.Slug, d, figures, list.Rows), views.NewPager(paths.TrainingEvaluations(p.Slug, id), q, list.Page, list.More)))
}
