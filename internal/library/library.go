// Package library is the public library of learning across every partnership of the
// installation: the published arrangements and other documents (their current version), the
// published yearly reports and the published local child safeguarding practice reviews (only
// their learning summary and redacted report). It only reads, and only what is public by today:
// the pages, the Atom feeds and the sitemap that need no sign-in are drawn from it.
//
// Words are searched with PostgreSQL's full text search (websearch_to_tsquery over each source's
// GIN-indexed tsvector, migration 00019); lists are newest first and paged by key, never by offset.
package library

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/database"
)

// Kinds of what the library holds.
const (
	Arrangements = "arrangements"  // a partnership's safeguarding arrangements
	Document     = "document"      // another published document: threshold statement, policies
	YearlyReport = "yearly_report" // a published yearly report
	Review       = "review"        // a published local child safeguarding practice review
)

// Kinds are the library's kinds in words, in the order its filter offers them.
var Kinds = app.Choices{
	{Value: Arrangements, Label: "Safeguarding arrangements"},
	{Value: YearlyReport, Label: "Yearly reports"},
	{Value: Review, Label: "Local child safeguarding practice reviews"},
	{Value: Document, Label: "Other published documents"},
}

// Item is a published thing in the library. Ref names it within its partnership: the document's
// slug, the report's year, the review's id.
type Item struct {
	Kind        string
	ID          int64
	Partnership string // its name
	Slug        string // its partnership's
	Title       string
	Ref         string
	PublishedOn time.Time
	Summary     string // the review's learning summary, shortened; "" for others
}

// Cursor is where a page of the library ends: the next page starts after it.
type Cursor struct {
	PublishedOn time.Time
	Kind        string
	ID          int64
}

// String writes the cursor for an address: 2026-06-30~yearly_report~12.
func (c Cursor) String() string {
	return c.PublishedOn.Format(time.DateOnly) + "~" + c.Kind + "~" + strconv.FormatInt(c.ID, 10)
}

// ParseCursor reads a cursor from an address; anything unreadable is no cursor (the first page).
func ParseCursor(s string) *Cursor {
	parts := strings.Split(s, "~")
	if len(parts) != 3 || !Kinds.Has(parts[1]) {
		return nil
	}
	day, err := time.Parse(time.DateOnly, parts[0])
	if err != nil {
		return nil
	}
	id, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil || id < 1 {
		return nil
	}
	return &Cursor{PublishedOn: day, Kind: parts[1], ID: id}
}

// Query selects from the library. Empty fields match everything.
type Query struct {
	Words         string // searched as a web search engine would (quoted phrases, or, -word)
	PartnershipID int64
	Year          int    // the calendar year of publication
	Priority      string // a partnership priority, whatever its case (see the package's filters)
	Kind          string
	After         *Cursor
}

// MaxWords is the longest search, in characters.
const MaxWords = 200

// Validate names what cannot be searched, in the order of the library's form.
func (q Query) Validate() error {
	var p app.Problems
	q.validateWords(&p)
	q.validateFilters(&p)
	return p.Err()
}

func (q Query) validateWords(p *app.Problems) {
	switch {
	case !readable(q.Words):
		p.Add("q", "The words hold characters that cannot be searched: type them again")
	case utf8.RuneCountInString(q.Words) > MaxWords:
		p.Add("q", "Search for 200 characters or fewer")
	}
}

// validateFilters checks the filters after the partnership's, in the form's order.
func (q Query) validateFilters(p *app.Problems) {
	if q.Year < 0 || q.Year > MaxYear {
		p.Add("year", ErrYear)
	}
	if !readable(q.Priority) || utf8.RuneCountInString(q.Priority) > maxPriority {
		p.Add("priority", ErrPriority)
	}
	if q.Kind != "" && !Kinds.Has(q.Kind) {
		p.Add("kind", "Choose what to show from the list")
	}
}

// readable is text that PostgreSQL can be asked about: UTF-8 without NUL bytes.
func readable(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }

// PageSize is how many items a page of the library shows.
const PageSize = 20

// Page is a page of the library, and where the next one starts (nil on the last).
type Page struct {
	Items []Item
	Next  *Cursor
}

// The library's sources, each selecting Item's columns (and partnership_id) of what is public by
// $1 (today), with its search condition (%s: the words' parameter), the expression its GIN index
// is on.
type source struct {
	kind   string // "" when the source gives two kinds (documents: arrangements and others)
	sql    string
	search string
	// priority is its condition on a priority (%s: the priority's parameter): the reviews tagged
	// with it; the arrangements and yearly reports of the partnerships that hold it.
	priority string
}

var sources = []source{
	{sql: `SELECT CASE WHEN d.kind = 'arrangements' THEN 'arrangements' ELSE 'document' END AS kind, v.id, p.name, p.slug, d.title,
			d.slug AS ref, v.published_on, '' AS summary, v.partnership_id
		FROM document_version v JOIN document d ON d.id = v.document_id JOIN partnership p ON p.id = v.partnership_id
		WHERE v.published_on <= $1 AND ` + currentVersion,
		search:   `v.search @@ websearch_to_tsquery('english', %s)`,
		priority: `d.kind = 'arrangements' AND v.partnership_id IN (` + partnershipsHolding + `)`},
	{kind: YearlyReport, sql: `SELECT 'yearly_report' AS kind, r.id, p.name, p.slug, 'Yearly report ' || r.period || CASE WHEN extract(month FROM r.period_start) = 1 THEN ''
				ELSE '/' || lpad(((r.period::int + 1) % 100)::text, 2, '0') END,
			r.period AS ref, r.published_on, '' AS summary, r.partnership_id
		FROM report r JOIN partnership p ON p.id = r.partnership_id
		WHERE r.published_on <= $1`,
		search:   `r.search @@ websearch_to_tsquery('english', %s)`,
		priority: `r.partnership_id IN (` + partnershipsHolding + `)`},
	{kind: Review, sql: `SELECT 'review' AS kind, c.id, p.name, p.slug, rr.title, c.id::text AS ref, c.published_on, left(c.learning_summary, 400) AS summary, c.partnership_id
		FROM local_cspr c JOIN rapid_review rr ON rr.id = c.review_id JOIN partnership p ON p.id = c.partnership_id
		WHERE c.published_on <= $1`,
		search:   `to_tsvector('english', c.reference || ' ' || c.learning_summary || ' ' || c.redacted_report) @@ websearch_to_tsquery('english', %s)`,
		priority: `c.id IN (SELECT cspr_id FROM cspr_priority WHERE lower(title) = lower(%s))`},
}

