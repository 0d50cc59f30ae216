package server

import (
	"net/http"
	"net/url"

	"github.com/scp-portal/portal/internal/form"
	"github.com/scp-portal/portal/internal/intake"
	"github.com/scp-portal/portal/internal/notices"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/web/paths"
	"github.com/scp-portal/portal/web/views"
)

// noticePreferences shows the person's choices of how they hear of each kind of notice.
func (s *Server) noticePreferences(w http.ResponseWriter, r *http.Request) error {
	if err := s.ownAccount(r); err != nil {
		return err
	}
	prefs, err := s.Notices.Preferences(r.Context(), s.actor(r))
	if err != nil {
		return err
	}
	values := url.Values{}
	for _, p := range prefs {
		values.Set(notices.Field(p.Kind), string(p.Delivery))
	}
	return s.renderNoticePreferences(w, r, http.StatusOK, views.NewForm(values))
}

func (s *Server) renderNoticePreferences(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	pg := s.page(w, r, errorTitle("How you hear from the portal", f))
	return s.render(w, r, status, views.NoticePreferences(pg, f, paths.NoticePreferences(), views.NewNoticeKinds()))
}

// saveNoticePreferences saves the person's choices, one per kind.
func (s *Server) saveNoticePreferences(w http.ResponseWriter, r *http.Request) error {
	if err := s.ownAccount(r); err != nil {
		return err
	}
	return s.postFromPage(w, r, s.renderNoticePreferences, func(f *form.Reader) (string, string, error) {
		prefs := make([]notices.Preference, 0, len(notices.Kinds))
		for _, k := range notices.Kinds {
			prefs = append(prefs, notices.Preference{Kind: k, Delivery: notices.Delivery(f.Text(notices.Field(k)))})
		}
		return paths.NoticePreferences(), "Your choices have been saved", s.Notices.SavePreferences(r.Context(), s.actor(r), prefs)
	})
}

// deleteDraft deletes the person's own draft request; a request already sent goes to its
// confirmation instead.
func (s *Server) deleteDraft(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	kind, err := s.Intake.DeleteDraft(r.Context(), s.actor(r), id, pathKind(r))
	if err != nil {
		return s.draftMoved(w, r, err, kind, id)
	}
	return s.redirectWithFlash(w, r, paths.MySubmissions(currentPartnership(r).Slug), "Your draft has been deleted")
}

// confirmDeleteDraft asks the person to confirm deleting their own draft; a request already sent
// goes to its confirmation instead.
func (s *Server) confirmDeleteDraft(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	req, err := s.Intake.Sent(r.Context(), s.actor(r), id, pathKind(r))
	if err == nil && req.Status != intake.Draft {
		err = intake.ErrNotDraft
	}
	if err != nil {
		return s.draftMoved(w, r, err, req.Kind, id)
	}
	slug := currentPartnership(r).Slug
	return s.render(w, r, http.StatusOK, views.ConfirmPage(s.requestPage(w, r, "Delete your draft", req.Kind),
		views.NewDeleteDraft(req.Kind.Label(), views.DraftName(req.Title), paths.DeleteDraft(slug, string(req.Kind), id), paths.EditRequest(slug, string(req.Kind), id))))
}

// urgentAdvice is where the writer of an urgent request goes while children may be at risk now,
// for its confirmation page; empty for any other request.
func urgentAdvice(p partnership.Partnership, req intake.Request) string {
	if !req.Urgent() {
		return ""
	}
	return intake.UrgentAdvice(p.FrontDoor)
}
