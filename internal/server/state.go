package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/gorilla/sessions"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/identity"
	"github.com/scp-portal/portal/internal/partnership"
)

// state is what the middleware learns about a request: its session, who is asking and, under
// /{slug}/, which partnership the page belongs to.
type state struct {
	session     *sessions.Session
	subject     access.Subject
	partnership *partnership.Partnership
}

const stateKey ctxKey = iota + 100

func stateOf(r *http.Request) *state {
	if st, ok := r.Context().Value(stateKey).(*state); ok {
		return st
	}
	return &state{}
}

// subject returns who is asking: the zero Subject for someone not signed in.
func subject(r *http.Request) access.Subject { return stateOf(r).subject }

// currentPartnership returns the partnership of a /{slug}/ page; the route guarantees there is one.
func currentPartnership(r *http.Request) partnership.Partnership { return *stateOf(r).partnership }

// identify loads the session and, for a signed-in person, who they are and their roles. A session
// whose person has since been disabled is ended.
func (s *Server) identify(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sess, err := s.Sessions.Get(r, s.Sessions.Name)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		st := &state{session: sess}
		if uid := identity.SessionUserID(sess); uid != 0 {
			subj, err := access.LoadSubject(r.Context(), s.DB, uid, partnership.Today(s.Now()))
			switch {
			case errors.Is(err, access.ErrNoSubject):
				sess.Options.MaxAge = -1
				if err := sess.Save(r, w); err != nil {
					s.serverError(w, r, err)
					return
				}
				st.session = s.Sessions.Fresh()
			case err != nil:
				s.serverError(w, r, err)
				return
			default:
				st.subject = subj
			}
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), stateKey, st)))
	})
}

// withPartnership loads the partnership named by the {slug} in the path, or shows the 404 page.
func (s *Server) withPartnership(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := partnership.BySlug(r.Context(), s.DB, urlParam(r, "slug"))
		if s.lookupFailed(w, r, err) {
			return
		}
		stateOf(r).partnership = &p
		next.ServeHTTP(w, r)
	})
}

// allowed asks the access policy whether the person may do action to obj. When they may not, it
// answers for the handler: someone not signed in is sent to sign in; anyone else gets the 403 page,
// and the refusal goes into the audit log.
func (s *Server) allowed(w http.ResponseWriter, r *http.Request, action access.Action, obj access.Object, objectType, objectID string) bool {
	subj := subject(r)
	d := access.Decide(subj, action, obj)
	if d.Allowed {
		return true
	}
	if !subj.SignedIn() {
		http.Redirect(w, r, "/sign-in?next="+url.QueryEscape(r.URL.Path), http.StatusSeeOther)
		return false
	}
	err := audit.Record(r.Context(), s.DB, audit.Entry{ActorID: &subj.UserID, ActorEmail: subj.Email,
		PartnershipID: partnershipIDOf(obj), Action: string(action), Outcome: audit.Refused,
		ObjectType: objectType, ObjectID: objectID, IP: identity.ClientIP(r), Detail: d.Reason + " (" + r.Method + " " + loggedPath(r) + ")"})
	if err != nil {
		s.serverError(w, r, err)
		return false
	}
	s.errorPage(w, r, http.StatusForbidden)
	return false
}

func partnershipIDOf(o access.Object) *int64 {
	if o.PartnershipID == 0 {
		return nil
	}
	return &o.PartnershipID
}

// record writes an audit entry for a change the signed-in person made, through q (normally the
// transaction that made it).
func (s *Server) auditEntry(r *http.Request, action, objectType string, objectID any, detail string) audit.Entry {
	subj := subject(r)
	e := audit.Entry{ActorEmail: subj.Email, Action: action, Outcome: audit.OK, ObjectType: objectType,
		ObjectID: fmt.Sprint(objectID), IP: identity.ClientIP(r), Detail: detail}
	if subj.SignedIn() {
		e.ActorID = &subj.UserID
	}
	if p := stateOf(r).partnership; p != nil {
		e.PartnershipID = &p.ID
	}
	return e
}

// flashKey holds the one-off confirmation shown on the next page.
const flashKey = "flash"

// redirectWithFlash saves a confirmation for the next page and redirects there (POST, redirect, GET).
func (s *Server) redirectWithFlash(w http.ResponseWriter, r *http.Request, to, message string) {
	sess := stateOf(r).session
	if sess != nil && message != "" {
		sess.Values[flashKey] = message
		if err := sess.Save(r, w); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// takeFlash returns and forgets the confirmation waiting for this page.
func (s *Server) takeFlash(w http.ResponseWriter, r *http.Request) string {
	sess := stateOf(r).session
	if sess == nil {
		return ""
	}
	msg, _ := sess.Values[flashKey].(string)
	if msg == "" {
		return ""
	}
	delete(sess.Values, flashKey)
	if err := sess.Save(r, w); err != nil {
		s.Log.ErrorContext(r.Context(), "save session", "err", err, "request_id", requestID(r.Context()))
	}
	return msg
}

// localPath returns next if it is a path on this site, and fallback otherwise: after sign-in the
// portal only ever returns to its own pages.
func localPath(next, fallback string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") ||
		strings.ContainsAny(next, "\r\n\t\\") {
		return fallback
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" {
		return fallback
	}
	return next
}
