package identity

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/mail"
	"github.com/scp-portal/portal/internal/secrets"
)

// errAlreadyMember is an invitation to someone already in the partnership.
var errAlreadyMember = errors.New("identity: already a member of the partnership")

// inviteMember invites u, who has an account, to join inv's partnership as well, inside the
// caller's transaction: the e-mail asks them to agree (issue #12), and nothing changes until they
// do. It is recorded as any invitation is, so the business unit learns nothing of an account
// elsewhere. Someone already in the partnership is errAlreadyMember; an invitation still waiting
// is sent again.
func (s *Service) inviteMember(ctx context.Context, tx pgx.Tx, u User, inv Invitation, by *int64) (app.Event, error) {
	ev := app.Event{Action: audit.UserInvite, ObjectType: "user", ObjectID: u.ID}
	if u.PartnershipID != nil && *u.PartnershipID == inv.PartnershipID {
		return ev, errAlreadyMember
	}
	secret, now := secrets.New(), s.Time()
	tag, err := tx.Exec(ctx, `
		INSERT INTO partnership_member (user_id, partnership_id, organisation_id, status, token_hash, expires_at, invited_by, invited_at)
		VALUES ($1, $2, $3, 'invited', $4, $5, $6, $7)
		ON CONFLICT (user_id, partnership_id) DO UPDATE
		SET organisation_id = excluded.organisation_id, token_hash = excluded.token_hash, expires_at = excluded.expires_at,
		    invited_by = excluded.invited_by, invited_at = excluded.invited_at
		WHERE partnership_member.status = 'invited'`,
		u.ID, inv.PartnershipID, inv.OrganisationID, secrets.Hash(secret), now.Add(InviteTTL), by, now)
	if err != nil {
		return ev, fmt.Errorf("identity: invite member: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return ev, errAlreadyMember
	}
	return ev, mail.Enqueue(ctx, tx, mail.Message{To: u.Email,
		Subject: "You are invited to join " + inv.PartnershipName + " on the portal",
		Body: fmt.Sprintf("%s has invited you to join %s on the Safeguarding Children Partnership Portal, "+
			"with the account you already have.\n\nTo agree, open this link within 7 days:\n\n%s\n\n"+
			"If you do not agree, ignore this e-mail: nothing changes.\n", inv.sender(), inv.PartnershipName, s.link("/join/", secret))})
}

// Joining is an invitation waiting for a person's agreement to join a partnership.
type Joining struct {
	UserID          int64
	Email           string
	PartnershipID   int64
	PartnershipSlug string
	PartnershipName string
}

// Joining returns the live invitation of link secret; ErrBadToken when there is none.
func (s *Service) Joining(ctx context.Context, secret string) (Joining, error) {
	return joining(ctx, s.DB, secret, s.Time(), "")
}

// joining reads the live invitation of link secret at now, with lock appended to the query.
func joining(ctx context.Context, q database.Querier, secret string, now time.Time, lock string) (Joining, error) {
	var j Joining
	err := q.QueryRow(ctx, `SELECT u.id, u.email, p.id, p.slug, p.name
		FROM partnership_member m JOIN app_user u ON u.id = m.user_id JOIN partnership p ON p.id = m.partnership_id
		WHERE m.token_hash = $1 AND m.status = 'invited' AND m.expires_at > $2`+lock, secrets.Hash(secret), now).
		Scan(&j.UserID, &j.Email, &j.PartnershipID, &j.PartnershipSlug, &j.PartnershipName)
	if errors.Is(err, pgx.ErrNoRows) {
		return j, ErrBadToken
	}
	if err != nil {
		return j, fmt.Errorf("identity: joining: %w", err)
	}
	return j, nil
}

// AgreeToJoin makes the person the link secret was sent to a member of the partnership that
// invited them, with its audit record naming that partnership; ErrBadToken when the link is not
// live. Their roles there come from the bodies its business unit seats them on.
func (s *Service) AgreeToJoin(ctx context.Context, a app.Actor, secret string) (Joining, error) {
	var j Joining
	err := app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		var err error
		if j, err = joining(ctx, tx, secret, s.Time(), " FOR UPDATE OF m"); err != nil {
			return app.Event{}, err
		}
		if _, err := tx.Exec(ctx, `UPDATE partnership_member SET status = 'active', token_hash = NULL, expires_at = NULL, agreed_at = $3
			WHERE user_id = $1 AND partnership_id = $2`, j.UserID, j.PartnershipID, s.Time()); err != nil {
			return app.Event{}, fmt.Errorf("identity: agree to join: %w", err)
		}
		by := &app.Actor{Subject: access.Subject{UserID: j.UserID, Email: j.Email}, Partnership: j.PartnershipID}
		return app.Event{Action: audit.MemberAgree, ObjectType: "user", ObjectID: j.UserID, Partnership: j.PartnershipID, By: by}, nil
	})
	return j, err
}

