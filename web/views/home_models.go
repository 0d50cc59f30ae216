package views

import (
	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/learning"
	"github.com/scp-portal/portal/internal/overview"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/web/paths"
)

// NewBrand is what every page shows of a partnership: its names, public page and colours.
func NewBrand(p partnership.Partnership) Brand {
	return Brand{Slug: p.Slug, Name: p.Name, ShortName: p.ShortName, Href: paths.PartnershipPublic(p.Slug), ThemeCSS: paths.ThemeCSS(p.Slug)}
}

// NewBrands lists the partnerships the portal hosts, for its front page.
func NewBrands(ps []partnership.Partnership) []Brand {
	brands := make([]Brand, 0, len(ps))
	for _, p := range ps {
		brands = append(brands, NewBrand(p))
	}
	return brands
}

// YourPartnerships links to the home of each partnership subj belongs to, named as ps names it
// (by its short name if ps lacks it): the front page shows them to someone in several.
func YourPartnerships(subj access.Subject, ps []partnership.Partnership) []PartnershipLink {
	links := make([]PartnershipLink, 0, len(subj.Partnerships))
	for _, m := range subj.Partnerships {
		l := PartnershipLink{Name: m.Name, Href: paths.MemberHome(m.Slug)}
		for _, p := range ps {
			if p.ID == m.PartnershipID {
				l.Name = p.Name
			}
		}
		links = append(links, l)
	}
	return links
}

// NewPartnershipPublic is partnership p's public page: the partners and their lead
// representatives, the relevant agencies, the area, a page of its published reviews (with
// reviewsPager, its controls) and how to get in touch.
func NewPartnershipPublic(p partnership.Partnership, pub overview.Public, reviewsPager Pager) PartnershipPublicView {
	v := PartnershipPublicView{Name: p.Name, Area: p.Area, ContactEmail: p.ContactEmail, FrontDoor: p.FrontDoor,
		Facts: p.PublicFacts, Priorities: pub.Priorities, RegisterHref: paths.Register(p.Slug), PublishedPager: reviewsPager}
	for _, pr := range pub.Published.Rows {
		v.Published = append(v.Published, PublishedRow{Href: paths.PublishedReview(p.Slug, pr.ID), Title: pr.Title,
			Published: pr.PublishedOn, Summary: pr.LearningSummary})
	}
	v.Partners, v.Agencies = publicOrganisations(pub.Organisations, pub.Leads)
	for _, b := range pub.Bodies {
		v.Bodies = append(v.Bodies, BodyView{Name: b.Name, Description: b.Description})
	}
	return v
}

// publicOrganisations splits organisations into the statutory partners, with their lead
// representatives among leads, and the relevant agencies grouped by category.
func publicOrganisations(orgs []partnership.Organisation, leads []partnership.Member) (partners []OrgView, agencies []OrgGroup) {
	leadsOf := map[int64][]string{}
	for _, m := range leads {
		if m.OrganisationID != nil {
			leadsOf[*m.OrganisationID] = append(leadsOf[*m.OrganisationID], m.UserName+", "+m.JobTitle)
		}
	}
	groups := map[partnership.Category][]OrgView{}
	for _, o := range orgs {
		ov := OrgView{ID: o.ID, Name: o.Name, Category: partnership.CategoryLabel(o.Category), StatutoryRole: o.StatutoryRole}
		if o.IsStatutoryPartner() {
			ov.Leads = leadsOf[o.ID]
			partners = append(partners, ov)
			continue
		}
		groups[o.Category] = append(groups[o.Category], ov)
	}
	for _, c := range partnership.Categories {
		if cat := partnership.Category(c.Value); len(groups[cat]) > 0 {
			agencies = append(agencies, OrgGroup{Label: c.Label, Orgs: groups[cat]})
		}
	}
	return partners, agencies
}

