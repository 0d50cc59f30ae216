package server

import (
	"net/http"
	"strconv"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/web/paths"
	"github.com/scp-portal/portal/web/views"
)

// ownAccount asks whether the person may manage their own account: only a signed-in person has one.
func (s *Server) ownAccount(r *http.Request) error {
	subj := subject(r)
	return s.authorize(r, access.ManageOwnAccount, access.Object{OwnerID: subj.UserID}, "user", strconv.FormatInt(subj.UserID, 10))
}

// accountSessions lists where the person is signed in.
func (s *Server) accountSessions(w http.ResponseWriter, r *http.Request) error {
	if err := s.ownAccount(r); err != nil {
		return err
	}
	list, err := s.Sessions.ListSessions(r.Context(), subject(r).UserID, stateOf(r).session.ID)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, views.Sessions(s.page(w, r, "Your sessions"), views.NewSessionRows(list)))
}

// endSession ends one of the person's own sessions; ending the current one signs them out.
func (s *Server) endSession(w http.ResponseWriter, r *http.Request) error {
	if err := s.ownAccount(r); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	sess := stateOf(r).session
	current, err := s.Identity.EndSession(r.Context(), s.actor(r), id, sess.ID)
	if err != nil {
		return err
	}
	if !current {
		return s.redirectWithFlash(w, r, paths.Sessions(), "The session has ended")
	}
	return signedOutHere(w, r, sess)
}
