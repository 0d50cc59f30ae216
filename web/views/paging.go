package views

import (
	"net/url"
	"strconv"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/web/paths"
)

// Pager is a paged list's controls: the pages either side, and the page sizes a person may
// choose, each link keeping the list's filters. The zero Pager shows nothing.
type Pager struct {
	PrevHref, NextHref string
	Sizes              []PageSizeLink // empty when the list fits on one page at the default size
}

// PageSizeLink offers one page size; the current one is not a link.
type PageSizeLink struct {
	Size    int
	Href    string
	Current bool
}

// UpTo offers only the page sizes up to n, for a list read with app.Page.AtMost(n).
func (v Pager) UpTo(n int) Pager {
	sizes := v.Sizes[:0:0]
	for _, s := range v.Sizes {
		if s.Size <= n {
			sizes = append(sizes, s)
		}
	}
	v.Sizes = sizes
	return v
}

// NewPager makes the controls of page p of the list at base filtered by query, with more set
// when another page follows.
func NewPager(base string, query url.Values, p app.Page, more bool) Pager {
	href := func(number, size int) string {
		q := url.Values{}
		for k, vals := range query {
			q[k] = vals
		}
		q.Del("page")
		q.Del("size")
		if number > 1 {
			q.Set("page", strconv.Itoa(number))
		}
		if size != app.DefaultPageSize {
			q.Set("size", strconv.Itoa(size))
		}
		return paths.WithValues(base, q)
	}
	var v Pager
	if p.Number > 1 {
		v.PrevHref = href(p.Number-1, p.Size)
	}
	if more {
		v.NextHref = href(p.Number+1, p.Size)
	}
	if v.PrevHref != "" || v.NextHref != "" || p.Size != app.DefaultPageSize {
		for _, n := range app.PageSizes {
			// A new size starts again from the page holding the current page's first row.
			v.Sizes = append(v.Sizes, PageSizeLink{Size: n, Href: href(p.Offset()/n+1, n), Current: n == p.Size})
		}
	}
	return v
}

// olderPage is the link to the page of older rows, for a list paged by key (newest first): the
// list's address base with its filter kept and "before" the last row's id; "" unless list filled
// a page of size, when there may be no more.
func olderPage[T any](base string, filter url.Values, list []T, size int, id func(T) int64) string {
	if len(list) == 0 || len(list) != size {
		return ""
	}
	next := url.Values{}
	for k, v := range filter {
		next[k] = v
	}
	next.Set("before", strconv.FormatInt(id(list[len(list)-1]), 10))
	return paths.WithValues(base, next)
}
