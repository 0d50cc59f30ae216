package views

import (
	"strings"
	"time"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/overview"
	"github.com/scp-portal/portal/web/paths"
)

// roleIntroductions name the roles a person holds as the home view introduces them, the most
// senior or specific first. Practitioner is left out: every member may raise requests, which the
// sentence says as an ability, and names as a role only for someone who holds no other.
var roleIntroductions = []struct {
	role access.Role
	name string
}{
	{access.Executive, "an Executive member"}, {access.Scrutiny, "an independent scrutineer"},
	{access.EngineRoom, "an Engine Room member"}, {access.BusinessUnit, "a business unit officer"},
	{access.CriticalFriend, "a critical friend"}, {access.SystemAdmin, "a system administrator"},
}

// RolesSentence introduces a person by their roles: "You are signed in as an Executive member
// and an Engine Room member. You can also raise requests." Someone who is only a practitioner is
// "signed in as a practitioner".
func RolesSentence(rs access.Roles) string {
	var names []string
	for _, r := range roleIntroductions {
		if rs.Has(r.role) {
			names = append(names, r.name)
		}
	}
	switch {
	case len(names) == 0 && rs.Has(access.Practitioner):
		return "You are signed in as a practitioner. You can raise requests and follow what happens to them."
	case len(names) == 0:
		return "You are signed in."
	}
	s := "You are signed in as " + names[0]
	if n := len(names); n > 1 {
		s = "You are signed in as " + strings.Join(names[:n-1], ", ") + " and " + names[n-1]
	}
	s += "."
	if rs.Has(access.Practitioner) {
		s += " You can also raise requests."
	}
	return s
}

// Task is one thing a person must do now, as the home view's task list shows it: a link only
// where they may follow it, and a status tag saying how much or how soon.
type Task struct {
	Title  string
	Href   string // "" when the person may not follow it: Hint then says who to contact
	Hint   string
	Status string
	Colour string // the tag's colour: "red" overdue or at risk, "yellow" due soon, "" (blue) otherwise
}

// TaskLinks are the access policy's answers for the links of a person's task list.
type TaskLinks struct {
	Inbox       bool // access.ViewInbox
	Learning    bool // access.ViewLearning: themes, commissions, training needs
	Commissions bool // access.ListCommissions of their own (a critical friend)
	Reports     bool // access.ViewReport
	Assurance   bool // access.ViewAssurance
	Meetings    bool // access.ViewMeetings
	Scrutiny    bool // access.ViewScrutinyReports
	Users       bool // access.ManageUser
	Publishing  bool // access.ManageDocuments
}

// dueStatus is a status tag for something due in days working days (negative when past).
func dueStatus(days int) (string, string) {
	switch {
	case days < 0:
		return "Overdue", "red"
	case days == 0:
		return "Due today", "red"
	case days == 1:
		return "Due in 1 working day", "yellow"
	case days <= 5:
		return "Due in " + itoa(days) + " working days", "yellow"
	}
	return "Due in " + itoa(days) + " working days", ""
}

