package server

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/web/views"
)

// adminOrganisations lists the partnership's organisations.
func (s *Server) adminOrganisations(w http.ResponseWriter, r *http.Request) {
	p := currentPartnership(r)
	if !s.allowed(w, r, access.ManageOrganisation, access.Object{PartnershipID: p.ID}, "organisation", "") {
		return
	}
	orgs, err := partnership.Organisations(r.Context(), s.DB, p.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	rows := make([]views.OrganisationRow, 0, len(orgs))
	for _, o := range orgs {
		rows = append(rows, views.OrganisationRow{Name: o.Name, Category: partnership.CategoryLabel(o.Category),
			Statutory: statutoryLabel(o.StatutoryRole), Domains: strings.Join(o.EmailDomains, ", "),
			EditHref: fmt.Sprintf("/%s/admin/organisations/%d/edit", p.Slug, o.ID)})
	}
	s.render(w, r, http.StatusOK, views.Organisations(s.page(w, r, "Organisations"), rows, "/"+p.Slug+"/admin/organisations/new"))
}

func statutoryLabel(role string) string {
	for _, sr := range partnership.StatutoryRoles {
		if sr.Value == role {
			return sr.Label
		}
	}
	return ""
}

func categoryOptions() []views.Option {
	opts := []views.Option{{Value: "", Label: "Choose a kind"}}
	for _, c := range partnership.Categories {
		opts = append(opts, views.Option{Value: string(c.Value), Label: c.Label})
	}
	return opts
}

func statutoryOptions() []views.Option {
	opts := []views.Option{{Value: "", Label: "No, it is a relevant agency"}}
	for _, sr := range partnership.StatutoryRoles {
		opts = append(opts, views.Option{Value: sr.Value, Label: "Yes: " + sr.Label})
	}
	return opts
}

// newOrganisationForm shows the form to add an organisation.
func (s *Server) newOrganisationForm(w http.ResponseWriter, r *http.Request) {
	p := currentPartnership(r)
	if !s.allowed(w, r, access.ManageOrganisation, access.Object{PartnershipID: p.ID}, "organisation", "") {
		return
	}
	f := views.NewForm(url.Values{"statutory_role": {""}})
	s.renderOrganisationForm(w, r, http.StatusOK, f, 0)
}

// editOrganisationForm shows the form to change an organisation.
func (s *Server) editOrganisationForm(w http.ResponseWriter, r *http.Request) {
	p := currentPartnership(r)
	id, ok := s.idParam(w, r, "id")
	if !ok || !s.allowed(w, r, access.ManageOrganisation, access.Object{PartnershipID: p.ID}, "organisation", strconv.FormatInt(id, 10)) {
		return
	}
	o, err := partnership.OrganisationByID(r.Context(), s.DB, p.ID, id)
	if s.lookupFailed(w, r, err) {
		return
	}
	f := views.NewForm(url.Values{"name": {o.Name}, "category": {string(o.Category)}, "statutory_role": {o.StatutoryRole},
		"email_domains": {strings.Join(o.EmailDomains, ", ")}, "version": {strconv.Itoa(o.Version)}})
	s.renderOrganisationForm(w, r, http.StatusOK, f, id)
}

func (s *Server) renderOrganisationForm(w http.ResponseWriter, r *http.Request, status int, f views.Form, id int64) {
	p := currentPartnership(r)
	heading, action := "Add an organisation", "/"+p.Slug+"/admin/organisations"
	if id != 0 {
		heading, action = "Change an organisation", fmt.Sprintf("/%s/admin/organisations/%d", p.Slug, id)
	}
	title := heading
	title = errorTitle(title, f)
	s.render(w, r, status, views.OrganisationForm(s.page(w, r, title), f, heading, action, categoryOptions(), statutoryOptions()))
}

// saveOrganisation adds an organisation (no id in the path) or changes one, refusing a change to
// a record someone else changed since the form was loaded.
func (s *Server) saveOrganisation(w http.ResponseWriter, r *http.Request) {
	p := currentPartnership(r)
	var id int64
	if urlParam(r, "id") != "" {
		var ok bool
		if id, ok = s.idParam(w, r, "id"); !ok {
			return
		}
	}
	if !s.allowed(w, r, access.ManageOrganisation, access.Object{PartnershipID: p.ID}, "organisation", strconv.FormatInt(id, 10)) {
		return
	}
	if !s.parseForm(w, r) {
		return
	}
	f := views.NewForm(r.PostForm)
	o, errs := partnership.OrganisationInput{Name: f.Value("name"), Category: f.Value("category"),
		StatutoryRole: f.Value("statutory_role"), EmailDomains: f.Value("email_domains")}.Validate()
	f.AddErrors(errs, "name", "category", "statutory_role", "email_domains")
	if f.Invalid() {
		s.renderOrganisationForm(w, r, http.StatusUnprocessableEntity, f, id)
		return
	}
	o.ID, o.PartnershipID = id, p.ID
	o.Version, _ = strconv.Atoi(f.Value("version"))
	action := "organisation.create"
	if id != 0 {
		action = "organisation.update"
	}
	err := database.InTx(r.Context(), s.DB, func(tx pgx.Tx) error {
		saved, err := partnership.SaveOrganisation(r.Context(), tx, o)
		if err != nil {
			return err
		}
		return audit.Record(r.Context(), tx, s.auditEntry(r, action, "organisation", saved, o.Name))
	})
	switch {
	case errors.Is(err, partnership.ErrDuplicate):
		f.AddError("name", "The partnership already has an organisation with this name")
	case errors.Is(err, partnership.ErrConflict):
		current, lerr := partnership.OrganisationByID(r.Context(), s.DB, p.ID, id)
		if lerr != nil {
			s.serverError(w, r, lerr)
			return
		}
		f.Values.Set("version", strconv.Itoa(current.Version))
		f.AddError("name", "Someone else changed this organisation while you were editing it. Check your changes against theirs ("+
			current.Name+"), then save again")
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	if f.Invalid() {
		s.renderOrganisationForm(w, r, http.StatusConflict, f, id)
		return
	}
	s.redirectWithFlash(w, r, "/"+p.Slug+"/admin/organisations", o.Name+" has been saved")
}

// idParam reads a numeric id from the path, answering 404 itself when it is not one.
func (s *Server) idParam(w http.ResponseWriter, r *http.Request, name string) (int64, bool) {
	id, err := strconv.ParseInt(urlParam(r, name), 10, 64)
	if err != nil || id <= 0 {
		s.notFound(w, r)
		return 0, false
	}
	return id, true
}

// partnershipSettings shows the form to change the partnership's public details and priorities.
func (s *Server) partnershipSettings(w http.ResponseWriter, r *http.Request) {
	p := currentPartnership(r)
	if !s.allowed(w, r, access.ManagePartnership, access.Object{PartnershipID: p.ID}, "partnership", strconv.FormatInt(p.ID, 10)) {
		return
	}
	prios, err := partnership.Priorities(r.Context(), s.DB, p.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	version, err := partnership.Version(r.Context(), s.DB, p.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	f := views.NewForm(url.Values{"area": {p.Area}, "contact_email": {p.ContactEmail}, "front_door": {p.FrontDoor}, "colour": {p.Colour},
		"priorities": {strings.Join(prios, "\n")}, "version": {strconv.Itoa(version)}})
	s.render(w, r, http.StatusOK, views.PartnershipSettings(s.page(w, r, "The partnership's details"), f, "/"+p.Slug+"/admin/partnership"))
}

// savePartnershipSettings saves them, refusing to overwrite someone else's newer change.
func (s *Server) savePartnershipSettings(w http.ResponseWriter, r *http.Request) {
	p := currentPartnership(r)
	if !s.allowed(w, r, access.ManagePartnership, access.Object{PartnershipID: p.ID}, "partnership", strconv.FormatInt(p.ID, 10)) || !s.parseForm(w, r) {
		return
	}
	f := views.NewForm(r.PostForm)
	in := partnership.SettingsInput{Area: f.Value("area"), ContactEmail: f.Value("contact_email"), FrontDoor: f.Value("front_door"),
		Colour: strings.ToLower(strings.TrimSpace(f.Value("colour")))}
	in.Version, _ = strconv.Atoi(f.Value("version"))
	for _, line := range strings.Split(f.Value("priorities"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			in.Priorities = append(in.Priorities, line)
		}
	}
	errs := in.Validate()
	status := http.StatusUnprocessableEntity
	f.AddErrors(errs, "area", "contact_email", "front_door", "colour", "priorities")
	if !f.Invalid() {
		err := database.InTx(r.Context(), s.DB, func(tx pgx.Tx) error {
			if err := partnership.SaveSettings(r.Context(), tx, p.ID, in); err != nil {
				return err
			}
			return audit.Record(r.Context(), tx, s.auditEntry(r, "partnership.update", "partnership", p.ID, ""))
		})
		switch {
		case errors.Is(err, partnership.ErrConflict):
			status = http.StatusConflict
			f.AddError("area", "Someone else changed the partnership's details while you were editing them. Open the page again to see theirs")
		case err != nil:
			s.serverError(w, r, err)
			return
		}
	}
	if f.Invalid() {
		s.render(w, r, status, views.PartnershipSettings(s.page(w, r, errorTitle("The partnership's details", f)), f,
			"/"+p.Slug+"/admin/partnership"))
		return
	}
	s.redirectWithFlash(w, r, "/"+p.Slug+"/admin/partnership", "The partnership's details have been saved")
}
