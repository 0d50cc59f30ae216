package seed

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/challenges"
	"github.com/scp-portal/portal/internal/disputes"
	"github.com/scp-portal/portal/internal/learning"
)

// demoChallenges writes the Executive's challenge log of the last months, dated back from today:
// challenges answered by the police and the Engine Room, one escalated by independent scrutiny,
// one to the police still awaiting its response after its due date, one responded to and awaiting
// its closing; a line of enquiry the Executive proposed, now a theme in the register; and
// disagreements between agencies (demoDisputes).
func demoChallenges(ctx context.Context, tx pgx.Tx, p people, today time.Time) error {
	// The challenges on a theme are on the partnership's exploitation theme, the third of its story.
	story := demoStoryOf(p.slug)
	var scrutineer, themeID, commissionID int64
	var proposer string
	err := tx.QueryRow(ctx, `SELECT (SELECT id FROM app_user WHERE email = $2), (SELECT name FROM app_user WHERE id = $3),
			(SELECT id FROM theme WHERE partnership_id = $1 AND title = $4),
			(SELECT min(id) FROM commission WHERE partnership_id = $1)`,
		p.partnershipID, "scrutineer@"+p.slug+".example", p.executive, story.themes[2].title).Scan(&scrutineer, &proposer, &themeID, &commissionID)
	if err != nil {
		return err
	}
	ago := func(days int) time.Time { return today.AddDate(0, 0, -days) }
	org := func(id int64) string { return strconv.FormatInt(id, 10) }
	for _, c := range []struct {
		by                  int64
		kind                string
		subject             int64
		to, summary, detail string
		raised, due         int // days ago; due may be in the future (negative)
		responded           int // days ago; 0 for none
		response            string
		closed              int // days ago; 0 for open
		outcome, note       string
	}{
		{p.executive, "theme", themeID, org(p.police), "Why do return home interviews reach the police late?",
			"The exception report shows interviews shared after a week in half the cases.", 90, 76, 78,
			"Interviews are now shared within 72 hours through the missing children hub; the hub reports monthly.", 70, "answered", ""},
		{scrutineer, "commission", commissionID, challenges.EngineRoom, "How were children's views gathered in this learning?",
			"", 60, 46, 50, "The critical friend held two focus groups with young people; their words are in the findings.", 45, "answered", ""},
		{scrutineer, challenges.OrganisationKind, p.council, org(p.council), "Is the early help offer the same in " + story.councils + "?",
			"", 45, 31, 0, "", 25, "escalated", "No response by the due date: referred to the independent chair for the Executive's next meeting."},
		{p.executive, challenges.OrganisationKind, p.police, org(p.police), "What has changed in police notifications to schools?",
			"Schools told us notifications still arrive after the school day has started.", 20, 6, 0, "", 0, "", ""},
		{p.executive, "theme", themeID, challenges.EngineRoom, "When will the impact of the missing episodes learning be tested?",
			"", 12, -2, 5, "A re-audit is planned for next quarter; the Engine Room will report it in the exception report.", 0, "", ""},
	} {
		id, err := challenges.Create(ctx, tx, p.partnershipID, c.by, challenges.RaiseInput{SubjectKind: c.kind, SubjectID: &c.subject,
			Addressee: c.to, Summary: c.summary, Detail: c.detail, DueOn: ago(c.due)}, ago(c.raised))
		if err != nil {
			return fmt.Errorf("challenge %q: %w", c.summary, err)
		}
		version := 1
		if c.responded > 0 {
			if _, err := challenges.Respond(ctx, tx, p.partnershipID, p.engineRoom, challenges.ResponseInput{ID: id, Version: version, Response: c.response}); err != nil {
				return err
			}
			version++
		}
		if c.closed > 0 {
			if err := challenges.Close(ctx, tx, p.partnershipID, c.by, challenges.CloseInput{ID: id, Version: version, Outcome: c.outcome, Note: c.note}); err != nil {
				return err
			}
		}
		_, err = tx.Exec(ctx, `UPDATE challenge SET raised_at = $2, responded_at = CASE WHEN responded_at IS NULL THEN NULL ELSE $3::timestamptz END,
			closed_at = CASE WHEN closed_at IS NULL THEN NULL ELSE $4::timestamptz END WHERE id = $1`,
			id, ago(c.raised).Add(11*time.Hour), ago(c.responded).Add(15*time.Hour), ago(c.closed).Add(16*time.Hour))
		if err != nil {
			return err
		}
	}

	// A line of enquiry the Executive proposed last month, waiting in the register for triage.
	themeID, err = challenges.ProposeTheme(ctx, tx, p.partnershipID, p.executive, proposer, challenges.ProposalInput{
		Title:       "Children missing education",
		Description: "The Executive wants to know whether children missing education are known to the agencies that could help them.",
		Reference:   "Executive meeting, " + ago(25).Format("January 2006")})
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `UPDATE theme SET created_at = $2, updated_at = $2 WHERE id = $1;`, themeID, ago(25).Add(14*time.Hour))
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `UPDATE theme_history SET at = $2 WHERE theme_id = $1`, themeID, ago(25).Add(14*time.Hour))
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `UPDATE theme_source SET added_at = $2 WHERE theme_id = $1`, themeID, ago(25).Add(14*time.Hour))
	if err != nil {
		return err
	}
	return demoDisputes(ctx, tx, p, today)
}

