package server

import (
	"net/http"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/reviews"
	"github.com/scp-portal/portal/internal/workdays"
	"github.com/scp-portal/portal/web/views"
)

// holidays lists the days the system administrator added to the working-day calendar.
func (s *Server) holidays(w http.ResponseWriter, r *http.Request) {
	s.renderHolidays(w, r, http.StatusOK, views.NewForm(nil))
}

func (s *Server) renderHolidays(w http.ResponseWriter, r *http.Request, status int, f views.Form) {
	if !s.allowed(w, r, access.ManageCalendar, access.Object{}, "calendar", "") {
		return
	}
	rows, err := s.DB.Query(r.Context(), `SELECT day, name FROM extra_holiday ORDER BY day DESC`)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	added, err := pgx.CollectRows(rows, pgx.RowToStructByPos[views.HolidayRow])
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var bank []views.HolidayRow
	year := s.Now().Year()
	for _, y := range []int{year, year + 1} {
		for _, h := range workdays.BankHolidays(y) {
			bank = append(bank, views.HolidayRow{Day: h.Date, Name: h.Name})
		}
	}
	s.render(w, r, status, views.Holidays(s.page(w, r, errorTitle("Working days", f)), f, added, bank))
}

// addHoliday adds a day that is not a working day.
func (s *Server) addHoliday(w http.ResponseWriter, r *http.Request) {
	if !s.allowed(w, r, access.ManageCalendar, access.Object{}, "calendar", "") || !s.parseForm(w, r) {
		return
	}
	f := views.NewForm(r.PostForm)
	day, ok := parseDateFields(f, "day")
	if !ok {
		f.AddError("day-day", "Enter the day as a real date, like 8 5 2027")
	}
	name := strings.TrimSpace(f.Value("name"))
	if name == "" || len([]rune(name)) > 200 {
		f.AddError("name", "Enter the day's name, 200 characters or fewer")
	}
	if f.Invalid() {
		s.renderHolidays(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	err := database.InTx(r.Context(), s.DB, func(tx pgx.Tx) error {
		if err := reviews.AddHoliday(r.Context(), tx, day, name, subject(r).UserID); err != nil {
			return err
		}
		return audit.Record(r.Context(), tx, s.auditEntry(r, "calendar.add", "extra_holiday", day.Format(time.DateOnly), name))
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.redirectWithFlash(w, r, "/admin/holidays", day.Format("2 January 2006")+" is no longer a working day")
}
