package server_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/scp-portal/portal/internal/testkit"
)

// The business unit adds a course serving a recommendation and a session of one place; it is
// published on the public programme; the practitioner books it, the Executive member joins the
// waiting list and gets the place (and an e-mail) when the practitioner cancels; once the session
// has taken place the business unit records attendance, the Executive member evaluates it, and the
// evaluation is evidence of impact on the recommendation's page. A training need moves forward.
func TestACourseIsBookedAttendedAndEvaluatedThroughThePages(t *testing.T) {
	t.Parallel()
	db, base := testkit.StartDemo(t, testkit.ServerOptions{})
	bu := testkit.MustSignInAs(t, base, "business-unit@hsscp.example")
	pr := testkit.MustSignInAs(t, base, "practitioner@hsscp.example")
	ex := testkit.MustSignInAs(t, base, "executive@hsscp.example")
	anon := testkit.NewClient(t, base)
	rec := trainingFixture(t, db)
	var course, session, booking string

	t.Run("the business unit adds a course and a session", func(t *testing.T) {
		r := bu.Post("/hsscp/training/courses", url.Values{"title": {"  "}, "audience": {"Midwives"}, "recommendations": {rec, "x"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Enter the course&#39;s title") || !strings.Contains(r.Body, "Midwives") {
			t.Fatalf("a course without a title: %d", r.Status)
		}
		course = bu.MustPost("/hsscp/training/courses", url.Values{"title": {"Safer sleep for babies"}, "recommendations": {rec}}, http.StatusSeeOther).Location
		r = bu.Post(course+"/sessions", url.Values{"kind": {"course"}, "day-day": {"31"}, "day-month": {"2"}, "day-year": {"2030"}, "starts": {"9:30"},
			"ends": {"8:00"}, "place": {"Civic Centre"}, "trainer": {"Midwife"}, "capacity": {"1e99"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "real date") || !strings.Contains(r.Body, "number of places") ||
			!strings.Contains(r.Body, "Civic Centre") {
			t.Fatalf("a session with a date that does not exist: %d", r.Status)
		}
		session = bu.MustPost(course+"/sessions", url.Values{"kind": {"course"}, "day-day": {"3"}, "day-month": {"3"}, "day-year": {"2030"},
			"starts": {"9:30"}, "ends": {"12:30"}, "place": {"Civic Centre"}, "trainer": {"Community midwife"}, "capacity": {"1"}}, http.StatusSeeOther).Location
		if page := anon.MustGet("/hsscp/training", http.StatusOK).Body; !strings.Contains(page, "Safer sleep for babies") || !strings.Contains(page, "1 place left of 1") {
			t.Error("the session is not on the public programme")
		}
		if page := anon.MustGet(session, http.StatusOK).Body; !strings.Contains(page, "Sign in to book a place") || strings.Contains(page, "Bookings") {
			t.Error("the public session page offers no sign-in, or shows the bookings")
		}
	})

	t.Run("a place is booked, waited for and handed on", func(t *testing.T) {
		pr.MustPost(session+"/book", nil, http.StatusSeeOther)
		if r := pr.Post(session+"/book", nil); r.Status != http.StatusConflict || !strings.Contains(r.Body, "already have a place") {
			t.Errorf("booking twice: %d", r.Status)
		}
		ex.MustPost(session+"/book", nil, http.StatusSeeOther)
		if page := ex.Get(session).Body; !strings.Contains(page, "On the waiting list") {
			t.Error("the Executive member is not told they are on the waiting list")
		}
		if page := bu.Get(session).Body; !strings.Contains(page, "Priya") {
			t.Error("the business unit does not see who booked")
		}
		if pr.Get(course).Status != http.StatusForbidden {
			t.Error("a practitioner reads the course's page")
		}
		pr.MustPost(session+"/cancel", nil, http.StatusSeeOther)
		testkit.OneNotice(t, db, "executive@hsscp.example", "You have a place on a training session", "Safer sleep")
	})

	t.Run("the business unit changes the course and the session", func(t *testing.T) {
		if page := bu.MustGet(course+"/edit", http.StatusOK).Body; !strings.Contains(page, "Safer sleep for babies") || !strings.Contains(page, `value="`+rec+`" checked`) {
			t.Error("the course's form does not hold what it says")
		}
		if r := bu.Post(course+"/edit", url.Values{"title": {""}, "audience": {"Health visitors"}, "version": {"1"}}); r.Status != http.StatusUnprocessableEntity ||
			!strings.Contains(r.Body, "Health visitors") {
			t.Errorf("a course without a title: %d", r.Status)
		}
		if r := bu.Post(course+"/edit", url.Values{"title": {"Safer sleep"}, "version": {"9"}}); r.Status != http.StatusConflict || !strings.Contains(r.Body, "Someone else changed this course") {
			t.Errorf("a stale course: %d", r.Status)
		}
		bu.MustPost(course+"/edit", url.Values{"title": {"Safer sleep for babies and infants"}, "recommendations": {rec}, "version": {"1"}}, http.StatusSeeOther)
		// The practitioner waits for the one place; two places give them one, and they are told.
		pr.MustPost(session+"/book", nil, http.StatusSeeOther)
		values := url.Values{"kind": {"course"}, "day-day": {"3"}, "day-month": {"3"}, "day-year": {"2030"}, "starts": {"9:30"}, "ends": {"12:30"},
			"place": {"Town Hall"}, "trainer": {"Community midwife"}, "capacity": {"2"}, "version": {"1"}}
		if page := bu.MustGet(session+"/edit", http.StatusOK).Body; !strings.Contains(page, "Civic Centre") || !strings.Contains(page, `value="9:30"`) {
			t.Error("the session's form does not hold what it says")
		}
		bu.MustPost(session+"/edit", values, http.StatusSeeOther)
		testkit.OneNotice(t, db, "practitioner@hsscp.example", "You have a place on a training session", "Safer sleep")
		values.Set("capacity", "1")
		values.Set("version", "2")
		if r := bu.Post(session+"/edit", values); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "2 places are booked already") ||
			!strings.Contains(r.Body, "Town Hall") {
			t.Errorf("fewer places than booked: %d", r.Status)
		}
		if page := anon.MustGet(session, http.StatusOK).Body; !strings.Contains(page, "Town Hall") || !strings.Contains(page, "Safer sleep for babies and infants") {
			t.Error("the public page does not show the changes")
		}
		if pr.Get(session+"/edit").Status != http.StatusForbidden {
			t.Error("a practitioner opens the session's form")
		}
	})

	t.Run("attendance is recorded and the session evaluated", func(t *testing.T) {
		id := session[strings.LastIndex(session, "/")+1:]
		if r := bu.Post(session+"/attendance", url.Values{"attended": {"1"}}); r.Status != http.StatusNotFound && r.Status != http.StatusConflict {
			t.Errorf("attendance before the session: %d", r.Status)
		}
		if _, err := db.Exec(context.Background(), `UPDATE training_session SET starts_at = now() - interval '2 days', ends_at = now() - interval '2 days' + interval '3 hours' WHERE id = $1`, id); err != nil {
			t.Fatal(err)
		}
		booking = testkit.MustQueryString(t, db, `SELECT b.id::text FROM training_booking b JOIN app_user u ON u.id = b.user_id
			WHERE b.session_id = $1 AND u.email = 'executive@hsscp.example'`, id)
		bu.MustPost(session+"/attendance", url.Values{"attended": {booking}}, http.StatusSeeOther)
		mine := ex.MustGet("/hsscp/training/mine", http.StatusOK).Body
		if !strings.Contains(mine, "Evaluate the session") {
			t.Fatal("the attendee is not asked to evaluate the session")
		}
		page := "/hsscp/training/bookings/" + booking
		if pr.Get(page).Status != http.StatusNotFound {
			t.Error("another's booking is found")
		}
		if r := ex.Post(page+"/evaluation", url.Values{"confidence_before": {"3"}, "comment": {"Clear"}}); r.Status != http.StatusUnprocessableEntity ||
			!strings.Contains(r.Body, "how confident you feel after") || !strings.Contains(r.Body, "Clear") {
			t.Errorf("an evaluation without the confidence after: %d", r.Status)
		}
		ex.MustPost(page+"/evaluation", url.Values{"confidence_before": {"3"}, "confidence_after": {"5"}, "comment": {"Clear"}}, http.StatusSeeOther)
		if !strings.Contains(bu.MustGet("/hsscp/recommendations/"+rec, http.StatusOK).Body, "confidence 3 out of 5 before the session, 5 after") {
			t.Error("the evaluation is not evidence of impact on the recommendation's page")
		}
		name := testkit.MustQueryString(t, db, `SELECT name FROM app_user WHERE email = 'executive@hsscp.example'`)
		// One evaluation: its number only (the bookings name who came), and never the name.
		if page := bu.MustGet(session+"/evaluations", http.StatusOK).Body; strings.Contains(page, "Clear") || strings.Contains(page, name) ||
			!strings.Contains(page, "shown once 3 of them have evaluated") {
			t.Errorf("the session's one evaluation is told apart, or names %s:\n%s", name, page)
		}
		if pr.Get(session+"/evaluations").Status != http.StatusForbidden {
			t.Error("a practitioner reads the session's evaluations")
		}
	})

	t.Run("a training need moves forward", func(t *testing.T) {
		need := testkit.MustQueryString(t, db, `SELECT n.id::text FROM training_need n JOIN partnership p ON p.id = n.partnership_id
			WHERE p.slug = 'hsscp' AND n.status = 'open' ORDER BY n.id LIMIT 1`)
		field := "need-" + need
		if r := bu.Post("/hsscp/training-needs/"+need+"/status", url.Values{field: {"planned"}, "version": {"7"}}); r.Status != http.StatusConflict {
			t.Errorf("a stale move: %d", r.Status)
		}
		bu.MustPost("/hsscp/training-needs/"+need+"/status", url.Values{field: {"commissioned"}, "version": {"1"}}, http.StatusSeeOther)
		if got := testkit.MustQueryString(t, db, `SELECT status FROM training_need WHERE id = $1`, need); got != "commissioned" {
			t.Errorf("the need is %s", got)
		}

		// The Engine Room closes it (issue #14): a close without its reason keeps the note typed;
		// then it leaves the open list for the closed one, with why.
		er := testkit.MustSignInAs(t, base, "engine-room@hsscp.example")
		desc := testkit.MustQueryString(t, db, `SELECT description FROM training_need WHERE id = $1`, need)
		if page := er.MustGet("/hsscp/training-needs", http.StatusOK).Body; !strings.Contains(page, "Open training needs") ||
			!strings.Contains(page, `action="/hsscp/training-needs/`+need+`/close"`) {
			t.Error("the Engine Room is offered no way to close an open training need")
		} else if cells := regexp.MustCompile(`(?s)<td[^>]*>.*?</td>`).FindAllString(page, -1); strings.Contains(strings.Join(cells, ""), "<form") ||
			!strings.Contains(page, `class="record-block"`) {
			// Each need is a block with its forms under it: forms in a table's cells do not fit a phone.
			t.Error("the open training needs' forms are in a table's cells")
		}
		// Each need carries its forms, so a page holds at most 50, and offers no larger size.
		if page := er.MustGet("/hsscp/training-needs?size=100", http.StatusOK).Body; strings.Contains(page, "size=100") || !strings.Contains(page, `<strong aria-current="page">50</strong>`) {
			t.Errorf("the training needs offer 100 a page, or no page size at all:\n%s", testkit.MustSubmatch(t, `(?s)(<main.*</main>)`, page))
		}
		if pr.Post("/hsscp/training-needs/"+need+"/close", url.Values{"close-" + need: {"met_by_course"}, "close-" + need + "-note": {"x"}, "version": {"2"}}).Status != http.StatusForbidden {
			t.Error("a practitioner closes a training need")
		}
		r := er.Post("/hsscp/training-needs/"+need+"/close", url.Values{"close-" + need + "-note": {"Safer sleep course ran in October"}, "version": {"2"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Choose why the training need is closed") ||
			!strings.Contains(r.Body, "Safer sleep course ran in October") {
			t.Errorf("a close without its reason: %d, or the note typed is lost", r.Status)
		}
		er.MustPost("/hsscp/training-needs/"+need+"/close", url.Values{"close-" + need: {"met_by_course"},
			"close-" + need + "-note": {"Safer sleep course ran in October"}, "version": {"2"}}, http.StatusSeeOther)
		if page := er.MustGet("/hsscp/training-needs", http.StatusOK).Body; strings.Contains(page, `/hsscp/training-needs/`+need+`/`) {
			t.Error("the closed need is still on the open list")
		}
		if page := er.MustGet("/hsscp/training-needs?show=closed", http.StatusOK).Body; !strings.Contains(page, "Closed training needs") ||
			!strings.Contains(page, html.EscapeString(desc)) || !strings.Contains(page, "Met by a course") || !strings.Contains(page, "Safer sleep course ran in October") {
			t.Error("the closed need is not on the closed list with why")
		}
		if n := testkit.MustQueryInt(t, db, `SELECT count(*) FROM audit_log WHERE action = 'training-need.close' AND object_id = $1`, need); n != 1 {
			t.Errorf("%d audit records of the closing", n)
		}
	})
}

// trainingFixture gives HSSCP a recommendation (of a scrutiny report) for a course to serve and an
// open training need, and returns the recommendation's id.
func trainingFixture(t *testing.T, db testkit.Row) string {
	t.Helper()
	return testkit.MustQueryString(t, db, `WITH p AS (SELECT id FROM partnership WHERE slug = 'hsscp'),
		s AS (INSERT INTO scrutiny_report (partnership_id, title, report_on, findings) SELECT id, 'Scrutiny', current_date, 'Found' FROM p RETURNING id, partnership_id),
		r AS (INSERT INTO recommendation (partnership_id, scrutiny_report_id, title, owner_org_id, due_on)
			SELECT s.partnership_id, s.id, 'Teach safer sleep', (SELECT min(o.id) FROM organisation o WHERE o.partnership_id = s.partnership_id), current_date + 90 FROM s
			RETURNING id, partnership_id),
		n AS (INSERT INTO training_need (partnership_id, recommendation_id, description) SELECT partnership_id, id, 'Safer sleep' FROM r)
		SELECT id::text FROM r`)
}
