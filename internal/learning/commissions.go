package learning

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
)

// Methods of active learning.
var Methods = app.Choices{
	{Value: "case_audit", Label: "Multi-agency case audit"}, {Value: "focus_group", Label: "Focus group"},
	{Value: "learning_event", Label: "Practitioner learning event"}, {Value: "survey", Label: "Survey"}, {Value: "other", Label: "Other"},
}

// CommissionStatuses are a commission's stages.
var CommissionStatuses = app.Choices{
	{Value: "commissioned", Label: "In progress"}, {Value: "findings_written", Label: "Findings written"}, {Value: "signed_off", Label: "Signed off"},
}

// NoteKinds are what may be written into a commission.
var NoteKinds = app.Choices{{Value: "note", Label: "Note"}, {Value: "voice", Label: "Voice of children and families"}}

// MethodLabel names a method of active learning.
func MethodLabel(m string) string { return Methods.Label(m) }

// CommissionStatusLabel names a commission's stage.
func CommissionStatusLabel(s string) string { return CommissionStatuses.Label(s) }

// Commission is active learning commissioned on a theme.
type Commission struct {
	ID            int64
	PartnershipID int64
	ThemeID       int64
	ThemeTitle    string
	Title         string
	KeyLines      string
	Methods       []string
	Participants  string
	StartsOn      time.Time
	DueOn         time.Time
	Status        string
	Findings      string
	SignedOffAt   *time.Time
	Version       int
	Friends       []Person
	Organisations []string
}

// Person is someone named on a record.
type Person struct {
	ID   int64
	Name string
}

// CommissionInput is what the Engine Room gives to commission learning.
type CommissionInput struct {
	Title         string
	KeyLines      string
	Methods       []string
	Participants  string
	StartsOn      time.Time
	DueOn         time.Time
	Organisations []int64
	Friends       []int64
}

// Validate checks a commission's input as far as it can without the database, with messages in
// the form's order.
func (in CommissionInput) Validate() error {
	var p app.Problems
	if t := strings.TrimSpace(in.Title); t == "" || len([]rune(t)) > 200 {
		p.Add("title", "Enter a title of 200 characters or fewer")
	}
	if k := strings.TrimSpace(in.KeyLines); k == "" || len([]rune(k)) > 5000 {
		p.Add("key_lines", "Enter the key lines of enquiry, 5,000 characters or fewer")
	}
	if len(in.Methods) == 0 {
		p.Add("methods", "Choose at least one method")
	}
	for _, m := range in.Methods {
		if !Methods.Has(m) {
			p.Add("methods", "Choose methods from the list")
		}
	}
	if in.StartsOn.IsZero() {
		p.Add("starts_on-day", "Enter the start")
	}
	switch {
	case in.DueOn.IsZero():
		p.Add("due_on-day", "Enter when the findings are due")
	case !in.StartsOn.IsZero() && in.DueOn.Before(in.StartsOn):
		p.Add("due_on-day", "The due date must be on or after the start")
	}
	if len(in.Friends) == 0 {
		p.Add("friends", "Choose at least one critical friend")
	}
	return p.Err()
}

// Commission commissions learning on one of the partnership's themes, refusing critical friends
// who are not impartial: each must be in the pool and work for no statutory partner. The theme
// moves on to "learning commissioned".
func (s *Service) Commission(ctx context.Context, a app.Actor, partnershipID, themeID int64, in CommissionInput) (int64, error) {
	if _, err := GetTheme(ctx, s.DB, partnershipID, themeID); err != nil {
		return 0, err
	}
	var p app.Problems
	p = append(p, app.FieldsOf(in.Validate())...)
	if len(in.Friends) > 0 {
		problems, err := CheckFriends(ctx, s.DB, partnershipID, in.Friends, s.Today())
		if err != nil {
			return 0, err
		}
		for _, pr := range problems {
			p.Add("friends", pr.Reason)
		}
	}
	if err := p.Err(); err != nil {
		return 0, err
	}
	var id int64
	err := app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		var err error
		id, err = CreateCommission(ctx, tx, partnershipID, themeID, a.UserID, in, s.Today())
		if err == nil {
			err = notifyCommissioned(ctx, tx, s.BaseURL, partnershipID, id, in.Friends)
		}
		return app.Event{Action: audit.CommissionCreate, ObjectType: "commission", ObjectID: id, Detail: fmt.Sprintf("theme %d", themeID)}, err
	})
	if errors.Is(err, ErrNotImpartial) {
		return 0, app.InvalidField("friends", "Choose critical friends from the list: one you chose can no longer be one")
	}
	return id, app.OnForeignKey(err, "friends", "Choose critical friends from the list")
}

