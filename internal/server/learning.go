package server

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/learning"
	"github.com/scp-portal/portal/internal/markdown"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/web/views"
)

var ratingTags = map[string]string{"red": "tag--red", "amber": "tag--yellow", "green": "tag--green", "": "tag--grey"}

// peopleOptions turns people into a form's options, after an optional first one such as
// "No owner yet".
func peopleOptions(people []learning.Person, first ...views.Option) []views.Option {
	opts := append([]views.Option(nil), first...)
	for _, p := range people {
		opts = append(opts, views.Option{Value: strconv.FormatInt(p.ID, 10), Label: p.Name})
	}
	return opts
}

// stringOptions turns plain words (the partnership's priorities) into options.
func stringOptions(list []string, first ...views.Option) []views.Option {
	opts := append([]views.Option(nil), first...)
	for _, s := range list {
		opts = append(opts, views.Option{Value: s, Label: s})
	}
	return opts
}

// themes is the theme register, searched and filtered, in a fixed number of queries.
func (s *Server) themes(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.ViewLearning, access.Object{PartnershipID: p.ID}, "theme", ""); err != nil {
		return err
	}
	in := r.URL.Query()
	f := views.NewForm(url.Values{"q": {in.Get("q")}, "status": {in.Get("status")}, "priority": {in.Get("priority")},
		"source": {in.Get("source")}, "owner": {in.Get("owner")}})
	flt := learning.ThemeFilter{PartnershipID: p.ID, Search: in.Get("q"), Status: in.Get("status"), Priority: in.Get("priority"),
		SourceKind: in.Get("source")}
	flt.OwnerID, _ = strconv.ParseInt(in.Get("owner"), 10, 64) // a filter: anything else is no filter
	list, err := s.Learning.Themes(r.Context(), flt)
	if err != nil {
		return err
	}
	prios, err := s.Learning.Priorities(r.Context(), p.ID)
	if err != nil {
		return err
	}
	owners, err := s.Learning.EngineRoomPeople(r.Context(), p.ID)
	if err != nil {
		return err
	}
	v := views.ThemesView{Action: paths.themes(p.Slug), NewHref: paths.newTheme(p.Slug),
		CanManage:  access.Decide(subject(r), access.ManageLearning, access.Object{PartnershipID: p.ID}).Allowed,
		Statuses:   choiceOptions(learning.ThemeStatuses, views.Option{Value: "", Label: "Any status"}),
		Priorities: stringOptions(prios, views.Option{Value: "", Label: "Any priority"}),
		Sources:    choiceOptions(learning.SourceKinds, views.Option{Value: "", Label: "Any source"}),
		Owners:     peopleOptions(owners, views.Option{Value: "", Label: "Anyone"})}
	for _, t := range list {
		var sources []string
		for _, k := range t.SourceKinds {
			sources = append(sources, learning.SourceLabel(k))
		}
		v.Rows = append(v.Rows, views.ThemeRow{Href: paths.theme(p.Slug, t.ID), Title: t.Title, Status: learning.StatusLabel(t.Status),
			Rating: learning.RatingLabel(t.Rating), RatingTag: ratingTags[t.Rating], Owner: t.OwnerName,
			Sources: strings.Join(sources, ", "), Priorities: strings.Join(t.Priorities, "; "), Updated: t.UpdatedAt})
	}
	return s.render(w, r, http.StatusOK, views.Themes(s.page(w, r, "Themes"), f, v))
}

// themeForm shows the form to start a theme, or to change the one in the path.
func (s *Server) themeForm(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	id, err := optionalPathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.authorize(r, access.ManageLearning, access.Object{PartnershipID: p.ID}, "theme", strconv.FormatInt(id, 10)); err != nil {
		return err
	}
	f := views.NewForm(nil)
	if id != 0 {
		t, err := s.Learning.Theme(r.Context(), p.ID, id)
		if err != nil {
			return err
		}
		v := url.Values{"title": {t.Title}, "description": {t.Description}, "priorities": t.Priorities, "status": {t.Status},
			"rating": {t.Rating}, "rating_reason": {t.RatingReason}, "version": {strconv.Itoa(t.Version)}}
		if t.OwnerID != nil {
			v.Set("owner", strconv.FormatInt(*t.OwnerID, 10))
		}
		f = views.NewForm(v)
	}
	return s.renderThemeForm(w, r, http.StatusOK, f, id)
}

