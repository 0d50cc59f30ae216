package server

import (
	"errors"
	"net/http"

	"github.com/gorilla/sessions"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/form"
	"github.com/scp-portal/portal/internal/identity"
	"github.com/scp-portal/portal/web/paths"
	"github.com/scp-portal/portal/web/views"
)

// signInForm shows the sign-in page; someone already signed in goes to their home view.
func (s *Server) signInForm(w http.ResponseWriter, r *http.Request) error {
	if subj := subject(r); subj.SignedIn() {
		http.Redirect(w, r, views.HomePath(subj.PartnershipSlug, subj.Roles.Has(access.SystemAdmin)), http.StatusSeeOther)
		return nil
	}
	return s.render(w, r, http.StatusOK, views.SignIn(s.page(w, r, "Sign in"), views.NewForm(nil), localPath(r.URL.Query().Get("next"), "")))
}

// signIn signs the person in with a new session id and sends them where they were heading.
func (s *Server) signIn(w http.ResponseWriter, r *http.Request) error {
	f, err := form.Read(r)
	if err != nil {
		return err
	}
	in := identity.SignInInput{Email: f.Text("email"), Password: f.Text("password")}
	f.Values.Del("password") // never sent back to the page
	next := localPath(f.Text("next"), "")
	u, err := s.Identity.SignIn(r.Context(), s.actor(r), in)
	if status, ok := form.ShowErrors(&f.Form, err); ok {
		if errors.Is(err, identity.ErrThrottled) {
			status = http.StatusTooManyRequests
		}
		return s.render(w, r, status, views.SignIn(s.page(w, r, "Error: Sign in"), f.Form, next))
	} else if err != nil {
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

// signOut ends the session on the server, so the cookie is worth nothing afterwards.
func (s *Server) signOut(w http.ResponseWriter, r *http.Request) error {
	if sess := stateOf(r).session; sess != nil && !sess.IsNew {
		if err := s.Identity.SignOut(r.Context(), s.actor(r), sess.ID); err != nil {
			return err
		}
		return signedOutHere(w, r, sess)
	}
	http.Redirect(w, r, paths.SignedOut(), http.StatusSeeOther)
	return nil
}

// signedOutHere clears the cookie of sess, a session ended, and says the person has signed out.
func signedOutHere(w http.ResponseWriter, r *http.Request, sess *sessions.Session) error {
	sess.Options.MaxAge = -1
	if err := sess.Save(r, w); err != nil {
		return err
	}
	http.Redirect(w, r, paths.SignedOut(), http.StatusSeeOther)
	return nil
}

// signedOut confirms that the person has signed out.
func (s *Server) signedOut(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, views.SignedOut(s.page(w, r, "You have signed out")))
}

// notice shows a page telling the person what happened, with a status.
func (s *Server) notice(w http.ResponseWriter, r *http.Request, status int, n views.Notice) error {
	return s.render(w, r, status, views.Message(s.page(w, r, n.Title), n.Heading, n.Paragraphs, n.LinkText, n.LinkHref))
}

// badLink explains a one-time link that has expired or been used; any other error is returned.
func (s *Server) badLink(w http.ResponseWriter, r *http.Request, err error) error {
	return s.linkGone(w, r, err, views.LinkNotValid())
}

// linkGone shows n, the page of a one-time link that has expired or been used, when err says so
// (app.ErrBadLink); any other error is returned.
func (s *Server) linkGone(w http.ResponseWriter, r *http.Request, err error, n views.Notice) error {
	if !errors.Is(err, app.ErrBadLink) {
		return err
	}
	return s.notice(w, r, http.StatusNotFound, n)
}

// forgotPasswordForm asks for the address to send a reset link to.
func (s *Server) forgotPasswordForm(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, views.ForgotPassword(s.page(w, r, "Reset your password"), views.NewForm(nil)))
}

// forgotPassword sends a reset link if the address has an active account, saying the same either way.
func (s *Server) forgotPassword(w http.ResponseWriter, r *http.Request) error {
	f, err := form.Read(r)
	if err != nil {
		return err
	}
	email, err := s.Identity.RequestReset(r.Context(), s.actor(r), f.Text("email"))
	if status, ok := form.ShowErrors(&f.Form, err); ok {
		return s.render(w, r, status, views.ForgotPassword(s.page(w, r, "Error: Reset your password"), f.Form))
	} else if err != nil {
		return err
	}
	return s.notice(w, r, http.StatusOK, views.ResetLinkSent(email))
}

