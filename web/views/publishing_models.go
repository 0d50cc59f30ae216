package views

import (
	"fmt"
	"strconv"
	"time"

	"github.com/scp-portal/portal/internal/budget"
	"github.com/scp-portal/portal/internal/documents"
	"github.com/scp-portal/portal/internal/markdown"
	"github.com/scp-portal/portal/internal/reports"
	"github.com/scp-portal/portal/internal/reviews"
	"github.com/scp-portal/portal/internal/signoff"
	"github.com/scp-portal/portal/web/paths"
)

// DocSection is a section as a page shows it: its text rendered, and what the records hold.
type DocSection struct {
	ID       int64
	Anchor   string
	Heading  string
	Body     markdown.Sanitised
	Records  []documents.Group
	EditHref string // empty when it cannot be changed
}

func docSections(sections []documents.Section, r documents.Records, edit func(documents.Section) string) []DocSection {
	out := make([]DocSection, 0, len(sections))
	for _, s := range sections {
		ds := DocSection{ID: s.ID, Anchor: "section-" + strconv.Itoa(s.Position), Heading: s.Heading, Body: markdown.Render(s.Body), Records: r.For(s.Source)}
		if edit != nil {
			ds.EditHref = edit(s)
		}
		out = append(out, ds)
	}
	return out
}

// HistoryRow is a published version in a document's history.
type HistoryRow struct {
	Number      int
	Href        string
	PublishedOn time.Time
	EffectiveOn time.Time
	Current     bool
	ChangesHref string // from the version before; empty for the first
}

// PublicDocumentView is a published version of a document as anyone reads it.
type PublicDocumentView struct {
	Title       string
	Number      int
	Current     bool // the current version, not an older one
	CurrentHref string
	PublishedOn time.Time
	EffectiveOn time.Time
	Sections    []DocSection
	History     []HistoryRow
	Compare     CompareForm
	Funding     *FundingView // the arrangements' pooled budget in force, drawn from the budget (WithFunding)
}

// FundingView is the pooled budget the Executive approved, shown with the arrangements: each
// partner's contribution and share, other income and spending.
type FundingView struct {
	Label         string
	Contributions []FundingRow
	Income        string
	Spending      string
	Total         string
}

// FundingRow is one partner's contribution and its share of all contributions.
type FundingRow struct {
	Partner, Amount, Share string
}

// WithFunding adds the approved budget b to the current arrangements' page.
func WithFunding(v PublicDocumentView, b budget.Budget) PublicDocumentView {
	t := b.Totals()
	f := &FundingView{Label: b.Label(), Income: budget.Pounds(t.Income), Spending: budget.Pounds(t.Spending), Total: budget.Pounds(t.Contributions)}
	for _, l := range b.Lines {
		if l.Kind == "contribution" {
			f.Contributions = append(f.Contributions, FundingRow{Partner: l.Name, Amount: budget.Pounds(l.PlannedPence), Share: budget.Percent(b.Share(l))})
		}
	}
	v.Funding = f
	return v
}

// CompareForm chooses two versions to compare (a GET form, so it works without JavaScript).
type CompareForm struct {
	Action   string
	Versions []Option
	From, To string
}

// NewPublicDocument builds the public page of a published version.
func NewPublicDocument(slug string, pub documents.Public) PublicDocumentView {
	v := PublicDocumentView{Title: pub.Document.Title, Number: pub.Version.Number, PublishedOn: *pub.Version.PublishedOn,
		EffectiveOn: *pub.Version.EffectiveOn, Sections: docSections(pub.Sections, pub.Records, nil)}
	v.History, v.Compare = history(slug, pub.Document, pub.History)
	v.Current = len(pub.History) > 0 && pub.History[0].Number == pub.Version.Number
	v.CurrentHref = publicHref(slug, pub.Document)
	return v
}

func publicHref(slug string, doc documents.Document) string {
	if doc.Kind == documents.Arrangements {
		return paths.Arrangements(slug)
	}
	return paths.PublicDocument(slug, doc.Slug)
}

