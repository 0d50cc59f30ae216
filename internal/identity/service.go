package identity

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/mail"
	"github.com/scp-portal/portal/internal/secrets"
)

// Sign-in throttling: at most MaxFailures failed sign-ins per account, and per address, within
// ThrottleWindow. The window slides, so the owner is never locked out for good.
const (
	MaxFailures    = 10
	ThrottleWindow = 5 * time.Minute
)

// How long one-time links work.
const (
	VerifyTTL = 24 * time.Hour
	ResetTTL  = time.Hour
	InviteTTL = 7 * 24 * time.Hour
)

// Errors of signing in. ErrBadCredentials covers both an unknown address and a wrong password,
// so that the answer does not tell which addresses have accounts.
var (
	ErrBadCredentials = errors.New("identity: e-mail address or password not recognised")
	ErrThrottled      = errors.New("identity: too many failed sign-ins")
	ErrUnverified     = errors.New("identity: e-mail address not yet confirmed")
	ErrPending        = errors.New("identity: waiting for the business unit's approval")
	ErrDisabled       = errors.New("identity: account disabled")
	ErrBadToken       = app.ErrBadLink
)

// Service runs the account journeys that write more than one thing: sign-in, registration,
// verification, reset and invitations, each in one transaction with its audit entry and e-mail.
type Service struct {
	app.Env // the database, the portal's address and the clock
}

// SignInInput is what a person types to sign in.
type SignInInput struct {
	Email    string
	Password string
}

// SignIn checks an e-mail address and password typed by a (someone not yet signed in), applying
// the throttle, and returns the account when they match an active one. Every outcome is in the
// audit log. A refusal is an Invalid error on the e-mail address that also matches its sentinel
// (ErrThrottled, ErrBadCredentials, ErrUnverified, ErrPending, ErrDisabled), worded the same for
// an unknown address as for a wrong password.
func (s *Service) SignIn(ctx context.Context, a app.Actor, in SignInInput) (User, error) {
	var p app.Problems
	if strings.TrimSpace(in.Email) == "" {
		p.Add("email", "Enter your e-mail address")
	}
	if in.Password == "" {
		p.Add("password", "Enter your password")
	}
	if err := p.Err(); err != nil {
		return User{}, err
	}
	u, err := s.checkCredentials(ctx, in.Email, in.Password, a.IP)
	for _, refusal := range signInRefusals {
		if errors.Is(err, refusal.err) {
			return User{}, &app.Error{Kind: app.Invalid, Msg: "sign-in refused", Err: err,
				Fields: []app.FieldError{{Field: "email", Message: refusal.message}}}
		}
	}
	return u, err
}

// signInRefusals say why a sign-in was refused, in words that never tell whether an address has
// an account.
var signInRefusals = []struct {
	err     error
	message string
}{
	{ErrThrottled, "There have been too many attempts to sign in. Wait 5 minutes, then try again"},
	{ErrBadCredentials, "Enter a correct e-mail address and password"},
	{ErrUnverified, "Confirm your e-mail address first: open the link in the e-mail we sent when you registered"},
	{ErrPending, "Your account is waiting for your partnership's business unit to approve it"},
	{ErrDisabled, "Your account has been disabled: contact your partnership's business unit"},
}

// checkCredentials checks an e-mail address and password from ip, applying the throttle.
func (s *Service) checkCredentials(ctx context.Context, email, password, ip string) (User, error) {
	email = NormaliseEmailLoose(email)
	now := s.Time()
	var byEmail, byIP int
	err := s.DB.QueryRow(ctx, `
		SELECT count(*) FILTER (WHERE email = $1), count(*) FILTER (WHERE ip = $2)
		FROM sign_in_failure WHERE at > $3 AND (email = $1 OR ip = $2)`,
		email, ip, now.Add(-ThrottleWindow)).Scan(&byEmail, &byIP)
	if err != nil {
		return User{}, fmt.Errorf("identity: sign-in throttle: %w", err)
	}
	entry := audit.Entry{Action: "sign-in", ActorEmail: email, IP: ip, ObjectType: "user"}
	if byEmail >= MaxFailures || byIP >= MaxFailures {
		entry.Outcome, entry.Detail = audit.Refused, "throttled"
		return User{}, errors.Join(ErrThrottled, audit.Record(ctx, s.DB, entry))
	}

	u, err := UserByEmail(ctx, s.DB, email)
	if errors.Is(err, ErrNotFound) {
		VerifyPassword(password, "") // the same work as for a real account
		return User{}, s.failSignIn(ctx, entry, "unknown e-mail address", now)
	}
	if err != nil {
		return User{}, err
	}
	entry.ActorID, entry.PartnershipID, entry.ObjectID = &u.ID, u.PartnershipID, fmt.Sprint(u.ID)
	if !VerifyPassword(password, u.PasswordHash) {
		return User{}, s.failSignIn(ctx, entry, "wrong password", now)
	}
	var statusErr error
	switch u.Status {
	case Active:
	case Unverified:
		statusErr = ErrUnverified
	case Pending:
		statusErr = ErrPending
	case Disabled:
		statusErr = ErrDisabled
	default:
		statusErr = ErrBadCredentials
	}
	if statusErr != nil {
		entry.Outcome, entry.Detail = audit.Refused, string(u.Status)
		return User{}, errors.Join(statusErr, audit.Record(ctx, s.DB, entry))
	}
	if NeedsRehash(u.PasswordHash) {
		if hash, err := HashPassword(password); err == nil {
			_, _ = s.DB.Exec(ctx, `UPDATE app_user SET password_hash = $2 WHERE id = $1`, u.ID, hash)
		}
	}
	entry.Outcome = audit.OK
	return u, audit.Record(ctx, s.DB, entry)
}

