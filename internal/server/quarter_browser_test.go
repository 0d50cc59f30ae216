package server_test

import (
	"path"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/scp-portal/portal/internal/reports"
	"github.com/scp-portal/portal/internal/testkit"
)

// TestAQuarterOfTheExecutive plays a quarter in Chromium (issue 16's "Done when"): the Engine Room
// chair starts the quarter's exception report, whose figures are the records' own counts taken
// here with SQL of the test's own; the chair writes a section and submits it; a theme is opened
// and a request arrives afterwards, and the submitted report does not move. An Executive member
// challenges the police, whose delegate answers; the Executive minutes a decision with an owner
// and a due date, and the open action is on the next meeting's agenda; the Executive proposes a
// line of enquiry, which the Engine Room finds in its register. axe-core checks each new page.
func TestAQuarterOfTheExecutive(t *testing.T) {
	// The demo with its year of history, so that the quarter's figures count something.
	serving, db := testkit.NewServingDB(t)
	testkit.SeedDemoAt(t, db, time.Now(), true)
	base := testkit.StartServer(t, serving, testkit.ServerOptions{})
	pid := testkit.MustQueryInt(t, db, `SELECT id FROM partnership WHERE slug = 'hsscp'`)
	executive := testkit.MustQueryString(t, db, `SELECT b.id::text FROM body b JOIN partnership p ON p.id = b.partnership_id WHERE p.slug = 'hsscp' AND b.kind = 'executive'`)
	police := testkit.MustPartnerID(t, db, "hsscp", "police")
	erin := testkit.MustID(t, db, "executive@hsscp.example")
	quarter := reports.QuarterOf(time.Now())
	b := testkit.NewBrowser(t)
	signOut := func() { b.ClickAndLoad(t, ".header__sign-out button") }
	date := func(name string, d time.Time) chromedp.Action[chromedp.Void] {
		var ts []chromedp.Action[chromedp.Void]
		for part, layout := range map[string]string{"-day": "2", "-month": "1", "-year": "2006"} {
			ts = append(ts, chromedp.Clear(chromedp.CSS("#"+name+part)), testkit.Fill(name+part, d.Format(layout)))
		}
		return chromedp.Steps(ts...)
	}
	// figure is the value the report page shows for the figure labelled so in a section.
	figure := func(section, label string) int {
		t.Helper()
		s := testkit.Get(t, b, chromedp.Evaluate[string](`(() => { const tr = [...document.querySelectorAll("#`+section+` tr")]
			.find(tr => tr.querySelector("th") && tr.querySelector("th").textContent.trim() === "`+label+`");
			return tr ? tr.querySelector("td").textContent.trim() : "none" })()`))
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("the report shows %q for %s", s, label)
		}
		return n
	}
	// The records' own counts for the quarter, as at today in England.
	inQuarter := func(col string) string {
		return col + ` >= ($2::date::timestamp AT TIME ZONE 'Europe/London') AND ` + col + ` < (($3::date + 1)::timestamp AT TIME ZONE 'Europe/London')`
	}
	counts := []struct{ section, label, sql string }{
		{reports.SectionMoved, "Requests received", `SELECT count(*) FROM intake_request WHERE partnership_id = $1 AND status <> 'draft' AND ` + inQuarter("submitted_at")},
		{reports.SectionMoved, "Themes opened", `SELECT count(*) FROM theme WHERE partnership_id = $1 AND ` + inQuarter("created_at")},
		{reports.SectionOffTrack, "Actions overdue", `SELECT count(*) FROM action a JOIN recommendation r ON r.id = a.recommendation_id
			WHERE r.partnership_id = $1 AND a.status <> 'done' AND a.due_on < (now() AT TIME ZONE 'Europe/London')::date AND $2::date <= $3::date`},
	}
	records := func() []int {
		n := make([]int, len(counts))
		for i, c := range counts {
			n[i] = testkit.MustQueryInt(t, db, c.sql, pid, quarter.Start(), quarter.End())
		}
		return n
	}
	shown := func() []int {
		n := make([]int, len(counts))
		for i, c := range counts {
			n[i] = figure(c.section, c.label)
		}
		return n
	}

	// The portal keeps the quarter's exception report drafted from the records; the Engine Room
	// chair opens it from the reports list.
	b.MustSignIn(t, base, "engine-room@hsscp.example")
	b.MustOpen(t, base+"/hsscp/reports", "main table")
	b.CheckAccessibility(t, "reports list")
	draft := testkit.MustQueryString(t, db, `SELECT id::text FROM report WHERE partnership_id = $1 AND period = $2`, pid, quarter.Key())
	b.ClickAndLoad(t, "main table a[href='/hsscp/reports/"+draft+"']")
	report := testkit.Get(t, b, chromedp.Location())
	b.MustMain(t, "the quarter's report is not a live draft", "Drawn from the records as at")
	b.CheckAccessibility(t, "a drafted exception report")
	want := records()
	if got := shown(); !slices.Equal(got, want) {
		t.Fatalf("the draft shows %v, the records count %v (%s, %s, %s)", got, want, counts[0].label, counts[1].label, counts[2].label)
	}
	if want[0]+want[1] == 0 || want[2] == 0 {
		t.Errorf("the demo history leaves the figures checked at zero: %v", want)
	}

	// The chair writes a section and submits.
	b.Do(t, chromedp.SetValue(chromedp.CSS("#"+reports.NarrativeField(reports.SectionOffTrack)), "Two actions on **discharge planning** are late; the Executive is asked to press the trust."))
	b.ClickAndLoad(t, "#"+reports.SectionOffTrack+" form button")
	if saved := testkit.Get(t, b, chromedp.Evaluate[string](`document.querySelector("#`+reports.NarrativeField(reports.SectionOffTrack)+`").value`)); !strings.Contains(saved, "discharge planning") {
		t.Fatalf("the narrative was not saved: %q", saved)
	}
	b.ClickAndLoad(t, "#submit")
	b.MustMain(t, "after submission", "fixed when the report was submitted")
	b.CheckAccessibility(t, "a submitted exception report")
	frozen := shown()

	// Records change: the Engine Room opens a theme and a practitioner's request arrives.
	b.MustOpen(t, base+"/hsscp/themes/new", "#title")
	b.Do(t, testkit.Fill("title", "Neglect in the early years"), chromedp.SetValue(chromedp.CSS("#source_kind"), "performance_data"))
	b.ClickAndLoad(t, "main button[type=submit]")
	if h1 := b.Text(t, "h1"); h1 != "Neglect in the early years" {
		t.Fatalf("after opening a theme the page is %q", h1)
	}
	testkit.MustSignInAs(t, base, "practitioner@hsscp.example").MustSubmitKLOE(testkit.KLOEAnswers(t, db))
	now := records()
	if now[0] != want[0]+1 || now[1] != want[1]+1 {
		t.Fatalf("the records did not change as the test meant: %v then %v", want, now)
	}
	b.MustOpen(t, report, "main")
	if got := shown(); !slices.Equal(got, frozen) || !slices.Equal(got, want) {
		t.Errorf("the submitted report moved with the records: it shows %v, submitted with %v", got, want)
	}
	signOut()

	// An Executive member reads the report and challenges the police.
	b.MustSignIn(t, base, "executive@hsscp.example")
	b.MustOpen(t, report, "main")
	b.WantMain(t, "the Executive does not read the narrative", "discharge planning")
	b.ClickAndLoad(t, "main a[href$='/print']")
	b.WantMain(t, "the meeting paper", "paper for the Executive", "discharge planning")
	b.CheckAccessibility(t, "the report as a meeting paper")
	b.MustOpen(t, base+"/hsscp/challenges", "main")
	b.CheckAccessibility(t, "challenge log")
	// The challenge is raised on the section of the report that says what is off track.
	b.MustOpen(t, report, "main")
	b.ClickAndLoad(t, "#"+reports.SectionOffTrack+" a[href*='subject_kind=report_section']")
	b.CheckAccessibility(t, "challenge form")
	b.Do(t, chromedp.SetValue(chromedp.CSS("#addressee"), police),
		testkit.Fill("summary", "Why are the police's actions on discharge planning late?"),
		testkit.Fill("detail", "The exception report shows the actions overdue."))
	b.Do(t, date("due_on", time.Now().AddDate(0, 0, 14)))
	b.ClickAndLoad(t, "main button[type=submit]")
	challenge := testkit.Get(t, b, chromedp.Location())
	b.MustMain(t, "the challenge raised", "Why are the police's actions on discharge planning late?", "Cleveland Police",
		"A section of the quarterly exception report: What is off track, Q"+strconv.Itoa(quarter.N))
	b.CheckAccessibility(t, "a challenge awaiting its response")
	signOut()

	// The police's delegate answers it.
	b.MustSignIn(t, base, "engine-room@hsscp.example")
	b.MustOpen(t, base+"/hsscp/challenges?status=open&addressee="+police, "main table")
	b.ClickAndLoad(t, "main table a[href='"+strings.TrimPrefix(challenge, base)+"']")
	b.Do(t, testkit.Fill("response", "A named officer now owns each action; both will be done by the end of the month."))
	b.ClickAndLoad(t, "main button[type=submit]")
	b.MustMain(t, "the response is not recorded", "A named officer now owns each action", "Eddie Engine")
	b.CheckAccessibility(t, "an answered challenge")
	signOut()

	// The Executive meets, minutes a decision with its owner and due date, and plans its next meeting.
	b.MustSignIn(t, base, "executive@hsscp.example")
	meetings := base + "/hsscp/bodies/" + executive + "/meetings"
	b.MustOpen(t, meetings, "#title")
	b.CheckAccessibility(t, "the Executive's meetings")
	b.Do(t, testkit.Fill("title", "Executive, quarter "+strconv.Itoa(quarter.N)), date("held_on", time.Now()), chromedp.Click(chromedp.CSS("input[name=attendees][value='"+erin+"']")))
	b.ClickAndLoad(t, "main form[action$='/meetings'] button[type=submit]")
	meeting := testkit.Get(t, b, chromedp.Location())
	b.CheckAccessibility(t, "a meeting's agenda")
	// The submitted report is on the agenda; the decision settles it.
	item := testkit.Get(t, b, chromedp.Evaluate[string](`(() => { const o = [...document.querySelectorAll("#item option")]
		.find(o => o.textContent.includes("Exception report: Quarter `+strconv.Itoa(quarter.N)+` of"));
		return o ? o.value : "" })()`))
	if item == "" {
		t.Fatalf("the meeting's agenda lacks the submitted exception report:\n%s", b.Text(t, "main"))
	}
	// The challenge, answered and not yet closed, is on it too.
	b.WantMain(t, "the meeting's agenda lacks the challenge awaiting its closing", "Challenge "+path.Base(challenge)+" to Cleveland Police, who responded: to close")
	due := time.Now().AddDate(0, 0, 21)
	b.Do(t, chromedp.SetValue(chromedp.CSS("#item"), item), testkit.Fill("text", "The police to report both actions done to the next meeting"),
		chromedp.SetValue(chromedp.CSS("#owner"), erin), date("due_on", due))
	b.ClickAndLoad(t, "form[action$='/decisions'] button[type=submit]")
	b.MustMain(t, "the decision is not minuted", "The police to report both actions done to the next meeting")
	b.MustOpen(t, meetings, "#title")
	b.Do(t, testkit.Fill("title", "Executive, next quarter"), date("held_on", time.Now().AddDate(0, 1, 0)))
	b.ClickAndLoad(t, "main form[action$='/meetings'] button[type=submit]")
	if next := testkit.Get(t, b, chromedp.Location()); next == meeting {
		t.Fatal("the next meeting was not planned")
	}
	b.WantMain(t, "the next agenda does not carry the open action", "Open actions from earlier meetings",
		"The police to report both actions done to the next meeting (Erin Executive, due "+due.Format("2 January 2006"))
	b.CheckAccessibility(t, "the next meeting's agenda")

	// The Executive proposes a line of enquiry from the theme register.
	b.MustOpen(t, base+"/hsscp/themes", "main")
	b.ClickAndLoad(t, "main a[href$='/themes/propose']")
	b.CheckAccessibility(t, "proposal form")
	b.Do(t, testkit.Fill("title", "Transitions to adult services"), testkit.Fill("description", "Young people lose support at 18."),
		testkit.Fill("reference", "Executive, quarter "+strconv.Itoa(quarter.N)))
	b.ClickAndLoad(t, "main button[type=submit]")
	signOut()

	b.MustSignIn(t, base, "engine-room@hsscp.example")
	b.MustOpen(t, base+"/hsscp/themes?source=executive_proposal", "main table")
	b.WantMain(t, "the Engine Room's register does not hold the proposal", "Transitions to adult services", "Executive proposal")
	b.CheckAccessibility(t, "the register of Executive proposals")
}
