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
)

// Statuses are where a return is.
var Statuses = app.Choices{{Value: "not_started", Label: "Not started"}, {Value: "in_progress", Label: "In progress"},
	{Value: "submitted", Label: "Submitted"}}

// Ratings are what a standard is rated, worst first; the words are shown with the colour.
var Ratings = app.Choices{{Value: "red", Label: "Red: not met"}, {Value: "amber", Label: "Amber: partly met"},
	{Value: "green", Label: "Green: met"}}

// RatingLabel names a rating shortly, for tags and tables ("" is "Not rated").
func RatingLabel(r string) string {
	switch r {
	case "red":
		return "Red"
	case "amber":
		return "Amber"
	case "green":
		return "Green"
	}
	return "Not rated"
}

// Return is one organisation's return in a round.
type Return struct {
	ID               int64
	RoundID          int64
	FrameworkName    string
	Year             int
	DueOn            time.Time
	OrganisationID   int64
	OrganisationName string
	LeadID           *int64
	LeadName         string
	Status           string
	SubmittedAt      *time.Time
	Version          int
}

// Submitted reports whether the return has been submitted: it no longer changes.
func (r Return) Submitted() bool { return r.Status == "submitted" }

// Late reports whether the return is past its deadline on today and not submitted.
func (r Return) Late(today time.Time) bool { return !r.Submitted() && r.DueOn.Before(today) }

// SubmittedLate reports whether the return was submitted after its deadline.
func (r Return) SubmittedLate() bool {
	return r.SubmittedAt != nil && app.Today(*r.SubmittedAt).After(r.DueOn)
}

// Rating is a return's answer for one standard.
type Rating struct {
	StandardID int64
	Rating     string
	Evidence   string
	Actions    string
}

// Answer is a standard with the return's rating of it.
type Answer struct {
	Standard
	Rating Rating
}

const returnSelect = `SELECT x.id, x.round_id, f.name, v.year, r.due_on, x.organisation_id, o.name, x.lead_id, coalesce(u.name, ''),
	x.status, x.submitted_at, x.version
	FROM assurance_return x JOIN assurance_round r ON r.id = x.round_id JOIN assurance_version v ON v.id = r.version_id
	JOIN assurance_framework f ON f.id = v.framework_id JOIN organisation o ON o.id = x.organisation_id
	LEFT JOIN app_user u ON u.id = x.lead_id`

// Returns returns page p of the round's returns by organisation; lateOnly keeps those not
// submitted.
func (s *Service) Returns(ctx context.Context, pid, roundID int64, notSubmitted bool, p app.Page) (app.Paged[Return], error) {
	rows, err := database.All[Return](ctx, s.DB, "assurance: returns", returnSelect+`
		WHERE x.partnership_id = $1 AND x.round_id = $2 AND (NOT $3 OR x.status <> 'submitted')
		ORDER BY o.name, x.id LIMIT $4 OFFSET $5`, pid, roundID, notSubmitted, p.Limit(), p.Offset())
	return app.PageOf(rows, p), err
}

// MyReturns returns page p of the returns a person leads, latest deadline first.
func (s *Service) MyReturns(ctx context.Context, pid, userID int64, p app.Page) (app.Paged[Return], error) {
	rows, err := database.All[Return](ctx, s.DB, "assurance: my returns", returnSelect+`
		WHERE x.partnership_id = $1 AND x.lead_id = $2 ORDER BY r.due_on DESC, x.id DESC LIMIT $3 OFFSET $4`, pid, userID, p.Limit(), p.Offset())
	return app.PageOf(rows, p), err
}

