package server

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/assurance"
	"github.com/scp-portal/portal/internal/form"
	"github.com/scp-portal/portal/internal/learning"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/web/paths"
	"github.com/scp-portal/portal/web/views"
)

// maxFrameworks bounds the frameworks the assurance page lists: a partnership runs a handful.
const maxFrameworks = 100

// assuranceAsk asks the policy an assurance question of the partnership as a whole (reading or
// managing frameworks and rounds) before any record is read, so that whoever may not is refused
// whatever the id; it returns the partnership and the id in the path ("" for none).
func (s *Server) assuranceAsk(r *http.Request, action access.Action, objectType, param string) (partnership.Partnership, int64, error) {
	p := currentPartnership(r)
	var id int64
	idText := ""
	if param != "" {
		idText = urlParam(r, param)
	}
	if err := s.authorize(r, action, access.Object{PartnershipID: p.ID}, objectType, idText); err != nil {
		return p, 0, err
	}
	if param != "" {
		var err error
		if id, err = pathID(r, param); err != nil {
			return p, 0, err
		}
	}
	return p, id, nil
}

// assurancePost is the shape of a change posted from an assurance page: the policy is asked about
// the record in the path as assuranceAsk does, then change reads the form and makes the change as
// postFromPage does.
func (s *Server) assurancePost(w http.ResponseWriter, r *http.Request, action access.Action, objectType, param string, again formPage,
	change func(f *form.Reader, p partnership.Partnership, id int64) (to, done string, err error)) error {
	p, id, err := s.assuranceAsk(r, action, objectType, param)
	if err != nil {
		return err
	}
	return s.postFromPage(w, r, again, func(f *form.Reader) (string, string, error) { return change(f, p, id) })
}

// assuranceHome lists the partnership's frameworks and a page of its rounds.
func (s *Server) assuranceHome(w http.ResponseWriter, r *http.Request) error {
	p, _, err := s.assuranceAsk(r, access.ViewAssurance, "assurance_round", "")
	if err != nil {
		return err
	}
	frameworks, err := s.Assurance.Frameworks(r.Context(), p.ID, app.Page{Number: 1, Size: maxFrameworks})
	if err != nil {
		return err
	}
	q := r.URL.Query()
	rounds, err := s.Assurance.Rounds(r.Context(), p.ID, form.ParsePaging(q))
	if err != nil {
		return err
	}
	newHref := ""
	if allowed(r, access.ManageAssurance, access.Object{PartnershipID: p.ID}) {
		newHref = paths.NewAssuranceFramework(p.Slug)
	}
	return s.render(w, r, http.StatusOK, views.AssuranceHome(s.page(w, r, "Self-assessment audits"),
		views.NewAssuranceHome(p.Slug, frameworks.Rows, rounds.Rows, newHref), views.NewPager(paths.Assurance(p.Slug), q, rounds.Page, rounds.More)))
}

// newAssuranceFrameworkForm is the business unit's form to define a framework.
func (s *Server) newAssuranceFrameworkForm(w http.ResponseWriter, r *http.Request) error {
	if _, _, err := s.assuranceAsk(r, access.ManageAssurance, "assurance_framework", ""); err != nil {
		return err
	}
	return s.renderAssuranceFrameworkForm(w, r, http.StatusOK, views.NewForm(nil))
}

func (s *Server) renderAssuranceFrameworkForm(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p := currentPartnership(r)
	return s.render(w, r, status, views.AssuranceFrameworkForm(s.page(w, r, errorTitle("Define a framework", f)), f, paths.AssuranceFrameworks(p.Slug)))
}

// yearOf reads a year typed into name; what is not a year is a problem on the field.
func yearOf(f *form.Reader, name string) int {
	y, err := strconv.Atoi(strings.TrimSpace(f.Text(name)))
	if err != nil || y < 2000 || y > 2200 {
		f.Problems.Add(name, "Enter the year as four digits, like 2027")
		return 0
	}
	return y
}

