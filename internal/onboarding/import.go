package onboarding

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/identity"
	"github.com/scp-portal/portal/internal/partnership"
)

// ErrNotFound means there is no staged import of that id in the partnership, or it was imported
// already.
var ErrNotFound error = app.NotFoundError("onboarding: no such staged import")

// StagedFor is how long a checked file waits for its confirmation before it is deleted.
const StagedFor = 24 * time.Hour

// Preview is a directory file checked against the partnership: what it would make, or every
// problem that stops it. A file with no problems is staged (ID) until it is confirmed.
type Preview struct {
	ID       int64
	FileName string
	Plan
	Problems []Problem
}

// existingFor loads what a file's rows are checked against: the partnership's organisations and
// bodies, and which of the file's addresses already have accounts (by one query over them all).
func existingFor(ctx context.Context, q database.Querier, partnershipID int64, today time.Time, content []byte) (existing, error) {
	e := existing{organisations: map[string]int64{}, accounts: map[string]bool{}}
	orgs, err := partnership.Organisations(ctx, q, partnershipID)
	if err != nil {
		return e, err
	}
	for _, o := range orgs {
		e.organisations[strings.ToLower(o.Name)] = o.ID
	}
	if e.bodies, err = partnership.Bodies(ctx, q, partnershipID, today); err != nil {
		return e, err
	}
	var addresses []string
	if rows, _, index, problems := readFile(content); problems == nil {
		for _, rec := range rows {
			if email := identity.NormaliseEmail(cellOf(rec, index)(ColEmail)); email != "" {
				addresses = append(addresses, email)
			}
		}
	}
	taken, err := database.Values[string](ctx, q, "onboarding: accounts", `SELECT email FROM app_user WHERE email = ANY($1)`, addresses)
	for _, a := range taken {
		e.accounts[a] = true
	}
	return e, err
}

