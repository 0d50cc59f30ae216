package documents

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/signoff"
)

// Service reads and changes the partnership's documents. Every change validates its input, then
// in one transaction makes the change, moves its sign-off and writes its audit record. The caller
// has asked the access policy first.
type Service struct {
	app.Env
}

// checkText adds a problem on field when text cannot be stored as typed: a NUL byte or bytes
// that are not UTF-8 (what a hand-made request sends), or more than max characters.
func checkText(p *app.Problems, field, what, text string, maxChars int) {
	switch {
	case !utf8.ValidString(text) || strings.ContainsRune(text, 0):
		p.Add(field, "The "+what+" contains characters that cannot be saved: retype it rather than pasting it")
	case utf8.RuneCountInString(text) > maxChars:
		p.Add(field, fmt.Sprintf("The %s must be %s characters or fewer", what, thousands(maxChars)))
	}
}

func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

var slugPattern = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)

// slugFrom makes a web address from a title: "Threshold statement" → "threshold-statement".
func slugFrom(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9' && b.Len() > 0:
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		default:
			dash = true
		}
	}
	s := b.String()
	if len(s) > 60 {
		s = strings.TrimRight(s[:60], "-")
	}
	return s
}

// CreateInput is a new document.
type CreateInput struct {
	Kind  string
	Title string
	Slug  string // the web address under /{partnership}/documents/; made from the title when empty
}

// Validate checks the input and returns it cleaned up.
func (in CreateInput) Validate() (CreateInput, error) {
	var p app.Problems
	in.Title, in.Slug = strings.TrimSpace(in.Title), strings.TrimSpace(in.Slug)
	p.OneOf("kind", Kinds, in.Kind, "Select the kind of document")
	checkText(&p, "title", "title", in.Title, 200)
	if in.Title == "" && !p.Has("title") {
		p.Add("title", "Enter the document's title")
	}
	if in.Slug == "" {
		in.Slug = slugFrom(in.Title)
	}
	if !p.Has("title") && (len(in.Slug) > 60 || !slugPattern.MatchString(in.Slug)) {
		p.Add("slug", "Enter a web address of lower-case letters, digits and hyphens, starting with a letter, like threshold-statement")
	}
	return in, p.Err()
}

// Create adds a document with its first version to draft, its sections those of its kind.
func (s *Service) Create(ctx context.Context, a app.Actor, in CreateInput) (docID, versionID int64, err error) {
	in, err = in.Validate()
	if err != nil {
		return 0, 0, err
	}
	err = app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		docID, versionID, err = Insert(ctx, tx, a.Partnership, in, a.ID(), Template(in.Kind))
		return app.Event{Action: audit.DocumentCreate, ObjectType: "document", ObjectID: docID, Detail: in.Kind}, err
	})
	return docID, versionID, err
}

// Insert adds a document and its first version with sections, in tx.
func Insert(ctx context.Context, tx pgx.Tx, partnershipID int64, in CreateInput, by *int64, sections []Section) (docID, versionID int64, err error) {
	err = tx.QueryRow(ctx, `INSERT INTO document (partnership_id, kind, slug, title) VALUES ($1, $2, $3, $4) RETURNING id`,
		partnershipID, in.Kind, in.Slug, in.Title).Scan(&docID)
	if app.IsUniqueViolation(err) {
		var pgErr *pgconn.PgError
		if errors.As(err, &pgErr) && pgErr.ConstraintName == "document_one_arrangements" {
			return 0, 0, app.InvalidField("kind", "The partnership already has its arrangements: draft a new version of them instead")
		}
		return 0, 0, app.InvalidField("slug", "Another document already has this web address")
	}
	if err != nil {
		return 0, 0, fmt.Errorf("documents: create: %w", err)
	}
	versionID, err = insertVersion(ctx, tx, partnershipID, docID, 1, by, sections)
	return docID, versionID, err
}