// createAssuranceFramework defines a framework and its first year, and goes on to its standards.
func (s *Server) createAssuranceFramework(w http.ResponseWriter, r *http.Request) error {
	return s.assurancePost(w, r, access.ManageAssurance, "assurance_framework", "", s.renderAssuranceFrameworkForm, func(f *form.Reader, p partnership.Partnership, _ int64) (string, string, error) {
		in := assurance.FrameworkInput{Name: f.Text("name"), Year: yearOf(f, "year")}
		version, err := form.Attempted(f, in.Validate(), func() (int64, error) {
			return s.Assurance.CreateFramework(r.Context(), s.actor(r), p.ID, in)
		})
		return paths.AssuranceVersion(p.Slug, version), "The framework has been defined: add its standards", err
	})
}

// assuranceFrameworkPage shows a framework's years and rounds.
func (s *Server) assuranceFrameworkPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderAssuranceFramework(w, r, http.StatusOK, views.Form{})
}

func (s *Server) renderAssuranceFramework(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p, id, err := s.assuranceAsk(r, access.ViewAssurance, "assurance_framework", "id")
	if err != nil {
		return err
	}
	fw, err := s.Assurance.Framework(r.Context(), p.ID, id)
	if err != nil {
		return err
	}
	versions, err := s.Assurance.Versions(r.Context(), p.ID, id)
	if err != nil {
		return err
	}
	rounds, err := s.Assurance.FrameworkRounds(r.Context(), p.ID, id)
	if err != nil {
		return err
	}
	canManage := allowed(r, access.ManageAssurance, access.Object{PartnershipID: p.ID})
	return s.render(w, r, status, views.AssuranceFrameworkPage(s.page(w, r, errorTitle(fw.Name, f)), views.NextYearForm(fw, f),
		views.NewAssuranceFramework(p.Slug, fw, versions, rounds, canManage)))
}

// newAssuranceVersion starts next year's version of the framework, a copy of the latest.
func (s *Server) newAssuranceVersion(w http.ResponseWriter, r *http.Request) error {
	return s.assurancePost(w, r, access.ManageAssurance, "assurance_framework", "id", s.renderAssuranceFramework, func(f *form.Reader, p partnership.Partnership, id int64) (string, string, error) {
		year := yearOf(f, "year")
		version, err := form.Attempted(f, nil, func() (int64, error) {
			return s.Assurance.NewVersion(r.Context(), s.actor(r), p.ID, id, year)
		})
		return paths.AssuranceVersion(p.Slug, version), "Next year's version has been started from the latest: adjust its standards", err
	})
}

// assuranceVersionPage shows a year's standards, with the business unit's forms.
func (s *Server) assuranceVersionPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderAssuranceVersion(w, r, http.StatusOK, views.NewForm(nil))
}

func (s *Server) renderAssuranceVersion(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p, id, err := s.assuranceAsk(r, access.ViewAssurance, "assurance_version", "id")
	if err != nil {
		return err
	}
	v, list, err := s.Assurance.Version(r.Context(), p.ID, id)
	if err != nil {
		return err
	}
	canManage := allowed(r, access.ManageAssurance, access.Object{PartnershipID: p.ID})
	title := v.FrameworkName + " " + strconv.Itoa(v.Year)
	return s.render(w, r, status, views.AssuranceVersionPage(s.page(w, r, errorTitle(title, f)), f, views.NewAssuranceVersion(p.Slug, v, list, canManage)))
}

// standardInput reads a standard's fields.
func standardInput(f *form.Reader) assurance.StandardInput {
	return assurance.StandardInput{Title: f.Text("title"), Questions: f.Text("questions"), Evidence: f.Text("evidence"), Version: f.Version()}
}

