package identity

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/mail"
	"github.com/scp-portal/portal/internal/partnership"
)

// OtherOrganisation is the answer of someone whose organisation is not on the partnership's list.
const OtherOrganisation = "other"

// Registration is what a practitioner gives to register with a partnership.
type Registration struct {
	PartnershipID int64
	Name          string
	Email         string
	JobTitle      string
	Phone         string
	Organisation  string // an organisation's id, or OtherOrganisation
	NewPassword
}

// validate checks the registration in the order of the form and returns it cleaned up, with the
// organisation chosen (nil for one not listed).
func (s *Service) validate(ctx context.Context, r Registration) (Registration, *int64, error) {
	var p app.Problems
	typed := strings.TrimSpace(r.Email)
	r.Name, r.Email = strings.TrimSpace(r.Name), NormaliseEmail(r.Email)
	r.JobTitle, r.Phone = strings.TrimSpace(r.JobTitle), strings.TrimSpace(r.Phone)
	switch {
	case r.Name == "":
		p.Add("name", "Enter your full name")
	case len(r.Name) > 200:
		p.Add("name", "Name must be 200 characters or fewer")
	}
	switch {
	case typed == "":
		p.Add("email", "Enter your work e-mail address")
	case r.Email == "":
		p.Add("email", "Enter an e-mail address in the correct format, like name@example.org")
	}
	switch {
	case r.JobTitle == "":
		p.Add("job_title", "Enter your job title")
	case len(r.JobTitle) > 200:
		p.Add("job_title", "Job title must be 200 characters or fewer")
	}
	if len(r.Phone) > 40 {
		p.Add("phone", "Phone number must be 40 characters or fewer")
	}
	var orgID *int64
	switch r.Organisation {
	case "":
		p.Add("organisation", "Choose your organisation, or that it is not listed")
	case OtherOrganisation:
	default:
		id, ok := s.organisationOf(ctx, r.PartnershipID, r.Organisation)
		if !ok {
			p.Add("organisation", "Choose your organisation from the list")
		}
		orgID = id
	}
	r.check(&p, r.Email)
	return r, orgID, p.Err()
}

// organisationOf reads the id of one of the partnership's organisations, reporting false for a
// value that is not one.
func (s *Service) organisationOf(ctx context.Context, partnershipID int64, value string) (*int64, bool) {
	id, err := strconv.ParseInt(strings.TrimSpace(value), 10, 64)
	if err != nil {
		return nil, false
	}
	if _, err := partnership.OrganisationByID(ctx, s.DB, partnershipID, id); err != nil {
		return nil, false
	}
	return &id, true
}

// Register creates an unverified account and sends the confirmation link, and returns the
// address as normalised. When the address already has an account it sends that address a note
// saying so instead, and returns no error all the same: the page the person sees must not tell
// whether an address is registered.
func (s *Service) Register(ctx context.Context, a app.Actor, in Registration) (string, error) {
	r, orgID, err := s.validate(ctx, in)
	if err != nil {
		return "", err
	}
	return r.Email, app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		id, err := CreateUser(ctx, tx, NewUser{PartnershipID: &r.PartnershipID, Email: r.Email, Name: r.Name,
			JobTitle: r.JobTitle, Phone: r.Phone, OrganisationID: orgID, Password: r.Password, Status: Unverified})
		if errors.Is(err, ErrEmailTaken) { // told by e-mail, never on the page: nothing is recorded
			return app.Event{}, mail.Enqueue(ctx, tx, mail.Message{To: r.Email, Subject: "You already have an account",
				Body: "Someone tried to register this e-mail address with the Safeguarding Children Partnership Portal, " +
					"but it already has an account.\n\nTo sign in, go to " + s.BaseURL + "/sign-in. If you have forgotten " +
					"your password, choose \"Forgotten your password?\" there.\n"})
		}
		if err != nil {
			return app.Event{}, err
		}
		secret, err := s.issueToken(ctx, tx, id, "verify", VerifyTTL)
		if err != nil {
			return app.Event{}, err
		}
		if err := mail.Enqueue(ctx, tx, mail.Message{To: r.Email, Subject: "Confirm your e-mail address",
			Body: fmt.Sprintf("To finish registering with the Safeguarding Children Partnership Portal, open this link "+
				"within 24 hours:\n\n%s\n\nIf you did not register, ignore this e-mail.\n", s.link("/verify-email/", secret))}); err != nil {
			return app.Event{}, err
		}
		by := User{ID: id, Email: r.Email, PartnershipID: &r.PartnershipID}.actor()
		return app.Event{Action: audit.UserRegister, ObjectType: "user", ObjectID: id, By: by}, nil
	})
}

