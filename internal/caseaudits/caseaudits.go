// Package caseaudits holds multi-agency case audits. The Engine Room plans an audit on a theme:
// the agencies taking part, the cases sampled from them, the auditors and a tool of questions, each
// graded outstanding, good, requires improvement or inadequate. Each auditor grades each case; a
// moderation meeting agrees the grade of each case and question with a note; the audit is then
// completed with a summary (for the exception report), and its findings raise or feed themes of
// the learning loop, with recommendations tracked as learning's.
//
// Which case was sampled is need-to-know: a case is "Case 1", "Case 2" in the audit, on its pages,
// in e-mails and in the audit log; its agency's case reference is read only by the audit's
// auditors and the Engine Room (access.ViewCaseReferences), and every read of it is audited.
package caseaudits

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/notices"
	"github.com/scp-portal/portal/web/paths"
)

// ErrNotFound is an audit, or a case of it, that is not the partnership's.
var ErrNotFound = app.NotFoundError("case audit not found")

// Bounds of one audit: a multi-agency case audit samples a handful of cases from each agency and
// asks a short tool of questions; every page reads them whole.
const (
	MaxQuestions = 20
	MaxAgencies  = 30
	MaxCases     = 50
	MaxAuditors  = 20
)

// maxPeople bounds the people offered as auditors.
const maxPeople = 500

// Grades are the tool's grades of a case against a question, best first.
var Grades = app.Choices{
	{Value: "outstanding", Label: "Outstanding"}, {Value: "good", Label: "Good"},
	{Value: "requires_improvement", Label: "Requires improvement"}, {Value: "inadequate", Label: "Inadequate"},
}

// Statuses are where an audit is: its auditors grading (and the moderation meeting agreeing), or
// completed with its summary.
var Statuses = app.Choices{{Value: "grading", Label: "Grading"}, {Value: "completed", Label: "Completed"}}

// Service reads and changes case audits. The caller has asked the access policy first.
type Service struct {
	app.Env // the database, the portal's address and the clock
}

// Audit is a case audit with its cases and auditors counted.
type Audit struct {
	ID           int64
	Title        string
	Scope        string
	ModerationOn time.Time
	Status       string
	Summary      string
	CompletedAt  *time.Time
	Version      int
	Cases        int
	Auditors     int
}

// Completed reports whether the moderation meeting's grades are final.
func (a Audit) Completed() bool { return a.Status == "completed" }

// Reference names the audit in e-mails and links: never its title, which names its theme.
func (a Audit) Reference() string { return Reference(a.ID) }

// Reference is how an audit is named where only a reference may go (an e-mail's subject).
func Reference(id int64) string { return "CA-" + strconv.FormatInt(id, 10) }

// Question is a question of the audit's tool.
type Question struct {
	ID       int64
	Position int
	Text     string
}

// Agency is an agency taking part.
type Agency struct {
	ID   int64
	Name string
}

// Auditor is an auditor of the audit, with how many grades they have recorded.
type Auditor struct {
	UserID       int64
	Name         string
	Organisation string
	Graded       int
}

// Case is a case sampled, named by its number; its reference is read apart (References).
type Case struct {
	Number         int
	OrganisationID int64
	Agency         string
	Agreed         int // questions the moderation meeting has agreed a grade for
}

// Detail is an audit with its tool, agencies, auditors and cases.
type Detail struct {
	Audit
	Questions []Question
	Agencies  []Agency
	Auditors  []Auditor
	Cases     []Case
}

// AuditorIDs are the audit's auditors, as the access policy's participants.
func (d Detail) AuditorIDs() []int64 {
	ids := database.IDs(d.Auditors, func(a Auditor) int64 { return a.UserID })
	return ids
}

// Case returns the audit's case number n.
func (d Detail) Case(n int) (Case, bool) {
	for _, c := range d.Cases {
		if c.Number == n {
			return c, true
		}
	}
	return Case{}, false
}

// Moderated reports whether every case has an agreed grade for every question (and there is a
// case): the audit may then be completed.
func (d Detail) Moderated() bool {
	for _, c := range d.Cases {
		if c.Agreed < len(d.Questions) {
			return false
		}
	}
	return len(d.Cases) > 0
}

const auditSelect = `SELECT a.id, a.title, a.scope, a.moderation_on, a.status, a.summary, a.completed_at, a.version,
	(SELECT count(*) FROM case_audit_case c WHERE c.audit_id = a.id)::int,
	(SELECT count(*) FROM case_audit_auditor x WHERE x.audit_id = a.id)::int
	FROM case_audit a`

