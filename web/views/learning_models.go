package views

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/learning"
	"github.com/scp-portal/portal/internal/markdown"
	"github.com/scp-portal/portal/internal/meetings"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/internal/training"
	"github.com/scp-portal/portal/web/paths"
)

// themeRatingTags are the tag colours of a theme's rating.
var themeRatingTags = map[string]string{"red": "tag--red", "amber": "tag--yellow", "green": "tag--green", "": "tag--grey"}

// learningPeople turns people into options, after an optional first one such as "No owner yet".
func learningPeople(people []learning.Person, first ...Option) []Option {
	opts := append([]Option(nil), first...)
	for _, p := range people {
		opts = append(opts, Option{Value: strconv.FormatInt(p.ID, 10), Label: p.Name})
	}
	return opts
}

// learningWords turns plain words (the partnership's priorities) into options.
func learningWords(list []string, first ...Option) []Option {
	opts := append([]Option(nil), first...)
	for _, s := range list {
		opts = append(opts, Option{Value: s, Label: s})
	}
	return opts
}

// personNames lists people's names: "A, B".
func personNames(people []learning.Person) string {
	var ns []string
	for _, p := range people {
		ns = append(ns, p.Name)
	}
	return strings.Join(ns, ", ")
}

// NewThemesPage is the theme register: the themes found, and the filter's choices from the
// partnership's priorities and Engine Room people. canManage shows the link to start a theme.
func NewThemesPage(slug string, themes []learning.Theme, priorities []string, owners []learning.Person, canManage bool) ThemesView {
	v := ThemesView{Action: paths.Themes(slug), NewHref: paths.NewTheme(slug), CanManage: canManage,
		Statuses:   Choices(learning.ThemeStatuses, Option{Value: "", Label: "Any status"}),
		Priorities: learningWords(priorities, Option{Value: "", Label: "Any priority"}),
		Sources:    Choices(learning.SourceKinds, Option{Value: "", Label: "Any source"}),
		Owners:     learningPeople(owners, Option{Value: "", Label: "Anyone"})}
	for _, t := range themes {
		var sources []string
		for _, k := range t.SourceKinds {
			sources = append(sources, learning.SourceLabel(k))
		}
		v.Rows = append(v.Rows, ThemeRow{Href: paths.Theme(slug, t.ID), Title: t.Title, Status: learning.StatusLabel(t.Status),
			Rating: learning.RatingLabel(t.Rating), RatingTag: themeRatingTags[t.Rating], Owner: t.OwnerName,
			Sources: strings.Join(sources, ", "), Priorities: strings.Join(t.Priorities, "; "), Updated: t.UpdatedAt})
	}
	return v
}

// ThemeFilterForm is the register's filter as asked for in the query q.
func ThemeFilterForm(q url.Values) Form {
	return NewForm(url.Values{"q": {q.Get("q")}, "status": {q.Get("status")}, "priority": {q.Get("priority")},
		"source": {q.Get("source")}, "owner": {q.Get("owner")}})
}

// ThemeEditForm is the form changing theme t, filled in as it is now.
func ThemeEditForm(t learning.Theme) Form {
	v := url.Values{"title": {t.Title}, "description": {t.Description}, "priorities": t.Priorities, "status": {t.Status},
		"rating": {t.Rating}, "rating_reason": {t.RatingReason}, "version": {strconv.Itoa(t.Version)}}
	if t.OwnerID != nil {
		v.Set("owner", strconv.FormatInt(*t.OwnerID, 10))
	}
	return NewForm(v)
}