func (s *Service) failSignIn(ctx context.Context, entry audit.Entry, detail string, now time.Time) error {
	entry.Outcome, entry.Detail = audit.Failed, detail
	return errors.Join(ErrBadCredentials, database.InTx(ctx, s.DB, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO sign_in_failure (at, email, ip) VALUES ($1, $2, $3)`, now, entry.ActorEmail, entry.IP); err != nil {
			return fmt.Errorf("identity: record failure: %w", err)
		}
		return audit.Record(ctx, tx, entry)
	}))
}

// NormaliseEmailLoose lower-cases and trims what was typed as an e-mail address, valid or not, so
// that failures are counted against what the person typed.
func NormaliseEmailLoose(s string) string {
	if n := NormaliseEmail(s); n != "" {
		return n
	}
	return truncate(s, 254)
}

// PruneFailures is identity's housekeeping: it forgets failed sign-ins older than the throttle
// window needs, and links that lapsed a day ago: one-time links, and invitations to join another
// partnership nobody agreed to (the person's account goes on; the business unit may invite them
// again).
func (s *Service) PruneFailures(ctx context.Context) error {
	before := s.Time().Add(-24 * time.Hour)
	for what, sql := range map[string]string{
		"failures":    `DELETE FROM sign_in_failure WHERE at < $1`,
		"tokens":      `DELETE FROM email_token WHERE expires_at < $1`,
		"invitations": `DELETE FROM partnership_member WHERE status = 'invited' AND expires_at < $1`,
	} {
		if _, err := s.DB.Exec(ctx, sql, before); err != nil {
			return fmt.Errorf("identity: prune %s: %w", what, err)
		}
	}
	return nil
}

// MaxLinksPerHour is how many links of one purpose an account is sent in an hour at the most:
// asking again sends nothing, so nobody can flood someone's inbox through the portal.
const MaxLinksPerHour = 3

// errTooManyLinks says the account has been sent MaxLinksPerHour links of the purpose already.
var errTooManyLinks = errors.New("identity: too many links sent in the last hour")

// issueToken stores a one-time token for userID and returns the secret for the link. Earlier
// links of the same purpose stop working (they are marked used): only the newest e-mail works.
// After MaxLinksPerHour links in an hour it issues none and says errTooManyLinks.
func (s *Service) issueToken(ctx context.Context, q database.Querier, userID int64, purpose string, ttl time.Duration) (string, error) {
	secret := secrets.New()
	now := s.Time()
	var recent int
	err := q.QueryRow(ctx, `SELECT count(*) FROM email_token WHERE user_id = $1 AND purpose = $2 AND created_at > $3`,
		userID, purpose, now.Add(-time.Hour)).Scan(&recent)
	if err != nil {
		return "", fmt.Errorf("identity: count tokens: %w", err)
	}
	if recent >= MaxLinksPerHour {
		return "", errTooManyLinks
	}
	_, err = q.Exec(ctx, `UPDATE email_token SET used_at = $3 WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL`, userID, purpose, now)
	if err != nil {
		return "", fmt.Errorf("identity: void earlier tokens: %w", err)
	}
	_, err = q.Exec(ctx, `INSERT INTO email_token (token_hash, user_id, purpose, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
		secrets.Hash(secret), userID, purpose, now, now.Add(ttl))
	if err != nil {
		return "", fmt.Errorf("identity: issue token: %w", err)
	}
	return secret, nil
}

// TokenUser returns the user a live token of purpose belongs to, without using it up: for showing
// the page the link leads to.
func (s *Service) TokenUser(ctx context.Context, secret, purpose string) (User, error) {
	var userID int64
	err := s.DB.QueryRow(ctx, `SELECT user_id FROM email_token WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3`,
		secrets.Hash(secret), purpose, s.Time()).Scan(&userID)
	if errors.Is(err, pgx.ErrNoRows) {
		return User{}, ErrBadToken
	}
	if err != nil {
		return User{}, fmt.Errorf("identity: token: %w", err)
	}
	return UserByID(ctx, s.DB, userID)
}

// useToken marks a live token used, inside tx, and returns its user; a token works once.
func (s *Service) useToken(ctx context.Context, tx pgx.Tx, secret, purpose string) (User, error) {
	var userID int64
	err := tx.QueryRow(ctx, `
		UPDATE email_token SET used_at = $3
		WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3
		RETURNING user_id`, secrets.Hash(secret), purpose, s.Time()).Scan(&userID)
	if errors.Is(err, pgx.ErrNoRows) {
		return User{}, ErrBadToken
	}
	if err != nil {
		return User{}, fmt.Errorf("identity: use token: %w", err)
	}
	return UserByID(ctx, tx, userID)
}

func (s *Service) link(path, secret string) string { return s.BaseURL + path + secret }

// resetTakes is how long RequestReset takes at the least. Sending a link does more work than
// finding no account; without a floor the time of the answer would tell who has an account.
const resetTakes = 300 * time.Millisecond

// RequestReset sends a password reset link to email if it belongs to an active account and has
// not had MaxLinksPerHour links in the last hour, and returns the address as normalised. It says
// nothing either way, and takes the same time either way, so the caller shows the same page
// whatever happened; only an address that is not one is refused.
func (s *Service) RequestReset(ctx context.Context, a app.Actor, email string) (string, error) {
	email = NormaliseEmail(email)
	if email == "" {
		return "", app.InvalidField("email", "Enter an e-mail address in the correct format, like name@example.org")
	}
	done := time.After(resetTakes) // the real clock: this is about what an attacker measures
	err := s.requestReset(ctx, a, email)
	select {
	case <-done:
	case <-ctx.Done():
	}
	return email, err
}

func (s *Service) requestReset(ctx context.Context, a app.Actor, email string) error {
	u, err := UserByEmail(ctx, s.DB, email)
	if errors.Is(err, ErrNotFound) || (err == nil && u.Status != Active) {
		return nil
	}
	if err != nil {
		return err
	}
	return app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		secret, err := s.issueToken(ctx, tx, u.ID, "reset", ResetTTL)
		if errors.Is(err, errTooManyLinks) {
			return app.Event{}, nil // nothing sent, nothing to record: the page says the same
		}
		if err != nil {
			return app.Event{}, err
		}
		if err := mail.Enqueue(ctx, tx, mail.Message{To: u.Email, Subject: "Reset your password",
			Body: fmt.Sprintf("Someone asked to reset the password of your Safeguarding Children Partnership Portal account.\n\n"+
				"To choose a new password, open this link within an hour:\n\n%s\n\n"+
				"If it was not you, ignore this e-mail: your password has not changed.\n",
				s.link("/reset-password/", secret))}); err != nil {
			return app.Event{}, err
		}
		return app.Event{Action: audit.PasswordResetRequested, ObjectType: "user", ObjectID: u.ID, By: u.actor()}, nil
	})
}

