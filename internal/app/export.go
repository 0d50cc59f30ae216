package app

import (
	"context"
	"strings"

	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
)

// Exported records that a downloaded list as CSV, before its first row is read: a list leaving
// the portal is a read of everything in it. The detail names the list and the filters that were
// set, by their field names only: never what was typed in them (the audit log holds no typed
// text). filters must be names from the page's own fixed list, not taken from the request.
func Exported(ctx context.Context, q database.Querier, a Actor, list string, filters []string) error {
	detail := list + "; filters: none"
	if len(filters) > 0 {
		detail = list + "; filters: " + strings.Join(filters, ", ")
	}
	return Read(ctx, q, a, Event{Action: audit.Export, ObjectType: list, Detail: detail})
}
