package server_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/reviews"
	"github.com/scp-portal/portal/internal/secrets"
	"github.com/scp-portal/portal/internal/seed"
	"github.com/scp-portal/portal/internal/testkit"
)

// TestHomePageInChromium loads the home page in a real browser: it must render with its
// stylesheet, raise no console error (a blocked or missing asset, a CSP violation), and offer the
// skip link as the first thing the keyboard reaches.
func TestHomePageInChromium(t *testing.T) {
	base := testkit.StartServer(t, testkit.NewDB(t), testkit.ServerOptions{})
	b := testkit.NewBrowser(t)
	b.MustOpen(t, base+"/", "h1")

	if title := testkit.Get(t, b, chromedp.Title()); title != "Home – Safeguarding Children Partnership Portal" {
		t.Errorf("title = %q", title)
	}
	// The stylesheet applied: the header is dark, which the browser's default style is not.
	bg := testkit.Get(t, b, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("header")).backgroundColor`))
	if bg != "rgb(11, 12, 12)" {
		t.Errorf("header background = %q; the stylesheet did not load", bg)
	}
	b.Do(t, chromedp.KeyEvent(kb.Tab))
	focused := testkit.Get(t, b, chromedp.Evaluate[string](`document.activeElement.textContent`))
	if focused != "Skip to main content" {
		t.Errorf("the first Tab focuses %q; want the skip link", focused)
	}
	b.Do(t, chromedp.KeyEvent(kb.Enter))
	focused = testkit.Get(t, b, chromedp.Evaluate[string](`document.activeElement.id`))
	if focused != "main-content" {
		t.Errorf("after the skip link, focus is on %q; want main-content", focused)
	}
}

// TestSignInAndOutInChromium signs in with a wrong password and then the right one, as a person
// would, and signs out again: afterwards the home view asks them to sign in.
func TestSignInAndOutInChromium(t *testing.T) {
	_, base := testkit.StartDemo(t, testkit.ServerOptions{})
	b := testkit.NewBrowser(t)

	b.Do(t, chromedp.Navigate(base+"/sign-in"), chromedp.WaitVisible(chromedp.CSS("#email")),
		chromedp.SendKeys(chromedp.CSS("#email"), "business-unit@hsscp.example"),
		chromedp.SendKeys(chromedp.CSS("#password"), "not the password"))
	b.ClickAndLoad(t, "main button[type=submit]")
	if msg := b.Text(t, ".error-summary"); !strings.Contains(msg, "Enter a correct e-mail address and password") {
		t.Errorf("error summary: %q", msg)
	}
	if focused := testkit.Get(t, b, chromedp.Evaluate[string](`document.activeElement.className`)); focused != "error-summary" {
		t.Errorf("focus is on %q; want the error summary", focused)
	}
	if kept := testkit.Get(t, b, chromedp.Value(chromedp.CSS("#email"))); kept != "business-unit@hsscp.example" {
		t.Errorf("the e-mail address was not kept: %q", kept)
	}

	b.Do(t, chromedp.SendKeys(chromedp.CSS("#password"), testkit.DemoPassword))
	b.ClickAndLoad(t, "main button[type=submit]")
	if h1 := b.Text(t, "h1"); h1 != "Welcome, Bo Business" {
		t.Errorf("after sign-in the page says %q", h1)
	}
	if loc := testkit.Get(t, b, chromedp.Location()); loc != base+"/hsscp/home" {
		t.Errorf("after sign-in the browser is at %s", loc)
	}

	b.ClickAndLoad(t, ".header__sign-out button")
	if h1 := b.Text(t, "h1"); h1 != "You have signed out" {
		t.Errorf("after sign-out the page says %q", h1)
	}
	// Signed out, the header offers to sign in again (issue #14).
	b.ClickAndLoad(t, "header .header__sign-in")
	if loc := testkit.Get(t, b, chromedp.Location()); loc != base+"/sign-in" {
		t.Errorf("the header's Sign in leads to %s", loc)
	}
	b.MustOpen(t, base+"/hsscp/home", "#email")
	if loc := testkit.Get(t, b, chromedp.Location()); !strings.HasPrefix(loc, base+"/sign-in?next=") {
		t.Errorf("the home view after sign-out is at %s; want the sign-in page", loc)
	}
}

// TestPagesMeetWCAG22AA runs axe-core on every kind of page, as the people who see it, including
// a form's error state; shows each at 320 CSS pixels, where none may scroll sideways (WCAG 1.4.10
// Reflow); and measures its radios and checkboxes, each at least 40 by 40 CSS pixels as GOV.UK
// draws them (testkit's CheckPage).
func TestPagesMeetWCAG22AA(t *testing.T) {
	db, base := testkit.StartDemo(t, testkit.ServerOptions{})
	var bodyID, orgID string
	testkit.MustQueryRow(t, db, `SELECT
		(SELECT b.id::text FROM body b JOIN partnership p ON p.id = b.partnership_id WHERE p.slug = 'hsscp' AND b.kind = 'engine_room'),
		(SELECT o.id::text FROM organisation o JOIN partnership p ON p.id = o.partnership_id WHERE p.slug = 'hsscp' ORDER BY o.id LIMIT 1)`).Scan(&bodyID, &orgID)
	rapidReview, localReview, commission := staffRecords(t, db) // the staff's working pages (issue #14)
	b := testkit.NewBrowser(t)
	check := func(path string) {
		t.Helper()
		b.MustOpen(t, base+path, "main")
		b.CheckPage(t, path)
	}
	for _, path := range []string{"/", "/accessibility", "/hsscp/", "/sign-in", "/forgot-password", "/hsscp/register", "/no/such/page", "/reset-password/expired-link",
		"/hsscp/arrangements", "/hsscp/documents/arrangements/changes"} {
		check(path)
	}
	// An agency's link to a rapid review's request, and the form with its error.
	agency := "/hsscp/agency-information/" + agencyLink(t, db)
	check(agency)
	b.ClickAndLoad(t, "main button[type=submit]")
	b.CheckPage(t, agency+" with errors")
	// Error states of the public forms.
	b.MustOpen(t, base+"/hsscp/register", "form")
	b.ClickAndLoad(t, "main button[type=submit]")
	b.CheckPage(t, "/hsscp/register with errors")
	b.MustOpen(t, base+"/sign-in", "form")
	b.ClickAndLoad(t, "main button[type=submit]")
	b.CheckPage(t, "/sign-in with errors")

	// The business unit's pages, which include every member's pages.
	b.Do(t, chromedp.SendKeys(chromedp.CSS("#email"), "business-unit@hsscp.example"),
		chromedp.SendKeys(chromedp.CSS("#password"), testkit.DemoPassword))
	b.ClickAndLoad(t, "main button[type=submit]")
	for _, path := range []string{"/hsscp/home", "/hsscp/bodies/" + bodyID, "/account/sessions", "/hsscp/admin/partnership",
		"/hsscp/admin/organisations", "/hsscp/admin/organisations/new", "/hsscp/admin/organisations/" + orgID + "/edit",
		"/hsscp/admin/bodies", "/hsscp/admin/bodies/new", "/hsscp/admin/bodies/" + bodyID, "/hsscp/admin/bodies/" + bodyID + "/edit",
		"/hsscp/admin/users", "/hsscp/admin/users/invite", "/hsscp/admin/audit", "/stscp/home",
		"/hsscp/publishing", "/hsscp/sign-off", "/hsscp/admin/sharing",
		"/hsscp/inbox", "/hsscp/themes", "/hsscp/reviews", "/hsscp/commissions", commission, rapidReview, localReview,
		// Your account, and the pages that ask before access is taken away (issue #14).
		"/account", "/hsscp/admin/users/" + testkit.MustID(t, db, "practitioner@hsscp.example") + "/disable",
		"/hsscp/people/" + testkit.MustID(t, db, seed.PoliceLead) + "/end-membership"} {
		check(path)
	}
	// Nobody leaves their only partnership: the page that asks says why at once, with no button.
	b.MustOpen(t, base+"/hsscp/people/"+testkit.MustID(t, db, "business-unit@hsscp.example")+"/end-membership", ".error-summary")
	if msg := b.Text(t, ".error-summary"); !strings.Contains(msg, "You cannot leave") {
		t.Errorf("leaving refused: %q", msg)
	}
	b.CheckPage(t, "a refused leaving")
	// The business unit's navigation on a 320 pixel phone (issue #14): the header fits the screen,
	// and the More menu opens from the keyboard, showing the pages in it.
	b.Narrow(t, testkit.ReflowWidth)
	b.MustOpen(t, base+"/hsscp/home", "main")
	if w := testkit.Get(t, b, chromedp.Evaluate[int](`document.querySelector("header").scrollWidth`)); w > 320 {
		t.Errorf("the header is %d pixels wide on a 320 pixel screen", w)
	}
	b.Do(t, chromedp.Focus(chromedp.CSS("nav .nav__summary")), chromedp.KeyEvent(kb.Enter))
	if !testkit.Get(t, b, chromedp.Evaluate[bool](`document.querySelector("nav details").open &&
		document.querySelector("nav details a[href='/hsscp/admin/audit']").getClientRects().length > 0`)) {
		t.Error("Enter on More does not open the menu, or its pages are not shown")
	}
	b.CheckAccessibility(t, "/hsscp/home on a phone, with the More menu open")
	b.Widen(t)
	// The form to start a rapid review has radios, which must be GOV.UK's size.
	b.MustOpen(t, base+"/hsscp/reviews", "main")
	if b.CheckTargetSize(t, "/hsscp/reviews") == 0 {
		t.Error("no radio measured on /hsscp/reviews: the form to start a rapid review has none")
	}
	b.MustOpen(t, base+"/hsscp/admin/users/invite", "form")
	b.ClickAndLoad(t, "main button[type=submit]")
	b.CheckPage(t, "/hsscp/admin/users/invite with errors")
	b.MustOpen(t, base+"/hsscp/admin/bodies/"+bodyID, "form")
	b.ClickAndLoad(t, "form[action$='/members'] button[type=submit]")
	b.CheckPage(t, "/hsscp/admin/bodies/"+bodyID+" with errors")
	b.MustOpen(t, base+"/hsscp/publishing", "form")
	b.ClickAndLoad(t, "form[action$='/publishing'] button[type=submit]")
	b.CheckPage(t, "/hsscp/publishing with errors")

	// A body's meetings, its decisions and actions log, and their forms with errors.
	meetingPages := executiveMeetingPages(t, db, base)
	for _, path := range meetingPages {
		check(path)
	}
	for _, sent := range []struct{ path, form string }{
		{meetingPages[0], "main form[method=post]"}, {meetingPages[1], "form[action$='/decisions']"}, {meetingPages[3], "main form[method=post]"},
	} {
		b.MustOpen(t, base+sent.path, "form")
		b.ClickAndLoad(t, sent.form+" button[type=submit]")
		b.CheckPage(t, sent.path+" with errors")
	}
	// An exception report: the list, the draft with its charts, the submitted report, reopening it
	// without a reason, and the meeting paper.
	check("/hsscp/reports")
	b.ClickAndLoad(t, "form[action$='/reports'] button[type=submit]")
	b.CheckPage(t, "an exception report in draft")
	b.ClickAndLoad(t, "form[action$='/submit'] button[type=submit]")
	b.CheckPage(t, "a submitted exception report")
	b.ClickAndLoad(t, "form[action$='/reopen'] button[type=submit]")
	b.CheckPage(t, "reopening an exception report without a reason")
	b.ClickAndLoad(t, "a[href$='/print']")
	b.CheckPage(t, "an exception report as a meeting paper")
	b.MustOpen(t, base+"/hsscp/reports", "main")
	// A yearly report: a draft started, its checklist, then submitted, its print and its summary
	// for a scrutiny committee.
	b.ClickAndLoad(t, "form:has(input[value=yearly]) button[type=submit]")
	b.CheckPage(t, "a yearly report in draft")
	b.ClickAndLoad(t, "a[href$='/checklist']")
	b.CheckPage(t, "a yearly report's checklist")
	yearly := "/hsscp/reports/" + strconv.Itoa(testkit.MustQueryInt(t, db, `SELECT id FROM report WHERE kind = 'yearly'`))
	b.MustOpen(t, base+yearly, "main")
	b.ClickAndLoad(t, "form[action$='/submit'] button[type=submit]")
	b.CheckPage(t, "a submitted yearly report")
	for _, suffix := range []string{"/print", "/summary"} {
		check(yearly + suffix)
	}
	b.MustOpen(t, base+"/hsscp/reports", "main")

	checkChallengeAndDisputePages(t, b, base, orgID, check) // challenges, proposals and disagreements between agencies
	// The Executive's home, with the report just submitted, and its view of the reviews register.
	b.ClickAndLoad(t, ".header__sign-out button")
	b.MustSignIn(t, base, "executive@hsscp.example")
	check("/hsscp/home")
	check("/hsscp/reviews")
	check(localReview)

	// Independent scrutiny's reports: the list, a draft with its forms, a recommendation and the
	// new report's form refused.
	b.ClickAndLoad(t, ".header__sign-out button")
	b.MustSignIn(t, base, "scrutineer@hsscp.example")
	draft := "/hsscp/scrutiny/" + testkit.MustQueryString(t, db, `INSERT INTO scrutiny_report (partnership_id, title, report_on, findings)
		SELECT id, 'Front door scrutiny', current_date, '## Found'||chr(10)||chr(10)||'- Thresholds differ.' FROM partnership WHERE slug = 'hsscp' RETURNING id::text`)
	check("/hsscp/scrutiny")
	check(draft)
	for _, path := range []string{"/hsscp/reviews", rapidReview, localReview} {
		check(path)
	}
	b.MustOpen(t, base+draft, "main")
	b.ClickAndLoad(t, "form[action$='/recommendations'] button[type=submit]")
	b.CheckPage(t, draft+" with errors")
	b.MustOpen(t, base+"/hsscp/scrutiny/new", "form")
	b.ClickAndLoad(t, "main form button[type=submit]")
	b.CheckPage(t, "/hsscp/scrutiny/new with errors")

	// One person in two partnerships: the switcher, and what the other shares (feat-multi).
	b.ClickAndLoad(t, ".header__sign-out button")
	b.MustSignIn(t, base, seed.PoliceLead)
	for _, path := range []string{"/stscp/home", "/stscp/shared", "/stscp/shared/learning-summaries/" + testkit.MustQueryString(t, db,
		`SELECT s.record_id::text FROM shared_record s JOIN partnership p ON p.id = s.partnership_id WHERE p.slug = 'hsscp' AND s.kind = 'learning_summary'`)} {
		check(path)
	}

	// The system administrator's pages.
	b.ClickAndLoad(t, ".header__sign-out button")
	b.MustSignIn(t, base, "admin@portal.example")
	check("/admin/partnerships")
	check("/admin/holidays")
	b.ClickAndLoad(t, "main form button[type=submit]")
	b.CheckPage(t, "/admin/holidays with errors")

	// The training programme (feat-training): the business unit's pages and forms with errors, a
	// session that has taken place with its attendance form; the attendee's bookings and evaluation.
	trainingFixture(t, db)
	course := testkit.MustQueryString(t, db, `INSERT INTO training_course (partnership_id, title, audience, description)
		SELECT id, 'Safer sleep', 'Midwives', 'Safe sleeping for babies.' FROM partnership WHERE slug = 'hsscp' RETURNING id::text`)
	session := testkit.MustQueryString(t, db, `INSERT INTO training_session (partnership_id, course_id, starts_at, ends_at, place, trainer, capacity)
		SELECT partnership_id, id, now() - interval '2 days', now() - interval '2 days' + interval '3 hours', 'Civic Centre', 'Midwife', 10
		FROM training_course WHERE id = $1 RETURNING id::text`, course)
	booking := testkit.MustQueryString(t, db, `INSERT INTO training_booking (session_id, user_id, status, attended)
		SELECT $1, id, 'booked', true FROM app_user WHERE email = 'practitioner@hsscp.example' RETURNING id::text`, session)
	b.ClickAndLoad(t, ".header__sign-out button")
	b.MustSignIn(t, base, "business-unit@hsscp.example")
	for _, path := range []string{"/hsscp/training", "/hsscp/training/courses", "/hsscp/training/sessions/" + session, "/hsscp/training-needs"} {
		check(path)
	}
	for _, path := range []string{"/hsscp/training/courses/new", "/hsscp/training/courses/" + course} {
		check(path)
		b.ClickAndLoad(t, "main form button[type=submit]")
		b.CheckPage(t, path+" with errors")
	}
	// Changing a course and a session (feat-finish13), the session's form with errors, and its
	// evaluations.
	for _, edit := range []struct{ path, field, value string }{{"/hsscp/training/courses/" + course + "/edit", "title", strings.Repeat("x", 201)},
		{"/hsscp/training/sessions/" + session + "/edit", "capacity", "0"}} {
		path := edit.path
		check(path)
		b.Do(t, chromedp.SetValue(chromedp.CSS("#"+edit.field), edit.value))
		b.ClickAndLoad(t, "main form button[type=submit]")
		b.CheckPage(t, path+" with errors")
	}
	testkit.MustQueryString(t, db, `WITH b AS (INSERT INTO training_booking (session_id, user_id, status, attended)
		SELECT $1, id, 'booked', true FROM app_user WHERE email = 'executive@hsscp.example' RETURNING id)
		INSERT INTO training_evaluation (booking_id, confidence_before, confidence_after, comment, follow_up_due)
		SELECT id, 2, 4, 'Clear and practical', current_date + 90 FROM b RETURNING booking_id::text`, session)
	check("/hsscp/training/sessions/" + session + "/evaluations")
	b.ClickAndLoad(t, ".header__sign-out button")
	b.MustSignIn(t, base, "practitioner@hsscp.example")
	check("/hsscp/training/mine")
	check("/hsscp/training/bookings/" + booking)
	b.ClickAndLoad(t, "main form button[type=submit]")
	b.CheckPage(t, "/hsscp/training/bookings/"+booking+" with errors")
	// E-bulletins and the budget (feat-bulletins), as the business unit.
	b.ClickAndLoad(t, ".header__sign-out button")
	b.MustSignIn(t, base, "business-unit@hsscp.example")
	for _, path := range bulletinAndBudgetPages(t, db) {
		check(path)
	}
	// Multi-agency case audits, as the Engine Room, in a tab of their own (the tab's time is
	// bounded): the list, the plan with errors, an audit being graded, its cases' references, a
	// case's moderation (the grading form's template with the auditors' grades), a completed audit
	// and its results.
	if err := seed.DemoCaseAudits(context.Background(), db, "hsscp", time.Now()); err != nil {
		t.Fatal(err)
	}
	ca := testkit.NewBrowser(t)
	ca.MustSignIn(t, base, "engine-room@hsscp.example")
	grading, completed := "/hsscp/case-audits/"+testkit.MustQueryString(t, db, `SELECT id::text FROM case_audit WHERE status = 'grading'`),
		"/hsscp/case-audits/"+testkit.MustQueryString(t, db, `SELECT id::text FROM case_audit WHERE status = 'completed'`)
	for _, path := range []string{"/hsscp/case-audits", "/hsscp/case-audits/new", grading, grading + "/cases", grading + "/cases/1/moderation",
		completed, completed + "/results", "/hsscp/inbox", "/hsscp/training-needs", rapidReview, localReview} {
		ca.MustOpen(t, base+path, "main")
		ca.CheckPage(t, path)
	}
	ca.MustOpen(t, base+"/hsscp/case-audits/new", "form")
	ca.ClickAndLoad(t, "main form button[type=submit]")
	ca.CheckPage(t, "/hsscp/case-audits/new with errors")
}

// staffRecords writes, in hsscp, a rapid review that decided on a local CSPR, the local CSPR
// opened, and a commission of a theme with a milestone, and returns their pages' paths.
func staffRecords(t *testing.T, db *pgxpool.Pool) (rapidReview, localReview, commission string) {
	t.Helper()
	ctx := context.Background()
	var pid, er int64
	testkit.MustQueryRow(t, db, `SELECT p.id, (SELECT id FROM app_user WHERE email = 'engine-room@hsscp.example') FROM partnership p WHERE p.slug = 'hsscp'`).Scan(&pid, &er)
	cal, err := reviews.Calendar(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	today := time.Now().UTC().Truncate(24 * time.Hour)
	aware := today.AddDate(0, 0, -7)
	var reviewID, csprID int64
	err = database.InTx(ctx, db, func(tx pgx.Tx) error {
		id, err := reviews.Start(ctx, tx, pid, "HSSCP", er, reviews.StartInput{Title: "Child W (2026)", AwareOn: aware, ClockStart: "awareness"}, cal, time.Now())
		if err != nil {
			return err
		}
		r, err := reviews.Get(ctx, tx, pid, id)
		if err != nil {
			return err
		}
		r.Facts, r.Draft = "A fictional case with a reference-like word: HSSCP-RR-2026-000000000001-supplementary.", "A draft for the national Panel."
		r.Decision, r.DecisionReasons = "local_cspr", "The learning reaches across the partnership."
		if err := reviews.Update(ctx, tx, r); err != nil {
			return err
		}
		reviewID = id
		csprID, err = reviews.OpenCSPR(ctx, tx, pid, id, "HSSCP", reviews.DefaultPublishMonths, cal, today)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	commission = "/hsscp/commissions/" + testkit.MustQueryString(t, db, `
		WITH t AS (INSERT INTO theme (partnership_id, title, status) VALUES ($1, 'Neglect in the early years', 'under_enquiry') RETURNING id),
		c AS (INSERT INTO commission (partnership_id, theme_id, title, key_lines, starts_on, due_on)
		      SELECT $1, id, 'Active learning: neglect in the early years', 'What helps agencies act together?', current_date - 30, current_date + 60 FROM t RETURNING id)
		INSERT INTO commission_milestone (commission_id, title, due_on) SELECT id, 'Case audit complete', current_date - 1 FROM c RETURNING commission_id::text`, pid)
	return "/hsscp/reviews/" + strconv.FormatInt(reviewID, 10), "/hsscp/local-reviews/" + strconv.FormatInt(csprID, 10), commission
}

// agencyLink starts a rapid review in hsscp that asks its local authority for information, and
// returns the secret of a live link to that request.
func agencyLink(t *testing.T, db *pgxpool.Pool) string {
	t.Helper()
	ctx := context.Background()
	var pid, la, er int64
	testkit.MustQueryRow(t, db, `SELECT p.id, (SELECT min(id) FROM organisation WHERE partnership_id = p.id AND statutory_role = 'local_authority'),
		(SELECT id FROM app_user WHERE email = 'engine-room@hsscp.example') FROM partnership p WHERE p.slug = 'hsscp'`).Scan(&pid, &la, &er)
	cal, err := reviews.Calendar(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	const secret = "an-agency-link-for-the-accessibility-check"
	today := time.Now().UTC().Truncate(24 * time.Hour)
	err = database.InTx(ctx, db, func(tx pgx.Tx) error {
		id, err := reviews.Start(ctx, tx, pid, "HSSCP", er, reviews.StartInput{Title: "A review for the accessibility check", AwareOn: today, ClockStart: "awareness"}, cal, time.Now())
		if err == nil {
			err = reviews.RequestInformation(ctx, tx, pid, id, la, today, today.AddDate(0, 0, 7))
		}
		if err == nil {
			_, err = tx.Exec(ctx, `UPDATE review_agency SET link_hash = $2, link_expires_at = now() + interval '1 day' WHERE review_id = $1`, id, secrets.Hash(secret))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return secret
}
