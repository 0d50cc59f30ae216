package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/documents"
	"github.com/scp-portal/portal/internal/form"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/internal/signoff"
	"github.com/scp-portal/portal/web/paths"
	"github.com/scp-portal/portal/web/views"
)

// documentsList lists the partnership's documents, with the form to add one.
func (s *Server) documentsList(w http.ResponseWriter, r *http.Request) error {
	return s.partnershipPage(w, r, access.ViewDocumentDrafts, "document", s.renderDocuments)
}

func (s *Server) renderDocuments(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p := currentPartnership(r)
	rows, err := s.Documents.List(r.Context(), p.ID)
	if err != nil {
		return err
	}
	v := views.NewDocuments(p.Slug, rows, may(r, access.ManageDocuments))
	return s.render(w, r, status, views.DocumentsPage(s.page(w, r, errorTitle("Documents", f)), f, v))
}

// createDocument adds a document with its first version to draft.
func (s *Server) createDocument(w http.ResponseWriter, r *http.Request) error {
	return s.partnershipPost(w, r, access.ManageDocuments, "document", s.renderDocuments, func(f *form.Reader, p partnership.Partnership) (string, string, error) {
		in := documents.CreateInput{Kind: f.Text("kind"), Title: f.Text("title"), Slug: f.Text("slug")}
		_, err := in.Validate()
		var version int64
		err = f.Attempt(err, func() (err error) {
			_, version, err = s.Documents.Create(r.Context(), s.actor(r), in)
			return err
		})
		return paths.DocumentVersion(p.Slug, version), "The document has been added: write its first version", err
	})
}

// documentPage shows a document with its versions.
func (s *Server) documentPage(w http.ResponseWriter, r *http.Request) error {
	return s.recordPage(w, r, access.ViewDocumentDrafts, "document", s.renderDocument)
}

func (s *Server) renderDocument(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p := currentPartnership(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := s.Documents.Document(r.Context(), p.ID, id)
	if err != nil {
		return err
	}
	v := views.NewDocument(p.Slug, d, may(r, access.ManageDocuments), s.Documents.Today())
	if !f.Values.Has("review_months") {
		f.Values.Set("first_review_months", strconv.Itoa(d.FirstReviewMonths))
		f.Values.Set("review_months", strconv.Itoa(d.ReviewMonths))
	}
	return s.render(w, r, status, views.DocumentPage(s.page(w, r, errorTitle(d.Title, f)), f, v))
}

// setSchedule changes when a document's reviews fall due.
func (s *Server) setSchedule(w http.ResponseWriter, r *http.Request) error {
	return s.recordPost(w, r, access.ManageDocuments, "document", s.renderDocument, func(f *form.Reader, p partnership.Partnership, id int64) (string, string, error) {
		months := func(name string) int {
			n, err := strconv.Atoi(strings.TrimSpace(f.Text(name)))
			if err != nil {
				return 0 // not a number: the domain names the problem
			}
			return n
		}
		err := s.Documents.SetSchedule(r.Context(), s.actor(r), documents.ScheduleInput{DocumentID: id,
			FirstReviewMonths: months("first_review_months"), ReviewMonths: months("review_months")})
		return paths.PublishingDocument(p.Slug, id), "The review schedule has been saved", err
	})
}

// draftVersion starts the next version of a document, copying the newest.
func (s *Server) draftVersion(w http.ResponseWriter, r *http.Request) error {
	return s.recordPost(w, r, access.ManageDocuments, "document", s.renderDocument, func(f *form.Reader, p partnership.Partnership, id int64) (string, string, error) {
		version, err := s.Documents.DraftNext(r.Context(), s.actor(r), id)
		return paths.DocumentVersion(p.Slug, version), "The new version has been started as a copy of the newest", err
	})
}

// version loads the version in the path and asks the policy whether the person may do action to
// it. Its signers (the lead representatives and delegates of the partners still to sign) are its
// participants, so a lead representative reads and signs what is put to them. Someone outside the
// partnership is refused before anything is read.
func (s *Server) version(r *http.Request, action access.Action) (documents.VersionPage, error) {
	p := currentPartnership(r)
	id, err := pathID(r, "id")
	if err != nil {
		return documents.VersionPage{}, err
	}
	obj := access.Object{PartnershipID: p.ID}
	where := strconv.FormatInt(id, 10)
	if subject(r).PartnershipID != p.ID {
		return documents.VersionPage{}, s.authorize(r, action, obj, "document_version", where)
	}
	vp, err := s.Documents.VersionPage(r.Context(), p.ID, id)
	if err != nil {
		return vp, err
	}
	obj.Participants = vp.Signers
	return vp, s.authorize(r, action, obj, "document_version", where)
}

// versionPage shows a version with its sections, its sign-off and the steps the person may take.
func (s *Server) versionPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderVersion(w, r, http.StatusOK, views.NewForm(nil))
}

