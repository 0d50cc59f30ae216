package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/form"
	"github.com/scp-portal/portal/internal/identity"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/web/paths"
	"github.com/scp-portal/portal/web/views"
)

// adminUsers lists the partnership's accounts, with the actions each allows.
func (s *Server) adminUsers(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.ManageUser, access.Object{PartnershipID: p.ID}, "user", ""); err != nil {
		return err
	}
	in := r.URL.Query()
	status := in.Get("status")
	if !identity.Statuses.Has(status) {
		status = ""
	}
	users, err := s.Identity.Users(r.Context(), p.ID, status, form.ParsePaging(in))
	if err != nil {
		return err
	}
	v := views.NewUsers(p.Slug, users.Rows, status, subject(r).UserID)
	pg := s.page(w, r, "People")
	pg.CSVHref = views.DownloadHref(paths.UsersCSV(p.Slug), in)
	return s.render(w, r, http.StatusOK, views.Users(pg, v.Rows, v.Statuses, v.Status, v.InviteHref, v.FilterAction,
		views.NewPager(paths.Users(p.Slug), in, users.Page, users.More)))
}

// person reads the person {id} of the path and asks the policy whether the person acting may do
// action to them in the partnership (their account or their membership of it): the object is
// the partnership with that person as its owner, and a refusal is audited as of that "user".
func (s *Server) person(r *http.Request, action access.Action) (partnership.Partnership, int64, error) {
	p := currentPartnership(r)
	id, err := pathID(r, "id")
	if err != nil {
		return p, 0, err
	}
	return p, id, s.authorize(r, action, access.Object{PartnershipID: p.ID, OwnerID: id}, "user", strconv.FormatInt(id, 10))
}

// setUserStatus returns a handler moving an account from a status in from to to; done ends the confirmation.
func (s *Server) setUserStatus(to identity.Status, from []identity.Status, done string) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		p, id, err := s.person(r, access.ManageUser)
		if err != nil {
			return err
		}
		u, err := s.Identity.ChangeStatus(r.Context(), s.actor(r), identity.StatusChange{PartnershipID: p.ID,
			PartnershipName: p.Name, UserID: id, To: to, From: from})
		if app.KindOf(err) == app.Conflict {
			return s.redirectWithFlash(w, r, paths.Users(p.Slug), app.FieldMessage(err, "status"))
		}
		if err != nil {
			return err
		}
		return s.redirectWithFlash(w, r, paths.Users(p.Slug), u.Name+" "+done)
	}
}

// confirmDisable asks before disabling an account, or refusing a registration waiting for
// approval (issue #14); the POST to the same address does it.
func (s *Server) confirmDisable(w http.ResponseWriter, r *http.Request) error {
	p, id, err := s.person(r, access.ManageUser)
	if err != nil {
		return err
	}
	m, err := s.Identity.Member(r.Context(), p.ID, id)
	if err == nil && !m.Home {
		err = identity.ErrNotFound // another partnership's account: its business unit disables it
	}
	if err != nil {
		return err
	}
	c := views.NewDisableConfirm(p.Slug, m)
	if m.Status != identity.Active && m.Status != identity.Pending {
		c.Refused = m.Name + " is " + strings.ToLower(identity.Statuses.Label(string(m.Status))) + ": there is nothing to disable."
	}
	return s.render(w, r, http.StatusOK, views.ConfirmPage(s.page(w, r, c.Heading), c))
}

// orgOptions are the partnership's organisations as choices, after prompt, which chooses none.
func (s *Server) orgOptions(r *http.Request, p partnership.Partnership, prompt string) ([]views.Option, error) {
	orgs, err := s.Partnership.Organisations(r.Context(), p.ID)
	if err != nil {
		return nil, err
	}
	return views.OrganisationChoices(orgs, views.Option{Value: "", Label: prompt}), nil
}

// inviteForm shows the form to invite someone.
func (s *Server) inviteForm(w http.ResponseWriter, r *http.Request) error {
	if err := s.authorize(r, access.ManageUser, access.Object{PartnershipID: currentPartnership(r).ID}, "user", ""); err != nil {
		return err
	}
	return s.showInvite(w, r, http.StatusOK, views.NewForm(nil))
}

// showInvite shows the invitation form with a status.
func (s *Server) showInvite(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p := currentPartnership(r)
	opts, err := s.orgOptions(r, p, "None (independent)")
	if err != nil {
		return err
	}
	return s.render(w, r, status, views.InviteForm(s.page(w, r, errorTitle("Invite someone", f)), f, paths.Invite(p.Slug), opts))
}

// invite creates an invited account and e-mails the link.
func (s *Server) invite(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.ManageUser, access.Object{PartnershipID: p.ID}, "user", ""); err != nil {
		return err
	}
	f, err := form.Read(r)
	if err != nil {
		return err
	}
	in := identity.Invitation{PartnershipID: p.ID, PartnershipName: p.Name, Name: f.Text("name"), Email: f.Text("email"),
		JobTitle: f.Text("job_title"), OrganisationID: f.OptionalID("organisation", "Choose an organisation from the list")}
	email, err := form.Attempted(f, nil, func() (string, error) {
		return s.Identity.Invite(r.Context(), s.actor(r), in)
	})
	return s.settle(w, r, f.Form, err, s.showInvite, paths.Query(paths.Users(p.Slug), "status", string(identity.Invited)), "An invitation has been sent to "+email)
}

// adminAudit searches the partnership's audit log by person, record and date.
func (s *Server) adminAudit(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.ViewAudit, access.Object{PartnershipID: p.ID}, "audit_log", ""); err != nil {
		return err
	}
	f, q := auditQuery(r)
	status, rows, older := http.StatusOK, []views.AuditRow(nil), ""
	if err := f.Err(nil); err != nil {
		status, _ = form.ShowErrors(&f.Form, err)
	} else {
		entries, err := s.Partnership.Log(r.Context(), p.ID, q)
		if err != nil {
			return err
		}
		rows, older = views.NewAuditRows(entries), views.AuditOlderHref(p.Slug, r.URL.Query(), entries)
	}
	pg := s.page(w, r, errorTitle("Audit log", f.Form))
	pg.CSVHref = views.DownloadHref(paths.AuditLogCSV(p.Slug), r.URL.Query())
	return s.render(w, r, status, views.Audit(pg, f.Form, rows, paths.AuditLog(p.Slug), older))
}

// auditFilters are the audit log's filters, by their field names.
var auditFilters = []string{"person", "record", "from", "to"}

// auditQuery reads the audit log's search from the query string, with the problems of reading it on f.
func auditQuery(r *http.Request) (*form.Reader, partnership.LogQuery) {
	f := &form.Reader{Form: views.NewForm(r.URL.Query())}
	q := partnership.LogQuery{Person: f.Text("person"), Record: f.Text("record"),
		From: f.OptionalDate("from", "the first day"), To: f.OptionalDate("to", "the last day")}
	q.BeforeID, _ = form.ParseID(f.Text("before"))
	return f, q
}
