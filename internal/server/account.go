package server

import (
	"net/http"
	"strconv"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/identity"
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

// account is the person's own account: who they are, and the partnerships they belong to, each
// with the link to leave it (issue #14).
func (s *Server) account(w http.ResponseWriter, r *http.Request) error {
	if err := s.ownAccount(r); err != nil {
		return err
	}
	subj := subject(r)
	list := make([]views.AccountPartnership, 0, len(subj.Partnerships))
	for _, m := range subj.Partnerships {
		row := views.AccountPartnership{Name: m.Name}
		if len(subj.Partnerships) > 1 { // one's only partnership is not left: its business unit closes the account
			row.LeaveHref = link(r, access.EndMembership, access.Object{PartnershipID: m.PartnershipID, OwnerID: subj.UserID},
				paths.EndMembership(m.Slug, subj.UserID))
		}
		list = append(list, row)
	}
	return s.render(w, r, http.StatusOK, views.Account(s.page(w, r, "Your account"), subj.Name, subj.Email, list))
}

// membershipToEnd reads the person of the path whose membership of the page's partnership is to
// end, after asking the policy whether the person acting may end it: their own, or the business
// unit anyone's.
func (s *Server) membershipToEnd(r *http.Request) (identity.Member, error) {
	p, id, err := s.person(r, access.EndMembership)
	if err != nil {
		return identity.Member{}, err
	}
	return s.Identity.Member(r.Context(), p.ID, id)
}

// endMembershipForm asks before a person leaves the partnership, or its business unit ends
// their membership of it (issue #14); when it may not end (their last partnership, the business
// unit's last member), the page says why at once and offers no button.
func (s *Server) endMembershipForm(w http.ResponseWriter, r *http.Request) error {
	m, err := s.membershipToEnd(r)
	if err != nil {
		return err
	}
	p := currentPartnership(r)
	m, err = s.Identity.Ending(r.Context(), s.actor(r), identity.Leaving{PartnershipID: p.ID, PartnershipName: p.Name, UserID: m.ID})
	return s.showEnding(w, r, http.StatusOK, m, err)
}

// showEnding shows the page that asks before m's membership ends, with the refusal in err (a
// Conflict) said on it, as status; any other error is the error page's.
func (s *Server) showEnding(w http.ResponseWriter, r *http.Request, status int, m identity.Member, err error) error {
	if err != nil && app.KindOf(err) != app.Conflict {
		return err
	}
	p := currentPartnership(r)
	c := views.NewEndMembershipConfirm(p.Slug, p.Name, m, m.ID == subject(r).UserID)
	title := c.Heading
	if err != nil {
		c.Refused, title = app.FieldMessage(err, "membership"), "Error: "+c.Heading
	}
	return s.render(w, r, status, views.ConfirmPage(s.page(w, r, title), c))
}

// endMembership ends it, once confirmed; a refusal is shown on the same page, saying why.
func (s *Server) endMembership(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.membershipToEnd(r); err != nil {
		return err
	}
	p := currentPartnership(r)
	id, _ := pathID(r, "id")
	self := id == subject(r).UserID
	m, err := s.Identity.EndMembership(r.Context(), s.actor(r), identity.Leaving{PartnershipID: p.ID, PartnershipName: p.Name, UserID: id})
	if app.KindOf(err) == app.Conflict {
		return s.showEnding(w, r, http.StatusConflict, m, err)
	}
	if err != nil {
		return err
	}
	switch {
	case self:
		return s.redirectWithFlash(w, r, paths.Account(), "You have left "+p.Name)
	case m.Invited:
		return s.redirectWithFlash(w, r, paths.Users(p.Slug), "The invitation to "+m.Name+" has been withdrawn")
	}
	return s.redirectWithFlash(w, r, paths.Users(p.Slug), m.Name+"'s membership of "+p.Name+" has ended")
}
