package reports

import (
	"context"
	"fmt"
	"time"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/database"
)

// The sections of the yearly report, in order. The voice of children and families is keyed as
// the exception report's (SectionVoice).
const (
	SectionDid        = "did"
	SectionEffective  = "effective"
	SectionReviews    = "reviews"
	SectionImpact     = "impact"
	SectionProgress   = "progress"
	SectionAgencies   = "agencies"
	SectionTraining   = "training"
	SectionAudits     = "audits"
	SectionScrutiny   = "scrutiny"
	SectionFunding    = "funding"
	SectionPriorities = "priorities"
)

// Yearly is the partnership's yearly report, which Working Together to Safeguard Children 2023
// (chapter 2) asks the statutory partners to publish: drafted by the business unit from the
// year's records, with independent scrutiny's assessment written by the scrutineer.
var Yearly = &Kind{
	Value:     "yearly",
	Label:     "Yearly report",
	Published: true,
	Sections: []SectionDef{
		{Key: SectionDid, Title: "What the partnership did", Prompt: "Say what the partners did as a result of the arrangements: the requests, themes, commissions and learning shared, and the recommendations and where they stand."},
		{Key: SectionEffective, Title: "How effective the arrangements have been", Prompt: "Say how effective the arrangements have been in practice, and how you know."},
		{Key: SectionReviews, Title: "Rapid reviews and local child safeguarding practice reviews", Prompt: "Say what the reviews found, what was decided and what the partners did about their recommendations."},
		{Key: SectionImpact, Title: "Impact on children and families", Prompt: "Say what difference the work made to outcomes for children and families, and the evidence for it."},
		{Key: SectionProgress, Title: "Where there has been little or no progress", Prompt: "Say which themes are rated red or amber and which actions are overdue, why, and what is being done."},
		{Key: SectionVoice, Title: "The voice of children and families", Prompt: "Say what children and families told the partnership and how it shaped the work."},
		{Key: SectionAgencies, Title: "Relevant agencies and education", Prompt: "Say how schools, colleges and the other relevant agencies have been engaged."},
		{Key: SectionTraining, Title: "Training and its evaluation", Prompt: "Say what training was delivered, to how many, and what its evaluation showed.",
			NoRecords: "The portal holds no training delivered in this year: give it here."},
		{Key: SectionAudits, Title: "Multi-agency audits", Prompt: "Say which audits were carried out, what they found and what changed.",
			NoRecords: "The portal holds no multi-agency case audit completed in this year: give the audits here."},
		{Key: SectionScrutiny, Title: "Independent scrutiny's assessment", Prompt: "The independent scrutineer's assessment of how well the arrangements work, in their own words.",
			Write: access.WriteScrutiny},
		{Key: SectionFunding, Title: "Funding and the partners' contributions", Prompt: "Give each partner's contribution, in money and in kind, and what it paid for.",
			NoRecords: "The Executive has not approved a budget for this year in the portal: give each partner's contribution here, or approve the year's budget."},
		{Key: SectionPriorities, Title: "Priorities for the next year", Prompt: "Say what the partnership will focus on next year, and why."},
	},
	ParsePeriod: func(key string, m YearStart) (Period, bool) {
		y, ok := ParseYear(key)
		return y.Period(m), ok
	},
	PeriodOf:  func(day time.Time, m YearStart) Period { return YearOf(day, m).Period(m) },
	Draw:      drawYearly,
	Write:     access.WriteYearlyReport,
	SentTo:    "the statutory partners for sign-off",
	Checklist: yearlyChecklist,
	Headlines: []string{"requests_received", "themes_opened", "commissions_started", "commissions_signed_off", "recommendations_implemented",
		"rapid_reviews", "rapid_reviews_on_time", "local_csprs_published", "evidence_green", "themes_red", "themes_amber", "actions_overdue",
		"voice_notes", "family_feedback"},
}

