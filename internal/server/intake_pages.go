package server

import (
	"net/http"
	"net/url"
	"time"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/form"
	"github.com/scp-portal/portal/internal/intake"
	"github.com/scp-portal/portal/internal/learning"
	"github.com/scp-portal/portal/web/paths"
	"github.com/scp-portal/portal/web/views"
)

// mySubmissions lists the person's own requests with their timelines.
func (s *Server) mySubmissions(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.SubmitRequest, access.Object{PartnershipID: p.ID}, "request", ""); err != nil {
		return err
	}
	in := r.URL.Query()
	mine, err := s.Intake.Mine(r.Context(), s.actor(r), form.ParsePaging(in))
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, views.MySubmissions(s.page(w, r, "My submissions"), views.NewSubmissions(p.Slug, mine.Rows),
		paths.NewKLOE(p.Slug), intake.UrgentAdvice(p.FrontDoor), paths.CsprStart(p.Slug), views.NewPager(paths.MySubmissions(p.Slug), in, mine.Page, mine.More)))
}

// withdrawForm asks why the person is withdrawing their own request.
func (s *Server) withdrawForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	req, err := s.Intake.Sent(r.Context(), s.actor(r), id, "")
	if err != nil {
		return err
	}
	return s.renderWithdraw(w, r, http.StatusOK, req, views.NewForm(nil))
}

func (s *Server) renderWithdraw(w http.ResponseWriter, r *http.Request, status int, req intake.Request, f views.Form) error {
	pg := s.requestPage(w, r, errorTitle("Withdraw your request", f), req.Kind)
	return s.render(w, r, status, views.WithdrawForm(pg, f, req.Reference, paths.WithdrawRequest(currentPartnership(r).Slug, req.ID)))
}

// withdraw withdraws the person's own request, with their reason, if the Engine Room has not looked at it yet.
func (s *Server) withdraw(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := form.Read(r)
	if err != nil {
		return err
	}
	req, err := s.Intake.Withdraw(r.Context(), s.actor(r), id, f.Text("reason"))
	return s.settle(w, r, f.Form, err, func(w http.ResponseWriter, r *http.Request, status int, form views.Form) error {
		return s.renderWithdraw(w, r, status, req, form)
	}, paths.MySubmissions(currentPartnership(r).Slug), req.Reference+" has been withdrawn")
}

// optionalChoice reads a filter that may be left at its first option ("Any status"): "" then, or
// one of choices.
func optionalChoice(f *form.Reader, name string, choices app.Choices, message string) string {
	if f.Text(name) == "" {
		return ""
	}
	return f.Choice(name, choices, message)
}

// filterDate reads one of the inbox's date filters, which may be left empty. A date that does not
// exist keeps the filter's own instruction, which says how to type one.
func filterDate(f *form.Reader, name string) *time.Time {
	d := f.OptionalDate(name, "the date")
	for i, p := range f.Problems {
		if p.Field == name+"-day" {
			f.Problems[i].Message = "Enter a real date as day month year, for example 1 4 2026"
		}
	}
	return d
}

// inbox lists the requests sent to the partnership, newest first, filtered and paged.
func (s *Server) inbox(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.ViewInbox, access.Object{PartnershipID: p.ID}, "inbox", ""); err != nil {
		return err
	}
	in := r.URL.Query()
	f, q := inboxQuery(r)
	orgs, err := s.Partnership.Organisations(r.Context(), p.ID)
	if err != nil {
		return err
	}
	if status, ok := form.ShowErrors(&f.Form, f.Err(nil)); ok {
		return s.render(w, r, status, views.Inbox(s.page(w, r, errorTitle("Inbox", f.Form)), f.Form, views.NewInboxFilters(p.Slug, orgs)))
	}
	list, total, err := s.Intake.Inbox(r.Context(), s.actor(r), q)
	if err != nil {
		return err
	}
	pg := s.page(w, r, "Inbox")
	pg.CSVHref = views.DownloadHref(paths.InboxCSV(p.Slug), in)
	return s.render(w, r, http.StatusOK, views.Inbox(pg, f.Form, views.NewInbox(p.Slug, orgs, in, q.Page, list, total)))
}

