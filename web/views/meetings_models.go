package views

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/meetings"
	"github.com/scp-portal/portal/web/paths"
)

// NewMeetingsPage is body b's meetings with the form to plan one: people are who may attend,
// kinds what its agenda is built from. canManage shows the form.
func NewMeetingsPage(slug string, b meetings.Body, list []meetings.Meeting, people []meetings.Person, kinds app.Choices,
	canManage bool) MeetingsView {
	v := MeetingsView{Body: b.Name, Action: paths.Meetings(slug), AgendaHint: agendaHint(kinds), CanManage: canManage}
	for _, m := range list {
		v.Rows = append(v.Rows, MeetingRow{Href: paths.Meeting(slug, m.ID), Title: m.Title, HeldOn: m.HeldOn,
			Attendees: strings.Join(m.Attendees, ", "), Items: m.Items})
	}
	for _, pe := range people {
		v.People = append(v.People, Option{Value: strconv.FormatInt(pe.ID, 10), Label: pe.Name})
	}
	return v
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

// NewMeetingPage is meeting d of body b: its agenda in sections, linking each item to what it is
// about, and the decisions taken there. canManage shows the minutes form.
func NewMeetingPage(slug string, b meetings.Body, d meetings.Detail, canManage bool) MeetingPageView {
	v := MeetingPageView{Body: b.Name, Title: d.Title, HeldOn: d.HeldOn, Attendees: strings.Join(d.Attendees, ", "),
		Action: paths.MeetingMinutes(slug, d.ID), CanManage: canManage}
	for _, sec := range d.Sections {
		vs := AgendaSection{Heading: sec.Kind.Label}
		for _, it := range sec.Items {
			vs.Items = append(vs.Items, AgendaItem{ID: it.ID, Href: paths.AgendaItem(slug, it.Kind, it.RefID, d.ID),
				Title: it.Title, Minute: it.Minute})
		}
		v.Sections = append(v.Sections, vs)
	}
	for _, dec := range d.Decisions {
		v.Decisions = append(v.Decisions, ThreadStep{When: d.HeldOn, Kind: dec.Reference, Title: dec.Label,
			Href: paths.AgendaItem(slug, dec.Kind, dec.RefID, 0), Detail: dec.Outcome})
	}
	return v
}

// MinutesForm is meeting d's minutes form as saved: a minute per agenda item, and the version to
// save over.
func MinutesForm(d meetings.Detail) Form {
	f := NewForm(nil)
	f.Values.Set("version", strconv.Itoa(d.Version))
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
