package seed

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/learning"
)

// demoScrutiny gives South Tees an issued independent scrutiny report by its scrutineer, with two
// recommendations to the partners tracked like learning's, one already with an action.
func demoScrutiny(ctx context.Context, tx pgx.Tx, p people, today time.Time) error {
	if p.slug != "stscp" {
		return nil
	}
	var scrutineer, reportID int64
	if err := tx.QueryRow(ctx, `SELECT id FROM app_user WHERE email = $1`, "scrutineer@"+p.slug+".example").Scan(&scrutineer); err != nil {
		return err
	}
	issued := today.AddDate(0, 0, -21).Add(11 * time.Hour)
	err := tx.QueryRow(ctx, `INSERT INTO scrutiny_report (partnership_id, title, report_on, findings, author_id, created_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, p.partnershipID, "Independent scrutiny of the multi-agency front door",
		issued.AddDate(0, 0, -3), scrutinyFindings, scrutineer, issued.AddDate(0, 0, -30)).Scan(&reportID)
	if err != nil {
		return err
	}
	recs := []learning.RecommendationInput{
		{Title: "Agree one shared understanding of thresholds across both councils' front doors", OwnerOrgID: p.council,
			DueOn: today.AddDate(0, 2, 0), ImpactDueOn: ptr(today.AddDate(0, 6, 0))},
		{Title: "Give the police a named contact in each front door for strategy discussions out of hours", OwnerOrgID: p.police,
			DueOn: today.AddDate(0, 3, 0)},
	}
	for i, in := range recs {
		id, err := learning.AddScrutinyRecommendation(ctx, tx, p.partnershipID, reportID, in)
		if err != nil {
			return err
		}
		if i == 0 {
			if _, err := learning.AddAction(ctx, tx, p.partnershipID, id, p.council,
				"Run a joint threshold workshop for both front doors' managers", today.AddDate(0, 1, 0)); err != nil {
				return err
			}
		}
	}
	_, err = tx.Exec(ctx, `UPDATE scrutiny_report SET status = 'issued', issued_at = $2, issued_by = author_id WHERE id = $1`, reportID, issued)
	return err
}

const scrutinyFindings = `## What we looked at

Twelve contacts to each council's front door over three months, and the decisions made on them.

## What we found

- Both front doors respond quickly: every contact had a decision within one working day.
- The two councils apply **different thresholds** for early help, so similar families get different answers.
- Out of hours, the police do not always know who to call for a strategy discussion.
`
