package identity

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/mail"
)

// Registration is what a practitioner gives to register with a partnership.
type Registration struct {
	PartnershipID  int64
	Name           string
	Email          string // normalised
	JobTitle       string
	Phone          string
	OrganisationID *int64
	Password       string
}

// Register creates an unverified account and sends the confirmation link. When the address
// already has an account it sends that address a note saying so instead, and returns nil all the
// same: the page the person sees must not tell whether an address is registered.
func (s *Service) Register(ctx context.Context, r Registration, ip string) error {
	return database.InTx(ctx, s.DB, func(tx pgx.Tx) error {
		id, err := CreateUser(ctx, tx, NewUser{PartnershipID: &r.PartnershipID, Email: r.Email, Name: r.Name,
			JobTitle: r.JobTitle, Phone: r.Phone, OrganisationID: r.OrganisationID, Password: r.Password, Status: Unverified})
		if errors.Is(err, ErrEmailTaken) {
			return mail.Enqueue(ctx, tx, mail.Message{To: r.Email, Subject: "You already have an account",
				Body: "Someone tried to register this e-mail address with the Safeguarding Children Partnership Portal, " +
					"but it already has an account.\n\nTo sign in, go to " + s.BaseURL + "/sign-in. If you have forgotten " +
					"your password, choose \"Forgotten your password?\" there.\n"})
		}
		if err != nil {
			return err
		}
		secret, err := s.issueToken(ctx, tx, id, "verify", VerifyTTL)
		if err != nil {
			return err
		}
		if err := mail.Enqueue(ctx, tx, mail.Message{To: r.Email, Subject: "Confirm your e-mail address",
			Body: fmt.Sprintf("To finish registering with the Safeguarding Children Partnership Portal, open this link "+
				"within 24 hours:\n\n%s\n\nIf you did not register, ignore this e-mail.\n", s.link("/verify-email/", secret))}); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{ActorID: &id, ActorEmail: r.Email, PartnershipID: &r.PartnershipID,
			Action: "user.register", Outcome: audit.OK, ObjectType: "user", ObjectID: fmt.Sprint(id), IP: ip})
	})
}

// VerifyEmail confirms an address through its link. An address whose domain belongs to one of the
// partnership's organisations makes the account active at once (and names the organisation if the
// person chose none); any other waits for the business unit's approval.
func (s *Service) VerifyEmail(ctx context.Context, secret, ip string) (User, error) {
	var u User
	err := database.InTx(ctx, s.DB, func(tx pgx.Tx) error {
		var err error
		if u, err = s.useToken(ctx, tx, secret, "verify"); err != nil {
			return err
		}
		if u.Status != Unverified {
			return nil
		}
		var orgID *int64
		err = tx.QueryRow(ctx, `SELECT id FROM organisation WHERE partnership_id = $1 AND $2 = ANY (email_domains) ORDER BY id LIMIT 1`,
			u.PartnershipID, EmailDomain(u.Email)).Scan(&orgID)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("identity: match domain: %w", err)
		}
		u.Status = Pending
		if orgID != nil {
			u.Status = Active
			if u.OrganisationID == nil {
				u.OrganisationID = orgID
			}
		}
		_, err = tx.Exec(ctx, `UPDATE app_user SET status = $2, organisation_id = $3, email_verified_at = $4, version = version + 1 WHERE id = $1`,
			u.ID, u.Status, u.OrganisationID, s.now())
		if err != nil {
			return fmt.Errorf("identity: verify: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{ActorID: &u.ID, ActorEmail: u.Email, PartnershipID: u.PartnershipID,
			Action: "user.verify-email", Outcome: audit.OK, ObjectType: "user", ObjectID: fmt.Sprint(u.ID), IP: ip, Detail: string(u.Status)})
	})
	return u, err
}

// Invitation is the business unit's invitation of a new account.
type Invitation struct {
	PartnershipID  int64
	Name           string
	Email          string // normalised
	JobTitle       string
	OrganisationID *int64
}

// Invite creates an invited account with no password and e-mails the link to accept it. It
// returns ErrEmailTaken when the address already has an account.
func (s *Service) Invite(ctx context.Context, q database.Querier, inv Invitation, partnershipName string) (int64, error) {
	id, err := CreateUser(ctx, q, NewUser{PartnershipID: &inv.PartnershipID, Email: inv.Email, Name: inv.Name,
		JobTitle: inv.JobTitle, OrganisationID: inv.OrganisationID, Status: Invited})
	if err != nil {
		return 0, err
	}
	secret, err := s.issueToken(ctx, q, id, "invite", InviteTTL)
	if err != nil {
		return 0, err
	}
	return id, mail.Enqueue(ctx, q, mail.Message{To: inv.Email, Subject: "You are invited to the " + partnershipName + " portal",
		Body: fmt.Sprintf("The business unit of %s has invited you to its Safeguarding Children Partnership Portal.\n\n"+
			"To accept, open this link within 7 days and choose a password:\n\n%s\n", partnershipName, s.link("/accept-invitation/", secret))})
}

// AcceptInvitation sets the password of an invited account through its link and makes it active.
func (s *Service) AcceptInvitation(ctx context.Context, secret, password, ip string) (User, error) {
	var u User
	err := database.InTx(ctx, s.DB, func(tx pgx.Tx) error {
		var err error
		if u, err = s.useToken(ctx, tx, secret, "invite"); err != nil {
			return err
		}
		if u.Status != Invited {
			return ErrBadToken
		}
		if err := SetPassword(ctx, tx, u.ID, password); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE app_user SET status = 'active', email_verified_at = $2 WHERE id = $1`, u.ID, s.now()); err != nil {
			return fmt.Errorf("identity: accept invitation: %w", err)
		}
		u.Status = Active
		return audit.Record(ctx, tx, audit.Entry{ActorID: &u.ID, ActorEmail: u.Email, PartnershipID: u.PartnershipID,
			Action: "user.accept-invitation", Outcome: audit.OK, ObjectType: "user", ObjectID: fmt.Sprint(u.ID), IP: ip})
	})
	return u, err
}
