package server_test

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/identity"
	"github.com/scp-portal/portal/internal/onboarding"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/internal/testkit"
)

// TestARealPartnershipStandsUpFromNothing is issue 12's first "done when", in Chromium: on an
// empty database `portal admin create` lets the system administrator in, who creates a
// partnership on the web page; `portal partnership create` (the code the command line calls)
// creates another, whose invited
// officer signs up through the e-mailed link, imports 30 organisations and 100 people (a file with
// three bad rows refused by name first, then the corrected one), and an Engine Room member the
// file invited signs up and triages the first KLOE request. axe-core checks the new pages.
func TestARealPartnershipStandsUpFromNothing(t *testing.T) {
	serving, db := testkit.NewServingDB(t)
	base := testkit.StartServer(t, serving, testkit.ServerOptions{})
	ctx := context.Background()
	if n := testkit.MustCount(t, db, `partnership`) + testkit.MustCount(t, db, `app_user`); n != 0 {
		t.Fatalf("the database is not empty: %d partnerships and accounts", n)
	}

	// The way in: `portal admin create` invites the system administrator, who creates a first
	// partnership on the web page (its errors first).
	env := app.Env{DB: db, BaseURL: base}
	if _, err := (&identity.Service{Env: env}).InviteAdministrator(ctx, onboarding.Operator, "Ada Ops", "ada@ops.example"); err != nil {
		t.Fatal(err)
	}
	b := testkit.NewBrowser(t)
	acceptInvitation(t, b, base, testkit.MustLastLink(t, db, "ada@ops.example"))
	b.MustSignIn(t, base, "ada@ops.example")
	b.ClickAndLoad(t, "a[href='/admin/partnerships/new']")
	b.CheckAccessibility(t, "create a partnership")
	b.Do(t, testkit.Fill("slug", "admin"))
	b.ClickAndLoad(t, "main button[type=submit]")
	b.CheckAccessibility(t, "create a partnership with errors")
	if summary := b.Text(t, ".error-summary"); !strings.Contains(summary, "a word the portal uses") || !strings.Contains(summary, "Enter the partnership's full name") {
		t.Errorf("the errors of an empty form:\n%s", summary)
	}
	b.Do(t, chromedp.SetValue("#slug", "york"), testkit.Fill("name", "City of York Safeguarding Children Partnership"),
		testkit.Fill("short_name", "CYSCP"), testkit.Fill("officer_name", "Yas York"), testkit.Fill("officer_email", "yas@york.example"))
	b.ClickAndLoad(t, "main button[type=submit]")
	b.MustMain(t, "after creating a partnership the page says", "City of York Safeguarding Children Partnership has been created, and an invitation sent to yas@york.example")
	b.ClickAndLoad(t, "form[action='/sign-out'] button")

	// The operator creates the partnership, as `portal partnership create` does.
	svc := &onboarding.Service{Env: env}
	created, err := svc.CreatePartnership(ctx, onboarding.Operator, onboarding.PartnershipInput{
		NewPartnership: partnership.NewPartnership{Slug: "tees-valley", Name: "Tees Valley Safeguarding Children Partnership",
			ShortName: "TVSCP", Area: "The Tees Valley"},
		OfficerName: "Olu Officer", OfficerEmail: "olu@tvscp.example", OfficerJobTitle: "Business manager"})
	if err != nil {
		t.Fatal(err)
	}
	slug := created.Partnership.Slug

	// The officer signs up through the e-mailed link.
	acceptInvitation(t, b, base, testkit.MustLastLink(t, db, "olu@tvscp.example"))
	b.MustSignIn(t, base, "olu@tvscp.example")

	// The import: the template, a file with three bad rows, then the corrected file.
	b.MustOpen(t, base+"/"+slug+"/admin/organisations", "main")
	b.ClickAndLoad(t, "a[href$='/admin/import']")
	b.CheckAccessibility(t, "import page")
	lines := testkit.DirectoryCSV(30, 100)
	good := testkit.JoinCSV(lines)
	lines[5] = strings.Replace(lines[5], "Voluntary and community", "Charity", 1)
	lines[40] = strings.Replace(lines[40], "person010@agency10.example", "person010 at agency10", 1)
	lines[60] = strings.Replace(lines[60], "\"Person 030, Example\"", "=cmd|' /C calc'!A0", 1)
	upload(t, b, "directory.csv", testkit.JoinCSV(lines))
	b.CheckAccessibility(t, "import page with the refused rows")
	refused := b.Text(t, "#problems + .table-container table") // the table scrolls in its own container (issue #14)
	for _, want := range []string{"6\tCategory", "41\tE-mail", "61\tName"} {
		if !strings.Contains(refused, want) {
			t.Errorf("the refused rows do not name %q:\n%s", want, refused)
		}
	}
	if n := testkit.MustCount(t, db, `organisation`); n != 0 {
		t.Fatalf("a refused file saved %d organisations", n)
	}
	upload(t, b, "directory.csv", good)
	b.CheckAccessibility(t, "what the file adds")
	b.MustMain(t, "the preview does not offer the import", "Import 30 organisations and 100 people")
	b.ClickAndLoad(t, "main form button[type=submit]")
	b.MustMain(t, "after the import the page says", "Imported 30 organisations and invited 100 people")
	b.ClickAndLoad(t, "form[action='/sign-out'] button")

	// A practitioner the file invited sends the first KLOE request.
	practitioner := testkit.NewClient(t, base)
	practitioner.MustPost(testkit.MustLastLink(t, db, "person002@agency02.example"),
		url.Values{"password": {testkit.DemoPassword}, "confirm": {testkit.DemoPassword}}, 200)
	practitioner.SignIn("person002@agency02.example", testkit.DemoPassword)
	practitioner.MustSubmitRequest("/"+slug+"/kloe/new", url.Values{
		"requester_name": {"Person 002, Example"}, "requester_job_title": {"Safeguarding lead"},
		"requester_organisation": {testkit.MustOrgID(t, db, slug, "Agency 02")}, "requester_email": {"person002@agency02.example"},
		"kind": {"barrier"}, "title": {"Discharge planning without social care"},
		"observed": {"Discharge meetings happen without children's social care."}, "agencies": {"Acute trust, children's social care"},
		"question": {"How do we make sure social care is invited?"}, "urgency": {"routine"}, "manager_aware": {"no"}})

	// The Engine Room member the file named signs up and triages it.
	acceptInvitation(t, b, base, testkit.MustLastLink(t, db, "person001@agency01.example"))
	b.MustSignIn(t, base, "person001@agency01.example")
	b.MustOpen(t, base+"/"+slug+"/inbox", "main table")
	b.ClickAndLoad(t, "main table a")
	b.Do(t, chromedp.Click(chromedp.CSS("#decision-1")), testkit.Fill("theme_title", "Hospital discharge"),
		testkit.Fill("triage_outcome", "Thank you. The Engine Room has started a theme on hospital discharge."))
	b.ClickAndLoad(t, "form[action$='/triage'] button[type=submit]")
	if h1 := b.Text(t, "h1"); h1 != "Hospital discharge" {
		t.Fatalf("after triage the page is %q", h1)
	}
}

// acceptInvitation opens an invitation's link and chooses the demo password.
func acceptInvitation(t *testing.T, b *testkit.Browser, base, link string) {
	t.Helper()
	b.MustOpen(t, base+link, "#password")
	b.Do(t, testkit.Fill("password", testkit.DemoPassword), testkit.Fill("confirm", testkit.DemoPassword))
	b.ClickAndLoad(t, "main button[type=submit]")
	if main := b.Text(t, "main"); !strings.Contains(strings.ToLower(main), "sign in") {
		t.Fatalf("after accepting the invitation the page says:\n%s", main)
	}
}

// upload chooses a file for the import form and sends it.
func upload(t *testing.T, b *testkit.Browser, name string, content []byte) {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, content, 0o600); err != nil {
		t.Fatal(err)
	}
	b.Do(t, chromedp.SetUploadFiles("#file", []string{path}))
	b.ClickAndLoad(t, "form[enctype] button[type=submit]")
}
