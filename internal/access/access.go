// Package access is the portal's one access policy: it answers "may this person do this action to
// this object?" for every read and write. Handlers ask it before they touch a record; a refusal is
// shown as a 403 page and written to the audit log by the HTTP layer.
//
// The policy is a pure function of who is asking (Subject), what they want to do (Action) and what
// they want to do it to (Object). Roles are not granted directly: they follow from a person's
// current memberships of their partnership's bodies (LoadSubject).
package access

import (
	"slices"
	"strings"
)

// Role is what a person is in their partnership, derived from their memberships.
type Role uint16

// Roles. Every signed-in member of a partnership is a Practitioner.
const (
	Practitioner Role = 1 << iota
	EngineRoom
	Executive
	BusinessUnit
	CriticalFriend
	Scrutiny // independent scrutineer or independent chair
	SystemAdmin
)

var roleNames = []struct {
	role Role
	name string
}{
	{Practitioner, "practitioner"}, {EngineRoom, "Engine Room member"}, {Executive, "Executive member"},
	{BusinessUnit, "business unit officer"}, {CriticalFriend, "critical friend"},
	{Scrutiny, "independent scrutiny"}, {SystemAdmin, "system administrator"},
}

// Roles is a set of roles.
type Roles uint16

// Has reports whether the set holds r.
func (rs Roles) Has(r Role) bool { return uint16(rs)&uint16(r) != 0 }

// With returns the set with r added.
func (rs Roles) With(r Role) Roles { return rs | Roles(r) }

// String names the roles, for pages and logs.
func (rs Roles) String() string {
	var names []string
	for _, rn := range roleNames {
		if rs.Has(rn.role) {
			names = append(names, rn.name)
		}
	}
	return strings.Join(names, ", ")
}

// Subject is who is asking. The zero Subject is someone not signed in.
type Subject struct {
	UserID          int64
	Email           string
	Name            string
	PartnershipID   int64 // 0 for a system administrator, who belongs to none
	PartnershipSlug string
	OrganisationID  int64
	Roles           Roles
	// Partnerships are every partnership the person is a member of, their account's own first;
	// the fields above are those of the one they work in (In).
	Partnerships []Membership
}

// Membership is a person's place in one partnership: the partnership, their organisation there
// (0 for none) and the roles its bodies give them there.
type Membership struct {
	PartnershipID  int64
	Slug           string
	Name           string // its short name, for the switcher between partnerships
	OrganisationID int64
	Roles          Roles
}

// In returns the subject working in partnership id: that partnership's organisation and roles
// only (a system administrator stays one), so that nothing they are elsewhere counts there. For
// a partnership they are not a member of it is s unchanged, which the policy refuses there.
func (s Subject) In(id int64) Subject {
	for _, m := range s.Partnerships {
		if m.PartnershipID == id {
			s.PartnershipID, s.PartnershipSlug, s.OrganisationID = m.PartnershipID, m.Slug, m.OrganisationID
			s.Roles = m.Roles | s.Roles&Roles(SystemAdmin)
			return s
		}
	}
	return s
}

// SignedIn reports whether the subject is a signed-in person.
func (s Subject) SignedIn() bool { return s.UserID != 0 }

// Action is something a person may want to do.
type Action string

