package server

import (
	"net/http"
	"strconv"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/form"
	"github.com/scp-portal/portal/internal/learning"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/web/paths"
	"github.com/scp-portal/portal/web/views"
)

// newCommissionForm shows the form to commission learning on a theme.
func (s *Server) newCommissionForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderCommissionForm(w, r, http.StatusOK, views.NewForm(nil))
}

func (s *Server) renderCommissionForm(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p, id, err := s.record(r, "id", access.ManageLearning, "theme")
	if err != nil {
		return err
	}
	t, err := s.Learning.Theme(r.Context(), p.ID, id)
	if err != nil {
		return err
	}
	orgs, err := s.Partnership.Organisations(r.Context(), p.ID)
	if err != nil {
		return err
	}
	friends, err := s.Learning.FriendsPool(r.Context(), p.ID)
	if err != nil {
		return err
	}
	v := views.NewCommissionForm(p.Slug, t, orgs, friends)
	return s.render(w, r, status, views.CommissionForm(s.page(w, r, errorTitle("Commission learning", f)), f, v))
}

// createCommission commissions learning, refusing critical friends who are not independent.
func (s *Server) createCommission(w http.ResponseWriter, r *http.Request) error {
	return s.recordPost(w, r, access.ManageLearning, "theme", s.renderCommissionForm, func(f *form.Reader, p partnership.Partnership, themeID int64) (string, string, error) {
		in := learning.CommissionInput{Title: f.Text("title"), KeyLines: f.Text("key_lines"), Methods: f.Values["methods"],
			Participants: f.Text("participants"), StartsOn: f.Date("starts_on", "the start"), DueOn: f.Date("due_on", "when the findings are due"),
			Organisations: f.IDs("organisations", "Choose organisations from the list"), Friends: f.IDs("friends", "Choose critical friends from the list")}
		id, err := form.Attempted(f, in.Validate(), func() (int64, error) {
			return s.Learning.Commission(r.Context(), s.actor(r), p.ID, themeID, in)
		})
		return paths.Commission(p.Slug, id), "Learning has been commissioned", err
	})
}

// commissions lists commissioned learning: all of it, or a critical friend's own (the policy's ListCommissions).
func (s *Server) commissions(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	subj := subject(r)
	scope := learningObject(p)
	if !allowed(r, access.ListCommissions, scope) {
		scope.OwnerID = subj.UserID // then only the commissions they are on
	}
	if err := s.authorize(r, access.ListCommissions, scope, "commission", ""); err != nil {
		return err
	}
	in := r.URL.Query()
	page, err := s.Learning.CommissionPage(r.Context(), p.ID, scope.OwnerID, form.ParsePaging(in))
	if err != nil {
		return err
	}
	title := "Commissioned learning"
	if scope.OwnerID != 0 {
		title = "My commissions"
	}
	return s.render(w, r, http.StatusOK, views.Commissions(s.page(w, r, title), views.NewCommissionRows(p.Slug, page.Rows),
		views.NewPager(paths.Commissions(p.Slug), in, page.Page, page.More)))
}

// loadCommission loads the commission in the path and asks the policy about action on it. A
// commission that does not exist is not found for those who see the learning loop, and refused
// to anyone else.
func (s *Server) loadCommission(r *http.Request, action access.Action) (learning.Commission, error) {
	return loadAsked(s, r, access.ViewLearning, action, "commission", s.Learning.CommissionByID, commissionObject)
}

// commissionObject is commission c, as the policy is asked about it: its critical friends work on it.
func commissionObject(p partnership.Partnership, c learning.Commission) access.Object {
	o := learningObject(p)
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
	return s.renderCommission(w, r, http.StatusOK, c, views.NewForm(views.CommissionFindingsValues(c)))
}

