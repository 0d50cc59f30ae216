package server

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/budget"
	"github.com/scp-portal/portal/internal/httpkit"
	"github.com/scp-portal/portal/internal/identity"
	"github.com/scp-portal/portal/internal/intake"
	"github.com/scp-portal/portal/web"
)

// routes is the route table: every path the portal serves, read top to bottom. Every route must
// also be in the route matrix test (routes_test.go), which fails on one it does not know.
func (s *Server) routes() chi.Router {
	r := chi.NewRouter()
	r.Use(middleware.GetHead) // HEAD is answered as GET without the body: monitors and load balancers use it
	r.NotFound(s.notFound)
	r.MethodNotAllowed(s.methodNotAllowed)

	// Operations: for load balancers and monitoring, not people.
	r.Get("/healthz", s.healthz)
	r.Get("/readyz", s.readyz)

	// Assets, named by their content hash, and each partnership's colours.
	r.Get(web.StaticPrefix+"*", web.StaticHandler(http.HandlerFunc(s.notFound)).ServeHTTP)
	r.Get("/{slug}/theme.css", s.h(s.partnershipTheme))

	// Pages: these know who is asking.
	r.Group(func(r chi.Router) {
		r.Use(s.identify)

		s.mount(r,
			get("/", s.home),
			get("/accessibility", s.accessibility),
			// The public library across partnerships, its feed and the sitemap (feat-pub).
			get("/library", s.libraryPage),
			get("/library/feed.atom", s.libraryFeed),
			get("/sitemap.xml", s.sitemap),

			// Signing in and out, and the journeys of one-time links.
			get("/sign-in", s.signInForm),
			post("/sign-in", s.signIn),
			post("/sign-out", s.signOut),
			get("/signed-out", s.signedOut),
			get("/forgot-password", s.forgotPasswordForm),
			post("/forgot-password", s.forgotPassword),
			get("/reset-password/{token}", s.resetPasswordForm),
			post("/reset-password/{token}", s.resetPassword),
			get("/verify-email/{token}", s.verifyEmailForm),
			post("/verify-email/{token}", s.verifyEmail),
			get("/accept-invitation/{token}", s.acceptInvitationForm),
			post("/accept-invitation/{token}", s.acceptInvitation),
			get("/join/{token}", s.joinForm), // someone with an account joins another partnership (feat-multi)
			post("/join/{token}", s.join),

			// The system administrator's view of the installation.
			get("/admin/partnerships", s.systemHome),
			get("/admin/holidays", s.holidays),
			post("/admin/holidays", s.addHoliday),
			// Onboarding: the system administrator creates a partnership.
			get("/admin/partnerships/new", s.newPartnershipForm),
			post("/admin/partnerships", s.createPartnership),

			// The signed-in person's own account.
			get("/account", s.account),
			get("/account/sessions", s.accountSessions),
			post("/account/sessions/{id}/end", s.endSession),
			get("/account/notices", s.noticePreferences),
			post("/account/notices", s.saveNoticePreferences),
		)

		// One partnership's pages.
		r.Route("/{slug}", func(r chi.Router) {
			r.Use(s.withPartnership)
			// What a browser may keep: the partnership's public pages, and the learning loop, meetings,
			// reports, documents and challenges of its members.
			s.mount(r,
				get("/", s.partnershipPublic),
				get("/published-reviews/{id}", s.publishedReview),
				get("/register", s.registerForm),
				post("/register", s.register),
				get("/home", s.memberHome),
				get("/bodies/{bodyID}", s.bodyPage),

				// The learning loop: themes, commissioned learning, recommendations and their impact.
				get("/themes", s.themes),
				get("/themes.csv", s.themesCSV),
				get("/recommendations", s.recommendations),
				get("/recommendations.csv", s.recommendationsCSV),
				get("/themes/new", s.themeForm),
				post("/themes", s.saveTheme),
				get("/themes/{id}", s.themePage),
				get("/themes/{id}/edit", s.themeForm),
				post("/themes/{id}/edit", s.saveTheme),
				post("/themes/{id}/sources", s.addSource),
				get("/themes/{id}/commissions/new", s.newCommissionForm),
				post("/themes/{id}/commissions", s.createCommission),
				get("/commissions", s.commissions),
				get("/commissions/{id}", s.commissionPage),
				post("/commissions/{id}/notes", s.addNote),
				post("/commissions/{id}/findings", s.saveFindings),
				post("/commissions/{id}/recommendations", s.addRecommendation),
				post("/commissions/{id}/sign-off", s.signOff),
				post("/commissions/{id}/milestones", s.addMilestone),
				post("/commissions/{id}/milestones/{milestoneID}/done", s.completeMilestone),
				get("/recommendations/{id}", s.recommendationPage),
				post("/recommendations/{id}/status", s.setRecommendationStatus),
				post("/recommendations/{id}/actions", s.addAction),
				post("/recommendations/{id}/actions/{actionID}/updates", s.addActionUpdate),
				post("/recommendations/{id}/evidence", s.addEvidence),
				post("/recommendations/{id}/challenges", s.addChallenge),
				get("/training-needs", s.trainingNeeds),
				// The Engine Room's meetings at their older address (any body's are below).
				get("/meetings", s.showMeetings(s.engineRoomPlace)),
				post("/meetings", s.planMeeting(s.engineRoomPlace)),
				get("/meetings/{id}", s.showMeeting(s.engineRoomPlace)),
				post("/meetings/{id}/minutes", s.minute(s.engineRoomPlace)),
				post("/meetings/{id}/items", s.addAgendaItem(s.engineRoomPlace)), // issue #14

				// The Executive's meetings, by the body's kind: its members' "Meetings" (issue #14).
				get("/executive/meetings", s.showMeetings(s.executivePlace)),
				// Any body's meetings (the Executive's, the Engine Room's...), and its decisions and actions log.
				get("/bodies/{bodyID}/meetings", s.showMeetings(s.bodyPlace)),
				post("/bodies/{bodyID}/meetings", s.planMeeting(s.bodyPlace)),
				get("/bodies/{bodyID}/meetings/{id}", s.showMeeting(s.bodyPlace)),
				post("/bodies/{bodyID}/meetings/{id}/minutes", s.minute(s.bodyPlace)),
				post("/bodies/{bodyID}/meetings/{id}/items", s.addAgendaItem(s.bodyPlace)), // issue #14
				post("/bodies/{bodyID}/meetings/{id}/attendance", s.saveAttendance),
				post("/bodies/{bodyID}/meetings/{id}/decisions", s.recordDecision),
				get("/bodies/{bodyID}/decisions", s.decisionsLog),
				get("/bodies/{bodyID}/decisions.csv", s.decisionsLogCSV),
				get("/bodies/{bodyID}/decisions/{id}/done", s.actionDoneForm),
				post("/bodies/{bodyID}/decisions/{id}/done", s.markActionDone),
				// Reports drafted from the records: the Engine Room's exception report to the Executive.
				get("/reports", s.reportsList),
				post("/reports", s.startReport),
				get("/reports/exception/{period}", s.exceptionReport),
				get("/reports/{id}", s.reportPage),
				post("/reports/{id}/sections/{key}", s.saveReportSection),
				post("/reports/{id}/submit", s.submitReport),
				post("/reports/{id}/reopen", s.reopenReport),
				get("/reports/{id}/print", s.printReport),
				get("/reports/{id}/csv", s.reportCSV),
				get("/reports/{id}/versions/{n}", s.reportVersion),
				// The yearly report's checklist against Working Together 2023, and its summary for a council's scrutiny committee.
				get("/reports/{id}/checklist", s.reportChecklist),
				get("/reports/{id}/summary", s.reportSummary),

				// Published documents: the public reads published versions; the business unit drafts,
				// the statutory partners sign off.
				get("/arrangements", s.publicDocument),
				get("/documents/{doc}", s.publicDocument),
				get("/documents/{doc}/versions/{number}", s.publicVersion),
				get("/documents/{doc}/changes", s.documentChanges),
				get("/publishing", s.documentsList),
				post("/publishing", s.createDocument),
				get("/publishing/{id}", s.documentPage),
				post("/publishing/{id}/versions", s.draftVersion),
				post("/publishing/{id}/review", s.setSchedule),
				get("/publishing/versions/{id}", s.versionPage),
				post("/publishing/versions/{id}/sections", s.addSection),
				get("/publishing/versions/{id}/sections/{sectionID}", s.sectionForm),
				post("/publishing/versions/{id}/sections/{sectionID}", s.saveSection),
				post("/publishing/versions/{id}/submit", s.submitVersion),
				post("/publishing/versions/{id}/sign", s.signVersion),
				post("/publishing/versions/{id}/publish", s.publishVersion),
				post("/publishing/versions/{id}/reopen", s.reopenVersion),
				get("/sign-off", s.signOffs),
				post("/sign-off/delegates", s.nameDelegate),
				post("/sign-off/leads", s.setLeadRepresentative),
				// The yearly report signed off by the statutory partners, published and sent on (feat-pub).
				post("/reports/{id}/sign", s.signReport),
				post("/reports/{id}/publish", s.publishReport),
				post("/reports/{id}/sent", s.recordReportSent),
				get("/yearly-reports/{year}", s.publicYearlyReport),
				get("/challenges.csv", s.challengesCSV),
				get("/feed.atom", s.partnershipFeed),
				// The Executive's challenges and its proposals of lines of enquiry.
				get("/challenges", s.challengeLog),
				get("/challenges/new", s.newChallengeForm),
				post("/challenges", s.raiseChallenge),
				get("/challenges/{id}", s.challengePage),
				post("/challenges/{id}/respond", s.respondToChallenge),
				post("/challenges/{id}/close", s.closeChallenge),
				get("/themes/propose", s.proposalForm),
				post("/themes/propose", s.propose),

				// The training programme (feat-training): public sessions; bookings, evaluations and
				// follow-ups by any member; courses, sessions, attendance and training needs by the
				// business unit.
				get("/training", s.trainingProgramme),
				get("/training/sessions/{id}", s.trainingSession),
			)

			// The business unit's administration of the partnership.
			r.Route("/admin", func(r chi.Router) {
				s.mount(r,
					get("/partnership", s.partnershipSettings),
					post("/partnership", s.savePartnershipSettings),
					get("/organisations", s.adminOrganisations),
					get("/organisations/new", s.organisationForm),
					post("/organisations", s.saveOrganisation),
					get("/organisations/{id}/edit", s.organisationForm),
					post("/organisations/{id}", s.saveOrganisation),

					get("/bodies", s.adminBodies),
					get("/bodies/new", s.editBodyForm),
					post("/bodies", s.saveBody),
					get("/bodies/{id}/edit", s.editBodyForm),
					post("/bodies/{id}/edit", s.saveBody),
					get("/bodies/{bodyID}", s.manageBody),
					post("/bodies/{bodyID}/members", s.addMember),
					post("/bodies/{bodyID}/members/{membershipID}/end", s.endMember),
					post("/bodies/{bodyID}/rota", s.addRota),

					get("/users", s.adminUsers),
					get("/users.csv", s.usersCSV),
					get("/users/invite", s.inviteForm),
					post("/users/invite", s.invite),
					post("/users/{id}/approve", s.setUserStatus(identity.Active, []identity.Status{identity.Pending}, "has been approved")),
					get("/users/{id}/disable", s.confirmDisable),
					post("/users/{id}/disable", s.setUserStatus(identity.Disabled, []identity.Status{identity.Active, identity.Pending}, "has been disabled")),
					post("/users/{id}/enable", s.setUserStatus(identity.Active, []identity.Status{identity.Disabled}, "has been enabled")),

					get("/audit", s.adminAudit),
					get("/audit.csv", s.auditLogCSV),

					// Onboarding: the business unit imports its organisations and people from a file.
					get("/import", s.directoryImportPage),
					post("/import", s.checkDirectory),
					get("/import/template.csv", s.directoryTemplate),
					get("/import/{id}", s.stagedDirectory),
					post("/import/{id}", s.importDirectory),
				)
			})

			// What is never cached: need-to-know records, one-time links and what only some may see.
			s.mount(r.With(httpkit.NoStore),
				// An agency sends a rapid review its information through its e-mailed link.
				get("/agency-information/{token}", s.agencyInformationForm),
				post("/agency-information/{token}", s.agencyInformation),

				// A person leaves the partnership, or its business unit ends their membership (issue #14).
				get("/people/{id}/end-membership", s.endMembershipForm),
				post("/people/{id}/end-membership", s.endMembership),

				// Requests from practitioners, and the inbox they arrive in: never cached.
				get("/kloe/new", s.newRequestForm(intake.KLOE)),
				post("/kloe/new", s.saveRequest(intake.KLOE)),
				get("/cspr/new", s.csprStart),
				get("/cspr/new/form", s.newRequestForm(intake.CSPR)),
				post("/cspr/new/form", s.saveRequest(intake.CSPR)),
				get("/{kind:kloe|cspr}/{id}/edit", s.editRequestForm),
				post("/{kind:kloe|cspr}/{id}/edit", s.saveRequest("")),
				get("/{kind:kloe|cspr}/{id}/check", s.checkRequest),
				post("/{kind:kloe|cspr}/{id}/submit", s.submitRequest),
				get("/{kind:kloe|cspr}/{id}/confirmation", s.requestConfirmation),
				get("/requests/{id}/attachments/{attachmentID}", s.downloadAttachment),
				get("/my/submissions", s.mySubmissions),
				get("/my/submissions/{id}/withdraw", s.withdrawForm),
				post("/my/submissions/{id}/withdraw", s.withdraw),
				get("/inbox", s.inbox),
				get("/inbox.csv", s.inboxCSV),
				get("/inbox/{id}", s.requestDetail),
				post("/inbox/{id}/status", s.setRequestStatus),
				post("/inbox/{id}/triage", s.triage),
				post("/inbox/{id}/rapid-review", s.startReview),

				// Rapid reviews and local CSPRs.
				get("/reviews", s.reviewsRegister),
				get("/reviews.csv", s.reviewsCSV),
				post("/reviews", s.startReview),
				get("/reviews/{id}", s.reviewPage),
				post("/reviews/{id}", s.saveReview),
				post("/reviews/{id}/agencies", s.requestInformation),
				post("/reviews/{id}/agencies/{orgID}", s.recordSummary),
				post("/reviews/{id}/sign-off", s.signOffReview),
				post("/reviews/{id}/submit-sign-off", s.submitReviewForSignOff),
				post("/reviews/{id}/reopen", s.reopenReview),
				post("/local-reviews/{id}/propose-publication", s.proposeLocalReviewPublication),
				post("/local-reviews/{id}/approve-publication", s.approveLocalReviewPublication),
				post("/reviews/{id}/local-review", s.openLocalReview),
				get("/local-reviews/{id}", s.localReviewPage),
				post("/local-reviews/{id}/reviewer", s.proposeReviewer),
				post("/local-reviews/{id}/approve", s.approveReviewer),
				post("/local-reviews/{id}/report", s.saveLocalReviewReport),
				post("/local-reviews/{id}/recommendations", s.addLocalReviewRecommendation),
				post("/local-reviews/{id}/milestones/{milestoneID}/done", s.completeLocalReviewMilestone),
				// The priorities a local CSPR bears on, for the public library (feat-library).
				post("/local-reviews/{id}/priorities", s.saveLocalReviewPriorities),

				// Escalation and dispute resolution between agencies: need-to-know, never cached.
				get("/disputes", s.disputeRegister),
				get("/disputes/new", s.newDisputeForm),
				post("/disputes", s.recordDispute),
				get("/disputes/{id}", s.disputePage),
				post("/disputes/{id}/escalate", s.escalateDispute),
				post("/disputes/{id}/resolve", s.resolveDispute),

				// Notices and retention: a writer deletes their own draft; the retention schedule
				// (the business unit proposes, the Executive approves) and legal holds.
				get("/{kind:kloe|cspr}/{id}/delete", s.confirmDeleteDraft),
				post("/{kind:kloe|cspr}/{id}/delete", s.deleteDraft),
				get("/retention", s.retentionPage),
				post("/retention/{type}/propose", s.proposing(s.proposeRetention)),
				post("/retention/{type}/approve", s.approving(s.approveRetention)),
				post("/retention/holds", s.proposing(s.placeHold)),
				post("/retention/holds/{id}/release", s.proposing(s.releaseHold)),
				post("/retention/subject-access", s.subjectAccess),

				// Independent scrutiny reports: written by the scrutineer, read once issued by the
				// Executive, Engine Room and business unit; their recommendations are learning's.
				get("/scrutiny", s.scrutinyReports),
				get("/scrutiny/new", s.newScrutinyReportForm),
				post("/scrutiny/new", s.createScrutinyReport),
				get("/scrutiny/{id}", s.scrutinyReportPage),
				post("/scrutiny/{id}", s.saveScrutinyReport),
				post("/scrutiny/{id}/issue", s.issueScrutinyReport),
				post("/scrutiny/{id}/recommendations", s.addScrutinyRecommendation),

				// Self-assessment audits (Section 11, Section 175...): run by the business unit, read
				// by the Engine Room, Executive and scrutiny, each return completed by its lead.
				get("/assurance", s.assuranceHome),
				get("/assurance/frameworks/new", s.newAssuranceFrameworkForm),
				post("/assurance/frameworks", s.createAssuranceFramework),
				get("/assurance/frameworks/{id}", s.assuranceFrameworkPage),
				post("/assurance/frameworks/{id}/versions", s.newAssuranceVersion),
				get("/assurance/versions/{id}", s.assuranceVersionPage),
				post("/assurance/versions/{id}/standards", s.addAssuranceStandard),
				post("/assurance/versions/{id}/rounds", s.openAssuranceRound),
				get("/assurance/standards/{id}", s.assuranceStandardPage),
				post("/assurance/standards/{id}", s.saveAssuranceStandard),
				post("/assurance/standards/{id}/remove", s.removeAssuranceStandard),
				get("/assurance/rounds/{id}", s.assuranceRoundPage),
				post("/assurance/rounds/{id}/chase", s.chaseAssuranceRound),
				post("/assurance/rounds/{id}/actions", s.agreeAssuranceAction),
				get("/assurance/rounds/{id}/results", s.assuranceResults),
				get("/assurance/my-returns", s.myAssuranceReturns),
				get("/assurance/returns/{id}", s.assuranceReturnPage),
				post("/assurance/returns/{id}", s.saveAssuranceReturn),
				post("/assurance/returns/{id}/lead", s.nameAssuranceLead),
				post("/assurance/returns/{id}/challenges", s.challengeAssuranceRating),
				post("/assurance/returns/{id}/challenges/{challengeID}", s.respondToAssuranceChallenge),
				// Multi-agency case audits (feat-caseaudit): a case is named by its number.
				get("/case-audits", s.caseAudits),
				get("/case-audits/new", s.newCaseAuditForm),
				post("/case-audits", s.planCaseAudit),
				get("/case-audits/{id}", s.caseAuditPage),
				post("/case-audits/{id}/auditors", s.assignCaseAuditor),
				get("/case-audits/{id}/cases", s.caseAuditCases),
				post("/case-audits/{id}/cases", s.addCaseAuditCase),
				get("/case-audits/{id}/cases/{number}/grading", s.caseGradingPage),
				post("/case-audits/{id}/cases/{number}/grading", s.gradeCase),
				get("/case-audits/{id}/cases/{number}/moderation", s.caseModerationPage),
				post("/case-audits/{id}/cases/{number}/moderation", s.moderateCase),
				post("/case-audits/{id}/complete", s.completeCaseAudit),
				post("/case-audits/{id}/findings", s.addCaseAuditFinding),
				post("/case-audits/{id}/recommendations", s.recommendOnCaseAudit),
				get("/case-audits/{id}/results", s.caseAuditResults),

				post("/training/sessions/{id}/book", s.bookTraining),
				post("/training/sessions/{id}/cancel", s.cancelTraining),
				post("/training/sessions/{id}/attendance", s.recordTrainingAttendance),
				get("/training/courses", s.trainingCourses),
				get("/training/courses/new", s.newTrainingCourseForm),
				post("/training/courses", s.createTrainingCourse),
				get("/training/courses/{id}", s.trainingCoursePage),
				post("/training/courses/{id}/sessions", s.addTrainingSession),
				post("/training/follow-ups", s.sendTrainingFollowUps),
				get("/training/mine", s.myTraining),
				get("/training/bookings/{id}", s.trainingBookingPage),
				post("/training/bookings/{id}/evaluation", s.evaluateTraining),
				post("/training/bookings/{id}/follow-up", s.followUpTraining),
				post("/training-needs/{id}/status", s.moveTrainingNeed),
				post("/training-needs/{id}/close", s.closeTrainingNeed), // issue #14
				// Changing a course or a session, and a session's evaluations (feat-finish13).
				get("/training/courses/{id}/edit", s.editTrainingCourseForm),
				post("/training/courses/{id}/edit", s.saveTrainingCourse),
				get("/training/sessions/{id}/edit", s.editTrainingSessionForm),
				post("/training/sessions/{id}/edit", s.saveTrainingSession),
				get("/training/sessions/{id}/evaluations", s.trainingEvaluations),

				// Sharing between partnerships (feat-multi): what partnerships in agreement share
				// with this one, read by its members; its own records shared by the Engine Room.
				get("/shared", s.sharedList),
				get("/shared/{kind}/{id}", s.sharedRecord),
				post("/sharing/{kind}/{id}", s.shareRecord),
				get("/admin/sharing", s.sharingAgreements),
				post("/admin/sharing", s.agreeSharing),

				// E-bulletins (internal/bulletins): the public archive and subscribing, its links
				// (working without signing in), and the business unit's composing and sending.
				get("/bulletins", s.bulletinArchive),
				get("/bulletins/{id}", s.publicBulletin),
				get("/bulletins/subscribe", s.bulletinSubscribeForm),
				post("/bulletins/subscribe", s.bulletinSubscribe),
				get("/bulletins/confirm/{token}", s.bulletinConfirm()),
				post("/bulletins/confirm/{token}", s.bulletinConfirm()),
				get("/bulletins/unsubscribe/{token}", s.bulletinUnsubscribe()),
				post("/bulletins/unsubscribe/{token}", s.bulletinUnsubscribe()),
				get("/e-bulletins", s.bulletinsList),
				get("/e-bulletins/new", s.newBulletinForm),
				post("/e-bulletins/new", s.createBulletin),
				get("/e-bulletins/{id}", s.bulletinPage),
				post("/e-bulletins/{id}", s.saveBulletin),
				post("/e-bulletins/{id}/send", s.sendBulletin),

				// The pooled budget (internal/budget): drafted by the business unit, approved by the
				// Executive, read by the Engine Room and scrutiny.
				get("/budget", s.budgets),
				post("/budget", s.createBudget),
				get("/budget/{year}", s.budgetPage),
				post("/budget/{year}/lines", s.addBudgetLine()),
				post("/budget/{year}/lines/{line}/remove", s.removeBudgetLine()),
				post("/budget/{year}/submit", s.moveBudget(access.DraftBudget, "The budget has been submitted to the Executive", (*budget.Service).Submit)),
				post("/budget/{year}/approve", s.moveBudget(access.ApproveBudget, "The budget has been approved", (*budget.Service).Approve)),
				post("/budget/{year}/reopen", s.moveBudget(access.DraftBudget, "The budget has been reopened: the Executive approves it again once submitted", (*budget.Service).Reopen)),
			)
		})
	})
	return r
}

// urlParam returns the value of a {name} segment of the route.
func urlParam(r *http.Request, name string) string { return chi.URLParam(r, name) }

// route is one row of the route table: what a method and path are answered by.
type route struct {
	method, pattern string
	fn              handler
}

// get and post make the table's rows, so each reads as its method, path and handler.
func get(pattern string, fn handler) route  { return route{http.MethodGet, pattern, fn} }
func post(pattern string, fn handler) route { return route{http.MethodPost, pattern, fn} }

// mount registers the rows on r (a group with its middleware, r.With(...), where they share one),
// each through s.h so that the error a handler returns becomes its page.
func (s *Server) mount(r chi.Router, rows ...route) {
	for _, row := range rows {
		r.Method(row.method, row.pattern, s.h(row.fn))
	}
}
