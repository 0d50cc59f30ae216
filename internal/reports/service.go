package reports

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/signoff"
)

// Service reads and changes the partnership's reports. The caller has asked the access policy.
type Service struct {
	app.Env // the database and the clock
}

// List returns the partnership's reports, newest period first.
func (s *Service) List(ctx context.Context, partnershipID int64) ([]Listed, error) {
	return List(ctx, s.DB, partnershipID)
}

// Current is the period of a kind that today falls in: the report the Engine Room is drafting.
func (s *Service) Current(k *Kind, m YearStart) Period { return k.PeriodOf(s.Today(), m) }

// YearStarts returns the month the partnership's reporting year starts in.
func YearStarts(ctx context.Context, q database.Querier, partnershipID int64) (YearStart, error) {
	var m int
	if err := q.QueryRow(ctx, `SELECT year_starts FROM partnership WHERE id = $1`, partnershipID).Scan(&m); err != nil {
		return April, fmt.Errorf("reports: year starts: %w", err)
	}
	return StartOf(m), nil
}

// Report returns one of the partnership's reports with its figures: frozen if submitted, drawn
// from the records now if a draft. It runs a fixed number of queries.
func (s *Service) Report(ctx context.Context, partnershipID, id int64) (Report, error) {
	r, raw, err := Get(ctx, s.DB, partnershipID, id)
	if err != nil {
		return r, err
	}
	var f Figures
	if r.Status == Submitted {
		f, err = frozen(raw)
	} else {
		r.Live = true
		f, err = r.Kind.Draw(ctx, s.DB, partnershipID, r.Period, asAt(r.Period, s.Today()))
	}
	if err != nil {
		return r, err
	}
	r.setFigures(f)
	r.Chair, err = s.chair(ctx, partnershipID, f)
	return r, err
}

// chair names the organisation chairing the Engine Room on the figures' day, by its chair rota
// (as partnership.CurrentChair reads it), in one query; "" when the rota names none.
func (s *Service) chair(ctx context.Context, partnershipID int64, f Figures) (string, error) {
	names, err := database.Values[string](ctx, s.DB, "reports: chair", `SELECT o.name FROM chair_rota r JOIN organisation o ON o.id = r.organisation_id
		WHERE r.body_id = (SELECT id FROM body WHERE partnership_id = $1 AND kind = 'engine_room' ORDER BY id LIMIT 1)
		  AND r.starts_on <= $2 AND r.ends_on >= $2 ORDER BY r.starts_on LIMIT 1`, partnershipID, f.AsAt)
	if err != nil || len(names) == 0 {
		return "", err
	}
	return names[0], nil
}

// ByPeriod returns the id of the partnership's report of a kind for a period named by its key
// (exception, 2026-Q3), or ErrNotFound.
func (s *Service) ByPeriod(ctx context.Context, partnershipID int64, kind, period string) (int64, error) {
	k, ok := KindOf(kind)
	if !ok {
		return 0, ErrNotFound
	}
	if _, ok := k.ParsePeriod(period, April); !ok {
		return 0, ErrNotFound
	}
	return database.OneWith(ctx, s.DB, pgx.RowTo[int64], ErrNotFound, "reports: by period", `SELECT id FROM report WHERE partnership_id = $1 AND kind = $2 AND period = $3`,
		partnershipID, k.Value, period)
}

// Download returns the report for its tables to be downloaded, and records the download: a copy
// of the report leaves the portal.
func (s *Service) Download(ctx context.Context, a app.Actor, partnershipID, id int64) (Report, error) {
	r, err := s.Report(ctx, partnershipID, id)
	if err != nil {
		return r, err
	}
	return r, app.Read(ctx, s.DB, a, app.Event{Action: audit.ReportDownload, ObjectType: "report", ObjectID: id, Detail: r.Kind.Value + " " + r.Period.Key})
}

