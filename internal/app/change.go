package app

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
)

// Actor is who is acting, as a service needs to know it: the person (the zero Subject for someone
// not signed in), the partnership whose page they act on, and the address they act from, for the
// audit log.
type Actor struct {
	access.Subject
	Partnership int64 // the partnership acted on; 0 outside one (the system administrator's pages)
	IP          string
}

// ID returns the acting person's id, or nil for someone not signed in.
func (a Actor) ID() *int64 {
	if a.UserID == 0 {
		return nil
	}
	id := a.UserID
	return &id
}

// entry returns the audit entry of ev done by a.
func (a Actor) entry(ev Event, outcome audit.Outcome) audit.Entry {
	if ev.By != nil {
		by := *ev.By
		by.IP = a.IP
		ev.By = nil
		return by.entry(ev, outcome)
	}
	e := audit.Entry{ActorID: a.ID(), ActorEmail: a.Email, Action: ev.Action, Outcome: outcome,
		ObjectType: ev.ObjectType, IP: a.IP, Detail: ev.Detail}
	if ev.ObjectID != nil {
		e.ObjectID = fmt.Sprint(ev.ObjectID)
	}
	if p := ev.Partnership; p != 0 {
		e.PartnershipID = &p
	} else if a.Partnership != 0 {
		p := a.Partnership
		e.PartnershipID = &p
	}
	return e
}

// Event is what a change records in the audit log: the action, the record it was done to, and a
// short note that never holds typed text or anything about a child or family.
type Event struct {
	Action      audit.Action
	ObjectType  string
	ObjectID    any // an id (int64) or a key; nil for none
	Detail      string
	Partnership int64 // 0: the actor's partnership
	// By is who acted when the change itself establishes it (the person a one-time link or a
	// registration belongs to); nil is the actor Change was given. Its address is still the actor's.
	By *Actor
}

// Change runs fn in one transaction and writes the audit record fn returns in the same
// transaction, so a change and its record are kept or lost together. fn returns the record after
// making the change, so a create can name the id it was given. Every change a service makes goes
// through here (or, for several records, ChangeMany). A zero Event records nothing: for a step
// that turned out to change nothing (a link opened a second time).
func Change(ctx context.Context, db database.Beginner, a Actor, fn func(tx pgx.Tx) (Event, error)) error {
	return database.InTx(ctx, db, func(tx pgx.Tx) error {
		ev, err := fn(tx)
		if err != nil || ev.Action == "" {
			return err
		}
		return audit.Record(ctx, tx, a.entry(ev, audit.OK))
	})
}

// ChangeMany is Change for a step that touches several records, each with its own audit record.
func ChangeMany(ctx context.Context, db database.Beginner, a Actor, fn func(tx pgx.Tx) ([]Event, error)) error {
	return database.InTx(ctx, db, func(tx pgx.Tx) error {
		evs, err := fn(tx)
		if err != nil {
			return err
		}
		for _, ev := range evs {
			if err := audit.Record(ctx, tx, a.entry(ev, audit.OK)); err != nil {
				return err
			}
		}
		return nil
	})
}

// Read records that a audited a read of a sensitive record (a CSPR request, a rapid review), outside
// any transaction: the read has happened whether or not anything follows. It returns once the
// entry is committed. On the portal's database (audit.Grouped, wired in the server) entries read at
// the same moment are committed together, one turn of the chain's lock for all of them.
func Read(ctx context.Context, q database.Querier, a Actor, ev Event) error {
	e := a.entry(ev, audit.OK)
	if g, ok := q.(readAppender); ok {
		return g.AppendRead(ctx, e)
	}
	return audit.Record(ctx, q, e)
}

// readAppender is a database that writes audited reads in groups (audit.GroupedDB).
type readAppender interface {
	AppendRead(ctx context.Context, e audit.Entry) error
}

// Authorize asks the access policy whether a may do action to obj. A refusal is written to the
// audit log (objectType and objectID name what was asked for; where says how, e.g. "GET
// /hssc/themes/4") and returned as ErrForbidden, or as ErrSignIn for someone not signed in.
func Authorize(ctx context.Context, q database.Querier, a Actor, action access.Action, obj access.Object, objectType, objectID, where string) error {
	d := access.Decide(a.Subject, action, obj)
	if d.Allowed {
		return nil
	}
	if !a.SignedIn() {
		return ErrSignIn
	}
	ev := Event{Action: audit.Action(action), ObjectType: objectType, ObjectID: objectID, Detail: d.Reason + " (" + where + ")",
		Partnership: obj.PartnershipID}
	e := a.entry(ev, audit.Refused)
	if obj.PartnershipID == 0 {
		e.PartnershipID = nil
	}
	if err := audit.Record(ctx, q, e); err != nil {
		return err
	}
	return ErrForbidden
}

// Guard asks the access policy for the HTTP layer and writes its refusals to the audit log.
type Guard struct{ DB database.Querier }

// Authorize is app.Authorize over the guard's database.
func (g Guard) Authorize(ctx context.Context, a Actor, action access.Action, obj access.Object, objectType, objectID, where string) error {
	return Authorize(ctx, g.DB, a, action, obj, objectType, objectID, where)
}

// Refused records a refusal of the access policy that a service answers itself (a refused read
// answered as not found, so a guessed address learns nothing).
func Refused(ctx context.Context, q database.Querier, a Actor, ev Event) error {
	return audit.Record(ctx, q, a.entry(ev, audit.Refused))
}
