package reports

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/reviews"
)

// The named queries reports are drawn from: the one place that counts across domains for
// reports. Each runs a fixed number of queries, whatever the size of the partnership's history,
// and changes nothing.

// window turns the period's days ($2, $3) into moments in England, for columns that are times.
const window = `w AS (SELECT $2::date::timestamp AT TIME ZONE 'Europe/London' AS s,
	($3::date + 1)::timestamp AT TIME ZONE 'Europe/London' AS e)`

// Counts are the learning loop's figures for a period, as at a day.
type Counts struct {
	ActionsOverdue, RecommendationsOverdue, ThemesRed, CommissionsPastMilestone, LocalReviewsBehind         int
	RequestsReceived, RequestsTriaged, ThemesOpened, ThemesClosed, CommissionsStarted, CommissionsSignedOff int
	RecommendationsImplemented, EvidenceRed, EvidenceAmber, EvidenceGreen                                   int
	VoiceNotes, CommissionsHearingVoice, FamilyFeedback                                                     int
}

// CountLearning counts, in one query, what is off track on asAt (actions and recommendations past
// their due date and not done, themes rated red and not closed, commissions with a milestone
// missed, local CSPRs behind a milestone or their publication target) and what moved in the
// period: requests received and triaged, themes opened and closed, commissions started and
// signed off, recommendations marked implemented (the audit log keeps when), evidence of impact
// by rating, and the voice of children and families recorded in commissioned learning.
func CountLearning(ctx context.Context, q database.Querier, partnershipID int64, p Period, asAt time.Time) (Counts, error) {
	var c Counts
	err := q.QueryRow(ctx, `WITH `+window+`,
		recs AS (SELECT id, status, due_on FROM recommendation WHERE partnership_id = $1),
		ev AS (SELECT count(*) FILTER (WHERE e.rating = 'red') AS red, count(*) FILTER (WHERE e.rating = 'amber') AS amber,
		              count(*) FILTER (WHERE e.rating = 'green') AS green, count(*) FILTER (WHERE e.kind = 'family_feedback') AS family
		       FROM impact_evidence e JOIN recs r ON r.id = e.recommendation_id WHERE e.evidence_on BETWEEN $2 AND $3),
		voice AS (SELECT count(*) AS notes, count(DISTINCT n.commission_id) AS commissions
		       FROM commission_note n JOIN commission c ON c.id = n.commission_id, w
		       WHERE c.partnership_id = $1 AND n.kind = 'voice' AND n.created_at >= w.s AND n.created_at < w.e)
		SELECT
		  (SELECT count(*) FROM action a JOIN recs r ON r.id = a.recommendation_id WHERE a.status <> 'done' AND a.due_on < $4),
		  (SELECT count(*) FROM recs WHERE status IN ('open', 'in_progress') AND due_on < $4),
		  (SELECT count(*) FROM theme WHERE partnership_id = $1 AND rating = 'red' AND status <> 'closed'),
		  (SELECT count(DISTINCT c.id) FROM commission c JOIN commission_milestone m ON m.commission_id = c.id
		   WHERE c.partnership_id = $1 AND c.status <> 'signed_off' AND m.done_on IS NULL AND m.due_on < $4),
		  (SELECT count(*) FROM local_cspr c WHERE c.partnership_id = $1 AND c.published_on IS NULL
		   AND (c.publish_target_on < $4 OR EXISTS (SELECT 1 FROM cspr_milestone m WHERE m.cspr_id = c.id AND m.done_on IS NULL AND m.target_on < $4))),
		  (SELECT count(*) FROM intake_request r, w WHERE r.partnership_id = $1 AND r.status <> 'draft' AND r.submitted_at >= w.s AND r.submitted_at < w.e),
		  (SELECT count(*) FROM triage t JOIN intake_request r ON r.id = t.request_id, w
		   WHERE r.partnership_id = $1 AND t.decided_at >= w.s AND t.decided_at < w.e),
		  (SELECT count(*) FROM theme t, w WHERE t.partnership_id = $1 AND t.created_at >= w.s AND t.created_at < w.e),
		  (SELECT count(DISTINCT h.theme_id) FROM theme_history h JOIN theme t ON t.id = h.theme_id, w
		   WHERE t.partnership_id = $1 AND h.status = 'closed' AND h.at >= w.s AND h.at < w.e
		     AND NOT EXISTS (SELECT 1 FROM theme_history b WHERE b.theme_id = h.theme_id AND b.status = 'closed' AND b.at < w.s)),
		  (SELECT count(*) FROM commission WHERE partnership_id = $1 AND starts_on BETWEEN $2 AND $3),
		  (SELECT count(*) FROM commission c, w WHERE c.partnership_id = $1 AND c.signed_off_at >= w.s AND c.signed_off_at < w.e),
		  (SELECT count(DISTINCT a.object_id) FROM audit_log a, w WHERE a.partnership_id = $1 AND a.at >= w.s AND a.at < w.e
		   AND a.action = $5 AND a.detail = 'implemented' AND a.outcome = 'ok'),
		  ev.red, ev.amber, ev.green, voice.notes, voice.commissions, ev.family
		FROM ev, voice`, partnershipID, p.Start, p.End, asAt, audit.RecommendationStatus).Scan(
		&c.ActionsOverdue, &c.RecommendationsOverdue, &c.ThemesRed, &c.CommissionsPastMilestone, &c.LocalReviewsBehind,
		&c.RequestsReceived, &c.RequestsTriaged, &c.ThemesOpened, &c.ThemesClosed, &c.CommissionsStarted, &c.CommissionsSignedOff,
		&c.RecommendationsImplemented, &c.EvidenceRed, &c.EvidenceAmber, &c.EvidenceGreen,
		&c.VoiceNotes, &c.CommissionsHearingVoice, &c.FamilyFeedback)
	if err != nil {
		return c, fmt.Errorf("reports: count learning: %w", err)
	}
	return c, nil
}

