package reports

import (
	"fmt"
	"strconv"
	"time"
)

// Year is a reporting year of the yearly report, keyed by the year it starts in. When it starts
// is the partnership's (YearStart): April to March unless it set another, as the partnerships'
// budgets and their published yearly reports mostly run (seed 002 covers 1 April 2023 to 31 March
// 2024). With April, 2025 is April 2025 to March 2026; with January, 2025 is the calendar year.
type Year int

// YearStart is the month a partnership's reporting year starts in.
type YearStart time.Month

// April is the reporting year's start unless a partnership sets another.
const April = YearStart(time.April)

// StartOf reads a partnership's setting (1 to 12); anything else is April.
func StartOf(month int) YearStart {
	if month < 1 || month > 12 {
		return April
	}
	return YearStart(month)
}

// YearOf returns the reporting year, starting in month m, that day falls in.
func YearOf(day time.Time, m YearStart) Year {
	if day.Month() >= time.Month(m) {
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

// Start is the year's first day when it starts in month m.
func (y Year) Start(m YearStart) time.Time {
	return time.Date(int(y), time.Month(m), 1, 0, 0, 0, 0, time.UTC)
}

// End is the year's last day when it starts in month m.
func (y Year) End(m YearStart) time.Time { return y.Start(m).AddDate(1, 0, -1) }

// Short names the year as reports do: "2025/26", or "2025" for a year that is a calendar year.
func (y Year) Short(m YearStart) string {
	if time.Month(m) == time.January {
		return strconv.Itoa(int(y))
	}
	return fmt.Sprintf("%d/%02d", int(y), (int(y)+1)%100)
}

// Spans are the year's four spans of three months from its start, in order (its quarters, which
// are the financial quarters when the year starts in April).
func (y Year) Spans(m YearStart) []Span {
	s := y.Start(m)
	spans := make([]Span, 4)
	for i := range spans {
		from := s.AddDate(0, 3*i, 0)
		spans[i] = Span{N: i + 1, Start: from, End: from.AddDate(0, 3, -1)}
	}
	return spans
}

// Span is three months of a reporting year: its number in the year (1 to 4) and its days.
type Span struct {
	N          int
	Start, End time.Time
}

// Label names the span in a chart or table: "Q3 (October to December 2025)".
func (s Span) Label() string {
	return fmt.Sprintf("Q%d (%s to %s)", s.N, s.Start.Format("January"), s.End.Format("January 2006"))
}

// Period is the year as a report's period: "2025/26 (April 2025 to March 2026)".
func (y Year) Period(m YearStart) Period {
	s, e := y.Start(m), y.End(m)
	return Period{Key: strconv.Itoa(int(y)), Start: s, End: e,
		Label: fmt.Sprintf("%s (%s to %s)", y.Short(m), s.Format("January 2006"), e.Format("January 2006"))}
}
