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

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/identity"
	"github.com/scp-portal/portal/internal/intake"
	"github.com/scp-portal/portal/internal/mail"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/web/views"
)

// spec builds the form of a kind of request for the partnership: its priorities and organisations
// are the choices (two queries).
func (s *Server) spec(r *http.Request, kind intake.Kind, p partnership.Partnership) (intake.Spec, error) {
	orgs, err := partnership.Organisations(r.Context(), s.DB, p.ID)
	if err != nil {
		return intake.Spec{}, err
	}
	opts := make([]intake.Option, 0, len(orgs))
	for _, o := range orgs {
		opts = append(opts, intake.Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name})
	}
	if kind == intake.CSPR {
		return intake.CSPRSpec(opts), nil
	}
	priorities, err := partnership.Priorities(r.Context(), s.DB, p.ID)
	if err != nil {
		return intake.Spec{}, err
	}
	return intake.KLOESpec(priorities, opts), nil
}

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

func requestBase(p partnership.Partnership, kind intake.Kind, id int64) string {
	return fmt.Sprintf("/%s/%s/%d", p.Slug, kind, id)
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

// csprStart is the page before the CSPR consideration request form.
func (s *Server) csprStart(w http.ResponseWriter, r *http.Request) {
	p := currentPartnership(r)
	if !s.allowed(w, r, access.SubmitRequest, access.Object{PartnershipID: p.ID}, "cspr", "") {
		return
	}
	pg := s.page(w, r, "Ask for a CSPR to be considered")
	pg.Confidential = intake.CSPR.Sensitive() // the banner on every page of the form, from its start
	s.render(w, r, http.StatusOK, views.CSPRStart(pg, p.FrontDoor, "/"+p.Slug+"/cspr/new/form"))
}

// newRequestForm shows a blank form of the kind, prefilled with the person's own details.
func (s *Server) newRequestForm(kind intake.Kind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p := currentPartnership(r)
		if !s.allowed(w, r, access.SubmitRequest, access.Object{PartnershipID: p.ID}, string(kind), "") {
			return
		}
		u, err := identity.UserByID(r.Context(), s.DB, subject(r).UserID)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		v := url.Values{"requester_name": {u.Name}, "requester_job_title": {u.JobTitle}, "requester_email": {u.Email},
			"requester_phone": {u.Phone}}
		if u.OrganisationID != nil {
			v.Set("requester_organisation", strconv.FormatInt(*u.OrganisationID, 10))
		}
		s.renderRequestForm(w, r, http.StatusOK, kind, 0, newFormKey(), views.NewForm(v), nil)
	}
}