func (s *Server) renderThemeForm(w http.ResponseWriter, r *http.Request, status int, f views.Form, id int64) error {
	p := currentPartnership(r)
	prios, err := s.Learning.Priorities(r.Context(), p.ID)
	if err != nil {
		return err
	}
	owners, err := s.Learning.EngineRoomPeople(r.Context(), p.ID)
	if err != nil {
		return err
	}
	v := views.ThemeFormView{Heading: "Start a theme", Action: paths.themes(p.Slug), New: id == 0, Priorities: stringOptions(prios),
		Owners:   peopleOptions(owners, views.Option{Value: "", Label: "No owner yet"}),
		Statuses: choiceOptions(learning.ThemeStatuses),
		Ratings:  choiceOptions(learning.Ratings, views.Option{Value: "", Label: "Not rated"}),
		Sources:  choiceOptions(learning.SourceKinds, views.Option{Value: "", Label: "Choose a source"})}
	if id != 0 {
		v.Heading, v.Action = "Change the theme", paths.editTheme(p.Slug, id)
	}
	return s.render(w, r, status, views.ThemeForm(s.page(w, r, errorTitle(v.Heading, f)), f, v))
}

// saveTheme starts a theme (no id) or changes one, refusing a change to a theme someone else
// changed since the form was loaded.
func (s *Server) saveTheme(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	id, err := optionalPathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.authorize(r, access.ManageLearning, access.Object{PartnershipID: p.ID}, "theme", strconv.FormatInt(id, 10)); err != nil {
		return err
	}
	f, err := readForm(r)
	if err != nil {
		return err
	}
	c := learning.ThemeChange{ID: id, Version: f.Version(),
		Theme: learning.ThemeInput{Title: f.Text("title"), Description: f.Text("description"), Priorities: f.Values["priorities"],
			OwnerID: f.OptionalID("owner", "Choose an owner from the list"), Status: f.Text("status"), Rating: f.Text("rating"),
			RatingReason: f.Text("rating_reason"), Reason: f.Text("reason")},
		Source: learning.NewSource{Kind: f.Text("source_kind"), Reference: f.Text("source_reference")}}
	err = f.Attempt(c.Validate(), func() error {
		id, err = s.Learning.SaveTheme(r.Context(), s.actor(r), p.ID, c)
		return err
	})
	if err != nil {
		if status, ok := formError(&f.Form, err); ok {
			return s.renderThemeForm(w, r, status, f.Form, c.ID)
		}
		return err
	}
	return s.redirectWithFlash(w, r, paths.theme(p.Slug, id), "The theme has been saved")
}

// themePage is a theme's golden thread, loaded in a fixed number of queries.
func (s *Server) themePage(w http.ResponseWriter, r *http.Request) error {
	return s.renderThemePage(w, r, http.StatusOK, views.NewForm(nil))
}

