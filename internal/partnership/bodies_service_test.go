package partnership_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

// demo is the demo partnership hsscp as these tests use it.
type demo struct {
	db                           *pgxpool.Pool
	svc                          *partnership.Service
	bu                           app.Actor
	partnership, engineRoom      int64
	practitioner, agency, police int64
	today                        time.Time
}

func newDemo(t *testing.T) demo {
	t.Helper()
	db := testkit.NewDB(t)
	testkit.SeedDemo(t, db)
	now := time.Date(2030, time.March, 10, 12, 0, 0, 0, time.UTC)
	d := demo{db: db, svc: &partnership.Service{Env: app.Env{DB: db, Now: func() time.Time { return now }}}, today: partnership.Today(now)}
	var buID int64
	err := db.QueryRow(context.Background(), `SELECT p.id,
		(SELECT b.id FROM body b WHERE b.partnership_id = p.id AND b.kind = 'engine_room'),
		(SELECT id FROM app_user WHERE email = 'practitioner@hsscp.example'),
		(SELECT id FROM app_user WHERE email = 'business-unit@hsscp.example'),
		(SELECT o.id FROM organisation o WHERE o.partnership_id = p.id AND o.statutory_role = '' ORDER BY o.id LIMIT 1),
		(SELECT o.id FROM organisation o WHERE o.partnership_id = p.id AND o.statutory_role = 'police')
		FROM partnership p WHERE p.slug = 'hsscp'`).Scan(&d.partnership, &d.engineRoom, &d.practitioner, &buID, &d.agency, &d.police)
	if err != nil {
		t.Fatal(err)
	}
	d.bu = app.Actor{Subject: access.Subject{UserID: buID, Email: "business-unit@hsscp.example", PartnershipID: d.partnership},
		Partnership: d.partnership, IP: "192.0.2.7"}
	return d
}

func (d demo) audited(t *testing.T, action string) int {
	t.Helper()
	var n int
	if err := d.db.QueryRow(context.Background(), `SELECT count(*) FROM audit_log WHERE action = $1 AND actor_id = $2
		AND partnership_id = $3 AND ip = '192.0.2.7'`, action, d.bu.UserID, d.partnership).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func day(y int, m time.Month, dd int) time.Time { return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC) }

