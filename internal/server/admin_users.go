package server

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/identity"
	"github.com/scp-portal/portal/internal/mail"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/web/views"
)

var userStatuses = []views.Option{
	{Value: "", Label: "Everyone"},
	{Value: string(identity.Pending), Label: "Waiting for approval"},
	{Value: string(identity.Invited), Label: "Invited"},
	{Value: string(identity.Unverified), Label: "E-mail not confirmed"},
	{Value: string(identity.Active), Label: "Active"},
	{Value: string(identity.Disabled), Label: "Disabled"},
}

var statusTags = map[identity.Status]string{
	identity.Pending: "tag--yellow", identity.Invited: "tag--grey", identity.Unverified: "tag--grey",
	identity.Active: "tag--green", identity.Disabled: "tag--red",
}

func statusLabel(st identity.Status) string {
	for _, o := range userStatuses {
		if o.Value == string(st) {
			return o.Label
		}
	}
	return string(st)
}

// adminUsers lists the partnership's accounts, in one query, with the actions each allows.
func (s *Server) adminUsers(w http.ResponseWriter, r *http.Request) {
	p := currentPartnership(r)
	if !s.allowed(w, r, access.ManageUser, access.Object{PartnershipID: p.ID}, "user", "") {
		return
	}
	status := r.URL.Query().Get("status")
	if statusLabel(identity.Status(status)) == status && status != "" {
		status = ""
	}
	rows, err := s.DB.Query(r.Context(), `
		SELECT u.id, u.name, u.email, u.job_title, coalesce(o.name, ''), u.status, u.created_at
		FROM app_user u LEFT JOIN organisation o ON o.id = u.organisation_id
		WHERE u.partnership_id = $1 AND ($2 = '' OR u.status = $2)
		ORDER BY u.status = 'pending' DESC, lower(u.name)`, p.ID, status)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	users, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (views.UserRow, error) {
		var u views.UserRow
		var st identity.Status
		err := row.Scan(&u.ID, &u.Name, &u.Email, &u.JobTitle, &u.OrgName, &st, &u.Created)
		u.Status, u.StatusTag = statusLabel(st), statusTags[st]
		base := fmt.Sprintf("/%s/admin/users/%d/", p.Slug, u.ID)
		switch st {
		case identity.Pending:
			u.Actions = []views.UserAction{{Label: "Approve", Action: base + "approve"}, {Label: "Refuse", Action: base + "disable", Warning: true}}
		case identity.Active:
			if u.ID != subject(r).UserID {
				u.Actions = []views.UserAction{{Label: "Disable", Action: base + "disable", Warning: true}}
			}
		case identity.Disabled:
			u.Actions = []views.UserAction{{Label: "Enable", Action: base + "enable"}}
		}
		return u, err
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, views.Users(s.page(w, r, "People"), users, userStatuses, status,
		"/"+p.Slug+"/admin/users/invite", "/"+p.Slug+"/admin/users"))
}

// setUserStatus returns a handler that moves an account of the partnership from one of the
// statuses in from to status to, e-mailing the person when approved. Disabling ends all their
// sessions at once.
func (s *Server) setUserStatus(to identity.Status, from []identity.Status, done string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p := currentPartnership(r)
		id, ok := s.idParam(w, r, "id")
		if !ok || !s.allowed(w, r, access.ManageUser, access.Object{PartnershipID: p.ID}, "user", strconv.FormatInt(id, 10)) {
			return
		}
		if id == subject(r).UserID {
			s.errorPage(w, r, http.StatusForbidden, "You cannot change the status of your own account.")
			return
		}
		u, err := identity.UserByID(r.Context(), s.DB, id)
		if errors.Is(err, identity.ErrNotFound) || (err == nil && (u.PartnershipID == nil || *u.PartnershipID != p.ID)) {
			s.notFound(w, r)
			return
		}
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		allowedFrom := false
		for _, st := range from {
			allowedFrom = allowedFrom || u.Status == st
		}
		if !allowedFrom {
			s.redirectWithFlash(w, r, "/"+p.Slug+"/admin/users", u.Name+" is "+strings.ToLower(statusLabel(u.Status))+": nothing was changed")
			return
		}
		err = database.InTx(r.Context(), s.DB, func(tx pgx.Tx) error {
			if err := identity.SetStatus(r.Context(), tx, id, to); err != nil {
				return err
			}
			if to == identity.Active && u.Status == identity.Pending {
				if err := mail.Enqueue(r.Context(), tx, mail.Message{To: u.Email, Subject: "Your registration has been approved",
					Body: "The business unit of " + p.Name + " has approved your registration.\n\nSign in at " +
						s.Identity.BaseURL + "/sign-in\n"}); err != nil {
					return err
				}
			}
			return audit.Record(r.Context(), tx, s.auditEntry(r, "user."+string(to), "user", id, string(u.Status)+" -> "+string(to)))
		})
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		s.redirectWithFlash(w, r, "/"+p.Slug+"/admin/users", u.Name+" "+done)
	}
}

