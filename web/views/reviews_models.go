package views

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/scp-portal/portal/internal/reviews"
	"github.com/scp-portal/portal/internal/signoff"
	"github.com/scp-portal/portal/web/paths"
)

// NewReviewRows is the register of the partnership slug's rapid reviews, one row each.
func NewReviewRows(slug string, list []reviews.Assessed) []ReviewRow {
	rows := make([]ReviewRow, 0, len(list))
	for _, a := range list {
		rows = append(rows, NewReviewRow(slug, a))
	}
	return rows
}

// NewReviewRow is a rapid review in the register: its stage and deadline as assessed today, its
// decision, what the national Panel answered and the local CSPR it decided on.
func NewReviewRow(slug string, a reviews.Assessed) ReviewRow {
	pr := a.Progress
	row := ReviewRow{Href: paths.Review(slug, a.ID), Reference: a.Reference, Title: a.Title, Due: a.DueOn, DaysLeft: pr.DaysLeft,
		AtRisk: pr.AtRisk, Finished: pr.Finished, Decision: reviews.DecisionLabel(a.Decision), Stage: reviewStage(a.Listed, pr),
		Local: NewLocalReviewRow(slug, a.Listed), PanelResponse: shorten(a.PanelResponse, 140)}
	if a.SentToPanelOn != nil {
		row.SentOn, row.SentLate = a.SentToPanelOn, a.SentToPanelOn.After(a.DueOn)
	}
	return row
}

// WithoutContent is the register as those who oversee its timeliness without needing to know
// see it (access.ViewReviewRegister, not ViewReview): references, stages, deadlines and decisions,
// with no title, no Panel's answer and no link to the review itself.
func WithoutContent(rows []ReviewRow) []ReviewRow {
	for i := range rows {
		rows[i].Href, rows[i].Title, rows[i].PanelResponse = "", "", ""
	}
	return rows
}

