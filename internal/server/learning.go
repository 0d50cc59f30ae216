package server

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/intake"
	"github.com/scp-portal/portal/internal/learning"
	"github.com/scp-portal/portal/internal/markdown"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/web/views"
)

func learningOptions(opts []learning.Option, prompt string) []views.Option {
	out := []views.Option{}
	if prompt != "" {
		out = append(out, views.Option{Value: "", Label: prompt})
	}
	for _, o := range opts {
		out = append(out, views.Option{Value: o.Value, Label: o.Label})
	}
	return out
}

var ratingTags = map[string]string{"red": "tag--red", "amber": "tag--yellow", "green": "tag--green", "": "tag--grey"}

func themeHref(p partnership.Partnership, id int64) string {
	return fmt.Sprintf("/%s/themes/%d", p.Slug, id)
}

func commissionHref(p partnership.Partnership, id int64) string {
	return fmt.Sprintf("/%s/commissions/%d", p.Slug, id)
}

func recommendationHref(p partnership.Partnership, id int64) string {
	return fmt.Sprintf("/%s/recommendations/%d", p.Slug, id)
}

// engineRoomPeople are the current members of the Engine Room and business unit: who can own a
// theme.
func (s *Server) engineRoomPeople(r *http.Request, p partnership.Partnership) ([]views.Option, error) {
	return s.options(r, `SELECT DISTINCT u.id::text, u.name FROM membership m JOIN body b ON b.id = m.body_id
		JOIN app_user u ON u.id = m.user_id WHERE m.partnership_id = $1 AND b.kind IN ('engine_room', 'business_unit')
		AND u.status = 'active' AND m.starts_on <= $2 AND (m.ends_on IS NULL OR m.ends_on > $2) ORDER BY u.name`, p.ID, partnership.Today(s.Now()))
}

func (s *Server) priorityOptions(r *http.Request, p partnership.Partnership) ([]string, []views.Option, error) {
	prios, err := partnership.Priorities(r.Context(), s.DB, p.ID)
	if err != nil {
		return nil, nil, err
	}
	opts := make([]views.Option, 0, len(prios))
	for _, pr := range prios {
		opts = append(opts, views.Option{Value: pr, Label: pr})
	}
	return prios, opts, nil
}

// themes is the theme register, searched and filtered, in a fixed number of queries.
func (s *Server) themes(w http.ResponseWriter, r *http.Request) {
	p := currentPartnership(r)
	if !s.allowed(w, r, access.ViewLearning, access.Object{PartnershipID: p.ID}, "theme", "") {
		return
	}
	in := r.URL.Query()
	f := views.NewForm(url.Values{"q": {in.Get("q")}, "status": {in.Get("status")}, "priority": {in.Get("priority")},
		"source": {in.Get("source")}, "owner": {in.Get("owner")}})
	flt := learning.ThemeFilter{PartnershipID: p.ID, Search: in.Get("q"), Status: in.Get("status"), Priority: in.Get("priority"),
		SourceKind: in.Get("source")}
	flt.OwnerID, _ = strconv.ParseInt(in.Get("owner"), 10, 64)
	list, err := learning.Themes(r.Context(), s.DB, flt)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	_, prios, err := s.priorityOptions(r, p)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	owners, err := s.engineRoomPeople(r, p)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := views.ThemesView{Action: "/" + p.Slug + "/themes", NewHref: "/" + p.Slug + "/themes/new",
		CanManage:  access.Decide(subject(r), access.ManageLearning, access.Object{PartnershipID: p.ID}).Allowed,
		Statuses:   learningOptions(learning.ThemeStatuses, "Any status"),
		Priorities: append([]views.Option{{Value: "", Label: "Any priority"}}, prios...),
		Sources:    learningOptions(learning.SourceKinds, "Any source"),
		Owners:     append([]views.Option{{Value: "", Label: "Anyone"}}, owners...)}
	for _, t := range list {
		var sources []string
		for _, k := range t.SourceKinds {
			sources = append(sources, learning.SourceLabel(k))
		}
		v.Rows = append(v.Rows, views.ThemeRow{Href: themeHref(p, t.ID), Title: t.Title, Status: learning.StatusLabel(t.Status),
			Rating: learning.RatingLabel(t.Rating), RatingTag: ratingTags[t.Rating], Owner: t.OwnerName,
			Sources: strings.Join(sources, ", "), Priorities: strings.Join(t.Priorities, "; "), Updated: t.UpdatedAt})
	}
	s.render(w, r, http.StatusOK, views.Themes(s.page(w, r, "Themes"), f, v))
}

// newThemeForm shows the form to start a theme.
func (s *Server) newThemeForm(w http.ResponseWriter, r *http.Request) {
	p := currentPartnership(r)
	if !s.allowed(w, r, access.ManageLearning, access.Object{PartnershipID: p.ID}, "theme", "") {
		return
	}
	s.renderThemeForm(w, r, http.StatusOK, views.NewForm(nil), 0)
}

