package reports

import (
	"strings"
)

// Item is one thing a kind of report must contain, and the section that meets it: the section
// meets the item when its narrative has text and, if the item needs figures, when at least one of
// the named figures of the section is not zero.
type Item struct {
	Key     string
	Text    string   // what is asked, in the guidance's words
	Section string   // the section's key
	Figures []string // figures of the section of which one must not be zero; none when narrative is enough
}

// yearlyChecklist is what Working Together to Safeguard Children 2023 (chapter 2) asks the yearly
// report to contain. Items whose figures can rightly be zero (a year without a rapid review, as
// South Tees had in 2023/24) ask for narrative only; what the partners did, the evidence of
// impact and the voice of children and families ask for figures too, since a report that says
// nothing of them (11 of 18 reports analysed said nothing of impact) should not go out as if it
// did.
var yearlyChecklist = []Item{
	{Key: "done", Text: "What the partners have done as a result of the arrangements", Section: SectionDid,
		Figures: []string{"requests_received", "themes_opened", "commissions_started", "commissions_signed_off", "recommendations_made", "recommendations_implemented"}},
	{Key: "effective", Text: "How effective the arrangements have been in practice", Section: SectionEffective},
	{Key: "reviews", Text: "What was done on child safeguarding practice reviews, and progress on implementing their recommendations", Section: SectionReviews},
	{Key: "impact", Text: "Evidence of the impact of the work on outcomes for children and families", Section: SectionImpact,
		Figures: []string{"evidence_green", "evidence_amber", "evidence_red"}},
	{Key: "voice", Text: "How the voice of children and families has shaped the work", Section: SectionVoice,
		Figures: []string{"voice_notes", "commissions_hearing_voice", "family_feedback"}},
	{Key: "contribution", Text: "The contribution of each partner, including funding", Section: SectionFunding},
	{Key: "agencies", Text: "How relevant agencies, including education, have been engaged", Section: SectionAgencies},
	{Key: "training", Text: "Training, and its impact", Section: SectionTraining},
	{Key: "scrutiny", Text: "Independent scrutiny's assessment of how well the arrangements work", Section: SectionScrutiny},
	{Key: "priorities", Text: "The priorities for the next year", Section: SectionPriorities},
}

// ItemImpact is the checklist item on impact on children and families, which is flagged on the
// report itself before it goes out when unmet.
const ItemImpact = "impact"

// Check is one checklist item as the report meets it: Missing says what is not there yet.
type Check struct {
	Item
	SectionTitle string
	Met          bool
	Missing      []string
}

// Checklist checks the report against its kind's checklist, in the checklist's order; nil for a
// kind that has none.
func (r Report) Checklist() []Check {
	var checks []Check
	for _, it := range r.Kind.Checklist {
		c := Check{Item: it}
		for _, s := range r.Sections {
			if s.Key != it.Section {
				continue
			}
			c.SectionTitle = s.Title
			if strings.TrimSpace(s.Narrative) == "" {
				c.Missing = append(c.Missing, "The section has no narrative yet")
			}
			if len(it.Figures) > 0 && !anyFigure(s.Figures, it.Figures) {
				c.Missing = append(c.Missing, "The records hold no figures for it in the year")
			}
		}
		c.Met = len(c.Missing) == 0 && c.SectionTitle != ""
		checks = append(checks, c)
	}
	return checks
}

// anyFigure reports whether one of the figures keyed keys is not zero.
func anyFigure(f SectionFigures, keys []string) bool {
	for _, fg := range f.Figures {
		for _, k := range keys {
			if fg.Key == k && fg.Value != 0 {
				return true
			}
		}
	}
	return false
}

// Unmet returns the checks not met.
func Unmet(checks []Check) []Check {
	var out []Check
	for _, c := range checks {
		if !c.Met {
			out = append(out, c)
		}
	}
	return out
}

// FirstParagraph is the first paragraph of a narrative in Markdown, for a summary of the report.
func FirstParagraph(narrative string) string {
	text := strings.TrimSpace(strings.ReplaceAll(narrative, "\r\n", "\n"))
	if i := strings.Index(text, "\n\n"); i >= 0 {
		return text[:i]
	}
	return text
}
