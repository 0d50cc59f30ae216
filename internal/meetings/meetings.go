// Package meetings keeps the meetings of the partnership's bodies (the Engine Room, the
// Executive): who came, the agenda built from what awaited the body's decision on the day, the
// minute of each item, and the decisions taken there. What goes on an agenda is the business of
// the domain it comes from: each supplies an AgendaSource. This package owns only the meeting and
// the free item a person adds by hand.
package meetings

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/database"
)

// Errors of this package.
var (
	ErrNotFound = app.NotFoundError("meetings: no such meeting")
	ErrNoBody   = app.NotFoundError("meetings: no such body")
)

// Free is the kind of an item a person puts on the agenda by hand, which no domain supplies. It
// comes last.
var Free = app.Choice{Value: "free", Label: "Other business"}

// Body is a body of the partnership that holds meetings.
type Body struct {
	ID            int64
	PartnershipID int64
	Name          string
	Kind          string // as partnership.BodyKinds: a source decides by it what the body decides
}

// ExecutiveKind is the kind of the partnership's Executive, whose agenda most areas feed.
const ExecutiveKind = "executive"

// IsExecutive reports whether the body is the partnership's Executive.
func (b Body) IsExecutive() bool { return b.Kind == ExecutiveKind }

// IsEngineRoom reports whether the body is the partnership's Engine Room.
func (b Body) IsEngineRoom() bool { return b.Kind == "engine_room" }

// NotYetOnAgenda is the SQL condition that the record whose id is the SQL expression ref has not
// been on an agenda of the body (the SQL parameter body) as an item of the kind (parameter kind):
// a source that puts a record before a body once, such as a report, asks it. The arguments are
// SQL written by the source, never a request's.
func NotYetOnAgenda(ref, body, kind string) string {
	return `NOT EXISTS (SELECT 1 FROM meeting m JOIN meeting_item i ON i.meeting_id = m.id
		WHERE m.body_id = ` + body + ` AND i.kind = ` + kind + ` AND i.ref_id = ` + ref + `)`
}

// Meeting is a meeting of a body.
type Meeting struct {
	ID            int64
	PartnershipID int64
	BodyID        int64
	HeldOn        time.Time
	Title         string
	Attendees     []string // names, in alphabetical order
	Items         int
	Version       int      // for saving the minutes
	Apologies     []string // names of those who sent apologies, in alphabetical order
	// IndependentChair is set when the independent chair took the chair; otherwise Chair names the
	// statutory partner who did ("" when nobody was recorded).
	IndependentChair bool
	Chair            string
	PapersDays       int      // working days before the meeting that its papers reach the members
	Missing          []string // statutory partners not represented, by name: the meeting is not quorate
	// The ids behind Attendees, Apologies and Chair, for the form that changes them.
	AttendeeIDs, ApologyIDs []int64
	ChairOrganisationID     *int64
}

// Quorate reports whether every statutory partner was represented at the meeting.
func (m Meeting) Quorate() bool { return len(m.Missing) == 0 }

// ChairName names who chaired the meeting, for people.
func (m Meeting) ChairName() string {
	switch {
	case m.IndependentChair:
		return "Independent chair"
	case m.Chair != "":
		return m.Chair
	}
	return "Not recorded"
}

// Item is an agenda item with its minute. RefID is the record of the source it is about (0 for a
// free item). A confidential item is shown only to those the policy lets read it; for others it is
// Withheld, its title and minute blanked.
type Item struct {
	ID           int64
	Kind         string
	RefID        int64
	Title        string
	Minute       string
	Confidential bool
	Withheld     bool
	Note         string // a free item's note under its title, as added to the agenda (AddItem)
}

// ScanItem reads an agenda item from a row of its kind, the id of the record it refers to and its
// title, in that order: what an AgendaSource's query selects.
func ScanItem(row pgx.CollectableRow) (Item, error) {
	var it Item
	return it, row.Scan(&it.Kind, &it.RefID, &it.Title)
}

