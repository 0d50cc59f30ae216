package identity

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
)

// InviteAdministrator invites a system administrator of the installation, who belongs to no
// partnership, and returns the link of the invitation: the way into an installation started
// without the demo (`portal admin create`), whose operator may have no e-mail set up yet.
func (s *Service) InviteAdministrator(ctx context.Context, a app.Actor, name, email string) (string, error) {
	inv, p := Invitation{Name: name, Email: email, SystemAdmin: true, By: "The operator of the installation"}.Validate()
	if err := p.Err(); err != nil {
		return "", err
	}
	var link string
	err := app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		id, l, err := s.InviteIn(ctx, tx, inv)
		link = l
		return app.Event{Action: audit.UserInvite, ObjectType: "user", ObjectID: id, Detail: "system administrator"}, err
	})
	if errors.Is(err, ErrEmailTaken) {
		return "", app.InvalidField("email", "This e-mail address already has an account")
	}
	return link, err
}
