package challenges

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/learning"
)

// ProposalSource is the kind of theme source an Executive proposal is (learning.SourceKinds).
const ProposalSource = "executive_proposal"

// ProposalInput is a line of enquiry as an Executive member proposes it.
type ProposalInput struct {
	Title       string
	Description string // why the Executive asks, and what it wants to know
	Reference   string // where it was proposed, such as "Executive meeting, September 2026"
}

// Validate checks the proposal's words, in the form's order.
func (in ProposalInput) Validate() error {
	var p app.Problems
	p.Words("title", in.Title, 200, "Enter the line of enquiry in a few words", "The line of enquiry must be 200 characters or fewer")
	p.Words("description", in.Description, 10000, "Say what the Executive wants to know, and why", "The description must be 10,000 characters or fewer")
	p.Words("reference", in.Reference, 500, "", "Where it was proposed must be 500 characters or fewer")
	return p.Err()
}

// Propose starts a theme in the Engine Room's register from the Executive's proposal, returning
// its id: emerging, with no owner until the Engine Room triages it, raised by the source
// "Executive proposal" added by the proposer, who is named in the source's note.
func (s *Service) Propose(ctx context.Context, a app.Actor, partnershipID int64, in ProposalInput) (int64, error) {
	return app.Create(ctx, s.DB, a, in.Validate(), func(tx pgx.Tx) (int64, app.Event, error) {
		id, err := ProposeTheme(ctx, tx, partnershipID, a.UserID, a.Name, in)
		return id, app.Event{Action: audit.EnquiryPropose, ObjectType: "theme", ObjectID: id}, err
	})
}

// ProposeTheme starts the theme of proposer's proposal inside the caller's transaction, as
// Propose does.
func ProposeTheme(ctx context.Context, tx pgx.Tx, partnershipID, proposer int64, proposerName string, in ProposalInput) (int64, error) {
	if err := in.Validate(); err != nil {
		return 0, err
	}
	return learning.CreateTheme(ctx, tx, partnershipID, proposer, learning.ThemeInput{Title: in.Title, Description: in.Description},
		learning.NewSource{Kind: ProposalSource, Reference: in.Reference, Note: "Proposed by " + proposerName})
}
