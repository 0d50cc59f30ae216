package server

import (
	"net/http"
	"strconv"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/identity"
	"github.com/scp-portal/portal/web/views"
)

// accountSessions lists where the person is signed in.
func (s *Server) accountSessions(w http.ResponseWriter, r *http.Request) {
	subj := subject(r)
	if !s.allowed(w, r, access.ManageOwnAccount, access.Object{OwnerID: subj.UserID}, "user", strconv.FormatInt(subj.UserID, 10)) {
		return
	}
	list, err := s.Sessions.ListSessions(r.Context(), subj.UserID, stateOf(r).session.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	rows := make([]views.SessionRow, 0, len(list))
	for _, si := range list {
		rows = append(rows, views.SessionRow{ID: si.PublicID, Started: si.CreatedAt, LastSeen: si.LastSeen, IP: si.IP,
			Browser: browserName(si.UserAgent), Current: si.Current})
	}
	s.render(w, r, http.StatusOK, views.Sessions(s.page(w, r, "Your sessions"), rows))
}

// endSession ends one of the person's own sessions; ending the current one signs them out.
func (s *Server) endSession(w http.ResponseWriter, r *http.Request) {
	subj := subject(r)
	if !s.allowed(w, r, access.ManageOwnAccount, access.Object{OwnerID: subj.UserID}, "user", strconv.FormatInt(subj.UserID, 10)) {
		return
	}
	id, err := strconv.ParseInt(urlParam(r, "id"), 10, 64)
	if err != nil {
		s.notFound(w, r)
		return
	}
	sess := stateOf(r).session
	list, err := s.Sessions.ListSessions(r.Context(), subj.UserID, sess.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	ending := false
	for _, si := range list {
		ending = ending || (si.Current && si.PublicID == id)
	}
	if err := identity.EndSession(r.Context(), s.DB, subj.UserID, id); err != nil {
		s.serverError(w, r, err)
		return
	}
	e := s.auditEntry(r, "session.end", "session", id, "")
	if subj.PartnershipID != 0 {
		e.PartnershipID = &subj.PartnershipID
	}
	if err := audit.Record(r.Context(), s.DB, e); err != nil {
		s.serverError(w, r, err)
		return
	}
	if ending { // this browser's own session: clear its cookie too
		sess.Options.MaxAge = -1
		if err := sess.Save(r, w); err != nil {
			s.serverError(w, r, err)
			return
		}
		http.Redirect(w, r, "/signed-out", http.StatusSeeOther)
		return
	}
	s.redirectWithFlash(w, r, "/account/sessions", "The session has ended")
}
