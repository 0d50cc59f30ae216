package library

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/database"
)

// The library's filters besides words and kind: the year of publication and a partnership
// priority, each offered as a bounded list (Years, Priorities).
//
// A priority is a partnership's own words (partnership_priority), matched whatever their case, so
// that "Neglect" finds every partnership's neglect. The arrangements and a yearly report cover
// every priority of their partnership; a local CSPR bears on the priorities the Engine Room tagged
// it with (cspr_priority, internal/reviews). Other published documents carry none.

// MaxYear is the largest year the filter reads; anything larger is not a year of publication.
const MaxYear = 9999

// maxPriority is the longest priority, in characters, as partnership_priority allows.
const maxPriority = 200

// Messages of the filters that cannot be read: each asks for a choice from the list offered.
const (
	ErrYear     = "Choose a year from the list"
	ErrPriority = "Choose a priority from the list"
)

// partnershipsHolding selects the partnerships whose list of priorities holds the priority
// parameter %s, whatever its case, through partnership_priority_title.
const partnershipsHolding = `SELECT partnership_id FROM partnership_priority WHERE lower(title) = lower(%s)`

// Filters are the library's filters as given in an address: text, each read by Query.
type Filters struct {
	Words       string
	Partnership string // a partnership's slug
	Year        string
	Priority    string
	Kind        string
	After       string // a cursor (Cursor.String)
}

// Query reads the filters into a query, naming every one that cannot be searched in the order of
// the library's form. partnerships are the installation's, by slug.
func (f Filters) Query(partnerships map[string]int64) (Query, error) {
	q := Query{Words: f.Words, Priority: strings.TrimSpace(f.Priority), Kind: f.Kind, After: ParseCursor(f.After)}
	var p app.Problems
	q.validateWords(&p)
	if f.Partnership != "" {
		if q.PartnershipID = partnerships[f.Partnership]; q.PartnershipID == 0 {
			p.Add("partnership", "Choose a partnership from the list")
		}
	}
	if y := strings.TrimSpace(f.Year); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < 1 || n > MaxYear {
			n = -1 // refused by validate, in its place on the form
		}
		q.Year = n
	}
	q.validateFilters(&p)
	if p.Err() != nil {
		q.Year = 0
	}
	return q, p.Err()
}

// maxYears bounds the year filter's list: two centuries of publications.
const maxYears = 200

// yearsSQL lists the years, newest first, from this year ($1's) back to the first publication's
// (at most maxYears), that hold an item public by $1, as the sources select them. Each year is a
// probe of each source's index on its publication date, and the first publication's year each
// index's last entry.
var yearsSQL = `SELECT y FROM generate_series(extract(year FROM $1::date)::int,
		greatest(extract(year FROM $1::date)::int - ` + strconv.Itoa(maxYears-1) + `, extract(year FROM least(
			(SELECT min(published_on) FROM document_version WHERE published_on IS NOT NULL),
			(SELECT min(published_on) FROM report WHERE published_on IS NOT NULL),
			(SELECT min(published_on) FROM local_cspr WHERE published_on IS NOT NULL)))::int), -1) AS y
	WHERE EXISTS (SELECT 1 FROM document_version v WHERE v.published_on >= make_date(y, 1, 1) AND v.published_on < make_date(y + 1, 1, 1)
			AND v.published_on <= $1 AND ` + currentVersion + `)
		OR EXISTS (SELECT 1 FROM report r WHERE r.published_on >= make_date(y, 1, 1) AND r.published_on < make_date(y + 1, 1, 1) AND r.published_on <= $1)
		OR EXISTS (SELECT 1 FROM local_cspr c WHERE c.published_on >= make_date(y, 1, 1) AND c.published_on < make_date(y + 1, 1, 1) AND c.published_on <= $1)
	ORDER BY y DESC`

// Years returns the years that hold something public by today, newest first, for the filter.
func Years(ctx context.Context, db database.Querier, today time.Time) ([]int, error) {
	return database.Values[int](ctx, db, "library: years", yearsSQL, today)
}

// maxPriorities bounds the priority filter's list.
const maxPriorities = 200

// prioritiesSQL is every distinct priority of the installation, whatever its case, in
// alphabetical order: the partnerships' lists and the tags of reviews (whose priority a
// partnership may have renamed since), merged through their indexes on lower(title).
var prioritiesSQL = `SELECT DISTINCT ON (lower(title)) title FROM (
		SELECT title FROM partnership_priority UNION ALL SELECT title FROM cspr_priority) AS p
	ORDER BY lower(title), title LIMIT ` + strconv.Itoa(maxPriorities)

// Priorities returns the priorities the filter offers.
func Priorities(ctx context.Context, db database.Querier) ([]string, error) {
	return database.Values[string](ctx, db, "library: priorities", prioritiesSQL)
}

// Filter is what the library's form offers: the years that hold something published and the
// installation's priorities.
type Filter struct {
	Years      []int
	Priorities []string
}

// Filter returns the choices of the library's form.
func (s *Service) Filter(ctx context.Context) (Filter, error) {
	years, err := Years(ctx, s.DB, s.Today())
	if err != nil {
		return Filter{}, err
	}
	prios, err := Priorities(ctx, s.DB)
	return Filter{Years: years, Priorities: prios}, err
}
