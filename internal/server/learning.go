package server

import (
	"net/http"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/form"
	"github.com/scp-portal/portal/internal/learning"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/web/paths"
	"github.com/scp-portal/portal/web/views"
)

// learningObject is a partnership's learning loop, as the policy is asked about it.
func learningObject(p partnership.Partnership) access.Object {
	return access.Object{PartnershipID: p.ID}
}

// postFromPage is the shape of every change posted from a page of the learning loop or a meeting:
// it reads the form, lets change make the change through the service and redirects where change
// says with its confirmation; a problem with the form shows the page again.
func (s *Server) postFromPage(w http.ResponseWriter, r *http.Request, again formPage,
	change func(f *form.Reader) (to, done string, err error)) error {
	f, err := form.Read(r)
	if err != nil {
		return err
	}
	to, done, err := change(f)
	return s.settle(w, r, f.Form, err, again, to, done)
}

// themeChoices are what a theme may be about and who may own it: the partnership's priorities
// and its Engine Room people.
func (s *Server) themeChoices(r *http.Request, p partnership.Partnership) ([]string, []learning.Person, error) {
	prios, err := s.Learning.Priorities(r.Context(), p.ID)
	if err != nil {
		return nil, nil, err
	}
	owners, err := s.Learning.EngineRoomPeople(r.Context(), p.ID)
	return prios, owners, err
}

// themes is the theme register, searched and filtered, in a fixed number of queries.
func (s *Server) themes(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.ViewLearning, learningObject(p), "theme", ""); err != nil {
		return err
	}
	in := r.URL.Query()
	flt := themeFilter(r)
	flt.Page = form.ParsePaging(in)
	list, err := s.Learning.Themes(r.Context(), flt)
	if err != nil {
		return err
	}
	prios, owners, err := s.themeChoices(r, p)
	if err != nil {
		return err
	}
	page := app.PageOf(list, flt.Page)
	v := views.NewThemesPage(p.Slug, page.Rows, prios, owners, may(r, access.ManageLearning))
	v.Pager = views.NewPager(paths.Themes(p.Slug), in, page.Page, page.More)
	if may(r, access.ProposeEnquiry) {
		v.Propose = paths.ProposeEnquiry(p.Slug)
	}
	pg := s.page(w, r, "Themes")
	pg.CSVHref, v.RecommendationsCSV = views.DownloadHref(paths.ThemesCSV(p.Slug), in), paths.RecommendationsCSV(p.Slug)
	return s.render(w, r, http.StatusOK, views.Themes(pg, views.ThemeFilterForm(in), v))
}

// themeFilters are the theme register's filters, by their field names.
var themeFilters = []string{"q", "status", "priority", "source", "owner"}

// themeFilter reads the theme register's filters from the query string; anything unknown is no filter.
func themeFilter(r *http.Request) learning.ThemeFilter {
	in := r.URL.Query()
	flt := learning.ThemeFilter{PartnershipID: currentPartnership(r).ID, Search: in.Get("q"), Status: in.Get("status"),
		Priority: in.Get("priority"), SourceKind: in.Get("source")}
	flt.OwnerID, _ = form.ParseID(in.Get("owner"))
	return flt
}

// themeForm shows the form to start a theme, or to change the one in the path.
func (s *Server) themeForm(w http.ResponseWriter, r *http.Request) error {
	p, id, err := s.optionalRecord(r, "id", access.ManageLearning, "theme")
	if err != nil {
		return err
	}
	f := views.NewForm(nil)
	if id != 0 {
		t, err := s.Learning.Theme(r.Context(), p.ID, id)
		if err != nil {
			return err
		}
		f = views.ThemeEditForm(t)
	}
	return s.renderThemeForm(w, r, http.StatusOK, f)
}

func (s *Server) renderThemeForm(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p := currentPartnership(r)
	id, err := optionalPathID(r, "id")
	if err != nil {
		return err
	}
	prios, owners, err := s.themeChoices(r, p)
	if err != nil {
		return err
	}
	v := views.NewThemeForm(p.Slug, id, prios, owners)
	return s.render(w, r, status, views.ThemeForm(s.page(w, r, errorTitle(v.Heading, f)), f, v))
}

