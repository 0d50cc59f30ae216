package reports

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/database"
)

// Latest is the newest submitted report of a kind with its frozen figures, for a home view that
// shows them at a glance.
type Latest struct {
	ID          int64
	Period      Period
	SubmittedAt time.Time
	Figures     Figures
}

// LatestSubmitted returns the partnership's newest submitted report of kind k (by period), in one
// query, or nil when none has been submitted.
func LatestSubmitted(ctx context.Context, q database.Querier, partnershipID int64, k *Kind) (*Latest, error) {
	var (
		l      Latest
		period string
		month  int
		raw    []byte
	)
	err := q.QueryRow(ctx, `SELECT id, period, submitted_at, figures, extract(month FROM period_start)::int FROM report
		WHERE partnership_id = $1 AND kind = $2 AND status = 'submitted' ORDER BY period_start DESC, id DESC LIMIT 1`,
		partnershipID, k.Value).Scan(&l.ID, &period, &l.SubmittedAt, &raw, &month)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reports: latest submitted: %w", err)
	}
	p, ok := k.ParsePeriod(period, StartOf(month))
	if !ok {
		return nil, fmt.Errorf("reports: report %d of unreadable period %q", l.ID, period)
	}
	l.Period = p
	if l.Figures, err = frozen(raw); err != nil {
		return nil, err
	}
	return &l, nil
}
