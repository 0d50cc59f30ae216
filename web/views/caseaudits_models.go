package views

import (
	"net/url"
	"strconv"
	"time"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/caseaudits"
	"github.com/scp-portal/portal/internal/learning"
	"github.com/scp-portal/portal/web/paths"
)

// gradeTag is a grade as a tag: its words with a colour, never the colour alone ("" is not
// graded yet).
func gradeTag(g string) RatingTag {
	colour := map[string]string{"outstanding": "green", "good": "green", "requires_improvement": "yellow", "inadequate": "red"}[g]
	if colour == "" {
		return RatingTag{Text: "Not graded", Colour: "grey"}
	}
	return RatingTag{Text: caseaudits.Grades.Label(g), Colour: colour}
}

// caseAuditStatus is where an audit is, as a tag.
func caseAuditStatus(a caseaudits.Audit) RatingTag {
	if a.Completed() {
		return RatingTag{Text: "Completed", Colour: "green"}
	}
	return RatingTag{Text: "Grading and moderation", Colour: "yellow"}
}

// caseName is how a case is named on every page: by its number, never its reference.
func caseName(n int) string { return "Case " + strconv.Itoa(n) }

// CaseAuditRow is an audit in the list.
type CaseAuditRow struct {
	Href         string
	Title        string
	Reference    string
	ModerationOn time.Time
	Cases        int
	Status       RatingTag
}

// CaseAuditsView is the list of audits.
type CaseAuditsView struct {
	Rows    []CaseAuditRow
	NewHref string // the Engine Room's link to plan an audit; "" for others
	Own     bool   // the list is of the audits the reader audits
}

// NewCaseAudits is the list of audits.
func NewCaseAudits(slug string, list []caseaudits.Audit, canPlan, own bool) CaseAuditsView {
	v := CaseAuditsView{Own: own}
	if canPlan {
		v.NewHref = paths.NewCaseAudit(slug)
	}
	for _, a := range list {
		v.Rows = append(v.Rows, CaseAuditRow{Href: paths.CaseAudit(slug, a.ID), Title: a.Title, Reference: a.Reference(),
			ModerationOn: a.ModerationOn, Cases: a.Cases, Status: caseAuditStatus(a)})
	}
	return v
}

// CaseAuditFormView is the form to plan an audit.
type CaseAuditFormView struct {
	Action   string
	Agencies []Option
}

// NewCaseAuditForm is the form to plan an audit, the partnership's organisations to choose from.
func NewCaseAuditForm(slug string, agencies []Option) CaseAuditFormView {
	return CaseAuditFormView{Action: paths.CaseAudits(slug), Agencies: agencies}
}

// CaseAuditCaseRow is a case on the audit's page: its number, agency and progress, never its
// reference.
type CaseAuditCaseRow struct {
	Name         string
	Agency       string
	Agreed       string // "1 of 2 questions"
	GradeHref    string // the reader's grading of it, as an auditor
	ModerateHref string // the Engine Room's moderation of it
}

// CaseAuditAuditorRow is an auditor with how much they have graded.
type CaseAuditAuditorRow struct {
	Name         string
	Organisation string
	Graded       string
}

// CaseAuditFindingRow is a finding and the theme it raised or fed.
type CaseAuditFindingRow struct {
	Finding   string
	ThemeHref string
	Theme     string
	Raised    bool
}

// CaseAuditAbilities are what the reader may do on an audit, as the policy answered.
type CaseAuditAbilities struct {
	Manage     bool // the Engine Room: cases, auditors, moderation, completion, findings
	Grade      bool // an auditor of the audit
	References bool // may read the cases' references
}

// CaseAuditView is an audit's page.
type CaseAuditView struct {
	Title, Reference, Scope string
	ModerationOn            time.Time
	Status                  RatingTag
	Completed               bool
	Summary                 string
	Agencies                string
	Questions               []string
	Cases                   []CaseAuditCaseRow
	Auditors                []CaseAuditAuditorRow
	Findings                []CaseAuditFindingRow
	Recommendations         []RecommendationRow
	CasesHref, ResultsHref  string
	// The Engine Room's forms; "" when not shown.
	AuditorURL, CompleteURL, FindingURL, RecommendURL string
	AuditorChoices, Themes, Orgs                      []Option
	Moderated                                         bool
}