func (s *Server) renderCommission(w http.ResponseWriter, r *http.Request, status int, c learning.Commission, f views.Form) error {
	p := currentPartnership(r)
	work, err := s.Learning.Work(r.Context(), c)
	if err != nil {
		return err
	}
	orgs, err := s.Partnership.Organisations(r.Context(), p.ID)
	if err != nil {
		return err
	}
	canWrite := allowed(r, access.WorkOnCommission, commissionObject(p, c))
	v := views.NewCommissionPage(p.Slug, c, work, orgs, canWrite, may(r, access.ManageLearning), partnership.Today(s.Now()))
	// A critical friend reads their own commission, not the partnership's themes and
	// recommendations: theirs are named without a link.
	v.ThemeHref = link(r, access.ViewLearning, learningObject(p), v.ThemeHref)
	recommendationLinks(r, v.Recs)
	if c.Status == "signed_off" {
		if v.Share, err = s.shareControl(r, "learning-summaries", c.ID); err != nil {
			return err
		}
	}
	return s.render(w, r, status, views.CommissionPage(s.page(w, r, errorTitle(c.Title, f)), f, v))
}

// commissionChange is the shape of every change posted from a commission's page: it loads the
// commission, asks the policy about action, and posts the change; the page shown again with a
// problem has the findings form as saved, unless it was the form posted.
func (s *Server) commissionChange(w http.ResponseWriter, r *http.Request, action access.Action, done string,
	change func(c learning.Commission, f *form.Reader) error) error {
	c, err := s.loadCommission(r, action)
	if err != nil {
		return err
	}
	again := func(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
		return s.renderCommission(w, r, status, c, views.WithCommissionFindings(f, c))
	}
	return s.postFromPage(w, r, again, func(f *form.Reader) (string, string, error) {
		return paths.Commission(currentPartnership(r).Slug, c.ID), done, change(c, f)
	})
}

// addNote adds a note or the voice of children and families to a commission.
func (s *Server) addNote(w http.ResponseWriter, r *http.Request) error {
	return s.commissionChange(w, r, access.WorkOnCommission, "Your note has been added", func(c learning.Commission, f *form.Reader) error {
		return s.Learning.AddNote(r.Context(), s.actor(r), c, learning.NoteInput{Kind: f.Text("note_kind"), Body: f.Text("note")})
	})
}

// saveFindings saves the findings report, refusing to overwrite someone else's newer version.
func (s *Server) saveFindings(w http.ResponseWriter, r *http.Request) error {
	return s.commissionChange(w, r, access.WorkOnCommission, "The findings have been saved", func(c learning.Commission, f *form.Reader) error {
		return s.Learning.SaveFindings(r.Context(), s.actor(r), c, learning.FindingsInput{Findings: f.Text("findings"), Version: f.Version()})
	})
}

// readRecommendation reads a recommendation as every form that adds one posts it: a commission's
// findings report, and a local CSPR's final report.
func readRecommendation(f *form.Reader) learning.RecommendationInput {
	return learning.RecommendationInput{Title: f.Text("rec_title"), OwnerOrgID: f.ID("rec_owner", "Choose the organisation that owns it"),
		DueOn: f.Date("rec_due", "when it is due"), ImpactDueOn: f.OptionalDate("rec_impact_due", "when evidence of impact is due"),
		TrainingNeed: f.Text("rec_training")}
}

// addRecommendation adds a recommendation of the findings report.
func (s *Server) addRecommendation(w http.ResponseWriter, r *http.Request) error {
	return s.commissionChange(w, r, access.WorkOnCommission, "The recommendation has been added", func(c learning.Commission, f *form.Reader) error {
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
		func(c learning.Commission, _ *form.Reader) error {
			return s.Learning.SignOff(r.Context(), s.actor(r), c)
		})
}

// addMilestone adds a milestone to a commission.
func (s *Server) addMilestone(w http.ResponseWriter, r *http.Request) error {
	return s.commissionChange(w, r, access.WorkOnCommission, "The milestone has been added", func(c learning.Commission, f *form.Reader) error {
		in := learning.MilestoneInput{Title: f.Text("milestone_title"), DueOn: f.Date("milestone_due", "the target date")}
		return f.Attempt(in.Validate(), func() error { return s.Learning.AddMilestone(r.Context(), s.actor(r), c, in) })
	})
}

// completeMilestone records that a milestone has been met today.
func (s *Server) completeMilestone(w http.ResponseWriter, r *http.Request) error {
	return s.commissionChange(w, r, access.WorkOnCommission, "The milestone has been marked as met", func(c learning.Commission, _ *form.Reader) error {
		mid, err := pathID(r, "milestoneID")
		if err != nil {
			return err
		}
		return s.Learning.CompleteMilestone(r.Context(), s.actor(r), c, mid)
	})
}

// recommendationPage shows a recommendation with its actions and evidence.
// recommendationLinks links each recommendation of a list (a commission's, an audit's, a review's)
// to its page only for those who may open it (access.ViewLearning): a critical friend or a case
// auditor reads the titles without a link.
func recommendationLinks(r *http.Request, rows []views.RecommendationRow) {
	obj := learningObject(currentPartnership(r))
	for i := range rows {
		rows[i].Href = link(r, access.ViewLearning, obj, rows[i].Href)
	}
}

func (s *Server) recommendationPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderRecommendation(w, r, http.StatusOK, views.Form{})
}