// Section is the items of one kind, under the kind's heading.
type Section struct {
	Kind  app.Choice
	Items []Item
}

// Decision is a decision taken at a meeting, as the domain that recorded it describes it: Kind
// and RefID name the record decided on, Reference names it for people, Label says what was decided
// and Outcome why.
type Decision struct {
	Kind      string
	RefID     int64
	Reference string
	Label     string
	Outcome   string
}

// Detail is a meeting with its agenda in sections and the decisions taken there: those the
// sources recorded (Decisions), and those minuted with an owner and a due date (Resolutions).
type Detail struct {
	Meeting
	Sections    []Section
	Decisions   []Decision
	Resolutions []Resolution
	Partners    []Representation // each statutory partner, and whether it was represented
	PapersOn    time.Time        // the day the papers reach the members
	// PapersWithheld is set when the papers have not reached the reader yet: the sections hold no
	// items.
	PapersWithheld bool
}

// AgendaSource is one domain's part in a body's meetings: the kinds of item it puts on the
// body's agenda, the items awaiting the body's decision on a day, and the decisions it recorded
// against a meeting. A source that has nothing for a body returns no kinds and no items.
type AgendaSource interface {
	// Kinds returns the kinds of item the source puts on b's agenda, with their headings, in
	// agenda order.
	Kinds(b Body) app.Choices
	// AgendaItems returns the items awaiting b's decision on day, in agenda order.
	AgendaItems(ctx context.Context, q database.Querier, b Body, day time.Time) ([]Item, error)
	// Decisions returns the decisions recorded against the meeting, in the order taken.
	Decisions(ctx context.Context, q database.Querier, meetingID int64) ([]Decision, error)
}

// kinds returns the kinds of item on b's agenda: the sources' in order, then free items.
func kinds(sources []AgendaSource, b Body) app.Choices {
	var cs app.Choices
	for _, src := range sources {
		cs = append(cs, src.Kinds(b)...)
	}
	return append(cs, Free)
}

// BodyOfKind returns the partnership's body of a kind (the first made, if there are several).
func BodyOfKind(ctx context.Context, q database.Querier, partnershipID int64, kind string) (Body, error) {
	return oneBody(ctx, q, `SELECT id, partnership_id, name, kind FROM body WHERE partnership_id = $1 AND kind = $2 ORDER BY id LIMIT 1`,
		partnershipID, kind)
}

// BodyByID returns one of the partnership's bodies: another partnership's is not found.
func BodyByID(ctx context.Context, q database.Querier, partnershipID, id int64) (Body, error) {
	return oneBody(ctx, q, `SELECT id, partnership_id, name, kind FROM body WHERE partnership_id = $1 AND id = $2`, partnershipID, id)
}

func oneBody(ctx context.Context, q database.Querier, sql string, args ...any) (Body, error) {
	return database.One[Body](ctx, q, ErrNoBody, "meetings: body", sql, args...)
}

// Person is someone who may attend a body's meetings.
type Person struct {
	ID   int64
	Name string
}

// People returns who may attend b's meetings on day: the body's current members and the business
// unit's, who support every body, by name.
func People(ctx context.Context, q database.Querier, b Body, day time.Time) ([]Person, error) {
	return database.All[Person](ctx, q, "meetings: people", `SELECT DISTINCT u.id, u.name FROM membership m JOIN body b ON b.id = m.body_id
		JOIN app_user u ON u.id = m.user_id WHERE m.partnership_id = $1 AND (b.id = $2 OR b.kind = 'business_unit')
		AND u.status = 'active' AND m.starts_on <= $3 AND (m.ends_on IS NULL OR m.ends_on > $3) ORDER BY u.name, u.id`,
		b.PartnershipID, b.ID, day)
}

