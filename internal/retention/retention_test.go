package retention_test

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/intake"
	"github.com/scp-portal/portal/internal/retention"
	"github.com/scp-portal/portal/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

type fixture struct {
	db       *pgxpool.Pool
	pid      int64
	writer   int64
	bu, exec app.Actor
	svc      *retention.Service
	now      time.Time
}

func setup(t *testing.T) fixture {
	t.Helper()
	db := testkit.NewDB(t)
	testkit.SeedDemo(t, db)
	now := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	f := fixture{db: db, now: now, svc: &retention.Service{Env: app.Env{DB: db, Now: func() time.Time { return now }}}}
	actor := func(email string) app.Actor {
		a := testkit.MustActor(t, db, email, now, "192.0.2.7")
		a.Partnership = a.PartnershipID
		return a
	}
	f.bu, f.exec = actor("business-unit@hsscp.example"), actor("executive@hsscp.example")
	f.pid = f.bu.PartnershipID
	f.writer = testkit.MustUserID(t, db, "practitioner@hsscp.example")
	return f
}

// request makes a request of kind by the practitioner, sent and closed unless draft, and returns
// its id and reference.
func (f fixture) request(t *testing.T, kind intake.Kind, key string, draft bool) (int64, string) {
	t.Helper()
	ctx := context.Background()
	id, err := intake.SaveDraft(ctx, f.db, intake.DraftInput{PartnershipID: f.pid, Kind: kind, FormKey: key,
		Requester: intake.Requester{ID: f.writer, Name: "Priya Practitioner", Email: "practitioner@hsscp.example"},
		Answers:   url.Values{"title": {"Jordan's discharge"}, "child1_name": {"Jordan Example"}}})
	if err != nil {
		t.Fatal(err)
	}
	if draft {
		return id, ""
	}
	var ref string
	if err := database.InTx(ctx, f.db, func(tx pgx.Tx) error {
		res, err := intake.Submit(ctx, tx, f.pid, id, f.writer, "HSSCP", f.now)
		if err != nil {
			return err
		}
		ref = res.Reference
		req, err := intake.Get(ctx, tx, f.pid, id)
		if err != nil {
			return err
		}
		return intake.SetStatus(ctx, tx, f.pid, id, f.writer, intake.Closed, "Closed: about Jordan", req.Version, f.now)
	}); err != nil {
		t.Fatal(err)
	}
	return id, ref
}

