package server

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/form"
	"github.com/scp-portal/portal/internal/intake"
	"github.com/scp-portal/portal/web/paths"
	"github.com/scp-portal/portal/web/views"
)

// pathKind is the kind of request the address names ("kloe" or "cspr").
func pathKind(r *http.Request) intake.Kind { return intake.Kind(urlParam(r, "kind")) }

// requestPage is a page of a request of kind: a CSPR's carries the confidential banner.
func (s *Server) requestPage(w http.ResponseWriter, r *http.Request, title string, kind intake.Kind) views.Page {
	pg := s.page(w, r, title)
	pg.Confidential = kind.Sensitive()
	return pg
}

// draftMoved answers a draft's step taken too late or too soon: a sent request goes to its
// confirmation, one not ready to send to its form. Any other error it returns, unanswered.
func (s *Server) draftMoved(w http.ResponseWriter, r *http.Request, err error, kind intake.Kind, id int64) error {
	slug := currentPartnership(r).Slug
	switch {
	case errors.Is(err, intake.ErrNotDraft):
		http.Redirect(w, r, paths.RequestConfirmation(slug, string(kind), id), http.StatusSeeOther)
	case errors.Is(err, intake.ErrIncomplete):
		http.Redirect(w, r, paths.EditRequest(slug, string(kind), id), http.StatusSeeOther)
	default:
		return err
	}
	return nil
}

// csprStart is the page before the CSPR consideration request form.
func (s *Server) csprStart(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.SubmitRequest, access.Object{PartnershipID: p.ID}, "cspr", ""); err != nil {
		return err
	}
	pg := s.requestPage(w, r, "Ask for a CSPR to be considered", intake.CSPR) // the banner from the form's start
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
		return s.renderRequestForm(w, r, http.StatusOK, v, intake.NewFormKey(), views.NewForm(v.Answers), 1)
	}
}

// editRequestForm shows the person's own draft with its answers; a sent one, its confirmation.
func (s *Server) editRequestForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.Intake.EditDraft(r.Context(), s.actor(r), id, pathKind(r))
	if err != nil {
		return s.draftMoved(w, r, err, v.Kind, id)
	}
	return s.renderRequestForm(w, r, http.StatusOK, v, "", views.NewForm(v.Answers), intake.ChildrenShown(v.Answers, "", false))
}

// renderRequestForm shows the form of v's kind: a new one (v.ID 0, with its form key) or a draft,
// a CSPR request's with children child blocks.
func (s *Server) renderRequestForm(w http.ResponseWriter, r *http.Request, status int, v intake.View, formKey string, f views.Form, children int) error {
	fv := views.NewRequestForm(currentPartnership(r), v, formKey, children)
	return s.render(w, r, status, views.RequestForm(s.requestPage(w, r, errorTitle(fv.Heading, f), v.Kind), f, fv))
}

