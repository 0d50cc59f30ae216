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

// Requests from practitioners and the inbox (intake area).

// Themes, commissions, recommendations and training needs (learning area).

func (pathBuilder) themes(slug string) string   { return "/" + slug + "/themes" }
func (pathBuilder) newTheme(slug string) string { return "/" + slug + "/themes/new" }
func (pathBuilder) theme(slug string, theme int64) string {
	return "/" + slug + "/themes/" + id(theme)
}
func (pathBuilder) editTheme(slug string, theme int64) string {
	return "/" + slug + "/themes/" + id(theme) + "/edit"
}
func (pathBuilder) themeSources(slug string, theme int64) string {
	return "/" + slug + "/themes/" + id(theme) + "/sources"
}
func (pathBuilder) newCommission(slug string, theme int64) string {
	return "/" + slug + "/themes/" + id(theme) + "/commissions/new"
}
func (pathBuilder) themeCommissions(slug string, theme int64) string {
	return "/" + slug + "/themes/" + id(theme) + "/commissions"
}
func (pathBuilder) triage(slug string, request int64) string {
	return "/" + slug + "/inbox/" + id(request) + "/triage"
}
func (pathBuilder) triagedRequest(slug string, request int64) string {
	return "/" + slug + "/inbox/" + id(request)
}
func (pathBuilder) commissions(slug string) string { return "/" + slug + "/commissions" }
func (pathBuilder) commission(slug string, c int64) string {
	return "/" + slug + "/commissions/" + id(c)
}
func (pathBuilder) commissionNotes(slug string, c int64) string {
	return "/" + slug + "/commissions/" + id(c) + "/notes"
}
func (pathBuilder) commissionFindings(slug string, c int64) string {
	return "/" + slug + "/commissions/" + id(c) + "/findings"
}
func (pathBuilder) commissionRecommendations(slug string, c int64) string {
	return "/" + slug + "/commissions/" + id(c) + "/recommendations"
}
func (pathBuilder) commissionSignOff(slug string, c int64) string {
	return "/" + slug + "/commissions/" + id(c) + "/sign-off"
}
func (pathBuilder) commissionMilestones(slug string, c int64) string {
	return "/" + slug + "/commissions/" + id(c) + "/milestones"
}
func (pathBuilder) milestoneDone(slug string, c, milestone int64) string {
	return "/" + slug + "/commissions/" + id(c) + "/milestones/" + id(milestone) + "/done"
}
func (pathBuilder) recommendation(slug string, rec int64) string {
	return "/" + slug + "/recommendations/" + id(rec)
}
func (pathBuilder) recommendationStatus(slug string, rec int64) string {
	return "/" + slug + "/recommendations/" + id(rec) + "/status"
}
func (pathBuilder) recommendationActions(slug string, rec int64) string {
	return "/" + slug + "/recommendations/" + id(rec) + "/actions"
}
func (pathBuilder) actionUpdates(slug string, rec, action int64) string {
	return "/" + slug + "/recommendations/" + id(rec) + "/actions/" + id(action) + "/updates"
}
func (pathBuilder) recommendationEvidence(slug string, rec int64) string {
	return "/" + slug + "/recommendations/" + id(rec) + "/evidence"
}
func (pathBuilder) recommendationChallenges(slug string, rec int64) string {
	return "/" + slug + "/recommendations/" + id(rec) + "/challenges"
}
func (pathBuilder) trainingNeeds(slug string) string { return "/" + slug + "/training-needs" }

// Meetings (meetings area).

// Rapid reviews and local CSPRs (reviews area).

// Home views and public pages (overview area).
