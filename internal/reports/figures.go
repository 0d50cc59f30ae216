package reports

import (
	"time"
)

// Figures are a report's numbers, section by section, as drawn on a day. A draft's are drawn from
// the records whenever it is read; a submitted report keeps the ones drawn when it was submitted,
// stored as JSON, so no later change to a record alters what was reported.
type Figures struct {
	AsAt     time.Time                 // the day the figures describe: the period's last day, or today while it runs
	Sections map[string]SectionFigures // by section key
}

// SectionFigures are one section's numbers, charts and named records.
type SectionFigures struct {
	Figures    []Figure    `json:",omitempty"`
	Charts     []Chart     `json:",omitempty"`
	Highlights []Highlight `json:",omitempty"`
}

// Figure is one count, with the records it counts.
type Figure struct {
	Key     string // stable across versions, for the CSV and for comparing versions
	Label   string
	Value   int
	Of      int `json:",omitempty"` // the whole Value is part of, when the figure is a share ("3 of 5")
	Records Records
}

// Chart is a trend over periods: each point a count and the whole it is part of.
type Chart struct {
	Key     string
	Title   string
	Measure string // what a point's value counts, as a table heading: "Rated green"
	Whole   string // what its whole counts: "Evidence recorded"
	Points  []Point
	Records Records
}

// Point is one period of a chart.
type Point struct {
	Label string
	Value int
	Of    int
}

// Share is the point's value as a whole percentage of its whole, and false when there is no whole.
func (p Point) Share() (int, bool) {
	if p.Of == 0 {
		return 0, false
	}
	return (p.Value*100 + p.Of/2) / p.Of, true
}

// Highlight is one record a section names: learning signed off, a theme closed.
type Highlight struct {
	Text    string
	Records Records
}

// The lists of records a figure can lead to. The page links a figure to its list, filtered where
// the list has the filter, for those the access policy lets follow it.
const (
	ListInbox           = "inbox"           // requests sent to the partnership
	ListThemes          = "themes"          // the theme register
	ListCommissions     = "commissions"     // commissioned learning
	ListRecommendations = "recommendations" // recommendations, their actions and evidence of impact
	ListReviews         = "reviews"         // rapid reviews and local CSPRs
)

// Records names the records behind a figure: a list and what it is filtered on, or one record.
type Records struct {
	List   string
	ID     int64      `json:",omitempty"` // one record of the list's kind (a theme, a commission)
	Kind   string     `json:",omitempty"` // the kind of record, for a list that holds several (kloe, cspr)
	Status string     `json:",omitempty"`
	From   *time.Time `json:",omitempty"` // the first and last days the records fall on
	To     *time.Time `json:",omitempty"`
}

// within is Records of list over the period's days.
func within(list, kind string, p Period) Records {
	from, to := p.Start, p.End
	return Records{List: list, Kind: kind, From: &from, To: &to}
}
