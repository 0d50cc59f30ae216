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
	"github.com/scp-portal/portal/internal/learning"
	"github.com/scp-portal/portal/internal/meetings"
	"github.com/scp-portal/portal/internal/partnership"
)

// OpenLocalReview opens the local CSPR the rapid review reviewID decided on, with its publication
// target publishMonths after today (0: DefaultPublishMonths). prefix, the partnership's short
// name, begins its reference. It returns the local CSPR's id.
func (s *Service) OpenLocalReview(ctx context.Context, a app.Actor, pid int64, prefix string, reviewID int64, publishMonths int) (int64, error) {
	if publishMonths == 0 {
		publishMonths = DefaultPublishMonths
	}
	cal, err := Calendar(ctx, s.DB)
	if err != nil {
		return 0, err
	}
	var id int64
	err = app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		rv, err := Get(ctx, tx, pid, reviewID)
		if err != nil {
			return app.Event{}, err
		}
		id, err = OpenCSPR(ctx, tx, pid, reviewID, prefix, publishMonths, cal, s.Today())
		if errors.Is(err, ErrNotAllowed) {
			err = app.ConflictField("decision", "A local review opens only from a rapid review that decided on one, once.")
		}
		return app.Event{Action: audit.LocalReviewOpen, ObjectType: "local_cspr", ObjectID: id, Detail: rv.Reference}, err
	})
	return id, err
}

// LocalReview is a local CSPR with everything its page shows.
type LocalReview struct {
	CSPR            CSPR
	Milestones      []Milestone
	Review          Review // the rapid review that decided on it
	Recommendations []learning.Recommendation
	Today           time.Time
	// Meetings are the Executive's meetings of the last month already held, at which an approval
	// of the reviewer may be recorded as a decision.
	Meetings []meetings.Meeting
	// Priorities are the partnership priorities it is tagged with, for the public library, and
	// PriorityChoices those it may be tagged with.
	Priorities      []string
	PriorityChoices []string
}

// LocalReview returns the local CSPR id of the partnership pid, and records the read.
func (s *Service) LocalReview(ctx context.Context, a app.Actor, pid, id int64) (LocalReview, error) {
	c, ms, err := GetCSPR(ctx, s.DB, pid, id)
	if err != nil {
		return LocalReview{}, err
	}
	rv, err := Get(ctx, s.DB, pid, c.ReviewID)
	if err != nil {
		return LocalReview{}, err
	}
	recs, err := learning.ReviewRecommendations(ctx, s.DB, c.ID)
	if err != nil {
		return LocalReview{}, err
	}
	held, err := s.approvalMeetings(ctx, pid)
	if err != nil {
		return LocalReview{}, err
	}
	tagged, err := CSPRPriorities(ctx, s.DB, c.ID)
	if err != nil {
		return LocalReview{}, err
	}
	list, err := partnership.Priorities(ctx, s.DB, pid)
	if err != nil {
		return LocalReview{}, err
	}
	return LocalReview{CSPR: c, Milestones: ms, Review: rv, Recommendations: recs, Today: s.Today(), Meetings: held,
			Priorities: tagged, PriorityChoices: PriorityChoices(list, tagged)},
		app.Read(ctx, s.DB, a, app.Event{Action: audit.LocalReviewRead, ObjectType: "local_cspr", ObjectID: c.ID})
}

// approvalMeetings returns the Executive's meetings of the last month already held, newest first
// (none when the partnership has no Executive).
func (s *Service) approvalMeetings(ctx context.Context, pid int64) ([]meetings.Meeting, error) {
	b, err := meetings.BodyOfKind(ctx, s.DB, pid, "executive")
	if errors.Is(err, meetings.ErrNoBody) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	today := s.Today()
	list, err := meetings.List(ctx, s.DB, b.ID, today.AddDate(0, -1, 0))
	held := list[:0]
	for _, m := range list {
		if !m.HeldOn.After(today) {
			held = append(held, m)
		}
	}
	return held, err
}

