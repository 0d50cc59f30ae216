package views

import (
	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/web/paths"
)

// PartnershipLinks are the header's links to the homes of the partnerships subj works in, the
// page's (current, nil on the portal's own pages) marked; none for someone in one partnership,
// who has nothing to choose.
func PartnershipLinks(subj access.Subject, current *partnership.Partnership) []PartnershipLink {
	if len(subj.Partnerships) < 2 {
		return nil
	}
	links := make([]PartnershipLink, 0, len(subj.Partnerships))
	for _, m := range subj.Partnerships {
		links = append(links, PartnershipLink{Name: m.Name, Href: paths.MemberHome(m.Slug),
			Current: current != nil && current.ID == m.PartnershipID})
	}
	return links
}
