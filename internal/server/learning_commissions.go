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

// newCommissionForm shows the form to commission learning on a theme.
func (s *Server) newCommissionForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderCommissionForm(w, r, http.StatusOK, views.NewForm(nil))
}

func (s *Server) renderCommissionForm(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p := currentPartnership(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.authorize(r, access.ManageLearning, access.Object{PartnershipID: p.ID}, "theme", strconv.FormatInt(id, 10)); err != nil {
		return err
	}
	t, err := s.Learning.Theme(r.Context(), p.ID, id)
	if err != nil {
		return err
	}
	orgs, err := s.organisationOptions(r, p)
	if err != nil {
		return err
	}
	friends, err := s.Learning.FriendsPool(r.Context(), p.ID)
	if err != nil {
		return err
	}
	v := views.CommissionFormView{ThemeTitle: t.Title, Action: paths.themeCommissions(p.Slug, id), Methods: choiceOptions(learning.Methods),
		Organisations: orgs, Friends: peopleOptions(friends)}
	return s.render(w, r, status, views.CommissionForm(s.page(w, r, errorTitle("Commission learning", f)), f, v))
}

// organisationOptions are the partnership's organisations, after any first option such as
// "Choose the organisation".
func (s *Server) organisationOptions(r *http.Request, p partnership.Partnership, first ...views.Option) ([]views.Option, error) {
	orgs, err := s.Partnership.Organisations(r.Context(), p.ID)
	if err != nil {
		return nil, err
	}
	opts := append([]views.Option(nil), first...)
	for _, o := range orgs {
		opts = append(opts, views.Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name})
	}
	return opts, nil
}

// createCommission commissions learning, refusing critical friends who are not independent.
func (s *Server) createCommission(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	themeID, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.authorize(r, access.ManageLearning, access.Object{PartnershipID: p.ID}, "theme", strconv.FormatInt(themeID, 10)); err != nil {
		return err
	}
	f, err := readForm(r)
	if err != nil {
		return err
	}
	in := learning.CommissionInput{Title: f.Text("title"), KeyLines: f.Text("key_lines"), Methods: f.Values["methods"],
		Participants: f.Text("participants"), StartsOn: f.Date("starts_on", "the start"), DueOn: f.Date("due_on", "when the findings are due"),
		Organisations: f.IDs("organisations", "Choose organisations from the list"), Friends: f.IDs("friends", "Choose critical friends from the list")}
	var id int64
	err = f.Attempt(in.Validate(), func() error {
		id, err = s.Learning.Commission(r.Context(), s.actor(r), p.ID, themeID, in)
		return err
	})
	if err != nil {
		if status, ok := formError(&f.Form, err); ok {
			return s.renderCommissionForm(w, r, status, f.Form)
		}
		return err
	}
	return s.redirectWithFlash(w, r, paths.commission(p.Slug, id), "Learning has been commissioned")
}

// commissions lists commissioned learning: all of it for those who see the learning loop, their
// own for a critical friend. Who may list which is the access policy's (ListCommissions).
func (s *Server) commissions(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	subj := subject(r)
	scope := access.Object{PartnershipID: p.ID}
	if !access.Decide(subj, access.ListCommissions, scope).Allowed {
		scope.OwnerID = subj.UserID // then only the commissions they are on
	}
	if err := s.authorize(r, access.ListCommissions, scope, "commission", ""); err != nil {
		return err
	}
	list, err := s.Learning.Commissions(r.Context(), p.ID, scope.OwnerID)
	if err != nil {
		return err
	}
	rows := make([]views.CommissionRow, 0, len(list))
	for _, c := range list {
		rows = append(rows, views.CommissionRow{Href: paths.commission(p.Slug, c.ID), Title: c.Title, Theme: c.ThemeTitle,
			Status: learning.CommissionStatusLabel(c.Status), Due: c.DueOn, Friends: names(c.Friends)})
	}
	return s.render(w, r, http.StatusOK, views.Commissions(s.page(w, r, "Commissioned learning"), rows))
}

