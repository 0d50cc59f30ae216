package views

import (
	"net/url"
	"strconv"
	"time"

	"github.com/scp-portal/portal/internal/challenges"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/web/paths"
)

// challengeTags colour a challenge's status: waiting on the addressee, on the challenger, done,
// gone higher.
var challengeTags = map[string]string{"open": "yellow", "responded": "", "answered": "green", "escalated": "red"}

// challengeSubject names the record a challenge is about by its kind, and by its name or else its
// number.
func challengeSubject(c challenges.Challenge) string {
	kind := challenges.SubjectChoices().Label(c.SubjectKind)
	if c.SubjectName != "" {
		return kind + ": " + c.SubjectName
	}
	return kind + " (number " + strconv.FormatInt(c.SubjectID, 10) + ")"
}

// ChallengeAddressees are who a challenge may be addressed to: the Engine Room and the
// partnership's organisations, after first (a prompt, or "Anyone" in a filter).
func ChallengeAddressees(orgs []partnership.Organisation, first Option) []Option {
	return OrganisationChoices(orgs, first, Option{Value: challenges.EngineRoom, Label: "Engine Room"})
}

// ChallengeFilterForm is the log's filter as asked in the query.
func ChallengeFilterForm(q url.Values) Form {
	return NewForm(url.Values{"status": {q.Get("status")}, "addressee": {q.Get("addressee")}})
}

// NewChallengesView is the log's page: its rows, its filters and the link to older challenges
// when the page is full (query is the filter, kept). newHref is "" for those who may not raise one.
func NewChallengesView(slug string, list []challenges.Challenge, orgs []partnership.Organisation, query url.Values, newHref string, today time.Time) ChallengesView {
	statuses := append(Choices(challenges.Statuses, Option{Value: "", Label: "Any status"}),
		Option{Value: challenges.Overdue, Label: "Overdue responses"})
	v := ChallengesView{Action: paths.Challenges(slug), NewHref: newHref, Statuses: statuses,
		Addressees: ChallengeAddressees(orgs, Option{Value: "", Label: "Anyone"})}
	for _, c := range list {
		v.Rows = append(v.Rows, ChallengeRow{Href: paths.Challenge(slug, c.ID), Summary: c.Summary, Subject: challengeSubject(c),
			Addressee: c.Addressee, RaisedBy: c.RaisedBy, RaisedOn: c.RaisedAt, DueOn: c.DueOn, Overdue: c.IsOverdue(today),
			Status: challenges.Statuses.Label(c.Status), StatusTag: challengeTags[c.Status]})
	}
	v.OlderHref = olderPage(paths.Challenges(slug), ChallengeFilterForm(query).Values, list, challenges.LogPage,
		func(c challenges.Challenge) int64 { return c.ID })
	return v
}

// NewChallengeForm is the form to raise a challenge, addressed to the partnership's organisations
// or the Engine Room.
func NewChallengeForm(slug string, orgs []partnership.Organisation) ChallengeFormView {
	return ChallengeFormView{Action: paths.Challenges(slug),
		Kinds:      Choices(challenges.SubjectChoices(), Option{Value: "", Label: "Choose what it is about"}),
		Addressees: ChallengeAddressees(orgs, Option{Value: "", Label: "Choose who must respond"})}
}

// ChallengeFormValues are the form's first values: the record named in the query (a page's
// "Raise a challenge" link) and the suggested due date.
func ChallengeFormValues(q url.Values, due time.Time) Form {
	return NewForm(url.Values{"subject_kind": {q.Get("subject_kind")}, "subject_id": {q.Get("subject_id")},
		"due_on-day": {due.Format("2")}, "due_on-month": {due.Format("1")}, "due_on-year": {due.Format("2006")}})
}

// NewChallengePage is challenge c's page; canRespond and canClose are the policy's answers for
// the person, which the page offers only while the challenge is at a stage that takes them.
func NewChallengePage(slug string, c challenges.Challenge, canRespond, canClose bool, today time.Time) ChallengePageView {
	v := ChallengePageView{Summary: c.Summary, Detail: c.Detail, Subject: challengeSubject(c),
		SubjectHref: paths.ChallengeSubject(slug, c.SubjectKind, c.SubjectID), Addressee: c.Addressee, RaisedBy: c.RaisedBy,
		RaisedOn: c.RaisedAt, DueOn: c.DueOn, Overdue: c.IsOverdue(today), Status: challenges.Statuses.Label(c.Status),
		StatusTag: challengeTags[c.Status], Version: c.Version, Outcomes: Choices(challenges.Outcomes), LogHref: paths.Challenges(slug)}
	if c.RespondedAt != nil {
		v.Response = &ThreadStep{When: *c.RespondedAt, Who: c.RespondedBy, Kind: "Response of " + c.Addressee, Detail: c.Response}
	}
	if c.ClosedAt != nil {
		v.Closing = &ThreadStep{When: *c.ClosedAt, Who: c.ClosedBy, Kind: challenges.Statuses.Label(c.Status), Detail: c.ClosingNote}
	}
	if canRespond && c.Status == "open" {
		v.RespondHref = paths.ChallengeRespond(slug, c.ID)
	}
	if canClose && !c.Closed() {
		v.CloseHref = paths.ChallengeClose(slug, c.ID)
	}
	return v
}