// demoDisputes writes the partnership's two disagreements between agencies (demoStory): one
// resolved by the managers last month, one with the senior leads now, past its stage's date. Pan
// Dorset's are between its two councils, and between the police and a council.
func demoDisputes(ctx context.Context, tx pgx.Tx, p people, today time.Time) error {
	ago := func(days int) time.Time { return today.AddDate(0, 0, -days) }
	var otherCouncil int64
	if err := tx.QueryRow(ctx, `SELECT coalesce((SELECT id FROM organisation WHERE partnership_id = $1 AND statutory_role = 'local_authority'
		AND id <> $2 ORDER BY id LIMIT 1), $2)`, p.partnershipID, p.council).Scan(&otherCouncil); err != nil {
		return err
	}
	parties := map[string][2]int64{"health-police": {p.agency, p.police}, "councils": {p.council, otherCouncil}, "police-council": {p.police, p.council}}
	for i, sd := range demoStoryOf(p.slug).disputes {
		d := struct {
			recorded int // days ago
			moved    int // days ago the last move was made
		}{40, 36}
		if i == 1 {
			d.recorded, d.moved = 21, 12
		}
		between := parties[sd.between]
		id, err := disputes.Create(ctx, tx, p.partnershipID, p.practitioner, disputes.RecordInput{RaisingOrgID: &between[0], OtherOrgID: between[1],
			Summary: sd.summary, Detail: sd.detail}, ago(d.recorded))
		if err != nil {
			return fmt.Errorf("dispute %q: %w", sd.summary, err)
		}
		version := 1
		for i, note := range sd.moves {
			day := ago(d.recorded - (d.recorded-d.moved)*(i+1)/len(sd.moves))
			if _, err := disputes.Escalate(ctx, tx, p.partnershipID, p.engineRoom, disputes.MoveInput{ID: id, Version: version, Note: note}, day); err != nil {
				return err
			}
			version++
			if _, err := tx.Exec(ctx, `UPDATE dispute_step SET at = $2 WHERE id = (SELECT max(id) FROM dispute_step WHERE dispute_id = $1)`,
				id, day.Add(15*time.Hour)); err != nil {
				return err
			}
		}
		if sd.outcome != "" {
			if err := disputes.Resolve(ctx, tx, p.partnershipID, p.engineRoom, disputes.MoveInput{ID: id, Version: version, Outcome: sd.outcome}); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE dispute SET resolved_at = $2 WHERE id = $1`, id, ago(d.moved-2).Add(16*time.Hour)); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE dispute_step SET at = $2 WHERE id = (SELECT max(id) FROM dispute_step WHERE dispute_id = $1)`,
				id, ago(d.moved-2).Add(16*time.Hour)); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE dispute SET raised_at = $2 WHERE id = $1`, id, ago(d.recorded).Add(11*time.Hour)); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE dispute_step SET at = $2 WHERE id = (SELECT min(id) FROM dispute_step WHERE dispute_id = $1)`,
			id, ago(d.recorded).Add(11*time.Hour)); err != nil {
			return err
		}
	}
	return nil
}

// demoChallengeProcess gives South Tees' published local CSPR (Child B's) its recommendations and
// the first session of its challenge process (seed 002): every agency involved in the case
// presents the changes it has made since the review and their impact on children and families.
// The health trust and the council presented this week; the police present at the next session.
func demoChallengeProcess(ctx context.Context, tx pgx.Tx, p people, today time.Time) error {
	if p.slug != "stscp" {
		return nil
	}
	var cspr int64
	if err := tx.QueryRow(ctx, `SELECT min(id) FROM local_cspr WHERE partnership_id = $1`, p.partnershipID).Scan(&cspr); err != nil {
		return err
	}
	held := today.AddDate(0, 0, -3)
	for _, r := range []struct {
		title     string
		org       int64
		presented string // "" until the agency presents
	}{
		{"Hand over in person between health visiting and the GP practice, with the family's shared chronology", p.agency,
			"Every handover of an infant under one is now made in person, with the shared chronology. Of 40 handovers since the review, " +
				"38 were in person; two families told the health visitor they no longer had to repeat their story."},
		{"Brief every practitioner on sharing concerns about a child without the family's consent", p.council,
			"The seven-minute briefing on information sharing has reached 310 practitioners in both councils' children's services. " +
				"Referrals that name a concern shared without consent have risen from 4 to 19 a month."},
		{"Tell the health visiting service of every police attendance at a home with an infant under one", p.police, ""},
	} {
		id, err := learning.AddReviewRecommendation(ctx, tx, p.partnershipID, cspr, learning.RecommendationInput{Title: r.title, OwnerOrgID: r.org,
			DueOn: today.AddDate(0, 3, 0), ImpactDueOn: ptr(today.AddDate(0, 6, 0))})
		if err != nil {
			return fmt.Errorf("review recommendation: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE recommendation SET created_at = $2 WHERE id = $1`, id, today.AddDate(0, 0, -14).Add(10*time.Hour)); err != nil {
			return err
		}
		if r.presented == "" {
			continue
		}
		if err := learning.AddChallenge(ctx, tx, p.partnershipID, id, r.org, held, r.presented, p.engineRoom); err != nil {
			return fmt.Errorf("challenge session: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE challenge_note SET created_at = $2 WHERE recommendation_id = $1`, id, held.Add(16*time.Hour)); err != nil {
			return err
		}
	}
	return nil
}
