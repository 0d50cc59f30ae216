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
	"github.com/scp-portal/portal/internal/intake"
	"github.com/scp-portal/portal/internal/partnership"
)

// Decisions are what the Engine Room may decide about a KLOE request.
var Decisions = app.Choices{
	{Value: "link_theme", Label: "Link it to an existing theme"},
	{Value: "new_theme", Label: "Start a new theme from it"},
	{Value: "route_elsewhere", Label: "Route it elsewhere"},
	{Value: "close", Label: "Close it"},
}

// DecisionLabel names a triage decision.
func DecisionLabel(d string) string { return Decisions.Label(d) }

// TriageInput is the Engine Room's decision on a KLOE request.
type TriageInput struct {
	Decision string
	ThemeID  int64      // link_theme
	NewTheme ThemeInput // new_theme
	RoutedTo string     // route_elsewhere
	Outcome  string     // what the requester reads
	RequestV int        // the request's version when the form was loaded
	// MeetingID is the meeting the decision was taken at, if any.
	MeetingID *int64
}

// Validate checks a triage decision, with messages in the form's order.
func (in TriageInput) Validate() error {
	var p app.Problems
	switch in.Decision {
	case "link_theme":
		p.Chosen("theme", in.ThemeID, "Choose the theme to link it to")
	case "new_theme":
		if strings.TrimSpace(in.NewTheme.Title) == "" {
			p.Add("theme_title", "Enter the new theme's title")
		}
	case "route_elsewhere":
		if strings.TrimSpace(in.RoutedTo) == "" {
			p.Add("routed_to", "Say where it is routed to")
		}
	case "close":
	default:
		p.Add("decision", "Choose what to do with the request")
	}
	if strings.TrimSpace(in.Outcome) == "" {
		p.Add("triage_outcome", "Write the outcome the requester will read")
	}
	return p.Err()
}

// Triaged is what came of a triage: the request's reference, and the theme it joined or
// started (0 for none).
type Triaged struct {
	Reference string
	ThemeID   int64
}

// Triage records the Engine Room's decision on one of the partnership's KLOE requests (any other
// request is not found). A new theme is described by the request that raised it. A request
// someone else moved on since the form was loaded, or triaged already, is refused.
func (s *Service) Triage(ctx context.Context, a app.Actor, partnershipID, requestID int64, in TriageInput) (Triaged, error) {
	req, err := intake.Get(ctx, s.DB, partnershipID, requestID)
	if errors.Is(err, intake.ErrNotFound) || err == nil && req.Kind != intake.KLOE {
		return Triaged{}, ErrNotFound
	}
	if err != nil {
		return Triaged{}, err
	}
	res := Triaged{Reference: req.Reference}
	if err := in.Validate(); err != nil {
		return res, err
	}
	in.NewTheme.Description = "Raised by " + req.Reference + ": " + req.Title
	err = app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		var err error
		res.ThemeID, err = Triage(ctx, tx, req, a.UserID, in, s.Time())
		if err == nil {
			err = intake.NotifyOutcome(ctx, tx, s.BaseURL, partnershipID, req.ID)
		}
		return app.Event{Action: audit.RequestTriage, ObjectType: "request", ObjectID: req.ID, Detail: in.Decision}, err
	})
	switch {
	case app.IsUniqueViolation(err):
		return res, app.ConflictField("decision", "Someone else has already dealt with this request: check what they did below")
	case errors.Is(err, intake.ErrConflict):
		current, lerr := intake.Get(ctx, s.DB, partnershipID, requestID)
		if lerr != nil {
			return res, lerr
		}
		return res, app.Stale("decision", "has moved this request on", "it is now "+strings.ToLower(current.Status.Label()), current.Version)
	case errors.Is(err, ErrNotFound):
		return res, app.InvalidField("theme", "Choose a theme from the list")
	}
	return res, err
}

// kloePriorities are the partnership's priorities the requester chose on the KLOE form, in the
// partnership's order; a priority since taken off the partnership's list is left out.
func kloePriorities(ctx context.Context, tx pgx.Tx, req intake.Request) ([]string, error) {
	chosen := req.Answers["priorities"]
	if len(chosen) == 0 {
		return nil, nil
	}
	known, err := partnership.Priorities(ctx, tx, req.PartnershipID)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, k := range known {
		if slices.Contains(chosen, k) {
			out = append(out, k)
		}
	}
	return out, nil
}

// Triage records the decision on a KLOE request, inside the caller's transaction: linking it to a
// theme or starting one (the request becomes the theme's source, and a new theme bears the
// partnership priorities the requester chose, unless the decision names its own), routing it or closing it. The
// request is closed with the outcome its writer reads under "My submissions". It returns the
// theme's id when there is one.
func Triage(ctx context.Context, tx pgx.Tx, req intake.Request, actorID int64, in TriageInput, now time.Time) (int64, error) {
	if req.Kind != intake.KLOE {
		return 0, ErrNotAllowed
	}
	var themeID int64
	src := NewSource{Kind: "kloe", RequestID: &req.ID, Reference: req.Reference}
	switch in.Decision {
	case "link_theme":
		var exists bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM theme WHERE id = $1 AND partnership_id = $2)`, in.ThemeID, req.PartnershipID).Scan(&exists); err != nil {
			return 0, fmt.Errorf("learning: triage: %w", err)
		}
		if !exists {
			return 0, ErrNotFound
		}
		themeID = in.ThemeID
		if err := AddSource(ctx, tx, themeID, actorID, src); err != nil {
			return 0, err
		}
	case "new_theme":
		if len(in.NewTheme.Priorities) == 0 {
			prios, err := kloePriorities(ctx, tx, req)
			if err != nil {
				return 0, err
			}
			in.NewTheme.Priorities = prios
		}
		var err error
		if themeID, err = CreateTheme(ctx, tx, req.PartnershipID, actorID, in.NewTheme, src); err != nil {
			return 0, err
		}
	}
	var theme *int64
	if themeID != 0 {
		theme = &themeID
	}
	_, err := tx.Exec(ctx, `INSERT INTO triage (request_id, decision, theme_id, routed_to, outcome, decided_by, decided_at, meeting_id)
		SELECT $1, $2, $3, $4, $5, $6, $7, (SELECT id FROM meeting WHERE id = $8 AND partnership_id = $9)`,
		req.ID, in.Decision, theme, strings.TrimSpace(in.RoutedTo), strings.TrimSpace(in.Outcome), actorID, now, in.MeetingID, req.PartnershipID)
	if err != nil {
		return 0, fmt.Errorf("learning: triage: %w", err)
	}
	if err := intake.SetStatus(ctx, tx, req.PartnershipID, req.ID, actorID, intake.Closed, in.Outcome, in.RequestV, now); err != nil {
		return 0, err
	}
	return themeID, nil
}
