// Package learning is the partnership's learning loop: themes raised by practitioners' requests
// and other sources, the Engine Room's triage of KLOE requests, active learning commissioned with
// independent critical friends, its findings and recommendations, the actions agencies take, the
// training needs they raise, and the evidence of impact. One recommendation mechanism serves
// learning and, later, reviews.
package learning

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
)

// Errors of the learning loop.
var (
	ErrNotFound     error = app.NotFoundError("learning: not found")
	ErrConflict           = errors.New("learning: changed by someone else")
	ErrNotAllowed         = errors.New("learning: not allowed at this stage")
	ErrNotImpartial       = errors.New("learning: a critical friend must not work for a statutory partner")
)

// ThemeStatuses are a theme's stages, in order.
var ThemeStatuses = app.Choices{
	{Value: "emerging", Label: "Emerging"}, {Value: "under_enquiry", Label: "Under enquiry"},
	{Value: "learning_commissioned", Label: "Learning commissioned"}, {Value: "learning_shared", Label: "Learning shared"},
	{Value: "impact_testing", Label: "Impact testing"}, {Value: "closed", Label: "Closed"},
}

// Ratings are red, amber and green.
var Ratings = app.Choices{{Value: "red", Label: "Red"}, {Value: "amber", Label: "Amber"}, {Value: "green", Label: "Green"}}

// SourceKinds are what can raise a theme.
var SourceKinds = app.Choices{
	{Value: "kloe", Label: "KLOE request"}, {Value: "performance_data", Label: "Performance data"},
	{Value: "local_review", Label: "Local review"}, {Value: "national_review", Label: "National review"},
	{Value: "audit", Label: "Audit"}, {Value: "training_evaluation", Label: "Training evaluation"},
	{Value: "executive_proposal", Label: "Executive proposal"}, {Value: "other", Label: "Other"},
}

// StatusLabel names a theme's status.
func StatusLabel(s string) string { return ThemeStatuses.Label(s) }

// RatingLabel names a rating; "" is not rated.
func RatingLabel(r string) string {
	if r == "" {
		return "Not rated"
	}
	return Ratings.Label(r)
}

// SourceLabel names a kind of source.
func SourceLabel(k string) string { return SourceKinds.Label(k) }

// Theme is a theme of the partnership's learning.
type Theme struct {
	ID            int64
	PartnershipID int64
	Title         string
	Description   string
	Status        string
	Rating        string
	RatingReason  string
	OwnerID       *int64
	OwnerName     string
	Priorities    []string
	CreatedAt     time.Time
	UpdatedAt     time.Time
	Version       int
	SourceKinds   []string // in lists: the kinds of its sources
}

const themeColumns = `t.id, t.partnership_id, t.title, t.description, ` + themeRest

// themeListColumns are themeColumns as the register, its download and the triage form's choices
// read them: without the description, which none of them shows (issue #15).
const themeListColumns = `t.id, t.partnership_id, t.title, '', ` + themeRest

// themeRest are the columns after the description.
const themeRest = `t.status, t.rating, t.rating_reason, t.owner_id,
	coalesce(u.name, ''), t.priorities, t.created_at, t.updated_at, t.version,
	coalesce((SELECT array_agg(DISTINCT s.kind) FROM theme_source s WHERE s.theme_id = t.id), '{}')`

const themeFrom = ` FROM theme t LEFT JOIN app_user u ON u.id = t.owner_id`

// ThemeFilter selects themes for the register. Empty fields match everything.
type ThemeFilter struct {
	PartnershipID int64
	Search        string // Postgres full-text search over title and description
	Status        string
	Priority      string
	SourceKind    string
	OwnerID       int64
	Page          app.Page // the zero Page: every theme (a form's choices)
}

// Themes returns the register's page f.Page (with one theme more when another page follows:
// app.PageOf), best match first when searching and newest first otherwise, in one query.
func Themes(ctx context.Context, q database.Querier, f ThemeFilter) ([]Theme, error) {
	return database.All[Theme](ctx, q, "learning: themes", themesSQL+` LIMIT $7 OFFSET $8`, append(f.args(), f.Page.Limit(), f.Page.Offset())...)
}

// themesSQL is the register's query, over ThemeFilter.args.
const themesSQL = `SELECT ` + themeListColumns + themeFrom + `
		WHERE t.partnership_id = $1
		  AND ($2 = '' OR t.search @@ websearch_to_tsquery('english', $2))
		  AND ($3 = '' OR t.status = $3)
		  AND ($4 = '' OR $4 = ANY (t.priorities))
		  AND ($5 = '' OR EXISTS (SELECT 1 FROM theme_source s WHERE s.theme_id = t.id AND s.kind = $5))
		  AND ($6::bigint = 0 OR t.owner_id = $6)
		ORDER BY CASE WHEN $2 = '' THEN 0 ELSE ts_rank(t.search, websearch_to_tsquery('english', $2)) END DESC, t.updated_at DESC, t.id DESC`

