package intake_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/intake"
	"github.com/scp-portal/portal/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

var day = testkit.Day

func fields(errs []intake.FieldError) string {
	var f []string
	for _, e := range errs {
		f = append(f, e.Field)
	}
	return strings.Join(f, ",")
}

func TestCSPRDatesAndConditions(t *testing.T) {
	spec := intake.CSPRSpec([]intake.Option{{Value: "7", Label: "Cleveland Police"}})
	today := day("24 November 2026")
	valid := url.Values{
		"requester_name": {"R"}, "requester_job_title": {"J"}, "requester_organisation": {"7"}, "requester_email": {"r@x.example"},
		"requester_phone":    {"01234"},
		"procedure_followed": {"yes"}, "senior_lead_agrees": {"not_asked"},
		"incident_date-day": {"3"}, "incident_date-month": {"11"}, "incident_date-year": {"2026"},
		"harm": {"serious_harm"}, "what_happened": {"x"}, "whereabouts": {"x"},
		"child1_name": {"A"}, "child1_dob-day": {"1"}, "child1_dob-month": {"2"}, "child1_dob-year": {"2015"},
		"child1_gender": {"girl"}, "child1_home_la": {"Hartlepool"}, "child1_legal_status": {"none"},
		"family": {"x"}, "agencies": {"x"}, "criteria": {"x"},
	}
	if errs := spec.Validate(valid, today); len(errs) != 0 {
		t.Fatalf("valid answers refused: %v", errs)
	}
	with := func(k, v string) url.Values {
		c := url.Values{}
		for key, vals := range valid {
			c[key] = vals
		}
		c.Set(k, v)
		return c
	}
	cases := []struct {
		name   string
		values url.Values
		field  string
		says   string
	}{
		{"incident in the future", with("incident_date-year", "2027"), "incident_date-day", "today or in the past"},
		{"no such date", with("incident_date-day", "31"), "incident_date-day", "must be a real date"},
		{"born after the incident", func() url.Values {
			v := with("child1_dob-year", "2026")
			v.Set("child1_dob-month", "11")
			v.Set("child1_dob-day", "10")
			return v
		}(), "child1_dob-day", "before the date of the incident"},
		{"procedure not followed", with("procedure_followed", "no"), "procedure_followed", "Follow your own agency's procedure"},
		{"lead agrees but unnamed", with("senior_lead_agrees", "yes"), "senior_lead_name", "senior safeguarding lead's name"},
		{"second child half given", with("child2_name", "B"), "child2_dob-day", "child 2's date of birth"},
		{"an option that is not offered", with("harm", "bored"), "harm", "Choose from the list"},
	}
	for _, c := range cases {
		errs := spec.Validate(c.values, today)
		found := false
		for _, e := range errs {
			if e.Field == c.field && strings.Contains(e.Message, c.says) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: errors %v; want %s saying %q", c.name, errs, c.field, c.says)
		}
	}
	if got := fields(spec.Validate(url.Values{}, today)); !strings.HasPrefix(got, "requester_name,requester_job_title,requester_organisation,requester_email,requester_phone,procedure_followed,senior_lead_agrees,incident_date-day") {
		t.Errorf("errors of an empty form are not in page order: %s", got)
	}
	// A choice not made reads as no answer, never as the placeholder "Choose" (issue #14).
	for _, q := range spec.Questions() {
		if q.Name == "child2_gender" || q.Name == "child2_legal_status" {
			if a := q.Answer(valid); a != "" {
				t.Errorf("%s unanswered reads %q; want nothing", q.Name, a)
			}
		}
	}
	// The form shows one child block, every child with an answer, and one more when asked, up to
	// four (issue #14).
	for _, c := range []struct {
		v     url.Values
		asked string
		more  bool
		want  int
	}{
		{url.Values{}, "", false, 1}, {valid, "", false, 1}, {valid, "", true, 2}, {valid, "2", false, 2},
		{with("child3_name", "C"), "", false, 3}, {with("child4_name", "D"), "2", true, 4}, {valid, "4", true, 4}, {valid, "lots", false, 1},
	} {
		if got := intake.ChildrenShown(c.v, c.asked, c.more); got != c.want {
			t.Errorf("children shown (asked %q, more %v): %d; want %d", c.asked, c.more, got, c.want)
		}
	}
	// "Remove this child": of four, the second removed; the third and fourth move up with every
	// answer, in order, the first and the rest of the form are untouched, and the form shows three
	// (issue #14). The first, or a block not shown, is not removed.
	four := with("child2_name", "B")
	for n, name := range map[string]string{"2": "B", "3": "C", "4": "D"} {
		four.Set("child"+n+"_name", name)
		four.Set("child"+n+"_dob-year", "201"+n)
		four.Set("child"+n+"_legal_status", "looked_after")
	}
	four.Del("child3_legal_status")
	got, ok := intake.RemoveChild(four, 2, 4)
	want := map[string]string{"child1_name": "A", "child2_name": "C", "child2_dob-year": "2013", "child2_legal_status": "",
		"child3_name": "D", "child3_dob-year": "2014", "child3_legal_status": "looked_after", "child4_name": "", "child4_dob-year": "",
		"what_happened": "x", "incident_date-year": "2026"}
	for k, w := range want {
		if got.Get(k) != w {
			t.Errorf("after removing child 2 of 4, %s is %q; want %q", k, got.Get(k), w)
		}
	}
	if !ok || intake.ChildFilled(got, 4) || intake.ChildrenShown(got, "3", false) != 3 || four.Get("child2_name") != "B" {
		t.Errorf("removing child 2 of 4: ok %v, a fourth child left %v, or the answers given changed", ok, intake.ChildFilled(got, 4))
	}
	for _, c := range []struct{ n, shown int }{{1, 4}, {0, 2}, {3, 2}, {5, 5}, {-1, 4}} {
		if got, ok := intake.RemoveChild(four, c.n, c.shown); ok || got.Get("child2_name") != "B" {
			t.Errorf("removing child %d of %d shown: ok %v, child 2 %q; want refused, nothing removed", c.n, c.shown, ok, got.Get("child2_name"))
		}
	}
}