// Audits returns page p of the partnership's audits, latest moderation first: all of them
// (auditorID 0) or those auditorID audits.
func (s *Service) Audits(ctx context.Context, pid, auditorID int64, p app.Page) (app.Paged[Audit], error) {
	rows, err := database.All[Audit](ctx, s.DB, "caseaudits: audits", auditSelect+`
		WHERE a.partnership_id = $1 AND ($2::bigint = 0 OR EXISTS (SELECT 1 FROM case_audit_auditor x WHERE x.audit_id = a.id AND x.user_id = $2))
		ORDER BY a.moderation_on DESC, a.id DESC LIMIT $3 OFFSET $4`, pid, auditorID, p.Limit(), p.Offset())
	return app.PageOf(rows, p), err
}

// Audit returns one of the partnership's audits with its tool, agencies, auditors and cases, in
// a fixed number of queries.
func (s *Service) Audit(ctx context.Context, pid, id int64) (Detail, error) {
	var d Detail
	var err error
	if d.Audit, err = database.One[Audit](ctx, s.DB, ErrNotFound, "caseaudits: audit", auditSelect+` WHERE a.partnership_id = $1 AND a.id = $2`, pid, id); err != nil {
		return d, err
	}
	if d.Questions, err = questions(ctx, s.DB, id); err != nil {
		return d, err
	}
	if d.Agencies, err = database.All[Agency](ctx, s.DB, "caseaudits: agencies", `SELECT o.id, o.name FROM case_audit_agency g
		JOIN organisation o ON o.id = g.organisation_id WHERE g.audit_id = $1 ORDER BY o.name, o.id LIMIT $2`, id, MaxAgencies); err != nil {
		return d, err
	}
	if d.Auditors, err = database.All[Auditor](ctx, s.DB, "caseaudits: auditors", `SELECT u.id, u.name, coalesce(o.name, ''),
		(SELECT count(*) FROM case_audit_grade g JOIN case_audit_case c ON c.id = g.case_id WHERE c.audit_id = x.audit_id AND g.auditor_id = u.id)::int
		FROM case_audit_auditor x JOIN app_user u ON u.id = x.user_id LEFT JOIN organisation o ON o.id = u.organisation_id
		WHERE x.audit_id = $1 ORDER BY u.name, u.id LIMIT $2`, id, MaxAuditors); err != nil {
		return d, err
	}
	d.Cases, err = database.All[Case](ctx, s.DB, "caseaudits: cases", `SELECT c.number, c.organisation_id, o.name,
		(SELECT count(*) FROM case_audit_agreed g WHERE g.case_id = c.id)::int
		FROM case_audit_case c JOIN organisation o ON o.id = c.organisation_id WHERE c.audit_id = $1 ORDER BY c.number LIMIT $2`, id, MaxCases)
	return d, err
}

func questions(ctx context.Context, q database.Querier, auditID int64) ([]Question, error) {
	return database.All[Question](ctx, q, "caseaudits: questions", `SELECT id, position, text FROM case_audit_question
		WHERE audit_id = $1 ORDER BY position LIMIT $2`, auditID, MaxQuestions)
}

// PlanInput is an audit as the Engine Room plans it.
type PlanInput struct {
	Title        string // the theme audited: never a case, a child or a family
	Scope        string
	ModerationOn time.Time
	Questions    []string // the tool, one question a line
	Agencies     []int64
}

// Validate checks a plan against today, in the form's order.
func (in PlanInput) Validate(today time.Time) error {
	in.Questions = lines(in.Questions)
	var p app.Problems
	p.Words("title", in.Title, 200, "Enter the theme of the audit", "The theme must be 200 characters or fewer")
	p.Words("scope", in.Scope, 4000, "", "The scope must be 4,000 characters or fewer")
	switch {
	case in.ModerationOn.IsZero():
		p.Add("moderation_on-day", "Enter the date of the moderation meeting")
	case in.ModerationOn.Before(today):
		p.Add("moderation_on-day", "The moderation meeting must be today or later")
	}
	switch {
	case len(in.Questions) == 0:
		p.Add("questions", "Enter the audit tool's questions, one a line")
	case len(in.Questions) > MaxQuestions:
		p.Add("questions", "The audit tool has at most "+strconv.Itoa(MaxQuestions)+" questions")
	}
	for _, q := range in.Questions {
		if len([]rune(q)) > 500 {
			p.Add("questions", "Each question must be 500 characters or fewer")
			break
		}
	}
	switch {
	case len(in.Agencies) < 2:
		p.Add("agencies", "Choose at least two agencies: the audit is multi-agency")
	case len(in.Agencies) > MaxAgencies:
		p.Add("agencies", "Choose at most "+strconv.Itoa(MaxAgencies)+" agencies")
	}
	return p.Err()
}