// NewThemeForm is the form to start a theme (id 0) or to change theme id, with the partnership's
// priorities and the Engine Room people who may own it.
func NewThemeForm(slug string, id int64, priorities []string, owners []learning.Person) ThemeFormView {
	v := ThemeFormView{Heading: "Start a theme", Action: paths.Themes(slug), New: id == 0, Priorities: learningWords(priorities),
		Owners:   learningPeople(owners, Option{Value: "", Label: "No owner yet"}),
		Statuses: Choices(learning.ThemeStatuses),
		Ratings:  Choices(learning.Ratings, Option{Value: "", Label: "Not rated"}),
		Sources:  Choices(learning.SourceKinds, Option{Value: "", Label: "Choose a source"})}
	if id != 0 {
		v.Heading, v.Action = "Change the theme", paths.EditTheme(slug, id)
	}
	return v
}

// NewThemePage is a theme's golden thread: what raised it, its history, and the learning
// commissioned on it down to the evidence of impact, with overdue work flagged as of today.
// canManage shows the forms that change it.
func NewThemePage(slug string, th learning.Thread, canManage bool, today time.Time) ThemePageView {
	t := th.Theme
	v := ThemePageView{Title: t.Title, Description: t.Description, Status: learning.StatusLabel(t.Status),
		Rating: learning.RatingLabel(t.Rating), RatingTag: themeRatingTags[t.Rating], RatingReason: t.RatingReason, Owner: t.OwnerName,
		Priorities: strings.Join(t.Priorities, "; "), EditHref: paths.EditTheme(slug, t.ID), CommissionHref: paths.NewCommission(slug, t.ID),
		CanManage:    canManage,
		SourceKinds:  Choices(learning.SourceKinds, Option{Value: "", Label: "Choose what raised it"}),
		SourceAction: paths.ThemeSources(slug, t.ID)}
	if v.Owner == "" {
		v.Owner = "No owner yet"
	}
	for _, src := range th.Sources {
		step := ThreadStep{When: src.AddedAt, Kind: learning.SourceLabel(src.Kind), Title: src.Reference, Detail: src.Note, Who: src.AddedByName}
		if src.SubmittedAt != nil {
			step.When = *src.SubmittedAt
			step.Title = src.Reference + ": " + src.RequestTitle
		}
		v.Sources = append(v.Sources, step)
		if src.Decision != "" {
			v.Sources = append(v.Sources, ThreadStep{When: *src.DecisionAt, Kind: "Triage", Title: learning.DecisionLabel(src.Decision),
				Detail: src.DecisionReason, Who: src.DecisionBy})
		}
	}
	for _, h := range th.History {
		v.History = append(v.History, ThreadStep{When: h.At, Kind: learning.StatusLabel(h.Status), Title: learning.RatingLabel(h.Rating),
			Detail: h.Reason, Who: h.ActorName})
	}
	updatesOf := updatesByAction(th.Updates)
	actionsOf, evidenceOf := map[int64][]learning.Action{}, map[int64][]learning.Evidence{}
	for _, a := range th.Actions {
		actionsOf[a.RecommendationID] = append(actionsOf[a.RecommendationID], a)
	}
	for _, e := range th.Evidence {
		evidenceOf[e.RecommendationID] = append(evidenceOf[e.RecommendationID], e)
	}
	recs := map[int64][]ThreadRecommendation{}
	for _, rec := range th.Recommendations {
		tr := ThreadRecommendation{Href: paths.Recommendation(slug, rec.ID), Title: rec.Title, Owner: rec.OwnerOrgName, Due: rec.DueOn,
			Status: learning.RecommendationStatusLabel(rec.Status), Overdue: rec.Overdue(today)}
		for _, a := range actionsOf[rec.ID] {
			step := ThreadStep{When: a.CreatedAt, Kind: "Action for " + a.OrganisationName, Title: a.Description,
				Detail: "Due " + date(a.DueOn)}
			if a.Overdue(today) {
				step.Flag = "Overdue"
			}
			tr.Actions = append(tr.Actions, step)
			tr.Actions = append(tr.Actions, updatesOf[a.ID]...)
		}
		for _, e := range evidenceOf[rec.ID] {
			step := evidenceStep(e)
			step.Kind = "Evidence: " + step.Kind
			tr.Impact = append(tr.Impact, step)
		}
		tr.EvidenceDue = rec.EvidenceDue(today, len(tr.Impact))
		recs[*rec.CommissionID] = append(recs[*rec.CommissionID], tr)
	}
	for _, c := range th.Commissions {
		tc := ThreadCommission{Href: paths.Commission(slug, c.ID), Title: c.Title,
			Status: learning.CommissionStatusLabel(c.Status), Friends: personNames(c.Friends), Starts: c.StartsOn, Due: c.DueOn,
			Recommendations: recs[c.ID]}
		if c.Findings != "" {
			tc.Findings = markdown.Render(c.Findings)
		}
		v.Commissions = append(v.Commissions, tc)
	}
	return v
}

