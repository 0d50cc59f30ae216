// Package reports drafts the partnership's reports from its live records: the Engine Room's
// quarterly exception report to the Executive now, the yearly report later, as kinds of one
// mechanism. A report has a kind, a period and the kind's sections in a fixed order; each
// section shows figures drawn from the records by named queries (queries.go) and a narrative the
// Engine Room writes in Markdown. Submission freezes the figures; reopening, with a reason, keeps
// the submitted version.
package reports

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/database"
)

// Errors of this package.
var (
	ErrNotFound = app.NotFoundError("reports: no such report")
	errGone     = app.NotFoundError("reports: report gone") // a row locked in the transaction was not there: cannot happen
)

// Statuses of a report.
const (
	Draft     = "draft"
	Submitted = "submitted"
)

// Statuses are a report's statuses in words.
var Statuses = app.Choices{{Value: Draft, Label: "Draft"}, {Value: Submitted, Label: "Submitted"}}

// Listed is a report in the list.
type Listed struct {
	ID          int64
	Kind        string
	Period      string
	PeriodStart time.Time
	PeriodEnd   time.Time
	Status      string
	SubmittedAt *time.Time
	Versions    int // earlier submitted versions kept
}

// Report is a report with its sections. Figures are the frozen ones of a submitted report, or
// those drawn from the records now for a draft (Live).
type Report struct {
	ID            int64
	PartnershipID int64
	Kind          *Kind
	Period        Period
	Status        string
	Figures       Figures
	Live          bool
	SubmittedAt   *time.Time
	SubmittedBy   string
	Version       int
	Sections      []Section
	Versions      []Version
	Chair         string // the organisation chairing the Engine Room on the figures' day; "" when the rota has none
	Number        int    // for an earlier version: its number; 0 for the report as it is
	// Publication, for a kind that is published (the yearly report): the day it is public from,
	// and the days it was sent to the national Panel and to the What Works centre.
	PublishedOn       *time.Time
	SentToPanelOn     *time.Time
	SentToWhatWorksOn *time.Time
}

// Section is one section of a report: its definition, its narrative and its figures.
type Section struct {
	SectionDef
	ID        int64 // stable: a challenge names the section by it
	Narrative string
	UpdatedAt *time.Time
	UpdatedBy string
	Version   int
	Figures   SectionFigures
}

// Version is a submitted version kept when the report was reopened.
type Version struct {
	Number      int
	SubmittedAt time.Time
	SubmittedBy string
	ReopenedAt  time.Time
	ReopenedBy  string
	Reason      string
}

// maxListed bounds the reports list: ten years of quarterly reports.
const maxListed = 40

// List returns the partnership's reports, newest period first, at most maxListed.
func List(ctx context.Context, q database.Querier, partnershipID int64) ([]Listed, error) {
	return database.All[Listed](ctx, q, "reports: list", `SELECT r.id, r.kind, r.period, r.period_start, r.period_end, r.status, r.submitted_at,
		(SELECT count(*)::int FROM report_version v WHERE v.report_id = r.id)
		FROM report r WHERE r.partnership_id = $1 ORDER BY r.period_start DESC, r.id DESC LIMIT $2`, partnershipID, maxListed)
}

// Create starts a draft report of a kind for a period, with a row for each of its sections.
func Create(ctx context.Context, tx pgx.Tx, partnershipID int64, k *Kind, p Period, by int64) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO report (partnership_id, kind, period, period_start, period_end, created_by)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, partnershipID, k.Value, p.Key, p.Start, p.End, by).Scan(&id)
	if err != nil {
		return 0, app.OnUnique(fmt.Errorf("reports: create: %w", err), "period", "There is already a report for that period: open it from the list")
	}
	keys := make([]string, len(k.Sections))
	for i, s := range k.Sections {
		keys[i] = s.Key
	}
	if _, err := tx.Exec(ctx, `INSERT INTO report_section (report_id, key, position)
		SELECT $1, key, position FROM unnest($2::text[]) WITH ORDINALITY AS s(key, position)`, id, keys); err != nil {
		return 0, fmt.Errorf("reports: create sections: %w", err)
	}
	return id, nil
}

// stored is a report's row.
type stored struct {
	ID          int64
	Kind        string
	Period      string
	Status      string
	Figures     []byte
	SubmittedAt *time.Time
	SubmittedBy string
	Version     int
	PublishedOn *time.Time
	PanelOn     *time.Time
	WhatWorksOn *time.Time
	YearStarts  int // the month of period_start: the year's start, frozen with the report
}

