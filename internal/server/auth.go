package server

import (
	"errors"
	"net/http"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/identity"
	"github.com/scp-portal/portal/web/paths"
	"github.com/scp-portal/portal/web/views"
)

// signInForm shows the sign-in page; someone already signed in goes to their home view.
func (s *Server) signInForm(w http.ResponseWriter, r *http.Request) error {
	if subj := subject(r); subj.SignedIn() {
		http.Redirect(w, r, homeOf(r), http.StatusSeeOther)
		return nil
	}
	next := localPath(r.URL.Query().Get("next"), "")
	return s.render(w, r, http.StatusOK, views.SignIn(s.page(w, r, "Sign in"), views.NewForm(nil), next))
}

// signIn checks the e-mail address and password. Wrong ones get one message whichever was wrong;
// on success the session gets a new id and the person goes where they were heading.
func (s *Server) signIn(w http.ResponseWriter, r *http.Request) error {
	f, err := readForm(r)
	if err != nil {
		return err
	}
	in := identity.SignInInput{Email: f.Text("email"), Password: f.Text("password")}
	f.Values.Del("password") // never sent back to the page
	next := localPath(f.Text("next"), "")
	u, err := s.Identity.SignIn(r.Context(), s.actor(r), in)
	if status, ok := formError(&f.Form, err); ok {
		if errors.Is(err, identity.ErrThrottled) {
			status = http.StatusTooManyRequests
		}
		return s.render(w, r, status, views.SignIn(s.page(w, r, "Error: Sign in"), f.Form, next))
	}
	if err != nil {
		return err
	}
	sess := stateOf(r).session
	if err := s.Sessions.Rotate(r.Context(), sess); err != nil {
		return err
	}
	identity.SetSessionUser(sess, u.ID)
	if err := sess.Save(r, w); err != nil {
		return err
	}
	if next == "" {
		next = paths.SystemHome()
		if u.PartnershipID != nil {
			p, err := s.Partnership.ByID(r.Context(), *u.PartnershipID)
			if err != nil {
				return err
			}
			next = paths.MemberHome(p.Slug)
		}
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// homeOf returns the home view of the person signed in.
func homeOf(r *http.Request) string { return homePath(subject(r)) }

// homePath is where a person's home view is: their partnership's, or the system administrator's.
func homePath(subj access.Subject) string {
	if subj.PartnershipSlug != "" {
		return paths.MemberHome(subj.PartnershipSlug)
	}
	if subj.Roles.Has(access.SystemAdmin) {
		return paths.SystemHome()
	}
	return paths.PortalHome()
}

// signOut ends the session on the server, so the cookie is worth nothing afterwards.
func (s *Server) signOut(w http.ResponseWriter, r *http.Request) error {
	st := stateOf(r)
	if st.session != nil && !st.session.IsNew {
		if err := s.Identity.SignOut(r.Context(), s.actor(r), st.session.ID); err != nil {
			return err
		}
		st.session.Options.MaxAge = -1
		if err := st.session.Save(r, w); err != nil {
			return err
		}
	}
	http.Redirect(w, r, paths.SignedOut(), http.StatusSeeOther)
	return nil
}

// signedOut confirms that the person has signed out.
func (s *Server) signedOut(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, views.SignedOut(s.page(w, r, "You have signed out")))
}

// message shows a page of paragraphs under a heading, with a link onward when linkText is given.
func (s *Server) message(w http.ResponseWriter, r *http.Request, title, heading, linkText, linkHref string, paragraphs ...string) error {
	return s.render(w, r, http.StatusOK, views.Message(s.page(w, r, title), heading, paragraphs, linkText, linkHref))
}

// forgotPasswordForm asks for the address to send a reset link to.
func (s *Server) forgotPasswordForm(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, views.ForgotPassword(s.page(w, r, "Reset your password"), views.NewForm(nil)))
}

// forgotPassword sends a reset link if the address has an active account, and says the same
// thing either way.
func (s *Server) forgotPassword(w http.ResponseWriter, r *http.Request) error {
	f, err := readForm(r)
	if err != nil {
		return err
	}
	email, err := s.Identity.RequestReset(r.Context(), s.actor(r), f.Text("email"))
	if status, ok := formError(&f.Form, err); ok {
		return s.render(w, r, status, views.ForgotPassword(s.page(w, r, "Error: Reset your password"), f.Form))
	}
	if err != nil {
		return err
	}
	return s.message(w, r, "Check your e-mail", "Check your e-mail", "Back to sign in", paths.SignIn(),
		"If "+email+" has an account, we have sent it a link to choose a new password. The link works for an hour.",
		"If nothing arrives within a few minutes, check your spam folder.")
}

// newPassword reads a password chosen through a one-time link; it is never sent back to the page.
func newPassword(f *formReader) identity.NewPassword {
	in := identity.NewPassword{Password: f.Text("password"), Confirm: f.Text("confirm")}
	f.Values.Del("password")
	f.Values.Del("confirm")
	return in
}