// CommissionPage returns page p of the partnership's commissions as Commissions lists them, with
// app.PageOf's note of whether another page follows.
func (s *Service) CommissionPage(ctx context.Context, partnershipID, friendID int64, p app.Page) (app.Paged[Commission], error) {
	list, err := CommissionList(ctx, s.DB, partnershipID, friendID, p)
	return app.PageOf(list, p), err
}

// CommissionByID returns one of the partnership's commissions.
func (s *Service) CommissionByID(ctx context.Context, partnershipID, id int64) (Commission, error) {
	return GetCommission(ctx, s.DB, partnershipID, id)
}

// CommissionWork is what has been written into a commission.
type CommissionWork struct {
	Notes           []Note
	Milestones      []Milestone
	Recommendations []Recommendation
}

// Work returns the notes, milestones and recommendations of commission c.
func (s *Service) Work(ctx context.Context, c Commission) (CommissionWork, error) {
	var w CommissionWork
	notes, err := Notes(ctx, s.DB, []int64{c.ID})
	if err != nil {
		return w, err
	}
	milestones, err := Milestones(ctx, s.DB, []int64{c.ID})
	if err != nil {
		return w, err
	}
	w.Notes, w.Milestones = notes[c.ID], milestones[c.ID]
	w.Recommendations, err = Recommendations(ctx, s.DB, []int64{c.ID})
	return w, err
}

// changeOpen makes a change (app.Change) that only an open commission takes: ErrNotAllowed from
// fn becomes the refusal of a commission whose findings are signed off, on field.
func (s *Service) changeOpen(ctx context.Context, a app.Actor, field string, fn func(tx pgx.Tx) (app.Event, error)) error {
	err := app.Change(ctx, s.DB, a, fn)
	if errors.Is(err, ErrNotAllowed) {
		return app.ConflictField(field, "The commission has been signed off: nothing more can be added")
	}
	return err
}

// NoteInput is a note of the work, or the voice of children and families.
type NoteInput struct{ Kind, Body string }

// AddNote adds a note to commission c (as loaded for the access check) while it is open.
func (s *Service) AddNote(ctx context.Context, a app.Actor, c Commission, in NoteInput) error {
	var p app.Problems
	p.OneOf("note_kind", NoteKinds, in.Kind, "Choose what you are adding")
	switch body := strings.TrimSpace(in.Body); {
	case body == "":
		p.Add("note", "Write the note")
	case len([]rune(body)) > 20000:
		p.Add("note", "The note must be 20,000 characters or fewer")
	}
	if err := p.Err(); err != nil {
		return err
	}
	return s.changeOpen(ctx, a, "note", func(tx pgx.Tx) (app.Event, error) {
		return app.Event{Action: audit.CommissionNote, ObjectType: "commission", ObjectID: c.ID, Detail: in.Kind},
			AddNote(ctx, tx, c.ID, a.UserID, in.Kind, in.Body)
	})
}

// FindingsInput is a findings report (Markdown) and the commission's version it was written from.
type FindingsInput struct {
	Findings string
	Version  int
}

