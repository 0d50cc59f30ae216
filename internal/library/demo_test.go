package library_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/library"
	"github.com/scp-portal/portal/internal/testkit"
)

// openLibrary is the library of the demo with its year of history: its database, its service,
// and a search that fails the test on an error, so each test holds only what it looks for.
func openLibrary(t *testing.T) (*pgxpool.Pool, *library.Service, func(library.Query) library.Page) {
	t.Helper()
	db := testkit.NewDemoDB(t, time.Now(), true)
	s := &library.Service{Env: app.Env{DB: db}}
	return db, s, func(q library.Query) library.Page {
		t.Helper()
		pg, err := s.Search(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		return pg
	}
}