// Return returns one of the partnership's returns with its answers, standard by standard.
func (s *Service) Return(ctx context.Context, pid, id int64) (Return, []Answer, error) {
	ret, err := database.One[Return](ctx, s.DB, ErrNotFound, "assurance: return", returnSelect+` WHERE x.partnership_id = $1 AND x.id = $2`, pid, id)
	if err != nil {
		return ret, nil, err
	}
	answers, err := database.AllWith(ctx, s.DB, func(row pgx.CollectableRow) (Answer, error) {
		var a Answer
		err := row.Scan(&a.ID, &a.VersionID, &a.Lineage, &a.Position, &a.Title, &a.Questions, &a.Evidence, &a.Version,
			&a.Rating.Rating, &a.Rating.Evidence, &a.Rating.Actions)
		a.Rating.StandardID = a.ID
		return a, err
	}, "assurance: answers", `SELECT s.id, s.version_id, coalesce(s.lineage, s.id), s.position, s.title, s.questions, s.evidence, s.version,
		coalesce(g.rating, ''), coalesce(g.evidence, ''), coalesce(g.actions, '')
		FROM assurance_return x JOIN assurance_round r ON r.id = x.round_id JOIN assurance_standard s ON s.version_id = r.version_id
		LEFT JOIN assurance_rating g ON g.return_id = x.id AND g.standard_id = s.id
		WHERE x.id = $1 ORDER BY s.position, s.id LIMIT $2`, id, MaxStandards)
	return ret, answers, err
}

// ReturnInput is what the lead typed into the return, standard by standard, and whether they
// submit it.
type ReturnInput struct {
	Ratings []Rating
	Version int
	Submit  bool
}

// Field names of a standard's answers on the return's form.
func RatingField(standardID int64) string   { return "rating-" + strconv.FormatInt(standardID, 10) }
func EvidenceField(standardID int64) string { return "evidence-" + strconv.FormatInt(standardID, 10) }
func ActionsField(standardID int64) string  { return "actions-" + strconv.FormatInt(standardID, 10) }

// Validate checks the answers in the form's order: saving takes anything well formed, half done;
// submitting needs every standard rated with its evidence (answers are the return's standards,
// in order, as the form shows them).
func (in ReturnInput) Validate(standards []Standard) error {
	var p app.Problems
	by := map[int64]Rating{}
	for _, r := range in.Ratings {
		by[r.StandardID] = r
	}
	for i, st := range standards {
		r := by[st.ID]
		n := strconv.Itoa(i + 1)
		if r.Rating != "" && !Ratings.Has(r.Rating) {
			p.Add(RatingField(st.ID), "Choose red, amber or green for standard "+n)
		} else if in.Submit && r.Rating == "" {
			p.Add(RatingField(st.ID), "Rate standard "+n+" red, amber or green")
		}
		empty := ""
		if in.Submit {
			empty = "Enter the evidence for standard " + n
		}
		p.Words(EvidenceField(st.ID), r.Evidence, 10000, empty, "The evidence for standard "+n+" must be 10,000 characters or fewer")
		p.Words(ActionsField(st.ID), r.Actions, 10000, "", "The actions for standard "+n+" must be 10,000 characters or fewer")
	}
	return p.Err()
}

