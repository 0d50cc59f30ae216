package server

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/intake"
	"github.com/scp-portal/portal/web/paths"
	"github.com/scp-portal/portal/web/views"
)

// formSections turns a spec into the form's sections.
func formSections(spec intake.Spec) []views.QuestionSection {
	secs := make([]views.QuestionSection, 0, len(spec.Sections))
	for _, sec := range spec.Sections {
		vs := views.QuestionSection{Title: sec.Title, Intro: sec.Intro}
		for _, q := range sec.Questions {
			opts := make([]views.Option, 0, len(q.Options))
			for _, o := range q.Options {
				opts = append(opts, views.Option{Value: o.Value, Label: o.Label})
			}
			label := q.Label
			if !q.Required && q.RequiredIf == nil {
				label += " (optional)" // GOV.UK marks the optional questions, not the required ones
			}
			vs.Fields = append(vs.Fields, views.Field{Name: q.Name, Label: label, Hint: q.Hint, Warning: q.Warning,
				Type: string(q.Type), Options: opts, Rows: q.Rows, Autocomplete: autocompleteFor(q.Name)})
		}
		secs = append(secs, vs)
	}
	return secs
}

func autocompleteFor(name string) string {
	return map[string]string{"requester_name": "name", "requester_job_title": "organization-title",
		"requester_email": "email", "requester_phone": "tel"}[name]
}

// answerSections lists the answers section by section; a section nobody answered and nothing
// requires (a second child, say) is left out. changeBase, when set, gives each a change link.
func answerSections(spec intake.Spec, v url.Values, changeBase string) []views.AnswerSection {
	var out []views.AnswerSection
	for _, sec := range spec.Sections {
		as := views.AnswerSection{Title: sec.Title}
		answered := false
		for _, q := range sec.Questions {
			a := q.Answer(v)
			answered = answered || a != ""
			row := views.AnswerRow{Label: q.Label, Answer: a}
			if changeBase != "" {
				row.ChangeHref = changeBase + "#" + q.Fields()[0]
			}
			as.Rows = append(as.Rows, row)
		}
		optional := strings.HasPrefix(sec.Title, "Child ") // children 2 to 4
		if answered || !optional {
			out = append(out, as)
		}
	}
	return out
}

// attachmentViews lists a request's documents; with slug set, each links to its download.
func attachmentViews(slug string, atts []intake.Attachment) []views.AttachmentView {
	out := make([]views.AttachmentView, 0, len(atts))
	for _, a := range atts {
		av := views.AttachmentView{ID: a.ID, Name: a.Filename, Size: humanSize(a.Size)}
		if slug != "" {
			av.Href = paths.Attachment(slug, a.RequestID, a.ID)
		}
		out = append(out, av)
	}
	return out
}

func newFormKey() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func humanSize(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// pathKind is the kind of request the address names ("kloe" or "cspr").
func pathKind(r *http.Request) intake.Kind { return intake.Kind(urlParam(r, "kind")) }

// csprStart is the page before the CSPR consideration request form.
func (s *Server) csprStart(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.SubmitRequest, access.Object{PartnershipID: p.ID}, "cspr", ""); err != nil {
		return err
	}
	pg := s.page(w, r, "Ask for a CSPR to be considered")
	pg.Confidential = intake.CSPR.Sensitive() // the banner on every page of the form, from its start
	return s.render(w, r, http.StatusOK, views.CSPRStart(pg, p.FrontDoor, paths.NewCSPR(p.Slug)))
}

// newRequestForm shows a blank form of the kind, prefilled with the person's own details.
func (s *Server) newRequestForm(kind intake.Kind) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		p := currentPartnership(r)
		if err := s.authorize(r, access.SubmitRequest, access.Object{PartnershipID: p.ID}, string(kind), ""); err != nil {
			return err
		}
		v, err := s.Intake.Blank(r.Context(), s.actor(r), kind)
		if err != nil {
			return err
		}
		return s.renderRequestForm(w, r, http.StatusOK, v, newFormKey(), views.NewForm(v.Answers))
	}
}

// editRequestForm shows the person's own draft with its answers; a sent one, its confirmation.
func (s *Server) editRequestForm(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.Intake.EditDraft(r.Context(), s.actor(r), id, pathKind(r))
	if errors.Is(err, intake.ErrNotDraft) {
		http.Redirect(w, r, paths.RequestConfirmation(p.Slug, string(v.Kind), id), http.StatusSeeOther)
		return nil
	}
	if err != nil {
		return err
	}
	return s.renderRequestForm(w, r, http.StatusOK, v, "", views.NewForm(v.Answers))
}