// Chair choices of a meeting: the statutory partner whose turn it is on the body's rota on the
// day, or the independent chair; a form may also name a statutory partner by its id.
const (
	ChairByRota      = "rota"
	ChairIndependent = "independent"
)

// DefaultPapersDays is how many working days before a meeting its papers reach the members,
// unless the meeting says otherwise.
const DefaultPapersDays = 5

// Input is what a person gives to plan a meeting of a body.
type Input struct {
	PartnershipID int64
	BodyID        int64
	Title         string
	HeldOn        time.Time
	Attendees     []int64
	Apologies     []int64
	// Chair is ChairByRota (also when empty), ChairIndependent, or a statutory partner's id.
	Chair        string
	PapersDays   int      // 1 to 30; 0 is DefaultPapersDays
	Other        []string // free items, one each, after what the sources supply
	Confidential []string // confidential free items, after the others
}

// Validate checks the input and returns it cleaned up, or an Invalid error naming each problem
// in page order.
func (in Input) Validate() (Input, error) {
	var p app.Problems
	in.Title = strings.TrimSpace(in.Title)
	if in.Title == "" || len([]rune(in.Title)) > 200 {
		p.Add("title", "Enter the meeting's title, 200 characters or fewer")
	}
	if in.HeldOn.IsZero() {
		p.Add("held_on-day", "Enter the date of the meeting")
	}
	in.Attendees, in.Apologies, in.Chair = attendance(&p, in.Attendees, in.Apologies, in.Chair)
	if in.PapersDays == 0 {
		in.PapersDays = DefaultPapersDays
	}
	if in.PapersDays < 1 || in.PapersDays > 30 {
		p.Add("papers_days", "Enter the working days before the meeting that papers go out, from 1 to 30")
	}
	in.Other = freeItems(&p, "other_items", in.Other)
	in.Confidential = freeItems(&p, "confidential_items", in.Confidential)
	return in, p.Err()
}

// freeItems returns the free items typed in one field, trimmed, blank lines dropped; an overlong
// one is a problem on that field.
func freeItems(p *app.Problems, field string, lines []string) []string {
	var items []string
	for _, o := range lines {
		if o = strings.TrimSpace(o); o == "" {
			continue
		}
		if len([]rune(o)) > 500 && !p.Has(field) {
			p.Add(field, "Each item must be 500 characters or fewer")
		}
		items = append(items, o)
	}
	return items
}

