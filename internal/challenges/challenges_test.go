package challenges_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/challenges"
	"github.com/scp-portal/portal/internal/learning"
	"github.com/scp-portal/portal/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

type fixture struct {
	testkit.Demo
	police, theme int64
	s             *challenges.Service
}

func setup(t *testing.T) fixture {
	t.Helper()
	f := fixture{Demo: testkit.NewDemo(t)}
	f.s = &challenges.Service{Env: f.Env()}
	f.police = int64(testkit.MustQueryInt(t, f.DB, `SELECT id FROM organisation WHERE partnership_id = $1 AND statutory_role = 'police'`, f.PID))
	id, err := f.s.Propose(context.Background(), f.Actor(t, "executive@hsscp.example"), f.PID,
		challenges.ProposalInput{Title: "Transitions to adult services", Description: "Do young people lose support at 18?"})
	if err != nil {
		t.Fatal(err)
	}
	f.theme = id
	return f
}

// raise raises a challenge on the fixture's theme to the police, due in days.
func (f fixture) raise(t *testing.T, days int) challenges.Challenge {
	t.Helper()
	ctx := context.Background()
	id, err := f.s.Raise(ctx, f.Actor(t, "executive@hsscp.example"), f.PID, challenges.RaiseInput{SubjectKind: "theme", SubjectID: &f.theme,
		Addressee: strconv.FormatInt(f.police, 10), Summary: "Why are return home interviews late?", DueOn: f.Today().AddDate(0, 0, days)})
	if err != nil {
		t.Fatal(err)
	}
	c, err := f.s.Challenge(ctx, f.PID, id)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var fieldOf = testkit.WantProblem

// A challenge names what it challenges and who must respond by when; each problem is named on its
// field in the form's order, and text that is not text is refused, not saved.
func TestARaisedChallengeIsCheckedOnItsFields(t *testing.T) {
	ctx := context.Background()
	f := setup(t)
	a := f.Actor(t, "executive@hsscp.example")
	_, err := f.s.Raise(ctx, a, f.PID, challenges.RaiseInput{SubjectKind: "theme", Summary: "Late\x00", DueOn: f.Today()})
	var got []string
	for _, fe := range app.FieldsOf(err) {
		got = append(got, fe.Field)
	}
	if strings.Join(got, " ") != "subject_id addressee summary due_on-day" {
		t.Errorf("problems on %v, want subject_id addressee summary due_on-day (%v)", got, err)
	}
	fieldOf(t, "", err, app.Invalid, "summary", "not text")

	other := int64(999999999)
	_, err = f.s.Raise(ctx, a, f.PID, challenges.RaiseInput{SubjectKind: "commission", SubjectID: &other, Addressee: challenges.EngineRoom,
		Summary: "Where are the findings?", DueOn: f.Today().AddDate(0, 0, 5)})
	fieldOf(t, "", err, app.Invalid, "subject_id", "no commissioned learning with that number")

	// A partner challenged about itself needs no number: it is the partner addressed.
	id, err := f.s.Raise(ctx, a, f.PID, challenges.RaiseInput{SubjectKind: challenges.OrganisationKind, Addressee: strconv.FormatInt(f.police, 10),
		Summary: "Is the police meeting its duties?", DueOn: f.Today().AddDate(0, 0, 5)})
	if err != nil {
		t.Fatal(err)
	}
	c, _ := f.s.Challenge(ctx, f.PID, id)
	if c.SubjectID != f.police || c.Addressee == "Engine Room" {
		t.Errorf("the partner challenged about itself: %+v", c)
	}
	if n := testkit.MustCount(t, f.DB, `audit_log WHERE action = 'challenge.raise' AND object_id = $1 AND detail = $2
		AND detail NOT LIKE '%police%'`, strconv.FormatInt(id, 10), "organisation:"+strconv.FormatInt(f.police, 10)); n != 1 {
		t.Errorf("audit records naming the record by kind and id only: %d", n)
	}
}

// Those addressed are told by e-mail, which does not carry the challenge's words; only the police's
// representatives may respond for the police; the challenger is told of the response.
func TestOnlyThoseAddressedRespond(t *testing.T) {
	ctx := context.Background()
	f := setup(t)
	c := f.raise(t, 10)
	if n := testkit.MustCount(t, f.DB, `outbox WHERE to_address = 'engine-room@hsscp.example' AND body LIKE '%/hsscp/challenges/'||$1||'%'
		AND body NOT LIKE '%return home%'`, strconv.FormatInt(c.ID, 10)); n != 1 {
		t.Errorf("e-mails to the police delegate: %d", n)
	}
	if n := testkit.MustCount(t, f.DB, `outbox WHERE to_address = 'executive@hsscp.example'`); n != 0 {
		t.Errorf("the council's Executive member was told to answer for the police")
	}
	obj := access.Object{PartnershipID: f.PID, OwnerID: c.RaisedByID, Organisations: c.Addressed()}
	for email, may := range map[string]bool{"engine-room@hsscp.example": true, "executive@hsscp.example": false,
		"practitioner@hsscp.example": false, "scrutineer@hsscp.example": false} {
		if got := access.Decide(f.Actor(t, email).Subject, access.RespondToChallenge, obj).Allowed; got != may {
			t.Errorf("%s may respond for the police: %v, want %v", email, got, may)
		}
	}

	police := f.Actor(t, "engine-room@hsscp.example")
	fieldOf(t, "", f.s.Respond(ctx, police, f.PID, challenges.ResponseInput{ID: c.ID, Version: c.Version, Response: " "}),
		app.Invalid, "response", "Enter the response")
	fieldOf(t, "", f.s.Respond(ctx, police, f.PID, challenges.ResponseInput{ID: c.ID, Version: c.Version + 1, Response: "Interviews now within 72 hours."}),
		app.Conflict, "response", "Someone else changed this challenge")
	if err := f.s.Respond(ctx, police, f.PID, challenges.ResponseInput{ID: c.ID, Version: c.Version, Response: "Interviews now within 72 hours."}); err != nil {
		t.Fatal(err)
	}
	fieldOf(t, "", f.s.Respond(ctx, police, f.PID, challenges.ResponseInput{ID: c.ID, Version: c.Version + 1, Response: "Again"}),
		app.Conflict, "response", "already been responded to")
	got, _ := f.s.Challenge(ctx, f.PID, c.ID)
	if got.Status != "responded" || got.Response != "Interviews now within 72 hours." || got.RespondedBy != "Eddie Engine" {
		t.Errorf("after the response: %+v", got)
	}
	if n := testkit.MustCount(t, f.DB, `outbox WHERE to_address = 'executive@hsscp.example' AND subject LIKE '%has responded%'`); n != 1 {
		t.Errorf("e-mails to the challenger: %d", n)
	}
}

// A challenge is closed as answered only once responded to; escalation needs a reason and may come
// without a response; a closed challenge stays closed.
func TestClosingAChallenge(t *testing.T) {
	ctx := context.Background()
	f := setup(t)
	exec := f.Actor(t, "executive@hsscp.example")
	c := f.raise(t, 10)
	fieldOf(t, "", f.s.Close(ctx, exec, f.PID, challenges.CloseInput{ID: c.ID, Version: c.Version, Outcome: "answered"}),
		app.Invalid, "outcome", "There is no response yet")
	fieldOf(t, "", f.s.Close(ctx, exec, f.PID, challenges.CloseInput{ID: c.ID, Version: c.Version, Outcome: "escalated"}),
		app.Invalid, "closing_note", "Say why")
	fieldOf(t, "", f.s.Close(ctx, exec, f.PID, challenges.CloseInput{ID: c.ID, Version: c.Version, Outcome: "maybe"}),
		app.Invalid, "outcome", "Choose whether")

	if err := f.s.Respond(ctx, f.Actor(t, "engine-room@hsscp.example"), f.PID, challenges.ResponseInput{ID: c.ID, Version: c.Version, Response: "Done."}); err != nil {
		t.Fatal(err)
	}
	fieldOf(t, "", f.s.Close(ctx, exec, f.PID, challenges.CloseInput{ID: c.ID, Version: c.Version, Outcome: "answered"}),
		app.Conflict, "outcome", "Someone else changed this challenge")
	if err := f.s.Close(ctx, exec, f.PID, challenges.CloseInput{ID: c.ID, Version: c.Version + 1, Outcome: "answered"}); err != nil {
		t.Fatal(err)
	}
	fieldOf(t, "", f.s.Close(ctx, exec, f.PID, challenges.CloseInput{ID: c.ID, Version: c.Version + 2, Outcome: "escalated", Note: "No"}),
		app.Conflict, "outcome", "already been closed")
	got, _ := f.s.Challenge(ctx, f.PID, c.ID)
	if got.Status != "answered" || got.ClosedBy != "Erin Executive" || got.ClosedAt == nil {
		t.Errorf("after closing: %+v", got)
	}

	// Unanswered, it may be escalated.
	d := f.raise(t, 3)
	if err := f.s.Close(ctx, exec, f.PID, challenges.CloseInput{ID: d.ID, Version: d.Version, Outcome: "escalated", Note: "To the chief constable."}); err != nil {
		t.Errorf("escalating an unanswered challenge: %v", err)
	}
}

// A challenge still awaiting its response after its due date is overdue, and the log finds it.
func TestOverdueChallenges(t *testing.T) {
	ctx := context.Background()
	f := setup(t)
	late, onTime := f.raise(t, 2), f.raise(t, 30)
	f.Clock.Advance(7 * 24 * time.Hour)
	if !late.IsOverdue(f.Today()) || onTime.IsOverdue(f.Today()) {
		t.Errorf("overdue: late %v, on time %v", late.IsOverdue(f.Today()), onTime.IsOverdue(f.Today()))
	}
	list, err := f.s.Log(ctx, challenges.Filter{PartnershipID: f.PID, Status: challenges.Overdue})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].ID != late.ID {
		t.Errorf("the overdue filter found %d challenges", len(list))
	}
	list, _ = f.s.Log(ctx, challenges.Filter{PartnershipID: f.PID, Addressee: challenges.EngineRoom})
	if len(list) != 0 {
		t.Errorf("challenges to the Engine Room: %d, want none", len(list))
	}
	list, _ = f.s.Log(ctx, challenges.Filter{PartnershipID: f.PID, Addressee: strconv.FormatInt(f.police, 10), BeforeID: onTime.ID})
	if len(list) != 1 || list[0].ID != late.ID {
		t.Errorf("the page after the newest: %d challenges", len(list))
	}
	tally, err := f.s.Tally(ctx, f.PID, f.Today().AddDate(-1, 0, 0), f.Today().AddDate(0, 0, 1))
	if err != nil || tally.Raised != 2 || tally.Overdue != 1 || tally.Open != 2 {
		t.Errorf("tally %+v, %v", tally, err)
	}
}

