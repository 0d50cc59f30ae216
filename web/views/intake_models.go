package views

import (
	"fmt"
	"net/url"
	"strconv"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/intake"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/web/paths"
)

// NewRequestForm is the form of v's kind for partnership p: a new one (v.ID 0, sent with its
// form key) or the draft v, posted to the draft's own address. A CSPR request's form shows
// children child blocks (intake.ChildrenShown), the last with "Add another child" while there
// may be more, each after the first with "Remove this child".
func NewRequestForm(p partnership.Partnership, v intake.View, formKey string, children int) RequestFormView {
	fv := RequestFormView{Caption: p.Name, FormKey: formKey, Attachments: requestAttachments("", v.Attachments)}
	if v.Kind == intake.KLOE {
		fv.Heading = "Raise a Key Line of Enquiry"
		fv.Intro = "Tell the partnership about good practice, a barrier in multi-agency working, or a theme you would like it to learn about. " +
			"You can save a draft and come back to it."
		fv.Warning = intake.UrgentAdvice(p.FrontDoor)
		fv.Uploads = true
		fv.UploadHint = fmt.Sprintf("Up to %d files: %s, %d MB each at most.",
			intake.MaxFiles, intake.AllowedFiles, intake.MaxFileSize>>20)
		fv.Action = paths.NewKLOE(p.Slug)
	} else {
		fv.Heading = "CSPR consideration request"
		fv.Action = paths.NewCSPR(p.Slug)
	}
	if v.ID != 0 {
		fv.Action = paths.EditRequest(p.Slug, string(v.Kind), v.ID)
		fv.DeleteHref = paths.DeleteDraft(p.Slug, string(v.Kind), v.ID)
	}
	for i, sec := range questionSections(v.Spec) {
		switch n := v.Spec.Sections[i].Child; {
		case n > children:
			continue
		case n != 0:
			fv.Children = children
			if n > 1 { // the page comes back at the block that takes its place, or the one before
				sec.RemoveChild = strconv.Itoa(n)
				sec.RemoveAction = fv.Action + "#child" + strconv.Itoa(min(n, children-1)) + "_name"
			}
			if n == children && n < intake.MaxChildren { // the page comes back at the new block
				sec.AddChild = fv.Action + "#child" + strconv.Itoa(n+1) + "_name"
			}
		}
		fv.Sections = append(fv.Sections, sec)
	}
	return fv
}

// RequestSaved is where saving the form of request id goes, with its confirmation: back to the
// form for a draft saved or a document removed, otherwise on to check the answers.
func RequestSaved(slug string, kind intake.Kind, id int64, draft, removed bool) (to, done string) {
	switch {
	case draft:
		return paths.EditRequest(slug, string(kind), id), "Your draft has been saved. You can come back to it from \"My submissions\"."
	case removed:
		return paths.EditRequest(slug, string(kind), id), "The document has been removed"
	}
	return paths.CheckRequest(slug, string(kind), id), ""
}

// DraftName names a draft in a sentence: by its title, when it has one.
func DraftName(title string) string {
	if title == "" {
		return "Your draft"
	}
	return "Your draft \u201c" + title + "\u201d"
}

// UploadsTooLarge says what the upload forms accept, when a body is over its limit.
func UploadsTooLarge() string {
	return fmt.Sprintf("You can attach up to %d documents of %d MB each, %d MB in all. Nothing from this step was saved.",
		intake.MaxFiles, intake.MaxFileSize>>20, intake.MaxFiles*intake.MaxFileSize>>20)
}

// NewCheckAnswers is the check-your-answers page of the draft v, each answer linking back to
// its question on the form.
func NewCheckAnswers(slug string, v intake.View) CheckView {
	kind := string(v.Kind)
	return CheckView{Caption: v.Kind.Label(), Sections: answerSections(v.Spec, v.Answers, paths.EditRequest(slug, kind, v.ID)),
		SubmitAction: paths.SubmitRequest(slug, kind, v.ID), Attachments: requestAttachments(slug, v.Attachments),
		Declaration: "By sending this request you confirm that, to the best of your knowledge, the details you are giving are correct."}
}

