package testkit

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/seed"
)

// The helpers below are the start most domain-package tests share (a demo database, a clock the
// test moves, HSSCP and its people as actors) and their most common check, written once so a
// test body holds only what it is about.

// NewDemoDB returns a database of the test's own holding the demo partnerships and accounts as of
// now, with their year of history when history is true (SeedDemo is the quiet one as of today).
func NewDemoDB(t testing.TB, now time.Time, history bool) *pgxpool.Pool {
	t.Helper()
	db := NewDB(t)
	SeedDemoAt(t, db, now, history)
	return db
}

// SeedDemoAt loads the demo partnerships and accounts into db as of now, with their year of
// history when history is true: for a database made otherwise (counted, serving).
func SeedDemoAt(t testing.TB, db database.Beginner, now time.Time, history bool) {
	t.Helper()
	if _, err := seed.Demo(context.Background(), db, DemoPassword, now, history); err != nil {
		t.Fatalf("testkit: seed demo: %v", err)
	}
}

// Demo is the quiet demo (no history) seen from HSSCP on a clock the test moves: the world of a
// domain test that acts as HSSCP's people.
type Demo struct {
	DB    *pgxpool.Pool
	Clock *Clock
	// PID is HSSCP's partnership id.
	PID int64
}

// NewDemo seeds the quiet demo into a database of the test's own, its clock at the present.
func NewDemo(t testing.TB) Demo {
	t.Helper()
	d := Demo{DB: NewDB(t), Clock: NewClock(time.Now())}
	SeedDemo(t, d.DB)
	d.PID = int64(MustQueryInt(t, d.DB, `SELECT id FROM partnership WHERE slug = 'hsscp'`))
	return d
}

// Env is what a domain service needs from the demo: its database, the portal's address for links
// in e-mails, and the test's clock.
func (d Demo) Env() app.Env {
	return app.Env{DB: d.DB, BaseURL: "https://portal.example", Now: d.Clock.Now}
}

// Today is the demo clock's day in England.
func (d Demo) Today() time.Time { return app.Today(d.Clock.Now()) }

// Actor is the person with the e-mail address acting today, their roles as of the clock's day.
func (d Demo) Actor(t testing.TB, email string) app.Actor {
	t.Helper()
	return MustActor(t, d.DB, email, d.Today(), "192.0.2.8")
}

// WantProblem fails the test unless err is of kind and names want in the message on field; what
// names the step in the failure message, or is empty.
func WantProblem(t testing.TB, what string, err error, kind app.Kind, field, want string) {
	t.Helper()
	if app.KindOf(err) != kind || !strings.Contains(app.FieldMessage(err, field), want) {
		if what != "" {
			what += ": "
		}
		t.Errorf("%sgot %v; want %q on %s", what, err, want, field)
	}
}
