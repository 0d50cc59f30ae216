package views

import (
	"github.com/scp-portal/portal/internal/identity"
	"github.com/scp-portal/portal/web/paths"
)

// NewDisableConfirm asks the business unit to confirm disabling m's account, or refusing their
// registration while it waits (issue #14).
func NewDisableConfirm(slug string, m identity.Member) Confirm {
	c := Confirm{Heading: "Are you sure you want to disable " + m.Name + "'s account?",
		Intro: "They will be signed out everywhere at once and will not be able to sign in, here or in any other partnership " +
			"they belong to, until their account is enabled again.",
		Action: paths.UserStatus(slug, m.ID, "disable"), Button: "Disable account", Warning: true, CancelHref: paths.Users(slug)}
	if m.Status == identity.Pending {
		c.Heading = "Are you sure you want to refuse " + m.Name + "'s registration?"
		c.Intro = "They will not be able to sign in. You can enable their account later from the list of people."
		c.Button = "Refuse registration"
	}
	return c
}

// NewEndMembershipConfirm asks to confirm the end of m's membership of partnership name: the
// person leaving it themselves (self), or its business unit ending it (issue #14).
func NewEndMembershipConfirm(slug, name string, m identity.Member, self bool) Confirm {
	c := Confirm{Action: paths.EndMembership(slug, m.ID), Warning: true, CancelHref: paths.Users(slug)}
	switch {
	case self:
		c.Heading, c.Button, c.CancelHref = "Are you sure you want to leave "+name+"?", "Leave "+name, paths.Account()
		c.Intro = "Your places on its bodies end today and you will no longer see its pages. To come back, its business unit must invite you again."
		if m.Home {
			c.Intro += " Your account will move to the other partnership you belong to, whose business unit will look after it from then on."
		}
	case m.Invited:
		c.Heading, c.Button = "Are you sure you want to withdraw the invitation to "+m.Name+"?", "Withdraw invitation"
		c.Intro = "The link they were sent to join " + name + " will no longer work. Nothing else changes for them."
	default:
		c.Heading, c.Button = "Are you sure you want to end "+m.Name+"'s membership of "+name+"?", "End membership"
		c.Intro = "Their places on its bodies end today and they will no longer see its pages. They will be told by e-mail."
		if m.Home {
			c.Intro += " Their account will move to the other partnership they belong to, whose business unit will look after it from then on."
		} else {
			c.Intro += " Their account in their own partnership does not change."
		}
	}
	return c
}