// choosePassword returns what shows a choose-a-password form with a status.
func (s *Server) choosePassword(w http.ResponseWriter, r *http.Request, heading, intro, action, button string) func(int, views.Form) error {
	return func(status int, f views.Form) error {
		return s.render(w, r, status, views.ChoosePassword(s.page(w, r, errorTitle(heading, f)), f, heading, intro, action, button))
	}
}

// resetForm returns what shows the new-password form of reset link token.
func (s *Server) resetForm(w http.ResponseWriter, r *http.Request, token string) func(int, views.Form) error {
	return s.choosePassword(w, r, "Choose a new password", "", paths.ResetPassword(token), "Save new password")
}

// resetPasswordForm shows the new-password form of a live reset link.
func (s *Server) resetPasswordForm(w http.ResponseWriter, r *http.Request) error {
	token := urlParam(r, "token")
	if _, err := s.Identity.TokenUser(r.Context(), token, "reset"); err != nil {
		return s.badLink(w, r, err)
	}
	return s.resetForm(w, r, token)(http.StatusOK, views.NewForm(nil))
}

// resetPassword sets the new password and signs the person out everywhere.
func (s *Server) resetPassword(w http.ResponseWriter, r *http.Request) error {
	f, err := readForm(r)
	if err != nil {
		return err
	}
	token := urlParam(r, "token")
	_, err = s.Identity.ResetPassword(r.Context(), s.actor(r), token, newPassword(f))
	if status, ok := formError(&f.Form, err); ok {
		return s.resetForm(w, r, token)(status, f.Form)
	}
	if err != nil {
		return s.badLink(w, r, err)
	}
	return s.message(w, r, "Password changed", "Your password has been changed", "Sign in", paths.SignIn(),
		"You have been signed out everywhere you were signed in. Sign in with your new password.")
}

// badLink explains a one-time link that has expired or been used; any other error is returned.
func (s *Server) badLink(w http.ResponseWriter, r *http.Request, err error) error {
	if !errors.Is(err, identity.ErrBadToken) {
		return err
	}
	return s.render(w, r, http.StatusNotFound, views.Message(s.page(w, r, "Link not valid"), "This link has expired or has already been used",
		[]string{"Links in our e-mails work once, for a limited time.", "Ask for a new one, or sign in if you have already finished."},
		"Go to sign in", paths.SignIn()))
}

// verifyEmailForm asks the person to confirm, by pressing a button, the address a link was sent to.
func (s *Server) verifyEmailForm(w http.ResponseWriter, r *http.Request) error {
	token := urlParam(r, "token")
	u, err := s.Identity.TokenUser(r.Context(), token, "verify")
	if err != nil {
		return s.badLink(w, r, err)
	}
	return s.render(w, r, http.StatusOK, views.ConfirmAction(s.page(w, r, "Confirm your e-mail address"), "Confirm your e-mail address",
		"Confirm that "+u.Email+" is your e-mail address to finish registering.", paths.VerifyEmail(token), "Confirm"))
}

// verifyEmail confirms the address: the account is active at once for a partner organisation's
// domain, and otherwise waits for the business unit.
func (s *Server) verifyEmail(w http.ResponseWriter, r *http.Request) error {
	u, err := s.Identity.VerifyEmail(r.Context(), s.actor(r), urlParam(r, "token"))
	if err != nil {
		return s.badLink(w, r, err)
	}
	if u.Status == identity.Active {
		return s.message(w, r, "E-mail address confirmed", "Your e-mail address is confirmed", "Sign in", paths.SignIn(),
			"Your account is ready.")
	}
	return s.message(w, r, "E-mail address confirmed", "Your e-mail address is confirmed", "", "",
		"Your e-mail address is not from one of the partnership's organisations, so the partnership's business unit will check your registration.",
		"We will e-mail you when they have approved it.")
}

// showInvitation shows, with a status, the choose-a-password form of live invitation token.
func (s *Server) showInvitation(w http.ResponseWriter, r *http.Request, token string, status int, f views.Form) error {
	u, err := s.Identity.TokenUser(r.Context(), token, "invite")
	if err != nil {
		return s.badLink(w, r, err)
	}
	return s.choosePassword(w, r, "Accept your invitation", "Choose a password for "+u.Email+".",
		paths.AcceptInvitation(token), "Create account")(status, f)
}

// acceptInvitationForm shows the choose-a-password form of a live invitation.
func (s *Server) acceptInvitationForm(w http.ResponseWriter, r *http.Request) error {
	return s.showInvitation(w, r, urlParam(r, "token"), http.StatusOK, views.NewForm(nil))
}

// acceptInvitation sets the password of an invited account and makes it active.
func (s *Server) acceptInvitation(w http.ResponseWriter, r *http.Request) error {
	f, err := readForm(r)
	if err != nil {
		return err
	}
	token := urlParam(r, "token")
	_, err = s.Identity.AcceptInvitation(r.Context(), s.actor(r), token, newPassword(f))
	if status, ok := formError(&f.Form, err); ok {
		return s.showInvitation(w, r, token, status, f.Form)
	}
	if err != nil {
		return s.badLink(w, r, err)
	}
	return s.message(w, r, "Account created", "Your account is ready", "Sign in", paths.SignIn(),
		"Sign in with your e-mail address and the password you chose.")
}
