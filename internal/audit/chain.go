package audit

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"

	"github.com/scp-portal/portal/internal/database"
)

// The log is a hash chain: the database gives each entry, as it is inserted, a hash over the
// entry's content and the hash of the entry before it (migrations/00015, audit_log_hash), taking
// turns under a lock so the chain follows the order of ids. Changing an entry, or removing one,
// breaks the chain at that point; Verify finds where, recomputing every hash here rather than
// trusting the database's function.

// Chain is what Verify found.
type Chain struct {
	Entries  int64  // entries checked
	LastID   int64  // the newest entry's id (0 for an empty log)
	LastHash []byte // its hash: kept outside the database, it shows later that nothing was cut off the end
	Break    *Break // the first entry whose hash does not follow; nil when the chain is whole
}

// Break names the first entry at which the chain does not hold.
type Break struct {
	ID     int64
	Reason string
}

func (b *Break) Error() string {
	return fmt.Sprintf("audit log: the chain breaks at entry %d: %s", b.ID, b.Reason)
}

// LastHashHex is the newest entry's hash in hexadecimal, for printing.
func (c Chain) LastHashHex() string { return hex.EncodeToString(c.LastHash) }

// Verify walks the whole log in the order of ids, recomputing each entry's hash from its content
// and the previous entry's hash, and stops at the first that does not match: that entry was
// changed, or the one before it was changed or removed.
func Verify(ctx context.Context, db database.Querier) (Chain, error) {
	rows, err := db.Query(ctx, `
		SELECT id, at, actor_id, actor_email, partnership_id, action, outcome, object_type, object_id, ip, detail, hash
		FROM audit_log ORDER BY id`)
	if err != nil {
		return Chain{}, fmt.Errorf("audit: verify: %w", err)
	}
	defer rows.Close()
	var c Chain
	prev := []byte{}
	for rows.Next() {
		var e Entry
		var stored []byte
		if err := rows.Scan(&e.ID, &e.At, &e.ActorID, &e.ActorEmail, &e.PartnershipID, &e.Action, &e.Outcome,
			&e.ObjectType, &e.ObjectID, &e.IP, &e.Detail, &stored); err != nil {
			return c, fmt.Errorf("audit: verify: %w", err)
		}
		c.Entries++
		want := entryHash(prev, e)
		if !bytes.Equal(stored, want) {
			c.Break = &Break{ID: e.ID, Reason: "its hash does not match its content and the entry before it " +
				"(this entry was changed, or the one before it was changed or removed)"}
			return c, nil
		}
		c.LastID, c.LastHash, prev = e.ID, stored, stored
	}
	if err := rows.Err(); err != nil {
		return c, fmt.Errorf("audit: verify: %w", err)
	}
	return c, nil
}

// entryHash is audit_log_hash of migrations/00015: SHA-256 of the previous hash followed by the
// entry's fields, each written as N (null) or S<length in bytes>:<value>, the time in
// microseconds since 1970. A column added to audit_log later is not covered until a migration
// changes both definitions together (and says from which entry on the new one holds).
func entryHash(prev []byte, e Entry) []byte {
	var b bytes.Buffer
	b.Write(prev)
	text := func(s string) { fmt.Fprintf(&b, "S%d:%s", len(s), s) }
	number := func(n *int64) {
		if n == nil {
			b.WriteString("N")
			return
		}
		text(strconv.FormatInt(*n, 10))
	}
	number(&e.ID)
	micros := e.At.UnixMicro()
	number(&micros)
	number(e.ActorID)
	text(e.ActorEmail)
	number(e.PartnershipID)
	text(string(e.Action))
	text(string(e.Outcome))
	text(e.ObjectType)
	text(e.ObjectID)
	text(e.IP)
	text(e.Detail)
	sum := sha256.Sum256(b.Bytes())
	return sum[:]
}
