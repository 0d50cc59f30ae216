package server_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/scp-portal/portal/internal/testkit"
)

// TestTwoPeopleEditingOneOrganisation: the second save is refused and overwrites nothing.
func TestTwoPeopleEditingOneOrganisation(t *testing.T) {
	t.Parallel()
	db, base, _ := portal(t)
	id := testkit.MustOrgID(t, db, "hsscp", "Cleveland Police")
	ann, admin := testkit.MustSignInAs(t, base, "business-unit@hsscp.example"), testkit.MustSignInAs(t, base, "admin@portal.example")

	edit := "/hsscp/admin/organisations/" + id + "/edit"
	annForm, adminForm := ann.Get(edit), admin.Get(edit)
	annVersion := testkit.MustVersion(t, annForm.Body)
	adminVersion := testkit.MustVersion(t, adminForm.Body)

	save := func(c *testkit.Client, name, version string) testkit.Response {
		return c.Post("/hsscp/admin/organisations/"+id, url.Values{"name": {name}, "category": {"police"},
			"statutory_role": {"police"}, "email_domains": {"cleveland.police.example"}, "version": {version}})
	}
	if r := save(admin, "Cleveland Police Force", adminVersion); r.Status != http.StatusSeeOther {
		t.Fatalf("first save: %d\n%s", r.Status, r.Body)
	}
	r := save(ann, "Cleveland Constabulary", annVersion)
	if r.Status != http.StatusConflict || !strings.Contains(r.Body, "Someone else changed this organisation") ||
		!strings.Contains(r.Body, "Cleveland Police Force") || !strings.Contains(r.Body, `value="Cleveland Constabulary"`) {
		t.Fatalf("second save: %d; want 409 naming the other change and keeping what was typed\n%s", r.Status, r.Body)
	}
	if name := testkit.MustQueryString(t, db, `SELECT name FROM organisation WHERE id = $1::bigint`, id); name != "Cleveland Police Force" {
		t.Fatalf("the organisation is now %q; the first save was overwritten", name)
	}
	// Saving again from the refreshed form is deliberate, and works.
	newVersion := testkit.MustVersion(t, r.Body)
	if r := save(ann, "Cleveland Constabulary", newVersion); r.Status != http.StatusSeeOther {
		t.Fatalf("save after the conflict: %d", r.Status)
	}
}

// TestMembershipGivesAndEndingTakesAwayARole: the business unit adds a practitioner to the
// Engine Room, and the chair rota refuses an overlapping period and a non-statutory chair.
func TestMembershipGivesAndEndingTakesAwayARole(t *testing.T) {
	t.Parallel()
	db, base, _ := portal(t)
	var bodyID, userID, agencyID, policeID string
	testkit.MustQueryRow(t, db, `SELECT
		(SELECT b.id::text FROM body b JOIN partnership p ON p.id = b.partnership_id WHERE p.slug = 'hsscp' AND b.kind = 'engine_room'),
		(SELECT id::text FROM app_user WHERE email = 'practitioner@hsscp.example'),
		(SELECT o.id::text FROM organisation o JOIN partnership p ON p.id = o.partnership_id WHERE p.slug = 'hsscp' AND o.statutory_role = '' ORDER BY o.id LIMIT 1),
		(SELECT o.id::text FROM organisation o JOIN partnership p ON p.id = o.partnership_id WHERE p.slug = 'hsscp' AND o.statutory_role = 'police')`).Scan(&bodyID, &userID, &agencyID, &policeID)
	bu, practitioner := testkit.MustSignInAs(t, base, "business-unit@hsscp.example"), testkit.MustSignInAs(t, base, "practitioner@hsscp.example")
	if r := practitioner.Get("/hsscp/home"); strings.Contains(r.Body, "Engine Room member") {
		t.Fatal("the practitioner is an Engine Room member before being added")
	}

	manage := "/hsscp/admin/bodies/" + bodyID
	if r := bu.Post(manage+"/members", url.Values{"user": {userID}, "role": {"co_opted"}, "organisation": {agencyID}, "starts_on-day": {"31"}, "starts_on-month": {"2"}, "starts_on-year": {"2026"}}); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Enter the date as day month year") {
		t.Fatalf("an impossible date: %d", r.Status)
	}
	if r := bu.Post(manage+"/members", url.Values{"user": {userID}, "role": {"co_opted"}, "organisation": {agencyID}}); r.Status != http.StatusSeeOther {
		t.Fatalf("add member: %d\n%s", r.Status, r.Body)
	}
	if r := practitioner.Get("/hsscp/home"); !strings.Contains(r.Body, "Engine Room member") {
		t.Fatal("membership of the Engine Room did not make the practitioner an Engine Room member")
	}
	membershipID := testkit.MustQueryString(t, db, `SELECT id::text FROM membership WHERE user_id = $1::bigint AND body_id = $2::bigint`, userID, bodyID)
	if r := bu.Post(manage+"/members/"+membershipID+"/end", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("end membership: %d", r.Status)
	}
	if r := practitioner.Get("/hsscp/home"); strings.Contains(r.Body, "Engine Room member") {
		t.Fatal("the practitioner is still an Engine Room member after the membership ended")
	}

	rota := func(org, from, to string) testkit.Response {
		values := url.Values{"rota_organisation": {org}}
		for name, date := range map[string]string{"rota_from": from, "rota_to": to} {
			for k, v := range testkit.DateFields(name, date) {
				values[k] = v
			}
		}
		return bu.Post(manage+"/rota", values)
	}
	if r := rota(policeID, "1 1 2030", "30 6 2030"); r.Status != http.StatusSeeOther {
		t.Fatalf("add rota period: %d\n%s", r.Status, r.Body)
	}
	if r := rota(policeID, "1 6 2030", "31 12 2030"); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "overlaps") {
		t.Fatalf("overlapping period: %d", r.Status)
	}
	if r := rota(agencyID, "1 1 2031", "30 6 2031"); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Only a statutory partner can chair") {
		t.Fatalf("a relevant agency in the chair: %d", r.Status)
	}
	if changes := testkit.MustCount(t, db, `audit_log WHERE action IN ('membership.create', 'membership.end', 'rota.create') AND actor_email = 'business-unit@hsscp.example'`); changes != 3 {
		t.Fatalf("audit entries for the changes: %d; want 3", changes)
	}
}

