package server

import (
	"context"
	"net/http"
	"strconv"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/bulletins"
	"github.com/scp-portal/portal/internal/form"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/web/paths"
	"github.com/scp-portal/portal/web/views"
)

// bulletinArchive is the public archive of sent bulletins.
func (s *Server) bulletinArchive(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	q := r.URL.Query()
	list, err := s.Bulletins.Archive(r.Context(), p.ID, form.ParsePaging(q))
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, views.BulletinArchive(s.page(w, r, "E-bulletins"), views.NewBulletinArchive(p.Slug, list.Rows),
		views.NewPager(paths.Bulletins(p.Slug), q, list.Page, list.More)))
}

// publicBulletin is a sent bulletin in the archive; a draft is not found.
func (s *Server) publicBulletin(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	b, err := s.Bulletins.Sent(r.Context(), p.ID, id)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, views.BulletinPage(s.page(w, r, b.Title), views.NewBulletinView(p.Slug, b, b.Items)))
}

// bulletinSubscribeForm asks anyone for the address to send the bulletin to.
func (s *Server) bulletinSubscribeForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderBulletinSubscribe(w, r, http.StatusOK, views.NewForm(nil))
}

func (s *Server) renderBulletinSubscribe(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p := currentPartnership(r)
	return s.render(w, r, status, views.BulletinSubscribe(s.page(w, r, errorTitle("Subscribe to the e-bulletin", f)), f, paths.BulletinSubscribe(p.Slug)))
}

// bulletinSubscribe sends a confirmation link, saying the same whatever happened.
func (s *Server) bulletinSubscribe(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	f, err := form.Read(r)
	if err != nil {
		return err
	}
	email := f.Text("email")
	err = s.Bulletins.Subscribe(r.Context(), s.actor(r), p.ID, email)
	if status, ok := form.ShowErrors(&f.Form, err); ok {
		return s.renderBulletinSubscribe(w, r, status, f.Form)
	} else if err != nil {
		return err
	}
	return s.notice(w, r, http.StatusOK, views.BulletinRequested(p.Slug, email))
}

// bulletinLink answers a confirmation or unsubscribe link: a GET shows one button (following a
// link changes nothing: mail scanners follow them), check says whether the link works; a POST
// makes the change. A link that does not work is explained, 404. check and change are the
// bulletins service's methods for the link.
func (s *Server) bulletinLink(heading, intro, button string, check func(ctx context.Context, pid int64, secret string) error,
	change func(ctx context.Context, a app.Actor, pid int64, secret string) error,
	done func(slug string) views.Notice) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		p := currentPartnership(r)
		secret := urlParam(r, "token")
		var err error
		if r.Method == http.MethodPost {
			err = change(r.Context(), s.actor(r), p.ID, secret)
		} else {
			err = check(r.Context(), p.ID, secret)
		}
		if err != nil {
			return s.linkGone(w, r, err, views.BulletinLinkNotValid(p.Slug))
		}
		if r.Method == http.MethodPost {
			return s.notice(w, r, http.StatusOK, done(p.Slug))
		}
		return s.render(w, r, http.StatusOK, views.ConfirmPage(s.page(w, r, heading), views.Confirm{Heading: heading, Intro: intro, Action: r.URL.Path, Button: button}))
	}
}

// bulletinConfirm confirms a subscription through the link e-mailed to the address.
func (s *Server) bulletinConfirm() func(w http.ResponseWriter, r *http.Request) error {
	return s.bulletinLink("Confirm your subscription", "Confirm that you want to receive the partnership's monthly e-bulletin at this address.", "Confirm",
		s.Bulletins.CheckConfirmLink, s.Bulletins.Confirm, views.BulletinConfirmed)
}

// bulletinUnsubscribe ends a subscription through the link in any bulletin, without signing in.
func (s *Server) bulletinUnsubscribe() func(w http.ResponseWriter, r *http.Request) error {
	return s.bulletinLink("Unsubscribe from the e-bulletin", "You will receive no more bulletins, and your e-mail address will be deleted.", "Unsubscribe",
		s.Bulletins.CheckUnsubscribeLink, s.Bulletins.Unsubscribe, views.BulletinUnsubscribed)
}

// manageBulletins asks the policy whether the person composes bulletins here: before any bulletin
// is read, so that whoever may not is refused whatever the id.
func (s *Server) manageBulletins(r *http.Request, id string) (partnership.Partnership, error) {
	p := currentPartnership(r)
	return p, s.authorize(r, access.ManageBulletins, access.Object{PartnershipID: p.ID}, "bulletin", id)
}

