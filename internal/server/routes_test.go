package server_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/scp-portal/portal/internal/seed"
	"github.com/scp-portal/portal/internal/server"
	"github.com/scp-portal/portal/internal/testkit"
)

// Who a route is for; expect turns that into the status each person gets.
type audience int

const (
	anyone             audience = iota // public pages: 200 for everyone
	form                               // a public form posted empty: 422 for everyone
	badLink                            // a one-time link that does not exist: 404 for everyone
	signedIn                           // one's own account: sign in first, then 200
	member                             // pages for the partnership's members
	businessUnit                       // the business unit's administration
	systemAdmin                        // the installation's administration
	practitioners                      // any member of the partnership (not the system administrator)
	someRequest                        // one request, named by an id that does not exist: 404 to all signed in
	inbox                              // the Engine Room, business unit and independent scrutiny
	manageRequests                     // the Engine Room and business unit
	learningViewers                    // the Engine Room, business unit, Executive and independent scrutiny
	learningManagers                   // the Engine Room and business unit
	learningItem                       // one learning record, by an id that does not exist: 404 to viewers, 403 to others
	managedItem                        // a change to a learning record that does not exist: 404 to managers, 403 to others
	commissionList                     // learning viewers, and critical friends (their own commissions)
	reviewViewers                      // the Engine Room, business unit and independent scrutiny
	reviewManagers                     // the Engine Room and business unit
	localReviewViewers                 // those, and the Executive
	reviewerApprovers                  // the Executive
	execReaders                        // the Executive's meetings: its members, the business unit and independent scrutiny
	execPlanners                       // its members and the business unit
	docReaders                         // published documents' drafts: the business unit, Engine Room, Executive and scrutiny
	docManagers                        // the business unit
	docMembers                         // any member (a version is read before the policy, which knows its signers)
	reportReaders                      // the Engine Room, business unit, Executive and independent scrutiny
	reportWriters                      // the Engine Room and business unit
	challengeViewers                   // the Executive, independent scrutiny, the Engine Room and business unit
	challengers                        // the Executive and independent scrutiny
	proposers                          // the Executive
	retentionViewers                   // the business unit, the Executive and independent scrutiny
	retentionProposers                 // the business unit
	retentionApprovers                 // the Executive
	scrutinyReaders                    // issued scrutiny reports: the Executive, Engine Room, business unit and scrutiny
	scrutinyWriters                    // independent scrutiny
	assuranceReaders                   // self-assessment audits: the business unit, Engine Room, Executive and scrutiny
	assuranceManagers                  // the business unit
	caseAuditReaders                   // multi-agency case audits: the Engine Room, business unit, Executive and scrutiny
	caseAuditManagers                  // the Engine Room, who alone (with an audit's auditors) reads case references
	caseAuditors                       // an audit's own auditors: nobody, for an audit that does not exist
	trainingViewers                    // the training programme's courses and bookings: the business unit, Engine Room, Executive and scrutiny
	trainingManagers                   // the business unit
	bulletinManagers                   // e-bulletins: the business unit
	budgetReaders                      // the pooled budget: the business unit, Executive, Engine Room and scrutiny
	budgetDrafters                     // the business unit
	budgetApprovers                    // the Executive
)

// routeCase is one route of the table, with a concrete path ({slug} is filled in per run) and
// what the business unit gets when it may use the route (its empty form or unknown id).
type routeCase struct {
	method, pattern, path string
	who                   audience
	allowedStatus         int
}

