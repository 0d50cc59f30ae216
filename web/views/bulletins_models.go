package views

import (
	"net/url"
	"strconv"
	"time"

	"github.com/scp-portal/portal/internal/bulletins"
	"github.com/scp-portal/portal/internal/markdown"
	"github.com/scp-portal/portal/web/paths"
)

// BulletinRow is a bulletin in a list: the public archive or the business unit's.
type BulletinRow struct {
	Href       string
	Title      string
	Month      string
	Status     string
	Draft      bool
	SentAt     *time.Time
	Recipients int
}

// bulletinRows lists bulletins, each linking to href(id).
func bulletinRows(list []bulletins.Bulletin, href func(int64) string) []BulletinRow {
	rows := make([]BulletinRow, 0, len(list))
	for _, b := range list {
		rows = append(rows, BulletinRow{Href: href(b.ID), Title: b.Title, Month: b.Month.Format("January 2006"),
			Status: bulletins.Statuses.Label(b.Status), Draft: b.Draft(), SentAt: b.SentAt, Recipients: b.Recipients})
	}
	return rows
}

// BulletinArchiveView is the public archive of sent bulletins, with the link to subscribe.
type BulletinArchiveView struct {
	Rows          []BulletinRow
	SubscribeHref string
}

// NewBulletinArchive is the archive page of partnership slug.
func NewBulletinArchive(slug string, sent []bulletins.Bulletin) BulletinArchiveView {
	return BulletinArchiveView{Rows: bulletinRows(sent, func(id int64) string { return paths.Bulletin(slug, id) }),
		SubscribeHref: paths.BulletinSubscribe(slug)}
}

// BulletinItemGroup is the items of one kind, under its heading.
type BulletinItemGroup struct {
	Heading string
	Items   []BulletinItemView
}

// BulletinItemView is one item, linking to its public page.
type BulletinItemView struct {
	Title   string
	Summary string
	Href    string
	On      time.Time
}

// bulletinGroups groups items by kind in the order bulletins.Kinds gives.
func bulletinGroups(items []bulletins.Item) []BulletinItemGroup {
	var groups []BulletinItemGroup
	for _, k := range bulletins.Kinds {
		g := BulletinItemGroup{Heading: k.Heading}
		for _, it := range items {
			if it.Kind == k.Value {
				g.Items = append(g.Items, BulletinItemView{Title: it.Title, Summary: it.Summary, Href: it.Path, On: it.On})
			}
		}
		if len(g.Items) > 0 {
			groups = append(groups, g)
		}
	}
	return groups
}

// BulletinView is a bulletin as its readers see it: the business unit's words and the items.
type BulletinView struct {
	Title         string
	Month         string
	SentAt        *time.Time
	Intro         markdown.Sanitised
	Groups        []BulletinItemGroup
	SubscribeHref string
}

// NewBulletinView is bulletin b with items (frozen when sent; composed now for a draft's preview).
func NewBulletinView(slug string, b bulletins.Bulletin, items []bulletins.Item) BulletinView {
	return BulletinView{Title: b.Title, Month: b.Month.Format("January 2006"), SentAt: b.SentAt, Intro: markdown.Render(b.Intro),
		Groups: bulletinGroups(items), SubscribeHref: paths.BulletinSubscribe(slug)}
}

// BulletinsManageView is the business unit's list of bulletins, with the subscribers' numbers.
type BulletinsManageView struct {
	Rows      []BulletinRow
	Confirmed int
	Waiting   int
	NewHref   string
	Archive   string
}

// NewBulletinsManage is the business unit's bulletins page.
func NewBulletinsManage(slug string, list []bulletins.Bulletin, confirmed, waiting int) BulletinsManageView {
	return BulletinsManageView{Rows: bulletinRows(list, func(id int64) string { return paths.BulletinDraft(slug, id) }),
		Confirmed: confirmed, Waiting: waiting, NewHref: paths.NewBulletin(slug), Archive: paths.Bulletins(slug)}
}

// BulletinDraftView is one bulletin for the business unit: its preview and, while a draft, the
// forms to change and send it.
type BulletinDraftView struct {
	Preview    BulletinView
	Draft      bool
	Recipients int
	Confirmed  int // who sending now would reach
	Version    int
	Months     []Option
	SaveAction string
	SendAction string
	PublicHref string
}

// NewBulletinDraft is bulletin b previewed with items, for confirmed subscribers.
func NewBulletinDraft(slug string, b bulletins.Bulletin, items []bulletins.Item, confirmed int, today time.Time) BulletinDraftView {
	return BulletinDraftView{Preview: NewBulletinView(slug, b, items), Draft: b.Draft(), Recipients: b.Recipients, Confirmed: confirmed,
		Version: b.Version, Months: BulletinMonths(today), SaveAction: paths.BulletinDraft(slug, b.ID), SendAction: paths.BulletinSend(slug, b.ID),
		PublicHref: paths.Bulletin(slug, b.ID)}
}

// BulletinMonths are the months a bulletin may cover, for the form.
func BulletinMonths(today time.Time) []Option { return Choices(bulletins.MonthChoices(today)) }

// BulletinForm is the bulletin's form as saved, with what was posted (and its problems) over it.
func BulletinForm(b bulletins.Bulletin, posted Form) Form {
	q := url.Values{"title": {b.Title}, "month": {bulletins.MonthValue(b.Month)}, "intro": {b.Intro}, "version": {strconv.Itoa(b.Version)}}
	for k, v := range posted.Values {
		q[k] = v
	}
	f := NewForm(q)
	f.Errors = posted.Errors
	return f
}

// Notices of subscribing, shown after a public form or link.

// BulletinRequested says a confirmation link is on its way, the same whatever happened.
func BulletinRequested(slug, email string) Notice {
	return Notice{Title: "Check your e-mail", Heading: "Check your e-mail",
		Paragraphs: []string{"If " + email + " is not already subscribed, we have sent it a link to confirm the subscription. The link works for 7 days.",
			"You will receive nothing until you confirm."},
		LinkText: "Read past bulletins", LinkHref: paths.Bulletins(slug)}
}

// BulletinConfirmed says the subscription is confirmed.
func BulletinConfirmed(slug string) Notice {
	return Notice{Title: "Subscribed", Heading: "You are subscribed",
		Paragraphs: []string{"You will receive the next bulletin. Every bulletin has a link to unsubscribe."},
		LinkText:   "Read past bulletins", LinkHref: paths.Bulletins(slug)}
}

// BulletinUnsubscribed says the address is forgotten.
func BulletinUnsubscribed(slug string) Notice {
	return Notice{Title: "Unsubscribed", Heading: "You have unsubscribed",
		Paragraphs: []string{"You will receive no more bulletins, and we have deleted your e-mail address."},
		LinkText:   "Read past bulletins", LinkHref: paths.Bulletins(slug)}
}

// BulletinLinkNotValid explains a confirmation or unsubscribe link that does not work.
func BulletinLinkNotValid(slug string) Notice {
	return Notice{Title: "Link not valid", Heading: "This link has expired or has already been used",
		Paragraphs: []string{"A confirmation link works once, for 7 days. An unsubscribe link stops working once you have unsubscribed."},
		LinkText:   "Subscribe again", LinkHref: paths.BulletinSubscribe(slug)}
}

// WithBulletins adds to a partnership's public page the link to its e-bulletins.
func WithBulletins(v PartnershipPublicView, slug string) PartnershipPublicView {
	v.Bulletins = paths.Bulletins(slug)
	return v
}
