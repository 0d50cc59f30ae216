package server_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/scp-portal/portal/internal/testkit"
)

// TestTheAuditLogHoldsNoTypedText: the audit log can never be corrected or erased, so what people
// type (titles, names) stays out of it; it records who did what to which record. Each change
// below types a marker into its text fields, and no entry of the log holds it.
func TestTheAuditLogHoldsNoTypedText(t *testing.T) {
	t.Parallel()
	db, base := testkit.StartDemo(t, testkit.ServerOptions{})
	const marker = "Typed-Marker-7Q"
	er := testkit.MustSignInAs(t, base, "engine-room@hsscp.example")
	bu := testkit.MustSignInAs(t, base, "business-unit@hsscp.example")
	admin := testkit.MustSignInAs(t, base, "admin@portal.example")
	today := time.Now()

	er.MustCreateTheme(url.Values{"title": {marker + " theme"}, "source_kind": {"audit"}, "source_reference": {marker}})
	er.MustPost("/hsscp/meetings", url.Values{"title": {marker + " meeting"}, "held_on-day": {today.Format("2")},
		"held_on-month": {today.Format("1")}, "held_on-year": {today.Format("2006")}}, http.StatusSeeOther)
	bu.MustPost("/hsscp/admin/organisations", url.Values{"name": {marker + " school"}, "category": {"education"}}, http.StatusSeeOther)
	bu.MustPost("/hsscp/admin/bodies", url.Values{"name": {marker + " group"}, "kind": {"other"}, "description": {marker}}, http.StatusSeeOther)
	admin.MustPost("/admin/holidays", url.Values{"day-day": {"23"}, "day-month": {"12"}, "day-year": {"2026"}, "name": {marker + " day"}}, http.StatusSeeOther)

	if n := testkit.MustCount(t, db, `audit_log WHERE action IN ('theme.create', 'meeting.create', 'organisation.create', 'body.create', 'calendar.add')`); n != 5 {
		t.Fatalf("audit entries of the five changes: %d, want 5", n)
	}
	if n := testkit.MustCount(t, db, `audit_log WHERE detail LIKE '%' || $1 || '%' OR object_id LIKE '%' || $1 || '%'`, marker); n != 0 {
		t.Errorf("%d audit entries hold typed text", n)
	}
}
