package access_test

import (
	"testing"

	"github.com/scp-portal/portal/internal/access"
)

// member is a practitioner of partnership p (id is the person) with the further roles given.
func member(id, p int64, roles ...access.Role) access.Subject {
	return memberOf(id, p, 0, roles...)
}

// memberOf is a member of partnership p who works for organisation org.
func memberOf(id, p, org int64, roles ...access.Role) access.Subject {
	rs := access.Roles(0).With(access.Practitioner)
	for _, r := range roles {
		rs = rs.With(r)
	}
	return access.Subject{UserID: id, PartnershipID: p, OrganisationID: org, Roles: rs}
}

// policyCase is one question put to the policy and the answer expected.
type policyCase struct {
	name   string
	s      access.Subject
	a      access.Action
	o      access.Object
	allows bool
}

// checkPolicy puts each case to the policy; a refusal must also say why, for the audit log.
func checkPolicy(t *testing.T, cases []policyCase) {
	t.Helper()
	for _, c := range cases {
		d := access.Decide(c.s, c.a, c.o)
		if d.Allowed != c.allows {
			t.Errorf("%s: %v", c.name, d)
		}
		if !d.Allowed && d.Reason == "" {
			t.Errorf("%s: refused without a reason", c.name)
		}
	}
}

// The policy tests' partnerships, HSSCP and South Tees, and an object of HSSCP's with no owner.
const hsscp, stscp = 1, 2

var own = access.Object{PartnershipID: hsscp}

