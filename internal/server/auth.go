package server

import (
	"errors"
	"net/http"
	"strings"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/identity"
	"github.com/scp-portal/portal/web/views"
)

// signInForm shows the sign-in page; someone already signed in goes to their home view.
func (s *Server) signInForm(w http.ResponseWriter, r *http.Request) {
	if subj := subject(r); subj.SignedIn() {
		http.Redirect(w, r, homeOf(r), http.StatusSeeOther)
		return
	}
	next := localPath(r.URL.Query().Get("next"), "")
	s.render(w, r, http.StatusOK, views.SignIn(s.page(w, r, "Sign in"), views.NewForm(nil), next))
}

// signIn checks the e-mail address and password. Wrong ones get one message whichever was wrong;
// on success the session gets a new id and the person goes where they were heading.
func (s *Server) signIn(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	f := views.NewForm(r.PostForm)
	f.Values.Del("password") // never sent back to the page
	email, password := strings.TrimSpace(r.PostForm.Get("email")), r.PostForm.Get("password")
	next := localPath(r.PostForm.Get("next"), "")
	if email == "" {
		f.AddError("email", "Enter your e-mail address")
	}
	if password == "" {
		f.AddError("password", "Enter your password")
	}
	if f.Invalid() {
		s.render(w, r, http.StatusUnprocessableEntity, views.SignIn(s.page(w, r, "Error: Sign in"), f, next))
		return
	}
	u, err := s.Identity.SignIn(r.Context(), email, password, identity.ClientIP(r))
	status := http.StatusUnprocessableEntity
	switch {
	case err == nil:
	case errors.Is(err, identity.ErrThrottled):
		status = http.StatusTooManyRequests
		f.AddError("email", "There have been too many attempts to sign in. Wait 5 minutes, then try again")
	case errors.Is(err, identity.ErrBadCredentials):
		f.AddError("email", "Enter a correct e-mail address and password")
	case errors.Is(err, identity.ErrUnverified):
		f.AddError("email", "Confirm your e-mail address first: open the link in the e-mail we sent when you registered")
	case errors.Is(err, identity.ErrPending):
		f.AddError("email", "Your account is waiting for your partnership's business unit to approve it")
	case errors.Is(err, identity.ErrDisabled):
		f.AddError("email", "Your account has been disabled: contact your partnership's business unit")
	default:
		s.serverError(w, r, err)
		return
	}
	if f.Invalid() {
		s.render(w, r, status, views.SignIn(s.page(w, r, "Error: Sign in"), f, next))
		return
	}

	sess := stateOf(r).session
	if err := s.Sessions.Rotate(r.Context(), sess); err != nil {
		s.serverError(w, r, err)
		return
	}
	identity.SetSessionUser(sess, u.ID)
	if err := sess.Save(r, w); err != nil {
		s.serverError(w, r, err)
		return
	}
	if next == "" {
		next = "/admin/partnerships" // the system administrator's home
		if u.PartnershipID != nil {
			next = "/" + s.partnershipSlug(r, *u.PartnershipID) + "/home"
		}
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// partnershipSlug returns the slug of a partnership by id, or "" when it cannot be read.
func (s *Server) partnershipSlug(r *http.Request, id int64) string {
	var slug string
	if err := s.DB.QueryRow(r.Context(), `SELECT slug FROM partnership WHERE id = $1`, id).Scan(&slug); err != nil {
		s.Log.ErrorContext(r.Context(), "partnership slug", "err", err, "request_id", requestID(r.Context()))
	}
	return slug
}

// homeOf returns the home view of the person signed in.
func homeOf(r *http.Request) string { return homePath(subject(r)) }

// homePath is where a person's home view is: their partnership's, or the system administrator's.
func homePath(subj access.Subject) string {
	if subj.PartnershipSlug != "" {
		return "/" + subj.PartnershipSlug + "/home"
	}
	if subj.Roles.Has(access.SystemAdmin) {
		return "/admin/partnerships"
	}
	return "/"
}

// signOut ends the session on the server, so the cookie is worth nothing afterwards.
func (s *Server) signOut(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	if st.subject.SignedIn() {
		e := s.auditEntry(r, "sign-out", "user", st.subject.UserID, "")
		if st.subject.PartnershipID != 0 {
			e.PartnershipID = &st.subject.PartnershipID
		}
		if err := audit.Record(r.Context(), s.DB, e); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	if st.session != nil && !st.session.IsNew {
		st.session.Options.MaxAge = -1
		if err := st.session.Save(r, w); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	http.Redirect(w, r, "/signed-out", http.StatusSeeOther)
}

func (s *Server) signedOut(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, views.SignedOut(s.page(w, r, "You have signed out")))
}

// forgotPasswordForm asks for the address to send a reset link to.
func (s *Server) forgotPasswordForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, views.ForgotPassword(s.page(w, r, "Reset your password"), views.NewForm(nil)))
}

// forgotPassword sends a reset link if the address has an active account, and says the same
// thing either way.
func (s *Server) forgotPassword(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	f := views.NewForm(r.PostForm)
	email := identity.NormaliseEmail(r.PostForm.Get("email"))
	if email == "" {
		f.AddError("email", "Enter an e-mail address in the correct format, like name@example.org")
		s.render(w, r, http.StatusUnprocessableEntity, views.ForgotPassword(s.page(w, r, "Error: Reset your password"), f))
		return
	}
	if err := s.Identity.RequestReset(r.Context(), email, identity.ClientIP(r)); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, views.Message(s.page(w, r, "Check your e-mail"), "Check your e-mail",
		[]string{"If " + email + " has an account, we have sent it a link to choose a new password. The link works for an hour.",
			"If nothing arrives within a few minutes, check your spam folder."}, "Back to sign in", "/sign-in"))
}