// updateStep is a progress update on an action, as a step of a thread.
func updateStep(u learning.Update) ThreadStep {
	kind := "Progress"
	if u.Done {
		kind = "Done"
	}
	return ThreadStep{When: u.At, Kind: kind, Detail: u.Progress, Who: u.AuthorName}
}

// evidenceStep is evidence of impact, as a step of a thread.
func evidenceStep(e learning.Evidence) ThreadStep {
	return ThreadStep{When: e.EvidenceOn, Kind: learning.EvidenceLabel(e.Kind), Title: learning.RatingLabel(e.Rating),
		Detail: e.Summary, Who: e.AddedByName}
}

// NewTrainingNeeds is the list of open training needs raised by recommendations, or of closed
// ones; manage (access.MoveTrainingNeed) adds to each open need the forms that move it on
// (planned, commissioned, delivered) and close it.
func NewTrainingNeeds(slug string, closed bool, needs []learning.TrainingNeed, manage bool) TrainingNeedsView {
	v := TrainingNeedsView{Closed: closed, Rows: make([]TrainingNeedRow, 0, len(needs)), OtherHref: paths.ClosedTrainingNeeds(slug)}
	if closed {
		v.OtherHref = paths.TrainingNeeds(slug)
	}
	for _, n := range needs {
		row := TrainingNeedRow{Description: n.Description, Recommendation: n.RecommendationTitle, Theme: n.ThemeTitle,
			Status: training.NeedStatuses.Label(n.Status), Raised: n.CreatedAt, Field: training.NeedField(n.ID), Version: n.Version,
			ClosedNote: n.ClosedNote, ClosedAt: n.ClosedAt}
		if n.ThemeID != 0 { // a local CSPR's, scrutiny's or an audit's recommendation has no theme
			row.ThemeHref = paths.Theme(slug, n.ThemeID)
		}
		if n.ClosedReason != "" {
			row.Closed = training.CloseReasons.Label(n.ClosedReason)
		} else if manage {
			row.CloseAction, row.CloseField, row.CloseNoteField = paths.TrainingNeedClose(slug, n.ID), training.CloseField(n.ID), training.CloseNoteField(n.ID)
			row.CloseReasons = append([]Option{{Value: "", Label: "Choose why"}}, Choices(training.CloseReasons)...)
			if i := slices.IndexFunc(training.NeedStatuses, func(c app.Choice) bool { return c.Value == n.Status }); i >= 0 && i+1 < len(training.NeedStatuses) {
				row.MoveAction, row.Next = paths.TrainingNeedStatus(slug, n.ID), Choices(training.NeedStatuses[i+1:])
			}
		}
		v.Rows = append(v.Rows, row)
	}
	return v
}

// NewTriage is the triage form of KLOE request requestID at version: the themes not yet closed,
// and the recent meetings it may have been decided at.
func NewTriage(slug string, requestID int64, version int, themes []learning.Theme, recent []meetings.Meeting) TriageView {
	tv := TriageView{Action: paths.Triage(slug, requestID), Version: version,
		Themes: []Option{{Value: "", Label: "Choose a theme"}}, Meetings: meetingOptions(recent)}
	for _, t := range themes {
		if t.Status != "closed" {
			tv.Themes = append(tv.Themes, Option{Value: strconv.FormatInt(t.ID, 10), Label: t.Title})
		}
	}
	return tv
}

