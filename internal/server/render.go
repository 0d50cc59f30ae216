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
		p.User = &views.CurrentUser{Name: subj.Name, Email: subj.Email, Home: homePath(subj)}
		p.Nav = navFor(subj)
		p.Flash = s.takeFlash(w, r)
	}
	for i := range p.Nav {
		p.Nav[i].Current = p.Nav[i].Href == r.URL.Path ||
			(p.Nav[i].Href != paths.MemberHome(subj.PartnershipSlug) && strings.HasPrefix(r.URL.Path, p.Nav[i].Href+"/"))
	}
	return p
}

// navFor is the navigation a person sees: their partnership's pages, and the administration
// pages when they are in the business unit. A link is there only for those who may follow it.
func navFor(subj access.Subject) []views.NavLink {
	if subj.PartnershipSlug == "" {
		if subj.Roles.Has(access.SystemAdmin) {
			return []views.NavLink{{Label: "Partnerships", Href: paths.SystemHome()}, {Label: "Working days", Href: paths.Holidays()}}
		}
		return nil
	}
	slug, own := subj.PartnershipSlug, access.Object{PartnershipID: subj.PartnershipID}
	may := func(a access.Action) bool { return access.Decide(subj, a, own).Allowed }
	nav := []views.NavLink{{Label: "Home", Href: paths.MemberHome(slug)}, {Label: "My submissions", Href: paths.MySubmissions(slug)}}
	if may(access.ViewInbox) {
		nav = append(nav, views.NavLink{Label: "Inbox", Href: paths.Inbox(slug)})
	}
	if may(access.ViewReview) {
		nav = append(nav, views.NavLink{Label: "Reviews", Href: paths.Reviews(slug)})
	}
	if may(access.ViewLearning) {
		nav = append(nav, views.NavLink{Label: "Themes", Href: paths.Themes(slug)},
			views.NavLink{Label: "Learning", Href: paths.Commissions(slug)},
			views.NavLink{Label: "Meetings", Href: paths.Meetings(slug)},
			views.NavLink{Label: "Training needs", Href: paths.TrainingNeeds(slug)})
	} else if subj.Roles.Has(access.CriticalFriend) {
		nav = append(nav, views.NavLink{Label: "My commissions", Href: paths.Commissions(slug)})
	}
	if may(access.ManageOrganisation) {
		nav = append(nav,
			views.NavLink{Label: "Partnership", Href: paths.PartnershipSettings(slug)},
			views.NavLink{Label: "Organisations", Href: paths.Organisations(slug)},
			views.NavLink{Label: "Bodies", Href: paths.Bodies(slug)},
			views.NavLink{Label: "People", Href: paths.Users(slug)},
			views.NavLink{Label: "Audit log", Href: paths.AuditLog(slug)})
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

func ptr[T any](v T) *T { return &v }
