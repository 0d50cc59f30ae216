package bulletins

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/training"
	"github.com/scp-portal/portal/web/paths"
)

// Item is one thing a bulletin tells its readers about: something the partnership published, with
// a link to its public page.
type Item struct {
	Kind    string    `json:"kind"` // one of Kinds
	Title   string    `json:"title"`
	Summary string    `json:"summary,omitempty"` // plain words, shortened
	Path    string    `json:"path"`              // the public page, from web/paths
	On      time.Time `json:"on"`
}

// Kinds are the sorts of item a bulletin carries, in the order it shows them.
var Kinds = []struct{ Value, Heading string }{
	{"learning", "Learning from reviews"},
	{"document", "New and updated documents"},
	{"training", "Training dates"},
}

// Window is what a bulletin covers: the month [From, To) it reports what was published in, and
// the moment Now it is composed (previewed or sent), from which its training dates are to come.
type Window struct {
	From, To, Now time.Time
}

// Source gathers the items of one kind that partnership pid (slug) published in window w: a
// bounded list, public things only.
type Source func(ctx context.Context, q database.Querier, pid int64, slug string, w Window) ([]Item, error)

// Sources are what a bulletin is composed from. Each reads its own domain's public records; the
// training programme's dates come through training.Upcoming, so nothing here reads its tables.
var Sources = []Source{learningSummaries, newDocuments, trainingDates}

// trainingMonths is how far ahead a bulletin announces training: the sessions and learning events
// starting from when it is composed until this many months after the month it covers.
const trainingMonths = 2

// perSource is the most items one source gives a bulletin.
const perSource = 20

// summaryLength is how much of a summary an item carries, in characters.
const summaryLength = 400

// learningSummaries are the learning summaries of the local CSPRs published in the month.
func learningSummaries(ctx context.Context, q database.Querier, pid int64, slug string, w Window) ([]Item, error) {
	type row struct {
		ID        int64
		Reference string
		Summary   string
		On        time.Time
	}
	rows, err := database.All[row](ctx, q, "bulletins: learning summaries", `SELECT id, reference, learning_summary, published_on
		FROM local_cspr WHERE partnership_id = $1 AND published_on >= $2 AND published_on < $3
		ORDER BY published_on, id LIMIT $4`, pid, w.From, w.To, perSource)
	items := make([]Item, 0, len(rows))
	for _, r := range rows {
		items = append(items, Item{Kind: "learning", Title: "Learning from local review " + r.Reference, Summary: shorten(r.Summary),
			Path: paths.PublishedReview(slug, r.ID), On: r.On})
	}
	return items, err
}

// newDocuments are the versions of the partnership's documents published in the month.
func newDocuments(ctx context.Context, q database.Querier, pid int64, slug string, w Window) ([]Item, error) {
	type row struct {
		Slug   string
		Title  string
		Number int
		On     time.Time
	}
	rows, err := database.All[row](ctx, q, "bulletins: new documents", `SELECT d.slug, d.title, v.number, v.published_on
		FROM document_version v JOIN document d ON d.id = v.document_id
		WHERE v.partnership_id = $1 AND v.published_on >= $2 AND v.published_on < $3
		ORDER BY v.published_on, v.id LIMIT $4`, pid, w.From, w.To, perSource)
	items := make([]Item, 0, len(rows))
	for _, r := range rows {
		items = append(items, Item{Kind: "document", Title: fmt.Sprintf("%s (version %d)", r.Title, r.Number),
			Path: paths.PublicDocument(slug, r.Slug), On: r.On})
	}
	return items, err
}

// trainingDates are the programme's sessions and learning events to come: from when the bulletin
// is composed (or its month's first day, if later) until trainingMonths after its month, soonest
// first.
func trainingDates(ctx context.Context, q database.Querier, pid int64, slug string, w Window) ([]Item, error) {
	from := w.From
	if w.Now.After(from) {
		from = w.Now
	}
	list, err := training.Upcoming(ctx, q, pid, from, w.To.AddDate(0, trainingMonths, 0), perSource)
	items := make([]Item, 0, len(list))
	for _, s := range list {
		title := s.CourseTitle
		if s.Kind == "learning_event" {
			title = "Learning event: " + title
		}
		starts, ends := s.StartsAt.In(app.London), s.EndsAt.In(app.London)
		items = append(items, Item{Kind: "training", Title: title, Path: paths.TrainingSession(slug, s.ID), On: s.StartsAt,
			Summary: fmt.Sprintf("%s, %s to %s, %s", starts.Format("Monday 2 January 2006"), app.Clock(starts), app.Clock(ends), shorten(s.Place))})
	}
	return items, err
}

// shorten cuts plain words to summaryLength characters at a space.
func shorten(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= summaryLength {
		return s
	}
	cut := string(r[:summaryLength])
	if i := strings.LastIndexByte(cut, ' '); i > summaryLength/2 {
		cut = cut[:i]
	}
	return cut + "…"
}

// Compose gathers what partnership pid (slug) published in month, and the training to come as at
// now, from every Source, in the order of Kinds: a draft's preview shows it, and sending freezes it.
func Compose(ctx context.Context, q database.Querier, pid int64, slug string, month, now time.Time) ([]Item, error) {
	w := Window{From: month, To: month.AddDate(0, 1, 0), Now: now}
	var all []Item
	for _, src := range Sources {
		items, err := src(ctx, q, pid, slug, w)
		if err != nil {
			return nil, err
		}
		all = append(all, items...)
	}
	ordered := make([]Item, 0, len(all))
	for _, k := range Kinds {
		for _, it := range all {
			if it.Kind == k.Value {
				ordered = append(ordered, it)
			}
		}
	}
	return ordered, nil
}

// Preview returns a draft's items as sending it now would freeze them.
func (s *Service) Preview(ctx context.Context, b Bulletin, slug string) ([]Item, error) {
	if !b.Draft() {
		return b.Items, nil
	}
	return Compose(ctx, s.DB, b.PartnershipID, slug, b.Month, s.Time())
}

// emailText is the plain text of bulletin b with items, for partnership name, up to where each
// subscriber's own unsubscribe link goes (head), and after it (tail).
func emailText(base, name string, b Bulletin, items []Item) (head, tail string) {
	var w strings.Builder
	fmt.Fprintf(&w, "%s\n%s, %s\n\n", b.Title, name, b.Month.Format("January 2006"))
	if b.Intro != "" {
		w.WriteString(b.Intro + "\n\n")
	}
	for _, k := range Kinds {
		first := true
		for _, it := range items {
			if it.Kind != k.Value {
				continue
			}
			if first {
				fmt.Fprintf(&w, "%s\n%s\n\n", k.Heading, strings.Repeat("-", len(k.Heading)))
				first = false
			}
			fmt.Fprintf(&w, "* %s (%s)\n", it.Title, it.On.Format("2 January 2006"))
			if it.Summary != "" {
				w.WriteString("  " + it.Summary + "\n")
			}
			w.WriteString("  " + base + it.Path + "\n\n")
		}
	}
	w.WriteString("You receive this bulletin because you subscribed to it and confirmed your address.\nTo stop receiving it, open this link: ")
	return w.String(), "\n"
}
