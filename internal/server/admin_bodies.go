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
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/web/views"
)

// adminBodies lists the partnership's bodies.
func (s *Server) adminBodies(w http.ResponseWriter, r *http.Request) {
	p := currentPartnership(r)
	if !s.allowed(w, r, access.ManageBody, access.Object{PartnershipID: p.ID}, "body", "") {
		return
	}
	bodies, err := partnership.Bodies(r.Context(), s.DB, p.ID, partnership.Today(s.Now()))
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	rows := make([]views.BodyRow, 0, len(bodies))
	for _, b := range bodies {
		rows = append(rows, views.BodyRow{Name: b.Name, Kind: partnership.BodyKindLabel(b.Kind), Members: b.MemberCount,
			ManageHref: fmt.Sprintf("/%s/admin/bodies/%d", p.Slug, b.ID), EditHref: fmt.Sprintf("/%s/admin/bodies/%d/edit", p.Slug, b.ID)})
	}
	s.render(w, r, http.StatusOK, views.Bodies(s.page(w, r, "Bodies"), rows, "/"+p.Slug+"/admin/bodies/new"))
}

func kindOptions() []views.Option {
	opts := make([]views.Option, 0, len(partnership.BodyKinds))
	for _, k := range partnership.BodyKinds {
		opts = append(opts, views.Option{Value: k.Value, Label: k.Label})
	}
	return opts
}

// newBodyForm shows the form to add a body.
func (s *Server) newBodyForm(w http.ResponseWriter, r *http.Request) {
	p := currentPartnership(r)
	if !s.allowed(w, r, access.ManageBody, access.Object{PartnershipID: p.ID}, "body", "") {
		return
	}
	s.renderBodyForm(w, r, http.StatusOK, views.NewForm(nil), 0)
}

// editBodyForm shows the form to change a body.
func (s *Server) editBodyForm(w http.ResponseWriter, r *http.Request) {
	p := currentPartnership(r)
	id, ok := s.idParam(w, r, "id")
	if !ok || !s.allowed(w, r, access.ManageBody, access.Object{PartnershipID: p.ID}, "body", strconv.FormatInt(id, 10)) {
		return
	}
	b, err := partnership.BodyByID(r.Context(), s.DB, p.ID, id)
	if s.lookupFailed(w, r, err) {
		return
	}
	f := views.NewForm(url.Values{"name": {b.Name}, "kind": {b.Kind}, "description": {b.Description}, "version": {strconv.Itoa(b.Version)}})
	s.renderBodyForm(w, r, http.StatusOK, f, id)
}

func (s *Server) renderBodyForm(w http.ResponseWriter, r *http.Request, status int, f views.Form, id int64) {
	p := currentPartnership(r)
	heading, action := "Add a body", "/"+p.Slug+"/admin/bodies"
	if id != 0 {
		heading, action = "Change a body", fmt.Sprintf("/%s/admin/bodies/%d/edit", p.Slug, id)
	}
	title := heading
	title = errorTitle(title, f)
	s.render(w, r, status, views.BodyForm(s.page(w, r, title), f, heading, action, kindOptions()))
}

