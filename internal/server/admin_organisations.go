package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/form"
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
	return s.render(w, r, http.StatusOK, views.Organisations(s.page(w, r, "Organisations"), views.NewOrganisationRows(p.Slug, orgs),
		paths.NewOrganisation(p.Slug)))
}

// organisationForm shows the form to add an organisation, or to change the one in the path.
func (s *Server) organisationForm(w http.ResponseWriter, r *http.Request) error {
	p, id, err := s.optionalRecord(r, "id", access.ManageOrganisation, "organisation")
	if err != nil {
		return err
	}
	var o partnership.Organisation
	if id != 0 {
		if o, err = s.Partnership.Organisation(r.Context(), p.ID, id); err != nil {
			return err
		}
	}
	return s.showOrganisationForm(id)(w, r, http.StatusOK, views.OrganisationValues(o))
}

// showOrganisationForm returns what shows the form of organisation id (0: a new one) with a status.
func (s *Server) showOrganisationForm(id int64) formPage {
	return func(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
		v := views.NewOrganisationForm(currentPartnership(r).Slug, id)
		return s.render(w, r, status, views.OrganisationForm(s.page(w, r, errorTitle(v.Heading, f)), f, v.Heading, v.Action, v.Categories, v.Statutory))
	}
}

// saveOrganisation adds an organisation (no id in the path) or changes one, refusing a stale change.
func (s *Server) saveOrganisation(w http.ResponseWriter, r *http.Request) error {
	p, id, err := s.optionalRecord(r, "id", access.ManageOrganisation, "organisation")
	if err != nil {
		return err
	}
	f, err := form.Read(r)
	if err != nil {
		return err
	}
	o, err := s.Partnership.SaveOrganisation(r.Context(), s.actor(r), partnership.OrganisationInput{ID: id, PartnershipID: p.ID,
		Name: f.Text("name"), Category: f.Text("category"), StatutoryRole: f.Text("statutory_role"),
		EmailDomains: f.Text("email_domains"), Version: f.Version()})
	return s.settle(w, r, f.Form, err, s.showOrganisationForm(id), paths.Organisations(p.Slug), o.Name+" has been saved")
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
	return s.showSettings(w, r, http.StatusOK, views.SettingsValues(in))
}

// showSettings shows the partnership's details form with a status.
func (s *Server) showSettings(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	return s.render(w, r, status, views.PartnershipSettings(s.page(w, r, errorTitle("The partnership's details", f)), f,
		paths.PartnershipSettings(currentPartnership(r).Slug)))
}

// savePartnershipSettings saves them, refusing to overwrite someone else's newer change.
func (s *Server) savePartnershipSettings(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.ManagePartnership, access.Object{PartnershipID: p.ID}, "partnership", strconv.FormatInt(p.ID, 10)); err != nil {
		return err
	}
	f, err := form.Read(r)
	if err != nil {
		return err
	}
	err = s.Partnership.SaveSettings(r.Context(), s.actor(r), p.ID, partnership.SettingsInput{Area: f.Text("area"),
		ContactEmail: f.Text("contact_email"), FrontDoor: f.Text("front_door"), Colour: f.Text("colour"),
		Priorities: f.Lines("priorities"), YearStarts: number(f.Text("year_starts")), SendWithin: number(f.Text("send_within")),
		Version: f.Version()})
	return s.settle(w, r, f.Form, err, s.showSettings, paths.PartnershipSettings(p.Slug), "The partnership's details have been saved")
}

// number reads a whole number typed in a field, or 0 (which the domain refuses with its message)
// when it is not one.
func number(text string) int {
	n, err := strconv.Atoi(strings.TrimSpace(text))
	if err != nil {
		return 0
	}
	return n
}
