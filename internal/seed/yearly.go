package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/reports"
)

// yearlyNarratives are what the business unit (and, for its section, the independent scrutineer)
// wrote in each partnership's last yearly report. South Tees' follows the headings of its
// published report for 2023/24 (seed 002): the summary and its four priorities, learning from
// serious cases and the challenge process, the contribution of schools, Section 11, effective
// infrastructure, learning and development, and the priorities for the next year.
var yearlyNarratives = map[string]map[string]string{
	"stscp": {
		reports.SectionDid: "This report summarises the work of the partnership between 1 April and 31 March, its fifth full year. " +
			"The Executive of Redcar & Cleveland Council, Middlesbrough Council, the Integrated Care Board and Cleveland Police led it.\n\n" +
			"Its four priorities were **exploitation**, **neglect**, **empowering young people** and **working together**.",
		reports.SectionEffective: "Effective joint working has continued and been strengthened. The statutory partners' most senior " +
			"representatives met through the year, considered the independent scrutineer's reports and reaffirmed their written commitment " +
			"to the partnership across the two council areas.",
		reports.SectionReviews: "Decisions on serious cases were made within the required timescales, and the dialogue with the national " +
			"Child Safeguarding Practice Review Panel continued.\n\nThe challenge process continues: every agency involved in a case presents " +
			"the changes it has made since the review and their impact on children and families.",
		reports.SectionImpact: "Re-audit of neglect cases found the chronology template in routine use, and families said they were asked " +
			"about their plan before it was made.",
		reports.SectionProgress: "The performance framework needs review to reflect the changing nature of vulnerability and risk; " +
			"a proposal with the partnership north of the Tees is close to agreement.",
		reports.SectionVoice: "There is evidence of agencies involving children, but their voice could influence the partnership's priorities " +
			"further. Empowering young people remains a priority.",
		reports.SectionAgencies: "**The contribution of schools.** The Executive now includes both Directors of Education. An event with " +
			"schools was held in October and the Section 175 survey, with a high rate of completion, is repeated each year.",
		reports.SectionTraining: "Partnership learning events followed the priorities and local and national reports, including the impact of neglect.",
		reports.SectionAudits: "**Section 11.** The Tees Section 11 self-assessment will be repeated in November; gaps found in the last " +
			"audit are expected to have been addressed. Several multi-agency audits were completed.",
		reports.SectionScrutiny: "The arrangements meet Working Together 2023. Independent scrutiny is separate from the chair, which " +
			"passed to Cleveland Police in April. The business unit's infrastructure took time to resolve; new appointments are now in place.",
		reports.SectionFunding: "The four statutory partners fund the partnership under the written financial arrangements reaffirmed this year.",
		reports.SectionPriorities: "Hear the voice of children more strongly in setting priorities; review the performance framework; align " +
			"performance and learning and development with the partnership north of the Tees.",
	},
	// Pan Dorset's follows what Dorset Council's scrutiny of its arrangements recorded (seed 004): one
	// partnership across two councils, scrutiny through each partner's own arrangements, the joint
	// agency action plan on county lines and child exploitation, children in police custody, foster
	// and kinship carers, child death reviews with Somerset, the police's funding and disputes.
	"pan-dorset": {
		reports.SectionDid: "The partners of the Pan Dorset partnership, Dorset Council, Bournemouth, Christchurch and Poole (BCP) Council, " +
			"the Integrated Care Board and Dorset Police, took every request to the Engine Room and commissioned learning on its themes.\n\n" +
			"Its priorities were **child exploitation and county lines**, **involving children, young people and families**, " +
			"**collaboration between agencies to meet need** and **shared learning**.",
		reports.SectionEffective: "One partnership across both councils remains, as the option appraisal found, the most effective way to meet " +
			"current and emerging safeguarding challenges. Each partner scrutinised the arrangements through its own scrutiny arrangements; " +
			"at Dorset Council, a scrutiny committee and the lead member.",
		reports.SectionReviews: "Each rapid review went to the national Panel. The Child Death Overview Panel reviewed more deaths under the " +
			"new guidance and worked across the border with Somerset.",
		reports.SectionImpact: "Re-audit shows a joint plan in nine of ten county lines cases under the joint agency action plan.",
		reports.SectionProgress: "Children are still held in police custody overnight for want of a safe place; the protocol is in place " +
			"but not always followed.",
		reports.SectionVoice: "Kinship carers as well as foster carers are now asked for their views; care leavers asked to be heard " +
			"in the arrangements.",
		reports.SectionAgencies: "Schools, colleges and early years settings, the probation service, youth justice, the fire and rescue " +
			"service and the voluntary sector are the relevant agencies named in the arrangements.",
		reports.SectionTraining:   "Training followed the learning: county lines, the custody protocol and exploitation across the council boundary.",
		reports.SectionAudits:     "A multi-agency review of county lines and child exploitation was completed and re-audited.",
		reports.SectionScrutiny:   "The arrangements work across both councils; the partnership should agree its policy on resolving disputes between partners.",
		reports.SectionFunding:    "The statutory partners fund the partnership, Dorset Police included; the training function needed no extra funding.",
		reports.SectionPriorities: "County lines and child exploitation, the voice of kinship carers and care leavers, and one early help offer across both councils.",
	},
	"": {
		reports.SectionDid: "The partners took every request to the Engine Room, commissioned learning on the themes it raised and shared " +
			"what was learnt in briefings and the newsletter.",
		reports.SectionEffective: "The Engine Room met monthly and the Executive quarterly; each took the exception report and acted on it.",
		reports.SectionReviews:   "Each rapid review went to the national Panel; the recommendations of local reviews are tracked to their actions.",
		reports.SectionImpact: "Re-audits and practitioner feedback show changed practice in neglect cases; families told critical friends " +
			"they felt listened to.",
		reports.SectionProgress: "Hospital discharge planning is behind: the trust's new checklist is being trialled.",
		reports.SectionVoice:    "Young people told the critical friends they want to be asked before a plan is made, not after; plans now record it.",
		reports.SectionAgencies: "Schools join the Engine Room through the education safeguarding lead; the relevant agencies are listed in the arrangements.",
		reports.SectionTraining: "Training followed the learning: neglect, exploitation and joint visits.",
		reports.SectionAudits:   "Two multi-agency audits were completed: neglect and exploitation.",
		reports.SectionScrutiny: "The arrangements work, and the learning loop is visible from request to impact. The partnership should " +
			"hear more from families directly.",
		reports.SectionFunding:    "The local authority, the integrated care board and the police fund the partnership in equal shares.",
		reports.SectionPriorities: "Neglect, exploitation and the voice of children and families.",
	},
}