func (s *Server) renderVersion(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p := currentPartnership(r)
	vp, err := s.version(r, access.ViewDocumentDrafts)
	if err != nil {
		return err
	}
	can := views.VersionAbilities{Manage: may(r, access.ManageDocuments)}
	orgs, err := s.Documents.SignsFor(r.Context(), p.ID, subject(r).UserID, vp.SignOff)
	if err != nil {
		return err
	}
	can.SignFor = views.SignForOptions(vp.SignOff, orgs)
	v := views.NewVersion(p.Slug, vp, can)
	title := vp.Document.Title + ", version " + strconv.Itoa(vp.Version.Number)
	return s.render(w, r, status, views.VersionPage(s.page(w, r, errorTitle(title, f)), f, v))
}

// sectionForm is the form changing one section of a draft.
func (s *Server) sectionForm(w http.ResponseWriter, r *http.Request) error {
	if _, _, err := s.record(r, "id", access.ManageDocuments, "document_version"); err != nil {
		return err
	}
	return s.renderSectionForm(w, r, http.StatusOK, views.Form{})
}

// renderSectionForm shows the section in the path with f, as posted, or (the zero Form) as saved.
func (s *Server) renderSectionForm(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p := currentPartnership(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	sectionID, err := pathID(r, "sectionID")
	if err != nil {
		return err
	}
	doc, ver, sec, err := s.Documents.Section(r.Context(), p.ID, id, sectionID)
	if err != nil {
		return err
	}
	v, fresh := views.NewSectionForm(p.Slug, doc, ver, sec)
	if f.Values == nil {
		f = fresh
	}
	return s.render(w, r, status, views.SectionFormPage(s.page(w, r, errorTitle("Change a section", f)), f, v))
}

// saveSection saves a section of a draft, refusing to overwrite someone else's newer save.
func (s *Server) saveSection(w http.ResponseWriter, r *http.Request) error {
	p, id, err := s.record(r, "id", access.ManageDocuments, "document_version")
	if err != nil {
		return err
	}
	sectionID, err := pathID(r, "sectionID")
	if err != nil {
		return err
	}
	return s.postFromPage(w, r, s.renderSectionForm, func(f *form.Reader) (string, string, error) {
		_, err := s.Documents.SaveSection(r.Context(), s.actor(r), documents.SectionInput{VersionID: id, SectionID: sectionID,
			Heading: f.Text("heading"), Body: f.Text("body"), Version: f.Version()})
		return paths.DocumentVersion(p.Slug, id), "The section has been saved", err
	})
}

// addSection adds a section at the end of a draft.
func (s *Server) addSection(w http.ResponseWriter, r *http.Request) error {
	return s.recordPost(w, r, access.ManageDocuments, "document_version", s.renderVersion, func(f *form.Reader, p partnership.Partnership, id int64) (string, string, error) {
		_, err := s.Documents.SaveSection(r.Context(), s.actor(r), documents.SectionInput{VersionID: id, Heading: f.Text("heading"), Body: f.Text("body")})
		return paths.DocumentVersion(p.Slug, id), "The section has been added", err
	})
}

// submitVersion puts a draft to the statutory partners for sign-off.
func (s *Server) submitVersion(w http.ResponseWriter, r *http.Request) error {
	return s.recordPost(w, r, access.ManageDocuments, "document_version", s.renderVersion, func(f *form.Reader, p partnership.Partnership, id int64) (string, string, error) {
		err := s.Documents.Submit(r.Context(), s.actor(r), id)
		return paths.DocumentVersion(p.Slug, id), "The version has been submitted to the statutory partners for sign-off", err
	})
}

// signVersion records the person's sign-off of a version for a statutory partner.
func (s *Server) signVersion(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	vp, err := s.version(r, access.SignOff)
	if err != nil {
		return err
	}
	return s.postFromPage(w, r, s.renderVersion, func(f *form.Reader) (string, string, error) {
		org := f.ID("organisation", "Choose the partner you sign off for")
		err := f.Attempt(nil, func() error { return s.Documents.Sign(r.Context(), s.actor(r), vp.Version.ID, org) })
		return paths.SignOffs(p.Slug), "You have signed off " + vp.Document.Title + ", version " + strconv.Itoa(vp.Version.Number), err
	})
}

// publishVersion publishes a signed-off version with its dates.
func (s *Server) publishVersion(w http.ResponseWriter, r *http.Request) error {
	return s.recordPost(w, r, access.ManageDocuments, "document_version", s.renderVersion, func(f *form.Reader, p partnership.Partnership, id int64) (string, string, error) {
		in := documents.PublishInput{VersionID: id, PublishedOn: f.Date("published_on", "the publication date"),
			EffectiveOn: f.Date("effective_on", "the date it takes effect")}
		err := f.Attempt(nil, func() error { return s.Documents.Publish(r.Context(), s.actor(r), in) })
		return paths.DocumentVersion(p.Slug, id), "The version has been published", err
	})
}

// reopenVersion voids a version's sign-off, with a reason, so that it can change.
func (s *Server) reopenVersion(w http.ResponseWriter, r *http.Request) error {
	return s.recordPost(w, r, access.ManageDocuments, "document_version", s.renderVersion, func(f *form.Reader, p partnership.Partnership, id int64) (string, string, error) {
		err := s.Documents.Reopen(r.Context(), s.actor(r), id, f.Text("reason"))
		return paths.DocumentVersion(p.Slug, id), "The version has been reopened: its sign-offs no longer count", err
	})
}

// signOffs lists what awaits the person's sign-off, as a lead representative or delegate, and who
// signs for each statutory partner.
func (s *Server) signOffs(w http.ResponseWriter, r *http.Request) error {
	return s.partnershipPage(w, r, access.ViewSignOffs, "signoff", s.renderSignOffs)
}

func (s *Server) renderSignOffs(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p := currentPartnership(r)
	list, err := s.Documents.Awaiting(r.Context(), p.ID, subject(r).UserID)
	if err != nil {
		return err
	}
	o, err := s.SignOff.Overview(r.Context(), p.ID, subject(r).UserID)
	if err != nil {
		return err
	}
	v := views.NewSignOffs(p.Slug, list, o, may(r, access.ManageOrganisation))
	return s.render(w, r, status, views.SignOffsPage(s.page(w, r, errorTitle("Awaiting your sign-off", f)), f, v))
}

// nameDelegate records a lead representative naming someone to sign off in their stead.
func (s *Server) nameDelegate(w http.ResponseWriter, r *http.Request) error {
	return s.partnershipPost(w, r, access.ViewSignOffs, "signoff_delegate", s.renderSignOffs, func(f *form.Reader, p partnership.Partnership) (string, string, error) {
		in := signoff.DelegateInput{OrganisationID: f.ID("organisation", "Choose the partner you lead"), Person: f.ID("person", "Choose the delegate"),
			From: f.Date("from", "the first day"), Until: f.OptionalDate("until", "the day it ends")}
		err := f.Attempt(nil, func() error { return s.SignOff.NameDelegate(r.Context(), s.actor(r), in) })
		return paths.SignOffs(p.Slug), "The delegate has been named", err
	})
}

// setLeadRepresentative records the business unit naming a statutory partner's lead representative.
func (s *Server) setLeadRepresentative(w http.ResponseWriter, r *http.Request) error {
	return s.partnershipPost(w, r, access.ManageOrganisation, "organisation", s.renderSignOffs, func(f *form.Reader, p partnership.Partnership) (string, string, error) {
		org, person := f.ID("lead_organisation", "Choose the partner"), f.ID("lead_person", "Choose the lead representative")
		err := f.Attempt(nil, func() error { return s.SignOff.SetLeadRepresentative(r.Context(), s.actor(r), org, person) })
		return paths.SignOffs(p.Slug), "The lead representative has been named", err
	})
}