// Actions. Add one for every new kind of read or write, with its rule in Decide.
const (
	ViewPublic         Action = "public.view"         // published pages of a partnership
	ViewHome           Action = "home.view"           // a partnership's signed-in home view
	ViewDirectory      Action = "directory.view"      // the partnership's bodies, members and organisations
	ManageOwnAccount   Action = "account.manage"      // one's own sessions and password
	ManageOrganisation Action = "organisation.manage" // add or change organisations
	ManageBody         Action = "body.manage"         // add or change bodies, memberships and the chair rota
	ManageUser         Action = "user.manage"         // invite, approve, disable and enable accounts
	EndMembership      Action = "member.end"          // leave a partnership, or its business unit ends anyone's membership of it (Object.OwnerID: the person)
	ViewAudit          Action = "audit.view"          // search the partnership's audit log
	ManagePartnership  Action = "partnership.manage"  // change the partnership's public details and priorities
	ViewPartnerships   Action = "partnerships.view"   // the installation's partnerships, for its administrator
	ManageCalendar     Action = "calendar.manage"     // add days that are not working days
	SubmitRequest      Action = "request.submit"      // write and send a KLOE or CSPR consideration request
	ViewRequest        Action = "request.view"        // read one request, with its answers and documents
	ChangeRequest      Action = "request.change"      // change, send or withdraw one's own request
	ViewInbox          Action = "inbox.view"          // list the requests sent to the partnership
	ManageRequest      Action = "request.manage"      // move a request on, record its outcome
	ViewLearning       Action = "learning.view"       // themes, commissions, recommendations, the golden thread
	ManageLearning     Action = "learning.manage"     // triage, start and change themes, commission and sign off learning
	WorkOnCommission   Action = "commission.work"     // write notes, the voice of families and findings into a commission
	ListCommissions    Action = "commissions.list"    // the list of commissioned learning: all of it (Object.OwnerID 0) or one critical friend's
	ViewReview         Action = "review.view"         // a rapid review, with what it says about the child and family (Object.Participants: those who sign it off)
	ManageReview       Action = "review.manage"       // start and run rapid reviews and local CSPRs
	ViewLocalReview    Action = "local-review.view"   // a local CSPR's reviewer, terms of reference and milestones
	ApproveReviewer    Action = "reviewer.approve"    // the Executive's approval of a local CSPR's reviewer
	// ViewReviewRegister is the register of rapid reviews as counts and dates (reference, stage,
	// deadlines, timeliness), without what they say about the child and family: the Executive
	// oversees timeliness without needing to know.
	ViewReviewRegister Action = "review-register.view"

	// A body's meetings: Object.Participants are the body's current members.
	ViewMeetings     Action = "meetings.view"           // a body's meetings, agendas, minutes and decisions log
	ManageMeetings   Action = "meetings.manage"         // plan a body's meetings, write minutes, record decisions
	ViewConfidential Action = "meetings.confidential"   // a body's confidential agenda items and the decisions on them
	CompleteAction   Action = "meeting-action.complete" // mark an action of a body's log done; Object.OwnerID is its owner
	// Reports drafted from the records (internal/reports).
	ViewReport  Action = "report.view"  // read, print and download the exception reports and the yearly report
	WriteReport Action = "report.write" // start a report, write its narrative, submit and reopen it
	// Published documents and sign-off by the statutory partners.
	ViewDocumentDrafts Action = "documents.view"   // documents and versions not yet published, with their sign-off
	ManageDocuments    Action = "documents.manage" // create documents, draft, submit, publish and reopen versions
	SignOff            Action = "signoff.sign"     // sign off for a statutory partner (Object.Participants: who may)
	ViewSignOffs       Action = "signoff.list"     // the list of what awaits one's own sign-off

	// The Executive's challenges and proposals (internal/challenges).
	ViewChallenges     Action = "challenges.view"   // the challenge log and each challenge in it
	RaiseChallenge     Action = "challenge.raise"   // challenge a partner or the Engine Room on a record
	RespondToChallenge Action = "challenge.respond" // record the response of the organisation addressed (Object.Organisations)
	CloseChallenge     Action = "challenge.close"   // close a challenge as answered or escalated (Object.OwnerID: who raised it)
	ProposeEnquiry     Action = "enquiry.propose"   // propose a line of enquiry, which becomes a theme

	// Escalation and dispute resolution between agencies (internal/disputes): need-to-know.
	RecordDispute Action = "dispute.record" // record a disagreement between agencies
	ListDisputes  Action = "disputes.list"  // the register: all of it (Object.OwnerID 0) or the reader's own
	ViewDispute   Action = "dispute.view"   // one disagreement (Object.OwnerID: who recorded it; Organisations: the parties)
	ManageDispute Action = "dispute.manage" // move a disagreement up its stages and record its outcome
	// The yearly report (internal/reports, reports.Yearly): the business unit writes it, but not
	// independent scrutiny's section, which only the scrutineer writes.
	WriteYearlyReport Action = "report.write-yearly"   // start the yearly report, write its sections but scrutiny's, submit and reopen it
	WriteScrutiny     Action = "report.write-scrutiny" // write independent scrutiny's section of the yearly report

	// Onboarding (internal/onboarding): the system administrator creates a partnership; its
	// business unit (or the system administrator) imports its organisations and people.
	CreatePartnership Action = "partnership.create" // create a partnership and invite its first business unit officer
	ImportDirectory   Action = "directory.import"   // import the partnership's organisations and people from a file
	// The Executive's approvals (feat-exec).
	ApprovePublication Action = "publication.approve" // the Executive's approval of a local CSPR's publication
	// Retention of records and legal holds (internal/retention).
	ViewRetention     Action = "retention.view"        // the retention schedule, the legal holds and what the job did
	ProposeRetention  Action = "retention.propose"     // propose a period of the schedule, place and release legal holds
	ApproveRetention  Action = "retention.approve"     // approve a proposed period
	ExportSubjectData Action = "subject-access.export" // export a person's own data for a subject access request
	// Independent scrutiny reports (internal/scrutiny): the scrutineer's own words to the partners.
	ViewScrutinyReports Action = "scrutiny-reports.view" // the reports and each one (Object.Draft: not yet issued)
	WriteScrutinyReport Action = "scrutiny-report.write" // write a report and its recommendations, and issue it
	// Self-assessment audits (internal/assurance): a return is its organisation's, completed by
	// the lead named for it (Object.OwnerID: the lead; Organisations: its organisation).
	ViewAssurance   Action = "assurance.view"             // frameworks, rounds, every return and the results
	ManageAssurance Action = "assurance.manage"           // define frameworks and their standards, open and chase rounds, name leads
	ViewOwnReturns  Action = "assurance.own-returns"      // the list of the returns one leads
	ViewReturn      Action = "assurance-return.view"      // one return
	CompleteReturn  Action = "assurance-return.complete"  // save and submit one's organisation's return, as its lead, and answer its challenges
	ChallengeRating Action = "assurance-rating.challenge" // challenge a rating of a submitted return
	// Multi-agency case audits (internal/caseaudits): Object.Participants are the audit's auditors.
	ListCaseAudits     Action = "case-audits.list"      // the audits: all of them (Object.OwnerID 0) or those one audits
	ViewCaseAudit      Action = "case-audit.view"       // an audit, its grades and results, cases named "Case 1", "Case 2"
	ManageCaseAudit    Action = "case-audit.manage"     // plan, add cases and auditors, moderate, complete, record findings
	GradeCaseAudit     Action = "case-audit.grade"      // record one's own grades of the audit's cases
	ViewCaseReferences Action = "case-audit.references" // the agencies' case references: need-to-know
	// The training programme (internal/training): the programme itself is public (ViewPublic);
	// a booking is its booker's (Object.OwnerID).
	BookTraining   Action = "training.book"   // book a place, cancel it, evaluate the session attended and follow it up
	ViewTraining   Action = "training.view"   // the courses, each session's bookings, attendance and evaluations
	ManageTraining Action = "training.manage" // courses and sessions, attendance, follow-up invitations
	// A training need raised by learning is moved on (planned, commissioned, delivered) and closed
	// by the Engine Room, whose learning raised it, and by the business unit, who runs the programme.
	MoveTrainingNeed Action = "training-need.move"
	// Sharing between partnerships (internal/sharing): what another partnership shares with the
	// page's is read there by its members; nothing else crosses.
	ViewShared   Action = "shared.view"   // what partnerships in agreement share with this one
	ShareRecord  Action = "shared.share"  // share one of the partnership's records, or stop sharing it
	AgreeSharing Action = "sharing.agree" // agree to share with another partnership, or withdraw
	// E-bulletins (internal/bulletins): the archive, subscribing and unsubscribing are public
	// (ViewPublic); composing, previewing and sending are the business unit's.
	ManageBulletins Action = "bulletins.manage" // the bulletins drafted and sent, and the subscribers' numbers
	// The pooled budget (internal/budget): the business unit drafts each year's, the Executive
	// approves it; those who oversee the partnership read it.
	ViewBudget    Action = "budget.view"    // every year's budget, drafts too
	DraftBudget   Action = "budget.draft"   // start a year's budget, write its lines, submit it, reopen it
	ApproveBudget Action = "budget.approve" // the Executive's approval of a submitted budget
)