// currentVersion is the condition on a published document version v that it is its document's
// current one by $1: the only version the library holds.
const currentVersion = `NOT EXISTS (SELECT 1 FROM document_version n WHERE n.document_id = v.document_id AND n.published_on <= $1 AND n.number > v.number)`

// searchSQL is Search's query and its arguments: the sources q names, each searched through its
// own index when there are words, filtered, after q's cursor, a page and one more.
func searchSQL(q Query, today time.Time) (string, []any) {
	args := []any{today}
	param := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	var words, priority string
	if w := strings.TrimSpace(q.Words); w != "" {
		words = param(w)
	}
	if pr := strings.TrimSpace(q.Priority); pr != "" {
		priority = param(pr)
	}
	var parts []string
	for _, s := range sources {
		if q.Kind != "" && s.kind != "" && s.kind != q.Kind {
			continue
		}
		sql := s.sql
		if words != "" {
			sql += " AND " + fmt.Sprintf(s.search, words)
		}
		if priority != "" {
			sql += " AND " + strings.ReplaceAll(s.priority, "%s", priority)
		}
		parts = append(parts, sql)
	}
	where := []string{"true"}
	if q.Year != 0 {
		year := param(q.Year)
		where = append(where, fmt.Sprintf("published_on >= make_date(%s::int, 1, 1) AND published_on < make_date(%s::int + 1, 1, 1)", year, year))
	}
	if q.Kind != "" {
		args = append(args, q.Kind)
		where = append(where, fmt.Sprintf("kind = $%d", len(args)))
	}
	if q.PartnershipID != 0 {
		args = append(args, q.PartnershipID)
		where = append(where, fmt.Sprintf("partnership_id = $%d", len(args)))
	}
	if q.After != nil {
		args = append(args, q.After.PublishedOn, q.After.Kind, q.After.ID)
		where = append(where, fmt.Sprintf("(published_on, kind, id) < ($%d::date, $%d::text, $%d::bigint)", len(args)-2, len(args)-1, len(args)))
	}
	args = append(args, PageSize+1)
	sql := `SELECT kind, id, name, slug, title, ref, published_on, summary FROM (` + strings.Join(parts, "\nUNION ALL\n") + `) AS i
		WHERE ` + strings.Join(where, " AND ") + fmt.Sprintf(` ORDER BY published_on DESC, kind DESC, id DESC LIMIT $%d`, len(args))
	return sql, args
}

// Search returns a page of the library as q selects it, newest first, in one query. The SQL is
// put together from the fixed pieces above, so each source is searched through its own index.
func Search(ctx context.Context, db database.Querier, q Query, today time.Time) (Page, error) {
	sql, args := searchSQL(q, today)
	items, err := database.All[Item](ctx, db, "library: search", sql, args...)
	if err != nil {
		return Page{}, err
	}
	var pg Page
	if len(items) > PageSize {
		last := items[PageSize-1]
		pg.Next = &Cursor{PublishedOn: last.PublishedOn, Kind: last.Kind, ID: last.ID}
		items = items[:PageSize]
	}
	pg.Items = items
	return pg, nil
}

// Latest returns the newest items of a partnership (0: of every partnership), for a feed.
func Latest(ctx context.Context, db database.Querier, partnershipID int64, today time.Time) ([]Item, error) {
	pg, err := Search(ctx, db, Query{PartnershipID: partnershipID}, today)
	return pg.Items, err
}

// maxSitemap bounds the sitemap's items, well below the 50,000 addresses a sitemap may hold.
const maxSitemap = 40000

// Each calls fn with every item public today, newest first, up to maxSitemap: the sitemap's.
func Each(ctx context.Context, db database.Querier, today time.Time, fn func(Item) error) error {
	var parts []string
	for _, s := range sources {
		parts = append(parts, s.sql)
	}
	return database.Each(ctx, db, pgx.RowToStructByPos[Item], fn, "library: every item", `SELECT kind, id, name, slug, title, ref, published_on, summary FROM (`+
		strings.Join(parts, "\nUNION ALL\n")+`) AS i ORDER BY published_on DESC, kind DESC, id DESC LIMIT $2`, today, maxSitemap)
}

// Service reads the library for the public pages, feeds and sitemap, by the service's clock.
type Service struct {
	app.Env
}

// Search returns a page of the library as q selects it.
func (s *Service) Search(ctx context.Context, q Query) (Page, error) {
	if err := q.Validate(); err != nil {
		return Page{}, err
	}
	return Search(ctx, s.DB, q, s.Today())
}

// Latest returns the newest items of a partnership (0: of every partnership), for its feed.
func (s *Service) Latest(ctx context.Context, partnershipID int64) ([]Item, error) {
	return Latest(ctx, s.DB, partnershipID, s.Today())
}

// Each calls fn with every public item, for the sitemap.
func (s *Service) Each(ctx context.Context, fn func(Item) error) error {
	return Each(ctx, s.DB, s.Today(), fn)
}