// routeTable lists every route. A route missing here fails TestEveryRouteIsInTheMatrix: add it
// with who it is for.
func routeTable() []routeCase {
	buPOST := func(pattern, path string, status int) routeCase {
		return routeCase{http.MethodPost, pattern, path, businessUnit, status}
	}
	buGET := func(pattern, path string) routeCase {
		return routeCase{http.MethodGet, pattern, path, businessUnit, http.StatusOK}
	}
	return []routeCase{
		{"GET", "/healthz", "/healthz", anyone, 200},
		{"GET", "/readyz", "/readyz", anyone, 200},
		{"GET", "/static/*", "/static/app.000000000000.css", badLink, 404},
		{"GET", "/{slug}/theme.css", "/{slug}/theme.css", anyone, 200},
		{"GET", "/", "/", anyone, 200},
		{"GET", "/accessibility", "/accessibility", anyone, 200},
		{"GET", "/sign-in", "/sign-in", anyone, 200},
		{"POST", "/sign-in", "/sign-in", form, 422},
		{"GET", "/signed-out", "/signed-out", anyone, 200},
		{"GET", "/forgot-password", "/forgot-password", anyone, 200},
		{"POST", "/forgot-password", "/forgot-password", form, 422},
		{"GET", "/reset-password/{token}", "/reset-password/no-such-token", badLink, 404},
		{"POST", "/reset-password/{token}", "/reset-password/no-such-token", badLink, 404},
		{"GET", "/verify-email/{token}", "/verify-email/no-such-token", badLink, 404},
		{"POST", "/verify-email/{token}", "/verify-email/no-such-token", badLink, 404},
		{"GET", "/accept-invitation/{token}", "/accept-invitation/no-such-token", badLink, 404},
		{"POST", "/accept-invitation/{token}", "/accept-invitation/no-such-token", badLink, 404},
		{"GET", "/admin/partnerships", "/admin/partnerships", systemAdmin, 200},
		{"GET", "/account", "/account", signedIn, 200},
		{"GET", "/account/sessions", "/account/sessions", signedIn, 200},
		{"POST", "/account/sessions/{id}/end", "/account/sessions/999999999/end", signedIn, 303},
		{"GET", "/{slug}/", "/{slug}/", anyone, 200},
		{"GET", "/{slug}/register", "/{slug}/register", anyone, 200},
		{"GET", "/{slug}/agency-information/{token}", "/{slug}/agency-information/no-such-token", badLink, 404},
		{"POST", "/{slug}/agency-information/{token}", "/{slug}/agency-information/no-such-token", badLink, 404},
		{"POST", "/{slug}/register", "/{slug}/register", form, 422},
		{"GET", "/{slug}/home", "/{slug}/home", member, 200},
		{"GET", "/{slug}/bodies/{bodyID}", "/{slug}/bodies/{body}", member, 200},
		buGET("/{slug}/admin/partnership", "/{slug}/admin/partnership"),
		buPOST("/{slug}/admin/partnership", "/{slug}/admin/partnership", 422),
		buGET("/{slug}/admin/organisations", "/{slug}/admin/organisations"),
		buGET("/{slug}/admin/organisations/new", "/{slug}/admin/organisations/new"),
		buPOST("/{slug}/admin/organisations", "/{slug}/admin/organisations", 422),
		buGET("/{slug}/admin/organisations/{id}/edit", "/{slug}/admin/organisations/{org}/edit"),
		buPOST("/{slug}/admin/organisations/{id}", "/{slug}/admin/organisations/{org}", 422),
		buGET("/{slug}/admin/bodies", "/{slug}/admin/bodies"),
		buGET("/{slug}/admin/bodies/new", "/{slug}/admin/bodies/new"),
		buPOST("/{slug}/admin/bodies", "/{slug}/admin/bodies", 422),
		buGET("/{slug}/admin/bodies/{id}/edit", "/{slug}/admin/bodies/{body}/edit"),
		buPOST("/{slug}/admin/bodies/{id}/edit", "/{slug}/admin/bodies/{body}/edit", 422),
		buGET("/{slug}/admin/bodies/{bodyID}", "/{slug}/admin/bodies/{body}"),
		buPOST("/{slug}/admin/bodies/{bodyID}/members", "/{slug}/admin/bodies/{body}/members", 422),
		buPOST("/{slug}/admin/bodies/{bodyID}/members/{membershipID}/end", "/{slug}/admin/bodies/{body}/members/999999999/end", 404),
		buPOST("/{slug}/admin/bodies/{bodyID}/rota", "/{slug}/admin/bodies/{body}/rota", 422),
		buGET("/{slug}/admin/users", "/{slug}/admin/users"),
		buGET("/{slug}/admin/users.csv", "/{slug}/admin/users.csv"),
		buGET("/{slug}/admin/users/invite", "/{slug}/admin/users/invite"),
		buPOST("/{slug}/admin/users/invite", "/{slug}/admin/users/invite", 422),
		buPOST("/{slug}/admin/users/{id}/approve", "/{slug}/admin/users/999999999/approve", 404),
		{"GET", "/{slug}/admin/users/{id}/disable", "/{slug}/admin/users/999999999/disable", businessUnit, 404},
		buPOST("/{slug}/admin/users/{id}/disable", "/{slug}/admin/users/999999999/disable", 404),
		// Ending someone else's membership (issue #14): the business unit and the system administrator;
		// leaving one's own is walked in multi_test.go.
		{"GET", "/{slug}/people/{id}/end-membership", "/{slug}/people/999999999/end-membership", businessUnit, 404},
		buPOST("/{slug}/people/{id}/end-membership", "/{slug}/people/999999999/end-membership", 404),
		buPOST("/{slug}/admin/users/{id}/enable", "/{slug}/admin/users/999999999/enable", 404),
		buGET("/{slug}/admin/audit", "/{slug}/admin/audit"),
		buGET("/{slug}/admin/audit.csv", "/{slug}/admin/audit.csv"),
		{"GET", "/{slug}/kloe/new", "/{slug}/kloe/new", practitioners, 200},
		{"POST", "/{slug}/kloe/new", "/{slug}/kloe/new", practitioners, 400},
		{"GET", "/{slug}/cspr/new", "/{slug}/cspr/new", practitioners, 200},
		{"GET", "/{slug}/cspr/new/form", "/{slug}/cspr/new/form", practitioners, 200},
		{"POST", "/{slug}/cspr/new/form", "/{slug}/cspr/new/form", practitioners, 400},
		{"GET", "/{slug}/{kind:kloe|cspr}/{id}/edit", "/{slug}/kloe/999999999/edit", someRequest, 404},
		{"POST", "/{slug}/{kind:kloe|cspr}/{id}/edit", "/{slug}/cspr/999999999/edit", someRequest, 404},
		{"GET", "/{slug}/{kind:kloe|cspr}/{id}/check", "/{slug}/cspr/999999999/check", someRequest, 404},
		{"POST", "/{slug}/{kind:kloe|cspr}/{id}/submit", "/{slug}/kloe/999999999/submit", someRequest, 404},
		{"GET", "/{slug}/{kind:kloe|cspr}/{id}/confirmation", "/{slug}/cspr/999999999/confirmation", someRequest, 404},
		{"GET", "/{slug}/requests/{id}/attachments/{attachmentID}", "/{slug}/requests/999999999/attachments/1", someRequest, 404},
		{"GET", "/{slug}/my/submissions", "/{slug}/my/submissions", practitioners, 200},
		{"GET", "/{slug}/my/submissions/{id}/withdraw", "/{slug}/my/submissions/999999999/withdraw", someRequest, 404},
		{"POST", "/{slug}/my/submissions/{id}/withdraw", "/{slug}/my/submissions/999999999/withdraw", someRequest, 404},
		{"GET", "/{slug}/inbox", "/{slug}/inbox", inbox, 200},
		{"GET", "/{slug}/inbox.csv", "/{slug}/inbox.csv", inbox, 200},
		{"GET", "/{slug}/inbox/{id}", "/{slug}/inbox/999999999", someRequest, 404},
		{"POST", "/{slug}/inbox/{id}/status", "/{slug}/inbox/999999999/status", manageRequests, 404},
		{"POST", "/{slug}/inbox/{id}/triage", "/{slug}/inbox/999999999/triage", managedItem, 404},
		{"GET", "/{slug}/themes", "/{slug}/themes", learningViewers, 200},
		{"GET", "/{slug}/themes.csv", "/{slug}/themes.csv", learningViewers, 200},
		{"GET", "/{slug}/recommendations", "/{slug}/recommendations", learningViewers, 200},
		{"GET", "/{slug}/recommendations.csv", "/{slug}/recommendations.csv", learningViewers, 200},
		{"GET", "/{slug}/themes/new", "/{slug}/themes/new", learningManagers, 200},
		{"POST", "/{slug}/themes", "/{slug}/themes", learningManagers, 422},
		{"GET", "/{slug}/themes/{id}", "/{slug}/themes/999999999", learningItem, 404},
		{"GET", "/{slug}/themes/{id}/edit", "/{slug}/themes/999999999/edit", managedItem, 404},
		{"POST", "/{slug}/themes/{id}/edit", "/{slug}/themes/999999999/edit", learningManagers, 422},
		{"POST", "/{slug}/themes/{id}/sources", "/{slug}/themes/999999999/sources", managedItem, 404},
		{"GET", "/{slug}/themes/{id}/commissions/new", "/{slug}/themes/999999999/commissions/new", managedItem, 404},
		{"POST", "/{slug}/themes/{id}/commissions", "/{slug}/themes/999999999/commissions", managedItem, 404},
		{"GET", "/{slug}/commissions", "/{slug}/commissions", commissionList, 200},
		{"GET", "/{slug}/commissions/{id}", "/{slug}/commissions/999999999", learningItem, 404},
		{"POST", "/{slug}/commissions/{id}/notes", "/{slug}/commissions/999999999/notes", learningItem, 404},
		{"POST", "/{slug}/commissions/{id}/findings", "/{slug}/commissions/999999999/findings", learningItem, 404},
		{"POST", "/{slug}/commissions/{id}/recommendations", "/{slug}/commissions/999999999/recommendations", learningItem, 404},
		{"POST", "/{slug}/commissions/{id}/sign-off", "/{slug}/commissions/999999999/sign-off", learningItem, 404},
		{"POST", "/{slug}/commissions/{id}/milestones", "/{slug}/commissions/999999999/milestones", learningItem, 404},
		{"POST", "/{slug}/commissions/{id}/milestones/{milestoneID}/done", "/{slug}/commissions/999999999/milestones/1/done", learningItem, 404},
		{"GET", "/{slug}/recommendations/{id}", "/{slug}/recommendations/999999999", learningItem, 404},
		{"POST", "/{slug}/recommendations/{id}/status", "/{slug}/recommendations/999999999/status", managedItem, 404},
		{"POST", "/{slug}/recommendations/{id}/actions", "/{slug}/recommendations/999999999/actions", managedItem, 404},
		{"POST", "/{slug}/recommendations/{id}/actions/{actionID}/updates", "/{slug}/recommendations/999999999/actions/1/updates", managedItem, 404},
		{"POST", "/{slug}/recommendations/{id}/evidence", "/{slug}/recommendations/999999999/evidence", managedItem, 404},
		{"GET", "/{slug}/training-needs", "/{slug}/training-needs", learningViewers, 200},
		{"GET", "/{slug}/meetings", "/{slug}/meetings", learningViewers, 200},
		{"POST", "/{slug}/meetings", "/{slug}/meetings", learningManagers, 422},
		{"GET", "/{slug}/meetings/{id}", "/{slug}/meetings/999999999", learningItem, 404},
		{"POST", "/{slug}/meetings/{id}/minutes", "/{slug}/meetings/999999999/minutes", managedItem, 404},
		{"POST", "/{slug}/meetings/{id}/items", "/{slug}/meetings/999999999/items", managedItem, 404},
		{"GET", "/{slug}/executive/meetings", "/{slug}/executive/meetings", execReaders, 200},
		{"GET", "/{slug}/bodies/{bodyID}/meetings", "/{slug}/bodies/{exec}/meetings", execReaders, 200},
		{"POST", "/{slug}/bodies/{bodyID}/meetings", "/{slug}/bodies/{exec}/meetings", execPlanners, 422},
		{"GET", "/{slug}/bodies/{bodyID}/meetings/{id}", "/{slug}/bodies/{exec}/meetings/999999999", execReaders, 404},
		{"POST", "/{slug}/bodies/{bodyID}/meetings/{id}/minutes", "/{slug}/bodies/{exec}/meetings/999999999/minutes", execPlanners, 404},
		{"POST", "/{slug}/bodies/{bodyID}/meetings/{id}/items", "/{slug}/bodies/{exec}/meetings/999999999/items", execPlanners, 404},
		{"POST", "/{slug}/bodies/{bodyID}/meetings/{id}/attendance", "/{slug}/bodies/{exec}/meetings/999999999/attendance", execPlanners, 404},
		{"POST", "/{slug}/bodies/{bodyID}/meetings/{id}/decisions", "/{slug}/bodies/{exec}/meetings/999999999/decisions", execPlanners, 404},
		{"GET", "/{slug}/bodies/{bodyID}/decisions", "/{slug}/bodies/{exec}/decisions", execReaders, 200},
		{"GET", "/{slug}/bodies/{bodyID}/decisions.csv", "/{slug}/bodies/{exec}/decisions.csv", execReaders, 200},
		{"GET", "/{slug}/bodies/{bodyID}/decisions/{id}/done", "/{slug}/bodies/{exec}/decisions/999999999/done", execPlanners, 404},
		{"POST", "/{slug}/bodies/{bodyID}/decisions/{id}/done", "/{slug}/bodies/{exec}/decisions/999999999/done", execPlanners, 404},
		{"POST", "/{slug}/inbox/{id}/rapid-review", "/{slug}/inbox/999999999/rapid-review", reviewManagers, 404},
		{"GET", "/{slug}/reviews", "/{slug}/reviews", localReviewViewers, 200}, // the Executive sees the register without content
		{"GET", "/{slug}/reviews.csv", "/{slug}/reviews.csv", reviewViewers, 200},
		{"POST", "/{slug}/reviews", "/{slug}/reviews", reviewManagers, 422},
		{"GET", "/{slug}/reviews/{id}", "/{slug}/reviews/999999999", docMembers, 404}, // read before the policy, which knows its signers
		{"POST", "/{slug}/reviews/{id}", "/{slug}/reviews/999999999", reviewManagers, 404},
		{"POST", "/{slug}/reviews/{id}/agencies", "/{slug}/reviews/999999999/agencies", reviewManagers, 404},
		{"POST", "/{slug}/reviews/{id}/agencies/{orgID}", "/{slug}/reviews/999999999/agencies/1", reviewManagers, 404},
		{"POST", "/{slug}/reviews/{id}/sign-off", "/{slug}/reviews/999999999/sign-off", docMembers, 404},
		{"POST", "/{slug}/reviews/{id}/local-review", "/{slug}/reviews/999999999/local-review", reviewManagers, 404},
		{"GET", "/{slug}/local-reviews/{id}", "/{slug}/local-reviews/999999999", localReviewViewers, 404},
		{"POST", "/{slug}/local-reviews/{id}/reviewer", "/{slug}/local-reviews/999999999/reviewer", reviewManagers, 404},
		{"POST", "/{slug}/local-reviews/{id}/approve", "/{slug}/local-reviews/999999999/approve", reviewerApprovers, 404},
		{"POST", "/{slug}/local-reviews/{id}/report", "/{slug}/local-reviews/999999999/report", reviewManagers, 404},
		{"POST", "/{slug}/local-reviews/{id}/recommendations", "/{slug}/local-reviews/999999999/recommendations", reviewManagers, 404},
		{"POST", "/{slug}/local-reviews/{id}/milestones/{milestoneID}/done", "/{slug}/local-reviews/999999999/milestones/1/done", reviewManagers, 404},
		{"POST", "/{slug}/recommendations/{id}/challenges", "/{slug}/recommendations/999999999/challenges", managedItem, 404},
		{"GET", "/{slug}/challenges", "/{slug}/challenges", challengeViewers, 200},
		{"GET", "/{slug}/challenges/new", "/{slug}/challenges/new", challengers, 200},
		{"POST", "/{slug}/challenges", "/{slug}/challenges", challengers, 422},
		{"GET", "/{slug}/challenges/{id}", "/{slug}/challenges/999999999", challengeViewers, 404},
		{"POST", "/{slug}/challenges/{id}/respond", "/{slug}/challenges/999999999/respond", challengeViewers, 404},
		{"POST", "/{slug}/challenges/{id}/close", "/{slug}/challenges/999999999/close", challengeViewers, 404},
		{"GET", "/{slug}/themes/propose", "/{slug}/themes/propose", proposers, 200},
		{"POST", "/{slug}/themes/propose", "/{slug}/themes/propose", proposers, 422},
		{"GET", "/{slug}/disputes", "/{slug}/disputes", practitioners, 200},
		{"GET", "/{slug}/disputes/new", "/{slug}/disputes/new", practitioners, 200},
		{"POST", "/{slug}/disputes", "/{slug}/disputes", practitioners, 422},
		{"GET", "/{slug}/disputes/{id}", "/{slug}/disputes/999999999", someRequest, 404},
		{"POST", "/{slug}/disputes/{id}/escalate", "/{slug}/disputes/999999999/escalate", someRequest, 404},
		{"POST", "/{slug}/disputes/{id}/resolve", "/{slug}/disputes/999999999/resolve", someRequest, 404},
		{"GET", "/{slug}/published-reviews/{id}", "/{slug}/published-reviews/999999999", badLink, 404},
		// Reports (internal/reports).
		{"GET", "/{slug}/reports", "/{slug}/reports", reportReaders, 200},
		{"POST", "/{slug}/reports", "/{slug}/reports", reportWriters, 422},
		{"GET", "/{slug}/reports/{id}", "/{slug}/reports/999999999", reportReaders, 404},
		{"GET", "/{slug}/reports/exception/{period}", "/{slug}/reports/exception/1999-Q1", reportReaders, 404},
		{"POST", "/{slug}/reports/{id}/sections/{key}", "/{slug}/reports/999999999/sections/moved", reportReaders, 404},
		{"POST", "/{slug}/reports/{id}/submit", "/{slug}/reports/999999999/submit", reportReaders, 404},
		{"POST", "/{slug}/reports/{id}/reopen", "/{slug}/reports/999999999/reopen", reportReaders, 404},
		{"GET", "/{slug}/reports/{id}/print", "/{slug}/reports/999999999/print", reportReaders, 404},
		{"GET", "/{slug}/reports/{id}/csv", "/{slug}/reports/999999999/csv", reportReaders, 404},
		{"GET", "/{slug}/reports/{id}/versions/{n}", "/{slug}/reports/999999999/versions/1", reportReaders, 404},
		{"GET", "/{slug}/reports/{id}/checklist", "/{slug}/reports/999999999/checklist", reportReaders, 404},
		{"GET", "/{slug}/reports/{id}/summary", "/{slug}/reports/999999999/summary", reportReaders, 404},
		{"GET", "/admin/holidays", "/admin/holidays", systemAdmin, 200},
		{"POST", "/admin/holidays", "/admin/holidays", systemAdmin, 422},
		// Published documents and sign-off (routes_publishing_test.go says who each is for).
		{"GET", "/{slug}/arrangements", "/{slug}/arrangements", anyone, 200},
		{"GET", "/{slug}/documents/{doc}", "/{slug}/documents/arrangements", anyone, 200},
		{"GET", "/{slug}/documents/{doc}/versions/{number}", "/{slug}/documents/arrangements/versions/1", anyone, 200},
		{"GET", "/{slug}/documents/{doc}/changes", "/{slug}/documents/arrangements/changes", anyone, 200},
		{"GET", "/{slug}/publishing", "/{slug}/publishing", docReaders, 200},
		{"POST", "/{slug}/publishing", "/{slug}/publishing", docManagers, 422},
		{"GET", "/{slug}/publishing/{id}", "/{slug}/publishing/999999999", docReaders, 404},
		{"POST", "/{slug}/publishing/{id}/versions", "/{slug}/publishing/999999999/versions", docManagers, 404},
		{"POST", "/{slug}/publishing/{id}/review", "/{slug}/publishing/999999999/review", docManagers, 404},
		{"GET", "/{slug}/publishing/versions/{id}", "/{slug}/publishing/versions/999999999", docMembers, 404},
		{"POST", "/{slug}/publishing/versions/{id}/sections", "/{slug}/publishing/versions/999999999/sections", docManagers, 404},
		{"GET", "/{slug}/publishing/versions/{id}/sections/{sectionID}", "/{slug}/publishing/versions/999999999/sections/1", docManagers, 404},
		{"POST", "/{slug}/publishing/versions/{id}/sections/{sectionID}", "/{slug}/publishing/versions/999999999/sections/1", docManagers, 404},
		{"POST", "/{slug}/publishing/versions/{id}/submit", "/{slug}/publishing/versions/999999999/submit", docManagers, 404},
		{"POST", "/{slug}/publishing/versions/{id}/sign", "/{slug}/publishing/versions/999999999/sign", docMembers, 404},
		{"POST", "/{slug}/publishing/versions/{id}/publish", "/{slug}/publishing/versions/999999999/publish", docManagers, 404},
		{"POST", "/{slug}/publishing/versions/{id}/reopen", "/{slug}/publishing/versions/999999999/reopen", docManagers, 404},
		{"GET", "/{slug}/sign-off", "/{slug}/sign-off", docMembers, 200},
		{"POST", "/{slug}/sign-off/delegates", "/{slug}/sign-off/delegates", docMembers, 422},
		buPOST("/{slug}/sign-off/leads", "/{slug}/sign-off/leads", 422),
		// Onboarding (onboarding.go): the system administrator creates partnerships; the business
		// unit imports its directory.
		{"GET", "/admin/partnerships/new", "/admin/partnerships/new", systemAdmin, 200},
		{"POST", "/admin/partnerships", "/admin/partnerships", systemAdmin, 422},
		buGET("/{slug}/admin/import", "/{slug}/admin/import"),
		buPOST("/{slug}/admin/import", "/{slug}/admin/import", 422),
		buGET("/{slug}/admin/import/template.csv", "/{slug}/admin/import/template.csv"),
		{"GET", "/{slug}/admin/import/{id}", "/{slug}/admin/import/999999999", businessUnit, 404},
		buPOST("/{slug}/admin/import/{id}", "/{slug}/admin/import/999999999", 404),
		// The yearly report's sign-off, publication and sending on, and its public page (feat-pub).
		{"POST", "/{slug}/reports/{id}/sign", "/{slug}/reports/999999999/sign", docMembers, 404},
		{"POST", "/{slug}/reports/{id}/publish", "/{slug}/reports/999999999/publish", reportReaders, 404},
		{"POST", "/{slug}/reports/{id}/sent", "/{slug}/reports/999999999/sent", reportReaders, 404},
		{"GET", "/{slug}/yearly-reports/{year}", "/{slug}/yearly-reports/1999", badLink, 404},
		{"GET", "/{slug}/challenges.csv", "/{slug}/challenges.csv", challengeViewers, 200},
		{"GET", "/{slug}/feed.atom", "/{slug}/feed.atom", anyone, 200},
		{"GET", "/library", "/library", anyone, 200},
		{"GET", "/library/feed.atom", "/library/feed.atom", anyone, 200},
		{"GET", "/sitemap.xml", "/sitemap.xml", anyone, 200},
		// The Executive's approvals (feat-exec).
		{"POST", "/{slug}/reviews/{id}/submit-sign-off", "/{slug}/reviews/999999999/submit-sign-off", reviewManagers, 404},
		{"POST", "/{slug}/reviews/{id}/reopen", "/{slug}/reviews/999999999/reopen", reviewManagers, 404},
		{"POST", "/{slug}/local-reviews/{id}/propose-publication", "/{slug}/local-reviews/999999999/propose-publication", reviewManagers, 404},
		{"POST", "/{slug}/local-reviews/{id}/approve-publication", "/{slug}/local-reviews/999999999/approve-publication", reviewerApprovers, 404},
		// Notices and retention (internal/notices, internal/retention).
		{"GET", "/account/notices", "/account/notices", signedIn, 200},
		{"POST", "/account/notices", "/account/notices", signedIn, 422},
		{"GET", "/{slug}/{kind:kloe|cspr}/{id}/delete", "/{slug}/cspr/999999999/delete", someRequest, 404},
		{"POST", "/{slug}/{kind:kloe|cspr}/{id}/delete", "/{slug}/kloe/999999999/delete", someRequest, 404},
		{"GET", "/{slug}/retention", "/{slug}/retention", retentionViewers, 200},
		{"POST", "/{slug}/retention/{type}/propose", "/{slug}/retention/draft_request/propose", retentionProposers, 422},
		{"POST", "/{slug}/retention/{type}/approve", "/{slug}/retention/draft_request/approve", retentionApprovers, 409},
		{"POST", "/{slug}/retention/holds", "/{slug}/retention/holds", retentionProposers, 422},
		{"POST", "/{slug}/retention/holds/{id}/release", "/{slug}/retention/holds/999999999/release", retentionProposers, 404},
		{"POST", "/{slug}/retention/subject-access", "/{slug}/retention/subject-access", retentionProposers, 422},
		// Independent scrutiny reports (internal/scrutiny).
		{"GET", "/{slug}/scrutiny", "/{slug}/scrutiny", scrutinyReaders, 200},
		{"GET", "/{slug}/scrutiny/new", "/{slug}/scrutiny/new", scrutinyWriters, 200},
		{"POST", "/{slug}/scrutiny/new", "/{slug}/scrutiny/new", scrutinyWriters, 422},
		{"GET", "/{slug}/scrutiny/{id}", "/{slug}/scrutiny/999999999", scrutinyReaders, 404},
		{"POST", "/{slug}/scrutiny/{id}", "/{slug}/scrutiny/999999999", scrutinyWriters, 404},
		{"POST", "/{slug}/scrutiny/{id}/issue", "/{slug}/scrutiny/999999999/issue", scrutinyWriters, 404},
		{"POST", "/{slug}/scrutiny/{id}/recommendations", "/{slug}/scrutiny/999999999/recommendations", scrutinyWriters, 404},
		// The priorities a local CSPR bears on, for the public library (feat-library).
		{"POST", "/{slug}/local-reviews/{id}/priorities", "/{slug}/local-reviews/999999999/priorities", reviewManagers, 404},
		// Self-assessment audits (internal/assurance). A return that does not exist is not found to
		// those who read rounds; assurance_test.go walks a real one for its lead and others.
		{"GET", "/{slug}/assurance", "/{slug}/assurance", assuranceReaders, 200},
		{"GET", "/{slug}/assurance/frameworks/new", "/{slug}/assurance/frameworks/new", assuranceManagers, 200},
		{"POST", "/{slug}/assurance/frameworks", "/{slug}/assurance/frameworks", assuranceManagers, 422},
		{"GET", "/{slug}/assurance/frameworks/{id}", "/{slug}/assurance/frameworks/999999999", assuranceReaders, 404},
		{"POST", "/{slug}/assurance/frameworks/{id}/versions", "/{slug}/assurance/frameworks/999999999/versions", assuranceManagers, 404},
		{"GET", "/{slug}/assurance/versions/{id}", "/{slug}/assurance/versions/999999999", assuranceReaders, 404},
		{"POST", "/{slug}/assurance/versions/{id}/standards", "/{slug}/assurance/versions/999999999/standards", assuranceManagers, 404},
		{"POST", "/{slug}/assurance/versions/{id}/rounds", "/{slug}/assurance/versions/999999999/rounds", assuranceManagers, 404},
		{"GET", "/{slug}/assurance/standards/{id}", "/{slug}/assurance/standards/999999999", assuranceManagers, 404},
		{"POST", "/{slug}/assurance/standards/{id}", "/{slug}/assurance/standards/999999999", assuranceManagers, 404},
		{"POST", "/{slug}/assurance/standards/{id}/remove", "/{slug}/assurance/standards/999999999/remove", assuranceManagers, 404},
		{"GET", "/{slug}/assurance/rounds/{id}", "/{slug}/assurance/rounds/999999999", assuranceReaders, 404},
		{"POST", "/{slug}/assurance/rounds/{id}/chase", "/{slug}/assurance/rounds/999999999/chase", assuranceManagers, 404},
		{"POST", "/{slug}/assurance/rounds/{id}/actions", "/{slug}/assurance/rounds/999999999/actions", assuranceManagers, 404},
		{"GET", "/{slug}/assurance/rounds/{id}/results", "/{slug}/assurance/rounds/999999999/results", assuranceReaders, 404},
		{"GET", "/{slug}/assurance/my-returns", "/{slug}/assurance/my-returns", practitioners, 200},
		{"GET", "/{slug}/assurance/returns/{id}", "/{slug}/assurance/returns/999999999", assuranceReaders, 404},
		{"POST", "/{slug}/assurance/returns/{id}", "/{slug}/assurance/returns/999999999", assuranceReaders, 404},
		{"POST", "/{slug}/assurance/returns/{id}/lead", "/{slug}/assurance/returns/999999999/lead", assuranceManagers, 404},
		{"POST", "/{slug}/assurance/returns/{id}/challenges", "/{slug}/assurance/returns/999999999/challenges", assuranceReaders, 404},
		{"POST", "/{slug}/assurance/returns/{id}/challenges/{challengeID}", "/{slug}/assurance/returns/999999999/challenges/999999999", assuranceReaders, 404},
		// Multi-agency case audits (internal/caseaudits). The cases' references (/cases) are the
		// Engine Room's and the audit's auditors' alone: a practitioner, the Executive, the business
		// unit, scrutiny and the other partnership are refused. caseaudits_test.go walks a real audit.
		{"GET", "/{slug}/case-audits", "/{slug}/case-audits", practitioners, 200},
		{"GET", "/{slug}/case-audits/new", "/{slug}/case-audits/new", caseAuditManagers, 200},
		{"POST", "/{slug}/case-audits", "/{slug}/case-audits", caseAuditManagers, 422},
		{"GET", "/{slug}/case-audits/{id}", "/{slug}/case-audits/999999999", caseAuditReaders, 404},
		{"POST", "/{slug}/case-audits/{id}/auditors", "/{slug}/case-audits/999999999/auditors", caseAuditManagers, 404},
		{"GET", "/{slug}/case-audits/{id}/cases", "/{slug}/case-audits/999999999/cases", caseAuditManagers, 404},
		{"POST", "/{slug}/case-audits/{id}/cases", "/{slug}/case-audits/999999999/cases", caseAuditManagers, 404},
		{"GET", "/{slug}/case-audits/{id}/cases/{number}/grading", "/{slug}/case-audits/999999999/cases/1/grading", caseAuditors, 404},
		{"POST", "/{slug}/case-audits/{id}/cases/{number}/grading", "/{slug}/case-audits/999999999/cases/1/grading", caseAuditors, 404},
		{"GET", "/{slug}/case-audits/{id}/cases/{number}/moderation", "/{slug}/case-audits/999999999/cases/1/moderation", caseAuditManagers, 404},
		{"POST", "/{slug}/case-audits/{id}/cases/{number}/moderation", "/{slug}/case-audits/999999999/cases/1/moderation", caseAuditManagers, 404},
		{"POST", "/{slug}/case-audits/{id}/complete", "/{slug}/case-audits/999999999/complete", caseAuditManagers, 404},
		{"POST", "/{slug}/case-audits/{id}/findings", "/{slug}/case-audits/999999999/findings", caseAuditManagers, 404},
		{"POST", "/{slug}/case-audits/{id}/recommendations", "/{slug}/case-audits/999999999/recommendations", caseAuditManagers, 404},
		{"GET", "/{slug}/case-audits/{id}/results", "/{slug}/case-audits/999999999/results", caseAuditReaders, 404},
		// The training programme (internal/training): public sessions; a session or booking that
		// does not exist is not found; training_test.go walks real ones.
		{"GET", "/{slug}/training", "/{slug}/training", anyone, 200},
		{"GET", "/{slug}/training/sessions/{id}", "/{slug}/training/sessions/999999999", anyone, 404},
		{"POST", "/{slug}/training/sessions/{id}/book", "/{slug}/training/sessions/999999999/book", practitioners, 404},
		{"POST", "/{slug}/training/sessions/{id}/cancel", "/{slug}/training/sessions/999999999/cancel", practitioners, 404},
		{"POST", "/{slug}/training/sessions/{id}/attendance", "/{slug}/training/sessions/999999999/attendance", trainingManagers, 404},
		{"GET", "/{slug}/training/courses", "/{slug}/training/courses", trainingViewers, 200},
		{"GET", "/{slug}/training/courses/new", "/{slug}/training/courses/new", trainingManagers, 200},
		{"POST", "/{slug}/training/courses", "/{slug}/training/courses", trainingManagers, 422},
		{"GET", "/{slug}/training/courses/{id}", "/{slug}/training/courses/999999999", trainingViewers, 404},
		{"POST", "/{slug}/training/courses/{id}/sessions", "/{slug}/training/courses/999999999/sessions", trainingManagers, 404},
		{"POST", "/{slug}/training/follow-ups", "/{slug}/training/follow-ups", trainingManagers, 303},
		{"GET", "/{slug}/training/mine", "/{slug}/training/mine", practitioners, 200},
		{"GET", "/{slug}/training/bookings/{id}", "/{slug}/training/bookings/999999999", practitioners, 404},
		{"POST", "/{slug}/training/bookings/{id}/evaluation", "/{slug}/training/bookings/999999999/evaluation", practitioners, 404},
		{"POST", "/{slug}/training/bookings/{id}/follow-up", "/{slug}/training/bookings/999999999/follow-up", practitioners, 404},
		{"POST", "/{slug}/training-needs/{id}/status", "/{slug}/training-needs/999999999/status", learningManagers, 422},
		{"POST", "/{slug}/training-needs/{id}/close", "/{slug}/training-needs/999999999/close", learningManagers, 422},

		// Sharing between partnerships (feat-multi): {shared} and {sharedTheme} are what the other
		// Tees partnership shares with the one visited, {unshared} a theme it keeps to itself. A
		// shared learning summary crosses; nothing unshared does, nor anything onto the visited
		// partnership's own pages.
		{"GET", "/{slug}/shared", "/{slug}/shared", practitioners, 200},
		{"GET", "/{slug}/shared/{kind}/{id}", "/{slug}/shared/learning-summaries/{shared}", practitioners, 200},
		{"GET", "/{slug}/shared/{kind}/{id}", "/{slug}/shared/themes/{unshared}", practitioners, 404},
		{"GET", "/{slug}/themes/{id}", "/{slug}/themes/{sharedTheme}", learningItem, 404},
		{"POST", "/{slug}/sharing/{kind}/{id}", "/{slug}/sharing/themes/999999999", managedItem, 404},
		{"GET", "/{slug}/admin/sharing", "/{slug}/admin/sharing", docManagers, 200}, // the business unit alone: not the system administrator
		{"POST", "/{slug}/admin/sharing", "/{slug}/admin/sharing", docManagers, 422},
		{"GET", "/join/{token}", "/join/no-such-token", badLink, 404},
		{"POST", "/join/{token}", "/join/no-such-token", badLink, 404},
		// E-bulletins (internal/bulletins): public archive, subscribing and links; the business unit's drafts.
		{"GET", "/{slug}/bulletins", "/{slug}/bulletins", anyone, 200},
		{"GET", "/{slug}/bulletins/{id}", "/{slug}/bulletins/999999999", badLink, 404},
		{"GET", "/{slug}/bulletins/subscribe", "/{slug}/bulletins/subscribe", anyone, 200},
		{"POST", "/{slug}/bulletins/subscribe", "/{slug}/bulletins/subscribe", form, 422},
		{"GET", "/{slug}/bulletins/confirm/{token}", "/{slug}/bulletins/confirm/no-such-token", badLink, 404},
		{"POST", "/{slug}/bulletins/confirm/{token}", "/{slug}/bulletins/confirm/no-such-token", badLink, 404},
		{"GET", "/{slug}/bulletins/unsubscribe/{token}", "/{slug}/bulletins/unsubscribe/no-such-token", badLink, 404},
		{"POST", "/{slug}/bulletins/unsubscribe/{token}", "/{slug}/bulletins/unsubscribe/no-such-token", badLink, 404},
		{"GET", "/{slug}/e-bulletins", "/{slug}/e-bulletins", bulletinManagers, 200},
		{"GET", "/{slug}/e-bulletins/new", "/{slug}/e-bulletins/new", bulletinManagers, 200},
		{"POST", "/{slug}/e-bulletins/new", "/{slug}/e-bulletins/new", bulletinManagers, 422},
		{"GET", "/{slug}/e-bulletins/{id}", "/{slug}/e-bulletins/999999999", bulletinManagers, 404},
		{"POST", "/{slug}/e-bulletins/{id}", "/{slug}/e-bulletins/999999999", bulletinManagers, 404},
		{"POST", "/{slug}/e-bulletins/{id}/send", "/{slug}/e-bulletins/999999999/send", bulletinManagers, 404},
		// The pooled budget (internal/budget).
		{"GET", "/{slug}/budget", "/{slug}/budget", budgetReaders, 200},
		{"POST", "/{slug}/budget", "/{slug}/budget", budgetDrafters, 422},
		{"GET", "/{slug}/budget/{year}", "/{slug}/budget/1999", budgetReaders, 404},
		{"POST", "/{slug}/budget/{year}/lines", "/{slug}/budget/1999/lines", budgetDrafters, 404},
		{"POST", "/{slug}/budget/{year}/lines/{line}/remove", "/{slug}/budget/1999/lines/999999999/remove", budgetDrafters, 404},
		{"POST", "/{slug}/budget/{year}/submit", "/{slug}/budget/1999/submit", budgetDrafters, 404},
		{"POST", "/{slug}/budget/{year}/approve", "/{slug}/budget/1999/approve", budgetApprovers, 404},
		{"POST", "/{slug}/budget/{year}/reopen", "/{slug}/budget/1999/reopen", budgetDrafters, 404},
		// Changing a course or a session, and a session's evaluations (feat-finish13).
		{"GET", "/{slug}/training/courses/{id}/edit", "/{slug}/training/courses/999999999/edit", trainingManagers, 404},
		{"POST", "/{slug}/training/courses/{id}/edit", "/{slug}/training/courses/999999999/edit", trainingManagers, 404},
		{"GET", "/{slug}/training/sessions/{id}/edit", "/{slug}/training/sessions/999999999/edit", trainingManagers, 404},
		{"POST", "/{slug}/training/sessions/{id}/edit", "/{slug}/training/sessions/999999999/edit", trainingManagers, 404},
		{"GET", "/{slug}/training/sessions/{id}/evaluations", "/{slug}/training/sessions/999999999/evaluations", trainingManagers, 404},
		// Last: it ends the session the other rows ran in.
		{"POST", "/sign-out", "/sign-out", anyone, 303},
	}
}

