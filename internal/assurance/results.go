package assurance

import (
	"context"
	"errors"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/database"
)

// Counts are how many submitted returns rated a standard red, amber and green.
type Counts struct {
	Red, Amber, Green int
}

// Rated is how many submitted returns rated the standard.
func (c Counts) Rated() int { return c.Red + c.Amber + c.Green }

// score is the mean rating, red 1 to green 3, times 100 (0 when none rated).
func (c Counts) score() int {
	if c.Rated() == 0 {
		return 0
	}
	return 100 * (c.Red + 2*c.Amber + 3*c.Green) / c.Rated()
}

// Change says how a standard moved since the earlier round, by its mean rating: "better",
// "worse", "same", or "" when either round has no rating of it.
func Change(now Counts, before *Counts) string {
	if before == nil || now.Rated() == 0 || before.Rated() == 0 {
		return ""
	}
	switch d := now.score() - before.score(); {
	case d > 0:
		return "better"
	case d < 0:
		return "worse"
	}
	return "same"
}

// StandardResult is one standard's ratings in the round, and in the framework's earlier round
// when it has one and the standard was in it (by its line across years).
type StandardResult struct {
	Standard
	Now    Counts
	Before *Counts
}

// MatrixRow is one organisation's return in the matrix: its ratings in the order of the
// standards, once submitted.
type MatrixRow struct {
	Return
	Ratings []string
}

// Results are a round's results: each standard's ratings and change, and a page of the matrix of
// standards by organisation.
type Results struct {
	Round     Round
	Earlier   *Round
	Standards []StandardResult
	Matrix    app.Paged[MatrixRow]
}

// Results reads the round's results in a fixed number of queries: the standards' counts (this
// round's and the earlier round's) over every submitted return, and page p of the matrix.
func (s *Service) Results(ctx context.Context, pid, roundID int64, p app.Page) (Results, error) {
	var res Results
	var err error
	if res.Round, err = s.Round(ctx, pid, roundID); err != nil {
		return res, err
	}
	earlier, err := database.One[Round](ctx, s.DB, errNone, "assurance: earlier round", roundSelect+`
		WHERE r.partnership_id = $2 AND f.id = $3 AND (r.due_on, r.id) < ($4, $5) ORDER BY r.due_on DESC, r.id DESC LIMIT 1`,
		s.Today(), pid, res.Round.FrameworkID, res.Round.DueOn, res.Round.ID)
	switch {
	case err == nil:
		res.Earlier = &earlier
	case !errors.Is(err, errNone):
		return res, err
	}
	list, err := standards(ctx, s.DB, res.Round.VersionID)
	if err != nil {
		return res, err
	}
	rounds := []int64{roundID}
	if res.Earlier != nil {
		rounds = append(rounds, res.Earlier.ID)
	}
	type count struct {
		Round, Lineage int64
		Rating         string
		N              int
	}
	counts, err := database.All[count](ctx, s.DB, "assurance: counts", `SELECT x.round_id, coalesce(s.lineage, s.id), g.rating, count(*)::int
		FROM assurance_return x JOIN assurance_rating g ON g.return_id = x.id JOIN assurance_standard s ON s.id = g.standard_id
		WHERE x.round_id = ANY($1) AND x.status = 'submitted' AND g.rating <> '' GROUP BY 1, 2, 3`, rounds)
	if err != nil {
		return res, err
	}
	by := map[[2]int64]*Counts{}
	for _, c := range counts {
		k := [2]int64{c.Round, c.Lineage}
		if by[k] == nil {
			by[k] = &Counts{}
		}
		switch c.Rating {
		case "red":
			by[k].Red = c.N
		case "amber":
			by[k].Amber = c.N
		case "green":
			by[k].Green = c.N
		}
	}
	for _, st := range list {
		r := StandardResult{Standard: st}
		if c := by[[2]int64{roundID, st.Lineage}]; c != nil {
			r.Now = *c
		}
		if res.Earlier != nil {
			r.Before = by[[2]int64{res.Earlier.ID, st.Lineage}]
		}
		res.Standards = append(res.Standards, r)
	}
	page, err := s.Returns(ctx, pid, roundID, false, p)
	if err != nil {
		return res, err
	}
	ids := database.IDs(page.Rows, func(r Return) int64 { return r.ID })
	type cell struct {
		Return, Standard int64
		Rating           string
	}
	cells, err := database.All[cell](ctx, s.DB, "assurance: matrix", `SELECT g.return_id, g.standard_id, g.rating FROM assurance_rating g
		JOIN assurance_return x ON x.id = g.return_id WHERE g.return_id = ANY($1) AND x.status = 'submitted'`, ids)
	if err != nil {
		return res, err
	}
	rating := map[[2]int64]string{}
	for _, c := range cells {
		rating[[2]int64{c.Return, c.Standard}] = c.Rating
	}
	res.Matrix = app.Paged[MatrixRow]{Page: page.Page, More: page.More}
	for _, r := range page.Rows {
		row := MatrixRow{Return: r}
		if r.Submitted() {
			for _, st := range list {
				row.Ratings = append(row.Ratings, rating[[2]int64{r.ID, st.ID}])
			}
		}
		res.Matrix.Rows = append(res.Matrix.Rows, row)
	}
	return res, nil
}

var errNone = errors.New("assurance: none")
