package assurance

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/notices"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/web/paths"
)

// MaxReturns bounds a round: an area's schools and colleges are a few hundred.
const MaxReturns = 2000

// The e-mails of a round: to each lead when it opens, and to the late when chased. They go at
// once to the lead named, who has no choice of them, so they are not among notices.Kinds.
const (
	ReturnRequested notices.Kind = "assurance_return_requested"
	ReturnLate      notices.Kind = "assurance_return_late"
)

// Round is a round of one year's version of a framework, with its returns counted.
type Round struct {
	ID            int64
	FrameworkID   int64
	FrameworkName string
	VersionID     int64
	Year          int
	Categories    []string
	OpenedOn      time.Time
	DueOn         time.Time
	Returns       int
	Submitted     int
	Late          int // not submitted, and the deadline has passed (as of the day read)
}

// Completion is the share of returns submitted, as a whole percentage.
func (r Round) Completion() int { return percent(r.Submitted, r.Returns) }

// CategoryNames are the round's categories of organisation, named.
func (r Round) CategoryNames() []string {
	names := make([]string, 0, len(r.Categories))
	for _, c := range r.Categories {
		names = append(names, partnership.Categories.Label(c))
	}
	return names
}

func percent(n, of int) int {
	if of == 0 {
		return 0
	}
	return (200*n + of) / (2 * of) // rounded half up
}

// RoundInput opens a round: the categories of organisation it is for and its deadline.
type RoundInput struct {
	Categories []string
	DueOn      time.Time
}

// Validate checks a round against today, in the form's order.
func (in RoundInput) Validate(today time.Time) error {
	var p app.Problems
	if len(in.Categories) == 0 {
		p.Add("categories", "Choose the kinds of organisation that make a return")
	}
	for _, c := range in.Categories {
		if !partnership.Categories.Has(c) {
			p.Add("categories", "Choose the kinds of organisation from the list")
			break
		}
	}
	switch {
	case in.DueOn.IsZero():
		p.Add("due_on-day", "Enter the deadline")
	case in.DueOn.Before(today):
		p.Add("due_on-day", "The deadline must be today or later")
	}
	return p.Err()
}

const roundSelect = `SELECT r.id, f.id, f.name, v.id, v.year, r.categories, r.opened_on, r.due_on,
	(SELECT count(*) FROM assurance_return x WHERE x.round_id = r.id)::int,
	(SELECT count(*) FROM assurance_return x WHERE x.round_id = r.id AND x.status = 'submitted')::int,
	(SELECT count(*) FROM assurance_return x WHERE x.round_id = r.id AND x.status <> 'submitted' AND r.due_on < $1)::int
	FROM assurance_round r JOIN assurance_version v ON v.id = r.version_id JOIN assurance_framework f ON f.id = v.framework_id`

// Rounds returns page p of the partnership's rounds, latest deadline first.
func (s *Service) Rounds(ctx context.Context, pid int64, p app.Page) (app.Paged[Round], error) {
	rows, err := database.All[Round](ctx, s.DB, "assurance: rounds", roundSelect+`
		WHERE r.partnership_id = $2 ORDER BY r.due_on DESC, r.id DESC LIMIT $3 OFFSET $4`, s.Today(), pid, p.Limit(), p.Offset())
	return app.PageOf(rows, p), err
}

// FrameworkRounds returns the framework's latest rounds (as many as it has years listed).
func (s *Service) FrameworkRounds(ctx context.Context, pid, frameworkID int64) ([]Round, error) {
	return database.All[Round](ctx, s.DB, "assurance: framework rounds", roundSelect+`
		WHERE r.partnership_id = $2 AND f.id = $3 ORDER BY r.due_on DESC, r.id DESC LIMIT $4`, s.Today(), pid, frameworkID, maxVersions)
}

// Round returns one of the partnership's rounds.
func (s *Service) Round(ctx context.Context, pid, id int64) (Round, error) {
	return database.One[Round](ctx, s.DB, ErrNotFound, "assurance: round", roundSelect+` WHERE r.partnership_id = $2 AND r.id = $3`, s.Today(), pid, id)
}

