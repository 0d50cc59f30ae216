package main

import "testing"

// TestIsReadTellsReadsFromWrites: a page's reads are timed raw and its writes counted, so a read
// that names a column such as updated_at must still count as a read.
func TestIsReadTellsReadsFromWrites(t *testing.T) {
	for sql, want := range map[string]bool{
		"SELECT 1": true,
		"WITH page AS (SELECT id FROM r) SELECT r.updated_at FROM r JOIN page USING (id)": true,
		"-- the inbox\nSELECT id FROM intake_request":                                     true,
		"WITH x AS (UPDATE r SET a = 1 RETURNING id) SELECT id FROM x":                    false,
		"WITH x AS (DELETE FROM r RETURNING id) SELECT id FROM x":                         false,
		"INSERT INTO audit_log (detail) VALUES ('')":                                      false,
	} {
		if got := isRead(sql); got != want {
			t.Errorf("isRead(%q) = %v, want %v", sql, got, want)
		}
	}
}
