package server

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/internal/reviews"
	"github.com/scp-portal/portal/web/paths"
	"github.com/scp-portal/portal/web/views"
)

// reviewHref is the address of a rapid review, for the pages of other areas that link to one.
func reviewHref(p partnership.Partnership, id int64) string { return paths.Review(p.Slug, id) }

// overlay is the form of a page that holds several forms, shown again after one of them was
// posted: the record's values, with what was posted over them and the posted form's problems, so
// that neither what the person typed nor what the other forms hold is lost.
func overlay(record url.Values, posted views.Form) views.Form {
	f := views.NewForm(record)
	for k, v := range posted.Values {
		f.Values[k] = append([]string(nil), v...)
	}
	f.Errors = posted.Errors
	return f
}

// formVersion is the version the page's forms carry: the one in f (what the person loaded, or
// after a stale save the record's version now), else the record's own.
func formVersion(f views.Form, current int) int {
	if v, err := strconv.Atoi(f.Value("version")); err == nil {
		return v
	}
	return current
}

// dateValues sets a date question's three fields to d, if there is one.
func dateValues(v url.Values, name string, d *time.Time) {
	if d != nil {
		v.Set(name+"-day", strconv.Itoa(d.Day()))
		v.Set(name+"-month", strconv.Itoa(int(d.Month())))
		v.Set(name+"-year", strconv.Itoa(d.Year()))
	}
}

// startReview starts a rapid review: from a CSPR consideration request in the inbox ({id}), or
// directly for an incident the local authority notified.
func (s *Server) startReview(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	requestID, err := optionalPathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.authorize(r, access.ManageReview, access.Object{PartnershipID: p.ID}, "rapid_review", ""); err != nil {
		return err
	}
	f, err := readForm(r)
	if err != nil {
		return err
	}
	in := reviews.StartInput{Title: f.Text("review_title"), ClockStart: f.Text("clock_start"),
		AwareOn:    f.Date("aware_on", "when the local authority became aware"),
		NotifiedOn: f.OptionalDate("notified_on", "the date of the notification")}
	var started reviews.Started
	err = f.Attempt(nil, func() (err error) {
		started, err = s.Reviews.Start(r.Context(), s.actor(r), p.ID, p.ShortName, requestID, in)
		return err
	})
	if err != nil {
		status, ok := formError(&f.Form, err)
		switch {
		case !ok:
			return err
		case requestID != 0:
			return s.renderRequestDetail(w, r, status, f.Form)
		}
		return s.renderReviews(w, r, status, f.Form)
	}
	if started.Already { // started before from this request: that review is the one
		http.Redirect(w, r, paths.Review(p.Slug, started.ID), http.StatusSeeOther)
		return nil
	}
	return s.redirectWithFlash(w, r, paths.Review(p.Slug, started.ID), "The rapid review has started")
}

// reviewID reads the rapid review in the path after asking the policy whether the person may do
// action to it.
func (s *Server) reviewID(r *http.Request, action access.Action) (int64, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, err
	}
	return id, s.authorize(r, action, access.Object{PartnershipID: currentPartnership(r).ID}, "rapid_review", strconv.FormatInt(id, 10))
}

// reviewPage is a rapid review's workspace.
func (s *Server) reviewPage(w http.ResponseWriter, r *http.Request) error {
	id, err := s.reviewID(r, access.ViewReview)
	if err != nil {
		return err
	}
	return s.renderReview(w, r, http.StatusOK, id, views.NewForm(nil))
}

