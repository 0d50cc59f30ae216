// Package documents keeps the documents a partnership publishes: its arrangements, its threshold
// statement, its escalation and dispute resolution policy, and other policies. Each document has
// versions; a version is drafted section by section in Markdown, signed off by every statutory
// partner (internal/signoff), and published with its publication and effective dates. Sections
// that the records already hold (the partners and lead representatives, the relevant agencies, the
// structure) are drawn from them while a version is drafted and frozen into it when it is
// submitted for sign-off, so what the partners sign is what is published, and a published version
// never changes. Anyone may read published versions; nothing else leaves this package for a public
// page.
package documents

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/signoff"
)

// Errors of this package.
var (
	ErrNotFound = app.NotFoundError("documents: no such document or version")
)

// Kinds of document, in the order pages list them.
var Kinds = app.Choices{
	{Value: "arrangements", Label: "Safeguarding arrangements"},
	{Value: "threshold", Label: "Threshold statement"},
	{Value: "escalation", Label: "Escalation and dispute resolution policy"},
	{Value: "policy", Label: "Other policy"},
}

// Arrangements is the kind of the partnership's published arrangements: one per partnership.
const Arrangements = "arrangements"

// SubjectKind is what sign-off calls a document version.
const SubjectKind = "document_version"

// ExecutiveSignOffs puts the document versions awaiting the partners' sign-off on the
// Executive's agenda.
var ExecutiveSignOffs = signoff.ExecutiveAgenda(app.Choice{Value: SubjectKind, Label: "Documents awaiting the partners' sign-off"}, false)

// Subject is a version as sign-off knows it.
func Subject(versionID int64) signoff.Subject {
	return signoff.Subject{Kind: SubjectKind, ID: versionID}
}

// Document is a document the partnership publishes.
type Document struct {
	ID                int64
	PartnershipID     int64
	Kind              string
	Slug              string
	Title             string
	FirstReviewMonths int
	ReviewMonths      int
}

const documentColumns = `d.id, d.partnership_id, d.kind, d.slug, d.title, d.first_review_months, d.review_months`

// Version is a version of a document.
type Version struct {
	ID          int64
	DocumentID  int64
	Number      int
	DraftedBy   *int64
	CreatedAt   time.Time
	PublishedOn *time.Time
	EffectiveOn *time.Time
	Snapshot    *Records // frozen when submitted for sign-off; nil while drafted
	Version     int
}

// Published reports whether the version is public on day: published, with a publication date
// that has come.
func (v Version) Published(day time.Time) bool {
	return v.PublishedOn != nil && !v.PublishedOn.After(day)
}

const versionColumns = `v.id, v.document_id, v.number, v.drafted_by, v.created_at, v.published_on, v.effective_on, v.snapshot, v.version`

// Section is a section of a version.
type Section struct {
	ID       int64
	Position int
	Heading  string
	Body     string // Markdown
	Source   string // "" or one of the record sources
	Version  int
}

// Text is the section as it is compared with another version's, with what records held.
func (s Section) Text(r Records) Text {
	t := Text{Heading: s.Heading, Lines: paragraphs(s.Body)}
	for _, g := range r.For(s.Source) {
		if g.Heading != "" {
			t.Lines = append(t.Lines, g.Heading+":")
		}
		t.Lines = append(t.Lines, g.Lines...)
	}
	return t
}

// paragraphs splits Markdown into what a reader compares: paragraphs (lines wrapped in the
// source joined), and each list item, heading and quotation on its own.
func paragraphs(md string) []string {
	var out []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.Join(cur, " "))
			cur = nil
		}
	}
	for _, line := range strings.Split(md, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "":
			flush()
			continue
		case blockStart.MatchString(line):
			flush()
		}
		cur = append(cur, line)
	}
	flush()
	return out
}

// blockStart matches a line that starts a block of its own: a list item, heading or quotation.
var blockStart = regexp.MustCompile(`^([-*+>#]|\d+[.)])\s?`)

// maxDocuments and maxVersions bound the lists: a partnership publishes a handful of documents,
// each revised a few times a year at most.
const (
	maxDocuments = 200
	maxVersions  = 200
)

// Row is a document in the list, with its newest published version and the version in the making.
type Row struct {
	Document
	PublishedNumber *int
	PublishedOn     *time.Time
	DraftNumber     *int
}