// addAssuranceStandard adds a standard to a year's version.
func (s *Server) addAssuranceStandard(w http.ResponseWriter, r *http.Request) error {
	return s.assurancePost(w, r, access.ManageAssurance, "assurance_version", "id", s.renderAssuranceVersion, func(f *form.Reader, p partnership.Partnership, id int64) (string, string, error) {
		in := standardInput(f)
		err := f.Attempt(in.Validate(), func() error {
			_, err := s.Assurance.AddStandard(r.Context(), s.actor(r), p.ID, id, in)
			return err
		})
		return paths.AssuranceVersion(p.Slug, id), "The standard has been added", err
	})
}

// openAssuranceRound opens a round of the version for the organisations of the kinds chosen.
func (s *Server) openAssuranceRound(w http.ResponseWriter, r *http.Request) error {
	return s.assurancePost(w, r, access.ManageAssurance, "assurance_version", "id", s.renderAssuranceVersion, func(f *form.Reader, p partnership.Partnership, id int64) (string, string, error) {
		in := assurance.RoundInput{Categories: f.Values["categories"], DueOn: f.Date("due_on", "the deadline")}
		round, err := form.Attempted(f, in.Validate(partnership.Today(s.Now())), func() (int64, error) {
			return s.Assurance.OpenRound(r.Context(), s.actor(r), p.ID, id, in)
		})
		return paths.AssuranceRound(p.Slug, round), "The round has been opened: each lead named has been e-mailed", err
	})
}

// assuranceStandardPage is the form to change a standard.
func (s *Server) assuranceStandardPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderAssuranceStandard(w, r, http.StatusOK, views.Form{})
}

func (s *Server) renderAssuranceStandard(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p, st, v, err := s.assuranceStandard(r)
	if err != nil {
		return err
	}
	return s.render(w, r, status, views.AssuranceStandardPage(s.page(w, r, errorTitle("Change the standard", f)),
		views.AssuranceStandardForm(st, f), paths.AssuranceStandard(p.Slug, st.ID), paths.AssuranceStandardRemove(p.Slug, st.ID), v.FrameworkName, v.Year))
}

// assuranceStandard asks the policy whether the person may manage the standard {id} of the path,
// then finds it and its version.
func (s *Server) assuranceStandard(r *http.Request) (partnership.Partnership, assurance.Standard, assurance.Version, error) {
	p, id, err := s.assuranceAsk(r, access.ManageAssurance, "assurance_standard", "id")
	if err != nil {
		return p, assurance.Standard{}, assurance.Version{}, err
	}
	st, v, err := s.Assurance.Standard(r.Context(), p.ID, id)
	return p, st, v, err
}

// changeAssuranceStandard makes change to the standard {id} of the path and goes back to its
// version with done, or shows the standard's form again with the problems.
func (s *Server) changeAssuranceStandard(w http.ResponseWriter, r *http.Request, done string, change func(f *form.Reader, p partnership.Partnership, id int64) error) error {
	p, st, _, err := s.assuranceStandard(r)
	if err != nil {
		return err
	}
	return s.postFromPage(w, r, s.renderAssuranceStandard, func(f *form.Reader) (string, string, error) {
		return paths.AssuranceVersion(p.Slug, st.VersionID), done, change(f, p, st.ID)
	})
}

// saveAssuranceStandard saves a standard and goes back to its version.
func (s *Server) saveAssuranceStandard(w http.ResponseWriter, r *http.Request) error {
	return s.changeAssuranceStandard(w, r, "The standard has been saved", func(f *form.Reader, p partnership.Partnership, id int64) error {
		in := standardInput(f)
		return f.Attempt(in.Validate(), func() error { return s.Assurance.SaveStandard(r.Context(), s.actor(r), p.ID, id, in) })
	})
}

// removeAssuranceStandard takes a standard out of its version and goes back to the version.
func (s *Server) removeAssuranceStandard(w http.ResponseWriter, r *http.Request) error {
	return s.changeAssuranceStandard(w, r, "The standard has been removed", func(f *form.Reader, p partnership.Partnership, id int64) error {
		version := f.Version()
		return f.Attempt(nil, func() error { return s.Assurance.RemoveStandard(r.Context(), s.actor(r), p.ID, id, version) })
	})
}

