package learning

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/database"
)

// ItemKinds are the kinds of agenda item, with their headings.
var ItemKinds = []Option{
	{"request", "New requests to triage"}, {"commission", "Commissions due"},
	{"action", "Overdue actions"}, {"evidence", "Evidence of impact due"},
}

// Meeting is an Engine Room meeting.
type Meeting struct {
	ID            int64
	PartnershipID int64
	HeldOn        time.Time
	Title         string
	Attendees     []string
	Items         int
	Version       int // for saving the minutes
}

// Item is an agenda item with its minute.
type Item struct {
	ID     int64
	Kind   string
	RefID  int64
	Title  string
	Minute string
}

// Agenda returns what awaits the Engine Room's decision on a day, in one query: KLOE requests not
// yet triaged and CSPR consideration requests received, commissions due within two weeks and not
// signed off, actions overdue, and recommendations whose evidence of impact is due.
func Agenda(ctx context.Context, q database.Querier, partnershipID int64, day time.Time) ([]Item, error) {
	rows, err := q.Query(ctx, `
		SELECT * FROM (
			SELECT 0 AS id, 'request' AS kind, r.id AS ref_id, r.reference || CASE WHEN r.title <> '' THEN ': ' || r.title ELSE '' END AS title, '' AS minute, 1 AS o, r.submitted_at AS at
			FROM intake_request r WHERE r.partnership_id = $1 AND r.kind = 'kloe' AND r.status IN ('received', 'considering')
			  AND NOT EXISTS (SELECT 1 FROM triage t WHERE t.request_id = r.id)
			UNION ALL
			SELECT 0, 'commission', c.id, c.title || ' (findings due ' || to_char(c.due_on, 'FMDD FMMonth YYYY') || ')', '', 2, c.due_on::timestamptz
			FROM commission c WHERE c.partnership_id = $1 AND c.status <> 'signed_off' AND c.due_on <= $2::date + 14
			UNION ALL
			SELECT 0, 'action', a.recommendation_id, o.name || ': ' || a.description || ' (due ' || to_char(a.due_on, 'FMDD FMMonth YYYY') || ')', '', 3, a.due_on::timestamptz
			FROM action a JOIN recommendation r ON r.id = a.recommendation_id JOIN organisation o ON o.id = a.organisation_id
			WHERE r.partnership_id = $1 AND a.status <> 'done' AND a.due_on < $2
			UNION ALL
			SELECT 0, 'evidence', r.id, r.title || ' (evidence due ' || to_char(r.impact_due_on, 'FMDD FMMonth YYYY') || ')', '', 4, r.impact_due_on::timestamptz
			FROM recommendation r WHERE r.partnership_id = $1 AND r.impact_due_on <= $2
			  AND NOT EXISTS (SELECT 1 FROM impact_evidence e WHERE e.recommendation_id = r.id)
		) items ORDER BY o, at, ref_id`, partnershipID, day)
	if err != nil {
		return nil, fmt.Errorf("learning: agenda: %w", err)
	}
	type row struct {
		ID     int64
		Kind   string
		RefID  int64
		Title  string
		Minute string
		O      int
		At     *time.Time
	}
	rs, err := pgx.CollectRows(rows, pgx.RowToStructByPos[row])
	if err != nil {
		return nil, fmt.Errorf("learning: agenda: %w", err)
	}
	items := make([]Item, 0, len(rs))
	for _, r := range rs {
		items = append(items, Item{Kind: r.Kind, RefID: r.RefID, Title: r.Title})
	}
	return items, nil
}

