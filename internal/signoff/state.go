package signoff

import (
	"context"
	"time"

	"github.com/scp-portal/portal/internal/database"
)

// Partner is a statutory partner organisation as a sign-off page shows it: who signs for it and
// whether it has signed the live round.
type Partner struct {
	OrganisationID int64
	Name           string
	LeadID         *int64
	LeadName       string
	Signed         *Signature // nil until it has signed the live round
}

// State is where a subject stands: its live round (nil when it was never submitted or was
// reopened), the partners asked (or, with no live round, the partners it would be put to) and
// the rounds voided before, newest first, each with the sign-offs it had.
type State struct {
	Live     *Round
	Partners []Partner
	Voided   []VoidedRound
}

// VoidedRound is a reopened round with the sign-offs it had when it was voided.
type VoidedRound struct {
	Round
	Signatures []Signature
}

// Status returns the live round's status, or "" when there is none.
func (st State) Status() string {
	if st.Live == nil {
		return ""
	}
	return st.Live.Status
}

// Signers returns the people who may sign for a partner still to sign: what the access policy is
// given as the live round's participants.
func (st State) Signers(delegates map[int64][]int64) []int64 {
	var ids []int64
	for _, p := range st.Partners {
		if p.Signed != nil {
			continue
		}
		if p.LeadID != nil {
			ids = append(ids, *p.LeadID)
		}
		ids = append(ids, delegates[p.OrganisationID]...)
	}
	return ids
}

// maxHistory bounds the voided rounds a page shows.
const maxHistory = 20

// Load returns s's state, in three queries.
func Load(ctx context.Context, q database.Querier, partnershipID int64, s Subject) (State, error) {
	var st State
	rounds, err := database.All[Round](ctx, q, "signoff: rounds", `SELECT `+roundColumns+` FROM signoff_round
		WHERE partnership_id = $1 AND subject_kind = $2 AND subject_id = $3 ORDER BY proposed_at DESC, id DESC LIMIT $4`,
		partnershipID, s.Kind, s.ID, maxHistory+1)
	if err != nil {
		return st, err
	}
	ids := database.IDs(rounds, func(r Round) int64 { return r.ID })
	sigs, err := database.All[Signature](ctx, q, "signoff: signatures", `SELECT round_id, organisation_id, signed_by, signer_name, as_delegate, signed_at
		FROM signoff WHERE round_id = ANY($1) ORDER BY signed_at, id`, ids)
	if err != nil {
		return st, err
	}
	byRound := database.Group(sigs, func(s Signature) int64 { return s.RoundID })
	var orgs []int64
	for i := range rounds {
		r := rounds[i]
		if r.Status != Void {
			st.Live = &r
			orgs = r.Organisations
			continue
		}
		st.Voided = append(st.Voided, VoidedRound{Round: r, Signatures: byRound[r.ID]})
	}
	st.Partners, err = database.All[Partner](ctx, q, "signoff: partners", `
		SELECT o.id, o.name, o.lead_representative_id, coalesce(u.name, ''), NULL::bigint
		FROM organisation o LEFT JOIN app_user u ON u.id = o.lead_representative_id
		WHERE o.partnership_id = $1 AND (CASE WHEN $2::bigint[] IS NULL THEN o.statutory_role <> '' ELSE o.id = ANY($2) END)
		ORDER BY lower(o.name)`, partnershipID, orgs)
	if err != nil {
		return st, err
	}
	if st.Live != nil {
		signed := map[int64]Signature{}
		for _, sg := range byRound[st.Live.ID] {
			signed[sg.OrganisationID] = sg
		}
		for i, p := range st.Partners {
			if sg, ok := signed[p.OrganisationID]; ok {
				st.Partners[i].Signed = &sg
			}
		}
	}
	return st, nil
}

// SignsFor returns the organisations person signs for on day, among orgs: those they are lead
// representative of, or a delegate for, in one query.
func SignsFor(ctx context.Context, q database.Querier, partnershipID, person int64, orgs []int64, day time.Time) ([]int64, error) {
	return database.Values[int64](ctx, q, "signoff: signs for", `SELECT o.id FROM organisation o
		WHERE o.partnership_id = $1 AND o.id = ANY($3) AND (o.lead_representative_id = $2
		   OR EXISTS (SELECT 1 FROM signoff_delegate d WHERE d.organisation_id = o.id AND d.user_id = $2 AND `+delegateHolds(4)+`))
		ORDER BY lower(o.name)`, partnershipID, person, orgs, day)
}

// Awaiting is a partner's sign-off a person may give and nobody has given yet.
type Awaiting struct {
	RoundID          int64
	Kind             string
	SubjectID        int64
	Title            string
	ProposedAt       time.Time
	OrganisationID   int64
	OrganisationName string
}

// maxAwaiting bounds the list of what awaits a person.
const maxAwaiting = 100

