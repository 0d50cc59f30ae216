// Package audit writes, searches and verifies the audit log: who did what to which record, when and
// from where. The table is append-only (a trigger refuses UPDATE, DELETE and TRUNCATE; the role the
// portal serves as may only SELECT and INSERT) and a hash chain (chain.go) shows any change made
// round that. Entries name records by type and id and never hold their content, so the log itself
// holds nothing sensitive.
package audit

import (
	"context"
	"fmt"
	"github.com/jackc/pgx/v5"
	"strings"
	"time"

	"github.com/scp-portal/portal/internal/database"
)

// Outcome says how an attempt ended.
type Outcome string

// Outcomes.
const (
	OK      Outcome = "ok"      // done
	Refused Outcome = "refused" // the access policy said no
	Failed  Outcome = "failed"  // tried and failed, e.g. a wrong password
)

// Action names what was done. Every action is a constant in actions.go, so each name is written
// once.
type Action string

// Entry is one line of the audit log.
type Entry struct {
	ID            int64
	At            time.Time
	ActorID       *int64 // nil for someone not signed in
	ActorEmail    string
	PartnershipID *int64
	Action        Action // e.g. "sign-in", "organisation.update", "cspr.read"
	Outcome       Outcome
	ObjectType    string // e.g. "organisation"
	ObjectID      string
	IP            string
	Detail        string // a short note: never a child's or family's details
}

// Record appends e to the log through q, inside the caller's transaction when q is one.
func Record(ctx context.Context, q database.Querier, e Entry) error {
	if _, err := q.Exec(ctx, recordSQL, e.args()...); err != nil {
		return fmt.Errorf("audit: record %s: %w", e.Action, err)
	}
	return nil
}

// recordSQL appends one entry; the chain's trigger gives it its id and hash.
const recordSQL = `
		INSERT INTO audit_log (actor_id, actor_email, partnership_id, action, outcome, object_type, object_id, ip, detail)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`

// args are e's values in recordSQL's order.
func (e Entry) args() []any {
	return []any{e.ActorID, e.ActorEmail, e.PartnershipID, e.Action, e.Outcome, e.ObjectType, e.ObjectID, e.IP, e.Detail}
}

// queueRecord adds the appending of e to b.
func queueRecord(b *pgx.Batch, e Entry) { b.Queue(recordSQL, e.args()...) }

// Query selects entries of one partnership's log; empty fields match everything.
type Query struct {
	PartnershipID int64
	// Actor is a whole e-mail address (it holds an @: every entry of that address, an unknown
	// one's failed sign-ins too) or a part of one (the entries of the partnership's people whose
	// address holds it, at most MaxPeople of them): each is read from an index, never by scanning
	// the log (issue #15).
	Actor      string
	ObjectType string
	ObjectID   string
	From, To   time.Time // To is exclusive; zero means open
	Limit      int
	BeforeID   int64 // for paging: entries older than this id
}

// MaxPeople is how many people a part of an address may name in a search by person: enough for
// any name typed, and a bound on the entries read.
const MaxPeople = 20

// Search returns the newest entries matching q, newest first.
func Search(ctx context.Context, db database.Querier, q Query) ([]Entry, error) {
	if q.Limit <= 0 || q.Limit > 200 {
		q.Limit = 50
	}
	return database.All[Entry](ctx, db, "audit: search", q.sql(), append(q.args(), q.Limit)...)
}

// Each calls fn with every entry matching q (its Limit ignored), newest first, as it is read: the
// log's download.
func Each(ctx context.Context, db database.Querier, q Query, fn func(Entry) error) error {
	return database.Each(ctx, db, pgx.RowToStructByPos[Entry], fn, "audit: download", q.sql(), append(q.args(), nil)...)
}

// sql selects entries by Query.args and a limit ($8; NULL for none). The person's condition is
// written for what was typed rather than folded into one statement with ORs, so that each
// statement's plan (pgx prepares and caches them) is the one its index serves.
func (q Query) sql() string {
	const columns = `id, at, actor_id, actor_email, partnership_id, action, outcome, object_type, object_id, ip, detail`
	const filters = `
		  AND ($3 = '' OR object_type = $3)
		  AND ($4 = '' OR object_id = $4)
		  AND ($5::timestamptz IS NULL OR at >= $5)
		  AND ($6::timestamptz IS NULL OR at < $6)
		  AND ($7::bigint = 0 OR id < $7)
		ORDER BY id DESC
		LIMIT $8`
	switch {
	case q.Actor == "":
		return `SELECT ` + columns + ` FROM audit_log WHERE partnership_id = $1 AND $2 = ''` + filters
	case strings.Contains(q.Actor, "@"): // audit_log_email_newest
		return `SELECT ` + columns + ` FROM audit_log WHERE partnership_id = $1 AND lower(actor_email) = lower($2)` + filters
	}
	// The people first (app_user_partnership), then each one's newest entries by
	// audit_log_actor_newest, merged: at most MaxPeople short ordered index scans.
	return fmt.Sprintf(`SELECT e.* FROM (SELECT id FROM app_user
			WHERE (partnership_id = $1 OR partnership_id IS NULL) AND strpos(email, lower($2)) > 0 ORDER BY id LIMIT %d) p,
		LATERAL (SELECT `+columns+` FROM audit_log WHERE actor_id = p.id AND partnership_id = $1`+filters+`) e
		ORDER BY e.id DESC LIMIT $8`, MaxPeople)
}

// args are the query's values for searchSQL, but the limit.
func (q Query) args() []any {
	var from, to *time.Time
	if !q.From.IsZero() {
		from = &q.From
	}
	if !q.To.IsZero() {
		to = &q.To
	}
	return []any{q.PartnershipID, q.Actor, q.ObjectType, q.ObjectID, from, to, q.BeforeID}
}