// args are the filter's values for themesSQL.
func (f ThemeFilter) args() []any {
	return []any{f.PartnershipID, strings.TrimSpace(f.Search), f.Status, f.Priority, f.SourceKind, f.OwnerID}
}

// GetTheme returns one of the partnership's themes.
func GetTheme(ctx context.Context, q database.Querier, partnershipID, id int64) (Theme, error) {
	return database.One[Theme](ctx, q, ErrNotFound, "learning: theme", `SELECT `+themeColumns+themeFrom+` WHERE t.partnership_id = $1 AND t.id = $2`, partnershipID, id)
}

// ThemeInput is what a person gives to start or change a theme.
type ThemeInput struct {
	Title        string
	Description  string
	Priorities   []string
	OwnerID      *int64
	Status       string
	Rating       string
	RatingReason string
	Reason       string // why the status or rating changed, for the history
}

// checkText checks the theme's words and priorities (known is the partnership's list).
func (in ThemeInput) checkText(p *app.Problems, known []string) {
	switch t := strings.TrimSpace(in.Title); {
	case t == "":
		p.Add("title", "Enter the theme's title")
	case len([]rune(t)) > 200:
		p.Add("title", "Title must be 200 characters or fewer")
	}
	if len([]rune(in.Description)) > 10000 {
		p.Add("description", "Description must be 10,000 characters or fewer")
	}
	if known == nil {
		return
	}
	for _, pr := range in.Priorities {
		if !slices.Contains(known, pr) {
			p.Add("priorities", "Choose priorities from the list")
		}
	}
}

// checkRating checks the theme's status and rating, as the form to change it asks them.
func (in ThemeInput) checkRating(p *app.Problems) {
	if in.Status != "" && !ThemeStatuses.Has(in.Status) {
		p.Add("status", "Choose a status from the list")
	}
	if in.Rating != "" && !Ratings.Has(in.Rating) {
		p.Add("rating", "Choose red, amber or green")
	}
	switch {
	case in.Rating != "" && strings.TrimSpace(in.RatingReason) == "":
		p.Add("rating_reason", "Say why the theme has this rating")
	case len([]rune(in.RatingReason)) > 2000:
		p.Add("rating_reason", "The reason must be 2,000 characters or fewer")
	}
}

// ThemeChange is a theme to start (ID 0, with the Source that raised it) or to change (loaded at
// Version).
type ThemeChange struct {
	ID      int64
	Version int
	Theme   ThemeInput
	Source  NewSource // a new theme's first source
}

// Validate checks what can be checked without the database, with messages in the form's order.
func (c ThemeChange) Validate() error { return c.problems(nil).Err() }

// problems are the change's problems; known, when not nil, are the partnership's priorities.
func (c ThemeChange) problems(known []string) app.Problems {
	var p app.Problems
	c.Theme.checkText(&p, known)
	if c.ID == 0 {
		c.Source.check(&p)
		if c.Theme.Status != "" && !ThemeStatuses.Has(c.Theme.Status) {
			p.Add("status", "Choose a status from the list")
		}
		return p
	}
	if c.Theme.Status == "" {
		p.Add("status", "Choose the theme's status")
	}
	c.Theme.checkRating(&p)
	return p
}

// SaveTheme starts a theme (c.ID 0) or changes one still at c.Version, returning its id. A
// status the learning loop has not reached, or a change of status without a reason, is refused
// on its field.
func (s *Service) SaveTheme(ctx context.Context, a app.Actor, partnershipID int64, c ThemeChange) (int64, error) {
	known, err := s.Priorities(ctx, partnershipID)
	if err != nil {
		return 0, err
	}
	if known == nil {
		known = []string{}
	}
	if err := c.problems(known).Err(); err != nil {
		return c.ID, err
	}
	id := c.ID
	err = app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		if id == 0 {
			var err error
			id, err = CreateTheme(ctx, tx, partnershipID, a.UserID, c.Theme, c.Source)
			return app.Event{Action: audit.ThemeCreate, ObjectType: "theme", ObjectID: id, Detail: c.Theme.Status + " " + c.Theme.Rating}, err
		}
		return app.Event{Action: audit.ThemeUpdate, ObjectType: "theme", ObjectID: id, Detail: c.Theme.Status + " " + c.Theme.Rating},
			UpdateTheme(ctx, tx, partnershipID, id, a.UserID, c.Version, c.Theme)
	})
	var refused StatusRefused
	switch {
	case errors.As(err, &refused):
		return id, app.InvalidField(refused.Field, refused.Message)
	case errors.Is(err, ErrConflict):
		current, lerr := GetTheme(ctx, s.DB, partnershipID, id)
		if lerr != nil {
			return id, lerr
		}
		return id, app.Stale("title", "changed this theme", "", current.Version)
	}
	return id, err
}

