package assurance

import (
	"context"
	"errors"
	"strconv"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/learning"
)

// AgreedActions are the recommendations agreed on the round's results, tracked as learning's.
func (s *Service) AgreedActions(ctx context.Context, roundID int64) ([]learning.Recommendation, error) {
	return learning.AssuranceRecommendations(ctx, s.DB, roundID)
}

// AgreeAction records what the partnership agreed an organisation will do on the round's results:
// a recommendation of learning's, owned by the organisation, with its first action for it, so
// that it is tracked, chased and evidenced like any other.
func (s *Service) AgreeAction(ctx context.Context, a app.Actor, pid, roundID int64, in learning.RecommendationInput) (int64, error) {
	return app.Create(ctx, s.DB, a, in.Validate(), func(tx pgx.Tx) (int64, app.Event, error) {
		var id int64
		var err error
		id, err = learning.AddAssuranceRecommendation(ctx, tx, pid, roundID, in)
		if errors.Is(err, learning.ErrNotFound) {
			err = ErrNotFound
		}
		err = app.OnForeignKey(err, "rec_owner", "Choose the organisation from the list")
		return id, app.Event{Action: audit.RecommendationCreate, ObjectType: "recommendation", ObjectID: id, Detail: "assurance round " + strconv.FormatInt(roundID, 10)}, err
	})
}
