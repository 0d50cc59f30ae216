package server

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/form"
	"github.com/scp-portal/portal/internal/intake"
	"github.com/scp-portal/portal/internal/markdown"
	"github.com/scp-portal/portal/web/paths"
	"github.com/scp-portal/portal/web/views"
)

// partnershipPublic is a partnership's public page.
func (s *Server) partnershipPublic(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	in := r.URL.Query()
	pub, err := s.Overview.Public(r.Context(), p.ID, form.ParsePaging(in))
	if err != nil {
		return err
	}
	v := views.NewPartnershipPublic(p, pub, views.NewPager(paths.PartnershipPublic(p.Slug), in, pub.Published.Page, pub.Published.More))
	if arr, err := s.currentArrangements(r); err != nil {
		return err
	} else if arr != nil {
		v = views.WithArrangements(v, p.Slug, *arr)
	}
	yearly, err := s.Reports.PublishedReports(r.Context(), p.ID)
	if err != nil {
		return err
	}
	v = views.WithPublications(v, p.Slug, yearly)
	v.Training = paths.Training(p.Slug)
	v = views.WithBulletins(v, p.Slug)
	return s.render(w, r, http.StatusOK, views.PartnershipPublic(s.page(w, r, "About the partnership"), v))
}

// publishedReview shows anyone a published local CSPR: its redacted report and learning summary.
func (s *Server) publishedReview(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	pr, err := s.Overview.PublishedReport(r.Context(), currentPartnership(r).ID, id)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, views.PublishedReview(s.page(w, r, pr.Title), pr.Reference, pr.Title, pr.PublishedOn,
		pr.LearningSummary, markdown.Render(pr.RedactedReport)))
}

// partnershipTheme is the partnership's colour as a stylesheet: the Content-Security-Policy allows no inline styles.
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

// memberHome is a signed-in person's home view in the partnership.
func (s *Server) memberHome(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.ViewHome, access.Object{PartnershipID: p.ID}, "partnership", strconv.FormatInt(p.ID, 10)); err != nil {
		return err
	}
	h, err := s.Overview.Home(r.Context(), s.actor(r), p.ID)
	if err != nil {
		return err
	}
	v := views.NewMemberHome(p.Slug, views.RolesSentence(subject(r).Roles), h)
	v.KLOEWarning = intake.UrgentAdvice(p.FrontDoor)
	if lf := v.Learning; lf != nil {
		lf.ActionsOverdueHref = link(r, access.ViewLearning, learningObject(p), paths.Query(paths.Recommendations(p.Slug), "concern", "actions_overdue"))
		lf.EvidenceDueHref = link(r, access.ViewLearning, learningObject(p), paths.Query(paths.Recommendations(p.Slug), "concern", "evidence_due"))
	}
	if v.Admin != nil {
		v.Admin.OrganisationsHref = link(r, access.ManageOrganisation, access.Object{PartnershipID: p.ID}, paths.Organisations(p.Slug))
	}
	can := views.TaskLinks{Inbox: may(r, access.ViewInbox), Learning: may(r, access.ViewLearning),
		Commissions: allowed(r, access.ListCommissions, access.Object{PartnershipID: p.ID, OwnerID: subject(r).UserID}),
		Reports:     may(r, access.ViewReport), Assurance: may(r, access.ViewAssurance), Meetings: may(r, access.ViewMeetings),
		Scrutiny: may(r, access.ViewScrutinyReports), Users: may(r, access.ManageUser), Publishing: may(r, access.ManageDocuments)}
	if may(r, access.ManageDocuments) {
		reviews, err := s.Documents.Reviews(r.Context(), p.ID)
		if err != nil {
			return err
		}
		v.DocumentReviews = views.NewDocumentReviews(p.Slug, reviews, s.Documents.Today())
	}
	if e := h.Executive; e != nil {
		can := views.ExecutiveLinks{Reports: may(r, access.ViewReport), Register: may(r, access.ViewReviewRegister),
			Scrutiny: may(r, access.ViewScrutinyReports)}
		if can.MeetingsHref, can.LogHref, err = s.meetingLinks(r, e.Body); err != nil {
			return err
		}
		v.Executive = views.NewExecutiveHome(p.Slug, e, h.Reviews, s.Overview.Today(), can)
	}
	// What the person must do now: the Executive's first, then each role's, then the documents
	// due for review.
	v.Tasks = append(views.ExecutiveTasks(v.Executive, v.EngineRoom, s.Overview.Today()), views.NewTasks(p.Slug, subject(r).Roles, h, can)...)
	v.Tasks = append(v.Tasks, views.DocumentReviewTasks(p.Slug, v.DocumentReviews, can.Publishing)...)
	return s.render(w, r, http.StatusOK, views.MemberHome(s.page(w, r, "Home"), v))
}

// bodyPage shows one of the partnership's bodies to its members.
func (s *Server) bodyPage(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.ViewDirectory, access.Object{PartnershipID: p.ID}, "body", urlParam(r, "bodyID")); err != nil {
		return err
	}
	id, err := pathID(r, "bodyID")
	if err != nil {
		return err
	}
	in := r.URL.Query()
	b, err := s.Overview.Body(r.Context(), p.ID, id, form.ParsePaging(in))
	if err != nil {
		return err
	}
	canManage := may(r, access.ManageBody)
	v := views.NewBodyPage(p.Slug, b.Body, b.Members, b.Rota.Rows, b.Chair,
		views.NewPager(paths.BodyPage(p.Slug, id), in, b.Rota.Page, b.Rota.More), b.Today, canManage)
	if v.MeetingsHref, v.LogHref, err = s.bodyMeetingLinks(r, id); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, views.BodyPage(s.page(w, r, v.Name), v))
}
