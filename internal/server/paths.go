package server

import "strconv"

// paths builds every address the portal links to, one method per route, so that a route is
// spelled in two places only: the route table and here. Handlers and view models take their
// links from it.
var paths pathBuilder

type pathBuilder struct{}

func id(n int64) string { return strconv.FormatInt(n, 10) }

// The business unit's administration.

func (pathBuilder) partnershipSettings(slug string) string { return "/" + slug + "/admin/partnership" }
func (pathBuilder) organisations(slug string) string       { return "/" + slug + "/admin/organisations" }
func (pathBuilder) newOrganisation(slug string) string {
	return "/" + slug + "/admin/organisations/new"
}
func (pathBuilder) organisation(slug string, org int64) string {
	return "/" + slug + "/admin/organisations/" + id(org)
}
func (pathBuilder) editOrganisation(slug string, org int64) string {
	return "/" + slug + "/admin/organisations/" + id(org) + "/edit"
}

// Bodies, memberships, people and the audit log (admin area).

func (pathBuilder) bodies(slug string) string  { return "/" + slug + "/admin/bodies" }
func (pathBuilder) newBody(slug string) string { return "/" + slug + "/admin/bodies/new" }
func (pathBuilder) manageBody(slug string, body int64) string {
	return "/" + slug + "/admin/bodies/" + id(body)
}
func (pathBuilder) editBody(slug string, body int64) string {
	return "/" + slug + "/admin/bodies/" + id(body) + "/edit"
}
func (pathBuilder) members(slug string, body int64) string {
	return "/" + slug + "/admin/bodies/" + id(body) + "/members"
}
func (pathBuilder) rota(slug string, body int64) string {
	return "/" + slug + "/admin/bodies/" + id(body) + "/rota"
}
func (pathBuilder) users(slug string) string  { return "/" + slug + "/admin/users" }
func (pathBuilder) invite(slug string) string { return "/" + slug + "/admin/users/invite" }
func (pathBuilder) userStatus(slug string, user int64, change string) string {
	return "/" + slug + "/admin/users/" + id(user) + "/" + change
}
func (pathBuilder) auditLog(slug string) string { return "/" + slug + "/admin/audit" }
func (pathBuilder) systemHome() string          { return "/admin/partnerships" }
func (pathBuilder) holidays() string            { return "/admin/holidays" }

// Sign-in, registration and the person's own account.

func (pathBuilder) signIn() string                    { return "/sign-in" }
func (pathBuilder) signedOut() string                 { return "/signed-out" }
func (pathBuilder) resetPassword(token string) string { return "/reset-password/" + token }
func (pathBuilder) verifyEmail(token string) string   { return "/verify-email/" + token }
func (pathBuilder) acceptInvitation(token string) string {
	return "/accept-invitation/" + token
}
func (pathBuilder) register(slug string) string     { return "/" + slug + "/register" }
func (pathBuilder) signedInHome(slug string) string { return "/" + slug + "/home" }
func (pathBuilder) sessions() string                { return "/account/sessions" }
func (pathBuilder) endSession(session int64) string {
	return "/account/sessions/" + id(session) + "/end"
}

// Requests from practitioners and the inbox (intake area).

// Themes, commissions, recommendations and training needs (learning area).

// Meetings (meetings area).

// Rapid reviews and local CSPRs (reviews area).

// Home views and public pages (overview area).