// stale is the refusal of a change to the local CSPR id made from an older version than its own,
// or its not-found when it is not there.
func (s *Service) stale(ctx context.Context, pid, id int64, field string) error {
	c, _, err := GetCSPR(ctx, s.DB, pid, id)
	if err != nil {
		return err
	}
	return app.Stale(field, "changed this local review", "", c.Version)
}

// ReviewerInput is the proposed reviewer of a local CSPR and its terms of reference.
type ReviewerInput struct {
	Version  int
	Reviewer string
	Terms    string
}

// ProposeReviewer saves the proposed reviewer and terms of reference of the local CSPR id, if it
// is still at in.Version. A change of reviewer needs the Executive's approval again.
func (s *Service) ProposeReviewer(ctx context.Context, a app.Actor, pid, id int64, in ReviewerInput) error {
	var p app.Problems
	if r := strings.TrimSpace(in.Reviewer); r == "" || len([]rune(r)) > 200 {
		p.Add("reviewer", "Enter the proposed reviewer, 200 characters or fewer")
	}
	if len([]rune(in.Terms)) > maxAnswer {
		p.Add("terms", "The terms of reference must be 20,000 characters or fewer")
	}
	if err := p.Err(); err != nil {
		return err
	}
	err := app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: audit.LocalReviewReviewer, ObjectType: "local_cspr", ObjectID: id}
		if err := ProposeReviewer(ctx, tx, pid, id, in.Version, in.Reviewer, in.Terms, a.UserID); err != nil {
			return ev, err
		}
		return ev, s.notifyApprovalAwaited(ctx, tx, pid, id)
	})
	if errors.Is(err, ErrConflict) {
		return s.stale(ctx, pid, id, "reviewer")
	}
	return err
}

// ErrOwnProposal is the refusal of an approval by the person who proposed the reviewer: one
// person never both proposes and approves.
var ErrOwnProposal = &app.Error{Kind: app.Forbidden, Msg: "reviews: approval of one's own proposal", Fields: []app.FieldError{{Field: "approve",
	Message: "You proposed this reviewer, so another member of the Executive must approve them: one person never both proposes and approves."}}}

// ApprovalInput is the Executive's approval of the reviewer proposed when the page was loaded
// (Version), made at one of the Executive's meetings already held (MeetingID), or not at a
// meeting (0).
type ApprovalInput struct {
	Version   int
	MeetingID int64
}

// ApproveReviewer records the Executive's approval, by the acting person, of the reviewer proposed
// for the local CSPR id at in.Version: who, when and what, and when made at a meeting, a decision
// in that meeting's log. A reviewer changed since, or none, is not approved; nor is a reviewer
// the acting person proposed (ErrOwnProposal).
func (s *Service) ApproveReviewer(ctx context.Context, a app.Actor, pid, id int64, in ApprovalInput) error {
	err := app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		c, _, err := GetCSPR(ctx, tx, pid, id)
		if err != nil {
			return app.Event{}, err
		}
		if c.ReviewerProposedBy != nil && *c.ReviewerProposedBy == a.UserID {
			return app.Event{}, ErrOwnProposal
		}
		var decision *int64
		if in.MeetingID != 0 && c.Version == in.Version && c.Reviewer != "" {
			if decision, err = s.recordAtMeeting(ctx, tx, c.PartnershipID, in.MeetingID, a.UserID, "Reviewer of "+c.Reference,
				"The Executive approved "+c.Reviewer+" as the reviewer of "+c.Reference+", with the terms of reference proposed."); err != nil {
				return app.Event{}, err
			}
		}
		return app.Event{Action: audit.LocalReviewApproveReviewer, ObjectType: "local_cspr", ObjectID: id, Detail: strconv.FormatInt(in.MeetingID, 10)},
			ApproveReviewer(ctx, tx, pid, id, in.Version, a.UserID, s.Time(), decision)
	})
	if !errors.Is(err, ErrConflict) {
		return err
	}
	c, _, err := GetCSPR(ctx, s.DB, pid, id)
	switch {
	case err != nil:
		return err
	case c.Reviewer == "":
		return app.ConflictField("approve", "There is no reviewer to approve yet: one must be proposed first")
	}
	return app.Stale("approve", "changed the reviewer", "it is now "+c.Reviewer, c.Version)
}