// Member is a person as one partnership knows them, for the pages that end their membership of it.
type Member struct {
	ID        int64
	Name      string
	Status    Status // their account's
	Home      bool   // their account is this partnership's own
	Invited   bool   // invited to join it with their account elsewhere, not yet agreed
	Elsewhere bool   // they belong to another partnership too, or administer the installation
}

// memberSQL reads person $2 as partnership $1 knows them: its own account, or a member (or one
// invited) through their account elsewhere (partnership_member); no row when they are neither.
const memberSQL = `
	SELECT u.id, u.name, u.status, coalesce(u.partnership_id = $1, false), coalesce(m.status = 'invited', false),
	       u.is_system_admin OR coalesce(u.partnership_id <> $1, false)
	       OR EXISTS (SELECT 1 FROM partnership_member o WHERE o.user_id = u.id AND o.partnership_id <> $1 AND o.status = 'active')
	FROM app_user u LEFT JOIN partnership_member m ON m.user_id = u.id AND m.partnership_id = $1
	WHERE u.id = $2 AND (u.partnership_id = $1 OR m.user_id IS NOT NULL)`

// Member returns person userID as partnership partnershipID knows them; ErrNotFound when they are
// neither its member nor invited to join it.
func (s *Service) Member(ctx context.Context, partnershipID, userID int64) (Member, error) {
	return database.One[Member](ctx, s.DB, ErrNotFound, "identity: member", memberSQL, partnershipID, userID)
}

// Leaving is the end of a person's membership of a partnership: they leave it, or its business
// unit ends it.
type Leaving struct {
	PartnershipID   int64
	PartnershipName string // for the refusals' words and the person's e-mail
	UserID          int64
}

// EndMembership ends in.UserID's membership of in.PartnershipID, with its audit record, in one
// transaction, and returns the person as the partnership knew them. The person leaves when they
// act themselves (MemberLeave); otherwise the partnership's business unit ends it (MemberEnd) and
// the person is told by e-mail. Their seats on its bodies end today (those not yet begun end
// before they begin). A membership through an account elsewhere is deleted (an invitation still
// waiting is withdrawn); an account of the partnership's own moves to the next partnership the
// person belongs to, which administers it from then on. It is refused, as a Conflict on
// "membership" saying why, when the person belongs to no other partnership (they would have no
// way in: the business unit disables an account instead) or holds the partnership's last seat on
// its business unit (nobody would be left to run it). Someone neither a member nor invited is
// ErrNotFound.
func (s *Service) EndMembership(ctx context.Context, a app.Actor, in Leaving) (Member, error) {
	var m Member
	self := a.UserID == in.UserID
	err := app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		// One change to a partnership's members at a time, so that two of its business unit
		// leaving at once cannot both be let go.
		if _, err := tx.Exec(ctx, `SELECT 1 FROM partnership WHERE id = $1 FOR NO KEY UPDATE`, in.PartnershipID); err != nil {
			return app.Event{}, fmt.Errorf("identity: lock partnership: %w", err)
		}
		var err error
		if m, err = database.One[Member](ctx, tx, ErrNotFound, "identity: member", memberSQL+` FOR UPDATE OF u`, in.PartnershipID, in.UserID); err != nil {
			return app.Event{}, err
		}
		today := s.Today()
		if err := endRefused(ctx, tx, m, in, self, today); err != nil {
			return app.Event{}, err
		}
		tag, err := tx.Exec(ctx, `UPDATE membership SET ends_on = greatest(starts_on, $3::date), version = version + 1
			WHERE user_id = $1 AND partnership_id = $2 AND (ends_on IS NULL OR ends_on > $3::date)`, in.UserID, in.PartnershipID, today)
		if err != nil {
			return app.Event{}, fmt.Errorf("identity: end seats: %w", err)
		}
		detail := fmt.Sprintf("seats ended: %d", tag.RowsAffected())
		if m.Home {
			next, err := moveHome(ctx, tx, in.UserID)
			if err != nil {
				return app.Event{}, err
			}
			detail += fmt.Sprintf("; account moved to partnership %d", next)
		} else if _, err := tx.Exec(ctx, `DELETE FROM partnership_member WHERE user_id = $1 AND partnership_id = $2`, in.UserID, in.PartnershipID); err != nil {
			return app.Event{}, fmt.Errorf("identity: end membership: %w", err)
		}
		if m.Invited {
			detail = "invitation withdrawn"
		}
		ev := app.Event{Action: audit.MemberEnd, ObjectType: "user", ObjectID: in.UserID, Partnership: in.PartnershipID, Detail: detail}
		if self {
			ev.Action = audit.MemberLeave
			return ev, nil
		}
		if m.Invited {
			return ev, nil
		}
		u, err := UserByID(ctx, tx, in.UserID)
		if err != nil {
			return ev, err
		}
		return ev, mail.Enqueue(ctx, tx, mail.Message{To: u.Email, Subject: "Your membership of " + in.PartnershipName + " has ended",
			Body: "The business unit of " + in.PartnershipName + " has ended your membership of it on the Safeguarding Children " +
				"Partnership Portal: you no longer have its pages or roles.\n\nIf you think this is a mistake, contact its business unit.\n"})
	})
	return m, err
}