// history lists the published versions, newest first, and the form comparing two of them
// (preset to the newest and the one before).
func history(slug string, doc documents.Document, vs []documents.Version) ([]HistoryRow, CompareForm) {
	rows := make([]HistoryRow, 0, len(vs))
	cf := CompareForm{Action: paths.DocumentChangesForm(slug, doc.Slug)}
	for i, v := range vs {
		row := HistoryRow{Number: v.Number, Href: paths.PublicVersion(slug, doc.Slug, v.Number), PublishedOn: *v.PublishedOn,
			EffectiveOn: *v.EffectiveOn, Current: i == 0}
		if i+1 < len(vs) {
			row.ChangesHref = paths.DocumentChanges(slug, doc.Slug, vs[i+1].Number, v.Number)
		}
		rows = append(rows, row)
		cf.Versions = append(cf.Versions, Option{Value: strconv.Itoa(v.Number), Label: fmt.Sprintf("Version %d, published %s", v.Number, date(*v.PublishedOn))})
	}
	if len(vs) > 0 {
		cf.To = strconv.Itoa(vs[0].Number)
		cf.From = cf.To
	}
	if len(vs) > 1 {
		cf.From = strconv.Itoa(vs[1].Number)
	}
	return rows, cf
}

// ChangesView is the difference between two published versions.
type ChangesView struct {
	Title       string
	From, To    int
	BackHref    string
	Sections    []DiffSection
	Changed     int
	History     []HistoryRow
	Compare     CompareForm
	OneVersion  bool // nothing to compare yet
	CurrentHref string
}

// NewChanges builds the page comparing two published versions.
func NewChanges(slug string, c documents.Comparison) ChangesView {
	v := ChangesView{Title: c.Document.Title, From: c.From.Number, To: c.Version.Number,
		CurrentHref: publicHref(slug, c.Document), OneVersion: c.From.Number == c.Version.Number}
	for _, s := range c.Sections {
		v.Sections = append(v.Sections, DiffSection{Heading: s.Heading, Op: s.Op, Items: fold(s.Lines)})
	}
	v.History, v.Compare = history(slug, c.Document, c.History)
	v.Compare.From, v.Compare.To = strconv.Itoa(v.From), strconv.Itoa(v.To)
	for _, s := range c.Sections {
		if s.Op != documents.Same {
			v.Changed++
		}
	}
	return v
}

// DiffSection is a section of the comparison as shown, long runs of unchanged paragraphs folded.
type DiffSection struct {
	Heading string
	Op      documents.Op
	Items   []DiffItem
}

// DiffItem is a paragraph of the comparison, or (Folded > 0) that many unchanged ones left out.
type DiffItem struct {
	Line   documents.LineDiff
	Folded int
}

// foldContext is how many unchanged paragraphs are shown either side of a change.
const foldContext = 1

// fold keeps the changed paragraphs and those next to them, and counts the rest.
func fold(lines []documents.LineDiff) []DiffItem {
	near := make([]bool, len(lines))
	for i, l := range lines {
		if l.Op == documents.Same {
			continue
		}
		for j := max(0, i-foldContext); j <= min(len(lines)-1, i+foldContext); j++ {
			near[j] = true
		}
	}
	var items []DiffItem
	for i, l := range lines {
		switch {
		case near[i]:
			items = append(items, DiffItem{Line: l})
		case len(items) > 0 && items[len(items)-1].Folded > 0:
			items[len(items)-1].Folded++
		default:
			items = append(items, DiffItem{Folded: 1})
		}
	}
	return items
}

// DocumentRowView is a document in the business unit's list.
type DocumentRowView struct {
	Href      string
	Title     string
	Kind      string
	Published string // "Version 2, 3 March 2025" or "Not yet published"
	Draft     string // "Version 3 being drafted" or ""
	Public    string // the public page, once published
}

// DocumentsView is the list of the partnership's documents, with the form to add one.
type DocumentsView struct {
	Rows      []DocumentRowView
	CanManage bool
	Action    string
	Kinds     []Option
	SignOffs  string
}

