package server

import (
	"net/http"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/form"
	"github.com/scp-portal/portal/internal/reviews"
	"github.com/scp-portal/portal/web/paths"
	"github.com/scp-portal/portal/web/views"
)

// systemHome is the system administrator's home view: every partnership, with its people.
func (s *Server) systemHome(w http.ResponseWriter, r *http.Request) error {
	if err := s.authorize(r, access.ViewPartnerships, access.Object{}, "partnership", ""); err != nil {
		return err
	}
	in := r.URL.Query()
	list, err := s.Partnership.Summaries(r.Context(), form.ParsePaging(in))
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, views.SystemHome(s.page(w, r, "Partnerships"), views.NewPartnershipRows(list.Rows),
		views.NewPager(paths.SystemHome(), in, list.Page, list.More)))
}

// holidays lists the days the system administrator added to the working-day calendar.
func (s *Server) holidays(w http.ResponseWriter, r *http.Request) error {
	if err := s.authorize(r, access.ManageCalendar, access.Object{}, "calendar", ""); err != nil {
		return err
	}
	return s.showHolidays(w, r, http.StatusOK, views.NewForm(nil))
}

// showHolidays shows the calendar and the form to add a day, with a status.
func (s *Server) showHolidays(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	wd, err := s.Reviews.WorkingDays(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, status, views.Holidays(s.page(w, r, errorTitle("Working days", f)), f,
		views.NewHolidayRows(wd.Added), views.NewHolidayRows(wd.Bank)))
}

// addHoliday adds a day that is not a working day.
func (s *Server) addHoliday(w http.ResponseWriter, r *http.Request) error {
	if err := s.authorize(r, access.ManageCalendar, access.Object{}, "calendar", ""); err != nil {
		return err
	}
	f, err := form.Read(r)
	if err != nil {
		return err
	}
	in := reviews.HolidayInput{Day: f.Date("day", "the day"), Name: f.Text("name")}
	err = f.Attempt(in.Validate(), func() error { return s.Reviews.AddHoliday(r.Context(), s.actor(r), in) })
	return s.settle(w, r, f.Form, err, s.showHolidays, paths.Holidays(), in.Day.Format("2 January 2006")+" is no longer a working day")
}
