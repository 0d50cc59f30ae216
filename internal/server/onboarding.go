package server

import (
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/form"
	"github.com/scp-portal/portal/internal/onboarding"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/web/paths"
	"github.com/scp-portal/portal/web/views"
)

// newPartnershipForm shows the system administrator's form to create a partnership.
func (s *Server) newPartnershipForm(w http.ResponseWriter, r *http.Request) error {
	if err := s.authorize(r, access.CreatePartnership, access.Object{}, "partnership", ""); err != nil {
		return err
	}
	return s.showNewPartnership(w, r, http.StatusOK, views.NewForm(nil))
}

// showNewPartnership shows the form with a status.
func (s *Server) showNewPartnership(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	return s.render(w, r, status, views.NewPartnershipForm(s.page(w, r, errorTitle("Create a partnership", f)), f, paths.CreatePartnership()))
}

// createPartnership creates a partnership with its bodies and invites its first business unit
// officer.
func (s *Server) createPartnership(w http.ResponseWriter, r *http.Request) error {
	if err := s.authorize(r, access.CreatePartnership, access.Object{}, "partnership", ""); err != nil {
		return err
	}
	f, err := form.Read(r)
	if err != nil {
		return err
	}
	in := onboarding.PartnershipInput{NewPartnership: partnership.NewPartnership{Slug: f.Text("slug"), Name: f.Text("name"),
		ShortName: f.Text("short_name"), Area: f.Text("area"), Colour: f.Text("colour")},
		OfficerName: f.Text("officer_name"), OfficerEmail: f.Text("officer_email"), OfficerJobTitle: f.Text("officer_job_title")}
	c, err := form.Attempted(f, nil, func() (onboarding.Created, error) {
		return s.Onboarding.CreatePartnership(r.Context(), s.actor(r), in)
	})
	return s.settle(w, r, f.Form, err, s.showNewPartnership, paths.SystemHome(),
		fmt.Sprintf("%s has been created, and an invitation sent to %s", c.Partnership.Name, c.OfficerEmail))
}

// directoryImportPage shows the import page: the template, its columns and the upload.
func (s *Server) directoryImportPage(w http.ResponseWriter, r *http.Request) error {
	if err := s.authorize(r, access.ImportDirectory, access.Object{PartnershipID: currentPartnership(r).ID}, "directory_import", ""); err != nil {
		return err
	}
	return s.showDirectoryImport(w, r, http.StatusOK, views.NewForm(nil), nil)
}

// showDirectoryImport shows the import page with a status and the problems of the file refused.
func (s *Server) showDirectoryImport(w http.ResponseWriter, r *http.Request, status int, f views.Form, problems []onboarding.Problem) error {
	v := views.NewDirectoryImport(currentPartnership(r).Slug, problems)
	return s.render(w, r, status, views.DirectoryImport(s.page(w, r, errorTitle("Import organisations and people", f)), f, v))
}

// directoryTemplate downloads the import's template: its heading row.
func (s *Server) directoryTemplate(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.ImportDirectory, access.Object{PartnershipID: p.ID}, "directory_import", ""); err != nil {
		return err
	}
	return s.writeCSV(w, r, p.Slug+"-directory-template.csv", onboarding.Headings(), func(func([]string) error) error { return nil })
}

// checkDirectory reads the uploaded file and checks it whole: refused, the import page again with
// every problem; right, staged and shown for confirmation.
func (s *Server) checkDirectory(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.ImportDirectory, access.Object{PartnershipID: p.ID}, "directory_import", ""); err != nil {
		return err
	}
	f, err := form.ReadMultipart(r, onboarding.MaxFileBytes+1)
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	if err != nil {
		return err
	}
	name, content, err := uploadedFile(r, "file")
	if err != nil {
		return err
	}
	var pv onboarding.Preview
	if content == nil {
		err = app.InvalidField("file", "Choose the CSV file to import")
	} else {
		pv, err = s.Onboarding.Check(r.Context(), s.actor(r), p, name, content)
	}
	if status, ok := form.ShowErrors(&f.Form, err); ok {
		return s.showDirectoryImport(w, r, status, f.Form, pv.Problems)
	}
	if err != nil {
		return err
	}
	return s.redirectWithFlash(w, r, paths.DirectoryStaged(p.Slug, pv.ID), "")
}

// uploadedFile reads the first file of a form's file input, at most one byte over the import's
// limit (so a larger one is known as such without being read whole); nil content is no file.
func uploadedFile(r *http.Request, field string) (string, []byte, error) {
	if r.MultipartForm == nil || len(r.MultipartForm.File[field]) == 0 {
		return "", nil, nil
	}
	fh := r.MultipartForm.File[field][0]
	file, err := fh.Open()
	if err != nil {
		return "", nil, err
	}
	defer file.Close()
	content, err := io.ReadAll(io.LimitReader(file, onboarding.MaxFileBytes+1))
	if err != nil {
		return "", nil, err
	}
	if content == nil {
		content = []byte{}
	}
	return fh.Filename, content, nil
}

// stagedDirectory shows what a checked file adds, with the button that imports it.
func (s *Server) stagedDirectory(w http.ResponseWriter, r *http.Request) error {
	p, id, err := s.record(r, "id", access.ImportDirectory, "directory_import")
	if err != nil {
		return err
	}
	pv, err := s.Onboarding.Staged(r.Context(), p, id)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, views.DirectoryPreview(s.page(w, r, "Check what the file adds"), views.NewDirectoryPreview(p.Slug, pv)))
}

// importDirectory makes what a checked file holds, in one transaction.
func (s *Server) importDirectory(w http.ResponseWriter, r *http.Request) error {
	p, id, err := s.record(r, "id", access.ImportDirectory, "directory_import")
	if err != nil {
		return err
	}
	done, err := s.Onboarding.Import(r.Context(), s.actor(r), p, id)
	var refused *onboarding.ImportRefused
	if errors.As(err, &refused) {
		pv := onboarding.Preview{ID: id, Problems: refused.Problems}
		return s.render(w, r, http.StatusUnprocessableEntity, views.DirectoryPreview(s.page(w, r, "Error: Check what the file adds"),
			views.NewDirectoryPreview(p.Slug, pv)))
	}
	if err != nil {
		return err
	}
	return s.redirectWithFlash(w, r, paths.Users(p.Slug)+"?status=invited", fmt.Sprintf("Imported %d organisations and invited %d people",
		done.Organisations, done.People))
}
