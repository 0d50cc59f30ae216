package reviews

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/intake"
	"github.com/scp-portal/portal/internal/signoff"
)

// Service reads and changes this package's records. Every change validates its input, then in
// one transaction makes the change, writes its audit record and queues any e-mail (app.Change).
// The caller has asked the access policy first.
type Service struct {
	app.Env // the database, the portal's address and the clock
}

// maxAnswer is the longest a workspace's answer may be, in characters.
const maxAnswer = 20000

// Started is what starting a rapid review gives back: the review, and whether it had been started
// from the same request before (a second click, or someone else first), when nothing new was made.
type Started struct {
	ID      int64
	Already bool
}

// Start starts a rapid review in the partnership pid, whose short name prefixes its reference:
// from the CSPR consideration request requestID, or directly (requestID 0) for an incident the
// local authority notified.
func (s *Service) Start(ctx context.Context, a app.Actor, pid int64, prefix string, requestID int64, in StartInput) (Started, error) {
	if requestID != 0 {
		req, err := intake.Get(ctx, s.DB, pid, requestID)
		if err != nil {
			return Started{}, err
		}
		if req.Kind != intake.CSPR {
			return Started{}, ErrNotFound // only a CSPR consideration request starts a review
		}
		in.Request = &req
	}
	if err := in.Validate(s.Today()); err != nil {
		return Started{}, err
	}
	cal, err := Calendar(ctx, s.DB)
	if err != nil {
		return Started{}, err
	}
	var id int64
	err = app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		var err error
		id, err = Start(ctx, tx, pid, prefix, a.UserID, in, cal, s.Time())
		if err == nil && in.Request != nil {
			err = intake.NotifyReviewStarted(ctx, tx, s.BaseURL, *in.Request)
		}
		return app.Event{Action: audit.ReviewStart, ObjectType: "rapid_review", ObjectID: id}, err
	})
	if in.Request != nil && (errors.Is(err, ErrNotAllowed) || errors.Is(err, intake.ErrConflict)) {
		existing, lerr := ByRequest(ctx, s.DB, pid, in.Request.ID)
		if lerr != nil {
			return Started{}, lerr
		}
		if existing != 0 {
			return Started{ID: existing, Already: true}, nil
		}
		return Started{}, app.Stale("review_title", "has moved this request on", "", 0)
	}
	return Started{ID: id}, err
}

// Assessed is a rapid review with how it stands today.
type Assessed struct {
	Listed
	Progress Progress
}

// Registry is a page of the register of rapid reviews with the statutory timeliness figures per
// year (of every review, not only the page's).
type Registry struct {
	Reviews app.Paged[Assessed]
	Years   []Timeliness
}

// Register returns page p of the partnership's rapid reviews, each assessed today, and the
// timeliness figures, and records the read.
func (s *Service) Register(ctx context.Context, a app.Actor, pid int64, p app.Page) (Registry, error) {
	list, err := RegisterPage(ctx, s.DB, pid, p)
	if err != nil {
		return Registry{}, err
	}
	cal, err := Calendar(ctx, s.DB)
	if err != nil {
		return Registry{}, err
	}
	today := s.Today()
	years, err := TimelinessByYear(ctx, s.DB, pid, cal, today)
	if err != nil {
		return Registry{}, err
	}
	page := app.PageOf(list, p)
	reg := Registry{Reviews: app.Paged[Assessed]{Rows: make([]Assessed, 0, len(page.Rows)), Page: page.Page, More: page.More}, Years: years}
	for _, l := range page.Rows {
		reg.Reviews.Rows = append(reg.Reviews.Rows, Assessed{Listed: l, Progress: Assess(l.Review, l.Agencies, l.SignedOff(), cal, today)})
	}
	return reg, app.Read(ctx, s.DB, a, app.Event{Action: audit.ReviewRegister, ObjectType: "rapid_review"})
}

// ExportRegister downloads the register, each review assessed today, calling fn with each as it
// is read (in batches: EachInRegister), after recording the download.
func (s *Service) ExportRegister(ctx context.Context, a app.Actor, pid int64, fn func(Assessed) error) error {
	if err := app.Exported(ctx, s.DB, a, "reviews", nil); err != nil {
		return err
	}
	cal, err := Calendar(ctx, s.DB)
	if err != nil {
		return err
	}
	today := s.Today()
	return EachInRegister(ctx, s.DB, pid, 500, func(l Listed) error {
		return fn(Assessed{Listed: l, Progress: Assess(l.Review, l.Agencies, l.SignedOff(), cal, today)})
	})
}

// Workspace is a rapid review with everything its workspace shows.
type Workspace struct {
	Review   Review
	Progress Progress
	Agencies []Agency
	CSPRID   int64 // the local CSPR it opened; 0 when none
	// SignOff is where its sign-off by the statutory partners stands; SignFor the partners still
	// to sign that the person signs for (their lead representative or a delegate), while it may
	// still be signed (before it goes to the national Panel).
	SignOff signoff.State
	SignFor []SignsFor
	Today   time.Time
}