// reviewers are the roles that read every request sent to their partnership.
const reviewers = Roles(EngineRoom) | Roles(BusinessUnit) | Roles(Scrutiny)

// Object is what an action is done to: which partnership it belongs to, and for records of a
// person, whose it is.
type Object struct {
	PartnershipID int64
	OwnerID       int64
	// Participants are the people working on the record, such as a commission's critical friends.
	Participants []int64
	// Draft marks a record not yet sent, such as a request still being written: it is its owner's
	// alone, with its documents, whoever else may read it once sent.
	Draft bool
	// Organisations are those a record is addressed to or is between: a challenge's addressee
	// (none: the Engine Room), the parties to a dispute. Their lead representatives and delegates
	// (members of the Executive or Engine Room) answer for them.
	Organisations []int64
}

// represents reports whether s belongs to one of the organisations the record is addressed to or
// is between.
func (o Object) represents(s Subject) bool {
	return s.OrganisationID != 0 && slices.Contains(o.Organisations, s.OrganisationID)
}

// Decision is the policy's answer, with the reason for a refusal (for the audit log, not the page).
type Decision struct {
	Allowed bool
	Reason  string
}

func allow() Decision             { return Decision{Allowed: true} }
func deny(reason string) Decision { return Decision{Reason: reason} }
func (d Decision) String() string {
	return map[bool]string{true: "allowed", false: "refused: " + d.Reason}[d.Allowed]
}