// matrixPeople are the people the matrix signs in as: one of each role of HSSCP's demo, someone
// not signed in and the system administrator.
var matrixPeople = []person{
	{name: "not signed in"},
	{name: "practitioner", email: "practitioner@hsscp.example"},
	{name: "Engine Room", email: "engine-room@hsscp.example", engineRoom: true},
	{name: "Executive", email: "executive@hsscp.example", executive: true},
	{name: "business unit", email: "business-unit@hsscp.example", business: true},
	{name: "critical friend", email: "critical-friend@hsscp.example", friend: true},
	{name: "scrutineer", email: "scrutineer@hsscp.example", scrutiny: true},
	{name: "system administrator", email: "admin@portal.example", admin: true},
	// One person in both Tees partnerships works in each with that partnership's roles only.
	{name: "police lead in hsscp", email: seed.PoliceLead, executive: true, only: "hsscp"},
	{name: "police lead in stscp", email: seed.PoliceLead, engineRoom: true, only: "stscp"},
}

// person is one of the people the matrix signs in as.
type person struct {
	name       string
	email      string // "" for someone not signed in
	business   bool   // business unit officer of their partnership
	engineRoom bool   // Engine Room member of their partnership
	scrutiny   bool   // independent scrutiny of their partnership
	executive  bool   // Executive member of their partnership
	friend     bool   // critical friend of their partnership
	member     bool   // a member of the partnership the run visits
	admin      bool   // system administrator
	only       string // a member of this partnership alone visits it, with the roles above (a person in several)
}

