package server

import (
	"net/http"
	"strconv"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/disputes"
	"github.com/scp-portal/portal/internal/form"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/web/paths"
	"github.com/scp-portal/portal/web/views"
)

// disputeObject is disagreement d, as the policy is asked about it: who recorded it, and the
// agencies in it.
func disputeObject(p partnership.Partnership, d disputes.Dispute) access.Object {
	return access.Object{PartnershipID: p.ID, OwnerID: d.RaisedByID, Organisations: d.Parties()}
}

// disputeRegister lists disagreements between agencies: all of them for those who oversee
// them, otherwise those the reader recorded or their agency is in (as its representative).
func (s *Server) disputeRegister(w http.ResponseWriter, r *http.Request) error {
	p, subj := currentPartnership(r), subject(r)
	scope := access.Object{PartnershipID: p.ID}
	all := allowed(r, access.ListDisputes, scope)
	if !all {
		scope.OwnerID = subj.UserID
	}
	if err := s.authorize(r, access.ListDisputes, scope, "dispute", ""); err != nil {
		return err
	}
	q := r.URL.Query()
	flt := disputes.Filter{PartnershipID: p.ID, Status: q.Get("status"), RecordedBy: scope.OwnerID}
	if !all && allowed(r, access.ViewDispute, access.Object{PartnershipID: p.ID, Organisations: []int64{subj.OrganisationID}}) {
		flt.Party = subj.OrganisationID // a representative sees their agency's
	}
	flt.BeforeID, _ = form.ParseID(q.Get("before")) // paging: anything else is the first page
	list, err := s.Disputes.Register(r.Context(), flt)
	if err != nil {
		return err
	}
	v := views.NewDisputesView(p.Slug, list, all, q, partnership.Today(s.Now()))
	return s.render(w, r, http.StatusOK, views.Disputes(s.page(w, r, v.Heading), views.DisputeFilterForm(q), v))
}

// newDisputeForm is the form to record a disagreement, the reader's agency chosen.
func (s *Server) newDisputeForm(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.RecordDispute, access.Object{PartnershipID: p.ID}, "dispute", ""); err != nil {
		return err
	}
	return s.renderDisputeForm(w, r, http.StatusOK, views.DisputeFormValues(subject(r).OrganisationID))
}

func (s *Server) renderDisputeForm(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p := currentPartnership(r)
	orgs, err := s.Partnership.Organisations(r.Context(), p.ID)
	if err != nil {
		return err
	}
	return s.render(w, r, status, views.DisputeForm(s.page(w, r, errorTitle("Record a disagreement between agencies", f)), f,
		views.NewDisputeForm(p.Slug, orgs)))
}

// recordDispute records a disagreement and tells the business unit and the Engine Room.
func (s *Server) recordDispute(w http.ResponseWriter, r *http.Request) error {
	return s.partnershipPost(w, r, access.RecordDispute, "dispute", s.renderDisputeForm, func(f *form.Reader, p partnership.Partnership) (string, string, error) {
		in := disputes.RecordInput{RaisingOrgID: f.OptionalID("raising_org", "Choose your agency from the list"),
			OtherOrgID: f.ID("other_org", "Choose the agency you disagree with"), Summary: f.Text("summary"), Detail: f.Text("detail"),
			Stage: f.Text("stage")}
		id, err := form.Attempted(f, in.Validate(), func() (int64, error) {
			return s.Disputes.Record(r.Context(), s.actor(r), p.ID, in)
		})
		return paths.Dispute(p.Slug, id), "The disagreement has been recorded: the business unit and the Engine Room have been told", err
	})
}

// loadDispute loads the disagreement in the path for someone who may read it, and asks the policy
// about action on it. One that does not exist, or that the reader may not know of, is not found
// (the refusal is audited): a guessed address learns nothing.
func (s *Server) loadDispute(r *http.Request, action access.Action) (disputes.Dispute, error) {
	p := currentPartnership(r)
	id, err := pathID(r, "id")
	if err != nil {
		return disputes.Dispute{}, err
	}
	key := strconv.FormatInt(id, 10)
	d, err := s.Disputes.Dispute(r.Context(), p.ID, id)
	if err != nil {
		return d, notKnown(s.authorize(r, access.RecordDispute, access.Object{PartnershipID: p.ID}, "dispute", key), err)
	}
	if err := notKnown(s.authorize(r, access.ViewDispute, disputeObject(p, d), "dispute", key), nil); err != nil {
		return d, err
	}
	if action == access.ViewDispute {
		return d, nil
	}
	return d, s.authorize(r, action, disputeObject(p, d), "dispute", key)
}

// notKnown answers a refusal as not found, and otherwise err (nil: found).
func notKnown(refusal, err error) error {
	switch {
	case app.KindOf(refusal) == app.Forbidden:
		return disputes.ErrNotFound
	case refusal != nil:
		return refusal
	}
	return err
}

// disputePage shows a disagreement with its stages, and the forms to move it on to those who may;
// the read is audited.
func (s *Server) disputePage(w http.ResponseWriter, r *http.Request) error {
	return s.renderDisputePage(w, r, http.StatusOK, views.NewForm(nil))
}

func (s *Server) renderDisputePage(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p := currentPartnership(r)
	d, err := s.loadDispute(r, access.ViewDispute)
	if err != nil {
		return err
	}
	steps, err := s.Disputes.Read(r.Context(), s.actor(r), d)
	if err != nil {
		return err
	}
	canManage := allowed(r, access.ManageDispute, disputeObject(p, d))
	v := views.NewDisputePage(p.Slug, d, steps, canManage, partnership.Today(s.Now()))
	return s.render(w, r, status, views.DisputePage(s.page(w, r, errorTitle(d.Summary, f)), f, v))
}

// escalateDispute moves a disagreement up to its next stage.
func (s *Server) escalateDispute(w http.ResponseWriter, r *http.Request) error {
	return s.moveDispute(w, r, "The disagreement has moved up", func(a app.Actor, pid int64, in disputes.MoveInput) error {
		return s.Disputes.Escalate(r.Context(), a, pid, in)
	})
}

// resolveDispute records a disagreement's outcome.
func (s *Server) resolveDispute(w http.ResponseWriter, r *http.Request) error {
	return s.moveDispute(w, r, "The outcome has been recorded", func(a app.Actor, pid int64, in disputes.MoveInput) error {
		return s.Disputes.Resolve(r.Context(), a, pid, in)
	})
}

// moveDispute is the shape of both changes posted from a disagreement's page.
func (s *Server) moveDispute(w http.ResponseWriter, r *http.Request, done string, move func(app.Actor, int64, disputes.MoveInput) error) error {
	d, err := s.loadDispute(r, access.ManageDispute)
	if err != nil {
		return err
	}
	p := currentPartnership(r)
	return s.postFromPage(w, r, s.renderDisputePage, func(f *form.Reader) (string, string, error) {
		in := disputes.MoveInput{ID: d.ID, Version: f.Version(), Note: f.Text("note"), Outcome: f.Text("outcome")}
		return paths.Dispute(p.Slug, d.ID), done, move(s.actor(r), p.ID, in)
	})
}
