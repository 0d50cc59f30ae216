package app

import (
	"time"

	"github.com/scp-portal/portal/internal/database"
)

// Env is what every domain service shares: the database, the portal's address and the clock.
// A service embeds it, so s.DB, s.BaseURL and s.Now read as the service's own.
type Env struct {
	DB      database.Beginner
	BaseURL string           // the portal's address, for links in e-mails
	Now     func() time.Time // the clock; tests move it. Nil is the real one.
}

// Time is the time now by the service's clock.
func (e Env) Time() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

// Today is the date in England by the service's clock: what due dates, current memberships
// and "in the past" are measured against.
func (e Env) Today() time.Time { return Today(e.Time()) }

// London is England's time zone, loaded once: loading it reads and parses the zone file.
var London = func() *time.Location {
	if l, err := time.LoadLocation("Europe/London"); err == nil {
		return l
	}
	return time.UTC
}()

// Today is the date in England at now, as midnight UTC of that date. It decides whether a
// membership or rota entry is current and what is due.
func Today(now time.Time) time.Time {
	y, m, d := now.In(London).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
