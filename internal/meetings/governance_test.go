package meetings_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/learning"
	"github.com/scp-portal/portal/internal/meetings"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/internal/workdays"
)

// governed is the fixture with the portal's own sources: the standing items and the open actions
// carried forward, then the learning loop's.
func governed(t *testing.T) fixture {
	t.Helper()
	f := setup(t, false)
	f.svc = &meetings.Service{Env: f.svc.Env, Sources: append(meetings.Own(), learning.EngineRoomAgenda{})}
	return f
}

// executiveSeats returns the Executive's current members by the statutory partner they sit for.
func (f fixture) executiveSeats(t *testing.T) map[string]int64 {
	t.Helper()
	members, err := partnership.CurrentMembersOfKind(context.Background(), f.db, f.pid, "executive", partnership.Today(time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	seats := map[string]int64{}
	for _, m := range members {
		seats[m.OrganisationName] = m.UserID
	}
	return seats
}

// A meeting is quorate only when every statutory partner (both councils, the health board and
// the police) was represented, by an attendee of the organisation or one sitting on the body for
// it; the chair is the partner whose turn it is on the body's rota, unless the independent chair
// took it; apologies are kept.
func TestQuorumNeedsEveryStatutoryPartner(t *testing.T) {
	ctx := context.Background()
	f := governed(t)
	exec := f.body(t, f.pid, "executive")
	seats := f.executiveSeats(t)
	if len(seats) != 4 {
		t.Fatalf("the Executive's seats: %v", seats)
	}
	var police int64
	if err := f.db.QueryRow(ctx, `SELECT id FROM organisation WHERE partnership_id = $1 AND statutory_role = 'police'`, f.pid).Scan(&police); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.Exec(ctx, `INSERT INTO chair_rota (partnership_id, body_id, organisation_id, starts_on, ends_on) VALUES ($1, $2, $3, $4, $5)`,
		f.pid, exec.ID, police, day.AddDate(0, -1, 0), day.AddDate(0, 2, 0)); err != nil {
		t.Fatal(err)
	}
	var all, noPolice []int64
	for org, id := range seats {
		all = append(all, id)
		if org != "Cleveland Police" {
			noPolice = append(noPolice, id)
		}
	}
	plan := func(attendees, apologies []int64, chair string) meetings.Meeting {
		t.Helper()
		id, err := f.svc.Create(ctx, f.actor, meetings.Input{PartnershipID: f.pid, BodyID: exec.ID, Title: "Executive", HeldOn: day,
			Attendees: attendees, Apologies: apologies, Chair: chair})
		if err != nil {
			t.Fatal(err)
		}
		d, err := f.svc.Meeting(ctx, exec, id)
		if err != nil {
			t.Fatal(err)
		}
		return d.Meeting
	}
	full := plan(all, nil, "")
	if !full.Quorate() || full.ChairName() != "Cleveland Police" || full.PapersDays != meetings.DefaultPapersDays {
		t.Errorf("a meeting of every partner, chaired by the rota: quorate %v, missing %v, chair %q", full.Quorate(), full.Missing, full.ChairName())
	}
	short := plan(noPolice, []int64{seats["Cleveland Police"]}, meetings.ChairIndependent)
	if short.Quorate() || !slices.Equal(short.Missing, []string{"Cleveland Police"}) || short.ChairName() != "Independent chair" ||
		len(short.Apologies) != 1 {
		t.Errorf("a meeting without the police: missing %v, chair %q, apologies %v", short.Missing, short.ChairName(), short.Apologies)
	}
	d, _ := f.svc.Meeting(ctx, exec, short.ID)
	var represented []string
	for _, p := range d.Partners {
		represented = append(represented, p.Name+"="+map[bool]string{true: "yes", false: "no"}[p.Represented])
	}
	if got := strings.Join(represented, "|"); !strings.Contains(got, "Cleveland Police=no") || !strings.Contains(got, "Hartlepool Borough Council=yes") || len(d.Partners) != 4 {
		t.Errorf("representation %s", got)
	}
	// The police turn up after all: the attendance recorded afterwards makes the meeting quorate,
	// and a second save from the same page is refused.
	in := meetings.AttendanceInput{MeetingID: short.ID, Version: short.Version, Attendees: all, Chair: meetings.ChairByRota}
	if err := f.svc.SaveAttendance(ctx, f.actor, exec, in); err != nil {
		t.Fatal(err)
	}
	if d, _ := f.svc.Meeting(ctx, exec, short.ID); !d.Quorate() || d.ChairName() != "Cleveland Police" || len(d.Apologies) != 0 || len(d.AttendeeIDs) != 4 {
		t.Errorf("after recording the police: missing %v, chair %q, apologies %v", d.Missing, d.ChairName(), d.Apologies)
	}
	if err := f.svc.SaveAttendance(ctx, f.actor, exec, in); app.KindOf(err) != app.Conflict {
		t.Errorf("a stale attendance: %v", err)
	}
	// Someone both attending and sending apologies, and a chair who is no statutory partner.
	_, err := f.svc.Create(ctx, f.actor, meetings.Input{PartnershipID: f.pid, BodyID: exec.ID, Title: "Executive", HeldOn: day,
		Attendees: all, Apologies: all[:1], Chair: "999999999"})
	if app.FieldMessage(err, "apologies") == "" {
		t.Errorf("attending and apologising: %v", err)
	}
	_, err = f.svc.Create(ctx, f.actor, meetings.Input{PartnershipID: f.pid, BodyID: exec.ID, Title: "Executive", HeldOn: day, Chair: "999999999"})
	if app.FieldMessage(err, "chair") == "" {
		t.Errorf("a chair who is no partner: %v", err)
	}
}

// A decision's action stays on every later agenda of the body until it is marked done, and only
// that body's; marking it done needs a note and refuses a stale page.
func TestAnOpenActionCarriesForward(t *testing.T) {
	ctx := context.Background()
	f := governed(t)
	exec := f.body(t, f.pid, "executive")
	first, err := f.svc.Create(ctx, f.actor, meetings.Input{PartnershipID: f.pid, BodyID: exec.ID, Title: "Executive, September", HeldOn: day.AddDate(0, -3, 0)})
	if err != nil {
		t.Fatal(err)
	}
	d, _ := f.svc.Meeting(ctx, exec, first)
	item := d.Sections[0].Items[0].ID
	_, err = f.svc.Resolve(ctx, f.actor, exec, meetings.ResolutionInput{MeetingID: first, ItemID: item})
	if app.FieldMessage(err, "text") == "" || app.FieldMessage(err, "owner") == "" || app.FieldMessage(err, "due_on-day") == "" {
		t.Errorf("an empty decision: %v", err)
	}
	_, err = f.svc.Resolve(ctx, f.actor, exec, meetings.ResolutionInput{MeetingID: first, ItemID: item, Text: "Review the budget",
		OwnerID: f.stranger, DueOn: day})
	if app.FieldMessage(err, "owner") == "" {
		t.Errorf("an owner of another partnership: %v", err)
	}
	id, err := f.svc.Resolve(ctx, f.actor, exec, meetings.ResolutionInput{MeetingID: first, ItemID: item, Text: " Review the budget ",
		OwnerID: f.executive, DueOn: day.AddDate(0, -1, 0)})
	if err != nil {
		t.Fatal(err)
	}
	next := func(title string, on time.Time) meetings.Section {
		t.Helper()
		mid, err := f.svc.Create(ctx, f.actor, meetings.Input{PartnershipID: f.pid, BodyID: exec.ID, Title: title, HeldOn: on})
		if err != nil {
			t.Fatal(err)
		}
		d, _ := f.svc.Meeting(ctx, exec, mid)
		i := slices.IndexFunc(d.Sections, func(s meetings.Section) bool { return s.Kind == meetings.OpenActionKind })
		return d.Sections[i]
	}
	carried := next("Executive, December", day)
	if len(carried.Items) != 1 || carried.Items[0].RefID != id || !strings.HasPrefix(carried.Items[0].Title, "Review the budget (Erin Executive, due ") {
		t.Errorf("the open action on the next agenda: %+v", carried.Items)
	}
	er, _ := f.svc.Meetings(ctx, f.body(t, f.pid, "engine_room"))
	if len(er) != 0 {
		t.Error("the Executive's meeting reached the Engine Room")
	}
	log, total, err := f.svc.Log(ctx, exec, meetings.LogFilter{Status: "overdue"})
	if err != nil || total != 1 || log[0].Status(partnership.Today(time.Now())) != "overdue" || log[0].Text != "Review the budget" {
		t.Errorf("the overdue action in the log: %d %+v (%v)", total, log, err)
	}
	done := meetings.DoneInput{ResolutionID: id, Version: log[0].Version}
	if err := f.svc.MarkDone(ctx, f.actor, exec, done); app.FieldMessage(err, "note") == "" {
		t.Errorf("done without a note: %v", err)
	}
	done.Note = "Budget reviewed in November."
	if err := f.svc.MarkDone(ctx, f.actor, exec, done); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.MarkDone(ctx, f.actor, exec, done); app.KindOf(err) != app.Conflict {
		t.Errorf("marking done twice: %v", err)
	}
	if carried := next("Executive, March", day.AddDate(0, 3, 0)); len(carried.Items) != 0 {
		t.Errorf("a done action still carried: %+v", carried.Items)
	}
	if _, n, _ := f.svc.Log(ctx, exec, meetings.LogFilter{Status: "done", OwnerID: f.executive}); n != 1 {
		t.Errorf("done actions of their owner: %d", n)
	}
	if _, n, _ := f.svc.Log(ctx, exec, meetings.LogFilter{OwnerID: f.engineRoomUser}); n != 0 {
		t.Errorf("actions of someone who owns none: %d", n)
	}
}

// Papers reach the members a set number of working days before the meeting, bank holidays not
// counted; before then a reader who does not plan the meeting sees no agenda item.
func TestPapersAreReleasedWorkingDaysBefore(t *testing.T) {
	cal := workdays.New()
	wednesday := time.Date(2026, 12, 30, 0, 0, 0, 0, time.UTC) // after Christmas Day and the Boxing Day substitute
	if got := meetings.ReleaseDay(cal, wednesday, 5); !got.Equal(time.Date(2026, 12, 21, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("five working days before 30 December 2026: %s", got.Format("2 January 2006"))
	}
	if got := meetings.ReleaseDay(cal, wednesday, 1); !got.Equal(time.Date(2026, 12, 29, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("one working day before: %s", got.Format("2 January 2006"))
	}
	ctx := context.Background()
	f := governed(t)
	exec := f.body(t, f.pid, "executive")
	id, err := f.svc.Create(ctx, f.actor, meetings.Input{PartnershipID: f.pid, BodyID: exec.ID, Title: "Executive", HeldOn: wednesday, PapersDays: 5})
	if err != nil {
		t.Fatal(err)
	}
	d, _ := f.svc.Meeting(ctx, exec, id)
	if !d.PapersOn.Equal(time.Date(2026, 12, 21, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("papers on %s", d.PapersOn)
	}
	member := meetings.Viewer{Confidential: true}
	before, after := d.For(member, time.Date(2026, 12, 18, 0, 0, 0, 0, time.UTC)), d.For(member, d.PapersOn)
	if !before.PapersWithheld || before.Sections[0].Items != nil || after.PapersWithheld || len(after.Sections[0].Items) == 0 {
		t.Errorf("papers before release: %v, after: %v", before.PapersWithheld, after.PapersWithheld)
	}
	if planner := d.For(meetings.Viewer{Confidential: true, Planner: true}, time.Date(2026, 12, 18, 0, 0, 0, 0, time.UTC)); planner.PapersWithheld {
		t.Error("the papers are withheld from who plans the meeting")
	}
	if _, err := f.svc.Create(ctx, f.actor, meetings.Input{PartnershipID: f.pid, BodyID: exec.ID, Title: "Executive", HeldOn: wednesday,
		PapersDays: 31}); app.FieldMessage(err, "papers_days") == "" {
		t.Errorf("papers a month and a half before: %v", err)
	}
}

// A confidential item is withheld from a reader who may not see confidential items, with the
// decision that settles it; the action carried forward from it stays confidential.
func TestConfidentialItemsAreWithheld(t *testing.T) {
	ctx := context.Background()
	f := governed(t)
	exec := f.body(t, f.pid, "executive")
	id, err := f.svc.Create(ctx, f.actor, meetings.Input{PartnershipID: f.pid, BodyID: exec.ID, Title: "Executive", HeldOn: day.AddDate(0, 0, -7),
		Other: []string{"Budget"}, Confidential: []string{"Allegation against a senior officer"}})
	if err != nil {
		t.Fatal(err)
	}
	d, _ := f.svc.Meeting(ctx, exec, id)
	free := d.Sections[len(d.Sections)-1].Items
	if len(free) != 2 || free[0].Confidential || !free[1].Confidential {
		t.Fatalf("free items %+v", free)
	}
	if _, err := f.svc.Resolve(ctx, f.actor, exec, meetings.ResolutionInput{MeetingID: id, ItemID: free[1].ID, Text: "Refer to the LADO",
		OwnerID: f.executive, DueOn: day}); err != nil {
		t.Fatal(err)
	}
	d, _ = f.svc.Meeting(ctx, exec, id)
	outsider := d.For(meetings.Viewer{}, day)
	hidden := outsider.Sections[len(outsider.Sections)-1].Items[1]
	if !hidden.Withheld || hidden.Title != "" || len(outsider.Resolutions) != 0 {
		t.Errorf("what an outsider sees: %+v, decisions %+v", hidden, outsider.Resolutions)
	}
	if insider := d.For(meetings.Viewer{Confidential: true}, day); len(insider.Resolutions) != 1 ||
		insider.Sections[len(insider.Sections)-1].Items[1].Title != "Allegation against a senior officer" {
		t.Errorf("what a member sees: %+v", insider.Resolutions)
	}
	items, err := meetings.OpenActions{}.AgendaItems(ctx, f.db, exec, day)
	if err != nil || len(items) != 1 || !items[0].Confidential {
		t.Errorf("the carried action of a confidential item: %+v (%v)", items, err)
	}
}
