package challenges

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/mail"
	"github.com/scp-portal/portal/internal/reviews"
)

// Service reads and changes the challenge log and takes the Executive's proposals. Every change
// validates its input, then in one transaction makes the change, writes its audit record (which
// names the record challenged by kind and id, never the challenge's words) and queues its
// e-mail. The caller has asked the access policy first.
type Service struct {
	app.Env // the database, the portal's address for links in e-mails, and the clock
}

// Log returns a page of the partnership's challenge log (see List).
func (s *Service) Log(ctx context.Context, f Filter) ([]Challenge, error) {
	return List(ctx, s.DB, f, s.Today())
}

// Challenge returns one of the partnership's challenges.
func (s *Service) Challenge(ctx context.Context, partnershipID, id int64) (Challenge, error) {
	return Get(ctx, s.DB, partnershipID, id)
}

// Tally tallies the challenges raised in [start, end), as they stand today.
func (s *Service) Tally(ctx context.Context, partnershipID int64, start, end time.Time) (Tally, error) {
	return Count(ctx, s.DB, partnershipID, start, end, s.Today())
}

// DueDays is how many working days a response is given unless the challenger says otherwise.
const DueDays = 10

// SuggestedDue is the date a response is due by if given DueDays working days from today.
func (s *Service) SuggestedDue(ctx context.Context) (time.Time, error) {
	cal, err := reviews.Calendar(ctx, s.DB)
	if err != nil {
		return time.Time{}, err
	}
	return cal.Add(s.Today(), DueDays), nil
}

// RaiseInput is a challenge as its challenger writes it.
type RaiseInput struct {
	SubjectKind string
	SubjectID   *int64 // may be left out for a challenge to a partner about itself
	Addressee   string // EngineRoom or an organisation's id
	Summary     string
	Detail      string
	DueOn       time.Time // zero when it could not be read: the form has said so
}

// Validate checks what can be checked without the database or the clock, in the form's order.
func (in RaiseInput) Validate() error { return in.problems(time.Time{}).Err() }

// problems are the input's problems; a due date on or before today is one (today zero: not checked).
func (in RaiseInput) problems(today time.Time) app.Problems {
	var p app.Problems
	if _, ok := subjectKind(in.SubjectKind); !ok {
		p.Add("subject_kind", "Choose what the challenge is about")
	} else if in.SubjectID == nil && in.SubjectKind != OrganisationKind {
		p.Add("subject_id", "Enter the number of the record challenged, as in its address")
	}
	if _, ok := addressee(in.Addressee); !ok {
		p.Add("addressee", "Choose who must respond")
	}
	p.Words("summary", in.Summary, 200, "Enter the challenge in a sentence", "The challenge in a sentence must be 200 characters or fewer")
	p.Words("detail", in.Detail, 10000, "", "The detail must be 10,000 characters or fewer")
	if !today.IsZero() && !in.DueOn.IsZero() && !in.DueOn.After(today) {
		p.Add("due_on-day", "The response must be due after today")
	}
	return p
}

// addressee reads an addressee: nil for the Engine Room, or an organisation's id.
func addressee(v string) (*int64, bool) {
	if v == EngineRoom {
		return nil, true
	}
	id, err := strconv.ParseInt(v, 10, 64)
	return &id, err == nil && id > 0
}

// Raise records a challenge and tells those who must respond, returning its id. A record
// challenged that is not the partnership's, or an addressee that is not its organisation, is a
// problem on its field.
func (s *Service) Raise(ctx context.Context, a app.Actor, partnershipID int64, in RaiseInput) (int64, error) {
	if err := in.problems(s.Today()).Err(); err != nil {
		return 0, err
	}
	var id int64
	err := app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		var err error
		if id, err = Create(ctx, tx, partnershipID, a.UserID, in, s.Today()); err != nil {
			return app.Event{}, err
		}
		c, err := Get(ctx, tx, partnershipID, id)
		if err != nil {
			return app.Event{}, err
		}
		if err := s.tellResponders(ctx, tx, a.PartnershipSlug, c); err != nil {
			return app.Event{}, err
		}
		return app.Event{Action: audit.ChallengeRaise, ObjectType: "challenge", ObjectID: id,
			Detail: c.SubjectKind + ":" + strconv.FormatInt(c.SubjectID, 10)}, nil
	})
	return id, err
}