func TestDecide(t *testing.T) {
	var (
		anon         = access.Subject{}
		practitioner = access.Subject{UserID: 10, PartnershipID: hsscp, Roles: access.Roles(0).With(access.Practitioner)}
		engineRoom   = access.Subject{UserID: 11, PartnershipID: hsscp, Roles: access.Roles(0).With(access.Practitioner).With(access.EngineRoom)}
		business     = access.Subject{UserID: 12, PartnershipID: hsscp, Roles: access.Roles(0).With(access.Practitioner).With(access.BusinessUnit)}
		otherBU      = access.Subject{UserID: 13, PartnershipID: stscp, Roles: access.Roles(0).With(access.Practitioner).With(access.BusinessUnit)}
		sysadmin     = access.Subject{UserID: 14, Roles: access.Roles(0).With(access.SystemAdmin)}
		friend       = access.Subject{UserID: 15, PartnershipID: hsscp, Roles: access.Roles(0).With(access.Practitioner).With(access.CriticalFriend)}
		executive    = access.Subject{UserID: 16, PartnershipID: hsscp, Roles: access.Roles(0).With(access.Practitioner).With(access.Executive)}
		scrutineer   = access.Subject{UserID: 17, PartnershipID: hsscp, Roles: access.Roles(0).With(access.Practitioner).With(access.Scrutiny)}
	)
	cases := []policyCase{
		{"anyone reads public pages", anon, access.ViewPublic, own, true},
		{"someone not signed in has no home", anon, access.ViewHome, own, false},
		{"a practitioner has a home", practitioner, access.ViewHome, own, true},
		{"a practitioner sees the directory", practitioner, access.ViewDirectory, own, true},
		{"a practitioner does not administer", practitioner, access.ManageUser, own, false},
		{"the Engine Room does not administer", engineRoom, access.ManageOrganisation, own, false},
		{"the business unit administers", business, access.ManageBody, own, true},
		{"the business unit reads the audit log", business, access.ViewAudit, own, true},
		{"another partnership's business unit does not", otherBU, access.ViewAudit, own, false},
		{"another partnership's members see no home", otherBU, access.ViewHome, own, false},
		{"the system administrator administers any partnership", sysadmin, access.ManageUser, own, true},
		{"the business unit changes another person's account", business, access.ManageUser, access.Object{PartnershipID: own.PartnershipID, OwnerID: business.UserID + 1}, true},
		{"but never its own", business, access.ManageUser, access.Object{PartnershipID: own.PartnershipID, OwnerID: business.UserID}, false},
		{"a person manages their own account", practitioner, access.ManageOwnAccount, access.Object{OwnerID: 10}, true},
		{"not someone else's", practitioner, access.ManageOwnAccount, access.Object{OwnerID: 11}, false},
		// Ending a membership of a partnership (issue #14): one's own, or anyone's by its business unit.
		{"a member leaves their partnership", practitioner, access.EndMembership, access.Object{PartnershipID: hsscp, OwnerID: 10}, true},
		{"but does not end someone else's membership", practitioner, access.EndMembership, access.Object{PartnershipID: hsscp, OwnerID: 11}, false},
		{"nor leave a partnership they are not in", practitioner, access.EndMembership, access.Object{PartnershipID: stscp, OwnerID: 10}, false},
		{"the business unit ends anyone's membership", business, access.EndMembership, access.Object{PartnershipID: hsscp, OwnerID: 10}, true},
		{"but not of another partnership", otherBU, access.EndMembership, access.Object{PartnershipID: hsscp, OwnerID: 10}, false},
		{"the Engine Room ends no one's", engineRoom, access.EndMembership, access.Object{PartnershipID: hsscp, OwnerID: 10}, false},
		{"the system administrator ends anyone's", sysadmin, access.EndMembership, access.Object{PartnershipID: hsscp, OwnerID: 10}, true},
		{"someone in two partnerships leaves the one they are not working in", access.Subject{UserID: 20, PartnershipID: hsscp,
			Roles: access.Roles(0).With(access.Practitioner), Partnerships: []access.Membership{{PartnershipID: hsscp, Roles: access.Roles(0).With(access.Practitioner)},
				{PartnershipID: stscp, Roles: access.Roles(0).With(access.Practitioner)}}}, access.EndMembership, access.Object{PartnershipID: stscp, OwnerID: 20}, true},
		{"an unknown action is refused", business, access.Action("something.new"), own, false},
		{"the Engine Room lists every commission", engineRoom, access.ListCommissions, own, true},
		{"a critical friend lists their own commissions", friend, access.ListCommissions, access.Object{PartnershipID: hsscp, OwnerID: 15}, true},
		{"not every commission", friend, access.ListCommissions, own, false},
		{"nor another friend's", friend, access.ListCommissions, access.Object{PartnershipID: hsscp, OwnerID: 16}, false},
		{"a practitioner lists no commissions, not even their own", practitioner, access.ListCommissions, access.Object{PartnershipID: hsscp, OwnerID: 10}, false},
		// The rapid-review register without its content (feat-exechome).
		{"the Executive reads the register of rapid reviews", executive, access.ViewReviewRegister, own, true},
		{"but not a rapid review itself", executive, access.ViewReview, own, false},
		{"the Engine Room reads the register", engineRoom, access.ViewReviewRegister, own, true},
		{"a practitioner does not", practitioner, access.ViewReviewRegister, own, false},
		{"nor another partnership's business unit", otherBU, access.ViewReviewRegister, own, false},
		// Reports (internal/reports).
		{"the Engine Room writes reports", engineRoom, access.WriteReport, own, true},
		{"the business unit writes reports", business, access.WriteReport, own, true},
		{"the Executive reads reports", executive, access.ViewReport, own, true},
		{"but does not write them", executive, access.WriteReport, own, false},
		{"scrutiny reads reports", scrutineer, access.ViewReport, own, true},
		{"a practitioner does not read reports", practitioner, access.ViewReport, own, false},
		{"nor does a critical friend", friend, access.ViewReport, own, false},
		{"another partnership's business unit does not", otherBU, access.ViewReport, own, false},
		{"nor the system administrator", sysadmin, access.ViewReport, own, false},
		{"the business unit manages documents", business, access.ManageDocuments, own, true},
		{"the Engine Room does not", engineRoom, access.ManageDocuments, own, false},
		{"the Engine Room reads drafts", engineRoom, access.ViewDocumentDrafts, own, true},
		{"a practitioner does not", practitioner, access.ViewDocumentDrafts, own, false},
		{"another partnership's business unit reads no drafts", otherBU, access.ViewDocumentDrafts, own, false},
		{"the public reads no drafts", anon, access.ViewDocumentDrafts, own, false},
		{"a lead representative or delegate signs", practitioner, access.SignOff, access.Object{PartnershipID: hsscp, Participants: []int64{10}}, true},
		{"and reads what they sign", practitioner, access.ViewDocumentDrafts, access.Object{PartnershipID: hsscp, Participants: []int64{10}}, true},
		{"nobody else signs, the business unit included", business, access.SignOff, access.Object{PartnershipID: hsscp, Participants: []int64{10}}, false},
		{"a member sees what awaits their sign-off", practitioner, access.ViewSignOffs, own, true},
		{"the system administrator signs nothing", sysadmin, access.SignOff, access.Object{PartnershipID: hsscp, Participants: []int64{14}}, false},
		// The yearly report (internal/reports).
		{"the business unit writes the yearly report", business, access.WriteYearlyReport, own, true},
		{"the Engine Room does not", engineRoom, access.WriteYearlyReport, own, false},
		{"nor does scrutiny, but for its section", scrutineer, access.WriteYearlyReport, own, false},
		{"scrutiny writes its section", scrutineer, access.WriteScrutiny, own, true},
		{"the business unit does not write scrutiny's section", business, access.WriteScrutiny, own, false},
		{"another partnership's business unit does not write the yearly report", otherBU, access.WriteYearlyReport, own, false},
		// Onboarding (internal/onboarding).
		{"the system administrator creates partnerships", sysadmin, access.CreatePartnership, access.Object{}, true},
		{"a business unit does not", business, access.CreatePartnership, access.Object{}, false},
		{"nobody signed out does", anon, access.CreatePartnership, access.Object{}, false},
		{"the business unit imports its directory", business, access.ImportDirectory, own, true},
		{"the system administrator imports a partnership's directory", sysadmin, access.ImportDirectory, own, true},
		{"another partnership's business unit does not", otherBU, access.ImportDirectory, own, false},
		{"the Engine Room does not", engineRoom, access.ImportDirectory, own, false},
	}
	checkPolicy(t, cases)
}