// YearCounts are the yearly report's figures that the exception report's queries do not draw:
// the reviews of the year and their decisions, the recommendations of local CSPRs, the themes
// rated amber and the training needs.
type YearCounts struct {
	RapidReviews, DecidedLocal, DecidedNational, DecidedNone                          int
	LocalOpened, LocalPublished, LocalPublishedOnTime                                 int
	ReviewRecommendations, ReviewRecommendationsImplemented, ChallengeNotes           int
	RecommendationsMade, RecommendationsOpen, ThemesAmber, TrainingNeeds, TrainingMet int
}

// CountYear counts, in one query: rapid reviews the partnership became aware of in the period and
// what was decided on them; local CSPRs opened and published in it (on time when by their
// target); recommendations of local CSPRs, those implemented and what agencies said they changed
// at challenge sessions held in the period; recommendations made in the period and those open on
// the day; themes rated amber and not closed; training needs identified in it and met.
func CountYear(ctx context.Context, q database.Querier, partnershipID int64, p Period) (YearCounts, error) {
	var c YearCounts
	err := q.QueryRow(ctx, `WITH `+window+`,
		rr AS (SELECT decision FROM rapid_review WHERE partnership_id = $1 AND aware_on BETWEEN $2 AND $3),
		lc AS (SELECT c.published_on, c.publish_target_on, c.created_at FROM local_cspr c WHERE c.partnership_id = $1),
		rec AS (SELECT r.id, r.status, r.cspr_id, r.created_at FROM recommendation r WHERE r.partnership_id = $1)
		SELECT
		  (SELECT count(*) FROM rr), (SELECT count(*) FROM rr WHERE decision = 'local_cspr'),
		  (SELECT count(*) FROM rr WHERE decision = 'national_review'), (SELECT count(*) FROM rr WHERE decision = 'no_review'),
		  (SELECT count(*) FROM lc, w WHERE lc.created_at >= w.s AND lc.created_at < w.e),
		  (SELECT count(*) FROM lc WHERE published_on BETWEEN $2 AND $3),
		  (SELECT count(*) FROM lc WHERE published_on BETWEEN $2 AND $3 AND published_on <= publish_target_on),
		  (SELECT count(*) FROM rec WHERE cspr_id IS NOT NULL),
		  (SELECT count(*) FROM rec WHERE cspr_id IS NOT NULL AND status = 'implemented'),
		  (SELECT count(*) FROM challenge_note n JOIN rec ON rec.id = n.recommendation_id WHERE n.held_on BETWEEN $2 AND $3),
		  (SELECT count(*) FROM rec, w WHERE rec.created_at >= w.s AND rec.created_at < w.e),
		  (SELECT count(*) FROM rec WHERE status IN ('open', 'in_progress')),
		  (SELECT count(*) FROM theme WHERE partnership_id = $1 AND rating = 'amber' AND status <> 'closed'),
		  (SELECT count(*) FROM training_need t, w WHERE t.partnership_id = $1 AND t.created_at >= w.s AND t.created_at < w.e),
		  (SELECT count(*) FROM training_need t, w WHERE t.partnership_id = $1 AND t.created_at >= w.s AND t.created_at < w.e
			 AND (t.status = 'delivered' OR t.closed_reason IN ('met_by_course', 'met_otherwise')))`,
		partnershipID, p.Start, p.End).Scan(
		&c.RapidReviews, &c.DecidedLocal, &c.DecidedNational, &c.DecidedNone,
		&c.LocalOpened, &c.LocalPublished, &c.LocalPublishedOnTime,
		&c.ReviewRecommendations, &c.ReviewRecommendationsImplemented, &c.ChallengeNotes,
		&c.RecommendationsMade, &c.RecommendationsOpen, &c.ThemesAmber, &c.TrainingNeeds, &c.TrainingMet)
	if err != nil {
		return c, fmt.Errorf("reports: count year: %w", err)
	}
	return c, nil
}

