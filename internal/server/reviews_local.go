package server

import (
	"net/http"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/form"
	"github.com/scp-portal/portal/internal/learning"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/internal/reviews"
	"github.com/scp-portal/portal/web/paths"
	"github.com/scp-portal/portal/web/views"
)

// openLocalReview opens the local CSPR a rapid review decided on.
func (s *Server) openLocalReview(w http.ResponseWriter, r *http.Request) error {
	p, reviewID, err := s.record(r, "id", access.ManageReview, "rapid_review")
	if err != nil {
		return err
	}
	id, err := s.Reviews.OpenLocalReview(r.Context(), s.actor(r), p.ID, p.ShortName, reviewID, s.PublishMonths)
	return s.reviewChanged(w, r, s.renderReview, reviewID, views.NewForm(nil), err, paths.LocalReview(p.Slug, id), "The local review has been opened")
}

// localReviewPage shows a local CSPR.
func (s *Server) localReviewPage(w http.ResponseWriter, r *http.Request) error {
	_, id, err := s.record(r, "id", access.ViewLocalReview, "local_cspr")
	if err != nil {
		return err
	}
	return s.renderLocalReview(w, r, http.StatusOK, id, views.NewForm(nil))
}

// renderLocalReview shows the local CSPR id, with posted over its own values.
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
	f := views.NewLocalReviewForm(lr, posted)
	v := views.NewLocalReviewPage(p.Slug, lr, f, orgs, may(r, access.ManageReview), may(r, access.ApproveReviewer) && may(r, access.ApprovePublication), s.actor(r).UserID)
	if v.ReviewHref, err = s.reviewLink(r, p, lr.Review.ID); err != nil {
		return err
	}
	recommendationLinks(r, v.Recs)
	pg := s.page(w, r, errorTitle(lr.CSPR.Reference, f))
	pg.Confidential = true
	return s.render(w, r, status, views.LocalReview(pg, f, v))
}

// proposeReviewer saves the proposed reviewer and terms of reference.
func (s *Server) proposeReviewer(w http.ResponseWriter, r *http.Request) error {
	return s.reviewForm(w, r, s.localReview(), access.ManageReview, "The reviewer has been proposed to the Executive",
		func(p partnership.Partnership, id int64, f *form.Reader) error {
			return s.Reviews.ProposeReviewer(r.Context(), s.actor(r), p.ID, id,
				reviews.ReviewerInput{Version: f.Version(), Reviewer: f.Text("reviewer"), Terms: f.Text("terms")})
		})
}

// approvalInput reads an Executive approval from its form: the version the page was opened at, and
// the meeting chosen in field to record it at (0: not at a meeting).
func approvalInput(f *form.Reader, field string) reviews.ApprovalInput {
	in := reviews.ApprovalInput{Version: f.Version()}
	if m := f.OptionalID(field, "Choose one of the Executive's meetings, or not at a meeting"); m != nil {
		in.MeetingID = *m
	}
	return in
}

// approveReviewer records the Executive's approval of the reviewer proposed when the page was opened.
func (s *Server) approveReviewer(w http.ResponseWriter, r *http.Request) error {
	return s.reviewForm(w, r, s.localReview(), access.ApproveReviewer, "The Executive's approval of the reviewer has been recorded",
		func(p partnership.Partnership, id int64, f *form.Reader) error {
			in := approvalInput(f, "meeting")
			return f.Attempt(nil, func() error { return s.Reviews.ApproveReviewer(r.Context(), s.actor(r), p.ID, id, in) })
		})
}