// NewPassword is a password chosen through a one-time link, typed twice.
type NewPassword struct {
	Password string
	Confirm  string
}

// check names the problems with a new password for the account of email.
func (in NewPassword) check(p *app.Problems, email string) {
	if msg := CheckPassword(in.Password, email); msg != "" {
		p.Add("password", msg)
	} else if in.Confirm != in.Password {
		p.Add("confirm", "The passwords do not match")
	}
}

// validFor returns the account of a live link of purpose, and an Invalid error naming the
// problems with the password chosen for it; ErrBadToken for a link that is not live.
func (s *Service) validFor(ctx context.Context, secret, purpose string, in NewPassword) (User, error) {
	u, err := s.TokenUser(ctx, secret, purpose)
	if err != nil {
		return u, err
	}
	var p app.Problems
	in.check(&p, u.Email)
	return u, p.Err()
}

// ResetPassword sets a new password through a reset link, ending all the user's sessions.
func (s *Service) ResetPassword(ctx context.Context, a app.Actor, secret string, in NewPassword) (User, error) {
	if _, err := s.validFor(ctx, secret, "reset", in); err != nil {
		return User{}, err
	}
	password := in.Password
	var u User
	err := app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		var err error
		if u, err = s.useToken(ctx, tx, secret, "reset"); err != nil {
			return app.Event{}, err
		}
		if err := SetPassword(ctx, tx, u.ID, password); err != nil {
			return app.Event{}, err
		}
		return app.Event{Action: audit.PasswordReset, ObjectType: "user", ObjectID: u.ID, By: u.actor()}, nil
	})
	return u, err
}
