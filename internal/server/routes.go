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

		r.Get("/", s.h(s.home))
		r.Get("/accessibility", s.h(s.accessibility))
		// The public library across partnerships, its feed and the sitemap (feat-pub).
		r.Get("/library", s.h(s.libraryPage))
		r.Get("/library/feed.atom", s.h(s.libraryFeed))
		r.Get("/sitemap.xml", s.h(s.sitemap))

		// Signing in and out, and the journeys of one-time links.
		r.Get("/sign-in", s.h(s.signInForm))
		r.Post("/sign-in", s.h(s.signIn))
		r.Post("/sign-out", s.h(s.signOut))
		r.Get("/signed-out", s.h(s.signedOut))
		r.Get("/forgot-password", s.h(s.forgotPasswordForm))
		r.Post("/forgot-password", s.h(s.forgotPassword))
		r.Get("/reset-password/{token}", s.h(s.resetPasswordForm))
		r.Post("/reset-password/{token}", s.h(s.resetPassword))
		r.Get("/verify-email/{token}", s.h(s.verifyEmailForm))
		r.Post("/verify-email/{token}", s.h(s.verifyEmail))
		r.Get("/accept-invitation/{token}", s.h(s.acceptInvitationForm))
		r.Post("/accept-invitation/{token}", s.h(s.acceptInvitation))
		r.Get("/join/{token}", s.h(s.joinForm)) // someone with an account joins another partnership (feat-multi)
		r.Post("/join/{token}", s.h(s.join))

		// The system administrator's view of the installation.
		r.Get("/admin/partnerships", s.h(s.systemHome))
		r.Get("/admin/holidays", s.h(s.holidays))
		r.Post("/admin/holidays", s.h(s.addHoliday))
		// Onboarding: the system administrator creates a partnership.
		r.Get("/admin/partnerships/new", s.h(s.newPartnershipForm))
		r.Post("/admin/partnerships", s.h(s.createPartnership))

		// The signed-in person's own account.
		r.Get("/account/sessions", s.h(s.accountSessions))
		r.Post("/account/sessions/{id}/end", s.h(s.endSession))
		r.Get("/account/notices", s.h(s.noticePreferences))
		r.Post("/account/notices", s.h(s.saveNoticePreferences))

		// One partnership's pages.
		r.Route("/{slug}", func(r chi.Router) {
			r.Use(s.withPartnership)
			r.Get("/", s.h(s.partnershipPublic))
			r.Get("/published-reviews/{id}", s.h(s.publishedReview))
			r.Get("/register", s.h(s.registerForm))
			r.Post("/register", s.h(s.register))
			// An agency sends a rapid review its information through its e-mailed link.
			r.With(httpkit.NoStore).Get("/agency-information/{token}", s.h(s.agencyInformationForm))
			r.With(httpkit.NoStore).Post("/agency-information/{token}", s.h(s.agencyInformation))
			r.Get("/home", s.h(s.memberHome))
			r.Get("/bodies/{bodyID}", s.h(s.bodyPage))

			// Requests from practitioners, and the inbox they arrive in: never cached.
			r.Group(func(r chi.Router) {
				r.Use(httpkit.NoStore)
				r.Get("/kloe/new", s.h(s.newRequestForm(intake.KLOE)))
				r.Post("/kloe/new", s.h(s.saveRequest(intake.KLOE)))
				r.Get("/cspr/new", s.h(s.csprStart))
				r.Get("/cspr/new/form", s.h(s.newRequestForm(intake.CSPR)))
				r.Post("/cspr/new/form", s.h(s.saveRequest(intake.CSPR)))
				r.Get("/{kind:kloe|cspr}/{id}/edit", s.h(s.editRequestForm))
				r.Post("/{kind:kloe|cspr}/{id}/edit", s.h(s.saveRequest("")))
				r.Get("/{kind:kloe|cspr}/{id}/check", s.h(s.checkRequest))
				r.Post("/{kind:kloe|cspr}/{id}/submit", s.h(s.submitRequest))
				r.Get("/{kind:kloe|cspr}/{id}/confirmation", s.h(s.requestConfirmation))
				r.Get("/requests/{id}/attachments/{attachmentID}", s.h(s.downloadAttachment))
				r.Get("/my/submissions", s.h(s.mySubmissions))
				r.Get("/my/submissions/{id}/withdraw", s.h(s.withdrawForm))
				r.Post("/my/submissions/{id}/withdraw", s.h(s.withdraw))
				r.Get("/inbox", s.h(s.inbox))
				r.Get("/inbox.csv", s.h(s.inboxCSV))
				r.Get("/inbox/{id}", s.h(s.requestDetail))
				r.Post("/inbox/{id}/status", s.h(s.setRequestStatus))
				r.Post("/inbox/{id}/triage", s.h(s.triage))
				r.Post("/inbox/{id}/rapid-review", s.h(s.startReview))

				// Rapid reviews and local CSPRs.
				r.Get("/reviews", s.h(s.reviewsRegister))
				r.Get("/reviews.csv", s.h(s.reviewsCSV))
				r.Post("/reviews", s.h(s.startReview))
				r.Get("/reviews/{id}", s.h(s.reviewPage))
				r.Post("/reviews/{id}", s.h(s.saveReview))
				r.Post("/reviews/{id}/agencies", s.h(s.requestInformation))
				r.Post("/reviews/{id}/agencies/{orgID}", s.h(s.recordSummary))
				r.Post("/reviews/{id}/sign-off", s.h(s.signOffReview))
				r.Post("/reviews/{id}/submit-sign-off", s.h(s.submitReviewForSignOff))
				r.Post("/reviews/{id}/reopen", s.h(s.reopenReview))
				r.Post("/local-reviews/{id}/propose-publication", s.h(s.proposeLocalReviewPublication))
				r.Post("/local-reviews/{id}/approve-publication", s.h(s.approveLocalReviewPublication))
				r.Post("/reviews/{id}/local-review", s.h(s.openLocalReview))
				r.Get("/local-reviews/{id}", s.h(s.localReviewPage))
				r.Post("/local-reviews/{id}/reviewer", s.h(s.proposeReviewer))
				r.Post("/local-reviews/{id}/approve", s.h(s.approveReviewer))
				r.Post("/local-reviews/{id}/report", s.h(s.saveLocalReviewReport))
				r.Post("/local-reviews/{id}/recommendations", s.h(s.addLocalReviewRecommendation))
				r.Post("/local-reviews/{id}/milestones/{milestoneID}/done", s.h(s.completeLocalReviewMilestone))
				// The priorities a local CSPR bears on, for the public library (feat-library).
				r.Post("/local-reviews/{id}/priorities", s.h(s.saveLocalReviewPriorities))
			})

			// The learning loop: themes, commissioned learning, recommendations and their impact.
			r.Get("/themes", s.h(s.themes))
			r.Get("/themes.csv", s.h(s.themesCSV))
			r.Get("/recommendations.csv", s.h(s.recommendationsCSV))
			r.Get("/themes/new", s.h(s.themeForm))
			r.Post("/themes", s.h(s.saveTheme))
			r.Get("/themes/{id}", s.h(s.themePage))
			r.Get("/themes/{id}/edit", s.h(s.themeForm))
			r.Post("/themes/{id}/edit", s.h(s.saveTheme))
			r.Post("/themes/{id}/sources", s.h(s.addSource))
			r.Get("/themes/{id}/commissions/new", s.h(s.newCommissionForm))
			r.Post("/themes/{id}/commissions", s.h(s.createCommission))
			r.Get("/commissions", s.h(s.commissions))
			r.Get("/commissions/{id}", s.h(s.commissionPage))
			r.Post("/commissions/{id}/notes", s.h(s.addNote))
			r.Post("/commissions/{id}/findings", s.h(s.saveFindings))
			r.Post("/commissions/{id}/recommendations", s.h(s.addRecommendation))
			r.Post("/commissions/{id}/sign-off", s.h(s.signOff))
			r.Post("/commissions/{id}/milestones", s.h(s.addMilestone))
			r.Post("/commissions/{id}/milestones/{milestoneID}/done", s.h(s.completeMilestone))
			r.Get("/recommendations/{id}", s.h(s.recommendationPage))
			r.Post("/recommendations/{id}/status", s.h(s.setRecommendationStatus))
			r.Post("/recommendations/{id}/actions", s.h(s.addAction))
			r.Post("/recommendations/{id}/actions/{actionID}/updates", s.h(s.addActionUpdate))
			r.Post("/recommendations/{id}/evidence", s.h(s.addEvidence))
			r.Post("/recommendations/{id}/challenges", s.h(s.addChallenge))
			r.Get("/training-needs", s.h(s.trainingNeeds))
			// The Engine Room's meetings at their older address (any body's are below).
			r.Get("/meetings", s.h(s.showMeetings(s.engineRoomPlace)))
			r.Post("/meetings", s.h(s.planMeeting(s.engineRoomPlace)))
			r.Get("/meetings/{id}", s.h(s.showMeeting(s.engineRoomPlace)))
			r.Post("/meetings/{id}/minutes", s.h(s.minute(s.engineRoomPlace)))

			// Any body's meetings (the Executive's, the Engine Room's...), and its decisions and actions log.
			r.Get("/bodies/{bodyID}/meetings", s.h(s.showMeetings(s.bodyPlace)))
			r.Post("/bodies/{bodyID}/meetings", s.h(s.planMeeting(s.bodyPlace)))
			r.Get("/bodies/{bodyID}/meetings/{id}", s.h(s.showMeeting(s.bodyPlace)))
			r.Post("/bodies/{bodyID}/meetings/{id}/minutes", s.h(s.minute(s.bodyPlace)))
			r.Post("/bodies/{bodyID}/meetings/{id}/attendance", s.h(s.saveAttendance))
			r.Post("/bodies/{bodyID}/meetings/{id}/decisions", s.h(s.recordDecision))
			r.Get("/bodies/{bodyID}/decisions", s.h(s.decisionsLog))
			r.Get("/bodies/{bodyID}/decisions.csv", s.h(s.decisionsLogCSV))
			r.Get("/bodies/{bodyID}/decisions/{id}/done", s.h(s.actionDoneForm))
			r.Post("/bodies/{bodyID}/decisions/{id}/done", s.h(s.markActionDone))
			// Reports drafted from the records: the Engine Room's exception report to the Executive.
			r.Get("/reports", s.h(s.reportsList))
			r.Post("/reports", s.h(s.startReport))
			r.Get("/reports/exception/{period}", s.h(s.exceptionReport))
			r.Get("/reports/{id}", s.h(s.reportPage))
			r.Post("/reports/{id}/sections/{key}", s.h(s.saveReportSection))
			r.Post("/reports/{id}/submit", s.h(s.submitReport))
			r.Post("/reports/{id}/reopen", s.h(s.reopenReport))
			r.Get("/reports/{id}/print", s.h(s.printReport))
			r.Get("/reports/{id}/csv", s.h(s.reportCSV))
			r.Get("/reports/{id}/versions/{n}", s.h(s.reportVersion))
			// The yearly report's checklist against Working Together 2023, and its summary for a council's scrutiny committee.
			r.Get("/reports/{id}/checklist", s.h(s.reportChecklist))
			r.Get("/reports/{id}/summary", s.h(s.reportSummary))

			// Published documents: the public reads published versions; the business unit drafts,
			// the statutory partners sign off.
			r.Get("/arrangements", s.h(s.publicDocument))
			r.Get("/documents/{doc}", s.h(s.publicDocument))
			r.Get("/documents/{doc}/versions/{number}", s.h(s.publicVersion))
			r.Get("/documents/{doc}/changes", s.h(s.documentChanges))
			r.Get("/publishing", s.h(s.documentsList))
			r.Post("/publishing", s.h(s.createDocument))
			r.Get("/publishing/{id}", s.h(s.documentPage))
			r.Post("/publishing/{id}/versions", s.h(s.draftVersion))
			r.Post("/publishing/{id}/review", s.h(s.setSchedule))
			r.Get("/publishing/versions/{id}", s.h(s.versionPage))
			r.Post("/publishing/versions/{id}/sections", s.h(s.addSection))
			r.Get("/publishing/versions/{id}/sections/{sectionID}", s.h(s.sectionForm))
			r.Post("/publishing/versions/{id}/sections/{sectionID}", s.h(s.saveSection))
			r.Post("/publishing/versions/{id}/submit", s.h(s.submitVersion))
			r.Post("/publishing/versions/{id}/sign", s.h(s.signVersion))
			r.Post("/publishing/versions/{id}/publish", s.h(s.publishVersion))
			r.Post("/publishing/versions/{id}/reopen", s.h(s.reopenVersion))
			r.Get("/sign-off", s.h(s.signOffs))
			r.Post("/sign-off/delegates", s.h(s.nameDelegate))
			r.Post("/sign-off/leads", s.h(s.setLeadRepresentative))
			// The yearly report signed off by the statutory partners, published and sent on (feat-pub).
			r.Post("/reports/{id}/sign", s.h(s.signReport))
			r.Post("/reports/{id}/publish", s.h(s.publishReport))
			r.Post("/reports/{id}/sent", s.h(s.recordReportSent))
			r.Get("/yearly-reports/{year}", s.h(s.publicYearlyReport))
			r.Get("/challenges.csv", s.h(s.challengesCSV))
			r.Get("/feed.atom", s.h(s.partnershipFeed))
			// The Executive's challenges and its proposals of lines of enquiry.
			r.Get("/challenges", s.h(s.challengeLog))
			r.Get("/challenges/new", s.h(s.newChallengeForm))
			r.Post("/challenges", s.h(s.raiseChallenge))
			r.Get("/challenges/{id}", s.h(s.challengePage))
			r.Post("/challenges/{id}/respond", s.h(s.respondToChallenge))
			r.Post("/challenges/{id}/close", s.h(s.closeChallenge))
			r.Get("/themes/propose", s.h(s.proposalForm))
			r.Post("/themes/propose", s.h(s.propose))

			// Escalation and dispute resolution between agencies: need-to-know, never cached.
			r.Group(func(r chi.Router) {
				r.Use(httpkit.NoStore)
				r.Get("/disputes", s.h(s.disputeRegister))
				r.Get("/disputes/new", s.h(s.newDisputeForm))
				r.Post("/disputes", s.h(s.recordDispute))
				r.Get("/disputes/{id}", s.h(s.disputePage))
				r.Post("/disputes/{id}/escalate", s.h(s.escalateDispute))
				r.Post("/disputes/{id}/resolve", s.h(s.resolveDispute))
			})

			// The business unit's administration of the partnership.
			r.Route("/admin", func(r chi.Router) {
				r.Get("/partnership", s.h(s.partnershipSettings))
				r.Post("/partnership", s.h(s.savePartnershipSettings))
				r.Get("/organisations", s.h(s.adminOrganisations))
				r.Get("/organisations/new", s.h(s.organisationForm))
				r.Post("/organisations", s.h(s.saveOrganisation))
				r.Get("/organisations/{id}/edit", s.h(s.organisationForm))
				r.Post("/organisations/{id}", s.h(s.saveOrganisation))

				r.Get("/bodies", s.h(s.adminBodies))
				r.Get("/bodies/new", s.h(s.editBodyForm))
				r.Post("/bodies", s.h(s.saveBody))
				r.Get("/bodies/{id}/edit", s.h(s.editBodyForm))
				r.Post("/bodies/{id}/edit", s.h(s.saveBody))
				r.Get("/bodies/{bodyID}", s.h(s.manageBody))
				r.Post("/bodies/{bodyID}/members", s.h(s.addMember))
				r.Post("/bodies/{bodyID}/members/{membershipID}/end", s.h(s.endMember))
				r.Post("/bodies/{bodyID}/rota", s.h(s.addRota))

				r.Get("/users", s.h(s.adminUsers))
				r.Get("/users.csv", s.h(s.usersCSV))
				r.Get("/users/invite", s.h(s.inviteForm))
				r.Post("/users/invite", s.h(s.invite))
				r.Post("/users/{id}/approve", s.h(s.setUserStatus(identity.Active, []identity.Status{identity.Pending}, "has been approved")))
				r.Post("/users/{id}/disable", s.h(s.setUserStatus(identity.Disabled, []identity.Status{identity.Active, identity.Pending}, "has been disabled")))
				r.Post("/users/{id}/enable", s.h(s.setUserStatus(identity.Active, []identity.Status{identity.Disabled}, "has been enabled")))

				r.Get("/audit", s.h(s.adminAudit))
				r.Get("/audit.csv", s.h(s.auditLogCSV))

				// Onboarding: the business unit imports its organisations and people from a file.
				r.Get("/import", s.h(s.directoryImportPage))
				r.Post("/import", s.h(s.checkDirectory))
				r.Get("/import/template.csv", s.h(s.directoryTemplate))
				r.Get("/import/{id}", s.h(s.stagedDirectory))
				r.Post("/import/{id}", s.h(s.importDirectory))
			})

			// Notices and retention: a writer deletes their own draft; the retention schedule
			// (the business unit proposes, the Executive approves) and legal holds.
			r.Group(func(r chi.Router) {
				r.Use(httpkit.NoStore)
				r.Post("/{kind:kloe|cspr}/{id}/delete", s.h(s.deleteDraft))
				r.Get("/retention", s.h(s.retentionPage))
				r.Post("/retention/{type}/propose", s.h(s.proposing(s.proposeRetention)))
				r.Post("/retention/{type}/approve", s.h(s.approving(s.approveRetention)))
				r.Post("/retention/holds", s.h(s.proposing(s.placeHold)))
				r.Post("/retention/holds/{id}/release", s.h(s.proposing(s.releaseHold)))
				r.Post("/retention/subject-access", s.h(s.subjectAccess))
			})

			// Independent scrutiny reports: written by the scrutineer, read once issued by the
			// Executive, Engine Room and business unit; their recommendations are learning's.
			r.Group(func(r chi.Router) {
				r.Use(httpkit.NoStore)
				r.Get("/scrutiny", s.h(s.scrutinyReports))
				r.Get("/scrutiny/new", s.h(s.newScrutinyReportForm))
				r.Post("/scrutiny/new", s.h(s.createScrutinyReport))
				r.Get("/scrutiny/{id}", s.h(s.scrutinyReportPage))
				r.Post("/scrutiny/{id}", s.h(s.saveScrutinyReport))
				r.Post("/scrutiny/{id}/issue", s.h(s.issueScrutinyReport))
				r.Post("/scrutiny/{id}/recommendations", s.h(s.addScrutinyRecommendation))
			})

			// Self-assessment audits (Section 11, Section 175...): run by the business unit, read
			// by the Engine Room, Executive and scrutiny, each return completed by its lead.
			r.Group(func(r chi.Router) {
				r.Use(httpkit.NoStore)
				r.Get("/assurance", s.h(s.assuranceHome))
				r.Get("/assurance/frameworks/new", s.h(s.newAssuranceFrameworkForm))
				r.Post("/assurance/frameworks", s.h(s.createAssuranceFramework))
				r.Get("/assurance/frameworks/{id}", s.h(s.assuranceFrameworkPage))
				r.Post("/assurance/frameworks/{id}/versions", s.h(s.newAssuranceVersion))
				r.Get("/assurance/versions/{id}", s.h(s.assuranceVersionPage))
				r.Post("/assurance/versions/{id}/standards", s.h(s.addAssuranceStandard))
				r.Post("/assurance/versions/{id}/rounds", s.h(s.openAssuranceRound))
				r.Get("/assurance/standards/{id}", s.h(s.assuranceStandardPage))
				r.Post("/assurance/standards/{id}", s.h(s.saveAssuranceStandard))
				r.Post("/assurance/standards/{id}/remove", s.h(s.removeAssuranceStandard))
				r.Get("/assurance/rounds/{id}", s.h(s.assuranceRoundPage))
				r.Post("/assurance/rounds/{id}/chase", s.h(s.chaseAssuranceRound))
				r.Post("/assurance/rounds/{id}/actions", s.h(s.agreeAssuranceAction))
				r.Get("/assurance/rounds/{id}/results", s.h(s.assuranceResults))
				r.Get("/assurance/my-returns", s.h(s.myAssuranceReturns))
				r.Get("/assurance/returns/{id}", s.h(s.assuranceReturnPage))
				r.Post("/assurance/returns/{id}", s.h(s.saveAssuranceReturn))
				r.Post("/assurance/returns/{id}/lead", s.h(s.nameAssuranceLead))
				r.Post("/assurance/returns/{id}/challenges", s.h(s.challengeAssuranceRating))
				r.Post("/assurance/returns/{id}/challenges/{challengeID}", s.h(s.respondToAssuranceChallenge))
				// Multi-agency case audits (feat-caseaudit): a case is named by its number.
				r.Get("/case-audits", s.h(s.caseAudits))
				r.Get("/case-audits/new", s.h(s.newCaseAuditForm))
				r.Post("/case-audits", s.h(s.planCaseAudit))
				r.Get("/case-audits/{id}", s.h(s.caseAuditPage))
				r.Post("/case-audits/{id}/auditors", s.h(s.assignCaseAuditor))
				r.Get("/case-audits/{id}/cases", s.h(s.caseAuditCases))
				r.Post("/case-audits/{id}/cases", s.h(s.addCaseAuditCase))
				r.Get("/case-audits/{id}/cases/{number}/grading", s.h(s.caseGradingPage))
				r.Post("/case-audits/{id}/cases/{number}/grading", s.h(s.gradeCase))
				r.Get("/case-audits/{id}/cases/{number}/moderation", s.h(s.caseModerationPage))
				r.Post("/case-audits/{id}/cases/{number}/moderation", s.h(s.moderateCase))
				r.Post("/case-audits/{id}/complete", s.h(s.completeCaseAudit))
				r.Post("/case-audits/{id}/findings", s.h(s.addCaseAuditFinding))
				r.Post("/case-audits/{id}/recommendations", s.h(s.recommendOnCaseAudit))
				r.Get("/case-audits/{id}/results", s.h(s.caseAuditResults))
			})

			// The training programme (feat-training): public sessions; bookings, evaluations and
			// follow-ups by any member; courses, sessions, attendance and training needs by the
			// business unit.
			r.Get("/training", s.h(s.trainingProgramme))
			r.Get("/training/sessions/{id}", s.h(s.trainingSession))
			r.Group(func(r chi.Router) {
				r.Use(httpkit.NoStore)
				r.Post("/training/sessions/{id}/book", s.h(s.bookTraining))
				r.Post("/training/sessions/{id}/cancel", s.h(s.cancelTraining))
				r.Post("/training/sessions/{id}/attendance", s.h(s.recordTrainingAttendance))
				r.Get("/training/courses", s.h(s.trainingCourses))
				r.Get("/training/courses/new", s.h(s.newTrainingCourseForm))
				r.Post("/training/courses", s.h(s.createTrainingCourse))
				r.Get("/training/courses/{id}", s.h(s.trainingCoursePage))
				r.Post("/training/courses/{id}/sessions", s.h(s.addTrainingSession))
				r.Post("/training/follow-ups", s.h(s.sendTrainingFollowUps))
				r.Get("/training/mine", s.h(s.myTraining))
				r.Get("/training/bookings/{id}", s.h(s.trainingBookingPage))
				r.Post("/training/bookings/{id}/evaluation", s.h(s.evaluateTraining))
				r.Post("/training/bookings/{id}/follow-up", s.h(s.followUpTraining))
				r.Post("/training-needs/{id}/status", s.h(s.moveTrainingNeed))
				// Changing a course or a session, and a session's evaluations (feat-finish13).
				r.Get("/training/courses/{id}/edit", s.h(s.editTrainingCourseForm))
				r.Post("/training/courses/{id}/edit", s.h(s.saveTrainingCourse))
				r.Get("/training/sessions/{id}/edit", s.h(s.editTrainingSessionForm))
				r.Post("/training/sessions/{id}/edit", s.h(s.saveTrainingSession))
				r.Get("/training/sessions/{id}/evaluations", s.h(s.trainingEvaluations))
			})

			// Sharing between partnerships (feat-multi): what partnerships in agreement share
			// with this one, read by its members; its own records shared by the Engine Room.
			r.Group(func(r chi.Router) {
				r.Use(httpkit.NoStore)
				r.Get("/shared", s.h(s.sharedList))
				r.Get("/shared/{kind}/{id}", s.h(s.sharedRecord))
				r.Post("/sharing/{kind}/{id}", s.h(s.shareRecord))
				r.Get("/admin/sharing", s.h(s.sharingAgreements))
				r.Post("/admin/sharing", s.h(s.agreeSharing))
			})

			// E-bulletins (internal/bulletins): the public archive and subscribing, its links
			// (working without signing in), and the business unit's composing and sending.
			r.Group(func(r chi.Router) {
				r.Use(httpkit.NoStore)
				r.Get("/bulletins", s.h(s.bulletinArchive))
				r.Get("/bulletins/{id}", s.h(s.publicBulletin))
				r.Get("/bulletins/subscribe", s.h(s.bulletinSubscribeForm))
				r.Post("/bulletins/subscribe", s.h(s.bulletinSubscribe))
				r.Get("/bulletins/confirm/{token}", s.h(s.bulletinConfirm()))
				r.Post("/bulletins/confirm/{token}", s.h(s.bulletinConfirm()))
				r.Get("/bulletins/unsubscribe/{token}", s.h(s.bulletinUnsubscribe()))
				r.Post("/bulletins/unsubscribe/{token}", s.h(s.bulletinUnsubscribe()))
				r.Get("/e-bulletins", s.h(s.bulletinsList))
				r.Get("/e-bulletins/new", s.h(s.newBulletinForm))
				r.Post("/e-bulletins/new", s.h(s.createBulletin))
				r.Get("/e-bulletins/{id}", s.h(s.bulletinPage))
				r.Post("/e-bulletins/{id}", s.h(s.saveBulletin))
				r.Post("/e-bulletins/{id}/send", s.h(s.sendBulletin))
			})

			// The pooled budget (internal/budget): drafted by the business unit, approved by the
			// Executive, read by the Engine Room and scrutiny.
			r.Group(func(r chi.Router) {
				r.Use(httpkit.NoStore)
				r.Get("/budget", s.h(s.budgets))
				r.Post("/budget", s.h(s.createBudget))
				r.Get("/budget/{year}", s.h(s.budgetPage))
				r.Post("/budget/{year}/lines", s.h(s.addBudgetLine()))
				r.Post("/budget/{year}/lines/{line}/remove", s.h(s.removeBudgetLine()))
				r.Post("/budget/{year}/submit", s.h(s.moveBudget(access.DraftBudget, "The budget has been submitted to the Executive", (*budget.Service).Submit)))
				r.Post("/budget/{year}/approve", s.h(s.moveBudget(access.ApproveBudget, "The budget has been approved", (*budget.Service).Approve)))
				r.Post("/budget/{year}/reopen", s.h(s.moveBudget(access.DraftBudget, "The budget has been reopened: the Executive approves it again once submitted", (*budget.Service).Reopen)))
			})
		})
	})
	return r
}

// urlParam returns the value of a {name} segment of the route.
func urlParam(r *http.Request, name string) string { return chi.URLParam(r, name) }
