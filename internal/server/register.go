package server

import (
	"net/http"

	"github.com/scp-portal/portal/internal/identity"
	"github.com/scp-portal/portal/web/paths"
	"github.com/scp-portal/portal/web/views"
)

// registerForm shows a partnership's registration form for practitioners.
func (s *Server) registerForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderRegister(w, r, http.StatusOK, views.NewForm(nil))
}

func (s *Server) renderRegister(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p := currentPartnership(r)
	options, err := s.orgOptions(r, p, "Choose your organisation")
	if err != nil {
		return err
	}
	options = append(options, views.Option{Value: identity.OtherOrganisation, Label: "My organisation is not listed"})
	return s.render(w, r, status, views.Register(s.page(w, r, errorTitle("Register", f)), f,
		views.RegisterView{Action: paths.Register(p.Slug), Organisations: options}))
}

// register creates an unverified account and e-mails the confirmation link. The page that
// follows is the same whether or not the address already had an account.
func (s *Server) register(w http.ResponseWriter, r *http.Request) error {
	f, err := readForm(r)
	if err != nil {
		return err
	}
	p := currentPartnership(r)
	email, err := s.Identity.Register(r.Context(), s.actor(r), identity.Registration{PartnershipID: p.ID,
		Name: f.Text("name"), Email: f.Text("email"), JobTitle: f.Text("job_title"), Phone: f.Text("phone"),
		Organisation: f.Text("organisation"), NewPassword: newPassword(f)})
	if err != nil {
		if status, ok := formError(&f.Form, err); ok {
			return s.renderRegister(w, r, status, f.Form)
		}
		return err
	}
	return s.render(w, r, http.StatusOK, views.Message(s.page(w, r, "Check your e-mail"), "Check your e-mail",
		[]string{"We have sent a link to " + email + ". Open it within 24 hours to confirm your e-mail address and finish registering.",
			"If nothing arrives within a few minutes, check your spam folder."}, "", ""))
}
