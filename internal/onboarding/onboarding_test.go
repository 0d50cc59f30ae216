package onboarding_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/onboarding"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

var operator = app.Actor{Subject: access.Subject{Email: "operator (command line)"}}

func newService(db *pgxpool.Pool) *onboarding.Service {
	now := time.Date(2030, time.March, 10, 12, 0, 0, 0, time.UTC)
	return &onboarding.Service{Env: app.Env{DB: db, BaseURL: "https://portal.example", Now: func() time.Time { return now }}}
}

var northYorks = onboarding.PartnershipInput{
	NewPartnership: partnership.NewPartnership{Slug: "north-yorks", Name: "North Yorkshire Safeguarding Children Partnership",
		ShortName: "NYSCP", Area: "North Yorkshire", Colour: "#1F4E79"},
	OfficerName: "Olu Officer", OfficerEmail: "Olu.Officer@nyscp.example", OfficerJobTitle: "Business manager",
}

// create makes the partnership on an empty database and returns it.
func create(t *testing.T, db *pgxpool.Pool) partnership.Partnership {
	t.Helper()
	c, err := newService(db).CreatePartnership(context.Background(), operator, northYorks)
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	return c.Partnership
}

// TestCreatedPartnershipStartsEmptyAndUsable: the five standard bodies, the officer invited by
// e-mail with a seat on the business unit, and nothing else.
func TestCreatedPartnershipStartsEmptyAndUsable(t *testing.T) {
	db := testkit.NewDB(t)
	c, err := newService(db).CreatePartnership(context.Background(), operator, northYorks)
	if err != nil {
		t.Fatal(err)
	}
	if c.Partnership.Slug != "north-yorks" || c.Partnership.Colour != "#1f4e79" || c.OfficerEmail != "olu.officer@nyscp.example" {
		t.Errorf("created %+v, officer %q", c.Partnership, c.OfficerEmail)
	}
	kinds := testkit.MustQueryString(t, db, `SELECT string_agg(kind, ',' ORDER BY id) FROM body WHERE partnership_id = $1`, c.Partnership.ID)
	if kinds != "executive,engine_room,business_unit,scrutiny,critical_friends" {
		t.Errorf("bodies: %s", kinds)
	}
	if n := testkit.MustCount(t, db, `organisation`); n != 0 {
		t.Errorf("%d organisations; a new partnership starts with none", n)
	}
	seat := testkit.MustQueryString(t, db, `SELECT b.kind || ' ' || m.role || ' ' || u.status FROM membership m
		JOIN body b ON b.id = m.body_id JOIN app_user u ON u.id = m.user_id WHERE u.email = 'olu.officer@nyscp.example'`)
	if seat != "business_unit officer invited" {
		t.Errorf("the officer's seat: %q", seat)
	}
	body := testkit.MustQueryString(t, db, `SELECT body FROM outbox WHERE to_address = 'olu.officer@nyscp.example'`)
	if !strings.Contains(body, c.InvitationLink) || !strings.HasPrefix(c.InvitationLink, "https://portal.example/accept-invitation/") {
		t.Errorf("the invitation %q does not carry the link %q", body, c.InvitationLink)
	}
	if n := testkit.MustCount(t, db, `audit_log WHERE partnership_id = $1 AND action IN ('partnership.create', 'user.invite', 'membership.create')`, c.Partnership.ID); n != 3 {
		t.Errorf("%d audit records of the creation; want 3", n)
	}
	// The bodies can be renamed as the partnership calls them.
	svc := &partnership.Service{Env: app.Env{DB: db}}
	bodies, err := svc.Bodies(context.Background(), c.Partnership.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SaveBody(context.Background(), operator, partnership.BodyInput{ID: bodies[0].ID, PartnershipID: c.Partnership.ID,
		Name: "Safeguarding Executive Group", Kind: bodies[0].Kind, Version: bodies[0].Version}); err != nil {
		t.Errorf("rename a body: %v", err)
	}
}

func TestCreatingAPartnershipRefusesBadInputAndSavesNothing(t *testing.T) {
	db := testkit.NewDB(t)
	create(t, db)
	for _, tc := range []struct {
		name  string
		edit  func(*onboarding.PartnershipInput)
		field string
	}{
		{"slug taken", func(in *onboarding.PartnershipInput) { in.OfficerEmail = "other@nyscp.example" }, "slug"},
		{"reserved slug", func(in *onboarding.PartnershipInput) { in.Slug = "admin" }, "slug"},
		{"bad slug", func(in *onboarding.PartnershipInput) { in.Slug = "North Yorks!" }, "slug"},
		{"pale colour", func(in *onboarding.PartnershipInput) { in.Slug, in.Colour = "york", "#ffff00" }, "colour"},
		{"officer has an account", func(in *onboarding.PartnershipInput) { in.Slug = "york" }, "officer_email"},
		{"no officer", func(in *onboarding.PartnershipInput) { in.Slug, in.OfficerEmail = "york", "" }, "officer_email"},
	} {
		in := northYorks
		tc.edit(&in)
		_, err := newService(db).CreatePartnership(context.Background(), operator, in)
		if fs := app.FieldsOf(err); len(fs) == 0 || fs[0].Field != tc.field {
			t.Errorf("%s: %v; want a problem on %s", tc.name, err, tc.field)
		}
	}
	if n := testkit.MustCount(t, db, `partnership`); n != 1 {
		t.Errorf("%d partnerships after refusals; want 1", n)
	}
}

// TestImportNamesEveryBadRowAndSavesNothingUntilTheFileIsRight: three bad rows are named by row,
// column and problem; the corrected file is staged, then one confirmation makes everything.
func TestImportNamesEveryBadRowAndSavesNothingUntilTheFileIsRight(t *testing.T) {
	db := testkit.NewDB(t)
	p := create(t, db)
	svc := newService(db)
	ctx := context.Background()
	lines := testkit.DirectoryCSV(30, 100)
	good := testkit.JoinCSV(lines)
	lines[5] = strings.Replace(lines[5], "Voluntary and community", "Charity", 1)             // row 6: category
	lines[40] = strings.Replace(lines[40], "person010@agency10.example", "not-an-address", 1) // row 41: e-mail
	lines[60] = strings.Replace(lines[60], "\"Person 030, Example\"", "=HYPERLINK(1)", 1)     // row 61: formula
	pv, err := svc.Check(ctx, operator, p, "directory.csv", testkit.JoinCSV(lines))
	if app.KindOf(err) != app.Invalid {
		t.Fatalf("a file with bad rows: %v", err)
	}
	var got []string
	for _, pr := range pv.Problems {
		got = append(got, strconv.Itoa(pr.Row)+" "+pr.Column)
	}
	if strings.Join(got, "; ") != "6 Category; 41 E-mail; 61 Name" {
		t.Errorf("problems: %+v", pv.Problems)
	}
	if n := testkit.MustCount(t, db, `directory_import`) + testkit.MustCount(t, db, `organisation`); n != 0 {
		t.Errorf("a refused file saved %d things", n)
	}

	pv, err = svc.Check(ctx, operator, p, "directory.csv", good)
	if err != nil || pv.ID == 0 || len(pv.Organisations) != 30 || len(pv.People) != 100 {
		t.Fatalf("the corrected file: %v, %d organisations, %d people", err, len(pv.Organisations), len(pv.People))
	}
	if n := testkit.MustCount(t, db, `app_user WHERE partnership_id = $1`, p.ID); n != 1 {
		t.Errorf("checking a file invited people: %d accounts", n)
	}
	done, err := svc.Import(ctx, operator, p, pv.ID)
	if err != nil || done.Organisations != 30 || done.People != 100 {
		t.Fatalf("import: %v %+v", err, done)
	}
	if n := testkit.MustCount(t, db, `outbox WHERE to_address LIKE 'person%'`); n != 100 {
		t.Errorf("%d invitations; want 100", n)
	}
	if n := testkit.MustCount(t, db, `membership m JOIN body b ON b.id = m.body_id WHERE b.kind = 'engine_room' AND m.role = 'delegate'`); n != 20 {
		t.Errorf("%d Engine Room delegates; want 20", n)
	}
	if n := testkit.MustCount(t, db, `app_user u JOIN organisation o ON o.id = u.organisation_id WHERE o.name = 'Agency 01'`); n != 4 {
		t.Errorf("%d people of Agency 01; want 4", n)
	}
	if n := testkit.MustCount(t, db, `directory_import WHERE content <> ''`); n != 0 {
		t.Errorf("the imported file's content is still kept")
	}
	if _, err := svc.Import(ctx, operator, p, pv.ID); app.KindOf(err) != app.NotFound {
		t.Errorf("importing the same file twice: %v", err)
	}
	// The same file again is refused row by row: everything in it exists now.
	if pv, err := svc.Check(ctx, operator, p, "directory.csv", good); app.KindOf(err) != app.Invalid || len(pv.Problems) != 130 {
		t.Errorf("the same file again: %v, %d problems", err, len(pv.Problems))
	}
}

func TestImportRefusesHostileFilesPolitely(t *testing.T) {
	db := testkit.NewDB(t)
	p := create(t, db)
	svc := newService(db)
	heading := testkit.DirectoryCSV(0, 0)[0]
	for name, content := range map[string][]byte{
		"empty":          nil,
		"NUL":            []byte(heading + "\r\nOrganisation,A\x00B,,,,Health,,,,\r\n"),
		"not UTF-8":      []byte(heading + "\r\nOrganisation,Caf\xe9,,,,Health,,,,\r\n"),
		"huge":           []byte(heading + "\r\n" + strings.Repeat("Organisation,x,,,,Health,,,,\r\n", 20000)),
		"too many rows":  []byte(heading + "\r\n" + strings.Repeat("Person,x,,,,,,,,\r\n", onboarding.MaxRows+1)),
		"bad quotes":     []byte(heading + "\r\nOrganisation,\"A\"B\",,,,Health,,,,\r\n"),
		"no heading":     []byte("Organisation,A,,,,Health,,,,\r\n"),
		"heading only":   []byte(heading + "\r\n"),
		"line in a cell": []byte(heading + "\r\nOrganisation,\"A\nB\",,,,Health,,,,\r\n"),
	} {
		pv, err := svc.Check(context.Background(), operator, p, "x.csv", content)
		if app.KindOf(err) != app.Invalid || len(pv.Problems) == 0 {
			t.Errorf("%s: %v, %+v; want it refused with a problem", name, err, pv.Problems)
		}
	}
	if n := testkit.MustCount(t, db, `directory_import`); n != 0 {
		t.Errorf("hostile files staged: %d", n)
	}
}
