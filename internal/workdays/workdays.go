// Package workdays counts working days in England and Wales: weekdays that are not bank holidays.
// Bank holidays are computed by rule (New Year's Day, Good Friday, Easter Monday, the early May,
// spring and summer bank holidays, Christmas Day and Boxing Day, with substitute days when they
// fall at a weekend), with the one-off changes made by proclamation in past years, and any extra
// days an administrator adds. It is a pure package: no clock, no database.
//
// Statutory deadlines count working days after the day of the event: "within 15 working days of
// the notification" is the 15th working day after the day of the notification, which is day 0.
package workdays

import (
	"fmt"
	"sort"
	"sync"
	"time"
)

// Holiday is a day that is not a working day although it is a weekday.
type Holiday struct {
	Date time.Time // midnight UTC of the day
	Name string
}

// Calendar answers questions about working days.
type Calendar struct {
	extra map[time.Time]string
}

// New returns a calendar of England and Wales's bank holidays plus the extra days given (days the
// system administrator adds, such as a new one-off bank holiday announced after this release).
func New(extra ...Holiday) *Calendar {
	c := &Calendar{extra: map[time.Time]string{}}
	for _, h := range extra {
		c.extra[Day(h.Date)] = h.Name
	}
	return c
}

// Day returns t's calendar day as midnight UTC, the form every date in this package takes.
func Day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// easter returns Easter Sunday of year y in the Gregorian calendar (the anonymous Gregorian
// algorithm, also known as Meeus/Jones/Butcher).
func easter(y int) time.Time {
	a := y % 19
	b, c := y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return date(y, time.Month(month), day)
}

// firstMonday returns the first Monday of month m of year y.
func firstMonday(y int, m time.Month) time.Time {
	d := date(y, m, 1)
	return d.AddDate(0, 0, (8-int(d.Weekday()))%7)
}

// lastMonday returns the last Monday of month m of year y.
func lastMonday(y int, m time.Month) time.Time {
	d := date(y, m+1, 1).AddDate(0, 0, -1)
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}

// moved are the years in which a bank holiday was moved from its usual day by proclamation.
var moved = map[int]map[string]time.Time{
	1995: {"Early May bank holiday": date(1995, time.May, 8)}, // 50th anniversary of VE Day
	2002: {"Spring bank holiday": date(2002, time.June, 4)},   // Golden Jubilee
	2012: {"Spring bank holiday": date(2012, time.June, 4)},   // Diamond Jubilee
	2020: {"Early May bank holiday": date(2020, time.May, 8)}, // 75th anniversary of VE Day
	2022: {"Spring bank holiday": date(2022, time.June, 2)},   // Platinum Jubilee
}

// oneOff are extra bank holidays proclaimed for a single year.
var oneOff = []Holiday{
	{date(1999, time.December, 31), "Millennium celebrations"},
	{date(2002, time.June, 3), "Queen's Golden Jubilee"},
	{date(2011, time.April, 29), "Royal wedding"},
	{date(2012, time.June, 5), "Queen's Diamond Jubilee"},
	{date(2022, time.June, 3), "Platinum Jubilee bank holiday"},
	{date(2022, time.September, 19), "State Funeral of Queen Elizabeth II"},
	{date(2023, time.May, 8), "Bank holiday for the coronation of King Charles III"},
}

// BankHolidays returns England and Wales's bank holidays of year y by rule, with the one-off
// changes of past years, in date order. Extra days added to a calendar are not included.
func BankHolidays(y int) []Holiday {
	e := easter(y)
	usual := map[string]time.Time{
		"Early May bank holiday": firstMonday(y, time.May),
		"Spring bank holiday":    lastMonday(y, time.May),
	}
	for name, d := range moved[y] {
		usual[name] = d
	}
	hs := []Holiday{
		{substitute(date(y, time.January, 1)), "New Year's Day"},
		{e.AddDate(0, 0, -2), "Good Friday"},
		{e.AddDate(0, 0, 1), "Easter Monday"},
		{usual["Early May bank holiday"], "Early May bank holiday"},
		{usual["Spring bank holiday"], "Spring bank holiday"},
		{lastMonday(y, time.August), "Summer bank holiday"},
	}
	// Christmas Day and Boxing Day: a day falling at a weekend moves to the next weekday that is
	// not already a holiday.
	christmas, boxing := date(y, time.December, 25), date(y, time.December, 26)
	switch christmas.Weekday() {
	case time.Friday: // Boxing Day on Saturday moves to Monday
		boxing = date(y, time.December, 28)
	case time.Saturday: // both move: Monday and Tuesday
		christmas, boxing = date(y, time.December, 27), date(y, time.December, 28)
	case time.Sunday: // Boxing Day stays on Monday, Christmas moves to Tuesday
		christmas = date(y, time.December, 27)
	}
	hs = append(hs, Holiday{christmas, "Christmas Day"}, Holiday{boxing, "Boxing Day"})
	for _, h := range oneOff {
		if h.Date.Year() == y {
			hs = append(hs, h)
		}
	}
	sort.Slice(hs, func(i, j int) bool { return hs[i].Date.Before(hs[j].Date) })
	return hs
}

// substitute moves a day that falls at a weekend to the Monday after.
func substitute(d time.Time) time.Time {
	switch d.Weekday() {
	case time.Saturday:
		return d.AddDate(0, 0, 2)
	case time.Sunday:
		return d.AddDate(0, 0, 1)
	}
	return d
}