// AwaitingFrom lists what awaits person's sign-off on day, oldest first, in one query: the open
// rounds of the partnership put to an organisation they sign for that has not yet signed.
func AwaitingFrom(ctx context.Context, q database.Querier, partnershipID, person int64, day time.Time) ([]Awaiting, error) {
	return database.All[Awaiting](ctx, q, "signoff: awaiting", `
		SELECT r.id, r.subject_kind, r.subject_id, r.title, r.proposed_at, o.id, o.name
		FROM signoff_round r JOIN organisation o ON o.id = ANY(r.organisations)
		WHERE r.partnership_id = $1 AND r.status = 'open'
		  AND (o.lead_representative_id = $2
		       OR EXISTS (SELECT 1 FROM signoff_delegate d WHERE d.organisation_id = o.id AND d.user_id = $2 AND `+delegateHolds(3)+`))
		  AND NOT EXISTS (SELECT 1 FROM signoff s WHERE s.round_id = r.id AND s.organisation_id = o.id)
		ORDER BY r.proposed_at, r.id, lower(o.name) LIMIT $4`, partnershipID, person, day, maxAwaiting)
}

// Delegates returns, for each of orgs, the people whose delegation holds on day, in one query.
func Delegates(ctx context.Context, q database.Querier, orgs []int64, day time.Time) (map[int64][]int64, error) {
	type row struct{ Org, User int64 }
	rows, err := database.All[row](ctx, q, "signoff: delegates", `SELECT d.organisation_id, d.user_id FROM signoff_delegate d
		WHERE d.organisation_id = ANY($1) AND `+delegateHolds(2), orgs, day)
	if err != nil {
		return nil, err
	}
	out := map[int64][]int64{}
	for _, r := range rows {
		out[r.Org] = append(out[r.Org], r.User)
	}
	return out, nil
}

// Representatives is a statutory partner with who signs for it: its lead representative and the
// delegates whose delegation holds.
type Representatives struct {
	OrganisationID int64
	Name           string
	LeadID         *int64
	LeadName       string
	Delegates      []string
}

// PartnersOf returns the partnership's statutory partners with who signs for each on day, in one
// query.
func PartnersOf(ctx context.Context, q database.Querier, partnershipID int64, day time.Time) ([]Representatives, error) {
	return database.All[Representatives](ctx, q, "signoff: representatives", `
		SELECT o.id, o.name, o.lead_representative_id, coalesce(u.name, ''),
		       coalesce((SELECT array_agg(du.name ORDER BY du.name) FROM signoff_delegate d JOIN app_user du ON du.id = d.user_id
		                 WHERE d.organisation_id = o.id AND `+delegateHolds(2)+`), '{}')
		FROM organisation o LEFT JOIN app_user u ON u.id = o.lead_representative_id
		WHERE o.partnership_id = $1 AND o.statutory_role <> '' ORDER BY lower(o.name)`, partnershipID, day)
}

// LoadWithSigners returns s's state and, while it awaits sign-off, the people who may sign for a
// partner still to sign on day (lead representatives and delegates): what an owner domain's page
// gives the access policy as participants.
func LoadWithSigners(ctx context.Context, q database.Querier, partnershipID int64, s Subject, day time.Time) (State, []int64, error) {
	st, err := Load(ctx, q, partnershipID, s)
	if err != nil || st.Status() != Open {
		return st, nil, err
	}
	orgs := database.IDs(st.Partners, func(o Partner) int64 { return o.OrganisationID })
	delegates, err := Delegates(ctx, q, orgs, day)
	if err != nil {
		return st, nil, err
	}
	return st, st.Signers(delegates), nil
}

// SignsForUnsigned returns the partners of st still to sign that person signs for on day.
func SignsForUnsigned(ctx context.Context, q database.Querier, partnershipID, person int64, st State, day time.Time) ([]int64, error) {
	orgs := make([]int64, 0, len(st.Partners))
	for _, o := range st.Partners {
		if o.Signed == nil {
			orgs = append(orgs, o.OrganisationID)
		}
	}
	return SignsFor(ctx, q, partnershipID, person, orgs, day)
}

// Summary is where a subject's live round stands, for lists: its status ("" when none is live)
// and how many of the partners asked have signed.
type Summary struct {
	SubjectID int64
	Status    string
	Signed    int
	Of        int
}

// SignedOff reports whether every partner asked has signed.
func (s Summary) SignedOff() bool { return s.Status == SignedOff }

// Summaries returns the live round of each of the subjects of kind with ids, in one query: what a
// list of records (the register of rapid reviews) shows beside each. A subject never submitted,
// or reopened, has no entry.
func Summaries(ctx context.Context, q database.Querier, kind string, ids []int64) (map[int64]Summary, error) {
	rows, err := database.All[Summary](ctx, q, "signoff: summaries", `SELECT r.subject_id, r.status,
		(SELECT count(*)::int FROM signoff s WHERE s.round_id = r.id), cardinality(r.organisations)
		FROM signoff_round r WHERE r.subject_kind = $1 AND r.subject_id = ANY($2) AND r.status <> 'void'`, kind, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]Summary, len(rows))
	for _, s := range rows {
		out[s.SubjectID] = s
	}
	return out, nil
}

// Representatives returns everyone who signs for one of the partners of st (each lead
// representative and the delegates in delegates, signed or not): those who read what they are
// asked to sign, and what they signed.
func (st State) Representatives(delegates map[int64][]int64) []int64 {
	var ids []int64
	for _, p := range st.Partners {
		if p.LeadID != nil {
			ids = append(ids, *p.LeadID)
		}
		ids = append(ids, delegates[p.OrganisationID]...)
	}
	return ids
}