// editThemeForm shows the form to change a theme.
func (s *Server) editThemeForm(w http.ResponseWriter, r *http.Request) {
	p := currentPartnership(r)
	id, ok := s.idParam(w, r, "id")
	if !ok || !s.allowed(w, r, access.ManageLearning, access.Object{PartnershipID: p.ID}, "theme", strconv.FormatInt(id, 10)) {
		return
	}
	t, err := learning.GetTheme(r.Context(), s.DB, p.ID, id)
	if s.lookupFailed(w, r, err) {
		return
	}
	v := url.Values{"title": {t.Title}, "description": {t.Description}, "priorities": t.Priorities, "status": {t.Status},
		"rating": {t.Rating}, "rating_reason": {t.RatingReason}, "version": {strconv.Itoa(t.Version)}}
	if t.OwnerID != nil {
		v.Set("owner", strconv.FormatInt(*t.OwnerID, 10))
	}
	s.renderThemeForm(w, r, http.StatusOK, views.NewForm(v), id)
}

func (s *Server) renderThemeForm(w http.ResponseWriter, r *http.Request, status int, f views.Form, id int64) {
	p := currentPartnership(r)
	_, prios, err := s.priorityOptions(r, p)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	owners, err := s.engineRoomPeople(r, p)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := views.ThemeFormView{Heading: "Start a theme", Action: "/" + p.Slug + "/themes", New: id == 0, Priorities: prios,
		Owners: append([]views.Option{{Value: "", Label: "No owner yet"}}, owners...), Statuses: learningOptions(learning.ThemeStatuses, ""),
		Ratings: learningOptions(learning.Ratings, "Not rated"), Sources: learningOptions(learning.SourceKinds, "Choose a source")}
	if id != 0 {
		v.Heading, v.Action = "Change the theme", themeHref(p, id)+"/edit"
	}
	title := v.Heading
	title = errorTitle(title, f)
	s.render(w, r, status, views.ThemeForm(s.page(w, r, title), f, v))
}