// EarlierVersion returns the report as it was submitted in version number, before a reopening.
func (s *Service) EarlierVersion(ctx context.Context, partnershipID, id int64, number int) (Report, error) {
	r, _, err := Get(ctx, s.DB, partnershipID, id)
	if err != nil {
		return r, err
	}
	var figures, narratives []byte
	var v Version
	err = s.DB.QueryRow(ctx, `SELECT v.figures, v.narratives, v.submitted_at, coalesce(u.name, '') FROM report_version v
		LEFT JOIN app_user u ON u.id = v.submitted_by WHERE v.report_id = $1 AND v.number = $2`, id, number).Scan(&figures, &narratives, &v.SubmittedAt, &v.SubmittedBy)
	if errors.Is(err, pgx.ErrNoRows) {
		return r, ErrNotFound
	}
	if err != nil {
		return r, fmt.Errorf("reports: earlier version: %w", err)
	}
	f, err := frozen(figures)
	if err != nil {
		return r, err
	}
	var texts map[string]string
	if err := json.Unmarshal(narratives, &texts); err != nil {
		return r, fmt.Errorf("reports: earlier narratives: %w", err)
	}
	for i := range r.Sections {
		r.Sections[i].Narrative, r.Sections[i].UpdatedAt, r.Sections[i].UpdatedBy = texts[r.Sections[i].Key], nil, ""
	}
	r.Status, r.Live, r.Number, r.SubmittedAt, r.SubmittedBy = Submitted, false, number, &v.SubmittedAt, v.SubmittedBy
	r.setFigures(f)
	r.Chair, err = s.chair(ctx, partnershipID, f)
	return r, err
}

// StartInput starts a report: its kind and period.
type StartInput struct {
	PartnershipID int64
	Kind          string
	Period        string // the period's key; "" for the current one
	PeriodField   string // the field the period was chosen in, on which its problems are named; "period" when ""
}

// Start starts a draft report for a period that has begun, and returns its id.
func (s *Service) Start(ctx context.Context, a app.Actor, in StartInput) (int64, error) {
	k, ok := KindOf(in.Kind)
	if !ok {
		return 0, app.InvalidField("kind", "Choose a kind of report from the list")
	}
	field := in.PeriodField
	if field == "" {
		field = "period"
	}
	m, err := YearStarts(ctx, s.DB, in.PartnershipID)
	if err != nil {
		return 0, err
	}
	p := s.Current(k, m)
	if in.Period != "" {
		if p, ok = k.ParsePeriod(in.Period, m); !ok {
			return 0, app.InvalidField(field, "Choose a period from the list")
		}
	}
	if p.Start.After(s.Today()) {
		return 0, app.InvalidField(field, "That period has not begun yet: choose one that has")
	}
	if err := mayWrite(a, k, "", in.PartnershipID); err != nil {
		return 0, err
	}
	var id int64
	err = app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		var err error
		id, err = Create(ctx, tx, in.PartnershipID, k, p, a.UserID)
		return app.Event{Action: audit.ReportStart, ObjectType: "report", ObjectID: id, Detail: k.Value + " " + p.Key}, err
	})
	return id, err
}

// maxNarrative is the longest narrative of a section, in characters.
const maxNarrative = 20000

// SectionInput is a section's narrative, saved over the version its writer loaded.
type SectionInput struct {
	PartnershipID int64
	ReportID      int64
	Key           string
	Narrative     string
	Version       int
}

// text checks text typed into field: within max characters, and storable (no NUL byte, valid
// UTF-8, which a browser never sends but a hand-made request may).
func text(p *app.Problems, field, value, what string, max int) {
	switch {
	case !utf8.ValidString(value) || strings.ContainsRune(value, 0):
		p.Add(field, what+" holds characters that cannot be stored: type it again or paste it as plain text")
	case utf8.RuneCountInString(value) > max:
		p.Add(field, fmt.Sprintf("%s must be %s characters or fewer", what, thousands(max)))
	}
}