// Ending returns person in.UserID as the partnership knows them, with why their membership may
// not end now (the Conflict EndMembership would give), for the page that asks first to say so
// before anyone presses the button; ErrNotFound as EndMembership.
func (s *Service) Ending(ctx context.Context, a app.Actor, in Leaving) (Member, error) {
	m, err := s.Member(ctx, in.PartnershipID, in.UserID)
	if err != nil {
		return m, err
	}
	return m, endRefused(ctx, s.DB, m, in, a.UserID == in.UserID, s.Today())
}

// endRefused says why m's membership of in.PartnershipID may not end on today, as a Conflict on
// "membership" in words for the person acting (self, or the business unit), or nil: it is the only
// partnership they belong to, or they hold its business unit's last seat.
func endRefused(ctx context.Context, q database.Querier, m Member, in Leaving, self bool, today time.Time) error {
	if m.Home && !m.Elsewhere {
		if self {
			return app.ConflictField("membership", "You cannot leave "+in.PartnershipName+
				": it is the only partnership you belong to, so you would have no way to sign in. If you no longer need your account, ask its business unit to disable it.")
		}
		return app.ConflictField("membership", m.Name+" belongs to no other partnership, so they would have no way to sign in: disable their account instead.")
	}
	var lastOfficer bool
	if err := q.QueryRow(ctx, `
		SELECT EXISTS (SELECT 1 FROM membership m JOIN body b ON b.id = m.body_id
		               WHERE m.user_id = $1 AND m.partnership_id = $2 AND b.kind = 'business_unit'
		                 AND m.starts_on <= $3 AND (m.ends_on IS NULL OR m.ends_on > $3))
		   AND NOT EXISTS (SELECT 1 FROM membership m JOIN body b ON b.id = m.body_id JOIN app_user u ON u.id = m.user_id
		               WHERE m.user_id <> $1 AND m.partnership_id = $2 AND b.kind = 'business_unit' AND u.status = 'active'
		                 AND m.starts_on <= $3 AND (m.ends_on IS NULL OR m.ends_on > $3))`,
		in.UserID, in.PartnershipID, today).Scan(&lastOfficer); err != nil {
		return fmt.Errorf("identity: business unit left: %w", err)
	}
	if lastOfficer {
		if self {
			return app.ConflictField("membership", "You cannot leave "+in.PartnershipName+
				": you are the only member of its business unit, and someone must run the partnership. Ask for someone else to be added to the business unit first.")
		}
		return app.ConflictField("membership", m.Name+" is the only member of the business unit: add someone else to it first.")
	}
	return nil
}

// moveHome makes the account userID the next partnership's it belongs to (the one it joined
// first), whose membership it then no longer needs, and returns that partnership; an installation's
// administrator with no other partnership belongs to none (0).
func moveHome(ctx context.Context, tx pgx.Tx, userID int64) (int64, error) {
	var next int64
	err := tx.QueryRow(ctx, `
		WITH next AS (
			DELETE FROM partnership_member WHERE (user_id, partnership_id) =
				(SELECT user_id, partnership_id FROM partnership_member WHERE user_id = $1 AND status = 'active'
				 ORDER BY agreed_at NULLS LAST, partnership_id LIMIT 1)
			RETURNING partnership_id, organisation_id)
		UPDATE app_user u SET partnership_id = n.partnership_id, organisation_id = n.organisation_id, version = u.version + 1
		FROM (SELECT * FROM next UNION ALL SELECT NULL, NULL WHERE NOT EXISTS (SELECT 1 FROM next)) n
		WHERE u.id = $1 RETURNING coalesce(u.partnership_id, 0)`, userID).Scan(&next)
	if err != nil {
		return 0, fmt.Errorf("identity: move account: %w", err)
	}
	return next, nil
}
