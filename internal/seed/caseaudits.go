package seed

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/caseaudits"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/learning"
)

// demoCaseAuditTool is the demo's audit tool.
var demoCaseAuditTool = []string{
	"Was the child seen, and their voice heard, at each contact?",
	"Was a chronology kept and used to see the pattern of harm?",
	"Did the agencies share information in time?",
}

// demoCaseAudits gives HSSCP two multi-agency case audits of cases sampled from the police and
// the council, audited by the Engine Room demo account and a council colleague: one on neglect,
// completed three months ago, whose finding raised a theme with a recommendation; and one on
// exploitation, being graded (the Engine Room account has graded its first case, the
// moderation meeting has not met).
func demoCaseAudits(ctx context.Context, tx pgx.Tx, p people, today time.Time) error {
	if p.slug != "hsscp" {
		return nil
	}
	var colleague int64
	if err := tx.QueryRow(ctx, `SELECT coalesce((SELECT min(id) FROM app_user WHERE organisation_id = $1 AND id <> $2 AND status = 'active'), $2)`,
		p.council, p.executive).Scan(&colleague); err != nil {
		return err
	}
	auditors := []int64{p.engineRoom}
	if colleague != p.engineRoom {
		auditors = append(auditors, colleague)
	}
	type audit struct {
		title, scope string
		moderation   int // days from today
		completed    bool
	}
	audits := []audit{
		{"Neglect of children under five", "Cases open to the police and children's social care in the spring.", -95, true},
		{"Child exploitation and missing episodes", "Cases of children missing from home three times or more in the autumn.", 20, false},
	}
	refs := [][2]string{{"CLE/24/01873", "CSC-210455"}, {"CLE/24/02210", "CSC-213090"}}
	for i, a := range audits {
		day := today.AddDate(0, 0, a.moderation)
		var id int64
		if err := tx.QueryRow(ctx, `INSERT INTO case_audit (partnership_id, title, scope, moderation_on, planned_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, p.partnershipID, a.title, a.scope, day, p.engineRoom, day.AddDate(0, -2, 0)).Scan(&id); err != nil {
			return err
		}
		questions, err := database.Values[int64](ctx, tx, "seed: case audit questions", `INSERT INTO case_audit_question (audit_id, position, text)
			SELECT $1, n, q FROM unnest($2::text[]) WITH ORDINALITY AS t(q, n) RETURNING id`, id, demoCaseAuditTool)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO case_audit_agency (audit_id, organisation_id) VALUES ($1, $2), ($1, $3)`, id, p.police, p.council); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO case_audit_auditor (audit_id, user_id, assigned_by) SELECT $1, u, $3 FROM unnest($2::bigint[]) AS t(u)`,
			id, auditors, p.engineRoom); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO case_audit_case (audit_id, number, organisation_id, reference) VALUES ($1, 1, $2, $3), ($1, 2, $4, $5)`,
			id, p.police, refs[i][0], p.council, refs[i][1]); err != nil {
			return err
		}
		// Grades: the Engine Room account finds the cases good but for the chronology; its colleague
		// is harsher; the moderation meeting agrees between them.
		graders := auditors
		if !a.completed {
			graders = auditors[:1]
		}
		for _, auditor := range graders {
			for n := 1; n <= 2; n++ {
				if !a.completed && n == 2 {
					continue
				}
				marks := []string{"good", "requires_improvement", "good"}
				if auditor != p.engineRoom {
					marks = []string{"good", "inadequate", "requires_improvement"}
				}
				if _, err := tx.Exec(ctx, `INSERT INTO case_audit_grade (case_id, question_id, auditor_id, grade, note)
					SELECT c.id, q, $3, g, 'Seen in the records.' FROM case_audit_case c, unnest($4::bigint[], $5::text[]) AS t(q, g)
					WHERE c.audit_id = $1 AND c.number = $2`, id, n, auditor, questions, marks); err != nil {
					return err
				}
			}
		}
		if !a.completed {
			continue
		}
		if _, err := tx.Exec(ctx, `INSERT INTO case_audit_agreed (case_id, question_id, grade, note, agreed_by, agreed_at)
			SELECT c.id, q, g, 'Agreed at the moderation meeting.', $2, $3 FROM case_audit_case c,
				unnest($4::bigint[], ARRAY['good', 'requires_improvement', 'good']) AS t(q, g) WHERE c.audit_id = $1`,
			id, p.engineRoom, day, questions); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE case_audit SET status = 'completed', completed_at = $2, completed_by = $3, version = version + 1,
			summary = 'Children were seen and heard in both cases. Neither agency kept a chronology that showed the pattern of neglect building over time; information was shared in time.'
			WHERE id = $1`, id, day, p.engineRoom); err != nil {
			return err
		}
		finding := "Neither agency used a chronology to see cumulative neglect."
		theme, err := learning.CreateTheme(ctx, tx, p.partnershipID, p.engineRoom, learning.ThemeInput{Title: "Chronologies in neglect cases", Description: finding},
			learning.NewSource{Kind: "audit", Reference: "Multi-agency case audit " + caseaudits.Reference(id) + ": " + a.title})
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO case_audit_finding (audit_id, partnership_id, theme_id, finding, raised, added_by, added_at)
			VALUES ($1, $2, $3, $4, true, $5, $6)`, id, p.partnershipID, theme, finding, p.engineRoom, day); err != nil {
			return err
		}
		if _, err := learning.AddCaseAuditRecommendation(ctx, tx, p.partnershipID, id, learning.RecommendationInput{
			Title: "Keep a multi-agency chronology in every neglect case open for more than three months", OwnerOrgID: p.council,
			DueOn: today.AddDate(0, 3, 0)}); err != nil {
			return err
		}
	}
	return nil
}

// DemoCaseAudits adds the demo's case audits to partnership slug of a demo seeded without its
// history, for tests of the pages that show them (the history adds them to HSSCP itself).
func DemoCaseAudits(ctx context.Context, db database.Beginner, slug string, today time.Time) error {
	return database.InTx(ctx, db, func(tx pgx.Tx) error {
		p := people{slug: slug}
		if err := tx.QueryRow(ctx, `SELECT e.partnership_id, e.id, e.organisation_id, x.id, x.organisation_id
			FROM app_user e, app_user x WHERE e.email = 'engine-room@' || $1 || '.example' AND x.email = 'executive@' || $1 || '.example'`,
			slug).Scan(&p.partnershipID, &p.engineRoom, &p.police, &p.executive, &p.council); err != nil {
			return err
		}
		return demoCaseAudits(ctx, tx, p, today)
	})
}
