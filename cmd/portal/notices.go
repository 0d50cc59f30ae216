package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/assurance"
	"github.com/scp-portal/portal/internal/documents"
	"github.com/scp-portal/portal/internal/learning"
	"github.com/scp-portal/portal/internal/notices"
	"github.com/scp-portal/portal/internal/reports"
	"github.com/scp-portal/portal/internal/retention"
	"github.com/scp-portal/portal/internal/server"
	"github.com/scp-portal/portal/internal/training"
)

// jobsOfNoticesAndRetention is housekeeping's share for notices: the reminders of actions due
// soon or overdue and the daily digests, each sent once however many processes run it, and the
// retention job, which deletes or anonymises what has expired.
func jobsOfNoticesAndRetention(ctx context.Context, deps server.Deps, log *slog.Logger) {
	now := time.Now()
	if _, err := learning.SendActionReminders(ctx, deps.DB, app.Today(now), deps.Identity.BaseURL); err != nil && ctx.Err() == nil {
		log.Error("action reminders", "err", err)
	}
	if _, err := reports.SendDateReminders(ctx, deps.DB, app.Today(now), deps.Identity.BaseURL); err != nil && ctx.Err() == nil {
		log.Error("yearly report sending reminders", "err", err)
	}
	if _, err := documents.SendReviewReminders(ctx, deps.DB, app.Today(now), deps.Identity.BaseURL); err != nil && ctx.Err() == nil {
		log.Error("document review reminders", "err", err)
	}
	if _, err := assurance.SendLateChases(ctx, deps.DB, app.Today(now), deps.Identity.BaseURL); err != nil && ctx.Err() == nil {
		log.Error("self-assessment audit chases", "err", err)
	}
	if _, err := training.SendFollowUps(ctx, deps.DB, app.Today(now), deps.Identity.BaseURL); err != nil && ctx.Err() == nil {
		log.Error("training follow-up invitations", "err", err)
	}
	if _, err := notices.SendDigests(ctx, deps.DB, now, deps.Identity.BaseURL); err != nil && ctx.Err() == nil {
		log.Error("notice digests", "err", err)
	}
	// Retention: what expired is deleted or anonymised, a batch per run, each record once.
	if _, err := retention.Run(ctx, deps.DB, now, false); err != nil && ctx.Err() == nil {
		log.Error("retention", "err", err)
	}
}
