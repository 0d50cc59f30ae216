package app

// Page is the page of a list a person asked for: which one (from 1) and how many rows it holds.
// Every list a page shows is read a page at a time in the database, so that no page grows with
// the partnership's history (issue #15). The zero Page means the whole list, for reads that are
// not pages (a download, a form's choices).
type Page struct {
	Number int
	Size   int
}

// Page sizes: the size a list starts at, and the most rows a person may ask one page to hold,
// which keeps every page well under 100 KB of HTML.
const (
	DefaultPageSize = 25
	MaxPageSize     = 100
)

// PageSizes are the sizes a list offers to change to.
var PageSizes = []int{25, 50, 100}

// FirstPage is the first page at the default size.
var FirstPage = Page{Number: 1, Size: DefaultPageSize}

// AtMost is p holding at most n rows: for a list whose rows are large (each with forms of its
// own), so that its largest page stays about 100 KB.
func (p Page) AtMost(n int) Page {
	if !p.Whole() && p.Size > n {
		p.Size = n
	}
	return p
}

// Whole reports whether p asks for the whole list rather than a page of it.
func (p Page) Whole() bool { return p.Size <= 0 }

// Limit is how many rows to read for p: one more than it shows, so that the extra row says there
// is a next page without counting the list (nil, no limit, for the whole list).
func (p Page) Limit() *int {
	if p.Whole() {
		return nil
	}
	n := p.Size + 1
	return &n
}

// Offset is how many rows come before p.
func (p Page) Offset() int {
	if p.Whole() || p.Number < 1 {
		return 0
	}
	return (p.Number - 1) * p.Size
}

// Paged is one page of a list, and whether another follows it.
type Paged[T any] struct {
	Rows []T
	Page Page
	More bool
}

// PageOf cuts rows, read with p.Limit, to p and says whether there is more.
func PageOf[T any](rows []T, p Page) Paged[T] {
	if !p.Whole() && len(rows) > p.Size {
		return Paged[T]{Rows: rows[:p.Size], Page: p, More: true}
	}
	return Paged[T]{Rows: rows, Page: p}
}