func TestRolesString(t *testing.T) {
	rs := access.Roles(0).With(access.Practitioner).With(access.Executive)
	if got := rs.String(); got != "practitioner, Executive member" {
		t.Errorf("String() = %q", got)
	}
}

func TestRequestsAreNeedToKnow(t *testing.T) {
	writer, colleague := member(1, hsscp), member(2, hsscp)
	engineRoom, scrutineer, executive := member(3, hsscp, access.EngineRoom), member(4, hsscp, access.Scrutiny), member(5, hsscp, access.Executive)
	otherER := member(6, stscp, access.EngineRoom)
	admin := access.Subject{UserID: 7, Roles: access.Roles(0).With(access.SystemAdmin)}
	req := access.Object{PartnershipID: hsscp, OwnerID: 1}
	cases := []struct {
		name   string
		s      access.Subject
		a      access.Action
		allows bool
	}{
		{"the writer reads their request", writer, access.ViewRequest, true},
		{"a colleague does not", colleague, access.ViewRequest, false},
		{"the Engine Room reads it", engineRoom, access.ViewRequest, true},
		{"independent scrutiny reads it", scrutineer, access.ViewRequest, true},
		{"the Executive does not", executive, access.ViewRequest, false},
		{"another partnership's Engine Room does not", otherER, access.ViewRequest, false},
		{"the system administrator does not", admin, access.ViewRequest, false},
		{"scrutiny sees the inbox", scrutineer, access.ViewInbox, true},
		{"but does not move requests on", scrutineer, access.ManageRequest, false},
		{"the Engine Room moves requests on", engineRoom, access.ManageRequest, true},
		{"any member may submit", colleague, access.SubmitRequest, true},
		{"the system administrator may not", admin, access.SubmitRequest, false},
	}
	for _, c := range cases {
		if d := access.Decide(c.s, c.a, req); d.Allowed != c.allows {
			t.Errorf("%s: %v", c.name, d)
		}
	}

	// A draft, with its documents, is its writer's alone; only its writer changes, sends or
	// withdraws a request.
	draft := access.Object{PartnershipID: hsscp, OwnerID: 1, Draft: true}
	drafts := []struct {
		name   string
		s      access.Subject
		a      access.Action
		o      access.Object
		allows bool
		reason string
	}{
		{"the writer reads their draft", writer, access.ViewRequest, draft, true, ""},
		{"the Engine Room does not read a draft", engineRoom, access.ViewRequest, draft, false, "a draft is its writer's alone"},
		{"nor does independent scrutiny", scrutineer, access.ViewRequest, draft, false, "a draft is its writer's alone"},
		{"the writer changes their draft", writer, access.ChangeRequest, draft, true, ""},
		{"a colleague does not", colleague, access.ChangeRequest, draft, false, "not their own request"},
		{"the writer withdraws their sent request", writer, access.ChangeRequest, req, true, ""},
		{"the Engine Room does not withdraw it", engineRoom, access.ChangeRequest, req, false, "not their own request"},
		{"nor does another partnership's writer", member(1, stscp), access.ChangeRequest, req, false, "not a member of the partnership"},
	}
	for _, c := range drafts {
		d := access.Decide(c.s, c.a, c.o)
		if d.Allowed != c.allows || d.Reason != c.reason {
			t.Errorf("%s: %v; want allowed %v, reason %q", c.name, d, c.allows, c.reason)
		}
	}
}

// A body's meetings are for its members (the body's current members, as Object.Participants), the
// business unit who plan every body's meetings, and independent scrutiny who read them; the owner
// of an action may mark it done.
func TestBodyMeetings(t *testing.T) {
	executive, engineRoom := member(1, hsscp, access.Executive), member(2, hsscp, access.EngineRoom)
	business, scrutineer := member(3, hsscp, access.BusinessUnit), member(4, hsscp, access.Scrutiny)
	owner, otherBU := member(5, hsscp), member(6, stscp, access.BusinessUnit)
	admin := access.Subject{UserID: 7, Roles: access.Roles(0).With(access.SystemAdmin)}
	theExecutive := access.Object{PartnershipID: hsscp, Participants: []int64{1}}
	action := access.Object{PartnershipID: hsscp, Participants: []int64{1}, OwnerID: 5}
	cases := []policyCase{
		{"a member reads the body's meetings", executive, access.ViewMeetings, theExecutive, true},
		{"a member plans them", executive, access.ManageMeetings, theExecutive, true},
		{"a member sees confidential items", executive, access.ViewConfidential, theExecutive, true},
		{"another body's member does not read them", engineRoom, access.ViewMeetings, theExecutive, false},
		{"nor sees confidential items", engineRoom, access.ViewConfidential, theExecutive, false},
		{"the business unit plans every body's meetings", business, access.ManageMeetings, theExecutive, true},
		{"and sees confidential items", business, access.ViewConfidential, theExecutive, true},
		{"independent scrutiny reads them", scrutineer, access.ViewMeetings, theExecutive, true},
		{"and their confidential items", scrutineer, access.ViewConfidential, theExecutive, true},
		{"but does not plan them", scrutineer, access.ManageMeetings, theExecutive, false},
		{"nor marks actions done", scrutineer, access.CompleteAction, action, false},
		{"an action's owner marks it done", owner, access.CompleteAction, action, true},
		{"but does not read the meetings of a body they are not on", owner, access.ViewMeetings, action, false},
		{"a member marks any action of the body done", executive, access.CompleteAction, action, true},
		{"another partnership's business unit does not read them", otherBU, access.ViewMeetings, theExecutive, false},
		{"nor does the system administrator", admin, access.ViewMeetings, theExecutive, false},
	}
	checkPolicy(t, cases)
}

