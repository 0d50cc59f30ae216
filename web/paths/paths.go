// Package paths builds every address the portal links to or redirects to, one function per
// route, so that a route is spelled in two places only: the route table (internal/server/routes.go)
// and here. Handlers and view models take their links from it.
package paths

import (
	"net/url"
	"strconv"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// The business unit's administration.

func PartnershipSettings(slug string) string { return "/" + slug + "/admin/partnership" }
func Organisations(slug string) string       { return "/" + slug + "/admin/organisations" }
func NewOrganisation(slug string) string {
	return "/" + slug + "/admin/organisations/new"
}
func Organisation(slug string, org int64) string {
	return "/" + slug + "/admin/organisations/" + itoa(org)
}
func EditOrganisation(slug string, org int64) string {
	return "/" + slug + "/admin/organisations/" + itoa(org) + "/edit"
}

// Bodies, memberships, people and the audit log (admin area).

func Bodies(slug string) string  { return "/" + slug + "/admin/bodies" }
func NewBody(slug string) string { return "/" + slug + "/admin/bodies/new" }
func ManageBody(slug string, body int64) string {
	return "/" + slug + "/admin/bodies/" + itoa(body)
}
func EditBody(slug string, body int64) string {
	return "/" + slug + "/admin/bodies/" + itoa(body) + "/edit"
}
func Members(slug string, body int64) string {
	return "/" + slug + "/admin/bodies/" + itoa(body) + "/members"
}
func EndMember(slug string, body, membership int64) string {
	return Members(slug, body) + "/" + itoa(membership) + "/end"
}
func Rota(slug string, body int64) string {
	return "/" + slug + "/admin/bodies/" + itoa(body) + "/rota"
}
func Users(slug string) string  { return "/" + slug + "/admin/users" }
func Invite(slug string) string { return "/" + slug + "/admin/users/invite" }
func UserStatus(slug string, user int64, change string) string {
	return "/" + slug + "/admin/users/" + itoa(user) + "/" + change
}
func AuditLog(slug string) string { return "/" + slug + "/admin/audit" }
func SystemHome() string          { return "/admin/partnerships" }
func Holidays() string            { return "/admin/holidays" }

// Sign-in, registration and the person's own account.

// Requests from practitioners and the inbox (intake area). kind is "kloe" or "cspr".

func NewKLOE(slug string) string   { return "/" + slug + "/kloe/new" }
func CsprStart(slug string) string { return "/" + slug + "/cspr/new" }
func NewCSPR(slug string) string   { return "/" + slug + "/cspr/new/form" }
func EditRequest(slug, kind string, req int64) string {
	return "/" + slug + "/" + kind + "/" + itoa(req) + "/edit"
}
func CheckRequest(slug, kind string, req int64) string {
	return "/" + slug + "/" + kind + "/" + itoa(req) + "/check"
}
func SubmitRequest(slug, kind string, req int64) string {
	return "/" + slug + "/" + kind + "/" + itoa(req) + "/submit"
}
func RequestConfirmation(slug, kind string, req int64) string {
	return "/" + slug + "/" + kind + "/" + itoa(req) + "/confirmation"
}
func Attachment(slug string, req, att int64) string {
	return "/" + slug + "/requests/" + itoa(req) + "/attachments/" + itoa(att)
}
func MySubmissions(slug string) string { return "/" + slug + "/my/submissions" }
func WithdrawRequest(slug string, req int64) string {
	return "/" + slug + "/my/submissions/" + itoa(req) + "/withdraw"
}
func Inbox(slug string) string { return "/" + slug + "/inbox" }
func Request(slug string, req int64) string {
	return "/" + slug + "/inbox/" + itoa(req)
}
func RequestStatus(slug string, req int64) string {
	return "/" + slug + "/inbox/" + itoa(req) + "/status"
}
func SignIn() string         { return "/sign-in" }
func SignOut() string        { return "/sign-out" }
func ForgotPassword() string { return "/forgot-password" }
func Accessibility() string  { return "/accessibility" }

// Query is path with a query of the names and values in kv (name, value, name, value...), in that
// order, each escaped: a list page filtered, for a link to it.
func Query(path string, kv ...string) string {
	q := ""
	for i := 0; i+1 < len(kv); i += 2 {
		if q != "" {
			q += "&"
		}
		q += url.QueryEscape(kv[i]) + "=" + url.QueryEscape(kv[i+1])
	}
	if q == "" {
		return path
	}
	return path + "?" + q
}

// WithValues is path with the query q (in name order), or path itself when q is empty: a list
// page that carries its own filters on, such as a pager's links.
func WithValues(path string, q url.Values) string {
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

// SignInThen is the sign-in page that returns to path afterwards.
func SignInThen(path string) string     { return "/sign-in?next=" + url.QueryEscape(path) }
func SignedOut() string                 { return "/signed-out" }
func ResetPassword(token string) string { return "/reset-password/" + token }
func VerifyEmail(token string) string   { return "/verify-email/" + token }
func AcceptInvitation(token string) string {
	return "/accept-invitation/" + token
}
func Register(slug string) string { return "/" + slug + "/register" }
func Sessions() string            { return "/account/sessions" }
func Account() string             { return "/account" }
func EndSession(session int64) string {
	return "/account/sessions/" + itoa(session) + "/end"
}

// Requests from practitioners and the inbox (intake area).

// Themes, commissions, recommendations and training needs (learning area).

func Themes(slug string) string   { return "/" + slug + "/themes" }
func NewTheme(slug string) string { return "/" + slug + "/themes/new" }
func Theme(slug string, theme int64) string {
	return "/" + slug + "/themes/" + itoa(theme)
}
func EditTheme(slug string, theme int64) string {
	return "/" + slug + "/themes/" + itoa(theme) + "/edit"
}
func ThemeSources(slug string, theme int64) string {
	return "/" + slug + "/themes/" + itoa(theme) + "/sources"
}
func NewCommission(slug string, theme int64) string {
	return "/" + slug + "/themes/" + itoa(theme) + "/commissions/new"
}
func ThemeCommissions(slug string, theme int64) string {
	return "/" + slug + "/themes/" + itoa(theme) + "/commissions"
}
func Triage(slug string, request int64) string {
	return "/" + slug + "/inbox/" + itoa(request) + "/triage"
}
func Commissions(slug string) string { return "/" + slug + "/commissions" }
func Commission(slug string, c int64) string {
	return "/" + slug + "/commissions/" + itoa(c)
}
func CommissionNotes(slug string, c int64) string {
	return "/" + slug + "/commissions/" + itoa(c) + "/notes"
}
func CommissionFindings(slug string, c int64) string {
	return "/" + slug + "/commissions/" + itoa(c) + "/findings"
}
func CommissionRecommendations(slug string, c int64) string {
	return "/" + slug + "/commissions/" + itoa(c) + "/recommendations"
}
func CommissionSignOff(slug string, c int64) string {
	return "/" + slug + "/commissions/" + itoa(c) + "/sign-off"
}
func CommissionMilestones(slug string, c int64) string {
	return "/" + slug + "/commissions/" + itoa(c) + "/milestones"
}
func MilestoneDone(slug string, c, milestone int64) string {
	return "/" + slug + "/commissions/" + itoa(c) + "/milestones/" + itoa(milestone) + "/done"
}
func Recommendations(slug string) string { return "/" + slug + "/recommendations" }
func Recommendation(slug string, rec int64) string {
	return "/" + slug + "/recommendations/" + itoa(rec)
}
func RecommendationStatus(slug string, rec int64) string {
	return "/" + slug + "/recommendations/" + itoa(rec) + "/status"
}
func RecommendationActions(slug string, rec int64) string {
	return "/" + slug + "/recommendations/" + itoa(rec) + "/actions"
}
func ActionUpdates(slug string, rec, action int64) string {
	return "/" + slug + "/recommendations/" + itoa(rec) + "/actions/" + itoa(action) + "/updates"
}
func RecommendationEvidence(slug string, rec int64) string {
	return "/" + slug + "/recommendations/" + itoa(rec) + "/evidence"
}
func RecommendationChallenges(slug string, rec int64) string {
	return "/" + slug + "/recommendations/" + itoa(rec) + "/challenges"
}
func TrainingNeeds(slug string) string { return "/" + slug + "/training-needs" }

// Meetings (meetings area).

func Meetings(slug string) string { return "/" + slug + "/meetings" }
func Meeting(slug string, meeting int64) string {
	return "/" + slug + "/meetings/" + itoa(meeting)
}
func MeetingMinutes(slug string, meeting int64) string {
	return "/" + slug + "/meetings/" + itoa(meeting) + "/minutes"
}

// A body's meetings and its decisions and actions log (meetings area). A body's meetings live under
// one base address, BodyMeetings; the Engine Room's are also under the older Meetings, and MeetingAt
// and MeetingMinutesAt build a meeting's addresses under either.

// ExecutiveMeetings is the Executive's meetings, found by the body's kind: its members' "Meetings".
func ExecutiveMeetings(slug string) string { return "/" + slug + "/executive/meetings" }
func BodyMeetings(slug string, body int64) string {
	return "/" + slug + "/bodies/" + itoa(body) + "/meetings"
}
func MeetingAt(base string, meeting int64) string { return base + "/" + itoa(meeting) }
func MeetingMinutesAt(base string, meeting int64) string {
	return MeetingAt(base, meeting) + "/minutes"
}
func MeetingItemsAt(base string, meeting int64) string {
	return MeetingAt(base, meeting) + "/items"
}
func MeetingDecisions(slug string, body, meeting int64) string {
	return MeetingAt(BodyMeetings(slug, body), meeting) + "/decisions"
}
func MeetingAttendance(slug string, body, meeting int64) string {
	return MeetingAt(BodyMeetings(slug, body), meeting) + "/attendance"
}
func DecisionsLog(slug string, body int64) string {
	return "/" + slug + "/bodies/" + itoa(body) + "/decisions"
}
func ActionDone(slug string, body, decision int64) string {
	return DecisionsLog(slug, body) + "/" + itoa(decision) + "/done"
}

// agendaItem is where an agenda item or a decision of a meeting leads: the record of its kind
// (none for a free item). A request opened from a meeting carries it, so the triage form names
// the meeting.
func AgendaItem(slug, kind string, ref, meeting int64) string {
	switch kind {
	case "request":
		if meeting != 0 {
			return Request(slug, ref) + "?meeting=" + itoa(meeting)
		}
		return Request(slug, ref)
	case "commission":
		return Commission(slug, ref)
	case "action", "evidence":
		return Recommendation(slug, ref)
	case "report", "yearly_report":
		return Report(slug, ref)
	case "scrutiny":
		return ScrutinyReport(slug, ref)
	case "challenge", "escalated_challenge":
		return Challenge(slug, ref)
	case "dispute":
		return Dispute(slug, ref)
	case "appointment", "publication":
		return LocalReview(slug, ref)
	case "document_version":
		return DocumentVersion(slug, ref)
	case "rapid_review", "open_rapid_review":
		return Review(slug, ref)
	case "cspr_request":
		return Request(slug, ref)
	}
	return ""
}

// Rapid reviews and local CSPRs (reviews area).

func Reviews(slug string) string { return "/" + slug + "/reviews" }
func ReviewFromRequest(slug string, req int64) string {
	return "/" + slug + "/inbox/" + itoa(req) + "/rapid-review"
}
func Review(slug string, rv int64) string { return "/" + slug + "/reviews/" + itoa(rv) }

// AgencyInformation is the page an agency sends a rapid review its information through, opened
// by the secret of the link it was e-mailed (no account needed).
func AgencyInformation(slug, secret string) string {
	return "/" + slug + "/agency-information/" + secret
}
func ReviewAgencies(slug string, rv int64) string {
	return "/" + slug + "/reviews/" + itoa(rv) + "/agencies"
}
func ReviewAgency(slug string, rv, org int64) string {
	return "/" + slug + "/reviews/" + itoa(rv) + "/agencies/" + itoa(org)
}
func ReviewSignOff(slug string, rv int64) string {
	return "/" + slug + "/reviews/" + itoa(rv) + "/sign-off"
}
func OpenLocalReview(slug string, rv int64) string {
	return "/" + slug + "/reviews/" + itoa(rv) + "/local-review"
}
func LocalReview(slug string, c int64) string {
	return "/" + slug + "/local-reviews/" + itoa(c)
}
func LocalReviewReviewer(slug string, c int64) string {
	return "/" + slug + "/local-reviews/" + itoa(c) + "/reviewer"
}
func LocalReviewApprove(slug string, c int64) string {
	return "/" + slug + "/local-reviews/" + itoa(c) + "/approve"
}
func LocalReviewReport(slug string, c int64) string {
	return "/" + slug + "/local-reviews/" + itoa(c) + "/report"
}
func LocalReviewRecommendations(slug string, c int64) string {
	return "/" + slug + "/local-reviews/" + itoa(c) + "/recommendations"
}
func LocalReviewMilestoneDone(slug string, c, m int64) string {
	return "/" + slug + "/local-reviews/" + itoa(c) + "/milestones/" + itoa(m) + "/done"
}

// Home views and public pages (overview area).

func PortalHome() string                   { return "/" }
func PartnershipPublic(slug string) string { return "/" + slug + "/" }
func PublishedReview(slug string, review int64) string {
	return "/" + slug + "/published-reviews/" + itoa(review)
}
func MemberHome(slug string) string { return "/" + slug + "/home" }
func BodyPage(slug string, body int64) string {
	return "/" + slug + "/bodies/" + itoa(body)
}
func ThemeCSS(slug string) string { return "/" + slug + "/theme.css" }

// Reports drafted from the records: the exception report, the yearly report (reports area).

func Reports(slug string) string { return "/" + slug + "/reports" }
func Report(slug string, report int64) string {
	return "/" + slug + "/reports/" + itoa(report)
}
func ReportSection(slug string, report int64, key string) string {
	return Report(slug, report) + "/sections/" + key
}
func ExceptionReport(slug, period string) string { return "/" + slug + "/reports/exception/" + period }
func ReportSectionAnchor(slug string, report int64, key string) string {
	return Report(slug, report) + "#" + key
}
func ReportSubmit(slug string, report int64) string { return Report(slug, report) + "/submit" }
func ReportReopen(slug string, report int64) string { return Report(slug, report) + "/reopen" }
func ReportPrint(slug string, report int64) string  { return Report(slug, report) + "/print" }
func ReportCSV(slug string, report int64) string    { return Report(slug, report) + "/csv" }
func ReportVersion(slug string, report int64, number int) string {
	return Report(slug, report) + "/versions/" + strconv.Itoa(number)
}

// Published documents and sign-off by the statutory partners (documents area). The public pages
// name a document by its slug and a version by its number; the business unit's pages by ids.

func Arrangements(slug string) string { return "/" + slug + "/arrangements" }
func PublicDocument(slug, doc string) string {
	return "/" + slug + "/documents/" + doc
}
func PublicVersion(slug, doc string, number int) string {
	return "/" + slug + "/documents/" + doc + "/versions/" + strconv.Itoa(number)
}
func DocumentChanges(slug, doc string, from, to int) string {
	return "/" + slug + "/documents/" + doc + "/changes?from=" + strconv.Itoa(from) + "&to=" + strconv.Itoa(to)
}
func DocumentChangesForm(slug, doc string) string {
	return "/" + slug + "/documents/" + doc + "/changes"
}
func Publishing(slug string) string { return "/" + slug + "/publishing" }
func PublishingDocument(slug string, doc int64) string {
	return "/" + slug + "/publishing/" + itoa(doc)
}
func ReviewSchedule(slug string, doc int64) string {
	return "/" + slug + "/publishing/" + itoa(doc) + "/review"
}
func DraftVersion(slug string, doc int64) string {
	return "/" + slug + "/publishing/" + itoa(doc) + "/versions"
}
func DocumentVersion(slug string, version int64) string {
	return "/" + slug + "/publishing/versions/" + itoa(version)
}
func DocumentSection(slug string, version, section int64) string {
	return DocumentVersion(slug, version) + "/sections/" + itoa(section)
}
func AddSection(slug string, version int64) string {
	return DocumentVersion(slug, version) + "/sections"
}
func VersionStep(slug string, version int64, step string) string {
	return DocumentVersion(slug, version) + "/" + step // submit, sign, publish, reopen
}
func SignOffs(slug string) string         { return "/" + slug + "/sign-off" }
func SignOffDelegates(slug string) string { return "/" + slug + "/sign-off/delegates" }
func SignOffLeads(slug string) string     { return "/" + slug + "/sign-off/leads" }

// The Executive's challenges and proposals (challenges area).

func Challenges(slug string) string   { return "/" + slug + "/challenges" }
func NewChallenge(slug string) string { return "/" + slug + "/challenges/new" }
func Challenge(slug string, c int64) string {
	return "/" + slug + "/challenges/" + itoa(c)
}
func ChallengeRespond(slug string, c int64) string {
	return "/" + slug + "/challenges/" + itoa(c) + "/respond"
}
func ChallengeClose(slug string, c int64) string {
	return "/" + slug + "/challenges/" + itoa(c) + "/close"
}

// ChallengeOn is the form to raise a challenge on a record of a kind (challenges.SubjectKinds),
// such as a section of the exception report: the form opens with the record named.
func ChallengeOn(slug, kind string, id int64) string {
	return NewChallenge(slug) + "?subject_kind=" + kind + "&subject_id=" + itoa(id)
}
func ProposeEnquiry(slug string) string { return "/" + slug + "/themes/propose" }

// ChallengeSubject is the page of a record a challenge is raised on, by its kind; "" for a kind
// with no page of its own (a partner) or none yet.
func ChallengeSubject(slug, kind string, id int64) string {
	switch kind {
	case "theme":
		return Theme(slug, id)
	case "commission":
		return Commission(slug, id)
	case "recommendation":
		return Recommendation(slug, id)
	}
	return ""
}

// Escalation and dispute resolution between agencies (disputes area).

func Disputes(slug string) string   { return "/" + slug + "/disputes" }
func NewDispute(slug string) string { return "/" + slug + "/disputes/new" }
func Dispute(slug string, d int64) string {
	return "/" + slug + "/disputes/" + itoa(d)
}
func DisputeEscalate(slug string, d int64) string {
	return "/" + slug + "/disputes/" + itoa(d) + "/escalate"
}
func DisputeResolve(slug string, d int64) string {
	return "/" + slug + "/disputes/" + itoa(d) + "/resolve"
}

// ReportChecklist is what the yearly report must contain, ticked by its sections.
func ReportChecklist(slug string, report int64) string { return Report(slug, report) + "/checklist" }

// ReportSummary is the report's short print view for a council's scrutiny committee.
func ReportSummary(slug string, report int64) string { return Report(slug, report) + "/summary" }

// Lists as CSV downloads: each list's page with .csv, taking the page's query string.
func InboxCSV(slug string) string           { return Inbox(slug) + ".csv" }
func ThemesCSV(slug string) string          { return Themes(slug) + ".csv" }
func RecommendationsCSV(slug string) string { return Recommendations(slug) + ".csv" }
func ReviewsCSV(slug string) string         { return Reviews(slug) + ".csv" }
func DecisionsLogCSV(slug string, body int64) string {
	return DecisionsLog(slug, body) + ".csv"
}
func AuditLogCSV(slug string) string { return AuditLog(slug) + ".csv" }
func UsersCSV(slug string) string    { return Users(slug) + ".csv" }

// EndMembership is the confirmation, and the end, of a person's membership of the partnership:
// one's own (leaving it) or, for its business unit, anyone's (issue #14).
func EndMembership(slug string, user int64) string {
	return "/" + slug + "/people/" + itoa(user) + "/end-membership"
}

// Onboarding: the system administrator creates a partnership; the business unit imports its
// organisations and people from a file, checks what it adds, and confirms.
func NewPartnership() string    { return "/admin/partnerships/new" }
func CreatePartnership() string { return "/admin/partnerships" }
func DirectoryImport(slug string) string {
	return "/" + slug + "/admin/import"
}
func DirectoryTemplate(slug string) string { return DirectoryImport(slug) + "/template.csv" }
func DirectoryStaged(slug string, id int64) string {
	return DirectoryImport(slug) + "/" + itoa(id)
}

// Publishing the yearly report, and the public library (feat-pub).

// ReportStep is a step of the yearly report's sign-off and publication: sign, publish, sent.
func ReportStep(slug string, report int64, step string) string {
	return Report(slug, report) + "/" + step
}

// PublicYearlyReport is a published yearly report on the partnership's public pages, by the key
// of its year (2025 is 2025/26).
func PublicYearlyReport(slug, year string) string { return "/" + slug + "/yearly-reports/" + year }

// Library is the public library of every partnership's published documents.
func Library() string { return "/library" }

// LibraryFeed is the installation's Atom feed of what is published; PartnershipFeed one
// partnership's.
func LibraryFeed() string                { return "/library/feed.atom" }
func PartnershipFeed(slug string) string { return "/" + slug + "/feed.atom" }

// Sitemap lists the public pages for search engines.
func Sitemap() string { return "/sitemap.xml" }

// ChallengesCSV is the challenge log as CSV, with the page's filters.
func ChallengesCSV(slug string) string { return Challenges(slug) + ".csv" }

// The Executive's approvals (feat-exec): a rapid review put to the partners and reopened, a
// local CSPR's publication proposed and approved.
func ReviewSubmitSignOff(slug string, rv int64) string { return Review(slug, rv) + "/submit-sign-off" }
func ReviewReopen(slug string, rv int64) string        { return Review(slug, rv) + "/reopen" }
func LocalReviewProposePublication(slug string, c int64) string {
	return LocalReview(slug, c) + "/propose-publication"
}
func LocalReviewApprovePublication(slug string, c int64) string {
	return LocalReview(slug, c) + "/approve-publication"
}

// Notices and retention (internal/notices, internal/retention).

// NoticePreferences is where a person chooses how they get each kind of notice.
func NoticePreferences() string { return "/account/notices" }

// DeleteDraft deletes the writer's own draft request.
func DeleteDraft(slug, kind string, req int64) string {
	return "/" + slug + "/" + kind + "/" + itoa(req) + "/delete"
}

// Retention is the partnership's retention schedule and its legal holds.
func Retention(slug string) string { return "/" + slug + "/retention" }
func RetentionPropose(slug, recordType string) string {
	return Retention(slug) + "/" + recordType + "/propose"
}
func RetentionApprove(slug, recordType string) string {
	return Retention(slug) + "/" + recordType + "/approve"
}
func LegalHolds(slug string) string { return Retention(slug) + "/holds" }
func ReleaseHold(slug string, hold int64) string {
	return LegalHolds(slug) + "/" + itoa(hold) + "/release"
}

// SubjectAccess downloads a person's own data for a subject access request.
func SubjectAccess(slug string) string { return Retention(slug) + "/subject-access" }

// ScrutinyReports are independent scrutiny's reports to the partnership (feat-scrutiny).
func ScrutinyReports(slug string) string   { return "/" + slug + "/scrutiny" }
func NewScrutinyReport(slug string) string { return ScrutinyReports(slug) + "/new" }
func ScrutinyReport(slug string, id int64) string {
	return ScrutinyReports(slug) + "/" + itoa(id)
}
func ScrutinyReportIssue(slug string, id int64) string { return ScrutinyReport(slug, id) + "/issue" }
func ScrutinyReportRecommendations(slug string, id int64) string {
	return ScrutinyReport(slug, id) + "/recommendations"
}

// The library's priorities (feat-library): the partnership priorities a local CSPR bears on.
func LocalReviewPriorities(slug string, c int64) string { return LocalReview(slug, c) + "/priorities" }

// Assurance is self-assessment audits (Section 11, Section 175...): frameworks and rounds
// (feat-assurance).
func Assurance(slug string) string             { return "/" + slug + "/assurance" }
func NewAssuranceFramework(slug string) string { return Assurance(slug) + "/frameworks/new" }
func AssuranceFrameworks(slug string) string   { return Assurance(slug) + "/frameworks" }
func AssuranceFramework(slug string, id int64) string {
	return AssuranceFrameworks(slug) + "/" + itoa(id)
}
func AssuranceNewVersion(slug string, framework int64) string {
	return AssuranceFramework(slug, framework) + "/versions"
}
func AssuranceVersion(slug string, id int64) string {
	return Assurance(slug) + "/versions/" + itoa(id)
}
func AssuranceStandards(slug string, version int64) string {
	return AssuranceVersion(slug, version) + "/standards"
}
func AssuranceOpenRound(slug string, version int64) string {
	return AssuranceVersion(slug, version) + "/rounds"
}
func AssuranceStandard(slug string, id int64) string {
	return Assurance(slug) + "/standards/" + itoa(id)
}
func AssuranceRound(slug string, id int64) string { return Assurance(slug) + "/rounds/" + itoa(id) }
func AssuranceChase(slug string, round int64) string {
	return AssuranceRound(slug, round) + "/chase"
}
func AssuranceResults(slug string, round int64) string {
	return AssuranceRound(slug, round) + "/results"
}
func AssuranceMyReturns(slug string) string { return Assurance(slug) + "/my-returns" }
func AssuranceReturn(slug string, id int64) string {
	return Assurance(slug) + "/returns/" + itoa(id)
}
func AssuranceReturnLead(slug string, id int64) string { return AssuranceReturn(slug, id) + "/lead" }
func AssuranceChallenges(slug string, returnID int64) string {
	return AssuranceReturn(slug, returnID) + "/challenges"
}
func AssuranceChallenge(slug string, returnID, id int64) string {
	return AssuranceChallenges(slug, returnID) + "/" + itoa(id)
}
func AssuranceActions(slug string, round int64) string {
	return AssuranceRound(slug, round) + "/actions"
}
func AssuranceStandardRemove(slug string, id int64) string {
	return AssuranceStandard(slug, id) + "/remove"
}

// CaseAudits are multi-agency case audits (feat-caseaudit). A case is named by its number in the
// audit ("Case 2"), never by its agency's reference.
func CaseAudits(slug string) string               { return "/" + slug + "/case-audits" }
func NewCaseAudit(slug string) string             { return CaseAudits(slug) + "/new" }
func CaseAudit(slug string, id int64) string      { return CaseAudits(slug) + "/" + itoa(id) }
func CaseAuditCases(slug string, id int64) string { return CaseAudit(slug, id) + "/cases" }
func CaseAuditAuditors(slug string, id int64) string {
	return CaseAudit(slug, id) + "/auditors"
}
func CaseAuditGrading(slug string, id int64, number int) string {
	return CaseAuditCases(slug, id) + "/" + strconv.Itoa(number) + "/grading"
}
func CaseAuditModeration(slug string, id int64, number int) string {
	return CaseAuditCases(slug, id) + "/" + strconv.Itoa(number) + "/moderation"
}
func CaseAuditComplete(slug string, id int64) string { return CaseAudit(slug, id) + "/complete" }
func CaseAuditFindings(slug string, id int64) string { return CaseAudit(slug, id) + "/findings" }
func CaseAuditRecommendations(slug string, id int64) string {
	return CaseAudit(slug, id) + "/recommendations"
}
func CaseAuditResults(slug string, id int64) string { return CaseAudit(slug, id) + "/results" }

// Training is the partnership's training programme (feat-training): public sessions, courses,
// bookings and their evaluations, and the training needs moved on.
func Training(slug string) string        { return "/" + slug + "/training" }
func TrainingCourses(slug string) string { return Training(slug) + "/courses" }
func NewTrainingCourse(slug string) string {
	return TrainingCourses(slug) + "/new"
}
func TrainingCourse(slug string, id int64) string { return TrainingCourses(slug) + "/" + itoa(id) }
func TrainingCourseSessions(slug string, id int64) string {
	return TrainingCourse(slug, id) + "/sessions"
}
func TrainingSession(slug string, id int64) string {
	return Training(slug) + "/sessions/" + itoa(id)
}
func TrainingBook(slug string, id int64) string   { return TrainingSession(slug, id) + "/book" }
func TrainingCancel(slug string, id int64) string { return TrainingSession(slug, id) + "/cancel" }
func TrainingAttendance(slug string, id int64) string {
	return TrainingSession(slug, id) + "/attendance"
}
func MyTraining(slug string) string { return Training(slug) + "/mine" }
func TrainingBooking(slug string, id int64) string {
	return Training(slug) + "/bookings/" + itoa(id)
}
func TrainingEvaluation(slug string, id int64) string {
	return TrainingBooking(slug, id) + "/evaluation"
}
func TrainingFollowUp(slug string, id int64) string { return TrainingBooking(slug, id) + "/follow-up" }
func TrainingFollowUps(slug string) string          { return Training(slug) + "/follow-ups" }
func TrainingNeedStatus(slug string, id int64) string {
	return TrainingNeeds(slug) + "/" + itoa(id) + "/status"
}
func TrainingNeedClose(slug string, id int64) string {
	return TrainingNeeds(slug) + "/" + itoa(id) + "/close"
}
func ClosedTrainingNeeds(slug string) string { return TrainingNeeds(slug) + "?show=closed" }

// Sharing between partnerships and people in several (feat-multi, issue #12).

// Shared is what partnerships in agreement share with this one.
func Shared(slug string) string { return "/" + slug + "/shared" }

// SharedRecord is one record another partnership shares, by its kind's address name.
func SharedRecord(slug, kind string, id int64) string {
	return Shared(slug) + "/" + kind + "/" + itoa(id)
}

// ShareRecord shares one of the partnership's own records, or stops sharing it.
func ShareRecord(slug, kind string, id int64) string {
	return "/" + slug + "/sharing/" + kind + "/" + itoa(id)
}

// JoinPartnership is the link e-mailed to someone with an account, to agree to join another
// partnership.
func JoinPartnership(token string) string { return "/join/" + token }

// SharingAgreements is the business unit's page of the partnerships it agrees to share with.
func SharingAgreements(slug string) string { return "/" + slug + "/admin/sharing" }

// E-bulletins (internal/bulletins): the public archive, subscribing and its links, and the
// business unit's composing and sending.

func Bulletins(slug string) string               { return "/" + slug + "/bulletins" }
func Bulletin(slug string, id int64) string      { return Bulletins(slug) + "/" + itoa(id) }
func BulletinSubscribe(slug string) string       { return Bulletins(slug) + "/subscribe" }
func BulletinConfirm(slug, secret string) string { return Bulletins(slug) + "/confirm/" + secret }
func BulletinUnsubscribe(slug, secret string) string {
	return Bulletins(slug) + "/unsubscribe/" + secret
}
func BulletinsManage(slug string) string         { return "/" + slug + "/e-bulletins" }
func NewBulletin(slug string) string             { return BulletinsManage(slug) + "/new" }
func BulletinDraft(slug string, id int64) string { return BulletinsManage(slug) + "/" + itoa(id) }
func BulletinSend(slug string, id int64) string  { return BulletinDraft(slug, id) + "/send" }

// The pooled budget (internal/budget): the business unit drafts each year's, the Executive
// approves it.

func Budgets(slug string) string               { return "/" + slug + "/budget" }
func Budget(slug string, year int) string      { return Budgets(slug) + "/" + itoa(int64(year)) }
func BudgetLines(slug string, year int) string { return Budget(slug, year) + "/lines" }
func BudgetLineRemove(slug string, year int, line int64) string {
	return BudgetLines(slug, year) + "/" + itoa(line) + "/remove"
}
func BudgetSubmit(slug string, year int) string  { return Budget(slug, year) + "/submit" }
func BudgetApprove(slug string, year int) string { return Budget(slug, year) + "/approve" }
func BudgetReopen(slug string, year int) string  { return Budget(slug, year) + "/reopen" }

// Finishing the training programme (issue #13, feat-finish13): changing a course or a session,
// and a session's evaluations read by those who run the programme.

func EditTrainingCourse(slug string, id int64) string  { return TrainingCourse(slug, id) + "/edit" }
func EditTrainingSession(slug string, id int64) string { return TrainingSession(slug, id) + "/edit" }
func TrainingEvaluations(slug string, id int64) string {
	return TrainingSession(slug, id) + "/evaluations"
}