// bulletinsList is the business unit's bulletins, drafts and sent, with the subscribers' numbers.
func (s *Server) bulletinsList(w http.ResponseWriter, r *http.Request) error {
	p, err := s.manageBulletins(r, "")
	if err != nil {
		return err
	}
	q := r.URL.Query()
	list, err := s.Bulletins.List(r.Context(), p.ID, form.ParsePaging(q))
	if err != nil {
		return err
	}
	confirmed, waiting, err := s.Bulletins.Subscribers(r.Context(), p.ID)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, views.BulletinsManage(s.page(w, r, "E-bulletins"), views.NewBulletinsManage(p.Slug, list.Rows, confirmed, waiting),
		views.NewPager(paths.BulletinsManage(p.Slug), q, list.Page, list.More)))
}

// newBulletinForm is the form to compose a bulletin.
func (s *Server) newBulletinForm(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.manageBulletins(r, ""); err != nil {
		return err
	}
	today := partnership.Today(s.Now())
	return s.renderNewBulletin(w, r, http.StatusOK, views.NewForm(map[string][]string{"month": {bulletins.MonthValue(today)}}))
}

func (s *Server) renderNewBulletin(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p := currentPartnership(r)
	return s.render(w, r, status, views.NewBulletin(s.page(w, r, errorTitle("Compose a bulletin", f)), f, paths.NewBulletin(p.Slug),
		views.BulletinMonths(partnership.Today(s.Now()))))
}

// bulletinInput reads a bulletin's fields.
func bulletinInput(f *form.Reader) bulletins.Input {
	return bulletins.Input{Title: f.Text("title"), Month: f.Text("month"), Intro: f.Text("intro"), Version: f.Version()}
}

// createBulletin saves a new draft.
func (s *Server) createBulletin(w http.ResponseWriter, r *http.Request) error {
	return s.partnershipPost(w, r, access.ManageBulletins, "bulletin", s.renderNewBulletin, func(f *form.Reader, p partnership.Partnership) (string, string, error) {
		in := bulletinInput(f)
		id, err := form.Attempted(f, in.Validate(), func() (int64, error) {
			return s.Bulletins.Create(r.Context(), s.actor(r), p.ID, in)
		})
		return paths.BulletinDraft(p.Slug, id), "The draft has been saved: check the preview, then send it", err
	})
}

// bulletinPage previews a bulletin for the business unit, with the forms of a draft.
func (s *Server) bulletinPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderBulletinPage(w, r, http.StatusOK, views.NewForm(nil))
}

// renderBulletinPage renders the bulletin in the path as it is now, with f, the form posted.
func (s *Server) renderBulletinPage(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p, id, err := s.record(r, "id", access.ManageBulletins, "bulletin")
	if err != nil {
		return err
	}
	b, err := s.Bulletins.Get(r.Context(), p.ID, id)
	if err != nil {
		return err
	}
	items, err := s.Bulletins.Preview(r.Context(), b, p.Slug)
	if err != nil {
		return err
	}
	confirmed, _, err := s.Bulletins.Subscribers(r.Context(), p.ID)
	if err != nil {
		return err
	}
	v := views.NewBulletinDraft(p.Slug, b, items, confirmed, partnership.Today(s.Now()))
	return s.render(w, r, status, views.BulletinDraft(s.page(w, r, errorTitle(b.Title, f)), views.BulletinForm(b, f), v))
}

// bulletinChange posts a change to the bulletin in the path, settling it on its page.
func (s *Server) bulletinChange(w http.ResponseWriter, r *http.Request, change func(f *form.Reader, pid, id int64) (string, error)) error {
	return s.recordPost(w, r, access.ManageBulletins, "bulletin", s.renderBulletinPage, func(f *form.Reader, p partnership.Partnership, id int64) (string, string, error) {
		done, err := change(f, p.ID, id)
		return paths.BulletinDraft(p.Slug, id), done, err
	})
}

// saveBulletin saves a draft's title, month and words.
func (s *Server) saveBulletin(w http.ResponseWriter, r *http.Request) error {
	return s.bulletinChange(w, r, func(f *form.Reader, pid, id int64) (string, error) {
		in := bulletinInput(f)
		return "The draft has been saved", f.Attempt(in.Validate(), func() error { return s.Bulletins.Save(r.Context(), s.actor(r), pid, id, in) })
	})
}

// sendBulletin sends a draft, once, to the confirmed subscribers.
func (s *Server) sendBulletin(w http.ResponseWriter, r *http.Request) error {
	return s.bulletinChange(w, r, func(f *form.Reader, pid, id int64) (string, error) {
		version := f.Version()
		var n int
		err := f.Attempt(nil, func() (err error) {
			n, err = s.Bulletins.Send(r.Context(), s.actor(r), pid, id, version)
			return err
		})
		return "The bulletin has been sent to " + strconv.Itoa(n) + " subscribers and is in the public archive", err
	})
}
