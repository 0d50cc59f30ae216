// Package assurance holds self-assessment audits: Section 11 of the Children Act 2004 for
// agencies, Section 175 (or 157) of the Education Act 2002 for schools and colleges, and any
// other framework a partnership runs the same way. The business unit defines a framework's
// standards (each with its questions and the evidence expected), versioned year by year because
// the questions are adjusted annually, and opens a round of one year's version for the
// organisations of some categories with a deadline. Each organisation's nominated lead completes
// its return, rating each standard red, amber or green with evidence and actions, saving as they
// go, then submits it; the late are chased through the outbox once a day. The results are a
// matrix of standards by organisation, the completion rate and the change from the framework's
// previous round.
package assurance

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

// ErrNotFound is a framework, version, standard, round or return that is not the partnership's.
var ErrNotFound = app.NotFoundError("assurance record not found")

// MaxStandards bounds a version's standards: a framework is a short list of standards (Section
// 11 has eight duties), and every page that shows them reads them whole.
const MaxStandards = 60

// maxVersions bounds the years of a framework one page lists.
const maxVersions = 50

// Service reads and changes self-assessment audits. The caller has asked the access policy first.
type Service struct {
	app.Env // the database, the portal's address and the clock
}

// Framework is an audit framework with its latest year.
type Framework struct {
	ID         int64
	Name       string
	LatestYear int
	Versions   int
}

// Version is one year's version of a framework; Rounds counts the rounds opened on it, which lock
// its standards.
type Version struct {
	ID            int64
	FrameworkID   int64
	FrameworkName string
	Year          int
	Rounds        int
}

// Locked reports whether a round has been opened on the version: its standards no longer change,
// since returns rate them.
func (v Version) Locked() bool { return v.Rounds > 0 }

// Standard is one standard of a version, with its questions (one a line) and the evidence
// expected.
type Standard struct {
	ID        int64
	VersionID int64
	Lineage   int64 // the first standard of its line, across years: itself when it is new
	Position  int
	Title     string
	Questions string
	Evidence  string
	Version   int
}

