package intake

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/identity"
	"github.com/scp-portal/portal/internal/mail"
	"github.com/scp-portal/portal/internal/notices"
	"github.com/scp-portal/portal/internal/partnership"
)

func (k Kind) draftAction() audit.Action {
	if k == CSPR {
		return audit.CSPRDraft
	}
	return audit.KLOEDraft
}

func (k Kind) submitAction() audit.Action {
	if k == CSPR {
		return audit.CSPRSubmit
	}
	return audit.KLOESubmit
}

// ErrIncomplete means a draft is not ready to send: its form shows what is missing.
var ErrIncomplete = errors.New("intake: the request has answers missing")

// Service reads and changes this package's records. Every change validates its input, then in
// one transaction makes the change, writes its audit record and queues any e-mail (app.Change).
// The caller has asked the access policy first; a request's own rules (a draft is its writer's
// alone) are asked of the policy here, where the request is loaded.
type Service struct {
	app.Env // the database, the portal's address and the clock
}

// View is a request as a page shows it: the questions of its kind, its documents and, for a sent
// one, its timeline.
type View struct {
	Request
	Spec        Spec
	Attachments []Attachment
	Timeline    []Event
}

// Spec builds the form of a kind of request for a partnership: its priorities and organisations
// are the choices.
func (s *Service) Spec(ctx context.Context, partnershipID int64, kind Kind) (Spec, error) {
	orgs, err := partnership.Organisations(ctx, s.DB, partnershipID)
	if err != nil {
		return Spec{}, err
	}
	opts := make([]Option, 0, len(orgs))
	for _, o := range orgs {
		opts = append(opts, Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name})
	}
	if kind == CSPR {
		return CSPRSpec(opts), nil
	}
	priorities, err := partnership.Priorities(ctx, s.DB, partnershipID)
	if err != nil {
		return Spec{}, err
	}
	return KLOESpec(priorities, opts), nil
}

// Blank returns a new request of kind, its answers about the writer filled in from their account.
func (s *Service) Blank(ctx context.Context, a app.Actor, kind Kind) (View, error) {
	u, err := identity.UserByID(ctx, s.DB, a.UserID)
	if err != nil {
		return View{}, err
	}
	v := url.Values{"requester_name": {u.Name}, "requester_job_title": {u.JobTitle}, "requester_email": {u.Email},
		"requester_phone": {u.Phone}}
	if u.OrganisationID != nil {
		v.Set("requester_organisation", strconv.FormatInt(*u.OrganisationID, 10))
	}
	spec, err := s.Spec(ctx, a.Partnership, kind)
	return View{Request: Request{Kind: kind, Answers: v}, Spec: spec}, err
}

// open loads request id of the actor's partnership for action (access.ViewRequest to read it,
// access.ChangeRequest to change, send or withdraw it), with kind, when given, the kind the address
// names. Someone who may not is told it does not exist, and the attempt is in the audit log.
func (s *Service) open(ctx context.Context, a app.Actor, id int64, kind Kind, action access.Action) (Request, error) {
	if !a.SignedIn() {
		return Request{}, app.ErrSignIn
	}
	req, err := Get(ctx, s.DB, a.Partnership, id)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return req, err
	}
	var d access.Decision
	if err != nil || kind != "" && req.Kind != kind {
		d = access.Decision{Reason: "no such request"}
	} else {
		d = access.Decide(a.Subject, action, access.Object{PartnershipID: a.Partnership, OwnerID: req.RequesterID,
			Draft: req.Status == Draft})
	}
	if d.Allowed {
		return req, nil
	}
	if err := app.Refused(ctx, s.DB, a, app.Event{Action: audit.RequestRead, ObjectType: "request", ObjectID: id, Detail: d.Reason}); err != nil {
		return Request{}, err
	}
	return Request{}, ErrNotFound
}

// read records that a read a CSPR consideration request, for what: every read of special category
// data is in the audit log.
func (s *Service) read(ctx context.Context, a app.Actor, req Request, what string) error {
	if !req.Kind.Sensitive() {
		return nil
	}
	return app.Read(ctx, s.DB, a, app.Event{Action: audit.CSPRRead, ObjectType: "request", ObjectID: req.ID, Detail: what})
}

// Sent returns the actor's own request id (of kind, when given) as it is now, draft or not.
func (s *Service) Sent(ctx context.Context, a app.Actor, id int64, kind Kind) (Request, error) {
	return s.open(ctx, a, id, kind, access.ChangeRequest)
}

