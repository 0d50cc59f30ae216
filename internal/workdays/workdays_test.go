package workdays

import (
	"strings"
	"testing"
	"time"
)

// published are England and Wales's bank holidays as GOV.UK published them (and, for the years
// still to come, as the rules give them), day and month.
var published = map[int][]string{
	2018: {"1 Jan", "30 Mar", "2 Apr", "7 May", "28 May", "27 Aug", "25 Dec", "26 Dec"},
	2019: {"1 Jan", "19 Apr", "22 Apr", "6 May", "27 May", "26 Aug", "25 Dec", "26 Dec"},
	2020: {"1 Jan", "10 Apr", "13 Apr", "8 May", "25 May", "31 Aug", "25 Dec", "28 Dec"},
	2021: {"1 Jan", "2 Apr", "5 Apr", "3 May", "31 May", "30 Aug", "27 Dec", "28 Dec"},
	2022: {"3 Jan", "15 Apr", "18 Apr", "2 May", "2 Jun", "3 Jun", "29 Aug", "19 Sep", "26 Dec", "27 Dec"},
	2023: {"2 Jan", "7 Apr", "10 Apr", "1 May", "8 May", "29 May", "28 Aug", "25 Dec", "26 Dec"},
	2024: {"1 Jan", "29 Mar", "1 Apr", "6 May", "27 May", "26 Aug", "25 Dec", "26 Dec"},
	2025: {"1 Jan", "18 Apr", "21 Apr", "5 May", "26 May", "25 Aug", "25 Dec", "26 Dec"},
	2026: {"1 Jan", "3 Apr", "6 Apr", "4 May", "25 May", "31 Aug", "25 Dec", "28 Dec"},
	2027: {"1 Jan", "26 Mar", "29 Mar", "3 May", "31 May", "30 Aug", "27 Dec", "28 Dec"},
	2028: {"3 Jan", "14 Apr", "17 Apr", "1 May", "29 May", "28 Aug", "25 Dec", "26 Dec"},
	2029: {"1 Jan", "30 Mar", "2 Apr", "7 May", "28 May", "27 Aug", "25 Dec", "26 Dec"},
	2030: {"1 Jan", "19 Apr", "22 Apr", "6 May", "27 May", "26 Aug", "25 Dec", "26 Dec"},
	// Years of one-off changes before 2018.
	2011: {"3 Jan", "22 Apr", "25 Apr", "29 Apr", "2 May", "30 May", "29 Aug", "26 Dec", "27 Dec"},
	2012: {"2 Jan", "6 Apr", "9 Apr", "7 May", "4 Jun", "5 Jun", "27 Aug", "25 Dec", "26 Dec"},
}

func TestBankHolidaysMatchThePublishedLists(t *testing.T) {
	for year, days := range published {
		var got []string
		for _, h := range BankHolidays(year) {
			got = append(got, h.Date.Format("2 Jan"))
		}
		if strings.Join(got, ", ") != strings.Join(days, ", ") {
			t.Errorf("%d:\n got  %s\n want %s", year, strings.Join(got, ", "), strings.Join(days, ", "))
		}
	}
}

func TestEveryHolidayOfEveryYearIsAWeekday(t *testing.T) {
	for y := 1990; y <= 2100; y++ {
		hs := BankHolidays(y)
		if len(hs) < 8 {
			t.Errorf("%d has %d bank holidays", y, len(hs))
		}
		seen := map[time.Time]bool{}
		for _, h := range hs {
			if wd := h.Date.Weekday(); wd == time.Saturday || wd == time.Sunday {
				t.Errorf("%d: %s falls on a %s", y, h.Name, wd)
			}
			if seen[h.Date] {
				t.Errorf("%d: two holidays on %s", y, h.Date.Format(time.DateOnly))
			}
			seen[h.Date] = true
		}
	}
}

