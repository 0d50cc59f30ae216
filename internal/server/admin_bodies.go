package server

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/web/paths"
	"github.com/scp-portal/portal/web/views"
)

// manageBodies asks the access policy whether the person may administer the partnership's
// bodies; objectType and objectID name what they asked for.
func (s *Server) manageBodies(r *http.Request, objectType string, objectID int64) error {
	id := ""
	if objectID != 0 {
		id = strconv.FormatInt(objectID, 10)
	}
	return s.authorize(r, access.ManageBody, access.Object{PartnershipID: currentPartnership(r).ID}, objectType, id)
}

// adminBodies lists the partnership's bodies.
func (s *Server) adminBodies(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.manageBodies(r, "body", 0); err != nil {
		return err
	}
	bodies, err := s.Partnership.Bodies(r.Context(), p.ID)
	if err != nil {
		return err
	}
	rows := make([]views.BodyRow, 0, len(bodies))
	for _, b := range bodies {
		rows = append(rows, views.BodyRow{Name: b.Name, Kind: partnership.BodyKindLabel(b.Kind), Members: b.MemberCount,
			ManageHref: paths.ManageBody(p.Slug, b.ID), EditHref: paths.EditBody(p.Slug, b.ID)})
	}
	return s.render(w, r, http.StatusOK, views.Bodies(s.page(w, r, "Bodies"), rows, paths.NewBody(p.Slug)))
}

// newBodyForm shows the form to add a body.
func (s *Server) newBodyForm(w http.ResponseWriter, r *http.Request) error {
	if err := s.manageBodies(r, "body", 0); err != nil {
		return err
	}
	return s.renderBodyForm(w, r, http.StatusOK, views.NewForm(nil), 0)
}

// editBodyForm shows the form to change a body.
func (s *Server) editBodyForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.manageBodies(r, "body", id); err != nil {
		return err
	}
	b, err := s.Partnership.Body(r.Context(), currentPartnership(r).ID, id)
	if err != nil {
		return err
	}
	f := views.NewForm(url.Values{"name": {b.Name}, "kind": {b.Kind}, "description": {b.Description}, "version": {strconv.Itoa(b.Version)}})
	return s.renderBodyForm(w, r, http.StatusOK, f, id)
}

func (s *Server) renderBodyForm(w http.ResponseWriter, r *http.Request, status int, f views.Form, id int64) error {
	p := currentPartnership(r)
	heading, action := "Add a body", paths.Bodies(p.Slug)
	if id != 0 {
		heading, action = "Change a body", paths.EditBody(p.Slug, id)
	}
	return s.render(w, r, status, views.BodyForm(s.page(w, r, errorTitle(heading, f)), f, heading, action, choiceOptions(partnership.BodyKinds)))
}

// saveBody adds a body (no id in the path) or changes one, refusing a change to a record someone
// else changed since the form was loaded.
func (s *Server) saveBody(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	id, err := optionalPathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.manageBodies(r, "body", id); err != nil {
		return err
	}
	f, err := readForm(r)
	if err != nil {
		return err
	}
	b, err := s.Partnership.SaveBody(r.Context(), s.actor(r), partnership.BodyInput{ID: id, PartnershipID: p.ID,
		Name: f.Text("name"), Kind: f.Text("kind"), Description: f.Text("description"), Version: f.Version()})
	if err != nil {
		if status, ok := formError(&f.Form, err); ok {
			return s.renderBodyForm(w, r, status, f.Form, id)
		}
		return err
	}
	return s.redirectWithFlash(w, r, paths.Bodies(p.Slug), b.Name+" has been saved")
}

// bodyPageView is a body as its pages show it: its members (with those whose membership has
// ended, for the business unit) and its chair rota, the current chair marked.
func bodyPageView(d partnership.BodyDetail) views.BodyPageView {
	v := views.BodyPageView{ID: d.ID, Name: d.Name, Kind: partnership.BodyKindLabel(d.Kind), Description: d.Description}
	for _, m := range d.Members {
		v.Members = append(v.Members, views.MemberRow{MembershipID: m.MembershipID, Name: m.UserName, JobTitle: m.JobTitle,
			Role: partnership.MemberRoleLabel(m.Role), OrgName: m.OrganisationName, Since: m.StartsOn, Until: m.EndsOn,
			Current: m.Current(d.Today)})
	}
	current, _ := partnership.CurrentChair(d.Rota, d.Today)
	for _, e := range d.Rota {
		v.Rota = append(v.Rota, views.RotaRow{OrgName: e.OrganisationName, From: e.StartsOn, To: e.EndsOn, Current: e.ID == current.ID})
	}
	return v
}