func insertVersion(ctx context.Context, tx pgx.Tx, partnershipID, docID int64, number int, by *int64, sections []Section) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO document_version (partnership_id, document_id, number, drafted_by) VALUES ($1, $2, $3, $4) RETURNING id`,
		partnershipID, docID, number, by).Scan(&id)
	if app.IsUniqueViolation(err) {
		return 0, app.ConflictField("draft", "A new version of this document is already being drafted: carry on with it")
	}
	if err != nil {
		return 0, fmt.Errorf("documents: new version: %w", err)
	}
	for i, sec := range sections {
		if _, err := tx.Exec(ctx, `INSERT INTO document_section (version_id, position, heading, body, source) VALUES ($1, $2, $3, $4, $5)`,
			id, i+1, sec.Heading, sec.Body, sec.Source); err != nil {
			return 0, fmt.Errorf("documents: new version: %w", err)
		}
	}
	return id, nil
}

// DraftNext starts the next version of a document, its sections copied from the newest version.
func (s *Service) DraftNext(ctx context.Context, a app.Actor, documentID int64) (int64, error) {
	var id int64
	err := app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: audit.DocumentDraft, ObjectType: "document", ObjectID: documentID}
		doc, err := ByID(ctx, tx, a.Partnership, documentID)
		if err != nil {
			return ev, err
		}
		id, err = DraftNext(ctx, tx, doc, a.ID())
		ev.Detail = "version drafted"
		return ev, err
	})
	return id, err
}

// DraftNext starts the next version of doc in tx, copying the newest version's sections (or the
// kind's template for a document without a version).
func DraftNext(ctx context.Context, tx pgx.Tx, doc Document, by *int64) (int64, error) {
	var newest int64
	var number int
	err := tx.QueryRow(ctx, `SELECT id, number FROM document_version WHERE document_id = $1 ORDER BY number DESC LIMIT 1 FOR UPDATE`, doc.ID).Scan(&newest, &number)
	sections := Template(doc.Kind)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
	case err != nil:
		return 0, fmt.Errorf("documents: draft: %w", err)
	default:
		if sections, err = Sections(ctx, tx, newest); err != nil {
			return 0, err
		}
	}
	return insertVersion(ctx, tx, doc.PartnershipID, doc.ID, number+1, by, sections)
}

// editable locks a version of the partnership for a change and refuses one that is published or
// submitted for sign-off: field is where the refusal is shown.
func editable(ctx context.Context, tx pgx.Tx, partnershipID, versionID int64, field string) error {
	var published bool
	err := tx.QueryRow(ctx, `SELECT published_on IS NOT NULL FROM document_version WHERE partnership_id = $1 AND id = $2 FOR UPDATE`,
		partnershipID, versionID).Scan(&published)
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("documents: lock version: %w", err)
	}
	if published {
		return app.ConflictField(field, "This version has been published and cannot change: draft a new version")
	}
	locked, err := signoff.Locked(ctx, tx, Subject(versionID))
	if err != nil {
		return err
	}
	if locked {
		return signoff.LockedError(field)
	}
	return nil
}

// SectionInput is a section's heading and text, saved over the version the writer loaded. A
// section ID of 0 adds a section at the end.
type SectionInput struct {
	VersionID int64
	SectionID int64
	Heading   string
	Body      string
	Version   int
}

// maxBody is the longest section, in characters.
const maxBody = 100000

// Validate checks the section.
func (in SectionInput) Validate() (SectionInput, error) {
	var p app.Problems
	in.Heading = strings.TrimSpace(in.Heading)
	checkText(&p, "heading", "heading", in.Heading, 200)
	if in.Heading == "" && !p.Has("heading") {
		p.Add("heading", "Enter the section's heading")
	}
	checkText(&p, "body", "text", in.Body, maxBody)
	in.Body = strings.TrimSpace(strings.ReplaceAll(in.Body, "\r\n", "\n"))
	return in, p.Err()
}

// SaveSection saves a section of a draft, or adds one, if nobody else saved it since it was
// loaded and the version is not submitted for sign-off or published.
func (s *Service) SaveSection(ctx context.Context, a app.Actor, in SectionInput) (int64, error) {
	in, err := in.Validate()
	if err != nil {
		return 0, err
	}
	id := in.SectionID
	err = app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: audit.DocumentSection, ObjectType: "document_version", ObjectID: in.VersionID}
		if err := editable(ctx, tx, a.Partnership, in.VersionID, "body"); err != nil {
			return ev, err
		}
		if id == 0 {
			err := tx.QueryRow(ctx, `INSERT INTO document_section (version_id, position, heading, body)
				SELECT $1, coalesce(max(position), 0) + 1, $2, $3 FROM document_section WHERE version_id = $1 RETURNING id`,
				in.VersionID, in.Heading, in.Body).Scan(&id)
			ev.Detail = "section added"
			return ev, err
		}
		var version int
		err := tx.QueryRow(ctx, `SELECT version FROM document_section WHERE version_id = $1 AND id = $2`, in.VersionID, id).Scan(&version)
		if errors.Is(err, pgx.ErrNoRows) {
			return ev, ErrNotFound
		}
		if err != nil {
			return ev, fmt.Errorf("documents: save section: %w", err)
		}
		if version != in.Version {
			return ev, app.Stale("body", "saved this section", "", version)
		}
		_, err = tx.Exec(ctx, `UPDATE document_section SET heading = $2, body = $3, version = version + 1 WHERE id = $1`, id, in.Heading, in.Body)
		ev.Detail = "section " + strconv.FormatInt(id, 10)
		return ev, err
	})
	return id, err
}

// Section returns one section of a version of the partnership.
func (s *Service) Section(ctx context.Context, partnershipID, versionID, sectionID int64) (Document, Version, Section, error) {
	doc, v, err := VersionByID(ctx, s.DB, partnershipID, versionID)
	if err != nil {
		return doc, v, Section{}, err
	}
	sec, err := database.One[Section](ctx, s.DB, ErrNotFound, "documents: section", `SELECT id, position, heading, body, source, version
		FROM document_section WHERE version_id = $1 AND id = $2`, versionID, sectionID)
	return doc, v, sec, err
}

// Submit puts a draft to the statutory partners for sign-off, freezing what the records hold for
// it. Whoever drafted it and whoever submits it may not sign it.
func (s *Service) Submit(ctx context.Context, a app.Actor, versionID int64) error {
	return app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: audit.DocumentSubmit, ObjectType: "document_version", ObjectID: versionID}
		if err := editable(ctx, tx, a.Partnership, versionID, "submit"); err != nil {
			return ev, err
		}
		return ev, Submit(ctx, tx, a.Partnership, versionID, a.UserID, s.Today())
	})
}

// Submit freezes the records of a version and puts it to the partners, in tx.
func Submit(ctx context.Context, tx pgx.Tx, partnershipID, versionID, by int64, today time.Time) error {
	doc, v, err := VersionByID(ctx, tx, partnershipID, versionID)
	if err != nil {
		return err
	}
	r, err := DrawRecords(ctx, tx, partnershipID, today)
	if err != nil {
		return err
	}
	snapshot, err := marshal(r)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE document_version SET snapshot = $2, version = version + 1 WHERE id = $1`, versionID, snapshot); err != nil {
		return fmt.Errorf("documents: freeze: %w", err)
	}
	var proposers []int64
	if v.DraftedBy != nil {
		proposers = append(proposers, *v.DraftedBy)
	}
	_, err = signoff.Submit(ctx, tx, partnershipID, Subject(versionID), fmt.Sprintf("%s, version %d", doc.Title, v.Number), by, proposers)
	return err
}

