package views

import (
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/assurance"
	"github.com/scp-portal/portal/internal/learning"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/web/paths"
)

// RatingTag is a rating as a tag: its word with its colour, never the colour alone.
type RatingTag struct {
	Text   string
	Colour string
}

// ratingTag is the tag of a rating ("" is "Not rated", grey).
func ratingTag(r string) RatingTag {
	colour := map[string]string{"red": "red", "amber": "yellow", "green": "green"}[r]
	if colour == "" {
		colour = "grey"
	}
	return RatingTag{Text: assurance.RatingLabel(r), Colour: colour}
}

// ReturnStatusTag is where a return is on day today, as a tag: late when past the deadline and
// not submitted.
func returnStatusTag(r assurance.Return, today time.Time) RatingTag {
	switch {
	case r.Submitted() && r.SubmittedLate():
		return RatingTag{Text: "Submitted late", Colour: "yellow"}
	case r.Submitted():
		return RatingTag{Text: "Submitted", Colour: "green"}
	case r.Late(today):
		return RatingTag{Text: "Late: " + assurance.Statuses.Label(r.Status), Colour: "red"}
	}
	return RatingTag{Text: assurance.Statuses.Label(r.Status), Colour: "grey"}
}

// AssuranceFrameworkRow is a framework in the list.
type AssuranceFrameworkRow struct {
	Href       string
	Name       string
	LatestYear int
}

// AssuranceRoundRow is a round in a list.
type AssuranceRoundRow struct {
	Href       string
	Framework  string
	Year       int
	DueOn      time.Time
	Returned   string // "3 of 6 (50%)"
	Late       int
	Categories string
}

func assuranceRoundRows(slug string, rounds []assurance.Round) []AssuranceRoundRow {
	rows := make([]AssuranceRoundRow, 0, len(rounds))
	for _, r := range rounds {
		rows = append(rows, AssuranceRoundRow{Href: paths.AssuranceRound(slug, r.ID), Framework: r.FrameworkName, Year: r.Year,
			DueOn: r.DueOn, Returned: returned(r), Late: r.Late, Categories: joinWords(r.CategoryNames())})
	}
	return rows
}

// returned is how many of a round's returns are in, with the completion rate.
func returned(r assurance.Round) string {
	return fmt.Sprintf("%d of %d (%d%%)", r.Submitted, r.Returns, r.Completion())
}

func joinWords(list []string) string {
	s := ""
	for i, w := range list {
		switch {
		case i == 0:
		case i == len(list)-1:
			s += " and "
		default:
			s += ", "
		}
		s += w
	}
	return s
}

// AssuranceHomeView is the partnership's frameworks and rounds.
type AssuranceHomeView struct {
	Frameworks []AssuranceFrameworkRow
	Rounds     []AssuranceRoundRow
	NewHref    string // the business unit's link to define a framework
}

// NewAssuranceHome lists frameworks and a page of rounds; newHref is empty for readers.
func NewAssuranceHome(slug string, frameworks []assurance.Framework, rounds []assurance.Round, newHref string) AssuranceHomeView {
	v := AssuranceHomeView{Rounds: assuranceRoundRows(slug, rounds), NewHref: newHref}
	for _, f := range frameworks {
		v.Frameworks = append(v.Frameworks, AssuranceFrameworkRow{Href: paths.AssuranceFramework(slug, f.ID), Name: f.Name, LatestYear: f.LatestYear})
	}
	return v
}

// AssuranceVersionRow is a year's version of a framework.
type AssuranceVersionRow struct {
	Href   string
	Year   int
	Locked bool
}

// AssuranceFrameworkView is a framework's years and rounds, with the business unit's form to
// start next year's version.
type AssuranceFrameworkView struct {
	Name          string
	Versions      []AssuranceVersionRow
	Rounds        []AssuranceRoundRow
	CanManage     bool
	NewVersionURL string
}

// NewAssuranceFramework is framework f with its versions and rounds.
func NewAssuranceFramework(slug string, f assurance.Framework, versions []assurance.Version, rounds []assurance.Round, canManage bool) AssuranceFrameworkView {
	v := AssuranceFrameworkView{Name: f.Name, Rounds: assuranceRoundRows(slug, rounds), CanManage: canManage,
		NewVersionURL: paths.AssuranceNewVersion(slug, f.ID)}
	for _, ver := range versions {
		v.Versions = append(v.Versions, AssuranceVersionRow{Href: paths.AssuranceVersion(slug, ver.ID), Year: ver.Year, Locked: ver.Locked()})
	}
	return v
}

// NextYearForm is the form to start next year's version, proposing the year after the latest.
func NextYearForm(f assurance.Framework, posted Form) Form {
	if posted.Values != nil {
		return posted
	}
	return NewForm(url.Values{"year": {strconv.Itoa(f.LatestYear + 1)}})
}