// The chair rota: a period overlapping another is refused, so is a relevant agency in the chair,
// and so is a period that ends before it starts; each refusal lands on its own field.
func TestRotaRefusesOverlapsAndAgenciesInTheChair(t *testing.T) {
	d := newDemo(t)
	ctx := context.Background()
	add := func(org int64, from, to time.Time) error {
		return d.svc.AddRota(ctx, d.bu, partnership.RotaInput{PartnershipID: d.partnership, BodyID: d.engineRoom,
			OrganisationID: org, From: from, To: to})
	}
	if err := add(d.police, day(2031, 1, 1), day(2031, 6, 30)); err != nil {
		t.Fatalf("a first period: %v", err)
	}
	if err := add(d.police, day(2031, 6, 30), day(2031, 12, 31)); app.FieldMessage(err, "rota_from-day") == "" {
		t.Errorf("a period sharing its first day with another's last: %v, want refused as overlapping", err)
	}
	if err := add(d.agency, day(2032, 1, 1), day(2032, 6, 30)); app.FieldMessage(err, "rota_organisation") != "Only a statutory partner can chair" {
		t.Errorf("a relevant agency in the chair: %v", err)
	}
	if err := add(d.police, day(2033, 6, 30), day(2033, 1, 1)); app.FieldMessage(err, "rota_to-day") == "" {
		t.Errorf("a period ending before it starts: %v", err)
	}
	if err := add(d.police, day(2031, 7, 1), day(2031, 12, 31)); err != nil {
		t.Errorf("the next period, from the day after: %v", err)
	}
	if n := d.audited(t, "rota.create"); n != 2 {
		t.Errorf("rota.create records: %d, want 2 (refusals change nothing)", n)
	}
	rota, chair, err := partnership.RotaAndChair(ctx, d.db, d.partnership, d.engineRoom, app.Page{Number: 1, Size: 1}, day(2031, 8, 1))
	if err != nil {
		t.Fatal(err)
	}
	if chair.OrganisationID != d.police || !chair.StartsOn.Equal(day(2031, 7, 1)) {
		t.Errorf("the chair on 1 August 2031: %+v", chair)
	}
	if len(rota.Rows) != 1 || !rota.Rows[0].StartsOn.Equal(day(2031, 7, 1)) || !rota.More {
		t.Errorf("the rota's first page of one: %+v, want the latest period and more after it", rota)
	}
	from, err := partnership.RotaFrom(ctx, d.db, d.partnership, d.engineRoom, day(2031, 3, 1), 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(from) != 2 || !from[0].StartsOn.Equal(day(2031, 1, 1)) || !from[1].StartsOn.Equal(day(2031, 7, 1)) {
		t.Errorf("the rota from 1 March 2031: %+v, want the period covering it, then the next", from)
	}
	if from, err := partnership.RotaFrom(ctx, d.db, d.partnership, d.engineRoom, day(2032, 1, 1), 2); err != nil || len(from) != 0 {
		t.Errorf("the rota from 2032, after its last period: %+v %v", from, err)
	}
	// Another partnership's body is not found.
	err = d.svc.AddRota(ctx, d.bu, partnership.RotaInput{PartnershipID: d.partnership + 1000, BodyID: d.engineRoom,
		OrganisationID: d.police, From: day(2040, 1, 1), To: day(2040, 2, 1)})
	if app.KindOf(err) != app.NotFound {
		t.Errorf("a body of no such partnership: %v", err)
	}
}

// A membership gives its role from the day it starts; ending it today takes the role away at
// once, and both are in the audit log.
func TestEndingAMembershipTakesTheRoleAwayToday(t *testing.T) {
	d := newDemo(t)
	ctx := context.Background()
	roles := func() access.Roles {
		s, err := access.LoadSubject(ctx, d.db, d.practitioner, d.today)
		if err != nil {
			t.Fatal(err)
		}
		return s.Roles
	}
	if roles().Has(access.EngineRoom) {
		t.Fatal("the practitioner is in the Engine Room before being added")
	}
	if _, err := d.svc.AddMember(ctx, d.bu, partnership.MemberInput{PartnershipID: d.partnership, BodyID: d.engineRoom}); app.KindOf(err) != app.Invalid ||
		app.FieldMessage(err, "user") == "" || app.FieldMessage(err, "role") == "" {
		t.Errorf("no person and no role: %v", err)
	}
	mid, err := d.svc.AddMember(ctx, d.bu, partnership.MemberInput{PartnershipID: d.partnership, BodyID: d.engineRoom,
		UserID: d.practitioner, Role: "co_opted", OrganisationID: &d.agency})
	if err != nil {
		t.Fatal(err)
	}
	if !roles().Has(access.EngineRoom) {
		t.Fatal("membership from today did not give the role today")
	}
	mine, err := partnership.MembershipsOf(ctx, d.db, d.practitioner, d.today)
	if err != nil || len(mine) != 1 || mine[0].MembershipID != mid {
		t.Fatalf("the practitioner's memberships: %+v (%v)", mine, err)
	}
	if err := d.svc.EndMembership(ctx, d.bu, d.partnership, mid); err != nil {
		t.Fatal(err)
	}
	if roles().Has(access.EngineRoom) {
		t.Error("the role outlived the membership ended today")
	}
	if err := d.svc.EndMembership(ctx, d.bu, d.partnership, mid); app.KindOf(err) != app.NotFound {
		t.Errorf("ending it twice: %v, want not found", err)
	}
	if a, e := d.audited(t, "membership.create"), d.audited(t, "membership.end"); a != 1 || e != 1 {
		t.Errorf("audit records: %d created, %d ended; want 1 and 1", a, e)
	}
	// A person of another partnership cannot be seated.
	var other int64
	if err := d.db.QueryRow(ctx, `SELECT id FROM app_user WHERE email = 'practitioner@stscp.example'`).Scan(&other); err != nil {
		t.Fatal(err)
	}
	_, err = d.svc.AddMember(ctx, d.bu, partnership.MemberInput{PartnershipID: d.partnership, BodyID: d.engineRoom, UserID: other, Role: "member"})
	if app.FieldMessage(err, "user") == "" {
		t.Errorf("a person of another partnership: %v", err)
	}
}

// The one query of current memberships answers both a person's memberships and the members of
// the partnership's bodies of one kind.
func TestCurrentMembershipsByPersonAndByKind(t *testing.T) {
	d := newDemo(t)
	ctx := context.Background()
	execs, err := partnership.CurrentMembersOfKind(ctx, d.db, d.partnership, "executive", d.today)
	if err != nil || len(execs) == 0 {
		t.Fatalf("the Executive's members: %d (%v)", len(execs), err)
	}
	for _, m := range execs {
		if m.BodyKind != "executive" || !m.Current(d.today) {
			t.Errorf("not a current Executive membership: %+v", m)
		}
		mine, err := partnership.MembershipsOf(ctx, d.db, m.UserID, d.today)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, x := range mine {
			found = found || x.MembershipID == m.MembershipID
			if x.UserID != m.UserID {
				t.Errorf("someone else's membership among %s's: %+v", m.UserName, x)
			}
		}
		if !found {
			t.Errorf("%s's memberships lack their seat on the Executive", m.UserName)
		}
	}
}

// Two people saving one body: the second is told someone else changed it, and what it is now.
func TestSavingABodySomeoneElseChangedIsStale(t *testing.T) {
	d := newDemo(t)
	ctx := context.Background()
	b, err := d.svc.SaveBody(ctx, d.bu, partnership.BodyInput{PartnershipID: d.partnership, Name: "Task and finish group", Kind: "other"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.svc.SaveBody(ctx, d.bu, partnership.BodyInput{PartnershipID: d.partnership, Name: "Task and finish group", Kind: "other"}); app.FieldMessage(err, "name") == "" {
		t.Errorf("a second body of the same name: %v", err)
	}
	if b, err = d.svc.Body(ctx, d.partnership, b.ID); err != nil {
		t.Fatal(err)
	}
	first := partnership.BodyInput{ID: b.ID, PartnershipID: d.partnership, Name: "Neglect task group", Kind: "other", Version: b.Version}
	if _, err := d.svc.SaveBody(ctx, d.bu, first); err != nil {
		t.Fatal(err)
	}
	second := first
	second.Name = "Exploitation task group"
	_, err = d.svc.SaveBody(ctx, d.bu, second)
	if app.KindOf(err) != app.Conflict || app.VersionOf(err) != b.Version+1 {
		t.Fatalf("the second save: %v", err)
	}
	if msg := app.FieldMessage(err, "name"); msg == "" || !contains(msg, "Someone else changed this body") || !contains(msg, "Neglect task group") {
		t.Errorf("the conflict says %q", msg)
	}
	if c, u := d.audited(t, "body.create"), d.audited(t, "body.update"); c != 1 || u != 1 {
		t.Errorf("audit records: %d created, %d updated; want 1 and 1", c, u)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
