package reviews

import (
	"context"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/signoff"
)

// SubjectKind is a rapid review as internal/signoff knows it: the statutory partners sign its
// draft and decision off, each partner organisation once, by its lead representative or a delegate.
const SubjectKind = "rapid_review"

// Subject is the rapid review id as a subject of sign-off.
func Subject(id int64) signoff.Subject { return signoff.Subject{Kind: SubjectKind, ID: id} }

// ErrSignOffAfterPanel is the refusal of a sign-off once the review went to the national Panel:
// what was sent is what the partners signed.
var ErrSignOffAfterPanel = &app.Error{Kind: app.Forbidden, Msg: "reviews: sign-off after the Panel", Fields: []app.FieldError{{Field: "organisation",
	Message: "The rapid review has gone to the national Panel, so it can no longer be signed off."}}}

// ErrNotReadyToSubmit refuses putting a review to the partners before it has a draft and a decision.
var ErrNotReadyToSubmit = app.InvalidField("submit", "Write the draft and record the decision, with its reasons, before putting the review to the partners")

// SignsFor is a statutory partner the person may sign for.
type SignsFor struct {
	OrganisationID int64
	Name           string
}

// signsFor returns the partners of st still to sign that the acting person signs for today.
func (s *Service) signsFor(ctx context.Context, a app.Actor, st signoff.State) ([]SignsFor, error) {
	var orgs []int64
	names := map[int64]string{}
	for _, p := range st.Partners {
		if p.Signed == nil {
			orgs = append(orgs, p.OrganisationID)
			names[p.OrganisationID] = p.Name
		}
	}
	if len(orgs) == 0 || a.UserID == 0 {
		return nil, nil
	}
	ids, err := signoff.SignsFor(ctx, s.DB, st.Live.PartnershipID, a.UserID, orgs, s.Today())
	out := make([]SignsFor, 0, len(ids))
	for _, id := range ids {
		out = append(out, SignsFor{OrganisationID: id, Name: names[id]})
	}
	return out, err
}

// Representatives returns, for the access policy, who signs for the partners the rapid review
// id is put to (its live round): everyone who signs for one of them (they read the review they
// sign), and those of them who may still sign (a partner not yet signed, the round open and the
// review not yet sent to the national Panel). Both are empty while it is not put to them; a
// review that is not there is ErrNotFound.
func (s *Service) Representatives(ctx context.Context, pid, id int64) (readers, signers []int64, err error) {
	rv, err := Get(ctx, s.DB, pid, id)
	if err != nil {
		return nil, nil, err
	}
	st, err := signoff.Load(ctx, s.DB, pid, Subject(id))
	if err != nil || st.Live == nil {
		return nil, nil, err
	}
	orgs := database.IDs(st.Partners, func(p signoff.Partner) int64 { return p.OrganisationID })
	delegates, err := signoff.Delegates(ctx, s.DB, orgs, s.Today())
	if err != nil {
		return nil, nil, err
	}
	readers = st.Representatives(delegates)
	if st.Status() == signoff.Open && rv.SentToPanelOn == nil {
		signers = st.Signers(delegates)
	}
	return readers, signers, nil
}

// SubmitForSignOff puts the rapid review id, at version, to every statutory partner organisation
// for sign-off, locking its content and decision. It needs a draft and a decision, and is not
// done once the review has gone to the national Panel. Whoever submits it may not sign it.
func (s *Service) SubmitForSignOff(ctx context.Context, a app.Actor, pid, id int64, version int) error {
	return app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: audit.ReviewSubmitSignOff, ObjectType: "rapid_review", ObjectID: id}
		rv, err := s.bump(ctx, tx, pid, id, version, "submit")
		if err != nil {
			return ev, err
		}
		switch {
		case rv.SentToPanelOn != nil:
			return ev, app.ConflictField("submit", "The rapid review has gone to the national Panel, so it is no longer put to the partners")
		case strings.TrimSpace(rv.Draft) == "" || rv.Decision == "" || strings.TrimSpace(rv.DecisionReasons) == "":
			return ev, ErrNotReadyToSubmit
		}
		_, err = signoff.Submit(ctx, tx, pid, Subject(id), "Rapid review "+rv.Reference, a.UserID, nil)
		return ev, err
	})
}

// SignOff records the sign-off of the rapid review id for the statutory partner organisationID,
// by the acting person, its lead representative or a delegate.
func (s *Service) SignOff(ctx context.Context, a app.Actor, pid, id, organisationID int64) error {
	return app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: audit.ReviewSignOff, ObjectType: "rapid_review", ObjectID: id,
			Detail: "for organisation " + strconv.FormatInt(organisationID, 10)}
		rv, err := Get(ctx, tx, pid, id)
		if err != nil {
			return ev, err
		}
		if rv.SentToPanelOn != nil {
			return ev, ErrSignOffAfterPanel
		}
		done, err := signoff.Sign(ctx, tx, pid, Subject(id), a.UserID, organisationID, s.Today())
		if done {
			ev.Detail += "; signed off by every partner"
		}
		return ev, err
	})
}

// Reopen voids the sign-off of the rapid review id, at version, with the reason people will
// read: the sign-offs given no longer count, and its content and decision can change again.
func (s *Service) Reopen(ctx context.Context, a app.Actor, pid, id int64, version int, reason string) error {
	var p app.Problems
	p.Words("reason", reason, signoff.MaxReason, "Enter why it is being reopened", "The reason must be 2,000 characters or fewer")
	if err := p.Err(); err != nil {
		return err
	}
	return app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: audit.ReviewReopen, ObjectType: "rapid_review", ObjectID: id}
		if _, err := s.bump(ctx, tx, pid, id, version, "reason"); err != nil {
			return ev, err
		}
		return ev, signoff.Reopen(ctx, tx, pid, Subject(id), a.UserID, reason)
	})
}

// bump moves the rapid review id on from version in tx, so that a workspace loaded before its
// sign-off changed is refused as stale, and returns it; field is where a stale page is told.
func (s *Service) bump(ctx context.Context, tx pgx.Tx, pid, id int64, version int, field string) (Review, error) {
	tag, err := tx.Exec(ctx, `UPDATE rapid_review SET version = version + 1 WHERE partnership_id = $1 AND id = $2 AND version = $3`, pid, id, version)
	if err != nil {
		return Review{}, err
	}
	rv, err := Get(ctx, tx, pid, id)
	if err != nil {
		return rv, err
	}
	if tag.RowsAffected() == 0 {
		return rv, app.Stale(field, "changed this review", "", rv.Version)
	}
	return rv, nil
}