// editRequestForm shows a draft's form with its answers.
func (s *Server) editRequestForm(w http.ResponseWriter, r *http.Request) {
	req, ok := s.ownDraft(w, r)
	if !ok {
		return
	}
	atts, err := intake.Attachments(r.Context(), s.DB, req.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if !s.auditRead(w, r, req, "draft") {
		return
	}
	s.renderRequestForm(w, r, http.StatusOK, req.Kind, req.ID, "", views.NewForm(req.Answers), atts)
}

func (s *Server) renderRequestForm(w http.ResponseWriter, r *http.Request, status int, kind intake.Kind, id int64, formKey string, f views.Form, atts []intake.Attachment) {
	p := currentPartnership(r)
	spec, err := s.spec(r, kind, p)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := views.RequestFormView{Caption: p.Name, Sections: formSections(spec), FormKey: formKey}
	if kind == intake.KLOE {
		v.Heading = "Raise a Key Line of Enquiry"
		v.Intro = "Tell the partnership about good practice, a barrier in multi-agency working, or a theme you would like it to learn about. " +
			"You can save a draft and come back to it."
		v.Uploads = true
		v.UploadHint = fmt.Sprintf("Up to %d files: %s, %d MB each at most.", intake.MaxFiles, intake.AllowedFiles, intake.MaxFileSize>>20)
		v.Action = "/" + p.Slug + "/kloe/new"
	} else {
		v.Heading = "CSPR consideration request"
		v.Action = "/" + p.Slug + "/cspr/new/form"
	}
	if id != 0 {
		v.Action = requestBase(p, kind, id) + "/edit"
	}
	for _, a := range atts {
		v.Attachments = append(v.Attachments, views.AttachmentView{ID: a.ID, Name: a.Filename, Size: humanSize(a.Size)})
	}
	title := v.Heading
	title = errorTitle(title, f)
	pg := s.page(w, r, title)
	pg.Confidential = kind.Sensitive()
	s.render(w, r, status, views.RequestForm(pg, f, v))
}

// ownDraft loads the request in the path, which must be the person's own draft; a submitted one
// sends them to its confirmation.
func (s *Server) ownDraft(w http.ResponseWriter, r *http.Request) (intake.Request, bool) {
	req, ok := s.loadRequest(w, r, true)
	if !ok {
		return req, false
	}
	if req.Status != intake.Draft {
		http.Redirect(w, r, requestBase(currentPartnership(r), req.Kind, req.ID)+"/confirmation", http.StatusSeeOther)
		return req, false
	}
	return req, true
}

// loadRequest loads the request named in the path after asking the policy. Someone who may not
// read it gets the 404 page, as if it did not exist, and the attempt is audited. With own set,
// only its writer may; a draft, with its documents, is its writer's alone whatever own says.
func (s *Server) loadRequest(w http.ResponseWriter, r *http.Request, own bool) (intake.Request, bool) {
	p := currentPartnership(r)
	subj := subject(r)
	if !subj.SignedIn() {
		http.Redirect(w, r, "/sign-in?next="+url.QueryEscape(r.URL.Path), http.StatusSeeOther)
		return intake.Request{}, false
	}
	id, ok := s.idParam(w, r, "id")
	if !ok {
		return intake.Request{}, false
	}
	req, err := intake.Get(r.Context(), s.DB, p.ID, id)
	if err != nil && !errors.Is(err, intake.ErrNotFound) {
		s.serverError(w, r, err)
		return req, false
	}
	kind := intake.Kind(urlParam(r, "kind"))
	d := access.Decide(subj, access.ViewRequest, access.Object{PartnershipID: p.ID, OwnerID: req.RequesterID})
	switch {
	case errors.Is(err, intake.ErrNotFound), kind != "" && req.Kind != kind:
		d = access.Decision{Reason: "no such request"}
	case own && req.RequesterID != subj.UserID:
		d = access.Decision{Reason: "not their own request"}
	case req.Status == intake.Draft && req.RequesterID != subj.UserID:
		d = access.Decision{Reason: "a draft is its writer's alone"}
	}
	if !d.Allowed {
		e := s.auditEntry(r, "request.read", "request", id, d.Reason)
		e.Outcome = audit.Refused
		if err := audit.Record(r.Context(), s.DB, e); err != nil {
			s.serverError(w, r, err)
			return req, false
		}
		s.notFound(w, r)
		return req, false
	}
	return req, true
}

// auditRead records that the person read a CSPR consideration request: every read of special
// category data is in the audit log.
func (s *Server) auditRead(w http.ResponseWriter, r *http.Request, req intake.Request, what string) bool {
	if !req.Kind.Sensitive() {
		return true
	}
	if err := audit.Record(r.Context(), s.DB, s.auditEntry(r, "cspr.read", "request", req.ID, what)); err != nil {
		s.serverError(w, r, err)
		return false
	}
	return true
}

// saveRequest saves the form as a draft (new or existing), with any documents, and then either
// stays on it ("Save as draft") or, when every answer is right, goes on to check the answers.
// Whatever is wrong, nothing typed is lost: the draft keeps it and the form comes back with it.
func (s *Server) saveRequest(newKind intake.Kind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p := currentPartnership(r)
		kind := newKind // per request: an existing draft's own kind replaces it below
		var existing intake.Request
		if urlParam(r, "id") != "" {
			var ok bool
			if existing, ok = s.ownDraft(w, r); !ok {
				return
			}
			kind = existing.Kind
		} else if !s.allowed(w, r, access.SubmitRequest, access.Object{PartnershipID: p.ID}, string(kind), "") {
			return
		}
		if err := r.ParseMultipartForm(8 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
			s.formTooLarge(w, r, err)
			return
		}
		if r.MultipartForm != nil {
			defer r.MultipartForm.RemoveAll()
		}
		spec, err := s.spec(r, kind, p)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		answers := spec.Keep(r.PostForm)
		f := views.NewForm(answers)
		formKey := r.PostForm.Get("form_key")
		if existing.ID == 0 && (len(formKey) != 32 || strings.Trim(formKey, "0123456789abcdef") != "") {
			s.errorPage(w, r, http.StatusBadRequest)
			return
		}
		for _, e := range spec.DraftProblems(answers) {
			f.AddError(e.Field, e.Message)
		}
		if f.Invalid() { // too long to keep even as a draft: shown back with every problem, not saved
			if r.PostForm.Get("action") != "draft" {
				for _, e := range spec.Validate(answers, partnership.Today(s.Now())) {
					f.AddError(e.Field, e.Message)
				}
			}
			s.renderRequestForm(w, r, http.StatusUnprocessableEntity, kind, existing.ID, formKey, f, nil)
			return
		}
		subj := subject(r)
		var id int64
		var fileProblems []views.FieldError
		err = database.InTx(r.Context(), s.DB, func(tx pgx.Tx) error {
			var err error
			id, err = intake.SaveDraft(r.Context(), tx, intake.DraftInput{ID: existing.ID, PartnershipID: p.ID, Kind: kind,
				FormKey: formKey, Answers: answers, Requester: intake.Requester{ID: subj.UserID, Name: subj.Name, Email: subj.Email}})
			if err != nil {
				return err
			}
			if rm := r.PostForm.Get("remove_attachment"); rm != "" {
				if aid, err := strconv.ParseInt(rm, 10, 64); err == nil {
					if err := intake.RemoveAttachment(r.Context(), tx, id, aid); err != nil && !errors.Is(err, intake.ErrNotFound) {
						return err
					}
				}
			}
			if kind == intake.KLOE && r.MultipartForm != nil {
				fileProblems, err = s.addFiles(r, tx, id, r.MultipartForm.File["files"])
				if err != nil {
					return err
				}
			}
			e := s.auditEntry(r, string(kind)+".draft", "request", id, "")
			return audit.Record(r.Context(), tx, e)
		})
		if errors.Is(err, intake.ErrNotDraft) { // sent meanwhile, from another tab
			http.Redirect(w, r, requestBase(p, kind, existing.ID)+"/confirmation", http.StatusSeeOther)
			return
		}
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		edit := requestBase(p, kind, id) + "/edit"
		action := r.PostForm.Get("action")
		if action != "draft" && r.PostForm.Get("remove_attachment") == "" {
			for _, e := range spec.Validate(answers, partnership.Today(s.Now())) {
				f.AddError(e.Field, e.Message)
			}
		}
		for _, e := range fileProblems {
			f.AddError(e.Field, e.Message)
		}
		switch {
		case f.Invalid():
			atts, err := intake.Attachments(r.Context(), s.DB, id)
			if err != nil {
				s.serverError(w, r, err)
				return
			}
			s.renderRequestForm(w, r, http.StatusUnprocessableEntity, kind, id, "", f, atts)
		case action == "draft":
			s.redirectWithFlash(w, r, edit, "Your draft has been saved. You can come back to it from \"My submissions\".")
		case r.PostForm.Get("remove_attachment") != "":
			s.redirectWithFlash(w, r, edit, "The document has been removed")
		default:
			http.Redirect(w, r, requestBase(p, kind, id)+"/check", http.StatusSeeOther)
		}
	}
}

