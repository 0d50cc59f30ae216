package meetings_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/learning"
	"github.com/scp-portal/portal/internal/meetings"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

// briefings is an agenda source for tests: it briefs the Executive only, and names the day it
// was asked about, so a test can see that the meeting's day reached it.
type briefings struct{}

var briefing = app.Choice{Value: "briefing", Label: "Briefings"}

func (briefings) Kinds(b meetings.Body) app.Choices {
	if b.Kind != "executive" {
		return nil
	}
	return app.Choices{briefing}
}

func (briefings) AgendaItems(_ context.Context, _ database.Querier, b meetings.Body, day time.Time) ([]meetings.Item, error) {
	if b.Kind != "executive" {
		return nil, nil
	}
	return []meetings.Item{{Kind: briefing.Value, RefID: 7, Title: "Annual report, " + day.Format("2 January 2006")}}, nil
}

func (briefings) Decisions(context.Context, database.Querier, int64) ([]meetings.Decision, error) {
	return []meetings.Decision{{Kind: briefing.Value, RefID: 7, Reference: "AR-1", Label: "Approved"}}, nil
}

type fixture struct {
	db             *pgxpool.Pool
	svc            *meetings.Service
	actor          app.Actor
	pid, otherPID  int64
	executive      int64 // Erin Executive, of the Executive
	engineRoomUser int64
	stranger       int64 // someone of another partnership
}

// setup seeds the demo partnerships, with their history (themes, commissions, requests) when
// history is true.
func setup(t *testing.T, history bool) fixture {
	t.Helper()
	db := testkit.NewDemoDB(t, time.Now(), history)
	f := fixture{db: db, svc: &meetings.Service{Env: app.Env{DB: db}, Sources: []meetings.AgendaSource{learning.EngineRoomAgenda{}, briefings{}}}}
	err := db.QueryRow(context.Background(), `SELECT p.id, (SELECT id FROM partnership WHERE slug = 'stscp'),
		(SELECT id FROM app_user WHERE email = 'executive@hsscp.example'),
		(SELECT id FROM app_user WHERE email = 'engine-room@hsscp.example'),
		(SELECT id FROM app_user WHERE email = 'engine-room@stscp.example')
		FROM partnership p WHERE p.slug = 'hsscp'`).Scan(&f.pid, &f.otherPID, &f.executive, &f.engineRoomUser, &f.stranger)
	if err != nil {
		t.Fatal(err)
	}
	f.actor = app.Actor{Subject: access.Subject{UserID: f.engineRoomUser, Email: "engine-room@hsscp.example", PartnershipID: f.pid},
		Partnership: f.pid, IP: "192.0.2.4"}
	return f
}

func (f fixture) body(t *testing.T, pid int64, kind string) meetings.Body {
	t.Helper()
	b, err := f.svc.BodyOfKind(context.Background(), pid, kind)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var day = time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)