// reviewStage is where a rapid review has got to, in words.
func reviewStage(r reviews.Listed, pr reviews.Progress) string {
	switch {
	case pr.Finished:
		return "Sent to the national Panel"
	case r.SignedOff():
		return "Signed off by the partners"
	case r.SignOff.Status == signoff.Open:
		return "Awaiting the partners' sign-off"
	case r.Draft != "":
		return "Draft written"
	}
	return "Gathering information"
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

// NewLocalReviewRow is the local CSPR a rapid review decided on, for the register and home views,
// or nil when there is none.
func NewLocalReviewRow(slug string, l reviews.Listed) *LocalReviewRow {
	if l.CSPRID == nil {
		return nil
	}
	return &LocalReviewRow{Href: paths.LocalReview(slug, *l.CSPRID), Reference: l.CSPRRef,
		AwaitingApproval: l.CSPRAwaitingApproval, Published: l.CSPRPublished, AwaitingPublication: l.CSPRPublicationAwaiting}
}

// NewTimelinessRows is the statutory timeliness of rapid reviews, a row per year.
func NewTimelinessRows(years []reviews.Timeliness) []TimelinessRow {
	var rows []TimelinessRow
	for _, t := range years {
		rows = append(rows, TimelinessRow{Year: t.Year, Reviews: t.Reviews, SentWithin15: t.SentWithin15,
			Notifications: t.Notifications, NotifiedWithin5: t.NotifiedWithin5})
	}
	return rows
}

// NewReviewForm is the form of a rapid review's workspace: the review's own values, with what was
// posted (and the posted form's problems) over them.
func NewReviewForm(rv reviews.Review, posted Form) Form {
	values := url.Values{"facts": {rv.Facts}, "agency_involvement": {rv.AgencyInvolvement}, "practice_episodes": {rv.PracticeEpisodes},
		"safety_action": {rv.SafetyAction}, "improvements": {rv.Improvements}, "equality": {rv.Equality}, "draft": {rv.Draft},
		"decision": {rv.Decision}, "decision_reasons": {rv.DecisionReasons}, "panel_response": {rv.PanelResponse}}
	setReviewDate(values, "progress_meeting_on", rv.ProgressMeetingOn)
	setReviewDate(values, "panel_meeting_on", rv.PanelMeetingOn)
	setReviewDate(values, "sent_to_panel_on", rv.SentToPanelOn)
	setReviewDate(values, "notified_on", rv.NotifiedOn)
	return reviewOverlay(values, posted)
}

// NewReviewPage is the workspace of the rapid review in ws, of the partnership slug, as of
// ws.Today. f is its form (NewReviewForm); orgs the agencies to choose from; canManage whether the
// person may work on reviews (put it to the partners and reopen it too).
func NewReviewPage(slug string, ws reviews.Workspace, f Form, orgs []Option, canManage bool) ReviewView {
	rv, pr, today := ws.Review, ws.Progress, ws.Today
	v := ReviewView{Reference: rv.Reference, Title: rv.Title, Due: rv.DueOn, Rule: rv.DueRule, DaysLeft: pr.DaysLeft,
		AtRisk: pr.AtRisk, Finished: pr.Finished, Late: pr.Late(), AwareOn: rv.AwareOn, NotifiedOn: rv.NotifiedOn,
		NotificationDue: pr.NotificationDue, NotificationOnTime: pr.NotificationOnTime, Orgs: orgs,
		NotificationLate: rv.NotifiedOn == nil && pr.NotificationDue.Before(today),
		Version:          reviewFormVersion(f, rv.Version), NotificationEditable: rv.ClockStart != "notification",
		CanManage: canManage, CanOpenCSPR: canManage && rv.Decision == "local_cspr", Locked: ws.Locked(),
		Action: paths.Review(slug, rv.ID), AgenciesAction: paths.ReviewAgencies(slug, rv.ID),
		OpenCSPRAction: paths.OpenLocalReview(slug, rv.ID)}
	v.Decisions = Choices(reviews.Decisions)
	v.Content = []ReadRow{{Label: "The facts", Value: rv.Facts, Answer: true}, {Label: "Agency involvement", Value: rv.AgencyInvolvement, Answer: true},
		{Label: "Key practice episodes", Value: rv.PracticeEpisodes, Answer: true}, {Label: "Immediate safety action taken", Value: rv.SafetyAction, Answer: true},
		{Label: "Potential improvements", Value: rv.Improvements, Answer: true},
		{Label: "How race, inequality and protected characteristics shaped the family's experience and the practice", Value: rv.Equality, Answer: true},
		{Label: "Draft for the national Panel", Value: rv.Draft, Answer: true}, {Label: "Decision", Value: decisionLabel(rv.Decision)},
		{Label: "Reasons for the decision", Value: rv.DecisionReasons, Answer: true}}
	v.Read = append([]ReadRow{{Label: "Progress meeting held on", Value: optionalDate(rv.ProgressMeetingOn)},
		{Label: "Panel meeting held on", Value: optionalDate(rv.PanelMeetingOn)}}, v.Content...)
	v.Read = append(v.Read, ReadRow{Label: "Sent to the national Panel on", Value: optionalDate(rv.SentToPanelOn)},
		ReadRow{Label: "The national Panel's response", Value: rv.PanelResponse, Answer: true})
	for _, st := range pr.Steps {
		v.Steps = append(v.Steps, PlanStep{Name: st.Name, Due: st.Due, Done: st.Done, Late: st.Late})
	}
	for _, a := range ws.Agencies {
		v.Agencies = append(v.Agencies, AgencyRow{OrgID: a.OrganisationID, Name: a.Name, Requested: a.RequestedOn, Due: a.DueOn,
			Received: a.ReceivedOn, Summary: a.Summary, Late: a.ReceivedOn == nil && a.DueOn.Before(today),
			SummaryHref: paths.ReviewAgency(slug, rv.ID, a.OrganisationID)})
	}
	var signFor []Option
	for _, o := range ws.SignFor {
		signFor = append(signFor, Option{Value: strconv.FormatInt(o.OrganisationID, 10), Label: o.Name})
	}
	v.SignOff = NewSignOffPanel(ws.SignOff, paths.ReviewSignOff(slug, rv.ID), signFor, "this rapid review and its decision")
	v.SignOff.Version, v.SignOff.Locks = v.Version, "its content and decision"
	switch {
	case canManage && !ws.Locked() && !pr.Finished && rv.Draft != "" && rv.Decision != "":
		v.SignOff.Submit = paths.ReviewSubmitSignOff(slug, rv.ID)
	case canManage && ws.Locked():
		v.SignOff.Reopen = paths.ReviewReopen(slug, rv.ID)
	}
	if ws.CSPRID != 0 {
		v.CSPRHref = paths.LocalReview(slug, ws.CSPRID)
	}
	return v
}

// decisionLabel is a rapid review's decision in words, "" when none is recorded.
func decisionLabel(d string) string {
	if d == "" {
		return ""
	}
	return reviews.Decisions.Label(d)
}

// optionalDate is a date the GOV.UK way, or "" when there is none.
func optionalDate(t *time.Time) string {
	if t == nil {
		return ""
	}
	return date(*t)
}

// NewLocalReviewForm is the form of a local CSPR's page: the local CSPR's own values (and the
// priorities it is tagged with), with what was posted (and the posted form's problems) over them.
func NewLocalReviewForm(lr reviews.LocalReview, posted Form) Form {
	c := lr.CSPR
	values := url.Values{"reviewer": {c.Reviewer}, "terms": {c.TermsOfReference}, "agencies_involvement": {c.AgenciesInvolvement},
		"report": {c.Report}, "redacted_report": {c.RedactedReport}, "learning_summary": {c.LearningSummary},
		"priorities": lr.Priorities}
	setReviewDate(values, "sent_to_panel_on", c.SentToPanelOn)
	setReviewDate(values, "publish_on", c.PublicationProposedOn)
	return reviewOverlay(values, posted)
}

// NewLocalReviewPage is the page of the local CSPR in lr, of the partnership slug, as of
// lr.Today. f is its form (NewLocalReviewForm); orgs the organisations that may own a
// recommendation; canManage whether the person may work on reviews, canApprove whether they may
// approve its reviewer.
//
// me is the person looking: the one who proposed the reviewer, or the publication, is told another
// must approve. canApprove is whether they may approve for the Executive (the reviewer and the
// publication alike).
func NewLocalReviewPage(slug string, lr reviews.LocalReview, f Form, orgs []Option, canManage, canApprove bool, me int64) LocalReviewView {
	c, today := lr.CSPR, lr.Today
	v := LocalReviewView{Reference: c.Reference, ReviewTitle: lr.Review.Title, ReviewHref: paths.Review(slug, lr.Review.ID),
		Reviewer: c.Reviewer, Terms: c.TermsOfReference, ApprovedBy: c.ApproverName, ApprovedAt: c.ReviewerApprovedAt,
		PublishTarget: c.PublishTargetOn, Version: reviewFormVersion(f, c.Version), HasReport: strings.TrimSpace(c.Report) != "", Orgs: orgs,
		CanManage: canManage, CanApprove: canApprove,
		ApproveAction: paths.LocalReviewApprove(slug, c.ID), ReviewerAction: paths.LocalReviewReviewer(slug, c.ID),
		ReportAction: paths.LocalReviewReport(slug, c.ID), RecsAction: paths.LocalReviewRecommendations(slug, c.ID),
		ProposedBy: c.ProposerName, OwnProposal: c.ReviewerProposedBy != nil && *c.ReviewerProposedBy == me,
		ApprovedReviewer: c.ApprovedReviewer, AtMeeting: c.ApprovalDecisionID != nil,
		Publication: PublicationView{ProposedBy: c.PublicationProposerName, ProposedOn: c.PublicationProposedOn, ApprovedBy: c.PublicationApproverName,
			ApprovedAt: c.PublicationApprovedAt, AtMeeting: c.PublicationDecisionID != nil, PublishedOn: c.PublishedOn,
			OwnProposal: c.PublicationProposedBy != nil && *c.PublicationProposedBy == me}}
	ready := c.SentToPanelOn != nil && strings.TrimSpace(c.RedactedReport) != "" && strings.TrimSpace(c.LearningSummary) != ""
	if canManage && c.PublishedOn == nil && ready {
		v.Publication.ProposeAction = paths.LocalReviewProposePublication(slug, c.ID)
	}
	if canApprove && c.PublishedOn == nil && c.PublicationProposedOn != nil {
		v.Publication.ApproveAction = paths.LocalReviewApprovePublication(slug, c.ID)
	}
	if canApprove {
		v.Meetings = []Option{{Value: "", Label: "Not at a meeting"}}
		for _, m := range lr.Meetings {
			v.Meetings = append(v.Meetings, Option{Value: strconv.FormatInt(m.ID, 10), Label: m.Title + ", " + date(m.HeldOn)})
		}
	}
	for _, m := range lr.Milestones {
		v.Milestones = append(v.Milestones, MilestoneView{Title: m.Title, Due: m.TargetOn, Done: m.DoneOn,
			Overdue: m.DoneOn == nil && m.TargetOn.Before(today), DoneHref: paths.LocalReviewMilestoneDone(slug, c.ID, m.ID)})
	}
	v.Report = []ReadRow{{Label: "Agencies' involvement", Value: c.AgenciesInvolvement, Answer: true}, {Label: "Final report", Value: c.Report, Answer: true},
		{Label: "Sent to the national Panel on", Value: optionalDate(c.SentToPanelOn)},
		{Label: "Redacted report for publication", Value: c.RedactedReport, Answer: true},
		{Label: "Learning summary for publication", Value: c.LearningSummary, Answer: true}}
	v.Recs = RecommendationRows(slug, lr.Recommendations, today)
	v.Priorities = lr.Priorities
	if canManage {
		v.PrioritiesAction = paths.LocalReviewPriorities(slug, c.ID)
		for _, p := range lr.PriorityChoices {
			v.PriorityChoices = append(v.PriorityChoices, Option{Value: p, Label: p})
		}
	}
	if c.PublishedOn != nil && !c.PublishedOn.After(today) {
		v.PublishedHref = paths.PublishedReview(slug, c.ID)
	}
	return v
}

// reviewOverlay is the form of a page that holds several forms, shown again after one of them
// was posted: the record's values, with what was posted over them and the posted form's
// problems, so that neither what the person typed nor what the other forms hold is lost.
func reviewOverlay(record url.Values, posted Form) Form {
	f := NewForm(record)
	for k, v := range posted.Values {
		f.Values[k] = append([]string(nil), v...)
	}
	f.Errors = posted.Errors
	return f
}

// reviewFormVersion is the version the page's forms carry: the one in f (what the person loaded,
// or after a stale save the record's version now), else the record's own.
func reviewFormVersion(f Form, current int) int {
	if v, err := strconv.Atoi(f.Value("version")); err == nil {
		return v
	}
	return current
}

// setReviewDate sets a date question's three fields to d, if there is one.
func setReviewDate(v url.Values, name string, d *time.Time) {
	if d != nil {
		v.Set(name+"-day", strconv.Itoa(d.Day()))
		v.Set(name+"-month", strconv.Itoa(int(d.Month())))
		v.Set(name+"-year", strconv.Itoa(d.Year()))
	}
}