// Challenges are raised by the Executive and scrutiny, answered only by the partner addressed
// (its Executive or Engine Room members) or, for the Engine Room, by any of its members, and
// closed by whoever raised them or any Executive member.
func TestChallengesAreAnsweredByThoseAddressed(t *testing.T) {
	const police, council = 30, 31
	executive, scrutineer := memberOf(1, hsscp, council, access.Executive), memberOf(2, hsscp, 0, access.Scrutiny)
	policeDelegate, policeOfficer := memberOf(3, hsscp, police, access.EngineRoom), memberOf(4, hsscp, police)
	councilDelegate, business := memberOf(5, hsscp, council, access.EngineRoom), memberOf(6, hsscp, 0, access.BusinessUnit)
	otherExecutive := memberOf(7, stscp, police, access.Executive)
	toPolice := access.Object{PartnershipID: hsscp, OwnerID: 2, Organisations: []int64{police}}
	toEngineRoom := access.Object{PartnershipID: hsscp, OwnerID: 2}
	cases := []policyCase{
		{"the Executive raises a challenge", executive, access.RaiseChallenge, toPolice, true},
		{"so does independent scrutiny", scrutineer, access.RaiseChallenge, toPolice, true},
		{"the Engine Room does not", policeDelegate, access.RaiseChallenge, toPolice, false},
		{"another partnership's Executive does not", otherExecutive, access.RaiseChallenge, toPolice, false},
		{"the business unit reads the log", business, access.ViewChallenges, toPolice, true},
		{"a practitioner does not", policeOfficer, access.ViewChallenges, toPolice, false},
		{"the police delegate answers for the police", policeDelegate, access.RespondToChallenge, toPolice, true},
		{"a police officer in no body does not", policeOfficer, access.RespondToChallenge, toPolice, false},
		{"the council's delegate does not answer for the police", councilDelegate, access.RespondToChallenge, toPolice, false},
		{"another partnership's police Executive does not", otherExecutive, access.RespondToChallenge, toPolice, false},
		{"any Engine Room member answers for the Engine Room", councilDelegate, access.RespondToChallenge, toEngineRoom, true},
		{"the Executive does not answer for the Engine Room", executive, access.RespondToChallenge, toEngineRoom, false},
		{"the challenger closes their challenge", scrutineer, access.CloseChallenge, toPolice, true},
		{"any Executive member closes it", executive, access.CloseChallenge, toPolice, true},
		{"the one who answered does not", policeDelegate, access.CloseChallenge, toPolice, false},
		{"the Executive proposes a line of enquiry", executive, access.ProposeEnquiry, toEngineRoom, true},
		{"independent scrutiny does not", scrutineer, access.ProposeEnquiry, toEngineRoom, false},
	}
	checkPolicy(t, cases)
}

// A disagreement between agencies is read by the one who recorded it, the representatives of the
// agencies in it and those who oversee disputes; only the business unit and Engine Room move it on.
func TestDisputesAreNeedToKnow(t *testing.T) {
	const police, council, school = 30, 31, 32
	recorder, colleague := memberOf(1, hsscp, school), memberOf(2, hsscp, school)
	policeLead, schoolLead := memberOf(3, hsscp, police, access.Executive), memberOf(4, hsscp, council, access.Executive)
	business, scrutineer, other := memberOf(5, hsscp, 0, access.BusinessUnit), memberOf(6, hsscp, 0, access.Scrutiny), memberOf(7, stscp, police, access.EngineRoom)
	d := access.Object{PartnershipID: hsscp, OwnerID: 1, Organisations: []int64{school, police}}
	cases := []policyCase{
		{"any member records one", colleague, access.RecordDispute, d, true},
		{"another partnership's member does not", other, access.RecordDispute, d, false},
		{"the recorder reads it", recorder, access.ViewDispute, d, true},
		{"a colleague at the same agency does not", colleague, access.ViewDispute, d, false},
		{"the police lead representative reads it", policeLead, access.ViewDispute, d, true},
		{"an Executive member of an agency not in it does not", schoolLead, access.ViewDispute, d, false},
		{"independent scrutiny reads it", scrutineer, access.ViewDispute, d, true},
		{"but does not move it on", scrutineer, access.ManageDispute, d, false},
		{"the business unit moves it on", business, access.ManageDispute, d, true},
		{"the recorder does not", recorder, access.ManageDispute, d, false},
		{"the business unit lists every dispute", business, access.ListDisputes, access.Object{PartnershipID: hsscp}, true},
		{"a practitioner lists their own", colleague, access.ListDisputes, access.Object{PartnershipID: hsscp, OwnerID: 2}, true},
		{"not everyone's", colleague, access.ListDisputes, access.Object{PartnershipID: hsscp}, false},
	}
	checkPolicy(t, cases)
}