// QuestionLines are the standard's questions, one a line.
func (s Standard) QuestionLines() []string {
	var out []string
	for _, l := range strings.Split(s.Questions, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// FrameworkInput is a new framework: its name and the year of its first version.
type FrameworkInput struct {
	Name string
	Year int
}

// Validate checks a new framework, in the form's order.
func (in FrameworkInput) Validate() error {
	var p app.Problems
	p.Words("name", in.Name, 200, "Enter the framework's name, for example Section 11", "The name must be 200 characters or fewer")
	checkYear(&p, "year", in.Year)
	return p.Err()
}

func checkYear(p *app.Problems, field string, year int) {
	if year < 2000 || year > 2200 {
		p.Add(field, "Enter the year as four digits, like 2027")
	}
}

// StandardInput is a standard as the form gives it.
type StandardInput struct {
	Title     string
	Questions string
	Evidence  string
	Version   int // the version edited; 0 for a new standard
}

// Validate checks a standard, in the form's order.
func (in StandardInput) Validate() error {
	var p app.Problems
	p.Words("title", in.Title, 200, "Enter the standard", "The standard must be 200 characters or fewer")
	p.Words("questions", in.Questions, 4000, "Enter at least one question", "The questions must be 4,000 characters or fewer")
	p.Words("evidence", in.Evidence, 4000, "", "The evidence expected must be 4,000 characters or fewer")
	return p.Err()
}

// Frameworks returns page p of the partnership's frameworks, by name.
func (s *Service) Frameworks(ctx context.Context, pid int64, p app.Page) (app.Paged[Framework], error) {
	rows, err := database.All[Framework](ctx, s.DB, "assurance: frameworks", `
		SELECT f.id, f.name, coalesce(max(v.year), 0)::int, count(v.id)::int FROM assurance_framework f
		LEFT JOIN assurance_version v ON v.framework_id = f.id
		WHERE f.partnership_id = $1 GROUP BY f.id ORDER BY lower(f.name), f.id LIMIT $2 OFFSET $3`, pid, p.Limit(), p.Offset())
	return app.PageOf(rows, p), err
}

// Framework returns one of the partnership's frameworks.
func (s *Service) Framework(ctx context.Context, pid, id int64) (Framework, error) {
	return database.One[Framework](ctx, s.DB, ErrNotFound, "assurance: framework", `
		SELECT f.id, f.name, coalesce(max(v.year), 0)::int, count(v.id)::int FROM assurance_framework f
		LEFT JOIN assurance_version v ON v.framework_id = f.id
		WHERE f.partnership_id = $1 AND f.id = $2 GROUP BY f.id`, pid, id)
}

const versionSelect = `SELECT v.id, v.framework_id, f.name, v.year,
	(SELECT count(*) FROM assurance_round r WHERE r.version_id = v.id)::int
	FROM assurance_version v JOIN assurance_framework f ON f.id = v.framework_id`

// Versions returns the framework's versions, newest year first (the latest maxVersions).
func (s *Service) Versions(ctx context.Context, pid, frameworkID int64) ([]Version, error) {
	return database.All[Version](ctx, s.DB, "assurance: versions", versionSelect+`
		WHERE f.partnership_id = $1 AND f.id = $2 ORDER BY v.year DESC LIMIT $3`, pid, frameworkID, maxVersions)
}

// Version returns one of the partnership's versions with its standards in order.
func (s *Service) Version(ctx context.Context, pid, id int64) (Version, []Standard, error) {
	v, err := database.One[Version](ctx, s.DB, ErrNotFound, "assurance: version", versionSelect+` WHERE f.partnership_id = $1 AND v.id = $2`, pid, id)
	if err != nil {
		return v, nil, err
	}
	list, err := standards(ctx, s.DB, id)
	return v, list, err
}

const standardSelect = `SELECT s.id, s.version_id, coalesce(s.lineage, s.id), s.position, s.title, s.questions, s.evidence, s.version FROM assurance_standard s`

// standards are a version's standards in order.
func standards(ctx context.Context, q database.Querier, versionID int64) ([]Standard, error) {
	return database.All[Standard](ctx, q, "assurance: standards", standardSelect+` WHERE s.version_id = $1 ORDER BY s.position, s.id LIMIT $2`,
		versionID, MaxStandards)
}

// Standard returns one of the partnership's standards with its version.
func (s *Service) Standard(ctx context.Context, pid, id int64) (Standard, Version, error) {
	st, err := database.One[Standard](ctx, s.DB, ErrNotFound, "assurance: standard", standardSelect+`
		JOIN assurance_version v ON v.id = s.version_id JOIN assurance_framework f ON f.id = v.framework_id
		WHERE f.partnership_id = $1 AND s.id = $2`, pid, id)
	if err != nil {
		return st, Version{}, err
	}
	v, err := database.One[Version](ctx, s.DB, ErrNotFound, "assurance: version", versionSelect+` WHERE v.id = $1`, st.VersionID)
	return st, v, err
}

// CreateFramework creates a framework with its first year's version, empty of standards, and
// returns the version's id.
func (s *Service) CreateFramework(ctx context.Context, a app.Actor, pid int64, in FrameworkInput) (int64, error) {
	return app.Create(ctx, s.DB, a, in.Validate(), func(tx pgx.Tx) (int64, app.Event, error) {
		var id, versionID int64
		err := tx.QueryRow(ctx, `INSERT INTO assurance_framework (partnership_id, name) VALUES ($1, $2) RETURNING id`,
			pid, strings.TrimSpace(in.Name)).Scan(&id)
		err = app.OnUnique(err, "name", "There is already a framework with this name")
		if err == nil {
			err = tx.QueryRow(ctx, `INSERT INTO assurance_version (framework_id, year) VALUES ($1, $2) RETURNING id`, id, in.Year).Scan(&versionID)
		}
		return versionID, app.Event{Action: audit.AssuranceFrameworkCreate, ObjectType: "assurance_framework", ObjectID: id, Detail: "year " + strconv.Itoa(in.Year)}, err
	})
}

// NewVersion starts the framework's version for year, a copy of its latest version's standards
// (each keeping its line, so that rounds compare across years) to be adjusted; year must come
// after the latest. It returns the new version's id.
func (s *Service) NewVersion(ctx context.Context, a app.Actor, pid, frameworkID int64, year int) (int64, error) {
	var p app.Problems
	checkYear(&p, "year", year)
	if err := p.Err(); err != nil {
		return 0, err
	}
	var id int64
	err := app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: audit.AssuranceVersionCreate, ObjectType: "assurance_framework", ObjectID: frameworkID, Detail: "year " + strconv.Itoa(year)}
		var latest *int64
		var latestYear *int
		err := tx.QueryRow(ctx, `SELECT (SELECT v.id FROM assurance_version v WHERE v.framework_id = f.id ORDER BY v.year DESC LIMIT 1),
			(SELECT max(v.year) FROM assurance_version v WHERE v.framework_id = f.id)
			FROM assurance_framework f WHERE f.partnership_id = $1 AND f.id = $2 FOR UPDATE`, pid, frameworkID).Scan(&latest, &latestYear)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return ev, ErrNotFound
		case err != nil:
			return ev, err
		case latestYear != nil && year <= *latestYear:
			return ev, app.InvalidField("year", "Enter a year after "+strconv.Itoa(*latestYear)+", the framework's latest")
		}
		if err := tx.QueryRow(ctx, `INSERT INTO assurance_version (framework_id, year) VALUES ($1, $2) RETURNING id`, frameworkID, year).Scan(&id); err != nil {
			return ev, err
		}
		if latest != nil {
			_, err = tx.Exec(ctx, `INSERT INTO assurance_standard (version_id, lineage, position, title, questions, evidence)
				SELECT $1, coalesce(s.lineage, s.id), s.position, s.title, s.questions, s.evidence FROM assurance_standard s
				WHERE s.version_id = $2 ORDER BY s.position, s.id`, id, *latest)
		}
		return ev, err
	})
	return id, err
}

