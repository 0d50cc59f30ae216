package seed

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/reports"
)

// demoNarratives are what the Engine Room wrote in each section of its exception reports.
var demoNarratives = map[string]string{
	reports.SectionOffTrack: "One action on **hospital discharge planning** is overdue: the trust has asked for another month " +
		"while its new discharge checklist is trialled. The Executive is asked to note the delay.",
	reports.SectionMoved: "Requests came in steadily. The Engine Room triaged each at its next meeting.",
	reports.SectionCelebrate: "Practitioners told us the chronology template is now used routinely in neglect cases, " +
		"and the re-audit agrees.",
	reports.SectionVoice:   "Young people told the critical friends they want to be asked before a plan is made, not after.",
	reports.SectionSuccess: "Evidence of impact is growing; most of what we have is rated amber or green.",
}

// demoOffTrack is what is off track in the other partnerships: the overdue action of their theme
// in impact testing (demoStory), not HSSCP's discharge planning.
var demoOffTrack = map[string]string{
	"stscp": "One action on **schools hearing back after a referral** is overdue: the council has asked for another month " +
		"while both front doors agree one way of telling designated safeguarding leads. The Executive is asked to note the delay.",
	"pan-dorset": "One action on **children held in police custody** is overdue: the council has asked for another month " +
		"while Dorset Council and BCP Council agree the out-of-hours beds. The Executive is asked to note the delay.",
}

// demoReports writes the Engine Room's exception reports: one submitted for each of the last four
// quarters, each a week after its quarter ended, and the current quarter's draft with its first
// section written. The figures are drawn from the history already written.
func demoReports(ctx context.Context, tx pgx.Tx, p people, today time.Time) error {
	current := reports.QuarterOf(today)
	quarters := []reports.Quarter{current.Prev().Prev().Prev().Prev(), current.Prev().Prev().Prev(), current.Prev().Prev(), current.Prev(), current}
	for i, q := range quarters {
		id, err := reports.Create(ctx, tx, p.partnershipID, reports.Exception, q.Period(), p.engineRoom)
		if err != nil {
			return err
		}
		r, _, err := reports.Get(ctx, tx, p.partnershipID, id)
		if err != nil {
			return err
		}
		written := q.End().AddDate(0, 0, 5).Add(11 * time.Hour)
		if q == current {
			written = today.Add(9 * time.Hour)
		}
		for _, s := range r.Sections {
			if q == current && s.Key != reports.SectionOffTrack {
				continue
			}
			text := demoNarratives[s.Key]
			if t, ok := demoOffTrack[p.slug]; ok && s.Key == reports.SectionOffTrack {
				text = t
			}
			if err := reports.WriteNarrative(ctx, tx, id, s.ID, text, p.engineRoom, written); err != nil {
				return err
			}
		}
		if i < len(quarters)-1 {
			if err := reports.Freeze(ctx, tx, r, p.engineRoom, written.AddDate(0, 0, 2), q.End()); err != nil {
				return err
			}
		}
	}
	return demoYearly(ctx, tx, p, today)
}