// EditDraft returns the actor's own draft with its documents, to change it; ErrNotDraft if it has been
// sent.
func (s *Service) EditDraft(ctx context.Context, a app.Actor, id int64, kind Kind) (View, error) {
	req, err := s.open(ctx, a, id, kind, access.ChangeRequest)
	if err != nil {
		return View{}, err
	}
	if req.Status != Draft {
		return View{Request: req}, ErrNotDraft
	}
	v := View{Request: req}
	if v.Spec, err = s.Spec(ctx, a.Partnership, req.Kind); err != nil {
		return v, err
	}
	if v.Attachments, err = Attachments(ctx, s.DB, req.ID); err != nil {
		return v, err
	}
	return v, s.read(ctx, a, req, "draft")
}

// CheckDraft returns the actor's own draft to check before sending it: ErrNotDraft if it has been sent,
// ErrIncomplete if an answer is still missing or wrong.
func (s *Service) CheckDraft(ctx context.Context, a app.Actor, id int64, kind Kind) (View, error) {
	req, err := s.open(ctx, a, id, kind, access.ChangeRequest)
	if err != nil {
		return View{}, err
	}
	v := View{Request: req}
	if req.Status != Draft {
		return v, ErrNotDraft
	}
	if v.Spec, err = s.Spec(ctx, a.Partnership, req.Kind); err != nil {
		return v, err
	}
	if len(v.Spec.Validate(req.Answers, s.Today())) > 0 {
		return v, ErrIncomplete
	}
	if v.Attachments, err = Attachments(ctx, s.DB, req.ID); err != nil {
		return v, err
	}
	return v, s.read(ctx, a, req, "check answers")
}

// Detail returns a sent request with its documents and timeline, to someone who may read it.
func (s *Service) Detail(ctx context.Context, a app.Actor, id int64) (View, error) {
	req, err := s.open(ctx, a, id, "", access.ViewRequest)
	if err != nil {
		return View{}, err
	}
	if req.Status == Draft {
		return View{}, ErrNotFound // its writer continues it from its form, not here
	}
	v := View{Request: req}
	if v.Spec, err = s.Spec(ctx, a.Partnership, req.Kind); err != nil {
		return v, err
	}
	if v.Attachments, err = Attachments(ctx, s.DB, req.ID); err != nil {
		return v, err
	}
	events, err := Events(ctx, s.DB, []int64{req.ID})
	if err != nil {
		return v, err
	}
	v.Timeline = events[req.ID]
	if req.Kind == CSPR {
		stages, err := Stages(ctx, s.DB, a.Partnership, []int64{req.ID}, s.Today())
		if err != nil {
			return v, err
		}
		v.Stage = stages[req.ID]
	}
	return v, s.read(ctx, a, req, "detail")
}

// Attachment returns a document of a request, with its content, to someone who may read the
// request, and records the download.
func (s *Service) Attachment(ctx context.Context, a app.Actor, requestID, id int64) (Attachment, []byte, error) {
	req, err := s.open(ctx, a, requestID, "", access.ViewRequest)
	if err != nil {
		return Attachment{}, nil, err
	}
	att, data, err := AttachmentData(ctx, s.DB, req.ID, id)
	if err != nil {
		return att, nil, err
	}
	err = app.Read(ctx, s.DB, a, app.Event{Action: audit.AttachmentDownload, ObjectType: "attachment", ObjectID: att.ID,
		Detail: fmt.Sprintf("request %d", req.ID)})
	return att, data, err
}

// Submission is one of a person's own requests with what has happened to it.
type Submission struct {
	Request
	Timeline []Event
}

// Mine returns page p of the actor's own requests in their partnership, drafts included, newest
// first, each with its timeline and, for a CSPR consideration request, its stage downstream
// (three queries).
func (s *Service) Mine(ctx context.Context, a app.Actor, p app.Page) (app.Paged[Submission], error) {
	list, err := Mine(ctx, s.DB, a.Partnership, a.UserID, p)
	if err != nil {
		return app.Paged[Submission]{}, err
	}
	page := app.PageOf(list, p)
	reqs := page.Rows
	ids := make([]int64, 0, len(reqs))
	for _, q := range reqs {
		ids = append(ids, q.ID)
	}
	events, err := Events(ctx, s.DB, ids)
	if err != nil {
		return app.Paged[Submission]{}, err
	}
	stages, err := Stages(ctx, s.DB, a.Partnership, ids, s.Today())
	if err != nil {
		return app.Paged[Submission]{}, err
	}
	out := make([]Submission, 0, len(reqs))
	for _, q := range reqs {
		q.Stage = stages[q.ID]
		out = append(out, Submission{Request: q, Timeline: events[q.ID]})
	}
	return app.Paged[Submission]{Rows: out, Page: p, More: page.More}, nil
}

