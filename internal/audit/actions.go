package audit

// The actions the audit log records, one constant each, in one list like the access policy's
// actions: a name is written once, and a reader of the log finds here what each means and which
// part of the portal records it. Sign-in and refusals of the access policy record the policy's
// own action names.
const (
	// Accounts and sign-in (internal/identity). A change of an account's status is recorded as
	// "user." and the new status (user.active, user.disabled).
	UserRegister           Action = "user.register"
	UserVerifyEmail        Action = "user.verify-email"
	UserAcceptInvitation   Action = "user.accept-invitation"
	PasswordResetRequested Action = "password.reset-requested"
	PasswordReset          Action = "password.reset"
	UserInvite             Action = "user.invite"
	SignOut                Action = "sign-out"
	SessionEnd             Action = "session.end"

	// Meetings (internal/meetings)
	MeetingCreate  Action = "meeting.create"
	MeetingMinutes Action = "meeting.minutes"
	MeetingItemAdd Action = "meeting.item-add"

	// Reviews and the working-day calendar (internal/reviews). Reads are recorded too: a rapid
	// review holds what the CSPR consideration request that started it holds. A local CSPR's
	// recommendation is recorded as RecommendationCreate, like learning's.
	ReviewStart                Action = "review.start"
	ReviewRead                 Action = "review.read"
	ReviewRegister             Action = "review.register"
	ReviewUpdate               Action = "review.update"
	ReviewRequestInformation   Action = "review.request-information"
	ReviewSummary              Action = "review.summary"
	ReviewSummaryByLink        Action = "review.summary-by-link" // an agency sent it through its link
	ReviewSignOff              Action = "review.sign-off"
	LocalReviewOpen            Action = "local-review.open"
	LocalReviewRead            Action = "local-review.read"
	LocalReviewReviewer        Action = "local-review.reviewer"
	LocalReviewApproveReviewer Action = "local-review.approve-reviewer"
	LocalReviewReport          Action = "local-review.report"
	LocalReviewMilestone       Action = "local-review.milestone"
	RecommendationCreate       Action = "recommendation.create"
	CalendarAdd                Action = "calendar.add"

	// Partnerships, organisations and bodies (internal/partnership)
	OrganisationCreate Action = "organisation.create"
	OrganisationUpdate Action = "organisation.update"
	PartnershipUpdate  Action = "partnership.update"
	BodyCreate         Action = "body.create"
	BodyUpdate         Action = "body.update"
	MembershipCreate   Action = "membership.create"
	MembershipEnd      Action = "membership.end"
	RotaCreate         Action = "rota.create"

	// Requests from practitioners (internal/intake)
	KLOEDraft          Action = "kloe.draft"
	CSPRDraft          Action = "cspr.draft"
	KLOESubmit         Action = "kloe.submit"
	CSPRSubmit         Action = "cspr.submit"
	RequestWithdraw    Action = "request.withdraw"
	RequestStatus      Action = "request.status"
	RequestRead        Action = "request.read" // a refused attempt to open a request: the person is shown "not found"
	CSPRRead           Action = "cspr.read"
	AttachmentDownload Action = "attachment.download"

	// The learning loop (internal/learning)
	ThemeCreate             Action = "theme.create"
	ThemeUpdate             Action = "theme.update"
	ThemeSource             Action = "theme.source"
	RequestTriage           Action = "request.triage"
	CommissionCreate        Action = "commission.create"
	CommissionNote          Action = "commission.note"
	CommissionFindings      Action = "commission.findings"
	CommissionSignOff       Action = "commission.sign-off"
	CommissionMilestone     Action = "commission.milestone"
	CommissionMilestoneMet  Action = "commission.milestone-met"
	RecommendationStatus    Action = "recommendation.status"
	RecommendationChallenge Action = "recommendation.challenge"
	ActionCreate            Action = "action.create"
	ActionUpdate            Action = "action.update"
	ImpactCreate            Action = "impact.create"

	// Meetings' decisions and actions log (internal/meetings)
	MeetingAttendance Action = "meeting.attendance"
	MeetingDecision   Action = "meeting.decision"
	MeetingActionDone Action = "meeting.action-done"
	// Reports drafted from the records: the exception report, the yearly report (internal/reports)
	ReportStart    Action = "report.start"
	ReportSection  Action = "report.section"
	ReportSubmit   Action = "report.submit"
	ReportReopen   Action = "report.reopen"
	ReportDownload Action = "report.download"
	// Publishing and sign-off by the statutory partners (internal/documents, internal/signoff)
	DocumentCreate     Action = "document.create"
	DocumentDraft      Action = "document.draft"
	DocumentSection    Action = "document.section"
	DocumentSubmit     Action = "document.submit"
	DocumentSign       Action = "document.sign"
	DocumentPublish    Action = "document.publish"
	DocumentReopen     Action = "document.reopen"
	DocumentSchedule   Action = "document.schedule"
	SignOffDelegate    Action = "signoff.delegate"
	LeadRepresentative Action = "signoff.lead-representative"

	// The Executive's challenges and proposals (internal/challenges). The record challenged is
	// named by kind and id in the detail; the challenge's own words never are.
	ChallengeRaise   Action = "challenge.raise"
	ChallengeRespond Action = "challenge.respond"
	ChallengeClose   Action = "challenge.close"
	EnquiryPropose   Action = "enquiry.propose"

	// Escalation and dispute resolution (internal/disputes). Reads are recorded too: a dispute
	// may be about a child.
	DisputeRecord   Action = "dispute.record"
	DisputeRead     Action = "dispute.read"
	DisputeEscalate Action = "dispute.escalate"
	DisputeResolve  Action = "dispute.resolve"
	// Lists downloaded as CSV: the list's name and the names of its filters (app.Exported)
	Export Action = "export"
	// Onboarding (internal/onboarding): a partnership created by the system administrator, and a
	// directory import staged and then confirmed (the detail counts what it made; each record it
	// made has its own entry).
	PartnershipCreate Action = "partnership.create"
	DirectoryStage    Action = "directory.stage"
	DirectoryImport   Action = "directory.import"

	// The yearly report put to the statutory partners, published, and sent on (feat-pub).
	ReportSign    Action = "report.sign"
	ReportPublish Action = "report.publish"
	ReportSent    Action = "report.sent"

	// The Executive's approvals (feat-exec): a rapid review put to the statutory partners and
	// reopened, a local CSPR's publication proposed and approved, a scrutiny report.
	ReviewSubmitSignOff           Action = "review.submit-sign-off"
	ReviewReopen                  Action = "review.reopen"
	LocalReviewProposePublication Action = "local-review.propose-publication"
	LocalReviewApprovePublication Action = "local-review.approve-publication"

	// Notices and retention (internal/notices, internal/retention). Details are kinds, choices,
	// record types, ids and counts, never a record's words.
	NoticePreferences   Action = "notice.preferences"
	RequestDraftDelete  Action = "request.draft-delete"
	RetentionPropose    Action = "retention.propose"
	RetentionApprove    Action = "retention.approve"
	LegalHoldPlace      Action = "legal-hold.place"
	LegalHoldRelease    Action = "legal-hold.release"
	RetentionDelete     Action = "retention.delete"
	RetentionAnonymise  Action = "retention.anonymise"
	SubjectAccessExport Action = "subject-access.export"

	// Independent scrutiny reports (internal/scrutiny); their recommendations are recorded as
	// RecommendationCreate, like learning's.
	ScrutinyReportCreate Action = "scrutiny-report.create"
	ScrutinyReportSave   Action = "scrutiny-report.save"
	ScrutinyReportIssue  Action = "scrutiny-report.issue"

	// The library's priorities (feat-library): the partnership priorities a local CSPR bears on,
	// tagged by the Engine Room. The detail is how many, never their words.
	LocalReviewPriorities Action = "local-review.priorities"
	// Self-assessment audits (internal/assurance): frameworks, their yearly versions and
	// standards, rounds, and each organisation's return.
	AssuranceFrameworkCreate Action = "assurance-framework.create"
	AssuranceVersionCreate   Action = "assurance-version.create"
	AssuranceStandardAdd     Action = "assurance-standard.add"
	AssuranceStandardSave    Action = "assurance-standard.save"
	AssuranceStandardRemove  Action = "assurance-standard.remove"
	AssuranceRoundOpen       Action = "assurance-round.open"
	AssuranceRoundChase      Action = "assurance-round.chase"
	AssuranceLeadName        Action = "assurance-return.lead"
	AssuranceReturnSave      Action = "assurance-return.save"
	AssuranceReturnSubmit    Action = "assurance-return.submit"
	AssuranceChallengeRaise  Action = "assurance-challenge.raise"
	AssuranceChallengeAnswer Action = "assurance-challenge.respond"
	// Multi-agency case audits (internal/caseaudits): planning, cases, auditors, grades,
	// moderation, completion and findings. Details are ids, numbers and choices, never a case's
	// reference; reading references is CaseAuditReferences.
	CaseAuditPlan       Action = "case-audit.plan"
	CaseAuditCase       Action = "case-audit.case"
	CaseAuditAuditor    Action = "case-audit.auditor"
	CaseAuditGrade      Action = "case-audit.grade"
	CaseAuditModerate   Action = "case-audit.moderate"
	CaseAuditComplete   Action = "case-audit.complete"
	CaseAuditFinding    Action = "case-audit.finding"
	CaseAuditReferences Action = "case-audit.references"

	// The training programme (internal/training): needs moved on, courses and their sessions,
	// bookings, the waiting list, attendance, evaluations and the follow-ups three months on.
	TrainingNeedMove      Action = "training-need.move"
	TrainingNeedClose     Action = "training-need.close"
	TrainingCourseCreate  Action = "training-course.create"
	TrainingSessionAdd    Action = "training-session.add"
	TrainingBook          Action = "training-booking.book"
	TrainingCancel        Action = "training-booking.cancel"
	TrainingAttendance    Action = "training-session.attendance"
	TrainingEvaluate      Action = "training-booking.evaluate"
	TrainingFollowUp      Action = "training-booking.follow-up"
	TrainingFollowUpsSent Action = "training-follow-ups.send"
	// One person, several partnerships, and sharing between partnerships (feat-multi): a person
	// with an account agreeing by e-mail to join another partnership (invited as UserInvite, so
	// the business unit learns nothing of the account elsewhere); a partnership's agreement
	// to share with another (ObjectID: the other), and a record shared or no longer (ObjectType:
	// its kind).
	MemberAgree     Action = "partnership-member.agree"
	MemberLeave     Action = "partnership-member.leave" // the person left the partnership (ObjectID: them; issue #14)
	MemberEnd       Action = "partnership-member.end"   // its business unit ended their membership, or an invitation waiting
	SharingAgree    Action = "sharing.agree"
	SharingWithdraw Action = "sharing.withdraw"
	RecordShare     Action = "record.share"
	RecordUnshare   Action = "record.unshare"
	// E-bulletins (internal/bulletins): the business unit's monthly bulletin and its subscribers.
	// The detail never holds an e-mail address: a subscriber is named by id.
	BulletinCreate      Action = "bulletin.create"
	BulletinSave        Action = "bulletin.save"
	BulletinSend        Action = "bulletin.send"
	BulletinSubscribe   Action = "bulletin.subscribe"
	BulletinConfirm     Action = "bulletin.confirm"
	BulletinUnsubscribe Action = "bulletin.unsubscribe"
	// The pooled budget (internal/budget): the business unit drafts a year's budget, the Executive
	// approves it.
	BudgetCreate  Action = "budget.create"
	BudgetSave    Action = "budget.save"
	BudgetLine    Action = "budget.line"
	BudgetSubmit  Action = "budget.submit"
	BudgetApprove Action = "budget.approve"
	BudgetReopen  Action = "budget.reopen"
	// Finishing the training programme (issue #13, feat-finish13): a course or a session changed
	// by those who run the programme, at the version they saw.
	TrainingCourseSave  Action = "training-course.save"
	TrainingSessionSave Action = "training-session.save"
)
