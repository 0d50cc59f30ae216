// Package volume loads a national installation's worth of plausible records on top of the demo, so
// that the portal's pages can be measured at the size they will meet (`portal seed volume`,
// `make bench`, docs/benchmarks.md). Everything is set-based SQL (INSERT ... SELECT over
// generate_series) run as the owner of the tables, and the audit log's history is appended to its
// hash chain in one COPY (audit.AppendMany), so the national size loads in a few minutes on two
// cores.
package volume

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
)

// Size is how much to load. National is the size issue #15 measured: 150 partnerships on top of the
// demo's three, five years of history; Scale multiplies every record count but the partnerships.
type Size struct {
	Partnerships int     // partnerships added (slugs vol-001, vol-002, ...)
	Scale        float64 // 1 = national: 300,000 requests, 18,000 themes, 6,000 rapid reviews, 4.5 million audit entries
}

// National is the size of all of England's partnerships on one installation.
var National = Size{Partnerships: 150, Scale: 1}

// The record counts at scale 1, spread over every partnership (the demo's too) by weight: the
// demo's partnerships and every 30th added one are heavy, four times the others.
const (
	nationalRequests = 300_000
	nationalThemes   = 18_000
	nationalReviews  = 6_000
	nationalAudit    = 4_500_000
	// Assurance and workforce, over the same years: 40 training sessions a year in an average
	// partnership, 300 bulletin subscribers, two multi-agency case audits a year.
	nationalSessions    = 30_000
	nationalSubscribers = 45_000
	nationalCaseAudits  = 1_500
	heavyWeight         = 4
	peoplePerPlace      = 48 // 40 practitioners and 8 members of the partnership's bodies, in each
	years               = 5  // of history
)

// Counts are what a load added, counted in the database afterwards.
type Counts struct {
	Partnerships, People, Requests, Triage, Themes, Commissions, Recommendations, Actions, Reviews, LocalReviews, Audit int64
	Sessions, Bookings, Evaluations, Bulletins, Subscribers, Budgets, AssuranceReturns, CaseAudits                      int64
}

// ErrLoaded is returned when the volume is already there: it is loaded once into a database.
var ErrLoaded = errors.New("volume: this database already holds the volume data (partnerships vol-...)")