// checkNewPassword adds the problems with a new password and its confirmation to f.
func checkNewPassword(f *views.Form, password, confirm, email string) {
	if msg := identity.CheckPassword(password, email); msg != "" {
		f.AddError("password", msg)
	} else if confirm != password {
		f.AddError("confirm", "The passwords do not match")
	}
}

// resetPasswordForm shows the new-password form of a live reset link.
func (s *Server) resetPasswordForm(w http.ResponseWriter, r *http.Request) {
	token := urlParam(r, "token")
	if _, err := s.Identity.TokenUser(r.Context(), token, "reset"); err != nil {
		s.badLink(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, views.ChoosePassword(s.page(w, r, "Choose a new password"), views.NewForm(nil),
		"Choose a new password", "", "/reset-password/"+token, "Save new password"))
}

// resetPassword sets the new password and signs the person out everywhere.
func (s *Server) resetPassword(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	token := urlParam(r, "token")
	u, err := s.Identity.TokenUser(r.Context(), token, "reset")
	if err != nil {
		s.badLink(w, r, err)
		return
	}
	f := views.NewForm(nil)
	checkNewPassword(&f, r.PostForm.Get("password"), r.PostForm.Get("confirm"), u.Email)
	if f.Invalid() {
		s.render(w, r, http.StatusUnprocessableEntity, views.ChoosePassword(s.page(w, r, "Error: Choose a new password"), f,
			"Choose a new password", "", "/reset-password/"+token, "Save new password"))
		return
	}
	if _, err := s.Identity.ResetPassword(r.Context(), token, r.PostForm.Get("password"), identity.ClientIP(r)); err != nil {
		s.badLink(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, views.Message(s.page(w, r, "Password changed"), "Your password has been changed",
		[]string{"You have been signed out everywhere you were signed in. Sign in with your new password."}, "Sign in", "/sign-in"))
}

// badLink explains a one-time link that has expired or been used.
func (s *Server) badLink(w http.ResponseWriter, r *http.Request, err error) {
	if !errors.Is(err, identity.ErrBadToken) {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusNotFound, views.Message(s.page(w, r, "Link not valid"), "This link has expired or has already been used",
		[]string{"Links in our e-mails work once, for a limited time.", "Ask for a new one, or sign in if you have already finished."},
		"Go to sign in", "/sign-in"))
}

// verifyEmailForm asks the person to confirm, by pressing a button, the address a link was sent to.
func (s *Server) verifyEmailForm(w http.ResponseWriter, r *http.Request) {
	token := urlParam(r, "token")
	u, err := s.Identity.TokenUser(r.Context(), token, "verify")
	if err != nil {
		s.badLink(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, views.ConfirmAction(s.page(w, r, "Confirm your e-mail address"), "Confirm your e-mail address",
		"Confirm that "+u.Email+" is your e-mail address to finish registering.", "/verify-email/"+token, "Confirm"))
}

// verifyEmail confirms the address: the account is active at once for a partner organisation's
// domain, and otherwise waits for the business unit.
func (s *Server) verifyEmail(w http.ResponseWriter, r *http.Request) {
	u, err := s.Identity.VerifyEmail(r.Context(), urlParam(r, "token"), identity.ClientIP(r))
	if err != nil {
		s.badLink(w, r, err)
		return
	}
	if u.Status == identity.Active {
		s.render(w, r, http.StatusOK, views.Message(s.page(w, r, "E-mail address confirmed"), "Your e-mail address is confirmed",
			[]string{"Your account is ready."}, "Sign in", "/sign-in"))
		return
	}
	s.render(w, r, http.StatusOK, views.Message(s.page(w, r, "E-mail address confirmed"), "Your e-mail address is confirmed",
		[]string{"Your e-mail address is not from one of the partnership's organisations, so the partnership's business unit will check your registration.",
			"We will e-mail you when they have approved it."}, "", ""))
}

// acceptInvitationForm shows the choose-a-password form of a live invitation.
func (s *Server) acceptInvitationForm(w http.ResponseWriter, r *http.Request) {
	token := urlParam(r, "token")
	u, err := s.Identity.TokenUser(r.Context(), token, "invite")
	if err != nil {
		s.badLink(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, views.ChoosePassword(s.page(w, r, "Accept your invitation"), views.NewForm(nil),
		"Accept your invitation", "Choose a password for "+u.Email+".", "/accept-invitation/"+token, "Create account"))
}

// acceptInvitation sets the password of an invited account and makes it active.
func (s *Server) acceptInvitation(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	token := urlParam(r, "token")
	u, err := s.Identity.TokenUser(r.Context(), token, "invite")
	if err != nil {
		s.badLink(w, r, err)
		return
	}
	f := views.NewForm(nil)
	checkNewPassword(&f, r.PostForm.Get("password"), r.PostForm.Get("confirm"), u.Email)
	if f.Invalid() {
		s.render(w, r, http.StatusUnprocessableEntity, views.ChoosePassword(s.page(w, r, "Error: Accept your invitation"), f,
			"Accept your invitation", "Choose a password for "+u.Email+".", "/accept-invitation/"+token, "Create account"))
		return
	}
	if _, err := s.Identity.AcceptInvitation(r.Context(), token, r.PostForm.Get("password"), identity.ClientIP(r)); err != nil {
		s.badLink(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, views.Message(s.page(w, r, "Account created"), "Your account is ready",
		[]string{"Sign in with your e-mail address and the password you chose."}, "Sign in", "/sign-in"))
}