// Sign records a statutory partner's sign-off of a version by the actor.
func (s *Service) Sign(ctx context.Context, a app.Actor, versionID, organisationID int64) error {
	return app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: audit.DocumentSign, ObjectType: "document_version", ObjectID: versionID,
			Detail: "for organisation " + strconv.FormatInt(organisationID, 10)}
		if _, _, err := VersionByID(ctx, tx, a.Partnership, versionID); err != nil {
			return ev, err
		}
		done, err := signoff.Sign(ctx, tx, a.Partnership, Subject(versionID), a.UserID, organisationID, s.Today())
		if done {
			ev.Detail += "; signed off by every partner"
		}
		return ev, err
	})
}

// Reopen voids a version's sign-off, with a reason, so that it can be changed. A published
// version is never reopened: a new version is drafted instead.
func (s *Service) Reopen(ctx context.Context, a app.Actor, versionID int64, reason string) error {
	var p app.Problems
	checkText(&p, "reason", "reason", reason, signoff.MaxReason)
	if err := p.Err(); err != nil {
		return err
	}
	return app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: audit.DocumentReopen, ObjectType: "document_version", ObjectID: versionID}
		_, v, err := VersionByID(ctx, tx, a.Partnership, versionID)
		if err != nil {
			return ev, err
		}
		if v.PublishedOn != nil {
			return ev, app.ConflictField("reason", "This version has been published and cannot be reopened: draft a new version")
		}
		if err := signoff.Reopen(ctx, tx, a.Partnership, Subject(versionID), a.UserID, reason); err != nil {
			return ev, err
		}
		_, err = tx.Exec(ctx, `UPDATE document_version SET snapshot = NULL, version = version + 1 WHERE id = $1`, versionID)
		return ev, err
	})
}

