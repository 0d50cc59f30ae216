package views

import (
	"net/url"
	"strconv"
	"time"

	"github.com/scp-portal/portal/internal/library"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/internal/reports"
	"github.com/scp-portal/portal/web/paths"
)

// LibraryRow is a published item in the library's list.
type LibraryRow struct {
	Href        string
	Title       string
	Kind        string
	Partnership string
	PublishedOn time.Time
	Summary     string
}

// LibraryView is the public library: the search form, a page of what it found and the next.
type LibraryView struct {
	Action       string
	Partnerships []Option
	Years        []Option
	Priorities   []Option
	Kinds        []Option
	Rows         []LibraryRow
	NextHref     string // "" on the last page
	FeedHref     string
	Searched     bool // words or a filter were given
}

// ItemHref is the public page of a library item.
func ItemHref(it library.Item) string {
	switch it.Kind {
	case library.Arrangements:
		return paths.Arrangements(it.Slug)
	case library.Document:
		return paths.PublicDocument(it.Slug, it.Ref)
	case library.YearlyReport:
		return paths.PublicYearlyReport(it.Slug, it.Ref)
	default:
		return paths.PublishedReview(it.Slug, it.ID)
	}
}

// libraryFilters are the library's filters in the address, kept on the next page's link.
var libraryFilters = []string{"q", "partnership", "year", "priority", "kind"}

// NewLibrary builds the library's page from a page of items; query is the page's query string
// (its filters, kept on the next page's link), ps every partnership and filter the years and
// priorities for the filters.
func NewLibrary(pg library.Page, ps []partnership.Partnership, filter library.Filter, query url.Values) LibraryView {
	v := LibraryView{Action: paths.Library(), FeedHref: paths.LibraryFeed(),
		Kinds: Choices(library.Kinds, Option{Value: "", Label: "Everything published"})}
	for _, k := range libraryFilters {
		v.Searched = v.Searched || query.Get(k) != ""
	}
	v.Partnerships = []Option{{Value: "", Label: "Every partnership"}}
	for _, p := range ps {
		v.Partnerships = append(v.Partnerships, Option{Value: p.Slug, Label: p.Name})
	}
	v.Years = []Option{{Value: "", Label: "Any year"}}
	for _, y := range filter.Years {
		v.Years = append(v.Years, Option{Value: strconv.Itoa(y), Label: strconv.Itoa(y)})
	}
	v.Priorities = []Option{{Value: "", Label: "Any priority"}}
	for _, p := range filter.Priorities {
		v.Priorities = append(v.Priorities, Option{Value: p, Label: p})
	}
	for _, it := range pg.Items {
		v.Rows = append(v.Rows, LibraryRow{Href: ItemHref(it), Title: it.Title, Kind: library.Kinds.Label(it.Kind),
			Partnership: it.Partnership, PublishedOn: it.PublishedOn, Summary: it.Summary})
	}
	if pg.Next != nil {
		next := url.Values{}
		for _, k := range libraryFilters {
			if query.Get(k) != "" {
				next.Set(k, query.Get(k))
			}
		}
		next.Set("after", pg.Next.String())
		v.NextHref = paths.WithValues(paths.Library(), next)
	}
	return v
}

// WithPublications adds to a partnership's public page its published yearly reports, the search
// of the library and its feed.
func WithPublications(v PartnershipPublicView, slug string, yearly []reports.PublishedItem) PartnershipPublicView {
	for _, y := range yearly {
		v.Yearly = append(v.Yearly, PublishedRow{Href: paths.PublicYearlyReport(slug, y.Period), Title: y.Title(), Published: y.PublishedOn})
	}
	v.Library, v.Feed = paths.Library(), paths.PartnershipFeed(slug)
	return v
}