// loadCommission loads the commission in the path and asks the policy about action on it. A
// commission that does not exist is not found for those who see the learning loop, and refused
// to anyone else.
func (s *Server) loadCommission(r *http.Request, action access.Action) (learning.Commission, error) {
	p := currentPartnership(r)
	id, err := pathID(r, "id")
	if err != nil {
		return learning.Commission{}, err
	}
	c, err := s.Learning.CommissionByID(r.Context(), p.ID, id)
	if err != nil {
		if aerr := s.authorize(r, access.ViewLearning, access.Object{PartnershipID: p.ID}, "commission", strconv.FormatInt(id, 10)); aerr != nil {
			return c, aerr
		}
		return c, err
	}
	return c, s.authorize(r, action, commissionObject(p, c), "commission", strconv.FormatInt(id, 10))
}

func commissionObject(p partnership.Partnership, c learning.Commission) access.Object {
	o := access.Object{PartnershipID: p.ID}
	for _, f := range c.Friends {
		o.Participants = append(o.Participants, f.ID)
	}
	return o
}

// commissionPage shows a commission with its notes, findings and recommendations.
func (s *Server) commissionPage(w http.ResponseWriter, r *http.Request) error {
	c, err := s.loadCommission(r, access.ViewLearning)
	if err != nil {
		return err
	}
	return s.renderCommission(w, r, http.StatusOK, c, views.NewForm(url.Values{"findings": {c.Findings}, "version": {strconv.Itoa(c.Version)}}))
}

func (s *Server) renderCommission(w http.ResponseWriter, r *http.Request, status int, c learning.Commission, f views.Form) error {
	p := currentPartnership(r)
	work, err := s.Learning.Work(r.Context(), c)
	if err != nil {
		return err
	}
	orgs, err := s.organisationOptions(r, p, views.Option{Value: "", Label: "Choose the organisation"})
	if err != nil {
		return err
	}
	var methods []string
	for _, m := range c.Methods {
		methods = append(methods, learning.MethodLabel(m))
	}
	subj := subject(r)
	v := views.CommissionPageView{Title: c.Title, ThemeTitle: c.ThemeTitle, ThemeHref: paths.theme(p.Slug, c.ThemeID),
		Status: learning.CommissionStatusLabel(c.Status), KeyLines: c.KeyLines, Methods: strings.Join(methods, ", "),
		Organisations: strings.Join(c.Organisations, ", "), Participants: c.Participants, Friends: names(c.Friends),
		Starts: c.StartsOn, Due: c.DueOn, Orgs: orgs,
		MilestonesAction: paths.commissionMilestones(p.Slug, c.ID), NotesAction: paths.commissionNotes(p.Slug, c.ID),
		FindingsAction: paths.commissionFindings(p.Slug, c.ID), RecommendationsAction: paths.commissionRecommendations(p.Slug, c.ID),
		SignOffAction: paths.commissionSignOff(p.Slug, c.ID),
		CanWrite:      access.Decide(subj, access.WorkOnCommission, commissionObject(p, c)).Allowed,
		CanManage:     access.Decide(subj, access.ManageLearning, access.Object{PartnershipID: p.ID}).Allowed,
		Open:          c.Status != "signed_off",
		HasFindings:   strings.TrimSpace(c.Findings) != ""}
	if v.HasFindings {
		v.Findings = markdown.Render(c.Findings)
	}
	for _, n := range work.Notes {
		v.Notes = append(v.Notes, views.NoteView{Kind: learning.NoteKinds.Label(n.Kind), Body: n.Body, Author: n.AuthorName, When: n.CreatedAt})
	}
	today := partnership.Today(s.Now())
	for _, m := range work.Milestones {
		v.Milestones = append(v.Milestones, views.MilestoneView{Title: m.Title, Due: m.DueOn, Done: m.DoneOn, Overdue: m.Overdue(today),
			DoneHref: paths.milestoneDone(p.Slug, c.ID, m.ID)})
	}
	for _, rec := range work.Recommendations {
		v.Recs = append(v.Recs, views.RecommendationRow{Href: paths.recommendation(p.Slug, rec.ID), Title: rec.Title, Owner: rec.OwnerOrgName,
			Due: rec.DueOn, Status: learning.RecommendationStatusLabel(rec.Status), Overdue: rec.Overdue(today)})
	}
	return s.render(w, r, status, views.CommissionPage(s.page(w, r, errorTitle(c.Title, f)), f, v))
}