// ReviewCounts are the rapid reviews' figures for a period.
type ReviewCounts struct {
	AtRiskOrLate       int // open on the day and at risk, or sent to the Panel in the period after their deadline
	NotificationsLate  int // notifications to the Panel made in the period after the 5 working days
	SentToPanelOnTime  int
	SentToPanelInTotal int
}

// CountReviews assesses every rapid review of the partnership on asAt with reviews.Assess, the
// one place that decides what is at risk, in the register's three queries and the calendar's one.
func CountReviews(ctx context.Context, q database.Querier, partnershipID int64, p Period, asAt time.Time) (ReviewCounts, error) {
	var c ReviewCounts
	list, err := reviews.Register(ctx, q, partnershipID)
	if err != nil {
		return c, err
	}
	cal, err := reviews.Calendar(ctx, q)
	if err != nil {
		return c, err
	}
	in := func(d *time.Time) bool { return d != nil && !d.Before(p.Start) && !d.After(p.End) }
	for _, l := range list {
		if l.AwareOn.After(asAt) {
			continue
		}
		pr := reviews.Assess(l.Review, l.Agencies, l.SignedOff(), cal, asAt)
		sent := l.SentToPanelOn
		switch {
		case sent == nil && pr.AtRisk:
			c.AtRiskOrLate++
		case in(sent):
			c.SentToPanelInTotal++
			if sent.After(l.DueOn) {
				c.AtRiskOrLate++
			} else {
				c.SentToPanelOnTime++
			}
		}
		if in(l.NotifiedOn) && pr.NotificationOnTime != nil && !*pr.NotificationOnTime {
			c.NotificationsLate++
		}
	}
	return c, nil
}

// EvidenceCount is how much evidence of impact of a kind was recorded in a quarter, and how much
// of it was rated green.
type EvidenceCount struct {
	Quarter Quarter
	Kind    string
	Green   int
	All     int
}

// CountEvidence counts the evidence of impact recorded in the quarters from first to last, by
// quarter and kind, in one query. Financial quarters start on calendar quarters (April, July,
// October, January), so Postgres' quarters are theirs.
func CountEvidence(ctx context.Context, q database.Querier, partnershipID int64, first, last Quarter) ([]EvidenceCount, error) {
	scan := func(row pgx.CollectableRow) (EvidenceCount, error) {
		var c EvidenceCount
		var start time.Time
		err := row.Scan(&start, &c.Kind, &c.Green, &c.All)
		c.Quarter = QuarterOf(start)
		return c, err
	}
	return database.AllWith(ctx, q, scan, "reports: count evidence", `
		SELECT date_trunc('quarter', e.evidence_on)::date, e.kind, count(*) FILTER (WHERE e.rating = 'green'), count(*)
		FROM impact_evidence e JOIN recommendation r ON r.id = e.recommendation_id
		WHERE r.partnership_id = $1 AND e.evidence_on BETWEEN $2 AND $3
		GROUP BY 1, 2`, partnershipID, first.Start(), last.End())
}

// SpanCount is how much evidence of impact was recorded in a span of a reporting year (N, 1 to
// 4), and how much of it was rated green.
type SpanCount struct {
	N, Green, All int
}

// CountEvidenceBySpan counts the evidence of impact recorded in year y starting in month m, by its
// spans of three months, in one query: a year need not start on a calendar quarter.
func CountEvidenceBySpan(ctx context.Context, q database.Querier, partnershipID int64, y Year, m YearStart) ([]SpanCount, error) {
	start := y.Start(m)
	return database.All[SpanCount](ctx, q, "reports: count evidence by span", `
		SELECT ((extract(year FROM e.evidence_on)::int * 12 + extract(month FROM e.evidence_on)::int - $4) / 3 + 1)::int,
			count(*) FILTER (WHERE e.rating = 'green')::int, count(*)::int
		FROM impact_evidence e JOIN recommendation r ON r.id = e.recommendation_id
		WHERE r.partnership_id = $1 AND e.evidence_on BETWEEN $2 AND $3
		GROUP BY 1`, partnershipID, start, y.End(m), start.Year()*12+int(start.Month()))
}

// Learned names the learning to celebrate in a period: commissions signed off and themes closed
// in it, at most ten of each, most recent first, in one query.
func Learned(ctx context.Context, q database.Querier, partnershipID int64, p Period) ([]Highlight, error) {
	scan := func(row pgx.CollectableRow) (Highlight, error) {
		var h Highlight
		err := row.Scan(&h.Records.List, &h.Records.ID, &h.Text)
		return h, err
	}
	return database.AllWith(ctx, q, scan, "reports: learned", `WITH `+window+`
		(SELECT 'commissions', c.id, 'Learning signed off: ' || c.title FROM commission c, w
		 WHERE c.partnership_id = $1 AND c.signed_off_at >= w.s AND c.signed_off_at < w.e ORDER BY c.signed_off_at DESC, c.id DESC LIMIT 10)
		UNION ALL
		(SELECT 'themes', t.id, 'Theme closed: ' || t.title FROM theme t, w
		 WHERE t.partnership_id = $1 AND t.status = 'closed'
		   AND EXISTS (SELECT 1 FROM theme_history h WHERE h.theme_id = t.id AND h.status = 'closed' AND h.at >= w.s AND h.at < w.e)
		 ORDER BY t.updated_at DESC, t.id DESC LIMIT 10)`, partnershipID, p.Start, p.End)
}
