package views

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/meetings"
	"github.com/scp-portal/portal/internal/overview"
)

// Every person is introduced by their roles, the most senior first; raising requests is said as
// an ability, and "practitioner" is a role only for someone who holds no other.
func TestRolesSentence(t *testing.T) {
	member := access.Roles(access.Practitioner)
	for _, c := range []struct {
		roles access.Roles
		want  string
	}{
		{member, "You are signed in as a practitioner. You can raise requests and follow what happens to them."},
		{member.With(access.Executive), "You are signed in as an Executive member. You can also raise requests."},
		{member.With(access.EngineRoom).With(access.Executive), "You are signed in as an Executive member and an Engine Room member. You can also raise requests."},
		{member.With(access.BusinessUnit).With(access.CriticalFriend).With(access.Scrutiny),
			"You are signed in as an independent scrutineer, a business unit officer and a critical friend. You can also raise requests."},
		{access.Roles(access.SystemAdmin), "You are signed in as a system administrator."},
		{0, "You are signed in."},
	} {
		if got := RolesSentence(c.roles); got != c.want {
			t.Errorf("%v: %q; want %q", c.roles, got, c.want)
		}
	}
}

// The business unit may follow every page of the navigation: at most seven are top items, the
// work it does most first, and the rest are in the "More" menu, none lost. Someone with few pages
// has no "More" menu.
func TestNavShowsAtMostSevenTopItems(t *testing.T) {
	all := NavAbilities{Inbox: true, Reviews: true, Learning: true, Administer: true, Reports: true, Documents: true,
		Challenges: true, Disputes: true, Retention: true, Scrutiny: true, Assurance: true, CaseAudits: true, Training: true,
		Shared: true, Bulletins: true, Budget: true}
	nav := NewNav("hsscp", all)
	var top, more []string
	for _, l := range nav {
		if l.More {
			more = append(more, l.Label)
		} else {
			top = append(top, l.Label)
		}
	}
	t.Logf("top %v; more %v", top, more)
	if len(top) > MaxTopNav || len(more) == 0 || len(top)+len(more) != len(nav) {
		t.Fatalf("top %v, more %v", top, more)
	}
	for _, want := range []string{"Home", "Inbox", "People", "Documents", "Meetings"} {
		if !strings.Contains(","+strings.Join(top, ",")+",", ","+want+",") {
			t.Errorf("the business unit's top items %v lack %s", top, want)
		}
	}
	var buf bytes.Buffer
	if err := Layout(Page{Title: "Home", User: &CurrentUser{Name: "Bo"}, Nav: nav}).Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	if strings.Count(page, `<details class="nav__details">`) != 1 || !strings.Contains(page, `<summary class="nav__summary">More`) ||
		!strings.Contains(page, `href="/hsscp/admin/audit"`) {
		t.Errorf("the layout lacks the More menu, or a page in it")
	}
	if strings.Contains(page, `class="header__sign-in"`) {
		t.Error("a signed-in person is offered to sign in")
	}
	// The Executive's and independent scrutiny's own pages come first.
	for _, c := range []struct {
		role access.Role
		want []string
	}{
		{access.Executive, []string{"Reports", "Challenge log", "Reviews", "Documents"}},
		{access.Scrutiny, []string{"Scrutiny", "Reports", "Challenge log"}},
		{access.EngineRoom, []string{"Inbox", "Reviews", "Themes", "Learning", "Meetings"}},
	} {
		can := all
		can.Administer, can.Roles = false, access.Roles(access.Practitioner).With(c.role)
		top, href := map[string]bool{}, map[string]string{}
		for _, l := range NewNav("hsscp", can) {
			top[l.Label], href[l.Label] = !l.More, l.Href
		}
		// "Meetings" leads to the person's own body's meetings.
		if want := map[access.Role]string{access.Executive: "/hsscp/executive/meetings", access.EngineRoom: "/hsscp/meetings"}[c.role]; want != "" && href["Meetings"] != want {
			t.Errorf("%s: Meetings leads to %s; want %s", RolesSentence(can.Roles), href["Meetings"], want)
		}
		for _, w := range c.want {
			if !top[w] {
				t.Errorf("%s: %s is not a top item: %v", RolesSentence(can.Roles), w, top)
			}
		}
	}
	few := NewNav("hsscp", NavAbilities{Training: true})
	for _, l := range few {
		if l.More {
			t.Errorf("a practitioner's %s is in a More menu of %d items", l.Label, len(few))
		}
	}
	buf.Reset()
	if err := Layout(Page{Title: "Public"}).Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `<a href="/sign-in" class="header__sign-in">Sign in</a>`) {
		t.Error("a public page's header has no Sign in")
	}
}