// OpenRound opens a round of the version for every organisation of the partnership in the
// categories chosen, each return led by its organisation's lead representative where it has one,
// or else by its only person (a school imported with its designated safeguarding lead), and tells
// each lead; the business unit names the others' leads. The version's standards no longer change.
func (s *Service) OpenRound(ctx context.Context, a app.Actor, pid, versionID int64, in RoundInput) (int64, error) {
	today := s.Today()
	return app.Create(ctx, s.DB, a, in.Validate(today), func(tx pgx.Tx) (int64, app.Event, error) {
		var id int64
		ev := app.Event{Action: audit.AssuranceRoundOpen, ObjectType: "assurance_round", Detail: "version " + strconv.FormatInt(versionID, 10)}
		var standardsCount, orgs int
		err := tx.QueryRow(ctx, `SELECT (SELECT count(*) FROM assurance_standard s WHERE s.version_id = v.id)::int,
			(SELECT count(*) FROM organisation o WHERE o.partnership_id = $1 AND o.category = ANY($3))::int
			FROM assurance_version v JOIN assurance_framework f ON f.id = v.framework_id
			WHERE f.partnership_id = $1 AND v.id = $2 FOR UPDATE OF v`, pid, versionID, in.Categories).Scan(&standardsCount, &orgs)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return id, ev, ErrNotFound
		case err != nil:
			return id, ev, err
		case standardsCount == 0:
			return id, ev, app.InvalidField("categories", "Add the standards before opening a round")
		case orgs == 0:
			return id, ev, app.InvalidField("categories", "The partnership has no organisations of these kinds")
		case orgs > MaxReturns:
			return id, ev, app.InvalidField("categories", fmt.Sprintf("A round is for at most %d organisations", MaxReturns))
		}
		if err := tx.QueryRow(ctx, `INSERT INTO assurance_round (partnership_id, version_id, categories, opened_on, due_on, opened_by)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, pid, versionID, in.Categories, today, in.DueOn, a.ID()).Scan(&id); err != nil {
			return id, ev, err
		}
		ev.ObjectID = id
		leads, err := database.Values[int64](ctx, tx, "assurance: open returns", `
			INSERT INTO assurance_return (round_id, partnership_id, organisation_id, lead_id)
			SELECT $1, $2, o.id, coalesce(o.lead_representative_id, (SELECT min(u.id) FROM app_user u
				WHERE u.organisation_id = o.id AND u.status IN ('active', 'invited') HAVING count(*) = 1)) FROM organisation o
			WHERE o.partnership_id = $2 AND o.category = ANY($3) ORDER BY o.id
			RETURNING coalesce(lead_id, 0)`, id, pid, in.Categories)
		if err != nil {
			return id, ev, err
		}
		// Every lead is told at once: one notice, the same for each (Send skips the 0 of a
		// return with no lead, which is no active person).
		return id, ev, s.tellLeads(ctx, tx, pid, in.DueOn, leads...)
	})
}

// tellLeads tells the leads, inside tx, that their organisation's return is asked for by dueOn:
// one notice for them all, in a fixed number of queries however many there are.
func (s *Service) tellLeads(ctx context.Context, tx pgx.Tx, pid int64, dueOn time.Time, leads ...int64) error {
	slug, err := notices.Slug(ctx, tx, pid)
	if err != nil {
		return err
	}
	return notices.Send(ctx, tx, s.BaseURL, notices.Notice{Kind: ReturnRequested,
		Subject: "Your organisation's self-assessment audit return is due by " + dueOn.Format("2 January 2006"),
		Line:    "You are named as your organisation's lead for a self-assessment audit. Complete and submit its return by " + dueOn.Format("2 January 2006") + ".",
		Link:    s.BaseURL + paths.AssuranceMyReturns(slug)}, leads...)
}

// ErrNotLate refuses to chase a round whose deadline has not passed.
var ErrNotLate = app.ConflictField("chase", "The deadline has not passed: nobody is late yet")

// ChaseLate e-mails the lead of every return of the round not submitted by its deadline, once per
// lead and day however many times it is asked (in any number of processes): recorded by round,
// lead and day in the transaction that queues the e-mail. It returns how many were sent.
func (s *Service) ChaseLate(ctx context.Context, a app.Actor, pid, roundID int64) (int, error) {
	today := s.Today()
	sent := 0
	err := app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		ev := app.Event{Action: audit.AssuranceRoundChase, ObjectType: "assurance_round", ObjectID: roundID}
		var due time.Time
		err := tx.QueryRow(ctx, `SELECT due_on FROM assurance_round WHERE partnership_id = $1 AND id = $2`, pid, roundID).Scan(&due)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return ev, ErrNotFound
		case err != nil:
			return ev, err
		case !due.Before(today):
			return ev, ErrNotLate
		}
		leads, err := database.Values[int64](ctx, tx, "assurance: late leads", `SELECT DISTINCT x.lead_id FROM assurance_return x
			WHERE x.round_id = $1 AND x.status <> 'submitted' AND x.lead_id IS NOT NULL ORDER BY x.lead_id LIMIT $2`, roundID, MaxReturns)
		if err != nil {
			return ev, err
		}
		slug, err := notices.Slug(ctx, tx, pid)
		if err != nil {
			return ev, err
		}
		sent, err = notices.CountSent(leads, func(lead int64) (bool, error) {
			return chase(ctx, tx, s.BaseURL, slug, roundID, lead, due, today)
		})
		if err != nil {
			return ev, err
		}
		ev.Detail = "chased " + strconv.Itoa(sent)
		return ev, nil
	})
	return sent, err
}

// chase e-mails a lead of a late return of the round, inside tx, unless they were chased on that
// round today already (by the business unit or the job, in this process or another); it reports
// whether it sent.
func chase(ctx context.Context, tx pgx.Tx, base, slug string, roundID, lead int64, due, today time.Time) (bool, error) {
	first, err := notices.Once(ctx, tx, ReturnLate, fmt.Sprintf("assurance round %d lead %d day %s", roundID, lead, today.Format(time.DateOnly)))
	if err != nil || !first {
		return false, err
	}
	return true, notices.Send(ctx, tx, base, notices.Notice{Kind: ReturnLate,
		Subject: "Late: your organisation's self-assessment audit return",
		Line:    "Your organisation's self-assessment audit return was due on " + due.Format("2 January 2006") + " and has not been submitted. Please complete and submit it now.",
		Link:    base + paths.AssuranceMyReturns(slug)}, lead)
}

// The job's chasing: the day after the deadline, then every ChaseEveryDays, for ChaseForDays.
const (
	ChaseEveryDays = 7
	ChaseForDays   = 92
)

// maxChased bounds one run's reading of the installation's late returns.
const maxChased = 5000

// SendLateChases is housekeeping's chase of late returns across the installation: each lead of a
// return not submitted is e-mailed the day after its round's deadline and every ChaseEveryDays
// after, for ChaseForDays; each e-mail is recorded in the transaction that queues it under the
// same key as the business unit's chase, so no lead is chased twice on a round in a day however
// many processes run it. It returns how many were sent.
func SendLateChases(ctx context.Context, db database.Beginner, today time.Time, base string) (int, error) {
	type late struct {
		Round, Lead int64
		Slug        string
		Due         time.Time
	}
	rows, err := database.All[late](ctx, db, "assurance: late returns to chase", `SELECT DISTINCT r.id, x.lead_id, p.slug, r.due_on
		FROM assurance_round r JOIN assurance_return x ON x.round_id = r.id AND x.status <> 'submitted' AND x.lead_id IS NOT NULL
		JOIN partnership p ON p.id = r.partnership_id
		WHERE r.due_on < $1 AND r.due_on >= $1 - $2::int AND ($1 - r.due_on) % $3 = 1
		ORDER BY r.id, x.lead_id LIMIT $4`, today, ChaseForDays, ChaseEveryDays, maxChased)
	if err != nil {
		return 0, err
	}
	return notices.CountSentInTx(ctx, db, rows, func(tx pgx.Tx, l late) (bool, error) {
		return chase(ctx, tx, base, l.Slug, l.Round, l.Lead, l.Due, today)
	})
}
