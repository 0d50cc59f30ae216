package server_test

import "net/http"

// Audiences of the published documents' routes.
const (
	docReaders  audience = 100 + iota // the business unit, Engine Room, Executive and scrutiny
	docManagers                       // the business unit
	docMembers                        // any member (a version is read before the policy, which knows its signers)
)

// expectPublishing is expect for the published documents' routes: ok is false for another area's.
func expectPublishing(c routeCase, p person) (status int, ok bool) {
	var allowed bool
	switch c.who {
	case docReaders:
		allowed = p.member && (p.business || p.engineRoom || p.executive || p.scrutiny)
	case docManagers:
		allowed = p.member && p.business
	case docMembers:
		allowed = p.member
	default:
		return 0, false
	}
	switch {
	case p.email == "":
		return http.StatusSeeOther, true
	case allowed:
		return c.allowedStatus, true
	}
	return http.StatusForbidden, true
}
