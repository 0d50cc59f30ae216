package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/scp-portal/portal/internal/identity"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/web/views"
)

// registerForm shows a partnership's registration form for practitioners.
func (s *Server) registerForm(w http.ResponseWriter, r *http.Request) {
	s.renderRegister(w, r, http.StatusOK, views.NewForm(nil))
}

func (s *Server) renderRegister(w http.ResponseWriter, r *http.Request, status int, f views.Form) {
	p := currentPartnership(r)
	orgs, err := partnership.Organisations(r.Context(), s.DB, p.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	options := []views.Option{{Value: "", Label: "Choose your organisation"}}
	for _, o := range orgs {
		options = append(options, views.Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name})
	}
	options = append(options, views.Option{Value: "other", Label: "My organisation is not listed"})
	title := "Register"
	title = errorTitle(title, f)
	s.render(w, r, status, views.Register(s.page(w, r, title), f, views.RegisterView{Action: "/" + p.Slug + "/register", Organisations: options}))
}

// register creates an unverified account and e-mails the confirmation link. The page that
// follows is the same whether or not the address already had an account.
func (s *Server) register(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	p := currentPartnership(r)
	in := r.PostForm
	f := views.NewForm(in)
	f.Values.Del("password")
	f.Values.Del("confirm")
	reg := identity.Registration{
		PartnershipID: p.ID,
		Name:          strings.TrimSpace(in.Get("name")),
		Email:         identity.NormaliseEmail(in.Get("email")),
		JobTitle:      strings.TrimSpace(in.Get("job_title")),
		Phone:         strings.TrimSpace(in.Get("phone")),
		Password:      in.Get("password"),
	}
	switch {
	case reg.Name == "":
		f.AddError("name", "Enter your full name")
	case len(reg.Name) > 200:
		f.AddError("name", "Name must be 200 characters or fewer")
	}
	switch {
	case strings.TrimSpace(in.Get("email")) == "":
		f.AddError("email", "Enter your work e-mail address")
	case reg.Email == "":
		f.AddError("email", "Enter an e-mail address in the correct format, like name@example.org")
	}
	switch {
	case reg.JobTitle == "":
		f.AddError("job_title", "Enter your job title")
	case len(reg.JobTitle) > 200:
		f.AddError("job_title", "Job title must be 200 characters or fewer")
	}
	if len(reg.Phone) > 40 {
		f.AddError("phone", "Phone number must be 40 characters or fewer")
	}
	switch org := in.Get("organisation"); org {
	case "":
		f.AddError("organisation", "Choose your organisation, or that it is not listed")
	case "other":
	default:
		id, err := strconv.ParseInt(org, 10, 64)
		if err == nil {
			_, err = partnership.OrganisationByID(r.Context(), s.DB, p.ID, id)
		}
		if err != nil {
			f.AddError("organisation", "Choose your organisation from the list")
		} else {
			reg.OrganisationID = &id
		}
	}
	checkNewPassword(&f, reg.Password, in.Get("confirm"), reg.Email)
	if f.Invalid() {
		s.renderRegister(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	if err := s.Identity.Register(r.Context(), reg, identity.ClientIP(r)); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, views.Message(s.page(w, r, "Check your e-mail"), "Check your e-mail",
		[]string{"We have sent a link to " + reg.Email + ". Open it within 24 hours to confirm your e-mail address and finish registering.",
			"If nothing arrives within a few minutes, check your spam folder."}, "", ""))
}