// Locked reports whether the review is submitted for sign-off or signed off: its content and
// decision cannot change until it is reopened.
func (ws Workspace) Locked() bool { return ws.SignOff.Status() != "" }

// Workspace returns the rapid review id of the partnership pid with its progress today, and
// records the read.
func (s *Service) Workspace(ctx context.Context, a app.Actor, pid, id int64) (Workspace, error) {
	rv, err := Get(ctx, s.DB, pid, id)
	if err != nil {
		return Workspace{}, err
	}
	cal, err := Calendar(ctx, s.DB)
	if err != nil {
		return Workspace{}, err
	}
	agencies, err := Agencies(ctx, s.DB, []int64{id})
	if err != nil {
		return Workspace{}, err
	}
	st, err := signoff.Load(ctx, s.DB, pid, Subject(id))
	if err != nil {
		return Workspace{}, err
	}
	csprID, err := CSPROf(ctx, s.DB, id)
	if err != nil {
		return Workspace{}, err
	}
	ws := Workspace{Review: rv, Agencies: agencies[id], SignOff: st, CSPRID: csprID, Today: s.Today()}
	ws.Progress = Assess(rv, ws.Agencies, st.Status() == signoff.SignedOff, cal, ws.Today)
	if st.Status() == signoff.Open && rv.SentToPanelOn == nil {
		if ws.SignFor, err = s.signsFor(ctx, a, st); err != nil {
			return Workspace{}, err
		}
	}
	return ws, app.Read(ctx, s.DB, a, app.Event{Action: audit.ReviewRead, ObjectType: "rapid_review", ObjectID: id})
}

// WorkspaceInput is what a rapid review's workspace saves.
type WorkspaceInput struct {
	Version           int
	NotifiedOn        *time.Time // kept only when the clock runs from awareness
	ProgressMeetingOn *time.Time
	PanelMeetingOn    *time.Time
	Facts             string
	AgencyInvolvement string
	PracticeEpisodes  string
	SafetyAction      string
	Improvements      string
	Equality          string
	Draft             string
	Decision          string
	DecisionReasons   string
	SentToPanelOn     *time.Time
	PanelResponse     string
}

// validate checks the input against the review it changes, in the order of the workspace's
// fields.
func (in WorkspaceInput) validate(rv Review, today time.Time) error {
	var p app.Problems
	if rv.ClockStart != "notification" {
		if msg := NotificationProblem(rv.AwareOn, in.NotifiedOn, today); msg != "" {
			p.Add("notified_on-day", msg)
		}
	}
	for _, a := range []struct{ field, text string }{{"facts", in.Facts}, {"agency_involvement", in.AgencyInvolvement},
		{"practice_episodes", in.PracticeEpisodes}, {"safety_action", in.SafetyAction}, {"improvements", in.Improvements},
		{"equality", in.Equality}} {
		if len([]rune(strings.TrimSpace(a.text))) > maxAnswer {
			p.Add(a.field, "This answer must be 20,000 characters or fewer")
		}
	}
	if in.Decision != "" && !Decisions.Has(in.Decision) {
		p.Add("decision", "Choose a decision from the list")
	}
	if in.Decision != "" && strings.TrimSpace(in.DecisionReasons) == "" {
		p.Add("decision_reasons", "Give the reasons for the decision")
	} else if len([]rune(strings.TrimSpace(in.DecisionReasons))) > maxAnswer {
		p.Add("decision_reasons", "This answer must be 20,000 characters or fewer")
	}
	if in.SentToPanelOn != nil && strings.TrimSpace(in.Draft) == "" && strings.TrimSpace(rv.Draft) == "" {
		p.Add("sent_to_panel_on-day", "Write the draft before recording that it was sent")
	}
	if len([]rune(strings.TrimSpace(in.PanelResponse))) > maxAnswer {
		p.Add("panel_response", "This answer must be 20,000 characters or fewer")
	}
	return p.Err()
}

