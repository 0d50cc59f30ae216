package server

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/learning"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/internal/reviews"
	"github.com/scp-portal/portal/web/views"
)

// partnershipPublic is a partnership's public page: the partners and their lead representatives,
// the relevant agencies, the area, and how to get in touch.
func (s *Server) partnershipPublic(w http.ResponseWriter, r *http.Request) {
	p := currentPartnership(r)
	ctx := r.Context()
	today := partnership.Today(s.Now())
	orgs, err := partnership.Organisations(ctx, s.DB, p.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	leads, err := partnership.CurrentMembersOfKind(ctx, s.DB, p.ID, "executive", today)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	priorities, err := partnership.Priorities(ctx, s.DB, p.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	bodies, err := partnership.Bodies(ctx, s.DB, p.ID, today)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	published, err := reviews.PublishedReviews(ctx, s.DB, p.ID, today)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := views.PartnershipPublicView{Name: p.Name, Area: p.Area, ContactEmail: p.ContactEmail, FrontDoor: p.FrontDoor,
		Facts: p.PublicFacts, Priorities: priorities, RegisterHref: "/" + p.Slug + "/register"}
	for _, pr := range published {
		v.Published = append(v.Published, views.PublishedRow{Href: publishedHref(p, pr.ID), Title: pr.Title, Published: pr.PublishedOn,
			Summary: pr.LearningSummary})
	}
	v.Partners, v.Agencies = orgViews(orgs, leads)
	for _, b := range bodies {
		v.Bodies = append(v.Bodies, views.BodyView{Name: b.Name, Description: b.Description})
	}
	s.render(w, r, http.StatusOK, views.PartnershipPublic(s.page(w, r, "About the partnership"), v))
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
func (s *Server) partnershipTheme(w http.ResponseWriter, r *http.Request) {
	var colour string
	err := s.DB.QueryRow(r.Context(), `SELECT colour FROM partnership WHERE slug = $1`, urlParam(r, "slug")).Scan(&colour)
	if err != nil {
		s.notFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	fmt.Fprintf(w, ":root { --brand: %s; }\n", colour) // the database only holds #rrggbb
}

// memberHome is a signed-in person's home view: their seats, the partnership's bodies, who
// chairs the Engine Room, and for the business unit what waits for them.
func (s *Server) memberHome(w http.ResponseWriter, r *http.Request) {
	p := currentPartnership(r)
	if !s.allowed(w, r, access.ViewHome, access.Object{PartnershipID: p.ID}, "partnership", strconv.FormatInt(p.ID, 10)) {
		return
	}
	subj := subject(r)
	ctx := r.Context()
	today := partnership.Today(s.Now())
	mine, err := partnership.MembershipsOf(ctx, s.DB, subj.UserID, today)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	bodies, err := partnership.Bodies(ctx, s.DB, p.ID, today)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := views.MemberHomeView{Roles: subj.Roles.String(), KLOEHref: "/" + p.Slug + "/kloe/new", CSPRHref: "/" + p.Slug + "/cspr/new",
		SubmissionsHref: "/" + p.Slug + "/my/submissions"}
	if access.Decide(subj, access.ManageLearning, access.Object{PartnershipID: p.ID}).Allowed {
		c, err := learning.EngineRoomCounts(ctx, s.DB, p.ID, today)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		lf := &views.LearningFigures{AwaitingTriage: c.AwaitingTriage, CommissionsInProgress: c.CommissionsInProgress,
			ActionsOverdue: c.ActionsOverdue, EvidenceDue: c.EvidenceDue, Base: "/" + p.Slug}
		for _, st := range learning.ThemeStatuses {
			lf.Themes = append(lf.Themes, views.Option{Value: st.Value, Label: st.Label, Count: c.ThemesByStatus[st.Value]})
		}
		v.Learning = lf
	}
	if access.Decide(subj, access.ViewReview, access.Object{PartnershipID: p.ID}).Allowed ||
		access.Decide(subj, access.ViewLocalReview, access.Object{PartnershipID: p.ID}).Allowed {
		rs, err := s.reviewsSummary(r, p, access.Decide(subj, access.ViewReview, access.Object{PartnershipID: p.ID}).Allowed)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		v.Reviews = rs
	}
	if access.Decide(subj, access.ViewInbox, access.Object{PartnershipID: p.ID}).Allowed {
		in := &views.InboxSummary{Href: "/" + p.Slug + "/inbox"}
		err := s.DB.QueryRow(ctx, `SELECT count(*) FILTER (WHERE status = 'received'), count(*) FILTER (WHERE status = 'received' AND kind = 'cspr'),
				count(*) FILTER (WHERE status = 'considering')
			FROM intake_request WHERE partnership_id = $1`, p.ID).Scan(&in.New, &in.NewCSPR, &in.Considering)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		v.Inbox = in
	}
	for _, m := range mine {
		v.Memberships = append(v.Memberships, views.MembershipView{BodyName: m.BodyName, BodyHref: bodyHref(p.Slug, m.BodyID),
			Role: partnership.MemberRoleLabel(m.Role), OrgName: m.OrganisationName, Since: m.StartsOn})
	}
	for _, b := range bodies {
		v.Bodies = append(v.Bodies, views.BodyView{ID: b.ID, Name: b.Name, Kind: partnership.BodyKindLabel(b.Kind),
			Members: b.MemberCount, Href: bodyHref(p.Slug, b.ID)})
		if b.Kind == "engine_room" && v.EngineRoom == nil {
			rota, err := partnership.Rota(ctx, s.DB, p.ID, b.ID)
			if err != nil {
				s.serverError(w, r, err)
				return
			}
			v.EngineRoom = chairView(b.Name, rota, today)
		}
	}
	if access.Decide(subj, access.ManageUser, access.Object{PartnershipID: p.ID}).Allowed {
		a := &views.AdminSummary{UsersHref: "/" + p.Slug + "/admin/users"}
		err := s.DB.QueryRow(ctx, `
			SELECT count(*) FILTER (WHERE status = 'pending'), count(*) FILTER (WHERE status = 'invited'),
			       count(*) FILTER (WHERE status = 'active'),
			       (SELECT count(*) FROM organisation WHERE partnership_id = $1)
			FROM app_user WHERE partnership_id = $1`, p.ID).Scan(&a.PendingApprovals, &a.Invited, &a.People, &a.Organisations)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		v.Admin = a
	}
	s.render(w, r, http.StatusOK, views.MemberHome(s.page(w, r, "Home"), v))
}

func bodyHref(slug string, id int64) string { return fmt.Sprintf("/%s/bodies/%d", slug, id) }

// chairView says who chairs now and next, from a rota.
func chairView(bodyName string, rota []partnership.RotaEntry, today time.Time) *views.ChairView {
	c := &views.ChairView{BodyName: bodyName}
	if now, ok := partnership.CurrentChair(rota, today); ok {
		c.Current, c.Until = now.OrganisationName, now.EndsOn
	}
	for _, e := range rota {
		if e.StartsOn.After(today) {
			c.Next = e.OrganisationName + ", from " + e.StartsOn.Format("2 January 2006")
			break
		}
	}
	return c
}

// bodyPage shows one of the partnership's bodies to its members.
func (s *Server) bodyPage(w http.ResponseWriter, r *http.Request) {
	p := currentPartnership(r)
	if !s.allowed(w, r, access.ViewDirectory, access.Object{PartnershipID: p.ID}, "body", urlParam(r, "bodyID")) {
		return
	}
	v, ok := s.loadBodyPage(w, r, p)
	if !ok {
		return
	}
	v.CanManage = access.Decide(subject(r), access.ManageBody, access.Object{PartnershipID: p.ID}).Allowed
	v.ManageHref = fmt.Sprintf("/%s/admin/bodies/%d", p.Slug, v.ID)
	s.render(w, r, http.StatusOK, views.BodyPage(s.page(w, r, v.Name), v))
}

// loadBodyPage loads the body named in the path with its members and rota, answering 404 itself
// when the partnership has no such body.
func (s *Server) loadBodyPage(w http.ResponseWriter, r *http.Request, p partnership.Partnership) (views.BodyPageView, bool) {
	id, err := strconv.ParseInt(urlParam(r, "bodyID"), 10, 64)
	if err != nil {
		s.notFound(w, r)
		return views.BodyPageView{}, false
	}
	ctx := r.Context()
	b, err := partnership.BodyByID(ctx, s.DB, p.ID, id)
	if s.lookupFailed(w, r, err) {
		return views.BodyPageView{}, false
	}
	today := partnership.Today(s.Now())
	members, err := partnership.Members(ctx, s.DB, p.ID, b.ID, today)
	if err != nil {
		s.serverError(w, r, err)
		return views.BodyPageView{}, false
	}
	rota, err := partnership.Rota(ctx, s.DB, p.ID, b.ID)
	if err != nil {
		s.serverError(w, r, err)
		return views.BodyPageView{}, false
	}
	v := views.BodyPageView{ID: b.ID, Name: b.Name, Kind: partnership.BodyKindLabel(b.Kind), Description: b.Description}
	for _, m := range members {
		v.Members = append(v.Members, views.MemberRow{MembershipID: m.MembershipID, Name: m.UserName, JobTitle: m.JobTitle,
			Role: partnership.MemberRoleLabel(m.Role), OrgName: m.OrganisationName, Since: m.StartsOn, Until: m.EndsOn,
			Current: m.Current(today)})
	}
	current, _ := partnership.CurrentChair(rota, today)
	for _, e := range rota {
		v.Rota = append(v.Rota, views.RotaRow{OrgName: e.OrganisationName, From: e.StartsOn, To: e.EndsOn, Current: e.ID == current.ID})
	}
	return v, true
}

// reviewsSummary counts the open rapid reviews and lists those at risk, and the local CSPRs, for
// the Engine Room's and the Executive's home views (the Executive sees the rapid reviews'
// references and deadlines, not the reviews; it opens the local CSPRs, to approve reviewers).
func (s *Server) reviewsSummary(r *http.Request, p partnership.Partnership, canOpen bool) (*views.ReviewsSummary, error) {
	list, err := reviews.Register(r.Context(), s.DB, p.ID)
	if err != nil {
		return nil, err
	}
	cal, err := reviews.Calendar(r.Context(), s.DB)
	if err != nil {
		return nil, err
	}
	sum := &views.ReviewsSummary{}
	if canOpen {
		sum.Href = "/" + p.Slug + "/reviews"
	}
	today := partnership.Today(s.Now())
	for _, l := range list {
		pr := reviews.Assess(l.Review, l.Agencies, len(l.SignOffs), cal, today)
		if c := localReviewRow(p, l); c != nil {
			sum.Local = append(sum.Local, *c)
		}
		if pr.Finished {
			continue
		}
		sum.Open++
		if pr.AtRisk {
			sum.AtRisk = append(sum.AtRisk, views.ReviewRow{Href: reviewHref(p, l.ID), Reference: l.Reference, Due: l.DueOn, DaysLeft: pr.DaysLeft})
		}
	}
	return sum, nil
}
