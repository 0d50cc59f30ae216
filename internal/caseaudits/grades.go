package caseaudits

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
)

// Grade is a grade of a case against one question of the tool, with its note.
type Grade struct {
	QuestionID int64
	Grade      string
	Note       string
}

// GradeField and NoteField are the form fields of question id's grade and note: one pair per
// question on a case's grading or moderation form.
func GradeField(questionID int64) string { return "grade-" + strconv.FormatInt(questionID, 10) }

// NoteField is the form field of question id's note (see GradeField).
func NoteField(questionID int64) string { return "note-" + strconv.FormatInt(questionID, 10) }

// check checks grades against the tool's questions, in the form's order: every question graded
// from the list, each note bounded. Grades of other questions are left out of what it returns.
func check(qs []Question, grades []Grade) ([]Grade, error) {
	by := map[int64]Grade{}
	for _, g := range grades {
		by[g.QuestionID] = g
	}
	var p app.Problems
	out := make([]Grade, 0, len(qs))
	for i, q := range qs {
		g := by[q.ID]
		n := strconv.Itoa(i + 1)
		if !Grades.Has(g.Grade) {
			p.Add(GradeField(q.ID), "Choose a grade for question "+n)
		}
		p.Words(NoteField(q.ID), g.Note, 2000, "", "The note on question "+n+" must be 2,000 characters or fewer")
		out = append(out, Grade{QuestionID: q.ID, Grade: g.Grade, Note: strings.TrimSpace(g.Note)})
	}
	return out, p.Err()
}

// Key names one cell of an audit's grades: a case by number, a question, and the auditor who
// graded it (0: the grade the moderation meeting agreed).
type Key struct {
	Number   int
	Question int64
	Auditor  int64
}

// Sheet is an audit's grades, each auditor's and the agreed, by cell.
type Sheet map[Key]Grade

// Sheet reads the audit's grades (of case number, or of every case for 0) in one query.
func (s *Service) Sheet(ctx context.Context, auditID int64, number int) (Sheet, error) {
	type cell struct {
		Number     int
		QuestionID int64
		AuditorID  int64
		Grade      string
		Note       string
	}
	rows, err := database.All[cell](ctx, s.DB, "caseaudits: grades", `SELECT c.number, g.question_id, g.auditor_id, g.grade, g.note
		FROM case_audit_grade g JOIN case_audit_case c ON c.id = g.case_id WHERE c.audit_id = $1 AND ($2 = 0 OR c.number = $2)
		UNION ALL SELECT c.number, g.question_id, 0, g.grade, g.note
		FROM case_audit_agreed g JOIN case_audit_case c ON c.id = g.case_id WHERE c.audit_id = $1 AND ($2 = 0 OR c.number = $2)
		LIMIT $3`, auditID, number, MaxCases*MaxQuestions*(MaxAuditors+1))
	sheet := make(Sheet, len(rows))
	for _, r := range rows {
		sheet[Key{r.Number, r.QuestionID, r.AuditorID}] = Grade{QuestionID: r.QuestionID, Grade: r.Grade, Note: r.Note}
	}
	return sheet, err
}

// Grade records the auditor's grades of case number, one for every question, changed as often as
// they like until the audit is completed.
func (s *Service) Grade(ctx context.Context, a app.Actor, pid, auditID int64, number int, grades []Grade) error {
	return s.grade(ctx, a, pid, auditID, number, grades, a.UserID)
}

// Moderate records the grades the moderation meeting agreed for case number, one for every
// question with its note, once an auditor has graded the case.
func (s *Service) Moderate(ctx context.Context, a app.Actor, pid, auditID int64, number int, grades []Grade) error {
	return s.grade(ctx, a, pid, auditID, number, grades, 0)
}

