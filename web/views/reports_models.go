package views

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/scp-portal/portal/internal/challenges"
	"github.com/scp-portal/portal/internal/markdown"
	"github.com/scp-portal/portal/internal/reports"
	"github.com/scp-portal/portal/internal/signoff"
	"github.com/scp-portal/portal/web/paths"
)

// ReportRow is a report in the list.
type ReportRow struct {
	Href        string
	Title       string
	Status      string
	Colour      string
	SubmittedAt *time.Time
	Versions    int
}

// ReportsView is the partnership's reports, with the forms to start one.
type ReportsView struct {
	Rows           []ReportRow
	CanWrite       bool // may start an exception report
	CanWriteYearly bool // may start a yearly report
	Action         string
	Periods        []Option // quarters that have begun and have no report yet, newest first
	Years          []Option // reporting years that have begun and have no yearly report yet, newest first
}

// reportColours are the colours of the tags of a report's statuses.
var reportColours = map[string]string{reports.Draft: "yellow", reports.Submitted: "green"}

// NewReportsPage lists the reports; the exception report's form offers the quarter today falls in
// and the three before it that have no report yet, the yearly report's form the reporting year
// (starting in the partnership's month m) and the two before it. canWrite and canWriteYearly show the forms.
func NewReportsPage(slug string, list []reports.Listed, today time.Time, m reports.YearStart, canWrite, canWriteYearly bool) ReportsView {
	current := reports.QuarterOf(today)
	v := ReportsView{CanWrite: canWrite, CanWriteYearly: canWriteYearly, Action: paths.Reports(slug)}
	have := map[string]bool{}
	for _, r := range list {
		k, _ := reports.KindOf(r.Kind)
		p, _ := k.ParsePeriod(r.Period, reports.YearStart(r.PeriodStart.Month()))
		have[r.Kind+" "+r.Period] = true
		v.Rows = append(v.Rows, ReportRow{Href: paths.Report(slug, r.ID), Title: k.Label + ": " + p.Label,
			Status: reports.Statuses.Label(r.Status), Colour: reportColours[r.Status], SubmittedAt: r.SubmittedAt, Versions: r.Versions})
	}
	for q, i := current, 0; i < 4; q, i = q.Prev(), i+1 {
		if !have[reports.Exception.Value+" "+q.Key()] {
			v.Periods = append(v.Periods, Option{Value: q.Key(), Label: q.Period().Label})
		}
	}
	for y, i := reports.YearOf(today, m), 0; i < 3; y, i = y-1, i+1 {
		if p := y.Period(m); !have[reports.Yearly.Value+" "+p.Key] {
			v.Years = append(v.Years, Option{Value: p.Key, Label: p.Label})
		}
	}
	return v
}

// FigureRow is one figure of a section: Href is empty for those who may not open its records.
type FigureRow struct {
	Label string
	Value string
	Href  string
}

// HighlightRow is one record a section names.
type HighlightRow struct {
	Text string
	Href string
}

// ReportSectionView is one section of a report.
type ReportSectionView struct {
	ID         int64
	Key        string
	Title      string
	Prompt     string
	Narrative  markdown.Sanitised
	UpdatedBy  string
	UpdatedAt  *time.Time
	Figures    []FigureRow
	Charts     []ChartView
	Highlights []HighlightRow
	Action     string             // where the narrative is posted
	Version    string             // the version the narrative form saves over
	CanWrite   bool               // the report is a draft and the person may write this section
	NoRecords  string             // for a section whose records the portal does not hold: that its narrative gives them
	Paragraph  markdown.Sanitised // the narrative's first paragraph, for the summary
	Headlines  []FigureRow        // the figures the summary carries
	// ChallengeHref raises a challenge on the section: a submitted exception report's, for
	// those who may raise one.
	ChallengeHref string
}

// CheckRow is one item of the checklist a report must meet.
type CheckRow struct {
	Text    string
	Section string
	Href    string // the section on the report's page
	Met     bool
	Missing []string
}

// ReportVersionRow is an earlier submitted version in the list of versions.
type ReportVersionRow struct {
	Href        string
	Number      int
	SubmittedAt time.Time
	SubmittedBy string
	ReopenedAt  time.Time
	ReopenedBy  string
	Reason      string
}

