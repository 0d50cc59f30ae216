package reports

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/scp-portal/portal/internal/database"
)

// ListAssurance is the self-assessment audits (internal/assurance): a figure of one round leads to
// its results.
const ListAssurance = "assurance"

// maxRoundsReported bounds the rounds one report names: a partnership runs a handful a year.
const maxRoundsReported = 20

// roundCount is a self-assessment round whose deadline fell in a period: its returns, those
// submitted, and the standards rated red in them.
type roundCount struct {
	ID        int64
	Framework string
	Year      int
	Returns   int
	Submitted int
	Red       int
}

// countRounds returns the partnership's rounds due in the period p (its first and last days
// both included), in one query.
func countRounds(ctx context.Context, q database.Querier, partnershipID int64, p Period) ([]roundCount, error) {
	return database.All[roundCount](ctx, q, "reports: assurance rounds", `
		SELECT r.id, f.name, v.year,
		       (SELECT count(*) FROM assurance_return x WHERE x.round_id = r.id)::int,
		       (SELECT count(*) FROM assurance_return x WHERE x.round_id = r.id AND x.status = 'submitted')::int,
		       (SELECT count(*) FROM assurance_return x JOIN assurance_rating g ON g.return_id = x.id
		        WHERE x.round_id = r.id AND x.status = 'submitted' AND g.rating = 'red')::int
		FROM assurance_round r JOIN assurance_version v ON v.id = r.version_id JOIN assurance_framework f ON f.id = v.framework_id
		WHERE r.partnership_id = $1 AND r.due_on BETWEEN $2 AND $3
		ORDER BY r.due_on, r.id LIMIT $4`, partnershipID, p.Start, p.End, maxRoundsReported)
}

// roundFigures are the figures of each round: returns submitted of those due, and standards rated
// red, each leading to the round's results.
func roundFigures(rounds []roundCount) []Figure {
	var out []Figure
	for _, r := range rounds {
		name := r.Framework + " " + strconv.Itoa(r.Year)
		key := "assurance_" + strconv.FormatInt(r.ID, 10)
		recs := Records{List: ListAssurance, ID: r.ID}
		out = append(out,
			Figure{Key: key + "_submitted", Label: name + ": returns made", Value: r.Submitted, Of: r.Returns, Records: recs},
			Figure{Key: key + "_red", Label: name + ": standards rated red", Value: r.Red, Records: recs})
	}
	return out
}

// returnsLate counts the returns not submitted of the partnership's rounds whose deadline passed
// in the year to asAt: for the exception report's "off track".
func returnsLate(ctx context.Context, q database.Querier, partnershipID int64, asAt time.Time) (int, error) {
	var n int
	err := q.QueryRow(ctx, `SELECT count(*) FROM assurance_round r JOIN assurance_return x ON x.round_id = r.id
		WHERE r.partnership_id = $1 AND r.due_on < $2 AND r.due_on >= $2 - 365 AND x.status <> 'submitted'`, partnershipID, asAt).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("reports: returns late: %w", err)
	}
	return n, nil
}