// saveTheme starts a theme (no id) or changes one, refusing a change to a theme someone else
// changed since the form was loaded.
func (s *Server) saveTheme(w http.ResponseWriter, r *http.Request) {
	p := currentPartnership(r)
	var id int64
	if urlParam(r, "id") != "" {
		var ok bool
		if id, ok = s.idParam(w, r, "id"); !ok {
			return
		}
	}
	if !s.allowed(w, r, access.ManageLearning, access.Object{PartnershipID: p.ID}, "theme", strconv.FormatInt(id, 10)) || !s.parseForm(w, r) {
		return
	}
	f := views.NewForm(r.PostForm)
	prios, _, err := s.priorityOptions(r, p)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	in := learning.ThemeInput{Title: f.Value("title"), Description: f.Value("description"), Priorities: f.Values["priorities"],
		Status: f.Value("status"), Rating: f.Value("rating"), RatingReason: f.Value("rating_reason"), Reason: f.Value("reason")}
	if o, err := strconv.ParseInt(f.Value("owner"), 10, 64); err == nil {
		in.OwnerID = &o
	}
	errs := in.Validate(prios)
	src := learning.NewSource{Kind: f.Value("source_kind"), Reference: f.Value("source_reference")}
	if id == 0 && learning.SourceLabel(src.Kind) == src.Kind {
		errs["source_kind"] = "Choose what raised the theme"
	}
	if id != 0 && in.Status == "" {
		errs["status"] = "Choose the theme's status"
	}
	f.AddErrors(errs, "title", "description", "priorities", "source_kind", "status", "rating", "rating_reason")
	if f.Invalid() {
		s.renderThemeForm(w, r, http.StatusUnprocessableEntity, f, id)
		return
	}
	version, _ := strconv.Atoi(f.Value("version"))
	err = database.InTx(r.Context(), s.DB, func(tx pgx.Tx) error {
		if id == 0 {
			var err error
			if id, err = learning.CreateTheme(r.Context(), tx, p.ID, subject(r).UserID, in, src); err != nil {
				return err
			}
			return audit.Record(r.Context(), tx, s.auditEntry(r, "theme.create", "theme", id, in.Title))
		}
		if err := learning.UpdateTheme(r.Context(), tx, p.ID, id, subject(r).UserID, version, in); err != nil {
			return err
		}
		return audit.Record(r.Context(), tx, s.auditEntry(r, "theme.update", "theme", id, in.Status+" "+in.Rating))
	})
	if errors.Is(err, learning.ErrConflict) {
		f.AddError("title", "Someone else changed this theme while you were editing it. Open it again to see their changes, then make yours")
		s.renderThemeForm(w, r, http.StatusConflict, f, id)
		return
	}
	var refused learning.StatusRefused
	if errors.As(err, &refused) {
		f.AddError(refused.Field, refused.Message)
		s.renderThemeForm(w, r, http.StatusUnprocessableEntity, f, id)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.redirectWithFlash(w, r, themeHref(p, id), "The theme has been saved")
}

// themePage is a theme's golden thread, loaded in a fixed number of queries.
func (s *Server) themePage(w http.ResponseWriter, r *http.Request) {
	s.renderThemePage(w, r, http.StatusOK, views.NewForm(nil))
}

// renderThemePage renders the golden thread with f, the form adding a source.
func (s *Server) renderThemePage(w http.ResponseWriter, r *http.Request, status int, f views.Form) {
	p := currentPartnership(r)
	id, ok := s.idParam(w, r, "id")
	if !ok || !s.allowed(w, r, access.ViewLearning, access.Object{PartnershipID: p.ID}, "theme", strconv.FormatInt(id, 10)) {
		return
	}
	th, err := learning.LoadThread(r.Context(), s.DB, p.ID, id)
	if s.lookupFailed(w, r, err) {
		return
	}
	today := partnership.Today(s.Now())
	t := th.Theme
	v := views.ThemePageView{Title: t.Title, Description: t.Description, Status: learning.StatusLabel(t.Status),
		Rating: learning.RatingLabel(t.Rating), RatingTag: ratingTags[t.Rating], RatingReason: t.RatingReason, Owner: t.OwnerName,
		Priorities: strings.Join(t.Priorities, "; "), EditHref: themeHref(p, id) + "/edit", CommissionHref: themeHref(p, id) + "/commissions/new",
		CanManage: access.Decide(subject(r), access.ManageLearning, access.Object{PartnershipID: p.ID}).Allowed}
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
		detail := h.Reason
		v.History = append(v.History, views.ThreadStep{When: h.At, Kind: learning.StatusLabel(h.Status), Title: learning.RatingLabel(h.Rating),
			Detail: detail, Who: h.ActorName})
	}
	updatesOf := map[int64][]views.ThreadStep{}
	for _, u := range th.Updates {
		kind := "Progress"
		if u.Done {
			kind = "Done"
		}
		updatesOf[u.ActionID] = append(updatesOf[u.ActionID], views.ThreadStep{When: u.At, Kind: kind, Detail: u.Progress, Who: u.AuthorName})
	}
	recs := map[int64][]views.ThreadRecommendation{}
	for _, rec := range th.Recommendations {
		tr := views.ThreadRecommendation{Href: recommendationHref(p, rec.ID), Title: rec.Title, Owner: rec.OwnerOrgName, Due: rec.DueOn,
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
				tr.Impact = append(tr.Impact, views.ThreadStep{When: e.EvidenceOn, Kind: "Evidence: " + learning.EvidenceLabel(e.Kind),
					Title: learning.RatingLabel(e.Rating), Detail: e.Summary, Who: e.AddedByName})
			}
		}
		tr.EvidenceDue = rec.EvidenceDue(today, len(tr.Impact))
		recs[*rec.CommissionID] = append(recs[*rec.CommissionID], tr)
	}
	for _, c := range th.Commissions {
		v.Commissions = append(v.Commissions, views.ThreadCommission{Href: commissionHref(p, c.ID), Title: c.Title,
			Status: learning.CommissionStatusLabel(c.Status), Friends: names(c.Friends), Starts: c.StartsOn, Due: c.DueOn,
			Findings: markdown.HTML(c.Findings), Recommendations: recs[c.ID]})
		if c.Findings == "" {
			v.Commissions[len(v.Commissions)-1].Findings = ""
		}
	}
	v.SourceKinds = learningOptions(learning.SourceKinds, "Choose what raised it")
	v.SourceAction = themeHref(p, id) + "/sources"
	s.render(w, r, status, views.ThemePage(s.page(w, r, errorTitle(t.Title, f)), f, v))
}