// expect is the status person should get from route c: public routes answer everyone alike;
// every other route sends someone not signed in to sign in, and answers those its audience
// allows with the route's status and everyone else 403.
func expect(c routeCase, p person) int {
	switch c.who {
	case anyone, form, badLink:
		if c.pattern == "/sign-in" && c.method == "GET" && p.email != "" {
			return http.StatusSeeOther // already signed in: on to their home
		}
		if c.pattern == "/" && p.email != "" && !p.admin && p.only == "" {
			return http.StatusSeeOther // in one partnership: on to its home (issue #14)
		}
		return c.allowedStatus
	}
	switch {
	case p.email == "":
		return http.StatusSeeOther // to sign in
	case allows(c.who, p):
		return c.allowedStatus
	}
	return http.StatusForbidden
}

// allows says whether a signed-in person is in audience who.
func allows(who audience, p person) bool {
	in := func(roles ...bool) bool { return p.member && slices.Contains(roles, true) }
	switch who {
	case signedIn, someRequest:
		return true
	case member:
		return p.member || p.admin
	case systemAdmin:
		return p.admin
	case challengeViewers:
		return in(p.business, p.engineRoom, p.scrutiny, p.executive)
	case challengers:
		return in(p.executive, p.scrutiny)
	case proposers:
		return in(p.executive)
	case businessUnit:
		return in(p.business) || p.admin
	case practitioners:
		return p.member
	case inbox, reviewViewers:
		return in(p.business, p.engineRoom, p.scrutiny)
	case manageRequests, reviewManagers, learningManagers, managedItem, reportWriters:
		return in(p.business, p.engineRoom)
	case localReviewViewers, learningViewers, learningItem, reportReaders:
		return in(p.business, p.engineRoom, p.scrutiny, p.executive)
	case reviewerApprovers:
		return in(p.executive)
	case commissionList:
		return in(p.business, p.engineRoom, p.scrutiny, p.executive, p.friend)
	case execReaders:
		return in(p.executive, p.business, p.scrutiny)
	case execPlanners:
		return in(p.executive, p.business)
	case docReaders:
		return in(p.business, p.engineRoom, p.executive, p.scrutiny)
	case docManagers:
		return in(p.business)
	case docMembers:
		return p.member
	case retentionViewers:
		return in(p.business, p.executive, p.scrutiny)
	case retentionProposers:
		return in(p.business)
	case retentionApprovers:
		return in(p.executive)
	case scrutinyReaders:
		return in(p.business, p.engineRoom, p.executive, p.scrutiny)
	case scrutinyWriters:
		return in(p.scrutiny)
	case assuranceReaders:
		return in(p.business, p.engineRoom, p.executive, p.scrutiny)
	case assuranceManagers:
		return in(p.business)
	case caseAuditReaders:
		return in(p.business, p.engineRoom, p.executive, p.scrutiny)
	case caseAuditManagers:
		return in(p.engineRoom)
	case caseAuditors:
		return false
	case trainingViewers:
		return in(p.business, p.engineRoom, p.executive, p.scrutiny)
	case trainingManagers:
		return in(p.business)
	case bulletinManagers, budgetDrafters:
		return in(p.business)
	case budgetReaders:
		return in(p.business, p.executive, p.engineRoom, p.scrutiny)
	case budgetApprovers:
		return in(p.executive)
	}
	panic("unknown audience")
}