func TestKLOEConditionalQuestions(t *testing.T) {
	spec := intake.KLOESpec([]string{"Neglect", "Exploitation"}, []intake.Option{{Value: "7", Label: "Cleveland Police"}})
	v := url.Values{"requester_name": {"R"}, "requester_job_title": {"J"}, "requester_organisation": {"7"}, "requester_email": {"r@x.example"},
		"kind": {"barrier"}, "title": {"t"}, "observed": {"o"}, "agencies": {"a"}, "question": {"q"},
		"urgency": {"urgent"}, "manager_aware": {"yes"}, "priorities": {"Neglect", "Not a priority"}}
	got := fields(spec.Validate(v, time.Now()))
	if got != "priorities,urgency_reason,manager_name" {
		t.Errorf("errors on %s; want priorities,urgency_reason,manager_name", got)
	}
	// The warning not to identify a child is given once, for the whole request (issue #14).
	warnings := 0
	for _, sec := range spec.Sections {
		if strings.Contains(sec.Warning, "identify a child") {
			warnings++
		}
		for _, q := range sec.Questions {
			if q.Warning != "" {
				t.Errorf("%s repeats a warning: %q", q.Name, q.Warning)
			}
		}
	}
	if warnings != 1 {
		t.Errorf("the warning not to identify a child is given %d times; want once", warnings)
	}
	v.Set("priorities", "Neglect")
	v.Set("urgency", "routine")
	v.Set("manager_aware", "no")
	if errs := spec.Validate(v, time.Now()); len(errs) != 0 {
		t.Errorf("valid answers refused: %v", errs)
	}
	kept := spec.Keep(url.Values{"title": {"t"}, "is_admin": {"true"}})
	if kept.Get("is_admin") != "" || kept.Get("title") != "t" {
		t.Errorf("Keep kept %v", kept)
	}
}

