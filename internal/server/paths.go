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

// Sign-in, registration and the person's own account.

// Requests from practitioners and the inbox (intake area). kind is "kloe" or "cspr".

func (pathBuilder) newKLOE(slug string) string   { return "/" + slug + "/kloe/new" }
func (pathBuilder) csprStart(slug string) string { return "/" + slug + "/cspr/new" }
func (pathBuilder) newCSPR(slug string) string   { return "/" + slug + "/cspr/new/form" }
func (pathBuilder) editRequest(slug, kind string, req int64) string {
	return "/" + slug + "/" + kind + "/" + id(req) + "/edit"
}
func (pathBuilder) checkRequest(slug, kind string, req int64) string {
	return "/" + slug + "/" + kind + "/" + id(req) + "/check"
}
func (pathBuilder) submitRequest(slug, kind string, req int64) string {
	return "/" + slug + "/" + kind + "/" + id(req) + "/submit"
}
func (pathBuilder) requestConfirmation(slug, kind string, req int64) string {
	return "/" + slug + "/" + kind + "/" + id(req) + "/confirmation"
}
func (pathBuilder) attachment(slug string, req, att int64) string {
	return "/" + slug + "/requests/" + id(req) + "/attachments/" + id(att)
}
func (pathBuilder) mySubmissions(slug string) string { return "/" + slug + "/my/submissions" }
func (pathBuilder) withdrawRequest(slug string, req int64) string {
	return "/" + slug + "/my/submissions/" + id(req) + "/withdraw"
}
func (pathBuilder) inbox(slug string) string { return "/" + slug + "/inbox" }
func (pathBuilder) request(slug string, req int64) string {
	return "/" + slug + "/inbox/" + id(req)
}
func (pathBuilder) requestStatus(slug string, req int64) string {
	return "/" + slug + "/inbox/" + id(req) + "/status"
}

// Themes, commissions, recommendations and training needs (learning area).

// Meetings (meetings area).

// Rapid reviews and local CSPRs (reviews area).

// Home views and public pages (overview area).
