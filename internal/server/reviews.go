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
	"github.com/scp-portal/portal/internal/reviews"
	"github.com/scp-portal/portal/web/views"
)

func reviewHref(p partnership.Partnership, id int64) string {
	return fmt.Sprintf("/%s/reviews/%d", p.Slug, id)
}

func localReviewHref(p partnership.Partnership, id int64) string {
	return fmt.Sprintf("/%s/local-reviews/%d", p.Slug, id)
}

func reviewDecisions() []views.Option {
	opts := []views.Option{{Value: "", Label: "Not decided yet"}}
	for _, d := range reviews.Decisions {
		opts = append(opts, views.Option{Value: d.Value, Label: d.Label})
	}
	return opts
}

// optionalDate reads an optional date question: nil when left empty, a problem when not a date.
func optionalDate(f *views.Form, name, label string) *time.Time {
	if strings.TrimSpace(f.Value(name+"-day")+f.Value(name+"-month")+f.Value(name+"-year")) == "" {
		return nil
	}
	d, ok := parseDateFields(*f, name)
	if !ok {
		f.AddError(name+"-day", label+" must be a real date, like 3 12 2026")
		return nil
	}
	return &d
}

func dateValues(v url.Values, name string, d *time.Time) {
	if d != nil {
		v.Set(name+"-day", strconv.Itoa(d.Day()))
		v.Set(name+"-month", strconv.Itoa(int(d.Month())))
		v.Set(name+"-year", strconv.Itoa(d.Year()))
	}
}

// startReviewInput reads the start form; problems are added to f.
func (s *Server) startReviewInput(f *views.Form) reviews.StartInput {
	in := reviews.StartInput{Title: f.Value("review_title"), ClockStart: f.Value("clock_start")}
	if d := optionalDate(f, "aware_on", "The date of awareness"); d != nil {
		in.AwareOn = *d
	}
	in.NotifiedOn = optionalDate(f, "notified_on", "The date of the notification")
	errs := in.Validate(partnership.Today(s.Now()))
	for _, field := range []string{"review_title", "aware_on-day", "notified_on-day", "clock_start"} {
		key := field
		if field == "review_title" {
			key = "title"
		}
		if msg := errs[key]; msg != "" && f.Error(field) == "" { // one message a field: a date that is not one says so already
			f.AddError(field, msg)
		}
	}
	return in
}