// NewMemberHome is a signed-in person's home view in partnership slug: their seats (roles names
// their roles), the partnership's bodies, who chairs the Engine Room, and for each of their roles
// what waits for them.
func NewMemberHome(slug, roles string, h overview.Home) MemberHomeView {
	v := MemberHomeView{Roles: roles, KLOEHref: paths.NewKLOE(slug), CSPRHref: paths.CsprStart(slug),
		SubmissionsHref: paths.MySubmissions(slug), EngineRoom: newChairView(h.EngineRoom)}
	if c := h.Learning; c != nil {
		lf := &LearningFigures{AwaitingTriage: c.AwaitingTriage, CommissionsInProgress: c.CommissionsInProgress,
			ActionsOverdue: c.ActionsOverdue, EvidenceDue: c.EvidenceDue, Slug: slug}
		for _, st := range learning.ThemeStatuses {
			lf.Themes = append(lf.Themes, Option{Value: st.Value, Label: st.Label, Count: c.ThemesByStatus[st.Value]})
		}
		v.Learning = lf
	}
	if rs := h.Reviews; rs != nil {
		sum := &ReviewsSummary{Open: rs.Open}
		if rs.CanRegister {
			sum.Href = paths.Reviews(slug)
		}
		for _, a := range rs.AtRisk {
			row := ReviewRow{Reference: a.Reference, Due: a.DueOn, DaysLeft: a.DaysLeft}
			if rs.CanOpen {
				row.Href = paths.Review(slug, a.ID)
			}
			sum.AtRisk = append(sum.AtRisk, row)
		}
		for _, l := range rs.Local {
			if lr := NewLocalReviewRow(slug, l); lr != nil {
				sum.Local = append(sum.Local, *lr)
			}
		}
		v.Reviews = sum
	}
	if in := h.Inbox; in != nil {
		v.Inbox = &InboxSummary{New: in.New, NewCSPR: in.NewCSPR, Considering: in.Considering, Href: paths.Inbox(slug)}
	}
	if pe := h.People; pe != nil {
		v.Admin = &AdminSummary{PendingApprovals: pe.PendingApprovals, Invited: pe.Invited, People: pe.Active,
			Organisations: pe.Organisations, UsersHref: paths.Users(slug)}
	}
	for _, m := range h.Memberships {
		v.Memberships = append(v.Memberships, MembershipView{BodyName: m.BodyName, BodyHref: paths.BodyPage(slug, m.BodyID),
			Role: partnership.MemberRoleLabel(m.Role), OrgName: m.OrganisationName, Since: m.StartsOn})
	}
	for _, b := range h.Bodies {
		v.Bodies = append(v.Bodies, BodyView{ID: b.ID, Name: b.Name, Kind: partnership.BodyKindLabel(b.Kind),
			Members: b.MemberCount, Href: paths.BodyPage(slug, b.ID)})
	}
	return v
}

// newChairView says who chairs now and next, or nil when there is no Engine Room.
func newChairView(c *overview.Chair) *ChairView {
	if c == nil {
		return nil
	}
	v := &ChairView{BodyName: c.BodyName}
	if c.Now != nil {
		v.Current, v.Until = c.Now.OrganisationName, c.Now.EndsOn
	}
	if c.Next != nil {
		v.Next = c.Next.OrganisationName + ", from " + date(c.Next.StartsOn)
	}
	return v
}

// NavAbilities are what the header navigation may link to, as the access policy decides for the
// person signed in.
type NavAbilities struct {
	SystemAdmin    bool // the system administrator's pages, for one in no partnership
	Inbox          bool // access.ViewInbox
	Reviews        bool // access.ViewReviewRegister
	Learning       bool // access.ViewLearning
	CriticalFriend bool // their own commissions, when they do not see all the learning
	Administer     bool // access.ManageOrganisation: the partnership's administration pages
	Reports        bool // access.ViewReport
	Documents      bool // access.ViewDocumentDrafts: documents being drafted and signed off
	Challenges     bool // access.ViewChallenges: the challenge log
	Disputes       bool // access.ListDisputes: disagreements between agencies, their own at least
	Retention      bool // access.ViewRetention: the retention schedule and legal holds
	Scrutiny       bool // access.ViewScrutinyReports: independent scrutiny's reports
	Assurance      bool // access.ViewAssurance: self-assessment audits (Section 11, Section 175)
	CaseAudits     bool // access.ListCaseAudits: every multi-agency case audit
	Training       bool // access.BookTraining: one's own bookings and the training programme
	Shared         bool // access.ViewShared: what partnerships in agreement share with this one
	Bulletins      bool // access.ManageBulletins: composing and sending the e-bulletin
	Budget         bool // access.ViewBudget: the pooled budget
	// Roles are the person's roles, which choose the navigation's top items (topItems).
	Roles access.Roles
}

