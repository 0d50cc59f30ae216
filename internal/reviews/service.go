package reviews

import (
	"time"

	"github.com/scp-portal/portal/internal/database"
)

// Service reads and changes this package's records. Every change validates its input, then in
// one transaction makes the change, writes its audit record and queues any e-mail (app.Change).
// The caller has asked the access policy first.
type Service struct {
	DB      database.Beginner
	BaseURL string           // the portal's address, for links in e-mails
	Now     func() time.Time // the clock; tests move it
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}