// renderRequestForm shows the form of v's kind: a new one (v.ID 0, with its form key) or a draft.
func (s *Server) renderRequestForm(w http.ResponseWriter, r *http.Request, status int, v intake.View, formKey string, f views.Form) error {
	p := currentPartnership(r)
	fv := views.RequestFormView{Caption: p.Name, Sections: formSections(v.Spec), FormKey: formKey,
		Attachments: attachmentViews("", v.Attachments)}
	if v.Kind == intake.KLOE {
		fv.Heading = "Raise a Key Line of Enquiry"
		fv.Intro = "Tell the partnership about good practice, a barrier in multi-agency working, or a theme you would like it to learn about. " +
			"You can save a draft and come back to it."
		fv.Uploads = true
		fv.UploadHint = fmt.Sprintf("Up to %d files: %s, %d MB each at most.", intake.MaxFiles, intake.AllowedFiles, intake.MaxFileSize>>20)
		fv.Action = paths.NewKLOE(p.Slug)
	} else {
		fv.Heading = "CSPR consideration request"
		fv.Action = paths.NewCSPR(p.Slug)
	}
	if v.ID != 0 {
		fv.Action = paths.EditRequest(p.Slug, string(v.Kind), v.ID)
	}
	pg := s.page(w, r, errorTitle(fv.Heading, f))
	pg.Confidential = v.Kind.Sensitive()
	return s.render(w, r, status, views.RequestForm(pg, f, fv))
}

// saveRequest saves the form as a draft (new, or the person's own in the path), with any
// documents, and then either stays on it ("Save as draft") or, when every answer is right, goes on
// to check the answers. Whatever is wrong, nothing typed is lost: the draft keeps it and the form
// comes back with it.
func (s *Server) saveRequest(newKind intake.Kind) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		p := currentPartnership(r)
		id, err := optionalPathID(r, "id")
		if err != nil {
			return err
		}
		kind := newKind
		if id != 0 {
			kind = pathKind(r) // the draft's own kind: the service refuses a draft of another
		} else if err := s.authorize(r, access.SubmitRequest, access.Object{PartnershipID: p.ID}, string(kind), ""); err != nil {
			return err
		}
		if err := r.ParseMultipartForm(8 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
			s.formTooLarge(w, r, err) // the upload forms' own 413 page, which says what they accept
			return nil
		}
		if r.MultipartForm != nil {
			defer r.MultipartForm.RemoveAll()
		}
		f := &formReader{Form: views.NewForm(r.PostForm)}
		formKey := f.Text("form_key")
		if id == 0 && !intake.ValidFormKey(formKey) {
			return errBadRequest // no page of the portal sends a new form without its key
		}
		in := intake.SaveInput{ID: id, Kind: kind, FormKey: formKey, Answers: r.PostForm}
		remove := f.OptionalID("remove_attachment", "Choose a document to remove")
		if remove != nil {
			in.Remove = *remove
		}
		action := f.Text("action")
		in.Check = action != "draft" && remove == nil
		if r.MultipartForm != nil {
			in.Files = uploads(r.MultipartForm.File["files"])
		}
		v, err := s.Intake.SaveDraft(r.Context(), s.actor(r), in)
		if errors.Is(err, intake.ErrNotDraft) { // sent meanwhile, from another tab
			http.Redirect(w, r, paths.RequestConfirmation(p.Slug, string(kind), id), http.StatusSeeOther)
			return nil
		}
		if err = f.Err(err); err != nil {
			form := views.NewForm(v.Answers)
			status, ok := formError(&form, err)
			if !ok {
				return err
			}
			if v.ID != 0 {
				formKey = "" // saved: the draft's own address is the form's from now on
			}
			return s.renderRequestForm(w, r, status, v, formKey, form)
		}
		edit := paths.EditRequest(p.Slug, string(kind), v.ID)
		switch {
		case action == "draft":
			return s.redirectWithFlash(w, r, edit, "Your draft has been saved. You can come back to it from \"My submissions\".")
		case remove != nil:
			return s.redirectWithFlash(w, r, edit, "The document has been removed")
		}
		http.Redirect(w, r, paths.CheckRequest(p.Slug, string(kind), v.ID), http.StatusSeeOther)
		return nil
	}
}

