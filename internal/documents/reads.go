package documents

import (
	"context"
	"slices"
	"time"

	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/signoff"
)

// List returns the partnership's documents for the business unit's list.
func (s *Service) List(ctx context.Context, partnershipID int64) ([]Row, error) {
	return List(ctx, s.DB, partnershipID)
}

// DocumentPage is a document with every version, for the people who draft and oversee it.
type DocumentPage struct {
	Document
	Versions []Version // newest first
}

// Document returns one of the partnership's documents with its versions.
func (s *Service) Document(ctx context.Context, partnershipID, id int64) (DocumentPage, error) {
	doc, err := ByID(ctx, s.DB, partnershipID, id)
	if err != nil {
		return DocumentPage{}, err
	}
	vs, err := Versions(ctx, s.DB, id, false, time.Time{})
	return DocumentPage{Document: doc, Versions: vs}, err
}

// VersionPage is a version with its sections, what the records hold for it, and where its
// sign-off stands.
type VersionPage struct {
	Document Document
	Version  Version
	Sections []Section
	Records  Records
	SignOff  signoff.State
	// Signers are who may sign for a partner still to sign (lead representatives and delegates).
	Signers []int64
}

// VersionPage returns a version of the partnership's documents, in a fixed number of queries.
func (s *Service) VersionPage(ctx context.Context, partnershipID, versionID int64) (VersionPage, error) {
	var p VersionPage
	var err error
	if p.Document, p.Version, err = VersionByID(ctx, s.DB, partnershipID, versionID); err != nil {
		return p, err
	}
	if p.Sections, err = Sections(ctx, s.DB, versionID); err != nil {
		return p, err
	}
	if p.Records, err = RecordsOf(ctx, s.DB, partnershipID, p.Version, s.Today()); err != nil {
		return p, err
	}
	p.SignOff, p.Signers, err = signoff.LoadWithSigners(ctx, s.DB, partnershipID, Subject(versionID), s.Today())
	return p, err
}

// SignsFor returns the partners of a version the person may sign for today.
func (s *Service) SignsFor(ctx context.Context, partnershipID, person int64, st signoff.State) ([]int64, error) {
	return signoff.SignsForUnsigned(ctx, s.DB, partnershipID, person, st, s.Today())
}

// Awaiting lists what awaits the person's sign-off.
func (s *Service) Awaiting(ctx context.Context, partnershipID, person int64) ([]signoff.Awaiting, error) {
	return signoff.AwaitingFrom(ctx, s.DB, partnershipID, person, s.Today())
}

// Public is a published version as anyone reads it, with the document's published history.
type Public struct {
	Document Document
	Version  Version
	Sections []Section
	Records  Records
	History  []Version // published versions, newest first
}

// Published returns the document's version numbered number (0: the current one: the newest
// published by today), if it is published; ErrNotFound otherwise. Nothing unpublished is returned.
func (s *Service) Published(ctx context.Context, doc Document, number int) (Public, error) {
	p := Public{Document: doc}
	var err error
	if p.History, err = Versions(ctx, s.DB, doc.ID, true, s.Today()); err != nil {
		return p, err
	}
	found := false
	for _, v := range p.History {
		if number == 0 || v.Number == number {
			p.Version, found = v, true
			break
		}
	}
	if !found || p.Version.Snapshot == nil {
		return p, ErrNotFound
	}
	p.Records = *p.Version.Snapshot
	p.Sections, err = Sections(ctx, s.DB, p.Version.ID)
	return p, err
}

// PublicDocument returns the partnership's document with that slug ("" for its arrangements).
func (s *Service) PublicDocument(ctx context.Context, partnershipID int64, slug string) (Document, error) {
	if slug == "" {
		return ArrangementsOf(ctx, s.DB, partnershipID)
	}
	return BySlug(ctx, s.DB, partnershipID, slug)
}

// Comparison is the difference between two published versions.
type Comparison struct {
	Public   // the newer, with the history
	From     Version
	Sections []SectionDiff
}

// Compare returns the difference between two published versions of doc, by number, the older
// first whichever way they are given.
func (s *Service) Compare(ctx context.Context, doc Document, a, b int) (Comparison, error) {
	if a > b {
		a, b = b, a
	}
	to, err := s.Published(ctx, doc, b)
	if err != nil {
		return Comparison{}, err
	}
	from, err := s.Published(ctx, doc, a)
	if err != nil {
		return Comparison{}, err
	}
	return Comparison{Public: to, From: from.Version,
		Sections: Compare(Texts(from.Sections, from.Records), Texts(to.Sections, to.Records))}, nil
}

// ReviewDue returns when a document's next review falls due: the first review so many months
// after its first published version took effect, then every so many months after the newest took
// effect. ok is false for a document never published.
func ReviewDue(doc Document, published []Version) (due time.Time, ok bool) {
	var first, newest *Version
	for i := range published {
		v := &published[i]
		if v.EffectiveOn == nil {
			continue
		}
		if newest == nil || v.Number > newest.Number {
			newest = v
		}
		if first == nil || v.Number < first.Number {
			first = v
		}
	}
	if newest == nil {
		return time.Time{}, false
	}
	return nextReview(doc, *newest.EffectiveOn, newest == first), true
}

func nextReview(doc Document, newestEffective time.Time, onlyVersion bool) time.Time {
	if onlyVersion {
		return newestEffective.AddDate(0, doc.FirstReviewMonths, 0)
	}
	return newestEffective.AddDate(0, doc.ReviewMonths, 0)
}

// Review is when a published document's next review falls due.
type Review struct {
	DocumentID int64
	Title      string
	Due        time.Time
	Overdue    bool
}

// Reviews returns when each published document of the partnership is next due for review,
// soonest first, in one query: the business unit's home shows those due or overdue.
func (s *Service) Reviews(ctx context.Context, partnershipID int64) ([]Review, error) {
	type row struct {
		Document
		Versions  int
		Effective time.Time
	}
	rows, err := database.All[row](ctx, s.DB, "documents: reviews", `
		SELECT `+documentColumns+`, count(*)::int, (array_agg(v.effective_on ORDER BY v.number DESC))[1]
		FROM document d JOIN document_version v ON v.document_id = d.id AND v.published_on IS NOT NULL
		WHERE d.partnership_id = $1 GROUP BY d.id ORDER BY d.id LIMIT $2`, partnershipID, maxDocuments)
	if err != nil {
		return nil, err
	}
	today := s.Today()
	out := make([]Review, 0, len(rows))
	for _, r := range rows {
		due := nextReview(r.Document, r.Effective, r.Versions == 1)
		out = append(out, Review{DocumentID: r.ID, Title: r.Title, Due: due, Overdue: due.Before(today)})
	}
	slices.SortFunc(out, func(a, b Review) int { return a.Due.Compare(b.Due) })
	return out, nil
}