// recordAtMeeting records an approval as a decision of the Executive meeting meetingID, an item
// of other business (item) with the decision's text, owned and done by the approver, and returns
// the decision's id as the approval records it.
func (s *Service) recordAtMeeting(ctx context.Context, tx pgx.Tx, pid, meetingID, approver int64, item, text string) (*int64, error) {
	b, err := meetings.BodyOfKind(ctx, tx, pid, "executive")
	if err == nil {
		var d int64
		d, err = meetings.RecordDecision(ctx, tx, b, meetingID, item, text, approver, s.Today())
		if err == nil {
			return &d, nil
		}
	}
	if app.KindOf(err) == app.NotFound {
		return nil, app.InvalidField("meeting", "Choose one of the Executive's meetings already held, or not at a meeting")
	}
	return nil, err
}

// ReportInput is a local CSPR's report and its publication.
type ReportInput struct {
	Version             int
	AgenciesInvolvement string
	Report              string
	SentToPanelOn       *time.Time
	RedactedReport      string
	LearningSummary     string
}

// SaveReport saves the report of the local CSPR id, if it is still at in.Version. Publication
// is proposed and approved apart (ProposePublication, ApprovePublication).
func (s *Service) SaveReport(ctx context.Context, a app.Actor, pid, id int64, in ReportInput) error {
	var p app.Problems
	for _, fld := range []struct {
		name, text string
		max        int
	}{{"agencies_involvement", in.AgenciesInvolvement, maxAnswer}, {"report", in.Report, 10 * maxAnswer},
		{"redacted_report", in.RedactedReport, 10 * maxAnswer}, {"learning_summary", in.LearningSummary, maxAnswer}} {
		if len([]rune(fld.text)) > fld.max {
			p.Add(fld.name, "This answer is too long")
		}
	}
	if err := p.Err(); err != nil {
		return err
	}
	c := CSPR{ID: id, PartnershipID: pid, Version: in.Version, AgenciesInvolvement: in.AgenciesInvolvement, Report: in.Report,
		SentToPanelOn: in.SentToPanelOn, RedactedReport: in.RedactedReport, LearningSummary: in.LearningSummary}
	err := app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		return app.Event{Action: audit.LocalReviewReport, ObjectType: "local_cspr", ObjectID: id}, SaveReport(ctx, tx, c)
	})
	switch {
	case errors.Is(err, ErrPublished):
		return app.ConflictField("redacted_report", "The review has been published: what was published cannot change")
	case errors.Is(err, ErrConflict):
		return s.stale(ctx, pid, id, "report")
	}
	return err
}

// PublicationInput is the day proposed for publishing a local CSPR, over the version the page
// loaded.
type PublicationInput struct {
	Version   int
	PublishOn time.Time
}

// ProposePublication proposes publishing the local CSPR id on in.PublishOn, for the Executive's
// approval: one Engine Room member no longer publishes alone. It must have gone to the national
// Panel first, with its redacted report and learning summary.
func (s *Service) ProposePublication(ctx context.Context, a app.Actor, pid, id int64, in PublicationInput) error {
	err := app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		return app.Event{Action: audit.LocalReviewProposePublication, ObjectType: "local_cspr", ObjectID: id, Detail: in.PublishOn.Format(time.DateOnly)},
			ProposePublication(ctx, tx, pid, id, in.Version, in.PublishOn, a.UserID)
	})
	switch {
	case errors.Is(err, ErrNotReady):
		return app.InvalidField("publish_on-day", "Publish only after the report has gone to the national Panel, with its redacted report and learning summary")
	case errors.Is(err, ErrPublished):
		return app.ConflictField("publish_on-day", "The review has already been published")
	case errors.Is(err, ErrConflict):
		return s.stale(ctx, pid, id, "publish_on-day")
	}
	return err
}