// Holidays returns the bank holidays and extra days of year y, in date order.
func (c *Calendar) Holidays(y int) []Holiday {
	hs := BankHolidays(y)
	for d, name := range c.extra {
		if d.Year() == y {
			hs = append(hs, Holiday{d, name})
		}
	}
	sort.Slice(hs, func(i, j int) bool { return hs[i].Date.Before(hs[j].Date) })
	return hs
}

// Holiday returns the name of the holiday on t's day, or "".
func (c *Calendar) Holiday(t time.Time) string {
	d := Day(t)
	if name, ok := c.extra[d]; ok {
		return name
	}
	return bankHolidaysOn(d.Year())[d]
}

// byYear holds each year's bank holidays by day once worked out: they are a pure function of the
// year, and working them out again for every day asked about made long spans cost a year's rules
// per day (issue #15).
var byYear sync.Map // int -> map[time.Time]string

// bankHolidaysOn returns year y's bank holidays by day, worked out once per process.
func bankHolidaysOn(y int) map[time.Time]string {
	if m, ok := byYear.Load(y); ok {
		return m.(map[time.Time]string)
	}
	m := map[time.Time]string{}
	for _, h := range BankHolidays(y) {
		m[h.Date] = h.Name
	}
	byYear.Store(y, m)
	return m
}

// IsWorkingDay reports whether t's day is a weekday and not a holiday.
func (c *Calendar) IsWorkingDay(t time.Time) bool {
	switch t.Weekday() {
	case time.Saturday, time.Sunday:
		return false
	}
	return c.Holiday(t) == ""
}

// Add returns the n-th working day after t's day (n >= 0; Add(t, 0) is t's day itself).
func (c *Calendar) Add(t time.Time, n int) time.Time {
	d := Day(t)
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		if c.IsWorkingDay(d) {
			n--
		}
	}
	return d
}

// Between counts the working days after from's day up to and including to's day; negative when to
// is before from. Between(from, Add(from, n)) is n. It counts weekdays by arithmetic and takes
// away the holidays of the years spanned, so its cost grows with the years between, not the days.
func (c *Calendar) Between(from, to time.Time) int {
	a, b := Day(from), Day(to)
	sign := 1
	if b.Before(a) {
		a, b, sign = b, a, -1
	}
	n := weekdaysThrough(b) - weekdaysThrough(a)
	for y := a.Year(); y <= b.Year(); y++ {
		for d := range bankHolidaysOn(y) {
			if d.After(a) && !d.After(b) && isWeekday(d) {
				n--
			}
		}
	}
	for d, name := range c.extra { // as Holiday: an extra day's name wins over a bank holiday's
		if !d.After(a) || d.After(b) || !isWeekday(d) {
			continue
		}
		switch bank := bankHolidaysOn(d.Year())[d]; {
		case name != "" && bank == "":
			n--
		case name == "" && bank != "":
			n++
		}
	}
	return sign * n
}

// isWeekday reports whether d is Monday to Friday.
func isWeekday(d time.Time) bool { return d.Weekday() != time.Saturday && d.Weekday() != time.Sunday }

// epoch is a Monday long before any date the portal holds, from which weekdays are counted.
var epoch = date(1970, time.January, 5)

// weekdaysThrough counts the weekdays from epoch up to and including d (d on or after epoch; an
// earlier day gives a count that still differs correctly from a later one's).
func weekdaysThrough(d time.Time) int {
	days := int(d.Sub(epoch).Hours()) / 24 // whole days: every date here is midnight UTC
	weeks, rest := floorDiv(days, 7)
	return weeks*5 + min(rest+1, 5)
}

// floorDiv divides rounding towards minus infinity, with the remainder in [0, d).
func floorDiv(n, d int) (int, int) {
	q, r := n/d, n%d
	if r < 0 {
		q, r = q-1, r+d
	}
	return q, r
}

// Deadline is a due date with the rule that produced it, so a reader sees why it falls when it
// does: "15 working days from the notification on 3 March 2026".
type Deadline struct {
	Days       int       // working days allowed
	StartEvent string    // what starts the clock, e.g. "the notification"
	Start      time.Time // the day of that event
	Due        time.Time // the last day
}

// Deadline returns the deadline n working days after the event on start.
func (c *Calendar) Deadline(n int, event string, start time.Time) Deadline {
	return Deadline{Days: n, StartEvent: event, Start: Day(start), Due: c.Add(start, n)}
}

// Rule says how the deadline was worked out.
func (d Deadline) Rule() string {
	return fmt.Sprintf("%d working days from %s on %s", d.Days, d.StartEvent, d.Start.Format("2 January 2006"))
}

// DaysLeft is the number of working days from today until the deadline: 0 on the day it is due,
// negative once it has passed (how many working days over).
func (c *Calendar) DaysLeft(d Deadline, today time.Time) int {
	return c.Between(today, d.Due)
}

// NonWorkingWeekdays returns the weekdays from from's day to to's day, both included, that are not
// working days (bank holidays and the extra days), in date order: what a query over many dates
// needs to count working days in the database (issue #15) rather than load every row to ask here.
func (c *Calendar) NonWorkingWeekdays(from, to time.Time) []time.Time {
	a, b := Day(from), Day(to)
	var out []time.Time
	seen := map[time.Time]bool{}
	add := func(d time.Time) {
		if !seen[d] && !d.Before(a) && !d.After(b) && isWeekday(d) && !c.IsWorkingDay(d) {
			seen[d] = true
			out = append(out, d)
		}
	}
	for y := a.Year(); y <= b.Year(); y++ {
		for d := range bankHolidaysOn(y) {
			add(d)
		}
	}
	for d := range c.extra {
		add(d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Before(out[j]) })
	return out
}
