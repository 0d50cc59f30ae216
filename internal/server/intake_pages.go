package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/intake"
	"github.com/scp-portal/portal/web/paths"
	"github.com/scp-portal/portal/web/views"
)

var statusTagOf = map[intake.Status]string{
	intake.Draft: "tag--grey", intake.Received: "", intake.Considering: "tag--yellow",
	intake.Closed: "tag--green", intake.Withdrawn: "tag--grey",
}

// timeline lists what happened to a request; with who set, it says who did each step (for the
// Engine Room's own view).
func timeline(events []intake.Event, who bool) []views.TimelineItem {
	items := make([]views.TimelineItem, 0, len(events))
	for _, e := range events {
		label := e.Status.Label()
		if e.Status == intake.Received {
			label = "Received by the partnership"
		}
		if who && e.ActorName != "" {
			label += " (" + e.ActorName + ")"
		}
		items = append(items, views.TimelineItem{Label: label, When: e.At, Note: e.Note})
	}
	return items
}

// mySubmissions lists the person's own requests with their timelines.
func (s *Server) mySubmissions(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.SubmitRequest, access.Object{PartnershipID: p.ID}, "request", ""); err != nil {
		return err
	}
	mine, err := s.Intake.Mine(r.Context(), s.actor(r))
	if err != nil {
		return err
	}
	items := make([]views.SubmissionView, 0, len(mine))
	for _, q := range mine {
		it := views.SubmissionView{Reference: q.Reference, KindLabel: q.Kind.Label(), Title: q.Title, Created: q.CreatedAt,
			Status: q.Status.Label(), StatusTag: statusTagOf[q.Status], Timeline: timeline(q.Timeline, false)}
		switch q.Status {
		case intake.Draft:
			it.ContinueHref = paths.EditRequest(p.Slug, string(q.Kind), q.ID)
		case intake.Received:
			it.WithdrawHref = paths.WithdrawRequest(p.Slug, q.ID)
		}
		if q.Status != intake.Draft {
			it.ViewHref = paths.Request(p.Slug, q.ID)
		}
		items = append(items, it)
	}
	return s.render(w, r, http.StatusOK, views.MySubmissions(s.page(w, r, "My submissions"), items, paths.NewKLOE(p.Slug), paths.CsprStart(p.Slug)))
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
	p := currentPartnership(r)
	pg := s.page(w, r, errorTitle("Withdraw your request", f))
	pg.Confidential = req.Kind.Sensitive()
	return s.render(w, r, status, views.WithdrawForm(pg, f, req.Reference, paths.WithdrawRequest(p.Slug, req.ID)))
}

// withdraw withdraws the person's own request, with their reason, if the Engine Room has not
// looked at it yet.
func (s *Server) withdraw(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := readForm(r)
	if err != nil {
		return err
	}
	req, err := s.Intake.Withdraw(r.Context(), s.actor(r), id, f.Text("reason"))
	if err != nil {
		status, ok := formError(&f.Form, err)
		if !ok {
			return err
		}
		return s.renderWithdraw(w, r, status, req, f.Form)
	}
	return s.redirectWithFlash(w, r, paths.MySubmissions(p.Slug), req.Reference+" has been withdrawn")
}

// optionalChoice reads a filter that may be left at its first option ("Any status"): "" then, or
// one of choices.
func optionalChoice(f *formReader, name string, choices app.Choices, message string) string {
	if f.Text(name) == "" {
		return ""
	}
	return f.Choice(name, choices, message)
}

// filterDate reads one of the inbox's date filters (three fields, like every date), which may be
// left empty. A date that does not exist keeps the filter's own instruction, which says how to
// type one.
func filterDate(f *formReader, name string) *time.Time {
	d := f.OptionalDate(name, "the date")
	for i, p := range f.Problems {
		if p.Field == name+"-day" {
			f.Problems[i].Message = "Enter a real date as day month year, for example 1 4 2026"
		}
	}
	return d
}

