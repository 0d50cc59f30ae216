package testkit

import (
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Outbox returns the e-mails waiting in the outbox for address, each as its subject and body
// together, oldest first: what a notice test asserts on.
func Outbox(t testing.TB, db *pgxpool.Pool, address string) []string {
	t.Helper()
	return MustValues[string](t, db, `SELECT subject || E'\n' || body FROM outbox WHERE to_address = $1 ORDER BY id`, address)
}

// OneNotice fails the test unless exactly one e-mail to address has want in it, and none of the
// e-mails to address holds any of secret (a record's typed words, which notices never carry).
func OneNotice(t testing.TB, db *pgxpool.Pool, address, want string, secret ...string) string {
	t.Helper()
	var found []string
	for _, m := range Outbox(t, db, address) {
		for _, s := range secret {
			if strings.Contains(m, s) {
				t.Errorf("an e-mail to %s holds %q:\n%s", address, s, m)
			}
		}
		if strings.Contains(m, want) {
			found = append(found, m)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d e-mails to %s with %q; want 1: %q", len(found), address, want, found)
	}
	return found[0]
}