// ReportView is a report: its sections with their figures and narratives.
type ReportView struct {
	Title         string // "Exception report: Quarter 3 of 2026-27 (October to December 2026)"
	Partnership   string
	Status        string
	Colour        string
	Live          bool // a draft: the figures are drawn from the records now
	AsAt          time.Time
	Chair         string
	SubmittedAt   *time.Time
	SubmittedBy   string
	Number        int // an earlier version's number; 0 for the report as it is
	Version       int
	Sections      []ReportSectionView
	Versions      []ReportVersionRow
	Kind          string // the kind's label: "Yearly report"
	Cover         string // the partnership, and whom the paper is for, on its cover
	SentTo        string // whom the report goes to once submitted
	Period        string // the period's label
	CanWrite      bool   // a draft the person may write and submit
	CanReopen     bool   // a submitted report the person may reopen
	Checks        []CheckRow
	Unmet         int  // checklist items not yet met
	NoImpact      bool // the checklist's item on impact on children and families is not met: flagged before the report goes out
	ChecklistHref string
	SummaryHref   string
	Href          string
	PrintHref     string
	CSVHref       string
	SubmitHref    string
	ReopenHref    string
	Publication   *ReportPublication // a published kind, once submitted (ReportView.Publish)
	Public        bool               // the public's copy (ReportView.PublicReport)
}

// ReportAccess says which lists of records the person may open, by reports' list names: a
// figure links to its records only for those who may follow the link.
type ReportAccess map[string]bool

// ReportRights are the access policy's answers on writing a report: the report itself (start,
// submit, reopen) and each of its sections, by key.
type ReportRights struct {
	Report    bool
	Sections  map[string]bool
	Challenge bool // may raise a challenge on a section of a submitted exception report
}

// NewReportPage is report r as the person sees it, with what they may write of it.
func NewReportPage(slug, partnershipName string, r reports.Report, may ReportAccess, rights ReportRights, f Form) ReportView {
	draft := r.Status == reports.Draft && r.Number == 0
	v := ReportView{Title: r.Kind.Label + ": " + r.Period.Label, Partnership: partnershipName, Status: reports.Statuses.Label(r.Status),
		Colour: reportColours[r.Status], Live: r.Live, AsAt: r.Figures.AsAt, Chair: r.Chair, SubmittedAt: r.SubmittedAt,
		SubmittedBy: r.SubmittedBy, Number: r.Number, Version: r.Version, Kind: r.Kind.Label, Period: r.Period.Label,
		CanWrite: rights.Report && draft, CanReopen: rights.Report && r.Status == reports.Submitted && r.Number == 0,
		ChecklistHref: paths.ReportChecklist(slug, r.ID), SummaryHref: paths.ReportSummary(slug, r.ID),
		Href: paths.Report(slug, r.ID), PrintHref: paths.ReportPrint(slug, r.ID), CSVHref: paths.ReportCSV(slug, r.ID),
		SubmitHref: paths.ReportSubmit(slug, r.ID), ReopenHref: paths.ReportReopen(slug, r.ID)}
	if r.Number != 0 {
		v.Title += " (version " + strconv.Itoa(r.Number) + ")"
		v.PrintHref = paths.Query(paths.ReportVersion(slug, r.ID, r.Number), "print", "1")
	}
	v.Cover, v.SentTo = partnershipName, r.Kind.SentTo
	if r.Kind == reports.Exception {
		v.Cover += ": paper for the Executive"
	}
	for _, s := range r.Sections {
		sv := ReportSectionView{ID: s.ID, Key: s.Key, Title: s.Title, Prompt: s.Prompt, Narrative: markdown.Render(s.Narrative),
			UpdatedBy: s.UpdatedBy, UpdatedAt: s.UpdatedAt, Action: paths.ReportSection(slug, r.ID, s.Key), Version: strconv.Itoa(s.Version),
			CanWrite: draft && rights.Sections[s.Key], NoRecords: s.NoRecords, Paragraph: markdown.Render(reports.FirstParagraph(s.Narrative))}
		if rights.Challenge && r.Kind == reports.Exception && r.Status == reports.Submitted && r.Number == 0 {
			sv.ChallengeHref = paths.ChallengeOn(slug, challenges.ReportSectionKind, s.ID)
		}
		if f.Value("section") == s.Key && f.Value("version") != "" {
			sv.Version = f.Value("version")
		}
		for _, fg := range s.Figures.Figures {
			value := strconv.Itoa(fg.Value)
			if fg.Of != 0 {
				value += " of " + strconv.Itoa(fg.Of)
			}
			row := FigureRow{Label: fg.Label, Value: value, Href: recordsHref(slug, fg.Records, may)}
			sv.Figures = append(sv.Figures, row)
			if slices.Contains(r.Kind.Headlines, fg.Key) {
				sv.Headlines = append(sv.Headlines, row)
			}
		}
		for _, c := range s.Figures.Charts {
			sv.Charts = append(sv.Charts, NewChart("chart-"+c.Key, c.Title, c.Measure, c.Whole, c.Points, recordsHref(slug, c.Records, may)))
		}
		for _, h := range s.Figures.Highlights {
			sv.Highlights = append(sv.Highlights, HighlightRow{Text: h.Text, Href: recordsHref(slug, h.Records, may)})
		}
		if len(sv.Highlights) > 0 || len(s.Figures.Figures) > 0 {
			sv.NoRecords = "" // the portal's records give the section's figures
		}
		v.Sections = append(v.Sections, sv)
	}
	for _, c := range r.Checklist() {
		v.Checks = append(v.Checks, CheckRow{Text: c.Text, Section: c.SectionTitle, Href: paths.ReportSectionAnchor(slug, r.ID, c.Section),
			Met: c.Met, Missing: c.Missing})
		if !c.Met {
			v.Unmet++
			v.NoImpact = v.NoImpact || c.Key == reports.ItemImpact
		}
	}
	for _, ver := range r.Versions {
		v.Versions = append(v.Versions, ReportVersionRow{Href: paths.ReportVersion(slug, r.ID, ver.Number), Number: ver.Number,
			SubmittedAt: ver.SubmittedAt, SubmittedBy: ver.SubmittedBy, ReopenedAt: ver.ReopenedAt, ReopenedBy: ver.ReopenedBy, Reason: ver.Reason})
	}
	return v
}