// saveBody adds a body (no id in the path) or changes one, refusing a change to a record someone
// else changed since the form was loaded.
func (s *Server) saveBody(w http.ResponseWriter, r *http.Request) {
	p := currentPartnership(r)
	var id int64
	if urlParam(r, "id") != "" {
		var ok bool
		if id, ok = s.idParam(w, r, "id"); !ok {
			return
		}
	}
	if !s.allowed(w, r, access.ManageBody, access.Object{PartnershipID: p.ID}, "body", strconv.FormatInt(id, 10)) {
		return
	}
	if !s.parseForm(w, r) {
		return
	}
	f := views.NewForm(r.PostForm)
	b, verr := partnership.BodyInput{Name: f.Value("name"), Kind: f.Value("kind"), Description: f.Value("description")}.Validate()
	if _, invalid := formError(&f, verr); invalid {
		s.renderBodyForm(w, r, http.StatusUnprocessableEntity, f, id)
		return
	}
	b.ID, b.PartnershipID = id, p.ID
	b.Version, _ = strconv.Atoi(f.Value("version"))
	action := "body.create"
	if id != 0 {
		action = "body.update"
	}
	err := database.InTx(r.Context(), s.DB, func(tx pgx.Tx) error {
		saved, err := partnership.SaveBody(r.Context(), tx, b)
		if err != nil {
			return err
		}
		return audit.Record(r.Context(), tx, s.auditEntry(r, action, "body", saved, b.Name))
	})
	switch {
	case errors.Is(err, partnership.ErrDuplicate):
		f.AddError("name", "The partnership already has a body with this name")
	case errors.Is(err, partnership.ErrConflict):
		current, lerr := partnership.BodyByID(r.Context(), s.DB, p.ID, id)
		if lerr != nil {
			s.serverError(w, r, lerr)
			return
		}
		f.Values.Set("version", strconv.Itoa(current.Version))
		f.AddError("name", "Someone else changed this body while you were editing it. Check your changes against theirs ("+
			current.Name+"), then save again")
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	if f.Invalid() {
		s.renderBodyForm(w, r, http.StatusConflict, f, id)
		return
	}
	s.redirectWithFlash(w, r, "/"+p.Slug+"/admin/bodies", b.Name+" has been saved")
}

// manageBody shows a body's members and chair rota with the forms to change them.
func (s *Server) manageBody(w http.ResponseWriter, r *http.Request) {
	s.renderManageBody(w, r, http.StatusOK, views.NewForm(nil), views.NewForm(nil))
}

func (s *Server) renderManageBody(w http.ResponseWriter, r *http.Request, status int, memberForm, rotaForm views.Form) {
	p := currentPartnership(r)
	if !s.allowed(w, r, access.ManageBody, access.Object{PartnershipID: p.ID}, "body", urlParam(r, "bodyID")) {
		return
	}
	body, ok := s.loadBodyPage(w, r, p)
	if !ok {
		return
	}
	ctx := r.Context()
	orgs, err := partnership.Organisations(ctx, s.DB, p.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	people, err := s.options(r, `SELECT id::text, name || ' (' || email || ')' FROM app_user
		WHERE partnership_id = $1 AND status = 'active' ORDER BY lower(name)`, p.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	base := fmt.Sprintf("/%s/admin/bodies/%d", p.Slug, body.ID)
	v := views.ManageBodyView{Body: body, MemberForm: memberForm, RotaForm: rotaForm,
		People:    append([]views.Option{{Value: "", Label: "Choose a person"}}, people...),
		AddAction: base + "/members", EndAction: base + "/members/", RotaAction: base + "/rota"}
	v.Roles = []views.Option{{Value: "", Label: "Choose a role"}}
	for _, mr := range partnership.MemberRoles {
		v.Roles = append(v.Roles, views.Option{Value: mr.Value, Label: mr.Label})
	}
	v.Organisations = []views.Option{{Value: "", Label: "None (independent)"}}
	v.Partners = []views.Option{{Value: "", Label: "Choose a statutory partner"}}
	for _, o := range orgs {
		opt := views.Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name}
		v.Organisations = append(v.Organisations, opt)
		if o.IsStatutoryPartner() {
			v.Partners = append(v.Partners, opt)
		}
	}
	title := body.Name
	if memberForm.Invalid() || rotaForm.Invalid() {
		title = "Error: " + title
	}
	s.render(w, r, status, views.ManageBody(s.page(w, r, title), v))
}

// addMember gives a person a seat on the body.
func (s *Server) addMember(w http.ResponseWriter, r *http.Request) {
	p := currentPartnership(r)
	bodyID, ok := s.idParam(w, r, "bodyID")
	if !ok || !s.allowed(w, r, access.ManageBody, access.Object{PartnershipID: p.ID}, "body", strconv.FormatInt(bodyID, 10)) {
		return
	}
	if !s.parseForm(w, r) {
		return
	}
	f := views.NewForm(r.PostForm)
	m := partnership.NewMembership{PartnershipID: p.ID, BodyID: bodyID, Role: f.Value("role"), StartsOn: partnership.Today(s.Now())}
	if uid, err := strconv.ParseInt(f.Value("user"), 10, 64); err == nil {
		m.UserID = uid
	} else {
		f.AddError("user", "Choose the person to add")
	}
	if partnership.MemberRoleLabel(m.Role) == m.Role {
		f.AddError("role", "Choose their role")
	}
	if org := f.Value("organisation"); org != "" {
		oid, err := strconv.ParseInt(org, 10, 64)
		if err != nil {
			f.AddError("organisation", "Choose an organisation from the list")
		}
		m.OrganisationID = &oid
	}
	if in := strings.TrimSpace(f.Value("starts_on")); in != "" {
		d, ok := parseDate(in)
		if !ok {
			f.AddError("starts_on", "Enter the date as day month year, for example 1 4 2026")
		}
		m.StartsOn = d
	}
	if f.Invalid() {
		s.renderManageBody(w, r, http.StatusUnprocessableEntity, f, views.NewForm(nil))
		return
	}
	err := database.InTx(r.Context(), s.DB, func(tx pgx.Tx) error {
		id, err := partnership.AddMembership(r.Context(), tx, m)
		if err != nil {
			return err
		}
		return audit.Record(r.Context(), tx, s.auditEntry(r, "membership.create", "membership", id,
			fmt.Sprintf("user %d joins body %d as %s", m.UserID, bodyID, m.Role)))
	})
	if err != nil {
		// The person or organisation is not of this partnership, or the body is not.
		if errors.Is(err, partnership.ErrNotFound) || isForeignKeyViolation(err) {
			f.AddError("user", "Choose a person and organisation of this partnership")
			s.renderManageBody(w, r, http.StatusUnprocessableEntity, f, views.NewForm(nil))
			return
		}
		s.serverError(w, r, err)
		return
	}
	s.redirectWithFlash(w, r, fmt.Sprintf("/%s/admin/bodies/%d", p.Slug, bodyID), "The member has been added")
}

// endMember ends a membership today.
func (s *Server) endMember(w http.ResponseWriter, r *http.Request) {
	p := currentPartnership(r)
	bodyID, ok := s.idParam(w, r, "bodyID")
	if !ok {
		return
	}
	mid, ok := s.idParam(w, r, "membershipID")
	if !ok || !s.allowed(w, r, access.ManageBody, access.Object{PartnershipID: p.ID}, "membership", strconv.FormatInt(mid, 10)) {
		return
	}
	err := database.InTx(r.Context(), s.DB, func(tx pgx.Tx) error {
		if err := partnership.EndMembership(r.Context(), tx, p.ID, mid, partnership.Today(s.Now())); err != nil {
			return err
		}
		return audit.Record(r.Context(), tx, s.auditEntry(r, "membership.end", "membership", mid, ""))
	})
	if s.lookupFailed(w, r, err) {
		return
	}
	s.redirectWithFlash(w, r, fmt.Sprintf("/%s/admin/bodies/%d", p.Slug, bodyID), "The membership has ended")
}

// addRota puts a statutory partner on the body's chair rota.
func (s *Server) addRota(w http.ResponseWriter, r *http.Request) {
	p := currentPartnership(r)
	bodyID, ok := s.idParam(w, r, "bodyID")
	if !ok || !s.allowed(w, r, access.ManageBody, access.Object{PartnershipID: p.ID}, "body", strconv.FormatInt(bodyID, 10)) {
		return
	}
	if !s.parseForm(w, r) {
		return
	}
	f := views.NewForm(r.PostForm)
	orgID, err := strconv.ParseInt(f.Value("rota_organisation"), 10, 64)
	if err != nil {
		f.AddError("rota_organisation", "Choose the partner who will chair")
	}
	from, okFrom := parseDate(f.Value("rota_from"))
	if !okFrom {
		f.AddError("rota_from", "Enter the first day as day month year, for example 1 1 2027")
	}
	to, okTo := parseDate(f.Value("rota_to"))
	switch {
	case !okTo:
		f.AddError("rota_to", "Enter the last day as day month year, for example 30 6 2027")
	case okFrom && to.Before(from):
		f.AddError("rota_to", "The last day must be on or after the first day")
	}
	if !f.Invalid() {
		err = database.InTx(r.Context(), s.DB, func(tx pgx.Tx) error {
			if err := partnership.AddRotaEntry(r.Context(), tx, p.ID, bodyID, orgID, from, to); err != nil {
				return err
			}
			return audit.Record(r.Context(), tx, s.auditEntry(r, "rota.create", "body", bodyID,
				fmt.Sprintf("organisation %d chairs %s to %s", orgID, from.Format(time.DateOnly), to.Format(time.DateOnly))))
		})
		switch {
		case errors.Is(err, partnership.ErrRotaOverlap):
			f.AddError("rota_from", "This period overlaps one already on the rota")
		case errors.Is(err, partnership.ErrNotStatutory):
			f.AddError("rota_organisation", "Only a statutory partner can chair")
		case errors.Is(err, partnership.ErrNotFound):
			s.notFound(w, r)
			return
		case err != nil:
			s.serverError(w, r, err)
			return
		}
	}
	if f.Invalid() {
		s.renderManageBody(w, r, http.StatusUnprocessableEntity, views.NewForm(nil), f)
		return
	}
	s.redirectWithFlash(w, r, fmt.Sprintf("/%s/admin/bodies/%d", p.Slug, bodyID), "The chair rota has been updated")
}
