package server

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/documents"
	"github.com/scp-portal/portal/web/views"
)

// publicDoc reads the document of a public page: {doc} in the path, or the arrangements on
// /{slug}/arrangements. Anyone may read it; only published versions are ever shown.
func (s *Server) publicDoc(r *http.Request) (documents.Document, error) {
	p := currentPartnership(r)
	if err := s.authorize(r, access.ViewPublic, access.Object{PartnershipID: p.ID}, "document", urlParam(r, "doc")); err != nil {
		return documents.Document{}, err
	}
	return s.Documents.PublicDocument(r.Context(), p.ID, urlParam(r, "doc"))
}

// publicDocument is the current version of a published document, with its history.
func (s *Server) publicDocument(w http.ResponseWriter, r *http.Request) error {
	return s.renderPublicVersion(w, r, 0)
}

// publicVersion is one published version of a document.
func (s *Server) publicVersion(w http.ResponseWriter, r *http.Request) error {
	n, err := strconv.Atoi(urlParam(r, "number"))
	if err != nil || n < 1 {
		return documents.ErrNotFound
	}
	return s.renderPublicVersion(w, r, n)
}

func (s *Server) renderPublicVersion(w http.ResponseWriter, r *http.Request, number int) error {
	doc, err := s.publicDoc(r)
	if err != nil {
		return err
	}
	pub, err := s.Documents.Published(r.Context(), doc, number)
	if err != nil {
		return err
	}
	p := currentPartnership(r)
	v := views.NewPublicDocument(p.Slug, pub)
	if doc.Kind == documents.Arrangements && v.Current {
		b, ok, err := s.Budget.InForce(r.Context(), p.ID, p.YearStarts)
		if err != nil {
			return err
		}
		if ok {
			v = views.WithFunding(v, b)
		}
	}
	title := doc.Title
	if !v.Current {
		title += ", version " + strconv.Itoa(v.Number)
	}
	return s.render(w, r, http.StatusOK, views.PublicDocumentPage(s.page(w, r, title), v))
}

// documentChanges shows what changed between two published versions (?from=&to=, by number);
// without them, between the current version and the one before.
func (s *Server) documentChanges(w http.ResponseWriter, r *http.Request) error {
	doc, err := s.publicDoc(r)
	if err != nil {
		return err
	}
	from, _ := strconv.Atoi(r.URL.Query().Get("from"))
	to, _ := strconv.Atoi(r.URL.Query().Get("to"))
	if from < 1 || to < 1 {
		cur, err := s.Documents.Published(r.Context(), doc, 0)
		if err != nil {
			return err
		}
		to, from = cur.Version.Number, cur.Version.Number
		if len(cur.History) > 1 {
			from = cur.History[1].Number
		}
	}
	c, err := s.Documents.Compare(r.Context(), doc, from, to)
	if err != nil {
		return err
	}
	v := views.NewChanges(currentPartnership(r).Slug, c)
	return s.render(w, r, http.StatusOK, views.ChangesPage(s.page(w, r, "What changed: "+doc.Title), v))
}

// currentArrangements are the partnership's published arrangements, which its public page is
// drawn from; nil when none is published yet.
func (s *Server) currentArrangements(r *http.Request) (*documents.Public, error) {
	p := currentPartnership(r)
	doc, err := s.Documents.PublicDocument(r.Context(), p.ID, "")
	if errors.Is(err, documents.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	pub, err := s.Documents.Published(r.Context(), doc, 0)
	if errors.Is(err, documents.ErrNotFound) {
		return nil, nil
	}
	return &pub, err
}
