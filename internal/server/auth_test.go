package server_test

import (
	"context"
	"html"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/scp-portal/portal/internal/seed"
	"github.com/scp-portal/portal/internal/testkit"
)

// portal starts a demo-seeded portal on a clock the test controls.
func portal(t *testing.T) (*pgxpool.Pool, string, *testkit.Clock) {
	t.Helper()
	clk := testkit.NewClock(time.Now())
	db, base := testkit.StartDemo(t, testkit.ServerOptions{Now: clk.Now})
	return db, base, clk
}

const sessionCookie = "portal_session"

func TestSignInRotatesTheSessionAndSignOutEndsItOnTheServer(t *testing.T) {
	t.Parallel()
	_, base, _ := portal(t)
	c := testkit.NewClient(t, base)
	c.Get("/sign-in") // a visitor may hold a session before signing in
	c.Post("/sign-in", url.Values{"email": {"nobody@x.example"}, "password": {"wrong password!"}})
	before := c.Cookie(sessionCookie)

	r := c.Post("/sign-in", url.Values{"email": {"Engine-Room@HSSCP.example "}, "password": {testkit.DemoPassword}})
	if r.Status != http.StatusSeeOther || r.Location != "/hsscp/home" {
		t.Fatalf("sign in: %d to %q; want 303 to /hsscp/home", r.Status, r.Location)
	}
	after := c.Cookie(sessionCookie)
	if after == "" || after == before {
		t.Fatalf("the session id was not rotated at sign-in (before %q, after %q)", before, after)
	}
	if home := c.Get("/hsscp/home"); home.Status != http.StatusOK || !strings.Contains(home.Body, "Eddie Engine") {
		t.Fatalf("home after sign-in: %d", home.Status)
	}
	// A mistyped address, inside a partnership or not, still shows who is signed in.
	for _, path := range []string{"/no-such-page", "/hsscp/no-such-page"} {
		if r := c.Get(path); r.Status != http.StatusNotFound || !strings.Contains(r.Body, "Signed in as Eddie Engine") {
			t.Errorf("%s signed in: %d, shows the person: %v", path, r.Status, strings.Contains(r.Body, "Signed in as Eddie Engine"))
		}
	}

	// The old cookie is kept aside, as an attacker who copied it would.
	stolen := testkit.NewClient(t, base)
	u, _ := url.Parse(base)
	stolen.HTTP.Jar.SetCookies(u, []*http.Cookie{{Name: sessionCookie, Value: after, Path: "/"}})
	if r := stolen.Get("/hsscp/home"); r.Status != http.StatusOK {
		t.Fatalf("copied cookie before sign-out: %d", r.Status)
	}

	if r := c.Post("/sign-out", nil); r.Status != http.StatusSeeOther || r.Location != "/signed-out" {
		t.Fatalf("sign out: %d to %q", r.Status, r.Location)
	}
	if r := stolen.Get("/hsscp/home"); r.Status != http.StatusSeeOther {
		t.Fatalf("the old cookie still works after sign-out: %d", r.Status)
	}
}

func TestSessionsExpireWhenIdleAndAfterTwelveHours(t *testing.T) {
	t.Parallel()
	_, base, clk := portal(t)
	c := testkit.MustSignInAs(t, base, "practitioner@hsscp.example")

	clk.Advance(29 * time.Minute)
	if r := c.Get("/hsscp/home"); r.Status != http.StatusOK {
		t.Fatalf("after 29 idle minutes: %d; want still signed in", r.Status)
	}
	clk.Advance(31 * time.Minute)
	if r := c.Get("/hsscp/home"); r.Status != http.StatusSeeOther {
		t.Fatalf("after 31 idle minutes: %d; want signed out", r.Status)
	}

	// Busy all day: the session still ends 12 hours after sign-in.
	c.SignIn("practitioner@hsscp.example", testkit.DemoPassword)
	for range 12*3 + 1 { // just over 12 hours, 20 minutes at a time
		clk.Advance(20 * time.Minute)
		c.Get("/hsscp/home")
	}
	if r := c.Get("/hsscp/home"); r.Status != http.StatusSeeOther {
		t.Fatalf("12 hours after sign-in: %d; want signed out", r.Status)
	}
}