// renderThemePage renders the golden thread with f, the form adding a source.
func (s *Server) renderThemePage(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p := currentPartnership(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.authorize(r, access.ViewLearning, access.Object{PartnershipID: p.ID}, "theme", strconv.FormatInt(id, 10)); err != nil {
		return err
	}
	th, err := s.Learning.Thread(r.Context(), p.ID, id)
	if err != nil {
		return err
	}
	today := partnership.Today(s.Now())
	t := th.Theme
	v := views.ThemePageView{Title: t.Title, Description: t.Description, Status: learning.StatusLabel(t.Status),
		Rating: learning.RatingLabel(t.Rating), RatingTag: ratingTags[t.Rating], RatingReason: t.RatingReason, Owner: t.OwnerName,
		Priorities: strings.Join(t.Priorities, "; "), EditHref: paths.editTheme(p.Slug, id), CommissionHref: paths.newCommission(p.Slug, id),
		CanManage:    access.Decide(subject(r), access.ManageLearning, access.Object{PartnershipID: p.ID}).Allowed,
		SourceKinds:  choiceOptions(learning.SourceKinds, views.Option{Value: "", Label: "Choose what raised it"}),
		SourceAction: paths.themeSources(p.Slug, id)}
	if v.Owner == "" {
		v.Owner = "No owner yet"
	}
	for _, src := range th.Sources {
		step := views.ThreadStep{When: src.AddedAt, Kind: learning.SourceLabel(src.Kind), Title: src.Reference, Detail: src.Note, Who: src.AddedByName}
		if src.SubmittedAt != nil {
			step.When = *src.SubmittedAt
			step.Title = src.Reference + ": " + src.RequestTitle
		}
		v.Sources = append(v.Sources, step)
		if src.Decision != "" {
			v.Sources = append(v.Sources, views.ThreadStep{When: *src.DecisionAt, Kind: "Triage", Title: learning.DecisionLabel(src.Decision),
				Detail: src.DecisionReason, Who: src.DecisionBy})
		}
	}
	for _, h := range th.History {
		v.History = append(v.History, views.ThreadStep{When: h.At, Kind: learning.StatusLabel(h.Status), Title: learning.RatingLabel(h.Rating),
			Detail: h.Reason, Who: h.ActorName})
	}
	updatesOf := map[int64][]views.ThreadStep{}
	for _, u := range th.Updates {
		updatesOf[u.ActionID] = append(updatesOf[u.ActionID], updateStep(u))
	}
	recs := map[int64][]views.ThreadRecommendation{}
	for _, rec := range th.Recommendations {
		tr := views.ThreadRecommendation{Href: paths.recommendation(p.Slug, rec.ID), Title: rec.Title, Owner: rec.OwnerOrgName, Due: rec.DueOn,
			Status: learning.RecommendationStatusLabel(rec.Status), Overdue: rec.Overdue(today)}
		for _, a := range th.Actions {
			if a.RecommendationID != rec.ID {
				continue
			}
			step := views.ThreadStep{When: a.CreatedAt, Kind: "Action for " + a.OrganisationName, Title: a.Description,
				Detail: "Due " + a.DueOn.Format("2 January 2006")}
			if a.Overdue(today) {
				step.Flag = "Overdue"
			}
			tr.Actions = append(tr.Actions, step)
			tr.Actions = append(tr.Actions, updatesOf[a.ID]...)
		}
		for _, e := range th.Evidence {
			if e.RecommendationID == rec.ID {
				step := evidenceStep(e)
				step.Kind = "Evidence: " + step.Kind
				tr.Impact = append(tr.Impact, step)
			}
		}
		tr.EvidenceDue = rec.EvidenceDue(today, len(tr.Impact))
		recs[*rec.CommissionID] = append(recs[*rec.CommissionID], tr)
	}
	for _, c := range th.Commissions {
		tc := views.ThreadCommission{Href: paths.commission(p.Slug, c.ID), Title: c.Title,
			Status: learning.CommissionStatusLabel(c.Status), Friends: names(c.Friends), Starts: c.StartsOn, Due: c.DueOn,
			Recommendations: recs[c.ID]}
		if c.Findings != "" {
			tc.Findings = markdown.Render(c.Findings)
		}
		v.Commissions = append(v.Commissions, tc)
	}
	return s.render(w, r, status, views.ThemePage(s.page(w, r, errorTitle(t.Title, f)), f, v))
}

// updateStep is a progress update on an action, as a step of a thread.
func updateStep(u learning.Update) views.ThreadStep {
	kind := "Progress"
	if u.Done {
		kind = "Done"
	}
	return views.ThreadStep{When: u.At, Kind: kind, Detail: u.Progress, Who: u.AuthorName}
}

// evidenceStep is evidence of impact, as a step of a thread.
func evidenceStep(e learning.Evidence) views.ThreadStep {
	return views.ThreadStep{When: e.EvidenceOn, Kind: learning.EvidenceLabel(e.Kind), Title: learning.RatingLabel(e.Rating),
		Detail: e.Summary, Who: e.AddedByName}
}

// addSource records another source that raised a theme: performance data, an audit, a review.
func (s *Server) addSource(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.authorize(r, access.ManageLearning, access.Object{PartnershipID: p.ID}, "theme", strconv.FormatInt(id, 10)); err != nil {
		return err
	}
	f, err := readForm(r)
	if err != nil {
		return err
	}
	err = s.Learning.AddSource(r.Context(), s.actor(r), p.ID, id, learning.NewSource{Kind: f.Text("source_kind"), Reference: f.Text("source_reference")})
	if err != nil {
		if status, ok := formError(&f.Form, err); ok {
			return s.renderThemePage(w, r, status, f.Form)
		}
		return err
	}
	return s.redirectWithFlash(w, r, paths.theme(p.Slug, id), "The source has been added")
}

func names(people []learning.Person) string {
	var ns []string
	for _, p := range people {
		ns = append(ns, p.Name)
	}
	return strings.Join(ns, ", ")
}

// trainingNeeds is the learning co-ordinator's list of training needs.
func (s *Server) trainingNeeds(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.ViewLearning, access.Object{PartnershipID: p.ID}, "training_need", ""); err != nil {
		return err
	}
	needs, err := s.Learning.TrainingNeeds(r.Context(), p.ID)
	if err != nil {
		return err
	}
	rows := make([]views.TrainingNeedRow, 0, len(needs))
	for _, n := range needs {
		rows = append(rows, views.TrainingNeedRow{Description: n.Description, Recommendation: n.RecommendationTitle, Theme: n.ThemeTitle,
			ThemeHref: paths.theme(p.Slug, n.ThemeID), Status: strings.ToUpper(n.Status[:1]) + n.Status[1:], Raised: n.CreatedAt})
	}
	return s.render(w, r, http.StatusOK, views.TrainingNeeds(s.page(w, r, "Training needs"), rows))
}

