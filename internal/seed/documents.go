package seed

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/documents"
	"github.com/scp-portal/portal/internal/signoff"
)

// demoDocuments names the lead representative of each statutory partner (its first member of
// the Executive), lets Cleveland Police's lead name the Engine Room demo account as delegate, and
// publishes the partnership's arrangements: HSSCP's from seed 001, first as published in April
// 2019 and then as revised after the yearly review; South Tees' in one version. Every version was
// proposed by the business unit officer and signed off by each partner's lead representative.
func demoDocuments(ctx context.Context, tx pgx.Tx, pid int64, slug string, businessUnit, engineRoom int64, today time.Time) error {
	type lead struct{ Org, User int64 }
	leads, err := database.All[lead](ctx, tx, "seed: leads", `SELECT DISTINCT ON (o.id) o.id, m.user_id
		FROM organisation o JOIN membership m ON m.organisation_id = o.id JOIN body b ON b.id = m.body_id AND b.kind = 'executive'
		WHERE o.partnership_id = $1 AND o.statutory_role <> '' ORDER BY o.id, m.user_id`, pid)
	if err != nil {
		return err
	}
	for _, l := range leads {
		if _, err := tx.Exec(ctx, `UPDATE organisation SET lead_representative_id = $2 WHERE id = $1`, l.Org, l.User); err != nil {
			return err
		}
	}
	if _, err := tx.Exec(ctx, `INSERT INTO signoff_delegate (partnership_id, organisation_id, user_id, named_by, starts_on)
		SELECT $1, o.id, $2, o.lead_representative_id, $3 FROM organisation o WHERE o.partnership_id = $1 AND o.statutory_role = 'police'`,
		pid, engineRoom, today.AddDate(-1, 0, 0)); err != nil {
		return err
	}
	versions := demoArrangements[slug]
	if len(versions) == 0 {
		return nil
	}
	doc := documents.Document{PartnershipID: pid, Kind: documents.Arrangements}
	for i, v := range versions {
		var versionID int64
		if i == 0 {
			doc.ID, versionID, err = documents.Insert(ctx, tx, pid, documents.CreateInput{Kind: documents.Arrangements,
				Title: "Safeguarding arrangements", Slug: "arrangements"}, &businessUnit, v.sections())
		} else {
			versionID, err = documents.DraftNext(ctx, tx, doc, &businessUnit)
			if err == nil {
				err = v.revise(ctx, tx, versionID)
			}
		}
		if err != nil {
			return fmt.Errorf("arrangements version %d: %w", i+1, err)
		}
		if err := documents.Submit(ctx, tx, pid, versionID, businessUnit, today); err != nil {
			return err
		}
		for _, l := range leads {
			if _, err := signoff.Sign(ctx, tx, pid, documents.Subject(versionID), l.User, l.Org, today); err != nil {
				return fmt.Errorf("sign-off: %w", err)
			}
		}
		published, effective := v.published, v.effective
		if published.IsZero() { // a date relative to today: the newest revision
			effective = today.AddDate(0, -11, 0)
			published = effective.AddDate(0, 0, -14)
		}
		if err := documents.Publish(ctx, tx, pid, documents.PublishInput{VersionID: versionID, PublishedOn: published, EffectiveOn: effective}, &businessUnit); err != nil {
			return err
		}
	}
	return nil
}

// demoVersion is a published version of the demo arrangements: the first gives every section's
// text; a later one only the sections it rewrote. A zero published date is eleven months ago (its review falls due next month).
type demoVersion struct {
	published, effective time.Time
	text                 map[string]string // by heading
}

func (v demoVersion) sections() []documents.Section {
	out := documents.Template(documents.Arrangements)
	for i := range out {
		out[i].Body = strings.TrimSpace(v.text[out[i].Heading])
	}
	return out
}