// saveRequest saves the form as a draft with any documents, then stays on it ("Save as draft",
// a document removed) or goes on to check the answers; with problems, the form comes back as typed.
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
		f, err := form.ReadMultipart(r, 8<<20)
		if r.MultipartForm != nil {
			defer r.MultipartForm.RemoveAll()
		}
		if errors.Is(err, form.ErrTooLarge) {
			s.uploadsTooLarge(w, r) // the upload forms' own 413 page, which says what they accept
			return nil
		}
		if err != nil {
			return err
		}
		formKey := f.Text("form_key")
		if id == 0 && !intake.ValidFormKey(formKey) {
			return form.ErrBadRequest // no page of the portal sends a new form without its key
		}
		in := intake.SaveInput{ID: id, Kind: kind, FormKey: formKey, Answers: r.PostForm}
		action := f.Text("action")
		if _, ok := r.PostForm["remove_child"]; ok { // "Remove this child": the form again without that block
			return s.removeChild(w, r, f, in)
		}
		if action == "add_child" { // "Add another child": the form again with one more block, nothing saved
			v, err := s.Intake.Unsaved(r.Context(), s.actor(r), in)
			if err != nil {
				return s.draftMoved(w, r, err, kind, id)
			}
			return s.renderRequestForm(w, r, http.StatusOK, v, formKey, views.NewForm(v.Answers), intake.ChildrenShown(v.Answers, f.Text("children"), true))
		}
		remove := f.OptionalID("remove_attachment", "Choose a document to remove")
		if remove != nil {
			in.Remove = *remove
		}
		in.Check = action != "draft" && remove == nil
		if r.MultipartForm != nil {
			in.Files = uploads(r.MultipartForm.File["files"])
		}
		v, err := s.Intake.SaveDraft(r.Context(), s.actor(r), in)
		if errors.Is(err, intake.ErrNotDraft) || errors.Is(err, intake.ErrIncomplete) { // sent meanwhile, from another tab
			return s.draftMoved(w, r, err, kind, id)
		}
		form := views.NewForm(v.Answers)
		if v.ID != 0 {
			formKey = "" // saved: the draft's own address is the form's from now on
		}
		to, done := views.RequestSaved(p.Slug, kind, v.ID, action == "draft", remove != nil)
		return s.settle(w, r, form, f.Err(err), func(w http.ResponseWriter, r *http.Request, status int, form views.Form) error {
			return s.renderRequestForm(w, r, status, v, formKey, form, intake.ChildrenShown(v.Answers, f.Text("children"), false))
		}, to, done)
	}
}

// removeChild shows the form in again without the child block its "Remove this child" names: the
// children after it move up a block with their answers, everything else typed is kept, and nothing
// is saved, as with "Add another child". A block the form did not show, or the first, is not
// removed: the form comes back as it was, saying so.
func (s *Server) removeChild(w http.ResponseWriter, r *http.Request, f *form.Reader, in intake.SaveInput) error {
	shown := intake.ChildrenShown(in.Answers, f.Text("children"), false)
	n, err := strconv.Atoi(strings.TrimSpace(f.Text("remove_child")))
	answers, ok := intake.RemoveChild(in.Answers, n, shown)
	if err != nil {
		ok = false
	}
	in.Answers = answers
	v, err := s.Intake.Unsaved(r.Context(), s.actor(r), in)
	if err != nil {
		return s.draftMoved(w, r, err, in.Kind, in.ID)
	}
	fv := views.NewForm(v.Answers)
	if !ok {
		fv.AddError("remove_child", "Remove a child with the \u201cRemove this child\u201d button under their details")
		return s.renderRequestForm(w, r, http.StatusUnprocessableEntity, v, in.FormKey, fv, shown)
	}
	return s.renderRequestForm(w, r, http.StatusOK, v, in.FormKey, fv, intake.ChildrenShown(v.Answers, strconv.Itoa(shown-1), false))
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

// uploadsTooLarge answers a form with documents whose body is over its limit, saying what the
// upload forms accept.
func (s *Server) uploadsTooLarge(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Connection", "close")
	s.errorPage(w, r, http.StatusRequestEntityTooLarge, views.UploadsTooLarge())
}

// checkRequest shows the person's own draft's answers to check and send; a draft not ready goes
// back to its form, a sent one to its confirmation.
func (s *Server) checkRequest(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.Intake.CheckDraft(r.Context(), s.actor(r), id, pathKind(r))
	if err != nil {
		return s.draftMoved(w, r, err, v.Kind, id)
	}
	cv := views.NewCheckAnswers(currentPartnership(r).Slug, v)
	return s.render(w, r, http.StatusOK, views.CheckAnswers(s.requestPage(w, r, "Check your answers", v.Kind), cv))
}

// submitRequest sends the person's own draft; sending it again makes nothing new (intake.Service.Submit).
func (s *Server) submitRequest(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	req, err := s.Intake.Submit(r.Context(), s.actor(r), p, id, pathKind(r))
	if err != nil {
		return s.draftMoved(w, r, err, req.Kind, id)
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
	pg := s.requestPage(w, r, "Request sent", req.Kind)
	return s.render(w, r, http.StatusOK, views.Confirmation(pg, req.Kind.Label(), req.Reference, paths.MySubmissions(p.Slug), urgentAdvice(p, req)))
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
