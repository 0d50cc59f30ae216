package server

import (
	"net/http"
	"strconv"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/form"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/internal/reviews"
	"github.com/scp-portal/portal/web/paths"
	"github.com/scp-portal/portal/web/views"
)

// startReview starts a rapid review: from a CSPR consideration request in the inbox ({id}), or directly.
func (s *Server) startReview(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	requestID, err := optionalPathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.authorize(r, access.ManageReview, access.Object{PartnershipID: p.ID}, "rapid_review", ""); err != nil {
		return err
	}
	f, err := form.Read(r)
	if err != nil {
		return err
	}
	in := reviews.StartInput{Title: f.Text("review_title"), ClockStart: f.Text("clock_start"),
		AwareOn:    f.Date("aware_on", "when the local authority became aware"),
		NotifiedOn: f.OptionalDate("notified_on", "the date of the notification")}
	started, err := form.Attempted(f, nil, func() (reviews.Started, error) {
		return s.Reviews.Start(r.Context(), s.actor(r), p.ID, p.ShortName, requestID, in)
	})
	var again formPage = s.renderReviews // the page it was started from
	if requestID != 0 {
		again = s.renderRequestDetail
	}
	done := "The rapid review has started"
	if started.Already { // started before from this request: that review is the one
		done = ""
	}
	return s.settle(w, r, f.Form, err, again, paths.Review(p.Slug, started.ID), done)
}

// reviewPage shows a page of this area, the record id's, with the form f.
type reviewPage func(w http.ResponseWriter, r *http.Request, status int, id int64, f views.Form) error

// reviewChanged settles a change posted from the page show of the record id.
func (s *Server) reviewChanged(w http.ResponseWriter, r *http.Request, show reviewPage, id int64, f views.Form, err error, next, done string) error {
	return s.settle(w, r, f, err, func(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
		return show(w, r, status, id, f)
	}, next, done)
}

// reviewKind is a kind of review forms are posted on: the audit's name for it, its page, and
// where its page is.
type reviewKind struct {
	objectType string
	show       reviewPage
	path       func(slug string, id int64) string
}

// rapidReview is the rapid review's kind, for reviewForm.
func (s *Server) rapidReview() reviewKind {
	return reviewKind{objectType: "rapid_review", show: s.renderReview, path: paths.Review}
}

// localReview is the local CSPR's kind, for reviewForm.
func (s *Server) localReview() reviewKind {
	return reviewKind{objectType: "local_cspr", show: s.renderLocalReview, path: paths.LocalReview}
}

// reviewForm is the skeleton of a form posted on a review's own page, rapid or local (k): it asks
// the policy about action on the review {id}, reads the form, makes the change with the
// partnership, the review's id and the form, and settles it (reviewChanged): back to the review's
// page saying done, or the page again with the form's problems.
func (s *Server) reviewForm(w http.ResponseWriter, r *http.Request, k reviewKind, action access.Action, done string,
	change func(p partnership.Partnership, id int64, f *form.Reader) error) error {
	p, id, f, err := s.recordForm(r, "id", action, k.objectType)
	if err != nil {
		return err
	}
	err = change(p, id, f)
	return s.reviewChanged(w, r, k.show, id, f.Form, err, k.path(p.Slug, id), done)
}

// reviewPage is a rapid review's workspace.
func (s *Server) reviewPage(w http.ResponseWriter, r *http.Request) error {
	_, id, err := s.review(r, access.ViewReview)
	if err != nil {
		return err
	}
	return s.renderReview(w, r, http.StatusOK, id, views.NewForm(nil))
}

// review asks the access policy about action on the rapid review {id}, giving it who represents
// the partners the review is put to for sign-off: they read it (ViewReview), and those still to
// sign may sign (access.SignOff).
func (s *Server) review(r *http.Request, action access.Action) (partnership.Partnership, int64, error) {
	p := currentPartnership(r)
	id, err := pathID(r, "id")
	if err != nil {
		return p, 0, err
	}
	obj, err := s.reviewObject(r, p, id, action)
	if err != nil {
		return p, id, err
	}
	return p, id, s.authorize(r, action, obj, "rapid_review", strconv.FormatInt(id, 10))
}

// reviewObject is the rapid review id as the policy sees it for action: with those who represent
// the partners it is put to for sign-off, who read it (ViewReview) and sign it (access.SignOff).
func (s *Server) reviewObject(r *http.Request, p partnership.Partnership, id int64, action access.Action) (access.Object, error) {
	obj := access.Object{PartnershipID: p.ID}
	if subject(r).PartnershipID == p.ID {
		readers, signers, err := s.Reviews.Representatives(r.Context(), p.ID, id)
		if err != nil {
			return obj, err
		}
		obj.Participants = readers
		if action == access.SignOff {
			obj.Participants = signers
		}
	}
	return obj, nil
}

// reviewLink is the link to the rapid review id for those who may read it: everyone who runs or
// oversees reviews, and the partners' representatives it is put to; "" for anyone else, such as
// an Executive member who oversees its local CSPR.
func (s *Server) reviewLink(r *http.Request, p partnership.Partnership, id int64) (string, error) {
	if allowed(r, access.ViewReview, access.Object{PartnershipID: p.ID}) {
		return paths.Review(p.Slug, id), nil
	}
	obj, err := s.reviewObject(r, p, id, access.ViewReview)
	return link(r, access.ViewReview, obj, paths.Review(p.Slug, id)), err
}

