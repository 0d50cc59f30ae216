// Package signoff is how the statutory partners agree a record the statute asks them to agree:
// published documents today, later the yearly report, rapid reviews and a local CSPR's
// publication. A subject (a kind of record and its id) is put to the partnership's statutory
// partner organisations in a round; each organisation signs once, by its lead representative or a
// delegate the lead representative named; the subject is signed off when every one has signed.
// While a round is live (open or signed off) the subject is locked: the domain that owns it asks
// Locked and refuses changes. Reopening, with a reason, voids the round; its sign-offs stay as
// history, and submitting again starts a new round. Nobody who proposed the subject may sign it.
//
// The functions taking a pgx.Tx run inside the owner domain's own change (app.Change), so that the
// record and its sign-off move together and are audited as the domain's action.
package signoff

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/database"
)

// Subject is the record put to the partners: its kind ("document_version", "yearly_report") and id.
type Subject struct {
	Kind string
	ID   int64
}

// Status of a round.
const (
	Open      = "open"       // awaiting some partners' sign-off
	SignedOff = "signed_off" // every partner has signed
	Void      = "void"       // reopened: its sign-offs no longer count
)

// Errors of sign-off. Each lands on a field of the page that asks, so the person reads why.
var (
	ErrNotFound     = app.NotFoundError("signoff: no such round")
	ErrNotOpen      = app.ConflictField("organisation", "This is not awaiting sign-off: it may have been reopened or already signed off by every partner")
	ErrLive         = app.ConflictField("submit", "This has already been submitted for sign-off")
	ErrNoPartners   = app.InvalidField("submit", "The partnership has no statutory partner organisations to sign this off: add them first")
	ErrNoLead       = app.InvalidField("submit", "Every statutory partner needs a lead representative before anything can be put to them for sign-off")
	ErrProposer     = &app.Error{Kind: app.Forbidden, Msg: "signoff: proposer", Fields: []app.FieldError{{Field: "organisation", Message: "You proposed this, so you cannot also sign it off: another representative of the partner must"}}}
	ErrNotSigner    = &app.Error{Kind: app.Forbidden, Msg: "signoff: not a signer", Fields: []app.FieldError{{Field: "organisation", Message: "Only the partner's lead representative, or a delegate they named, can sign off for it"}}}
	ErrAlreadySaved = app.ConflictField("organisation", "This partner has already signed this off")
	ErrNotAPartner  = app.InvalidField("organisation", "Choose a partner this was put to")
)

// Round is one submission of a subject to the partners.
type Round struct {
	ID            int64
	PartnershipID int64
	Kind          string
	SubjectID     int64
	Title         string
	Organisations []int64
	ProposedBy    *int64
	Proposers     []int64
	ProposedAt    time.Time
	Status        string
	SignedOffAt   *time.Time
	VoidedAt      *time.Time
	VoidReason    string
}

// Signature is one partner's sign-off in a round.
type Signature struct {
	RoundID        int64
	OrganisationID int64
	SignedBy       *int64
	SignerName     string
	AsDelegate     bool
	SignedAt       time.Time
}

const roundColumns = `id, partnership_id, subject_kind, subject_id, title, organisations, proposed_by, proposers, proposed_at, status,
	signed_off_at, voided_at, void_reason`

// Submit puts s to every statutory partner organisation of the partnership, in tx. proposers are
// the people who proposed it (who drafted it, who submitted it): none of them may sign it. title
// names it on the lead representatives' list of what awaits them.
func Submit(ctx context.Context, tx pgx.Tx, partnershipID int64, s Subject, title string, proposedBy int64, proposers []int64) (int64, error) {
	type partner struct {
		ID   int64
		Lead *int64
	}
	partners, err := database.All[partner](ctx, tx, "signoff: partners", `SELECT id, lead_representative_id FROM organisation
		WHERE partnership_id = $1 AND statutory_role <> '' ORDER BY id`, partnershipID)
	if err != nil {
		return 0, err
	}
	if len(partners) == 0 {
		return 0, ErrNoPartners
	}
	orgs := make([]int64, 0, len(partners))
	for _, p := range partners {
		if p.Lead == nil {
			return 0, ErrNoLead
		}
		orgs = append(orgs, p.ID)
	}
	all := append([]int64{proposedBy}, proposers...)
	slices.Sort(all)
	all = slices.Compact(all)
	var id int64
	err = tx.QueryRow(ctx, `INSERT INTO signoff_round (partnership_id, subject_kind, subject_id, title, organisations, proposed_by, proposers, status)
		VALUES ($1, $2, $3, $4, $5, $6, $7, 'open') RETURNING id`, partnershipID, s.Kind, s.ID, strings.TrimSpace(title), orgs, proposedBy, all).Scan(&id)
	if app.IsUniqueViolation(err) {
		return 0, ErrLive
	}
	if err != nil {
		return 0, fmt.Errorf("signoff: submit: %w", err)
	}
	return id, nil
}