// demoIDs are the records of a demo partnership that the route table's paths name.
type demoIDs struct {
	slug            string
	body, org, exec int64
	// What the other Tees partnership shares with this one, and a theme it does not (feat-multi).
	shared, sharedTheme, unshared int64
}

// demoIDsOf returns the records of the demo partnership slug that the route table names.
func demoIDsOf(t *testing.T, db testkit.Row, slug string) demoIDs {
	t.Helper()
	d := demoIDs{slug: slug}
	testkit.MustQueryRow(t, db, `SELECT (SELECT b.id FROM body b JOIN partnership p ON p.id = b.partnership_id WHERE p.slug = $1 AND b.kind = 'engine_room'),
		(SELECT o.id FROM organisation o JOIN partnership p ON p.id = o.partnership_id WHERE p.slug = $1 ORDER BY o.id LIMIT 1),
		(SELECT b.id FROM body b JOIN partnership p ON p.id = b.partnership_id WHERE p.slug = $1 AND b.kind = 'executive')`, slug).Scan(&d.body, &d.org, &d.exec)
	other := map[string]string{"hsscp": "stscp", "stscp": "hsscp"}[slug]
	testkit.MustQueryRow(t, db, `SELECT
		(SELECT s.record_id FROM shared_record s JOIN partnership p ON p.id = s.partnership_id WHERE p.slug = $1 AND s.kind = 'learning_summary'),
		(SELECT s.record_id FROM shared_record s JOIN partnership p ON p.id = s.partnership_id WHERE p.slug = $1 AND s.kind = 'theme'),
		(SELECT t.id FROM theme t JOIN partnership p ON p.id = t.partnership_id WHERE p.slug = $1 AND t.title = $2)`,
		other, seed.UnsharedTitle).Scan(&d.shared, &d.sharedTheme, &d.unshared)
	return d
}