// TestTheBusinessUnitSetsThePartnershipsDetails: the front door named on the CSPR start page and
// the priorities of the KLOE form are the partnership's own, set by its business unit.
func TestTheBusinessUnitSetsThePartnershipsDetails(t *testing.T) {
	t.Parallel()
	_, base, _ := portal(t)
	bu := testkit.MustSignInAs(t, base, "business-unit@stscp.example")
	form := bu.Get("/stscp/admin/partnership")
	version := testkit.MustVersion(t, form.Body)
	values := url.Values{"version": {version}, "area": {"Middlesbrough and Redcar & Cleveland"}, "contact_email": {"stscp@council.example"},
		"front_door": {"the Middlesbrough Children's Front Door, 01642 000000"}, "colour": {"purple"}, "priorities": {"Neglect\nExploitation\n\nWorking together"},
		"year_starts": {"13"}, "send_within": {"5"}}
	if r := bu.Post("/stscp/admin/partnership", values); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "six hexadecimal digits") ||
		!strings.Contains(r.Body, "Middlesbrough Children&#39;s Front Door") {
		t.Fatalf("a colour that is not #rrggbb: %d", r.Status)
	}
	if r := bu.Post("/stscp/admin/partnership", values); !strings.Contains(r.Body, "Choose the month the reporting year starts in") {
		t.Errorf("a month that is not one: %d", r.Status)
	}
	values.Set("colour", "#4B2E83")
	values.Set("year_starts", "1")
	if r := bu.Post("/stscp/admin/partnership", values); r.Status != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", r.Status, testkit.ErrorSummary(r.Body))
	}
	if r := bu.Post("/stscp/admin/partnership", values); r.Status != http.StatusConflict {
		t.Errorf("a second save from the same version: %d", r.Status)
	}
	practitioner := testkit.MustSignInAs(t, base, "practitioner@stscp.example")
	if r := practitioner.Get("/stscp/cspr/new"); !strings.Contains(r.Body, "the Middlesbrough Children&#39;s Front Door, 01642 000000") {
		t.Error("the CSPR start page does not name the front door the partnership set")
	}
	kloe := practitioner.Get("/stscp/kloe/new").Body
	if !strings.Contains(kloe, `value="Working together"`) || strings.Contains(kloe, `value="Empowering Young People"`) {
		t.Error("the KLOE form does not offer the partnership's new priorities")
	}
	year := strconv.Itoa(time.Now().Year())
	if page := bu.Get("/stscp/reports").Body; !strings.Contains(page, year+" (January "+year+" to December "+year+")") {
		t.Error("the reports page does not offer the reporting year from January the partnership set")
	}
	if css := practitioner.Get("/stscp/theme.css").Body; !strings.Contains(css, "#4b2e83") {
		t.Errorf("theme: %q", css)
	}
}