// The retention job, on a clock moved forward past each period, deletes drafts and anonymises
// requests that expired, leaves alone what a legal hold keeps (and, until then, what has not
// expired), records each step in the audit log, and changes nothing in a dry run.
func TestTheJobDeletesWhatExpiredAndNothingUnderAHold(t *testing.T) {
	ctx := context.Background()
	f := setup(t)
	draft, _ := f.request(t, intake.KLOE, "draft", true)
	expired, _ := f.request(t, intake.KLOE, "expired", false)
	held, heldRef := f.request(t, intake.KLOE, "held", false)
	cspr, _ := f.request(t, intake.CSPR, "cspr", false)
	if err := f.svc.PlaceHold(ctx, f.bu, f.pid, heldRef); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.PlaceHold(ctx, f.bu, f.pid, "HSSCP-KLOE-1999-0001"); app.FieldMessage(err, "reference") == "" {
		t.Errorf("a hold on no record: %v", err)
	}
	// Nothing has expired today.
	if done, err := retention.Run(ctx, f.db, f.now, false); err != nil || len(done) != 0 {
		t.Fatalf("today: %v, %v", done, err)
	}
	// Three years on: the draft (3 months) and the KLOE requests (24 months) have expired, the
	// CSPR consideration request (72 months) has not.
	later := f.now.AddDate(3, 0, 0)
	dry, err := retention.Run(ctx, f.db, later, true)
	if err != nil || len(dry) != 2 {
		t.Fatalf("dry run: %+v, %v", dry, err)
	}
	if n := testkit.MustCount(t, f.db, `intake_request WHERE id = $1`, draft); n != 1 {
		t.Error("the dry run deleted the draft")
	}
	if n := testkit.MustCount(t, f.db, `audit_log WHERE action LIKE 'retention.%'`); n != 0 {
		t.Errorf("the dry run wrote %d audit records", n)
	}
	// Two processes at once deal with each record once.
	var mu sync.Mutex
	var done []retention.Done
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			d, err := retention.Run(ctx, f.db, later, false)
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			done = append(done, d...)
			mu.Unlock()
		})
	}
	wg.Wait()
	if len(done) != 2 {
		t.Errorf("the runs did %+v; want the draft deleted and one request anonymised", done)
	}
	if n := testkit.MustCount(t, f.db, `intake_request WHERE id = $1`, draft); n != 0 {
		t.Error("the expired draft is still there")
	}
	if n := testkit.MustCount(t, f.db, `intake_request WHERE id = $1 AND anonymised_at IS NOT NULL AND answers = '{}' AND title = ''
		AND outcome = '' AND requester_email = '' AND reference IS NOT NULL`, expired); n != 1 {
		t.Error("the expired request was not anonymised, or lost its reference")
	}
	if n := testkit.MustCount(t, f.db, `intake_event WHERE request_id = $1 AND note <> ''`, expired); n != 0 {
		t.Error("the anonymised request's history still holds the outcome")
	}
	for _, id := range []int64{held, cspr} {
		if n := testkit.MustCount(t, f.db, `intake_request WHERE id = $1 AND anonymised_at IS NULL AND answers <> '{}'`, id); n != 1 {
			t.Errorf("request %d, held or not expired, was changed", id)
		}
	}
	if n := testkit.MustCount(t, f.db, `audit_log WHERE action = 'retention.delete' AND object_id = $1 AND actor_email = 'retention job'`, fmt.Sprint(draft)); n != 1 {
		t.Errorf("%d audit records of the draft's deletion", n)
	}
	if n := testkit.MustCount(t, f.db, `audit_log WHERE action = 'retention.anonymise' AND object_id = $1 AND detail = 'kloe_request after 24 months'`, fmt.Sprint(expired)); n != 1 {
		t.Errorf("%d audit records of the request's anonymisation", n)
	}
	// Released, the hold keeps nothing: the next run anonymises the request.
	holds, err := f.svc.Holds(ctx, f.pid)
	if err != nil || len(holds) != 1 || holds[0].Reference != heldRef {
		t.Fatalf("holds: %+v, %v", holds, err)
	}
	if err := f.svc.ReleaseHold(ctx, f.bu, f.pid, holds[0].ID); err != nil {
		t.Fatal(err)
	}
	if d, err := retention.Run(ctx, f.db, later, false); err != nil || len(d) != 1 || d[0].RecordID != held {
		t.Errorf("after the release: %+v, %v", d, err)
	}
}

// A period proposed by the business unit is in force only once a member of the Executive other
// than its proposer approves it; a proposal on a schedule changed since is refused.
func TestAPeriodIsProposedByTheBusinessUnitAndApprovedByTheExecutive(t *testing.T) {
	ctx := context.Background()
	f := setup(t)
	in := retention.ProposeInput{Type: retention.DraftRequest, Months: 1}
	if err := f.svc.Propose(ctx, f.bu, f.pid, in); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.Propose(ctx, f.bu, f.pid, retention.ProposeInput{Type: retention.DraftRequest, Months: 2}); app.KindOf(err) != app.Conflict {
		t.Errorf("a proposal on a changed schedule: %v", err)
	}
	if err := f.svc.Propose(ctx, f.bu, f.pid, retention.ProposeInput{Type: retention.DraftRequest, Months: 0, Version: 1}); app.FieldMessage(err, retention.Field(retention.DraftRequest)) == "" {
		t.Errorf("a period of no months: %v", err)
	}
	rules, _ := f.svc.Schedule(ctx, f.pid)
	if r := rules[0]; r.Months != 3 || r.Proposed != 1 || r.Approved {
		t.Fatalf("before approval: %+v", r)
	}
	if err := f.svc.Approve(ctx, f.bu, f.pid, retention.DraftRequest, rules[0].Version); app.KindOf(err) != app.Forbidden ||
		app.FieldMessage(err, retention.ApproveField(retention.DraftRequest)) == "" {
		t.Errorf("the proposer approving: %v", err)
	}
	if err := f.svc.Approve(ctx, f.exec, f.pid, retention.DraftRequest, rules[0].Version); err != nil {
		t.Fatal(err)
	}
	rules, _ = f.svc.Schedule(ctx, f.pid)
	if r := rules[0]; r.Months != 1 || r.Proposed != 0 || !r.Approved {
		t.Errorf("after approval: %+v", r)
	}
	draft, _ := f.request(t, intake.KLOE, "draft", true)
	if d, err := retention.Run(ctx, f.db, f.now.AddDate(0, 1, 1), false); err != nil || len(d) != 1 || d[0].RecordID != draft {
		t.Errorf("a draft after the approved month: %+v, %v", d, err)
	}
}