// renderReview shows the workspace of the rapid review id (the service records the read), with
// posted over the review's own values.
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
	rv, pr, today := ws.Review, ws.Progress, ws.Today
	values := url.Values{"facts": {rv.Facts}, "agency_involvement": {rv.AgencyInvolvement}, "practice_episodes": {rv.PracticeEpisodes},
		"safety_action": {rv.SafetyAction}, "improvements": {rv.Improvements}, "equality": {rv.Equality}, "draft": {rv.Draft},
		"decision": {rv.Decision}, "decision_reasons": {rv.DecisionReasons}, "panel_response": {rv.PanelResponse}}
	dateValues(values, "progress_meeting_on", rv.ProgressMeetingOn)
	dateValues(values, "panel_meeting_on", rv.PanelMeetingOn)
	dateValues(values, "sent_to_panel_on", rv.SentToPanelOn)
	dateValues(values, "notified_on", rv.NotifiedOn)
	f := overlay(values, posted)
	canManage := access.Decide(subject(r), access.ManageReview, access.Object{PartnershipID: p.ID}).Allowed
	v := views.ReviewView{Reference: rv.Reference, Title: rv.Title, Due: rv.DueOn, Rule: rv.DueRule, DaysLeft: pr.DaysLeft,
		AtRisk: pr.AtRisk, Finished: pr.Finished, Late: pr.Late(), AwareOn: rv.AwareOn, NotifiedOn: rv.NotifiedOn,
		NotificationDue: pr.NotificationDue, NotificationOnTime: pr.NotificationOnTime, Orgs: orgs,
		NotificationLate: rv.NotifiedOn == nil && pr.NotificationDue.Before(today),
		Decisions:        choiceOptions(reviews.Decisions), Version: formVersion(f, rv.Version), NotificationEditable: rv.ClockStart != "notification",
		CanManage: canManage, CanSignOff: canManage && ws.MaySignOff, CanOpenCSPR: canManage && rv.Decision == "local_cspr",
		Action: paths.Review(p.Slug, rv.ID), AgenciesAction: paths.ReviewAgencies(p.Slug, rv.ID),
		SignOffAction: paths.ReviewSignOff(p.Slug, rv.ID), OpenCSPRAction: paths.OpenLocalReview(p.Slug, rv.ID)}
	for _, st := range pr.Steps {
		v.Steps = append(v.Steps, views.PlanStep{Name: st.Name, Due: st.Due, Done: st.Done, Late: st.Late})
	}
	for _, a := range ws.Agencies {
		v.Agencies = append(v.Agencies, views.AgencyRow{OrgID: a.OrganisationID, Name: a.Name, Requested: a.RequestedOn, Due: a.DueOn,
			Received: a.ReceivedOn, Summary: a.Summary, Late: a.ReceivedOn == nil && a.DueOn.Before(today),
			SummaryHref: paths.ReviewAgency(p.Slug, rv.ID, a.OrganisationID)})
	}
	for _, role := range partnership.StatutoryRoles {
		answer := "Not yet"
		if who, ok := ws.SignOffs[role.Value]; ok {
			answer = "Signed off by " + who
		}
		v.SignOffs = append(v.SignOffs, views.AnswerRow{Label: role.Label, Answer: answer})
	}
	if ws.CSPRID != 0 {
		v.CSPRHref = paths.LocalReview(p.Slug, ws.CSPRID)
	}
	pg := s.page(w, r, errorTitle(rv.Reference, f))
	pg.Confidential = true
	return s.render(w, r, status, views.Review(pg, f, v))
}

// saveReview saves a review's workspace, refusing to overwrite someone else's newer version.
func (s *Server) saveReview(w http.ResponseWriter, r *http.Request) error {
	id, err := s.reviewID(r, access.ManageReview)
	if err != nil {
		return err
	}
	f, err := readForm(r)
	if err != nil {
		return err
	}
	in := reviews.WorkspaceInput{Version: f.Version(),
		NotifiedOn:        f.OptionalDate("notified_on", "the date the national Panel was notified"),
		ProgressMeetingOn: f.OptionalDate("progress_meeting_on", "the progress meeting's date"),
		PanelMeetingOn:    f.OptionalDate("panel_meeting_on", "the panel meeting's date"),
		Facts:             f.Text("facts"), AgencyInvolvement: f.Text("agency_involvement"), PracticeEpisodes: f.Text("practice_episodes"),
		SafetyAction: f.Text("safety_action"), Improvements: f.Text("improvements"), Equality: f.Text("equality"), Draft: f.Text("draft"),
		Decision: f.Text("decision"), DecisionReasons: f.Text("decision_reasons"),
		SentToPanelOn: f.OptionalDate("sent_to_panel_on", "the date it was sent to the national Panel"),
		PanelResponse: f.Text("panel_response")}
	p := currentPartnership(r)
	err = f.Attempt(nil, func() error { return s.Reviews.SaveReview(r.Context(), s.actor(r), p.ID, id, in) })
	return s.reviewChanged(w, r, id, f, err, "The review has been saved")
}