// Kinds are the kinds of request, as the inbox's filter names them.
var Kinds = app.Choices{{Value: string(KLOE), Label: "Key Lines of Enquiry"}, {Value: string(CSPR), Label: "CSPR consideration requests"}}

// SentStatuses are the statuses of a sent request, as the inbox's filter names them.
var SentStatuses = app.Choices{{Value: string(Received), Label: Received.Label()}, {Value: string(Considering), Label: Considering.Label()},
	{Value: string(Closed), Label: Closed.Label()}, {Value: string(Withdrawn), Label: Withdrawn.Label()}}

// InboxQuery selects a page of the inbox. Empty fields match everything.
type InboxQuery struct {
	Kind           Kind
	OrganisationID int64
	Status         Status
	From, To       *time.Time // the first and last days received, as days in England
	Page           app.Page   // the page of the inbox asked for
}

// Inbox returns one page of the requests sent to the actor's partnership, newest first, each with
// its stage (so its StatusLabel reads as on its page and "My submissions"), and how many match in
// all, in one query.
func (s *Service) Inbox(ctx context.Context, a app.Actor, q InboxQuery) ([]Request, int, error) {
	f := q.filter(a)
	f.Today = s.Today()
	return Inbox(ctx, s.DB, f)
}

// ExportInbox downloads the inbox as q selects it (every page), calling fn with each request as
// it is read, after recording the download (filters: the names of the filters set).
func (s *Service) ExportInbox(ctx context.Context, a app.Actor, q InboxQuery, filters []string, fn func(Request) error) error {
	if err := app.Exported(ctx, s.DB, a, "inbox", filters); err != nil {
		return err
	}
	f := q.filter(a)
	f.Today = s.Today()
	return EachInInbox(ctx, s.DB, f, fn)
}

// filter is the query as the inbox's SQL takes it, on the actor's partnership.
func (q InboxQuery) filter(a app.Actor) Filter {
	f := Filter{PartnershipID: a.Partnership, Kind: q.Kind, OrganisationID: q.OrganisationID, Status: q.Status,
		Page: q.Page}
	if q.From != nil {
		f.From = startOfDay(*q.From, 0)
	}
	if q.To != nil {
		f.To = startOfDay(*q.To, 1) // the whole of the last day
	}
	return f
}

// startOfDay is the start of the day days after d, in England.
func startOfDay(d time.Time, days int) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day()+days, 0, 0, 0, 0, app.London)
}

// SaveInput is a draft as its form posts it.
type SaveInput struct {
	ID      int64      // the draft's id; 0 for a new one
	Kind    Kind       // the kind of request
	FormKey string     // a new draft's form key: the same blank form posted twice makes one draft
	Answers url.Values // as posted: only the spec's fields are kept
	Files   []Upload   // documents to add (a KLOE request's only)
	Remove  int64      // a document to remove, 0 for none
	// Check is set when the writer goes on to check their answers: every answer is validated,
	// not only whether it can be kept.
	Check bool
}