func thousands(n int) string {
	s := fmt.Sprint(n)
	if len(s) > 3 {
		return s[:len(s)-3] + "," + s[len(s)-3:]
	}
	return s
}

// NarrativeField is the field a section's narrative is typed into, on which its problems are
// named: one per section, as a report's page holds every section's form.
func NarrativeField(key string) string { return "narrative-" + key }

// SaveSection stores a section's narrative, if the section is still at in.Version and the report
// is a draft. The report's own version moves on too, so a submission is made over what its
// submitter saw.
func (s *Service) SaveSection(ctx context.Context, a app.Actor, in SectionInput) error {
	var p app.Problems
	field := NarrativeField(in.Key)
	text(&p, field, in.Narrative, "The narrative", maxNarrative)
	if err := p.Err(); err != nil {
		return err
	}
	return app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: audit.ReportSection, ObjectType: "report", ObjectID: in.ReportID, Detail: in.Key}
		status, _, err := lockReport(ctx, tx, in.PartnershipID, in.ReportID)
		if err != nil {
			return ev, err
		}
		var sectionID int64
		var version int
		var kind string
		err = tx.QueryRow(ctx, `SELECT s.id, s.version, r.kind FROM report_section s JOIN report r ON r.id = s.report_id
			WHERE s.report_id = $1 AND s.key = $2`, in.ReportID, in.Key).Scan(&sectionID, &version, &kind)
		if errors.Is(err, pgx.ErrNoRows) {
			return ev, ErrNotFound
		}
		if err != nil {
			return ev, fmt.Errorf("reports: save section: %w", err)
		}
		if err := mayWriteKind(a, kind, in.Key, in.PartnershipID); err != nil {
			return ev, err
		}
		if status != Draft {
			return ev, app.ConflictField(field, "This report has been submitted, so its narrative can no longer change: reopen it first")
		}
		if version != in.Version {
			return ev, app.Stale(field, "saved this section", "", version)
		}
		ev.ObjectType, ev.ObjectID = "report_section", sectionID
		return ev, WriteNarrative(ctx, tx, in.ReportID, sectionID, in.Narrative, a.UserID, s.Time())
	})
}

// SubmitInput submits a report as its submitter saw it.
type SubmitInput struct {
	PartnershipID int64
	ReportID      int64
	Version       int
}

// Submit submits a draft report: its figures are drawn once more and frozen with it, so that no
// later change to a record alters what was reported.
func (s *Service) Submit(ctx context.Context, a app.Actor, in SubmitInput) error {
	return app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: audit.ReportSubmit, ObjectType: "report", ObjectID: in.ReportID}
		status, version, err := lockReport(ctx, tx, in.PartnershipID, in.ReportID)
		if err != nil {
			return ev, err
		}
		if status != Draft {
			return ev, app.ConflictField("submit", "This report has already been submitted")
		}
		if version != in.Version {
			return ev, app.Stale("submit", "changed this report", "", version)
		}
		r, _, err := Get(ctx, tx, in.PartnershipID, in.ReportID)
		if err != nil {
			return ev, err
		}
		ev.Detail = r.Kind.Value + " " + r.Period.Key
		if err := mayWrite(a, r.Kind, "", in.PartnershipID); err != nil {
			return ev, err
		}
		if err := Freeze(ctx, tx, r, a.UserID, s.Time(), asAt(r.Period, s.Today())); err != nil {
			return ev, err
		}
		if !r.Kind.Published {
			return ev, nil
		}
		_, err = signoff.Submit(ctx, tx, in.PartnershipID, Subject(r.ID), r.Kind.Label+": "+r.Period.Label, a.UserID, nil)
		return ev, err
	})
}

// ReopenInput reopens a submitted report, saying why.
type ReopenInput struct {
	PartnershipID int64
	ReportID      int64
	Reason        string
	Version       int
}

