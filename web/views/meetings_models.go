package views

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/meetings"
	"github.com/scp-portal/portal/web/paths"
)

// NewMeetingsPage is body b's meetings, served under base, with the form to plan one: people are
// who may attend, partners who may chair, kinds what its agenda is built from. canManage shows the
// form, canReadLog the link to the body's decisions and actions; a meeting after today is not yet
// held, so neither quorate nor not.
func NewMeetingsPage(slug, base string, b meetings.Body, list []meetings.Meeting, people []meetings.Person, partners []meetings.Partner,
	kinds app.Choices, today time.Time, canManage, canReadLog bool) MeetingsView {
	v := MeetingsView{Body: b.Name, Action: base, AgendaHint: agendaHint(kinds), CanManage: canManage,
		People: personOptions(people), Chairs: chairOptions(partners)}
	if canReadLog {
		v.LogHref = paths.DecisionsLog(slug, b.ID)
	}
	for _, m := range list {
		v.Rows = append(v.Rows, MeetingRow{Href: paths.MeetingAt(base, m.ID), Title: m.Title, HeldOn: m.HeldOn,
			Attendees: strings.Join(m.Attendees, ", "), Items: m.Items, Chair: m.ChairName(), Quorate: m.Quorate(), Held: !m.HeldOn.After(today)})
	}
	return v
}

// personOptions are the people who may attend a body's meetings or own its actions, as options.
func personOptions(people []meetings.Person) []Option {
	opts := make([]Option, 0, len(people))
	for _, pe := range people {
		opts = append(opts, Option{Value: strconv.FormatInt(pe.ID, 10), Label: pe.Name})
	}
	return opts
}

// chairOptions are who may chair a meeting: the partner whose turn it is, the independent chair,
// or a statutory partner named.
func chairOptions(partners []meetings.Partner) []Option {
	opts := []Option{{Value: meetings.ChairByRota, Label: "The statutory partner whose turn it is on the chair rota"},
		{Value: meetings.ChairIndependent, Label: "The independent chair"}}
	for _, p := range partners {
		opts = append(opts, Option{Value: strconv.FormatInt(p.ID, 10), Label: p.Name})
	}
	return opts
}

// agendaHint says what a body's agenda is built from: the headings of the kinds its sources
// supply, in a sentence.
func agendaHint(kinds app.Choices) string {
	var from []string
	for _, k := range kinds {
		if k != meetings.Free {
			r, n := utf8.DecodeRuneInString(k.Label)
			from = append(from, string(unicode.ToLower(r))+k.Label[n:])
		}
	}
	switch len(from) {
	case 0:
		return "Add what the meeting is to discuss under other business."
	case 1:
		return "The agenda is built from what awaits a decision on the day: " + from[0] + "."
	}
	return "The agenda is built from what awaits a decision on the day: " + strings.Join(from[:len(from)-1], ", ") +
		" and " + from[len(from)-1] + "."
}