func (s *Server) orgOptions(r *http.Request, p partnership.Partnership, prompt string) ([]views.Option, error) {
	orgs, err := partnership.Organisations(r.Context(), s.DB, p.ID)
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
func (s *Server) inviteForm(w http.ResponseWriter, r *http.Request) {
	p := currentPartnership(r)
	if !s.allowed(w, r, access.ManageUser, access.Object{PartnershipID: p.ID}, "user", "") {
		return
	}
	s.renderInvite(w, r, http.StatusOK, views.NewForm(nil))
}

func (s *Server) renderInvite(w http.ResponseWriter, r *http.Request, status int, f views.Form) {
	p := currentPartnership(r)
	opts, err := s.orgOptions(r, p, "None (independent)")
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	title := "Invite someone"
	title = errorTitle(title, f)
	s.render(w, r, status, views.InviteForm(s.page(w, r, title), f, "/"+p.Slug+"/admin/users/invite", opts))
}

// invite creates an invited account and e-mails the link, in one transaction with its audit entry.
func (s *Server) invite(w http.ResponseWriter, r *http.Request) {
	p := currentPartnership(r)
	if !s.allowed(w, r, access.ManageUser, access.Object{PartnershipID: p.ID}, "user", "") {
		return
	}
	if !s.parseForm(w, r) {
		return
	}
	f := views.NewForm(r.PostForm)
	inv := identity.Invitation{PartnershipID: p.ID, Name: strings.TrimSpace(f.Value("name")),
		Email: identity.NormaliseEmail(f.Value("email")), JobTitle: strings.TrimSpace(f.Value("job_title"))}
	if inv.Name == "" || len(inv.Name) > 200 {
		f.AddError("name", "Enter their full name (200 characters or fewer)")
	}
	if inv.Email == "" {
		f.AddError("email", "Enter an e-mail address in the correct format, like name@example.org")
	}
	if len(inv.JobTitle) > 200 {
		f.AddError("job_title", "Job title must be 200 characters or fewer")
	}
	if org := f.Value("organisation"); org != "" {
		id, err := strconv.ParseInt(org, 10, 64)
		if err == nil {
			_, err = partnership.OrganisationByID(r.Context(), s.DB, p.ID, id)
		}
		if err != nil {
			f.AddError("organisation", "Choose an organisation from the list")
		}
		inv.OrganisationID = &id
	}
	if !f.Invalid() {
		err := database.InTx(r.Context(), s.DB, func(tx pgx.Tx) error {
			id, err := s.Identity.Invite(r.Context(), tx, inv, p.Name)
			if err != nil {
				return err
			}
			return audit.Record(r.Context(), tx, s.auditEntry(r, "user.invite", "user", id, ""))
		})
		switch {
		case errors.Is(err, identity.ErrEmailTaken):
			f.AddError("email", "This e-mail address already has an account")
		case err != nil:
			s.serverError(w, r, err)
			return
		}
	}
	if f.Invalid() {
		s.renderInvite(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	s.redirectWithFlash(w, r, "/"+p.Slug+"/admin/users?status=invited", "An invitation has been sent to "+inv.Email)
}

// adminAudit searches the partnership's audit log by person, record and date.
func (s *Server) adminAudit(w http.ResponseWriter, r *http.Request) {
	p := currentPartnership(r)
	if !s.allowed(w, r, access.ViewAudit, access.Object{PartnershipID: p.ID}, "audit_log", "") {
		return
	}
	in := r.URL.Query()
	f := views.NewForm(url.Values{"person": {in.Get("person")}, "record": {in.Get("record")}, "from": {in.Get("from")}, "to": {in.Get("to")}})
	q := audit.Query{PartnershipID: p.ID, Actor: strings.TrimSpace(in.Get("person")), Limit: 50}
	if rec := strings.TrimSpace(in.Get("record")); rec != "" {
		typ, id, _ := strings.Cut(rec, ":")
		q.ObjectType, q.ObjectID = strings.TrimSpace(typ), strings.TrimSpace(id)
	}
	if v := in.Get("from"); v != "" {
		d, ok := parseDate(v)
		if !ok {
			f.AddError("from", "Enter the first day as day month year, for example 1 4 2026")
		}
		q.From = d
	}
	if v := in.Get("to"); v != "" {
		d, ok := parseDate(v)
		if !ok {
			f.AddError("to", "Enter the last day as day month year, for example 30 4 2026")
		}
		q.To = d.Add(24 * time.Hour)
	}
	q.BeforeID, _ = strconv.ParseInt(in.Get("before"), 10, 64)
	var entries []audit.Entry
	status := http.StatusOK
	if f.Invalid() {
		status = http.StatusUnprocessableEntity
	} else {
		var err error
		if entries, err = audit.Search(r.Context(), s.DB, q); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	rows := make([]views.AuditRow, 0, len(entries))
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
	older := ""
	if len(entries) == q.Limit {
		next := url.Values{}
		for k, v := range in {
			next[k] = v
		}
		next.Set("before", strconv.FormatInt(entries[len(entries)-1].ID, 10))
		older = "/" + p.Slug + "/admin/audit?" + next.Encode()
	}
	title := "Audit log"
	title = errorTitle(title, f)
	s.render(w, r, status, views.Audit(s.page(w, r, title), f, rows, "/"+p.Slug+"/admin/audit", older))
}
