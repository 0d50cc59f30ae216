package learning

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/intake"
)

// Triage decisions on a KLOE request.
var Decisions = []Option{
	{"link_theme", "Link it to an existing theme"},
	{"new_theme", "Start a new theme from it"},
	{"route_elsewhere", "Route it elsewhere"},
	{"close", "Close it"},
}

// DecisionLabel names a triage decision.
func DecisionLabel(d string) string { return label(Decisions, d) }

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

// Validate checks a triage decision, returning a message by field.
func (in TriageInput) Validate() map[string]string {
	errs := map[string]string{}
	switch in.Decision {
	case "link_theme":
		if in.ThemeID == 0 {
			errs["theme"] = "Choose the theme to link it to"
		}
	case "new_theme":
		if strings.TrimSpace(in.NewTheme.Title) == "" {
			errs["theme_title"] = "Enter the new theme's title"
		}
	case "route_elsewhere":
		if strings.TrimSpace(in.RoutedTo) == "" {
			errs["routed_to"] = "Say where it is routed to"
		}
	case "close":
	default:
		errs["decision"] = "Choose what to do with the request"
	}
	if strings.TrimSpace(in.Outcome) == "" {
		errs["outcome"] = "Write the outcome the requester will read"
	}
	return errs
}

// Triage records the decision on a KLOE request, inside the caller's transaction: linking it to a
// theme or starting one (the request becomes the theme's source), routing it or closing it. The
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
