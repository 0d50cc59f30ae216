package seed

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/internal/sharing"
)

// PoliceLead is the demo account of a person in two partnerships (issue #12): Cleveland Police's
// lead, on the Executive of Hartlepool and Stockton-on-Tees and the Engine Room of South Tees.
const PoliceLead = "police-lead@cleveland.police.example"

// SharedTitle and UnsharedTitle name the demo's records that the Tees partnerships share with
// each other, and do not: each partnership has one of each, and a signed-off learning summary of
// the shared theme, shared too.
const (
	SharedTitle   = "Aligning learning and development across the Tees"
	UnsharedTitle = "Our own: neighbourhood policing and schools"
)

// demoSeveralPartnerships makes the Tees partnerships agree to share with each other, shares a
// theme and a learning summary of each, and gives the police lead a seat in both. It does nothing
// unless both partnerships are there and the police lead is not yet.
func demoSeveralPartnerships(ctx context.Context, tx pgx.Tx, hash string, today time.Time) error {
	var h, s, hPolice, sPolice, hExec, sEngine int64
	err := tx.QueryRow(ctx, `
		SELECT h.id, s.id,
		       (SELECT id FROM organisation WHERE partnership_id = h.id AND name = 'Cleveland Police'),
		       (SELECT id FROM organisation WHERE partnership_id = s.id AND name = 'Cleveland Police'),
		       (SELECT min(id) FROM body WHERE partnership_id = h.id AND kind = 'executive'),
		       (SELECT min(id) FROM body WHERE partnership_id = s.id AND kind = 'engine_room')
		FROM partnership h, partnership s
		WHERE h.slug = 'hsscp' AND s.slug = 'stscp' AND NOT EXISTS (SELECT 1 FROM app_user WHERE email = $1)`, PoliceLead).
		Scan(&h, &s, &hPolice, &sPolice, &hExec, &sEngine)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	var lead int64
	if err := tx.QueryRow(ctx, `INSERT INTO app_user (partnership_id, email, name, job_title, organisation_id, password_hash, status, is_demo, email_verified_at)
		VALUES ($1, $2, 'Pat Okoro', 'Detective Superintendent, Cleveland Police', $3, $4, 'active', true, now()) RETURNING id`,
		h, PoliceLead, hPolice, hash).Scan(&lead); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO partnership_member (user_id, partnership_id, organisation_id, status, agreed_at)
		VALUES ($1, $2, $3, 'active', now())`, lead, s, sPolice); err != nil {
		return err
	}
	since := today.AddDate(-1, 0, 0)
	for _, m := range []partnership.NewMembership{
		{PartnershipID: h, BodyID: hExec, UserID: lead, Role: "member", OrganisationID: &hPolice, StartsOn: since},
		{PartnershipID: s, BodyID: sEngine, UserID: lead, Role: "delegate", OrganisationID: &sPolice, StartsOn: since},
	} {
		if _, err := partnership.AddMembership(ctx, tx, m); err != nil {
			return err
		}
	}
	// The shared commission ran this autumn: a year before it would fall in the last reporting year,
	// whose submitted report froze its figures before this step.
	at := today.AddDate(0, 0, -14).Add(10 * time.Hour)
	themes, _ := sharing.KindBySlug("themes")
	summaries, _ := sharing.KindBySlug("learning-summaries")
	for _, pair := range [][2]int64{{h, s}, {s, h}} {
		p := pair[0]
		if err := sharing.AgreeIn(ctx, tx, p, pair[1], 0, at); err != nil {
			return err
		}
		var theme, summary int64
		if err := tx.QueryRow(ctx, `INSERT INTO theme (partnership_id, title, description, status)
			VALUES ($1, $2, 'South Tees and Hartlepool and Stockton-on-Tees align their performance data and their learning and development offer.', 'learning_shared')
			RETURNING id`, p, SharedTitle).Scan(&theme); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `INSERT INTO commission (partnership_id, theme_id, title, key_lines, starts_on, due_on, status, findings, signed_off_at)
			VALUES ($1, $2, 'What the Tees learnt from aligning training', 'Does joint training change practice?', $3, $4, 'signed_off',
			        $5, $6) RETURNING id`, p, theme, today.AddDate(0, 0, -75), today.AddDate(0, 0, -30),
			"## What we learnt\n\nPractitioners who trained with colleagues from the other side of the Tees knew whom to call.\n\n"+
				"## What changes\n\n- One training calendar for both partnerships\n- Shared evaluation of what changed in practice", at).Scan(&summary); err != nil {
			return err
		}
		if err := sharing.ShareIn(ctx, tx, p, themes, theme, 0, at); err != nil {
			return err
		}
		if err := sharing.ShareIn(ctx, tx, p, summaries, summary, 0, at); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO theme (partnership_id, title, description) VALUES ($1, $2, 'Kept within the partnership.')`,
			p, UnsharedTitle); err != nil {
			return err
		}
	}
	return nil
}
