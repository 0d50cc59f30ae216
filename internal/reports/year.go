package reports

import (
	"fmt"
	"strconv"
	"time"
)

// Year is a reporting year of the yearly report: April to March, as the partnerships' budgets and
// their published yearly reports run (seed 002 covers 1 April 2023 to 31 March 2024). Its key is
// the year it starts in: 2025 is April 2025 to March 2026.
type Year int

// YearOf returns the reporting year day falls in.
func YearOf(day time.Time) Year {
	if day.Month() >= time.April {
		return Year(day.Year())
	}
	return Year(day.Year() - 1)
}

// ParseYear reads a year's key, such as 2025.
func ParseYear(key string) (Year, bool) {
	if len(key) != 4 {
		return 0, false
	}
	y, err := strconv.Atoi(key)
	if err != nil || y < 2000 || y > 2999 {
		return 0, false
	}
	return Year(y), true
}

// Start is the year's first day.
func (y Year) Start() time.Time { return time.Date(int(y), time.April, 1, 0, 0, 0, 0, time.UTC) }

// End is the year's last day.
func (y Year) End() time.Time { return y.Start().AddDate(1, 0, -1) }

// Short names the year as reports do: "2025/26".
func (y Year) Short() string { return fmt.Sprintf("%d/%02d", int(y), (int(y)+1)%100) }

// Quarters are the year's four quarters, in order.
func (y Year) Quarters() []Quarter {
	return []Quarter{{int(y), 1}, {int(y), 2}, {int(y), 3}, {int(y), 4}}
}

// Period is the year as a report's period: "2025/26 (April 2025 to March 2026)".
func (y Year) Period() Period {
	s, e := y.Start(), y.End()
	return Period{Key: strconv.Itoa(int(y)), Start: s, End: e,
		Label: fmt.Sprintf("%s (%s to %s)", y.Short(), s.Format("January 2006"), e.Format("January 2006"))}
}