// NewMeetingPage is meeting d of body b, served under base: its agenda in sections, linking each
// item to what it is about, and the decisions taken there. canManage shows the minutes form,
// canDecide the forms to record attendance and decisions (at the body's own address), canReadLog
// the link to the body's log; people are who may attend and own an action, partners who may chair;
// today decides which actions are overdue and whether the meeting is held. An item or decision
// links to its record through linkTo, which returns the path of an item of a kind, or "" when the
// person may not open it.
func NewMeetingPage(slug, base string, b meetings.Body, d meetings.Detail, people []meetings.Person, partners []meetings.Partner,
	today time.Time, canManage, canDecide, canReadLog bool, linkTo func(kind, path string) string) MeetingPageView {
	v := MeetingPageView{Body: b.Name, Title: d.Title, HeldOn: d.HeldOn, Attendees: orNone(d.Attendees), Apologies: orNone(d.Apologies),
		Chair: d.ChairName(), Quorate: d.Quorate(), Missing: strings.Join(d.Missing, ", "), PapersOn: d.PapersOn,
		PapersWithheld: d.PapersWithheld, Action: paths.MeetingMinutesAt(base, d.ID), CanManage: canManage, Held: !d.HeldOn.After(today)}
	for _, p := range d.Partners {
		v.Partners = append(v.Partners, Option{Label: p.Name, Value: map[bool]string{true: "Represented", false: "Not represented"}[p.Represented]})
	}
	if canManage {
		v.AddItemAction = paths.MeetingItemsAt(base, d.ID)
	}
	log := paths.DecisionsLog(slug, b.ID)
	if canReadLog {
		v.LogHref = log
	}
	items := []Option{{Value: "", Label: "Choose an item"}}
	var empty []string // the headings with no item, named in one line under the agenda
	for _, sec := range d.Sections {
		vs := AgendaSection{Heading: sec.Kind.Label}
		for _, it := range sec.Items {
			href := linkTo(it.Kind, paths.AgendaItem(slug, it.Kind, it.RefID, d.ID))
			if it.Kind == meetings.OpenActionKind.Value && canReadLog {
				href = log + "#decision-" + strconv.FormatInt(it.RefID, 10)
			}
			title := it.Title
			if it.Withheld {
				title, href = "A confidential item, for the body's members only", ""
			}
			vs.Items = append(vs.Items, AgendaItem{ID: it.ID, Href: href, Title: title, Minute: it.Minute, Confidential: it.Confidential,
				Withheld: it.Withheld, Note: it.Note})
			if !it.Withheld {
				items = append(items, Option{Value: strconv.FormatInt(it.ID, 10), Label: sec.Kind.Label + ": " + truncate(it.Title, 80)})
			}
		}
		if len(vs.Items) > 0 {
			v.Sections = append(v.Sections, vs)
		} else {
			empty = append(empty, vs.Heading)
		}
	}
	switch {
	case len(v.Sections) == 0:
		v.Empty = "Nothing is on the agenda yet."
	case len(empty) > 0:
		v.Empty = "Nothing under " + strings.Join(empty, ", ") + "."
	}
	for _, dec := range d.Decisions {
		step := ThreadStep{When: d.HeldOn, Kind: dec.Reference, Title: dec.Label, Detail: dec.Outcome}
		step.Href = linkTo(dec.Kind, paths.AgendaItem(slug, dec.Kind, dec.RefID, 0))
		v.Decisions = append(v.Decisions, step)
	}
	for _, r := range d.Resolutions {
		v.Resolutions = append(v.Resolutions, decisionRow(slug, r, today, false))
	}
	if canDecide {
		v.Decide = &DecideForm{Action: paths.MeetingDecisions(slug, b.ID, d.ID), Items: items,
			Owners:           append([]Option{{Value: "", Label: "Choose a person"}}, personOptions(people)...),
			AttendanceAction: paths.MeetingAttendance(slug, b.ID, d.ID), People: personOptions(people), Chairs: chairOptions(partners)}
	}
	return v
}

// orNone joins names, or says there were none.
func orNone(names []string) string {
	if len(names) == 0 {
		return "None recorded"
	}
	return strings.Join(names, ", ")
}

// truncate shortens s to n characters, with an ellipsis.
func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// actionTags are the colours of an action's statuses.
var actionTags = map[string]string{"open": "", "overdue": "red", "done": "green"}

// decisionRow is a decision of a body as the log and a meeting's page list it; canComplete links
// to the form to mark it done.
// shownTo is decision r as a reader sees it: one who may not read confidential items (see false)
// learns there is a decision on one, with its owner and status, and not what it says.
func shownTo(r meetings.Resolution, see bool) meetings.Resolution {
	if r.Confidential && !see {
		r.Text, r.ItemTitle, r.DoneNote = "A confidential decision, for the body's members only", "a confidential item", ""
	}
	return r
}

func decisionRow(slug string, r meetings.Resolution, today time.Time, canComplete bool) DecisionRow {
	st := r.Status(today)
	row := DecisionRow{Anchor: "decision-" + strconv.FormatInt(r.ID, 10), Text: r.Text, Item: r.ItemTitle, Confidential: r.Confidential,
		Meeting: r.MeetingTitle + ", " + date(r.HeldOn), MeetingHref: paths.MeetingAt(paths.BodyMeetings(slug, r.BodyID), r.MeetingID),
		Owner: r.Owner, Due: r.DueOn, Status: meetings.Statuses.Label(st), StatusTag: actionTags[st], Note: r.DoneNote}
	if r.DoneOn != nil {
		row.Done = "Done " + date(*r.DoneOn) + " by " + r.DoneBy
	}
	if canComplete && r.DoneOn == nil {
		row.DoneHref = paths.ActionDone(slug, r.BodyID, r.ID)
	}
	return row
}