// Plan plans an audit: its theme, moderation meeting, tool and agencies. Cases and auditors are
// added on its page.
func (s *Service) Plan(ctx context.Context, a app.Actor, pid int64, in PlanInput) (int64, error) {
	if err := in.Validate(s.Today()); err != nil {
		return 0, err
	}
	in.Questions = lines(in.Questions)
	var id int64
	err := app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: audit.CaseAuditPlan, ObjectType: "case_audit"}
		if err := tx.QueryRow(ctx, `INSERT INTO case_audit (partnership_id, title, scope, moderation_on, planned_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			pid, strings.TrimSpace(in.Title), strings.TrimSpace(in.Scope), in.ModerationOn, a.ID()).Scan(&id); err != nil {
			return ev, err
		}
		ev.ObjectID = id
		if _, err := tx.Exec(ctx, `INSERT INTO case_audit_question (audit_id, position, text)
			SELECT $1, n, q FROM unnest($2::text[]) WITH ORDINALITY AS t(q, n)`, id, in.Questions); err != nil {
			return ev, err
		}
		tag, err := tx.Exec(ctx, `INSERT INTO case_audit_agency (audit_id, organisation_id)
			SELECT $1, o.id FROM organisation o WHERE o.partnership_id = $2 AND o.id = ANY($3)`, id, pid, in.Agencies)
		switch {
		case err != nil:
			return ev, err
		case int(tag.RowsAffected()) != len(unique(in.Agencies)):
			return ev, app.InvalidField("agencies", "Choose the agencies from the list")
		}
		ev.Detail = strconv.Itoa(len(in.Questions)) + " questions, " + strconv.Itoa(len(unique(in.Agencies))) + " agencies"
		return ev, nil
	})
	return id, err
}

// lines are the questions given, trimmed, without the empty ones.
func lines(list []string) []string {
	out := make([]string, 0, len(list))
	for _, l := range list {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func unique(ids []int64) map[int64]bool {
	m := make(map[int64]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m
}

// ErrCompleted refuses a change to an audit whose grades are final.
var ErrCompleted = app.ConflictField("audit", "This audit has been completed: its cases, auditors and grades no longer change")

// lockGrading locks the partnership's audit for a change while its auditors grade, inside tx.
func lockGrading(ctx context.Context, tx pgx.Tx, pid, id int64) error {
	var status string
	err := tx.QueryRow(ctx, `SELECT status FROM case_audit WHERE partnership_id = $1 AND id = $2 FOR UPDATE`, pid, id).Scan(&status)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return ErrNotFound
	case err != nil:
		return err
	case status != "grading":
		return ErrCompleted
	}
	return nil
}

// CaseInput is a case sampled: the agency whose case it is and its case reference there.
type CaseInput struct {
	OrganisationID int64
	Reference      string
}

// Validate checks a case, in the form's order.
func (in CaseInput) Validate() error {
	var p app.Problems
	p.Chosen("agency", in.OrganisationID, "Choose the agency whose case it is")
	p.Words("reference", in.Reference, 100, "Enter the agency's case reference", "The case reference must be 100 characters or fewer")
	return p.Err()
}

// AddCase adds a case sampled from one of the audit's agencies; it is the audit's next "Case n",
// and n is returned. The audit log names it by number alone.
func (s *Service) AddCase(ctx context.Context, a app.Actor, pid, auditID int64, in CaseInput) (int, error) {
	n, err := app.Create(ctx, s.DB, a, in.Validate(), func(tx pgx.Tx) (int64, app.Event, error) {
		ev := app.Event{Action: audit.CaseAuditCase, ObjectType: "case_audit", ObjectID: auditID}
		if err := lockGrading(ctx, tx, pid, auditID); err != nil {
			return 0, ev, err
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT coalesce(max(number), 0) + 1 FROM case_audit_case WHERE audit_id = $1`, auditID).Scan(&n); err != nil {
			return 0, ev, err
		}
		if n > MaxCases {
			return 0, ev, app.InvalidField("reference", "An audit samples at most "+strconv.Itoa(MaxCases)+" cases")
		}
		_, err := tx.Exec(ctx, `INSERT INTO case_audit_case (audit_id, number, organisation_id, reference) VALUES ($1, $2, $3, $4)`,
			auditID, n, in.OrganisationID, strings.TrimSpace(in.Reference))
		ev.Detail = "case " + strconv.Itoa(n) + " organisation " + strconv.FormatInt(in.OrganisationID, 10)
		return int64(n), ev, app.OnForeignKey(err, "agency", "Choose one of the audit's agencies")
	})
	return int(n), err
}

