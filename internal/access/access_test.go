package access_test

import (
	"testing"

	"github.com/scp-portal/portal/internal/access"
)

func TestDecide(t *testing.T) {
	const hsscp, stscp = 1, 2
	var (
		anon         = access.Subject{}
		practitioner = access.Subject{UserID: 10, PartnershipID: hsscp, Roles: access.Roles(0).With(access.Practitioner)}
		engineRoom   = access.Subject{UserID: 11, PartnershipID: hsscp, Roles: access.Roles(0).With(access.Practitioner).With(access.EngineRoom)}
		business     = access.Subject{UserID: 12, PartnershipID: hsscp, Roles: access.Roles(0).With(access.Practitioner).With(access.BusinessUnit)}
		otherBU      = access.Subject{UserID: 13, PartnershipID: stscp, Roles: access.Roles(0).With(access.Practitioner).With(access.BusinessUnit)}
		sysadmin     = access.Subject{UserID: 14, Roles: access.Roles(0).With(access.SystemAdmin)}
	)
	own := access.Object{PartnershipID: hsscp}
	cases := []struct {
		name   string
		s      access.Subject
		a      access.Action
		o      access.Object
		allows bool
	}{
		{"anyone reads public pages", anon, access.ViewPublic, own, true},
		{"someone not signed in has no home", anon, access.ViewHome, own, false},
		{"a practitioner has a home", practitioner, access.ViewHome, own, true},
		{"a practitioner sees the directory", practitioner, access.ViewDirectory, own, true},
		{"a practitioner does not administer", practitioner, access.ManageUser, own, false},
		{"the Engine Room does not administer", engineRoom, access.ManageOrganisation, own, false},
		{"the business unit administers", business, access.ManageBody, own, true},
		{"the business unit reads the audit log", business, access.ViewAudit, own, true},
		{"another partnership's business unit does not", otherBU, access.ViewAudit, own, false},
		{"another partnership's members see no home", otherBU, access.ViewHome, own, false},
		{"the system administrator administers any partnership", sysadmin, access.ManageUser, own, true},
		{"a person manages their own account", practitioner, access.ManageOwnAccount, access.Object{OwnerID: 10}, true},
		{"not someone else's", practitioner, access.ManageOwnAccount, access.Object{OwnerID: 11}, false},
		{"an unknown action is refused", business, access.Action("something.new"), own, false},
	}
	for _, c := range cases {
		d := access.Decide(c.s, c.a, c.o)
		if d.Allowed != c.allows {
			t.Errorf("%s: %v", c.name, d)
		}
		if !d.Allowed && d.Reason == "" {
			t.Errorf("%s: refused without a reason", c.name)
		}
	}
}

func TestRolesString(t *testing.T) {
	rs := access.Roles(0).With(access.Practitioner).With(access.Executive)
	if got := rs.String(); got != "practitioner, Executive member" {
		t.Errorf("String() = %q", got)
	}
}