// manageBody shows a body's members and chair rota with the forms to change them.
func (s *Server) manageBody(w http.ResponseWriter, r *http.Request) error {
	return s.renderManageBody(w, r, http.StatusOK, views.NewForm(nil), views.NewForm(nil))
}

func (s *Server) renderManageBody(w http.ResponseWriter, r *http.Request, status int, memberForm, rotaForm views.Form) error {
	p := currentPartnership(r)
	bodyID, err := pathID(r, "bodyID")
	if err != nil {
		return err
	}
	if err := s.manageBodies(r, "body", bodyID); err != nil {
		return err
	}
	d, err := s.Partnership.BodyDetail(r.Context(), p.ID, bodyID)
	if err != nil {
		return err
	}
	v := views.ManageBodyView{Body: bodyPageView(d), MemberForm: memberForm, RotaForm: rotaForm,
		People:    []views.Option{{Value: "", Label: "Choose a person"}},
		Roles:     choiceOptions(partnership.MemberRoles, views.Option{Value: "", Label: "Choose a role"}),
		AddAction: paths.Members(p.Slug, bodyID), EndAction: paths.Members(p.Slug, bodyID) + "/", RotaAction: paths.Rota(p.Slug, bodyID)}
	for _, person := range d.People {
		v.People = append(v.People, views.Option{Value: strconv.FormatInt(person.ID, 10), Label: person.Name + " (" + person.Email + ")"})
	}
	v.Organisations = []views.Option{{Value: "", Label: "None (independent)"}}
	v.Partners = []views.Option{{Value: "", Label: "Choose a statutory partner"}}
	for _, o := range d.Organisations {
		opt := views.Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name}
		v.Organisations = append(v.Organisations, opt)
		if o.IsStatutoryPartner() {
			v.Partners = append(v.Partners, opt)
		}
	}
	title := d.Name
	if memberForm.Invalid() || rotaForm.Invalid() {
		title = "Error: " + title
	}
	return s.render(w, r, status, views.ManageBody(s.page(w, r, title), v))
}

// addMember gives a person a seat on the body, from today unless another day is given.
func (s *Server) addMember(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	bodyID, err := pathID(r, "bodyID")
	if err != nil {
		return err
	}
	if err := s.manageBodies(r, "body", bodyID); err != nil {
		return err
	}
	f, err := readForm(r)
	if err != nil {
		return err
	}
	in := partnership.MemberInput{PartnershipID: p.ID, BodyID: bodyID, UserID: f.ID("user", "Choose the person to add"),
		Role: f.Text("role"), OrganisationID: f.OptionalID("organisation", "Choose an organisation from the list"),
		StartsOn: f.OptionalDate("starts_on", "the day they join")}
	err = f.Attempt(in.Validate(), func() error {
		_, err := s.Partnership.AddMember(r.Context(), s.actor(r), in)
		return err
	})
	if err != nil {
		if status, ok := formError(&f.Form, err); ok {
			return s.renderManageBody(w, r, status, f.Form, views.NewForm(nil))
		}
		return err
	}
	return s.redirectWithFlash(w, r, paths.ManageBody(p.Slug, bodyID), "The member has been added")
}

// endMember ends a membership today.
func (s *Server) endMember(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	bodyID, err := pathID(r, "bodyID")
	if err != nil {
		return err
	}
	mid, err := pathID(r, "membershipID")
	if err != nil {
		return err
	}
	if err := s.manageBodies(r, "membership", mid); err != nil {
		return err
	}
	if err := s.Partnership.EndMembership(r.Context(), s.actor(r), p.ID, mid); err != nil {
		return err
	}
	return s.redirectWithFlash(w, r, paths.ManageBody(p.Slug, bodyID), "The membership has ended")
}

// addRota puts a statutory partner on the body's chair rota.
func (s *Server) addRota(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	bodyID, err := pathID(r, "bodyID")
	if err != nil {
		return err
	}
	if err := s.manageBodies(r, "body", bodyID); err != nil {
		return err
	}
	f, err := readForm(r)
	if err != nil {
		return err
	}
	in := partnership.RotaInput{PartnershipID: p.ID, BodyID: bodyID,
		OrganisationID: f.ID("rota_organisation", "Choose the partner who will chair"),
		From:           f.Date("rota_from", "the first day"), To: f.Date("rota_to", "the last day")}
	err = f.Attempt(in.Validate(), func() error { return s.Partnership.AddRota(r.Context(), s.actor(r), in) })
	if err != nil {
		if status, ok := formError(&f.Form, err); ok {
			return s.renderManageBody(w, r, status, views.NewForm(nil), f.Form)
		}
		return err
	}
	return s.redirectWithFlash(w, r, paths.ManageBody(p.Slug, bodyID), "The chair rota has been updated")
}