// References returns the agencies' case references of the audit by case number (number 0: every
// case; otherwise that one), and writes the read to the audit log: they are need-to-know, and
// the caller has asked the policy (access.ViewCaseReferences).
func (s *Service) References(ctx context.Context, a app.Actor, pid, auditID int64, number int) (map[int]string, error) {
	type ref struct {
		Number    int
		Reference string
	}
	rows, err := database.All[ref](ctx, s.DB, "caseaudits: references", `SELECT c.number, c.reference FROM case_audit_case c
		JOIN case_audit a ON a.id = c.audit_id WHERE a.partnership_id = $1 AND a.id = $2 AND ($3 = 0 OR c.number = $3)
		ORDER BY c.number LIMIT $4`, pid, auditID, number, MaxCases)
	if err != nil {
		return nil, err
	}
	refs := make(map[int]string, len(rows))
	for _, r := range rows {
		refs[r.Number] = r.Reference
	}
	detail := "every case"
	if number != 0 {
		detail = "case " + strconv.Itoa(number)
	}
	return refs, app.Read(ctx, s.DB, a, app.Event{Action: audit.CaseAuditReferences, ObjectType: "case_audit", ObjectID: auditID, Detail: detail})
}

// AuditorChoices are the people who may audit: the active people of the audit's agencies.
func (s *Service) AuditorChoices(ctx context.Context, pid, auditID int64) ([]app.Choice, error) {
	return database.All[app.Choice](ctx, s.DB, "caseaudits: auditor choices", `SELECT u.id::text, u.name || ', ' || o.name FROM app_user u
		JOIN case_audit_agency g ON g.organisation_id = u.organisation_id AND g.audit_id = $2 JOIN organisation o ON o.id = u.organisation_id
		WHERE u.partnership_id = $1 AND u.status = 'active'
		  AND NOT EXISTS (SELECT 1 FROM case_audit_auditor x WHERE x.audit_id = $2 AND x.user_id = u.id)
		ORDER BY u.name, u.id LIMIT $3`, pid, auditID, maxPeople)
}

// AssignAuditor names a person of one of the audit's agencies as its auditor and tells them
// (notices.CaseAuditor, as they chose) with a link and the audit's reference: nothing of its theme
// or cases.
func (s *Service) AssignAuditor(ctx context.Context, a app.Actor, pid, auditID, userID int64) error {
	if userID == 0 {
		return app.InvalidField("auditor", "Choose the auditor")
	}
	return app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: audit.CaseAuditAuditor, ObjectType: "case_audit", ObjectID: auditID, Detail: "user " + strconv.FormatInt(userID, 10)}
		if err := lockGrading(ctx, tx, pid, auditID); err != nil {
			return ev, err
		}
		var count int
		err := tx.QueryRow(ctx, `SELECT (SELECT count(*) FROM case_audit_auditor x WHERE x.audit_id = $2)::int FROM app_user u
			JOIN case_audit_agency g ON g.organisation_id = u.organisation_id AND g.audit_id = $2
			WHERE u.partnership_id = $1 AND u.id = $3 AND u.status = 'active'`, pid, auditID, userID).Scan(&count)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return ev, app.InvalidField("auditor", "Choose the auditor from the list: a person of one of the audit's agencies")
		case err != nil:
			return ev, err
		case count >= MaxAuditors:
			return ev, app.InvalidField("auditor", "An audit has at most "+strconv.Itoa(MaxAuditors)+" auditors")
		}
		tag, err := tx.Exec(ctx, `INSERT INTO case_audit_auditor (audit_id, user_id, assigned_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
			auditID, userID, a.ID())
		switch {
		case err != nil:
			return ev, err
		case tag.RowsAffected() == 0:
			return ev, app.InvalidField("auditor", "This person is an auditor of the audit already")
		}
		slug, err := notices.Slug(ctx, tx, pid)
		if err != nil {
			return ev, err
		}
		ref := Reference(auditID)
		return ev, notices.Send(ctx, tx, s.BaseURL, notices.Notice{Kind: notices.CaseAuditor, Subject: "You are an auditor on multi-agency case audit " + ref,
			Line:   "You have been named as an auditor on multi-agency case audit " + ref + ".",
			Prompt: "Sign in to see the cases you are to audit and to record your grades", Link: s.BaseURL + paths.CaseAudit(slug, auditID)}, userID)
	})
}