// demoYearly writes the partnership's yearly report for the last reporting year that is over,
// written by the business unit (scrutiny's section by the scrutineer) and submitted in June, its
// figures frozen as at the year's last day.
func demoYearly(ctx context.Context, tx pgx.Tx, p people, today time.Time) error {
	var bu, scrutineer int64
	if err := tx.QueryRow(ctx, `SELECT (SELECT id FROM app_user WHERE email = 'business-unit@' || d), (SELECT id FROM app_user WHERE email = 'scrutineer@' || d)
		FROM (SELECT split_part(email, '@', 2) AS d FROM app_user WHERE id = $1) e`, p.engineRoom).Scan(&bu, &scrutineer); err != nil {
		return fmt.Errorf("yearly report writers: %w", err)
	}
	year := reports.YearOf(today, reports.April) - 1
	// The evidence of impact the year's report rests on: a re-audit, practitioners' and families'
	// feedback, recorded in its second quarter against the partnership's first recommendation.
	if _, err := tx.Exec(ctx, `INSERT INTO impact_evidence (recommendation_id, kind, summary, evidence_on, rating, added_by)
		SELECT r.id, e.kind, e.summary, $2::date + e.days, e.rating, $3
		FROM (SELECT id FROM recommendation WHERE partnership_id = $1 ORDER BY id LIMIT 1) r,
		(VALUES ('re_audit', 'Re-audit of neglect cases: chronologies in routine use', 130, 'green'),
		        ('practitioner_feedback', 'Practitioners report using the chronology template', 140, 'amber'),
		        ('family_feedback', 'Families said they were asked before their plan was made', 150, 'green')) AS e(kind, summary, days, rating)`,
		p.partnershipID, year.Start(reports.April), bu); err != nil {
		return fmt.Errorf("yearly evidence: %w", err)
	}
	id, err := reports.Create(ctx, tx, p.partnershipID, reports.Yearly, year.Period(reports.April), bu)
	if err != nil {
		return err
	}
	r, _, err := reports.Get(ctx, tx, p.partnershipID, id)
	if err != nil {
		return err
	}
	texts, ok := yearlyNarratives[p.slug]
	if !ok {
		texts = yearlyNarratives[""]
	}
	written := year.End(reports.April).AddDate(0, 2, 0).Add(10 * time.Hour)
	for _, s := range r.Sections {
		by := bu
		if s.Key == reports.SectionScrutiny {
			by = scrutineer
		}
		if err := reports.WriteNarrative(ctx, tx, id, s.ID, texts[s.Key], by, written); err != nil {
			return err
		}
	}
	return reports.Freeze(ctx, tx, r, bu, written.AddDate(0, 0, 7), year.End(reports.April))
}