// SaveFindings saves commission c's findings report, refusing to overwrite a newer one or one
// signed off.
func (s *Service) SaveFindings(ctx context.Context, a app.Actor, c Commission, in FindingsInput) error {
	if len([]rune(in.Findings)) > 100000 {
		return app.InvalidField("findings", "The findings must be 100,000 characters or fewer")
	}
	err := app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		return app.Event{Action: audit.CommissionFindings, ObjectType: "commission", ObjectID: c.ID},
			SaveFindings(ctx, tx, c.PartnershipID, c.ID, in.Version, in.Findings)
	})
	if !errors.Is(err, ErrConflict) {
		return err
	}
	current, err := GetCommission(ctx, s.DB, c.PartnershipID, c.ID)
	if err != nil {
		return err
	}
	if current.Status == "signed_off" {
		return app.ConflictField("findings", "The findings have been signed off: they can no longer be changed")
	}
	return app.Stale("findings", "saved the findings", "", current.Version)
}

// SignOff signs commission c's findings off, which shares the theme's learning. There is nothing
// to sign off before the findings are written.
func (s *Service) SignOff(ctx context.Context, a app.Actor, c Commission) error {
	err := app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		return app.Event{Action: audit.CommissionSignOff, ObjectType: "commission", ObjectID: c.ID},
			SignOff(ctx, tx, c.PartnershipID, c.ID, a.UserID, s.Time())
	})
	switch {
	case errors.Is(err, ErrNoFindings):
		return app.InvalidField("findings", "There are no findings to sign off yet")
	case errors.Is(err, ErrNotAllowed):
		return app.ConflictField("findings", "The findings have already been signed off")
	}
	return err
}

// MilestoneInput is a step of a commission with its target date.
type MilestoneInput struct {
	Title string
	DueOn time.Time
}

// Validate checks a milestone, with messages in the form's order.
func (in MilestoneInput) Validate() error {
	var p app.Problems
	if t := strings.TrimSpace(in.Title); t == "" || len([]rune(t)) > 200 {
		p.Add("milestone_title", "Enter the milestone, 200 characters or fewer")
	}
	if in.DueOn.IsZero() {
		p.Add("milestone_due-day", "Enter the target date")
	}
	return p.Err()
}

// AddMilestone adds a milestone to commission c while it is open.
func (s *Service) AddMilestone(ctx context.Context, a app.Actor, c Commission, in MilestoneInput) error {
	if err := in.Validate(); err != nil {
		return err
	}
	return s.changeOpen(ctx, a, "milestone_title", func(tx pgx.Tx) (app.Event, error) {
		return app.Event{Action: audit.CommissionMilestone, ObjectType: "commission", ObjectID: c.ID, Detail: "milestone due " + in.DueOn.Format(time.DateOnly)},
			AddMilestone(ctx, tx, c.PartnershipID, c.ID, in.Title, in.DueOn)
	})
}

// CompleteMilestone records that a milestone of commission c was met today; one already met, or
// not the commission's, is not found.
func (s *Service) CompleteMilestone(ctx context.Context, a app.Actor, c Commission, milestoneID int64) error {
	return app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		return app.Event{Action: audit.CommissionMilestoneMet, ObjectType: "commission", ObjectID: c.ID, Detail: strconv.FormatInt(milestoneID, 10)},
			CompleteMilestone(ctx, tx, c.PartnershipID, c.ID, milestoneID, s.Today())
	})
}

// FriendProblem is why a person cannot be a critical friend on a commission.
type FriendProblem struct {
	UserID int64
	Name   string
	Reason string
}