// saveTheme starts a theme (no id) or changes one, refusing to overwrite someone else's newer change.
func (s *Server) saveTheme(w http.ResponseWriter, r *http.Request) error {
	p, id, err := s.optionalRecord(r, "id", access.ManageLearning, "theme")
	if err != nil {
		return err
	}
	return s.postFromPage(w, r, s.renderThemeForm, func(f *form.Reader) (string, string, error) {
		c := learning.ThemeChange{ID: id, Version: f.Version(),
			Theme: learning.ThemeInput{Title: f.Text("title"), Description: f.Text("description"), Priorities: f.Values["priorities"],
				OwnerID: f.OptionalID("owner", "Choose an owner from the list"), Status: f.Text("status"), Rating: f.Text("rating"),
				RatingReason: f.Text("rating_reason"), Reason: f.Text("reason")},
			Source: learning.NewSource{Kind: f.Text("source_kind"), Reference: f.Text("source_reference")}}
		saved, err := form.Attempted(f, c.Validate(), func() (int64, error) {
			return s.Learning.SaveTheme(r.Context(), s.actor(r), p.ID, c)
		})
		return paths.Theme(p.Slug, saved), "The theme has been saved", err
	})
}

// themePage is a theme's golden thread, loaded in a fixed number of queries.
func (s *Server) themePage(w http.ResponseWriter, r *http.Request) error {
	return s.renderThemePage(w, r, http.StatusOK, views.NewForm(nil))
}

// renderThemePage renders the golden thread with f, the form adding a source.
func (s *Server) renderThemePage(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p, id, err := s.record(r, "id", access.ViewLearning, "theme")
	if err != nil {
		return err
	}
	th, err := s.Learning.Thread(r.Context(), p.ID, id)
	if err != nil {
		return err
	}
	v := views.NewThemePage(p.Slug, th, may(r, access.ManageLearning), partnership.Today(s.Now()))
	if may(r, access.RaiseChallenge) {
		v.ChallengeHref = paths.ChallengeOn(p.Slug, "theme", id)
	}
	if v.Share, err = s.shareControl(r, "themes", id); err != nil {
		return err
	}
	return s.render(w, r, status, views.ThemePage(s.page(w, r, errorTitle(v.Title, f)), f, v))
}

// addSource records another source that raised a theme: performance data, an audit, a review.
func (s *Server) addSource(w http.ResponseWriter, r *http.Request) error {
	return s.recordPost(w, r, access.ManageLearning, "theme", s.renderThemePage, func(f *form.Reader, p partnership.Partnership, id int64) (string, string, error) {
		err := s.Learning.AddSource(r.Context(), s.actor(r), p.ID, id, learning.NewSource{Kind: f.Text("source_kind"), Reference: f.Text("source_reference")})
		return paths.Theme(p.Slug, id), "The source has been added", err
	})
}

// triage records the Engine Room's decision on a KLOE request, posted from its (intake's) detail page.
func (s *Server) triage(w http.ResponseWriter, r *http.Request) error {
	return s.recordPost(w, r, access.ManageLearning, "request", s.renderRequestDetail, func(f *form.Reader, p partnership.Partnership, id int64) (string, string, error) {
		in := learning.TriageInput{Decision: f.Text("decision"), RoutedTo: f.Text("routed_to"), Outcome: f.Text("triage_outcome"),
			NewTheme: learning.ThemeInput{Title: f.Text("theme_title")}, RequestV: f.Version(),
			MeetingID: f.OptionalID("meeting", "Choose a meeting from the list")}
		if theme := f.OptionalID("theme", "Choose a theme from the list"); theme != nil {
			in.ThemeID = *theme
		}
		res, err := form.Attempted(f, in.Validate(), func() (learning.Triaged, error) {
			return s.Learning.Triage(r.Context(), s.actor(r), p.ID, id, in)
		})
		to := paths.Request(p.Slug, id)
		if res.ThemeID != 0 {
			to = paths.Theme(p.Slug, res.ThemeID)
		}
		return to, res.Reference + " has been triaged", err
	})
}