// renderRecommendation shows the recommendation in the path with f, the form posted, or (the
// zero Form) its forms as loaded.
func (s *Server) renderRecommendation(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p, id, err := s.record(r, "id", access.ViewLearning, "recommendation")
	if err != nil {
		return err
	}
	rec, err := s.Learning.Recommendation(r.Context(), p.ID, id)
	if err != nil {
		return err
	}
	if f.Values == nil {
		f = views.RecommendationStatusForm(rec)
	}
	orgs, err := s.Partnership.Organisations(r.Context(), p.ID)
	if err != nil {
		return err
	}
	v := views.NewRecommendationPage(p.Slug, rec, orgs, may(r, access.ManageLearning), partnership.Today(s.Now()))
	return s.render(w, r, status, views.RecommendationPage(s.page(w, r, errorTitle(v.PageTitle(), f)), f, v))
}

// recommendationChange is the shape of every change posted from a recommendation's page: it asks
// the policy and posts the change that change makes through the service.
func (s *Server) recommendationChange(w http.ResponseWriter, r *http.Request, done string,
	change func(p partnership.Partnership, id int64, f *form.Reader) error) error {
	return s.recordPost(w, r, access.ManageLearning, "recommendation", s.renderRecommendation, func(f *form.Reader, p partnership.Partnership, id int64) (string, string, error) {
		return paths.Recommendation(p.Slug, id), done, change(p, id, f)
	})
}

// setRecommendationStatus moves a recommendation on.
func (s *Server) setRecommendationStatus(w http.ResponseWriter, r *http.Request) error {
	return s.recommendationChange(w, r, "The status has been saved", func(p partnership.Partnership, id int64, f *form.Reader) error {
		return s.Learning.SetStatus(r.Context(), s.actor(r), p.ID, id, learning.StatusInput{Status: f.Text("rec_status"), Version: f.Version()})
	})
}

// addAction gives an organisation an action on a recommendation.
func (s *Server) addAction(w http.ResponseWriter, r *http.Request) error {
	return s.recommendationChange(w, r, "The action has been added", func(p partnership.Partnership, id int64, f *form.Reader) error {
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
	return s.recommendationChange(w, r, "The update has been added", func(p partnership.Partnership, id int64, f *form.Reader) error {
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
	return s.recommendationChange(w, r, "The evidence has been added", func(p partnership.Partnership, id int64, f *form.Reader) error {
		in := learning.EvidenceInput{Kind: f.Text("evidence_kind"), Summary: f.Text("evidence_summary"),
			On: f.Date("evidence_on", "the date of the evidence"), Rating: f.Text("evidence_rating")}
		return f.Attempt(in.Validate(), func() error { return s.Learning.AddEvidence(r.Context(), s.actor(r), p.ID, id, in) })
	})
}

// addChallenge records what an agency presented as changed at the challenge session.
func (s *Server) addChallenge(w http.ResponseWriter, r *http.Request) error {
	return s.recommendationChange(w, r, "What the agency presented has been recorded", func(p partnership.Partnership, id int64, f *form.Reader) error {
		in := learning.ChallengeInput{OrganisationID: f.ID("challenge_org", "Choose the agency that presented"),
			HeldOn: f.Date("challenge_on", "the session's date"), WhatChanged: f.Text("challenge_text")}
		return f.Attempt(in.Validate(), func() error { return s.Learning.AddChallenge(r.Context(), s.actor(r), p.ID, id, in) })
	})
}