// addFiles checks and stores uploaded documents, returning a problem for each one refused.
func (s *Server) addFiles(r *http.Request, tx pgx.Tx, requestID int64, files []*multipart.FileHeader) ([]views.FieldError, error) {
	var problems []views.FieldError
	refuse := func(msg string) { problems = append(problems, views.FieldError{Field: "files", Message: msg}) }
	for _, fh := range files {
		if fh.Size == 0 && fh.Filename == "" {
			continue // the empty file input
		}
		name := intake.CleanFilename(fh.Filename)
		if fh.Size > intake.MaxFileSize {
			refuse(fmt.Sprintf("The file %s is larger than %d MB", name, intake.MaxFileSize>>20))
			continue
		}
		if fh.Size == 0 {
			refuse("The file " + name + " is empty")
			continue
		}
		file, err := fh.Open()
		if err != nil {
			return nil, err
		}
		data, err := io.ReadAll(io.LimitReader(file, intake.MaxFileSize+1))
		file.Close()
		if err != nil {
			return nil, err
		}
		ct := intake.DetectType(data)
		if ct == "" {
			refuse("The file " + name + " must be a " + intake.AllowedFiles + " file")
			continue
		}
		if _, err := intake.AddAttachment(r.Context(), tx, requestID, name, ct, data); errors.Is(err, intake.ErrTooMany) {
			refuse(fmt.Sprintf("You can attach up to %d files: %s was not added", intake.MaxFiles, name))
			continue
		} else if err != nil {
			return nil, err
		}
	}
	return problems, nil
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

// checkRequest shows every answer of a draft with links to change them, and the button to send it.
func (s *Server) checkRequest(w http.ResponseWriter, r *http.Request) {
	req, ok := s.ownDraft(w, r)
	if !ok {
		return
	}
	p := currentPartnership(r)
	spec, err := s.spec(r, req.Kind, p)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if errs := spec.Validate(req.Answers, partnership.Today(s.Now())); len(errs) > 0 {
		// Not ready: back to the form, which shows what is missing once continued.
		http.Redirect(w, r, requestBase(p, req.Kind, req.ID)+"/edit", http.StatusSeeOther)
		return
	}
	atts, err := intake.Attachments(r.Context(), s.DB, req.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if !s.auditRead(w, r, req, "check answers") {
		return
	}
	base := requestBase(p, req.Kind, req.ID)
	v := views.CheckView{Caption: req.Kind.Label(), Sections: answerSections(spec, req.Answers, base+"/edit"), SubmitAction: base + "/submit",
		Declaration: "By sending this request you confirm that, to the best of your knowledge, the details you are giving are correct."}
	for _, a := range atts {
		v.Attachments = append(v.Attachments, views.AttachmentView{Name: a.Filename, Size: humanSize(a.Size), Href: attachmentHref(p, req.ID, a.ID)})
	}
	pg := s.page(w, r, "Check your answers")
	pg.Confidential = req.Kind.Sensitive()
	s.render(w, r, http.StatusOK, views.CheckAnswers(pg, v))
}

func attachmentHref(p partnership.Partnership, requestID, id int64) string {
	return fmt.Sprintf("/%s/requests/%d/attachments/%d", p.Slug, requestID, id)
}

// submitRequest sends a draft: it gets its reference, the requester an acknowledgement, and the
// Engine Room and business unit a notice, all in one transaction. Sending it again (a double
// click, or back and send) makes nothing new and shows the same confirmation.
func (s *Server) submitRequest(w http.ResponseWriter, r *http.Request) {
	req, ok := s.loadRequest(w, r, true)
	if !ok {
		return
	}
	p := currentPartnership(r)
	base := requestBase(p, req.Kind, req.ID)
	if req.Status != intake.Draft {
		http.Redirect(w, r, base+"/confirmation", http.StatusSeeOther)
		return
	}
	spec, err := s.spec(r, req.Kind, p)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if errs := spec.Validate(req.Answers, partnership.Today(s.Now())); len(errs) > 0 {
		http.Redirect(w, r, base+"/edit", http.StatusSeeOther)
		return
	}
	err = database.InTx(r.Context(), s.DB, func(tx pgx.Tx) error {
		res, err := intake.Submit(r.Context(), tx, p.ID, req.ID, req.RequesterID, p.ShortName, s.Now())
		if err != nil || res.AlreadySubmitted {
			return err
		}
		// The acknowledgement goes to the account's own address, not one typed into the form.
		if err := mail.Enqueue(r.Context(), tx, mail.Message{To: subject(r).Email,
			Subject: "We have received your request " + res.Reference,
			Body: fmt.Sprintf("%s has received your %s.\n\nYour reference is %s.\n\nYou can follow what happens to it at %s/%s/my/submissions\n",
				p.Name, res.Kind.Label(), res.Reference, s.Identity.BaseURL, p.Slug)}); err != nil {
			return err
		}
		if err := s.notifyReviewers(r, tx, p, res.Request); err != nil {
			return err
		}
		return audit.Record(r.Context(), tx, s.auditEntry(r, string(req.Kind)+".submit", "request", req.ID, res.Reference))
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, base+"/confirmation", http.StatusSeeOther)
}

// notifyReviewers e-mails the current members of the Engine Room and the business unit that a
// request has arrived: its kind, reference and date, and a link; never its content.
func (s *Server) notifyReviewers(r *http.Request, tx pgx.Tx, p partnership.Partnership, req intake.Request) error {
	rows, err := tx.Query(r.Context(), `
		SELECT DISTINCT u.email FROM membership m JOIN body b ON b.id = m.body_id JOIN app_user u ON u.id = m.user_id
		WHERE m.partnership_id = $1 AND b.kind IN ('engine_room', 'business_unit') AND u.status = 'active'
		  AND m.starts_on <= $2 AND (m.ends_on IS NULL OR m.ends_on > $2)`, p.ID, partnership.Today(s.Now()))
	if err != nil {
		return err
	}
	emails, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	for _, to := range emails {
		err := mail.Enqueue(r.Context(), tx, mail.Message{To: to,
			Subject: "New " + req.Kind.Label() + " " + req.Reference,
			Body: fmt.Sprintf("A new %s, %s, reached %s on %s.\n\nSign in to read it: %s/%s/inbox/%d\n",
				req.Kind.Label(), req.Reference, p.ShortName, req.SubmittedAt.In(london()).Format("2 January 2006 at 15:04"),
				s.Identity.BaseURL, p.Slug, req.ID)})
		if err != nil {
			return err
		}
	}
	return nil
}

// requestConfirmation shows the reference of a sent request.
func (s *Server) requestConfirmation(w http.ResponseWriter, r *http.Request) {
	req, ok := s.loadRequest(w, r, true)
	if !ok {
		return
	}
	p := currentPartnership(r)
	if req.Status == intake.Draft {
		http.Redirect(w, r, requestBase(p, req.Kind, req.ID)+"/edit", http.StatusSeeOther)
		return
	}
	pg := s.page(w, r, "Request sent")
	pg.Confidential = req.Kind.Sensitive()
	s.render(w, r, http.StatusOK, views.Confirmation(pg, req.Kind.Label(), req.Reference, "/"+p.Slug+"/my/submissions"))
}

// downloadAttachment sends a supporting document to someone allowed to read its request.
func (s *Server) downloadAttachment(w http.ResponseWriter, r *http.Request) {
	req, ok := s.loadRequest(w, r, false)
	if !ok {
		return
	}
	aid, ok := s.idParam(w, r, "attachmentID")
	if !ok {
		return
	}
	a, data, err := intake.AttachmentData(r.Context(), s.DB, req.ID, aid)
	if s.lookupFailed(w, r, err) {
		return
	}
	if err := audit.Record(r.Context(), s.DB, s.auditEntry(r, "attachment.download", "attachment", a.ID, fmt.Sprintf("request %d", req.ID))); err != nil {
		s.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", a.ContentType)
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q; filename*=UTF-8''%s", asciiName(a.Filename), url.PathEscape(a.Filename)))
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	_, _ = w.Write(data)
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
