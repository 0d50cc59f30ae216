// Package overview answers the read side of the portal that crosses domains: the figures and
// lists of the home views, a partnership's public page and its published reviews, a body's page
// and the partnership's colours. Each read is named, runs a fixed number of queries whatever the
// size of the data, and changes nothing; the domains that own the records keep the changes.
package overview

import (
	"context"
	"time"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/partnership"
)

// ErrNotFound means there is no such record, or none published yet.
var ErrNotFound error = app.NotFoundError("overview: not found")

// Service reads the overviews. It only reads: the caller has asked the access policy first.
type Service struct {
	app.Env // the database and the clock; it only reads
}

// Partnerships returns every partnership the installation hosts, by name, for the portal's front
// page.
func (s *Service) Partnerships(ctx context.Context) ([]partnership.Partnership, error) {
	return partnership.List(ctx, s.DB)
}

// Colour returns the brand colour (#rrggbb) of the partnership with that slug.
func (s *Service) Colour(ctx context.Context, slug string) (string, error) {
	p, err := partnership.BySlug(ctx, s.DB, slug)
	return p.Colour, err
}

// Public is what anyone may read about a partnership.
type Public struct {
	Organisations []partnership.Organisation
	Leads         []partnership.Member // the Executive's current members: the partners' lead representatives
	Priorities    []string
	Bodies        []partnership.Body
	Published     app.Paged[Published] // a page of the published local CSPRs, newest first
}

// Public returns the partnership's public page with page published of its published local CSPRs,
// in five queries.
func (s *Service) Public(ctx context.Context, partnershipID int64, published app.Page) (Public, error) {
	today := s.Today()
	var v Public
	var err error
	if v.Organisations, err = partnership.Organisations(ctx, s.DB, partnershipID); err != nil {
		return v, err
	}
	if v.Leads, err = partnership.CurrentMembersOfKind(ctx, s.DB, partnershipID, "executive", today); err != nil {
		return v, err
	}
	if v.Priorities, err = partnership.Priorities(ctx, s.DB, partnershipID); err != nil {
		return v, err
	}
	if v.Bodies, err = partnership.Bodies(ctx, s.DB, partnershipID, today); err != nil {
		return v, err
	}
	v.Published, err = s.published(ctx, partnershipID, today, published)
	return v, err
}

// Published is a local CSPR as the public sees it once published: its learning summary, and
// nothing of the review behind it but its reference and title.
type Published struct {
	ID              int64
	Reference       string
	Title           string
	PublishedOn     time.Time
	LearningSummary string
}

// PublishedReport is a published local CSPR with its redacted report.
type PublishedReport struct {
	Published
	RedactedReport string
}

// publishedFrom selects the local CSPRs of partnership $1 published by day $2: a review whose
// publication date is still to come is not yet public.
const publishedFrom = ` FROM local_cspr c JOIN rapid_review r ON r.id = c.review_id
	WHERE c.partnership_id = $1 AND c.published_on <= $2`

const publishedColumns = `c.id, c.reference, r.title, c.published_on, c.learning_summary`

// published lists page p of the partnership's published local CSPRs, newest first, without their
// reports, which only their own pages show; the page is cut in the database, in the order of
// local_cspr_published_partnership.
func (s *Service) published(ctx context.Context, partnershipID int64, today time.Time, p app.Page) (app.Paged[Published], error) {
	rows, err := database.All[Published](ctx, s.DB, "overview: published", `SELECT `+publishedColumns+publishedFrom+`
		ORDER BY c.published_on DESC, c.id DESC LIMIT $3 OFFSET $4`, partnershipID, today, p.Limit(), p.Offset())
	return app.PageOf(rows, p), err
}

// PublishedReport returns one of the partnership's published local CSPRs, or ErrNotFound when
// there is none by that id or it is not yet published.
func (s *Service) PublishedReport(ctx context.Context, partnershipID, id int64) (PublishedReport, error) {
	return database.One[PublishedReport](ctx, s.DB, ErrNotFound, "overview: published report", `SELECT `+publishedColumns+`, c.redacted_report`+publishedFrom+` AND c.id = $3`,
		partnershipID, s.Today(), id)
}

// Body is one of the partnership's bodies as its members see it.
type Body struct {
	partnership.Body
	Members []partnership.Member // current ones first, chair first
	Rota    app.Paged[partnership.RotaEntry]
	Chair   partnership.RotaEntry // the rota entry covering Today; the zero entry when none does
	Today   time.Time             // the day Members' and Chair's currency is judged on
}

// Body returns the body with its members, page rota of its chair rota and its chair today, in four
// queries, or ErrNotFound from the partnership package when the partnership has no such body.
func (s *Service) Body(ctx context.Context, partnershipID, bodyID int64, rota app.Page) (Body, error) {
	v := Body{Today: s.Today()}
	var err error
	if v.Body, err = partnership.BodyByID(ctx, s.DB, partnershipID, bodyID); err != nil {
		return v, err
	}
	if v.Members, err = partnership.Members(ctx, s.DB, partnershipID, bodyID, v.Today); err != nil {
		return v, err
	}
	v.Rota, v.Chair, err = partnership.RotaAndChair(ctx, s.DB, partnershipID, bodyID, rota, v.Today)
	return v, err
}