// Create plans the meeting of a validated input inside the caller's transaction, its agenda built
// from what the sources say awaits the body's decision on the day, then the free items. The body
// must be of in.PartnershipID, and every attendee a person of that partnership.
func Create(ctx context.Context, tx pgx.Tx, sources []AgendaSource, in Input) (int64, error) {
	b, err := BodyByID(ctx, tx, in.PartnershipID, in.BodyID)
	if err != nil {
		return 0, err
	}
	chair, err := chairOf(ctx, tx, b, in.Chair, in.HeldOn)
	if err != nil {
		return 0, err
	}
	var id int64
	if err := tx.QueryRow(ctx, `INSERT INTO meeting (partnership_id, body_id, held_on, title, independent_chair, chair_organisation_id, papers_days)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		b.PartnershipID, b.ID, in.HeldOn, in.Title, in.Chair == ChairIndependent, chair, cmp.Or(in.PapersDays, DefaultPapersDays)).Scan(&id); err != nil {
		return 0, fmt.Errorf("meetings: create: %w", err)
	}
	if err := setPeople(ctx, tx, id, b.PartnershipID, in.Attendees, in.Apologies); err != nil {
		return 0, err
	}
	var items []Item
	for _, src := range sources {
		its, err := src.AgendaItems(ctx, tx, b, in.HeldOn)
		if err != nil {
			return 0, err
		}
		items = append(items, its...)
	}
	for _, o := range in.Other {
		items = append(items, Item{Kind: Free.Value, Title: o})
	}
	for _, o := range in.Confidential {
		items = append(items, Item{Kind: Free.Value, Title: o, Confidential: true})
	}
	for i, it := range items {
		if _, err := tx.Exec(ctx, `INSERT INTO meeting_item (meeting_id, position, kind, ref_id, title, confidential) VALUES ($1, $2, $3, $4, $5, $6)`,
			id, i, it.Kind, it.RefID, it.Title, it.Confidential); err != nil {
			return 0, fmt.Errorf("meetings: item: %w", err)
		}
	}
	return id, nil
}

const meetingColumns = `SELECT m.id, m.partnership_id, m.body_id, m.held_on, m.title,
	coalesce((SELECT array_agg(u.name ORDER BY u.name) FROM meeting_attendee a JOIN app_user u ON u.id = a.user_id WHERE a.meeting_id = m.id), '{}'),
	(SELECT count(*)::int FROM meeting_item i WHERE i.meeting_id = m.id), m.version,
	coalesce((SELECT array_agg(u.name ORDER BY u.name) FROM meeting_apology a JOIN app_user u ON u.id = a.user_id WHERE a.meeting_id = m.id), '{}'),
	m.independent_chair, coalesce((SELECT o.name FROM organisation o WHERE o.id = m.chair_organisation_id), ''), m.papers_days,
	coalesce((SELECT array_agg(r.name ORDER BY r.name) FROM meeting_representation r WHERE r.meeting_id = m.id AND NOT r.represented), '{}'),
	coalesce((SELECT array_agg(a.user_id ORDER BY a.user_id) FROM meeting_attendee a WHERE a.meeting_id = m.id), '{}'),
	coalesce((SELECT array_agg(a.user_id ORDER BY a.user_id) FROM meeting_apology a WHERE a.meeting_id = m.id), '{}'),
	m.chair_organisation_id
	FROM meeting m `

// ListLimit bounds the list of a body's meetings: a body meeting monthly fills it in eight years.
const ListLimit = 100

// List returns the body's meetings held on or after since (all of them for the zero time, up to
// ListLimit), newest first, with attendees, apologies, chair, quorum and item counts, in one query.
func List(ctx context.Context, q database.Querier, bodyID int64, since time.Time) ([]Meeting, error) {
	return database.All[Meeting](ctx, q, "meetings: list", meetingColumns+`WHERE m.body_id = $1 AND m.held_on >= $2
		ORDER BY m.held_on DESC, m.id DESC LIMIT `+strconv.Itoa(ListLimit), bodyID, since)
}

// Get returns a meeting of the body with its agenda items in order: another body's is not found.
func Get(ctx context.Context, q database.Querier, bodyID, id int64) (Meeting, []Item, error) {
	m, err := database.One[Meeting](ctx, q, ErrNotFound, "meetings: meeting", meetingColumns+`WHERE m.body_id = $1 AND m.id = $2`, bodyID, id)
	if err != nil {
		return m, nil, err
	}
	items, err := database.All[Item](ctx, q, "meetings: items", `SELECT id, kind, ref_id, title, minute, confidential, false, note
		FROM meeting_item WHERE meeting_id = $1 ORDER BY position, id`, id)
	if err != nil {
		return m, nil, err
	}
	return m, items, nil
}

// sections puts items under the headings of the agenda's kinds, every heading shown even when
// it has no item; an item of a kind no source supplies now keeps a section of its own, named by
// its kind, at the end.
func sections(kinds app.Choices, items []Item) []Section {
	secs := make([]Section, 0, len(kinds))
	for _, k := range kinds {
		secs = append(secs, Section{Kind: k})
	}
	for _, it := range items {
		i := slices.IndexFunc(secs, func(s Section) bool { return s.Kind.Value == it.Kind })
		if i < 0 {
			secs = append(secs, Section{Kind: app.Choice{Value: it.Kind, Label: it.Kind}})
			i = len(secs) - 1
		}
		secs[i].Items = append(secs[i].Items, it)
	}
	return secs
}
