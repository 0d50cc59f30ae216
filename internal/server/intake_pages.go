package server

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/intake"
	"github.com/scp-portal/portal/internal/learning"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/internal/reviews"
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

// mySubmissions lists the person's own requests with their timelines, in two queries.
func (s *Server) mySubmissions(w http.ResponseWriter, r *http.Request) {
	p := currentPartnership(r)
	subj := subject(r)
	if !s.allowed(w, r, access.SubmitRequest, access.Object{PartnershipID: p.ID}, "request", "") {
		return
	}
	reqs, err := intake.Mine(r.Context(), s.DB, p.ID, subj.UserID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	ids := make([]int64, 0, len(reqs))
	for _, q := range reqs {
		ids = append(ids, q.ID)
	}
	events, err := intake.Events(r.Context(), s.DB, ids)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	items := make([]views.SubmissionView, 0, len(reqs))
	for _, q := range reqs {
		it := views.SubmissionView{Reference: q.Reference, KindLabel: q.Kind.Label(), Title: q.Title, Created: q.CreatedAt,
			Status: q.Status.Label(), StatusTag: statusTagOf[q.Status], Timeline: timeline(events[q.ID], false)}
		switch q.Status {
		case intake.Draft:
			it.ContinueHref = requestBase(p, q.Kind, q.ID) + "/edit"
		case intake.Received:
			it.WithdrawHref = fmt.Sprintf("/%s/my/submissions/%d/withdraw", p.Slug, q.ID)
		}
		if q.Status != intake.Draft {
			it.ViewHref = fmt.Sprintf("/%s/inbox/%d", p.Slug, q.ID)
		}
		items = append(items, it)
	}
	s.render(w, r, http.StatusOK, views.MySubmissions(s.page(w, r, "My submissions"), items, "/"+p.Slug+"/kloe/new", "/"+p.Slug+"/cspr/new"))
}

// withdrawForm asks why the person is withdrawing their request.
func (s *Server) withdrawForm(w http.ResponseWriter, r *http.Request) {
	req, ok := s.loadRequest(w, r, true)
	if !ok {
		return
	}
	s.renderWithdraw(w, r, http.StatusOK, req, views.NewForm(nil))
}

func (s *Server) renderWithdraw(w http.ResponseWriter, r *http.Request, status int, req intake.Request, f views.Form) {
	p := currentPartnership(r)
	title := "Withdraw your request"
	title = errorTitle(title, f)
	pg := s.page(w, r, title)
	pg.Confidential = req.Kind.Sensitive()
	s.render(w, r, status, views.WithdrawForm(pg, f, req.Reference, fmt.Sprintf("/%s/my/submissions/%d/withdraw", p.Slug, req.ID)))
}

// withdraw withdraws the person's request, with their reason, if the Engine Room has not looked
// at it yet.
func (s *Server) withdraw(w http.ResponseWriter, r *http.Request) {
	req, ok := s.loadRequest(w, r, true)
	if !ok || !s.parseForm(w, r) {
		return
	}
	p := currentPartnership(r)
	f := views.NewForm(r.PostForm)
	err := database.InTx(r.Context(), s.DB, func(tx pgx.Tx) error {
		if err := intake.Withdraw(r.Context(), tx, p.ID, req.ID, req.RequesterID, r.PostForm.Get("reason"), s.Now()); err != nil {
			return err
		}
		return audit.Record(r.Context(), tx, s.auditEntry(r, "request.withdraw", "request", req.ID, req.Reference))
	})
	switch {
	case errors.Is(err, intake.ErrNoReason):
		f.AddError("reason", "Say why you are withdrawing the request")
		s.renderWithdraw(w, r, http.StatusUnprocessableEntity, req, f)
		return
	case errors.Is(err, intake.ErrTooLate):
		f.AddError("reason", req.Reference+" cannot be withdrawn now: the Engine Room has already looked at it")
		s.renderWithdraw(w, r, http.StatusConflict, req, f)
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	s.redirectWithFlash(w, r, "/"+p.Slug+"/my/submissions", req.Reference+" has been withdrawn")
}

var inboxStatuses = []views.Option{{Value: "", Label: "Any status"}, {Value: string(intake.Received), Label: "Received"},
	{Value: string(intake.Considering), Label: "Being considered"}, {Value: string(intake.Closed), Label: "Outcome given"},
	{Value: string(intake.Withdrawn), Label: "Withdrawn"}}

var inboxKinds = []views.Option{{Value: "", Label: "Both kinds"}, {Value: string(intake.KLOE), Label: "Key Lines of Enquiry"},
	{Value: string(intake.CSPR), Label: "CSPR consideration requests"}}

// inbox lists the requests sent to the partnership, newest first, filtered and paged, in three
// queries whatever the page size.
func (s *Server) inbox(w http.ResponseWriter, r *http.Request) {
	p := currentPartnership(r)
	if !s.allowed(w, r, access.ViewInbox, access.Object{PartnershipID: p.ID}, "inbox", "") {
		return
	}
	in := r.URL.Query()
	f := views.NewForm(url.Values{"kind": {in.Get("kind")}, "organisation": {in.Get("organisation")}, "status": {in.Get("status")},
		"from": {in.Get("from")}, "to": {in.Get("to")}})
	flt := intake.Filter{PartnershipID: p.ID, Kind: intake.Kind(in.Get("kind")), Status: intake.Status(in.Get("status")), PerPage: 25}
	if flt.Kind != "" && flt.Kind != intake.KLOE && flt.Kind != intake.CSPR {
		f.AddError("kind", "Choose a kind from the list")
	}
	if optionLabelOf(inboxStatuses, string(flt.Status)) == "" {
		f.AddError("status", "Choose a status from the list")
	}
	if o := in.Get("organisation"); o != "" {
		var err error
		if flt.OrganisationID, err = strconv.ParseInt(o, 10, 64); err != nil {
			f.AddError("organisation", "Choose an organisation from the list")
		}
	}
	for _, d := range []struct {
		field string
		dst   *time.Time
		add   int
	}{{"from", &flt.From, 0}, {"to", &flt.To, 1}} {
		if v := in.Get(d.field); v != "" {
			t, ok := parseDate(v)
			if !ok {
				f.AddError(d.field, "Enter a real date as day month year, for example 1 4 2026")
				continue
			}
			*d.dst = time.Date(t.Year(), t.Month(), t.Day()+d.add, 0, 0, 0, 0, london())
		}
	}
	flt.Page, _ = strconv.Atoi(in.Get("page"))
	if flt.Page < 1 {
		flt.Page = 1
	}
	orgs, err := partnership.Organisations(r.Context(), s.DB, p.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := views.InboxView{Action: "/" + p.Slug + "/inbox", Kinds: inboxKinds, Statuses: inboxStatuses,
		Organisations: []views.Option{{Value: "", Label: "Any organisation"}}}
	for _, o := range orgs {
		v.Organisations = append(v.Organisations, views.Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name})
	}
	status := http.StatusOK
	if f.Invalid() {
		status = http.StatusUnprocessableEntity
	} else {
		list, total, err := intake.Inbox(r.Context(), s.DB, flt)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		v.Total = total
		for _, q := range list {
			v.Rows = append(v.Rows, views.InboxRow{Href: fmt.Sprintf("/%s/inbox/%d", p.Slug, q.ID), Reference: q.Reference,
				KindLabel: q.Kind.Label(), Title: q.Title, From: q.OrganisationName, Received: *q.SubmittedAt,
				Status: q.Status.Label(), StatusTag: statusTagOf[q.Status]})
		}
		first := (flt.Page-1)*flt.PerPage + 1
		switch {
		case total == 0:
			v.Showing = "No requests match."
		default:
			v.Showing = fmt.Sprintf("Showing %d to %d of %d requests, newest first.", first, first+len(list)-1, total)
		}
		page := func(n int) string {
			q := url.Values{}
			for k, vals := range in {
				q[k] = vals
			}
			q.Set("page", strconv.Itoa(n))
			return "/" + p.Slug + "/inbox?" + q.Encode()
		}
		if flt.Page > 1 {
			v.PrevHref = page(flt.Page - 1)
		}
		if flt.Page*flt.PerPage < total {
			v.NextHref = page(flt.Page + 1)
		}
	}
	title := "Inbox"
	if f.Invalid() {
		title = "Error: Inbox"
	}
	s.render(w, r, status, views.Inbox(s.page(w, r, title), f, v))
}

func optionLabelOf(opts []views.Option, value string) string {
	for _, o := range opts {
		if o.Value == value {
			return o.Label
		}
	}
	return ""
}

// requestDetail shows one request to the Engine Room, business unit or scrutiny (or its writer),
// recording the read of a CSPR consideration request. Opened from a meeting's agenda, its triage
// form names that meeting.
func (s *Server) requestDetail(w http.ResponseWriter, r *http.Request) {
	s.renderRequestDetail(w, r, http.StatusOK, views.NewForm(url.Values{"meeting": {r.URL.Query().Get("meeting")}}))
}

func (s *Server) renderRequestDetail(w http.ResponseWriter, r *http.Request, status int, f views.Form) {
	req, ok := s.loadRequest(w, r, false)
	if !ok {
		return
	}
	p := currentPartnership(r)
	if req.Status == intake.Draft {
		s.notFound(w, r) // a draft is its writer's alone
		return
	}
	spec, err := s.spec(r, req.Kind, p)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	atts, err := intake.Attachments(r.Context(), s.DB, req.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	events, err := intake.Events(r.Context(), s.DB, []int64{req.ID})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if !s.auditRead(w, r, req, "detail") {
		return
	}
	v := views.RequestDetailView{Reference: req.Reference, KindLabel: req.Kind.Label(), Status: req.Status.Label(),
		StatusTag: statusTagOf[req.Status], Received: *req.SubmittedAt, Sections: answerSections(spec, req.Answers, ""),
		Timeline: timeline(events[req.ID], access.Decide(subject(r), access.ViewInbox, access.Object{PartnershipID: p.ID}).Allowed), StatusAction: fmt.Sprintf("/%s/inbox/%d/status", p.Slug, req.ID), Version: req.Version,
		Open:      req.Status == intake.Received || req.Status == intake.Considering,
		CanManage: access.Decide(subject(r), access.ManageRequest, access.Object{PartnershipID: p.ID}).Allowed}
	for _, a := range atts {
		v.Attachments = append(v.Attachments, views.AttachmentView{Name: a.Filename, Size: humanSize(a.Size), Href: attachmentHref(p, req.ID, a.ID)})
	}
	if req.Kind == intake.KLOE && v.Open && access.Decide(subject(r), access.ManageLearning, access.Object{PartnershipID: p.ID}).Allowed {
		themes, err := learning.Themes(r.Context(), s.DB, learning.ThemeFilter{PartnershipID: p.ID})
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		meetings, err := s.recentMeetings(r, p)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		tv := &views.TriageView{Action: fmt.Sprintf("/%s/inbox/%d/triage", p.Slug, req.ID), Version: req.Version,
			Themes: []views.Option{{Value: "", Label: "Choose a theme"}}, Meetings: meetings}
		for _, t := range themes {
			if t.Status != "closed" {
				tv.Themes = append(tv.Themes, views.Option{Value: strconv.FormatInt(t.ID, 10), Label: t.Title})
			}
		}
		v.Triage = tv
	}
	if req.Kind == intake.CSPR {
		existing, err := reviews.ByRequest(r.Context(), s.DB, p.ID, req.ID)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		switch {
		case existing != 0:
			if access.Decide(subject(r), access.ViewReview, access.Object{PartnershipID: p.ID}).Allowed {
				v.ReviewHref = reviewHref(p, existing)
			}
		case v.Open && access.Decide(subject(r), access.ManageReview, access.Object{PartnershipID: p.ID}).Allowed:
			v.StartReview = &views.StartReviewView{Action: fmt.Sprintf("/%s/inbox/%d/rapid-review", p.Slug, req.ID)}
			if f.Value("clock_start") == "" {
				f.Values.Set("clock_start", "notification")
			}
		}
	}
	title := errorTitle(req.Reference, f)
	pg := s.page(w, r, title)
	pg.Confidential = req.Kind.Sensitive()
	s.render(w, r, status, views.RequestDetail(pg, f, v))
}

// setRequestStatus moves a request on: being considered, or closed with the outcome its writer
// reads. A change made by someone else in the meantime is not overwritten.
func (s *Server) setRequestStatus(w http.ResponseWriter, r *http.Request) {
	p := currentPartnership(r)
	id, ok := s.idParam(w, r, "id")
	if !ok || !s.allowed(w, r, access.ManageRequest, access.Object{PartnershipID: p.ID}, "request", strconv.FormatInt(id, 10)) ||
		!s.parseForm(w, r) {
		return
	}
	f := views.NewForm(r.PostForm)
	to := intake.Status(f.Value("status"))
	version, _ := strconv.Atoi(f.Value("version"))
	err := database.InTx(r.Context(), s.DB, func(tx pgx.Tx) error {
		if err := intake.SetStatus(r.Context(), tx, p.ID, id, subject(r).UserID, to, f.Value("outcome"), version, s.Now()); err != nil {
			return err
		}
		return audit.Record(r.Context(), tx, s.auditEntry(r, "request.status", "request", id, string(to)))
	})
	switch {
	case errors.Is(err, intake.ErrBadStatus):
		f.AddError("status", "Choose what is happening to the request")
	case errors.Is(err, intake.ErrNoOutcome):
		f.AddError("outcome", "Write the outcome the requester will read")
	case errors.Is(err, intake.ErrConflict):
		f.AddError("status", "Someone else has moved this request on since you opened it: check what they did below")
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	if f.Invalid() {
		s.renderRequestDetail(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	s.redirectWithFlash(w, r, fmt.Sprintf("/%s/inbox/%d", p.Slug, id), "The request has been updated")
}
