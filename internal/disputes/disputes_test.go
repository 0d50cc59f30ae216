package disputes_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/disputes"
	"github.com/scp-portal/portal/internal/testkit"
	"github.com/scp-portal/portal/internal/workdays"
)

func TestMain(m *testing.M) { testkit.Main(m) }

type fixture struct {
	testkit.Demo
	police, agency int64
	s              *disputes.Service
}

func setup(t *testing.T) fixture {
	t.Helper()
	f := fixture{Demo: testkit.NewDemo(t)}
	f.s = &disputes.Service{Env: f.Env()}
	testkit.MustQueryRow(t, f.DB, `SELECT (SELECT id FROM organisation WHERE partnership_id = $1 AND statutory_role = 'police'),
		(SELECT id FROM organisation WHERE partnership_id = $1 AND name = 'North Tees and Hartlepool NHS Foundation Trust')`, f.PID).Scan(&f.police, &f.agency)
	return f
}

// record records the practitioner's disagreement with the police.
func (f fixture) record(t *testing.T) disputes.Dispute {
	t.Helper()
	ctx := context.Background()
	id, err := f.s.Record(ctx, f.Actor(t, "practitioner@hsscp.example"), f.PID, disputes.RecordInput{RaisingOrgID: &f.agency, OtherOrgID: f.police,
		Summary: "Whether a strategy discussion was needed", Detail: "Health asked for one; the police said the threshold was not met."})
	if err != nil {
		t.Fatal(err)
	}
	d, err := f.s.Dispute(ctx, f.PID, id)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

var fieldOf = testkit.WantProblem

// A disagreement is between two agencies and says what it is about; it starts with the
// practitioners, due in five working days, and the business unit and Engine Room are told, with
// none of its words in the e-mail or the audit log.
func TestRecordingADisagreement(t *testing.T) {
	ctx := context.Background()
	f := setup(t)
	a := f.Actor(t, "practitioner@hsscp.example")
	_, err := f.s.Record(ctx, a, f.PID, disputes.RecordInput{RaisingOrgID: &f.agency, OtherOrgID: f.agency, Summary: "\x00", Stage: "nowhere"})
	fieldOf(t, "", err, app.Invalid, "other_org", "Choose another agency")
	fieldOf(t, "", err, app.Invalid, "summary", "not text")
	fieldOf(t, "", err, app.Invalid, "stage", "Choose the stage")
	other := int64(999999999)
	_, err = f.s.Record(ctx, a, f.PID, disputes.RecordInput{OtherOrgID: other, Summary: "Who leads"})
	fieldOf(t, "", err, app.Invalid, "other_org", "Choose the agencies from the list")

	d := f.record(t)
	if d.Stage != "practitioners" || !d.StageDueOn.Equal(workdays.New().Add(app.Today(f.Clock.Now()), 5)) || d.Status != "open" ||
		d.RaisingOrg == "" || d.OtherOrg == "" {
		t.Errorf("the new disagreement: %+v", d)
	}
	if n := testkit.MustCount(t, f.DB, `outbox WHERE to_address IN ('business-unit@hsscp.example', 'engine-room@hsscp.example')
		AND body LIKE '%/hsscp/disputes/'||$1||'%' AND body NOT LIKE '%strategy%'`, strconv.FormatInt(d.ID, 10)); n != 2 {
		t.Errorf("e-mails to the business unit and Engine Room: %d", n)
	}
	if n := testkit.MustCount(t, f.DB, `outbox WHERE to_address = 'practitioner@hsscp.example'`); n != 0 {
		t.Error("the recorder was e-mailed")
	}
	if n := testkit.MustCount(t, f.DB, `audit_log WHERE action = 'dispute.record' AND object_id = $1 AND detail NOT LIKE '%strategy%'`,
		strconv.FormatInt(d.ID, 10)); n != 1 {
		t.Errorf("audit records of the disagreement: %d", n)
	}
}

// The business unit moves a disagreement up its stages, each due five working days after it
// started; at the independent chair it can only be resolved; a stale or repeated move is refused.
func TestADisagreementMovesUpItsStages(t *testing.T) {
	ctx := context.Background()
	f := setup(t)
	bu := f.Actor(t, "business-unit@hsscp.example")
	d := f.record(t)
	fieldOf(t, "", f.s.Escalate(ctx, bu, f.PID, disputes.MoveInput{ID: d.ID, Version: d.Version, Note: " "}), app.Invalid, "note", "Say what happened")
	version := d.Version
	cal := workdays.New()
	for _, want := range []string{"managers", "senior_leads", "lead_representatives", "independent_chair"} {
		f.Clock.Advance(48 * time.Hour)
		if err := f.s.Escalate(ctx, bu, f.PID, disputes.MoveInput{ID: d.ID, Version: version, Note: "Not agreed at this stage."}); err != nil {
			t.Fatalf("to %s: %v", want, err)
		}
		version++
		got, _ := f.s.Dispute(ctx, f.PID, d.ID)
		today := app.Today(f.Clock.Now())
		if got.Stage != want || !got.StageStartedOn.Equal(today) || !got.StageDueOn.Equal(cal.Add(today, 5)) {
			t.Errorf("at %s: stage %s from %v due %v", want, got.Stage, got.StageStartedOn, got.StageDueOn)
		}
	}
	fieldOf(t, "", f.s.Escalate(ctx, bu, f.PID, disputes.MoveInput{ID: d.ID, Version: version, Note: "Higher?"}), app.Invalid, "note", "last stage")
	fieldOf(t, "", f.s.Resolve(ctx, bu, f.PID, disputes.MoveInput{ID: d.ID, Version: version - 1, Outcome: "Agreed"}), app.Conflict, "outcome", "Someone else")
	if err := f.s.Resolve(ctx, bu, f.PID, disputes.MoveInput{ID: d.ID, Version: version, Outcome: "The chair agreed a strategy discussion was needed."}); err != nil {
		t.Fatal(err)
	}
	fieldOf(t, "", f.s.Escalate(ctx, bu, f.PID, disputes.MoveInput{ID: d.ID, Version: version + 1, Note: "Again"}), app.Conflict, "note", "already been resolved")
	steps, err := f.s.Read(ctx, bu, d)
	if err != nil {
		t.Fatal(err)
	}
	if len(steps) != 6 || steps[0].Note != "Recorded" || steps[5].Note != "Resolved" || steps[1].Stage != "managers" {
		t.Errorf("the history: %+v", steps)
	}
	if n := testkit.MustCount(t, f.DB, `audit_log WHERE action = 'dispute.read' AND object_id = $1`, strconv.FormatInt(d.ID, 10)); n != 1 {
		t.Errorf("reads recorded: %d", n)
	}
}

// The register shows a reader who does not oversee disputes only those they recorded or their
// agency is in, and finds those past their stage's date.
func TestTheRegisterIsNeedToKnow(t *testing.T) {
	ctx := context.Background()
	f := setup(t)
	d := f.record(t)
	practitioner, colleague := testkit.MustUserID(t, f.DB, "practitioner@hsscp.example"), testkit.MustUserID(t, f.DB, "engine-room@hsscp.example")
	for name, c := range map[string]struct {
		flt  disputes.Filter
		want int
	}{
		"the recorder's":            {disputes.Filter{RecordedBy: practitioner}, 1},
		"someone else's":            {disputes.Filter{RecordedBy: colleague}, 0},
		"the police's":              {disputes.Filter{RecordedBy: colleague, Party: f.police}, 1},
		"every one":                 {disputes.Filter{}, 1},
		"overdue, not yet":          {disputes.Filter{Status: disputes.Overdue}, 0},
		"a filter that is not one":  {disputes.Filter{Status: "\x00"}, 1},
		"older than the newest one": {disputes.Filter{BeforeID: d.ID}, 0},
	} {
		c.flt.PartnershipID = f.PID
		list, err := f.s.Register(ctx, c.flt)
		if err != nil || len(list) != c.want {
			t.Errorf("%s: %d disputes (%v), want %d", name, len(list), err, c.want)
		}
	}
	f.Clock.Advance(10 * 24 * time.Hour)
	list, _ := f.s.Register(ctx, disputes.Filter{PartnershipID: f.PID, Status: disputes.Overdue})
	if len(list) != 1 || !list[0].IsOverdue(app.Today(f.Clock.Now())) {
		t.Errorf("overdue after ten days: %d", len(list))
	}
}
