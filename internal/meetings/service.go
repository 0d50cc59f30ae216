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
)

// Service reads and changes the meetings of the partnership's bodies. Every change validates its
// input, then in one transaction makes the change and writes its audit record (app.Change). The
// caller has asked the access policy first.
type Service struct {
	app.Env                // the database and the clock
	Sources []AgendaSource // what each domain puts on a body's agenda, in agenda order
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

// Meeting returns a meeting of b with its agenda in sections and the decisions taken there.
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
	return d, nil
}

// Create plans a meeting of a body of the actor's partnership, its agenda built from what
// awaits the body's decision on the day. A body of another partnership is not found.
func (s *Service) Create(ctx context.Context, a app.Actor, in Input) (int64, error) {
	in, err := in.Validate()
	if err != nil {
		return 0, err
	}
	var id int64
	err = app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		var err error
		id, err = Create(ctx, tx, s.Sources, in)
		return app.Event{Action: audit.MeetingCreate, ObjectType: "meeting", ObjectID: id, Detail: "held on " + in.HeldOn.Format(time.DateOnly)}, err
	})
	if err != nil {
		return 0, err
	}
	return id, nil
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
		items, err := database.Values[int64](ctx, tx, "meetings: save minutes", `SELECT id FROM meeting_item WHERE meeting_id = $1 ORDER BY position`, in.MeetingID)
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
