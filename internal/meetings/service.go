package meetings

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/workdays"
)

// Service reads and changes the meetings of the partnership's bodies. Every change validates its
// input, then in one transaction makes the change and writes its audit record (app.Change). The
// caller has asked the access policy first.
type Service struct {
	app.Env                // the database and the clock
	Sources []AgendaSource // what each domain puts on a body's agenda, in agenda order
	// Calendar loads the working days papers are counted in (reviews.Calendar, with the days the
	// system administrator added); nil counts bank holidays only.
	Calendar func(ctx context.Context, q database.Querier) (*workdays.Calendar, error)
}

// calendar returns the working-day calendar papers are released by.
func (s *Service) calendar(ctx context.Context) (*workdays.Calendar, error) {
	if s.Calendar == nil {
		return workdays.New(), nil
	}
	return s.Calendar(ctx, s.DB)
}

// BodyOfKind returns the partnership's body of a kind, such as its Engine Room: ErrNoBody when it
// has none.
func (s *Service) BodyOfKind(ctx context.Context, partnershipID int64, kind string) (Body, error) {
	return BodyOfKind(ctx, s.DB, partnershipID, kind)
}

// Kinds returns the kinds of item on b's agenda, with their headings, in agenda order.
func (s *Service) Kinds(b Body) app.Choices { return kinds(s.Sources, b) }

// People returns who may attend b's meetings today.
func (s *Service) People(ctx context.Context, b Body) ([]Person, error) {
	return People(ctx, s.DB, b, s.Today())
}

// Meetings returns b's meetings, newest first.
func (s *Service) Meetings(ctx context.Context, b Body) ([]Meeting, error) {
	return List(ctx, s.DB, b.ID, time.Time{})
}

// Recent returns b's meetings of the last month, newest first: those a decision may still be
// recorded against.
func (s *Service) Recent(ctx context.Context, b Body) ([]Meeting, error) {
	return List(ctx, s.DB, b.ID, s.Today().AddDate(0, -1, 0))
}

// Meeting returns a meeting of b with its agenda in sections, the decisions taken there, whether
// each statutory partner was represented, and the day its papers reach the members: all of it,
// for those who may see all (MeetingFor is what a reader may see).
func (s *Service) Meeting(ctx context.Context, b Body, id int64) (Detail, error) {
	m, items, err := Get(ctx, s.DB, b.ID, id)
	if err != nil {
		return Detail{}, err
	}
	d := Detail{Meeting: m, Sections: sections(s.Kinds(b), items)}
	for _, src := range s.Sources {
		ds, err := src.Decisions(ctx, s.DB, id)
		if err != nil {
			return Detail{}, err
		}
		d.Decisions = append(d.Decisions, ds...)
	}
	if d.Resolutions, err = resolutionsOf(ctx, s.DB, id); err != nil {
		return Detail{}, err
	}
	if d.Partners, err = representation(ctx, s.DB, id); err != nil {
		return Detail{}, err
	}
	cal, err := s.calendar(ctx)
	if err != nil {
		return Detail{}, err
	}
	d.PapersOn = ReleaseDay(cal, m.HeldOn, m.PapersDays)
	return d, nil
}

// MeetingFor returns a meeting of b as v may see it today (Detail.For).
func (s *Service) MeetingFor(ctx context.Context, b Body, id int64, v Viewer) (Detail, error) {
	d, err := s.Meeting(ctx, b, id)
	if err != nil {
		return Detail{}, err
	}
	return d.For(v, s.Today()), nil
}

// BodyByID returns one of the partnership's bodies: another partnership's is not found.
func (s *Service) BodyByID(ctx context.Context, partnershipID, id int64) (Body, error) {
	return BodyByID(ctx, s.DB, partnershipID, id)
}

// Members returns the ids of b's current members, whom the access policy lets read and plan its
// meetings and see their confidential items.
func (s *Service) Members(ctx context.Context, b Body) ([]int64, error) {
	return database.Values[int64](ctx, s.DB, "meetings: members", `SELECT DISTINCT m.user_id FROM membership m
		WHERE m.body_id = $1 AND m.starts_on <= $2 AND (m.ends_on IS NULL OR m.ends_on > $2) ORDER BY m.user_id`, b.ID, s.Today())
}

// Partners returns the partnership's statutory partners, who may chair b's meetings.
func (s *Service) Partners(ctx context.Context, b Body) ([]Partner, error) {
	return StatutoryPartners(ctx, s.DB, b.PartnershipID)
}

// Log returns a page of b's decisions and actions, filtered, and how many match.
func (s *Service) Log(ctx context.Context, b Body, f LogFilter) ([]Resolution, int, error) {
	f.BodyID, f.Today = b.ID, s.Today()
	return Log(ctx, s.DB, f)
}

// ExportLog downloads b's decisions and actions log as f selects it (every page), calling fn with
// each decision as it is read, after recording the download (filters: the names of the filters set).
func (s *Service) ExportLog(ctx context.Context, a app.Actor, b Body, f LogFilter, filters []string, fn func(Resolution) error) error {
	if err := app.Exported(ctx, s.DB, a, "decisions_log", filters); err != nil {
		return err
	}
	f.BodyID, f.Today = b.ID, s.Today()
	return EachInLog(ctx, s.DB, f, fn)
}