// AddStandard adds a standard at the end of a version no round has been opened on.
func (s *Service) AddStandard(ctx context.Context, a app.Actor, pid, versionID int64, in StandardInput) (int64, error) {
	return app.Create(ctx, s.DB, a, in.Validate(), func(tx pgx.Tx) (int64, app.Event, error) {
		var id int64
		ev := app.Event{Action: audit.AssuranceStandardAdd, ObjectType: "assurance_version", ObjectID: versionID}
		if err := lockOpenVersion(ctx, tx, pid, versionID, "title"); err != nil {
			return id, ev, err
		}
		err := tx.QueryRow(ctx, `INSERT INTO assurance_standard (version_id, position, title, questions, evidence)
			SELECT $1, coalesce(max(position), 0) + 1, $2, $3, $4 FROM assurance_standard WHERE version_id = $1
			HAVING count(*) < $5 RETURNING id`,
			versionID, strings.TrimSpace(in.Title), strings.TrimSpace(in.Questions), strings.TrimSpace(in.Evidence), MaxStandards).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			return id, ev, app.InvalidField("title", "A framework holds at most "+strconv.Itoa(MaxStandards)+" standards")
		}
		return id, ev, err
	})
}

// SaveStandard changes a standard of a version no round has been opened on, if it is still at
// in.Version.
func (s *Service) SaveStandard(ctx context.Context, a app.Actor, pid, id int64, in StandardInput) error {
	if err := in.Validate(); err != nil {
		return err
	}
	return s.changeStandard(ctx, a, pid, id, in.Version, audit.AssuranceStandardSave, func(tx pgx.Tx) error {
		return database.Exec(ctx, tx, errStale, "assurance: save standard", `UPDATE assurance_standard SET title = $3, questions = $4, evidence = $5,
			version = version + 1 WHERE id = $1 AND version = $2`, id, in.Version, strings.TrimSpace(in.Title), strings.TrimSpace(in.Questions), strings.TrimSpace(in.Evidence))
	})
}

// RemoveStandard takes a standard out of a version no round has been opened on, if it is still at
// version: next year's version drops a standard this way.
func (s *Service) RemoveStandard(ctx context.Context, a app.Actor, pid, id int64, version int) error {
	return s.changeStandard(ctx, a, pid, id, version, audit.AssuranceStandardRemove, func(tx pgx.Tx) error {
		return database.Exec(ctx, tx, errStale, "assurance: remove standard", `DELETE FROM assurance_standard WHERE id = $1 AND version = $2`, id, version)
	})
}

// changeStandard makes fn's change to the partnership's standard id, with its audit record, if
// its version is open and the standard still at version (fn returns errStale otherwise).
func (s *Service) changeStandard(ctx context.Context, a app.Actor, pid, id int64, version int, action audit.Action, fn func(tx pgx.Tx) error) error {
	return app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: action, ObjectType: "assurance_standard", ObjectID: id}
		var versionID int64
		var current int
		err := tx.QueryRow(ctx, `SELECT s.version_id, s.version FROM assurance_standard s JOIN assurance_version v ON v.id = s.version_id
			JOIN assurance_framework f ON f.id = v.framework_id WHERE f.partnership_id = $1 AND s.id = $2`, pid, id).Scan(&versionID, &current)
		if errors.Is(err, pgx.ErrNoRows) {
			return ev, ErrNotFound
		}
		if err != nil {
			return ev, err
		}
		if err := lockOpenVersion(ctx, tx, pid, versionID, "title"); err != nil {
			return ev, err
		}
		if err := fn(tx); errors.Is(err, errStale) {
			return ev, app.Stale("title", "changed this standard", "", current)
		} else if err != nil {
			return ev, err
		}
		return ev, nil
	})
}

var errStale = errors.New("assurance: stale")

// lockOpenVersion locks the partnership's version against a round opening while its standards
// change, and refuses a version a round has been opened on.
func lockOpenVersion(ctx context.Context, tx pgx.Tx, pid, versionID int64, field string) error {
	var rounds int
	err := tx.QueryRow(ctx, `SELECT (SELECT count(*) FROM assurance_round r WHERE r.version_id = v.id)::int
		FROM assurance_version v JOIN assurance_framework f ON f.id = v.framework_id
		WHERE f.partnership_id = $1 AND v.id = $2 FOR UPDATE OF v`, pid, versionID).Scan(&rounds)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return ErrNotFound
	case err != nil:
		return err
	case rounds > 0:
		return app.ConflictField(field, "A round has been opened on this year's version: its standards no longer change. Start next year's version to adjust them")
	}
	return nil
}
