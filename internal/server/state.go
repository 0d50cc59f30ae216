package server

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gorilla/sessions"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/form"
	"github.com/scp-portal/portal/internal/identity"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/web/views"
)

// state is what the middleware learns about a request: its session, who is asking and, under
// /{slug}/, which partnership the page belongs to.
type state struct {
	session     *sessions.Session
	subject     access.Subject
	partnership *partnership.Partnership
}

type ctxKey int

const stateKey ctxKey = iota

func stateOf(r *http.Request) *state {
	if st, ok := r.Context().Value(stateKey).(*state); ok {
		return st
	}
	return &state{}
}

// subject returns who is asking: the zero Subject for someone not signed in.
func subject(r *http.Request) access.Subject { return stateOf(r).subject }

// may is whether the person may do action in the page's partnership: its pages show the forms and
// links of what they may do. A link to one record is decided by link, with the record's object.
func may(r *http.Request, action access.Action) bool {
	return allowed(r, action, access.Object{PartnershipID: currentPartnership(r).ID})
}

// allowed is whether the person may do action to obj: a page shows the forms and links of what
// they may do.
func allowed(r *http.Request, action access.Action, obj access.Object) bool {
	return access.Decide(subject(r), action, obj).Allowed
}

// link is path when the policy lets the person do action to obj (following the link is doing
// it), and "" otherwise: the one way a page decides whether to link to a record, so that nobody is
// shown a link that answers 403. obj must be the object the linked page's handler asks about;
// views.LinkOr shows the text alone for "".
func link(r *http.Request, action access.Action, obj access.Object, path string) string {
	if path == "" || !allowed(r, action, obj) {
		return ""
	}
	return path
}

// currentPartnership returns the partnership of a /{slug}/ page; the route guarantees there is one.
func currentPartnership(r *http.Request) partnership.Partnership { return *stateOf(r).partnership }

// identify loads the session and, for a signed-in person, who they are and their roles. A session
// whose person has since been disabled is ended.
func (s *Server) identify(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sess, err := s.Sessions.Get(r, s.Sessions.Name)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		st := &state{session: sess}
		if uid := identity.SessionUserID(sess); uid != 0 {
			subj, loaded, err := identity.SessionSubject(sess) // read with the session, in its one query
			if !loaded {
				subj, err = s.Identity.Subject(r.Context(), uid)
			}
			switch {
			case errors.Is(err, access.ErrNoSubject):
				sess.Options.MaxAge = -1
				if err := sess.Save(r, w); err != nil {
					s.fail(w, r, err)
					return
				}
				st.session = s.Sessions.Fresh()
			case err != nil:
				s.fail(w, r, err)
				return
			default:
				st.subject = subj
				// Every page for a signed-in person may hold what only they may see: no browser
				// or proxy keeps a copy.
				w.Header().Set("Cache-Control", "no-store")
			}
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), stateKey, st)))
	})
}

// withPartnership loads the partnership named by the {slug} in the path, or shows the 404 page,
// and makes the person's roles those they have in it.
func (s *Server) withPartnership(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := s.Partnership.BySlug(r.Context(), urlParam(r, "slug"))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		st := stateOf(r)
		st.partnership = &p
		// Someone in several partnerships works in the page's: its roles only (issue #12).
		st.subject = st.subject.In(p.ID)
		next.ServeHTTP(w, r)
	})
}

// actor is who is acting in this request, as the domain services need to know it.
func (s *Server) actor(r *http.Request) app.Actor {
	a := app.Actor{Subject: subject(r), IP: identity.ClientIP(r)}
	if p := stateOf(r).partnership; p != nil {
		a.Partnership = p.ID
	}
	return a
}

// authorize asks the access policy whether the person may do action to obj; objectType and
// objectID name what was asked for in the audit record of a refusal. The error it returns (sign
// in first, or forbidden) is for the handler to return.
func (s *Server) authorize(r *http.Request, action access.Action, obj access.Object, objectType, objectID string) error {
	return s.Guard.Authorize(r.Context(), s.actor(r), action, obj, objectType, objectID, r.Method+" "+loggedPath(r))
}

// flashKey holds the one-off confirmation shown on the next page.
const flashKey = "flash"