// A task list links a task only where it has an address, describes the link by its status, and
// says so when there is nothing to do. The Executive's rapid reviews at risk link to the register
// only when it may read it; otherwise the task names who to ask. The counts of its actions link
// to the decisions log only for one who may read it.
func TestTaskList(t *testing.T) {
	render := func(tasks []Task) string {
		var buf bytes.Buffer
		if err := TaskList("tasks", tasks, "You have nothing to do now.").Render(context.Background(), &buf); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	if page := render(nil); !strings.Contains(page, "You have nothing to do now.") || strings.Contains(page, "task-list__item") {
		t.Errorf("empty task list: %s", page)
	}
	page := render([]Task{{Title: "Triage Key Line of Enquiry requests", Href: "/hsscp/inbox", Status: "3 to triage"},
		{Title: "Rapid reviews at risk", Hint: "Ask the chair", Status: "1 at risk", Colour: "red"}})
	for _, want := range []string{
		`<a class="task-list__link" href="/hsscp/inbox" aria-describedby="tasks-1-status">Triage Key Line of Enquiry requests</a>`,
		`id="tasks-1-status"`, "3 to triage", "<div>Rapid reviews at risk</div>", "Ask the chair", `tag--red`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the task list lacks %q\n%s", want, page)
		}
	}

	today := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	e := &ExecutiveHome{AtRisk: 2, Report: &ExceptionAtAGlance{Period: "Q2 2026/27", Submitted: today.AddDate(0, 0, -10), Href: "/hsscp/reports/4"},
		Approvals: []LocalReviewRow{{Href: "/hsscp/local-reviews/7", Reference: "CSPR-7", AwaitingApproval: true}}}
	ts := ExecutiveTasks(e, &ChairView{Current: "Cleveland Police"}, today)
	if len(ts) != 3 || ts[0].Href != "/hsscp/reports/4" || ts[1].Title != "Approve the reviewer of CSPR-7" || ts[1].Href == "" {
		t.Fatalf("the Executive's tasks: %+v", ts)
	}
	if r := ts[2]; r.Href != "" || !strings.Contains(r.Hint, "Cleveland Police") || r.Status != "2 at risk" {
		t.Errorf("rapid reviews at risk, without the register: %+v", r)
	}
	e.RegisterHref = "/hsscp/reviews"
	if r := ExecutiveTasks(e, nil, today)[2]; r.Href != "/hsscp/reviews" || r.Hint != "" {
		t.Errorf("rapid reviews at risk, with the register: %+v", r)
	}
	// The counts of the person's open and overdue actions link to the decisions log filtered to
	// them, and to those overdue, for one who may read it; for another they are text (issue #14).
	// They count all of them, not only the first few the home lists.
	actions := &overview.Executive{Actions: meetings.ActionsOwed{Open: 12, Overdue: 3, First: []meetings.Resolution{
		{Text: "Confirm the budget", OwnerID: 9, DueOn: today.AddDate(0, 0, -1)},
		{Text: "Agree the plan", OwnerID: 9, DueOn: today.AddDate(0, 0, 7)}}}}
	for _, logHref := range []string{"/hsscp/bodies/2/decisions", ""} {
		var buf bytes.Buffer
		if err := executiveHome(NewExecutiveHome("hsscp", actions, nil, today, ExecutiveLinks{LogHref: logHref})).Render(context.Background(), &buf); err != nil {
			t.Fatal(err)
		}
		want := `<a href="/hsscp/bodies/2/decisions?owner=9">12 open actions</a>, <a href="/hsscp/bodies/2/decisions?owner=9&amp;status=overdue">3 overdue</a>.`
		if logHref == "" {
			want = `<p class="body">12 open actions, 3 overdue.</p>`
		}
		if !strings.Contains(buf.String(), want) {
			t.Errorf("the counts of the actions, with the log at %q: want %s in\n%s", logHref, want, buf.String())
		}
	}

	// A critical friend's commission due in two working days; a practitioner's drafts, always
	// theirs to follow; nothing for a quiet Engine Room.
	h := overview.Home{Learning: &overview.Counts{}, Tasks: &overview.Tasks{Commissions: 1, CommissionDays: 2, Drafts: 2}}
	ts = NewTasks("hsscp", access.Roles(access.EngineRoom), h, TaskLinks{Commissions: true})
	if len(ts) != 2 || ts[0].Status != "Due in 2 working days" || ts[0].Href != "/hsscp/commissions" || ts[1].Status != "2 drafts" || ts[1].Href == "" {
		t.Errorf("tasks: %+v", ts)
	}
	// The Engine Room's: requests to triage, recommendations overdue, training needs to plan;
	// the same figures are not the business unit's tasks.
	er := overview.Home{Learning: &overview.Counts{AwaitingTriage: 3, RecommendationsOverdue: 1, TrainingNeeds: 2}, Tasks: &overview.Tasks{}}
	ts = NewTasks("hsscp", access.Roles(access.EngineRoom), er, TaskLinks{Inbox: true, Learning: true})
	if len(ts) != 3 || ts[0].Status != "3 to triage" || ts[0].Href != "/hsscp/inbox?kind=kloe" ||
		ts[1].Status != "1 overdue" || ts[1].Colour != "red" || ts[2].Status != "2 to plan" || ts[2].Href != "/hsscp/training-needs" {
		t.Errorf("the Engine Room's tasks: %+v", ts)
	}
	if ts := NewTasks("hsscp", access.Roles(access.BusinessUnit), er, TaskLinks{Inbox: true, Learning: true}); len(ts) != 0 {
		t.Errorf("the business unit has the Engine Room's tasks: %+v", ts)
	}
	if ts := NewTasks("hsscp", 0, overview.Home{Tasks: &overview.Tasks{Commissions: 1, CommissionDays: -1}}, TaskLinks{}); len(ts) != 1 || ts[0].Status != "Overdue" || ts[0].Href != "" {
		t.Errorf("an overdue commission one may not list: %+v", ts)
	}
}

// A list's download speaks of filters only when some are chosen.
func TestDownloadLinkNamesFiltersOnlyWhenChosen(t *testing.T) {
	for href, want := range map[string]string{
		"/hsscp/reviews.csv":         "Download as CSV (spreadsheet)</a>",
		"/hsscp/inbox.csv?kind=kloe": "Download as CSV (spreadsheet) with the current filters</a>",
	} {
		var buf bytes.Buffer
		if err := DownloadLink(Page{CSVHref: href}).Render(context.Background(), &buf); err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(strings.Fields(buf.String()), " "); !strings.Contains(got, want) {
			t.Errorf("%s: %s; want %q", href, got, want)
		}
	}
}
