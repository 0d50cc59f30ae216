package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/seed"
	"github.com/scp-portal/portal/internal/testkit"
)

// moreCaseAudits adds, inside tx, audits to the partnership's list and cases with agreed grades to
// its completed audit, for TestListPagesRunAFixedNumberOfQueries.
func moreCaseAudits(ctx context.Context, tx pgx.Tx, pid int64, now time.Time) error {
	if _, err := tx.Exec(ctx, `INSERT INTO case_audit (partnership_id, title, moderation_on) SELECT $1, 'More ' || n, $2 FROM generate_series(1, 15) n`,
		pid, now); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `WITH a AS (SELECT id FROM case_audit WHERE partnership_id = $1 AND status = 'completed' ORDER BY id LIMIT 1),
		c AS (INSERT INTO case_audit_case (audit_id, number, organisation_id, reference)
			SELECT a.id, 10 + n, g.organisation_id, 'MORE-' || n FROM a, generate_series(1, 3) n,
				LATERAL (SELECT organisation_id FROM case_audit_agency WHERE audit_id = a.id LIMIT 1) g RETURNING id, audit_id)
		INSERT INTO case_audit_agreed (case_id, question_id, grade) SELECT c.id, q.id, 'good' FROM c JOIN case_audit_question q ON q.audit_id = c.audit_id`, pid)
	return err
}

