package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/learning"
	"github.com/scp-portal/portal/internal/notices"
	"github.com/scp-portal/portal/internal/server"
)

// jobsOfNoticesAndRetention is housekeeping's share for notices: the reminders of actions due
// soon or overdue and the daily digests, each sent once however many processes run it.
func jobsOfNoticesAndRetention(ctx context.Context, deps server.Deps, log *slog.Logger) {
	now := time.Now()
	if _, err := learning.SendActionReminders(ctx, deps.DB, app.Today(now), deps.Identity.BaseURL); err != nil && ctx.Err() == nil {
		log.Error("action reminders", "err", err)
	}
	if _, err := notices.SendDigests(ctx, deps.DB, now, deps.Identity.BaseURL); err != nil && ctx.Err() == nil {
		log.Error("notice digests", "err", err)
	}
}