// inboxFilters are the inbox's filters, by their field names.
var inboxFilters = []string{"kind", "organisation", "status", "from", "to"}

// inboxQuery reads the inbox's filters from the query string, with the problems of reading them on f.
func inboxQuery(r *http.Request) (*form.Reader, intake.InboxQuery) {
	in := r.URL.Query()
	f := &form.Reader{Form: views.NewForm(in)}
	q := intake.InboxQuery{Kind: intake.Kind(optionalChoice(f, "kind", intake.Kinds, "Choose a kind from the list")),
		Status: intake.Status(optionalChoice(f, "status", intake.SentStatuses, "Choose a status from the list")),
		From:   filterDate(f, "from"), To: filterDate(f, "to")}
	if org := f.OptionalID("organisation", "Choose an organisation from the list"); org != nil {
		q.OrganisationID = *org
	}
	q.Page = form.ParsePaging(in)
	return f, q
}

// requestDetail shows one request to those who may read it; opened from a meeting's agenda, its
// triage form names that meeting.
func (s *Server) requestDetail(w http.ResponseWriter, r *http.Request) error {
	return s.renderRequestDetail(w, r, http.StatusOK, views.NewForm(url.Values{"meeting": {r.URL.Query().Get("meeting")}}))
}

// renderRequestDetail shows the request in the path with f, the form of whichever of its actions
// (status, triage, rapid review) came back with problems.
func (s *Server) renderRequestDetail(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p := currentPartnership(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	req, err := s.Intake.Detail(r.Context(), s.actor(r), id)
	if err != nil {
		return err
	}
	var review int64
	if req.Kind == intake.CSPR {
		if review, err = s.Reviews.ReviewOfRequest(r.Context(), p.ID, req.ID); err != nil {
			return err
		}
	}
	can := views.RequestAbilities{SeeWho: may(r, access.ViewInbox), Manage: may(r, access.ManageRequest),
		Triage: may(r, access.ManageLearning), ViewReview: may(r, access.ViewReview), StartReview: may(r, access.ManageReview)}
	v := views.NewRequestDetail(p.Slug, req, review, can)
	if req.Kind == intake.KLOE && v.Open && can.Triage { // the triage form, with the themes and recent meetings to choose from
		themes, err := s.Learning.Themes(r.Context(), learning.ThemeFilter{PartnershipID: p.ID})
		if err != nil {
			return err
		}
		recent, err := s.recentMeetings(r)
		if err != nil {
			return err
		}
		v.Triage = ptr(views.NewTriage(p.Slug, req.ID, req.Version, themes, recent))
	}
	if v.StartReview != nil && f.Value("clock_start") == "" {
		f.Values.Set("clock_start", "notification")
	}
	return s.render(w, r, status, views.RequestDetail(s.requestPage(w, r, errorTitle(req.Reference, f), req.Kind), f, v))
}

// setRequestStatus moves a request on, never over someone else's change in the meantime.
func (s *Server) setRequestStatus(w http.ResponseWriter, r *http.Request) error {
	p, id, f, err := s.recordForm(r, "id", access.ManageRequest, "request")
	if err != nil {
		return err
	}
	err = s.Intake.SetStatus(r.Context(), s.actor(r), intake.StatusInput{ID: id, To: intake.Status(f.Text("status")),
		Outcome: f.Text("outcome"), Version: f.Version()})
	// The detail page holds several forms: stale or invalid, it comes back as one with problems (422).
	return s.settle(w, r, f.Form, err, func(w http.ResponseWriter, r *http.Request, _ int, form views.Form) error {
		return s.renderRequestDetail(w, r, http.StatusUnprocessableEntity, form)
	}, paths.Request(p.Slug, id), "The request has been updated")
}