// commissionChange is the shape of every change posted from a commission's page: it loads the
// commission, asks the policy about action, reads the form, lets change make the change through
// the service, and shows the page again with any problem (the findings form as saved, unless it
// was the form posted).
func (s *Server) commissionChange(w http.ResponseWriter, r *http.Request, action access.Action, done string,
	change func(c learning.Commission, f *formReader) error) error {
	c, err := s.loadCommission(r, action)
	if err != nil {
		return err
	}
	f, err := readForm(r)
	if err != nil {
		return err
	}
	if err := change(c, f); err != nil {
		if status, ok := formError(&f.Form, err); ok {
			if _, posted := f.Values["findings"]; !posted {
				f.Values.Set("findings", c.Findings)
				f.Values.Set("version", strconv.Itoa(c.Version))
			}
			return s.renderCommission(w, r, status, c, f.Form)
		}
		return err
	}
	return s.redirectWithFlash(w, r, paths.commission(currentPartnership(r).Slug, c.ID), done)
}

// addNote adds a note or the voice of children and families to a commission.
func (s *Server) addNote(w http.ResponseWriter, r *http.Request) error {
	return s.commissionChange(w, r, access.WorkOnCommission, "Your note has been added", func(c learning.Commission, f *formReader) error {
		return s.Learning.AddNote(r.Context(), s.actor(r), c, learning.NoteInput{Kind: f.Text("note_kind"), Body: f.Text("note")})
	})
}

// saveFindings saves the findings report, refusing to overwrite someone else's newer version.
func (s *Server) saveFindings(w http.ResponseWriter, r *http.Request) error {
	return s.commissionChange(w, r, access.WorkOnCommission, "The findings have been saved", func(c learning.Commission, f *formReader) error {
		return s.Learning.SaveFindings(r.Context(), s.actor(r), c, learning.FindingsInput{Findings: f.Text("findings"), Version: f.Version()})
	})
}

// readRecommendation reads a recommendation as every form that adds one posts it: a commission's
// findings report, and a local CSPR's final report.
func readRecommendation(f *formReader) learning.RecommendationInput {
	return learning.RecommendationInput{Title: f.Text("rec_title"), OwnerOrgID: f.ID("rec_owner", "Choose the organisation that owns it"),
		DueOn: f.Date("rec_due", "when it is due"), ImpactDueOn: f.OptionalDate("rec_impact_due", "when evidence of impact is due"),
		TrainingNeed: f.Text("rec_training")}
}

// addRecommendation adds a recommendation of the findings report, by its critical friends or the
// Engine Room.
func (s *Server) addRecommendation(w http.ResponseWriter, r *http.Request) error {
	return s.commissionChange(w, r, access.WorkOnCommission, "The recommendation has been added", func(c learning.Commission, f *formReader) error {
		in := readRecommendation(f)
		return f.Attempt(in.Validate(), func() error {
			_, err := s.Learning.Recommend(r.Context(), s.actor(r), c, in)
			return err
		})
	})
}

// signOff signs the findings off, which marks the theme's learning as shared.
func (s *Server) signOff(w http.ResponseWriter, r *http.Request) error {
	return s.commissionChange(w, r, access.ManageLearning, "The findings have been signed off and the learning is shared",
		func(c learning.Commission, _ *formReader) error {
			return s.Learning.SignOff(r.Context(), s.actor(r), c)
		})
}

// addMilestone adds a milestone to a commission.
func (s *Server) addMilestone(w http.ResponseWriter, r *http.Request) error {
	return s.commissionChange(w, r, access.WorkOnCommission, "The milestone has been added", func(c learning.Commission, f *formReader) error {
		in := learning.MilestoneInput{Title: f.Text("milestone_title"), DueOn: f.Date("milestone_due", "the target date")}
		return f.Attempt(in.Validate(), func() error { return s.Learning.AddMilestone(r.Context(), s.actor(r), c, in) })
	})
}