// fill puts the partnership's records into a route table path.
func (d demoIDs) fill(path string) string {
	return strings.NewReplacer("{slug}", d.slug, "{body}", fmt.Sprint(d.body), "{org}", fmt.Sprint(d.org), "{exec}", fmt.Sprint(d.exec),
		"{shared}", fmt.Sprint(d.shared), "{sharedTheme}", fmt.Sprint(d.sharedTheme), "{unshared}", fmt.Sprint(d.unshared)).Replace(path)
}

// TestEveryRouteIsInTheMatrix fails on a route nobody has said who may use.
func TestEveryRouteIsInTheMatrix(t *testing.T) {
	t.Parallel()
	listed := map[string]bool{}
	for _, c := range routeTable() {
		listed[c.method+" "+c.pattern] = true
	}
	var missing []string
	for _, r := range server.New(server.Deps{Log: slog.New(slog.DiscardHandler)}).Routes() {
		key := r.Method + " " + strings.TrimSuffix(r.Pattern, "/*") // chi names sub-router roots "/x/*"
		if r.Pattern == "/static/*" {
			key = r.Method + " " + r.Pattern
		}
		if !listed[key] && !listed[r.Method+" "+r.Pattern] {
			missing = append(missing, r.Method+" "+r.Pattern)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Fatalf("routes missing from the route matrix (routes_test.go):\n%s", strings.Join(missing, "\n"))
	}
}

// TestRouteMatrix walks every route as every role, on their own partnership and on another, and
// checks the status each gets: nobody reaches what the access policy keeps from them.
func TestRouteMatrix(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, base := testkit.StartDemo(t, testkit.ServerOptions{})

	for _, visit := range []string{"hsscp", "stscp"} {
		d := demoIDsOf(t, db, visit)
		for _, p := range matrixPeople {
			if p.only != "" && p.only != visit {
				continue
			}
			p.member = (visit == "hsscp" || p.only == visit) && p.email != "" && !p.admin
			t.Run(visit+"/"+p.name, func(t *testing.T) {
				c := testkit.NewClient(t, base)
				if p.email != "" {
					c.SignIn(p.email, testkit.DemoPassword)
				}
				for _, rc := range routeTable() {
					path := d.fill(rc.path)
					var got testkit.Response
					if rc.method == http.MethodGet {
						got = c.Get(path)
					} else {
						got = c.Post(path, url.Values{})
					}
					if want := expect(rc, p); got.Status != want {
						t.Errorf("%s %s: got %d, want %d", rc.method, path, got.Status, want)
					}
					if p.email != "" && rc.pattern != "/{slug}/theme.css" && rc.pattern != "/sign-out" && got.Header.Get("Cache-Control") != "no-store" {
						t.Errorf("%s %s as a signed-in person: Cache-Control %q, want no-store", rc.method, path, got.Header.Get("Cache-Control"))
					}
					if got.Status == http.StatusSeeOther && expect(rc, p) == http.StatusSeeOther && p.email == "" && rc.who != anyone {
						if !strings.HasPrefix(got.Location, "/sign-in?next=") {
							t.Errorf("%s %s: redirected to %q, want the sign-in page", rc.method, path, got.Location)
						}
					}
				}
			})
		}
	}

	// Every refusal is in the audit log.
	var refusals int
	if err := db.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE outcome = 'refused'`).Scan(&refusals); err != nil {
		t.Fatal(err)
	}
	if refusals == 0 {
		t.Error("no refusal was written to the audit log")
	}
}
