package server

// The request detail page (intake area) shows the forms of two neighbouring areas: the Engine
// Room's triage of a KLOE request (learning area) and the start of a rapid review from a CSPR
// consideration request (reviews area). What those forms need is read here until those areas'
// services offer it; then these move into them and this file goes.

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/scp-portal/portal/internal/learning"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/internal/reviews"
	"github.com/scp-portal/portal/web/views"
)

// triageForm is the triage form of a KLOE request at version: the themes still open, and the
// recent meetings it may have been decided at.
func (s *Server) triageForm(r *http.Request, p partnership.Partnership, requestID int64, version int) (views.TriageView, error) {
	themes, err := learning.Themes(r.Context(), s.DB, learning.ThemeFilter{PartnershipID: p.ID})
	if err != nil {
		return views.TriageView{}, err
	}
	meetings, err := s.recentMeetings(r, p)
	if err != nil {
		return views.TriageView{}, err
	}
	tv := views.TriageView{Action: fmt.Sprintf("/%s/inbox/%d/triage", p.Slug, requestID), Version: version,
		Themes: []views.Option{{Value: "", Label: "Choose a theme"}}, Meetings: meetings}
	for _, t := range themes {
		if t.Status != "closed" {
			tv.Themes = append(tv.Themes, views.Option{Value: strconv.FormatInt(t.ID, 10), Label: t.Title})
		}
	}
	return tv, nil
}

// reviewOfRequest is the rapid review started from a CSPR consideration request, 0 for none.
func (s *Server) reviewOfRequest(r *http.Request, p partnership.Partnership, requestID int64) (int64, error) {
	return reviews.ByRequest(r.Context(), s.DB, p.ID, requestID)
}
