package seed

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/learning"
	"github.com/scp-portal/portal/internal/training"
)

// demoCourses are HSSCP's training programme for the year, after its published "Training
// Programme": title, who it is for, the theme whose first recommendation (and its training need)
// it serves, and its sessions as days from today, capacity and kind. A session in the past has
// its attendance recorded.
var demoCourses = []struct {
	title, audience, description, theme string
	sessions                            []demoSession
}{
	{"Hospital discharge planning for children", "Ward staff, health visitors and social workers",
		"Planning a child's discharge from hospital with the agencies that will support the family at home.",
		"Hospital discharge planning", []demoSession{{-100, 12, "course"}, {-30, 12, "course"}, {21, 12, "course"}}},
	{"Recognising cumulative harm: neglect", "Practitioners in all agencies working with families",
		"Using chronologies and the neglect toolkit to see the pattern of neglect building over time.",
		"Neglect: recognising cumulative harm", []demoSession{{14, 3, "course"}, {70, 20, "course"}}},
	{"Child exploitation and missing episodes", "Police, social workers, schools and youth services",
		"Return home interviews, sharing information with the police in time, and disrupting exploitation.",
		"Child exploitation and missing episodes", []demoSession{{42, 25, "course"}}},
	{"Partnership learning events", "Everyone working with children and families in Hartlepool and Stockton-on-Tees",
		"The partnership's twice-yearly learning events: what our reviews and audits have taught us, and what changes.",
		"", []demoSession{{56, 120, "learning_event"}}},
}

// demoSession is a session of a demo course: days from today, its capacity and kind.
type demoSession struct {
	days, capacity int
	kind           string
}

// demoTraining gives HSSCP its training programme: courses serving the recommendations of its
// themes, sessions past and to come (one learning event), bookings by the demo accounts, one full
// session with a waiting list, attendance of the past sessions, and evaluations: the practitioner
// evaluated both past discharge sessions, the earlier more than three months ago, whose follow-up
// is due. Each evaluation is evidence of impact on the recommendation served.
func demoTraining(ctx context.Context, tx pgx.Tx, p people, today time.Time) error {
	if p.slug != "hsscp" {
		return nil
	}
	for _, c := range demoCourses {
		var rec, need *int64
		if c.theme != "" {
			err := tx.QueryRow(ctx, `SELECT r.id, (SELECT n.id FROM training_need n WHERE n.recommendation_id = r.id ORDER BY n.id LIMIT 1)
				FROM recommendation r JOIN commission m ON m.id = r.commission_id JOIN theme t ON t.id = m.theme_id
				WHERE t.partnership_id = $1 AND t.title = $2 ORDER BY r.id LIMIT 1`, p.partnershipID, c.theme).Scan(&rec, &need)
			if err != nil && !errors.Is(err, pgx.ErrNoRows) {
				return err
			}
		}
		var course int64
		if err := tx.QueryRow(ctx, `INSERT INTO training_course (partnership_id, title, description, audience, need_id, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, p.partnershipID, c.title, c.description, c.audience, need, today.AddDate(0, -5, 0)).Scan(&course); err != nil {
			return err
		}
		if rec != nil {
			if _, err := tx.Exec(ctx, `INSERT INTO training_course_recommendation (course_id, partnership_id, recommendation_id) VALUES ($1, $2, $3)`,
				course, p.partnershipID, *rec); err != nil {
				return err
			}
		}
		if need != nil {
			if _, err := tx.Exec(ctx, `UPDATE training_need SET status = 'commissioned' WHERE id = $1`, *need); err != nil {
				return err
			}
		}
		for _, ds := range c.sessions {
			if err := demoTrainingSession(ctx, tx, p, course, c.title, rec, need, ds, today); err != nil {
				return err
			}
		}
	}
	return nil
}

// demoTrainingSession adds a session of course and its bookings: the practitioner, Engine Room
// member and critical friend book; a session of three places is full and the Executive member
// waits for a place; a past session's attendance is recorded and the practitioner evaluates it.
func demoTrainingSession(ctx context.Context, tx pgx.Tx, p people, course int64, title string, rec, need *int64, ds demoSession, today time.Time) error {
	day := today.AddDate(0, 0, ds.days)
	starts := time.Date(day.Year(), day.Month(), day.Day(), 9, 30, 0, 0, time.UTC)
	place, trainer := "Civic Centre, Hartlepool", "HSSCP learning co-ordinator"
	if ds.kind == "learning_event" {
		place, trainer = "Hartlepool Borough Hall", "The partnership's business unit and guest speakers"
	}
	var session int64
	if err := tx.QueryRow(ctx, `INSERT INTO training_session (partnership_id, course_id, kind, starts_at, ends_at, place, trainer, capacity, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`, p.partnershipID, course, ds.kind, starts, starts.Add(3*time.Hour),
		place, trainer, ds.capacity, today.AddDate(0, -4, 0)).Scan(&session); err != nil {
		return err
	}
	past := ds.days < 0
	bookers := []int64{p.practitioner, p.engineRoom, p.friend}
	if ds.capacity == 3 {
		bookers = append(bookers, p.executive)
	}
	for i, u := range bookers {
		status := "booked"
		if i >= ds.capacity {
			status = "waiting"
		}
		var attended *bool
		if past {
			came := u != p.friend
			attended = &came
		}
		var booking int64
		if err := tx.QueryRow(ctx, `INSERT INTO training_booking (session_id, user_id, status, attended, booked_at) VALUES ($1, $2, $3, $4, $5)
			RETURNING id`, session, u, status, attended, starts.AddDate(0, 0, -30+i)).Scan(&booking); err != nil {
			return err
		}
		if !past || u != p.practitioner {
			continue
		}
		before, after := 2, 4
		if _, err := tx.Exec(ctx, `INSERT INTO training_evaluation (booking_id, confidence_before, confidence_after, comment, evaluated_at, follow_up_due)
			VALUES ($1, $2, $3, $4, $5, $6)`, booking, before, after, "Clear and practical; I now know who to ring before a discharge.",
			starts.AddDate(0, 0, 1), starts.AddDate(0, training.FollowUpMonths, 0).Truncate(24*time.Hour)); err != nil {
			return err
		}
		if rec != nil {
			summary, rating := training.EvaluationEvidence(title, starts, before, after)
			if err := learning.AddEvidence(ctx, tx, p.partnershipID, *rec, u, "training_evaluation", summary, starts.AddDate(0, 0, 1), rating); err != nil {
				return err
			}
		}
	}
	if past && need != nil {
		_, err := tx.Exec(ctx, `UPDATE training_need SET status = 'delivered' WHERE id = $1`, *need)
		return err
	}
	return nil
}