// AddSource records another source that raised one of the partnership's themes: performance
// data, an audit, a review.
func (s *Service) AddSource(ctx context.Context, a app.Actor, partnershipID, themeID int64, src NewSource) error {
	if _, err := GetTheme(ctx, s.DB, partnershipID, themeID); err != nil {
		return err
	}
	var p app.Problems
	src.check(&p)
	if err := p.Err(); err != nil {
		return err
	}
	return app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		return app.Event{Action: audit.ThemeSource, ObjectType: "theme", ObjectID: themeID, Detail: src.Kind},
			AddSource(ctx, tx, themeID, a.UserID, src)
	})
}

// Themes returns the register, filtered (see the package function Themes).
func (s *Service) Themes(ctx context.Context, f ThemeFilter) ([]Theme, error) {
	return Themes(ctx, s.DB, f)
}

// Theme returns one of the partnership's themes.
func (s *Service) Theme(ctx context.Context, partnershipID, id int64) (Theme, error) {
	return GetTheme(ctx, s.DB, partnershipID, id)
}

// Thread returns a theme's golden thread.
func (s *Service) Thread(ctx context.Context, partnershipID, id int64) (Thread, error) {
	return LoadThread(ctx, s.DB, partnershipID, id)
}

// NewSource is a source that raised a theme.
type NewSource struct {
	Kind      string
	RequestID *int64
	Reference string
	Note      string
}

// check checks a source as the person gave it.
func (src NewSource) check(p *app.Problems) {
	if !SourceKinds.Has(src.Kind) {
		p.Add("source_kind", "Choose what raised the theme")
	}
	if len([]rune(strings.TrimSpace(src.Reference))) > 500 {
		p.Add("source_reference", "The reference or link must be 500 characters or fewer")
	}
}

// CreateTheme starts a theme with its first source, inside the caller's transaction.
func CreateTheme(ctx context.Context, tx pgx.Tx, partnershipID, actorID int64, in ThemeInput, src NewSource) (int64, error) {
	if in.Status == "" {
		in.Status = "emerging"
	}
	if in.Status != "emerging" && in.Status != "under_enquiry" {
		return 0, StatusRefused{"status", "A new theme is emerging or under enquiry: the later stages come as the learning loop reaches them"}
	}
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO theme (partnership_id, title, description, status, rating, rating_reason, owner_id, priorities)
		VALUES ($1, $2, $3, $4, $5, $6, (SELECT id FROM app_user WHERE id = $7 AND partnership_id = $1), $8) RETURNING id`,
		partnershipID, strings.TrimSpace(in.Title), strings.TrimSpace(in.Description), in.Status, in.Rating,
		strings.TrimSpace(in.RatingReason), in.OwnerID, nonNil(in.Priorities)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("learning: create theme: %w", err)
	}
	if err := history(ctx, tx, id, actorID, in.Status, in.Rating, "Theme started"); err != nil {
		return 0, err
	}
	return id, AddSource(ctx, tx, id, actorID, src)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func history(ctx context.Context, q database.Querier, themeID, actorID int64, status, rating, reason string) error {
	_, err := q.Exec(ctx, `INSERT INTO theme_history (theme_id, actor_id, status, rating, reason) VALUES ($1, $2, $3, $4, $5)`,
		themeID, actorID, status, rating, reason)
	if err != nil {
		return fmt.Errorf("learning: theme history: %w", err)
	}
	return nil
}

// AddSource records another source of a theme.
func AddSource(ctx context.Context, q database.Querier, themeID, actorID int64, s NewSource) error {
	if !SourceKinds.Has(s.Kind) {
		return fmt.Errorf("learning: unknown source kind %q", s.Kind)
	}
	_, err := q.Exec(ctx, `INSERT INTO theme_source (theme_id, kind, request_id, reference, note, added_by) VALUES ($1, $2, $3, $4, $5, $6)`,
		themeID, s.Kind, s.RequestID, strings.TrimSpace(s.Reference), strings.TrimSpace(s.Note), actorID)
	if err != nil {
		return fmt.Errorf("learning: add source: %w", err)
	}
	return nil
}

// StatusRefused is a status change the theme's state does not allow; Message says why, in words
// for the person who asked, about Field ("status" or "reason").
type StatusRefused struct{ Field, Message string }

func (e StatusRefused) Error() string { return "learning: status refused: " + e.Message }

// checkStatusChange applies the rules for changing a theme's status by hand: a reason is always
// given, and a theme is only said to have reached a stage of the loop when the loop has: a
// commission for "learning commissioned", signed-off findings for "learning shared", a
// recommendation for "impact testing". Going back, or closing, needs only the reason.
func checkStatusChange(ctx context.Context, tx pgx.Tx, themeID int64, from, to, reason string) error {
	if from == to {
		return nil
	}
	if strings.TrimSpace(reason) == "" {
		return StatusRefused{"reason", "Say why the status is changing: it is kept in the theme's history"}
	}
	var commissions, signedOff, recommendations int
	if err := tx.QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE c.status = 'signed_off'),
			(SELECT count(*) FROM recommendation r JOIN commission c2 ON c2.id = r.commission_id WHERE c2.theme_id = $1)
		FROM commission c WHERE c.theme_id = $1`, themeID).Scan(&commissions, &signedOff, &recommendations); err != nil {
		return fmt.Errorf("learning: status change: %w", err)
	}
	switch {
	case to == "learning_commissioned" && commissions == 0:
		return StatusRefused{"status", "The theme has no commission yet: commission active learning first, which sets this status"}
	case to == "learning_shared" && signedOff == 0:
		return StatusRefused{"status", "No findings have been signed off for this theme yet: sign a commission's findings off first, which shares the learning"}
	case to == "impact_testing" && recommendations == 0:
		return StatusRefused{"status", "The theme has no recommendation yet: there is nothing to test the impact of"}
	}
	return nil
}

