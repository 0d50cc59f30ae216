package partnership

import (
	"context"
	"strings"
	"time"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
)

// BySlug returns the partnership a page's address names.
func (s *Service) BySlug(ctx context.Context, slug string) (Partnership, error) {
	return BySlug(ctx, s.DB, slug)
}

// ByID returns the partnership with that id.
func (s *Service) ByID(ctx context.Context, id int64) (Partnership, error) {
	return ByID(ctx, s.DB, id)
}

// Summary is one partnership on the system administrator's home view, with how many people it
// has and how many wait for approval.
type Summary struct {
	Name    string
	Slug    string
	Active  int
	Pending int
}

// Summaries returns page p of the partnerships the installation hosts, by name, with their people,
// in one query (the people counted only for the page's partnerships, by app_user_status).
func (s *Service) Summaries(ctx context.Context, p app.Page) (app.Paged[Summary], error) {
	rows, err := database.All[Summary](ctx, s.DB, "partnership: summaries", `
		SELECT p.name, p.slug, u.active, u.pending
		FROM (SELECT id, name, slug FROM partnership ORDER BY name, id LIMIT $1 OFFSET $2) p,
		LATERAL (SELECT count(*) FILTER (WHERE status = 'active')::int AS active, count(*) FILTER (WHERE status = 'pending')::int AS pending
		         FROM app_user WHERE partnership_id = p.id) u
		ORDER BY p.name, p.id`, p.Limit(), p.Offset())
	return app.PageOf(rows, p), err
}

// LogPage is how many audit entries one page of the partnership's log shows.
const LogPage = 50

// LogQuery searches the partnership's audit log. Empty fields match everything.
type LogQuery struct {
	Person   string     // part of the actor's e-mail address
	Record   string     // type:id, such as user:12, or a type alone
	From, To *time.Time // days, both included
	BeforeID int64      // for paging: entries older than this one
}

// Log returns a page of the partnership's audit log matching q, newest first. The log is the
// partnership's record of its own doings, so it is read here, where its business unit's other
// records are.
func (s *Service) Log(ctx context.Context, partnershipID int64, q LogQuery) ([]audit.Entry, error) {
	return audit.Search(ctx, s.DB, q.search(partnershipID))
}

// ExportLog downloads the partnership's audit log as q selects it (every page), newest first,
// calling fn with each entry as it is read, after recording the download (filters: the names of
// the filters set). The download's own record is its first line.
func (s *Service) ExportLog(ctx context.Context, a app.Actor, q LogQuery, filters []string, fn func(audit.Entry) error) error {
	if err := app.Exported(ctx, s.DB, a, "audit_log", filters); err != nil {
		return err
	}
	q.BeforeID = 0
	return audit.Each(ctx, s.DB, q.search(a.Partnership), fn)
}

// search is the query as the audit log's search takes it.
func (q LogQuery) search(partnershipID int64) audit.Query {
	aq := audit.Query{PartnershipID: partnershipID, Actor: strings.TrimSpace(q.Person), Limit: LogPage, BeforeID: q.BeforeID}
	if rec := strings.TrimSpace(q.Record); rec != "" {
		typ, id, _ := strings.Cut(rec, ":")
		aq.ObjectType, aq.ObjectID = strings.TrimSpace(typ), strings.TrimSpace(id)
	}
	if q.From != nil {
		aq.From = *q.From
	}
	if q.To != nil {
		aq.To = q.To.AddDate(0, 0, 1)
	}
	return aq
}