// SaveReturn saves the lead's answers to the return if it is still at in.Version, and submits it
// when in.Submit (every standard then rated with evidence). Only the return's lead, a person of
// its organisation, saves it; a submitted return never changes.
func (s *Service) SaveReturn(ctx context.Context, a app.Actor, pid, id int64, in ReturnInput) error {
	ret, answers, err := s.Return(ctx, pid, id)
	if err != nil {
		return err
	}
	if !leads(a, ret) {
		return app.ErrForbidden
	}
	list := make([]Standard, 0, len(answers))
	for _, ans := range answers {
		list = append(list, ans.Standard)
	}
	if err := in.Validate(list); err != nil {
		return err
	}
	action := audit.AssuranceReturnSave
	if in.Submit {
		action = audit.AssuranceReturnSubmit
	}
	return app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: action, ObjectType: "assurance_return", ObjectID: id}
		var status string
		var current int
		var lead *int64
		err := tx.QueryRow(ctx, `SELECT status, version, lead_id FROM assurance_return WHERE partnership_id = $1 AND id = $2 FOR UPDATE`,
			pid, id).Scan(&status, &current, &lead)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return ev, ErrNotFound
		case err != nil:
			return ev, err
		case lead == nil || *lead != a.UserID:
			return ev, app.ErrForbidden
		case status == "submitted":
			return ev, app.ConflictField("return", "This return has been submitted: it no longer changes")
		case current != in.Version:
			return ev, app.Stale("return", "saved this return", "", current)
		}
		for _, st := range list {
			r := ratingOf(in.Ratings, st.ID)
			if _, err := tx.Exec(ctx, `INSERT INTO assurance_rating (return_id, standard_id, rating, evidence, actions) VALUES ($1, $2, $3, $4, $5)
				ON CONFLICT (return_id, standard_id) DO UPDATE SET rating = excluded.rating, evidence = excluded.evidence, actions = excluded.actions`,
				id, st.ID, r.Rating, strings.TrimSpace(r.Evidence), strings.TrimSpace(r.Actions)); err != nil {
				return ev, err
			}
		}
		_, err = tx.Exec(ctx, `UPDATE assurance_return SET version = version + 1, updated_at = now(),
			status = CASE WHEN $2 THEN 'submitted' ELSE 'in_progress' END,
			submitted_at = CASE WHEN $2 THEN $4::timestamptz END, submitted_by = CASE WHEN $2 THEN $3::bigint END WHERE id = $1`, id, in.Submit, a.UserID, s.Time())
		return ev, err
	})
}

func ratingOf(list []Rating, standardID int64) Rating {
	for _, r := range list {
		if r.StandardID == standardID {
			return r
		}
	}
	return Rating{StandardID: standardID}
}

// leads reports whether a is the return's lead, a person of its organisation.
func leads(a app.Actor, r Return) bool {
	return r.LeadID != nil && *r.LeadID == a.UserID && a.OrganisationID == r.OrganisationID
}

// LeadChoices are the active people of the organisation, who may lead its return (bounded: a
// form's choices).
func (s *Service) LeadChoices(ctx context.Context, pid, organisationID int64) ([]app.Choice, error) {
	return database.All[app.Choice](ctx, s.DB, "assurance: lead choices", `SELECT id::text, name FROM app_user
		WHERE partnership_id = $1 AND organisation_id = $2 AND status = 'active' ORDER BY lower(name), id LIMIT 200`, pid, organisationID)
}

// NameLead names the person of the return's organisation who completes it, if the return is
// still at version and not submitted, and tells them.
func (s *Service) NameLead(ctx context.Context, a app.Actor, pid, id, leadID int64, version int) error {
	return app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: audit.AssuranceLeadName, ObjectType: "assurance_return", ObjectID: id, Detail: "lead " + strconv.FormatInt(leadID, 10)}
		var status string
		var current int
		var roundID int64
		var due time.Time
		var ofOrg bool
		err := tx.QueryRow(ctx, `SELECT x.status, x.version, x.round_id, r.due_on,
			EXISTS (SELECT 1 FROM app_user u WHERE u.id = $3 AND u.organisation_id = x.organisation_id AND u.status = 'active')
			FROM assurance_return x JOIN assurance_round r ON r.id = x.round_id WHERE x.partnership_id = $1 AND x.id = $2 FOR UPDATE OF x`,
			pid, id, leadID).Scan(&status, &current, &roundID, &due, &ofOrg)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return ev, ErrNotFound
		case err != nil:
			return ev, err
		case status == "submitted":
			return ev, app.ConflictField("lead", "This return has been submitted: its lead no longer changes")
		case current != version:
			return ev, app.Stale("lead", "changed this return", "", current)
		case !ofOrg:
			return ev, app.InvalidField("lead", "Choose a person of the organisation from the list")
		}
		if _, err := tx.Exec(ctx, `UPDATE assurance_return SET lead_id = $2, version = version + 1, updated_at = now() WHERE id = $1`, id, leadID); err != nil {
			return ev, err
		}
		return ev, s.tellLeads(ctx, tx, pid, due, leadID)
	})
}
