package server

import (
	"net/http"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/form"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/internal/sharing"
	"github.com/scp-portal/portal/web/paths"
	"github.com/scp-portal/portal/web/views"
)

// sharedList is what partnerships in agreement share with the page's partnership.
func (s *Server) sharedList(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.ViewShared, access.Object{PartnershipID: p.ID}, "shared_record", ""); err != nil {
		return err
	}
	q := r.URL.Query()
	list, err := s.Sharing.SharedWith(r.Context(), p.ID, form.ParsePaging(q))
	if err != nil {
		return err
	}
	agreeHref := ""
	if may(r, access.AgreeSharing) {
		agreeHref = paths.SharingAgreements(p.Slug)
	}
	return s.render(w, r, http.StatusOK, views.SharedList(s.page(w, r, "Shared with us"), views.NewSharedRows(p.Slug, list.Rows),
		views.NewPager(paths.Shared(p.Slug), q, list.Page, list.More), agreeHref))
}

// sharedKind reads the kind of record named in the path: an unknown one is not found.
func sharedKind(r *http.Request) (sharing.Kind, error) {
	k, ok := sharing.KindBySlug(urlParam(r, "kind"))
	if !ok {
		return k, sharing.ErrNotFound
	}
	return k, nil
}

// sharedRecord is one record another partnership shares with the page's; anything it does not
// share is not found here.
func (s *Server) sharedRecord(w http.ResponseWriter, r *http.Request) error {
	p, id, err := s.record(r, "id", access.ViewShared, "shared_record")
	if err != nil {
		return err
	}
	k, err := sharedKind(r)
	if err != nil {
		return err
	}
	rec, err := s.Sharing.SharedRecord(r.Context(), p.ID, k, id)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, views.SharedRecordPage(s.page(w, r, rec.Title), views.NewSharedRecordView(p.Slug, rec)))
}

// shareRecord shares one of the partnership's records with the partnerships it has agreed with
// (share=yes), or stops sharing it, and goes back to the record.
func (s *Server) shareRecord(w http.ResponseWriter, r *http.Request) error {
	p, id, f, err := s.recordForm(r, "id", access.ShareRecord, "shared_record")
	if err != nil {
		return err
	}
	k, err := sharedKind(r)
	if err != nil {
		return err
	}
	share := f.Text("share") == "yes"
	if err := s.Sharing.Share(r.Context(), s.actor(r), k, id, share); err != nil {
		return err
	}
	done := "It is no longer shared"
	if share {
		done = "It is shared with the partnerships this partnership has agreed to share with"
	}
	return s.redirectWithFlash(w, r, k.Own(p.Slug, id), done)
}

// shareControl is the share button of the partnership's record id of kind k, for those who may
// share it (nil for others).
func (s *Server) shareControl(r *http.Request, kindSlug string, id int64) (*views.ShareControl, error) {
	p := currentPartnership(r)
	if !may(r, access.ShareRecord) {
		return nil, nil
	}
	k, _ := sharing.KindBySlug(kindSlug)
	shared, err := s.Sharing.IsShared(r.Context(), p.ID, k, id)
	if err != nil {
		return nil, err
	}
	return &views.ShareControl{Action: paths.ShareRecord(p.Slug, k.Slug, id), Shared: shared}, nil
}

// joinForm asks someone with an account, by the link e-mailed to them, to agree to join the
// partnership that invited them.
func (s *Server) joinForm(w http.ResponseWriter, r *http.Request) error {
	token := urlParam(r, "token")
	j, err := s.Identity.Joining(r.Context(), token)
	if err != nil {
		return s.badLink(w, r, err)
	}
	v := views.NewJoinPartnership(token, j.Email, j.PartnershipName)
	return s.render(w, r, http.StatusOK, views.ConfirmPage(s.page(w, r, v.Heading), v))
}

// join records the person's agreement and takes them to the partnership's home (signing in first
// when they are not).
func (s *Server) join(w http.ResponseWriter, r *http.Request) error {
	j, err := s.Identity.AgreeToJoin(r.Context(), s.actor(r), urlParam(r, "token"))
	if err != nil {
		return s.badLink(w, r, err)
	}
	return s.redirectWithFlash(w, r, paths.MemberHome(j.PartnershipSlug), "You have joined "+j.PartnershipName)
}

// sharingAgreements is the business unit's page of the partnerships it agrees to share with.
func (s *Server) sharingAgreements(w http.ResponseWriter, r *http.Request) error {
	return s.partnershipPage(w, r, access.AgreeSharing, "partnership", s.renderAgreements)
}

func (s *Server) renderAgreements(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p := currentPartnership(r)
	agreements, err := s.Sharing.Agreements(r.Context(), p.ID)
	if err != nil {
		return err
	}
	return s.render(w, r, status, views.SharingAgreements(s.page(w, r, errorTitle("Sharing with other partnerships", f)), f,
		views.NewAgreementRows(agreements), paths.SharingAgreements(p.Slug)))
}

// agreeSharing records the partnership's agreement to share with another (agree=yes), or
// withdraws it.
func (s *Server) agreeSharing(w http.ResponseWriter, r *http.Request) error {
	return s.partnershipPost(w, r, access.AgreeSharing, "partnership", s.renderAgreements, func(f *form.Reader, p partnership.Partnership) (string, string, error) {
		with := f.ID("partnership", "Choose a partnership")
		agree := f.Text("agree") == "yes"
		err := f.Attempt(nil, func() error { return s.Sharing.Agree(r.Context(), s.actor(r), with, agree) })
		done := "The agreement to share has been withdrawn"
		if agree {
			done = "The partnership agrees to share: sharing starts when the other partnership agrees too"
		}
		return paths.SharingAgreements(p.Slug), done, err
	})
}