// saveLocalReviewReport saves the report, refusing to overwrite a newer version.
func (s *Server) saveLocalReviewReport(w http.ResponseWriter, r *http.Request) error {
	return s.reviewForm(w, r, s.localReview(), access.ManageReview, "The report has been saved",
		func(p partnership.Partnership, id int64, f *form.Reader) error {
			in := reviews.ReportInput{Version: f.Version(), AgenciesInvolvement: f.Text("agencies_involvement"), Report: f.Text("report"),
				SentToPanelOn:  f.OptionalDate("sent_to_panel_on", "the date it was sent to the national Panel"),
				RedactedReport: f.Text("redacted_report"), LearningSummary: f.Text("learning_summary")}
			return f.Attempt(nil, func() error { return s.Reviews.SaveReport(r.Context(), s.actor(r), p.ID, id, in) })
		})
}

// addLocalReviewRecommendation adds a recommendation of the final report, tracked like learning's.
func (s *Server) addLocalReviewRecommendation(w http.ResponseWriter, r *http.Request) error {
	return s.reviewForm(w, r, s.localReview(), access.ManageReview, "The recommendation has been added",
		func(p partnership.Partnership, id int64, f *form.Reader) error {
			in := learning.RecommendationInput{Title: f.Text("rec_title"), OwnerOrgID: f.ID("rec_owner", "Choose the organisation that owns it"),
				DueOn: f.Date("rec_due", "when it is due")}
			return f.Attempt(nil, func() error {
				_, err := s.Reviews.AddRecommendation(r.Context(), s.actor(r), p.ID, id, in)
				return err
			})
		})
}

// completeLocalReviewMilestone marks a milestone of the local CSPR as met today.
func (s *Server) completeLocalReviewMilestone(w http.ResponseWriter, r *http.Request) error {
	p, id, err := s.record(r, "id", access.ManageReview, "local_cspr")
	if err != nil {
		return err
	}
	milestone, err := pathID(r, "milestoneID")
	if err != nil {
		return err
	}
	err = s.Reviews.CompleteMilestone(r.Context(), s.actor(r), p.ID, id, milestone)
	return s.reviewChanged(w, r, s.renderLocalReview, id, views.NewForm(nil), err, paths.LocalReview(p.Slug, id), "The milestone has been marked as met")
}

// proposeLocalReviewPublication proposes a day to publish the local CSPR, for the Executive's
// approval.
func (s *Server) proposeLocalReviewPublication(w http.ResponseWriter, r *http.Request) error {
	return s.reviewForm(w, r, s.localReview(), access.ManageReview, "Publication has been proposed to the Executive",
		func(p partnership.Partnership, id int64, f *form.Reader) error {
			in := reviews.PublicationInput{Version: f.Version(), PublishOn: f.Date("publish_on", "the day to publish it")}
			return f.Attempt(nil, func() error { return s.Reviews.ProposePublication(r.Context(), s.actor(r), p.ID, id, in) })
		})
}

// approveLocalReviewPublication records the Executive's approval of the publication proposed when
// the page was opened; the review is then published on the day proposed.
func (s *Server) approveLocalReviewPublication(w http.ResponseWriter, r *http.Request) error {
	return s.reviewForm(w, r, s.localReview(), access.ApprovePublication, "The Executive's approval of publication has been recorded",
		func(p partnership.Partnership, id int64, f *form.Reader) error {
			in := approvalInput(f, "publication_meeting")
			return f.Attempt(nil, func() error { return s.Reviews.ApprovePublication(r.Context(), s.actor(r), p.ID, id, in) })
		})
}

// saveLocalReviewPriorities tags the local CSPR with the partnership priorities it bears on, for
// the public library.
func (s *Server) saveLocalReviewPriorities(w http.ResponseWriter, r *http.Request) error {
	return s.reviewForm(w, r, s.localReview(), access.ManageReview, "The priorities have been saved",
		func(p partnership.Partnership, id int64, f *form.Reader) error {
			in := reviews.PrioritiesInput{Version: f.Version(), Titles: f.Values["priorities"]}
			return f.Attempt(nil, func() error { return s.Reviews.SetPriorities(r.Context(), s.actor(r), p.ID, id, in) })
		})
}
