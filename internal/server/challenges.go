package server

import (
	"net/http"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/challenges"
	"github.com/scp-portal/portal/internal/form"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/web/paths"
	"github.com/scp-portal/portal/web/views"
)

// challengeObject is challenge c, as the policy is asked about it: who raised it, and who must
// answer it.
func challengeObject(p partnership.Partnership, c challenges.Challenge) access.Object {
	return access.Object{PartnershipID: p.ID, OwnerID: c.RaisedByID, Organisations: c.Addressed()}
}

// challengeLog is the challenge log, filtered by status and addressee, a page at a time.
func (s *Server) challengeLog(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.ViewChallenges, access.Object{PartnershipID: p.ID}, "challenge", ""); err != nil {
		return err
	}
	q := r.URL.Query()
	flt := challenges.Filter{PartnershipID: p.ID, Status: q.Get("status"), Addressee: q.Get("addressee")}
	flt.BeforeID, _ = form.ParseID(q.Get("before")) // paging: anything else is the first page
	list, err := s.Challenges.Log(r.Context(), flt)
	if err != nil {
		return err
	}
	orgs, err := s.Partnership.Organisations(r.Context(), p.ID)
	if err != nil {
		return err
	}
	newHref := ""
	if may(r, access.RaiseChallenge) {
		newHref = paths.NewChallenge(p.Slug)
	}
	v := views.NewChallengesView(p.Slug, list, orgs, q, newHref, partnership.Today(s.Now()))
	pg := s.page(w, r, "Challenge log")
	pg.CSVHref = views.DownloadHref(paths.ChallengesCSV(p.Slug), q)
	return s.render(w, r, http.StatusOK, views.Challenges(pg, views.ChallengeFilterForm(q), v))
}

// newChallengeForm is the form to raise a challenge, on the record the query names if any.
func (s *Server) newChallengeForm(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.RaiseChallenge, access.Object{PartnershipID: p.ID}, "challenge", ""); err != nil {
		return err
	}
	due, err := s.Challenges.SuggestedDue(r.Context())
	if err != nil {
		return err
	}
	return s.renderChallengeForm(w, r, http.StatusOK, views.ChallengeFormValues(r.URL.Query(), due))
}

func (s *Server) renderChallengeForm(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p := currentPartnership(r)
	orgs, err := s.Partnership.Organisations(r.Context(), p.ID)
	if err != nil {
		return err
	}
	return s.render(w, r, status, views.ChallengeForm(s.page(w, r, errorTitle("Raise a challenge", f)), f, views.NewChallengeForm(p.Slug, orgs)))
}

// raiseChallenge records a challenge and tells those who must respond.
func (s *Server) raiseChallenge(w http.ResponseWriter, r *http.Request) error {
	return s.partnershipPost(w, r, access.RaiseChallenge, "challenge", s.renderChallengeForm, func(f *form.Reader, p partnership.Partnership) (string, string, error) {
		in := challenges.RaiseInput{SubjectKind: f.Text("subject_kind"),
			SubjectID: f.OptionalID("subject_id", "Enter the record's number as a whole number, such as 12"),
			Addressee: f.Text("addressee"), Summary: f.Text("summary"), Detail: f.Text("detail"),
			DueOn: f.Date("due_on", "when the response is due")}
		id, err := form.Attempted(f, in.Validate(), func() (int64, error) {
			return s.Challenges.Raise(r.Context(), s.actor(r), p.ID, in)
		})
		return paths.Challenge(p.Slug, id), "The challenge has been raised: those who must respond have been told", err
	})
}

// loadChallenge loads the challenge in the path and asks the policy about action on it. One that
// does not exist is not found for those who read the log, and refused to anyone else.
func (s *Server) loadChallenge(r *http.Request, action access.Action) (challenges.Challenge, error) {
	return loadAsked(s, r, access.ViewChallenges, action, "challenge", s.Challenges.Challenge, challengeObject)
}