// NewCommissionForm is the form to commission learning on theme t, from the partnership's
// organisations and its pool of critical friends.
func NewCommissionForm(slug string, t learning.Theme, orgs []partnership.Organisation, friends []learning.Person) CommissionFormView {
	return CommissionFormView{ThemeTitle: t.Title, Action: paths.ThemeCommissions(slug, t.ID), Methods: Choices(learning.Methods),
		Organisations: OrganisationChoices(orgs), Friends: learningPeople(friends)}
}

// NewCommissionRows is the list of commissioned learning.
func NewCommissionRows(slug string, list []learning.Commission) []CommissionRow {
	rows := make([]CommissionRow, 0, len(list))
	for _, c := range list {
		rows = append(rows, CommissionRow{Href: paths.Commission(slug, c.ID), Title: c.Title, Theme: c.ThemeTitle,
			Status: learning.CommissionStatusLabel(c.Status), Due: c.DueOn, Friends: personNames(c.Friends)})
	}
	return rows
}

// CommissionFindingsValues are the values of commission c's findings form as saved.
func CommissionFindingsValues(c learning.Commission) url.Values {
	return url.Values{"findings": {c.Findings}, "version": {strconv.Itoa(c.Version)}}
}

// WithCommissionFindings is f, a form posted from commission c's page, with the findings form as
// saved unless it was the form posted.
func WithCommissionFindings(f Form, c learning.Commission) Form {
	if _, posted := f.Values["findings"]; !posted {
		for k, v := range CommissionFindingsValues(c) {
			f.Values[k] = v
		}
	}
	return f
}

// NewCommissionPage is a commission with what has been written into it (w), with overdue
// milestones and recommendations flagged as of today. canWrite shows the forms of its critical
// friends and the Engine Room, canManage the sign-off.
func NewCommissionPage(slug string, c learning.Commission, w learning.CommissionWork, orgs []partnership.Organisation,
	canWrite, canManage bool, today time.Time) CommissionPageView {
	var methods []string
	for _, m := range c.Methods {
		methods = append(methods, learning.MethodLabel(m))
	}
	v := CommissionPageView{Title: c.Title, ThemeTitle: c.ThemeTitle, ThemeHref: paths.Theme(slug, c.ThemeID),
		Status: learning.CommissionStatusLabel(c.Status), KeyLines: c.KeyLines, Methods: strings.Join(methods, ", "),
		Organisations: strings.Join(c.Organisations, ", "), Participants: c.Participants, Friends: personNames(c.Friends),
		Starts: c.StartsOn, Due: c.DueOn, Orgs: OrganisationChoices(orgs, Option{Value: "", Label: "Choose the organisation"}),
		MilestonesAction: paths.CommissionMilestones(slug, c.ID), NotesAction: paths.CommissionNotes(slug, c.ID),
		FindingsAction: paths.CommissionFindings(slug, c.ID), RecommendationsAction: paths.CommissionRecommendations(slug, c.ID),
		SignOffAction: paths.CommissionSignOff(slug, c.ID),
		CanWrite:      canWrite,
		CanManage:     canManage,
		Open:          c.Status != "signed_off",
		HasFindings:   strings.TrimSpace(c.Findings) != ""}
	if v.HasFindings {
		v.Findings = markdown.Render(c.Findings)
	}
	for _, n := range w.Notes {
		v.Notes = append(v.Notes, NoteView{Kind: learning.NoteKinds.Label(n.Kind), Body: n.Body, Author: n.AuthorName, When: n.CreatedAt})
	}
	for _, m := range w.Milestones {
		v.Milestones = append(v.Milestones, MilestoneView{Title: m.Title, Due: m.DueOn, Done: m.DoneOn, Overdue: m.Overdue(today),
			DoneHref: paths.MilestoneDone(slug, c.ID, m.ID)})
	}
	v.Recs = RecommendationRows(slug, w.Recommendations, today)
	return v
}