// drawYearly draws the yearly report's figures in thirteen queries: the learning loop's counts and
// the year's (two), the rapid reviews against their statutory deadlines (four), the evidence of
// impact by quarter, the learning shared, the self-assessment rounds due in the year, the training
// delivered, the case audits completed, and the year's approved budget (two).
func drawYearly(ctx context.Context, q database.Querier, partnershipID int64, p Period, asAt time.Time) (Figures, error) {
	f := Figures{AsAt: asAt, Sections: map[string]SectionFigures{}}
	c, err := CountLearning(ctx, q, partnershipID, p, asAt)
	if err != nil {
		return f, err
	}
	y, err := CountYear(ctx, q, partnershipID, p)
	if err != nil {
		return f, err
	}
	rv, err := CountReviews(ctx, q, partnershipID, p, asAt)
	if err != nil {
		return f, err
	}
	learned, err := Learned(ctx, q, partnershipID, p)
	if err != nil {
		return f, err
	}
	recs := Records{List: ListRecommendations}
	reviewsList := Records{List: ListReviews}
	evidence := within(ListRecommendations, "", p)
	f.Sections[SectionDid] = SectionFigures{Figures: []Figure{
		{Key: "requests_received", Label: "Requests received", Value: c.RequestsReceived, Records: within(ListInbox, "", p)},
		{Key: "requests_triaged", Label: "Requests triaged", Value: c.RequestsTriaged, Records: Records{List: ListInbox}},
		{Key: "themes_opened", Label: "Themes opened", Value: c.ThemesOpened, Records: Records{List: ListThemes}},
		{Key: "themes_closed", Label: "Themes closed", Value: c.ThemesClosed, Records: Records{List: ListThemes, Status: "closed"}},
		{Key: "commissions_started", Label: "Learning commissioned", Value: c.CommissionsStarted, Records: Records{List: ListCommissions}},
		{Key: "commissions_signed_off", Label: "Learning signed off and shared", Value: c.CommissionsSignedOff, Records: Records{List: ListCommissions}},
		{Key: "recommendations_made", Label: "Recommendations made", Value: y.RecommendationsMade, Records: recs},
		{Key: "recommendations_implemented", Label: "Recommendations implemented", Value: c.RecommendationsImplemented, Records: recs},
		{Key: "recommendations_open", Label: "Recommendations still open", Value: y.RecommendationsOpen, Records: recs},
	}, Highlights: learned}
	f.Sections[SectionReviews] = SectionFigures{Figures: []Figure{
		{Key: "rapid_reviews", Label: "Rapid reviews begun", Value: y.RapidReviews, Records: reviewsList},
		{Key: "rapid_reviews_on_time", Label: "Rapid reviews sent to the national Panel within 15 working days", Value: rv.SentToPanelOnTime, Of: rv.SentToPanelInTotal, Records: reviewsList},
		{Key: "notifications_late", Label: "Notifications to the national Panel made after 5 working days", Value: rv.NotificationsLate, Records: reviewsList},
		{Key: "decided_local_cspr", Label: "Decided: a local child safeguarding practice review", Value: y.DecidedLocal, Records: reviewsList},
		{Key: "decided_national", Label: "Decided: a national review", Value: y.DecidedNational, Records: reviewsList},
		{Key: "decided_no_review", Label: "Decided: no further review", Value: y.DecidedNone, Records: reviewsList},
		{Key: "local_csprs_opened", Label: "Local CSPRs begun", Value: y.LocalOpened, Records: reviewsList},
		{Key: "local_csprs_published", Label: "Local CSPRs published", Value: y.LocalPublished, Records: reviewsList},
		{Key: "local_csprs_on_time", Label: "Local CSPRs published by their target", Value: y.LocalPublishedOnTime, Of: y.LocalPublished, Records: reviewsList},
		{Key: "review_recommendations", Label: "Recommendations of local CSPRs", Value: y.ReviewRecommendations, Records: recs},
		{Key: "review_recommendations_implemented", Label: "Recommendations of local CSPRs implemented", Value: y.ReviewRecommendationsImplemented, Of: y.ReviewRecommendations, Records: recs},
		{Key: "challenge_notes", Label: "Changes agencies reported at challenge sessions", Value: y.ChallengeNotes, Records: reviewsList},
	}}
	impact, err := drawImpact(ctx, q, partnershipID, p, c)
	if err != nil {
		return f, err
	}
	f.Sections[SectionImpact] = impact
	f.Sections[SectionProgress] = SectionFigures{Figures: []Figure{
		{Key: "themes_red", Label: "Themes rated red", Value: c.ThemesRed, Records: Records{List: ListThemes}},
		{Key: "themes_amber", Label: "Themes rated amber", Value: y.ThemesAmber, Records: Records{List: ListThemes}},
		{Key: "actions_overdue", Label: "Actions overdue", Value: c.ActionsOverdue, Records: recs},
		{Key: "recommendations_overdue", Label: "Recommendations overdue", Value: c.RecommendationsOverdue, Records: recs},
		{Key: "local_reviews_behind", Label: "Local CSPRs behind a milestone or their publication target", Value: c.LocalReviewsBehind, Records: reviewsList},
	}}
	f.Sections[SectionVoice] = SectionFigures{Figures: []Figure{
		{Key: "voice_notes", Label: "Voices of children and families recorded", Value: c.VoiceNotes, Records: Records{List: ListCommissions}},
		{Key: "commissions_hearing_voice", Label: "Commissions that heard them", Value: c.CommissionsHearingVoice, Records: Records{List: ListCommissions}},
		{Key: "family_feedback", Label: "Family feedback recorded as evidence of impact", Value: c.FamilyFeedback, Records: evidence},
	}}
	rounds, err := countRounds(ctx, q, partnershipID, p)
	if err != nil {
		return f, err
	}
	f.Sections[SectionAgencies] = SectionFigures{Figures: roundFigures(rounds)}
	training, err := countTraining(ctx, q, partnershipID, p)
	if err != nil {
		return f, err
	}
	if f.Sections[SectionAudits], err = drawAudits(ctx, q, partnershipID, p); err != nil {
		return f, err
	}
	f.Sections[SectionTraining] = SectionFigures{Figures: append(trainingFigures(training), []Figure{
		{Key: "training_needs", Label: "Training needs identified by the learning", Value: y.TrainingNeeds, Records: recs},
		{Key: "training_needs_met", Label: "Of them, met", Value: y.TrainingMet, Of: y.TrainingNeeds, Records: recs},
	}...)}
	if f.Sections[SectionFunding], err = drawFunding(ctx, q, partnershipID, p); err != nil {
		return f, err
	}
	return f, nil
}