// redirectWithFlash saves a confirmation for the next page and redirects there (POST, redirect, GET).
func (s *Server) redirectWithFlash(w http.ResponseWriter, r *http.Request, to, message string) error {
	sess := stateOf(r).session
	if sess != nil && message != "" {
		sess.Values[flashKey] = message
		if err := sess.Save(r, w); err != nil {
			return err
		}
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
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

// record reads the id in the path segment {param} and asks the policy whether the person may do
// action to that record of the partnership (objectType names it in the audit log of a refusal).
func (s *Server) record(r *http.Request, param string, action access.Action, objectType string) (partnership.Partnership, int64, error) {
	p := currentPartnership(r)
	id, err := pathID(r, param)
	if err != nil {
		return p, 0, err
	}
	return p, id, s.authorize(r, action, access.Object{PartnershipID: p.ID}, objectType, strconv.FormatInt(id, 10))
}

// optionalRecord is record on a route that may have no {param}, where the same handler adds a
// record: id 0 then.
func (s *Server) optionalRecord(r *http.Request, param string, action access.Action, objectType string) (partnership.Partnership, int64, error) {
	if urlParam(r, param) == "" {
		p := currentPartnership(r)
		return p, 0, s.authorize(r, action, access.Object{PartnershipID: p.ID}, objectType, "0")
	}
	return s.record(r, param, action, objectType)
}

// recordForm is record with the posted form.
func (s *Server) recordForm(r *http.Request, param string, action access.Action, objectType string) (partnership.Partnership, int64, *form.Reader, error) {
	p, id, err := s.record(r, param, action, objectType)
	if err != nil {
		return p, id, nil, err
	}
	f, err := form.Read(r)
	return p, id, f, err
}

// recordPost is the skeleton of a form posted on a record's page: it asks the policy whether the
// person may do action to the record {id} of the path (record), then reads the form and makes the
// change with it, the partnership and the id, and settles it (postFromPage): on to the page the
// change names with its confirmation, or the page again (again) with the form's problems.
func (s *Server) recordPost(w http.ResponseWriter, r *http.Request, action access.Action, objectType string, again formPage,
	change func(f *form.Reader, p partnership.Partnership, id int64) (to, done string, err error)) error {
	p, id, err := s.record(r, "id", action, objectType)
	if err != nil {
		return err
	}
	return s.postFromPage(w, r, again, func(f *form.Reader) (string, string, error) { return change(f, p, id) })
}

// partnershipPost is recordPost for a form posted on a page of the partnership's own, not of one
// record (adding a record, or a setting): the policy is asked about action in the partnership,
// objectType naming what in the audit record of a refusal.
func (s *Server) partnershipPost(w http.ResponseWriter, r *http.Request, action access.Action, objectType string, again formPage,
	change func(f *form.Reader, p partnership.Partnership) (to, done string, err error)) error {
	p := currentPartnership(r)
	if err := s.authorize(r, action, access.Object{PartnershipID: p.ID}, objectType, ""); err != nil {
		return err
	}
	return s.postFromPage(w, r, again, func(f *form.Reader) (string, string, error) { return change(f, p) })
}

// loadAsked loads the record {id} of the path (load) and asks the policy about action on it, as
// object makes it of the record: the shape of every record whose policy depends on what it holds
// (its participants, its lead, whether it is a draft). A record that does not exist is not found
// to those the policy lets do readers in the partnership, and refused, the refusal audited, to
// anyone else, so that a guessed id teaches nothing. objectType names it in the audit record.
func loadAsked[T any](s *Server, r *http.Request, readers, action access.Action, objectType string,
	load func(ctx context.Context, pid, id int64) (T, error), object func(partnership.Partnership, T) access.Object) (T, error) {
	p := currentPartnership(r)
	id, err := pathID(r, "id")
	if err != nil {
		var none T
		return none, err
	}
	idText := strconv.FormatInt(id, 10)
	rec, err := load(r.Context(), p.ID, id)
	if err != nil {
		if aerr := s.authorize(r, readers, access.Object{PartnershipID: p.ID}, objectType, idText); aerr != nil {
			return rec, aerr
		}
		return rec, err
	}
	return rec, s.authorize(r, action, object(p, rec), objectType, idText)
}

// recordPage is the skeleton of a record's page: the policy is asked about action on the record
// {id} of the path (record), then show shows it with its forms empty.
func (s *Server) recordPage(w http.ResponseWriter, r *http.Request, action access.Action, objectType string, show formPage) error {
	if _, _, err := s.record(r, "id", action, objectType); err != nil {
		return err
	}
	return show(w, r, http.StatusOK, views.NewForm(nil))
}

// partnershipPage is the skeleton of a page of the partnership's own that shows a form (a list
// with its filter, a form to add a record): it asks the policy about action in the partnership,
// objectType naming what in the audit record of a refusal, then shows the page with its form
// empty.
func (s *Server) partnershipPage(w http.ResponseWriter, r *http.Request, action access.Action, objectType string, show formPage) error {
	p := currentPartnership(r)
	if err := s.authorize(r, action, access.Object{PartnershipID: p.ID}, objectType, ""); err != nil {
		return err
	}
	return show(w, r, http.StatusOK, views.NewForm(nil))
}