// NewCaseAudit is an audit's page for a reader who may do can.
func NewCaseAudit(slug string, d caseaudits.Detail, findings []caseaudits.Finding, recs []learning.Recommendation,
	can CaseAuditAbilities, auditors []app.Choice, themes []learning.Theme, orgs []Option, today time.Time) CaseAuditView {
	v := CaseAuditView{Title: d.Title, Reference: d.Reference(), Scope: d.Scope, ModerationOn: d.ModerationOn, Status: caseAuditStatus(d.Audit),
		Completed: d.Completed(), Summary: d.Summary, CasesHref: paths.CaseAuditCases(slug, d.ID), ResultsHref: paths.CaseAuditResults(slug, d.ID),
		Recommendations: RecommendationRows(slug, recs, today), Moderated: d.Moderated()}
	names := make([]string, 0, len(d.Agencies))
	for _, a := range d.Agencies {
		names = append(names, a.Name)
	}
	v.Agencies = joinWords(names)
	for _, q := range d.Questions {
		v.Questions = append(v.Questions, q.Text)
	}
	for _, c := range d.Cases {
		row := CaseAuditCaseRow{Name: caseName(c.Number), Agency: c.Agency,
			Agreed: strconv.Itoa(c.Agreed) + " of " + strconv.Itoa(len(d.Questions)) + " questions"}
		if can.Grade && !d.Completed() {
			row.GradeHref = paths.CaseAuditGrading(slug, d.ID, c.Number)
		}
		if can.Manage && !d.Completed() {
			row.ModerateHref = paths.CaseAuditModeration(slug, d.ID, c.Number)
		}
		v.Cases = append(v.Cases, row)
	}
	total := len(d.Cases) * len(d.Questions)
	for _, a := range d.Auditors {
		v.Auditors = append(v.Auditors, CaseAuditAuditorRow{Name: a.Name, Organisation: a.Organisation,
			Graded: strconv.Itoa(a.Graded) + " of " + strconv.Itoa(total) + " grades"})
	}
	for _, f := range findings {
		v.Findings = append(v.Findings, CaseAuditFindingRow{Finding: f.Finding, ThemeHref: paths.Theme(slug, f.ThemeID), Theme: f.ThemeTitle, Raised: f.Raised})
	}
	if !can.References {
		v.CasesHref = ""
	}
	if !can.Manage {
		return v
	}
	if d.Completed() {
		v.FindingURL, v.RecommendURL = paths.CaseAuditFindings(slug, d.ID), paths.CaseAuditRecommendations(slug, d.ID)
		v.Themes = []Option{{Value: "", Label: "None: the finding raises a new theme"}}
		for _, t := range themes {
			v.Themes = append(v.Themes, Option{Value: strconv.FormatInt(t.ID, 10), Label: t.Title})
		}
		v.Orgs = orgs
		return v
	}
	v.AuditorURL, v.CompleteURL = paths.CaseAuditAuditors(slug, d.ID), paths.CaseAuditComplete(slug, d.ID)
	v.AuditorChoices = Choices(app.Choices(auditors), Option{Value: "", Label: "Choose the auditor"})
	return v
}

// CaseAuditFormValues are the completion form's values as saved: the audit's version.
func CaseAuditFormValues(d caseaudits.Detail) url.Values {
	return url.Values{"version": {strconv.Itoa(d.Version)}}
}

// CaseReferenceRow is a case with its agency's reference: need-to-know.
type CaseReferenceRow struct {
	Name, Agency, Reference string
}

// CaseAuditCasesView is the page of the cases' references, with the Engine Room's form to add one.
type CaseAuditCasesView struct {
	Title, Reference, AuditHref string
	Cases                       []CaseReferenceRow
	AddURL                      string
	Agencies                    []Option
}

// NewCaseAuditCases is the page of the audit's cases with their references (refs, by number).
func NewCaseAuditCases(slug string, d caseaudits.Detail, refs map[int]string, canAdd bool) CaseAuditCasesView {
	v := CaseAuditCasesView{Title: d.Title, Reference: d.Reference(), AuditHref: paths.CaseAudit(slug, d.ID)}
	for _, c := range d.Cases {
		v.Cases = append(v.Cases, CaseReferenceRow{Name: caseName(c.Number), Agency: c.Agency, Reference: refs[c.Number]})
	}
	if canAdd && !d.Completed() {
		v.AddURL = paths.CaseAuditCases(slug, d.ID)
		v.Agencies = []Option{{Value: "", Label: "Choose the agency"}}
		for _, a := range d.Agencies {
			v.Agencies = append(v.Agencies, Option{Value: strconv.FormatInt(a.ID, 10), Label: a.Name})
		}
	}
	return v
}

// CaseGradeQuestion is one question of a case's grading or moderation form, with the auditors'
// grades when moderating.
type CaseGradeQuestion struct {
	Number        int
	Text          string
	GradeField    string
	NoteField     string
	AuditorGrades []CaseAuditorGrade
}

// CaseAuditorGrade is an auditor's grade of the case against a question, for the moderation
// meeting.
type CaseAuditorGrade struct {
	Auditor string
	Grade   RatingTag
	Note    string
}

// CaseGradesView is an auditor's grading of a case, or the moderation meeting's agreement of its
// grades.
type CaseGradesView struct {
	Moderation       bool
	Audit, Reference string
	AuditHref        string
	Case, Agency     string
	CaseReference    string // shown to those who may read it; "" otherwise
	Action           string
	Questions        []CaseGradeQuestion
	Grades           []Option
}