// liveRound locks and returns s's live round (open or signed off), or ErrNotFound.
func liveRound(ctx context.Context, tx pgx.Tx, partnershipID int64, s Subject) (Round, error) {
	return database.One[Round](ctx, tx, ErrNotFound, "signoff: live round", `SELECT `+roundColumns+` FROM signoff_round
		WHERE partnership_id = $1 AND subject_kind = $2 AND subject_id = $3 AND status <> 'void' FOR UPDATE`, partnershipID, s.Kind, s.ID)
}

// Sign records organisation's sign-off of s by signer, in tx, and reports whether every partner
// has now signed (the subject is then signed off). The signer must be the organisation's lead
// representative or a delegate they named who holds on day, and must not have proposed s.
func Sign(ctx context.Context, tx pgx.Tx, partnershipID int64, s Subject, signer, organisationID int64, day time.Time) (complete bool, err error) {
	r, err := liveRound(ctx, tx, partnershipID, s)
	if errors.Is(err, ErrNotFound) || err == nil && r.Status != Open {
		return false, ErrNotOpen
	}
	if err != nil {
		return false, err
	}
	if slices.Contains(r.Proposers, signer) {
		return false, ErrProposer
	}
	if !slices.Contains(r.Organisations, organisationID) {
		return false, ErrNotAPartner
	}
	var lead, delegate bool
	err = tx.QueryRow(ctx, `SELECT coalesce(o.lead_representative_id = $2, false),
		EXISTS (SELECT 1 FROM signoff_delegate d WHERE d.organisation_id = o.id AND d.user_id = $2 AND `+delegateHolds(3)+`)
		FROM organisation o WHERE o.id = $1`, organisationID, signer, day).Scan(&lead, &delegate)
	if err != nil {
		return false, fmt.Errorf("signoff: signer: %w", err)
	}
	if !lead && !delegate {
		return false, ErrNotSigner
	}
	tag, err := tx.Exec(ctx, `INSERT INTO signoff (round_id, organisation_id, signed_by, signer_name, as_delegate)
		SELECT $1, $2, u.id, u.name, $4 FROM app_user u WHERE u.id = $3
		ON CONFLICT (round_id, organisation_id) DO NOTHING`, r.ID, organisationID, signer, !lead)
	if err != nil {
		return false, fmt.Errorf("signoff: sign: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return false, ErrAlreadySaved
	}
	var signed int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM signoff WHERE round_id = $1`, r.ID).Scan(&signed); err != nil {
		return false, fmt.Errorf("signoff: count: %w", err)
	}
	if signed < len(r.Organisations) {
		return false, nil
	}
	_, err = tx.Exec(ctx, `UPDATE signoff_round SET status = 'signed_off', signed_off_at = now() WHERE id = $1`, r.ID)
	if err != nil {
		return false, fmt.Errorf("signoff: complete: %w", err)
	}
	return true, nil
}

// delegateHolds is the condition of a delegation d holding on the day in parameter $n.
func delegateHolds(n int) string {
	day := fmt.Sprintf("$%d", n)
	return `d.starts_on <= ` + day + ` AND (d.ends_on IS NULL OR d.ends_on > ` + day + `)`
}

// MaxReason is the longest reason for reopening, in characters.
const MaxReason = 2000

// Reopen voids s's live round, in tx, with the reason people will read: the sign-offs given stay
// in its history but no longer count, and s is unlocked.
func Reopen(ctx context.Context, tx pgx.Tx, partnershipID int64, s Subject, by int64, reason string) error {
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return app.InvalidField("reason", "Enter why it is being reopened")
	case len([]rune(reason)) > MaxReason:
		return app.InvalidField("reason", "The reason must be 2,000 characters or fewer")
	}
	r, err := liveRound(ctx, tx, partnershipID, s)
	if errors.Is(err, ErrNotFound) {
		return app.ConflictField("reason", "This is not awaiting sign-off or signed off, so there is nothing to reopen")
	}
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `UPDATE signoff_round SET status = 'void', voided_by = $2, voided_at = now(), void_reason = $3 WHERE id = $1`, r.ID, by, reason)
	if err != nil {
		return fmt.Errorf("signoff: reopen: %w", err)
	}
	return nil
}

// Locked reports whether s is awaiting sign-off or signed off: its owner refuses changes then.
func Locked(ctx context.Context, q database.Querier, s Subject) (bool, error) {
	var locked bool
	err := q.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM signoff_round WHERE subject_kind = $1 AND subject_id = $2 AND status <> 'void')`,
		s.Kind, s.ID).Scan(&locked)
	if err != nil {
		return false, fmt.Errorf("signoff: locked: %w", err)
	}
	return locked, nil
}

// LockedError is what an owner domain answers a change of a locked subject with, on field.
func LockedError(field string) error {
	return app.ConflictField(field, "This has been submitted for sign-off, so it cannot be changed: reopen it first, giving a reason")
}