// ReportForm is the report's narratives as saved, one field a section, overlaid with what was
// posted (the section whose save was refused keeps what its writer typed).
func ReportForm(r reports.Report, posted Form) Form {
	f := NewForm(nil)
	for _, s := range r.Sections {
		f.Values.Set(NarrativeField(s.Key), s.Narrative)
	}
	for k, vs := range posted.Values {
		f.Values[k] = vs
	}
	f.Errors = posted.Errors
	return f
}

// NarrativeField is the name of a section's narrative on the report's page.
func NarrativeField(key string) string { return reports.NarrativeField(key) }

// recordsHref is where the records behind a figure are listed, filtered where the list has the
// filter, or "" for someone who may not open them. Lists without the filter (the commissions,
// the reviews) are linked whole; recommendations have no list of their own yet, so their figures
// lead to the commissions they come from.
func recordsHref(slug string, rc reports.Records, may ReportAccess) string {
	if !may[rc.List] {
		return ""
	}
	q := url.Values{}
	switch rc.List {
	case reports.ListInbox:
		if rc.Kind != "" {
			q.Set("kind", rc.Kind)
		}
		dateFilter(q, "from", rc.From)
		dateFilter(q, "to", rc.To)
		return paths.WithValues(paths.Inbox(slug), q)
	case reports.ListThemes:
		if rc.ID != 0 {
			return paths.Theme(slug, rc.ID)
		}
		if rc.Status != "" {
			q.Set("status", rc.Status)
		}
		return paths.WithValues(paths.Themes(slug), q)
	case reports.ListCommissions, reports.ListRecommendations:
		if rc.ID != 0 && rc.List == reports.ListCommissions {
			return paths.Commission(slug, rc.ID)
		}
		return paths.Commissions(slug)
	case reports.ListReviews:
		return paths.Reviews(slug)
	case reports.ListTraining:
		return paths.TrainingCourses(slug)
	case reports.ListCaseAudits:
		if rc.ID != 0 {
			return paths.CaseAuditResults(slug, rc.ID)
		}
		return paths.CaseAudits(slug)
	case reports.ListAssurance:
		if rc.ID != 0 {
			return paths.AssuranceResults(slug, rc.ID)
		}
		return paths.Assurance(slug)
	}
	return ""
}

func dateFilter(q url.Values, name string, d *time.Time) {
	if d != nil {
		q.Set(name+"-day", strconv.Itoa(d.Day()))
		q.Set(name+"-month", strconv.Itoa(int(d.Month())))
		q.Set(name+"-year", strconv.Itoa(d.Year()))
	}
}