func day(s string) time.Time {
	d, err := time.Parse("2 January 2006", s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestWorkingDayArithmetic(t *testing.T) {
	c := New()
	cases := []struct {
		start string
		n     int
		due   string
		why   string
	}{
		{"2 March 2026", 15, "23 March 2026", "three plain weeks"},
		{"27 March 2026", 15, "21 April 2026", "across Good Friday and Easter Monday 2026"},
		{"1 April 2026", 5, "10 April 2026", "5 working days across Easter"},
		{"15 December 2026", 15, "8 January 2027", "across Christmas, Boxing Day (moved to the 28th) and New Year"},
		{"27 May 2022", 5, "7 June 2022", "across the Platinum Jubilee (the spring bank holiday moved off 30 May)"},
		{"5 May 2023", 1, "9 May 2023", "across the coronation bank holiday"},
		{"7 May 2020", 1, "11 May 2020", "VE Day moved the early May bank holiday to a Friday"},
		{"16 September 2022", 1, "20 September 2022", "the State Funeral"},
		{"6 November 2026", 0, "6 November 2026", "the day itself"},
		{"7 November 2026", 1, "9 November 2026", "from a Saturday"},
	}
	for _, tc := range cases {
		if got := c.Add(day(tc.start), tc.n); !got.Equal(day(tc.due)) {
			t.Errorf("%d working days after %s (%s) = %s; want %s", tc.n, tc.start, tc.why, got.Format("2 January 2006"), tc.due)
		}
		if got := c.Between(day(tc.start), day(tc.due)); got != tc.n {
			t.Errorf("Between(%s, %s) = %d; want %d", tc.start, tc.due, got, tc.n)
		}
	}
}

func TestAddAndBetweenAgreeOverManyYears(t *testing.T) {
	c := New()
	for d := day("1 January 2018"); d.Year() <= 2030; d = d.AddDate(0, 0, 7) {
		for _, n := range []int{1, 5, 15} {
			due := c.Add(d, n)
			if !c.IsWorkingDay(due) {
				t.Fatalf("Add(%s, %d) = %s, not a working day", d.Format(time.DateOnly), n, due.Format(time.DateOnly))
			}
			if got := c.Between(d, due); got != n {
				t.Fatalf("Between(%s, Add(%d)) = %d", d.Format(time.DateOnly), n, got)
			}
			if back := c.Between(due, d); back != -n {
				t.Fatalf("Between backwards = %d; want %d", back, -n)
			}
		}
	}
}

func TestExtraDaysFromTheAdministrator(t *testing.T) {
	extra := Holiday{Date: day("9 November 2026"), Name: "A day of national mourning"}
	c := New(extra)
	if c.IsWorkingDay(extra.Date) || c.Holiday(extra.Date) != extra.Name {
		t.Fatal("the extra day is a working day")
	}
	if got := c.Add(day("6 November 2026"), 1); !got.Equal(day("10 November 2026")) {
		t.Errorf("next working day = %s", got.Format(time.DateOnly))
	}
	if New().IsWorkingDay(extra.Date) != true {
		t.Error("an extra day leaked into another calendar")
	}
	if hs := c.Holidays(2026); len(hs) != 9 {
		t.Errorf("2026 with the extra day has %d holidays; want 9", len(hs))
	}
}

func TestDeadlineSaysHowItWasWorkedOut(t *testing.T) {
	c := New()
	d := c.Deadline(15, "the notification", day("3 March 2026"))
	if d.Rule() != "15 working days from the notification on 3 March 2026" {
		t.Errorf("Rule() = %q", d.Rule())
	}
	if !d.Due.Equal(day("24 March 2026")) {
		t.Errorf("due %s", d.Due.Format(time.DateOnly))
	}
	if left := c.DaysLeft(d, day("20 March 2026")); left != 2 {
		t.Errorf("days left on Friday 20 March = %d; want 2", left)
	}
	if left := c.DaysLeft(d, day("26 March 2026")); left != -2 {
		t.Errorf("days left two working days late = %d; want -2", left)
	}
}

// TestBetweenAgreesWithCountingDayByDay holds the arithmetic count to the plain one, across
// weekends, bank holidays, extra days and years, both ways.
func TestBetweenAgreesWithCountingDayByDay(t *testing.T) {
	c := New(Holiday{Date: day("4 March 2026"), Name: "Extra"}, Holiday{Date: day("25 December 2026"), Name: "Also Christmas"})
	byDay := func(a, b time.Time) int {
		sign := 1
		if b.Before(a) {
			a, b, sign = b, a, -1
		}
		n := 0
		for d := a.AddDate(0, 0, 1); !d.After(b); d = d.AddDate(0, 0, 1) {
			if c.IsWorkingDay(d) {
				n++
			}
		}
		return sign * n
	}
	start := day("20 December 2024")
	for i := 0; i < 60; i++ {
		a := start.AddDate(0, 0, i*11)
		for _, span := range []int{0, 1, 2, 5, 6, 7, 13, 40, 400, 800} {
			b := a.AddDate(0, 0, span)
			if got, want := c.Between(a, b), byDay(a, b); got != want {
				t.Fatalf("Between(%s, %s) = %d; want %d", a.Format(time.DateOnly), b.Format(time.DateOnly), got, want)
			}
			if got, want := c.Between(b, a), byDay(b, a); got != want {
				t.Fatalf("Between(%s, %s) = %d; want %d", b.Format(time.DateOnly), a.Format(time.DateOnly), got, want)
			}
		}
	}
}

func BenchmarkBetweenAYear(b *testing.B) {
	c := New()
	from, to := day("6 January 2025"), day("6 January 2026")
	for b.Loop() {
		c.Between(from, to)
	}
}
