package seed

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/bulletins"
)

// demoBulletins gives each partnership the e-bulletins of the last two months, sent to its
// confirmed subscribers and composed from what it published then, this month's still a draft,
// and a few subscribers (one yet to confirm its address).
func demoBulletins(ctx context.Context, tx pgx.Tx, p people, today time.Time) error {
	thisMonth := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC)
	subscribers := []string{"dsl@primary-school.example", "safeguarding@gp-practice.example", "team-manager@family-hubs.example"}
	for _, email := range subscribers {
		if _, err := tx.Exec(ctx, `INSERT INTO bulletin_subscriber (partnership_id, email, confirmed_at, created_at) VALUES ($1, $2, $3, $3)`,
			p.partnershipID, email, today.AddDate(0, -3, 0)); err != nil {
			return err
		}
	}
	if _, err := tx.Exec(ctx, `INSERT INTO bulletin_subscriber (partnership_id, email, confirm_hash, confirm_expires_at) VALUES ($1, $2, sha256($3), $4)`,
		p.partnershipID, "new-starter@nursery.example", []byte("demo "+p.slug), today.AddDate(0, 0, 7)); err != nil {
		return err
	}
	for back := 2; back >= 0; back-- {
		month := thisMonth.AddDate(0, -back, 0)
		title := fmt.Sprintf("%s e-bulletin, %s", p.shortName, month.Format("January 2006"))
		var id int64
		if err := tx.QueryRow(ctx, `INSERT INTO bulletin (partnership_id, title, month, intro, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			p.partnershipID, title, month, demoBulletinIntros[back], month.Add(9*time.Hour)).Scan(&id); err != nil {
			return err
		}
		if back == 0 {
			break // this month's is still a draft
		}
		sent := month.AddDate(0, 1, -1).Add(10 * time.Hour)
		items, err := bulletins.Compose(ctx, tx, p.partnershipID, p.slug, month, sent)
		if err != nil {
			return err
		}
		frozen, err := json.Marshal(items)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE bulletin SET status = 'sent', items = $2, recipients = $3, sent_at = $4 WHERE id = $1`,
			id, frozen, len(subscribers), sent); err != nil {
			return err
		}
	}
	return nil
}

// demoBulletinIntros are the business unit's words, this month's first.
var demoBulletinIntros = []string{
	"## Learning events\n\nOur spring learning event is being planned: tell the business unit what you would like it to cover.",
	"## Welcome\n\nThis month the partnership published its updated multi-agency arrangements. Thank you to everyone who commented on the draft.\n\n" +
		"- Read the arrangements and the summary of what changed\n- Share this bulletin with your teams",
	"## Welcome\n\nNews from the partnership: the learning from our latest reviews, and what changed in our documents.",
}