// RecommendationStatusForm is the status form of recommendation rec as saved.
func RecommendationStatusForm(rec learning.RecommendationDetail) Form {
	return NewForm(url.Values{"rec_status": {rec.Status}})
}

// NewRecommendationPage is a recommendation with its actions, their progress, the challenge
// session and the evidence of impact, flagged as of today; orgs are who may take an action.
// canManage shows the forms.
func NewRecommendationPage(slug string, rec learning.RecommendationDetail, orgs []partnership.Organisation, canManage bool,
	today time.Time) RecommendationPageView {
	id := rec.ID
	v := RecommendationPageView{Title: rec.Title, Commission: rec.Source, Owner: rec.OwnerOrgName, Due: rec.DueOn,
		Status: learning.RecommendationStatusLabel(rec.Status), Overdue: rec.Overdue(today),
		Orgs: OrganisationChoices(orgs, Option{Value: "", Label: "Choose the organisation"}), Version: rec.Version,
		StatusAction: paths.RecommendationStatus(slug, id), ActionsAction: paths.RecommendationActions(slug, id),
		ChallengesAction: paths.RecommendationChallenges(slug, id), EvidenceAction: paths.RecommendationEvidence(slug, id),
		CanManage:     canManage,
		Statuses:      Choices(learning.RecommendationStatuses),
		EvidenceKinds: Choices(learning.EvidenceKinds, Option{Value: "", Label: "Choose the kind of evidence"}),
		Ratings:       Choices(learning.Ratings)}
	switch {
	case rec.CommissionID != nil:
		v.CommissionHref = paths.Commission(slug, *rec.CommissionID)
	case rec.CSPRID != nil:
		v.CommissionHref = paths.LocalReview(slug, *rec.CSPRID)
	case rec.ScrutinyID != nil:
		v.CommissionHref = paths.ScrutinyReport(slug, *rec.ScrutinyID)
	case rec.AssuranceID != nil:
		v.CommissionHref = paths.AssuranceRound(slug, *rec.AssuranceID)
	case rec.CaseAuditID != nil:
		v.CommissionHref = paths.CaseAudit(slug, *rec.CaseAuditID)
	}
	for _, c := range rec.Challenges {
		v.Challenges = append(v.Challenges, ThreadStep{When: c.HeldOn, Kind: c.OrganisationName, Detail: c.WhatChanged, Who: c.AddedByName})
	}
	updatesOf := updatesByAction(rec.Updates)
	for _, a := range rec.Actions {
		v.Actions = append(v.Actions, ActionView{ID: a.ID, Org: a.OrganisationName, Description: a.Description, Due: a.DueOn,
			Done: a.Status == "done", Overdue: a.Overdue(today), UpdateHref: paths.ActionUpdates(slug, id, a.ID), Updates: updatesOf[a.ID]})
	}
	for _, e := range rec.Evidence {
		v.Evidence = append(v.Evidence, evidenceStep(e))
	}
	v.EvidenceDue = rec.EvidenceDue(today, len(rec.Evidence))
	return v
}

// PageTitle is the recommendation's title cut to 60 characters, for the page's title.
func (v RecommendationPageView) PageTitle() string {
	if len([]rune(v.Title)) > 60 {
		return string([]rune(v.Title)[:60]) + "…"
	}
	return v.Title
}

// updatesByAction groups progress updates under their action, each in the order given.
func updatesByAction(updates []learning.Update) map[int64][]ThreadStep {
	of := map[int64][]ThreadStep{}
	for _, u := range updates {
		of[u.ActionID] = append(of[u.ActionID], updateStep(u))
	}
	return of
}