// A meeting of the Executive has its attendees, the agenda its sources give the Executive (not
// the Engine Room's) with the free items last, and its audit record.
func TestAMeetingOfABodyWithAttendees(t *testing.T) {
	ctx := context.Background()
	f := setup(t, false)
	exec := f.body(t, f.pid, "executive")
	id, err := f.svc.Create(ctx, f.actor, meetings.Input{PartnershipID: f.pid, BodyID: exec.ID, Title: "  Executive, December ",
		HeldOn: day, Attendees: []int64{f.executive, f.engineRoomUser, f.executive}, Other: []string{"Budget", " ", "Any other business"}})
	if err != nil {
		t.Fatal(err)
	}
	d, err := f.svc.Meeting(ctx, exec, id)
	if err != nil {
		t.Fatal(err)
	}
	if d.Title != "Executive, December" || d.BodyID != exec.ID || len(d.Attendees) != 2 || d.Items != 3 || d.Version != 1 {
		t.Errorf("meeting %+v", d.Meeting)
	}
	var got []string
	for _, sec := range d.Sections {
		for _, it := range sec.Items {
			got = append(got, sec.Kind.Label+": "+it.Title)
		}
	}
	want := "Briefings: Annual report, 3 December 2026|Other business: Budget|Other business: Any other business"
	if strings.Join(got, "|") != want {
		t.Errorf("agenda %q, want %q", strings.Join(got, "|"), want)
	}
	if len(d.Decisions) != 1 || d.Decisions[0].Reference != "AR-1" {
		t.Errorf("decisions %+v", d.Decisions)
	}
	var n int
	if err := f.db.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE action = 'meeting.create' AND object_type = 'meeting'
		AND object_id = $1::bigint::text AND detail = 'held on ' || $3 AND partnership_id = $2`, id, f.pid, day.Format(time.DateOnly)).Scan(&n); err != nil || n != 1 {
		t.Errorf("audit records of the meeting: %d (%v)", n, err)
	}
	list, err := f.svc.Meetings(ctx, f.body(t, f.pid, "engine_room"))
	if err != nil || len(list) != 0 {
		t.Errorf("the Engine Room's meetings include the Executive's: %d (%v)", len(list), err)
	}

	// An item of other business is added once the meeting is planned (issue #14): a title is
	// needed and a note is optional; it goes last, with its note, audited without its words; a
	// meeting of another body is not found.
	add := func(body int64, title, note string) error {
		_, err := f.svc.AddItem(ctx, f.actor, meetings.ItemInput{BodyID: body, MeetingID: id, Title: title, Note: note})
		return err
	}
	if err := add(exec.ID, "  ", strings.Repeat("n", 2001)); app.KindOf(err) != app.Invalid || app.FieldMessage(err, "item_title") == "" ||
		app.FieldMessage(err, "item_note") == "" {
		t.Errorf("an item without a title and with an overlong note: %v", err)
	}
	if err := add(exec.ID, "Safer\x00sleep", "\xff"); app.KindOf(err) != app.Invalid || app.FieldMessage(err, "item_title") == "" ||
		app.FieldMessage(err, "item_note") == "" {
		t.Errorf("an item with a NUL byte and bytes that are not text: %v", err)
	}
	if err := add(f.body(t, f.pid, "engine_room").ID, "Safer sleep", ""); !errors.Is(err, meetings.ErrNotFound) {
		t.Errorf("an item added through another body: %v", err)
	}
	if err := add(exec.ID, " Safer sleep campaign ", " Paper to follow "); err != nil {
		t.Fatal(err)
	}
	d, _ = f.svc.Meeting(ctx, exec, id)
	last := d.Sections[len(d.Sections)-1]
	if it := last.Items[len(last.Items)-1]; last.Kind != meetings.Free || it.Title != "Safer sleep campaign" || it.Note != "Paper to follow" || d.Items != 4 {
		t.Errorf("the added item: %s %+v (%d items)", last.Kind.Value, it, d.Items)
	}
	if err := f.db.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE action = 'meeting.item-add' AND object_id = $1::bigint::text
		AND detail NOT LIKE '%Safer%' AND ip = '192.0.2.4'`, id).Scan(&n); err != nil || n != 1 {
		t.Errorf("audit records of the added item: %d (%v)", n, err)
	}

	// Items added at the same moment, by several portal processes on one database, through
	// AddItem and through a decision recorded at the meeting, each take a position of their own,
	// in the order they were added (issue #14): each reads the last position only once the
	// meeting is locked to it.
	t.Run("items added at once take positions of their own", func(t *testing.T) {
		const adders = 24
		var wg sync.WaitGroup
		errs := make(chan error, adders)
		for i := range adders {
			wg.Go(func() {
				title := "Item at once " + strconv.Itoa(i)
				if i%3 == 0 {
					errs <- database.InTx(ctx, f.db, func(tx pgx.Tx) error {
						_, err := meetings.RecordDecision(ctx, tx, exec, id, title, "Agreed", f.executive, day)
						return err
					})
					return
				}
				errs <- add(exec.ID, title, "")
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		positions, err := database.Values[int32](ctx, f.db, "positions", `SELECT position FROM meeting_item WHERE meeting_id = $1 ORDER BY id`, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(positions) != 4+adders {
			t.Fatalf("%d items, want %d", len(positions), 4+adders)
		}
		for i, p := range positions {
			if int(p) != i {
				t.Fatalf("positions in the order the items were added: %v, want 0 to %d each once", positions, len(positions)-1)
			}
		}
	})
}

// A meeting without a title or a date is refused with both problems, in page order; an
// attendee of another partnership is refused and nothing is kept.
func TestAMeetingMustBeComplete(t *testing.T) {
	ctx := context.Background()
	f := setup(t, false)
	er := f.body(t, f.pid, "engine_room")
	_, err := f.svc.Create(ctx, f.actor, meetings.Input{PartnershipID: f.pid, BodyID: er.ID})
	if app.KindOf(err) != app.Invalid || app.FieldMessage(err, "title") == "" || app.FieldMessage(err, "held_on-day") == "" {
		t.Errorf("an empty meeting: %v", err)
	}
	_, err = f.svc.Create(ctx, f.actor, meetings.Input{PartnershipID: f.pid, BodyID: er.ID, Title: "Engine Room", HeldOn: day,
		Attendees: []int64{f.engineRoomUser, f.stranger}})
	if app.KindOf(err) != app.Invalid || app.FieldMessage(err, "attendees") == "" {
		t.Errorf("an attendee of another partnership: %v", err)
	}
	if list, _ := f.svc.Meetings(ctx, er); len(list) != 0 {
		t.Errorf("a refused meeting was kept: %+v", list)
	}
}

// The Engine Room's agenda is what the learning loop says awaits its decision on the day.
func TestTheAgendaComesFromItsSources(t *testing.T) {
	ctx := context.Background()
	f := setup(t, true)
	er := f.body(t, f.pid, "engine_room")
	today := partnership.Today(time.Now())
	items, err := learning.EngineRoomAgenda{}.AgendaItems(ctx, f.db, er, today)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, it := range items {
		kinds[it.Kind]++
	}
	if kinds["request"] == 0 || kinds["action"] == 0 {
		t.Errorf("the demo history's requests awaiting triage and overdue actions are not on the agenda: %v", kinds)
	}
	id, err := f.svc.Create(ctx, f.actor, meetings.Input{PartnershipID: f.pid, BodyID: er.ID, Title: "Engine Room", HeldOn: today})
	if err != nil {
		t.Fatal(err)
	}
	d, err := f.svc.Meeting(ctx, er, id)
	if err != nil {
		t.Fatal(err)
	}
	if d.Items != len(items) {
		t.Errorf("the meeting has %d items; the source gave %d", d.Items, len(items))
	}
	var headings []string
	for _, sec := range d.Sections {
		headings = append(headings, sec.Kind.Label)
		for _, it := range sec.Items {
			if it.Kind != sec.Kind.Value || it.RefID == 0 {
				t.Errorf("item %+v under %s", it, sec.Kind.Label)
			}
		}
	}
	want := "New requests to triage|Commissions due|Overdue actions|Evidence of impact due|Other business"
	if strings.Join(headings, "|") != want {
		t.Errorf("headings %q, want %q: the Executive's briefings must not reach the Engine Room", strings.Join(headings, "|"), want)
	}
}

// Minutes are saved against the version their writer loaded: a second save from the same page is
// refused as stale, keeps the first minute, and says which version is current now.
func TestMinutesRefuseAStaleSave(t *testing.T) {
	ctx := context.Background()
	f := setup(t, false)
	exec := f.body(t, f.pid, "executive")
	id, err := f.svc.Create(ctx, f.actor, meetings.Input{PartnershipID: f.pid, BodyID: exec.ID, Title: "Executive", HeldOn: day})
	if err != nil {
		t.Fatal(err)
	}
	d, _ := f.svc.Meeting(ctx, exec, id)
	item := d.Sections[0].Items[0].ID
	save := func(text string) error {
		return f.svc.SaveMinutes(ctx, f.actor, meetings.MinutesInput{BodyID: exec.ID, MeetingID: id, Version: d.Version,
			Minutes: map[int64]string{item: text}})
	}
	if err := save(strings.Repeat("x", 10001)); app.KindOf(err) != app.Invalid || app.FieldMessage(err, "minute-"+strconv.FormatInt(item, 10)) == "" {
		t.Errorf("an overlong minute: %v", err)
	}
	if err := save(" Approved. "); err != nil {
		t.Fatal(err)
	}
	err = save("Deferred.")
	if app.KindOf(err) != app.Conflict || app.VersionOf(err) != d.Version+1 ||
		!strings.Contains(app.FieldMessage(err, "minutes"), "Someone else saved these minutes") {
		t.Errorf("a stale save: %v", err)
	}
	d, _ = f.svc.Meeting(ctx, exec, id)
	if got := d.Sections[0].Items[0].Minute; got != "Approved." {
		t.Errorf("the minute is %q after a stale save", got)
	}
	var n int
	if err := f.db.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE action = 'meeting.minutes' AND object_id = $1::bigint::text`, id).Scan(&n); err != nil || n != 1 {
		t.Errorf("audit records of the minutes: %d (%v)", n, err)
	}
}

// A body of another partnership is not found: no meeting is planned for it, and a meeting is
// read and minuted only through its own body.
func TestAnotherPartnershipsBodyIsRefused(t *testing.T) {
	ctx := context.Background()
	f := setup(t, false)
	theirs := f.body(t, f.otherPID, "engine_room")
	_, err := f.svc.Create(ctx, f.actor, meetings.Input{PartnershipID: f.pid, BodyID: theirs.ID, Title: "Engine Room", HeldOn: day})
	if !errors.Is(err, meetings.ErrNoBody) || app.KindOf(err) != app.NotFound {
		t.Errorf("a meeting of another partnership's body: %v", err)
	}
	var n int
	if err := f.db.QueryRow(ctx, `SELECT count(*) FROM meeting WHERE body_id = $1`, theirs.ID).Scan(&n); err != nil || n != 0 {
		t.Errorf("meetings of their body: %d (%v)", n, err)
	}
	exec := f.body(t, f.pid, "executive")
	id, err := f.svc.Create(ctx, f.actor, meetings.Input{PartnershipID: f.pid, BodyID: exec.ID, Title: "Executive", HeldOn: day})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Meeting(ctx, theirs, id); !errors.Is(err, meetings.ErrNotFound) {
		t.Errorf("our meeting through their body: %v", err)
	}
	err = f.svc.SaveMinutes(ctx, f.actor, meetings.MinutesInput{BodyID: theirs.ID, MeetingID: id, Version: 1})
	if !errors.Is(err, meetings.ErrNotFound) {
		t.Errorf("minuting our meeting through their body: %v", err)
	}
}