// NewFormKey is the key a blank form is given, so that sending it twice saves one draft.
func NewFormKey() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// ValidFormKey reports whether key is a form key as a blank form is given one.
func ValidFormKey(key string) bool {
	if len(key) != 32 {
		return false
	}
	for _, c := range key {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// SaveDraft keeps the writer's answers and documents as a draft, new or their own, and returns it.
// The Invalid error returned with the draft lists every problem, answers first, then refused
// documents. A draft already saved keeps whatever was typed, wrong or not. A new form whose first
// "Continue" (in.Check) has answers missing or wrong saves nothing, so no untitled draft is left
// behind: the form comes back with the answers as typed, and any documents are to be chosen again.
// Answers too long to store are never saved. ErrNotDraft means the request was sent meanwhile
// (from another tab).
func (s *Service) SaveDraft(ctx context.Context, a app.Actor, in SaveInput) (View, error) {
	v := View{Request: Request{ID: in.ID, Kind: in.Kind}}
	if in.ID != 0 {
		req, err := s.open(ctx, a, in.ID, in.Kind, access.ChangeRequest)
		if err != nil {
			return v, err
		}
		if req.Status != Draft {
			return v, ErrNotDraft
		}
	}
	spec, err := s.Spec(ctx, a.Partnership, in.Kind)
	if err != nil {
		return v, err
	}
	v.Spec = spec
	answers := spec.Keep(in.Answers)
	v.Answers = answers
	var problems app.Problems
	addAll := func(errs []FieldError) {
		for _, e := range errs {
			problems.Add(e.Field, e.Message)
		}
	}
	today := s.Today()
	if errs := spec.DraftProblems(answers); len(errs) > 0 { // too long to keep even as a draft
		addAll(errs)
		if in.Check {
			addAll(spec.Validate(answers, today))
		}
		return v, problems.Err()
	}
	if in.ID == 0 && in.Check {
		if errs := spec.Validate(answers, today); len(errs) > 0 { // a first "Continue" that fails: nothing saved
			addAll(errs)
			if len(in.Files) > 0 && in.Kind == KLOE {
				problems.Add("files", "Choose your documents again: nothing is kept until the form has no problems, or is saved as a draft")
			}
			return v, problems.Err()
		}
	}
	var refused app.Problems
	err = app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		id, err := SaveDraft(ctx, tx, DraftInput{ID: in.ID, PartnershipID: a.Partnership, Kind: in.Kind, FormKey: in.FormKey,
			Answers: answers, Requester: Requester{ID: a.UserID, Name: a.Name, Email: a.Email}})
		if err != nil {
			return app.Event{}, err
		}
		v.ID = id
		if in.Remove != 0 {
			if err := RemoveAttachment(ctx, tx, id, in.Remove); err != nil && !errors.Is(err, ErrNotFound) {
				return app.Event{}, err
			}
		}
		if in.Kind == KLOE {
			if refused, err = addFiles(ctx, tx, id, in.Files); err != nil {
				return app.Event{}, err
			}
		}
		return app.Event{Action: in.Kind.draftAction(), ObjectType: "request", ObjectID: id}, nil
	})
	if errors.Is(err, ErrNotDraft) {
		return v, ErrNotDraft
	}
	if err != nil {
		return v, err
	}
	if in.Check {
		addAll(spec.Validate(answers, today))
	}
	for _, e := range refused {
		problems.Add(e.Field, e.Message)
	}
	if len(problems) == 0 {
		return v, nil
	}
	if v.Attachments, err = Attachments(ctx, s.DB, v.ID); err != nil {
		return v, err
	}
	return v, problems.Err()
}

// Unsaved returns the form in as posted, with only the spec's answers and nothing saved: the form
// shown again with one more child block ("Add another child"). A draft must be the actor's own
// and not yet sent (ErrNotDraft); a new form's access the caller has asked.
func (s *Service) Unsaved(ctx context.Context, a app.Actor, in SaveInput) (View, error) {
	v := View{Request: Request{ID: in.ID, Kind: in.Kind}}
	var err error
	if in.ID != 0 {
		v, err = s.EditDraft(ctx, a, in.ID, in.Kind) // its spec and documents too
	} else {
		v.Spec, err = s.Spec(ctx, a.Partnership, in.Kind)
	}
	v.Answers = v.Spec.Keep(in.Answers)
	return v, err
}

// Submit sends the actor's own draft: it gets its reference, the writer an acknowledgement, and
// the Engine Room and business unit a notice, all in one transaction. Sending it again (a double
// click, or back and send) makes nothing new and returns it as it is. ErrIncomplete means an answer
// is still missing or wrong.
func (s *Service) Submit(ctx context.Context, a app.Actor, p partnership.Partnership, id int64, kind Kind) (Request, error) {
	req, err := s.open(ctx, a, id, kind, access.ChangeRequest)
	if err != nil || req.Status != Draft {
		return req, err
	}
	spec, err := s.Spec(ctx, p.ID, req.Kind)
	if err != nil {
		return req, err
	}
	now := s.Time()
	if len(spec.Validate(req.Answers, partnership.Today(now))) > 0 {
		return req, ErrIncomplete
	}
	err = app.ChangeMany(ctx, s.DB, a, func(tx pgx.Tx) ([]app.Event, error) {
		res, err := Submit(ctx, tx, p.ID, req.ID, req.RequesterID, p.ShortName, now)
		if err != nil || res.AlreadySubmitted {
			req = res.Request
			return nil, err
		}
		req = res.Request
		// The acknowledgement goes to the account's own address, not one typed into the form.
		if err := mail.Enqueue(ctx, tx, acknowledgement(a.Email, p, req, s.BaseURL)); err != nil {
			return nil, err
		}
		to, err := notices.Members(ctx, tx, p.ID, partnership.Today(now), "engine_room", "business_unit")
		if err != nil {
			return nil, err
		}
		if err := notices.Send(ctx, tx, s.BaseURL, arrival(p, req, s.BaseURL), to...); err != nil {
			return nil, err
		}
		return []app.Event{{Action: req.Kind.submitAction(), ObjectType: "request", ObjectID: req.ID, Detail: req.Reference}}, nil
	})
	return req, err
}