// administration reports whether a is part of administering a partnership, which the system
// administrator may do for any partnership as well as its own business unit.
func administration(a Action) bool {
	switch a {
	case ViewHome, ViewDirectory, ManageOrganisation, ManageBody, ManageUser, ViewAudit, ManagePartnership:
		return true
	}
	return false
}

// Decide is the access policy.
func Decide(s Subject, a Action, o Object) Decision {
	if a == ViewPublic {
		return allow()
	}
	if !s.SignedIn() {
		return deny("not signed in")
	}
	if a == ManageOwnAccount {
		if o.OwnerID == s.UserID {
			return allow()
		}
		return deny("not their own account")
	}
	admin := s.Roles.Has(SystemAdmin)
	if a == EndMembership {
		// A member leaves a partnership of theirs; its business unit (or the installation's
		// administrator) ends anyone's membership of it, as it disables accounts (ManageUser).
		in := s.In(o.PartnershipID)
		member := o.PartnershipID != 0 && in.PartnershipID == o.PartnershipID && in.Roles.Has(Practitioner)
		switch {
		case member && o.OwnerID == s.UserID:
			return allow()
		case admin || member && in.Roles.Has(BusinessUnit):
			return allow()
		}
		return deny("a person leaves a partnership of theirs; its business unit ends anyone's membership of it")
	}
	if a == ViewPartnerships || a == ManageCalendar {
		if admin {
			return allow()
		}
		return deny("only the system administrator administers the installation")
	}
	// Onboarding: a partnership is created by the installation's administrator; its directory is
	// imported by its business unit, or by the administrator standing it up.
	switch a {
	case CreatePartnership:
		if admin {
			return allow()
		}
		return deny("only the system administrator creates partnerships")
	case ImportDirectory:
		if admin || (s.PartnershipID == o.PartnershipID && s.Roles.Has(BusinessUnit)) {
			return allow()
		}
		return deny("only the business unit imports the partnership's directory")
	}
	// Everything else but the partnership's administration is for the partnership's own members
	// alone, whatever else they are: the system administrator reads none of it.
	if !administration(a) && (s.PartnershipID != o.PartnershipID || !s.Roles.Has(Practitioner)) {
		return deny("not a member of the partnership")
	}
	// Reviews of serious incidents are need-to-know, like the requests that start them.
	switch a {
	case ViewReview, ManageReview, ViewLocalReview, ApproveReviewer, ViewReviewRegister, ApprovePublication:
		manager := s.Roles.Has(EngineRoom) || s.Roles.Has(BusinessUnit)
		switch {
		case a == ManageReview && manager:
			return allow()
		case a == ViewReview && (manager || s.Roles.Has(Scrutiny)):
			return allow()
		case a == ViewReview && slices.Contains(o.Participants, s.UserID):
			// A partner's lead representative or delegate reads what they are asked to sign
			// (Object.Participants: who signs for the partners it is put to).
			return allow()
		case (a == ViewLocalReview || a == ViewReviewRegister) && (manager || s.Roles.Has(Scrutiny) || s.Roles.Has(Executive)):
			return allow()
		case (a == ApproveReviewer || a == ApprovePublication) && s.Roles.Has(Executive):
			return allow()
		}
		return deny("reviews are run by the Engine Room and business unit, overseen by scrutiny and the Executive")
	}
	// The learning loop belongs to the partnership's members who run and oversee it.
	switch a {
	case ViewLearning, ManageLearning, WorkOnCommission, ListCommissions:
		manager := s.Roles.Has(EngineRoom) || s.Roles.Has(BusinessUnit)
		participant := false
		for _, id := range o.Participants {
			participant = participant || id == s.UserID
		}
		viewer := s.Roles.Has(Executive) || s.Roles.Has(Scrutiny)
		switch {
		case manager:
			return allow()
		case (a == ViewLearning || a == ListCommissions) && viewer:
			return allow()
		case a == ViewLearning && participant:
			return allow()
		case a == WorkOnCommission && participant:
			return allow()
		case a == ListCommissions && s.Roles.Has(CriticalFriend) && o.OwnerID == s.UserID:
			// A critical friend sees only the commissions they are on.
			return allow()
		}
		return deny("the learning loop is run by the Engine Room and business unit")
	}
	// A body's meetings are its members', supported by the business unit, who plan every body's
	// meetings, and read by independent scrutiny; an action's owner may mark it done.
	switch a {
	case ViewMeetings, ManageMeetings, ViewConfidential, CompleteAction:
		switch {
		case slices.Contains(o.Participants, s.UserID) || s.Roles.Has(BusinessUnit):
			return allow()
		case (a == ViewMeetings || a == ViewConfidential) && s.Roles.Has(Scrutiny):
			return allow()
		case a == CompleteAction && o.OwnerID == s.UserID:
			return allow()
		}
		return deny("a body's meetings are for its members, the business unit and independent scrutiny")
	}
	// Reports are written by the Engine Room (its chair, in practice) and the business unit, and
	// read by the Executive they go to and by independent scrutiny.
	switch a {
	case ViewReport, WriteReport:
		if s.Roles.Has(EngineRoom) || s.Roles.Has(BusinessUnit) || (a == ViewReport && (s.Roles.Has(Executive) || s.Roles.Has(Scrutiny))) {
			return allow()
		}
		return deny("reports are written by the Engine Room and business unit, and read by the Executive and independent scrutiny")
	}
	// Challenges are the Executive's and independent scrutiny's, answered by the partner they are
	// addressed to (its lead representative or delegate) or by the Engine Room; the Engine Room
	// and the business unit read them too. Proposals of lines of enquiry are the Executive's.
	switch a {
	case ViewChallenges, RaiseChallenge, RespondToChallenge, CloseChallenge, ProposeEnquiry:
		challenger := s.Roles.Has(Executive) || s.Roles.Has(Scrutiny)
		representative := s.Roles.Has(Executive) || s.Roles.Has(EngineRoom)
		switch {
		case a == ViewChallenges && (challenger || s.Roles.Has(EngineRoom) || s.Roles.Has(BusinessUnit)):
			return allow()
		case a == RaiseChallenge && challenger:
			return allow()
		case a == RespondToChallenge && len(o.Organisations) == 0 && s.Roles.Has(EngineRoom):
			return allow()
		case a == RespondToChallenge && o.represents(s) && representative:
			return allow()
		case a == CloseChallenge && (s.Roles.Has(Executive) || challenger && o.OwnerID == s.UserID):
			return allow()
		case a == ProposeEnquiry && s.Roles.Has(Executive):
			return allow()
		}
		return deny("challenges are raised by the Executive and scrutiny and answered by the partner or Engine Room addressed")
	}
	// Disagreements between agencies are need-to-know: the one who recorded it, the lead
	// representatives and delegates of the agencies that disagree, and those who oversee them.
	switch a {
	case RecordDispute, ListDisputes, ViewDispute, ManageDispute:
		manager := s.Roles.Has(EngineRoom) || s.Roles.Has(BusinessUnit)
		switch {
		case a == RecordDispute:
			return allow()
		case a == ManageDispute && manager:
			return allow()
		case (a == ListDisputes || a == ViewDispute) && (manager || s.Roles.Has(Scrutiny)):
			return allow()
		case (a == ListDisputes || a == ViewDispute) && o.OwnerID == s.UserID:
			return allow()
		case a == ViewDispute && o.represents(s) && (s.Roles.Has(Executive) || s.Roles.Has(EngineRoom)):
			return allow()
		}
		return deny("disagreements are read by those party to them, the business unit, the Engine Room and scrutiny")
	}
	// Independent scrutiny reports are the scrutineer's (or independent chair's) alone to write; once
	// issued they are read by those they hold to account: the Executive, the Engine Room and the
	// business unit. A draft is the scrutineer's own.
	switch a {
	case ViewScrutinyReports, WriteScrutinyReport:
		if s.Roles.Has(Scrutiny) {
			return allow()
		}
		if a == ViewScrutinyReports && !o.Draft && s.Roles&(Roles(Executive)|Roles(EngineRoom)|Roles(BusinessUnit)) != 0 {
			return allow()
		}
		return deny("scrutiny reports are written by independent scrutiny and read, once issued, by the Executive, Engine Room and business unit")
	}
	// The yearly report is the partnership's, drafted by its business unit; independent scrutiny's
	// assessment in it is the scrutineer's own words, which no one else may write.
	switch a {
	case WriteYearlyReport, WriteScrutiny:
		if (a == WriteYearlyReport && s.Roles.Has(BusinessUnit)) || (a == WriteScrutiny && s.Roles.Has(Scrutiny)) {
			return allow()
		}
		return deny("the yearly report is written by the business unit, its scrutiny section by the independent scrutineer")
	}
	// Requests are need-to-know: only members of the partnership, whatever else they are.
	switch a {
	case SubmitRequest, ViewRequest, ChangeRequest, ViewInbox, ManageRequest:
		switch {
		case a == ChangeRequest && o.OwnerID != s.UserID:
			return deny("not their own request")
		case o.Draft && o.OwnerID != s.UserID:
			return deny("a draft is its writer's alone")
		case a == SubmitRequest, a == ChangeRequest:
			return allow()
		case a == ViewRequest && o.OwnerID == s.UserID:
			return allow()
		case (a == ViewRequest || a == ViewInbox) && s.Roles&reviewers != 0:
			return allow()
		case a == ManageRequest && (s.Roles.Has(EngineRoom) || s.Roles.Has(BusinessUnit)):
			return allow()
		}
		return deny("requests are read by their writer, the Engine Room, the business unit and independent scrutiny")
	}
	// Documents are drafted by the business unit, read before publication by those who oversee the
	// partnership, and signed off by the partners' lead representatives or their delegates
	// (Object.Participants), who read what they sign. The public reads published versions only
	// (ViewPublic).
	switch a {
	case ViewDocumentDrafts, ManageDocuments, SignOff, ViewSignOffs:
		signer := slices.Contains(o.Participants, s.UserID)
		switch {
		case a == ViewSignOffs:
			return allow()
		case a == SignOff && signer:
			return allow()
		case a == ManageDocuments && s.Roles.Has(BusinessUnit):
			return allow()
		case a == ViewDocumentDrafts && (signer || s.Roles&(Roles(BusinessUnit)|Roles(EngineRoom)|Roles(Executive)|Roles(Scrutiny)) != 0):
			return allow()
		}
		return deny("documents are drafted by the business unit, read by the Executive, Engine Room and scrutiny, and signed off by the partners' lead representatives")
	}
	// The retention schedule is the business unit's to propose and the Executive's to approve;
	// legal holds and subject access requests are the business unit's, as the partnership's
	// records officer. Independent scrutiny reads what is kept and why.
	switch a {
	case ViewRetention, ProposeRetention, ApproveRetention, ExportSubjectData:
		switch {
		case a == ApproveRetention && s.Roles.Has(Executive):
			return allow()
		case a != ApproveRetention && s.Roles.Has(BusinessUnit):
			return allow()
		case a == ViewRetention && (s.Roles.Has(Executive) || s.Roles.Has(Scrutiny)):
			return allow()
		}
		return deny("retention is proposed by the business unit and approved by the Executive")
	}
	// Self-assessment audits are run by the business unit and read by those who oversee the
	// partnership's assurance; each return is completed by its organisation's lead alone, who
	// reads it too.
	switch a {
	case ViewAssurance, ManageAssurance, ViewOwnReturns, ViewReturn, CompleteReturn, ChallengeRating:
		lead := o.OwnerID != 0 && o.OwnerID == s.UserID && o.represents(s)
		switch {
		case a == ChallengeRating && lead:
			return deny("a lead does not challenge their own organisation's return")
		case a == ViewOwnReturns:
			return allow()
		case a == CompleteReturn && lead:
			return allow()
		case a == ManageAssurance && s.Roles.Has(BusinessUnit):
			return allow()
		case (a == ViewAssurance || a == ViewReturn || a == ChallengeRating) && s.Roles&(Roles(BusinessUnit)|Roles(EngineRoom)|Roles(Executive)|Roles(Scrutiny)) != 0:
			return allow()
		case a == ViewReturn && lead:
			return allow()
		}
		return deny("self-assessment audits are run by the business unit, read by the Engine Room, Executive and scrutiny, and completed by each organisation's lead")
	}
	// Multi-agency case audits are planned and moderated by the Engine Room, graded by the
	// auditors it names, and read by those who oversee the partnership's assurance. Which case was
	// sampled is need-to-know: its reference is read by its auditors and the Engine Room alone.
	switch a {
	case ListCaseAudits, ViewCaseAudit, ManageCaseAudit, GradeCaseAudit, ViewCaseReferences:
		auditor := slices.Contains(o.Participants, s.UserID)
		switch {
		case a == GradeCaseAudit:
			if auditor {
				return allow()
			}
		case a == ManageCaseAudit || a == ViewCaseReferences:
			if s.Roles.Has(EngineRoom) || (a == ViewCaseReferences && auditor) {
				return allow()
			}
		case s.Roles&(Roles(EngineRoom)|Roles(BusinessUnit)|Roles(Executive)|Roles(Scrutiny)) != 0:
			return allow()
		case a == ListCaseAudits && o.OwnerID == s.UserID, a == ViewCaseAudit && auditor:
			return allow()
		}
		return deny("case audits are run by the Engine Room, graded by their auditors and read by those who oversee assurance; case references are their auditors' and the Engine Room's")
	}
	// The training programme is run by the business unit (the learning co-ordinator) and read by
	// those who oversee learning; any member books a place, and a booking is its booker's alone.
	switch a {
	case BookTraining, ViewTraining, ManageTraining, MoveTrainingNeed:
		switch {
		case a == MoveTrainingNeed && s.Roles&(Roles(BusinessUnit)|Roles(EngineRoom)) != 0:
			return allow()
		case a == BookTraining && (o.OwnerID == 0 || o.OwnerID == s.UserID):
			return allow()
		case a == ManageTraining && s.Roles.Has(BusinessUnit):
			return allow()
		case a == ViewTraining && s.Roles&(Roles(BusinessUnit)|Roles(EngineRoom)|Roles(Executive)|Roles(Scrutiny)) != 0:
			return allow()
		}
		return deny("training is run by the business unit and read by the Engine Room, Executive and scrutiny; training needs are moved on by the Engine Room and the business unit; a booking is its booker's")
	}
	// Sharing between partnerships: any member reads what is shared with their partnership; the
	// Engine Room and the business unit choose what of theirs is shared; the business unit agrees
	// with whom.
	switch a {
	case ViewShared, ShareRecord, AgreeSharing:
		switch {
		case a == ViewShared:
			return allow()
		case a == ShareRecord && (s.Roles.Has(EngineRoom) || s.Roles.Has(BusinessUnit)):
			return allow()
		case a == AgreeSharing && s.Roles.Has(BusinessUnit):
			return allow()
		}
		return deny("the Engine Room and business unit choose what is shared, the business unit with whom")
	}
	// The e-bulletin is the business unit's to compose and send.
	if a == ManageBulletins {
		if s.Roles.Has(BusinessUnit) {
			return allow()
		}
		return deny("bulletins are composed and sent by the business unit")
	}
	// The pooled budget: the business unit drafts it, the Executive approves it, and those who
	// oversee the partnership read it.
	switch a {
	case ViewBudget, DraftBudget, ApproveBudget:
		switch {
		case a == DraftBudget && s.Roles.Has(BusinessUnit):
			return allow()
		case a == ApproveBudget && s.Roles.Has(Executive):
			return allow()
		case a == ViewBudget && s.Roles&(Roles(BusinessUnit)|Roles(Executive)|Roles(EngineRoom)|Roles(Scrutiny)) != 0:
			return allow()
		}
		return deny("the budget is drafted by the business unit, approved by the Executive, and read by the Engine Room and scrutiny")
	}
	if !admin && s.PartnershipID != o.PartnershipID {
		return deny("another partnership's record")
	}
	switch a {
	case ViewHome, ViewDirectory:
		if admin || s.Roles.Has(Practitioner) {
			return allow()
		}
		return deny("not a member of the partnership")
	case ManageOrganisation, ManageBody, ManageUser, ViewAudit, ManagePartnership:
		if a == ManageUser && o.OwnerID != 0 && o.OwnerID == s.UserID {
			// Nobody approves, disables or enables their own account: another officer must.
			return deny("may not change the status of their own account")
		}
		if admin || s.Roles.Has(BusinessUnit) {
			return allow()
		}
		return deny("only the business unit administers the partnership")
	}
	return deny("no rule for " + string(a))
}
