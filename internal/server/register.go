package server

import (
	"net/http"

	"github.com/scp-portal/portal/internal/form"
	"github.com/scp-portal/portal/internal/identity"
	"github.com/scp-portal/portal/web/views"
)

// registerForm shows a partnership's registration form for practitioners.
func (s *Server) registerForm(w http.ResponseWriter, r *http.Request) error {
	return s.showRegister(w, r, http.StatusOK, views.NewForm(nil))
}

// showRegister shows the registration form with a status.
func (s *Server) showRegister(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p := currentPartnership(r)
	orgs, err := s.Partnership.Organisations(r.Context(), p.ID)
	if err != nil {
		return err
	}
	return s.render(w, r, status, views.Register(s.page(w, r, errorTitle("Register", f)), f, views.NewRegister(p.Slug, orgs)))
}

// register creates an unverified account and e-mails the link; the page is the same for a known address.
func (s *Server) register(w http.ResponseWriter, r *http.Request) error {
	f, err := form.Read(r)
	if err != nil {
		return err
	}
	email, err := s.Identity.Register(r.Context(), s.actor(r), identity.Registration{PartnershipID: currentPartnership(r).ID,
		Name: f.Text("name"), Email: f.Text("email"), JobTitle: f.Text("job_title"), Phone: f.Text("phone"),
		Organisation: f.Text("organisation"), NewPassword: newPassword(f)})
	if status, ok := form.ShowErrors(&f.Form, err); ok {
		return s.showRegister(w, r, status, f.Form)
	} else if err != nil {
		return err
	}
	return s.notice(w, r, http.StatusOK, views.RegistrationSent(email))
}