// AssuranceStandardRow is a standard as a version's page shows it.
type AssuranceStandardRow struct {
	Number    int
	Title     string
	Questions []string
	Evidence  string
	EditHref  string // the business unit's, while no round is open on the version
}

// AssuranceVersionView is a year's version: its standards, and while no round is open on it the
// business unit's forms to add a standard; the form to open a round.
type AssuranceVersionView struct {
	Framework     string
	FrameworkHref string
	Year          int
	Locked        bool
	Standards     []AssuranceStandardRow
	CanManage     bool
	AddURL        string
	OpenURL       string
	Categories    []Option
}

// NewAssuranceVersion is version v with its standards; canManage shows the business unit's forms.
func NewAssuranceVersion(slug string, v assurance.Version, list []assurance.Standard, canManage bool) AssuranceVersionView {
	view := AssuranceVersionView{Framework: v.FrameworkName, FrameworkHref: paths.AssuranceFramework(slug, v.FrameworkID), Year: v.Year,
		Locked: v.Locked(), CanManage: canManage, AddURL: paths.AssuranceStandards(slug, v.ID), OpenURL: paths.AssuranceOpenRound(slug, v.ID),
		Categories: Choices(partnership.Categories)}
	for i, st := range list {
		row := AssuranceStandardRow{Number: i + 1, Title: st.Title, Questions: st.QuestionLines(), Evidence: st.Evidence}
		if canManage && !v.Locked() {
			row.EditHref = paths.AssuranceStandard(slug, st.ID)
		}
		view.Standards = append(view.Standards, row)
	}
	return view
}

// AssuranceStandardForm is a standard's form as saved, with what was posted over it.
func AssuranceStandardForm(st assurance.Standard, posted Form) Form {
	return overSaved(url.Values{"title": {st.Title}, "questions": {st.Questions}, "evidence": {st.Evidence},
		"version": {strconv.Itoa(st.Version)}}, posted)
}

// overSaved is a record's saved values with what was posted (and its problems) over them.
func overSaved(q url.Values, posted Form) Form {
	for k, v := range posted.Values {
		q[k] = v
	}
	f := NewForm(q)
	f.Errors = posted.Errors
	return f
}

// AssuranceReturnSummary is what every page that shows a return says of it: whose it is, on
// which framework and year, when due, its lead ("No lead named" until one is), where it stands on
// day today and when it was submitted. A return's row in a list and the return's own page both
// begin with it.
type AssuranceReturnSummary struct {
	Organisation string
	Framework    string
	Year         int
	DueOn        time.Time
	Lead         string
	Status       RatingTag
	SubmittedAt  *time.Time
}

func assuranceReturnSummary(r assurance.Return, today time.Time) AssuranceReturnSummary {
	lead := r.LeadName
	if lead == "" {
		lead = "No lead named"
	}
	return AssuranceReturnSummary{Organisation: r.OrganisationName, Framework: r.FrameworkName, Year: r.Year, DueOn: r.DueOn, Lead: lead,
		Status: returnStatusTag(r, today), SubmittedAt: r.SubmittedAt}
}

// AssuranceReturnRow is a return in a round's list or the lead's own list.
type AssuranceReturnRow struct {
	Href string
	AssuranceReturnSummary
}

func assuranceReturnRows(slug string, list []assurance.Return, today time.Time) []AssuranceReturnRow {
	rows := make([]AssuranceReturnRow, 0, len(list))
	for _, r := range list {
		rows = append(rows, AssuranceReturnRow{Href: paths.AssuranceReturn(slug, r.ID), AssuranceReturnSummary: assuranceReturnSummary(r, today)})
	}
	return rows
}

// AssuranceRoundView is a round: who has returned, who is late, and the business unit's chase.
type AssuranceRoundView struct {
	Framework     string
	FrameworkHref string
	Year          int
	Categories    string
	OpenedOn      time.Time
	DueOn         time.Time
	Returned      string
	Late          int
	Returns       []AssuranceReturnRow
	ResultsHref   string
	ChaseURL      string // the business unit's, once some are late
	NotSubmitted  bool   // the list shows only returns not submitted
	AllHref       string
	WaitingHref   string
	Actions       []RecommendationRow // agreed on the results, tracked as learning's
	AgreeURL      string              // the business unit's form to agree one
	Orgs          []Option
}