// assuranceRoundPage shows a round: who has returned and who is late.
func (s *Server) assuranceRoundPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderAssuranceRound(w, r, http.StatusOK, views.Form{})
}

func (s *Server) renderAssuranceRound(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p, id, err := s.assuranceAsk(r, access.ViewAssurance, "assurance_round", "id")
	if err != nil {
		return err
	}
	round, err := s.Assurance.Round(r.Context(), p.ID, id)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	waiting := q.Get("waiting") == "1"
	list, err := s.Assurance.Returns(r.Context(), p.ID, id, waiting, form.ParsePaging(q))
	if err != nil {
		return err
	}
	actions, err := s.Assurance.AgreedActions(r.Context(), id)
	if err != nil {
		return err
	}
	canManage := allowed(r, access.ManageAssurance, access.Object{PartnershipID: p.ID})
	var orgs []views.Option
	if canManage {
		if orgs, err = s.orgOptions(r, p, "Choose the organisation"); err != nil {
			return err
		}
	}
	title := round.FrameworkName + " " + strconv.Itoa(round.Year) + " round"
	v := views.NewAssuranceRound(p.Slug, round, list.Rows, actions, orgs, canManage, waiting, partnership.Today(s.Now()))
	recommendationLinks(r, v.Actions)
	return s.render(w, r, status, views.AssuranceRoundPage(s.page(w, r, errorTitle(title, f)), f, v,
		views.NewPager(paths.AssuranceRound(p.Slug, id), q, list.Page, list.More)))
}

// chaseAssuranceRound e-mails the leads of the round's late returns, once a day each.
func (s *Server) chaseAssuranceRound(w http.ResponseWriter, r *http.Request) error {
	return s.assurancePost(w, r, access.ManageAssurance, "assurance_round", "id", s.renderAssuranceRound, func(f *form.Reader, p partnership.Partnership, id int64) (string, string, error) {
		sent, err := form.Attempted(f, nil, func() (int, error) {
			return s.Assurance.ChaseLate(r.Context(), s.actor(r), p.ID, id)
		})
		done := "The leads of late returns have been e-mailed: " + strconv.Itoa(sent) + " sent"
		if sent == 0 {
			done = "No e-mail was sent: the leads of late returns have been chased today already, or none is named"
		}
		return paths.AssuranceRound(p.Slug, id), done, err
	})
}

// assuranceResults shows a round's results: completion, standards and the matrix.
func (s *Server) assuranceResults(w http.ResponseWriter, r *http.Request) error {
	p, id, err := s.assuranceAsk(r, access.ViewAssurance, "assurance_round", "id")
	if err != nil {
		return err
	}
	q := r.URL.Query()
	res, err := s.Assurance.Results(r.Context(), p.ID, id, form.ParsePaging(q))
	if err != nil {
		return err
	}
	title := "Results of the " + res.Round.FrameworkName + " " + strconv.Itoa(res.Round.Year) + " round"
	return s.render(w, r, http.StatusOK, views.AssuranceResultsPage(s.page(w, r, title), views.NewAssuranceResults(p.Slug, res, partnership.Today(s.Now())),
		views.NewPager(paths.AssuranceResults(p.Slug, id), q, res.Matrix.Page, res.Matrix.More)))
}

// myAssuranceReturns lists the returns the person signed in leads.
func (s *Server) myAssuranceReturns(w http.ResponseWriter, r *http.Request) error {
	p, _, err := s.assuranceAsk(r, access.ViewOwnReturns, "assurance_return", "")
	if err != nil {
		return err
	}
	q := r.URL.Query()
	list, err := s.Assurance.MyReturns(r.Context(), p.ID, subject(r).UserID, form.ParsePaging(q))
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, views.AssuranceMyReturns(s.page(w, r, "Your audit returns"),
		views.NewAssuranceMyReturns(p.Slug, list.Rows, partnership.Today(s.Now())), views.NewPager(paths.AssuranceMyReturns(p.Slug), q, list.Page, list.More)))
}

