package server

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/web/paths"
	"github.com/scp-portal/portal/web/views"
)

// adminOrganisations lists the partnership's organisations.
func (s *Server) adminOrganisations(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.ManageOrganisation, access.Object{PartnershipID: p.ID}, "organisation", ""); err != nil {
		return err
	}
	orgs, err := s.Partnership.Organisations(r.Context(), p.ID)
	if err != nil {
		return err
	}
	rows := make([]views.OrganisationRow, 0, len(orgs))
	for _, o := range orgs {
		rows = append(rows, views.OrganisationRow{Name: o.Name, Category: partnership.CategoryLabel(o.Category),
			Statutory: partnership.StatutoryRoles.Label(o.StatutoryRole), Domains: strings.Join(o.EmailDomains, ", "),
			EditHref: paths.EditOrganisation(p.Slug, o.ID)})
	}
	return s.render(w, r, http.StatusOK, views.Organisations(s.page(w, r, "Organisations"), rows, paths.NewOrganisation(p.Slug)))
}

// organisationForm shows the form to add an organisation, or to change the one in the path.
func (s *Server) organisationForm(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	id, err := optionalPathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.authorize(r, access.ManageOrganisation, access.Object{PartnershipID: p.ID}, "organisation", strconv.FormatInt(id, 10)); err != nil {
		return err
	}
	f := views.NewForm(url.Values{"statutory_role": {""}})
	if id != 0 {
		o, err := s.Partnership.Organisation(r.Context(), p.ID, id)
		if err != nil {
			return err
		}
		f = views.NewForm(url.Values{"name": {o.Name}, "category": {string(o.Category)}, "statutory_role": {o.StatutoryRole},
			"email_domains": {strings.Join(o.EmailDomains, ", ")}, "version": {strconv.Itoa(o.Version)}})
	}
	return s.renderOrganisationForm(w, r, http.StatusOK, f, id)
}

func (s *Server) renderOrganisationForm(w http.ResponseWriter, r *http.Request, status int, f views.Form, id int64) error {
	p := currentPartnership(r)
	heading, action := "Add an organisation", paths.Organisations(p.Slug)
	if id != 0 {
		heading, action = "Change an organisation", paths.Organisation(p.Slug, id)
	}
	categories := choiceOptions(partnership.Categories, views.Option{Value: "", Label: "Choose a kind"})
	statutory := []views.Option{{Value: "", Label: "No, it is a relevant agency"}}
	for _, sr := range partnership.StatutoryRoles {
		statutory = append(statutory, views.Option{Value: sr.Value, Label: "Yes: " + sr.Label})
	}
	return s.render(w, r, status, views.OrganisationForm(s.page(w, r, errorTitle(heading, f)), f, heading, action, categories, statutory))
}

// saveOrganisation adds an organisation (no id in the path) or changes one, refusing a change to
// a record someone else changed since the form was loaded.
func (s *Server) saveOrganisation(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	id, err := optionalPathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.authorize(r, access.ManageOrganisation, access.Object{PartnershipID: p.ID}, "organisation", strconv.FormatInt(id, 10)); err != nil {
		return err
	}
	f, err := readForm(r)
	if err != nil {
		return err
	}
	o, err := s.Partnership.SaveOrganisation(r.Context(), s.actor(r), partnership.OrganisationInput{ID: id, PartnershipID: p.ID,
		Name: f.Text("name"), Category: f.Text("category"), StatutoryRole: f.Text("statutory_role"),
		EmailDomains: f.Text("email_domains"), Version: f.Version()})
	if err != nil {
		status, ok := formError(&f.Form, err)
		if !ok {
			return err
		}
		return s.renderOrganisationForm(w, r, status, f.Form, id)
	}
	return s.redirectWithFlash(w, r, paths.Organisations(p.Slug), o.Name+" has been saved")
}

// partnershipSettings shows the form to change the partnership's public details and priorities.
func (s *Server) partnershipSettings(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.ManagePartnership, access.Object{PartnershipID: p.ID}, "partnership", strconv.FormatInt(p.ID, 10)); err != nil {
		return err
	}
	in, err := s.Partnership.Settings(r.Context(), p)
	if err != nil {
		return err
	}
	f := views.NewForm(url.Values{"area": {in.Area}, "contact_email": {in.ContactEmail}, "front_door": {in.FrontDoor}, "colour": {in.Colour},
		"priorities": {strings.Join(in.Priorities, "\n")}, "version": {strconv.Itoa(in.Version)}})
	return s.render(w, r, http.StatusOK, views.PartnershipSettings(s.page(w, r, "The partnership's details"), f, paths.PartnershipSettings(p.Slug)))
}

// savePartnershipSettings saves them, refusing to overwrite someone else's newer change.
func (s *Server) savePartnershipSettings(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.ManagePartnership, access.Object{PartnershipID: p.ID}, "partnership", strconv.FormatInt(p.ID, 10)); err != nil {
		return err
	}
	f, err := readForm(r)
	if err != nil {
		return err
	}
	err = s.Partnership.SaveSettings(r.Context(), s.actor(r), p.ID, partnership.SettingsInput{Area: f.Text("area"),
		ContactEmail: f.Text("contact_email"), FrontDoor: f.Text("front_door"), Colour: f.Text("colour"),
		Priorities: f.Lines("priorities"), Version: f.Version()})
	if err != nil {
		status, ok := formError(&f.Form, err)
		if !ok {
			return err
		}
		return s.render(w, r, status, views.PartnershipSettings(s.page(w, r, errorTitle("The partnership's details", f.Form)), f.Form,
			paths.PartnershipSettings(p.Slug)))
	}
	return s.redirectWithFlash(w, r, paths.PartnershipSettings(p.Slug), "The partnership's details have been saved")
}