// UpdateTheme changes a theme if it is still at version; a change of status or rating goes into
// its history with the reason. A status change the theme's state does not allow is StatusRefused.
func UpdateTheme(ctx context.Context, tx pgx.Tx, partnershipID, id, actorID int64, version int, in ThemeInput) error {
	var oldStatus, oldRating string
	err := tx.QueryRow(ctx, `SELECT status, rating FROM theme WHERE partnership_id = $1 AND id = $2 AND version = $3 FOR UPDATE`,
		partnershipID, id, version).Scan(&oldStatus, &oldRating)
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrConflict
	}
	if err != nil {
		return fmt.Errorf("learning: update theme: %w", err)
	}
	if err := checkStatusChange(ctx, tx, id, oldStatus, in.Status, in.Reason); err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `UPDATE theme SET title = $3, description = $4, status = $5, rating = $6, rating_reason = $7,
		owner_id = (SELECT id FROM app_user WHERE id = $8 AND partnership_id = $1), priorities = $9, updated_at = now(), version = version + 1
		WHERE partnership_id = $1 AND id = $2`,
		partnershipID, id, strings.TrimSpace(in.Title), strings.TrimSpace(in.Description), in.Status, in.Rating,
		strings.TrimSpace(in.RatingReason), in.OwnerID, nonNil(in.Priorities))
	if err != nil {
		return fmt.Errorf("learning: update theme: %w", err)
	}
	if in.Status != oldStatus || in.Rating != oldRating {
		reason := strings.TrimSpace(in.Reason)
		if reason == "" {
			reason = strings.TrimSpace(in.RatingReason)
		}
		return history(ctx, tx, id, actorID, in.Status, in.Rating, reason)
	}
	return nil
}

// moveTheme moves a theme on to a later status when the loop reaches it (learning commissioned,
// learning shared), never back.
func moveTheme(ctx context.Context, tx pgx.Tx, themeID, actorID int64, to, reason string) error {
	order := map[string]int{}
	for i, s := range ThemeStatuses {
		order[s.Value] = i
	}
	var status, rating string
	if err := tx.QueryRow(ctx, `SELECT status, rating FROM theme WHERE id = $1 FOR UPDATE`, themeID).Scan(&status, &rating); err != nil {
		return fmt.Errorf("learning: move theme: %w", err)
	}
	if order[to] <= order[status] {
		return nil
	}
	if _, err := tx.Exec(ctx, `UPDATE theme SET status = $2, updated_at = now(), version = version + 1 WHERE id = $1`, themeID, to); err != nil {
		return fmt.Errorf("learning: move theme: %w", err)
	}
	return history(ctx, tx, themeID, actorID, to, rating, reason)
}