// NewAssuranceRound is round r with a page of its returns and the actions agreed on it as of
// today; orgs are the business unit's choices of owner.
func NewAssuranceRound(slug string, r assurance.Round, list []assurance.Return, actions []learning.Recommendation, orgs []Option,
	canManage, notSubmitted bool, today time.Time) AssuranceRoundView {
	v := AssuranceRoundView{Framework: r.FrameworkName, FrameworkHref: paths.AssuranceFramework(slug, r.FrameworkID), Year: r.Year,
		Categories: joinWords(r.CategoryNames()), OpenedOn: r.OpenedOn, DueOn: r.DueOn, Returned: returned(r), Late: r.Late,
		Returns: assuranceReturnRows(slug, list, today), ResultsHref: paths.AssuranceResults(slug, r.ID), NotSubmitted: notSubmitted,
		AllHref: paths.AssuranceRound(slug, r.ID), WaitingHref: paths.Query(paths.AssuranceRound(slug, r.ID), "waiting", "1")}
	if canManage && r.Late > 0 {
		v.ChaseURL = paths.AssuranceChase(slug, r.ID)
	}
	v.Actions = RecommendationRows(slug, actions, today)
	if canManage {
		v.AgreeURL, v.Orgs = paths.AssuranceActions(slug, r.ID), orgs
	}
	return v
}

// AssuranceMyReturnsView is the returns a person leads.
type AssuranceMyReturnsView struct {
	Returns []AssuranceReturnRow
}

// NewAssuranceMyReturns lists the returns a person leads as of today.
func NewAssuranceMyReturns(slug string, list []assurance.Return, today time.Time) AssuranceMyReturnsView {
	return AssuranceMyReturnsView{Returns: assuranceReturnRows(slug, list, today)}
}

// AssuranceAnswerView is one standard of a return: the question, and the lead's answer.
type AssuranceAnswerView struct {
	Number        int
	Title         string
	Questions     []string
	Expected      string
	Rating        RatingTag
	Evidence      string
	Actions       string
	RatingField   string
	EvidenceField string
	ActionsField  string
	Challenges    []AssuranceChallengeView
}

// AssuranceChallengeView is a challenge of a rating with the organisation's response; RespondURL
// is the lead's form while it awaits one.
type AssuranceChallengeView struct {
	ID          string
	Challenge   string
	RaisedBy    string
	RaisedAt    time.Time
	Response    string
	RespondedBy string
	RespondedAt *time.Time
	RespondURL  string
	Field       string // the response's form field (assurance.ResponseField)
}

// AssuranceReturnView is a return: read by those who oversee it, completed by its lead, its lead
// named by the business unit.
type AssuranceReturnView struct {
	AssuranceReturnSummary
	RoundHref    string // for those who read the round
	Answers      []AssuranceAnswerView
	CanComplete  bool
	SaveURL      string
	Version      int
	CanNameLead  bool
	LeadURL      string
	Leads        []Option
	Ratings      []Option
	ChallengeURL string   // for those who challenge ratings, once submitted
	Standards    []Option // the standards, for the challenge form
}

// ReturnAbilities are what the person reading a return may do with it, as the policy decides.
type ReturnAbilities struct {
	ReadsRound bool         // the link back to the round
	Complete   bool         // the lead: save and submit, and answer challenges
	Challenge  bool         // challenge a rating once submitted
	Leads      []app.Choice // non-nil for the business unit: the form naming the lead
}

// NewAssuranceReturn is return r with its answers and challenges as of today, with the forms can
// allows.
func NewAssuranceReturn(slug string, r assurance.Return, answers []assurance.Answer, challenges []assurance.Challenge, can ReturnAbilities, today time.Time) AssuranceReturnView {
	readsRound, canComplete, leads := can.ReadsRound, can.Complete, can.Leads
	v := AssuranceReturnView{AssuranceReturnSummary: assuranceReturnSummary(r, today), CanComplete: canComplete && !r.Submitted(),
		SaveURL: paths.AssuranceReturn(slug, r.ID), Version: r.Version, CanNameLead: leads != nil && !r.Submitted(),
		LeadURL: paths.AssuranceReturnLead(slug, r.ID), Leads: Choices(leads, Option{Value: "", Label: "Choose the lead"}),
		Ratings: Choices(assurance.Ratings)}
	if readsRound {
		v.RoundHref = paths.AssuranceRound(slug, r.RoundID)
	}
	if can.Challenge && r.Submitted() {
		v.ChallengeURL = paths.AssuranceChallenges(slug, r.ID)
		v.Standards = []Option{{Value: "", Label: "Choose the standard"}}
	}
	byStandard := map[int64][]AssuranceChallengeView{}
	for _, c := range challenges {
		cv := AssuranceChallengeView{ID: strconv.FormatInt(c.ID, 10), Challenge: c.Challenge, RaisedBy: c.RaisedBy, RaisedAt: c.RaisedAt,
			Response: c.Response, RespondedBy: c.RespondedBy, RespondedAt: c.RespondedAt, Field: assurance.ResponseField(c.ID)}
		if canComplete && !c.Answered() {
			cv.RespondURL = paths.AssuranceChallenge(slug, r.ID, c.ID)
		}
		byStandard[c.StandardID] = append(byStandard[c.StandardID], cv)
	}
	for i, a := range answers {
		v.Answers = append(v.Answers, AssuranceAnswerView{Number: i + 1, Title: a.Title, Questions: a.QuestionLines(), Expected: a.Standard.Evidence,
			Rating: ratingTag(a.Rating.Rating), Evidence: a.Rating.Evidence, Actions: a.Rating.Actions,
			RatingField: assurance.RatingField(a.ID), EvidenceField: assurance.EvidenceField(a.ID), ActionsField: assurance.ActionsField(a.ID),
			Challenges: byStandard[a.ID]})
		if v.ChallengeURL != "" {
			v.Standards = append(v.Standards, Option{Value: strconv.FormatInt(a.ID, 10), Label: strconv.Itoa(i+1) + ". " + a.Title})
		}
	}
	return v
}

