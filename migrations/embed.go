// Package migrations embeds the portal's schema migrations: goose SQL files, applied in the order
// of the number their names start with. Add a new file for every change; never edit one that has
// been released.
package migrations

import "embed"

// FS holds the migration files.
//
//go:embed *.sql
var FS embed.FS
