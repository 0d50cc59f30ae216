package assurance

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/notices"
	"github.com/scp-portal/portal/web/paths"
)

// maxChallenges bounds the challenges a return's page shows.
const maxChallenges = 200

// RatingChallenged is the e-mail to a return's lead that one of its ratings is challenged: at
// once, not among notices.Kinds.
const RatingChallenged notices.Kind = "assurance_rating_challenged"

// Challenge is the partnership's challenge of a rating in a submitted return, and the
// organisation's response.
type Challenge struct {
	ID          int64
	StandardID  int64
	Challenge   string
	RaisedBy    string
	RaisedAt    time.Time
	Response    string
	RespondedBy string
	RespondedAt *time.Time
}

// Answered reports whether the organisation has responded.
func (c Challenge) Answered() bool { return c.RespondedAt != nil }

// Challenges returns the return's challenges, oldest first.
func (s *Service) Challenges(ctx context.Context, returnID int64) ([]Challenge, error) {
	return database.All[Challenge](ctx, s.DB, "assurance: challenges", `SELECT c.id, c.standard_id, c.challenge, coalesce(r.name, ''), c.raised_at,
		c.response, coalesce(a.name, ''), c.responded_at FROM assurance_challenge c
		LEFT JOIN app_user r ON r.id = c.raised_by LEFT JOIN app_user a ON a.id = c.responded_by
		WHERE c.return_id = $1 ORDER BY c.id LIMIT $2`, returnID, maxChallenges)
}

// ChallengeInput is a challenge of one standard's rating.
type ChallengeInput struct {
	StandardID int64
	Text       string
}

// Validate checks a challenge, in the form's order.
func (in ChallengeInput) Validate() error {
	var p app.Problems
	p.Chosen("standard", in.StandardID, "Choose the standard whose rating you challenge")
	p.Words("challenge", in.Text, 4000, "Enter the challenge", "The challenge must be 4,000 characters or fewer")
	return p.Err()
}

// ChallengeRating records a challenge of a rating in a submitted return and tells its lead.
func (s *Service) ChallengeRating(ctx context.Context, a app.Actor, pid, returnID int64, in ChallengeInput) (int64, error) {
	return app.Create(ctx, s.DB, a, in.Validate(), func(tx pgx.Tx) (int64, app.Event, error) {
		ev := app.Event{Action: audit.AssuranceChallengeRaise, ObjectType: "assurance_return", ObjectID: returnID,
			Detail: "standard " + strconv.FormatInt(in.StandardID, 10)}
		var status string
		var lead *int64
		var ofReturn bool
		err := tx.QueryRow(ctx, `SELECT x.status, x.lead_id, EXISTS (SELECT 1 FROM assurance_standard s WHERE s.id = $3 AND s.version_id = r.version_id)
			FROM assurance_return x JOIN assurance_round r ON r.id = x.round_id WHERE x.partnership_id = $1 AND x.id = $2`,
			pid, returnID, in.StandardID).Scan(&status, &lead, &ofReturn)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return 0, ev, ErrNotFound
		case err != nil:
			return 0, ev, err
		case status != "submitted":
			return 0, ev, app.ConflictField("challenge", "Only a submitted return's ratings are challenged")
		case !ofReturn:
			return 0, ev, app.InvalidField("standard", "Choose the standard from the list")
		}
		var id int64
		if err := tx.QueryRow(ctx, `INSERT INTO assurance_challenge (return_id, standard_id, challenge, raised_by, raised_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			returnID, in.StandardID, strings.TrimSpace(in.Text), a.ID(), s.Time()).Scan(&id); err != nil {
			return 0, ev, err
		}
		if lead == nil {
			return id, ev, nil
		}
		slug, err := notices.Slug(ctx, tx, pid)
		if err != nil {
			return 0, ev, err
		}
		return id, ev, notices.Send(ctx, tx, s.BaseURL, notices.Notice{Kind: RatingChallenged,
			Subject: "A rating in your organisation's self-assessment audit return is challenged",
			Line:    "The partnership has challenged a rating in your organisation's self-assessment audit return. Please record your response.",
			Link:    s.BaseURL + paths.AssuranceReturn(slug, returnID)}, *lead)
	})
}

// ResponseField is the form field of the response to challenge id: one per challenge, as a return
// may show several awaiting their response.
func ResponseField(challengeID int64) string { return "response-" + strconv.FormatInt(challengeID, 10) }

// Respond records the organisation's response to a challenge of the return, by its lead, once.
func (s *Service) Respond(ctx context.Context, a app.Actor, pid, returnID, challengeID int64, response string) error {
	var p app.Problems
	p.Words(ResponseField(challengeID), response, 4000, "Enter the response", "The response must be 4,000 characters or fewer")
	if err := p.Err(); err != nil {
		return err
	}
	return app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: audit.AssuranceChallengeAnswer, ObjectType: "assurance_challenge", ObjectID: challengeID}
		var lead *int64
		var org int64
		var answered bool
		err := tx.QueryRow(ctx, `SELECT x.lead_id, x.organisation_id, c.responded_at IS NOT NULL FROM assurance_challenge c
			JOIN assurance_return x ON x.id = c.return_id WHERE x.partnership_id = $1 AND x.id = $2 AND c.id = $3 FOR UPDATE OF c`,
			pid, returnID, challengeID).Scan(&lead, &org, &answered)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return ev, ErrNotFound
		case err != nil:
			return ev, err
		case lead == nil || *lead != a.UserID || a.OrganisationID != org:
			return ev, app.ErrForbidden
		case answered:
			return ev, app.ConflictField(ResponseField(challengeID), "This challenge has been answered already")
		}
		_, err = tx.Exec(ctx, `UPDATE assurance_challenge SET response = $2, responded_by = $3, responded_at = $4 WHERE id = $1`,
			challengeID, strings.TrimSpace(response), a.UserID, s.Time())
		return ev, err
	})
}
