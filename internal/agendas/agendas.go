// Package agendas lists what each area puts on a body's agenda (meetings.AgendaSource), in
// agenda order: the one list the portal's meetings are built from, by the web layer and by the
// demo data alike. A new area that puts items before a body adds its source here.
package agendas

import (
	"github.com/scp-portal/portal/internal/challenges"
	"github.com/scp-portal/portal/internal/disputes"
	"github.com/scp-portal/portal/internal/documents"
	"github.com/scp-portal/portal/internal/learning"
	"github.com/scp-portal/portal/internal/meetings"
	"github.com/scp-portal/portal/internal/reports"
	"github.com/scp-portal/portal/internal/reviews"
	"github.com/scp-portal/portal/internal/scrutiny"
)

// Sources are the agenda sources, in agenda order: the standing items and the actions carried
// forward; the Engine Room's learning loop and the CSPR consideration requests and rapid reviews
// before it; then what awaits the Executive: the exception
// reports, scrutiny reports, challenges, disagreements escalated to it, the local reviews'
// approvals, and what awaits the statutory partners' sign-off.
var Sources = append(meetings.Own(), learning.EngineRoomAgenda{}, reviews.EngineRoomAgenda{},
	reports.ExecutiveAgenda, scrutiny.ExecutiveAgenda, challenges.ExecutiveAgenda, disputes.ExecutiveAgenda,
	reviews.ExecutiveAgenda, documents.ExecutiveSignOffs, reports.ExecutiveSignOffs, reviews.ExecutiveSignOffs)