// newPassword reads a password chosen through a one-time link; it is never sent back to the page.
func newPassword(f *form.Reader) identity.NewPassword {
	in := identity.NewPassword{Password: f.Text("password"), Confirm: f.Text("confirm")}
	f.Values.Del("password")
	f.Values.Del("confirm")
	return in
}

// choosePassword shows the choose-a-password form of a one-time link, with a status.
func (s *Server) choosePassword(w http.ResponseWriter, r *http.Request, status int, f views.Form, v views.LinkPage) error {
	return s.render(w, r, status, views.ChoosePassword(s.page(w, r, errorTitle(v.Heading, f)), f, v.Heading, v.Intro, v.Action, v.Button))
}

// resetPasswordForm shows the new-password form of a live reset link.
func (s *Server) resetPasswordForm(w http.ResponseWriter, r *http.Request) error {
	token := urlParam(r, "token")
	if _, err := s.Identity.TokenUser(r.Context(), token, "reset"); err != nil {
		return s.badLink(w, r, err)
	}
	return s.choosePassword(w, r, http.StatusOK, views.NewForm(nil), views.NewResetPassword(token))
}

// resetPassword sets the new password and signs the person out everywhere.
func (s *Server) resetPassword(w http.ResponseWriter, r *http.Request) error {
	f, err := form.Read(r)
	if err != nil {
		return err
	}
	token := urlParam(r, "token")
	_, err = s.Identity.ResetPassword(r.Context(), s.actor(r), token, newPassword(f))
	if status, ok := form.ShowErrors(&f.Form, err); ok {
		return s.choosePassword(w, r, status, f.Form, views.NewResetPassword(token))
	} else if err != nil {
		return s.badLink(w, r, err)
	}
	return s.notice(w, r, http.StatusOK, views.PasswordChanged())
}

// verifyEmailForm asks the person to confirm, by pressing a button, the address a link was sent to.
func (s *Server) verifyEmailForm(w http.ResponseWriter, r *http.Request) error {
	token := urlParam(r, "token")
	u, err := s.Identity.TokenUser(r.Context(), token, "verify")
	if err != nil {
		return s.badLink(w, r, err)
	}
	v := views.NewVerifyEmail(token, u.Email)
	return s.render(w, r, http.StatusOK, views.ConfirmPage(s.page(w, r, v.Heading), v))
}

// verifyEmail confirms the address; the account waits for approval unless its domain is a partner's.
func (s *Server) verifyEmail(w http.ResponseWriter, r *http.Request) error {
	u, err := s.Identity.VerifyEmail(r.Context(), s.actor(r), urlParam(r, "token"))
	if err != nil {
		return s.badLink(w, r, err)
	}
	return s.notice(w, r, http.StatusOK, views.EmailConfirmed(u.Status == identity.Active))
}

// showInvitation shows, with a status, the choose-a-password form of live invitation token.
func (s *Server) showInvitation(w http.ResponseWriter, r *http.Request, token string, status int, f views.Form) error {
	u, err := s.Identity.TokenUser(r.Context(), token, "invite")
	if err != nil {
		return s.badLink(w, r, err)
	}
	return s.choosePassword(w, r, status, f, views.NewAcceptInvitation(token, u.Email))
}

// acceptInvitationForm shows the choose-a-password form of a live invitation.
func (s *Server) acceptInvitationForm(w http.ResponseWriter, r *http.Request) error {
	return s.showInvitation(w, r, urlParam(r, "token"), http.StatusOK, views.NewForm(nil))
}

// acceptInvitation sets the password of an invited account and makes it active.
func (s *Server) acceptInvitation(w http.ResponseWriter, r *http.Request) error {
	f, err := form.Read(r)
	if err != nil {
		return err
	}
	token := urlParam(r, "token")
	_, err = s.Identity.AcceptInvitation(r.Context(), s.actor(r), token, newPassword(f))
	if status, ok := form.ShowErrors(&f.Form, err); ok {
		return s.showInvitation(w, r, token, status, f.Form)
	} else if err != nil {
		return s.badLink(w, r, err)
	}
	return s.notice(w, r, http.StatusOK, views.InvitationAccepted())
}