// ReportCSV is the report's tables as rows for a CSV file: a heading row, then each figure and
// each point of each chart, section by section. The download escapes formulas (server.writeCSV).
func ReportCSV(r reports.Report) [][]string {
	rows := [][]string{{"Section", "Figure", "Period", "Value", "Of"}}
	of := func(n int) string {
		if n == 0 {
			return ""
		}
		return strconv.Itoa(n)
	}
	for _, s := range r.Sections {
		for _, fg := range s.Figures.Figures {
			rows = append(rows, []string{s.Title, fg.Label, r.Period.Key, strconv.Itoa(fg.Value), of(fg.Of)})
		}
		for _, c := range s.Figures.Charts {
			for _, p := range c.Points {
				rows = append(rows, []string{s.Title, c.Title + ": " + strings.ToLower(c.Measure), p.Label, strconv.Itoa(p.Value), strconv.Itoa(p.Of)})
			}
		}
	}
	return rows
}

// ReportFilename is the name a downloaded report's tables are saved under.
func ReportFilename(slug string, r reports.Report) string {
	return slug + "-" + r.Kind.Value + "-report-" + r.Period.Key + ".csv"
}

// checklistCount says how much of the checklist the report meets: "8 of 10 items met".
func checklistCount(v ReportView) string {
	return strconv.Itoa(len(v.Checks)-v.Unmet) + " of " + strconv.Itoa(len(v.Checks)) + " items met"
}

// ReportPublication is where a published kind of report (the yearly report) stands once
// submitted: its sign-off by the statutory partners, its publication, and the days it was sent to
// the national Panel and the What Works centre, each due SendWithin working days after publication.
type ReportPublication struct {
	SignOff     SignOffPanel
	PublishHref string // for the business unit once every partner has signed
	SentHref    string // for the business unit once published
	PublishedOn *time.Time
	PublicHref  string
	SendDue     time.Time
	Overdue     bool // not yet sent everywhere by the day it was due
	PanelOn     *time.Time
	WhatWorksOn *time.Time
}

// Publish adds to v where report r stands with the statutory partners (so) and its publication;
// signFor are the partners the person signs for, canWrite whether they may publish it. A report
// being signed off or published is no longer offered for reopening once published.
func (v *ReportView) Publish(slug string, r reports.Report, so reports.SignOff, signFor []Option, canWrite bool, sendDue, today time.Time) {
	if !r.Kind.Published || r.Status != reports.Submitted || r.Number != 0 {
		return
	}
	status := so.State.Status()
	p := &ReportPublication{SignOff: NewSignOffPanel(so.State, paths.ReportStep(slug, r.ID, "sign"), signFor, "this report for publication"),
		PublishedOn: r.PublishedOn, PanelOn: r.SentToPanelOn, WhatWorksOn: r.SentToWhatWorksOn}
	switch {
	case r.PublishedOn != nil:
		v.Status, v.Colour = "Published "+date(*r.PublishedOn), "green"
		p.PublicHref, p.SendDue = paths.PublicYearlyReport(slug, r.Period.Key), sendDue
		p.Overdue = today.After(sendDue) && (r.SentToPanelOn == nil || r.SentToWhatWorksOn == nil)
		v.CanReopen = false
		if canWrite {
			p.SentHref = paths.ReportStep(slug, r.ID, "sent")
		}
	case status == signoff.SignedOff:
		v.Status, v.Colour = "Signed off by every partner: ready to publish", "green"
		if canWrite {
			p.PublishHref = paths.ReportStep(slug, r.ID, "publish")
		}
	case status == signoff.Open:
		v.Status, v.Colour = "Awaiting sign-off by the statutory partners", "yellow"
	}
	v.Publication = p
}

// PublicReport makes v the public's view of a published report: no names of who wrote or
// submitted it, and no links into the records.
func (v *ReportView) PublicReport(publishedOn time.Time) {
	v.Status, v.Colour, v.SubmittedBy = "Published "+date(publishedOn), "green", ""
	v.Public = true
	for i := range v.Sections {
		v.Sections[i].UpdatedBy, v.Sections[i].UpdatedAt = "", nil
	}
}

// sentOn says when a report was sent somewhere, or that it has not been yet.
func sentOn(t *time.Time) string {
	if t == nil {
		return "Not recorded yet"
	}
	return date(*t)
}
