package views

import (
	"strconv"

	"github.com/scp-portal/portal/internal/signoff"
)

// SignOffPanel is where a record's sign-off by the statutory partners stands (internal/signoff),
// with the steps the person may take, each a form posting to its action ("" when not offered):
// put it to the partners, sign for a partner they represent, reopen it with a reason.
type SignOffPanel struct {
	Status   string
	Colour   string
	Partners []PartnerSignOff
	Voided   []VoidedView
	Submit   string
	Sign     string
	SignFor  []Option // partners the person signs for
	Reopen   string
	Version  int    // the record's version the forms carry
	Locks    string // what submission locks, in words, for the submit and reopen hints
}

// NewSignOffPanel builds the panel from st; signFor are the partners the person may sign for
// now. The caller fills the actions the person may take.
func NewSignOffPanel(st signoff.State, signFor []Option) SignOffPanel {
	v := SignOffPanel{SignFor: signFor}
	switch st.Status() {
	case signoff.SignedOff:
		v.Status, v.Colour = "Signed off by every statutory partner", "green"
	case signoff.Open:
		signed := 0
		for _, p := range st.Partners {
			if p.Signed != nil {
				signed++
			}
		}
		v.Status, v.Colour = "Awaiting sign-off: "+strconv.Itoa(signed)+" of "+strconv.Itoa(len(st.Partners))+" partners have signed", "yellow"
	default:
		v.Status, v.Colour = "Not yet put to the partners", "grey"
	}
	for _, o := range st.Partners {
		ps := PartnerSignOff{Name: o.Name, Lead: o.LeadName}
		if ps.Lead == "" {
			ps.Lead = "Not yet named"
		}
		if o.Signed != nil {
			ps.Signed = signedBy(*o.Signed)
		}
		v.Partners = append(v.Partners, ps)
	}
	for _, r := range st.Voided {
		vv := VoidedView{Reason: r.VoidReason}
		if r.VoidedAt != nil {
			vv.When = *r.VoidedAt
		}
		for _, s := range r.Signatures {
			vv.Signed = append(vv.Signed, signedBy(s))
		}
		v.Voided = append(v.Voided, vv)
	}
	return v
}
