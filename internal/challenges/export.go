package challenges

import (
	"context"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/database"
)

// logWhere selects the log's challenges by Filter.args ($1 partnership, $2 status, $3 addressee,
// $4 today): the one condition the page and its download share.
const logWhere = `
		WHERE c.partnership_id = $1
		  AND ($2 = '' OR c.status = $2 OR ($2 = 'overdue' AND c.status = 'open' AND c.due_on < $4))
		  AND ($3::bigint = 0 OR ($3 = -1 AND c.organisation_id IS NULL) OR c.organisation_id = $3)`

// args are f's parameters of logWhere: an unknown status or addressee is no filter.
func (f Filter) args(today time.Time) []any {
	if !Statuses.Has(f.Status) && f.Status != Overdue {
		f.Status = ""
	}
	var addressee int64 // 0 any, -1 the Engine Room
	if f.Addressee == EngineRoom {
		addressee = -1
	} else if id, err := strconv.ParseInt(f.Addressee, 10, 64); err == nil && id > 0 && id <= 1<<53 {
		addressee = id
	}
	return []any{f.PartnershipID, f.Status, addressee, today}
}

// ExportLog downloads the challenge log as f selects it, every page (f.BeforeID is ignored), calling fn with each
// challenge as it is read, after recording the download (filters: the names of the filters set).
func (s *Service) ExportLog(ctx context.Context, a app.Actor, f Filter, filters []string, fn func(Challenge) error) error {
	if err := app.Exported(ctx, s.DB, a, "challenges", filters); err != nil {
		return err
	}
	return database.Each(ctx, s.DB, pgx.RowToStructByPos[Challenge], fn, "challenges: download",
		`SELECT `+columns+from+logWhere+` ORDER BY c.id DESC`, f.args(s.Today())...)
}
