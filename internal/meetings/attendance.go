package meetings

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
)

// attendance cleans up who attended, who sent apologies and the chair chosen, a problem on p
// naming anyone in both lists.
func attendance(p *app.Problems, attendees, apologies []int64, chair string) ([]int64, []int64, string) {
	slices.Sort(attendees)
	attendees = slices.Compact(attendees)
	slices.Sort(apologies)
	apologies = slices.Compact(apologies)
	for _, a := range apologies {
		if slices.Contains(attendees, a) {
			p.Add("apologies", "Someone cannot both attend and send apologies: untick them in one list")
			break
		}
	}
	if chair == "" {
		chair = ChairByRota
	}
	return attendees, apologies, chair
}

// setPeople records who attended the meeting and who sent apologies, in place of what was recorded:
// each must be a person of the partnership.
func setPeople(ctx context.Context, tx pgx.Tx, meetingID, partnershipID int64, attendees, apologies []int64) error {
	for _, people := range []struct {
		table, field, message string
		ids                   []int64
	}{
		{"meeting_attendee", "attendees", "Choose the attendees from the list", attendees},
		{"meeting_apology", "apologies", "Choose who sent apologies from the list", apologies},
	} {
		if _, err := tx.Exec(ctx, `DELETE FROM `+people.table+` WHERE meeting_id = $1`, meetingID); err != nil {
			return fmt.Errorf("meetings: %s: %w", people.field, err)
		}
		tag, err := tx.Exec(ctx, `INSERT INTO `+people.table+` (meeting_id, user_id)
			SELECT $1, u.id FROM app_user u WHERE u.partnership_id = $2 AND u.id = ANY ($3)`, meetingID, partnershipID, people.ids)
		if err != nil {
			return fmt.Errorf("meetings: %s: %w", people.field, err)
		}
		if tag.RowsAffected() != int64(len(people.ids)) {
			return app.InvalidField(people.field, people.message)
		}
	}
	return nil
}

// AttendanceInput is who chaired, attended and sent apologies, recorded once the meeting is held
// (or corrected), saved over the version of the meeting the page loaded.
type AttendanceInput struct {
	BodyID    int64
	MeetingID int64
	Version   int
	Attendees []int64
	Apologies []int64
	Chair     string // as Input.Chair
}

// Validate checks the input and returns it cleaned up, or an Invalid error naming each problem.
func (in AttendanceInput) Validate() (AttendanceInput, error) {
	var p app.Problems
	in.Attendees, in.Apologies, in.Chair = attendance(&p, in.Attendees, in.Apologies, in.Chair)
	return in, p.Err()
}

// SetAttendance records a validated attendance of a meeting of b inside the caller's transaction,
// if the meeting is still at in.Version: otherwise someone else changed it since.
func SetAttendance(ctx context.Context, tx pgx.Tx, b Body, in AttendanceInput) error {
	var version int
	var heldOn time.Time
	err := tx.QueryRow(ctx, `SELECT version, held_on FROM meeting WHERE body_id = $1 AND id = $2 FOR UPDATE`, b.ID, in.MeetingID).Scan(&version, &heldOn)
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("meetings: attendance: %w", err)
	}
	if version != in.Version {
		return app.Stale("attendees", "changed this meeting", "", version)
	}
	chair, err := chairOf(ctx, tx, b, in.Chair, heldOn)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE meeting SET independent_chair = $2, chair_organisation_id = $3, version = version + 1 WHERE id = $1`,
		in.MeetingID, in.Chair == ChairIndependent, chair); err != nil {
		return fmt.Errorf("meetings: attendance: %w", err)
	}
	return setPeople(ctx, tx, in.MeetingID, b.PartnershipID, in.Attendees, in.Apologies)
}