// Withdraw withdraws the actor's own request, with their reason, if the Engine Room has not looked
// at it yet. It returns the request, for its reference, with any error.
func (s *Service) Withdraw(ctx context.Context, a app.Actor, id int64, reason string) (Request, error) {
	req, err := s.open(ctx, a, id, "", access.ChangeRequest)
	if err != nil {
		return req, err
	}
	if strings.TrimSpace(reason) == "" {
		return req, app.InvalidField("reason", "Say why you are withdrawing the request")
	}
	err = app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		return app.Event{Action: audit.RequestWithdraw, ObjectType: "request", ObjectID: req.ID, Detail: req.Reference},
			Withdraw(ctx, tx, a.Partnership, req.ID, req.RequesterID, reason, s.Time())
	})
	if errors.Is(err, ErrTooLate) {
		return req, app.ConflictField("reason", req.Reference+" cannot be withdrawn now: the Engine Room has already looked at it")
	}
	return req, err
}

// StatusInput moves a request on.
type StatusInput struct {
	ID      int64
	To      Status // Considering, or Closed with an outcome
	Outcome string // what the writer reads
	Version int    // the request's version when the form was loaded
}

// SetStatus moves a sent request on: being considered, or closed with the outcome its writer reads.
// A change someone else made in the meantime is not overwritten.
func (s *Service) SetStatus(ctx context.Context, a app.Actor, in StatusInput) error {
	var problems app.Problems
	switch in.To {
	case Considering:
	case Closed:
		if strings.TrimSpace(in.Outcome) == "" {
			problems.Add("outcome", "Write the outcome the requester will read")
		}
	default:
		problems.Add("status", "Choose what is happening to the request")
	}
	if err := problems.Err(); err != nil {
		return err
	}
	err := app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: audit.RequestStatus, ObjectType: "request", ObjectID: in.ID, Detail: string(in.To)}
		if err := SetStatus(ctx, tx, a.Partnership, in.ID, a.UserID, in.To, in.Outcome, in.Version, s.Time()); err != nil || in.To != Closed {
			return ev, err
		}
		return ev, NotifyOutcome(ctx, tx, s.BaseURL, a.Partnership, in.ID)
	})
	if errors.Is(err, ErrConflict) {
		current, gerr := Get(ctx, s.DB, a.Partnership, in.ID)
		if gerr != nil {
			return gerr
		}
		return app.Stale("status", "has moved this request on", "it is now: "+current.Status.Label(), current.Version)
	}
	return err
}

// DeleteDraft deletes the actor's own draft of kind (when given), with its documents: a request
// they decided not to send. A request already sent is not a draft (ErrNotDraft) and stays.
func (s *Service) DeleteDraft(ctx context.Context, a app.Actor, id int64, kind Kind) (Kind, error) {
	req, err := s.open(ctx, a, id, kind, access.ChangeRequest)
	if err != nil {
		return "", err
	}
	if req.Status != Draft {
		return req.Kind, ErrNotDraft
	}
	return req.Kind, app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		tag, err := tx.Exec(ctx, `DELETE FROM intake_request WHERE partnership_id = $1 AND id = $2 AND requester_id = $3 AND status = 'draft'`,
			a.Partnership, id, a.UserID)
		if err != nil {
			return app.Event{}, fmt.Errorf("intake: delete draft: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return app.Event{}, ErrNotDraft
		}
		return app.Event{Action: audit.RequestDraftDelete, ObjectType: "request", ObjectID: id, Detail: string(req.Kind)}, nil
	})
}