// NewSubmissions lists a person's own requests on "My submissions": a draft to continue, a
// request not yet looked at to withdraw, a sent one to read.
func NewSubmissions(slug string, mine []intake.Submission) []SubmissionView {
	items := make([]SubmissionView, 0, len(mine))
	for _, q := range mine {
		it := SubmissionView{Reference: q.Reference, KindLabel: q.Kind.Label(), Title: q.Title, Created: q.CreatedAt,
			Status: q.StatusLabel(), StatusTag: statusTag(q.Request), Timeline: timelineItems(q.Timeline, false)}
		switch q.Status {
		case intake.Draft:
			it.ContinueHref = paths.EditRequest(slug, string(q.Kind), q.ID)
			it.DeleteHref = paths.DeleteDraft(slug, string(q.Kind), q.ID)
		case intake.Received:
			it.WithdrawHref = paths.WithdrawRequest(slug, q.ID)
		}
		if q.Status != intake.Draft {
			it.ViewHref = paths.Request(slug, q.ID)
		}
		items = append(items, it)
	}
	return items
}

// NewInboxFilters is the inbox with its filters only, for filters that came back with problems.
func NewInboxFilters(slug string, orgs []partnership.Organisation) InboxView {
	v := InboxView{Action: paths.Inbox(slug), Kinds: Choices(intake.Kinds, Option{Value: "", Label: "Both kinds"}),
		Statuses:      Choices(intake.SentStatuses, Option{Value: "", Label: "Any status"}),
		Organisations: OrganisationChoices(orgs, Option{Value: "", Label: "Any organisation"})}
	return v
}

// NewInbox is page p of the inbox filtered by query: list, of total requests, with the page
// controls that keep the filters.
func NewInbox(slug string, orgs []partnership.Organisation, query url.Values, p app.Page, list []intake.Request, total int) InboxView {
	v := NewInboxFilters(slug, orgs)
	v.Total = total
	for _, q := range list {
		v.Rows = append(v.Rows, InboxRow{Urgent: q.Urgent(), Href: paths.Request(slug, q.ID), Reference: q.Reference,
			KindLabel: q.Kind.Label(), Title: q.Title, From: q.OrganisationName, Received: *q.SubmittedAt,
			Status: q.StatusLabel(), StatusTag: statusTag(q)})
	}
	first := p.Offset() + 1
	if total == 0 {
		v.Showing = "No requests match."
	} else {
		v.Showing = fmt.Sprintf("Showing %d to %d of %d requests, newest first.", first, first+len(list)-1, total)
	}
	v.Pager = NewPager(paths.Inbox(slug), query, p, p.Offset()+len(list) < total)
	return v
}

// RequestAbilities are the access policy's decisions a request's detail page depends on.
type RequestAbilities struct {
	SeeWho      bool // the timeline names who did each step (access.ViewInbox)
	Manage      bool // access.ManageRequest
	Triage      bool // access.ManageLearning
	ViewReview  bool // access.ViewReview
	StartReview bool // access.ManageReview
}

// NewRequestDetail is a sent request's page; reviewID is the rapid review started from it, 0 for
// none. The triage form, which needs the themes and meetings, is the handler's to add.
func NewRequestDetail(slug string, req intake.View, reviewID int64, can RequestAbilities) RequestDetailView {
	v := RequestDetailView{Urgent: req.Urgent(), Reference: req.Reference, KindLabel: req.Kind.Label(), Status: req.StatusLabel(),
		StatusTag: statusTag(req.Request), Received: *req.SubmittedAt, Sections: answerSections(req.Spec, req.Answers, ""),
		Timeline:     timelineItems(req.Timeline, can.SeeWho),
		StatusAction: paths.RequestStatus(slug, req.ID), Version: req.Version, Attachments: requestAttachments(slug, req.Attachments),
		Open:      req.Status == intake.Received || req.Status == intake.Considering,
		CanManage: can.Manage}
	if req.Kind == intake.CSPR {
		switch {
		case reviewID != 0:
			if can.ViewReview {
				v.ReviewHref = paths.Review(slug, reviewID)
			}
		case v.Open && can.StartReview:
			v.StartReview = &StartReviewView{Action: paths.ReviewFromRequest(slug, req.ID)}
		}
	}
	return v
}

var requestStatusTags = map[intake.Status]string{
	intake.Draft: "tag--grey", intake.Received: "", intake.Considering: "tag--yellow",
	intake.Closed: "tag--green", intake.Withdrawn: "tag--grey",
}