// Create records a challenge raised by raisedBy on day today, inside the caller's transaction,
// checked as Raise checks it.
func Create(ctx context.Context, tx pgx.Tx, partnershipID, raisedBy int64, in RaiseInput, today time.Time) (int64, error) {
	if err := in.problems(today).Err(); err != nil {
		return 0, err
	}
	kind, _ := subjectKind(in.SubjectKind)
	org, _ := addressee(in.Addressee)
	subject := in.SubjectID
	if subject == nil {
		if org == nil {
			return 0, app.InvalidField("subject_id", "Enter the number of the partner challenged, or address the challenge to it")
		}
		subject = org
	}
	if kind.Rows != "" {
		var exists bool
		// kind.Rows comes from SubjectKinds, never from the request.
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM (`+kind.Rows+`) s WHERE s.id = $1 AND s.partnership_id = $2)`,
			*subject, partnershipID).Scan(&exists); err != nil {
			return 0, fmt.Errorf("challenges: create: %w", err)
		}
		if !exists {
			return 0, app.InvalidField("subject_id", "There is no "+strings.ToLower(strings.TrimPrefix(kind.Label, "A "))+" with that number")
		}
	}
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO challenge (partnership_id, subject_kind, subject_id, organisation_id, summary, detail, raised_by, due_on)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, partnershipID, kind.Value, *subject, org,
		strings.TrimSpace(in.Summary), strings.TrimSpace(in.Detail), raisedBy, in.DueOn).Scan(&id)
	if err != nil {
		return 0, app.OnForeignKey(err, "addressee", "Choose who must respond from the list")
	}
	return id, nil
}

// tellResponders e-mails those who may respond to c: the current Executive and Engine Room
// members of the organisation addressed, or the Engine Room's members. The e-mail says who must
// respond and by when, and links to the challenge; its words stay in the portal.
func (s *Service) tellResponders(ctx context.Context, tx pgx.Tx, slug string, c Challenge) error {
	emails, err := database.Values[string](ctx, tx, "challenges: responders", `
		SELECT DISTINCT u.email FROM membership m JOIN body b ON b.id = m.body_id JOIN app_user u ON u.id = m.user_id
		WHERE m.partnership_id = $1 AND u.status = 'active' AND m.starts_on <= $3 AND (m.ends_on IS NULL OR m.ends_on > $3)
		  AND (($2::bigint IS NULL AND b.kind = 'engine_room') OR (u.organisation_id = $2 AND b.kind IN ('executive', 'engine_room')))
		ORDER BY 1`, c.PartnershipID, c.OrganisationID, s.Today())
	if err != nil {
		return err
	}
	for _, to := range emails {
		if err := mail.Enqueue(ctx, tx, mail.Message{To: to, Subject: "A challenge for " + c.Addressee + " to answer",
			Body: fmt.Sprintf("%s has raised a challenge for %s to answer by %s.\n\nSign in to read it and record the response: %s/%s/challenges/%d\n",
				c.RaisedBy, c.Addressee, c.DueOn.Format("2 January 2006"), s.BaseURL, slug, c.ID)}); err != nil {
			return err
		}
	}
	return nil
}

// ResponseInput is the addressee's response to a challenge, written against the version loaded.
type ResponseInput struct {
	ID       int64
	Version  int
	Response string
}

// Validate checks the response's words.
func (in ResponseInput) Validate() error {
	var p app.Problems
	p.Words("response", in.Response, 10000, "Enter the response", "The response must be 10,000 characters or fewer")
	return p.Err()
}

// Respond records the response to an open challenge and tells the challenger. A challenge
// already responded to or closed, or changed since it was loaded, is refused on the response.
func (s *Service) Respond(ctx context.Context, a app.Actor, partnershipID int64, in ResponseInput) error {
	return app.ChangeChecked(ctx, s.DB, a, in.Validate(), func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: audit.ChallengeRespond, ObjectType: "challenge", ObjectID: in.ID}
		c, err := Respond(ctx, tx, partnershipID, a.UserID, in)
		if err != nil {
			return ev, err
		}
		to, err := database.Values[string](ctx, tx, "challenges: challenger", `SELECT email FROM app_user WHERE id = $1 AND status = 'active'`, c.RaisedByID)
		if err != nil {
			return ev, err
		}
		for _, addr := range to {
			if err := mail.Enqueue(ctx, tx, mail.Message{To: addr, Subject: c.Addressee + " has responded to your challenge",
				Body: fmt.Sprintf("%s has responded to the challenge you raised.\n\nSign in to read the response and close the challenge: %s/%s/challenges/%d\n",
					c.Addressee, s.BaseURL, a.PartnershipSlug, c.ID)}); err != nil {
				return ev, err
			}
		}
		return ev, nil
	})
}

// Respond records respondent's response to a challenge inside the caller's transaction, as the
// Service's Respond does, returning the challenge as it was.
func Respond(ctx context.Context, tx pgx.Tx, partnershipID, respondent int64, in ResponseInput) (Challenge, error) {
	if err := in.Validate(); err != nil {
		return Challenge{}, err
	}
	c, err := lock(ctx, tx, partnershipID, in.ID)
	switch {
	case err != nil:
		return c, err
	case c.Status != "open":
		return c, app.ConflictField("response", "This challenge has already been responded to or closed: what happened is above")
	case c.Version != in.Version:
		return c, app.Stale("response", "changed this challenge", "", c.Version)
	}
	_, err = tx.Exec(ctx, `UPDATE challenge SET status = 'responded', response = $2, responded_by = $3, responded_at = now(),
		version = version + 1 WHERE id = $1`, in.ID, strings.TrimSpace(in.Response), respondent)
	if err != nil {
		return c, fmt.Errorf("challenges: respond: %w", err)
	}
	return c, nil
}

// CloseInput is how a challenge is closed: answered or escalated, with a note.
type CloseInput struct {
	ID      int64
	Version int
	Outcome string
	Note    string
}

// Validate checks the outcome and the note.
func (in CloseInput) Validate() error {
	var p app.Problems
	p.OneOf("outcome", Outcomes, in.Outcome, "Choose whether the challenge was answered or is escalated")
	p.Words("closing_note", in.Note, 2000, "", "The note must be 2,000 characters or fewer")
	if in.Outcome == "escalated" && strings.TrimSpace(in.Note) == "" && !p.Has("closing_note") {
		p.Add("closing_note", "Say why the challenge is escalated, and to whom")
	}
	return p.Err()
}

// Close closes a challenge as answered (once responded to) or escalated (responded to or not).
// One already closed, or changed since it was loaded, is refused on the outcome.
func (s *Service) Close(ctx context.Context, a app.Actor, partnershipID int64, in CloseInput) error {
	return app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		return app.Event{Action: audit.ChallengeClose, ObjectType: "challenge", ObjectID: in.ID, Detail: in.Outcome},
			Close(ctx, tx, partnershipID, a.UserID, in)
	})
}

// Close closes a challenge by closer inside the caller's transaction, as the Service's Close does.
func Close(ctx context.Context, tx pgx.Tx, partnershipID, closer int64, in CloseInput) error {
	if err := in.Validate(); err != nil {
		return err
	}
	c, err := lock(ctx, tx, partnershipID, in.ID)
	switch {
	case err != nil:
		return err
	case c.Closed():
		return app.ConflictField("outcome", "This challenge has already been closed")
	case in.Outcome == "answered" && c.Status != "responded":
		return app.InvalidField("outcome", "There is no response yet: wait for it, or escalate the challenge")
	case c.Version != in.Version:
		return app.Stale("outcome", "changed this challenge", Statuses.Label(c.Status), c.Version)
	}
	_, err = tx.Exec(ctx, `UPDATE challenge SET status = $2, closing_note = $3, closed_by = $4, closed_at = now(), version = version + 1
		WHERE id = $1`, in.ID, in.Outcome, strings.TrimSpace(in.Note), closer)
	if err != nil {
		return fmt.Errorf("challenges: close: %w", err)
	}
	return nil
}

// lock loads a challenge for a change, holding it until the transaction ends.
func lock(ctx context.Context, tx pgx.Tx, partnershipID, id int64) (Challenge, error) {
	return database.One[Challenge](ctx, tx, ErrNotFound, "challenges: lock", `SELECT `+columns+from+`
		WHERE c.partnership_id = $1 AND c.id = $2 FOR UPDATE OF c`, partnershipID, id)
}