// Six years after their resolution and closing, a disagreement and a challenge are anonymised:
// what they said goes, the parties and dates stay; one resolved or closed since, and one still
// open, are left as they are; a legal hold keeps either until it is released.
func TestGovernanceRecordsAreAnonymisedWhenTheirPeriodEnds(t *testing.T) {
	ctx := context.Background()
	f := setup(t)
	long := f.now.AddDate(-7, 0, 0)
	var oldDispute, newDispute, oldChallenge, openChallenge int64
	for _, q := range []struct {
		sql string
		id  *int64
	}{
		{`INSERT INTO dispute (partnership_id, raised_by, other_org_id, summary, detail, stage, stage_started_on, stage_due_on, status, outcome, resolved_by, resolved_at)
		  SELECT $1, $2, min(o.id), 'About Jordan''s school', 'Detail', 'managers', $3::date, $3::date + 5, 'resolved', 'Agreed', $2, $3::timestamptz
		  FROM organisation o WHERE o.partnership_id = $1 RETURNING id`, &oldDispute},
		{`INSERT INTO dispute (partnership_id, raised_by, other_org_id, summary, stage, stage_started_on, stage_due_on, status, outcome, resolved_by, resolved_at)
		  SELECT $1, $2, min(o.id), 'Recent', 'managers', $3::date, $3::date + 5, 'resolved', 'Agreed', $2, now()
		  FROM organisation o WHERE o.partnership_id = $1 RETURNING id`, &newDispute},
		{`INSERT INTO challenge (partnership_id, subject_kind, subject_id, summary, detail, raised_by, raised_at, due_on, status, response,
		    responded_by, responded_at, closing_note, closed_by, closed_at)
		  VALUES ($1, 'organisation', (SELECT min(id) FROM organisation WHERE partnership_id = $1), 'About Jordan', 'Detail', $2, $3::timestamptz, $3::date + 14,
		    'answered', 'Response', $2, $3::timestamptz, 'Closed', $2, $3::timestamptz) RETURNING id`, &oldChallenge},
		{`INSERT INTO challenge (partnership_id, subject_kind, subject_id, summary, raised_by, raised_at, due_on)
		  VALUES ($1, 'organisation', (SELECT min(id) FROM organisation WHERE partnership_id = $1), 'Still open', $2, $3::timestamptz, $3::date + 14) RETURNING id`, &openChallenge},
	} {
		if err := f.db.QueryRow(ctx, q.sql, f.pid, f.writer, long).Scan(q.id); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.db.Exec(ctx, `INSERT INTO dispute_step (dispute_id, stage, note) VALUES ($1, 'managers', 'Jordan''s head teacher disagreed')`, oldDispute); err != nil {
		t.Fatal(err)
	}
	// A legal hold, placed by the names the pages give them, keeps both until it is released.
	for _, name := range []string{fmt.Sprintf("disagreement %d", oldDispute), fmt.Sprintf(" Challenge  %d ", oldChallenge)} {
		if err := f.svc.PlaceHold(ctx, f.bu, f.pid, name); err != nil {
			t.Fatalf("a hold on %q: %v", name, err)
		}
	}
	for _, name := range []string{"Challenge 0", "Challenge twelve", fmt.Sprintf("Disagreement %d", oldChallenge+oldDispute+1000)} {
		if err := f.svc.PlaceHold(ctx, f.bu, f.pid, name); app.FieldMessage(err, "reference") == "" {
			t.Errorf("a hold on %q, no record of the partnership: %v", name, err)
		}
	}
	if held, err := retention.Run(ctx, f.db, f.now, false); err != nil || len(held) != 0 {
		t.Fatalf("under a hold the job did %+v, %v", held, err)
	}
	holds, err := f.svc.Holds(ctx, f.pid)
	if err != nil || len(holds) != 2 {
		t.Fatalf("holds: %+v, %v", holds, err)
	}
	for _, h := range holds {
		if want := map[string]string{"dispute": fmt.Sprintf("Disagreement %d", oldDispute), "challenge": fmt.Sprintf("Challenge %d", oldChallenge)}[h.RecordType]; h.Reference != want {
			t.Errorf("the hold on a %s is named %q, want %q", h.RecordType, h.Reference, want)
		}
		if err := f.svc.ReleaseHold(ctx, f.bu, f.pid, h.ID); err != nil {
			t.Fatal(err)
		}
	}
	done, err := retention.Run(ctx, f.db, f.now, false)
	if err != nil {
		t.Fatal(err)
	}
	got := map[retention.Type][]int64{}
	for _, d := range done {
		got[d.Type] = append(got[d.Type], d.RecordID)
	}
	if !slices.Equal(got[retention.Dispute], []int64{oldDispute}) || !slices.Equal(got[retention.Challenge], []int64{oldChallenge}) {
		t.Fatalf("the job did %+v", done)
	}
	if n := testkit.MustCount(t, f.db, `dispute WHERE id = $1 AND summary = 'Anonymised' AND detail = '' AND outcome = '' AND anonymised_at IS NOT NULL
		AND NOT EXISTS (SELECT 1 FROM dispute_step s WHERE s.dispute_id = dispute.id AND s.note <> '')`, oldDispute); n != 1 {
		t.Error("the old disagreement still says what it was about")
	}
	if n := testkit.MustCount(t, f.db, `challenge WHERE id = $1 AND summary = 'Anonymised' AND detail = '' AND response = '' AND closing_note = ''
		AND closed_at IS NOT NULL`, oldChallenge); n != 1 {
		t.Error("the old challenge still says what it asked")
	}
	if n := testkit.MustCount(t, f.db, `dispute WHERE id = $1 AND summary = 'Recent' AND anonymised_at IS NULL`, newDispute) +
		testkit.MustCount(t, f.db, `challenge WHERE id = $1 AND summary = 'Still open' AND anonymised_at IS NULL`, openChallenge); n != 2 {
		t.Error("a record whose period has not ended was anonymised")
	}
	if n := testkit.MustCount(t, f.db, `audit_log WHERE action = 'retention.anonymise' AND object_type IN ('dispute', 'challenge')
		AND detail IN ('dispute after 72 months', 'challenge after 72 months')`); n != 2 {
		t.Errorf("%d audit records of the anonymisation", n)
	}
}

// A local CSPR is kept and anonymised with the rapid review it grew from: a hold placed by its own
// reference keeps both; released, the review's text and the local CSPR's unpublished text go, and
// what was published (the redacted report and the learning summary) stays.
func TestALocalCSPRIsKeptAndAnonymisedWithItsReview(t *testing.T) {
	ctx := context.Background()
	f := setup(t)
	long := f.now.AddDate(-26, 0, 0)
	var review, local int64
	if err := f.db.QueryRow(ctx, `INSERT INTO rapid_review (partnership_id, reference, title, aware_on, clock_start, due_on, due_rule, sent_to_panel_on, facts)
		VALUES ($1, 'HSSCP-RR-2000-0001', 'An old review', $2::date, 'awareness', $2::date + 21, 'rule', $2::date + 20, 'Jordan was found') RETURNING id`,
		f.pid, long).Scan(&review); err != nil {
		t.Fatal(err)
	}
	if err := f.db.QueryRow(ctx, `INSERT INTO local_cspr (partnership_id, review_id, reference, publish_target_on, published_on, report,
		terms_of_reference, agencies_involvement, learning_summary, redacted_report)
		VALUES ($1, $2, 'HSSCP-CSPR-2000-0001', $3::date, $3::date, 'Jordan''s full report', 'Terms naming Jordan', 'Involvement', 'What we learned', 'The redacted report')
		RETURNING id`, f.pid, review, long.AddDate(1, 0, 0)).Scan(&local); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.PlaceHold(ctx, f.bu, f.pid, "hsscp-cspr-2000-0001"); err != nil {
		t.Fatal(err)
	}
	if done, err := retention.Run(ctx, f.db, f.now, false); err != nil || len(done) != 0 {
		t.Fatalf("under a hold the job did %+v, %v", done, err)
	}
	holds, err := f.svc.Holds(ctx, f.pid)
	if err != nil || len(holds) != 1 || holds[0].RecordType != "rapid_review" || holds[0].Reference != "HSSCP-RR-2000-0001" {
		t.Fatalf("holds: %+v, %v", holds, err)
	}
	if err := f.svc.ReleaseHold(ctx, f.bu, f.pid, holds[0].ID); err != nil {
		t.Fatal(err)
	}
	if done, err := retention.Run(ctx, f.db, f.now, false); err != nil || len(done) != 1 || done[0].RecordID != review {
		t.Fatalf("after the release the job did %+v, %v", done, err)
	}
	if n := testkit.MustCount(t, f.db, `local_cspr WHERE id = $1 AND report = '' AND terms_of_reference = '' AND agencies_involvement = ''
		AND learning_summary = 'What we learned' AND redacted_report = 'The redacted report'`, local); n != 1 {
		t.Error("the local CSPR's unpublished text is still there, or what was published went")
	}
}
