package server

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/learning"
	"github.com/scp-portal/portal/internal/markdown"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/internal/reviews"
	"github.com/scp-portal/portal/web/views"
)

// newCommissionForm shows the form to commission learning on a theme.
func (s *Server) newCommissionForm(w http.ResponseWriter, r *http.Request) {
	s.renderCommissionForm(w, r, http.StatusOK, views.NewForm(nil))
}

func (s *Server) renderCommissionForm(w http.ResponseWriter, r *http.Request, status int, f views.Form) {
	p := currentPartnership(r)
	id, ok := s.idParam(w, r, "id")
	if !ok || !s.allowed(w, r, access.ManageLearning, access.Object{PartnershipID: p.ID}, "theme", strconv.FormatInt(id, 10)) {
		return
	}
	t, err := learning.GetTheme(r.Context(), s.DB, p.ID, id)
	if s.lookupFailed(w, r, err) {
		return
	}
	orgs, err := s.orgOptions(r, p, "")
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	friends, err := s.options(r, `SELECT DISTINCT u.id::text, u.name || coalesce(' (' || o.name || ')', ' (independent)')
		FROM membership m JOIN body b ON b.id = m.body_id JOIN app_user u ON u.id = m.user_id LEFT JOIN organisation o ON o.id = u.organisation_id
		WHERE m.partnership_id = $1 AND b.kind = 'critical_friends' AND u.status = 'active'
		AND m.starts_on <= $2 AND (m.ends_on IS NULL OR m.ends_on > $2) ORDER BY 2`, p.ID, partnership.Today(s.Now()))
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := views.CommissionFormView{ThemeTitle: t.Title, Action: themeHref(p, id) + "/commissions", Methods: learningOptions(learning.Methods, ""),
		Organisations: orgs[1:], Friends: friends}
	title := "Commission learning"
	title = errorTitle(title, f)
	s.render(w, r, status, views.CommissionForm(s.page(w, r, title), f, v))
}

func ids(values []string) []int64 {
	var out []int64
	for _, v := range values {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			out = append(out, id)
		}
	}
	return out
}