// Generate loads size into the database db connects to, as the owner of its tables (it switches
// the audit chain's trigger off for its own COPY). The records are committed in one transaction and
// their audit history in a second; now is the end of the history.
func Generate(ctx context.Context, db *pgxpool.Pool, size Size, now time.Time, log *slog.Logger) (Counts, error) {
	if size.Partnerships < 0 || size.Scale <= 0 || size.Scale > 10 {
		return Counts{}, fmt.Errorf("volume: partnerships must be 0 or more and scale above 0 and at most 10")
	}
	var loaded bool
	if err := db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM partnership WHERE slug LIKE 'vol-%')`).Scan(&loaded); err != nil {
		return Counts{}, fmt.Errorf("volume: %w", err)
	}
	if loaded {
		return Counts{}, ErrLoaded
	}
	params := map[string]any{
		"partnerships": size.Partnerships,
		"requests":     scaled(nationalRequests, size.Scale),
		"themes":       scaled(nationalThemes, size.Scale),
		"reviews":      scaled(nationalReviews, size.Scale),
		"audit":        scaled(nationalAudit, size.Scale),
		"sessions":     scaled(nationalSessions, size.Scale),
		"subscribers":  scaled(nationalSubscribers, size.Scale),
		"caseaudits":   scaled(nationalCaseAudits, size.Scale),
		"heavy":        heavyWeight,
		"people":       peoplePerPlace,
		"days":         years * 365,
		"now":          now,
	}
	err := database.InTx(ctx, db, func(tx pgx.Tx) error {
		for _, st := range steps {
			start := time.Now()
			tag, err := tx.Exec(ctx, st.sql, pgx.NamedArgs(params))
			if err != nil {
				return fmt.Errorf("volume: %s: %w", st.name, err)
			}
			log.Info("volume", "step", st.name, "rows", tag.RowsAffected(), "took", time.Since(start).Round(time.Millisecond))
		}
		return nil
	})
	if err != nil {
		return Counts{}, err
	}
	start := time.Now()
	n, err := appendHistory(ctx, db)
	if err != nil {
		return Counts{}, err
	}
	log.Info("volume", "step", "audit history", "rows", n, "took", time.Since(start).Round(time.Millisecond))
	return count(ctx, db)
}

// step is one statement of a load, named in its log.
type step struct{ name, sql string }

// steps are a load's statements in order: the learning records, then the assurance and workforce
// records that point at them, then the audit history of all.
var steps = slices.Concat(recordSteps, workforceSteps, auditSteps)

func scaled(n int, scale float64) int { return int(math.Ceil(float64(n) * scale)) }

// appendHistory moves the audit history the steps staged (volume_audit_stage, in the order of
// time) onto the audit log's chain, then drops the stage.
func appendHistory(ctx context.Context, db *pgxpool.Pool) (int64, error) {
	read, err := db.Acquire(ctx)
	if err != nil {
		return 0, fmt.Errorf("volume: audit history: %w", err)
	}
	defer read.Release()
	rows, err := read.Query(ctx, `
		SELECT at, actor_id, actor_email, partnership_id, action, object_type, object_id, ip, detail
		FROM volume_audit_stage ORDER BY at`)
	if err != nil {
		return 0, fmt.Errorf("volume: audit history: %w", err)
	}
	defer rows.Close()
	var n int64
	err = database.InTx(ctx, db, func(tx pgx.Tx) error {
		rebuild, err := dropIndexes(ctx, tx, "audit_log")
		if err != nil {
			return err
		}
		n, err = audit.AppendMany(ctx, tx, func() (audit.Entry, error) {
			if !rows.Next() {
				if err := rows.Err(); err != nil {
					return audit.Entry{}, err
				}
				return audit.Entry{}, io.EOF
			}
			var e audit.Entry
			var action string
			err := rows.Scan(&e.At, &e.ActorID, &e.ActorEmail, &e.PartnershipID, &action, &e.ObjectType, &e.ObjectID, &e.IP, &e.Detail)
			e.Action = audit.Action(action)
			return e, err
		})
		if err != nil {
			return err
		}
		return rebuild()
	})
	rows.Close()
	if err != nil {
		return 0, fmt.Errorf("volume: audit history: %w", err)
	}
	if _, err := db.Exec(ctx, `DROP TABLE volume_audit_stage`); err != nil {
		return 0, fmt.Errorf("volume: audit history: %w", err)
	}
	return n, nil
}

// count counts what the volume added: the records of its partnerships and the people and records
// it added to the demo's (theirs are marked: e-mail at volume.example, form keys and references
// starting vol- or V).
func count(ctx context.Context, db database.Querier) (Counts, error) {
	var c Counts
	err := db.QueryRow(ctx, `
		SELECT (SELECT count(*) FROM partnership WHERE slug LIKE 'vol-%'),
		       (SELECT count(*) FROM app_user WHERE email LIKE '%@volume.example'),
		       (SELECT count(*) FROM intake_request WHERE form_key LIKE 'vol-%'),
		       (SELECT count(*) FROM triage t JOIN intake_request r ON r.id = t.request_id WHERE r.form_key LIKE 'vol-%'),
		       (SELECT count(*) FROM theme WHERE title LIKE '%·%'),
		       (SELECT count(*) FROM commission c JOIN theme t ON t.id = c.theme_id WHERE t.title LIKE '%·%'),
		       (SELECT count(*) FROM recommendation r JOIN commission c ON c.id = r.commission_id JOIN theme t ON t.id = c.theme_id WHERE t.title LIKE '%·%'),
		       (SELECT count(*) FROM action a JOIN recommendation r ON r.id = a.recommendation_id JOIN commission c ON c.id = r.commission_id
		         JOIN theme t ON t.id = c.theme_id WHERE t.title LIKE '%·%'),
		       (SELECT count(*) FROM rapid_review WHERE reference LIKE 'RR-V%'),
		       (SELECT count(*) FROM local_cspr WHERE reference LIKE 'CSPR-V%'),
		       (SELECT count(*) FROM audit_log WHERE ip = '203.0.113.15'),
		       (SELECT count(*) FROM training_session s JOIN training_course c ON c.id = s.course_id
		         JOIN app_user u ON u.id = c.created_by WHERE u.email LIKE '%@volume.example'),
		       (SELECT count(*) FROM training_booking b JOIN app_user u ON u.id = b.user_id WHERE u.email LIKE '%@volume.example'),
		       (SELECT count(*) FROM training_evaluation e JOIN training_booking b ON b.id = e.booking_id
		         JOIN app_user u ON u.id = b.user_id WHERE u.email LIKE '%@volume.example'),
		       (SELECT count(*) FROM bulletin b JOIN app_user u ON u.id = b.created_by WHERE u.email LIKE '%@volume.example'),
		       (SELECT count(*) FROM bulletin_subscriber WHERE email LIKE '%@subscribers.volume.example'),
		       (SELECT count(*) FROM budget b JOIN partnership p ON p.id = b.partnership_id WHERE p.slug LIKE 'vol-%'),
		       (SELECT count(*) FROM assurance_return x JOIN assurance_round r ON r.id = x.round_id
		         JOIN assurance_version v ON v.id = r.version_id JOIN assurance_framework f ON f.id = v.framework_id
		         WHERE f.name = 'Section 11 standards'),
		       (SELECT count(*) FROM case_audit a JOIN app_user u ON u.id = a.planned_by WHERE u.email LIKE '%@volume.example')`).Scan(
		&c.Partnerships, &c.People, &c.Requests, &c.Triage, &c.Themes, &c.Commissions, &c.Recommendations, &c.Actions,
		&c.Reviews, &c.LocalReviews, &c.Audit, &c.Sessions, &c.Bookings, &c.Evaluations, &c.Bulletins, &c.Subscribers,
		&c.Budgets, &c.AssuranceReturns, &c.CaseAudits)
	if err != nil {
		return c, fmt.Errorf("volume: count: %w", err)
	}
	return c, nil
}

// dropIndexes drops table's indexes but its primary key, in tx, and returns the function that
// builds them again from their own definitions: building an index over millions of rows once is
// several times quicker than keeping it up to date row by row, and the definitions are read from
// the database, so indexes later migrations add are rebuilt too.
func dropIndexes(ctx context.Context, tx pgx.Tx, table string) (rebuild func() error, err error) {
	what := "volume: indexes of " + table
	defs, err := database.Values[string](ctx, tx, what, `
		SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i
		WHERE i.indrelid = $1::regclass AND NOT i.indisprimary ORDER BY i.indexrelid`, table)
	if err != nil {
		return nil, err
	}
	names, err := database.Values[string](ctx, tx, what, `
		SELECT i.indexrelid::regclass::text FROM pg_index i
		WHERE i.indrelid = $1::regclass AND NOT i.indisprimary ORDER BY i.indexrelid`, table)
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		if _, err := tx.Exec(ctx, "DROP INDEX "+name); err != nil {
			return nil, fmt.Errorf("volume: drop index %s: %w", name, err)
		}
	}
	return func() error {
		for _, def := range defs {
			if _, err := tx.Exec(ctx, def); err != nil {
				return fmt.Errorf("volume: %s: %w", def, err)
			}
		}
		return nil
	}, nil
}