// VerifyEmail confirms an address through its link. An address whose domain belongs to one of the
// partnership's organisations makes the account active at once (and names the organisation if the
// person chose none); any other waits for the business unit's approval.
func (s *Service) VerifyEmail(ctx context.Context, a app.Actor, secret string) (User, error) {
	var u User
	err := app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		var err error
		if u, err = s.useToken(ctx, tx, secret, "verify"); err != nil {
			return app.Event{}, err
		}
		if u.Status != Unverified {
			return app.Event{}, nil // confirmed before: nothing changes
		}
		var orgID *int64
		err = tx.QueryRow(ctx, `SELECT id FROM organisation WHERE partnership_id = $1 AND $2 = ANY (email_domains) ORDER BY id LIMIT 1`,
			u.PartnershipID, EmailDomain(u.Email)).Scan(&orgID)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return app.Event{}, fmt.Errorf("identity: match domain: %w", err)
		}
		u.Status = Pending
		if orgID != nil {
			u.Status = Active
			if u.OrganisationID == nil {
				u.OrganisationID = orgID
			}
		}
		_, err = tx.Exec(ctx, `UPDATE app_user SET status = $2, organisation_id = $3, email_verified_at = $4, version = version + 1 WHERE id = $1`,
			u.ID, u.Status, u.OrganisationID, s.Time())
		if err != nil {
			return app.Event{}, fmt.Errorf("identity: verify: %w", err)
		}
		return app.Event{Action: audit.UserVerifyEmail, ObjectType: "user", ObjectID: u.ID, Detail: string(u.Status), By: u.actor()}, nil
	})
	return u, err
}

// Invitation is the invitation of a new account: by a partnership's business unit, by the system
// administrator (a partnership's first business unit officer, or another administrator), or by a
// directory import.
type Invitation struct {
	PartnershipID   int64  // 0 for a system administrator, who belongs to no partnership
	PartnershipName string // for the e-mail
	Name            string
	Email           string
	JobTitle        string
	OrganisationID  *int64
	// By names who invites, for the e-mail; "" is the partnership's business unit.
	By          string
	SystemAdmin bool // the account administers the installation
}

// Validate checks the invitation in the order of the form and returns it cleaned up, with the
// problems of each field. Whether the organisation is the partnership's is the caller's to check.
func (inv Invitation) Validate() (Invitation, app.Problems) {
	var p app.Problems
	inv.Name, inv.Email, inv.JobTitle = strings.TrimSpace(inv.Name), NormaliseEmail(inv.Email), strings.TrimSpace(inv.JobTitle)
	if inv.Name == "" || len(inv.Name) > 200 {
		p.Add("name", "Enter their full name (200 characters or fewer)")
	}
	if inv.Email == "" {
		p.Add("email", "Enter an e-mail address in the correct format, like name@example.org")
	}
	if len(inv.JobTitle) > 200 {
		p.Add("job_title", "Job title must be 200 characters or fewer")
	}
	return inv, p
}

