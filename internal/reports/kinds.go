package reports

import (
	"context"
	"slices"
	"time"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/database"
)

// Kind is a kind of report: its sections in their fixed order, how its periods are named, and how
// its figures are drawn. The quarterly exception report is one; the yearly report will be
// another, reusing the sections, figures, charts, submission and versions of this package.
type Kind struct {
	Value    string
	Label    string // "Exception report"
	Sections []SectionDef
	// ParsePeriod reads a period's key; PeriodOf is the period a day falls in. m is the month the
	// partnership's reporting year starts in, which the yearly report's periods follow (the
	// exception report's quarters are the financial year's whatever it is).
	ParsePeriod func(key string, m YearStart) (Period, bool)
	PeriodOf    func(day time.Time, m YearStart) Period
	// Draw draws the figures of every section from the records as at asAt.
	Draw func(ctx context.Context, q database.Querier, partnershipID int64, p Period, asAt time.Time) (Figures, error)
	// Write is the action that starts, writes, submits and reopens a report of the kind; a
	// section may name its own (SectionDef.Write).
	Write access.Action
	// Checklist is what a report of the kind must contain, each item met by a section; nil when
	// nothing prescribes it.
	Checklist []Item
	// SentTo is whom a submitted report goes to: "the Executive".
	SentTo string
	// Headlines are the keys of the figures a short summary of the report carries (the yearly
	// report's summary for a council's scrutiny committee).
	Headlines []string
	// Published says a submitted report of the kind is put to the statutory partners for sign-off
	// (internal/signoff) and then published on the partnership's public pages: the yearly report.
	Published bool
}

// Writer is the action that writes the section keyed key of a report of the kind, or, for "",
// the report itself.
func (k *Kind) Writer(key string) access.Action {
	for _, s := range k.Sections {
		if s.Key == key && s.Write != "" {
			return s.Write
		}
	}
	return k.Write
}

// SectionDef is a section of a kind of report: its key (stable: addresses and challenges name
// it), its heading and what its narrative should say.
type SectionDef struct {
	Key    string
	Title  string
	Prompt string
	// NoRecords says, for a section whose records the portal does not hold yet, that its
	// narrative must give them.
	NoRecords string
	// Write is the action that writes this section, when it is not the kind's (the yearly
	// report's scrutiny section is the scrutineer's).
	Write access.Action
}

// The sections of the exception report, in order.
const (
	SectionOffTrack  = "off_track"
	SectionMoved     = "moved"
	SectionCelebrate = "celebrate"
	SectionVoice     = "voice"
	SectionSuccess   = "success"
)

// Exception is the Engine Room's quarterly exception report to the Executive.
var Exception = &Kind{
	Value: "exception",
	Label: "Exception report",
	Sections: []SectionDef{
		{Key: SectionOffTrack, Title: "What is off track", Prompt: "Say why each is off track, what is being done and what the Executive is asked to do."},
		{Key: SectionMoved, Title: "What moved this quarter", Prompt: "Say what the work of the quarter amounted to."},
		{Key: SectionCelebrate, Title: "Learning to celebrate", Prompt: "Describe the learning and the practice that changed because of it."},
		{Key: SectionVoice, Title: "The voice of children and families", Prompt: "Say what children and families told us and what changed because of it."},
		{Key: SectionSuccess, Title: "Critical success factors", Prompt: "Say what the trend shows for each factor, and why."},
	},
	ParsePeriod: func(key string, _ YearStart) (Period, bool) {
		q, ok := ParseQuarter(key)
		return q.Period(), ok
	},
	PeriodOf: func(day time.Time, _ YearStart) Period { return QuarterOf(day).Period() },
	Draw:     drawException,
	Write:    access.WriteReport,
	SentTo:   "the Executive",
}

// kinds are the kinds of report, by value.
var kinds = map[string]*Kind{Exception.Value: Exception, Yearly.Value: Yearly}

// KindOf returns the kind of report named value.
func KindOf(value string) (*Kind, bool) {
	k, ok := kinds[value]
	return k, ok
}

// Factor is one of the three critical success factors of the HSSCP arrangements (seed 001,
// section 6), with the kinds of evidence of impact the arrangements test it by.
type Factor struct {
	Key      string
	Title    string
	Evidence []string // impact_evidence kinds
}

// Factors are the critical success factors, in the arrangements' order.
var Factors = []Factor{
	{"implemented", "Recommendations from identified learning are implemented",
		[]string{"re_audit", "practitioner_feedback", "training_evaluation"}},
	{"coordinated", "Multi-agency safeguarding practice is co-ordinated", []string{"re_audit", "family_feedback"}},
	{"right_support", "Children and families receive the right support at the right time", []string{"performance_data", "training_evaluation"}},
}