// The Executive's approvals: a rapid review is read and signed by those who sign for the partners
// it is put to, and a local CSPR's publication is the Executive's to approve.
func TestExecutiveApprovals(t *testing.T) {
	lead, otherLead, engineRoom := member(1, hsscp, access.Executive), member(2, hsscp, access.Executive), member(3, hsscp, access.EngineRoom)
	stLead, scrutineer := member(1, stscp, access.Executive), member(4, hsscp, access.Scrutiny)
	put := access.Object{PartnershipID: hsscp, Participants: []int64{1}}
	cases := []policyCase{
		{"a lead representative reads a rapid review put to their partner", lead, access.ViewReview, put, true},
		{"and signs it", lead, access.SignOff, put, true},
		{"another Executive member does not read it", otherLead, access.ViewReview, put, false},
		{"nor sign it", otherLead, access.SignOff, put, false},
		{"nor does a lead of another partnership with the same id", stLead, access.ViewReview, put, false},
		{"the Engine Room puts it to the partners", engineRoom, access.ManageReview, put, true},
		{"the Executive approves a local CSPR's publication", otherLead, access.ApprovePublication, put, true},
		{"the Engine Room does not", engineRoom, access.ApprovePublication, put, false},
		{"nor does independent scrutiny", scrutineer, access.ApprovePublication, put, false},
		{"nor another partnership's Executive", stLead, access.ApprovePublication, put, false},
	}
	checkPolicy(t, cases)
}

// The retention schedule is proposed by the business unit and approved by the Executive; legal
// holds and subject access exports are the business unit's; nobody of another partnership touches
// either; a practitioner deletes only their own draft.
func TestRetentionIsTheBusinessUnitsAndTheExecutivesApproval(t *testing.T) {
	business, executive, scrutineer := member(1, hsscp, access.BusinessUnit), member(2, hsscp, access.Executive), member(3, hsscp, access.Scrutiny)
	engineRoom, practitioner, otherBU := member(4, hsscp, access.EngineRoom), member(5, hsscp), member(6, stscp, access.BusinessUnit, access.Executive)
	sysadmin := access.Subject{UserID: 7, Roles: access.Roles(0).With(access.SystemAdmin)}
	cases := []policyCase{
		{"the business unit proposes a period", business, access.ProposeRetention, own, true},
		{"but does not approve it", business, access.ApproveRetention, own, false},
		{"the Executive approves", executive, access.ApproveRetention, own, true},
		{"but does not propose or place holds", executive, access.ProposeRetention, own, false},
		{"the Executive reads the schedule", executive, access.ViewRetention, own, true},
		{"independent scrutiny reads it", scrutineer, access.ViewRetention, own, true},
		{"the Engine Room does not", engineRoom, access.ViewRetention, own, false},
		{"a practitioner does not", practitioner, access.ViewRetention, own, false},
		{"the business unit exports a person's data", business, access.ExportSubjectData, own, true},
		{"the Executive does not", executive, access.ExportSubjectData, own, false},
		{"another partnership's business unit does not read it", otherBU, access.ViewRetention, own, false},
		{"nor approve", otherBU, access.ApproveRetention, own, false},
		{"the system administrator does not", sysadmin, access.ProposeRetention, own, false},
		{"a practitioner deletes their own draft", practitioner, access.ChangeRequest, access.Object{PartnershipID: hsscp, OwnerID: 5, Draft: true}, true},
		{"not someone else's", business, access.ChangeRequest, access.Object{PartnershipID: hsscp, OwnerID: 5, Draft: true}, false},
	}
	checkPolicy(t, cases)
}

