package reports

import (
	"fmt"
	"strconv"
	"time"
)

// Period is what a report covers: its key in addresses and the database (2026-Q3), its words
// and its first and last days (both included).
type Period struct {
	Key   string
	Label string
	Start time.Time
	End   time.Time
}

// Quarter is a quarter of the financial year, which runs from April to March: quarter 1 is April
// to June of Year, quarter 4 January to March of Year+1. Partnerships' yearly reports and budgets
// run on that year, so its quarters are the Executive's.
type Quarter struct {
	Year int // the year the financial year starts in
	N    int // 1 to 4
}

// QuarterOf returns the quarter day falls in.
func QuarterOf(day time.Time) Quarter {
	m := int(day.Month())
	if m >= 4 {
		return Quarter{Year: day.Year(), N: (m-4)/3 + 1}
	}
	return Quarter{Year: day.Year() - 1, N: 4}
}

// ParseQuarter reads a quarter's key, such as 2026-Q3.
func ParseQuarter(key string) (Quarter, bool) {
	if len(key) != 7 || key[4:6] != "-Q" {
		return Quarter{}, false
	}
	y, err := strconv.Atoi(key[:4])
	n := int(key[6] - '0')
	if err != nil || y < 2000 || y > 2999 || n < 1 || n > 4 {
		return Quarter{}, false
	}
	return Quarter{Year: y, N: n}, true
}

// Start is the quarter's first day.
func (q Quarter) Start() time.Time {
	return time.Date(q.Year, time.April, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 3*(q.N-1), 0)
}

// End is the quarter's last day.
func (q Quarter) End() time.Time { return q.Start().AddDate(0, 3, -1) }

// Prev is the quarter before.
func (q Quarter) Prev() Quarter {
	if q.N == 1 {
		return Quarter{Year: q.Year - 1, N: 4}
	}
	return Quarter{Year: q.Year, N: q.N - 1}
}

// Key names the quarter in addresses: 2026-Q3.
func (q Quarter) Key() string { return fmt.Sprintf("%d-Q%d", q.Year, q.N) }

// Short names the quarter in a chart or table: "Q3 2026-27".
func (q Quarter) Short() string { return fmt.Sprintf("Q%d %d-%02d", q.N, q.Year, (q.Year+1)%100) }

// Period is the quarter as a report's period: "Quarter 3 of 2026-27 (October to December 2026)".
func (q Quarter) Period() Period {
	s, e := q.Start(), q.End()
	return Period{Key: q.Key(), Start: s, End: e,
		Label: fmt.Sprintf("Quarter %d of %d-%02d (%s to %s)", q.N, q.Year, (q.Year+1)%100, s.Format("January"), e.Format("January 2006"))}
}