// NewDocuments builds the list of documents.
func NewDocuments(slug string, rows []documents.Row, canManage bool) DocumentsView {
	v := DocumentsView{CanManage: canManage, Action: paths.Publishing(slug), Kinds: Choices(documents.Kinds, Option{Label: "Choose the kind"}),
		SignOffs: paths.SignOffs(slug)}
	for _, r := range rows {
		row := DocumentRowView{Href: paths.PublishingDocument(slug, r.ID), Title: r.Title, Kind: documents.Kinds.Label(r.Kind), Published: "Not yet published"}
		if r.PublishedNumber != nil {
			row.Published = fmt.Sprintf("Version %d, %s", *r.PublishedNumber, date(*r.PublishedOn))
			row.Public = publicHref(slug, r.Document)
		}
		if r.DraftNumber != nil {
			row.Draft = fmt.Sprintf("Version %d in the making", *r.DraftNumber)
		}
		v.Rows = append(v.Rows, row)
	}
	return v
}

// VersionRow is a version in a document's list of versions.
type VersionRow struct {
	Href   string
	Number int
	Status string
	Colour string
	Dates  string
}

// DocumentView is a document with its versions, for the business unit and those overseeing.
type DocumentView struct {
	Title      string
	Kind       string
	Versions   []VersionRow
	CanDraft   bool
	DraftLabel string
	DraftHref  string
	PublicHref string
	ReviewDue  string // "1 October 2026 (overdue)"; empty before publication
	// ScheduleAction changes when reviews fall due (the business unit's); empty for others.
	ScheduleAction string
}

// NewDocument builds a document's page.
func NewDocument(slug string, d documents.DocumentPage, canManage bool, today time.Time) DocumentView {
	v := DocumentView{Title: d.Title, Kind: documents.Kinds.Label(d.Kind), DraftHref: paths.DraftVersion(slug, d.ID)}
	inTheMaking := false
	var published []documents.Version
	for _, ver := range d.Versions {
		row := VersionRow{Href: paths.DocumentVersion(slug, ver.ID), Number: ver.Number, Status: "Being drafted or signed off", Colour: "yellow"}
		if ver.PublishedOn != nil {
			row.Status, row.Colour = "Published", "green"
			row.Dates = "Published " + date(*ver.PublishedOn) + ", in effect from " + date(*ver.EffectiveOn)
			published = append(published, ver)
		} else {
			inTheMaking = true
		}
		v.Versions = append(v.Versions, row)
	}
	if len(published) > 0 {
		v.PublicHref = publicHref(slug, d.Document)
		if due, ok := documents.ReviewDue(d.Document, published); ok {
			v.ReviewDue = date(due)
			if due.Before(today) {
				v.ReviewDue += " (overdue)"
			}
		}
	}
	if canManage {
		v.ScheduleAction = paths.ReviewSchedule(slug, d.ID)
	}
	v.CanDraft = canManage && !inTheMaking
	v.DraftLabel = fmt.Sprintf("Draft version %d", len(d.Versions)+1)
	return v
}

// PartnerSignOff is a statutory partner on a version's sign-off panel.
type PartnerSignOff struct {
	Name   string
	Lead   string
	Signed string // "Signed by X on 3 December 2026" (as delegate) or ""
}

// VoidedView is a reopened round of sign-off.
type VoidedView struct {
	When   time.Time
	Reason string
	Signed []string
}

// VersionView is a version of a document for those drafting, overseeing and signing it.
type VersionView struct {
	Title        string
	Number       int
	Status       string
	Colour       string
	DocumentHref string
	Sections     []DocSection
	SignOff      SignOffPanel
	// What the person may do now; each a form posting to its action.
	AddSection, Submit, Publish, Reopen string
	PublicHref                          string
}

// VersionAbilities are what the access policy lets the person do to the version.
type VersionAbilities struct {
	Manage  bool
	SignFor []Option
}

