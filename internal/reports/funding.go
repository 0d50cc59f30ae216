package reports

import (
	"context"
	"errors"
	"fmt"

	"github.com/scp-portal/portal/internal/budget"
	"github.com/scp-portal/portal/internal/database"
)

// drawFunding is the yearly report's funding section from the year's budget as the Executive
// approved it (internal/budget): each partner's contribution and share, the other income, the
// spending by heading and the outturn, as highlights. With no approved budget the section has
// none, and the business unit writes it.
func drawFunding(ctx context.Context, q database.Querier, partnershipID int64, p Period) (SectionFigures, error) {
	b, err := budget.Approved(ctx, q, partnershipID, p.Start.Year())
	if errors.Is(err, budget.ErrNotFound) {
		return SectionFigures{}, nil
	}
	if err != nil {
		return SectionFigures{}, err
	}
	var s SectionFigures
	t := b.Totals()
	for _, l := range b.Lines {
		text := ""
		switch l.Kind {
		case "contribution":
			text = fmt.Sprintf("%s contributed %s (%s of the partners' contributions)", l.Name, budget.Pounds(l.PlannedPence), budget.Percent(b.Share(l)))
		case "income":
			text = fmt.Sprintf("Other income, %s: %s", l.Name, budget.Pounds(l.PlannedPence))
		default:
			text = fmt.Sprintf("Spending, %s: %s", l.Name, budget.Pounds(l.PlannedPence))
		}
		if l.OutturnPence != nil {
			text += ", outturn " + budget.Pounds(*l.OutturnPence)
		}
		s.Highlights = append(s.Highlights, Highlight{Text: text})
	}
	s.Highlights = append(s.Highlights, Highlight{Text: fmt.Sprintf("The pooled budget of %s was approved by the Executive: %s from the partners, %s other income, %s spending",
		b.Label(), budget.Pounds(t.Contributions), budget.Pounds(t.Income), budget.Pounds(t.Spending))})
	return s, nil
}