// triage records the Engine Room's decision on a KLOE request from its detail page.
func (s *Server) triage(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.authorize(r, access.ManageLearning, access.Object{PartnershipID: p.ID}, "request", strconv.FormatInt(id, 10)); err != nil {
		return err
	}
	f, err := readForm(r)
	if err != nil {
		return err
	}
	in := learning.TriageInput{Decision: f.Text("decision"), RoutedTo: f.Text("routed_to"), Outcome: f.Text("triage_outcome"),
		NewTheme: learning.ThemeInput{Title: f.Text("theme_title")}, RequestV: f.Version(),
		MeetingID: f.OptionalID("meeting", "Choose a meeting from the list")}
	if theme := f.OptionalID("theme", "Choose a theme from the list"); theme != nil {
		in.ThemeID = *theme
	}
	var res learning.Triaged
	err = f.Attempt(in.Validate(), func() error {
		res, err = s.Learning.Triage(r.Context(), s.actor(r), p.ID, id, in)
		return err
	})
	if err != nil {
		if status, ok := formError(&f.Form, err); ok {
			// The request's page is the intake area's; it answers a request it cannot show itself.
			return s.renderRequestDetail(w, r, status, f.Form)
		}
		return err
	}
	to := paths.triagedRequest(p.Slug, id)
	if res.ThemeID != 0 {
		to = paths.theme(p.Slug, res.ThemeID)
	}
	return s.redirectWithFlash(w, r, to, res.Reference+" has been triaged")
}

// triageForm is the triage form of a KLOE request at version: the themes still open, and the
// recent meetings it may have been decided at.
func (s *Server) triageForm(r *http.Request, p partnership.Partnership, requestID int64, version int) (views.TriageView, error) {
	themes, err := s.Learning.Themes(r.Context(), learning.ThemeFilter{PartnershipID: p.ID})
	if err != nil {
		return views.TriageView{}, err
	}
	meetings, err := s.recentMeetings(r, p)
	if err != nil {
		return views.TriageView{}, err
	}
	tv := views.TriageView{Action: paths.triage(p.Slug, requestID), Version: version,
		Themes: []views.Option{{Value: "", Label: "Choose a theme"}}, Meetings: meetings}
	for _, t := range themes {
		if t.Status != "closed" {
			tv.Themes = append(tv.Themes, views.Option{Value: strconv.FormatInt(t.ID, 10), Label: t.Title})
		}
	}
	return tv, nil
}