// SaveReview saves the workspace of the rapid review id, if it is still at in.Version. The dates
// the clock depends on do not change: the notification date is recorded here only when the clock
// runs from awareness. Once the review is put to the partners for sign-off its content and
// decision are locked (lockedFields): the dates and the national Panel's answer still save. A
// decision that opened a local CSPR never changes.
func (s *Service) SaveReview(ctx context.Context, a app.Actor, pid, id int64, in WorkspaceInput) error {
	rv, err := Get(ctx, s.DB, pid, id)
	if err != nil {
		return err
	}
	today := s.Today()
	if err := in.validate(rv, today); err != nil {
		return err
	}
	stored := rv
	rv.Version, rv.ProgressMeetingOn, rv.PanelMeetingOn, rv.SentToPanelOn, rv.DraftedOn = in.Version, in.ProgressMeetingOn, in.PanelMeetingOn, in.SentToPanelOn, &today
	if rv.ClockStart != "notification" {
		rv.NotifiedOn = in.NotifiedOn
	}
	rv.PanelResponse = strings.TrimSpace(in.PanelResponse)
	for _, f := range lockedFields(&rv, in) {
		*f.dst = strings.TrimSpace(f.src)
	}
	err = app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: audit.ReviewUpdate, ObjectType: "rapid_review", ObjectID: id}
		locked, err := signoff.Locked(ctx, tx, Subject(id))
		if err != nil {
			return ev, err
		}
		if locked {
			// What is not posted (the page shows it disabled) is kept; a change is refused.
			kept := stored
			for i, f := range lockedFields(&kept, in) {
				if posted := strings.TrimSpace(f.src); posted != "" && posted != *f.dst {
					return ev, signoff.LockedError(f.name)
				}
				*lockedFields(&rv, in)[i].dst = *f.dst
			}
		}
		csprID, err := CSPROf(ctx, tx, id)
		if err != nil {
			return ev, err
		}
		if csprID != 0 && rv.Decision != stored.Decision {
			return ev, app.ConflictField("decision", "A local review was opened on this decision, so the decision cannot change")
		}
		if rv.SentToPanelOn != nil && rv.Draft == "" {
			return ev, app.InvalidField("sent_to_panel_on-day", "Write the draft before recording that it was sent")
		}
		ev.Detail = rv.Decision
		return ev, Update(ctx, tx, rv)
	})
	if errors.Is(err, ErrConflict) {
		current, lerr := Get(ctx, s.DB, pid, id)
		if lerr != nil {
			return lerr
		}
		return app.Stale("facts", "saved this review", "", current.Version)
	}
	return err
}

// lockedField is a field of the workspace that sign-off locks: its form name, the review's value
// and what was posted for it.
type lockedField struct {
	name string
	dst  *string
	src  string
}

// lockedFields are the workspace's content and decision, which the partners sign: rv's fields
// with in's values, in the page's order.
func lockedFields(rv *Review, in WorkspaceInput) []lockedField {
	return []lockedField{{"facts", &rv.Facts, in.Facts}, {"agency_involvement", &rv.AgencyInvolvement, in.AgencyInvolvement},
		{"practice_episodes", &rv.PracticeEpisodes, in.PracticeEpisodes}, {"safety_action", &rv.SafetyAction, in.SafetyAction},
		{"improvements", &rv.Improvements, in.Improvements}, {"equality", &rv.Equality, in.Equality}, {"draft", &rv.Draft, in.Draft},
		{"decision", &rv.Decision, in.Decision}, {"decision_reasons", &rv.DecisionReasons, in.DecisionReasons}}
}

// RequestInformation asks the partnership's organisation orgID for its information to the rapid
// review id, by due, and e-mails the agency a link to send it through (agency_link.go).
func (s *Service) RequestInformation(ctx context.Context, a app.Actor, pid, id, orgID int64, due time.Time) error {
	return app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		rv, err := Get(ctx, tx, pid, id)
		if err != nil {
			return app.Event{}, err
		}
		err = RequestInformation(ctx, tx, pid, id, orgID, s.Today(), due)
		if errors.Is(err, ErrNotFound) {
			err = app.InvalidField("agency", "Choose an agency from the list")
		}
		if err == nil {
			err = s.sendAgencyLink(ctx, tx, id, orgID, rv.Reference, due)
		}
		return app.Event{Action: audit.ReviewRequestInformation, ObjectType: "rapid_review", ObjectID: id, Detail: strconv.FormatInt(orgID, 10)}, err
	})
}

// SummaryField is the workspace's field for the summary of the agency orgID.
func SummaryField(orgID int64) string { return "summary-" + strconv.FormatInt(orgID, 10) }

// RecordSummary records the summary of the agency orgID to the rapid review id, received today;
// the agency's link, no longer needed, stops working.
func (s *Service) RecordSummary(ctx context.Context, a app.Actor, pid, id, orgID int64, summary string) error {
	if t := strings.TrimSpace(summary); t == "" || len([]rune(t)) > maxAnswer {
		return app.InvalidField(SummaryField(orgID), "Write the agency's summary, 20,000 characters or fewer")
	}
	return app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		return app.Event{Action: audit.ReviewSummary, ObjectType: "rapid_review", ObjectID: id, Detail: strconv.FormatInt(orgID, 10)},
			RecordSummary(ctx, tx, pid, id, orgID, summary, s.Today())
	})
}

// ReviewOfRequest returns the id of the rapid review started from a CSPR consideration request,
// or 0 when none was.
func (s *Service) ReviewOfRequest(ctx context.Context, partnershipID, requestID int64) (int64, error) {
	return ByRequest(ctx, s.DB, partnershipID, requestID)
}
