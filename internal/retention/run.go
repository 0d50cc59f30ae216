package retention

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
)

// Batch bounds the records of one type and partnership one run deals with, so a run's
// transactions stay short; the next run takes the rest.
const Batch = 500

// Done is one record the job deleted or anonymised (or, in a dry run, would have).
type Done struct {
	PartnershipID int64
	Type          Type
	RecordID      int64
	Reference     string // empty for a draft, which has none
	Deleted       bool   // deleted; otherwise anonymised
}

// job is who the audit log names for what the retention job does: no person.
var job = app.Actor{Subject: access.Subject{Email: "retention job"}}

var errDryRun = errors.New("retention: dry run")

// Run deletes or anonymises, in every partnership, the records whose period in the schedule has
// expired at now and that no legal hold keeps, up to Batch of each type and partnership, each
// with its audit record in the transaction that changes it. Records are claimed with FOR UPDATE
// SKIP LOCKED, so several processes running it at once never deal with one record twice. A dry
// run does the same work and rolls it back: it reports exactly what a run would do, and changes
// nothing, the audit log included.
func Run(ctx context.Context, db database.Beginner, now time.Time, dryRun bool) ([]Done, error) {
	partnerships, err := database.Values[int64](ctx, db, "retention: partnerships", `SELECT id FROM partnership ORDER BY id`)
	if err != nil {
		return nil, err
	}
	var done []Done
	for _, pid := range partnerships {
		list, err := rules(ctx, db, pid)
		if err != nil {
			return done, err
		}
		for _, r := range list {
			var got []Done
			a := job
			a.Partnership = pid
			err := app.ChangeMany(ctx, db, a, func(tx pgx.Tx) ([]app.Event, error) {
				var err error
				got, err = expire(ctx, tx, pid, r, cutoff(now, r.Months), now)
				if err != nil {
					return nil, err
				}
				evs := make([]app.Event, 0, len(got))
				for _, d := range got {
					ev := app.Event{Action: audit.RetentionAnonymise, ObjectType: objectType(d.Type), ObjectID: d.RecordID,
						Detail: fmt.Sprintf("%s after %d months", d.Type, r.Months)}
					if d.Deleted {
						ev.Action = audit.RetentionDelete
					}
					evs = append(evs, ev)
				}
				if dryRun {
					return nil, errDryRun
				}
				return evs, nil
			})
			if err != nil && !errors.Is(err, errDryRun) {
				return done, fmt.Errorf("retention: %s of partnership %d: %w", r.Type, pid, err)
			}
			done = append(done, got...)
		}
	}
	return done, nil
}

func objectType(t Type) string {
	switch t {
	case RapidReview, Dispute, Challenge:
		return string(t)
	}
	return "request"
}

type claimed struct {
	ID        int64
	Reference string
}

// unheld is the condition that no legal hold in place keeps the request r: none on it, and none
// on a rapid review started from it.
const unheld = `NOT EXISTS (SELECT 1 FROM legal_hold h WHERE h.released_at IS NULL AND (
	    (h.record_type = 'request' AND h.record_id = r.id)
	 OR (h.record_type = 'rapid_review' AND h.record_id IN (SELECT v.id FROM rapid_review v WHERE v.request_id = r.id))))`