// NewCaseGrades is the grading form of case c (moderating: the agreed grades, with each auditor's).
func NewCaseGrades(slug string, d caseaudits.Detail, c caseaudits.Case, ref string, sheet caseaudits.Sheet, moderation bool) CaseGradesView {
	v := CaseGradesView{Moderation: moderation, Audit: d.Title, Reference: d.Reference(), AuditHref: paths.CaseAudit(slug, d.ID),
		Case: caseName(c.Number), Agency: c.Agency, CaseReference: ref, Action: paths.CaseAuditGrading(slug, d.ID, c.Number), Grades: Choices(caseaudits.Grades)}
	if moderation {
		v.Action = paths.CaseAuditModeration(slug, d.ID, c.Number)
	}
	for i, q := range d.Questions {
		row := CaseGradeQuestion{Number: i + 1, Text: q.Text, GradeField: caseaudits.GradeField(q.ID), NoteField: caseaudits.NoteField(q.ID)}
		if moderation {
			for _, a := range d.Auditors {
				g := sheet[caseaudits.Key{Number: c.Number, Question: q.ID, Auditor: a.UserID}]
				row.AuditorGrades = append(row.AuditorGrades, CaseAuditorGrade{Auditor: a.Name, Grade: gradeTag(g.Grade), Note: g.Note})
			}
		}
		v.Questions = append(v.Questions, row)
	}
	return v
}

// CaseGradesValues are a grading form's values as saved: the auditor's own grades (auditor), or
// the agreed ones (0), of case number.
func CaseGradesValues(d caseaudits.Detail, number int, sheet caseaudits.Sheet, auditor int64) url.Values {
	vals := url.Values{}
	for _, q := range d.Questions {
		if g, ok := sheet[caseaudits.Key{Number: number, Question: q.ID, Auditor: auditor}]; ok {
			vals.Set(caseaudits.GradeField(q.ID), g.Grade)
			vals.Set(caseaudits.NoteField(q.ID), g.Note)
		}
	}
	return vals
}

// CaseResultCell is one grade in the results: its tag and note.
type CaseResultCell struct {
	Grade RatingTag
	Note  string
}

// CaseResultRow is a question of a case in the results: the agreed grade and each auditor's.
type CaseResultRow struct {
	Question string
	Agreed   CaseResultCell
	Auditors []CaseResultCell
}

// CaseResultTable is one case's grades in the results.
type CaseResultTable struct {
	Case, Agency string
	Rows         []CaseResultRow
}

// CaseAuditResultsView is an audit's results: the agreed grades counted, the summary, and each
// case's grades by question, agreed and by auditor.
type CaseAuditResultsView struct {
	Title, Reference, AuditHref string
	Completed                   bool
	Summary                     string
	Overall                     []Option // each grade and how many agreed
	GoodOrBetter                int
	Headings                    []string // of each case's table: question, agreed, each auditor
	Cases                       []CaseResultTable
}

// NewCaseAuditResults is an audit's results.
func NewCaseAuditResults(slug string, res caseaudits.Results) CaseAuditResultsView {
	v := CaseAuditResultsView{Title: res.Title, Reference: res.Reference(), AuditHref: paths.CaseAudit(slug, res.ID), Completed: res.Completed(),
		Summary: res.Summary, GoodOrBetter: res.Overall.GoodOrBetter(), Headings: []string{"Question", "Agreed"}}
	counts := []int{res.Overall.Outstanding, res.Overall.Good, res.Overall.RequiresImprovement, res.Overall.Inadequate}
	for i, g := range caseaudits.Grades {
		v.Overall = append(v.Overall, Option{Value: g.Value, Label: g.Label, Count: counts[i]})
	}
	for _, a := range res.Auditors {
		v.Headings = append(v.Headings, a.Name)
	}
	for _, c := range res.Cases {
		t := CaseResultTable{Case: caseName(c.Number), Agency: c.Agency}
		for i, q := range res.Questions {
			agreed := res.Sheet[caseaudits.Key{Number: c.Number, Question: q.ID}]
			row := CaseResultRow{Question: strconv.Itoa(i+1) + ". " + q.Text, Agreed: CaseResultCell{Grade: gradeTag(agreed.Grade), Note: agreed.Note}}
			for _, a := range res.Auditors {
				g := res.Sheet[caseaudits.Key{Number: c.Number, Question: q.ID, Auditor: a.UserID}]
				row.Auditors = append(row.Auditors, CaseResultCell{Grade: gradeTag(g.Grade), Note: g.Note})
			}
			t.Rows = append(t.Rows, row)
		}
		v.Cases = append(v.Cases, t)
	}
	return v
}
