package server

import (
	"bytes"
	"net/http"
	"strings"

	"github.com/a-h/templ"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/web/views"
)

// page is the one view-model constructor: it fills what every page needs for this request: the
// signed-in person, the partnership whose page it is, the navigation for the person's roles, and
// a confirmation waiting from the last step.
func (s *Server) page(w http.ResponseWriter, r *http.Request, title string) views.Page {
	st := stateOf(r)
	p := views.Page{Title: title, RequestID: requestID(r.Context())}
	if pt := st.partnership; pt != nil {
		p.Partnership = &views.Brand{Slug: pt.Slug, Name: pt.Name, ShortName: pt.ShortName}
	}
	subj := st.subject
	if subj.SignedIn() {
		p.User = &views.CurrentUser{Name: subj.Name, Email: subj.Email, Home: homePath(subj)}
		p.Nav = navFor(subj)
		p.Flash = s.takeFlash(w, r)
	}
	for i := range p.Nav {
		p.Nav[i].Current = p.Nav[i].Href == r.URL.Path ||
			(p.Nav[i].Href != "/"+subj.PartnershipSlug+"/home" && strings.HasPrefix(r.URL.Path, p.Nav[i].Href+"/"))
	}
	return p
}

// navFor is the navigation a person sees: their partnership's pages, and the administration
// pages when they are in the business unit.
func navFor(subj access.Subject) []views.NavLink {
	if subj.PartnershipSlug == "" {
		if subj.Roles.Has(access.SystemAdmin) {
			return []views.NavLink{{Label: "Partnerships", Href: "/admin/partnerships"}, {Label: "Working days", Href: "/admin/holidays"}}
		}
		return nil
	}
	base := "/" + subj.PartnershipSlug
	own := access.Object{PartnershipID: subj.PartnershipID}
	nav := []views.NavLink{{Label: "Home", Href: base + "/home"}, {Label: "My submissions", Href: base + "/my/submissions"}}
	if access.Decide(subj, access.ViewInbox, own).Allowed {
		nav = append(nav, views.NavLink{Label: "Inbox", Href: base + "/inbox"})
	}
	if access.Decide(subj, access.ViewReview, own).Allowed {
		nav = append(nav, views.NavLink{Label: "Reviews", Href: base + "/reviews"})
	}
	if access.Decide(subj, access.ViewLearning, own).Allowed {
		nav = append(nav, views.NavLink{Label: "Themes", Href: base + "/themes"},
			views.NavLink{Label: "Learning", Href: base + "/commissions"},
			views.NavLink{Label: "Meetings", Href: base + "/meetings"},
			views.NavLink{Label: "Training needs", Href: base + "/training-needs"})
	} else if subj.Roles.Has(access.CriticalFriend) {
		nav = append(nav, views.NavLink{Label: "My commissions", Href: base + "/commissions"})
	}
	if access.Decide(subj, access.ManageOrganisation, access.Object{PartnershipID: subj.PartnershipID}).Allowed {
		nav = append(nav,
			views.NavLink{Label: "Partnership", Href: base + "/admin/partnership"},
			views.NavLink{Label: "Organisations", Href: base + "/admin/organisations"},
			views.NavLink{Label: "Bodies", Href: base + "/admin/bodies"},
			views.NavLink{Label: "People", Href: base + "/admin/users"},
			views.NavLink{Label: "Audit log", Href: base + "/admin/audit"})
	}
	return nav
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