// Independent scrutiny writes its own reports and reads everything, but changes no operational
// record; the partners read its reports once issued, never its drafts.
func TestScrutinyReadsEverythingAndChangesNothing(t *testing.T) {
	scrutineer, executive, engineRoom := member(1, hsscp, access.Scrutiny), member(2, hsscp, access.Executive), member(3, hsscp, access.EngineRoom)
	business, practitioner, otherScrutineer := member(4, hsscp, access.BusinessUnit), member(5, hsscp), member(6, stscp, access.Scrutiny)
	issued, draft := access.Object{PartnershipID: hsscp}, access.Object{PartnershipID: hsscp, Draft: true}
	cases := []policyCase{
		{"the scrutineer writes a report", scrutineer, access.WriteScrutinyReport, draft, true},
		{"and reads its draft", scrutineer, access.ViewScrutinyReports, draft, true},
		{"the Executive reads an issued report", executive, access.ViewScrutinyReports, issued, true},
		{"but not a draft", executive, access.ViewScrutinyReports, draft, false},
		{"nor writes one", executive, access.WriteScrutinyReport, draft, false},
		{"the Engine Room reads an issued report", engineRoom, access.ViewScrutinyReports, issued, true},
		{"the business unit reads an issued report", business, access.ViewScrutinyReports, issued, true},
		{"but does not write one", business, access.WriteScrutinyReport, draft, false},
		{"a practitioner does not read them", practitioner, access.ViewScrutinyReports, issued, false},
		{"another partnership's scrutineer does not", otherScrutineer, access.ViewScrutinyReports, issued, false},
		{"nor writes one here", otherScrutineer, access.WriteScrutinyReport, draft, false},
	}
	// What the scrutineer reads, and the operational records it must not change.
	for _, a := range []access.Action{access.ViewLearning, access.ViewInbox, access.ViewReview, access.ViewLocalReview,
		access.ViewReviewRegister, access.ViewMeetings, access.ViewReport, access.ViewDocumentDrafts, access.ListDisputes, access.ViewRetention} {
		cases = append(cases, struct {
			name   string
			s      access.Subject
			a      access.Action
			o      access.Object
			allows bool
		}{"the scrutineer reads " + string(a), scrutineer, a, issued, true})
	}
	for _, a := range []access.Action{access.ManageLearning, access.WorkOnCommission, access.ManageRequest, access.ManageReview,
		access.ApproveReviewer, access.ApprovePublication, access.ManageMeetings, access.WriteReport, access.WriteYearlyReport,
		access.ManageDocuments, access.ManageDispute, access.ProposeRetention, access.ApproveRetention, access.ManageBody, access.ManageUser} {
		cases = append(cases, struct {
			name   string
			s      access.Subject
			a      access.Action
			o      access.Object
			allows bool
		}{"the scrutineer does not " + string(a), scrutineer, a, issued, false})
	}
	checkPolicy(t, cases)
}

// Self-assessment audits: the business unit runs them, those who oversee assurance read them,
// and each return is completed by its organisation's named lead alone; practitioners and the
// other partnership see nothing.
func TestAssuranceIsRunByTheBusinessUnitAndCompletedByEachLead(t *testing.T) {
	const police, council = 30, 31
	business, engineRoom, executive := member(1, hsscp, access.BusinessUnit), member(2, hsscp, access.EngineRoom), member(3, hsscp, access.Executive)
	scrutineer, practitioner, friend := member(4, hsscp, access.Scrutiny), member(5, hsscp), member(6, hsscp, access.CriticalFriend)
	lead, otherBU := memberOf(7, hsscp, police), member(8, stscp, access.BusinessUnit)
	movedOn := memberOf(7, hsscp, council) // the lead, now at another organisation
	policeReturn := access.Object{PartnershipID: hsscp, OwnerID: 7, Organisations: []int64{police}}
	cases := []policyCase{
		{"the business unit manages frameworks and rounds", business, access.ManageAssurance, own, true},
		{"and reads them", business, access.ViewAssurance, own, true},
		{"the Engine Room reads them", engineRoom, access.ViewAssurance, own, true},
		{"but does not manage them", engineRoom, access.ManageAssurance, own, false},
		{"the Executive reads them", executive, access.ViewAssurance, own, true},
		{"scrutiny reads them", scrutineer, access.ViewAssurance, own, true},
		{"and every return", scrutineer, access.ViewReturn, policeReturn, true},
		{"but completes none", scrutineer, access.CompleteReturn, policeReturn, false},
		{"a practitioner reads no round", practitioner, access.ViewAssurance, own, false},
		{"nor another's return", practitioner, access.ViewReturn, policeReturn, false},
		{"a critical friend reads no round", friend, access.ViewAssurance, own, false},
		{"the lead completes their organisation's return", lead, access.CompleteReturn, policeReturn, true},
		{"and reads it", lead, access.ViewReturn, policeReturn, true},
		{"but reads no round", lead, access.ViewAssurance, own, false},
		{"nor completes it once at another organisation", movedOn, access.CompleteReturn, policeReturn, false},
		{"the business unit does not complete a return", business, access.CompleteReturn, policeReturn, false},
		{"anyone lists the returns they lead", practitioner, access.ViewOwnReturns, own, true},
		{"the other partnership's business unit does not read them", otherBU, access.ViewAssurance, own, false},
		{"nor manages them", otherBU, access.ManageAssurance, own, false},
		{"the Executive challenges a rating", executive, access.ChallengeRating, policeReturn, true},
		{"scrutiny challenges a rating", scrutineer, access.ChallengeRating, policeReturn, true},
		{"the lead does not challenge their own", lead, access.ChallengeRating, policeReturn, false},
		{"nor does a practitioner", practitioner, access.ChallengeRating, policeReturn, false},
		{"a lead in the Engine Room does not challenge their own", memberOf(7, hsscp, police, access.EngineRoom), access.ChallengeRating, policeReturn, false},
	}
	checkPolicy(t, cases)
}