// The Executive's proposal is a theme in the Engine Room's register, emerging and unowned, raised
// by the source "Executive proposal" its proposer added.
func TestAProposalBecomesATheme(t *testing.T) {
	ctx := context.Background()
	f := setup(t)
	themes, err := learning.Themes(ctx, f.DB, learning.ThemeFilter{PartnershipID: f.PID, SourceKind: challenges.ProposalSource})
	if err != nil {
		t.Fatal(err)
	}
	if len(themes) != 1 || themes[0].ID != f.theme || themes[0].Status != "emerging" || themes[0].OwnerID != nil {
		t.Fatalf("the proposal in the register: %+v", themes)
	}
	if by := testkit.MustQueryString(t, f.DB, `SELECT u.email || ' ' || s.note FROM theme_source s JOIN app_user u ON u.id = s.added_by
		WHERE s.theme_id = $1`, f.theme); by != "executive@hsscp.example Proposed by Erin Executive" {
		t.Errorf("the source was added by %q", by)
	}
	if n := testkit.MustCount(t, f.DB, `audit_log WHERE action = 'enquiry.propose' AND object_id = $1`, strconv.FormatInt(f.theme, 10)); n != 1 {
		t.Errorf("audit records of the proposal: %d", n)
	}
	_, err = f.s.Propose(ctx, f.Actor(t, "executive@hsscp.example"), f.PID, challenges.ProposalInput{Title: "\xff", Description: ""})
	fieldOf(t, "", err, app.Invalid, "title", "not text")
	fieldOf(t, "", err, app.Invalid, "description", "Say what the Executive wants to know")
}