// MinutesForm is meeting d's minutes and attendance forms as saved: a minute per agenda item, who
// chaired, attended and sent apologies, and the version to save over.
func MinutesForm(d meetings.Detail) Form {
	f := NewForm(nil)
	f.Values.Set("version", strconv.Itoa(d.Version))
	for _, id := range d.AttendeeIDs {
		f.Values.Add("attendees", strconv.FormatInt(id, 10))
	}
	for _, id := range d.ApologyIDs {
		f.Values.Add("apologies", strconv.FormatInt(id, 10))
	}
	switch {
	case d.IndependentChair:
		f.Values.Set("chair", meetings.ChairIndependent)
	case d.ChairOrganisationID != nil:
		f.Values.Set("chair", strconv.FormatInt(*d.ChairOrganisationID, 10))
	default:
		f.Values.Set("chair", meetings.ChairByRota)
	}
	for _, sec := range d.Sections {
		for _, it := range sec.Items {
			f.Values.Set("minute-"+strconv.FormatInt(it.ID, 10), it.Minute)
		}
	}
	return f
}

// meetingOptions are the options of the meeting a decision was taken at, after "Not at a meeting".
func meetingOptions(list []meetings.Meeting) []Option {
	opts := []Option{{Value: "", Label: "Not at a meeting"}}
	for _, m := range list {
		opts = append(opts, Option{Value: strconv.FormatInt(m.ID, 10), Label: m.Title + ", " + date(m.HeldOn)})
	}
	return opts
}

// NewDecisionsLog is a page of body b's decisions and actions, filtered by query: people are who
// may own an action, seeConfidential whether the reader may read decisions on confidential items
// (the others show that there is one, and its owner and status), canComplete says of each whether
// the reader may mark it done.
func NewDecisionsLog(slug string, b meetings.Body, people []meetings.Person, query url.Values, page int, list []meetings.Resolution, total int,
	today time.Time, seeConfidential bool, canComplete func(meetings.Resolution) bool) DecisionsLogView {
	v := DecisionsLogView{Body: b.Name, Action: paths.DecisionsLog(slug, b.ID), MeetingsHref: paths.BodyMeetings(slug, b.ID),
		Statuses: Choices(meetings.Statuses, Option{Value: "", Label: "Any status"}),
		Owners:   append([]Option{{Value: "", Label: "Anyone"}}, personOptions(people)...)}
	for _, r := range list {
		row := decisionRow(slug, shownTo(r, seeConfidential), today, canComplete(r))
		v.Rows = append(v.Rows, row)
		if row.StatusTag == "red" {
			v.Overdue++
		}
	}
	first := (page-1)*meetings.LogPageSize + 1
	if total == 0 {
		v.Showing = "No decision matches."
	} else {
		v.Showing = fmt.Sprintf("Showing %d to %d of %d decisions: open actions first, the most overdue at the top.", first, first+len(list)-1, total)
	}
	pageHref := func(n int) string {
		pq := url.Values{}
		for k, vals := range query {
			pq[k] = vals
		}
		pq.Set("page", strconv.Itoa(n))
		return paths.WithValues(v.Action, pq)
	}
	if page > 1 {
		v.PrevHref = pageHref(page - 1)
	}
	if page*meetings.LogPageSize < total {
		v.NextHref = pageHref(page + 1)
	}
	return v
}

// NewActionDone is the form to mark action r of body b done.
func NewActionDone(slug string, b meetings.Body, r meetings.Resolution, today time.Time) ActionDoneView {
	return ActionDoneView{Body: b.Name, Action: paths.ActionDone(slug, b.ID, r.ID), Decision: decisionRow(slug, r, today, false),
		LogHref: paths.DecisionsLog(slug, b.ID)}
}