// reviewChanged answers a change to the rapid review id: done, back to the workspace with the
// confirmation; refused, the workspace again with what was posted and why.
func (s *Server) reviewChanged(w http.ResponseWriter, r *http.Request, id int64, f *formReader, err error, done string) error {
	if err != nil {
		status, ok := formError(&f.Form, err)
		if !ok {
			return err
		}
		return s.renderReview(w, r, status, id, f.Form)
	}
	return s.redirectWithFlash(w, r, paths.Review(currentPartnership(r).Slug, id), done)
}

// requestInformation asks an agency for its information by a date.
func (s *Server) requestInformation(w http.ResponseWriter, r *http.Request) error {
	id, err := s.reviewID(r, access.ManageReview)
	if err != nil {
		return err
	}
	f, err := readForm(r)
	if err != nil {
		return err
	}
	org := f.ID("agency", "Choose the agency")
	due := f.Date("agency_due", "when its information is due")
	p := currentPartnership(r)
	err = f.Attempt(nil, func() error { return s.Reviews.RequestInformation(r.Context(), s.actor(r), p.ID, id, org, due) })
	return s.reviewChanged(w, r, id, f, err, "The agency has been asked for its information")
}

// recordSummary records an agency's summary, received today.
func (s *Server) recordSummary(w http.ResponseWriter, r *http.Request) error {
	id, err := s.reviewID(r, access.ManageReview)
	if err != nil {
		return err
	}
	org, err := pathID(r, "orgID")
	if err != nil {
		return err
	}
	f, err := readForm(r)
	if err != nil {
		return err
	}
	p := currentPartnership(r)
	err = s.Reviews.RecordSummary(r.Context(), s.actor(r), p.ID, id, org, f.Text(reviews.SummaryField(org)))
	return s.reviewChanged(w, r, id, f, err, "The summary has been recorded")
}

// signOffReview records the sign-off of the statutory partner the person works for. Anyone else
// sees the workspace again, refused, with the rule.
func (s *Server) signOffReview(w http.ResponseWriter, r *http.Request) error {
	id, err := s.reviewID(r, access.ManageReview)
	if err != nil {
		return err
	}
	p := currentPartnership(r)
	_, err = s.Reviews.SignOff(r.Context(), s.actor(r), p.ID, id)
	if errors.Is(err, reviews.ErrSignOffRefused) {
		return s.renderReview(w, r, http.StatusForbidden, id, refusedForm(err))
	}
	if err != nil {
		return err
	}
	return s.redirectWithFlash(w, r, paths.Review(p.Slug, id), "Your organisation's sign-off has been recorded")
}

// refusedForm is an empty form carrying the field messages of a refused change that posts no
// fields of its own (a button), for its page to show.
func refusedForm(err error) views.Form {
	f := views.NewForm(nil)
	for _, fe := range app.FieldsOf(err) {
		f.AddError(fe.Field, fe.Message)
	}
	return f
}

// reviewOfRequest is the rapid review started from a CSPR consideration request, 0 for none.
func (s *Server) reviewOfRequest(r *http.Request, p partnership.Partnership, requestID int64) (int64, error) {
	return s.Reviews.ReviewOfRequest(r.Context(), p.ID, requestID)
}
