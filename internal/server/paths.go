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
func (pathBuilder) signIn() string                    { return "/sign-in" }
func (pathBuilder) signedOut() string                 { return "/signed-out" }
func (pathBuilder) resetPassword(token string) string { return "/reset-password/" + token }
func (pathBuilder) verifyEmail(token string) string   { return "/verify-email/" + token }
func (pathBuilder) acceptInvitation(token string) string {
	return "/accept-invitation/" + token
}
func (pathBuilder) register(slug string) string { return "/" + slug + "/register" }
func (pathBuilder) sessions() string            { return "/account/sessions" }
func (pathBuilder) endSession(session int64) string {
	return "/account/sessions/" + id(session) + "/end"
}

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

func (pathBuilder) meetings(slug string) string { return "/" + slug + "/meetings" }
func (pathBuilder) meeting(slug string, meeting int64) string {
	return "/" + slug + "/meetings/" + id(meeting)
}
func (pathBuilder) meetingMinutes(slug string, meeting int64) string {
	return "/" + slug + "/meetings/" + id(meeting) + "/minutes"
}

// agendaItem is where an agenda item or a decision of a meeting leads: the record of its kind
// (none for a free item). A request opened from a meeting carries it, so the triage form names
// the meeting.
func (pathBuilder) agendaItem(slug, kind string, ref, meeting int64) string {
	switch kind {
	case "request":
		if meeting != 0 {
			return "/" + slug + "/inbox/" + id(ref) + "?meeting=" + id(meeting)
		}
		return "/" + slug + "/inbox/" + id(ref)
	case "commission":
		return "/" + slug + "/commissions/" + id(ref)
	case "action", "evidence":
		return "/" + slug + "/recommendations/" + id(ref)
	}
	return ""
}

// Rapid reviews and local CSPRs (reviews area).

func (pathBuilder) reviews(slug string) string { return "/" + slug + "/reviews" }
func (pathBuilder) reviewFromRequest(slug string, req int64) string {
	return "/" + slug + "/inbox/" + id(req) + "/rapid-review"
}
func (pathBuilder) review(slug string, rv int64) string { return "/" + slug + "/reviews/" + id(rv) }
func (pathBuilder) reviewAgencies(slug string, rv int64) string {
	return "/" + slug + "/reviews/" + id(rv) + "/agencies"
}
func (pathBuilder) reviewAgency(slug string, rv, org int64) string {
	return "/" + slug + "/reviews/" + id(rv) + "/agencies/" + id(org)
}
func (pathBuilder) reviewSignOff(slug string, rv int64) string {
	return "/" + slug + "/reviews/" + id(rv) + "/sign-off"
}
func (pathBuilder) openLocalReview(slug string, rv int64) string {
	return "/" + slug + "/reviews/" + id(rv) + "/local-review"
}
func (pathBuilder) localReview(slug string, c int64) string {
	return "/" + slug + "/local-reviews/" + id(c)
}
func (pathBuilder) localReviewReviewer(slug string, c int64) string {
	return "/" + slug + "/local-reviews/" + id(c) + "/reviewer"
}
func (pathBuilder) localReviewApprove(slug string, c int64) string {
	return "/" + slug + "/local-reviews/" + id(c) + "/approve"
}
func (pathBuilder) localReviewReport(slug string, c int64) string {
	return "/" + slug + "/local-reviews/" + id(c) + "/report"
}
func (pathBuilder) localReviewRecommendations(slug string, c int64) string {
	return "/" + slug + "/local-reviews/" + id(c) + "/recommendations"
}
func (pathBuilder) localReviewMilestoneDone(slug string, c, m int64) string {
	return "/" + slug + "/local-reviews/" + id(c) + "/milestones/" + id(m) + "/done"
}

// Home views and public pages (overview area).

func (pathBuilder) portalHome() string                   { return "/" }
func (pathBuilder) partnershipPublic(slug string) string { return "/" + slug + "/" }
func (pathBuilder) publishedReview(slug string, review int64) string {
	return "/" + slug + "/published-reviews/" + id(review)
}
func (pathBuilder) memberHome(slug string) string { return "/" + slug + "/home" }
func (pathBuilder) bodyPage(slug string, body int64) string {
	return "/" + slug + "/bodies/" + id(body)
}
func (pathBuilder) themeCSS(slug string) string { return "/" + slug + "/theme.css" }