// addSource records another source that raised a theme: performance data, an audit, a review.
func (s *Server) addSource(w http.ResponseWriter, r *http.Request) {
	p := currentPartnership(r)
	id, ok := s.idParam(w, r, "id")
	if !ok || !s.allowed(w, r, access.ManageLearning, access.Object{PartnershipID: p.ID}, "theme", strconv.FormatInt(id, 10)) || !s.parseForm(w, r) {
		return
	}
	if _, err := learning.GetTheme(r.Context(), s.DB, p.ID, id); s.lookupFailed(w, r, err) {
		return
	}
	f := views.NewForm(r.PostForm)
	src := learning.NewSource{Kind: f.Value("source_kind"), Reference: f.Value("source_reference")}
	if learning.SourceLabel(src.Kind) == src.Kind {
		f.AddError("source_kind", "Choose what raised the theme")
	}
	if len([]rune(strings.TrimSpace(src.Reference))) > 500 {
		f.AddError("source_reference", "The reference or link must be 500 characters or fewer")
	}
	if f.Invalid() {
		s.renderThemePage(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	err := database.InTx(r.Context(), s.DB, func(tx pgx.Tx) error {
		if err := learning.AddSource(r.Context(), tx, id, subject(r).UserID, src); err != nil {
			return err
		}
		return audit.Record(r.Context(), tx, s.auditEntry(r, "theme.source", "theme", id, src.Kind))
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.redirectWithFlash(w, r, themeHref(p, id), "The source has been added")
}

func names(people []learning.Person) string {
	var ns []string
	for _, p := range people {
		ns = append(ns, p.Name)
	}
	return strings.Join(ns, ", ")
}

// trainingNeeds is the learning co-ordinator's list of training needs.
func (s *Server) trainingNeeds(w http.ResponseWriter, r *http.Request) {
	p := currentPartnership(r)
	if !s.allowed(w, r, access.ViewLearning, access.Object{PartnershipID: p.ID}, "training_need", "") {
		return
	}
	needs, err := learning.TrainingNeeds(r.Context(), s.DB, p.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	rows := make([]views.TrainingNeedRow, 0, len(needs))
	for _, n := range needs {
		rows = append(rows, views.TrainingNeedRow{Description: n.Description, Recommendation: n.RecommendationTitle, Theme: n.ThemeTitle,
			ThemeHref: themeHref(p, n.ThemeID), Status: strings.ToUpper(n.Status[:1]) + n.Status[1:], Raised: n.CreatedAt})
	}
	s.render(w, r, http.StatusOK, views.TrainingNeeds(s.page(w, r, "Training needs"), rows))
}

// triage records the Engine Room's decision on a KLOE request from its detail page.
func (s *Server) triage(w http.ResponseWriter, r *http.Request) {
	p := currentPartnership(r)
	id, ok := s.idParam(w, r, "id")
	if !ok || !s.allowed(w, r, access.ManageLearning, access.Object{PartnershipID: p.ID}, "request", strconv.FormatInt(id, 10)) || !s.parseForm(w, r) {
		return
	}
	req, err := intake.Get(r.Context(), s.DB, p.ID, id)
	if errors.Is(err, intake.ErrNotFound) || (err == nil && req.Kind != intake.KLOE) {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	f := views.NewForm(r.PostForm)
	in := learning.TriageInput{Decision: f.Value("decision"), RoutedTo: f.Value("routed_to"), Outcome: f.Value("triage_outcome"),
		NewTheme: learning.ThemeInput{Title: f.Value("theme_title"), Description: "Raised by " + req.Reference + ": " + req.Title}}
	in.ThemeID, _ = strconv.ParseInt(f.Value("theme"), 10, 64)
	in.RequestV, _ = strconv.Atoi(f.Value("version"))
	if m, err := strconv.ParseInt(f.Value("meeting"), 10, 64); err == nil {
		in.MeetingID = &m
	}
	errs := in.Validate()
	for _, field := range []string{"decision", "theme", "theme_title", "routed_to", "outcome"} {
		if msg := errs[field]; msg != "" {
			if field == "outcome" {
				field = "triage_outcome"
			}
			f.AddError(field, msg)
		}
	}
	var themeID int64
	if !f.Invalid() {
		err = database.InTx(r.Context(), s.DB, func(tx pgx.Tx) error {
			var err error
			if themeID, err = learning.Triage(r.Context(), tx, req, subject(r).UserID, in, s.Now()); err != nil {
				return err
			}
			return audit.Record(r.Context(), tx, s.auditEntry(r, "request.triage", "request", id, in.Decision))
		})
		switch {
		case errors.Is(err, intake.ErrConflict) || isUniqueViolation(err):
			f.AddError("decision", "Someone else has already dealt with this request: check what they did below")
		case errors.Is(err, learning.ErrNotFound):
			f.AddError("theme", "Choose a theme from the list")
		case err != nil:
			s.serverError(w, r, err)
			return
		}
	}
	if f.Invalid() {
		s.renderRequestDetail(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	to := fmt.Sprintf("/%s/inbox/%d", p.Slug, id)
	if themeID != 0 {
		to = themeHref(p, themeID)
	}
	s.redirectWithFlash(w, r, to, req.Reference+" has been triaged")
}

// parseDateFields reads a date question's three fields (name-day, name-month, name-year).
func parseDateFields(f views.Form, name string) (time.Time, bool) {
	return parseDate(f.Value(name+"-day") + " " + f.Value(name+"-month") + " " + f.Value(name+"-year"))
}