// renderReview shows the workspace of the rapid review id, with posted over the review's own values.
func (s *Server) renderReview(w http.ResponseWriter, r *http.Request, status int, id int64, posted views.Form) error {
	p := currentPartnership(r)
	ws, err := s.Reviews.Workspace(r.Context(), s.actor(r), p.ID, id)
	if err != nil {
		return err
	}
	orgs, err := s.orgOptions(r, p, "Choose the agency")
	if err != nil {
		return err
	}
	f := views.NewReviewForm(ws.Review, posted)
	v := views.NewReviewPage(p.Slug, ws, f, orgs, may(r, access.ManageReview))
	pg := s.page(w, r, errorTitle(ws.Review.Reference, f))
	pg.Confidential = true
	return s.render(w, r, status, views.Review(pg, f, v))
}

// saveReview saves a review's workspace, refusing to overwrite someone else's newer version.
func (s *Server) saveReview(w http.ResponseWriter, r *http.Request) error {
	return s.reviewForm(w, r, s.rapidReview(), access.ManageReview, "The review has been saved",
		func(p partnership.Partnership, id int64, f *form.Reader) error {
			in := reviews.WorkspaceInput{Version: f.Version(),
				NotifiedOn:        f.OptionalDate("notified_on", "the date the national Panel was notified"),
				ProgressMeetingOn: f.OptionalDate("progress_meeting_on", "the progress meeting's date"),
				PanelMeetingOn:    f.OptionalDate("panel_meeting_on", "the panel meeting's date"),
				Facts:             f.Text("facts"), AgencyInvolvement: f.Text("agency_involvement"), PracticeEpisodes: f.Text("practice_episodes"),
				SafetyAction: f.Text("safety_action"), Improvements: f.Text("improvements"), Equality: f.Text("equality"), Draft: f.Text("draft"),
				Decision: f.Text("decision"), DecisionReasons: f.Text("decision_reasons"),
				SentToPanelOn: f.OptionalDate("sent_to_panel_on", "the date it was sent to the national Panel"),
				PanelResponse: f.Text("panel_response")}
			return f.Attempt(nil, func() error { return s.Reviews.SaveReview(r.Context(), s.actor(r), p.ID, id, in) })
		})
}

// requestInformation asks an agency for its information by a date.
func (s *Server) requestInformation(w http.ResponseWriter, r *http.Request) error {
	return s.reviewForm(w, r, s.rapidReview(), access.ManageReview, "The agency has been asked for its information",
		func(p partnership.Partnership, id int64, f *form.Reader) error {
			org, due := f.ID("agency", "Choose the agency"), f.Date("agency_due", "when its information is due")
			return f.Attempt(nil, func() error { return s.Reviews.RequestInformation(r.Context(), s.actor(r), p.ID, id, org, due) })
		})
}

// recordSummary records an agency's summary, received today.
func (s *Server) recordSummary(w http.ResponseWriter, r *http.Request) error {
	return s.reviewForm(w, r, s.rapidReview(), access.ManageReview, "The summary has been recorded",
		func(p partnership.Partnership, id int64, f *form.Reader) error {
			org, err := pathID(r, "orgID")
			if err != nil {
				return err
			}
			return s.Reviews.RecordSummary(r.Context(), s.actor(r), p.ID, id, org, f.Text(reviews.SummaryField(org)))
		})
}

// signOffReview records the sign-off of a statutory partner the person signs for.
func (s *Server) signOffReview(w http.ResponseWriter, r *http.Request) error {
	p, id, err := s.review(r, access.SignOff)
	if err != nil {
		return err
	}
	f, err := form.Read(r)
	if err != nil {
		return err
	}
	org := f.ID("organisation", "Choose the partner you sign off for")
	err = f.Attempt(nil, func() error { return s.Reviews.SignOff(r.Context(), s.actor(r), p.ID, id, org) })
	return s.reviewChanged(w, r, s.renderReview, id, f.Form, err, paths.Review(p.Slug, id), "Your partner's sign-off has been recorded")
}

// submitReviewForSignOff puts a rapid review to the statutory partners for sign-off.
func (s *Server) submitReviewForSignOff(w http.ResponseWriter, r *http.Request) error {
	return s.reviewForm(w, r, s.rapidReview(), access.ManageReview, "The review has been put to the statutory partners for sign-off",
		func(p partnership.Partnership, id int64, f *form.Reader) error {
			return s.Reviews.SubmitForSignOff(r.Context(), s.actor(r), p.ID, id, f.Version())
		})
}

// reopenReview voids a rapid review's sign-off, with a reason, so that it can change.
func (s *Server) reopenReview(w http.ResponseWriter, r *http.Request) error {
	return s.reviewForm(w, r, s.rapidReview(), access.ManageReview, "The review has been reopened: its sign-offs no longer count",
		func(p partnership.Partnership, id int64, f *form.Reader) error {
			return s.Reviews.Reopen(r.Context(), s.actor(r), p.ID, id, f.Version(), f.Text("reason"))
		})
}
