package documents

import (
	"context"
	"time"

	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/partnership"
)

// Sources of a section that also shows what the partnership's records hold.
const (
	SourcePartners  = "partners"  // the statutory partners and their lead representatives
	SourceAgencies  = "agencies"  // the relevant agencies, by kind
	SourceStructure = "structure" // the bodies, the members of the Executive and Engine Room, the chair rota
)

// Records is what the records held for a version: drawn live while it is drafted, frozen (stored
// with the version) when it is submitted for sign-off, so a published version never changes.
type Records struct {
	Partners []PartnerRecord `json:"partners"`
	Agencies []AgencyGroup   `json:"agencies"`
	Bodies   []BodyRecord    `json:"bodies"`
	Rota     []RotaRecord    `json:"rota"`
}

// PartnerRecord is a statutory partner with its lead representative.
type PartnerRecord struct {
	Name     string `json:"name"`
	Lead     string `json:"lead"`
	LeadRole string `json:"lead_role"`
}

// AgencyGroup is the relevant agencies of one kind.
type AgencyGroup struct {
	Kind  string   `json:"kind"`
	Names []string `json:"names"`
}

// BodyRecord is a body with, for the Executive and the Engine Room, its members.
type BodyRecord struct {
	Name        string         `json:"name"`
	Description string         `json:"description"`
	Members     []MemberRecord `json:"members,omitempty"`
}

// MemberRecord is a member of a body as the arrangements name them.
type MemberRecord struct {
	Name         string `json:"name"`
	JobTitle     string `json:"job_title"`
	Role         string `json:"role"`
	Organisation string `json:"organisation"`
}

// RotaRecord is a period of the Engine Room's chair rota.
type RotaRecord struct {
	Organisation string    `json:"organisation"`
	From         time.Time `json:"from"`
	To           time.Time `json:"to"`
}

// namedBodies are the kinds of body whose members the arrangements name.
var namedBodies = map[string]bool{"executive": true, "engine_room": true}

// publicBodies are the kinds of body the arrangements describe.
var publicBodies = map[string]bool{"executive": true, "engine_room": true, "scrutiny": true, "critical_friends": true, "other": true}

// maxRota bounds the rota periods the arrangements list: those current or to come.
const maxRota = 8

// DrawRecords reads what the records hold today for the record-drawn sections, in six queries.
func DrawRecords(ctx context.Context, q database.Querier, partnershipID int64, today time.Time) (Records, error) {
	var r Records
	orgs, err := partnership.Organisations(ctx, q, partnershipID)
	if err != nil {
		return r, err
	}
	type lead struct {
		Org        int64
		Name, Role string
	}
	leads, err := database.All[lead](ctx, q, "documents: lead representatives", `SELECT o.id, u.name, u.job_title
		FROM organisation o JOIN app_user u ON u.id = o.lead_representative_id WHERE o.partnership_id = $1`, partnershipID)
	if err != nil {
		return r, err
	}
	leadOf := map[int64]lead{}
	for _, l := range leads {
		leadOf[l.Org] = l
	}
	groups := map[partnership.Category][]string{}
	for _, o := range orgs {
		if o.IsStatutoryPartner() {
			l := leadOf[o.ID]
			r.Partners = append(r.Partners, PartnerRecord{Name: o.Name, Lead: l.Name, LeadRole: l.Role})
			continue
		}
		groups[o.Category] = append(groups[o.Category], o.Name)
	}
	for _, c := range partnership.Categories {
		if names := groups[partnership.Category(c.Value)]; len(names) > 0 {
			r.Agencies = append(r.Agencies, AgencyGroup{Kind: c.Label, Names: names})
		}
	}
	bodies, err := partnership.Bodies(ctx, q, partnershipID, today)
	if err != nil {
		return r, err
	}
	members := map[int64][]partnership.Member{}
	for _, kind := range []string{"executive", "engine_room"} {
		ms, err := partnership.CurrentMembersOfKind(ctx, q, partnershipID, kind, today)
		if err != nil {
			return r, err
		}
		for _, m := range ms {
			members[m.BodyID] = append(members[m.BodyID], m)
		}
	}
	var engineRoom int64
	for _, b := range bodies {
		if !publicBodies[b.Kind] {
			continue
		}
		br := BodyRecord{Name: b.Name, Description: b.Description}
		if namedBodies[b.Kind] {
			for _, m := range members[b.ID] {
				br.Members = append(br.Members, MemberRecord{Name: m.UserName, JobTitle: m.JobTitle, Role: partnership.MemberRoleLabel(m.Role),
					Organisation: m.OrganisationName})
			}
		}
		if b.Kind == "engine_room" && engineRoom == 0 {
			engineRoom = b.ID
		}
		r.Bodies = append(r.Bodies, br)
	}
	if engineRoom != 0 {
		rota, err := partnership.RotaFrom(ctx, q, partnershipID, engineRoom, today, maxRota)
		if err != nil {
			return r, err
		}
		for _, e := range rota {
			r.Rota = append(r.Rota, RotaRecord{Organisation: e.OrganisationName, From: e.StartsOn, To: e.EndsOn})
		}
	}
	return r, nil
}

// Group is a heading and its lines, as a section shows what the records hold.
type Group struct {
	Heading string
	Lines   []string
}

// For returns what the records hold for a section of that source, in groups; nil for none.
func (r Records) For(source string) []Group {
	switch source {
	case SourcePartners:
		var g Group
		for _, p := range r.Partners {
			line := p.Name + ": lead representative "
			switch {
			case p.Lead == "":
				line += "not yet named"
			case p.LeadRole != "":
				line += p.Lead + ", " + p.LeadRole
			default:
				line += p.Lead
			}
			g.Lines = append(g.Lines, line)
		}
		return []Group{g}
	case SourceAgencies:
		gs := make([]Group, 0, len(r.Agencies))
		for _, a := range r.Agencies {
			gs = append(gs, Group{Heading: a.Kind, Lines: a.Names})
		}
		return gs
	case SourceStructure:
		gs := make([]Group, 0, len(r.Bodies)+1)
		for _, b := range r.Bodies {
			g := Group{Heading: b.Name}
			if b.Description != "" {
				g.Lines = append(g.Lines, b.Description)
			}
			for _, m := range b.Members {
				line := m.Name
				for _, part := range []string{m.JobTitle, m.Organisation} {
					if part != "" {
						line += ", " + part
					}
				}
				g.Lines = append(g.Lines, line+" ("+m.Role+")")
			}
			gs = append(gs, g)
		}
		if len(r.Rota) > 0 {
			g := Group{Heading: "Engine Room chair rota"}
			for _, e := range r.Rota {
				g.Lines = append(g.Lines, e.From.Format("2 January 2006")+" to "+e.To.Format("2 January 2006")+": "+e.Organisation)
			}
			gs = append(gs, g)
		}
		return gs
	}
	return nil
}