// Check reads a directory file against the partnership without saving anything, naming every
// row it would refuse. A file with no problems is staged for its confirmation; one with problems
// is an Invalid error on the file, and the preview lists them.
func (s *Service) Check(ctx context.Context, a app.Actor, p partnership.Partnership, fileName string, content []byte) (Preview, error) {
	pv := Preview{FileName: cleanFileName(fileName)}
	have, err := existingFor(ctx, s.DB, p.ID, s.Today(), content)
	if err != nil {
		return pv, err
	}
	pv.Plan, pv.Problems = check(content, p.ID, p.Name, have)
	if len(pv.Problems) > 0 {
		return pv, refused(pv.Problems)
	}
	err = app.Change(ctx, s.DB, a, func(tx pgx.Tx) (app.Event, error) {
		err := tx.QueryRow(ctx, `INSERT INTO directory_import (partnership_id, uploaded_by, uploaded_at, file_name, content, organisations, people)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, p.ID, a.ID(), s.Time(), pv.FileName, string(content),
			len(pv.Organisations), len(pv.People)).Scan(&pv.ID)
		if err != nil {
			return app.Event{}, fmt.Errorf("onboarding: stage import: %w", err)
		}
		return app.Event{Action: audit.DirectoryStage, ObjectType: "directory_import", ObjectID: pv.ID,
			Detail: fmt.Sprintf("%d organisations, %d people", len(pv.Organisations), len(pv.People))}, nil
	})
	return pv, err
}

// refused is the Invalid error of a file with problems: one message on the file field, the
// problems themselves being the preview's.
func refused(ps []Problem) error {
	rows := map[int]bool{}
	for _, p := range ps {
		rows[p.Row] = true
	}
	msg := "The file cannot be imported: fix the problems listed below and upload it again. Nothing has been saved"
	switch {
	case len(ps) == 1 && ps[0].Row == 0:
	case len(rows) == 1:
		msg += " (1 row has problems)"
	default:
		msg += fmt.Sprintf(" (%d rows have problems)", len(rows))
	}
	return app.InvalidField("file", msg)
}

// cleanFileName keeps a readable, short name of the uploaded file for the preview.
func cleanFileName(name string) string {
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, strings.ToValidUTF8(name, ""))
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	if r := []rune(name); len(r) > 100 {
		name = string(r[:100])
	}
	return name
}

// staged loads a staged import of the partnership that is not yet imported.
func staged(ctx context.Context, q database.Querier, partnershipID, id int64, lock bool) (string, []byte, error) {
	sql := `SELECT file_name, content FROM directory_import WHERE partnership_id = $1 AND id = $2 AND imported_at IS NULL`
	if lock {
		sql += ` FOR UPDATE`
	}
	var name, content string
	err := q.QueryRow(ctx, sql, partnershipID, id).Scan(&name, &content)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil, ErrNotFound
	}
	if err != nil {
		return "", nil, fmt.Errorf("onboarding: staged import: %w", err)
	}
	return name, []byte(content), nil
}

// Staged returns a staged import's preview, checked again against the partnership as it is now.
func (s *Service) Staged(ctx context.Context, p partnership.Partnership, id int64) (Preview, error) {
	name, content, err := staged(ctx, s.DB, p.ID, id, false)
	if err != nil {
		return Preview{}, err
	}
	have, err := existingFor(ctx, s.DB, p.ID, s.Today(), content)
	if err != nil {
		return Preview{}, err
	}
	pv := Preview{ID: id, FileName: name}
	pv.Plan, pv.Problems = check(content, p.ID, p.Name, have)
	return pv, nil
}

// Imported counts what a confirmed import made.
type Imported struct {
	Organisations int
	People        int
}

// Import makes what a staged file holds, in one transaction: its organisations, then its people,
// each invited by e-mail (identity.Service.InviteIn) and given their seat on a body, each with its
// audit record. It checks the file again first, against the partnership as it is now, and makes
// nothing if any row has a problem (someone added an organisation meanwhile). The staged content
// is emptied: the people it names are in the directory now.
func (s *Service) Import(ctx context.Context, a app.Actor, p partnership.Partnership, id int64) (Imported, error) {
	var done Imported
	var problems []Problem
	err := app.ChangeMany(ctx, s.DB, a, func(tx pgx.Tx) ([]app.Event, error) {
		_, content, err := staged(ctx, tx, p.ID, id, true)
		if err != nil {
			return nil, err
		}
		have, err := existingFor(ctx, tx, p.ID, s.Today(), content)
		if err != nil {
			return nil, err
		}
		plan, ps := check(content, p.ID, p.Name, have)
		if len(ps) > 0 {
			problems = ps
			return nil, refused(ps)
		}
		evs := make([]app.Event, 0, 1+len(plan.Organisations)+2*len(plan.People))
		for _, o := range plan.Organisations {
			oid, err := partnership.SaveOrganisation(ctx, tx, o.Organisation)
			if err != nil {
				return nil, err
			}
			have.organisations[strings.ToLower(o.Name)] = oid
			evs = append(evs, app.Event{Action: audit.OrganisationCreate, ObjectType: "organisation", ObjectID: oid, Detail: string(o.Category)})
		}
		for _, pr := range plan.People {
			inv := pr.Invitation
			if oid := have.organisations[strings.ToLower(pr.Organisation)]; oid != 0 {
				inv.OrganisationID = &oid
			}
			uid, _, err := s.identity().InviteIn(ctx, tx, inv)
			if err != nil {
				return nil, fmt.Errorf("onboarding: invite row %d: %w", pr.Row, err)
			}
			evs = append(evs, app.Event{Action: audit.UserInvite, ObjectType: "user", ObjectID: uid})
			if pr.BodyID == 0 {
				continue
			}
			seat, err := partnership.AddMembership(ctx, tx, partnership.NewMembership{PartnershipID: p.ID, BodyID: pr.BodyID,
				UserID: uid, Role: pr.Role, OrganisationID: inv.OrganisationID, StartsOn: s.Today()})
			if err != nil {
				return nil, err
			}
			evs = append(evs, app.Event{Action: audit.MembershipCreate, ObjectType: "membership", ObjectID: seat,
				Detail: fmt.Sprintf("user %d joins body %d as %s", uid, pr.BodyID, pr.Role)})
		}
		if _, err := tx.Exec(ctx, `UPDATE directory_import SET imported_at = $2, content = '' WHERE id = $1`, id, s.Time()); err != nil {
			return nil, fmt.Errorf("onboarding: mark imported: %w", err)
		}
		done = Imported{Organisations: len(plan.Organisations), People: len(plan.People)}
		return append([]app.Event{{Action: audit.DirectoryImport, ObjectType: "directory_import", ObjectID: id,
			Detail: fmt.Sprintf("%d organisations, %d people", done.Organisations, done.People)}}, evs...), nil
	})
	if problems != nil {
		return done, &ImportRefused{Problems: problems, Err: err}
	}
	return done, err
}

// ImportRefused is a confirmation refused because the file no longer passes its checks: the
// problems are the preview's, the error the Invalid one on the file.
type ImportRefused struct {
	Problems []Problem
	Err      error
}

// Error is the Invalid error's text, for the log.
func (e *ImportRefused) Error() string { return e.Err.Error() }

// Unwrap lets app.KindOf and form.ShowErrors see the Invalid error.
func (e *ImportRefused) Unwrap() error { return e.Err }

// PruneImports deletes staged files no one confirmed within StagedFor, with the names and
// addresses they hold, and returns how many. Every process's housekeeping runs it.
func PruneImports(ctx context.Context, q database.Querier, now time.Time) (int64, error) {
	tag, err := q.Exec(ctx, `DELETE FROM directory_import WHERE imported_at IS NULL AND uploaded_at < $1`, now.Add(-StagedFor))
	if err != nil {
		return 0, fmt.Errorf("onboarding: prune imports: %w", err)
	}
	return tag.RowsAffected(), nil
}
