package documents_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/documents"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/internal/signoff"
	"github.com/scp-portal/portal/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

type fixture struct {
	db  *pgxpool.Pool
	svc *documents.Service
	doc documents.Document
	bu  app.Actor
	pid int64
}

func setup(t *testing.T) fixture {
	t.Helper()
	ctx := context.Background()
	db := testkit.NewDemoDB(t, time.Now(), false)
	f := fixture{db: db, svc: &documents.Service{Env: app.Env{DB: db}}}
	f.bu = testkit.MustActor(t, db, "business-unit@hsscp.example", app.Today(time.Now()), "192.0.2.1")
	f.pid = f.bu.Partnership
	var err error
	if f.doc, err = f.svc.PublicDocument(ctx, f.pid, ""); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f fixture) actor(t *testing.T, email string) app.Actor {
	return testkit.MustActor(t, f.db, email, app.Today(time.Now()), "192.0.2.9")
}

// The demo arrangements are published in two versions; the public sees the newer, its history,
// and nothing of a draft.
func TestOnlyPublishedVersionsArePublic(t *testing.T) {
	ctx := context.Background()
	f := setup(t)
	pub, err := f.svc.Published(ctx, f.doc, 0)
	if err != nil {
		t.Fatal(err)
	}
	if pub.Version.Number != 2 || len(pub.History) != 2 || len(pub.Sections) != 12 {
		t.Fatalf("current version %d, history %d, sections %d", pub.Version.Number, len(pub.History), len(pub.Sections))
	}
	if len(pub.Records.Partners) != 4 || pub.Records.Partners[0].Lead == "" {
		t.Errorf("frozen partners %+v", pub.Records.Partners)
	}
	if _, err := f.svc.DraftNext(ctx, f.bu, f.doc.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Published(ctx, f.doc, 3); !errors.Is(err, documents.ErrNotFound) {
		t.Errorf("a draft is public: %v", err)
	}
	if pub, _ := f.svc.Published(ctx, f.doc, 0); pub.Version.Number != 2 {
		t.Errorf("the current version became %d", pub.Version.Number)
	}
	if _, err := f.svc.DraftNext(ctx, f.bu, f.doc.ID); app.KindOf(err) != app.Conflict {
		t.Errorf("a second draft: %v", err)
	}
	cmp, err := f.svc.Compare(ctx, f.doc, 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	changed := map[string]bool{}
	for _, s := range cmp.Sections {
		if s.Op != documents.Same {
			changed[s.Heading] = true
		}
	}
	if cmp.From.Number != 1 || cmp.Version.Number != 2 || !changed["Review of the arrangements"] || !changed["Structure"] || changed["Funding"] {
		t.Errorf("comparison of 1 and 2: from %d to %d, changed %v", cmp.From.Number, cmp.Version.Number, changed)
	}
}

// A version is drafted section by section (a stale save refused, hostile text refused), frozen
// and locked when submitted, reopened with a reason, signed off by every partner and published;
// a new Engine Room member drawn from the records is in it and in the difference.
func TestAVersionFromDraftToPublication(t *testing.T) {
	ctx := context.Background()
	f := setup(t)
	vid, err := f.svc.DraftNext(ctx, f.bu, f.doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	page, err := f.svc.VersionPage(ctx, f.pid, vid)
	if err != nil {
		t.Fatal(err)
	}
	if page.Version.Number != 3 || len(page.Sections) != 12 || page.Version.Snapshot != nil || page.SignOff.Live != nil {
		t.Fatalf("the new draft: %+v", page.Version)
	}
	funding := page.Sections[10]
	save := func(body string, version int) error {
		_, err := f.svc.SaveSection(ctx, f.bu, documents.SectionInput{VersionID: vid, SectionID: funding.ID, Heading: funding.Heading, Body: body, Version: version})
		return err
	}
	if err := save("Bad\x00text", funding.Version); app.FieldMessage(err, "body") == "" {
		t.Errorf("a NUL byte: %v", err)
	}
	if err := save("The pooled budget for 2026-27 rises by 3%.", funding.Version); err != nil {
		t.Fatal(err)
	}
	if err := save("Someone else's older text", funding.Version); app.KindOf(err) != app.Conflict {
		t.Errorf("a stale save: %v", err)
	}

	// A new member of the Engine Room, from the records.
	er := testkit.MustQueryInt(t, f.db, `SELECT id FROM body WHERE partnership_id = $1 AND kind = 'engine_room'`, f.pid)
	newcomer := testkit.MustQueryInt(t, f.db, `INSERT INTO app_user (partnership_id, email, name, job_title, status) VALUES ($1, 'nadia@hsscp.example', 'Nadia Newcomer', 'Designated Nurse', 'active') RETURNING id`, f.pid)
	if _, err := partnership.AddMembership(ctx, f.db, partnership.NewMembership{PartnershipID: f.pid, BodyID: int64(er), UserID: int64(newcomer),
		Role: "member", StartsOn: app.Today(time.Now())}); err != nil {
		t.Fatal(err)
	}

	if err := f.svc.Submit(ctx, f.bu, vid); err != nil {
		t.Fatal(err)
	}
	if err := save("Changed after submission", funding.Version+1); app.KindOf(err) != app.Conflict {
		t.Errorf("a change to a submitted version: %v", err)
	}
	page, _ = f.svc.VersionPage(ctx, f.pid, vid)
	if page.Version.Snapshot == nil || page.SignOff.Status() != signoff.Open || len(page.Signers) < 4 {
		t.Fatalf("after submission: snapshot %v, status %q, signers %v", page.Version.Snapshot != nil, page.SignOff.Status(), page.Signers)
	}
	// The business unit drafted and submitted it; it signs nothing anyway, but publishing early is refused.
	publish := documents.PublishInput{VersionID: vid, PublishedOn: app.Today(time.Now()), EffectiveOn: app.Today(time.Now()).AddDate(0, 0, 7)}
	if err := f.svc.Publish(ctx, f.bu, publish); app.KindOf(err) != app.Conflict {
		t.Errorf("publishing before sign-off: %v", err)
	}
	signAll := func() {
		t.Helper()
		for _, p := range page.SignOff.Partners {
			email := testkit.MustQueryString(t, f.db, `SELECT email FROM app_user WHERE id = $1`, *p.LeadID)
			if err := f.svc.Sign(ctx, f.actor(t, email), vid, p.OrganisationID); err != nil {
				t.Fatalf("%s signing for %s: %v", email, p.Name, err)
			}
		}
	}
	lead := f.actor(t, "executive@hsscp.example")
	hartlepool := page.SignOff.Partners[0].OrganisationID
	for _, p := range page.SignOff.Partners {
		if p.Name == "Hartlepool Borough Council" {
			hartlepool = p.OrganisationID
		}
	}
	if err := f.svc.Sign(ctx, lead, vid, hartlepool); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.Reopen(ctx, f.bu, vid, ""); app.FieldMessage(err, "reason") == "" {
		t.Errorf("reopening without a reason: %v", err)
	}
	if err := f.svc.Reopen(ctx, f.bu, vid, "The funding figure was wrong"); err != nil {
		t.Fatal(err)
	}
	if err := save("The pooled budget for 2026-27 rises by 2%.", funding.Version+1); err != nil {
		t.Fatalf("a change after reopening: %v", err)
	}
	if err := f.svc.Submit(ctx, f.bu, vid); err != nil {
		t.Fatal(err)
	}
	page, _ = f.svc.VersionPage(ctx, f.pid, vid)
	if len(page.SignOff.Voided) != 1 || page.SignOff.Voided[0].VoidReason != "The funding figure was wrong" {
		t.Errorf("the voided round is not in the history: %+v", page.SignOff.Voided)
	}
	signAll()
	if err := f.svc.Publish(ctx, f.bu, documents.PublishInput{VersionID: vid, PublishedOn: publish.EffectiveOn, EffectiveOn: publish.PublishedOn}); app.FieldMessage(err, "effective_on-day") == "" {
		t.Errorf("taking effect before publication: %v", err)
	}
	if err := f.svc.Publish(ctx, f.bu, publish); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.Reopen(ctx, f.bu, vid, "Too late"); app.KindOf(err) != app.Conflict {
		t.Errorf("reopening a published version: %v", err)
	}
	pub, err := f.svc.Published(ctx, f.doc, 0)
	if err != nil || pub.Version.Number != 3 || len(pub.History) != 3 {
		t.Fatalf("after publication: version %d, history %d (%v)", pub.Version.Number, len(pub.History), err)
	}
	cmp, err := f.svc.Compare(ctx, f.doc, 2, 3)
	if err != nil {
		t.Fatal(err)
	}
	var added, words []string
	for _, s := range cmp.Sections {
		for _, l := range s.Lines {
			switch l.Op {
			case documents.Added:
				added = append(added, l.Text)
			case documents.Changed:
				for _, p := range l.Parts {
					if p.Op != documents.Same {
						words = append(words, p.Text)
					}
				}
			}
		}
	}
	if !strings.Contains(strings.Join(added, "|"), "Nadia Newcomer, Designated Nurse (Member)") {
		t.Errorf("the new Engine Room member is not an addition: %q", added)
	}
	if !strings.Contains(strings.Join(added, "|"), "The pooled budget for 2026-27 rises by 2%.") || len(words) != 0 {
		t.Errorf("the new funding text, unlike the old, is not an addition: %q; words changed %q", added, words)
	}
}

// The comparison works word by word within a changed line.
func TestCompareMarksWords(t *testing.T) {
	from := []documents.Text{{Heading: "A", Lines: []string{"one two three", "kept"}}, {Heading: "Gone", Lines: []string{"x"}}}
	to := []documents.Text{{Heading: "A", Lines: []string{"one 2 three", "kept"}}, {Heading: "New", Lines: []string{"y"}}}
	got := documents.Compare(from, to)
	if len(got) != 3 || got[0].Op != documents.Changed || got[1].Op != documents.Removed || got[1].Heading != "Gone" || got[2].Op != documents.Added {
		t.Fatalf("sections %+v", got)
	}
	parts := got[0].Lines[0].Parts
	if got[0].Lines[0].Op != documents.Changed || len(parts) != 4 || parts[1] != (documents.Part{Op: documents.Removed, Text: "two"}) ||
		parts[2] != (documents.Part{Op: documents.Added, Text: "2"}) || got[0].Lines[1].Op != documents.Same {
		t.Errorf("lines %+v", got[0].Lines)
	}
}