// CreateMeeting plans a meeting on a day with its attendees, its agenda built from what awaits a
// decision then, inside the caller's transaction.
func CreateMeeting(ctx context.Context, tx pgx.Tx, partnershipID int64, heldOn time.Time, title string, attendees []int64) (int64, error) {
	title = strings.TrimSpace(title)
	if title == "" {
		return 0, ErrNotAllowed
	}
	var id int64
	if err := tx.QueryRow(ctx, `INSERT INTO meeting (partnership_id, held_on, title) VALUES ($1, $2, $3) RETURNING id`,
		partnershipID, heldOn, title).Scan(&id); err != nil {
		return 0, fmt.Errorf("learning: create meeting: %w", err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO meeting_attendee (meeting_id, user_id)
		SELECT $1, u.id FROM app_user u WHERE u.partnership_id = $2 AND u.id = ANY ($3)`, id, partnershipID, attendees); err != nil {
		return 0, fmt.Errorf("learning: meeting attendees: %w", err)
	}
	items, err := Agenda(ctx, tx, partnershipID, heldOn)
	if err != nil {
		return 0, err
	}
	for i, it := range items {
		if _, err := tx.Exec(ctx, `INSERT INTO meeting_item (meeting_id, position, kind, ref_id, title) VALUES ($1, $2, $3, $4, $5)`,
			id, i, it.Kind, it.RefID, it.Title); err != nil {
			return 0, fmt.Errorf("learning: meeting item: %w", err)
		}
	}
	return id, nil
}

// Meetings returns the partnership's meetings, newest first, with attendees and item counts, in
// one query.
func Meetings(ctx context.Context, q database.Querier, partnershipID int64) ([]Meeting, error) {
	rows, err := q.Query(ctx, `SELECT m.id, m.partnership_id, m.held_on, m.title,
		coalesce((SELECT array_agg(u.name ORDER BY u.name) FROM meeting_attendee a JOIN app_user u ON u.id = a.user_id WHERE a.meeting_id = m.id), '{}'),
		(SELECT count(*)::int FROM meeting_item i WHERE i.meeting_id = m.id), m.version
		FROM meeting m WHERE m.partnership_id = $1 ORDER BY m.held_on DESC, m.id DESC`, partnershipID)
	if err != nil {
		return nil, fmt.Errorf("learning: meetings: %w", err)
	}
	ms, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Meeting])
	if err != nil {
		return nil, fmt.Errorf("learning: meetings: %w", err)
	}
	return ms, nil
}

// GetMeeting returns a meeting with its agenda.
func GetMeeting(ctx context.Context, q database.Querier, partnershipID, id int64) (Meeting, []Item, error) {
	rows, err := q.Query(ctx, `SELECT m.id, m.partnership_id, m.held_on, m.title,
		coalesce((SELECT array_agg(u.name ORDER BY u.name) FROM meeting_attendee a JOIN app_user u ON u.id = a.user_id WHERE a.meeting_id = m.id), '{}'),
		(SELECT count(*)::int FROM meeting_item i WHERE i.meeting_id = m.id), m.version
		FROM meeting m WHERE m.partnership_id = $1 AND m.id = $2`, partnershipID, id)
	if err != nil {
		return Meeting{}, nil, fmt.Errorf("learning: meeting: %w", err)
	}
	m, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByPos[Meeting])
	if errors.Is(err, pgx.ErrNoRows) {
		return m, nil, ErrNotFound
	}
	if err != nil {
		return m, nil, fmt.Errorf("learning: meeting: %w", err)
	}
	rows, err = q.Query(ctx, `SELECT id, kind, ref_id, title, minute FROM meeting_item WHERE meeting_id = $1 ORDER BY position`, id)
	if err != nil {
		return m, nil, fmt.Errorf("learning: meeting items: %w", err)
	}
	items, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Item])
	if err != nil {
		return m, nil, fmt.Errorf("learning: meeting items: %w", err)
	}
	return m, items, nil
}

// SaveMinutes stores the minute of each of the meeting's items named in minutes (item id to text),
// if the meeting is still at version: otherwise someone else saved since, and it is ErrConflict.
func SaveMinutes(ctx context.Context, tx pgx.Tx, partnershipID, meetingID int64, version int, minutes map[int64]string) error {
	tag, err := tx.Exec(ctx, `UPDATE meeting SET version = version + 1 WHERE partnership_id = $1 AND id = $2 AND version = $3`,
		partnershipID, meetingID, version)
	if err != nil {
		return fmt.Errorf("learning: save minutes: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return ErrConflict
	}
	for itemID, text := range minutes {
		if _, err := tx.Exec(ctx, `UPDATE meeting_item SET minute = $3 WHERE meeting_id = $1 AND id = $2`,
			meetingID, itemID, strings.TrimSpace(text)); err != nil {
			return fmt.Errorf("learning: save minutes: %w", err)
		}
	}
	return nil
}

// Decision is a triage decision taken at a meeting.
type Decision struct {
	RequestID int64
	Reference string
	Decision  string
	Outcome   string
}

// MeetingDecisions returns the triage decisions taken at a meeting.
func MeetingDecisions(ctx context.Context, q database.Querier, meetingID int64) ([]Decision, error) {
	rows, err := q.Query(ctx, `SELECT t.request_id, r.reference, t.decision, t.outcome FROM triage t JOIN intake_request r ON r.id = t.request_id
		WHERE t.meeting_id = $1 ORDER BY t.decided_at`, meetingID)
	if err != nil {
		return nil, fmt.Errorf("learning: decisions: %w", err)
	}
	ds, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Decision])
	if err != nil {
		return nil, fmt.Errorf("learning: decisions: %w", err)
	}
	return ds, nil
}