// grade records the grades of case number by auditor, or the agreed grades (auditor 0).
func (s *Service) grade(ctx context.Context, a app.Actor, pid, auditID int64, number int, grades []Grade, auditor int64) error {
	action := audit.CaseAuditGrade
	if auditor == 0 {
		action = audit.CaseAuditModerate
	}
	return app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: action, ObjectType: "case_audit", ObjectID: auditID, Detail: "case " + strconv.Itoa(number)}
		if err := lockGrading(ctx, tx, pid, auditID); err != nil {
			return ev, err
		}
		var caseID int64
		var isAuditor bool
		var graded int
		err := tx.QueryRow(ctx, `SELECT c.id, EXISTS (SELECT 1 FROM case_audit_auditor x WHERE x.audit_id = c.audit_id AND x.user_id = $3),
			(SELECT count(*) FROM case_audit_grade g WHERE g.case_id = c.id)::int
			FROM case_audit_case c WHERE c.audit_id = $1 AND c.number = $2`, auditID, number, auditor).Scan(&caseID, &isAuditor, &graded)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return ev, ErrNotFound
		case err != nil:
			return ev, err
		case auditor != 0 && !isAuditor:
			return ev, app.ErrForbidden
		case auditor == 0 && graded == 0:
			return ev, app.ConflictField("audit", "No auditor has graded this case yet: the moderation meeting agrees the auditors' grades")
		}
		qs, err := questions(ctx, tx, auditID)
		if err != nil {
			return ev, err
		}
		checked, err := check(qs, grades)
		if err != nil {
			return ev, err
		}
		ids, marks, notes := make([]int64, 0, len(checked)), make([]string, 0, len(checked)), make([]string, 0, len(checked))
		for _, g := range checked {
			ids, marks, notes = append(ids, g.QuestionID), append(marks, g.Grade), append(notes, g.Note)
		}
		if auditor != 0 {
			_, err = tx.Exec(ctx, `INSERT INTO case_audit_grade (case_id, question_id, auditor_id, grade, note)
				SELECT $1, q, $2, g, n FROM unnest($3::bigint[], $4::text[], $5::text[]) AS t(q, g, n)
				ON CONFLICT (case_id, question_id, auditor_id) DO UPDATE SET grade = EXCLUDED.grade, note = EXCLUDED.note, graded_at = now()`,
				caseID, auditor, ids, marks, notes)
			return ev, err
		}
		_, err = tx.Exec(ctx, `INSERT INTO case_audit_agreed (case_id, question_id, grade, note, agreed_by)
			SELECT $1, q, g, n, $2 FROM unnest($3::bigint[], $4::text[], $5::text[]) AS t(q, g, n)
			ON CONFLICT (case_id, question_id) DO UPDATE SET grade = EXCLUDED.grade, note = EXCLUDED.note, agreed_by = EXCLUDED.agreed_by, agreed_at = now()`,
			caseID, a.ID(), ids, marks, notes)
		return ev, err
	})
}

// Complete completes the audit once the moderation meeting has agreed every grade of every case,
// with the summary of what it found (which the exception report may carry): its grades are final,
// and its findings may then raise themes.
func (s *Service) Complete(ctx context.Context, a app.Actor, pid, auditID int64, summary string, version int) error {
	var p app.Problems
	p.Words("summary", summary, 10000, "Write the summary of what the audit found", "The summary must be 10,000 characters or fewer")
	if err := p.Err(); err != nil {
		return err
	}
	return app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: audit.CaseAuditComplete, ObjectType: "case_audit", ObjectID: auditID}
		var status string
		var current, cases, qs, agreed int
		err := tx.QueryRow(ctx, `SELECT a.status, a.version, (SELECT count(*) FROM case_audit_case c WHERE c.audit_id = a.id)::int,
			(SELECT count(*) FROM case_audit_question q WHERE q.audit_id = a.id)::int,
			(SELECT count(*) FROM case_audit_agreed g JOIN case_audit_case c ON c.id = g.case_id WHERE c.audit_id = a.id)::int
			FROM case_audit a WHERE a.partnership_id = $1 AND a.id = $2 FOR UPDATE`, pid, auditID).Scan(&status, &current, &cases, &qs, &agreed)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return ev, ErrNotFound
		case err != nil:
			return ev, err
		case status != "grading":
			return ev, ErrCompleted
		case current != version:
			return ev, app.Stale("summary", "changed this audit", "", current)
		case cases == 0:
			return ev, app.ConflictField("audit", "Add the cases sampled, and have them graded and moderated, before completing the audit")
		case agreed < cases*qs:
			return ev, app.ConflictField("audit", "The moderation meeting has agreed "+strconv.Itoa(agreed)+" of the "+strconv.Itoa(cases*qs)+
				" grades: agree every case's grades before completing the audit")
		}
		_, err = tx.Exec(ctx, `UPDATE case_audit SET status = 'completed', summary = $2, completed_at = $4, completed_by = $3, version = version + 1
			WHERE id = $1`, auditID, strings.TrimSpace(summary), a.ID(), s.Time())
		return ev, err
	})
}