// challengePage shows a challenge with its response, and the forms to respond and to close it to
// those who may.
func (s *Server) challengePage(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.loadChallenge(r, access.ViewChallenges); err != nil {
		return err
	}
	return s.renderChallengePage(w, r, http.StatusOK, views.NewForm(nil))
}

// renderChallengePage renders the challenge in the path as it is now, with f, the form posted.
func (s *Server) renderChallengePage(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p := currentPartnership(r)
	c, err := s.loadChallenge(r, access.ViewChallenges)
	if err != nil {
		return err
	}
	obj := challengeObject(p, c)
	v := views.NewChallengePage(p.Slug, c, allowed(r, access.RespondToChallenge, obj),
		allowed(r, access.CloseChallenge, obj), partnership.Today(s.Now()))
	return s.render(w, r, status, views.ChallengePage(s.page(w, r, errorTitle(c.Summary, f)), f, v))
}

// respondToChallenge records the response of the partner or Engine Room addressed.
func (s *Server) respondToChallenge(w http.ResponseWriter, r *http.Request) error {
	return s.challengePost(w, r, access.RespondToChallenge, "The response has been recorded: the challenger has been told",
		func(f *form.Reader, p partnership.Partnership, c challenges.Challenge) error {
			in := challenges.ResponseInput{ID: c.ID, Version: f.Version(), Response: f.Text("response")}
			return f.Attempt(in.Validate(), func() error { return s.Challenges.Respond(r.Context(), s.actor(r), p.ID, in) })
		})
}

// closeChallenge closes a challenge as answered or escalated.
func (s *Server) closeChallenge(w http.ResponseWriter, r *http.Request) error {
	return s.challengePost(w, r, access.CloseChallenge, "The challenge has been closed",
		func(f *form.Reader, p partnership.Partnership, c challenges.Challenge) error {
			in := challenges.CloseInput{ID: c.ID, Version: f.Version(), Outcome: f.Text("outcome"), Note: f.Text("closing_note")}
			return f.Attempt(in.Validate(), func() error { return s.Challenges.Close(r.Context(), s.actor(r), p.ID, in) })
		})
}

// challengePost is the shape of both changes posted from a challenge's page (as moveDispute is a
// disagreement's): the challenge in the path is loaded for action, then the form is read, the
// change made, and settled back on the challenge's page saying done.
func (s *Server) challengePost(w http.ResponseWriter, r *http.Request, action access.Action, done string,
	change func(f *form.Reader, p partnership.Partnership, c challenges.Challenge) error) error {
	c, err := s.loadChallenge(r, action)
	if err != nil {
		return err
	}
	p := currentPartnership(r)
	return s.postFromPage(w, r, s.renderChallengePage, func(f *form.Reader) (string, string, error) {
		return paths.Challenge(p.Slug, c.ID), done, change(f, p, c)
	})
}

// proposalForm is the Executive's form to propose a line of enquiry.
func (s *Server) proposalForm(w http.ResponseWriter, r *http.Request) error {
	return s.partnershipPage(w, r, access.ProposeEnquiry, "theme", s.renderProposalForm)
}

func (s *Server) renderProposalForm(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p := currentPartnership(r)
	return s.render(w, r, status, views.ProposalForm(s.page(w, r, errorTitle("Propose a line of enquiry", f)), f, paths.ProposeEnquiry(p.Slug)))
}

// propose puts the Executive's proposal in the Engine Room's theme register.
func (s *Server) propose(w http.ResponseWriter, r *http.Request) error {
	return s.partnershipPost(w, r, access.ProposeEnquiry, "theme", s.renderProposalForm, func(f *form.Reader, p partnership.Partnership) (string, string, error) {
		in := challenges.ProposalInput{Title: f.Text("title"), Description: f.Text("description"), Reference: f.Text("reference")}
		id, err := form.Attempted(f, in.Validate(), func() (int64, error) {
			return s.Challenges.Propose(r.Context(), s.actor(r), p.ID, in)
		})
		return paths.Theme(p.Slug, id), "Your proposal is in the Engine Room's theme register", err
	})
}
