package server

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/learning"
	"github.com/scp-portal/portal/internal/markdown"
	"github.com/scp-portal/portal/internal/overview"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/web/views"
)

// partnershipPublic is a partnership's public page: the partners and their lead representatives,
// the relevant agencies, the area, its published reviews and how to get in touch.
func (s *Server) partnershipPublic(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	pub, err := s.Overview.Public(r.Context(), p.ID)
	if err != nil {
		return err
	}
	v := views.PartnershipPublicView{Name: p.Name, Area: p.Area, ContactEmail: p.ContactEmail, FrontDoor: p.FrontDoor,
		Facts: p.PublicFacts, Priorities: pub.Priorities, RegisterHref: paths.register(p.Slug)}
	for _, pr := range pub.Published {
		v.Published = append(v.Published, views.PublishedRow{Href: paths.publishedReview(p.Slug, pr.ID), Title: pr.Title,
			Published: pr.PublishedOn, Summary: pr.LearningSummary})
	}
	v.Partners, v.Agencies = orgViews(pub.Organisations, pub.Leads)
	for _, b := range pub.Bodies {
		v.Bodies = append(v.Bodies, views.BodyView{Name: b.Name, Description: b.Description})
	}
	return s.render(w, r, http.StatusOK, views.PartnershipPublic(s.page(w, r, "About the partnership"), v))
}

// publishedReview shows a published local CSPR to anyone: its redacted report and learning
// summary, nothing else.
func (s *Server) publishedReview(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	pr, err := s.Overview.PublishedReport(r.Context(), p.ID, id)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, views.PublishedReview(s.page(w, r, pr.Title), pr.Reference, pr.Title, pr.PublishedOn,
		pr.LearningSummary, markdown.Render(pr.RedactedReport)))
}

// orgViews splits organisations into the statutory partners, with their lead representatives
// among leads, and the relevant agencies grouped by category.
func orgViews(orgs []partnership.Organisation, leads []partnership.Member) (partners []views.OrgView, agencies []views.OrgGroup) {
	leadsOf := map[int64][]string{}
	for _, m := range leads {
		if m.OrganisationID != nil {
			leadsOf[*m.OrganisationID] = append(leadsOf[*m.OrganisationID], m.UserName+", "+m.JobTitle)
		}
	}
	groups := map[partnership.Category][]views.OrgView{}
	for _, o := range orgs {
		ov := views.OrgView{ID: o.ID, Name: o.Name, Category: partnership.CategoryLabel(o.Category), StatutoryRole: o.StatutoryRole}
		if o.IsStatutoryPartner() {
			ov.Leads = leadsOf[o.ID]
			partners = append(partners, ov)
			continue
		}
		groups[o.Category] = append(groups[o.Category], ov)
	}
	for _, c := range partnership.Categories {
		if cat := partnership.Category(c.Value); len(groups[cat]) > 0 {
			agencies = append(agencies, views.OrgGroup{Label: c.Label, Orgs: groups[cat]})
		}
	}
	return partners, agencies
}

// partnershipTheme is the partnership's brand colour as a stylesheet: the Content-Security-Policy
// allows no inline styles.
func (s *Server) partnershipTheme(w http.ResponseWriter, r *http.Request) error {
	colour, err := s.Overview.Colour(r.Context(), urlParam(r, "slug"))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	_, err = fmt.Fprintf(w, ":root { --brand: %s; }\n", colour) // the database only holds #rrggbb
	return err
}

