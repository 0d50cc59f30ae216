package views

import (
	"github.com/scp-portal/portal/internal/retention"
	"github.com/scp-portal/portal/web/paths"
)

// RetentionAbilities are what the reader may do on the retention page, as the policy answered.
type RetentionAbilities struct {
	Propose bool // propose periods, place and release holds: the business unit
	Approve bool // approve a proposed period: the Executive
	Export  bool // export a person's data for a subject access request: the business unit
}

// NewRetention builds the retention page from the schedule and the holds in place; userID is the
// reader, who may not approve their own proposal.
func NewRetention(slug string, rules []retention.Rule, holds []retention.Hold, can RetentionAbilities, userID int64) RetentionView {
	var v RetentionView
	for _, r := range rules {
		d, _ := retention.DefaultOf(r.Type)
		rv := RetentionRuleView{Label: d.Label, Does: d.Does, From: d.From, Months: r.Months, Approved: r.Approved, Proposed: r.Proposed,
			Field: retention.Field(r.Type), ApproveField: retention.ApproveField(r.Type), Version: r.Version}
		if can.Propose {
			rv.ProposeAction = paths.RetentionPropose(slug, string(r.Type))
		}
		if can.Approve && r.Proposed > 0 && r.ProposedBy != userID {
			rv.ApproveAction = paths.RetentionApprove(slug, string(r.Type))
		}
		v.Rules = append(v.Rules, rv)
	}
	holdKinds := map[string]string{"request": "Request", "rapid_review": "Rapid review", "dispute": "Disagreement between agencies", "challenge": "Challenge"}
	for _, h := range holds {
		hv := HoldView{Reference: h.Reference, Kind: holdKinds[h.RecordType], PlacedBy: h.PlacedBy, PlacedAt: h.PlacedAt}
		if can.Propose {
			hv.ReleaseAction = paths.ReleaseHold(slug, h.ID)
		}
		v.Holds = append(v.Holds, hv)
	}
	if can.Propose {
		v.HoldAction = paths.LegalHolds(slug)
	}
	if can.Export {
		v.ExportAction = paths.SubjectAccess(slug)
	}
	return v
}