// NewVersion builds a version's page.
func NewVersion(slug string, p documents.VersionPage, can VersionAbilities) VersionView {
	id := p.Version.ID
	status := p.SignOff.Status()
	v := VersionView{Title: p.Document.Title, Number: p.Version.Number, DocumentHref: paths.PublishingDocument(slug, p.Document.ID)}
	published := p.Version.PublishedOn != nil
	switch {
	case published:
		v.Status, v.Colour = "Published "+date(*p.Version.PublishedOn)+", in effect from "+date(*p.Version.EffectiveOn), "green"
		v.PublicHref = paths.PublicVersion(slug, p.Document.Slug, p.Version.Number)
	case status == signoff.SignedOff:
		v.Status, v.Colour = "Signed off by every partner: ready to publish", "green"
	case status == signoff.Open:
		v.Status, v.Colour = "Awaiting sign-off", "yellow"
	default:
		v.Status, v.Colour = "Draft", "grey"
	}
	editable := can.Manage && !published && status == ""
	var edit func(documents.Section) string
	if editable {
		edit = func(s documents.Section) string { return paths.DocumentSection(slug, id, s.ID) }
		v.AddSection = paths.AddSection(slug, id)
		v.Submit = paths.VersionStep(slug, id, "submit")
	}
	v.Sections = docSections(p.Sections, p.Records, edit)
	if can.Manage && !published && status == signoff.SignedOff {
		v.Publish = paths.VersionStep(slug, id, "publish")
	}
	if can.Manage && !published && status != "" {
		v.Reopen = paths.VersionStep(slug, id, "reopen")
	}
	v.SignOff = NewSignOffPanel(p.SignOff, paths.VersionStep(slug, id, "sign"), can.SignFor, "this version for publication")
	return v
}

func signedBy(s signoff.Signature) string {
	text := "Signed by " + s.SignerName
	if s.AsDelegate {
		text += " (delegate)"
	}
	return text + " on " + date(s.SignedAt.In(london))
}

// SectionFormView is the form changing one section of a draft.
type SectionFormView struct {
	Caption  string
	Action   string
	Back     string
	FromRecs bool // the section also shows what the records hold
}

// NewSectionForm builds the form of a section, filling f with the section when it is fresh.
func NewSectionForm(slug string, doc documents.Document, ver documents.Version, s documents.Section) (SectionFormView, Form) {
	f := NewForm(nil)
	f.Values.Set("heading", s.Heading)
	f.Values.Set("body", s.Body)
	f.Values.Set("version", strconv.Itoa(s.Version))
	return SectionFormView{Caption: fmt.Sprintf("%s, version %d", doc.Title, ver.Number), Action: paths.DocumentSection(slug, ver.ID, s.ID),
		Back: paths.DocumentVersion(slug, ver.ID), FromRecs: s.Source != ""}, f
}

// AwaitingRow is something awaiting the person's sign-off.
type AwaitingRow struct {
	Href       string
	Title      string
	For        string
	ProposedOn time.Time
}

// SignOffsView is what awaits the person's sign-off, who signs for each statutory partner, and
// the forms naming them.
type SignOffsView struct {
	Awaiting       []AwaitingRow
	Partners       []PartnerReps
	DelegateAction string   // for a lead representative: name a delegate
	LeadOrgs       []Option // the partners they lead
	LeadAction     string   // for the business unit: name a lead representative
	Statutory      []Option
	People         []Option
}

// PartnerReps is a statutory partner with who signs for it.
type PartnerReps struct {
	Name      string
	Lead      string
	Delegates string
}

// NewAwaitingRows are what awaits a person's sign-off, each linked to its record where this
// knows the kind: the sign-off page and the Executive's home list them.
func NewAwaitingRows(slug string, list []signoff.Awaiting) []AwaitingRow {
	var rows []AwaitingRow
	for _, a := range list {
		row := AwaitingRow{Title: a.Title, For: a.OrganisationName, ProposedOn: a.ProposedAt.In(london)}
		switch a.Kind {
		case documents.SubjectKind:
			row.Href = paths.DocumentVersion(slug, a.SubjectID)
		case reports.SubjectKind:
			row.Href = paths.Report(slug, a.SubjectID)
		case reviews.SubjectKind:
			row.Href = paths.Review(slug, a.SubjectID)
		}
		rows = append(rows, row)
	}
	return rows
}

