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