// createCommission commissions learning, refusing critical friends who are not independent.
func (s *Server) createCommission(w http.ResponseWriter, r *http.Request) {
	p := currentPartnership(r)
	themeID, ok := s.idParam(w, r, "id")
	if !ok || !s.allowed(w, r, access.ManageLearning, access.Object{PartnershipID: p.ID}, "theme", strconv.FormatInt(themeID, 10)) || !s.parseForm(w, r) {
		return
	}
	f := views.NewForm(r.PostForm)
	in := learning.CommissionInput{Title: f.Value("title"), KeyLines: f.Value("key_lines"), Methods: f.Values["methods"],
		Participants: f.Value("participants"), Organisations: ids(f.Values["organisations"]), Friends: ids(f.Values["friends"])}
	var okStart, okDue bool
	in.StartsOn, okStart = parseDateFields(f, "starts_on")
	in.DueOn, okDue = parseDateFields(f, "due_on")
	errs := in.Validate()
	if !okStart {
		f.AddError("starts_on-day", "Enter the start as a real date, like 1 12 2026")
	}
	if !okDue {
		f.AddError("due_on-day", "Enter when the findings are due as a real date, like 31 3 2027")
	}
	f.AddErrors(errs, "title", "key_lines", "methods", "due_on-day", "friends")
	if len(in.Friends) > 0 {
		problems, err := learning.CheckFriends(r.Context(), s.DB, p.ID, in.Friends, partnership.Today(s.Now()))
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		for _, pr := range problems {
			f.AddError("friends", pr.Reason)
		}
	}
	if f.Invalid() {
		s.renderCommissionForm(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	var id int64
	err := database.InTx(r.Context(), s.DB, func(tx pgx.Tx) error {
		var err error
		if id, err = learning.CreateCommission(r.Context(), tx, p.ID, themeID, subject(r).UserID, in, partnership.Today(s.Now())); err != nil {
			return err
		}
		return audit.Record(r.Context(), tx, s.auditEntry(r, "commission.create", "commission", id, in.Title))
	})
	if isForeignKeyViolation(err) {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.redirectWithFlash(w, r, commissionHref(p, id), "Learning has been commissioned")
}

// commissions lists commissioned learning: all of it for those who run the loop, a critical
// friend's own for them.
func (s *Server) commissions(w http.ResponseWriter, r *http.Request) {
	p := currentPartnership(r)
	subj := subject(r)
	var friend int64 // 0: all of them
	if !access.Decide(subj, access.ViewLearning, access.Object{PartnershipID: p.ID}).Allowed {
		// A critical friend of the partnership sees the commissions they are on; anyone else is refused.
		if !subj.Roles.Has(access.CriticalFriend) || subj.PartnershipID != p.ID {
			s.allowed(w, r, access.ViewLearning, access.Object{PartnershipID: p.ID}, "commission", "")
			return
		}
		friend = subj.UserID
	}
	list, err := learning.Commissions(r.Context(), s.DB, p.ID, 0, friend)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	rows := make([]views.CommissionRow, 0, len(list))
	for _, c := range list {
		rows = append(rows, views.CommissionRow{Href: commissionHref(p, c.ID), Title: c.Title, Theme: c.ThemeTitle,
			Status: learning.CommissionStatusLabel(c.Status), Due: c.DueOn, Friends: names(c.Friends)})
	}
	s.render(w, r, http.StatusOK, views.Commissions(s.page(w, r, "Commissioned learning"), rows))
}

// loadCommission loads the commission in the path and asks the policy about action; a refusal is
// the 404 page for someone who may not see it at all.
func (s *Server) loadCommission(w http.ResponseWriter, r *http.Request, action access.Action) (learning.Commission, bool) {
	p := currentPartnership(r)
	id, ok := s.idParam(w, r, "id")
	if !ok {
		return learning.Commission{}, false
	}
	c, err := learning.GetCommission(r.Context(), s.DB, p.ID, id)
	if errors.Is(err, learning.ErrNotFound) {
		if s.allowed(w, r, access.ViewLearning, access.Object{PartnershipID: p.ID}, "commission", strconv.FormatInt(id, 10)) {
			s.notFound(w, r)
		}
		return c, false
	}
	if err != nil {
		s.serverError(w, r, err)
		return c, false
	}
	return c, s.allowed(w, r, action, commissionObject(p, c), "commission", strconv.FormatInt(id, 10))
}

func commissionObject(p partnership.Partnership, c learning.Commission) access.Object {
	o := access.Object{PartnershipID: p.ID}
	for _, f := range c.Friends {
		o.Participants = append(o.Participants, f.ID)
	}
	return o
}

// commissionPage shows a commission with its notes, findings and recommendations.
func (s *Server) commissionPage(w http.ResponseWriter, r *http.Request) {
	c, ok := s.loadCommission(w, r, access.ViewLearning)
	if !ok {
		return
	}
	s.renderCommission(w, r, http.StatusOK, c, views.NewForm(url.Values{"findings": {c.Findings}, "version": {strconv.Itoa(c.Version)}}))
}

func (s *Server) renderCommission(w http.ResponseWriter, r *http.Request, status int, c learning.Commission, f views.Form) {
	p := currentPartnership(r)
	notes, err := learning.Notes(r.Context(), s.DB, []int64{c.ID})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	recs, err := learning.Recommendations(r.Context(), s.DB, []int64{c.ID})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	milestones, err := learning.Milestones(r.Context(), s.DB, []int64{c.ID})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	orgs, err := s.orgOptions(r, p, "Choose the organisation")
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var methods []string
	for _, m := range c.Methods {
		methods = append(methods, learning.MethodLabel(m))
	}
	subj := subject(r)
	v := views.CommissionPageView{Title: c.Title, ThemeTitle: c.ThemeTitle, ThemeHref: themeHref(p, c.ThemeID),
		Status: learning.CommissionStatusLabel(c.Status), KeyLines: c.KeyLines, Methods: strings.Join(methods, ", "),
		Organisations: strings.Join(c.Organisations, ", "), Participants: c.Participants, Friends: names(c.Friends),
		Starts: c.StartsOn, Due: c.DueOn, Base: commissionHref(p, c.ID), Orgs: orgs,
		CanWrite:    access.Decide(subj, access.WorkOnCommission, commissionObject(p, c)).Allowed,
		CanManage:   access.Decide(subj, access.ManageLearning, access.Object{PartnershipID: p.ID}).Allowed,
		Open:        c.Status != "signed_off",
		HasFindings: strings.TrimSpace(c.Findings) != ""}
	if v.HasFindings {
		v.Findings = markdown.HTML(c.Findings)
	}
	for _, n := range notes[c.ID] {
		kind := "Note"
		if n.Kind == "voice" {
			kind = "Voice of children and families"
		}
		v.Notes = append(v.Notes, views.NoteView{Kind: kind, Body: n.Body, Author: n.AuthorName, When: n.CreatedAt})
	}
	today := partnership.Today(s.Now())
	for _, m := range milestones[c.ID] {
		v.Milestones = append(v.Milestones, views.MilestoneView{Title: m.Title, Due: m.DueOn, Done: m.DoneOn, Overdue: m.Overdue(today),
			DoneHref: fmt.Sprintf("%s/milestones/%d/done", v.Base, m.ID)})
	}
	for _, rec := range recs {
		v.Recs = append(v.Recs, views.RecommendationRow{Href: recommendationHref(p, rec.ID), Title: rec.Title, Owner: rec.OwnerOrgName,
			Due: rec.DueOn, Status: learning.RecommendationStatusLabel(rec.Status), Overdue: rec.Overdue(today)})
	}
	title := c.Title
	title = errorTitle(title, f)
	s.render(w, r, status, views.CommissionPage(s.page(w, r, title), f, v))
}

// addNote adds a note or the voice of children and families to a commission.
func (s *Server) addNote(w http.ResponseWriter, r *http.Request) {
	c, ok := s.loadCommission(w, r, access.WorkOnCommission)
	if !ok || !s.parseForm(w, r) {
		return
	}
	p := currentPartnership(r)
	f := views.NewForm(r.PostForm)
	kind, body := f.Value("note_kind"), strings.TrimSpace(f.Value("note"))
	if kind != "note" && kind != "voice" {
		f.AddError("note_kind", "Choose what you are adding")
	}
	switch {
	case body == "":
		f.AddError("note", "Write the note")
	case len([]rune(body)) > 20000:
		f.AddError("note", "The note must be 20,000 characters or fewer")
	}
	if !f.Invalid() {
		err := database.InTx(r.Context(), s.DB, func(tx pgx.Tx) error {
			if err := learning.AddNote(r.Context(), tx, c.ID, subject(r).UserID, kind, body); err != nil {
				return err
			}
			return audit.Record(r.Context(), tx, s.auditEntry(r, "commission.note", "commission", c.ID, kind))
		})
		switch {
		case errors.Is(err, learning.ErrNotAllowed):
			f.AddError("note", "The commission has been signed off: nothing more can be added")
		case err != nil:
			s.serverError(w, r, err)
			return
		}
	}
	if f.Invalid() {
		f.Values.Set("version", strconv.Itoa(c.Version))
		f.Values.Set("findings", c.Findings)
		s.renderCommission(w, r, http.StatusUnprocessableEntity, c, f)
		return
	}
	s.redirectWithFlash(w, r, commissionHref(p, c.ID), "Your note has been added")
}

// saveFindings saves the findings report, refusing to overwrite someone else's newer version.
func (s *Server) saveFindings(w http.ResponseWriter, r *http.Request) {
	c, ok := s.loadCommission(w, r, access.WorkOnCommission)
	if !ok || !s.parseForm(w, r) {
		return
	}
	p := currentPartnership(r)
	f := views.NewForm(r.PostForm)
	version, _ := strconv.Atoi(f.Value("version"))
	if len([]rune(f.Value("findings"))) > 100000 {
		f.AddError("findings", "The findings must be 100,000 characters or fewer")
	} else {
		err := database.InTx(r.Context(), s.DB, func(tx pgx.Tx) error {
			if err := learning.SaveFindings(r.Context(), tx, p.ID, c.ID, version, f.Value("findings")); err != nil {
				return err
			}
			return audit.Record(r.Context(), tx, s.auditEntry(r, "commission.findings", "commission", c.ID, ""))
		})
		switch {
		case errors.Is(err, learning.ErrConflict):
			f.AddError("findings", "Someone else saved the findings while you were writing, or they have been signed off. Your text is below: "+
				"copy it, open the commission again and add it to theirs")
		case err != nil:
			s.serverError(w, r, err)
			return
		}
	}
	if f.Invalid() {
		s.renderCommission(w, r, http.StatusConflict, c, f)
		return
	}
	s.redirectWithFlash(w, r, commissionHref(p, c.ID), "The findings have been saved")
}

// addRecommendation adds a recommendation of the findings report, by its critical friends or the
// Engine Room.
func (s *Server) addRecommendation(w http.ResponseWriter, r *http.Request) {
	c, ok := s.loadCommission(w, r, access.WorkOnCommission)
	if !ok || !s.parseForm(w, r) {
		return
	}
	p := currentPartnership(r)
	f := views.NewForm(r.PostForm)
	in := learning.RecommendationInput{Title: strings.TrimSpace(f.Value("rec_title")), TrainingNeed: f.Value("rec_training")}
	if in.Title == "" || len([]rune(in.Title)) > 500 {
		f.AddError("rec_title", "Write the recommendation, 500 characters or fewer")
	}
	var err error
	if in.OwnerOrgID, err = strconv.ParseInt(f.Value("rec_owner"), 10, 64); err != nil {
		f.AddError("rec_owner", "Choose the organisation that owns it")
	}
	due, okDue := parseDateFields(f, "rec_due")
	if !okDue {
		f.AddError("rec_due-day", "Enter when it is due as a real date, like 31 3 2027")
	}
	in.DueOn = due
	if f.Value("rec_impact_due-day")+f.Value("rec_impact_due-month")+f.Value("rec_impact_due-year") != "" {
		if d, ok := parseDateFields(f, "rec_impact_due"); ok {
			in.ImpactDueOn = &d
		} else {
			f.AddError("rec_impact_due-day", "Enter when evidence of impact is due as a real date, or leave it empty")
		}
	}
	if len([]rune(in.TrainingNeed)) > 2000 {
		f.AddError("rec_training", "The training need must be 2,000 characters or fewer")
	}
	if !f.Invalid() {
		err = database.InTx(r.Context(), s.DB, func(tx pgx.Tx) error {
			id, err := learning.AddRecommendation(r.Context(), tx, p.ID, c.ID, in)
			if err != nil {
				return err
			}
			return audit.Record(r.Context(), tx, s.auditEntry(r, "recommendation.create", "recommendation", id, ""))
		})
		switch {
		case errors.Is(err, learning.ErrNoFindings):
			f.AddError("rec_title", "Write the findings first: recommendations come from them")
		case isForeignKeyViolation(err):
			f.AddError("rec_owner", "Choose an organisation from the list")
		case err != nil:
			s.serverError(w, r, err)
			return
		}
	}
	if f.Invalid() {
		f.Values.Set("version", strconv.Itoa(c.Version))
		f.Values.Set("findings", c.Findings)
		s.renderCommission(w, r, http.StatusUnprocessableEntity, c, f)
		return
	}
	s.redirectWithFlash(w, r, commissionHref(p, c.ID), "The recommendation has been added")
}

// signOff signs the findings off, which marks the theme's learning as shared.
func (s *Server) signOff(w http.ResponseWriter, r *http.Request) {
	c, ok := s.loadCommission(w, r, access.ManageLearning)
	if !ok {
		return
	}
	p := currentPartnership(r)
	err := database.InTx(r.Context(), s.DB, func(tx pgx.Tx) error {
		if err := learning.SignOff(r.Context(), tx, p.ID, c.ID, subject(r).UserID, s.Now()); err != nil {
			return err
		}
		return audit.Record(r.Context(), tx, s.auditEntry(r, "commission.sign-off", "commission", c.ID, ""))
	})
	f := views.NewForm(url.Values{"findings": {c.Findings}, "version": {strconv.Itoa(c.Version)}})
	switch {
	case errors.Is(err, learning.ErrNoFindings):
		f.AddError("findings", "There are no findings to sign off yet")
	case errors.Is(err, learning.ErrNotAllowed):
		f.AddError("findings", "The findings have already been signed off")
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	if f.Invalid() {
		s.renderCommission(w, r, http.StatusUnprocessableEntity, c, f)
		return
	}
	s.redirectWithFlash(w, r, commissionHref(p, c.ID), "The findings have been signed off and the learning is shared")
}

// loadRecommendation loads the recommendation in the path after asking the policy.
func (s *Server) loadRecommendation(w http.ResponseWriter, r *http.Request, action access.Action) (learning.Recommendation, bool) {
	p := currentPartnership(r)
	id, ok := s.idParam(w, r, "id")
	if !ok || !s.allowed(w, r, action, access.Object{PartnershipID: p.ID}, "recommendation", strconv.FormatInt(id, 10)) {
		return learning.Recommendation{}, false
	}
	rec, err := learning.GetRecommendation(r.Context(), s.DB, p.ID, id)
	if s.lookupFailed(w, r, err) {
		return rec, false
	}
	return rec, true
}

// recommendationPage shows a recommendation with its actions and evidence.
func (s *Server) recommendationPage(w http.ResponseWriter, r *http.Request) {
	rec, ok := s.loadRecommendation(w, r, access.ViewLearning)
	if !ok {
		return
	}
	s.renderRecommendation(w, r, http.StatusOK, rec, views.NewForm(url.Values{"rec_status": {rec.Status}}))
}

func (s *Server) renderRecommendation(w http.ResponseWriter, r *http.Request, status int, rec learning.Recommendation, f views.Form) {
	p := currentPartnership(r)
	ctx := r.Context()
	actions, err := learning.Actions(ctx, s.DB, []int64{rec.ID})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	actionIDs := make([]int64, 0, len(actions))
	for _, a := range actions {
		actionIDs = append(actionIDs, a.ID)
	}
	updates, err := learning.Updates(ctx, s.DB, actionIDs)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	evidence, err := learning.EvidenceOf(ctx, s.DB, []int64{rec.ID})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	// Where the recommendation comes from: a commission's findings or a local CSPR's report.
	var source, sourceHref string
	switch {
	case rec.CommissionID != nil:
		c, err := learning.GetCommission(ctx, s.DB, p.ID, *rec.CommissionID)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		source, sourceHref = c.Title, commissionHref(p, c.ID)
	case rec.CSPRID != nil:
		c, _, err := reviews.GetCSPR(ctx, s.DB, p.ID, *rec.CSPRID)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		source, sourceHref = "Local child safeguarding practice review "+c.Reference, localReviewHref(p, c.ID)
	}
	challenges, err := learning.Challenges(ctx, s.DB, []int64{rec.ID})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	orgs, err := s.orgOptions(r, p, "Choose the organisation")
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	today := partnership.Today(s.Now())
	base := recommendationHref(p, rec.ID)
	v := views.RecommendationPageView{Title: rec.Title, Commission: source, CommissionHref: sourceHref, Owner: rec.OwnerOrgName, Due: rec.DueOn,
		Status: learning.RecommendationStatusLabel(rec.Status), Overdue: rec.Overdue(today), Base: base, Orgs: orgs, Version: rec.Version,
		CanManage:     access.Decide(subject(r), access.ManageLearning, access.Object{PartnershipID: p.ID}).Allowed,
		Statuses:      learningOptions(learning.RecommendationStatuses, ""),
		EvidenceKinds: learningOptions(learning.EvidenceKinds, "Choose the kind of evidence"),
		Ratings:       learningOptions(learning.Ratings, "")}
	for _, c := range challenges {
		v.Challenges = append(v.Challenges, views.ThreadStep{When: c.HeldOn, Kind: c.OrganisationName, Detail: c.WhatChanged, Who: c.AddedByName})
	}
	for _, a := range actions {
		av := views.ActionView{ID: a.ID, Org: a.OrganisationName, Description: a.Description, Due: a.DueOn, Done: a.Status == "done",
			Overdue: a.Overdue(today), UpdateHref: fmt.Sprintf("%s/actions/%d/updates", base, a.ID)}
		for _, u := range updates {
			if u.ActionID == a.ID {
				kind := "Progress"
				if u.Done {
					kind = "Done"
				}
				av.Updates = append(av.Updates, views.ThreadStep{When: u.At, Kind: kind, Detail: u.Progress, Who: u.AuthorName})
			}
		}
		v.Actions = append(v.Actions, av)
	}
	for _, e := range evidence {
		v.Evidence = append(v.Evidence, views.ThreadStep{When: e.EvidenceOn, Kind: learning.EvidenceLabel(e.Kind),
			Title: learning.RatingLabel(e.Rating), Detail: e.Summary, Who: e.AddedByName})
	}
	v.EvidenceDue = rec.EvidenceDue(today, len(evidence))
	title := rec.Title
	if len([]rune(title)) > 60 {
		title = string([]rune(title)[:60]) + "…"
	}
	title = errorTitle(title, f)
	s.render(w, r, status, views.RecommendationPage(s.page(w, r, title), f, v))
}

// recommendationChange runs a change to a recommendation: it parses the form, lets change check
// it and make it in a transaction, and shows the page again with any problem.
func (s *Server) recommendationChange(change func(r *http.Request, tx pgx.Tx, rec learning.Recommendation, f *views.Form) error, done string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rec, ok := s.loadRecommendation(w, r, access.ManageLearning)
		if !ok || !s.parseForm(w, r) {
			return
		}
		p := currentPartnership(r)
		f := views.NewForm(r.PostForm)
		err := database.InTx(r.Context(), s.DB, func(tx pgx.Tx) error { return change(r, tx, rec, &f) })
		switch {
		case errors.Is(err, errInvalidForm):
		case errors.Is(err, learning.ErrConflict):
			f.AddError("rec_status", "Someone else changed the recommendation since you opened it: check it below")
		case errors.Is(err, learning.ErrNotFound) || isForeignKeyViolation(err):
			f.AddError("action_org", "Choose from the lists")
		case err != nil:
			s.serverError(w, r, err)
			return
		}
		if f.Invalid() {
			s.renderRecommendation(w, r, http.StatusUnprocessableEntity, rec, f)
			return
		}
		s.redirectWithFlash(w, r, recommendationHref(p, rec.ID), done)
	}
}

// errInvalidForm stops a change whose form has problems; they are already on the form.
var errInvalidForm = errors.New("the form has problems")

func (s *Server) setRecommendationStatus(r *http.Request, tx pgx.Tx, rec learning.Recommendation, f *views.Form) error {
	version, _ := strconv.Atoi(f.Value("version"))
	st := f.Value("rec_status")
	if learning.RecommendationStatusLabel(st) == st {
		f.AddError("rec_status", "Choose a status from the list")
		return errInvalidForm
	}
	if err := learning.SetRecommendationStatus(r.Context(), tx, rec.PartnershipID, rec.ID, version, st); err != nil {
		return err
	}
	return audit.Record(r.Context(), tx, s.auditEntry(r, "recommendation.status", "recommendation", rec.ID, st))
}

func (s *Server) addAction(r *http.Request, tx pgx.Tx, rec learning.Recommendation, f *views.Form) error {
	org, err := strconv.ParseInt(f.Value("action_org"), 10, 64)
	if err != nil {
		f.AddError("action_org", "Choose the organisation that takes the action")
	}
	desc := strings.TrimSpace(f.Value("action_description"))
	if desc == "" || len([]rune(desc)) > 2000 {
		f.AddError("action_description", "Describe the action, 2,000 characters or fewer")
	}
	due, ok := parseDateFields(*f, "action_due")
	if !ok {
		f.AddError("action_due-day", "Enter when it is due as a real date, like 31 1 2027")
	}
	if f.Invalid() {
		return errInvalidForm
	}
	id, err := learning.AddAction(r.Context(), tx, rec.PartnershipID, rec.ID, org, desc, due)
	if err != nil {
		return err
	}
	return audit.Record(r.Context(), tx, s.auditEntry(r, "action.create", "action", id, ""))
}

func (s *Server) addActionUpdate(r *http.Request, tx pgx.Tx, rec learning.Recommendation, f *views.Form) error {
	actionID, err := strconv.ParseInt(urlParam(r, "actionID"), 10, 64)
	if err != nil {
		return learning.ErrNotFound
	}
	field := "progress-" + urlParam(r, "actionID")
	progress := strings.TrimSpace(f.Value(field))
	if progress == "" || len([]rune(progress)) > 5000 {
		f.AddError(field, "Write the progress update, 5,000 characters or fewer")
		return errInvalidForm
	}
	if err := learning.AddUpdate(r.Context(), tx, rec.PartnershipID, rec.ID, actionID, subject(r).UserID, progress, f.Value("done-"+urlParam(r, "actionID")) == "yes"); err != nil {
		return err
	}
	return audit.Record(r.Context(), tx, s.auditEntry(r, "action.update", "action", actionID, ""))
}

func (s *Server) addEvidence(r *http.Request, tx pgx.Tx, rec learning.Recommendation, f *views.Form) error {
	kind, rating := f.Value("evidence_kind"), f.Value("evidence_rating")
	summary := strings.TrimSpace(f.Value("evidence_summary"))
	if learning.EvidenceLabel(kind) == kind {
		f.AddError("evidence_kind", "Choose the kind of evidence")
	}
	if summary == "" || len([]rune(summary)) > 5000 {
		f.AddError("evidence_summary", "Summarise the evidence, 5,000 characters or fewer")
	}
	on, ok := parseDateFields(*f, "evidence_on")
	switch {
	case !ok:
		f.AddError("evidence_on-day", "Enter the date of the evidence as a real date, like 20 11 2026")
	case on.After(partnership.Today(s.Now())):
		f.AddError("evidence_on-day", "The date of the evidence must be today or in the past")
	}
	if rating != "red" && rating != "amber" && rating != "green" {
		f.AddError("evidence_rating", "Rate the evidence red, amber or green")
	}
	if f.Invalid() {
		return errInvalidForm
	}
	if err := learning.AddEvidence(r.Context(), tx, rec.PartnershipID, rec.ID, subject(r).UserID, kind, summary, on, rating); err != nil {
		return err
	}
	return audit.Record(r.Context(), tx, s.auditEntry(r, "impact.create", "recommendation", rec.ID, kind+" "+rating))
}

// addMilestone adds a milestone to a commission.
func (s *Server) addMilestone(w http.ResponseWriter, r *http.Request) {
	c, ok := s.loadCommission(w, r, access.WorkOnCommission)
	if !ok || !s.parseForm(w, r) {
		return
	}
	p := currentPartnership(r)
	f := views.NewForm(r.PostForm)
	title := strings.TrimSpace(f.Value("milestone_title"))
	if title == "" || len([]rune(title)) > 200 {
		f.AddError("milestone_title", "Enter the milestone, 200 characters or fewer")
	}
	due, okDue := parseDateFields(f, "milestone_due")
	if !okDue {
		f.AddError("milestone_due-day", "Enter the target date as a real date, like 15 1 2027")
	}
	if !f.Invalid() {
		err := database.InTx(r.Context(), s.DB, func(tx pgx.Tx) error {
			if err := learning.AddMilestone(r.Context(), tx, p.ID, c.ID, title, due); err != nil {
				return err
			}
			return audit.Record(r.Context(), tx, s.auditEntry(r, "commission.milestone", "commission", c.ID, title))
		})
		switch {
		case errors.Is(err, learning.ErrNotAllowed):
			f.AddError("milestone_title", "The commission has been signed off: nothing more can be added")
		case err != nil:
			s.serverError(w, r, err)
			return
		}
	}
	if f.Invalid() {
		f.Values.Set("version", strconv.Itoa(c.Version))
		f.Values.Set("findings", c.Findings)
		s.renderCommission(w, r, http.StatusUnprocessableEntity, c, f)
		return
	}
	s.redirectWithFlash(w, r, commissionHref(p, c.ID), "The milestone has been added")
}

// completeMilestone records that a milestone has been met today.
func (s *Server) completeMilestone(w http.ResponseWriter, r *http.Request) {
	c, ok := s.loadCommission(w, r, access.WorkOnCommission)
	if !ok {
		return
	}
	mid, ok := s.idParam(w, r, "milestoneID")
	if !ok {
		return
	}
	p := currentPartnership(r)
	err := database.InTx(r.Context(), s.DB, func(tx pgx.Tx) error {
		if err := learning.CompleteMilestone(r.Context(), tx, p.ID, c.ID, mid, partnership.Today(s.Now())); err != nil {
			return err
		}
		return audit.Record(r.Context(), tx, s.auditEntry(r, "commission.milestone-met", "commission", c.ID, strconv.FormatInt(mid, 10)))
	})
	if s.lookupFailed(w, r, err) {
		return
	}
	s.redirectWithFlash(w, r, commissionHref(p, c.ID), "The milestone has been marked as met")
}

func (s *Server) addChallenge(r *http.Request, tx pgx.Tx, rec learning.Recommendation, f *views.Form) error {
	org, err := strconv.ParseInt(f.Value("challenge_org"), 10, 64)
	if err != nil {
		f.AddError("challenge_org", "Choose the agency that presented")
	}
	on, ok := parseDateFields(*f, "challenge_on")
	if !ok {
		f.AddError("challenge_on-day", "Enter the session's date as a real date, like 20 11 2026")
	}
	text := strings.TrimSpace(f.Value("challenge_text"))
	if text == "" || len([]rune(text)) > 10000 {
		f.AddError("challenge_text", "Write what the agency presented as changed, 10,000 characters or fewer")
	}
	if f.Invalid() {
		return errInvalidForm
	}
	if err := learning.AddChallenge(r.Context(), tx, rec.PartnershipID, rec.ID, org, on, text, subject(r).UserID); err != nil {
		return err
	}
	return audit.Record(r.Context(), tx, s.auditEntry(r, "recommendation.challenge", "recommendation", rec.ID, ""))
}