// ErrOwnPublicationProposal refuses an approval of publication by whoever proposed it.
var ErrOwnPublicationProposal = &app.Error{Kind: app.Forbidden, Msg: "reviews: approval of one's own proposal", Fields: []app.FieldError{{Field: "approve_publication",
	Message: "You proposed this publication, so another member of the Executive must approve it: one person never both proposes and approves."}}}

// ApprovePublication records the Executive's approval, by the acting person, of the publication
// proposed for the local CSPR id at in.Version (who, when, and at a meeting the decision in its
// log, which says on what: the redacted report and learning summary, on the day proposed); the
// review is then published on that day. Whoever proposed it may not approve it.
func (s *Service) ApprovePublication(ctx context.Context, a app.Actor, pid, id int64, in ApprovalInput) error {
	err := app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: audit.LocalReviewApprovePublication, ObjectType: "local_cspr", ObjectID: id, Detail: strconv.FormatInt(in.MeetingID, 10)}
		c, _, err := GetCSPR(ctx, tx, pid, id)
		if err != nil {
			return ev, err
		}
		if c.PublicationProposedBy != nil && *c.PublicationProposedBy == a.UserID {
			return ev, ErrOwnPublicationProposal
		}
		var decision *int64
		if in.MeetingID != 0 && c.Version == in.Version && c.PublicationProposedOn != nil && c.PublishedOn == nil {
			if decision, err = s.recordAtMeeting(ctx, tx, pid, in.MeetingID, a.UserID, "Publication of "+c.Reference,
				"The Executive approved publishing the redacted report and learning summary of "+c.Reference+" on "+c.PublicationProposedOn.Format("2 January 2006")+"."); err != nil {
				return ev, err
			}
		}
		return ev, ApprovePublication(ctx, tx, pid, id, in.Version, a.UserID, s.Time(), decision)
	})
	if !errors.Is(err, ErrConflict) {
		return err
	}
	c, _, err := GetCSPR(ctx, s.DB, pid, id)
	switch {
	case err != nil:
		return err
	case c.PublishedOn != nil:
		return app.ConflictField("approve_publication", "The review has already been published")
	case c.PublicationProposedOn == nil:
		return app.ConflictField("approve_publication", "Publication has not been proposed: the Engine Room proposes it first")
	}
	return app.Stale("approve_publication", "changed this local review", "", c.Version)
}

// AddRecommendation adds a recommendation of the local CSPR id's final report, tracked like
// learning's, and returns its id.
func (s *Service) AddRecommendation(ctx context.Context, a app.Actor, pid, id int64, in learning.RecommendationInput) (int64, error) {
	if t := strings.TrimSpace(in.Title); t == "" || len([]rune(t)) > 500 {
		return 0, app.InvalidField("rec_title", "Write the recommendation, 500 characters or fewer")
	}
	var recID int64
	err := app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		c, _, err := GetCSPR(ctx, tx, pid, id)
		if err != nil {
			return app.Event{}, err
		}
		recID, err = learning.AddReviewRecommendation(ctx, tx, pid, id, in)
		if errors.Is(err, learning.ErrNoFindings) {
			err = app.InvalidField("rec_title", "Write the final report first: recommendations come from it")
		}
		err = app.OnForeignKey(err, "rec_owner", "Choose the organisation that owns it from the list")
		return app.Event{Action: audit.RecommendationCreate, ObjectType: "recommendation", ObjectID: recID, Detail: c.Reference}, err
	})
	return recID, err
}

// CompleteMilestone records that the milestone milestoneID of the local CSPR id was met today.
func (s *Service) CompleteMilestone(ctx context.Context, a app.Actor, pid, id, milestoneID int64) error {
	return app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		return app.Event{Action: audit.LocalReviewMilestone, ObjectType: "local_cspr", ObjectID: id, Detail: strconv.FormatInt(milestoneID, 10)},
			CompleteMilestone(ctx, tx, pid, id, milestoneID, s.Today())
	})
}