// NewTasks lists what the person (of roles) must do now in partnership slug, from their home
// view h, each task linking only where can allows. The learning loop's and the rapid reviews'
// tasks are the Engine Room's: others who see those figures (the business unit, scrutiny) read
// them below the list. The Executive's tasks (ExecutiveTasks) and the reviews of
// published documents (DocumentReviewTasks) are added by the caller, which reads them.
func NewTasks(slug string, roles access.Roles, h overview.Home, can TaskLinks) []Task {
	var ts []Task
	link := func(may bool, href string) string {
		if may {
			return href
		}
		return ""
	}
	engineRoom := roles.Has(access.EngineRoom)
	if c := h.Learning; c != nil && engineRoom {
		if c.AwaitingTriage > 0 {
			// The inbox's KLOEs, newest first: those awaiting triage are received or being considered,
			// which no one status of its filter holds.
			ts = append(ts, Task{Title: "Triage Key Line of Enquiry requests", Href: link(can.Inbox, paths.Inbox(slug)+"?kind=kloe"),
				Status: itoa(c.AwaitingTriage) + " to triage"})
		}
	}
	if rs := h.Reviews; rs != nil && engineRoom && rs.CanOpen && rs.Open > 0 {
		t := Task{Title: "Complete the open rapid reviews within 15 working days", Href: link(rs.CanRegister, paths.Reviews(slug)),
			Status: itoa(rs.Open) + " open"}
		if n := len(rs.AtRisk); n > 0 {
			t.Status, t.Colour = itoa(n)+" at risk", "red"
			if n == 1 {
				t.Href = paths.Review(slug, rs.AtRisk[0].ID)
				t.Hint = rs.AtRisk[0].Reference + " is due " + date(rs.AtRisk[0].DueOn)
			}
		}
		ts = append(ts, t)
	}
	if c := h.Learning; c != nil && engineRoom {
		if c.RecommendationsOverdue > 0 {
			ts = append(ts, Task{Title: "Chase recommendations past their due date", Href: link(can.Learning, paths.Commissions(slug)),
				Status: itoa(c.RecommendationsOverdue) + " overdue", Colour: "red"})
		}
		if c.ActionsOverdue > 0 {
			ts = append(ts, Task{Title: "Chase agencies' actions past their due date",
				Href:   link(can.Learning, paths.Query(paths.Recommendations(slug), "concern", "actions_overdue")),
				Status: itoa(c.ActionsOverdue) + " overdue", Colour: "red"})
		}
		if c.EvidenceDue > 0 {
			ts = append(ts, Task{Title: "Record evidence of the impact of recommendations",
				Href:   link(can.Learning, paths.Query(paths.Recommendations(slug), "concern", "evidence_due")),
				Status: itoa(c.EvidenceDue) + " due"})
		}
		if c.TrainingNeeds > 0 {
			ts = append(ts, Task{Title: "Plan training for the needs identified", Href: link(can.Learning, paths.TrainingNeeds(slug)),
				Status: itoa(c.TrainingNeeds) + " to plan"})
		}
	}
	if pe := h.People; pe != nil && pe.PendingApprovals > 0 { // the business unit's
		ts = append(ts, Task{Title: "Approve practitioners' registrations", Href: link(can.Users, paths.Users(slug)+"?status=pending"),
			Hint: "Their e-mail domain is not one of the partnership's organisations.", Status: itoa(pe.PendingApprovals) + " to approve"})
	}
	t := h.Tasks
	if t == nil {
		return ts
	}
	if t.ReturnsOutstanding > 0 {
		st, col := dueStatus(t.RoundsDays)
		ts = append(ts, Task{Title: "Chase agencies' self-assessment returns", Href: link(can.Assurance, paths.Assurance(slug)),
			Hint: plural(t.ReturnsOutstanding, "return", "returns") + " not submitted, in " + plural(t.RoundsToChase, "round", "rounds"), Status: st, Colour: col})
	}
	if p := t.Papers; p != nil {
		st, col := dueStatus(p.DaysLeft)
		ts = append(ts, Task{Title: "Get the papers ready for " + p.Title, Href: link(can.Meetings, paths.MeetingAt(paths.BodyMeetings(slug, p.BodyID), p.MeetingID)),
			Hint: "They reach the members on " + date(p.ReleaseOn) + ", for the meeting on " + date(p.HeldOn) + ".", Status: st, Colour: col})
	}
	if t.Commissions > 0 { // a critical friend's
		st, col := dueStatus(t.CommissionDays)
		ts = append(ts, Task{Title: "Finish the active learning you were commissioned for", Href: link(can.Commissions, paths.Commissions(slug)),
			Hint: plural(t.Commissions, "commission", "commissions") + " not yet signed off", Status: st, Colour: col})
	}
	if t.ReportsToRead > 0 { // independent scrutiny's
		ts = append(ts, Task{Title: "Read the reports submitted to the Executive this quarter", Href: link(can.Reports, paths.Reports(slug)),
			Status: itoa(t.ReportsToRead) + " to read"})
	}
	if t.ScrutinyDrafts > 0 {
		st, col := dueStatus(t.ScrutinyDays)
		ts = append(ts, Task{Title: "Finish and issue your scrutiny reports", Href: link(can.Scrutiny, paths.ScrutinyReports(slug)),
			Hint: plural(t.ScrutinyDrafts, "report", "reports") + " in draft", Status: st, Colour: col})
	}
	if t.Drafts > 0 { // every member's
		ts = append(ts, Task{Title: "Finish and send your draft requests", Href: paths.MySubmissions(slug),
			Status: plural(t.Drafts, "draft", "drafts")})
	}
	return ts
}

