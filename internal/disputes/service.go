package disputes

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/mail"
	"github.com/scp-portal/portal/internal/reviews"
)

// Service reads and changes the partnership's disputes. Every change validates its input, then in
// one transaction makes the change, writes its history and audit record (which never holds the
// dispute's words) and queues its e-mail. The caller has asked the access policy first.
type Service struct {
	app.Env // the database, the portal's address for links in e-mails, and the clock
}

// Register returns a page of the partnership's disputes (see List).
func (s *Service) Register(ctx context.Context, f Filter) ([]Dispute, error) {
	return List(ctx, s.DB, f, s.Today())
}

// Dispute returns one of the partnership's disputes, for the caller to ask the policy about.
func (s *Service) Dispute(ctx context.Context, partnershipID, id int64) (Dispute, error) {
	return Get(ctx, s.DB, partnershipID, id)
}

// Read returns dispute d's history for a reader the policy allowed, and records the read.
func (s *Service) Read(ctx context.Context, a app.Actor, d Dispute) ([]Step, error) {
	if err := app.Read(ctx, s.DB, a, app.Event{Action: audit.DisputeRead, ObjectType: "dispute", ObjectID: d.ID}); err != nil {
		return nil, err
	}
	return Steps(ctx, s.DB, d.ID)
}

// RecordInput is a disagreement as a member of the partnership records it.
type RecordInput struct {
	RaisingOrgID *int64 // the recorder's agency, when they act for one
	OtherOrgID   int64  // 0 when none was chosen: the form has said so
	Summary      string
	Detail       string
	Stage        string // the stage it has reached; "" is the first
}

// Validate checks the input, in the form's order.
func (in RecordInput) Validate() error {
	var p app.Problems
	if in.RaisingOrgID != nil && *in.RaisingOrgID == in.OtherOrgID {
		p.Add("other_org", "Choose another agency than your own: the disagreement is between two")
	}
	p.Words("summary", in.Summary, 200, "Say in a sentence what the disagreement is about", "The disagreement in a sentence must be 200 characters or fewer")
	p.Words("detail", in.Detail, 10000, "", "What has happened so far must be 10,000 characters or fewer")
	if _, i := stage(in.Stage); in.Stage != "" && i < 0 {
		p.Add("stage", "Choose the stage the disagreement has reached")
	}
	return p.Err()
}

// Record records a disagreement at the stage it has reached, due that stage's working days from
// today, and tells the business unit and the Engine Room, returning its id. An agency that is not
// the partnership's is a problem on its field.
func (s *Service) Record(ctx context.Context, a app.Actor, partnershipID int64, in RecordInput) (int64, error) {
	return app.Create(ctx, s.DB, a, in.Validate(), func(tx pgx.Tx) (int64, app.Event, error) {
		id, err := Create(ctx, tx, partnershipID, a.UserID, in, s.Today())
		if err != nil {
			return id, app.Event{}, err
		}
		emails, err := database.Values[string](ctx, tx, "disputes: managers", `
			SELECT DISTINCT u.email FROM membership m JOIN body b ON b.id = m.body_id JOIN app_user u ON u.id = m.user_id
			WHERE m.partnership_id = $1 AND b.kind IN ('engine_room', 'business_unit') AND u.status = 'active'
			  AND m.starts_on <= $2 AND (m.ends_on IS NULL OR m.ends_on > $2) ORDER BY 1`, partnershipID, s.Today())
		if err != nil {
			return id, app.Event{}, err
		}
		for _, to := range emails {
			if err := mail.Enqueue(ctx, tx, mail.Message{To: to, Subject: "A disagreement between agencies has been recorded",
				Body: fmt.Sprintf("A disagreement between agencies has been recorded for the partnership to resolve.\n\nSign in to read it: %s/%s/disputes/%d\n",
					s.BaseURL, a.PartnershipSlug, id)}); err != nil {
				return id, app.Event{}, err
			}
		}
		return id, app.Event{Action: audit.DisputeRecord, ObjectType: "dispute", ObjectID: id}, nil
	})
}

