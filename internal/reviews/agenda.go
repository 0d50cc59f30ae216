package reviews

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/meetings"
	"github.com/scp-portal/portal/internal/signoff"
)

// AgendaKinds are the kinds of approval a local CSPR puts on the Executive's agenda, in agenda
// order. An item's RefID is the local CSPR.
var AgendaKinds = app.Choices{
	{Value: "appointment", Label: "Reviewer appointments to approve"},
	{Value: "publication", Label: "Local reviews to approve for publication"},
}

// ExecutiveAgenda puts the local CSPRs' approvals pending before the Executive: a reviewer
// proposed and not yet approved, and a publication proposed and not yet approved, on each agenda
// until approved. An item names the review by its reference, never the child.
var ExecutiveAgenda = meetings.ExecutiveSource{Headings: AgendaKinds, Items: agendaItems}

// ExecutiveSignOffs puts the rapid reviews awaiting the partners' sign-off on the Executive's
// agenda, as confidential items.
var ExecutiveSignOffs = signoff.ExecutiveAgenda(app.Choice{Value: SubjectKind, Label: "Rapid reviews awaiting the partners' sign-off"}, true)

// agendaLimit bounds the approvals one agenda carries.
const agendaLimit = 50

// agendaItems returns the unpublished local CSPRs whose reviewer or publication awaits the
// Executive's approval, oldest review first, in one query.
func agendaItems(ctx context.Context, q database.Querier, b meetings.Body, _ time.Time) ([]meetings.Item, error) {
	scan := func(row pgx.CollectableRow) (meetings.Item, error) {
		var it meetings.Item
		return it, row.Scan(&it.Kind, &it.RefID, &it.Title)
	}
	return database.AllWith(ctx, q, scan, "reviews: agenda", `SELECT kind, id, title FROM (
			SELECT $2 AS kind, c.id, c.reference || ': ' || c.reviewer || ' proposed as reviewer' AS title, 1 AS o, c.created_at AS at
			FROM local_cspr c WHERE c.partnership_id = $1 AND c.published_on IS NULL AND c.reviewer <> '' AND c.reviewer_approved_by IS NULL
			UNION ALL
			SELECT $3, c.id, c.reference || ': publication proposed for ' || to_char(c.publication_proposed_on, 'FMDD FMMonth YYYY'), 2, c.created_at
			FROM local_cspr c WHERE c.partnership_id = $1 AND c.published_on IS NULL AND c.publication_proposed_on IS NOT NULL
			  AND c.publication_approved_by IS NULL
		) items ORDER BY o, at, id LIMIT $4`, b.PartnershipID, AgendaKinds[0].Value, AgendaKinds[1].Value, agendaLimit)
}