// ResponseForm is the form of the response to challenge id: what was posted (and its problems)
// when it was this challenge's, an empty form otherwise.
func ResponseForm(f Form, id string) Form {
	if f.Value("challenge_id") == id {
		return f
	}
	return NewForm(nil)
}

// AssuranceReturnForm is the return's answers as saved, with what was posted over them.
func AssuranceReturnForm(r assurance.Return, answers []assurance.Answer, posted Form) Form {
	q := url.Values{"version": {strconv.Itoa(r.Version)}}
	if r.LeadID != nil {
		q.Set("lead", strconv.FormatInt(*r.LeadID, 10))
	}
	for _, a := range answers {
		q.Set(assurance.RatingField(a.ID), a.Rating.Rating)
		q.Set(assurance.EvidenceField(a.ID), a.Rating.Evidence)
		q.Set(assurance.ActionsField(a.ID), a.Rating.Actions)
	}
	return overSaved(q, posted)
}

// AssuranceResultRow is one standard's ratings in the round and in the earlier one.
type AssuranceResultRow struct {
	Number            int
	Title             string
	Red, Amber, Green int
	Before            string // "1 red, 1 amber, 0 green", or "Not in the earlier round"
	Change            RatingTag
}

// AssuranceMatrixRow is one organisation's ratings, standard by standard.
type AssuranceMatrixRow struct {
	Href         string
	Organisation string
	Status       RatingTag
	Ratings      []RatingTag // empty until submitted
}

// AssuranceResultsView is a round's results: completion, each standard's ratings and change
// from the earlier round, and a page of the matrix of standards by organisation.
type AssuranceResultsView struct {
	Framework string
	Year      int
	RoundHref string
	Returned  string
	Earlier   string // "the 2025 round", or "" when there is none
	Standards []AssuranceResultRow
	Headings  []string // the matrix's column headings: the organisation, then each standard
	Matrix    []AssuranceMatrixRow
}

// NewAssuranceResults is the view of results res as of today.
func NewAssuranceResults(slug string, res assurance.Results, today time.Time) AssuranceResultsView {
	v := AssuranceResultsView{Framework: res.Round.FrameworkName, Year: res.Round.Year, RoundHref: paths.AssuranceRound(slug, res.Round.ID),
		Returned: returned(res.Round), Headings: []string{"Organisation"}}
	if res.Earlier != nil {
		v.Earlier = fmt.Sprintf("the %d round", res.Earlier.Year)
	}
	changes := map[string]RatingTag{"better": {"Better", "green"}, "worse": {"Worse", "red"}, "same": {"No change", "grey"}}
	for i, st := range res.Standards {
		row := AssuranceResultRow{Number: i + 1, Title: st.Title, Red: st.Now.Red, Amber: st.Now.Amber, Green: st.Now.Green,
			Before: "Not in the earlier round", Change: RatingTag{Text: "Not compared", Colour: "grey"}}
		switch {
		case res.Earlier == nil:
			row.Before = "No earlier round"
		case st.Before != nil:
			row.Before = fmt.Sprintf("%d red, %d amber, %d green", st.Before.Red, st.Before.Amber, st.Before.Green)
		}
		if c, ok := changes[assurance.Change(st.Now, st.Before)]; ok {
			row.Change = c
		}
		v.Standards = append(v.Standards, row)
		v.Headings = append(v.Headings, "Standard "+strconv.Itoa(i+1))
	}
	for _, r := range res.Matrix.Rows {
		row := AssuranceMatrixRow{Href: paths.AssuranceReturn(slug, r.ID), Organisation: r.OrganisationName, Status: returnStatusTag(r.Return, today)}
		for _, rating := range r.Ratings {
			row.Ratings = append(row.Ratings, ratingTag(rating))
		}
		v.Matrix = append(v.Matrix, row)
	}
	return v
}
