package reviews

import (
	"context"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/workdays"
)

// WorkingDays is the working-day calendar as the system administrator sees it: the days added,
// newest first, and the bank holidays of this year and next, which the calendar knows by rule.
type WorkingDays struct {
	Added []workdays.Holiday
	Bank  []workdays.Holiday
}

// WorkingDays returns the calendar statutory deadlines are counted on.
func (s *Service) WorkingDays(ctx context.Context) (WorkingDays, error) {
	var wd WorkingDays
	var err error
	if wd.Added, err = database.All[workdays.Holiday](ctx, s.DB, "reviews: added holidays", `SELECT day, name FROM extra_holiday ORDER BY day DESC`); err != nil {
		return wd, err
	}
	year := s.Time().Year()
	for _, y := range []int{year, year + 1} {
		wd.Bank = append(wd.Bank, workdays.BankHolidays(y)...)
	}
	return wd, nil
}

// HolidayInput is a day that is not a working day, with its name. A zero Day is one the form
// could not read, and its problem is the form's to name.
type HolidayInput struct {
	Day  time.Time
	Name string
}

// Validate names each problem with the day, in the order of the form.
func (in HolidayInput) Validate() error {
	var p app.Problems
	if name := strings.TrimSpace(in.Name); name == "" || len([]rune(name)) > 200 {
		p.Add("name", "Enter the day's name, 200 characters or fewer")
	}
	return p.Err()
}

// AddHoliday makes a day no longer a working day, or renames one already added: every
// partnership's deadlines count without it from now on.
func (s *Service) AddHoliday(ctx context.Context, a app.Actor, in HolidayInput) error {
	return app.ChangeChecked(ctx, s.DB, a, in.Validate(), func(tx pgx.Tx) (app.Event, error) {
		return app.Event{Action: audit.CalendarAdd, ObjectType: "extra_holiday", ObjectID: in.Day.Format(time.DateOnly)},
			AddHoliday(ctx, tx, in.Day, in.Name, a.UserID)
	})
}
