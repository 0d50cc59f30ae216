package server

import (
	"bytes"
	"net/http"
	"strings"

	"github.com/a-h/templ"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/web/paths"
	"github.com/scp-portal/portal/web/views"
)

// page is the one view-model constructor: it fills what every page needs for this request: the
// signed-in person, the partnership whose page it is, the navigation for the person's roles, and
// a confirmation waiting from the last step.
func (s *Server) page(w http.ResponseWriter, r *http.Request, title string) views.Page {
	st := stateOf(r)
	p := views.Page{Title: title, RequestID: requestID(r.Context())}
	if pt := st.partnership; pt != nil {
		p.Partnership = ptr(views.NewBrand(*pt))
	}
	subj := st.subject
	if subj.SignedIn() {
		p.User = &views.CurrentUser{Name: subj.Name, Email: subj.Email, Home: views.HomePath(subj.PartnershipSlug, subj.Roles.Has(access.SystemAdmin)),
			Partnerships: views.PartnershipLinks(subj, st.partnership)}
		p.Nav = navFor(subj)
		p.Flash = s.takeFlash(w, r)
	}
	for i := range p.Nav {
		p.Nav[i].Current = p.Nav[i].Href == r.URL.Path ||
			(p.Nav[i].Href != paths.MemberHome(subj.PartnershipSlug) && strings.HasPrefix(r.URL.Path, p.Nav[i].Href+"/"))
	}
	return p
}

// navFor is the navigation subj sees: a link only where the access policy lets them follow it.
func navFor(subj access.Subject) []views.NavLink {
	own := access.Object{PartnershipID: subj.PartnershipID}
	may := func(a access.Action) bool { return access.Decide(subj, a, own).Allowed }
	return views.NewNav(subj.PartnershipSlug, views.NavAbilities{SystemAdmin: subj.Roles.Has(access.SystemAdmin),
		Inbox: may(access.ViewInbox), Reviews: may(access.ViewReviewRegister), Learning: may(access.ViewLearning),
		CriticalFriend: subj.Roles.Has(access.CriticalFriend), Administer: may(access.ManageOrganisation),
		Reports: may(access.ViewReport), Documents: may(access.ViewDocumentDrafts),
		Challenges: may(access.ViewChallenges),
		Disputes:   access.Decide(subj, access.ListDisputes, access.Object{PartnershipID: subj.PartnershipID, OwnerID: subj.UserID}).Allowed,
		Retention:  may(access.ViewRetention),
		Scrutiny:   may(access.ViewScrutinyReports),
		Assurance:  may(access.ViewAssurance),
		// feat-caseaudit: those who read every case audit; an auditor follows the e-mail's link.
		CaseAudits: may(access.ListCaseAudits),
		Training:   may(access.BookTraining),
		Shared:     may(access.ViewShared),
		Bulletins:  may(access.ManageBulletins),
		Budget:     may(access.ViewBudget),
		Roles:      subj.Roles})
}

// render writes page c with status. It renders into a buffer first and writes nothing when that
// fails, returning the error for fail to answer: a person sees the error page, never half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, c templ.Component) error {
	var buf bytes.Buffer
	if err := c.Render(r.Context(), &buf); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
	return nil
}

// errorTitle starts the title of a page whose form came back with problems with "Error: ", as
// the GOV.UK Design System asks, so screen reader users hear it first.
func errorTitle(title string, f views.Form) string {
	if f.Invalid() {
		return "Error: " + title
	}
	return title
}

func ptr[T any](v T) *T { return &v }