// Multi-agency case audits: the Engine Room plans and moderates them, their auditors grade them,
// those who oversee assurance read them; which case was sampled (its reference) is read by its
// auditors and the Engine Room alone, never by a practitioner or the other partnership.
func TestCaseAuditReferencesAreNeedToKnow(t *testing.T) {
	engineRoom, executive, business := member(1, hsscp, access.EngineRoom), member(2, hsscp, access.Executive), member(3, hsscp, access.BusinessUnit)
	scrutineer, practitioner, auditor := member(4, hsscp, access.Scrutiny), member(5, hsscp), member(6, hsscp)
	otherEngineRoom, otherAuditor := member(7, stscp, access.EngineRoom), member(6, stscp)
	all := access.Object{PartnershipID: hsscp}
	audit := access.Object{PartnershipID: hsscp, Participants: []int64{6}}
	cases := []policyCase{
		{"the Engine Room plans and moderates", engineRoom, access.ManageCaseAudit, audit, true},
		{"and reads the case references", engineRoom, access.ViewCaseReferences, audit, true},
		{"but grades only as an auditor", engineRoom, access.GradeCaseAudit, audit, false},
		{"an auditor grades", auditor, access.GradeCaseAudit, audit, true},
		{"and reads the case references", auditor, access.ViewCaseReferences, audit, true},
		{"and the audit", auditor, access.ViewCaseAudit, audit, true},
		{"and lists the audits they are on", auditor, access.ListCaseAudits, access.Object{PartnershipID: hsscp, OwnerID: 6}, true},
		{"but not every audit", auditor, access.ListCaseAudits, all, false},
		{"nor moderates", auditor, access.ManageCaseAudit, audit, false},
		{"the Executive reads the audit", executive, access.ViewCaseAudit, audit, true},
		{"but not the case references", executive, access.ViewCaseReferences, audit, false},
		{"the business unit lists audits", business, access.ListCaseAudits, all, true},
		{"but neither plans them", business, access.ManageCaseAudit, audit, false},
		{"nor reads the case references", business, access.ViewCaseReferences, audit, false},
		{"scrutiny reads the audit", scrutineer, access.ViewCaseAudit, audit, true},
		{"but not the case references", scrutineer, access.ViewCaseReferences, audit, false},
		{"a practitioner reads no audit", practitioner, access.ViewCaseAudit, audit, false},
		{"nor its case references", practitioner, access.ViewCaseReferences, audit, false},
		{"nor grades", practitioner, access.GradeCaseAudit, audit, false},
		{"the other partnership's Engine Room reads no case reference", otherEngineRoom, access.ViewCaseReferences, audit, false},
		{"nor plans", otherEngineRoom, access.ManageCaseAudit, audit, false},
		{"nor does a person there with the auditor's id", otherAuditor, access.ViewCaseReferences, audit, false},
	}
	checkPolicy(t, cases)
}

func TestTrainingIsRunByTheBusinessUnitAndBookedByAnyMember(t *testing.T) {
	business, engineRoom, executive := member(1, hsscp, access.BusinessUnit), member(2, hsscp, access.EngineRoom), member(3, hsscp, access.Executive)
	practitioner, other, otherBU := member(5, hsscp), member(6, hsscp), member(8, stscp, access.BusinessUnit)
	booking := access.Object{PartnershipID: hsscp, OwnerID: 5}
	checkPolicy(t, []policyCase{
		{"a practitioner books a place", practitioner, access.BookTraining, own, true},
		{"and evaluates their own booking", practitioner, access.BookTraining, booking, true},
		{"but not another's", other, access.BookTraining, booking, false},
		{"nor does the business unit", business, access.BookTraining, booking, false},
		{"a practitioner reads no session's bookings", practitioner, access.ViewTraining, own, false},
		{"the business unit runs the programme", business, access.ManageTraining, own, true},
		{"the Engine Room reads it", engineRoom, access.ViewTraining, own, true},
		{"but does not run it", engineRoom, access.ManageTraining, own, false},
		{"the Executive reads it", executive, access.ViewTraining, own, true},
		{"another partnership's business unit does not run it", otherBU, access.ManageTraining, own, false},
		{"nor books a place in it", otherBU, access.BookTraining, own, false},
		{"the Engine Room moves on and closes a training need", engineRoom, access.MoveTrainingNeed, own, true},
		{"so does the business unit", business, access.MoveTrainingNeed, own, true},
		{"the Executive reads training needs but does not move them", executive, access.MoveTrainingNeed, own, false},
		{"nor does a practitioner", practitioner, access.MoveTrainingNeed, own, false},
		{"nor another partnership's business unit", otherBU, access.MoveTrainingNeed, own, false},
		{"nor another partnership's Engine Room", member(9, stscp, access.EngineRoom), access.MoveTrainingNeed, own, false},
	})
}

