package server

import (
	"net/http"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/reviews"
	"github.com/scp-portal/portal/internal/workdays"
	"github.com/scp-portal/portal/web/paths"
	"github.com/scp-portal/portal/web/views"
)

// systemHome is the system administrator's home view: every partnership, with its people.
func (s *Server) systemHome(w http.ResponseWriter, r *http.Request) error {
	if err := s.authorize(r, access.ViewPartnerships, access.Object{}, "partnership", ""); err != nil {
		return err
	}
	list, err := s.Partnership.Summaries(r.Context())
	if err != nil {
		return err
	}
	rows := make([]views.PartnershipRow, 0, len(list))
	for _, p := range list {
		rows = append(rows, views.PartnershipRow{Name: p.Name, Slug: p.Slug, People: p.Active, Pending: p.Pending})
	}
	return s.render(w, r, http.StatusOK, views.SystemHome(s.page(w, r, "Partnerships"), rows))
}

// holidays lists the days the system administrator added to the working-day calendar.
func (s *Server) holidays(w http.ResponseWriter, r *http.Request) error {
	if err := s.authorize(r, access.ManageCalendar, access.Object{}, "calendar", ""); err != nil {
		return err
	}
	return s.renderHolidays(w, r, http.StatusOK, views.NewForm(nil))
}

func (s *Server) renderHolidays(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	wd, err := s.Reviews.WorkingDays(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, status, views.Holidays(s.page(w, r, errorTitle("Working days", f)), f, holidayRows(wd.Added), holidayRows(wd.Bank)))
}

func holidayRows(hs []workdays.Holiday) []views.HolidayRow {
	rows := make([]views.HolidayRow, 0, len(hs))
	for _, h := range hs {
		rows = append(rows, views.HolidayRow{Day: h.Date, Name: h.Name})
	}
	return rows
}

// addHoliday adds a day that is not a working day.
func (s *Server) addHoliday(w http.ResponseWriter, r *http.Request) error {
	if err := s.authorize(r, access.ManageCalendar, access.Object{}, "calendar", ""); err != nil {
		return err
	}
	f, err := readForm(r)
	if err != nil {
		return err
	}
	in := reviews.HolidayInput{Day: f.Date("day", "the day"), Name: f.Text("name")}
	err = f.Attempt(in.Validate(), func() error { return s.Reviews.AddHoliday(r.Context(), s.actor(r), in) })
	if err != nil {
		if status, ok := formError(&f.Form, err); ok {
			return s.renderHolidays(w, r, status, f.Form)
		}
		return err
	}
	return s.redirectWithFlash(w, r, paths.Holidays(), in.Day.Format("2 January 2006")+" is no longer a working day")
}
