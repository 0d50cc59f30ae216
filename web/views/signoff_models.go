package views

import (
	"strconv"

	"github.com/scp-portal/portal/internal/signoff"
)

// SignOffPanel is where a record's sign-off by the statutory partners stands (internal/signoff),
// as every page putting a record to them shows it (a document's version, the yearly report, a
// rapid review), with the steps the person may take, each a form posting to its action ("" when
// not offered): put it to the partners, sign for a partner they represent, reopen it with a reason.
type SignOffPanel struct {
	Status   string
	Colour   string
	Partners []PartnerSignOff
	Voided   []VoidedView
	Submit   string
	Sign     string
	SignFor  []Option // partners the person signs for
	What     string   // what is signed, in the form's words: "this version for publication"
	Reopen   string
	Version  int    // the record's version the submit and reopen forms carry
	Locks    string // what submission locks, in words, for the submit hint
}

// NewSignOffPanel builds the panel from st; sign is the action signing it, offered when the round
// is open and the person signs for one of signFor. The caller fills the other steps the person
// may take.
func NewSignOffPanel(st signoff.State, sign string, signFor []Option, what string) SignOffPanel {
	v := SignOffPanel{What: what}
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
		if len(signFor) > 0 {
			v.Sign, v.SignFor = sign, signFor
		}
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

// SignForOptions are the partners of st the person signs for (orgs, as signoff.SignsFor answers),
// as the sign-off form's choices.
func SignForOptions(st signoff.State, orgs []int64) []Option {
	var out []Option
	for _, id := range orgs {
		for _, o := range st.Partners {
			if o.OrganisationID == id {
				out = append(out, Option{Value: strconv.FormatInt(id, 10), Label: o.Name})
			}
		}
	}
	return out
}
