package seed

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// demoBudget gives each partnership the pooled budgets of the last reporting year (approved, with
// its outturn) and of this one (approved), in the shape HSSCP's arrangements describe (seed 001,
// section 11: a pooled budget the statutory partners contribute to proportionately, at a
// standstill on the former LSCBs' contributions): the councils most, then health, then the
// police; training fees and the former boards' surplus as other income; the business unit's
// staff the largest spending.
func demoBudget(ctx context.Context, tx pgx.Tx, p people, today time.Time) error {
	this := today.Year()
	if today.Month() < time.April {
		this--
	}
	for _, year := range []int{this - 1, this} {
		var id int64
		approved := time.Date(year, time.March, 20, 11, 0, 0, 0, time.UTC)
		if err := tx.QueryRow(ctx, `INSERT INTO budget (partnership_id, year, status, submitted_at, approved_at, created_at)
			VALUES ($1, $2, 'approved', $3, $4, $3) RETURNING id`, p.partnershipID, year, approved.AddDate(0, 0, -14), approved).Scan(&id); err != nil {
			return err
		}
		closed := year < this // the year has ended: its outturn is recorded
		outturn := func(pence, change int64) *int64 {
			if !closed {
				return nil
			}
			o := pence + change
			return &o
		}
		// Contributions by the kind of statutory partner, in pence.
		if _, err := tx.Exec(ctx, `INSERT INTO budget_line (budget_id, kind, organisation_id, planned_pence, outturn_pence)
			SELECT $1, 'contribution', id, amount, CASE WHEN $2 THEN amount END
			FROM (SELECT id, CASE statutory_role WHEN 'local_authority' THEN 9625000 WHEN 'health' THEN 5775000 ELSE 3850000 END AS amount
				FROM organisation WHERE partnership_id = $3 AND statutory_role <> '') o`, id, closed, p.partnershipID); err != nil {
			return err
		}
		for _, l := range []struct {
			kind, heading  string
			planned, delta int64
		}{
			{"income", "Training fees and charges", 750000, 112550},
			{"income", "Former LSCBs' accumulated surplus", 1200000, 0},
			{"spending", "Business unit staffing", 21400000, -385000},
			{"spending", "Independent scrutiny", 1650000, 0},
			{"spending", "Independent reviewers for local CSPRs", 3200000, 450000},
			{"spending", "Multi-agency training programme", 2400000, -120000},
			{"spending", "Learning events", 650000, 37500},
			{"spending", "Website and e-bulletin", 325000, 0},
		} {
			if _, err := tx.Exec(ctx, `INSERT INTO budget_line (budget_id, kind, heading, planned_pence, outturn_pence) VALUES ($1, $2, $3, $4, $5)`,
				id, l.kind, l.heading, l.planned, outturn(l.planned, l.delta)); err != nil {
				return err
			}
		}
	}
	return nil
}
