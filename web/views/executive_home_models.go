package views

import (
	"time"

	"github.com/scp-portal/portal/internal/overview"
	"github.com/scp-portal/portal/internal/reports"
	"github.com/scp-portal/portal/web/paths"
)

// ExecutiveLinks are the access policy's answers for the Executive's home view: a figure or item
// links to where it is only when the person may follow the link. The body's meetings and log
// addresses are "" for those who may not read them.
type ExecutiveLinks struct {
	MeetingsHref, LogHref string
	Reports               bool // access.ViewReport
	Register              bool // access.ViewReviewRegister
	Scrutiny              bool // access.ViewScrutinyReports
}

// ExecutiveHome is what needs a member of the Executive now.
type ExecutiveHome struct {
	BodyName     string
	Next         *NextMeeting
	MeetingsHref string
	LogHref      string
	Actions      []ExecutiveAction // the first few, overdue first
	OpenActions  int               // all the person's open actions, of which Overdue are overdue
	Overdue      int
	// ActionsHref and OverdueHref are the decisions log filtered to the person's actions, and to
	// those of them overdue: where the counts of their actions link; "" for those who may not
	// read the log.
	ActionsHref, OverdueHref string
	// Challenges awaiting the person: to respond to for their partner, or raised by them and not
	// yet closed.
	Challenges []ExecutiveChallenge
	// Approvals: local CSPRs whose reviewer or publication awaits the Executive's approval; and
	// what awaits the person's own sign-off for a partner.
	Approvals    []LocalReviewRow
	SignOffs     []AwaitingRow
	AtRisk       int // rapid reviews at risk of missing the statutory deadline
	Open         int // open rapid reviews
	RegisterHref string
	Report       *ExceptionAtAGlance
	// Scrutiny are the latest reports independent scrutiny issued; ScrutinyHref lists them all.
	Scrutiny     []HighlightRow
	ScrutinyHref string
}

// NextMeeting is the Executive's next meeting and when its papers reach the members.
type NextMeeting struct {
	Title     string
	HeldOn    time.Time
	PapersOn  time.Time
	PapersOut bool   // the papers have reached the members
	Href      string // the meeting's page, with its papers; "" for those who may not open it
}

// ExecutiveAction is one of the person's own open actions from the Executive's decisions log.
type ExecutiveAction struct {
	Text    string
	Meeting string
	Due     time.Time
	Overdue bool
	Href    string // the log, filtered to the person's actions; "" for those who may not read it
}

// ExecutiveChallenge is a challenge awaiting the person, with what it waits for.
type ExecutiveChallenge struct {
	Title   string
	Href    string
	Due     time.Time
	Waiting string
	Overdue bool
}

// ExceptionAtAGlance is the latest submitted exception report and its critical success factors.
type ExceptionAtAGlance struct {
	Period    string
	Submitted time.Time
	Href      string   // "" for those who may not read reports
	Headings  []string // "Factor", then the quarters
	Factors   []FactorTrend
}

// FactorTrend is one critical success factor: evidence rated green of all recorded, per quarter.
type FactorTrend struct {
	Title  string
	Points []reports.Point
}

// NewExecutiveHome is the Executive's part of the home view in partnership slug, from e and the
// rapid reviews rs (nil when not read), with links only where can allows.
func NewExecutiveHome(slug string, e *overview.Executive, rs *overview.Reviews, today time.Time, can ExecutiveLinks) *ExecutiveHome {
	if e == nil {
		return nil
	}
	v := &ExecutiveHome{BodyName: e.Body.Name, MeetingsHref: can.MeetingsHref, LogHref: can.LogHref}
	if m := e.Next; m != nil {
		v.Next = &NextMeeting{Title: m.Title, HeldOn: m.HeldOn, PapersOn: e.PapersOn, PapersOut: !e.PapersOn.After(today)}
		if can.MeetingsHref != "" {
			v.Next.Href = paths.MeetingAt(can.MeetingsHref, m.ID)
		}
	}
	v.OpenActions, v.Overdue = e.Actions.Open, e.Actions.Overdue
	for _, a := range e.Actions.First {
		row := ExecutiveAction{Text: a.Text, Meeting: a.MeetingTitle, Due: a.DueOn, Overdue: a.Status(today) == "overdue"}
		if can.LogHref != "" {
			row.Href = paths.Query(can.LogHref, "owner", itoa64(a.OwnerID))
		}
		v.Actions = append(v.Actions, row)
		if can.LogHref != "" {
			v.ActionsHref = paths.Query(can.LogHref, "owner", itoa64(a.OwnerID))
			v.OverdueHref = paths.Query(can.LogHref, "owner", itoa64(a.OwnerID), "status", "overdue")
		}
	}
	if rs != nil {
		v.AtRisk, v.Open = len(rs.AtRisk), rs.Open
		for _, l := range rs.Local {
			if lr := NewLocalReviewRow(slug, l); lr != nil && (lr.AwaitingApproval || lr.AwaitingPublication) {
				v.Approvals = append(v.Approvals, *lr)
			}
		}
	}
	if can.Register {
		v.RegisterHref = paths.Reviews(slug)
	}
	for _, c := range e.Challenges {
		row := ExecutiveChallenge{Title: c.Summary, Href: paths.Challenge(slug, c.ID), Due: c.DueOn, Overdue: c.Status == "open" && c.DueOn.Before(today)}
		switch {
		case c.Respond:
			row.Waiting = "your organisation's response"
		case c.Status == "responded":
			row.Waiting = "your closing: it has been answered"
		default:
			row.Waiting = "the response"
		}
		v.Challenges = append(v.Challenges, row)
	}
	v.SignOffs = NewAwaitingRows(slug, e.SignOffs)
	for _, sr := range e.Scrutiny {
		l := HighlightRow{Text: sr.Title + ", issued " + sr.IssuedAt.In(london).Format("2 January 2006")}
		if can.Scrutiny {
			l.Href = paths.ScrutinyReport(slug, sr.ID)
		}
		v.Scrutiny = append(v.Scrutiny, l)
	}
	if can.Scrutiny {
		v.ScrutinyHref = paths.ScrutinyReports(slug)
	}
	if r := e.Report; r != nil {
		g := &ExceptionAtAGlance{Period: r.Period.Label, Submitted: r.SubmittedAt, Headings: []string{"Factor"}}
		if can.Reports {
			g.Href = paths.Report(slug, r.ID)
		}
		for _, ch := range r.Figures.Sections[reports.SectionSuccess].Charts {
			if len(g.Headings) == 1 {
				for _, p := range ch.Points {
					g.Headings = append(g.Headings, p.Label)
				}
			}
			g.Factors = append(g.Factors, FactorTrend{Title: ch.Title, Points: ch.Points})
		}
		v.Report = g
	}
	return v
}