// Get returns one of the partnership's reports with its sections and earlier versions, in three
// queries, without its figures (Load draws or reads them).
func Get(ctx context.Context, q database.Querier, partnershipID, id int64) (Report, []byte, error) {
	st, err := database.One[stored](ctx, q, ErrNotFound, "reports: get", `SELECT r.id, r.kind, r.period, r.status, r.figures, r.submitted_at,
		coalesce(u.name, ''), r.version, r.published_on, r.sent_to_panel_on, r.sent_to_what_works_on,
		extract(month FROM r.period_start)::int
		FROM report r LEFT JOIN app_user u ON u.id = r.submitted_by WHERE r.partnership_id = $1 AND r.id = $2`, partnershipID, id)
	if err != nil {
		return Report{}, nil, err
	}
	k, ok := KindOf(st.Kind)
	if !ok {
		return Report{}, nil, fmt.Errorf("reports: report %d of unknown kind %q", id, st.Kind)
	}
	p, ok := k.ParsePeriod(st.Period, StartOf(st.YearStarts))
	if !ok {
		return Report{}, nil, fmt.Errorf("reports: report %d of unreadable period %q", id, st.Period)
	}
	r := Report{ID: st.ID, PartnershipID: partnershipID, Kind: k, Period: p, Status: st.Status, SubmittedAt: st.SubmittedAt,
		SubmittedBy: st.SubmittedBy, Version: st.Version, PublishedOn: st.PublishedOn, SentToPanelOn: st.PanelOn, SentToWhatWorksOn: st.WhatWorksOn}
	type sectionRow struct {
		ID        int64
		Key       string
		Narrative string
		UpdatedAt *time.Time
		UpdatedBy string
		Version   int
	}
	rows, err := database.All[sectionRow](ctx, q, "reports: sections", `SELECT s.id, s.key, s.narrative, s.updated_at, coalesce(u.name, ''), s.version
		FROM report_section s LEFT JOIN app_user u ON u.id = s.updated_by WHERE s.report_id = $1`, id)
	if err != nil {
		return r, nil, err
	}
	byKey := map[string]sectionRow{}
	for _, s := range rows {
		byKey[s.Key] = s
	}
	for _, def := range k.Sections {
		s := byKey[def.Key]
		r.Sections = append(r.Sections, Section{SectionDef: def, ID: s.ID, Narrative: s.Narrative, UpdatedAt: s.UpdatedAt,
			UpdatedBy: s.UpdatedBy, Version: s.Version})
	}
	r.Versions, err = database.All[Version](ctx, q, "reports: versions", `SELECT v.number, v.submitted_at, coalesce(s.name, ''), v.reopened_at,
		coalesce(o.name, ''), v.reason
		FROM report_version v LEFT JOIN app_user s ON s.id = v.submitted_by LEFT JOIN app_user o ON o.id = v.reopened_by
		WHERE v.report_id = $1 ORDER BY v.number DESC`, id)
	return r, st.Figures, err
}

// setFigures puts figures on the report's sections.
func (r *Report) setFigures(f Figures) {
	r.Figures = f
	for i := range r.Sections {
		r.Sections[i].Figures = f.Sections[r.Sections[i].Key]
	}
}

// frozen reads a submitted report's stored figures.
func frozen(raw []byte) (Figures, error) {
	var f Figures
	if err := json.Unmarshal(raw, &f); err != nil {
		return f, fmt.Errorf("reports: read frozen figures: %w", err)
	}
	return f, nil
}

// asAt is the day a period's figures describe on today: its last day once it is over, today
// while it runs.
func asAt(p Period, today time.Time) time.Time {
	if today.After(p.End) {
		return p.End
	}
	return today
}

// lockReport reads the report's status and version for a change, holding it until the
// transaction ends.
func lockReport(ctx context.Context, tx pgx.Tx, partnershipID, id int64) (string, int, error) {
	var status string
	var version int
	err := tx.QueryRow(ctx, `SELECT status, version FROM report WHERE partnership_id = $1 AND id = $2 FOR UPDATE`, partnershipID, id).Scan(&status, &version)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", 0, ErrNotFound
	}
	if err != nil {
		return "", 0, fmt.Errorf("reports: lock: %w", err)
	}
	return status, version, nil
}

// WriteNarrative stores a section's narrative, written by whom and when; the report's version
// moves on with the section's.
func WriteNarrative(ctx context.Context, tx pgx.Tx, reportID, sectionID int64, narrative string, by int64, at time.Time) error {
	if _, err := tx.Exec(ctx, `UPDATE report_section SET narrative = $2, updated_at = $3, updated_by = $4, version = version + 1 WHERE id = $1`,
		sectionID, strings.TrimSpace(narrative), at, by); err != nil {
		return fmt.Errorf("reports: write narrative: %w", err)
	}
	return database.Exec(ctx, tx, errGone, "reports: write narrative", `UPDATE report SET version = version + 1 WHERE id = $1`, reportID)
}

// Freeze submits report r by whom and when, with its figures drawn from the records as at asAt
// and stored with it, so that no later change to a record alters what was reported.
func Freeze(ctx context.Context, tx pgx.Tx, r Report, by int64, at, asAt time.Time) error {
	f, err := r.Kind.Draw(ctx, tx, r.PartnershipID, r.Period, asAt)
	if err != nil {
		return err
	}
	raw, err := json.Marshal(f)
	if err != nil {
		return fmt.Errorf("reports: freeze figures: %w", err)
	}
	return database.Exec(ctx, tx, errGone, "reports: submit", `UPDATE report SET status = 'submitted', figures = $2, submitted_at = $3,
		submitted_by = $4, version = version + 1 WHERE id = $1`, r.ID, raw, at, by)
}

// ExceptionSectionRows is the SQL of the exception reports' sections as another area names them,
// as (id, partnership_id, name), the name being the section's heading and the report's quarter:
// "What is off track, Q3 2026-27". A challenge on a section refers to it by its id.
var ExceptionSectionRows = func() string {
	sql := `SELECT s.id, r.partnership_id, CASE s.key`
	for _, d := range Exception.Sections {
		sql += ` WHEN '` + d.Key + `' THEN '` + strings.ReplaceAll(d.Title, "'", "''") + `'`
	}
	return sql + ` ELSE s.key END || ', Q' || right(r.period, 1) || ' ' || left(r.period, 4) || '-' ||
		lpad(((left(r.period, 4)::int + 1) % 100)::text, 2, '0') AS name
		FROM report_section s JOIN report r ON r.id = s.report_id WHERE r.kind = '` + Exception.Value + `'`
}()