// revise rewrites the sections v names in the draft versionID.
func (v demoVersion) revise(ctx context.Context, tx pgx.Tx, versionID int64) error {
	for heading, body := range v.text {
		tag, err := tx.Exec(ctx, `UPDATE document_section SET body = $3 WHERE version_id = $1 AND heading = $2`, versionID, heading, strings.TrimSpace(body))
		if err != nil {
			return err
		}
		if tag.RowsAffected() != 1 {
			return fmt.Errorf("no section %q", heading)
		}
	}
	return nil
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// demoArrangements are the published versions of each partnership's arrangements, by slug.
var demoArrangements = map[string][]demoVersion{
	"hsscp": {
		{published: day(2019, 4, 10), effective: day(2019, 4, 10), text: hsscp2019},
		{text: map[string]string{
			"Structure": hsscpStructure + `

Following the review after the first year, the Executive continues to be chaired by an independent chair, who also
oversees the yearly review of these arrangements.`,
			"Review of the arrangements": `
The six-month initial review of the arrangements took place in October 2019, overseen by the Independent Chair. It found
the Active Learning model well established and recommended that Engine Room membership be kept under review.

The arrangements are now reviewed every year. Each review considers the membership of the Engine Room, the effectiveness of
structures and processes including communication and engagement, the identification of themes and learning, and the impact
on front line practice and on the children and young people of Hartlepool and Stockton-on-Tees.

HSSCP works closely with the South Tees Safeguarding Children Partnership to align performance, learning and development
across the Tees.`,
		}},
	},
	"stscp": {
		{published: day(2019, 6, 24), effective: day(2019, 9, 29), text: map[string]string{
			"Our shared vision and values": `
The South Tees Safeguarding Children Partnership brings together Middlesbrough Council, Redcar and Cleveland Borough
Council, the health board and Cleveland Police to keep children in Middlesbrough and Redcar and Cleveland safe.

Our priorities are exploitation, neglect, empowering young people and working together.`,
			"The safeguarding partners and their lead representatives": `The four statutory partners have equal and joint responsibility for the arrangements.`,
			"Geographical boundaries":                                  `The partnership covers the two local authority areas of Middlesbrough and Redcar and Cleveland.`,
			"Relevant agencies":                                        `The safeguarding partners have named these relevant agencies.`,
			"Structure": `
The Executive is chaired by a statutory partner. Independent scrutiny is kept separate from the chair: independent
scrutineers carry out focussed work the Executive identifies.`,
			"Review of the arrangements": `The arrangements are reviewed every year and reported on in the partnership's yearly report.`,
		}},
	},
}

const hsscpStructure = `
The HSSCP structure is based on an Active Learning Model: the Engine Room analyses qualitative and quantitative data, local
and national reviews and audits of practice across the system to identify themes or key lines of enquiry (KLOE). Critical
friends are commissioned to investigate the themes and facilitate learning with front line practitioners. The learning is
shared with the Engine Room and the HSSCP Executive so that it is disseminated across the system.

**The Executive.** The four partners have equal and joint responsibility for local safeguarding arrangements and meet
formally each quarter to review how the arrangements are progressing, celebrate good practice, identify areas for learning
and improvement, provide direction and receive exception reports from the Engine Room.

**The Engine Room.** Representatives of the partners and the Partnership Development Manager, chaired by a statutory
partner on a rota. Additional members are co-opted from other agencies as and when appropriate.

**Independent scrutiny.** Two pathways: an independent chair of the Executive, and independent critical friends within
Active Learning.`

// hsscp2019 is HSSCP's arrangements as published in April 2019 (seed 001), section by section.
var hsscp2019 = map[string]string{
	"Our shared vision and values": `
Our agreed vision for Hartlepool and Stockton-on-Tees Safeguarding Children Partnership (HSSCP) is to ensure:

> "Every child in Hartlepool and Stockton feels safe, secure and is protected from harm, enabling them to reach their full potential."

We will work as a partnership harnessing the importance of working with practitioners via our new 'Active Learning'
approach. Practitioners developing effective and trusting relationships with families will be at the heart of our
methodology.

Our agreed objectives are:

- To achieve the best possible outcomes for children and families and provide the right services that meet need in a co-ordinated way
- To improve safeguarding practice across all partners
- To improve multi agency working, early identification and analysis of issues and barriers
- To enable shared learning with front line staff across all partners
- To establish and embed peer challenge as a process for learning and improvement
- To share information effectively to facilitate more accurate and timely decision making for families`,
	"The safeguarding partners and their lead representatives": `
The partners in the Hartlepool and Stockton-on-Tees Safeguarding Children Partnership, in accordance with Working Together
2018 and the Children and Social Work Act 2017, are the two borough councils, the clinical commissioning group and the
chief officer of Cleveland Police. Their lead representatives form the HSSCP Executive, and have identified senior
officers of their agencies to be part of the Engine Room.`,
	"Geographical boundaries": `
The partnership covers the two local authority areas of Hartlepool and Stockton-on-Tees Borough Councils, underpinned by a
shared Children's Hub which is the front door to Children's Services across both local authorities. Hartlepool and
Stockton-on-Tees also share a co-terminous Clinical Commissioning Group and Police force.`,
	"Relevant agencies": `
The safeguarding partners have identified the following local relevant agencies whose involvement is integral to
safeguarding and promoting the welfare of children and young people across Hartlepool and Stockton-on-Tees.`,
	"Structure": hsscpStructure + `

The Executive meetings are chaired by an independent chair to provide independent scrutiny and challenge. This will be
reviewed after the first year of the new arrangements.`,
	"Critical success factors": `
The partnership measures success using performance data, audit and feedback from children and young people, families and
practitioners. Partners expect to see that:

1. **Recommendations from identified learning are implemented**, resulting in improved practice.
2. **Multi-agency safeguarding practice is co-ordinated.**
3. **Children and families receive the right support at the right time.**`,
	"Engagement": `
The safeguarding partners attend the Executive and Engine Room, and both the partners and relevant agencies take part in
Active Learning. There are bi-annual open learning events, regular briefings and a training and development programme.
Schools feed in their views through the Designated Teachers Forums and head teachers' meetings.`,
	"Voice of children, young people and families": `
The Active Learning model includes feedback from children, young people and families, facilitated by independent critical
friends. We ask relevant agencies how they capture the voices of children and families, involve families in learning
reviews, audits and events where possible, and keep links with the Young Inspectors and the Children in Care Council.`,
	"Local child safeguarding practice reviews": `
The Engine Room undertakes rapid reviews of serious child safeguarding incidents, reports its decision to the national
Panel, and commissions and oversees local child safeguarding practice reviews where appropriate, leading on the
improvement plans that follow.`,
	"Training and development": `
The Engine Room identifies training and development needs arising from Active Learning. The Learning Co-ordinator
commissions trainers and training, and monitors and evaluates the training programme, which is reviewed annually.`,
	"Funding": `
The work of HSSCP is funded through a pooled budget to which the safeguarding partners contribute proportionately. The
budget for 2019-20 is at the same level as the contributions made to the two former Local Safeguarding Children Boards.`,
	"Review of the arrangements": `
There will be a six-month initial review of the arrangements, overseen by the Independent Chair, with an annual review
taking place thereafter. The review will consider the membership of key groups such as the Engine Room, the effectiveness
of structures and processes, the identification of themes and learning, and the impact on front line practice.`,
}
