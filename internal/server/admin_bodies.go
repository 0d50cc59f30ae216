package server

import (
	"net/http"
	"strconv"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/form"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/web/paths"
	"github.com/scp-portal/portal/web/views"
)

// manageBodies asks whether the person may administer the partnership's bodies (objectType objectID).
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
	return s.render(w, r, http.StatusOK, views.Bodies(s.page(w, r, "Bodies"), views.NewBodyRows(p.Slug, bodies), paths.NewBody(p.Slug)))
}

// editBodyForm shows the form to change the body in the path, or to add one.
func (s *Server) editBodyForm(w http.ResponseWriter, r *http.Request) error {
	id, err := optionalPathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.manageBodies(r, "body", id); err != nil {
		return err
	}
	f := views.NewForm(nil)
	if id != 0 {
		b, err := s.Partnership.Body(r.Context(), currentPartnership(r).ID, id)
		if err != nil {
			return err
		}
		f = views.BodyValues(b)
	}
	return s.showBodyForm(id)(w, r, http.StatusOK, f)
}

// showBodyForm returns what shows the form of body id (0: a new one) with a status.
func (s *Server) showBodyForm(id int64) formPage {
	return func(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
		v := views.NewBodyForm(currentPartnership(r).Slug, id)
		return s.render(w, r, status, views.BodyForm(s.page(w, r, errorTitle(v.Heading, f)), f, v.Heading, v.Action, v.Kinds))
	}
}

// saveBody adds a body (no id in the path) or changes one, refusing a stale change.
func (s *Server) saveBody(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	id, err := optionalPathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.manageBodies(r, "body", id); err != nil {
		return err
	}
	f, err := form.Read(r)
	if err != nil {
		return err
	}
	b, err := s.Partnership.SaveBody(r.Context(), s.actor(r), partnership.BodyInput{ID: id, PartnershipID: p.ID,
		Name: f.Text("name"), Kind: f.Text("kind"), Description: f.Text("description"), Version: f.Version()})
	return s.settle(w, r, f.Form, err, s.showBodyForm(id), paths.Bodies(p.Slug), b.Name+" has been saved")
}

// manageBody shows a body's members and chair rota with the forms to change them.
func (s *Server) manageBody(w http.ResponseWriter, r *http.Request) error {
	_, id, err := s.record(r, "bodyID", access.ManageBody, "body")
	if err != nil {
		return err
	}
	return s.showManageBody(id, false)(w, r, http.StatusOK, views.NewForm(nil))
}

// showManageBody returns what shows body id's page with the posted form (the rota form when rota).
func (s *Server) showManageBody(id int64, rota bool) formPage {
	return func(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
		p := currentPartnership(r)
		in := r.URL.Query()
		d, err := s.Partnership.BodyDetail(r.Context(), p.ID, id, form.ParsePaging(in))
		if err != nil {
			return err
		}
		memberForm, rotaForm := f, views.NewForm(nil)
		if rota {
			memberForm, rotaForm = rotaForm, memberForm
		}
		v := views.NewManageBody(p.Slug, d, views.NewPager(paths.ManageBody(p.Slug, id), in, d.Rota.Page, d.Rota.More), memberForm, rotaForm)
		return s.render(w, r, status, views.ManageBody(s.page(w, r, v.Title()), v))
	}
}

// addMember gives a person a seat on the body, from today unless another day is given.
func (s *Server) addMember(w http.ResponseWriter, r *http.Request) error {
	p, bodyID, f, err := s.recordForm(r, "bodyID", access.ManageBody, "body")
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
	return s.settle(w, r, f.Form, err, s.showManageBody(bodyID, false), paths.ManageBody(p.Slug, bodyID), "The member has been added")
}

// endMember ends a membership today.
func (s *Server) endMember(w http.ResponseWriter, r *http.Request) error {
	bodyID, err := pathID(r, "bodyID")
	if err != nil {
		return err
	}
	p, mid, err := s.record(r, "membershipID", access.ManageBody, "membership")
	if err != nil {
		return err
	}
	if err := s.Partnership.EndMembership(r.Context(), s.actor(r), p.ID, mid); err != nil {
		return err
	}
	return s.redirectWithFlash(w, r, paths.ManageBody(p.Slug, bodyID), "The membership has ended")
}

// addRota puts a statutory partner on the body's chair rota.
func (s *Server) addRota(w http.ResponseWriter, r *http.Request) error {
	p, bodyID, f, err := s.recordForm(r, "bodyID", access.ManageBody, "body")
	if err != nil {
		return err
	}
	in := partnership.RotaInput{PartnershipID: p.ID, BodyID: bodyID,
		OrganisationID: f.ID("rota_organisation", "Choose the partner who will chair"),
		From:           f.Date("rota_from", "the first day"), To: f.Date("rota_to", "the last day")}
	err = f.Attempt(in.Validate(), func() error { return s.Partnership.AddRota(r.Context(), s.actor(r), in) })
	return s.settle(w, r, f.Form, err, s.showManageBody(bodyID, true), paths.ManageBody(p.Slug, bodyID), "The chair rota has been updated")
}
