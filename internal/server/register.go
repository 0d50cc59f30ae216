package server

import (
	"net/http"

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

// register creates an unverified account and e-mails the confirmation link. The page that
// follows is the same whether or not the address already had an account.
func (s *Server) register(w http.ResponseWriter, r *http.Request) error {
	f, err := readForm(r)
	if err != nil {
		return err
	}
	email, err := s.Identity.Register(r.Context(), s.actor(r), identity.Registration{PartnershipID: currentPartnership(r).ID,
		Name: f.Text("name"), Email: f.Text("email"), JobTitle: f.Text("job_title"), Phone: f.Text("phone"),
		Organisation: f.Text("organisation"), NewPassword: newPassword(f)})
	if status, ok := formError(&f.Form, err); ok {
		return s.showRegister(w, r, status, f.Form)
	}
	if err != nil {
		return err
	}
	return s.message(w, r, "Check your e-mail", "Check your e-mail", "", "",
		"We have sent a link to "+email+". Open it within 24 hours to confirm your e-mail address and finish registering.",
		"If nothing arrives within a few minutes, check your spam folder.")
}