// drawException draws the exception report's figures in nine queries: the learning loop's
// counts, the rapid reviews (four), the self-assessment returns late, the case audits completed
// in the quarter, the evidence of the last four quarters and the learning to celebrate.
func drawException(ctx context.Context, q database.Querier, partnershipID int64, p Period, asAt time.Time) (Figures, error) {
	f := Figures{AsAt: asAt, Sections: map[string]SectionFigures{}}
	c, err := CountLearning(ctx, q, partnershipID, p, asAt)
	if err != nil {
		return f, err
	}
	rv, err := CountReviews(ctx, q, partnershipID, p, asAt)
	if err != nil {
		return f, err
	}
	late, err := returnsLate(ctx, q, partnershipID, asAt)
	if err != nil {
		return f, err
	}
	audits, err := drawAudits(ctx, q, partnershipID, p)
	if err != nil {
		return f, err
	}
	recs := Records{List: ListRecommendations}
	f.Sections[SectionOffTrack] = SectionFigures{Figures: []Figure{
		{"actions_overdue", "Actions overdue", c.ActionsOverdue, 0, recs},
		{"recommendations_overdue", "Recommendations overdue", c.RecommendationsOverdue, 0, recs},
		{"themes_red", "Themes rated red", c.ThemesRed, 0, Records{List: ListThemes}},
		{"commissions_past_milestone", "Commissions past a milestone", c.CommissionsPastMilestone, 0, Records{List: ListCommissions}},
		{"reviews_at_risk", "Rapid reviews at risk or late", rv.AtRiskOrLate, 0, Records{List: ListReviews}},
		{"notifications_late", "Notifications to the national Panel made late", rv.NotificationsLate, 0, Records{List: ListReviews}},
		{"local_reviews_behind", "Local CSPRs behind a milestone or their publication target", c.LocalReviewsBehind, 0, Records{List: ListReviews}},
		{"assurance_returns_late", "Self-assessment returns past their deadline", late, 0, Records{List: ListAssurance}},
	}}
	evidence := within(ListRecommendations, "", p)
	f.Sections[SectionMoved] = SectionFigures{Figures: append([]Figure{
		{"requests_received", "Requests received", c.RequestsReceived, 0, within(ListInbox, "", p)},
		{"requests_triaged", "Requests triaged", c.RequestsTriaged, 0, Records{List: ListInbox}},
		{"themes_opened", "Themes opened", c.ThemesOpened, 0, Records{List: ListThemes}},
		{"themes_closed", "Themes closed", c.ThemesClosed, 0, Records{List: ListThemes, Status: "closed"}},
		{"commissions_started", "Commissions started", c.CommissionsStarted, 0, Records{List: ListCommissions}},
		{"commissions_signed_off", "Commissions signed off", c.CommissionsSignedOff, 0, Records{List: ListCommissions}},
		{"recommendations_implemented", "Recommendations implemented", c.RecommendationsImplemented, 0, recs},
		{"evidence_green", "Evidence of impact rated green", c.EvidenceGreen, 0, evidence},
		{"evidence_amber", "Evidence of impact rated amber", c.EvidenceAmber, 0, evidence},
		{"evidence_red", "Evidence of impact rated red", c.EvidenceRed, 0, evidence},
	}, audits.Figures...), Highlights: audits.Highlights}
	learned, err := Learned(ctx, q, partnershipID, p)
	if err != nil {
		return f, err
	}
	f.Sections[SectionCelebrate] = SectionFigures{Figures: []Figure{
		{"learning_signed_off", "Learning signed off", c.CommissionsSignedOff, 0, Records{List: ListCommissions}},
		{"evidence_green", "Evidence of impact rated green", c.EvidenceGreen, 0, evidence},
	}, Highlights: learned}
	f.Sections[SectionVoice] = SectionFigures{Figures: []Figure{
		{"voice_notes", "Voices of children and families recorded", c.VoiceNotes, 0, Records{List: ListCommissions}},
		{"commissions_hearing_voice", "Commissions that heard them", c.CommissionsHearingVoice, 0, Records{List: ListCommissions}},
		{"family_feedback", "Family feedback recorded as evidence of impact", c.FamilyFeedback, 0, evidence},
	}}
	success, err := drawFactors(ctx, q, partnershipID, p)
	if err != nil {
		return f, err
	}
	f.Sections[SectionSuccess] = success
	return f, nil
}

// drawFactors draws each critical success factor's figure for the quarter and its trend over the
// last four quarters, in one query: the evidence of impact of the kinds the factor is tested by,
// and how much of it was rated green.
func drawFactors(ctx context.Context, q database.Querier, partnershipID int64, p Period) (SectionFigures, error) {
	last := QuarterOf(p.Start)
	quarters := []Quarter{last.Prev().Prev().Prev(), last.Prev().Prev(), last.Prev(), last}
	counts, err := CountEvidence(ctx, q, partnershipID, quarters[0], last)
	if err != nil {
		return SectionFigures{}, err
	}
	var s SectionFigures
	for _, fc := range Factors {
		ch := Chart{Key: fc.Key, Title: fc.Title, Measure: "Rated green", Whole: "Evidence recorded", Records: Records{List: ListRecommendations}}
		for _, qu := range quarters {
			pt := Point{Label: qu.Short()}
			for _, c := range counts {
				if c.Quarter == qu && slices.Contains(fc.Evidence, c.Kind) {
					pt.Value += c.Green
					pt.Of += c.All
				}
			}
			ch.Points = append(ch.Points, pt)
		}
		now := ch.Points[len(ch.Points)-1]
		s.Figures = append(s.Figures, Figure{Key: fc.Key, Label: fc.Title + ": evidence rated green", Value: now.Value, Of: now.Of,
			Records: within(ListRecommendations, "", p)})
		s.Charts = append(s.Charts, ch)
	}
	return s, nil
}
