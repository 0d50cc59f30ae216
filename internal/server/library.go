package server

import (
	"net/http"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/form"
	"github.com/scp-portal/portal/internal/library"
	"github.com/scp-portal/portal/web/paths"
	"github.com/scp-portal/portal/web/views"
)

// The public library across partnerships, its Atom feeds and the sitemap: pages anyone reads,
// with JavaScript off. Each answers from the library's bounded reads.

// libraryPage searches the library by words, partnership, year, priority and kind, a page at a
// time (?after=).
func (s *Server) libraryPage(w http.ResponseWriter, r *http.Request) error {
	if err := s.authorize(r, access.ViewPublic, access.Object{}, "library", ""); err != nil {
		return err
	}
	in := r.URL.Query()
	f := views.NewForm(in)
	ps, err := s.Overview.Partnerships(r.Context())
	if err != nil {
		return err
	}
	slugs := make(map[string]int64, len(ps))
	for _, p := range ps {
		slugs[p.Slug] = p.ID
	}
	filter, err := s.Library.Filter(r.Context())
	if err != nil {
		return err
	}
	q, err := library.Filters{Words: in.Get("q"), Partnership: in.Get("partnership"), Year: in.Get("year"),
		Priority: in.Get("priority"), Kind: in.Get("kind"), After: in.Get("after")}.Query(slugs)
	status := http.StatusOK
	var pg library.Page
	if err != nil {
		if status, _ = form.ShowErrors(&f, err); status == 0 {
			return err
		}
	} else if pg, err = s.Library.Search(r.Context(), q); err != nil {
		return err
	}
	v := views.NewLibrary(pg, ps, filter, in)
	return s.render(w, r, status, views.LibraryPage(s.page(w, r, errorTitle("Library of published learning", f)), f, v))
}

// feedAuthor names who publishes the installation's feed.
const feedAuthor = "Safeguarding children partnerships"

// libraryFeed is the Atom feed of what every partnership has published, newest first.
func (s *Server) libraryFeed(w http.ResponseWriter, r *http.Request) error {
	if err := s.authorize(r, access.ViewPublic, access.Object{}, "library", "feed"); err != nil {
		return err
	}
	items, err := s.Library.Latest(r.Context(), 0)
	if err != nil {
		return err
	}
	atomHeaders(w)
	return views.WriteAtom(w, s.BaseURL, paths.LibraryFeed(), paths.Library(), "Published by safeguarding children partnerships", feedAuthor, items)
}

// partnershipFeed is the Atom feed of what one partnership has published, newest first.
func (s *Server) partnershipFeed(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.ViewPublic, access.Object{PartnershipID: p.ID}, "library", "feed"); err != nil {
		return err
	}
	items, err := s.Library.Latest(r.Context(), p.ID)
	if err != nil {
		return err
	}
	atomHeaders(w)
	return views.WriteAtom(w, s.BaseURL, paths.PartnershipFeed(p.Slug), paths.PartnershipPublic(p.Slug), "Published by "+p.Name, p.Name, items)
}

func atomHeaders(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
}

// sitemap lists the public pages for search engines: the front page, the library, each
// partnership's public page and arrangements, and every published item, streamed.
func (s *Server) sitemap(w http.ResponseWriter, r *http.Request) error {
	if err := s.authorize(r, access.ViewPublic, access.Object{}, "library", "sitemap"); err != nil {
		return err
	}
	ps, err := s.Overview.Partnerships(r.Context())
	if err != nil {
		return err
	}
	fixed := []string{"/", paths.Library()}
	for _, p := range ps {
		fixed = append(fixed, paths.PartnershipPublic(p.Slug))
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	return views.Sitemap(w, s.BaseURL, fixed, func(add func(library.Item) error) error {
		return s.Library.Each(r.Context(), add)
	})
}