// completeMilestone records that a milestone has been met today.
func (s *Server) completeMilestone(w http.ResponseWriter, r *http.Request) error {
	return s.commissionChange(w, r, access.WorkOnCommission, "The milestone has been marked as met", func(c learning.Commission, _ *formReader) error {
		mid, err := pathID(r, "milestoneID")
		if err != nil {
			return err
		}
		return s.Learning.CompleteMilestone(r.Context(), s.actor(r), c, mid)
	})
}

// recommendationPage shows a recommendation with its actions and evidence.
func (s *Server) recommendationPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderRecommendation(w, r, http.StatusOK, nil)
}

// renderRecommendation shows the recommendation in the path, with f, the form posted, or (nil)
// its forms as loaded.
func (s *Server) renderRecommendation(w http.ResponseWriter, r *http.Request, status int, f *views.Form) error {
	p := currentPartnership(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.authorize(r, access.ViewLearning, access.Object{PartnershipID: p.ID}, "recommendation", strconv.FormatInt(id, 10)); err != nil {
		return err
	}
	rec, err := s.Learning.Recommendation(r.Context(), p.ID, id)
	if err != nil {
		return err
	}
	if f == nil {
		loaded := views.NewForm(url.Values{"rec_status": {rec.Status}})
		f = &loaded
	}
	orgs, err := s.organisationOptions(r, p, views.Option{Value: "", Label: "Choose the organisation"})
	if err != nil {
		return err
	}
	today := partnership.Today(s.Now())
	v := views.RecommendationPageView{Title: rec.Title, Commission: rec.Source, Owner: rec.OwnerOrgName, Due: rec.DueOn,
		Status: learning.RecommendationStatusLabel(rec.Status), Overdue: rec.Overdue(today), Orgs: orgs, Version: rec.Version,
		StatusAction: paths.recommendationStatus(p.Slug, id), ActionsAction: paths.recommendationActions(p.Slug, id),
		ChallengesAction: paths.recommendationChallenges(p.Slug, id), EvidenceAction: paths.recommendationEvidence(p.Slug, id),
		CanManage:     access.Decide(subject(r), access.ManageLearning, access.Object{PartnershipID: p.ID}).Allowed,
		Statuses:      choiceOptions(learning.RecommendationStatuses),
		EvidenceKinds: choiceOptions(learning.EvidenceKinds, views.Option{Value: "", Label: "Choose the kind of evidence"}),
		Ratings:       choiceOptions(learning.Ratings)}
	switch {
	case rec.CommissionID != nil:
		v.CommissionHref = paths.commission(p.Slug, *rec.CommissionID)
	case rec.CSPRID != nil:
		v.CommissionHref = localReviewHref(p, *rec.CSPRID)
	}
	for _, c := range rec.Challenges {
		v.Challenges = append(v.Challenges, views.ThreadStep{When: c.HeldOn, Kind: c.OrganisationName, Detail: c.WhatChanged, Who: c.AddedByName})
	}
	for _, a := range rec.Actions {
		av := views.ActionView{ID: a.ID, Org: a.OrganisationName, Description: a.Description, Due: a.DueOn, Done: a.Status == "done",
			Overdue: a.Overdue(today), UpdateHref: paths.actionUpdates(p.Slug, id, a.ID)}
		for _, u := range rec.Updates {
			if u.ActionID == a.ID {
				av.Updates = append(av.Updates, updateStep(u))
			}
		}
		v.Actions = append(v.Actions, av)
	}
	for _, e := range rec.Evidence {
		v.Evidence = append(v.Evidence, evidenceStep(e))
	}
	v.EvidenceDue = rec.EvidenceDue(today, len(rec.Evidence))
	title := rec.Title
	if len([]rune(title)) > 60 {
		title = string([]rune(title)[:60]) + "…"
	}
	return s.render(w, r, status, views.RecommendationPage(s.page(w, r, errorTitle(title, *f)), *f, v))
}

// recommendationChange is the shape of every change posted from a recommendation's page: it
// asks the policy, reads the form, lets change make the change through the service, and shows
// the page again with any problem.
func (s *Server) recommendationChange(w http.ResponseWriter, r *http.Request, done string,
	change func(p partnership.Partnership, id int64, f *formReader) error) error {
	p := currentPartnership(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.authorize(r, access.ManageLearning, access.Object{PartnershipID: p.ID}, "recommendation", strconv.FormatInt(id, 10)); err != nil {
		return err
	}
	f, err := readForm(r)
	if err != nil {
		return err
	}
	if err := change(p, id, f); err != nil {
		if status, ok := formError(&f.Form, err); ok {
			return s.renderRecommendation(w, r, status, &f.Form)
		}
		return err
	}
	return s.redirectWithFlash(w, r, paths.recommendation(p.Slug, id), done)
}

// setRecommendationStatus moves a recommendation on.
func (s *Server) setRecommendationStatus(w http.ResponseWriter, r *http.Request) error {
	return s.recommendationChange(w, r, "The status has been saved", func(p partnership.Partnership, id int64, f *formReader) error {
		return s.Learning.SetStatus(r.Context(), s.actor(r), p.ID, id, learning.StatusInput{Status: f.Text("rec_status"), Version: f.Version()})
	})
}

// addAction gives an organisation an action on a recommendation.
func (s *Server) addAction(w http.ResponseWriter, r *http.Request) error {
	return s.recommendationChange(w, r, "The action has been added", func(p partnership.Partnership, id int64, f *formReader) error {
		in := learning.ActionInput{OrganisationID: f.ID("action_org", "Choose the organisation that takes the action"),
			Description: f.Text("action_description"), DueOn: f.Date("action_due", "when it is due")}
		return f.Attempt(in.Validate(), func() error {
			_, err := s.Learning.AddAction(r.Context(), s.actor(r), p.ID, id, in)
			return err
		})
	})
}

// addActionUpdate records progress on an action.
func (s *Server) addActionUpdate(w http.ResponseWriter, r *http.Request) error {
	return s.recommendationChange(w, r, "The update has been added", func(p partnership.Partnership, id int64, f *formReader) error {
		actionID, err := pathID(r, "actionID")
		if err != nil {
			return err
		}
		return s.Learning.AddUpdate(r.Context(), s.actor(r), p.ID, id, actionID,
			learning.UpdateInput{Progress: f.Text(learning.UpdateField(actionID)), Done: f.Text("done-"+strconv.FormatInt(actionID, 10)) == "yes"})
	})
}

// addEvidence records evidence of a recommendation's impact.
func (s *Server) addEvidence(w http.ResponseWriter, r *http.Request) error {
	return s.recommendationChange(w, r, "The evidence has been added", func(p partnership.Partnership, id int64, f *formReader) error {
		in := learning.EvidenceInput{Kind: f.Text("evidence_kind"), Summary: f.Text("evidence_summary"),
			On: f.Date("evidence_on", "the date of the evidence"), Rating: f.Text("evidence_rating")}
		return f.Attempt(in.Validate(), func() error { return s.Learning.AddEvidence(r.Context(), s.actor(r), p.ID, id, in) })
	})
}

// addChallenge records what an agency presented as changed at the challenge session.
func (s *Server) addChallenge(w http.ResponseWriter, r *http.Request) error {
	return s.recommendationChange(w, r, "What the agency presented has been recorded", func(p partnership.Partnership, id int64, f *formReader) error {
		in := learning.ChallengeInput{OrganisationID: f.ID("challenge_org", "Choose the agency that presented"),
			HeldOn: f.Date("challenge_on", "the session's date"), WhatChanged: f.Text("challenge_text")}
		return f.Attempt(in.Validate(), func() error { return s.Learning.AddChallenge(r.Context(), s.actor(r), p.ID, id, in) })
	})
}
