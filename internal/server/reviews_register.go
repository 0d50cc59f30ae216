package server

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/internal/reviews"
	"github.com/scp-portal/portal/web/paths"
	"github.com/scp-portal/portal/web/views"
)

// reviewsRegister lists every rapid review with its stage and deadline, and the timeliness
// figures per year.
func (s *Server) reviewsRegister(w http.ResponseWriter, r *http.Request) error {
	return s.renderReviews(w, r, http.StatusOK, views.NewForm(url.Values{"clock_start": {"notification"}}))
}

func (s *Server) renderReviews(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.ViewReview, access.Object{PartnershipID: p.ID}, "rapid_review", ""); err != nil {
		return err
	}
	reg, err := s.Reviews.Register(r.Context(), s.actor(r), p.ID)
	if err != nil {
		return err
	}
	rows := make([]views.ReviewRow, 0, len(reg.Reviews))
	for _, l := range reg.Reviews {
		pr := l.Progress
		row := views.ReviewRow{Href: paths.Review(p.Slug, l.ID), Reference: l.Reference, Title: l.Title, Due: l.DueOn, DaysLeft: pr.DaysLeft,
			AtRisk: pr.AtRisk, Finished: pr.Finished, Decision: reviews.DecisionLabel(l.Decision), Stage: reviewStage(l.Review, pr),
			Local: localReviewRow(p, l.Listed), PanelResponse: shorten(l.PanelResponse, 140)}
		if l.SentToPanelOn != nil {
			row.SentOn, row.SentLate = l.SentToPanelOn, l.SentToPanelOn.After(l.DueOn)
		}
		rows = append(rows, row)
	}
	var years []views.TimelinessRow
	for _, t := range reg.Years {
		years = append(years, views.TimelinessRow{Year: t.Year, Reviews: t.Reviews, SentWithin15: t.SentWithin15,
			Notifications: t.Notifications, NotifiedWithin5: t.NotifiedWithin5})
	}
	canManage := access.Decide(subject(r), access.ManageReview, access.Object{PartnershipID: p.ID}).Allowed
	return s.render(w, r, status, views.Reviews(s.page(w, r, errorTitle("Reviews", f)), f, rows, years, canManage,
		views.StartReviewView{Action: paths.Reviews(p.Slug)}))
}

func reviewStage(r reviews.Review, pr reviews.Progress) string {
	switch {
	case pr.Finished:
		return "Sent to the national Panel"
	case r.Draft != "":
		return "Draft written"
	}
	return "Gathering information"
}

// shorten cuts s to at most n characters at a word, with an ellipsis, for a table cell.
func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndex(cut, " "); i > n/2 {
		cut = cut[:i]
	}
	return cut + "…"
}

// localReviewRow is the local CSPR a rapid review decided on, for the register and home views, or
// nil when there is none.
func localReviewRow(p partnership.Partnership, l reviews.Listed) *views.LocalReviewRow {
	if l.CSPRID == nil {
		return nil
	}
	return &views.LocalReviewRow{Href: paths.LocalReview(p.Slug, *l.CSPRID), Reference: l.CSPRRef,
		AwaitingApproval: l.CSPRAwaitingApproval, Published: l.CSPRPublished}
}
