package reports

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/caseaudits"
	"github.com/scp-portal/portal/internal/database"
)

// The lists the yearly report's training and audits sections lead to.
const (
	ListTraining   = "training"    // the training programme's courses (internal/training)
	ListCaseAudits = "case-audits" // multi-agency case audits: a figure of one leads to its results
)

// trainingCounts are the training delivered in a period and what its evaluations said.
type trainingCounts struct {
	Sessions, Events, Attended, Evaluations, MoreConfident, PracticeChanged int
}

// countTraining counts the partnership's sessions held in the period p, their attendance and
// their evaluations, in one query.
func countTraining(ctx context.Context, q database.Querier, partnershipID int64, p Period) (trainingCounts, error) {
	var c trainingCounts
	err := q.QueryRow(ctx, `
		WITH w AS (SELECT $2::date::timestamp AT TIME ZONE 'Europe/London' AS s, ($3::date + 1)::timestamp AT TIME ZONE 'Europe/London' AS e),
		     held AS (SELECT t.id, t.kind FROM training_session t, w WHERE t.partnership_id = $1 AND t.starts_at >= w.s AND t.starts_at < w.e)
		SELECT (SELECT count(*) FROM held WHERE kind = 'course')::int, (SELECT count(*) FROM held WHERE kind = 'learning_event')::int,
		       count(b.id) FILTER (WHERE b.attended)::int, count(e.booking_id)::int,
		       count(e.booking_id) FILTER (WHERE e.confidence_after > e.confidence_before)::int,
		       count(e.booking_id) FILTER (WHERE e.practice_changed IN ('yes', 'partly'))::int
		FROM held JOIN training_booking b ON b.session_id = held.id LEFT JOIN training_evaluation e ON e.booking_id = b.id`,
		partnershipID, p.Start, p.End).Scan(&c.Sessions, &c.Events, &c.Attended, &c.Evaluations, &c.MoreConfident, &c.PracticeChanged)
	if err != nil {
		return c, fmt.Errorf("reports: count training: %w", err)
	}
	return c, nil
}

// trainingFigures are the training delivered: sessions and learning events held, places attended,
// and the evaluations (more confident after, practice changed three months on).
func trainingFigures(c trainingCounts) []Figure {
	recs := Records{List: ListTraining}
	return []Figure{
		{Key: "training_sessions", Label: "Training sessions held", Value: c.Sessions, Records: recs},
		{Key: "learning_events", Label: "Learning events held", Value: c.Events, Records: recs},
		{Key: "training_attended", Label: "Places attended", Value: c.Attended, Records: recs},
		{Key: "training_evaluations", Label: "Evaluations returned", Value: c.Evaluations, Of: c.Attended, Records: recs},
		{Key: "training_more_confident", Label: "Evaluations more confident after the session", Value: c.MoreConfident, Of: c.Evaluations, Records: recs},
		{Key: "training_practice_changed", Label: "Follow-ups saying practice changed", Value: c.PracticeChanged, Of: c.Evaluations, Records: recs},
	}
}

// drawAudits is the multi-agency case audits completed in the period (caseaudits.Summaries), for
// the yearly report's audits section and the exception report's quarter: for each, its agreed
// grades good or better, and a line naming it with the day it was completed, its cases, its agreed
// grades counted and its findings (never a case).
func drawAudits(ctx context.Context, q database.Querier, partnershipID int64, p Period) (SectionFigures, error) {
	list, err := caseaudits.Summaries(ctx, q, partnershipID, p.Start, p.End.Add(24*time.Hour))
	if err != nil {
		return SectionFigures{}, err
	}
	var s SectionFigures
	for _, a := range list {
		recs := Records{List: ListCaseAudits, ID: a.AuditID}
		s.Figures = append(s.Figures, Figure{Key: "case_audit_" + strconv.FormatInt(a.AuditID, 10), Label: a.Title + ": agreed grades good or better",
			Value: a.Agreed.Outstanding + a.Agreed.Good, Of: a.Agreed.Total(), Records: recs})
		s.Highlights = append(s.Highlights, Highlight{Records: recs, Text: fmt.Sprintf(
			"%s: completed %s, %d cases audited; agreed grades %d outstanding, %d good, %d requires improvement, %d inadequate; %d findings",
			a.Title, a.CompletedAt.In(app.London).Format("2 January 2006"), a.Cases, a.Agreed.Outstanding, a.Agreed.Good,
			a.Agreed.RequiresImprovement, a.Agreed.Inadequate, a.Findings)})
	}
	return s, nil
}