// inbox lists the requests sent to the partnership, newest first, filtered and paged, in three
// queries whatever the page size.
func (s *Server) inbox(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.ViewInbox, access.Object{PartnershipID: p.ID}, "inbox", ""); err != nil {
		return err
	}
	in := r.URL.Query()
	f := &formReader{Form: views.NewForm(in)}
	q := intake.InboxQuery{Kind: intake.Kind(optionalChoice(f, "kind", intake.Kinds, "Choose a kind from the list")),
		Status: intake.Status(optionalChoice(f, "status", intake.SentStatuses, "Choose a status from the list")),
		From:   filterDate(f, "from"), To: filterDate(f, "to")}
	if org := f.OptionalID("organisation", "Choose an organisation from the list"); org != nil {
		q.OrganisationID = *org
	}
	q.Page, _ = strconv.Atoi(in.Get("page"))
	q.Page = max(q.Page, 1)
	orgs, err := s.Partnership.Organisations(r.Context(), p.ID)
	if err != nil {
		return err
	}
	v := views.InboxView{Action: paths.Inbox(p.Slug), Kinds: choiceOptions(intake.Kinds, views.Option{Value: "", Label: "Both kinds"}),
		Statuses:      choiceOptions(intake.SentStatuses, views.Option{Value: "", Label: "Any status"}),
		Organisations: []views.Option{{Value: "", Label: "Any organisation"}}}
	for _, o := range orgs {
		v.Organisations = append(v.Organisations, views.Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name})
	}
	if status, ok := formError(&f.Form, f.Err(nil)); ok {
		return s.render(w, r, status, views.Inbox(s.page(w, r, errorTitle("Inbox", f.Form)), f.Form, v))
	}
	list, total, err := s.Intake.Inbox(r.Context(), s.actor(r), q)
	if err != nil {
		return err
	}
	v.Total = total
	for _, q := range list {
		v.Rows = append(v.Rows, views.InboxRow{Href: paths.Request(p.Slug, q.ID), Reference: q.Reference,
			KindLabel: q.Kind.Label(), Title: q.Title, From: q.OrganisationName, Received: *q.SubmittedAt,
			Status: q.Status.Label(), StatusTag: statusTagOf[q.Status]})
	}
	first := (q.Page-1)*intake.InboxPageSize + 1
	if total == 0 {
		v.Showing = "No requests match."
	} else {
		v.Showing = fmt.Sprintf("Showing %d to %d of %d requests, newest first.", first, first+len(list)-1, total)
	}
	page := func(n int) string {
		pq := url.Values{}
		for k, vals := range in {
			pq[k] = vals
		}
		pq.Set("page", strconv.Itoa(n))
		return paths.Inbox(p.Slug) + "?" + pq.Encode()
	}
	if q.Page > 1 {
		v.PrevHref = page(q.Page - 1)
	}
	if q.Page*intake.InboxPageSize < total {
		v.NextHref = page(q.Page + 1)
	}
	return s.render(w, r, http.StatusOK, views.Inbox(s.page(w, r, "Inbox"), f.Form, v))
}

// requestDetail shows one request to the Engine Room, business unit or scrutiny (or its writer),
// the service recording the read of a CSPR consideration request. Opened from a meeting's agenda,
// its triage form names that meeting.
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
	subj, obj := subject(r), access.Object{PartnershipID: p.ID}
	v := views.RequestDetailView{Reference: req.Reference, KindLabel: req.Kind.Label(), Status: req.Status.Label(),
		StatusTag: statusTagOf[req.Status], Received: *req.SubmittedAt, Sections: answerSections(req.Spec, req.Answers, ""),
		Timeline:     timeline(req.Timeline, access.Decide(subj, access.ViewInbox, obj).Allowed),
		StatusAction: paths.RequestStatus(p.Slug, req.ID), Version: req.Version, Attachments: attachmentViews(p.Slug, req.Attachments),
		Open:      req.Status == intake.Received || req.Status == intake.Considering,
		CanManage: access.Decide(subj, access.ManageRequest, obj).Allowed}
	if req.Kind == intake.KLOE && v.Open && access.Decide(subj, access.ManageLearning, obj).Allowed {
		tv, err := s.triageForm(r, p, req.ID, req.Version)
		if err != nil {
			return err
		}
		v.Triage = &tv
	}
	if req.Kind == intake.CSPR {
		existing, err := s.reviewOfRequest(r, p, req.ID)
		if err != nil {
			return err
		}
		switch {
		case existing != 0:
			if access.Decide(subj, access.ViewReview, obj).Allowed {
				v.ReviewHref = reviewHref(p, existing)
			}
		case v.Open && access.Decide(subj, access.ManageReview, obj).Allowed:
			v.StartReview = &views.StartReviewView{Action: paths.ReviewFromRequest(p.Slug, req.ID)}
			if f.Value("clock_start") == "" {
				f.Values.Set("clock_start", "notification")
			}
		}
	}
	pg := s.page(w, r, errorTitle(req.Reference, f))
	pg.Confidential = req.Kind.Sensitive()
	return s.render(w, r, status, views.RequestDetail(pg, f, v))
}

// setRequestStatus moves a request on: being considered, or closed with the outcome its writer
// reads. A change made by someone else in the meantime is not overwritten.
func (s *Server) setRequestStatus(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.authorize(r, access.ManageRequest, access.Object{PartnershipID: p.ID}, "request", strconv.FormatInt(id, 10)); err != nil {
		return err
	}
	f, err := readForm(r)
	if err != nil {
		return err
	}
	err = s.Intake.SetStatus(r.Context(), s.actor(r), intake.StatusInput{ID: id, To: intake.Status(f.Text("status")),
		Outcome: f.Text("outcome"), Version: f.Version()})
	if err != nil {
		if _, ok := formError(&f.Form, err); !ok {
			return err
		}
		// The detail page holds several forms: whichever comes back with problems, stale or
		// invalid, the page is answered as one with problems.
		return s.renderRequestDetail(w, r, http.StatusUnprocessableEntity, f.Form)
	}
	return s.redirectWithFlash(w, r, paths.Request(p.Slug, id), "The request has been updated")
}
