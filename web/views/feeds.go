package views

import (
	"encoding/xml"
	"io"
	"time"

	"github.com/scp-portal/portal/internal/library"
)

// Atom feeds and the sitemap: XML written with encoding/xml, which escapes every text, from the
// library's items. Addresses are absolute, on base (the portal's address).

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

type atomEntry struct {
	Title   string   `xml:"title"`
	ID      string   `xml:"id"`
	Updated string   `xml:"updated"`
	Link    atomLink `xml:"link"`
	Author  string   `xml:"author>name"`
	Summary string   `xml:"summary,omitempty"`
}

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  string      `xml:"author>name"`
	Entries []atomEntry `xml:"entry"`
}

// atomTime is a day as Atom dates it: its start, in UTC.
func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// WriteAtom writes an Atom feed (RFC 4287) titled title at self, on base, of items newest first;
// home is the page the feed follows, author who publishes it. A feed with no entry is dated epoch.
func WriteAtom(w io.Writer, base, self, home, title, author string, items []library.Item) error {
	f := atomFeed{Title: title, ID: base + self, Updated: atomTime(time.Unix(0, 0)), Author: author,
		Links: []atomLink{{Href: base + self, Rel: "self", Type: "application/atom+xml"}, {Href: base + home, Rel: "alternate", Type: "text/html"}}}
	for i, it := range items {
		if i == 0 {
			f.Updated = atomTime(it.PublishedOn)
		}
		href := base + ItemHref(it)
		f.Entries = append(f.Entries, atomEntry{Title: it.Title, ID: href, Updated: atomTime(it.PublishedOn),
			Link: atomLink{Href: href, Rel: "alternate", Type: "text/html"}, Author: it.Partnership,
			Summary: library.Kinds.Label(it.Kind) + ". " + it.Summary})
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	return xml.NewEncoder(w).Encode(f)
}

// Sitemap writes a sitemap (sitemaps.org 0.9) of the public pages: first fixed, then each
// item's page, as each calls add; it streams, so its size costs no memory.
func Sitemap(w io.Writer, base string, fixed []string, each func(add func(library.Item) error) error) error {
	if _, err := io.WriteString(w, xml.Header+`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`+"\n"); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	type url struct {
		XMLName xml.Name `xml:"url"`
		Loc     string   `xml:"loc"`
		LastMod string   `xml:"lastmod,omitempty"`
	}
	for _, p := range fixed {
		if err := enc.Encode(url{Loc: base + p}); err != nil {
			return err
		}
	}
	err := each(func(it library.Item) error {
		return enc.Encode(url{Loc: base + ItemHref(it), LastMod: it.PublishedOn.Format(time.DateOnly)})
	})
	if err != nil {
		return err
	}
	if err := enc.Flush(); err != nil {
		return err
	}
	_, err = io.WriteString(w, "\n</urlset>\n")
	return err
}