// memberHome is a signed-in person's home view: their seats, the partnership's bodies, who
// chairs the Engine Room, and for each of their roles what waits for them.
func (s *Server) memberHome(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.ViewHome, access.Object{PartnershipID: p.ID}, "partnership", strconv.FormatInt(p.ID, 10)); err != nil {
		return err
	}
	h, err := s.Overview.Home(r.Context(), s.actor(r), p.ID)
	if err != nil {
		return err
	}
	v := views.MemberHomeView{Roles: subject(r).Roles.String(), KLOEHref: paths.newKLOE(p.Slug), CSPRHref: paths.csprStart(p.Slug),
		SubmissionsHref: paths.mySubmissions(p.Slug), EngineRoom: chairView(h.EngineRoom)}
	if c := h.Learning; c != nil {
		lf := &views.LearningFigures{AwaitingTriage: c.AwaitingTriage, CommissionsInProgress: c.CommissionsInProgress,
			ActionsOverdue: c.ActionsOverdue, EvidenceDue: c.EvidenceDue, Base: "/" + p.Slug}
		for _, st := range learning.ThemeStatuses {
			lf.Themes = append(lf.Themes, views.Option{Value: st.Value, Label: st.Label, Count: c.ThemesByStatus[st.Value]})
		}
		v.Learning = lf
	}
	if rs := h.Reviews; rs != nil {
		sum := &views.ReviewsSummary{Open: rs.Open}
		if rs.CanOpen {
			sum.Href = paths.reviews(p.Slug)
		}
		for _, a := range rs.AtRisk {
			sum.AtRisk = append(sum.AtRisk, views.ReviewRow{Href: reviewHref(p, a.ID), Reference: a.Reference, Due: a.DueOn, DaysLeft: a.DaysLeft})
		}
		for _, l := range rs.Local {
			sum.Local = append(sum.Local, *localReviewRow(p, l))
		}
		v.Reviews = sum
	}
	if in := h.Inbox; in != nil {
		v.Inbox = &views.InboxSummary{New: in.New, NewCSPR: in.NewCSPR, Considering: in.Considering, Href: paths.inbox(p.Slug)}
	}
	if pe := h.People; pe != nil {
		v.Admin = &views.AdminSummary{PendingApprovals: pe.PendingApprovals, Invited: pe.Invited, People: pe.Active,
			Organisations: pe.Organisations, UsersHref: paths.users(p.Slug)}
	}
	for _, m := range h.Memberships {
		v.Memberships = append(v.Memberships, views.MembershipView{BodyName: m.BodyName, BodyHref: paths.bodyPage(p.Slug, m.BodyID),
			Role: partnership.MemberRoleLabel(m.Role), OrgName: m.OrganisationName, Since: m.StartsOn})
	}
	for _, b := range h.Bodies {
		v.Bodies = append(v.Bodies, views.BodyView{ID: b.ID, Name: b.Name, Kind: partnership.BodyKindLabel(b.Kind),
			Members: b.MemberCount, Href: paths.bodyPage(p.Slug, b.ID)})
	}
	return s.render(w, r, http.StatusOK, views.MemberHome(s.page(w, r, "Home"), v))
}

// chairView says who chairs now and next, or nil when there is no Engine Room.
func chairView(c *overview.Chair) *views.ChairView {
	if c == nil {
		return nil
	}
	v := &views.ChairView{BodyName: c.BodyName}
	if c.Now != nil {
		v.Current, v.Until = c.Now.OrganisationName, c.Now.EndsOn
	}
	if c.Next != nil {
		v.Next = c.Next.OrganisationName + ", from " + c.Next.StartsOn.Format("2 January 2006")
	}
	return v
}

// bodyPage shows one of the partnership's bodies to its members.
func (s *Server) bodyPage(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.ViewDirectory, access.Object{PartnershipID: p.ID}, "body", urlParam(r, "bodyID")); err != nil {
		return err
	}
	v, err := s.bodyPageView(r, p)
	if err != nil {
		return err
	}
	v.CanManage = access.Decide(subject(r), access.ManageBody, access.Object{PartnershipID: p.ID}).Allowed
	v.ManageHref = paths.manageBody(p.Slug, v.ID)
	return s.render(w, r, http.StatusOK, views.BodyPage(s.page(w, r, v.Name), v))
}

// bodyPageView is the body named in the path with its members and rota, for its page and for the
// business unit's page that manages it.
func (s *Server) bodyPageView(r *http.Request, p partnership.Partnership) (views.BodyPageView, error) {
	id, err := pathID(r, "bodyID")
	if err != nil {
		return views.BodyPageView{}, err
	}
	b, err := s.Overview.Body(r.Context(), p.ID, id)
	if err != nil {
		return views.BodyPageView{}, err
	}
	v := views.BodyPageView{ID: b.ID, Name: b.Name, Kind: partnership.BodyKindLabel(b.Kind), Description: b.Description}
	for _, m := range b.Members {
		v.Members = append(v.Members, views.MemberRow{MembershipID: m.MembershipID, Name: m.UserName, JobTitle: m.JobTitle,
			Role: partnership.MemberRoleLabel(m.Role), OrgName: m.OrganisationName, Since: m.StartsOn, Until: m.EndsOn,
			Current: m.Current(b.Today)})
	}
	for _, e := range b.Rota {
		v.Rota = append(v.Rota, views.RotaRow{OrgName: e.OrganisationName, From: e.StartsOn, To: e.EndsOn, Current: e.ID == b.Chair.ID})
	}
	return v, nil
}
