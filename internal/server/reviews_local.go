package server

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/learning"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/internal/reviews"
	"github.com/scp-portal/portal/web/paths"
	"github.com/scp-portal/portal/web/views"
)

// localReviewHref is the address of a local CSPR, for the pages of other areas that link to one.
func localReviewHref(p partnership.Partnership, id int64) string {
	return paths.LocalReview(p.Slug, id)
}

// openLocalReview opens the local CSPR a rapid review decided on.
func (s *Server) openLocalReview(w http.ResponseWriter, r *http.Request) error {
	reviewID, err := s.reviewID(r, access.ManageReview)
	if err != nil {
		return err
	}
	p := currentPartnership(r)
	id, err := s.Reviews.OpenLocalReview(r.Context(), s.actor(r), p.ID, p.ShortName, reviewID, s.PublishMonths)
	if app.KindOf(err) == app.Conflict {
		return s.renderReview(w, r, http.StatusConflict, reviewID, refusedForm(err))
	}
	if err != nil {
		return err
	}
	return s.redirectWithFlash(w, r, paths.LocalReview(p.Slug, id), "The local review has been opened")
}

// localReviewID reads the local CSPR in the path after asking the policy whether the person may
// do action to it.
func (s *Server) localReviewID(r *http.Request, action access.Action) (int64, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, err
	}
	return id, s.authorize(r, action, access.Object{PartnershipID: currentPartnership(r).ID}, "local_cspr", strconv.FormatInt(id, 10))
}

// localReviewPage shows a local CSPR.
func (s *Server) localReviewPage(w http.ResponseWriter, r *http.Request) error {
	id, err := s.localReviewID(r, access.ViewLocalReview)
	if err != nil {
		return err
	}
	return s.renderLocalReview(w, r, http.StatusOK, id, views.NewForm(nil))
}

// renderLocalReview shows the local CSPR id (the service records the read), with posted over its
// own values.
func (s *Server) renderLocalReview(w http.ResponseWriter, r *http.Request, status int, id int64, posted views.Form) error {
	p := currentPartnership(r)
	lr, err := s.Reviews.LocalReview(r.Context(), s.actor(r), p.ID, id)
	if err != nil {
		return err
	}
	orgs, err := s.orgOptions(r, p, "Choose the organisation")
	if err != nil {
		return err
	}
	c, today := lr.CSPR, lr.Today
	values := url.Values{"reviewer": {c.Reviewer}, "terms": {c.TermsOfReference}, "agencies_involvement": {c.AgenciesInvolvement},
		"report": {c.Report}, "redacted_report": {c.RedactedReport}, "learning_summary": {c.LearningSummary}}
	dateValues(values, "sent_to_panel_on", c.SentToPanelOn)
	dateValues(values, "published_on", c.PublishedOn)
	f := overlay(values, posted)
	subj := subject(r)
	v := views.LocalReviewView{Reference: c.Reference, ReviewTitle: lr.Review.Title, ReviewHref: paths.Review(p.Slug, lr.Review.ID),
		Reviewer: c.Reviewer, Terms: c.TermsOfReference, ApprovedBy: c.ApproverName, ApprovedAt: c.ReviewerApprovedAt,
		PublishTarget: c.PublishTargetOn, Version: formVersion(f, c.Version), HasReport: strings.TrimSpace(c.Report) != "", Orgs: orgs,
		CanManage:     access.Decide(subj, access.ManageReview, access.Object{PartnershipID: p.ID}).Allowed,
		CanApprove:    access.Decide(subj, access.ApproveReviewer, access.Object{PartnershipID: p.ID}).Allowed,
		ApproveAction: paths.LocalReviewApprove(p.Slug, c.ID), ReviewerAction: paths.LocalReviewReviewer(p.Slug, c.ID),
		ReportAction: paths.LocalReviewReport(p.Slug, c.ID), RecsAction: paths.LocalReviewRecommendations(p.Slug, c.ID)}
	for _, m := range lr.Milestones {
		v.Milestones = append(v.Milestones, views.MilestoneView{Title: m.Title, Due: m.TargetOn, Done: m.DoneOn,
			Overdue: m.DoneOn == nil && m.TargetOn.Before(today), DoneHref: paths.LocalReviewMilestoneDone(p.Slug, c.ID, m.ID)})
	}
	for _, rec := range lr.Recommendations {
		v.Recs = append(v.Recs, views.RecommendationRow{Href: paths.Recommendation(p.Slug, rec.ID), Title: rec.Title, Owner: rec.OwnerOrgName,
			Due: rec.DueOn, Status: learning.RecommendationStatusLabel(rec.Status), Overdue: rec.Overdue(today)})
	}
	if c.PublishedOn != nil && !c.PublishedOn.After(today) {
		v.PublishedHref = paths.PublishedReview(p.Slug, c.ID)
	}
	pg := s.page(w, r, errorTitle(c.Reference, f))
	pg.Confidential = true
	return s.render(w, r, status, views.LocalReview(pg, f, v))
}