// statusTag is the colour of a request's status tag: its stage downstream's, once a rapid review
// was started from it (Request.StatusLabel), else its own status's.
func statusTag(r intake.Request) string {
	if r.Stage != "" && r.Status != intake.Withdrawn {
		if r.Stage == intake.PublishedStage || r.Stage == intake.NoReviewStage {
			return "tag--green"
		}
		return "tag--yellow"
	}
	return requestStatusTags[r.Status]
}

// timelineItems lists what happened to a request; with who set, it says who did each step (for
// the Engine Room's own view).
func timelineItems(events []intake.Event, who bool) []TimelineItem {
	items := make([]TimelineItem, 0, len(events))
	for _, e := range events {
		label := e.Status.Label()
		if e.Status == intake.Received {
			label = "Received by the partnership"
		}
		if who && e.ActorName != "" {
			label += " (" + e.ActorName + ")"
		}
		items = append(items, TimelineItem{Label: label, When: e.At, Note: e.Note})
	}
	return items
}

// questionSections turns a spec into the form's sections.
func questionSections(spec intake.Spec) []QuestionSection {
	secs := make([]QuestionSection, 0, len(spec.Sections))
	for _, sec := range spec.Sections {
		vs := QuestionSection{Title: sec.Title, Intro: sec.Intro, Warning: sec.Warning}
		for _, q := range sec.Questions {
			opts := make([]Option, 0, len(q.Options))
			for _, o := range q.Options {
				opts = append(opts, Option{Value: o.Value, Label: o.Label})
			}
			label := q.Label
			if !q.Required && q.RequiredIf == nil {
				label += " (optional)" // GOV.UK marks the optional questions, not the required ones
			}
			vs.Fields = append(vs.Fields, Field{Name: q.Name, Label: label, Hint: q.Hint, Warning: q.Warning,
				Type: string(q.Type), Options: opts, Rows: q.Rows, Autocomplete: requesterAutocomplete[q.Name]})
		}
		secs = append(secs, vs)
	}
	return secs
}

var requesterAutocomplete = map[string]string{"requester_name": "name", "requester_job_title": "organization-title",
	"requester_email": "email", "requester_phone": "tel"}

// answerSections lists the answers section by section; a section nobody answered and nothing
// requires (a second child, say) is left out. changeBase, when set, gives each a change link: the
// writer checks their answers to the form's own questions ("Your name"). Without it, the request
// is read as sent, by the Engine Room as by its writer, in the third person ("Name").
func answerSections(spec intake.Spec, v url.Values, changeBase string) []AnswerSection {
	var out []AnswerSection
	for _, sec := range spec.Sections {
		as := AnswerSection{Title: sec.ReadTitle()}
		if changeBase != "" {
			as.Title = sec.Title
		}
		answered := false
		for _, q := range sec.Questions {
			a := q.Answer(v)
			answered = answered || a != ""
			row := AnswerRow{Label: q.ReadLabel(), Answer: a}
			if changeBase != "" {
				row.Label, row.ChangeHref = q.Label, changeBase+"#"+q.Fields()[0]
			}
			as.Rows = append(as.Rows, row)
		}
		optional := sec.Child != 0 // a child block: the first is required, so answered; 2 to 4 only when entered
		if answered || !optional {
			out = append(out, as)
		}
	}
	return out
}

// requestAttachments lists a request's documents; with slug set, each links to its download.
func requestAttachments(slug string, atts []intake.Attachment) []AttachmentView {
	out := make([]AttachmentView, 0, len(atts))
	for _, a := range atts {
		av := AttachmentView{ID: a.ID, Name: a.Filename, Size: Size(int64(a.Size))}
		if slug != "" {
			av.Href = paths.Attachment(slug, a.RequestID, a.ID)
		}
		out = append(out, av)
	}
	return out
}

// NewDeleteDraft asks the writer to confirm deleting their own draft (named by what, of the kind
// kindLabel), posting to action; keepHref goes back to it.
func NewDeleteDraft(kindLabel, what, action, keepHref string) Confirm {
	return Confirm{Caption: kindLabel, Heading: "Are you sure you want to delete this draft?",
		Intro:  what + " and any documents attached to it will be deleted. You cannot undo this.",
		Action: action, Button: "Delete draft", Warning: true, CancelHref: keepHref, CancelLabel: "Keep the draft"}
}