// ExecutiveTasks are a member of the Executive's tasks: the exception report to review, the
// approvals and sign-offs awaiting them, the rapid reviews at risk of missing 15 working days (a
// link to the register only when they may read it, else who to contact: chair, the Engine Room's
// chair) and their own overdue actions.
func ExecutiveTasks(e *ExecutiveHome, chair *ChairView, today time.Time) []Task {
	if e == nil {
		return nil
	}
	var ts []Task
	if r := e.Report; r != nil && today.Sub(r.Submitted) <= 92*24*time.Hour {
		ts = append(ts, Task{Title: "Review the exception report for " + r.Period, Href: r.Href,
			Hint: "Submitted " + date(r.Submitted.In(london)) + ".", Status: "To review"})
	}
	for _, a := range e.Approvals {
		what := "Approve the reviewer of " + a.Reference
		if !a.AwaitingApproval {
			what = "Approve the publication of " + a.Reference
		}
		ts = append(ts, Task{Title: what, Href: a.Href, Status: "To approve"})
	}
	for _, s := range e.SignOffs {
		ts = append(ts, Task{Title: "Sign off " + s.Title, Href: s.Href, Hint: "For " + s.For + ", proposed " + date(s.ProposedOn) + ".", Status: "To sign off"})
	}
	if e.AtRisk > 0 {
		t := Task{Title: "Rapid reviews at risk of missing 15 working days", Href: e.RegisterHref,
			Status: itoa(e.AtRisk) + " at risk", Colour: "red"}
		if t.Href == "" {
			t.Hint = "Ask the Engine Room's chair about them"
			if chair != nil && chair.Current != "" {
				t.Hint = "Ask the Engine Room's chair (" + chair.Current + ") about them"
			}
			t.Hint += ": the reviews themselves are open to the Engine Room only."
		}
		ts = append(ts, t)
	}
	if e.Overdue > 0 {
		ts = append(ts, Task{Title: "Complete your actions from the Executive's decisions", Href: e.LogHref,
			Status: itoa(e.Overdue) + " overdue", Colour: "red"})
	}
	return ts
}

// DocumentReviewTasks is the business unit's task of reviewing the published documents due for
// review, rows as NewDocumentReviews lists them.
func DocumentReviewTasks(slug string, rows []DocumentReviewRow, may bool) []Task {
	if len(rows) == 0 {
		return nil
	}
	t := Task{Title: "Review the published documents due for review", Status: plural(len(rows), "due", "due")}
	if may {
		t.Href = paths.Publishing(slug)
	}
	overdue := 0
	for _, r := range rows {
		if r.Overdue {
			overdue++
		}
	}
	if overdue > 0 {
		t.Status, t.Colour = itoa(overdue)+" overdue", "red"
	}
	if len(rows) == 1 {
		t.Title, t.Href = "Review "+rows[0].Title, rows[0].Href
		if !may {
			t.Href = ""
		}
		t.Hint = "Review due " + date(rows[0].Due) + "."
	}
	return []Task{t}
}