func TestDetectTypeLooksAtContentNotNames(t *testing.T) {
	docx := zipWith(t, "[Content_Types].xml", "word/document.xml")
	xlsx := zipWith(t, "[Content_Types].xml", "xl/workbook.xml")
	plainZip := zipWith(t, "readme.txt")
	cases := map[string]struct {
		data []byte
		want string
	}{
		"pdf":        {[]byte("%PDF-1.7\n..."), "application/pdf"},
		"docx":       {docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		"xlsx":       {xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		"png":        {[]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "image/png"},
		"a zip":      {plainZip, ""},
		"html":       {[]byte("<html><script>alert(1)</script>"), ""},
		"executable": {[]byte("MZ\x90\x00\x03"), ""},
		"text":       {[]byte("just some notes"), ""},
	}
	for name, c := range cases {
		if got := intake.DetectType(c.data); got != c.want {
			t.Errorf("%s: %q; want %q", name, got, c.want)
		}
	}
	if got := intake.CleanFilename(`..\..\etc/pass"wd` + "\x00.pdf"); got != "passwd.pdf" {
		t.Errorf("CleanFilename = %q", got)
	}
}

func zipWith(t *testing.T, names ...string) []byte {
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, n := range names {
		f, err := w.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte("x"))
	}
	w.Close()
	return b.Bytes()
}

// TestReferencesHaveNoGaps: a submission that fails gives its number back, and submitting twice
// makes nothing new.
func TestReferencesHaveNoGaps(t *testing.T) {
	ctx := context.Background()
	db := testkit.NewDB(t)
	testkit.SeedDemo(t, db)
	var pid, uid int64
	if err := db.QueryRow(ctx, `SELECT p.id, u.id FROM partnership p JOIN app_user u ON u.partnership_id = p.id
		WHERE p.slug = 'hsscp' AND u.email = 'practitioner@hsscp.example'`).Scan(&pid, &uid); err != nil {
		t.Fatal(err)
	}
	draft := func(key string) int64 {
		id, err := intake.SaveDraft(ctx, db, intake.DraftInput{PartnershipID: pid, Kind: intake.KLOE, FormKey: key,
			Requester: intake.Requester{ID: uid, Name: "P", Email: "p@x.example"}, Answers: url.Values{"title": {key}}})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	now := day("24 November 2026")
	submit := func(id int64, fail bool) (intake.SubmitResult, error) {
		var res intake.SubmitResult
		err := database.InTx(ctx, db, func(tx pgx.Tx) error {
			var err error
			if res, err = intake.Submit(ctx, tx, pid, id, uid, "HSSCP", now); err != nil {
				return err
			}
			if fail {
				return errors.New("the e-mail could not be queued")
			}
			return nil
		})
		return res, err
	}
	a, b := draft("a"), draft("b")
	if again := draft("a"); again != a {
		t.Fatalf("the same blank form posted twice made two drafts: %d, %d", a, again)
	}
	if _, err := submit(a, true); err == nil {
		t.Fatal("the failing submission did not fail")
	}
	r, err := submit(b, false)
	if err != nil || r.Reference != "HSSCP-KLOE-2026-0001" {
		t.Fatalf("first successful submission: %q, %v; want HSSCP-KLOE-2026-0001", r.Reference, err)
	}
	r, err = submit(a, false)
	if err != nil || r.Reference != "HSSCP-KLOE-2026-0002" {
		t.Fatalf("second: %q, %v", r.Reference, err)
	}
	r, err = submit(a, false)
	if err != nil || !r.AlreadySubmitted || r.Reference != "HSSCP-KLOE-2026-0002" {
		t.Fatalf("submitting again: %+v, %v", r, err)
	}
	if _, err := intake.SaveDraft(ctx, db, intake.DraftInput{ID: a, PartnershipID: pid, Kind: intake.KLOE,
		Requester: intake.Requester{ID: uid}, Answers: url.Values{"title": {"changed"}}}); !errors.Is(err, intake.ErrNotDraft) {
		t.Fatalf("a submitted request was changed as a draft: %v", err)
	}
}
