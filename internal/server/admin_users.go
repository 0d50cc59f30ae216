package server

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/identity"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/web/paths"
	"github.com/scp-portal/portal/web/views"
)

var statusTags = map[identity.Status]string{
	identity.Pending: "tag--yellow", identity.Invited: "tag--grey", identity.Unverified: "tag--grey",
	identity.Active: "tag--green", identity.Disabled: "tag--red",
}

// adminUsers lists the partnership's accounts, with the actions each allows.
func (s *Server) adminUsers(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.ManageUser, access.Object{PartnershipID: p.ID}, "user", ""); err != nil {
		return err
	}
	status := r.URL.Query().Get("status")
	if !identity.Statuses.Has(status) {
		status = ""
	}
	users, err := s.Identity.Users(r.Context(), p.ID, status)
	if err != nil {
		return err
	}
	rows := make([]views.UserRow, 0, len(users))
	for _, u := range users {
		row := views.UserRow{ID: u.ID, Name: u.Name, Email: u.Email, JobTitle: u.JobTitle, OrgName: u.OrgName,
			Status: identity.Statuses.Label(string(u.Status)), StatusTag: statusTags[u.Status], Created: u.CreatedAt}
		change := func(label, to string, warning bool) views.UserAction {
			return views.UserAction{Label: label, Action: paths.UserStatus(p.Slug, u.ID, to), Warning: warning}
		}
		switch u.Status {
		case identity.Pending:
			row.Actions = []views.UserAction{change("Approve", "approve", false), change("Refuse", "disable", true)}
		case identity.Active:
			if u.ID != subject(r).UserID {
				row.Actions = []views.UserAction{change("Disable", "disable", true)}
			}
		case identity.Disabled:
			row.Actions = []views.UserAction{change("Enable", "enable", false)}
		}
		rows = append(rows, row)
	}
	statuses := choiceOptions(identity.Statuses, views.Option{Value: "", Label: "Everyone"})
	return s.render(w, r, http.StatusOK, views.Users(s.page(w, r, "People"), rows, statuses, status,
		paths.Invite(p.Slug), paths.Users(p.Slug)))
}

// setUserStatus returns a handler that moves an account of the partnership from one of the
// statuses in from to status to; done finishes the confirmation ("has been approved"). An
// account already elsewhere is left as it is, and the confirmation says where it is.
func (s *Server) setUserStatus(to identity.Status, from []identity.Status, done string) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		p := currentPartnership(r)
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		if err := s.authorize(r, access.ManageUser, access.Object{PartnershipID: p.ID, OwnerID: id}, "user", strconv.FormatInt(id, 10)); err != nil {
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

// orgOptions are the partnership's organisations as choices, after a first one that chooses none.
func (s *Server) orgOptions(r *http.Request, p partnership.Partnership, prompt string) ([]views.Option, error) {
	orgs, err := s.Partnership.Organisations(r.Context(), p.ID)
	if err != nil {
		return nil, err
	}
	opts := []views.Option{{Value: "", Label: prompt}}
	for _, o := range orgs {
		opts = append(opts, views.Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name})
	}
	return opts, nil
}

// inviteForm shows the form to invite someone.
func (s *Server) inviteForm(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.ManageUser, access.Object{PartnershipID: p.ID}, "user", ""); err != nil {
		return err
	}
	return s.renderInvite(w, r, http.StatusOK, views.NewForm(nil))
}

func (s *Server) renderInvite(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
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
	f, err := readForm(r)
	if err != nil {
		return err
	}
	in := identity.Invitation{PartnershipID: p.ID, PartnershipName: p.Name, Name: f.Text("name"), Email: f.Text("email"),
		JobTitle: f.Text("job_title"), OrganisationID: f.OptionalID("organisation", "Choose an organisation from the list")}
	var email string
	err = f.Attempt(nil, func() (err error) {
		email, err = s.Identity.Invite(r.Context(), s.actor(r), in)
		return err
	})
	if err != nil {
		if status, ok := formError(&f.Form, err); ok {
			return s.renderInvite(w, r, status, f.Form)
		}
		return err
	}
	return s.redirectWithFlash(w, r, paths.Users(p.Slug)+"?status="+string(identity.Invited), "An invitation has been sent to "+email)
}

// queryForm reads a search form sent in the address (method GET) as a form is read.
func queryForm(r *http.Request) *formReader {
	return &formReader{Form: views.NewForm(r.URL.Query())}
}

// adminAudit searches the partnership's audit log by person, record and date.
func (s *Server) adminAudit(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.ViewAudit, access.Object{PartnershipID: p.ID}, "audit_log", ""); err != nil {
		return err
	}
	f := queryForm(r)
	q := partnership.LogQuery{Person: f.Text("person"), Record: f.Text("record"),
		From: f.OptionalDate("from", "the first day"), To: f.OptionalDate("to", "the last day")}
	q.BeforeID, _ = strconv.ParseInt(f.Text("before"), 10, 64)
	status := http.StatusOK
	var rows []views.AuditRow
	older := ""
	if err := f.Err(nil); err != nil {
		status, _ = formError(&f.Form, err)
	} else {
		entries, err := s.Partnership.Log(r.Context(), p.ID, q)
		if err != nil {
			return err
		}
		for _, e := range entries {
			obj := e.ObjectType
			if e.ObjectID != "" {
				obj += ":" + e.ObjectID
			}
			actor := e.ActorEmail
			if actor == "" {
				actor = "Someone not signed in"
			}
			rows = append(rows, views.AuditRow{At: e.At, Actor: actor, Action: string(e.Action), Outcome: string(e.Outcome),
				Object: obj, IP: e.IP, Detail: e.Detail})
		}
		if len(entries) == partnership.LogPage {
			next := url.Values{}
			for k, v := range r.URL.Query() {
				next[k] = v
			}
			next.Set("before", strconv.FormatInt(entries[len(entries)-1].ID, 10))
			older = paths.AuditLog(p.Slug) + "?" + next.Encode()
		}
	}
	return s.render(w, r, status, views.Audit(s.page(w, r, errorTitle("Audit log", f.Form)), f.Form, rows, paths.AuditLog(p.Slug), older))
}