// uploads are the files of a form's file input, for the service to check and read.
func uploads(files []*multipart.FileHeader) []intake.Upload {
	out := make([]intake.Upload, 0, len(files))
	for _, fh := range files {
		out = append(out, intake.Upload{Name: fh.Filename, Size: fh.Size,
			Open: func() (io.ReadCloser, error) { return fh.Open() }})
	}
	return out
}

// formTooLarge answers a form whose body is over its limit, or that could not be read.
func (s *Server) formTooLarge(w http.ResponseWriter, r *http.Request, err error) {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		w.Header().Set("Connection", "close")
		s.errorPage(w, r, http.StatusRequestEntityTooLarge, fmt.Sprintf(
			"You can attach up to %d documents of %d MB each, %d MB in all. Nothing from this step was saved.",
			intake.MaxFiles, intake.MaxFileSize>>20, intake.MaxFiles*intake.MaxFileSize>>20))
		return
	}
	s.errorPage(w, r, http.StatusBadRequest)
}

// checkRequest shows every answer of the person's own draft with links to change them, and the
// button to send it. A draft not ready goes back to its form; a sent one to its confirmation.
func (s *Server) checkRequest(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.Intake.CheckDraft(r.Context(), s.actor(r), id, pathKind(r))
	switch {
	case errors.Is(err, intake.ErrNotDraft):
		http.Redirect(w, r, paths.RequestConfirmation(p.Slug, string(v.Kind), id), http.StatusSeeOther)
		return nil
	case errors.Is(err, intake.ErrIncomplete): // the form shows what is missing once continued
		http.Redirect(w, r, paths.EditRequest(p.Slug, string(v.Kind), id), http.StatusSeeOther)
		return nil
	case err != nil:
		return err
	}
	kind := string(v.Kind)
	cv := views.CheckView{Caption: v.Kind.Label(), Sections: answerSections(v.Spec, v.Answers, paths.EditRequest(p.Slug, kind, id)),
		SubmitAction: paths.SubmitRequest(p.Slug, kind, id), Attachments: attachmentViews(p.Slug, v.Attachments),
		Declaration: "By sending this request you confirm that, to the best of your knowledge, the details you are giving are correct."}
	pg := s.page(w, r, "Check your answers")
	pg.Confidential = v.Kind.Sensitive()
	return s.render(w, r, http.StatusOK, views.CheckAnswers(pg, cv))
}

// submitRequest sends the person's own draft (see intake.Service.Submit). Sending it again (a
// double click, or back and send) makes nothing new and shows the same confirmation.
func (s *Server) submitRequest(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	req, err := s.Intake.Submit(r.Context(), s.actor(r), p, id, pathKind(r))
	if errors.Is(err, intake.ErrIncomplete) {
		http.Redirect(w, r, paths.EditRequest(p.Slug, string(req.Kind), id), http.StatusSeeOther)
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, paths.RequestConfirmation(p.Slug, string(req.Kind), id), http.StatusSeeOther)
	return nil
}

// requestConfirmation shows the reference of the person's own sent request.
func (s *Server) requestConfirmation(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	req, err := s.Intake.Sent(r.Context(), s.actor(r), id, pathKind(r))
	if err != nil {
		return err
	}
	if req.Status == intake.Draft {
		http.Redirect(w, r, paths.EditRequest(p.Slug, string(req.Kind), id), http.StatusSeeOther)
		return nil
	}
	pg := s.page(w, r, "Request sent")
	pg.Confidential = req.Kind.Sensitive()
	return s.render(w, r, http.StatusOK, views.Confirmation(pg, req.Kind.Label(), req.Reference, paths.MySubmissions(p.Slug)))
}

// downloadAttachment sends a supporting document to someone allowed to read its request.
func (s *Server) downloadAttachment(w http.ResponseWriter, r *http.Request) error {
	requestID, err := pathID(r, "id")
	if err != nil {
		return err
	}
	aid, err := pathID(r, "attachmentID")
	if err != nil {
		return err
	}
	a, data, err := s.Intake.Attachment(r.Context(), s.actor(r), requestID, aid)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", a.ContentType)
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q; filename*=UTF-8''%s", asciiName(a.Filename), url.PathEscape(a.Filename)))
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	_, _ = w.Write(data)
	return nil
}

// asciiName is a file name safe for the plain filename parameter of Content-Disposition.
func asciiName(name string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' {
			return '_'
		}
		return r
	}, name)
}