// Reopen makes a submitted report a draft again, keeping the version submitted (its figures and
// narratives) with who reopened it and why.
func (s *Service) Reopen(ctx context.Context, a app.Actor, in ReopenInput) error {
	var p app.Problems
	if strings.TrimSpace(in.Reason) == "" {
		p.Add("reason", "Say why the report is being reopened")
	}
	text(&p, "reason", in.Reason, "The reason", 2000)
	if err := p.Err(); err != nil {
		return err
	}
	return app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: audit.ReportReopen, ObjectType: "report", ObjectID: in.ReportID}
		status, version, err := lockReport(ctx, tx, in.PartnershipID, in.ReportID)
		if err != nil {
			return ev, err
		}
		var kind string
		var published bool
		if err := tx.QueryRow(ctx, `SELECT kind, published_on IS NOT NULL FROM report WHERE id = $1`, in.ReportID).Scan(&kind, &published); err != nil {
			return ev, fmt.Errorf("reports: reopen: %w", err)
		}
		if err := mayWriteKind(a, kind, "", in.PartnershipID); err != nil {
			return ev, err
		}
		if status != Submitted {
			return ev, app.ConflictField("reason", "This report is a draft already")
		}
		if version != in.Version {
			return ev, app.Stale("reason", "changed this report", "", version)
		}
		if published {
			return ev, app.ConflictField("reason", "This report has been published, so it can no longer be reopened")
		}
		if err := voidSignOff(ctx, tx, in.PartnershipID, in.ReportID, a.UserID, in.Reason); err != nil {
			return ev, err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO report_version (report_id, number, figures, narratives, submitted_at, submitted_by, reopened_at, reopened_by, reason)
			SELECT r.id, (SELECT count(*) + 1 FROM report_version v WHERE v.report_id = r.id), r.figures,
			       (SELECT coalesce(jsonb_object_agg(s.key, s.narrative), '{}') FROM report_section s WHERE s.report_id = r.id),
			       r.submitted_at, r.submitted_by, $2, $3, $4
			FROM report r WHERE r.id = $1`, in.ReportID, s.Time(), a.UserID, strings.TrimSpace(in.Reason)); err != nil {
			return ev, fmt.Errorf("reports: keep version: %w", err)
		}
		return ev, database.Exec(ctx, tx, errGone, "reports: reopen", `UPDATE report SET status = 'draft', figures = NULL, submitted_at = NULL,
			submitted_by = NULL, version = version + 1 WHERE id = $1`, in.ReportID)
	})
}

// mayWrite refuses a change to a report of kind k (its section keyed key, or the report itself
// for "") by someone the kind's writer action does not allow: the HTTP layer asks first, and this
// keeps the rule (only the scrutineer writes scrutiny's section) whoever calls the service.
func mayWrite(a app.Actor, k *Kind, key string, partnershipID int64) error {
	if !access.Decide(a.Subject, k.Writer(key), access.Object{PartnershipID: partnershipID}).Allowed {
		return app.ErrForbidden
	}
	return nil
}

// mayWriteKind is mayWrite for a kind named by its value, as stored.
func mayWriteKind(a app.Actor, kind, key string, partnershipID int64) error {
	k, ok := KindOf(kind)
	if !ok {
		return fmt.Errorf("reports: report of unknown kind %q", kind)
	}
	return mayWrite(a, k, key, partnershipID)
}

// KindOfReport returns the kind of one of the partnership's reports, so that the HTTP layer can
// ask the access policy for the kind's writer action.
func (s *Service) KindOfReport(ctx context.Context, partnershipID, id int64) (*Kind, error) {
	kind, err := database.OneWith(ctx, s.DB, pgx.RowTo[string], ErrNotFound, "reports: kind", `SELECT kind FROM report WHERE partnership_id = $1 AND id = $2`,
		partnershipID, id)
	if err != nil {
		return nil, err
	}
	k, ok := KindOf(kind)
	if !ok {
		return nil, fmt.Errorf("reports: report %d of unknown kind %q", id, kind)
	}
	return k, nil
}
