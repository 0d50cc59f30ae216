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

// libraryPage searches the library by words, partnership and kind, a page at a time (?after=).
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
	q := library.Query{Words: in.Get("q"), Kind: in.Get("kind"), After: library.ParseCursor(in.Get("after"))}
	var unknown error
	if slug := in.Get("partnership"); slug != "" {
		for _, p := range ps {
			if p.Slug == slug {
				q.PartnershipID = p.ID
			}
		}
		if q.PartnershipID == 0 {
			unknown = library.ErrUnknownPartnership
		}
	}
	status := http.StatusOK
	var pg library.Page
	if err := firstOf(unknown, q.Validate()); err != nil {
		if status, _ = form.ShowErrors(&f, err); status == 0 {
			return err
		}
	} else if pg, err = s.Library.Search(r.Context(), q); err != nil {
		return err
	}
	v := views.NewLibrary(pg, ps, in)
	return s.render(w, r, status, views.LibraryPage(s.page(w, r, errorTitle("Library of published learning", f)), f, v))
}

// firstOf is the first error that is not nil.
func firstOf(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
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