// Invite creates an invited account with no password and e-mails the link to accept it, in one
// transaction with its audit record, and returns the address as normalised. An address that has
// an account in another partnership is e-mailed an invitation to join this one as well, and the
// caller is told no more than of any invitation.
func (s *Service) Invite(ctx context.Context, a app.Actor, inv Invitation) (string, error) {
	inv, p := inv.Validate()
	if inv.OrganisationID != nil {
		if _, err := partnership.OrganisationByID(ctx, s.DB, inv.PartnershipID, *inv.OrganisationID); err != nil {
			p.Add("organisation", "Choose an organisation from the list")
		}
	}
	if err := p.Err(); err != nil {
		return inv.Email, err
	}
	err := app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		// Someone with an account already is asked to join this partnership too (issue #12).
		if u, err := UserByEmail(ctx, tx, inv.Email); err == nil && inv.PartnershipID != 0 && !inv.SystemAdmin {
			return s.inviteMember(ctx, tx, u, inv, a.ID())
		}
		id, _, err := s.InviteIn(ctx, tx, inv)
		return app.Event{Action: audit.UserInvite, ObjectType: "user", ObjectID: id}, err
	})
	switch {
	case errors.Is(err, errAlreadyMember):
		return inv.Email, app.InvalidField("email", "This person already has an account in this partnership")
	case errors.Is(err, ErrEmailTaken):
		return inv.Email, app.InvalidField("email", "This e-mail address already has an account")
	}
	return inv.Email, err
}

// InviteIn creates an invited account with no password inside the caller's transaction and queues
// the e-mail with the link to accept it, returning the account's id and the link. inv has been
// validated; an address that has an account is ErrEmailTaken. The caller records the invitation
// (audit.UserInvite) with its own change.
func (s *Service) InviteIn(ctx context.Context, tx pgx.Tx, inv Invitation) (int64, string, error) {
	n := NewUser{Email: inv.Email, Name: inv.Name, JobTitle: inv.JobTitle, OrganisationID: inv.OrganisationID,
		Status: Invited, IsSystemAdmin: inv.SystemAdmin}
	if inv.PartnershipID != 0 {
		n.PartnershipID = &inv.PartnershipID
	}
	id, err := CreateUser(ctx, tx, n)
	if err != nil {
		return 0, "", err
	}
	secret, err := s.issueToken(ctx, tx, id, "invite", InviteTTL)
	if err != nil {
		return 0, "", err
	}
	link := s.link("/accept-invitation/", secret)
	what := inv.PartnershipName + " portal"
	if inv.SystemAdmin {
		what = "Safeguarding Children Partnership Portal as a system administrator"
	}
	return id, link, mail.Enqueue(ctx, tx, mail.Message{To: inv.Email,
		Subject: "You are invited to the " + what,
		Body: fmt.Sprintf("%s has invited you to the Safeguarding Children Partnership Portal.\n\n"+
			"To accept, open this link within 7 days and choose a password:\n\n%s\n", inv.sender(), link)})
}

// sender is who an invitation's e-mail says invites: the person named, or else the partnership's
// business unit. Both invitations, to a new account and to join with one's own, say it the same.
func (inv Invitation) sender() string {
	if inv.By == "" {
		return "The business unit of " + inv.PartnershipName
	}
	return inv.By
}

// AcceptInvitation sets the password of an invited account through its link and makes it active.
func (s *Service) AcceptInvitation(ctx context.Context, a app.Actor, secret string, in NewPassword) (User, error) {
	if _, err := s.validFor(ctx, secret, "invite", in); err != nil {
		return User{}, err
	}
	var u User
	err := app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		var err error
		if u, err = s.useToken(ctx, tx, secret, "invite"); err != nil {
			return app.Event{}, err
		}
		if u.Status != Invited {
			return app.Event{}, ErrBadToken
		}
		if err := SetPassword(ctx, tx, u.ID, in.Password); err != nil {
			return app.Event{}, err
		}
		if _, err := tx.Exec(ctx, `UPDATE app_user SET status = 'active', email_verified_at = $2 WHERE id = $1`, u.ID, s.Time()); err != nil {
			return app.Event{}, fmt.Errorf("identity: accept invitation: %w", err)
		}
		u.Status = Active
		return app.Event{Action: audit.UserAcceptInvitation, ObjectType: "user", ObjectID: u.ID, By: u.actor()}, nil
	})
	return u, err
}