// Through the portal: the Engine Room plans an audit (a form with problems keeps what was typed),
// adds a case and names an auditor, who is e-mailed a link and the reference only. The cases'
// references are on one page, read by the Engine Room and the audit's auditors alone, each read
// audited, and never in an address; the Executive reads the audit and its results, with cases
// by number; a practitioner and the other partnership read neither.
func TestCaseAuditsThroughThePortal(t *testing.T) {
	t.Parallel()
	db, base := testkit.StartDemo(t, testkit.ServerOptions{})
	if err := seed.DemoCaseAudits(context.Background(), db, "hsscp", time.Now()); err != nil {
		t.Fatal(err)
	}
	er, ex := testkit.MustSignInAs(t, base, "engine-room@hsscp.example"), testkit.MustSignInAs(t, base, "executive@hsscp.example")
	pr, st := testkit.MustSignInAs(t, base, "practitioner@hsscp.example"), testkit.MustSignInAs(t, base, "engine-room@stscp.example")
	completed := "/hsscp/case-audits/" + testkit.MustQueryString(t, db, `SELECT id::text FROM case_audit WHERE status = 'completed'`)
	grading := "/hsscp/case-audits/" + testkit.MustQueryString(t, db, `SELECT id::text FROM case_audit WHERE status = 'grading'`)

	t.Run("the references are need-to-know", func(t *testing.T) {
		page := er.MustGet(completed+"/cases", http.StatusOK).Body
		if !strings.Contains(page, "CLE/24/01873") || !strings.Contains(page, "Case 2") {
			t.Error("the Engine Room does not read the cases' references")
		}
		if n := testkit.MustCount(t, db, `audit_log WHERE action = 'case-audit.references'`); n == 0 {
			t.Error("reading the references is not audited")
		}
		for _, c := range []struct {
			who  *testkit.Client
			name string
		}{{ex, "the Executive"}, {pr, "a practitioner"}, {st, "the other partnership's Engine Room"}} {
			if got := c.who.Get(completed + "/cases").Status; got != http.StatusForbidden {
				t.Errorf("%s reads the references: %d", c.name, got)
			}
		}
		if got := st.Get(strings.Replace(completed, "/hsscp/", "/stscp/", 1) + "/cases").Status; got != http.StatusNotFound {
			t.Errorf("the other partnership finds HSSCP's audit under its own address: %d", got)
		}
		audit := ex.MustGet(completed, http.StatusOK).Body
		results := ex.MustGet(completed+"/results", http.StatusOK).Body
		for _, body := range []string{audit, results} {
			if strings.Contains(body, "CLE/24/01873") || strings.Contains(body, "CSC-210455") || !strings.Contains(body, "Case 1") {
				t.Error("the Executive's pages name a case by its reference, or not by its number")
			}
		}
		if !strings.Contains(results, "Requires improvement") || !strings.Contains(audit, "Chronologies in neglect cases") {
			t.Error("the results or the theme raised are not shown")
		}
		rec := "/hsscp/recommendations/" + testkit.MustQueryString(t, db, `SELECT id::text FROM recommendation WHERE case_audit_id IS NOT NULL`)
		if page := er.MustGet(rec, http.StatusOK).Body; !strings.Contains(page, "Multi-agency case audit: Neglect of children under five") || !strings.Contains(page, `href="`+completed+`"`) {
			t.Error("the recommendation does not name and link the audit it came from")
		}
		if got := pr.Get(completed).Status; got != http.StatusForbidden {
			t.Errorf("a practitioner reads the audit: %d", got)
		}
	})

	t.Run("an auditor grades a case", func(t *testing.T) {
		page := er.MustGet(grading+"/cases/1/grading", http.StatusOK).Body
		if !strings.Contains(page, "CLE/24/02210") {
			t.Error("the auditor's grading page does not show the case's reference")
		}
		expectForm(t, "no grades", er.Post(grading+"/cases/2/grading", url.Values{"note-1": {"x"}}), http.StatusUnprocessableEntity,
			"Choose a grade for question 1", "Choose a grade for question 3")
		if got := ex.Get(grading + "/cases/1/grading").Status; got != http.StatusForbidden {
			t.Errorf("someone not an auditor grades: %d", got)
		}
		expectForm(t, "moderating a case nobody graded", er.Post(grading+"/cases/2/moderation", url.Values{}), http.StatusConflict, "No auditor has graded")
	})

	t.Run("the Engine Room plans an audit", func(t *testing.T) {
		expectForm(t, "a plan with problems", er.Post("/hsscp/case-audits", url.Values{"title": {"Neglect"}, "questions": {"Seen?\nHeard?"}}),
			http.StatusUnprocessableEntity, "Enter the date of the moderation meeting", "at least two agencies", `value="Neglect"`, "Heard?")
		police := testkit.MustQueryString(t, db, `SELECT organisation_id::text FROM app_user WHERE email = 'engine-room@hsscp.example'`)
		council := testkit.MustQueryString(t, db, `SELECT organisation_id::text FROM app_user WHERE email = 'executive@hsscp.example'`)
		on := time.Now().AddDate(0, 1, 0)
		cases := er.MustPost("/hsscp/case-audits", url.Values{"title": {"Neglect"}, "questions": {"Seen?\nHeard?"}, "agencies": {police, council},
			"moderation_on-day": {strconv.Itoa(on.Day())}, "moderation_on-month": {strconv.Itoa(int(on.Month()))}, "moderation_on-year": {strconv.Itoa(on.Year())}},
			http.StatusSeeOther).Location
		expectForm(t, "a case with no reference", er.Post(cases, url.Values{"agency": {police}}), http.StatusUnprocessableEntity, "Enter the agency")
		if to := er.MustPost(cases, url.Values{"agency": {police}, "reference": {"CLE/26/7"}}, http.StatusSeeOther).Location; strings.Contains(to, "CLE") {
			t.Errorf("the reference is in an address: %s", to)
		}
		audit := strings.TrimSuffix(cases, "/cases")
		executive := strconv.FormatInt(testkit.MustUserID(t, db, "executive@hsscp.example"), 10)
		er.MustPost(audit+"/auditors", url.Values{"auditor": {executive}}, http.StatusSeeOther)
		body := testkit.MustQueryString(t, db, `SELECT body FROM outbox WHERE to_address = 'executive@hsscp.example' AND subject LIKE '%case audit CA-%' ORDER BY id DESC LIMIT 1`)
		if !strings.Contains(body, audit) || strings.Contains(body, "CLE/26/7") || strings.Contains(body, "Neglect") {
			t.Errorf("the auditor's e-mail: %q", body)
		}
		if page := ex.MustGet(audit+"/cases", http.StatusOK).Body; !strings.Contains(page, "CLE/26/7") {
			t.Error("the auditor named does not read the cases' references")
		}
		if n := testkit.MustCount(t, db, `audit_log WHERE detail LIKE '%CLE/26%'`); n != 0 {
			t.Error("the audit log holds a case's reference")
		}
	})
}