// localReviewChanged answers a change to the local CSPR id: done, back to its page with the
// confirmation; refused, its page again with what was posted and why.
func (s *Server) localReviewChanged(w http.ResponseWriter, r *http.Request, id int64, f views.Form, err error, done string) error {
	if err != nil {
		status, ok := formError(&f, err)
		if !ok {
			return err
		}
		return s.renderLocalReview(w, r, status, id, f)
	}
	return s.redirectWithFlash(w, r, paths.LocalReview(currentPartnership(r).Slug, id), done)
}

// proposeReviewer saves the proposed reviewer and terms of reference.
func (s *Server) proposeReviewer(w http.ResponseWriter, r *http.Request) error {
	id, err := s.localReviewID(r, access.ManageReview)
	if err != nil {
		return err
	}
	f, err := readForm(r)
	if err != nil {
		return err
	}
	err = s.Reviews.ProposeReviewer(r.Context(), s.actor(r), currentPartnership(r).ID, id,
		reviews.ReviewerInput{Version: f.Version(), Reviewer: f.Text("reviewer"), Terms: f.Text("terms")})
	return s.localReviewChanged(w, r, id, f.Form, err, "The reviewer has been proposed to the Executive")
}

// approveReviewer records the Executive's approval of the proposed reviewer: a reviewer changed
// since the page was opened, or none, is not approved.
func (s *Server) approveReviewer(w http.ResponseWriter, r *http.Request) error {
	id, err := s.localReviewID(r, access.ApproveReviewer)
	if err != nil {
		return err
	}
	f, err := readForm(r)
	if err != nil {
		return err
	}
	err = s.Reviews.ApproveReviewer(r.Context(), s.actor(r), currentPartnership(r).ID, id, f.Version())
	return s.localReviewChanged(w, r, id, f.Form, err, "The Executive's approval of the reviewer has been recorded")
}

// saveLocalReviewReport saves the report and its publication, refusing to overwrite someone
// else's newer version.
func (s *Server) saveLocalReviewReport(w http.ResponseWriter, r *http.Request) error {
	id, err := s.localReviewID(r, access.ManageReview)
	if err != nil {
		return err
	}
	f, err := readForm(r)
	if err != nil {
		return err
	}
	in := reviews.ReportInput{Version: f.Version(), AgenciesInvolvement: f.Text("agencies_involvement"), Report: f.Text("report"),
		SentToPanelOn:  f.OptionalDate("sent_to_panel_on", "the date it was sent to the national Panel"),
		RedactedReport: f.Text("redacted_report"), LearningSummary: f.Text("learning_summary"),
		PublishedOn: f.OptionalDate("published_on", "the date of publication")}
	err = f.Attempt(nil, func() error { return s.Reviews.SaveReport(r.Context(), s.actor(r), currentPartnership(r).ID, id, in) })
	return s.localReviewChanged(w, r, id, f.Form, err, "The report has been saved")
}

// addLocalReviewRecommendation adds a recommendation of the final report, tracked like learning's.
func (s *Server) addLocalReviewRecommendation(w http.ResponseWriter, r *http.Request) error {
	id, err := s.localReviewID(r, access.ManageReview)
	if err != nil {
		return err
	}
	f, err := readForm(r)
	if err != nil {
		return err
	}
	in := learning.RecommendationInput{Title: f.Text("rec_title"), OwnerOrgID: f.ID("rec_owner", "Choose the organisation that owns it"),
		DueOn: f.Date("rec_due", "when it is due")}
	err = f.Attempt(nil, func() error {
		_, err := s.Reviews.AddRecommendation(r.Context(), s.actor(r), currentPartnership(r).ID, id, in)
		return err
	})
	return s.localReviewChanged(w, r, id, f.Form, err, "The recommendation has been added")
}

// completeLocalReviewMilestone marks a milestone of the local CSPR as met today.
func (s *Server) completeLocalReviewMilestone(w http.ResponseWriter, r *http.Request) error {
	id, err := s.localReviewID(r, access.ManageReview)
	if err != nil {
		return err
	}
	milestone, err := pathID(r, "milestoneID")
	if err != nil {
		return err
	}
	err = s.Reviews.CompleteMilestone(r.Context(), s.actor(r), currentPartnership(r).ID, id, milestone)
	return s.localReviewChanged(w, r, id, views.NewForm(nil), err, "The milestone has been marked as met")
}