// expire deletes or anonymises, in tx, the partnership's records of rule r changed before
// before, and returns them.
func expire(ctx context.Context, tx pgx.Tx, pid int64, r Rule, before, now time.Time) ([]Done, error) {
	var sql, change string
	switch r.Type {
	case DraftRequest:
		sql = `SELECT r.id, '' FROM intake_request r WHERE r.partnership_id = $1 AND r.status = 'draft' AND r.anonymised_at IS NULL
			AND r.updated_at < $2 ORDER BY r.id LIMIT $3 FOR UPDATE SKIP LOCKED`
		change = `DELETE FROM intake_request WHERE id = ANY($1)`
	case KLOERequest, CSPRRequest:
		kind := "kloe"
		if r.Type == CSPRRequest {
			kind = "cspr"
		}
		sql = `SELECT r.id, r.reference FROM intake_request r WHERE r.partnership_id = $1 AND r.kind = '` + kind + `'
			AND r.status IN ('closed', 'withdrawn') AND r.anonymised_at IS NULL AND r.updated_at < $2
			AND NOT EXISTS (SELECT 1 FROM rapid_review v WHERE v.request_id = r.id AND v.anonymised_at IS NULL)
			AND ` + unheld + ` ORDER BY r.id LIMIT $3 FOR UPDATE OF r SKIP LOCKED`
		change = `WITH a AS (DELETE FROM intake_attachment WHERE request_id = ANY($1)),
			e AS (UPDATE intake_event SET note = '' WHERE request_id = ANY($1))
			UPDATE intake_request SET answers = '{}', title = '', outcome = '', withdrawn_reason = '', requester_name = 'Anonymised',
				requester_job_title = '', requester_email = '', requester_phone = '', anonymised_at = $2, version = version + 1
			WHERE id = ANY($1)`
	case RapidReview:
		sql = `SELECT v.id, v.reference FROM rapid_review v WHERE v.partnership_id = $1 AND v.anonymised_at IS NULL
			AND coalesce(v.sent_to_panel_on, v.created_at::date) < $2::date
			AND NOT EXISTS (SELECT 1 FROM legal_hold h WHERE h.released_at IS NULL AND h.record_type = 'rapid_review' AND h.record_id = v.id)
			AND NOT EXISTS (SELECT 1 FROM legal_hold h WHERE h.released_at IS NULL AND h.record_type = 'request' AND h.record_id = v.request_id)
			ORDER BY v.id LIMIT $3 FOR UPDATE OF v SKIP LOCKED`
		change = `WITH a AS (UPDATE review_agency SET summary = '' WHERE review_id = ANY($1)),
			l AS (UPDATE local_cspr SET terms_of_reference = '', agencies_involvement = '', report = '', version = version + 1
				WHERE review_id = ANY($1))
			UPDATE rapid_review SET draft = '', facts = '', agency_involvement = '', practice_episodes = '', safety_action = '',
				improvements = '', equality = '', decision_reasons = '', panel_response = '', anonymised_at = $2, version = version + 1
			WHERE id = ANY($1)`
	case Dispute:
		sql = `SELECT d.id, '' FROM dispute d WHERE d.partnership_id = $1 AND d.status = 'resolved' AND d.anonymised_at IS NULL
			AND d.resolved_at < $2 AND NOT EXISTS (SELECT 1 FROM legal_hold h WHERE h.released_at IS NULL AND h.record_type = 'dispute' AND h.record_id = d.id)
			ORDER BY d.id LIMIT $3 FOR UPDATE SKIP LOCKED`
		change = `WITH s AS (UPDATE dispute_step SET note = '' WHERE dispute_id = ANY($1))
			UPDATE dispute SET summary = 'Anonymised', detail = '', outcome = '', anonymised_at = $2, version = version + 1 WHERE id = ANY($1)`
	case Challenge:
		sql = `SELECT c.id, '' FROM challenge c WHERE c.partnership_id = $1 AND c.closed_at IS NOT NULL AND c.anonymised_at IS NULL
			AND c.closed_at < $2 AND NOT EXISTS (SELECT 1 FROM legal_hold h WHERE h.released_at IS NULL AND h.record_type = 'challenge' AND h.record_id = c.id)
			ORDER BY c.id LIMIT $3 FOR UPDATE SKIP LOCKED`
		change = `UPDATE challenge SET summary = 'Anonymised', detail = '', response = '', closing_note = '', anonymised_at = $2,
			version = version + 1 WHERE id = ANY($1)`
	default:
		return nil, nil
	}
	list, err := database.All[claimed](ctx, tx, "retention: claim", sql, pid, before, Batch)
	if err != nil || len(list) == 0 {
		return nil, err
	}
	ids := make([]int64, len(list))
	done := make([]Done, len(list))
	for i, c := range list {
		ids[i] = c.ID
		done[i] = Done{PartnershipID: pid, Type: r.Type, RecordID: c.ID, Reference: c.Reference, Deleted: r.Type == DraftRequest}
	}
	args := []any{ids}
	if r.Type != DraftRequest {
		args = append(args, now)
	}
	if _, err := tx.Exec(ctx, change, args...); err != nil {
		return nil, fmt.Errorf("retention: %s: %w", r.Type, err)
	}
	return done, nil
}