// TestAShortIdleTimeoutIsHonouredToWithinAQuarter: with an idle timeout under a minute, a person
// busy every quarter of it stays signed in, and one idle for a little over it is signed out.
func TestAShortIdleTimeoutIsHonouredToWithinAQuarter(t *testing.T) {
	t.Parallel()
	clk := testkit.NewClock(time.Now())
	_, base := testkit.StartDemo(t, testkit.ServerOptions{Now: clk.Now, SessionIdle: 40 * time.Second})
	c := testkit.MustSignInAs(t, base, "practitioner@hsscp.example")
	for i := range 12 { // four minutes, a request every 20 seconds
		clk.Advance(20 * time.Second)
		if r := c.Get("/hsscp/home"); r.Status != http.StatusOK {
			t.Fatalf("busy for %s with a 40-second idle timeout: %d; want still signed in", time.Duration(i+1)*20*time.Second, r.Status)
		}
	}
	clk.Advance(50 * time.Second)
	if r := c.Get("/hsscp/home"); r.Status != http.StatusSeeOther {
		t.Fatalf("after 50 idle seconds with a 40-second idle timeout: %d; want signed out", r.Status)
	}
}

// TestTheDatabaseUnreachableIsThe503PageWithARetryHint: while PostgreSQL cannot be reached, people
// are told the service is unavailable and to try again, not that it is broken, and /readyz says
// the process is not ready.
func TestTheDatabaseUnreachableIsThe503PageWithARetryHint(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0") // a port nothing answers on once closed
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	db, err := pgxpool.New(context.Background(), "postgres://portal@"+addr+"/portal?connect_timeout=2")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	base := testkit.StartServer(t, db, testkit.ServerOptions{})
	c := testkit.NewClient(t, base)
	for _, path := range []string{"/hsscp/", "/hsscp/home"} {
		r := c.Get(path)
		if r.Status != http.StatusServiceUnavailable || r.Header.Get("Retry-After") == "" || !strings.Contains(r.Body, "Try again in a few minutes") {
			t.Errorf("GET %s with the database down: %d, Retry-After %q; want 503 with a retry hint\n%s", path, r.Status, r.Header.Get("Retry-After"), r.Body)
		}
	}
	if r := c.Get("/readyz"); r.Status != http.StatusServiceUnavailable {
		t.Errorf("/readyz with the database down: %d, want 503", r.Status)
	}
}