// CheckFriends returns why any of the chosen people cannot be a critical friend: each must be a
// current member of the partnership's critical friends pool and must not work for a statutory
// partner, since critical friends must be independent of the partner agencies.
func CheckFriends(ctx context.Context, q database.Querier, partnershipID int64, userIDs []int64, today time.Time) ([]FriendProblem, error) {
	var problems []FriendProblem
	found := map[int64]bool{}
	rows, err := q.Query(ctx, `
		SELECT u.id, u.name, coalesce(o.statutory_role, ''), coalesce(o.name, ''),
		       EXISTS (SELECT 1 FROM membership m JOIN body b ON b.id = m.body_id
		               WHERE m.user_id = u.id AND b.kind = 'critical_friends' AND m.starts_on <= $3 AND (m.ends_on IS NULL OR m.ends_on > $3))
		FROM app_user u LEFT JOIN organisation o ON o.id = u.organisation_id
		WHERE u.partnership_id = $1 AND u.id = ANY ($2)`, partnershipID, userIDs, today)
	if err != nil {
		return nil, fmt.Errorf("learning: check friends: %w", err)
	}
	for rows.Next() {
		var id int64
		var name, statutory, org string
		var inPool bool
		if err := rows.Scan(&id, &name, &statutory, &org, &inPool); err != nil {
			return nil, err
		}
		found[id] = true
		switch {
		case statutory != "":
			problems = append(problems, FriendProblem{id, name, name + " works for " + org + ", a statutory partner: critical friends must be independent of the partner agencies"})
		case !inPool:
			problems = append(problems, FriendProblem{id, name, name + " is not in the critical friends pool"})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, id := range userIDs {
		if !found[id] {
			problems = append(problems, FriendProblem{UserID: id, Reason: "Choose critical friends from the list"})
		}
	}
	return problems, nil
}

// CreateCommission commissions learning on a theme inside the caller's transaction, refusing
// critical friends who are not independent. The theme moves on to "learning commissioned".
func CreateCommission(ctx context.Context, tx pgx.Tx, partnershipID, themeID, actorID int64, in CommissionInput, today time.Time) (int64, error) {
	problems, err := CheckFriends(ctx, tx, partnershipID, in.Friends, today)
	if err != nil {
		return 0, err
	}
	if len(problems) > 0 {
		return 0, fmt.Errorf("%w: %s", ErrNotImpartial, problems[0].Reason)
	}
	var id int64
	err = tx.QueryRow(ctx, `INSERT INTO commission (partnership_id, theme_id, title, key_lines, methods, participants, starts_on, due_on)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, partnershipID, themeID, strings.TrimSpace(in.Title),
		strings.TrimSpace(in.KeyLines), in.Methods, strings.TrimSpace(in.Participants), in.StartsOn, in.DueOn).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("learning: create commission: %w", err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO commission_friend (commission_id, user_id) SELECT $1, unnest($2::bigint[])`, id, in.Friends); err != nil {
		return 0, fmt.Errorf("learning: commission friends: %w", err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO commission_organisation (commission_id, organisation_id)
		SELECT $1, o.id FROM organisation o WHERE o.partnership_id = $2 AND o.id = ANY ($3)`, id, partnershipID, in.Organisations); err != nil {
		return 0, fmt.Errorf("learning: commission organisations: %w", err)
	}
	return id, moveTheme(ctx, tx, themeID, actorID, "learning_commissioned", "Learning commissioned: "+strings.TrimSpace(in.Title))
}

const commissionSelect = `
	SELECT c.id, c.partnership_id, c.theme_id, t.title, c.title, c.key_lines, c.methods, c.participants, c.starts_on, c.due_on,
	       c.status, c.findings, c.signed_off_at, c.version,
	       coalesce((SELECT array_agg(u.id ORDER BY u.name) FROM commission_friend f JOIN app_user u ON u.id = f.user_id WHERE f.commission_id = c.id), '{}'),
	       coalesce((SELECT array_agg(u.name ORDER BY u.name) FROM commission_friend f JOIN app_user u ON u.id = f.user_id WHERE f.commission_id = c.id), '{}'),
	       coalesce((SELECT array_agg(o.name ORDER BY o.name) FROM commission_organisation co JOIN organisation o ON o.id = co.organisation_id WHERE co.commission_id = c.id), '{}')
	FROM commission c JOIN theme t ON t.id = c.theme_id`

func scanCommission(row pgx.CollectableRow) (Commission, error) {
	var c Commission
	var friendIDs []int64
	var friendNames []string
	err := row.Scan(&c.ID, &c.PartnershipID, &c.ThemeID, &c.ThemeTitle, &c.Title, &c.KeyLines, &c.Methods, &c.Participants,
		&c.StartsOn, &c.DueOn, &c.Status, &c.Findings, &c.SignedOffAt, &c.Version, &friendIDs, &friendNames, &c.Organisations)
	for i := range friendIDs {
		c.Friends = append(c.Friends, Person{ID: friendIDs[i], Name: friendNames[i]})
	}
	return c, err
}

// GetCommission returns one of the partnership's commissions with its friends and organisations.
func GetCommission(ctx context.Context, q database.Querier, partnershipID, id int64) (Commission, error) {
	return database.OneWith(ctx, q, scanCommission, ErrNotFound, "learning: commission", commissionSelect+` WHERE c.partnership_id = $1 AND c.id = $2`, partnershipID, id)
}

// Commissions returns the partnership's commissions, of one theme or (themeID 0) all, or only
// those a critical friend is on (friendID), newest first, in one query.
func Commissions(ctx context.Context, q database.Querier, partnershipID, themeID, friendID int64) ([]Commission, error) {
	return database.AllWith(ctx, q, scanCommission, "learning: commissions", commissionSelect+` WHERE c.partnership_id = $1 AND ($2::bigint = 0 OR c.theme_id = $2)
		AND ($3::bigint = 0 OR EXISTS (SELECT 1 FROM commission_friend f WHERE f.commission_id = c.id AND f.user_id = $3))
		ORDER BY c.starts_on DESC, c.id DESC`, partnershipID, themeID, friendID)
}

// commissionListSelect is commissionSelect without the findings, which no list shows.
var commissionListSelect = strings.Replace(commissionSelect, "c.findings", "''", 1)

// CommissionList returns page p of the partnership's commissions (all, or those a critical friend
// is on), newest first, in one query without their findings: the page is chosen by the index
// commission_list, and only its rows are joined to their theme, friends and organisations.
func CommissionList(ctx context.Context, q database.Querier, partnershipID, friendID int64, p app.Page) ([]Commission, error) {
	return database.AllWith(ctx, q, scanCommission, "learning: commission list", `WITH page AS (
			SELECT c.id, c.starts_on FROM commission c WHERE c.partnership_id = $1
			  AND ($2::bigint = 0 OR c.id IN (SELECT f.commission_id FROM commission_friend f WHERE f.user_id = $2))
			ORDER BY c.starts_on DESC, c.id DESC LIMIT $3 OFFSET $4)
		`+commissionListSelect+` JOIN page ON page.id = c.id ORDER BY page.starts_on DESC, c.id DESC`, partnershipID, friendID, p.Limit(), p.Offset())
}

// Note is a note of the work or the voice of children and families.
type Note struct {
	ID           int64
	CommissionID int64
	Kind         string
	Body         string
	AuthorName   string
	CreatedAt    time.Time
}

// AddNote adds a note ("note") or the voice of children and families ("voice") to a commission
// that is not yet signed off.
func AddNote(ctx context.Context, q database.Querier, commissionID, authorID int64, kind, body string) error {
	body = strings.TrimSpace(body)
	if kind != "note" && kind != "voice" || body == "" {
		return ErrNotAllowed
	}
	return database.Exec(ctx, q, ErrNotAllowed, "learning: add note", `INSERT INTO commission_note (commission_id, kind, body, author_id)
		SELECT id, $2, $3, $4 FROM commission WHERE id = $1 AND status <> 'signed_off'`, commissionID, kind, body, authorID)
}

// Notes returns the notes of the given commissions, oldest first, in one query.
func Notes(ctx context.Context, q database.Querier, commissionIDs []int64) (map[int64][]Note, error) {
	ns, err := database.All[Note](ctx, q, "learning: notes", `SELECT n.id, n.commission_id, n.kind, n.body, u.name, n.created_at
		FROM commission_note n JOIN app_user u ON u.id = n.author_id WHERE n.commission_id = ANY ($1) ORDER BY n.created_at, n.id`, commissionIDs)
	if err != nil {
		return nil, err
	}
	return database.Group(ns, func(n Note) int64 { return n.CommissionID }), nil
}

// SaveFindings stores the findings report (Markdown) of a commission not yet signed off, if it
// is still at version.
func SaveFindings(ctx context.Context, q database.Querier, partnershipID, id int64, version int, findings string) error {
	findings = strings.TrimSpace(findings)
	status := "findings_written"
	if findings == "" {
		status = "commissioned"
	}
	return database.Exec(ctx, q, ErrConflict, "learning: save findings", `UPDATE commission SET findings = $4, status = $5, version = version + 1
		WHERE partnership_id = $1 AND id = $2 AND version = $3 AND status <> 'signed_off'`, partnershipID, id, version, findings, status)
}

// ErrNoFindings means a commission cannot be signed off without its findings.
var ErrNoFindings = errors.New("learning: no findings to sign off")

// SignOff signs a commission's findings off, which marks its theme's learning as shared.
func SignOff(ctx context.Context, tx pgx.Tx, partnershipID, id, actorID int64, now time.Time) error {
	var status, findings string
	var themeID int64
	err := tx.QueryRow(ctx, `SELECT status, findings, theme_id FROM commission WHERE partnership_id = $1 AND id = $2 FOR UPDATE`,
		partnershipID, id).Scan(&status, &findings, &themeID)
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("learning: sign off: %w", err)
	}
	if status == "signed_off" {
		return ErrNotAllowed
	}
	if strings.TrimSpace(findings) == "" {
		return ErrNoFindings
	}
	if _, err := tx.Exec(ctx, `UPDATE commission SET status = 'signed_off', signed_off_at = $2, signed_off_by = $3, version = version + 1 WHERE id = $1`,
		id, now, actorID); err != nil {
		return fmt.Errorf("learning: sign off: %w", err)
	}
	return moveTheme(ctx, tx, themeID, actorID, "learning_shared", "Findings signed off")
}

// Milestone is a step of a commission with its target date.
type Milestone struct {
	ID           int64
	CommissionID int64
	Title        string
	DueOn        time.Time
	DoneOn       *time.Time
}

// Overdue reports whether the milestone was due before today and is not met.
func (m Milestone) Overdue(today time.Time) bool { return m.DoneOn == nil && m.DueOn.Before(today) }

// AddMilestone adds a milestone to a commission of the partnership not yet signed off.
func AddMilestone(ctx context.Context, q database.Querier, partnershipID, commissionID int64, title string, due time.Time) error {
	title = strings.TrimSpace(title)
	if title == "" {
		return ErrNotAllowed
	}
	return database.Exec(ctx, q, ErrNotAllowed, "learning: add milestone", `INSERT INTO commission_milestone (commission_id, title, due_on)
		SELECT id, $3, $4 FROM commission WHERE partnership_id = $1 AND id = $2 AND status <> 'signed_off'`, partnershipID, commissionID, title, due)
}

// CompleteMilestone records that a commission's milestone was met on day.
func CompleteMilestone(ctx context.Context, q database.Querier, partnershipID, commissionID, milestoneID int64, day time.Time) error {
	return database.Exec(ctx, q, ErrNotFound, "learning: complete milestone", `UPDATE commission_milestone m SET done_on = $4 FROM commission c
		WHERE m.commission_id = c.id AND c.partnership_id = $1 AND c.id = $2 AND m.id = $3 AND m.done_on IS NULL`,
		partnershipID, commissionID, milestoneID, day)
}

// Milestones returns the milestones of the given commissions in date order, in one query.
func Milestones(ctx context.Context, q database.Querier, commissionIDs []int64) (map[int64][]Milestone, error) {
	ms, err := database.All[Milestone](ctx, q, "learning: milestones", `SELECT id, commission_id, title, due_on, done_on FROM commission_milestone
		WHERE commission_id = ANY ($1) ORDER BY due_on, id`, commissionIDs)
	if err != nil {
		return nil, err
	}
	return database.Group(ms, func(m Milestone) int64 { return m.CommissionID }), nil
}