// Resolution returns one decision of b's log.
func (s *Service) Resolution(ctx context.Context, b Body, id int64) (Resolution, error) {
	return ResolutionByID(ctx, s.DB, b.ID, id)
}

// Resolve minutes a decision of a meeting of b, with the owner and due date of the action that
// follows, and its audit record.
func (s *Service) Resolve(ctx context.Context, a app.Actor, b Body, in ResolutionInput) (int64, error) {
	in, check := in.Validate()
	in.BodyID = b.ID
	return app.Create(ctx, s.DB, a, check, func(tx pgx.Tx) (int64, app.Event, error) {
		id, err := Resolve(ctx, tx, b, in, s.Today())
		return id, app.Event{Action: audit.MeetingDecision, ObjectType: "meeting", ObjectID: in.MeetingID}, err
	})
}

// MarkDone marks an action of b's log done today, with the note of what was done, and its audit
// record.
func (s *Service) MarkDone(ctx context.Context, a app.Actor, b Body, in DoneInput) error {
	in, check := in.Validate()
	in.BodyID = b.ID
	return app.ChangeChecked(ctx, s.DB, a, check, func(tx pgx.Tx) (app.Event, error) {
		return app.Event{Action: audit.MeetingActionDone, ObjectType: "meeting_decision", ObjectID: in.ResolutionID},
			MarkDone(ctx, tx, in, a.Subject.UserID, s.Today())
	})
}

// Create plans a meeting of a body of the actor's partnership, its agenda built from what
// awaits the body's decision on the day. A body of another partnership is not found.
func (s *Service) Create(ctx context.Context, a app.Actor, in Input) (int64, error) {
	in, check := in.Validate()
	return app.Create(ctx, s.DB, a, check, func(tx pgx.Tx) (int64, app.Event, error) {
		id, err := Create(ctx, tx, s.Sources, in)
		return id, app.Event{Action: audit.MeetingCreate, ObjectType: "meeting", ObjectID: id, Detail: "held on " + in.HeldOn.Format(time.DateOnly)}, err
	})
}

// MinutesInput is the minutes written against a meeting's items, saved over the version the
// writer loaded.
type MinutesInput struct {
	BodyID    int64
	MeetingID int64
	Version   int
	Minutes   map[int64]string // by item id; an item not named keeps its minute
}

// maxMinute is the longest minute of an item, in characters.
const maxMinute = 10000

// SaveMinutes stores the minute of each item named, if the meeting is still at in.Version:
// otherwise someone else saved since, and the save is refused as stale, the writer's text kept
// by the caller. A problem is named on its item's field, minute-<item id>, in agenda order.
func (s *Service) SaveMinutes(ctx context.Context, a app.Actor, in MinutesInput) error {
	return app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: audit.MeetingMinutes, ObjectType: "meeting", ObjectID: in.MeetingID}
		var version int
		err := tx.QueryRow(ctx, `SELECT version FROM meeting WHERE body_id = $1 AND id = $2 FOR UPDATE`, in.BodyID, in.MeetingID).Scan(&version)
		if errors.Is(err, pgx.ErrNoRows) {
			return ev, ErrNotFound
		}
		if err != nil {
			return ev, fmt.Errorf("meetings: save minutes: %w", err)
		}
		items, err := database.Values[int64](ctx, tx, "meetings: save minutes", `SELECT id FROM meeting_item WHERE meeting_id = $1 ORDER BY position, id`, in.MeetingID)
		if err != nil {
			return ev, err
		}
		var p app.Problems
		for _, item := range items {
			if text, ok := in.Minutes[item]; ok && len([]rune(text)) > maxMinute {
				p.Add("minute-"+strconv.FormatInt(item, 10), "A minute must be 10,000 characters or fewer")
			}
		}
		if err := p.Err(); err != nil {
			return ev, err
		}
		if version != in.Version {
			return ev, app.Stale("minutes", "saved these minutes", "", version)
		}
		if _, err := tx.Exec(ctx, `UPDATE meeting SET version = version + 1 WHERE id = $1`, in.MeetingID); err != nil {
			return ev, fmt.Errorf("meetings: save minutes: %w", err)
		}
		for _, item := range items {
			text, ok := in.Minutes[item]
			if !ok {
				continue
			}
			if _, err := tx.Exec(ctx, `UPDATE meeting_item SET minute = $2 WHERE id = $1`, item, strings.TrimSpace(text)); err != nil {
				return ev, fmt.Errorf("meetings: save minutes: %w", err)
			}
		}
		return ev, nil
	})
}

// SaveAttendance records who chaired a meeting of b, who attended and who sent apologies, with
// its audit record: whether it was quorate follows.
func (s *Service) SaveAttendance(ctx context.Context, a app.Actor, b Body, in AttendanceInput) error {
	in, check := in.Validate()
	in.BodyID = b.ID
	return app.ChangeChecked(ctx, s.DB, a, check, func(tx pgx.Tx) (app.Event, error) {
		return app.Event{Action: audit.MeetingAttendance, ObjectType: "meeting", ObjectID: in.MeetingID}, SetAttendance(ctx, tx, b, in)
	})
}