// List returns the partnership's documents, arrangements first, in one query.
func List(ctx context.Context, q database.Querier, partnershipID int64) ([]Row, error) {
	return database.All[Row](ctx, q, "documents: list", `
		SELECT `+documentColumns+`, p.number, p.published_on, dr.number
		FROM document d
		LEFT JOIN LATERAL (SELECT number, published_on FROM document_version WHERE document_id = d.id AND published_on IS NOT NULL
			ORDER BY number DESC LIMIT 1) p ON true
		LEFT JOIN document_version dr ON dr.document_id = d.id AND dr.published_on IS NULL
		WHERE d.partnership_id = $1
		ORDER BY d.kind <> 'arrangements', lower(d.title) LIMIT $2`, partnershipID, maxDocuments)
}

// ByID returns one of the partnership's documents.
func ByID(ctx context.Context, q database.Querier, partnershipID, id int64) (Document, error) {
	return database.One[Document](ctx, q, ErrNotFound, "documents: by id", `SELECT `+documentColumns+` FROM document d
		WHERE d.partnership_id = $1 AND d.id = $2`, partnershipID, id)
}

// BySlug returns the partnership's document with that slug.
func BySlug(ctx context.Context, q database.Querier, partnershipID int64, slug string) (Document, error) {
	return database.One[Document](ctx, q, ErrNotFound, "documents: by slug", `SELECT `+documentColumns+` FROM document d
		WHERE d.partnership_id = $1 AND d.slug = $2`, partnershipID, slug)
}

// ArrangementsOf returns the partnership's arrangements document.
func ArrangementsOf(ctx context.Context, q database.Querier, partnershipID int64) (Document, error) {
	return database.One[Document](ctx, q, ErrNotFound, "documents: arrangements", `SELECT `+documentColumns+` FROM document d
		WHERE d.partnership_id = $1 AND d.kind = 'arrangements'`, partnershipID)
}

// Versions returns a document's versions, newest first; published only, as of day, when
// publishedOnly (what the public may see).
func Versions(ctx context.Context, q database.Querier, documentID int64, publishedOnly bool, day time.Time) ([]Version, error) {
	return database.All[Version](ctx, q, "documents: versions", `SELECT `+versionColumns+` FROM document_version v
		WHERE v.document_id = $1 AND (NOT $2 OR v.published_on <= $3) ORDER BY v.number DESC LIMIT $4`,
		documentID, publishedOnly, day, maxVersions)
}

// VersionByID returns a version of one of the partnership's documents, with its document.
func VersionByID(ctx context.Context, q database.Querier, partnershipID, id int64) (Document, Version, error) {
	type row struct {
		Version
		Document
	}
	r, err := database.One[row](ctx, q, ErrNotFound, "documents: version", `SELECT `+versionColumns+`, `+documentColumns+`
		FROM document_version v JOIN document d ON d.id = v.document_id WHERE v.partnership_id = $1 AND v.id = $2`, partnershipID, id)
	return r.Document, r.Version, err
}

// Sections returns a version's sections in order.
func Sections(ctx context.Context, q database.Querier, versionID int64) ([]Section, error) {
	return database.All[Section](ctx, q, "documents: sections", `SELECT id, position, heading, body, source, version
		FROM document_section WHERE version_id = $1 ORDER BY position`, versionID)
}

// RecordsOf returns what the records hold for v: its frozen snapshot, or, while it is drafted,
// the records as they are today.
func RecordsOf(ctx context.Context, q database.Querier, partnershipID int64, v Version, today time.Time) (Records, error) {
	if v.Snapshot != nil {
		return *v.Snapshot, nil
	}
	return DrawRecords(ctx, q, partnershipID, today)
}

// Texts returns sections as they are compared.
func Texts(sections []Section, r Records) []Text {
	out := make([]Text, 0, len(sections))
	for _, s := range sections {
		out = append(out, s.Text(r))
	}
	return out
}

// marshal stores records as JSON.
func marshal(r Records) ([]byte, error) {
	b, err := json.Marshal(r)
	if err != nil {
		return nil, fmt.Errorf("documents: snapshot: %w", err)
	}
	return b, nil
}
