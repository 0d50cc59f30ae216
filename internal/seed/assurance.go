package seed

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/database"
)

// demoStandards are the Section 11 standards of the demo, drawn from the duties of Section 11 of
// the Children Act 2004: title, questions (one a line), evidence expected.
var demoStandards = [][3]string{
	{"Leadership and accountability", "Is a senior manager accountable for safeguarding children?\nDoes your board receive a safeguarding report each year?",
		"Board minutes; the accountable manager's job description."},
	{"Safer recruitment", "Are vetting checks complete before staff start?\nAre recruiting managers trained in safer recruitment?",
		"An audit of staff files; training records."},
	{"Staff training", "Do staff complete safeguarding training at the level their role needs?\nIs training refreshed at least every three years?",
		"The training matrix and completion rates."},
	{"Listening to children", "How do children's views shape your services?\nCan children raise a concern easily?",
		"Feedback from children and what changed as a result."},
	{"Information sharing", "Do staff know when and how to share information to keep a child safe?\nIs your policy agreed with the partners?",
		"The information sharing policy; an audit of referrals."},
}

// demoAssurance gives HSSCP a Section 11 framework in two years (this year's copied from last year's, its
// "Listening to children" questions adjusted) and a round of each for its councils and police
// forces: last year's returned but for one; this year's past its deadline with two returns
// submitted (one rating challenged by scrutiny and answered), Cleveland Police's in progress (led
// by the Engine Room demo account) and British Transport Police's not started, with no lead named
// yet.
func demoAssurance(ctx context.Context, tx pgx.Tx, p people, today time.Time) error {
	if p.slug != "hsscp" {
		return nil
	}
	var frameworkID, businessUnit int64
	if err := tx.QueryRow(ctx, `INSERT INTO assurance_framework (partnership_id, name, created_at) VALUES ($1, 'Section 11', $2) RETURNING id`,
		p.partnershipID, today.AddDate(-1, -2, 0)).Scan(&frameworkID); err != nil {
		return err
	}
	if err := tx.QueryRow(ctx, `SELECT id FROM app_user WHERE email = 'business-unit@hsscp.example'`).Scan(&businessUnit); err != nil {
		return err
	}
	type org struct {
		ID   int64
		Name string
		Lead *int64
	}
	orgs, err := database.All[org](ctx, tx, "seed: assurance organisations", `SELECT id, name, lead_representative_id FROM organisation
		WHERE partnership_id = $1 AND category IN ('local_authority', 'police') ORDER BY id`, p.partnershipID)
	if err != nil {
		return err
	}
	// The Engine Room demo account leads Cleveland Police's return this year.
	var engineRoomLead int64
	if err := tx.QueryRow(ctx, `SELECT id FROM app_user WHERE email = 'engine-room@hsscp.example'`).Scan(&engineRoomLead); err != nil {
		return err
	}
	years := []struct {
		year            int
		opened, due     time.Time
		ratings         map[string]string // organisation -> one rating letter per standard; "" not submitted, "~" in progress
		lead            map[string]*int64
		submittedBefore int // days before the deadline the returns came in
	}{
		{today.Year() - 1, today.AddDate(-1, -1, 0), today.AddDate(-1, 0, 0),
			map[string]string{"Hartlepool Borough Council": "GAARG", "Stockton-on-Tees Borough Council": "GGAAA", "Cleveland Police": "AGRAG"}, nil, 5},
		{today.Year(), today.AddDate(0, -1, 0), today.AddDate(0, 0, -3),
			map[string]string{"Hartlepool Borough Council": "GGAAG", "Stockton-on-Tees Borough Council": "GGGAA", "Cleveland Police": "~"},
			map[string]*int64{"Cleveland Police": &engineRoomLead}, 2},
	}
	var previous []int64 // last year's standards, for this year's lines
	for _, y := range years {
		var versionID, roundID int64
		if err := tx.QueryRow(ctx, `INSERT INTO assurance_version (framework_id, year, created_at) VALUES ($1, $2, $3) RETURNING id`,
			frameworkID, y.year, y.opened.AddDate(0, 0, -14)).Scan(&versionID); err != nil {
			return err
		}
		var standards []int64
		for i, st := range demoStandards {
			questions := st[1]
			if y.year == today.Year() && i == 3 {
				questions += "\nHave children helped to review your services this year?"
			}
			var lineage *int64
			if previous != nil {
				lineage = &previous[i]
			}
			var id int64
			if err := tx.QueryRow(ctx, `INSERT INTO assurance_standard (version_id, lineage, position, title, questions, evidence)
				VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, versionID, lineage, i+1, st[0], questions, st[2]).Scan(&id); err != nil {
				return err
			}
			standards = append(standards, id)
		}
		previous = standards
		if err := tx.QueryRow(ctx, `INSERT INTO assurance_round (partnership_id, version_id, categories, opened_on, due_on, opened_by, created_at)
			VALUES ($1, $2, '{local_authority,police}', $3, $4, $5, $6) RETURNING id`, p.partnershipID, versionID, y.opened, y.due, businessUnit, y.opened.Add(9*time.Hour)).Scan(&roundID); err != nil {
			return err
		}
		for _, o := range orgs {
			lead := o.Lead
			if l, ok := y.lead[o.Name]; ok {
				lead = l
			}
			ratings := y.ratings[o.Name]
			status, submitted := "not_started", (*time.Time)(nil)
			switch ratings {
			case "":
			case "~":
				status = "in_progress"
			default:
				status, submitted = "submitted", ptr(y.due.AddDate(0, 0, -y.submittedBefore).Add(10*time.Hour))
			}
			var returnID int64
			if err := tx.QueryRow(ctx, `INSERT INTO assurance_return (round_id, partnership_id, organisation_id, lead_id, status, submitted_at, submitted_by, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $6::timestamptz IS NOT NULL THEN $4::bigint END, coalesce($6, $7)) RETURNING id`,
				roundID, p.partnershipID, o.ID, lead, status, submitted, y.opened.Add(240*time.Hour)).Scan(&returnID); err != nil {
				return err
			}
			if err := demoRatings(ctx, tx, returnID, standards, ratings); err != nil {
				return err
			}
			if y.year == today.Year() && o.Name == "Stockton-on-Tees Borough Council" {
				// Independent scrutiny challenged its training rating; the council answered.
				if _, err := tx.Exec(ctx, `INSERT INTO assurance_challenge (return_id, standard_id, challenge, raised_by, raised_at, response, responded_by, responded_at)
					SELECT $1, $2, 'Green for training: what share of staff are within their refresher date?', s.id, $3, 'Ninety-four per cent; the rest are booked this quarter.', $4::bigint, $5
					FROM app_user s WHERE s.email = 'scrutineer@hsscp.example'`, returnID, standards[2], y.due.Add(24*time.Hour), lead, y.due.Add(48*time.Hour)); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// demoRatings answers a return: a rating letter per standard (R, A, G), or "~" for a return begun
// with its first two standards rated.
func demoRatings(ctx context.Context, tx pgx.Tx, returnID int64, standards []int64, letters string) error {
	if letters == "~" {
		letters = "GA"
	}
	words := map[byte]string{'R': "red", 'A': "amber", 'G': "green"}
	evidence := map[byte]string{'R': "Not yet in place: an audit found gaps.", 'A': "Partly in place: a recent audit found most but not all of it.",
		'G': "In place and checked by audit this year."}
	for i := 0; i < len(letters) && i < len(standards); i++ {
		actions := ""
		if letters[i] != 'G' {
			actions = "Agree an improvement plan and re-audit within six months."
		}
		if _, err := tx.Exec(ctx, `INSERT INTO assurance_rating (return_id, standard_id, rating, evidence, actions) VALUES ($1, $2, $3, $4, $5)`,
			returnID, standards[i], words[letters[i]], evidence[letters[i]], actions); err != nil {
			return err
		}
	}
	return nil
}