func TestTenWrongPasswordsLockTheAccountUntilTheWindowPasses(t *testing.T) {
	t.Parallel()
	db, base, clk := portal(t)
	c := testkit.NewClient(t, base)
	for i := range 10 {
		r := c.Post("/sign-in", url.Values{"email": {"executive@hsscp.example"}, "password": {"not the password"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Enter a correct e-mail address and password") {
			t.Fatalf("wrong password %d: %d", i+1, r.Status)
		}
		if strings.Contains(r.Body, "not the password") {
			t.Fatal("the password was sent back to the page")
		}
	}
	r := c.Post("/sign-in", url.Values{"email": {"executive@hsscp.example"}, "password": {testkit.DemoPassword}})
	if r.Status != http.StatusTooManyRequests || !strings.Contains(r.Body, "Wait 5 minutes") {
		t.Fatalf("right password after 10 failures: %d; want 429 and the wait explained", r.Status)
	}
	// Another address is not locked out by the failures of this one... unless it shares the
	// address the failures came from: all of this test's requests come from 127.0.0.1.
	clk.Advance(5*time.Minute + time.Second)
	r = c.Post("/sign-in", url.Values{"email": {"executive@hsscp.example"}, "password": {testkit.DemoPassword}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("right password after the window: %d; want signed in", r.Status)
	}
	if throttled := testkit.MustCount(t, db, `audit_log WHERE action = 'sign-in' AND detail = 'throttled'`); throttled != 1 {
		t.Errorf("throttled sign-ins in the audit log: %d; want 1", throttled)
	}
}

func TestUnknownEmailAndWrongPasswordGetTheSameAnswer(t *testing.T) {
	t.Parallel()
	_, base, _ := portal(t)
	c := testkit.NewClient(t, base)
	unknown := c.Post("/sign-in", url.Values{"email": {"nobody@hsscp.example"}, "password": {"whatever-it-is"}})
	wrong := c.Post("/sign-in", url.Values{"email": {"practitioner@hsscp.example"}, "password": {"whatever-it-is"}})
	if unknown.Status != wrong.Status || testkit.ErrorSummary(unknown.Body) != testkit.ErrorSummary(wrong.Body) {
		t.Fatalf("different answers: %d %q / %d %q", unknown.Status, testkit.ErrorSummary(unknown.Body), wrong.Status, testkit.ErrorSummary(wrong.Body))
	}
}

func TestSignInReturnsOnlyToLocalPaths(t *testing.T) {
	t.Parallel()
	_, base, _ := portal(t)
	for next, want := range map[string]string{
		"/hsscp/bodies/1":        "/hsscp/bodies/1",
		"https://evil.example/x": "/hsscp/home",
		"//evil.example/x":       "/hsscp/home",
		"/\\evil.example":        "/hsscp/home",
	} {
		c := testkit.NewClient(t, base)
		r := c.Post("/sign-in", url.Values{"email": {"practitioner@hsscp.example"}, "password": {testkit.DemoPassword}, "next": {next}})
		if r.Location != want {
			t.Errorf("next=%q: redirected to %q; want %q", next, r.Location, want)
		}
	}
}

func TestRegistrationWithAPartnerDomainIsActiveOnceConfirmed(t *testing.T) {
	t.Parallel()
	db, base, _ := portal(t)
	c := testkit.NewClient(t, base)
	form := url.Values{"name": {"Nia Nurse"}, "email": {"nia.nurse@nth.nhs.example"}, "job_title": {"School nurse"},
		"organisation": {"other"}, "password": {"plum-kettle-harbour"}, "confirm": {"plum-kettle-harbour"}}
	if r := c.Post("/hsscp/register", form); r.Status != http.StatusOK || !strings.Contains(r.Body, "Check your e-mail") {
		t.Fatalf("register: %d", r.Status)
	}
	// Not active until confirmed.
	if r := c.Post("/sign-in", url.Values{"email": {"nia.nurse@nth.nhs.example"}, "password": {"plum-kettle-harbour"}}); !strings.Contains(r.Body, "Confirm your e-mail address first") {
		t.Fatalf("sign-in before confirming: %d", r.Status)
	}
	link := testkit.MustLastLink(t, db, "nia.nurse@nth.nhs.example")
	if r := c.Get(link); r.Status != http.StatusOK || !strings.Contains(r.Body, "Confirm") {
		t.Fatalf("GET %s: %d", link, r.Status)
	}
	if r := c.Post(link, nil); r.Status != http.StatusOK || !strings.Contains(r.Body, "Your account is ready") {
		t.Fatalf("POST %s: %d\n%s", link, r.Status, r.Body)
	}
	if r := c.Post(link, nil); r.Status != http.StatusNotFound {
		t.Fatalf("the confirmation link worked twice: %d", r.Status)
	}
	c.SignIn("nia.nurse@nth.nhs.example", "plum-kettle-harbour")
	if r := c.Get("/hsscp/home"); !strings.Contains(r.Body, "North Tees") && !strings.Contains(r.Body, "Nia Nurse") {
		t.Fatalf("home of the new practitioner: %d", r.Status)
	}
}

func TestRegistrationFromAnotherDomainWaitsForTheBusinessUnit(t *testing.T) {
	t.Parallel()
	db, base, _ := portal(t)
	c := testkit.NewClient(t, base)
	form := url.Values{"name": {"Gus Gmail"}, "email": {"gus@mailbox.example"}, "job_title": {"Youth worker"},
		"organisation": {"other"}, "password": {"violet-anchor-meadow"}, "confirm": {"violet-anchor-meadow"}}
	c.Post("/hsscp/register", form)
	link := testkit.MustLastLink(t, db, "gus@mailbox.example")
	if r := c.Post(link, nil); !strings.Contains(r.Body, "business unit will check your registration") {
		t.Fatalf("confirmation: %d\n%s", r.Status, r.Body)
	}
	if r := c.Post("/sign-in", url.Values{"email": {"gus@mailbox.example"}, "password": {"violet-anchor-meadow"}}); !strings.Contains(r.Body, "waiting for your partnership") {
		t.Fatalf("sign-in while pending: %d", r.Status)
	}

	bu := testkit.MustSignInAs(t, base, "business-unit@hsscp.example")
	if home := bu.Get("/hsscp/home"); !strings.Contains(home.Body, "1 registration to approve") {
		t.Fatalf("the business unit's home does not count the pending registration")
	}
	id := testkit.MustID(t, db, "gus@mailbox.example")
	// Refusing asks first (issue #14).
	if page := html.UnescapeString(bu.MustGet("/hsscp/admin/users/"+id+"/disable", http.StatusOK).Body); !strings.Contains(page, "Are you sure you want to refuse Gus Gmail's registration?") {
		t.Error("Refuse does not ask first, naming the person")
	}
	if r := bu.Post("/hsscp/admin/users/"+id+"/approve", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("approve: %d", r.Status)
	}
	if approvals := testkit.MustCount(t, db, `outbox WHERE to_address = 'gus@mailbox.example'
		AND subject = 'Your registration has been approved'`); approvals != 1 {
		t.Fatalf("approval e-mails: %d; want 1", approvals)
	}
	c.SignIn("gus@mailbox.example", "violet-anchor-meadow")

	// Another partnership's business unit cannot approve or disable him.
	other := testkit.MustSignInAs(t, base, "business-unit@stscp.example")
	if r := other.Post("/hsscp/admin/users/"+id+"/disable", nil); r.Status != http.StatusForbidden {
		t.Fatalf("another partnership's business unit disabling: %d", r.Status)
	}
	if r := other.Post("/stscp/admin/users/"+id+"/disable", nil); r.Status != http.StatusNotFound {
		t.Fatalf("disabling through the wrong partnership's address: %d", r.Status)
	}
}

func TestRegistrationRefusesBadAnswersAndKeepsWhatWasTyped(t *testing.T) {
	t.Parallel()
	_, base, _ := portal(t)
	c := testkit.NewClient(t, base)
	r := c.Post("/hsscp/register", url.Values{"name": {"<script>alert(1)</script>"}, "email": {"not-an-address"},
		"job_title": {""}, "organisation": {""}, "password": {"password1234"}, "confirm": {"password1234"}})
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d; want 422", r.Status)
	}
	for _, want := range []string{
		`href="#email"`, "Enter an e-mail address in the correct format",
		`href="#job_title"`, `href="#organisation"`, `href="#password"`, "This password is too common",
		`value="not-an-address"`, "&lt;script&gt;alert(1)&lt;/script&gt;",
	} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if strings.Contains(r.Body, "<script>alert(1)") || strings.Contains(r.Body, "password1234") {
		t.Error("the page echoes script or the password")
	}
}

func TestPasswordResetEndsEverySessionAndWorksOnce(t *testing.T) {
	t.Parallel()
	db, base, clk := portal(t)
	elsewhere := testkit.MustSignInAs(t, base, "scrutineer@hsscp.example")

	c := testkit.NewClient(t, base)
	r := c.Post("/forgot-password", url.Values{"email": {"scrutineer@hsscp.example"}})
	unknown := c.Post("/forgot-password", url.Values{"email": {"nobody@hsscp.example"}})
	if r.Status != http.StatusOK || unknown.Status != http.StatusOK || !strings.Contains(unknown.Body, "If nobody@hsscp.example has an account") {
		t.Fatalf("forgot password: %d / %d", r.Status, unknown.Status)
	}
	link := testkit.MustLastLink(t, db, "scrutineer@hsscp.example")
	if r := c.Post(link, url.Values{"password": {"short"}, "confirm": {"short"}}); r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("too short a password: %d", r.Status)
	}
	if r := c.Post(link, url.Values{"password": {"granite-lantern-orchard"}, "confirm": {"granite-lantern-orchard"}}); r.Status != http.StatusOK {
		t.Fatalf("reset: %d\n%s", r.Status, r.Body)
	}
	if r := elsewhere.Get("/hsscp/home"); r.Status != http.StatusSeeOther {
		t.Fatalf("a session from before the reset still works: %d", r.Status)
	}
	if r := c.Post(link, url.Values{"password": {"another-new-password"}, "confirm": {"another-new-password"}}); r.Status != http.StatusNotFound {
		t.Fatalf("the reset link worked twice: %d", r.Status)
	}
	if r := c.Post("/sign-in", url.Values{"email": {"scrutineer@hsscp.example"}, "password": {testkit.DemoPassword}}); r.Status == http.StatusSeeOther {
		t.Fatal("the old password still works")
	}
	c.SignIn("scrutineer@hsscp.example", "granite-lantern-orchard")

	// A link an hour old no longer works.
	c.Post("/forgot-password", url.Values{"email": {"scrutineer@hsscp.example"}})
	late := testkit.MustLastLink(t, db, "scrutineer@hsscp.example")
	clk.Advance(61 * time.Minute)
	if r := c.Get(late); r.Status != http.StatusNotFound {
		t.Fatalf("an expired reset link: %d", r.Status)
	}
}

// TestOnlyTheNewestResetLinkWorksAndLinksAreLimited: a second reset e-mail voids the first; after
// three in an hour a fourth request sends nothing; and the answer takes the same time whether or
// not the address has an account, so its timing tells nobody which addresses do.
func TestOnlyTheNewestResetLinkWorksAndLinksAreLimited(t *testing.T) {
	t.Parallel()
	db, base, _ := portal(t)
	c := testkit.NewClient(t, base)
	c.Post("/forgot-password", url.Values{"email": {"executive@hsscp.example"}})
	first := testkit.MustLastLink(t, db, "executive@hsscp.example")
	c.Post("/forgot-password", url.Values{"email": {"executive@hsscp.example"}})
	second := testkit.MustLastLink(t, db, "executive@hsscp.example")
	if r := c.Get(first); r.Status != http.StatusNotFound {
		t.Errorf("the first link after a second was sent: %d, want 404", r.Status)
	}
	if r := c.Get(second); r.Status != http.StatusOK {
		t.Errorf("the newest link: %d, want 200", r.Status)
	}
	c.Post("/forgot-password", url.Values{"email": {"executive@hsscp.example"}})
	c.Post("/forgot-password", url.Values{"email": {"executive@hsscp.example"}})
	if n := testkit.MustCount(t, db, `outbox WHERE to_address = 'executive@hsscp.example'`); n != 3 {
		t.Errorf("e-mails after four requests in an hour: %d, want 3", n)
	}

	median := func(email string) time.Duration {
		var took []time.Duration
		for range 5 {
			start := time.Now()
			if r := c.Post("/forgot-password", url.Values{"email": {email}}); r.Status != http.StatusOK {
				t.Fatalf("forgot password for %s: %d", email, r.Status)
			}
			took = append(took, time.Since(start))
		}
		slices.Sort(took)
		return took[len(took)/2]
	}
	known, unknown := median("scrutineer@hsscp.example"), median("nobody-here@hsscp.example")
	if known < 290*time.Millisecond || unknown < 290*time.Millisecond || (known-unknown).Abs() > 100*time.Millisecond {
		t.Errorf("forgot password took %v for an account and %v for none: the time tells them apart", known, unknown)
	}
}

func TestInvitationLetsThePersonChooseAPassword(t *testing.T) {
	t.Parallel()
	db, base, _ := portal(t)
	bu := testkit.MustSignInAs(t, base, "business-unit@stscp.example")
	r := bu.Post("/stscp/admin/users/invite", url.Values{"name": {"Ivy Invitee"}, "email": {"ivy@middlesbrough.gov.example"}, "organisation": {""}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("invite: %d\n%s", r.Status, r.Body)
	}
	if again := bu.Post("/stscp/admin/users/invite", url.Values{"name": {"Ivy"}, "email": {"ivy@middlesbrough.gov.example"}}); !strings.Contains(again.Body, "already has an account") {
		t.Fatalf("inviting the same address twice: %d", again.Status)
	}
	link := testkit.MustLastLink(t, db, "ivy@middlesbrough.gov.example")
	c := testkit.NewClient(t, base)
	if r := c.Post(link, url.Values{"password": {"copper-meadow-lantern"}, "confirm": {"copper-meadow-lantern"}}); r.Status != http.StatusOK {
		t.Fatalf("accept: %d", r.Status)
	}
	c.SignIn("ivy@middlesbrough.gov.example", "copper-meadow-lantern")
	if r := c.Get("/stscp/home"); r.Status != http.StatusOK {
		t.Fatalf("home: %d", r.Status)
	}
}

func TestDisablingSomeoneSignsThemOutEverywhere(t *testing.T) {
	t.Parallel()
	db, base, _ := portal(t)
	victim := testkit.MustSignInAs(t, base, "critical-friend@pan-dorset.example")
	id := testkit.MustID(t, db, "critical-friend@pan-dorset.example")
	bu := testkit.MustSignInAs(t, base, "business-unit@pan-dorset.example")
	// The list's button leads to a page that asks first, naming the person; nothing changes until
	// it is confirmed (issue #14).
	confirm := "/pan-dorset/admin/users/" + id + "/disable"
	list := bu.MustGet("/pan-dorset/admin/users?status=active", http.StatusOK).Body
	if !strings.Contains(list, `href="`+confirm+`"`) || strings.Contains(list, `action="`+confirm+`"`) {
		t.Errorf("the people list's Disable does not lead to the page that asks first")
	}
	name := testkit.MustQueryString(t, db, `SELECT name FROM app_user WHERE email = 'critical-friend@pan-dorset.example'`)
	page := html.UnescapeString(bu.MustGet(confirm, http.StatusOK).Body)
	if !strings.Contains(page, "Are you sure you want to disable "+name+"'s account?") || !strings.Contains(page, `href="/pan-dorset/admin/users">Cancel`) {
		t.Errorf("the confirmation page does not name %s or has no way back", name)
	}
	victim.MustGet("/pan-dorset/home", http.StatusOK) // still signed in: asking changed nothing
	for who, c := range map[string]*testkit.Client{
		"a practitioner":                      testkit.MustSignInAs(t, base, "practitioner@pan-dorset.example"),
		"another partnership's business unit": testkit.MustSignInAs(t, base, "business-unit@hsscp.example"),
	} {
		if r := c.Get(confirm); r.Status != http.StatusForbidden {
			t.Errorf("%s opens the confirmation page: %d", who, r.Status)
		}
		if r := c.Post(confirm, nil); r.Status != http.StatusForbidden {
			t.Errorf("%s disables: %d", who, r.Status)
		}
	}
	victim.MustGet("/pan-dorset/home", http.StatusOK)
	if r := bu.Post(confirm, nil); r.Status != http.StatusSeeOther {
		t.Fatalf("disable: %d", r.Status)
	}
	if r := victim.Get("/pan-dorset/home"); r.Status != http.StatusSeeOther {
		t.Fatalf("a disabled person is still signed in: %d", r.Status)
	}
	if r := victim.Post("/sign-in", url.Values{"email": {"critical-friend@pan-dorset.example"}, "password": {testkit.DemoPassword}}); !strings.Contains(r.Body, "disabled") {
		t.Fatalf("sign-in while disabled: %d", r.Status)
	}
}

func TestPeopleSeeAndEndTheirOwnSessions(t *testing.T) {
	t.Parallel()
	_, base, _ := portal(t)
	laptop, phone := testkit.MustSignInAs(t, base, "executive@stscp.example"), testkit.MustSignInAs(t, base, "executive@stscp.example")
	r := laptop.Get("/account/sessions")
	ends := regexp.MustCompile(`action="(/account/sessions/\d+/end)"`).FindAllStringSubmatch(r.Body, -1)
	if len(ends) != 2 || strings.Count(r.Body, "This browser") != 1 {
		t.Fatalf("sessions page lists %d sessions:\n%s", len(ends), r.Body)
	}
	// End the one that is not this browser: the phone.
	other := ends[0][1]
	if strings.Index(r.Body, "This browser") < strings.Index(r.Body, ends[0][1]) {
		other = ends[1][1]
	}
	if r := laptop.Post(other, nil); r.Status != http.StatusSeeOther || r.Location != "/account/sessions" {
		t.Fatalf("end the phone's session: %d %q", r.Status, r.Location)
	}
	if r := phone.Get("/stscp/home"); r.Status != http.StatusSeeOther {
		t.Fatalf("the ended session still works: %d", r.Status)
	}
	if r := laptop.Get("/stscp/home"); r.Status != http.StatusOK {
		t.Fatalf("ending another session signed this one out: %d", r.Status)
	}
	// Someone else's session cannot be ended by guessing its number: nothing changes.
	phone.SignIn("executive@stscp.example", testkit.DemoPassword)
	intruder := testkit.MustSignInAs(t, base, "practitioner@stscp.example")
	for i := 1; i < 100; i++ {
		intruder.Post("/account/sessions/"+strconv.Itoa(i)+"/end", nil)
	}
	if r := phone.Get("/stscp/home"); r.Status != http.StatusOK {
		t.Fatalf("another person ended this session: %d", r.Status)
	}
}

func TestEveryDemoAccountLandsOnItsHomeView(t *testing.T) {
	t.Parallel()
	_, base, _ := portal(t)
	for _, a := range seed.DemoAccounts() {
		c := testkit.NewClient(t, base)
		r := c.Post("/sign-in", url.Values{"email": {a.Email}, "password": {testkit.DemoPassword}})
		if r.Status != http.StatusSeeOther {
			t.Errorf("%s (%s): sign-in %d", a.Email, a.Role, r.Status)
			continue
		}
		home := c.Get(r.Location)
		want := "Welcome, "
		if a.Role == "system administrator" {
			want = "<h1 class=\"heading-l\">Partnerships</h1>"
		}
		if home.Status != http.StatusOK || !strings.Contains(home.Body, want) {
			t.Errorf("%s (%s): home %s gave %d without %q", a.Email, a.Role, r.Location, home.Status, want)
		}
	}
}