// TestOnePersonWorksInEachOfTheirPartnerships: a police lead on hsscp's Executive and stscp's
// Engine Room has, on each partnership's pages, that partnership's roles and organisation only.
func TestOnePersonWorksInEachOfTheirPartnerships(t *testing.T) {
	const dorset = 3
	lead := access.Subject{UserID: 30, Partnerships: []access.Membership{
		{PartnershipID: hsscp, Slug: "hsscp", OrganisationID: 7, Roles: access.Roles(access.Practitioner).With(access.Executive)},
		{PartnershipID: stscp, Slug: "stscp", OrganisationID: 8, Roles: access.Roles(access.Practitioner).With(access.EngineRoom)},
	}}
	inH, inS, inD := lead.In(hsscp), lead.In(stscp), lead.In(hsscp).In(dorset)
	if inS.PartnershipSlug != "stscp" || inS.OrganisationID != 8 || inH.OrganisationID != 7 {
		t.Errorf("in stscp: %+v; in hsscp: %+v", inS, inH)
	}
	checkPolicy(t, []policyCase{
		{"the Executive's in hsscp", inH, access.ProposeEnquiry, access.Object{PartnershipID: hsscp}, true},
		{"not the Executive's in stscp", inS, access.ProposeEnquiry, access.Object{PartnershipID: stscp}, false},
		{"the Engine Room's in stscp", inS, access.ManageLearning, access.Object{PartnershipID: stscp}, true},
		{"not the Engine Room's in hsscp", inH, access.ManageLearning, access.Object{PartnershipID: hsscp}, false},
		{"hsscp's roles do not reach stscp's records", inH, access.ViewLearning, access.Object{PartnershipID: stscp}, false},
		{"nor a partnership they are not in", inD, access.ViewHome, access.Object{PartnershipID: dorset}, false},
		{"a partnership they are not in reads nothing shared", inD, access.ViewShared, access.Object{PartnershipID: dorset}, false},
	})
	admin := access.Subject{UserID: 31, Roles: access.Roles(access.SystemAdmin), Partnerships: lead.Partnerships}
	if !admin.In(stscp).Roles.Has(access.SystemAdmin) || !admin.In(stscp).Roles.Has(access.EngineRoom) {
		t.Error("a system administrator who is a member somewhere stays one there")
	}
}

func TestSharingIsChosenByTheEngineRoomAndAgreedByTheBusinessUnit(t *testing.T) {
	checkPolicy(t, []policyCase{
		{"a practitioner reads what is shared with their partnership", member(1, hsscp), access.ViewShared, own, true},
		{"not as another partnership's member", member(2, stscp, access.BusinessUnit), access.ViewShared, own, false},
		{"nor the system administrator", access.Subject{UserID: 3, Roles: access.Roles(access.SystemAdmin)}, access.ViewShared, own, false},
		{"the Engine Room shares a record", member(4, hsscp, access.EngineRoom), access.ShareRecord, own, true},
		{"the business unit shares a record", member(5, hsscp, access.BusinessUnit), access.ShareRecord, own, true},
		{"the Executive does not", member(6, hsscp, access.Executive), access.ShareRecord, own, false},
		{"the business unit agrees with a partnership", member(5, hsscp, access.BusinessUnit), access.AgreeSharing, own, true},
		{"the Engine Room does not", member(4, hsscp, access.EngineRoom), access.AgreeSharing, own, false},
		{"nor another partnership's business unit", member(2, stscp, access.BusinessUnit), access.AgreeSharing, own, false},
	})
}

// The e-bulletin is composed and sent by the business unit; the pooled budget is drafted by the
// business unit, approved by the Executive and read by those who oversee the partnership.
func TestBulletinsAndTheBudget(t *testing.T) {
	business := memberOf(1, hsscp, 0, access.BusinessUnit)
	executive := memberOf(2, hsscp, 0, access.Executive)
	engineRoom := memberOf(3, hsscp, 0, access.EngineRoom)
	scrutineer := memberOf(4, hsscp, 0, access.Scrutiny)
	practitioner := memberOf(5, hsscp, 0)
	otherBU := memberOf(6, stscp, 0, access.BusinessUnit)
	checkPolicy(t, []policyCase{
		{"the business unit sends bulletins", business, access.ManageBulletins, own, true},
		{"the Executive does not", executive, access.ManageBulletins, own, false},
		{"nor a practitioner", practitioner, access.ManageBulletins, own, false},
		{"nor another partnership's business unit", otherBU, access.ManageBulletins, own, false},
		{"anyone reads the archive", access.Subject{}, access.ViewPublic, own, true},
		{"the business unit drafts the budget", business, access.DraftBudget, own, true},
		{"but does not approve it", business, access.ApproveBudget, own, false},
		{"the Executive approves it", executive, access.ApproveBudget, own, true},
		{"but does not draft it", executive, access.DraftBudget, own, false},
		{"the Engine Room reads it", engineRoom, access.ViewBudget, own, true},
		{"scrutiny reads it", scrutineer, access.ViewBudget, own, true},
		{"a practitioner does not", practitioner, access.ViewBudget, own, false},
		{"nor another partnership's business unit", otherBU, access.ViewBudget, own, false},
		{"nor approves another's", memberOf(7, stscp, 0, access.Executive), access.ApproveBudget, own, false},
	})
}