// NewSignOffs builds the sign-off page: document versions, yearly reports and rapid reviews link
// to their pages; a kind of record this page cannot link to yet is listed without a link.
func NewSignOffs(slug string, list []signoff.Awaiting, o signoff.Overview, canNameLeads bool) SignOffsView {
	v := SignOffsView{Awaiting: NewAwaitingRows(slug, list)}
	people := []Option{{Label: "Choose a person"}}
	for _, c := range o.Candidates {
		label := c.Name
		if c.Organisation != "" {
			label += ", " + c.Organisation
		}
		people = append(people, Option{Value: strconv.FormatInt(c.ID, 10), Label: label})
	}
	statutory := []Option{{Label: "Choose the partner"}}
	for _, p := range o.Partners {
		pr := PartnerReps{Name: p.Name, Lead: p.LeadName, Delegates: joinStrings(p.Delegates)}
		if pr.Lead == "" {
			pr.Lead = "Not yet named"
		}
		v.Partners = append(v.Partners, pr)
		statutory = append(statutory, Option{Value: strconv.FormatInt(p.OrganisationID, 10), Label: p.Name})
	}
	for _, l := range o.Leads {
		v.LeadOrgs = append(v.LeadOrgs, Option{Value: strconv.FormatInt(l.OrganisationID, 10), Label: l.Name})
	}
	if len(v.LeadOrgs) > 0 {
		v.DelegateAction, v.People = paths.SignOffDelegates(slug), people
	}
	if canNameLeads {
		v.LeadAction, v.Statutory, v.People = paths.SignOffLeads(slug), statutory, people
	}
	return v
}

// ArrangementsSummary is what the partnership's public page shows of its published arrangements.
type ArrangementsSummary struct {
	Href        string
	Number      int
	EffectiveOn time.Time
	Vision      markdown.Sanitised
}

// WithArrangements draws the public page from the published arrangements: the partners and their
// lead representatives, the relevant agencies and the structure as the arrangements froze them,
// and their vision.
func WithArrangements(v PartnershipPublicView, slug string, pub documents.Public) PartnershipPublicView {
	r := pub.Records
	v.Arrangements = &ArrangementsSummary{Href: paths.Arrangements(slug), Number: pub.Version.Number, EffectiveOn: *pub.Version.EffectiveOn}
	if len(pub.Sections) > 0 {
		v.Arrangements.Vision = markdown.Render(pub.Sections[0].Body)
	}
	v.Partners = nil
	for _, p := range r.Partners {
		ov := OrgView{Name: p.Name}
		if p.Lead != "" {
			ov.Leads = []string{p.Lead + ", " + p.LeadRole}
		}
		v.Partners = append(v.Partners, ov)
	}
	v.Agencies = nil
	for _, g := range r.Agencies {
		og := OrgGroup{Label: g.Kind}
		for _, n := range g.Names {
			og.Orgs = append(og.Orgs, OrgView{Name: n})
		}
		v.Agencies = append(v.Agencies, og)
	}
	v.Bodies = nil
	for _, b := range r.Bodies {
		v.Bodies = append(v.Bodies, BodyView{Name: b.Name, Description: b.Description})
	}
	return v
}

// DocumentReviewRow is a published document whose review is overdue or soon due.
type DocumentReviewRow struct {
	Href    string
	Title   string
	Due     time.Time
	Overdue bool
}

// reviewNotice is how far ahead the business unit's home warns of a review falling due.
const reviewNotice = 60 * 24 * time.Hour

// NewDocumentReviews lists the reviews overdue or due within two months of today.
func NewDocumentReviews(slug string, reviews []documents.Review, today time.Time) []DocumentReviewRow {
	var rows []DocumentReviewRow
	for _, r := range reviews {
		if r.Due.Sub(today) > reviewNotice {
			continue
		}
		rows = append(rows, DocumentReviewRow{Href: paths.PublishingDocument(slug, r.DocumentID), Title: r.Title, Due: r.Due, Overdue: r.Overdue})
	}
	return rows
}
