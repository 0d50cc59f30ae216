package main

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/scp-portal/portal/internal/config"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/pgcluster"
)

// databaseName is the database the portal uses in its own cluster.
const databaseName = "portal"

// openDatabase connects to DATABASE_URL or, when it is not set, to the portal's own cluster under
// the data folder, starting it first. close closes the pool and stops a cluster it started.
func openDatabase(ctx context.Context, cfg config.Config, log *slog.Logger) (pool *pgxpool.Pool, close func(), err error) {
	url := cfg.DatabaseURL
	var cluster *pgcluster.Cluster
	if url == "" {
		cluster, err = pgcluster.Start(ctx, pgcluster.Options{Dir: filepath.Join(cfg.DataDir, "pg"), Logger: log})
		if err != nil {
			return nil, nil, err
		}
		if err := cluster.EnsureDatabase(ctx, databaseName); err != nil {
			stopCluster(cluster, log)
			return nil, nil, err
		}
		url = cluster.ConnString(databaseName)
	}
	pool, err = database.Open(ctx, url)
	if err != nil {
		if cluster != nil {
			stopCluster(cluster, log)
		}
		return nil, nil, fmt.Errorf("%w (check DATABASE_URL)", err)
	}
	return pool, func() {
		pool.Close()
		if cluster != nil {
			stopCluster(cluster, log)
		}
	}, nil
}

// stopCluster stops the portal's own cluster, on a context of its own: the one the portal ran on
// has usually ended by then.
func stopCluster(c *pgcluster.Cluster, log *slog.Logger) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := c.Stop(ctx); err != nil {
		log.Error("stopping PostgreSQL", "err", err)
	}
}
