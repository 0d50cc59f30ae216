package server

import (
	"encoding/json"
	"net/http"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/form"
	"github.com/scp-portal/portal/internal/retention"
	"github.com/scp-portal/portal/web/paths"
	"github.com/scp-portal/portal/web/views"
)

// retentionPage shows the retention schedule and the legal holds.
func (s *Server) retentionPage(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.ViewRetention, access.Object{PartnershipID: p.ID}, "retention_rule", ""); err != nil {
		return err
	}
	return s.renderRetention(w, r, http.StatusOK, views.Form{})
}

func (s *Server) renderRetention(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p := currentPartnership(r)
	rules, err := s.Retention.Schedule(r.Context(), p.ID)
	if err != nil {
		return err
	}
	holds, err := s.Retention.Holds(r.Context(), p.ID)
	if err != nil {
		return err
	}
	obj := access.Object{PartnershipID: p.ID}
	can := views.RetentionAbilities{Propose: allowed(r, access.ProposeRetention, obj), Approve: allowed(r, access.ApproveRetention, obj),
		Export: allowed(r, access.ExportSubjectData, obj)}
	v := views.NewRetention(p.Slug, rules, holds, can, subject(r).UserID)
	return s.render(w, r, status, views.Retention(s.page(w, r, errorTitle("Retention of records", f)), f, v))
}

// retentionChange authorizes action on the partnership's schedule, then settles change posted
// from the retention page.
func (s *Server) retentionChange(action access.Action, change func(r *http.Request, f *form.Reader) (string, error)) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		p := currentPartnership(r)
		if err := s.authorize(r, action, access.Object{PartnershipID: p.ID}, "retention_rule", urlParam(r, "type")); err != nil {
			return err
		}
		return s.postFromPage(w, r, s.renderRetention, func(f *form.Reader) (string, string, error) {
			done, err := change(r, f)
			return paths.Retention(p.Slug), done, err
		})
	}
}

// proposing is a change of the business unit's on the retention page: a proposal or a hold.
func (s *Server) proposing(change func(r *http.Request, f *form.Reader) (string, error)) handler {
	return s.retentionChange(access.ProposeRetention, change)
}

// approving is the Executive's approval on the retention page.
func (s *Server) approving(change func(r *http.Request, f *form.Reader) (string, error)) handler {
	return s.retentionChange(access.ApproveRetention, change)
}

// proposeRetention records the business unit's proposed period for a record type.
func (s *Server) proposeRetention(r *http.Request, f *form.Reader) (string, error) {
	t := retention.Type(urlParam(r, "type"))
	months, ok := form.ParseID(f.Text(retention.Field(t)))
	if !ok || months > 1200 {
		months = 0 // the service words the problem
	}
	in := retention.ProposeInput{Type: t, Months: int(months), Version: f.Version()}
	return "The period has been proposed: it is in force once the Executive approves it",
		f.Attempt(nil, func() error { return s.Retention.Propose(r.Context(), s.actor(r), currentPartnership(r).ID, in) })
}

// approveRetention puts a proposed period in force: the Executive's decision.
func (s *Server) approveRetention(r *http.Request, f *form.Reader) (string, error) {
	t := retention.Type(urlParam(r, "type"))
	v := f.Version()
	return "The period has been approved and is now in force",
		f.Attempt(nil, func() error { return s.Retention.Approve(r.Context(), s.actor(r), currentPartnership(r).ID, t, v) })
}

// placeHold puts a legal hold on the request or rapid review whose reference was typed.
func (s *Server) placeHold(r *http.Request, f *form.Reader) (string, error) {
	ref := f.Text("reference")
	return "The hold is in place: " + ref + " will not be deleted or anonymised until it is released",
		f.Attempt(nil, func() error { return s.Retention.PlaceHold(r.Context(), s.actor(r), currentPartnership(r).ID, ref) })
}

// releaseHold releases a legal hold.
func (s *Server) releaseHold(r *http.Request, f *form.Reader) (string, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return "", err
	}
	return "The hold has been released",
		f.Attempt(nil, func() error { return s.Retention.ReleaseHold(r.Context(), s.actor(r), currentPartnership(r).ID, id) })
}

// subjectAccess downloads, as JSON, what the portal holds about the partnership's person whose
// e-mail address was typed: the business unit's answer to a subject access request. The address
// travels in the form, never in a link.
func (s *Server) subjectAccess(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.ExportSubjectData, access.Object{PartnershipID: p.ID}, "user", ""); err != nil {
		return err
	}
	f, err := form.Read(r)
	if err != nil {
		return err
	}
	data, err := s.Retention.SubjectAccess(r.Context(), s.actor(r), p.ID, f.Text("email"))
	if err != nil {
		return s.settle(w, r, f.Form, err, s.renderRetention, "", "")
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="subject-access-`+s.Now().Format("2006-01-02")+`.json"`)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(data)
}