// returnObject is the return in the path as the policy sees it: whose lead it is, and its
// organisation. One that does not exist is not found to those who read rounds, and refused to
// anyone else.
func (s *Server) returnObject(r *http.Request, action access.Action) (partnership.Partnership, assurance.Return, []assurance.Answer, error) {
	var answers []assurance.Answer
	ret, err := loadAsked(s, r, access.ViewAssurance, action, "assurance_return", func(ctx context.Context, pid, id int64) (ret assurance.Return, err error) {
		ret, answers, err = s.Assurance.Return(ctx, pid, id)
		return ret, err
	}, returnObject)
	if err != nil {
		answers = nil
	}
	return currentPartnership(r), ret, answers, err
}

func returnObject(p partnership.Partnership, ret assurance.Return) access.Object {
	o := access.Object{PartnershipID: p.ID, Organisations: []int64{ret.OrganisationID}}
	if ret.LeadID != nil {
		o.OwnerID = *ret.LeadID
	}
	return o
}

// assuranceReturnPage shows a return: its lead's form, or what was returned.
func (s *Server) assuranceReturnPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderAssuranceReturn(w, r, http.StatusOK, views.Form{})
}

func (s *Server) renderAssuranceReturn(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p, ret, answers, err := s.returnObject(r, access.ViewReturn)
	if err != nil {
		return err
	}
	own, obj := access.Object{PartnershipID: p.ID}, returnObject(p, ret)
	can := views.ReturnAbilities{ReadsRound: allowed(r, access.ViewAssurance, own), Complete: allowed(r, access.CompleteReturn, obj),
		Challenge: allowed(r, access.ChallengeRating, obj)}
	if allowed(r, access.ManageAssurance, own) {
		if can.Leads, err = s.Assurance.LeadChoices(r.Context(), p.ID, ret.OrganisationID); err != nil {
			return err
		}
		if can.Leads == nil {
			can.Leads = []app.Choice{}
		}
	}
	challenges, err := s.Assurance.Challenges(r.Context(), ret.ID)
	if err != nil {
		return err
	}
	v := views.NewAssuranceReturn(p.Slug, ret, answers, challenges, can, partnership.Today(s.Now()))
	return s.render(w, r, status, views.AssuranceReturnPage(s.page(w, r, errorTitle(ret.OrganisationName+"'s return", f)),
		views.AssuranceReturnForm(ret, answers, f), v))
}

// ratingsOf reads the answers posted for each standard (rating-, evidence- and actions- fields
// named by the standard's id); the service keeps those of the return's standards.
func ratingsOf(f *form.Reader) []assurance.Rating {
	by := map[int64]*assurance.Rating{}
	get := func(key, prefix string) *assurance.Rating {
		id, ok := form.ParseID(strings.TrimPrefix(key, prefix))
		if !ok {
			return nil
		}
		if by[id] == nil {
			by[id] = &assurance.Rating{StandardID: id}
		}
		return by[id]
	}
	for key := range f.Values {
		switch {
		case strings.HasPrefix(key, "rating-"):
			if r := get(key, "rating-"); r != nil {
				r.Rating = f.Text(key)
			}
		case strings.HasPrefix(key, "evidence-"):
			if r := get(key, "evidence-"); r != nil {
				r.Evidence = f.Text(key)
			}
		case strings.HasPrefix(key, "actions-"):
			if r := get(key, "actions-"); r != nil {
				r.Actions = f.Text(key)
			}
		}
	}
	list := make([]assurance.Rating, 0, len(by))
	for _, r := range by {
		list = append(list, *r)
	}
	return list
}