// drawImpact is the evidence of impact of the year by rating, and a chart of the share rated
// green in each of its quarters, in one query.
func drawImpact(ctx context.Context, q database.Querier, partnershipID int64, p Period, c Counts) (SectionFigures, error) {
	evidence := within(ListRecommendations, "", p)
	s := SectionFigures{Figures: []Figure{
		{Key: "evidence_green", Label: "Evidence of impact rated green", Value: c.EvidenceGreen, Records: evidence},
		{Key: "evidence_amber", Label: "Evidence of impact rated amber", Value: c.EvidenceAmber, Records: evidence},
		{Key: "evidence_red", Label: "Evidence of impact rated red", Value: c.EvidenceRed, Records: evidence},
	}}
	m := YearStart(p.Start.Month())
	y := YearOf(p.Start, m)
	counts, err := CountEvidenceBySpan(ctx, q, partnershipID, y, m)
	if err != nil {
		return s, err
	}
	ch := Chart{Key: "impact_green", Title: "Evidence of impact rated green, by quarter", Measure: "Rated green", Whole: "Evidence recorded", Records: evidence}
	for _, span := range y.Spans(m) {
		pt := Point{Label: span.Label()}
		for _, c := range counts {
			if c.N == span.N {
				pt.Value += c.Green
				pt.Of += c.All
			}
		}
		ch.Points = append(ch.Points, pt)
	}
	s.Charts = []Chart{ch}
	return s, nil
}