// PublishInput is the publication of a signed-off version.
type PublishInput struct {
	VersionID   int64
	PublishedOn time.Time
	EffectiveOn time.Time
}

// Validate checks the dates.
func (in PublishInput) Validate() error {
	var p app.Problems
	if in.EffectiveOn.Before(in.PublishedOn) {
		p.Add("effective_on-day", "The date it takes effect must be on or after its publication")
	}
	return p.Err()
}

// Publish publishes a version every statutory partner has signed off, with its dates. It is
// public from its publication date.
func (s *Service) Publish(ctx context.Context, a app.Actor, in PublishInput) error {
	return app.ChangeChecked(ctx, s.DB, a, in.Validate(), func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: audit.DocumentPublish, ObjectType: "document_version", ObjectID: in.VersionID,
			Detail: "published " + in.PublishedOn.Format(time.DateOnly)}
		return ev, Publish(ctx, tx, a.Partnership, in, a.ID())
	})
}

// Publish publishes a signed-off version in tx.
func Publish(ctx context.Context, tx pgx.Tx, partnershipID int64, in PublishInput, by *int64) error {
	_, v, err := VersionByID(ctx, tx, partnershipID, in.VersionID)
	if err != nil {
		return err
	}
	if v.PublishedOn != nil {
		return app.ConflictField("published_on-day", "This version has already been published")
	}
	st, err := signoff.Load(ctx, tx, partnershipID, Subject(in.VersionID))
	if err != nil {
		return err
	}
	if st.Status() != signoff.SignedOff {
		return app.ConflictField("published_on-day", "Every statutory partner must sign this version off before it is published")
	}
	var later bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM document_version WHERE document_id = $1 AND number < $2 AND published_on > $3)`,
		v.DocumentID, v.Number, in.PublishedOn).Scan(&later); err != nil {
		return fmt.Errorf("documents: publish: %w", err)
	}
	if later {
		return app.InvalidField("published_on-day", "The publication date must not be before the previous version's")
	}
	// Its words are indexed for the public library now: a published version never changes.
	_, err = tx.Exec(ctx, `UPDATE document_version v SET published_on = $2, effective_on = $3, published_by = $4, version = v.version + 1,
		search = to_tsvector('english', d.title || ' ' || coalesce((SELECT string_agg(s.heading || ' ' || s.body, ' ' ORDER BY s.position)
			FROM document_section s WHERE s.version_id = v.id), ''))
		FROM document d WHERE d.id = v.document_id AND v.id = $1`,
		in.VersionID, in.PublishedOn, in.EffectiveOn, by)
	if err != nil {
		return fmt.Errorf("documents: publish: %w", err)
	}
	return nil
}

// ScheduleInput is when a document's reviews fall due: so many months after its first version
// takes effect, then every so many months after each new version takes effect.
type ScheduleInput struct {
	DocumentID        int64
	FirstReviewMonths int
	ReviewMonths      int
}

// Validate checks the intervals.
func (in ScheduleInput) Validate() error {
	var p app.Problems
	if in.FirstReviewMonths < 1 || in.FirstReviewMonths > 60 {
		p.Add("first_review_months", "Enter the months to the first review as a whole number from 1 to 60")
	}
	if in.ReviewMonths < 1 || in.ReviewMonths > 60 {
		p.Add("review_months", "Enter the months between reviews as a whole number from 1 to 60")
	}
	return p.Err()
}

// SetSchedule changes when a document's reviews fall due.
func (s *Service) SetSchedule(ctx context.Context, a app.Actor, in ScheduleInput) error {
	return app.ChangeChecked(ctx, s.DB, a, in.Validate(), func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: audit.DocumentSchedule, ObjectType: "document", ObjectID: in.DocumentID,
			Detail: fmt.Sprintf("first review after %d months, then every %d", in.FirstReviewMonths, in.ReviewMonths)}
		return ev, database.Exec(ctx, tx, ErrNotFound, "documents: schedule", `UPDATE document SET first_review_months = $3, review_months = $4
			WHERE partnership_id = $1 AND id = $2`, a.Partnership, in.DocumentID, in.FirstReviewMonths, in.ReviewMonths)
	})
}