// saveAssuranceReturn saves the lead's answers, and submits the return when they ask to.
func (s *Server) saveAssuranceReturn(w http.ResponseWriter, r *http.Request) error {
	p, ret, _, err := s.returnObject(r, access.CompleteReturn)
	if err != nil {
		return err
	}
	return s.postFromPage(w, r, s.renderAssuranceReturn, func(f *form.Reader) (string, string, error) {
		in := assurance.ReturnInput{Ratings: ratingsOf(f), Version: f.Version(), Submit: f.Text("intent") == "submit"}
		err := f.Attempt(nil, func() error { return s.Assurance.SaveReturn(r.Context(), s.actor(r), p.ID, ret.ID, in) })
		done := "Your answers have been saved: you can come back to them before the deadline"
		if in.Submit {
			done = "The return has been submitted"
		}
		return paths.AssuranceReturn(p.Slug, ret.ID), done, err
	})
}

// nameAssuranceLead names the person of the organisation who completes its return.
func (s *Server) nameAssuranceLead(w http.ResponseWriter, r *http.Request) error {
	return s.assurancePost(w, r, access.ManageAssurance, "assurance_return", "id", s.renderAssuranceReturn, func(f *form.Reader, p partnership.Partnership, id int64) (string, string, error) {
		lead := f.ID("lead", "Choose the lead from the list")
		version := f.Version()
		err := f.Attempt(nil, func() error { return s.Assurance.NameLead(r.Context(), s.actor(r), p.ID, id, lead, version) })
		return paths.AssuranceReturn(p.Slug, id), "The lead has been named and e-mailed", err
	})
}

// challengeAssuranceRating records the partnership's challenge of a rating in a submitted return.
func (s *Server) challengeAssuranceRating(w http.ResponseWriter, r *http.Request) error {
	p, ret, _, err := s.returnObject(r, access.ChallengeRating)
	if err != nil {
		return err
	}
	return s.postFromPage(w, r, s.renderAssuranceReturn, func(f *form.Reader) (string, string, error) {
		in := assurance.ChallengeInput{StandardID: f.ID("standard", "Choose the standard whose rating you challenge"), Text: f.Text("challenge")}
		err := f.Attempt(in.Validate(), func() error {
			_, err := s.Assurance.ChallengeRating(r.Context(), s.actor(r), p.ID, ret.ID, in)
			return err
		})
		return paths.AssuranceReturn(p.Slug, ret.ID), "The challenge has been recorded: the organisation's lead has been e-mailed", err
	})
}

// respondToAssuranceChallenge records the organisation's response to a challenge, by its lead.
func (s *Server) respondToAssuranceChallenge(w http.ResponseWriter, r *http.Request) error {
	p, ret, _, err := s.returnObject(r, access.CompleteReturn)
	if err != nil {
		return err
	}
	challenge, err := pathID(r, "challengeID")
	if err != nil {
		return err
	}
	return s.postFromPage(w, r, s.renderAssuranceReturn, func(f *form.Reader) (string, string, error) {
		response := f.Text(assurance.ResponseField(challenge))
		err := f.Attempt(nil, func() error { return s.Assurance.Respond(r.Context(), s.actor(r), p.ID, ret.ID, challenge, response) })
		return paths.AssuranceReturn(p.Slug, ret.ID), "Your response has been recorded", err
	})
}

// agreeAssuranceAction records an action agreed on the round's results, tracked as learning's.
func (s *Server) agreeAssuranceAction(w http.ResponseWriter, r *http.Request) error {
	return s.assurancePost(w, r, access.ManageAssurance, "assurance_round", "id", s.renderAssuranceRound, func(f *form.Reader, p partnership.Partnership, id int64) (string, string, error) {
		in := learning.RecommendationInput{Title: f.Text("rec_title"), OwnerOrgID: f.ID("rec_owner", "Choose the organisation that owns it"),
			DueOn: f.Date("rec_due", "when it is due")}
		err := f.Attempt(in.Validate(), func() error {
			_, err := s.Assurance.AgreeAction(r.Context(), s.actor(r), p.ID, id, in)
			return err
		})
		return paths.AssuranceRound(p.Slug, id), "The action has been agreed: it is tracked with the partnership's recommendations", err
	})
}