// startReview starts a rapid review: from a CSPR consideration request in the inbox ({id}), or
// directly for an incident the local authority notified.
func (s *Server) startReview(w http.ResponseWriter, r *http.Request) {
	p := currentPartnership(r)
	if !s.allowed(w, r, access.ManageReview, access.Object{PartnershipID: p.ID}, "rapid_review", "") || !s.parseForm(w, r) {
		return
	}
	f := views.NewForm(r.PostForm)
	in := s.startReviewInput(&f)
	var req intake.Request
	if urlParam(r, "id") != "" {
		id, ok := s.idParam(w, r, "id")
		if !ok {
			return
		}
		var err error
		if req, err = intake.Get(r.Context(), s.DB, p.ID, id); errors.Is(err, intake.ErrNotFound) || (err == nil && req.Kind != intake.CSPR) {
			s.notFound(w, r)
			return
		} else if err != nil {
			s.serverError(w, r, err)
			return
		}
		in.Request = &req
		if name := childNameIn(in.Title, req); name != "" {
			f.AddError("review_title", "Do not use the child's name ("+name+") in the review's title: it appears in lists and, once published, to the public")
		}
	}
	if f.Invalid() {
		if in.Request != nil {
			s.renderRequestDetail(w, r, http.StatusUnprocessableEntity, f)
		} else {
			s.renderReviews(w, r, http.StatusUnprocessableEntity, f)
		}
		return
	}
	cal, err := reviews.Calendar(r.Context(), s.DB)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var id int64
	err = database.InTx(r.Context(), s.DB, func(tx pgx.Tx) error {
		if id, err = reviews.Start(r.Context(), tx, p.ID, p.ShortName, subject(r).UserID, in, cal, s.Now()); err != nil {
			return err
		}
		return audit.Record(r.Context(), tx, s.auditEntry(r, "review.start", "rapid_review", id, ""))
	})
	if errors.Is(err, reviews.ErrNotAllowed) || errors.Is(err, intake.ErrConflict) {
		existing, _ := reviews.ByRequest(r.Context(), s.DB, p.ID, req.ID)
		if existing != 0 {
			http.Redirect(w, r, reviewHref(p, existing), http.StatusSeeOther)
			return
		}
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.redirectWithFlash(w, r, reviewHref(p, id), "The rapid review has started")
}

// reviewsRegister lists every rapid review with its stage and deadline, and the timeliness
// figures per year.
func (s *Server) reviewsRegister(w http.ResponseWriter, r *http.Request) {
	s.renderReviews(w, r, http.StatusOK, views.NewForm(url.Values{"clock_start": {"notification"}}))
}

func (s *Server) renderReviews(w http.ResponseWriter, r *http.Request, status int, f views.Form) {
	p := currentPartnership(r)
	if !s.allowed(w, r, access.ViewReview, access.Object{PartnershipID: p.ID}, "rapid_review", "") {
		return
	}
	list, err := reviews.Register(r.Context(), s.DB, p.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	cal, err := reviews.Calendar(r.Context(), s.DB)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	today := partnership.Today(s.Now())
	rows := make([]views.ReviewRow, 0, len(list))
	for _, l := range list {
		pr := reviews.Assess(l.Review, l.Agencies, len(l.SignOffs), cal, today)
		row := views.ReviewRow{Href: reviewHref(p, l.ID), Reference: l.Reference, Title: l.Title, Due: l.DueOn, DaysLeft: pr.DaysLeft,
			AtRisk: pr.AtRisk, Finished: pr.Finished, Decision: reviews.DecisionLabel(l.Decision), Stage: reviewStage(l.Review, pr)}
		row.Local = localReviewRow(p, l)
		if l.SentToPanelOn != nil {
			row.SentOn, row.SentLate = l.SentToPanelOn, l.SentToPanelOn.After(l.DueOn)
		}
		row.PanelResponse = shorten(l.PanelResponse, 140)
		rows = append(rows, row)
	}
	var years []views.TimelinessRow
	for _, t := range reviews.TimelinessByYear(list, cal, today) {
		years = append(years, views.TimelinessRow{Year: t.Year, Reviews: t.Reviews, SentWithin15: t.SentWithin15,
			Notifications: t.Notifications, NotifiedWithin5: t.NotifiedWithin5})
	}
	if err := audit.Record(r.Context(), s.DB, s.auditEntry(r, "review.register", "rapid_review", "", "")); err != nil {
		s.serverError(w, r, err)
		return
	}
	canManage := access.Decide(subject(r), access.ManageReview, access.Object{PartnershipID: p.ID}).Allowed
	s.render(w, r, status, views.Reviews(s.page(w, r, errorTitle("Reviews", f)), f, rows, years, canManage,
		views.StartReviewView{Action: "/" + p.Slug + "/reviews"}))
}

func reviewStage(r reviews.Review, pr reviews.Progress) string {
	switch {
	case pr.Finished:
		return "Sent to the national Panel"
	case r.Draft != "":
		return "Draft written"
	}
	return "Gathering information"
}

// loadReview loads the review in the path after asking the policy, and records the read: a
// rapid review holds what a CSPR consideration request holds.
func (s *Server) loadReview(w http.ResponseWriter, r *http.Request, action access.Action) (reviews.Review, bool) {
	p := currentPartnership(r)
	id, ok := s.idParam(w, r, "id")
	if !ok || !s.allowed(w, r, action, access.Object{PartnershipID: p.ID}, "rapid_review", strconv.FormatInt(id, 10)) {
		return reviews.Review{}, false
	}
	rv, err := reviews.Get(r.Context(), s.DB, p.ID, id)
	if s.lookupFailed(w, r, err) {
		return rv, false
	}
	return rv, true
}

// reviewPage is a rapid review's workspace.
func (s *Server) reviewPage(w http.ResponseWriter, r *http.Request) {
	rv, ok := s.loadReview(w, r, access.ViewReview)
	if !ok {
		return
	}
	v := url.Values{"facts": {rv.Facts}, "agency_involvement": {rv.AgencyInvolvement}, "practice_episodes": {rv.PracticeEpisodes},
		"safety_action": {rv.SafetyAction}, "improvements": {rv.Improvements}, "equality": {rv.Equality}, "draft": {rv.Draft},
		"decision": {rv.Decision}, "decision_reasons": {rv.DecisionReasons}, "panel_response": {rv.PanelResponse}}
	dateValues(v, "progress_meeting_on", rv.ProgressMeetingOn)
	dateValues(v, "panel_meeting_on", rv.PanelMeetingOn)
	dateValues(v, "sent_to_panel_on", rv.SentToPanelOn)
	dateValues(v, "notified_on", rv.NotifiedOn)
	s.renderReview(w, r, http.StatusOK, rv, views.NewForm(v))
}

func (s *Server) renderReview(w http.ResponseWriter, r *http.Request, status int, rv reviews.Review, f views.Form) {
	p := currentPartnership(r)
	ctx := r.Context()
	cal, err := reviews.Calendar(ctx, s.DB)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	agencies, err := reviews.Agencies(ctx, s.DB, []int64{rv.ID})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	signOffs, err := reviews.SignOffs(ctx, s.DB, []int64{rv.ID})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	orgs, err := s.orgOptions(r, p, "Choose the agency")
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var csprID int64
	if err := s.DB.QueryRow(ctx, `SELECT coalesce((SELECT id FROM local_cspr WHERE review_id = $1), 0)`, rv.ID).Scan(&csprID); err != nil {
		s.serverError(w, r, err)
		return
	}
	if err := audit.Record(ctx, s.DB, s.auditEntry(r, "review.read", "rapid_review", rv.ID, "")); err != nil {
		s.serverError(w, r, err)
		return
	}
	today := partnership.Today(s.Now())
	pr := reviews.Assess(rv, agencies[rv.ID], len(signOffs[rv.ID]), cal, today)
	subj := subject(r)
	base := reviewHref(p, rv.ID)
	v := views.ReviewView{Reference: rv.Reference, Title: rv.Title, Due: rv.DueOn, Rule: rv.DueRule, DaysLeft: pr.DaysLeft,
		AtRisk: pr.AtRisk, Finished: pr.Finished, Late: pr.Late(), AwareOn: rv.AwareOn, NotifiedOn: rv.NotifiedOn,
		NotificationDue: pr.NotificationDue, NotificationOnTime: pr.NotificationOnTime, Base: base, Orgs: orgs,
		NotificationLate: rv.NotifiedOn == nil && pr.NotificationDue.Before(today),
		Decisions:        reviewDecisions()[1:], Version: rv.Version, NotificationEditable: rv.ClockStart != "notification",
		CanManage: access.Decide(subj, access.ManageReview, access.Object{PartnershipID: p.ID}).Allowed}
	for _, st := range pr.Steps {
		v.Steps = append(v.Steps, views.PlanStep{Name: st.Name, Due: st.Due, Done: st.Done, Late: st.Late})
	}
	for _, a := range agencies[rv.ID] {
		v.Agencies = append(v.Agencies, views.AgencyRow{OrgID: a.OrganisationID, Name: a.Name, Requested: a.RequestedOn, Due: a.DueOn,
			Received: a.ReceivedOn, Summary: a.Summary, Late: a.ReceivedOn == nil && a.DueOn.Before(today),
			SummaryHref: fmt.Sprintf("%s/agencies/%d", base, a.OrganisationID)})
	}
	signed := signOffs[rv.ID]
	for _, role := range partnership.StatutoryRoles {
		answer := "Not yet"
		if who, ok := signed[role.Value]; ok {
			answer = "Signed off by " + who
		}
		v.SignOffs = append(v.SignOffs, views.AnswerRow{Label: role.Label, Answer: answer})
	}
	if subj.OrganisationID != 0 && rv.Draft != "" && !pr.Finished {
		o, err := partnership.OrganisationByID(ctx, s.DB, p.ID, subj.OrganisationID)
		v.CanSignOff = err == nil && o.IsStatutoryPartner() && signed[o.StatutoryRole] == "" && v.CanManage
	}
	if csprID != 0 {
		v.CSPRHref = localReviewHref(p, csprID)
	}
	v.CanOpenCSPR = v.CanManage && rv.Decision == "local_cspr"
	pg := s.page(w, r, errorTitle(rv.Reference, f))
	pg.Confidential = true
	s.render(w, r, status, views.Review(pg, f, v))
}

// saveReview saves a review's workspace, refusing to overwrite someone else's newer version.
func (s *Server) saveReview(w http.ResponseWriter, r *http.Request) {
	rv, ok := s.loadReview(w, r, access.ManageReview)
	if !ok || !s.parseForm(w, r) {
		return
	}
	p := currentPartnership(r)
	f := views.NewForm(r.PostForm)
	rv.Version, _ = strconv.Atoi(f.Value("version"))
	rv.ProgressMeetingOn = optionalDate(&f, "progress_meeting_on", "The progress meeting's date")
	rv.PanelMeetingOn = optionalDate(&f, "panel_meeting_on", "The panel meeting's date")
	rv.SentToPanelOn = optionalDate(&f, "sent_to_panel_on", "The date it was sent to the national Panel")
	today := partnership.Today(s.Now())
	if rv.ClockStart != "notification" { // otherwise the notification started the clock and stays
		rv.NotifiedOn = optionalDate(&f, "notified_on", "The date the national Panel was notified")
		if msg := reviews.NotificationProblem(rv.AwareOn, rv.NotifiedOn, today); msg != "" {
			f.AddError("notified_on-day", msg)
		}
	}
	rv.DraftedOn = &today
	for _, fld := range []struct {
		name string
		dst  *string
	}{{"facts", &rv.Facts}, {"agency_involvement", &rv.AgencyInvolvement}, {"practice_episodes", &rv.PracticeEpisodes},
		{"safety_action", &rv.SafetyAction}, {"improvements", &rv.Improvements}, {"equality", &rv.Equality},
		{"draft", &rv.Draft}, {"decision_reasons", &rv.DecisionReasons}, {"panel_response", &rv.PanelResponse}} {
		*fld.dst = strings.TrimSpace(f.Value(fld.name))
		if len([]rune(*fld.dst)) > 20000 && fld.name != "draft" {
			f.AddError(fld.name, "This answer must be 20,000 characters or fewer")
		}
	}
	rv.Decision = f.Value("decision")
	if rv.Decision != "" && reviews.DecisionLabel(rv.Decision) == "Not decided yet" {
		f.AddError("decision", "Choose a decision from the list")
	}
	if rv.Decision != "" && rv.DecisionReasons == "" {
		f.AddError("decision_reasons", "Give the reasons for the decision")
	}
	if rv.SentToPanelOn != nil && rv.Draft == "" {
		f.AddError("sent_to_panel_on-day", "Write the draft before recording that it was sent")
	}
	if !f.Invalid() {
		err := database.InTx(r.Context(), s.DB, func(tx pgx.Tx) error {
			if err := reviews.Update(r.Context(), tx, rv); err != nil {
				return err
			}
			return audit.Record(r.Context(), tx, s.auditEntry(r, "review.update", "rapid_review", rv.ID, rv.Decision))
		})
		switch {
		case errors.Is(err, reviews.ErrConflict):
			f.AddError("facts", "Someone else saved this review while you were working on it. Your text is below: open the review again and add it to theirs")
		case err != nil:
			s.serverError(w, r, err)
			return
		}
	}
	if f.Invalid() {
		s.renderReview(w, r, http.StatusUnprocessableEntity, rv, f)
		return
	}
	s.redirectWithFlash(w, r, reviewHref(p, rv.ID), "The review has been saved")
}

// requestInformation asks an agency for its information by a date.
func (s *Server) requestInformation(w http.ResponseWriter, r *http.Request) {
	rv, ok := s.loadReview(w, r, access.ManageReview)
	if !ok || !s.parseForm(w, r) {
		return
	}
	p := currentPartnership(r)
	f := views.NewForm(r.PostForm)
	org, err := strconv.ParseInt(f.Value("agency"), 10, 64)
	if err != nil {
		f.AddError("agency", "Choose the agency")
	}
	due, okDue := parseDateFields(f, "agency_due")
	if !okDue {
		f.AddError("agency_due-day", "Enter when its information is due, as a real date")
	}
	if !f.Invalid() {
		err = database.InTx(r.Context(), s.DB, func(tx pgx.Tx) error {
			if err := reviews.RequestInformation(r.Context(), tx, p.ID, rv.ID, org, partnership.Today(s.Now()), due); err != nil {
				return err
			}
			return audit.Record(r.Context(), tx, s.auditEntry(r, "review.request-information", "rapid_review", rv.ID, strconv.FormatInt(org, 10)))
		})
		if errors.Is(err, reviews.ErrNotFound) {
			f.AddError("agency", "Choose an agency from the list")
		} else if err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	if f.Invalid() {
		s.renderReview(w, r, http.StatusUnprocessableEntity, rv, f)
		return
	}
	s.redirectWithFlash(w, r, reviewHref(p, rv.ID), "The agency has been asked for its information")
}

// recordSummary records an agency's summary, received today.
func (s *Server) recordSummary(w http.ResponseWriter, r *http.Request) {
	rv, ok := s.loadReview(w, r, access.ManageReview)
	if !ok || !s.parseForm(w, r) {
		return
	}
	p := currentPartnership(r)
	org, ok := s.idParam(w, r, "orgID")
	if !ok {
		return
	}
	f := views.NewForm(r.PostForm)
	field := "summary-" + strconv.FormatInt(org, 10)
	summary := strings.TrimSpace(f.Value(field))
	if summary == "" || len([]rune(summary)) > 20000 {
		f.AddError(field, "Write the agency's summary, 20,000 characters or fewer")
		s.renderReview(w, r, http.StatusUnprocessableEntity, rv, f)
		return
	}
	err := database.InTx(r.Context(), s.DB, func(tx pgx.Tx) error {
		if err := reviews.RecordSummary(r.Context(), tx, p.ID, rv.ID, org, summary, partnership.Today(s.Now())); err != nil {
			return err
		}
		return audit.Record(r.Context(), tx, s.auditEntry(r, "review.summary", "rapid_review", rv.ID, strconv.FormatInt(org, 10)))
	})
	if s.lookupFailed(w, r, err) {
		return
	}
	s.redirectWithFlash(w, r, reviewHref(p, rv.ID), "The summary has been recorded")
}

// signOffReview records the sign-off of the statutory partner the person works for.
func (s *Server) signOffReview(w http.ResponseWriter, r *http.Request) {
	rv, ok := s.loadReview(w, r, access.ManageReview)
	if !ok {
		return
	}
	p := currentPartnership(r)
	var role string
	err := database.InTx(r.Context(), s.DB, func(tx pgx.Tx) error {
		var err error
		if role, err = reviews.SignOff(r.Context(), tx, p.ID, rv.ID, subject(r).UserID); err != nil {
			return err
		}
		return audit.Record(r.Context(), tx, s.auditEntry(r, "review.sign-off", "rapid_review", rv.ID, role))
	})
	if errors.Is(err, reviews.ErrNotAllowed) {
		s.errorPage(w, r, http.StatusForbidden, "Only someone who works for a statutory partner can sign the draft off for it, once, after the draft is written.")
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.redirectWithFlash(w, r, reviewHref(p, rv.ID), "Your organisation's sign-off has been recorded")
}

// openLocalReview opens the local CSPR a rapid review decided on.
func (s *Server) openLocalReview(w http.ResponseWriter, r *http.Request) {
	rv, ok := s.loadReview(w, r, access.ManageReview)
	if !ok {
		return
	}
	p := currentPartnership(r)
	cal, err := reviews.Calendar(r.Context(), s.DB)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var id int64
	err = database.InTx(r.Context(), s.DB, func(tx pgx.Tx) error {
		months := s.PublishMonths
		if months == 0 {
			months = reviews.DefaultPublishMonths
		}
		if id, err = reviews.OpenCSPR(r.Context(), tx, p.ID, rv.ID, p.ShortName, months, cal, partnership.Today(s.Now())); err != nil {
			return err
		}
		return audit.Record(r.Context(), tx, s.auditEntry(r, "local-review.open", "local_cspr", id, rv.Reference))
	})
	if errors.Is(err, reviews.ErrNotAllowed) {
		s.errorPage(w, r, http.StatusConflict, "A local review opens only from a rapid review that decided on one, once.")
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.redirectWithFlash(w, r, localReviewHref(p, id), "The local review has been opened")
}

// localReviewPage shows a local CSPR.
func (s *Server) localReviewPage(w http.ResponseWriter, r *http.Request) {
	s.renderLocalReview(w, r, http.StatusOK, nil)
}

func (s *Server) renderLocalReview(w http.ResponseWriter, r *http.Request, status int, posted *views.Form) {
	p := currentPartnership(r)
	id, ok := s.idParam(w, r, "id")
	if !ok || !s.allowed(w, r, access.ViewLocalReview, access.Object{PartnershipID: p.ID}, "local_cspr", strconv.FormatInt(id, 10)) {
		return
	}
	c, ms, err := reviews.GetCSPR(r.Context(), s.DB, p.ID, id)
	if s.lookupFailed(w, r, err) {
		return
	}
	rv, err := reviews.Get(r.Context(), s.DB, p.ID, c.ReviewID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	vals := url.Values{"reviewer": {c.Reviewer}, "terms": {c.TermsOfReference}, "agencies_involvement": {c.AgenciesInvolvement},
		"report": {c.Report}, "redacted_report": {c.RedactedReport}, "learning_summary": {c.LearningSummary}}
	dateValues(vals, "sent_to_panel_on", c.SentToPanelOn)
	dateValues(vals, "published_on", c.PublishedOn)
	f := views.NewForm(vals)
	if posted != nil {
		f = *posted
	}
	recs, err := learning.ReviewRecommendations(r.Context(), s.DB, c.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	orgs, err := s.orgOptions(r, p, "Choose the organisation")
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	subj := subject(r)
	today := partnership.Today(s.Now())
	v := views.LocalReviewView{Reference: c.Reference, ReviewTitle: rv.Title, ReviewHref: reviewHref(p, rv.ID), Reviewer: c.Reviewer,
		Terms: c.TermsOfReference, ApprovedBy: c.ApproverName, ApprovedAt: c.ReviewerApprovedAt, PublishTarget: c.PublishTargetOn,
		Base: localReviewHref(p, id), Version: c.Version, HasReport: strings.TrimSpace(c.Report) != "", Orgs: orgs,
		CanManage:  access.Decide(subj, access.ManageReview, access.Object{PartnershipID: p.ID}).Allowed,
		CanApprove: access.Decide(subj, access.ApproveReviewer, access.Object{PartnershipID: p.ID}).Allowed}
	for _, m := range ms {
		v.Milestones = append(v.Milestones, views.MilestoneView{Title: m.Title, Due: m.TargetOn, Done: m.DoneOn,
			Overdue: m.DoneOn == nil && m.TargetOn.Before(today), DoneHref: fmt.Sprintf("%s/milestones/%d/done", v.Base, m.ID)})
	}
	for _, rec := range recs {
		v.Recs = append(v.Recs, views.RecommendationRow{Href: recommendationHref(p, rec.ID), Title: rec.Title, Owner: rec.OwnerOrgName,
			Due: rec.DueOn, Status: learning.RecommendationStatusLabel(rec.Status), Overdue: rec.Overdue(today)})
	}
	if c.PublishedOn != nil && !c.PublishedOn.After(today) {
		v.PublishedHref = publishedHref(p, c.ID)
	}
	if err := audit.Record(r.Context(), s.DB, s.auditEntry(r, "local-review.read", "local_cspr", c.ID, "")); err != nil {
		s.serverError(w, r, err)
		return
	}
	pg := s.page(w, r, errorTitle(c.Reference, f))
	pg.Confidential = true
	s.render(w, r, status, views.LocalReview(pg, f, v))
}

// proposeReviewer saves the proposed reviewer and terms of reference.
func (s *Server) proposeReviewer(w http.ResponseWriter, r *http.Request) {
	p := currentPartnership(r)
	id, ok := s.idParam(w, r, "id")
	if !ok || !s.allowed(w, r, access.ManageReview, access.Object{PartnershipID: p.ID}, "local_cspr", strconv.FormatInt(id, 10)) || !s.parseForm(w, r) {
		return
	}
	f := views.NewForm(r.PostForm)
	version, _ := strconv.Atoi(f.Value("version"))
	reviewer, terms := strings.TrimSpace(f.Value("reviewer")), f.Value("terms")
	if reviewer == "" || len([]rune(reviewer)) > 200 {
		f.AddError("reviewer", "Enter the proposed reviewer, 200 characters or fewer")
	}
	if len([]rune(terms)) > 20000 {
		f.AddError("terms", "The terms of reference must be 20,000 characters or fewer")
	}
	if !f.Invalid() {
		err := database.InTx(r.Context(), s.DB, func(tx pgx.Tx) error {
			if err := reviews.ProposeReviewer(r.Context(), tx, p.ID, id, version, reviewer, terms); err != nil {
				return err
			}
			return audit.Record(r.Context(), tx, s.auditEntry(r, "local-review.reviewer", "local_cspr", id, ""))
		})
		if errors.Is(err, reviews.ErrConflict) {
			f.AddError("reviewer", "Someone else changed the review since you opened it: check it below")
		} else if err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	if f.Invalid() {
		s.renderLocalReview(w, r, http.StatusUnprocessableEntity, &f)
		return
	}
	s.redirectWithFlash(w, r, localReviewHref(p, id), "The reviewer has been proposed to the Executive")
}

// approveReviewer records the Executive's approval of the proposed reviewer.
func (s *Server) approveReviewer(w http.ResponseWriter, r *http.Request) {
	p := currentPartnership(r)
	id, ok := s.idParam(w, r, "id")
	if !ok || !s.allowed(w, r, access.ApproveReviewer, access.Object{PartnershipID: p.ID}, "local_cspr", strconv.FormatInt(id, 10)) || !s.parseForm(w, r) {
		return
	}
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	err := database.InTx(r.Context(), s.DB, func(tx pgx.Tx) error {
		if err := reviews.ApproveReviewer(r.Context(), tx, p.ID, id, version, subject(r).UserID, s.Now()); err != nil {
			return err
		}
		return audit.Record(r.Context(), tx, s.auditEntry(r, "local-review.approve-reviewer", "local_cspr", id, ""))
	})
	if errors.Is(err, reviews.ErrConflict) {
		f := views.NewForm(nil)
		f.AddError("reviewer", "The reviewer changed since you opened the page, or there is none yet: check before approving")
		s.renderLocalReview(w, r, http.StatusConflict, &f)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.redirectWithFlash(w, r, localReviewHref(p, id), "The Executive's approval of the reviewer has been recorded")
}

func publishedHref(p partnership.Partnership, id int64) string {
	return fmt.Sprintf("/%s/published-reviews/%d", p.Slug, id)
}

// localReviewChange runs a change to a local CSPR by those who manage reviews: change checks the
// form and makes the change in a transaction; problems show the page again.
func (s *Server) localReviewChange(change func(r *http.Request, tx pgx.Tx, c reviews.CSPR, f *views.Form) error, done string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p := currentPartnership(r)
		id, ok := s.idParam(w, r, "id")
		if !ok || !s.allowed(w, r, access.ManageReview, access.Object{PartnershipID: p.ID}, "local_cspr", strconv.FormatInt(id, 10)) || !s.parseForm(w, r) {
			return
		}
		c, _, err := reviews.GetCSPR(r.Context(), s.DB, p.ID, id)
		if s.lookupFailed(w, r, err) {
			return
		}
		f := views.NewForm(r.PostForm)
		err = database.InTx(r.Context(), s.DB, func(tx pgx.Tx) error { return change(r, tx, c, &f) })
		switch {
		case errors.Is(err, errInvalidForm):
		case errors.Is(err, reviews.ErrConflict):
			f.AddError("report", "Someone else changed the review since you opened it: your text is below; open it again and add yours")
		case errors.Is(err, reviews.ErrNotReady):
			f.AddError("published_on-day", "Publish only after the report has gone to the national Panel, with its redacted report and learning summary")
		case errors.Is(err, learning.ErrNoFindings):
			f.AddError("rec_title", "Write the final report first: recommendations come from it")
		case errors.Is(err, reviews.ErrNotFound) || isForeignKeyViolation(err):
			s.notFound(w, r)
			return
		case err != nil:
			s.serverError(w, r, err)
			return
		}
		if f.Invalid() {
			s.renderLocalReview(w, r, http.StatusUnprocessableEntity, &f)
			return
		}
		s.redirectWithFlash(w, r, localReviewHref(p, id), done)
	}
}

func (s *Server) saveLocalReviewReport(r *http.Request, tx pgx.Tx, c reviews.CSPR, f *views.Form) error {
	c.Version, _ = strconv.Atoi(f.Value("version"))
	c.AgenciesInvolvement, c.Report = f.Value("agencies_involvement"), f.Value("report")
	c.RedactedReport, c.LearningSummary = f.Value("redacted_report"), f.Value("learning_summary")
	c.SentToPanelOn = optionalDate(f, "sent_to_panel_on", "The date it was sent to the national Panel")
	c.PublishedOn = optionalDate(f, "published_on", "The date of publication")
	for _, fld := range []struct {
		name string
		max  int
	}{{"agencies_involvement", 20000}, {"report", 200000}, {"redacted_report", 200000}, {"learning_summary", 20000}} {
		if len([]rune(f.Value(fld.name))) > fld.max {
			f.AddError(fld.name, "This answer is too long")
		}
	}
	if f.Invalid() {
		return errInvalidForm
	}
	if err := reviews.SaveReport(r.Context(), tx, c); err != nil {
		return err
	}
	return audit.Record(r.Context(), tx, s.auditEntry(r, "local-review.report", "local_cspr", c.ID, ""))
}

func (s *Server) addLocalReviewRecommendation(r *http.Request, tx pgx.Tx, c reviews.CSPR, f *views.Form) error {
	in := learning.RecommendationInput{Title: strings.TrimSpace(f.Value("rec_title"))}
	if in.Title == "" || len([]rune(in.Title)) > 500 {
		f.AddError("rec_title", "Write the recommendation, 500 characters or fewer")
	}
	var err error
	if in.OwnerOrgID, err = strconv.ParseInt(f.Value("rec_owner"), 10, 64); err != nil {
		f.AddError("rec_owner", "Choose the organisation that owns it")
	}
	due, ok := parseDateFields(*f, "rec_due")
	if !ok {
		f.AddError("rec_due-day", "Enter when it is due as a real date, like 31 3 2027")
	}
	in.DueOn = due
	if f.Invalid() {
		return errInvalidForm
	}
	id, err := learning.AddReviewRecommendation(r.Context(), tx, c.PartnershipID, c.ID, in)
	if err != nil {
		return err
	}
	return audit.Record(r.Context(), tx, s.auditEntry(r, "recommendation.create", "recommendation", id, c.Reference))
}

func (s *Server) completeLocalReviewMilestone(r *http.Request, tx pgx.Tx, c reviews.CSPR, f *views.Form) error {
	mid, err := strconv.ParseInt(urlParam(r, "milestoneID"), 10, 64)
	if err != nil {
		return reviews.ErrNotFound
	}
	if err := reviews.CompleteMilestone(r.Context(), tx, c.PartnershipID, c.ID, mid, partnership.Today(s.Now())); err != nil {
		return err
	}
	return audit.Record(r.Context(), tx, s.auditEntry(r, "local-review.milestone", "local_cspr", c.ID, strconv.FormatInt(mid, 10)))
}

// publishedReview shows a published local CSPR to anyone: its redacted report and learning
// summary, nothing else.
func (s *Server) publishedReview(w http.ResponseWriter, r *http.Request) {
	p := currentPartnership(r)
	id, ok := s.idParam(w, r, "id")
	if !ok {
		return
	}
	list, err := reviews.PublishedReviews(r.Context(), s.DB, p.ID, partnership.Today(s.Now()))
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	for _, pr := range list {
		if pr.ID == id {
			s.render(w, r, http.StatusOK, views.PublishedReview(s.page(w, r, pr.Title), pr.Reference, pr.Title, pr.PublishedOn,
				pr.LearningSummary, markdown.HTML(pr.RedactedReport)))
			return
		}
	}
	s.notFound(w, r)
}

// childNameIn returns a word of one of the request's children's names found in title, or "".
func childNameIn(title string, req intake.Request) string {
	words := strings.Fields(strings.ToLower(title))
	for n := 1; n <= intake.MaxChildren; n++ {
		for _, part := range strings.Fields(strings.ToLower(req.Answers.Get(fmt.Sprintf("child%d_name", n)))) {
			if len([]rune(part)) < 3 {
				continue
			}
			for _, w := range words {
				if strings.Trim(w, "().,;:'\"") == part {
					return part
				}
			}
		}
	}
	return ""
}

// shorten cuts s to at most n characters at a word, with an ellipsis, for a table cell.
func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndex(cut, " "); i > n/2 {
		cut = cut[:i]
	}
	return cut + "…"
}

// localReviewRow is the local CSPR a rapid review decided on, for the register and home views, or
// nil when there is none.
func localReviewRow(p partnership.Partnership, l reviews.Listed) *views.LocalReviewRow {
	if l.CSPRID == nil {
		return nil
	}
	return &views.LocalReviewRow{Href: localReviewHref(p, *l.CSPRID), Reference: l.CSPRRef,
		AwaitingApproval: l.CSPRAwaitingApproval, Published: l.CSPRPublished}
}