// Create records a disagreement by recorder on day today inside the caller's transaction, as
// Record does.
func Create(ctx context.Context, tx pgx.Tx, partnershipID, recorder int64, in RecordInput, today time.Time) (int64, error) {
	if err := in.Validate(); err != nil {
		return 0, err
	}
	if in.Stage == "" {
		in.Stage = Stages[0].Value
	}
	st, _ := stage(in.Stage)
	cal, err := reviews.Calendar(ctx, tx)
	if err != nil {
		return 0, err
	}
	var id int64
	err = tx.QueryRow(ctx, `INSERT INTO dispute (partnership_id, raised_by, raising_org_id, other_org_id, summary, detail, stage,
		stage_started_on, stage_due_on) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		partnershipID, recorder, in.RaisingOrgID, in.OtherOrgID, strings.TrimSpace(in.Summary), strings.TrimSpace(in.Detail), st.Value,
		today, cal.Add(today, st.Days)).Scan(&id)
	if err != nil {
		return 0, app.OnForeignKey(err, "other_org", "Choose the agencies from the list")
	}
	return id, step(ctx, tx, id, st.Value, recorder, "Recorded")
}

func step(ctx context.Context, tx pgx.Tx, id int64, stage string, actor int64, note string) error {
	_, err := tx.Exec(ctx, `INSERT INTO dispute_step (dispute_id, stage, actor_id, note) VALUES ($1, $2, $3, $4)`, id, stage, actor, strings.TrimSpace(note))
	if err != nil {
		return fmt.Errorf("disputes: step: %w", err)
	}
	return nil
}

// MoveInput is a change to a dispute at the version loaded: escalating it with what happened at
// its stage (Note), or resolving it (Outcome).
type MoveInput struct {
	ID      int64
	Version int
	Note    string
	Outcome string
}

// Escalate moves an open dispute up to its next stage, due that stage's working days from today,
// with what happened at the stage it leaves. At the last stage, its outcome is recorded instead.
func (s *Service) Escalate(ctx context.Context, a app.Actor, partnershipID int64, in MoveInput) error {
	return app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		next, err := Escalate(ctx, tx, partnershipID, a.UserID, in, s.Today())
		return app.Event{Action: audit.DisputeEscalate, ObjectType: "dispute", ObjectID: in.ID, Detail: next}, err
	})
}

// Escalate moves a dispute up by actor on day today inside the caller's transaction, as the
// Service's Escalate does, returning the stage it reached.
func Escalate(ctx context.Context, tx pgx.Tx, partnershipID, actor int64, in MoveInput, today time.Time) (string, error) {
	var p app.Problems
	p.Words("note", in.Note, 5000, "Say what happened at this stage, and why it moves up", "The note must be 5,000 characters or fewer")
	if err := p.Err(); err != nil {
		return "", err
	}
	d, err := lock(ctx, tx, partnershipID, in, "note")
	if err != nil {
		return "", err
	}
	next, ok := d.Next()
	if !ok {
		return "", app.InvalidField("note", "This is the last stage: record the outcome")
	}
	cal, err := reviews.Calendar(ctx, tx)
	if err != nil {
		return "", err
	}
	if _, err := tx.Exec(ctx, `UPDATE dispute SET stage = $2, stage_started_on = $3, stage_due_on = $4, version = version + 1 WHERE id = $1`,
		d.ID, next.Value, today, cal.Add(today, next.Days)); err != nil {
		return "", fmt.Errorf("disputes: escalate: %w", err)
	}
	return next.Value, step(ctx, tx, d.ID, next.Value, actor, in.Note)
}

// Resolve records an open dispute's outcome.
func (s *Service) Resolve(ctx context.Context, a app.Actor, partnershipID int64, in MoveInput) error {
	return app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		return app.Event{Action: audit.DisputeResolve, ObjectType: "dispute", ObjectID: in.ID}, Resolve(ctx, tx, partnershipID, a.UserID, in)
	})
}

// Resolve records a dispute's outcome by actor inside the caller's transaction, as the Service's
// Resolve does.
func Resolve(ctx context.Context, tx pgx.Tx, partnershipID, actor int64, in MoveInput) error {
	var p app.Problems
	p.Words("outcome", in.Outcome, 5000, "Say how the disagreement was resolved", "The outcome must be 5,000 characters or fewer")
	if err := p.Err(); err != nil {
		return err
	}
	d, err := lock(ctx, tx, partnershipID, in, "outcome")
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE dispute SET status = 'resolved', outcome = $2, resolved_by = $3, resolved_at = now(), version = version + 1
		WHERE id = $1`, d.ID, strings.TrimSpace(in.Outcome), actor); err != nil {
		return fmt.Errorf("disputes: resolve: %w", err)
	}
	return step(ctx, tx, d.ID, d.Stage, actor, "Resolved")
}

// lock loads an open dispute for a change at in.Version, holding it: a resolved one is refused,
// and one changed since it was loaded is Stale, on field.
func lock(ctx context.Context, tx pgx.Tx, partnershipID int64, in MoveInput, field string) (Dispute, error) {
	d, err := database.One[Dispute](ctx, tx, ErrNotFound, "disputes: lock", `SELECT `+columns+from+`
		WHERE d.partnership_id = $1 AND d.id = $2 FOR UPDATE OF d`, partnershipID, in.ID)
	switch {
	case err != nil:
		return d, err
	case d.Status != "open":
		return d, app.ConflictField(field, "This disagreement has already been resolved")
	case d.Version != in.Version:
		return d, app.Stale(field, "moved this disagreement on", StageChoices().Label(d.Stage), d.Version)
	}
	return d, nil
}