// NewNav is the navigation a person sees: their partnership's (slug) pages, and the
// administration pages when they are in the business unit. A link is there only for those who
// may follow it.
func NewNav(slug string, can NavAbilities) []NavLink {
	if slug == "" {
		if can.SystemAdmin {
			return []NavLink{{Label: "Partnerships", Href: paths.SystemHome()}, {Label: "Working days", Href: paths.Holidays()}}
		}
		return nil
	}
	to := func(label string, href func(string) string) NavLink { return NavLink{Label: label, Href: href(slug)} }
	nav := []NavLink{to("Home", paths.MemberHome), to("My submissions", paths.MySubmissions)}
	// Each group of links, in the order shown, and whether this person may follow them.
	for _, g := range []struct {
		may   bool
		links []NavLink
	}{
		{can.Inbox, []NavLink{to("Inbox", paths.Inbox)}},
		{can.Reviews, []NavLink{to("Reviews", paths.Reviews)}},
		{can.Learning, []NavLink{to("Themes", paths.Themes), to("Learning", paths.Commissions), to("Meetings", meetingsOf(can.Roles)), to("Training needs", paths.TrainingNeeds),
			to("Recommendations", paths.Recommendations)}},
		{!can.Learning && can.CriticalFriend, []NavLink{to("My commissions", paths.Commissions)}},
		{can.Reports, []NavLink{to("Reports", paths.Reports)}},
		{can.Documents, []NavLink{to("Documents", paths.Publishing)}},
		{can.Challenges, []NavLink{to("Challenge log", paths.Challenges)}},
		{can.Disputes, []NavLink{to("Disagreements", paths.Disputes)}},
		{can.Administer, []NavLink{to("Partnership", paths.PartnershipSettings), to("Organisations", paths.Organisations),
			to("Bodies", paths.Bodies), to("People", paths.Users), to("Audit log", paths.AuditLog)}},
		{can.Retention, []NavLink{to("Retention", paths.Retention)}},
		{can.Scrutiny, []NavLink{to("Scrutiny", paths.ScrutinyReports)}},
		{can.Assurance, []NavLink{to("Audits", paths.Assurance)}},
		{can.CaseAudits, []NavLink{to("Case audits", paths.CaseAudits)}},
		{can.Training, []NavLink{to("Training", paths.MyTraining)}},
		{can.Shared, []NavLink{to("Shared with us", paths.Shared)}},
		{can.Bulletins, []NavLink{to("Bulletins", paths.BulletinsManage)}},
		{can.Budget, []NavLink{to("Budget", paths.Budgets)}},
	} {
		if g.may {
			nav = append(nav, g.links...)
		}
	}
	return topItems(nav, navPriorityOf(can))
}

// meetingsOf is the meetings a person's "Meetings" leads to: the Executive's for its members who
// are not in the Engine Room, else the Engine Room's.
func meetingsOf(roles access.Roles) func(string) string {
	if roles.Has(access.Executive) && !roles.Has(access.EngineRoom) {
		return paths.ExecutiveMeetings
	}
	return paths.Meetings
}

// MaxTopNav is how many items the navigation shows at most before its "More" menu: seven fit on
// one row of a desktop screen and on a few rows of a 320 pixel phone.
const MaxTopNav = 7

// navPriority orders the pages by what people do day to day, for choosing the top items: the
// work that comes in and is due first, the records kept and the partnership's set-up last. It is
// the Engine Room's order; the Executive, independent scrutiny and the business unit, who run the
// partnership, have their own.
var navPriority = []string{"Home", "Inbox", "Reviews", "Themes", "Learning", "My commissions", "Meetings", "Reports",
	"Scrutiny", "Challenge log", "Documents", "My submissions", "Training"}

var (
	executivePriority    = []string{"Home", "Reports", "Challenge log", "Reviews", "Meetings", "Documents", "Scrutiny"}
	scrutinyPriority     = []string{"Home", "Scrutiny", "Reports", "Reviews", "Challenge log", "Meetings", "Inbox"}
	businessUnitPriority = []string{"Home", "Inbox", "People", "Documents", "Meetings", "Reports", "Bulletins"}
)

// navPriorityOf is the order of the person's most senior or specific role, as RolesSentence names
// them: the Executive's, then independent scrutiny's, then the Engine Room's (whose work the
// business unit also sees), then the business unit's.
func navPriorityOf(can NavAbilities) []string {
	switch {
	case can.Roles.Has(access.Executive):
		return executivePriority
	case can.Roles.Has(access.Scrutiny):
		return scrutinyPriority
	case can.Roles.Has(access.EngineRoom):
		return navPriority
	case can.Roles.Has(access.BusinessUnit) || can.Administer:
		return businessUnitPriority
	}
	return navPriority
}

// topItems marks as More every link of nav after the first MaxTopNav by priority, keeping the
// order nav lists them in, both among the top items and in the "More" menu.
func topItems(nav []NavLink, priority []string) []NavLink {
	if len(nav) <= MaxTopNav {
		return nav
	}
	top := map[string]bool{}
	for _, label := range priority {
		for _, l := range nav {
			if l.Label == label && len(top) < MaxTopNav {
				top[label] = true
			}
		}
	}
	for i := range nav { // any room left goes to the first links in order
		if len(top) < MaxTopNav {
			top[nav[i].Label] = true
		}
	}
	for i := range nav {
		nav[i].More = !top[nav[i].Label]
	}
	return nav
}

// HomePath is where a person's home view is: their partnership's (slug), or the system
// administrator's.
func HomePath(slug string, systemAdmin bool) string {
	if slug != "" {
		return paths.MemberHome(slug)
	}
	if systemAdmin {
		return paths.SystemHome()
	}
	return paths.PortalHome()
}
