package server

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/meetings"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/web/paths"
	"github.com/scp-portal/portal/web/views"
)

// engineRoomKind is the kind of body whose meetings the /{slug}/meetings pages are.
const engineRoomKind = "engine_room"

// engineRoom returns the partnership's Engine Room: a partnership without one has no meetings
// pages (not found).
func (s *Server) engineRoom(r *http.Request) (meetings.Body, error) {
	return s.Meetings.BodyOfKind(r.Context(), currentPartnership(r).ID, engineRoomKind)
}

// meetings lists the Engine Room's meetings, with the form to plan one.
func (s *Server) meetings(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.ViewLearning, access.Object{PartnershipID: p.ID}, "meeting", ""); err != nil {
		return err
	}
	return s.renderMeetings(w, r, http.StatusOK, views.NewForm(nil))
}

func (s *Server) renderMeetings(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p := currentPartnership(r)
	b, err := s.engineRoom(r)
	if err != nil {
		return err
	}
	list, err := s.Meetings.Meetings(r.Context(), b)
	if err != nil {
		return err
	}
	people, err := s.Meetings.People(r.Context(), b)
	if err != nil {
		return err
	}
	v := views.MeetingsView{Body: b.Name, Action: paths.Meetings(p.Slug), AgendaHint: agendaHint(s.Meetings.Kinds(b)),
		CanManage: access.Decide(subject(r), access.ManageLearning, access.Object{PartnershipID: p.ID}).Allowed}
	for _, m := range list {
		v.Rows = append(v.Rows, views.MeetingRow{Href: paths.Meeting(p.Slug, m.ID), Title: m.Title, HeldOn: m.HeldOn,
			Attendees: strings.Join(m.Attendees, ", "), Items: m.Items})
	}
	for _, pe := range people {
		v.People = append(v.People, views.Option{Value: strconv.FormatInt(pe.ID, 10), Label: pe.Name})
	}
	return s.render(w, r, status, views.Meetings(s.page(w, r, errorTitle(b.Name+" meetings", f)), f, v))
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

// createMeeting plans a meeting, building its agenda from what awaits a decision on the day.
func (s *Server) createMeeting(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.ManageLearning, access.Object{PartnershipID: p.ID}, "meeting", ""); err != nil {
		return err
	}
	f, err := readForm(r)
	if err != nil {
		return err
	}
	b, err := s.engineRoom(r)
	if err != nil {
		return err
	}
	in := meetings.Input{PartnershipID: p.ID, BodyID: b.ID, Title: f.Text("title"), HeldOn: f.Date("held_on", "the date"),
		Attendees: f.IDs("attendees", "Choose the attendees from the list"), Other: f.Lines("other_items")}
	// The input is checked with what could not be read before anything is planned, so that one
	// page shows every problem.
	_, err = in.Validate()
	var id int64
	err = f.Attempt(err, func() (err error) {
		id, err = s.Meetings.Create(r.Context(), s.actor(r), in)
		return err
	})
	if err != nil {
		status, ok := formError(&f.Form, err)
		if !ok {
			return err
		}
		return s.renderMeetings(w, r, status, f.Form)
	}
	return s.redirectWithFlash(w, r, paths.Meeting(p.Slug, id), "The meeting has been planned, with its agenda")
}

// meetingPage shows a meeting's agenda with its minutes and the decisions taken there.
func (s *Server) meetingPage(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.authorize(r, access.ViewLearning, access.Object{PartnershipID: p.ID}, "meeting", strconv.FormatInt(id, 10)); err != nil {
		return err
	}
	return s.renderMeeting(w, r, http.StatusOK, id, nil)
}

// renderMeeting shows the meeting with its minutes as saved, or as posted when a save was
// refused (posted keeps the writer's text, and the version to save over next).
func (s *Server) renderMeeting(w http.ResponseWriter, r *http.Request, status int, id int64, posted *views.Form) error {
	p := currentPartnership(r)
	b, err := s.engineRoom(r)
	if err != nil {
		return err
	}
	d, err := s.Meetings.Meeting(r.Context(), b, id)
	if err != nil {
		return err
	}
	v := views.MeetingPageView{Body: b.Name, Title: d.Title, HeldOn: d.HeldOn, Attendees: strings.Join(d.Attendees, ", "),
		Action: paths.MeetingMinutes(p.Slug, id), CanManage: access.Decide(subject(r), access.ManageLearning, access.Object{PartnershipID: p.ID}).Allowed}
	f := views.NewForm(nil)
	f.Values.Set("version", strconv.Itoa(d.Version))
	for _, sec := range d.Sections {
		vs := views.AgendaSection{Heading: sec.Kind.Label}
		for _, it := range sec.Items {
			f.Values.Set("minute-"+strconv.FormatInt(it.ID, 10), it.Minute)
			vs.Items = append(vs.Items, views.AgendaItem{ID: it.ID, Href: paths.AgendaItem(p.Slug, it.Kind, it.RefID, id),
				Title: it.Title, Minute: it.Minute})
		}
		v.Sections = append(v.Sections, vs)
	}
	for _, dec := range d.Decisions {
		v.Decisions = append(v.Decisions, views.ThreadStep{When: d.HeldOn, Kind: dec.Reference, Title: dec.Label,
			Href: paths.AgendaItem(p.Slug, dec.Kind, dec.RefID, 0), Detail: dec.Outcome})
	}
	if posted != nil {
		f = *posted
	}
	return s.render(w, r, status, views.MeetingPage(s.page(w, r, errorTitle(d.Title, f)), f, v))
}

// saveMinutes stores the minute written against each agenda item, refusing to overwrite minutes
// someone else saved since the page was loaded.
func (s *Server) saveMinutes(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.authorize(r, access.ManageLearning, access.Object{PartnershipID: p.ID}, "meeting", strconv.FormatInt(id, 10)); err != nil {
		return err
	}
	f, err := readForm(r)
	if err != nil {
		return err
	}
	b, err := s.engineRoom(r)
	if err != nil {
		return err
	}
	minutes := map[int64]string{}
	for k, vals := range f.Values {
		if rest, ok := strings.CutPrefix(k, "minute-"); ok && len(vals) == 1 {
			if itemID, ok := parseID(rest); ok {
				minutes[itemID] = vals[0]
			}
		}
	}
	err = s.Meetings.SaveMinutes(r.Context(), s.actor(r), meetings.MinutesInput{BodyID: b.ID, MeetingID: id, Version: f.Version(), Minutes: minutes})
	if err != nil {
		status, ok := formError(&f.Form, err)
		if !ok {
			return err
		}
		return s.renderMeeting(w, r, status, id, &f.Form)
	}
	return s.redirectWithFlash(w, r, paths.Meeting(p.Slug, id), "The minutes have been saved")
}

// recentMeetings are the options of the "decided at" question of triage: the Engine Room's
// meetings of the last month.
func (s *Server) recentMeetings(r *http.Request, p partnership.Partnership) ([]views.Option, error) {
	opts := []views.Option{{Value: "", Label: "Not at a meeting"}}
	b, err := s.Meetings.BodyOfKind(r.Context(), p.ID, engineRoomKind)
	if errors.Is(err, meetings.ErrNoBody) {
		return opts, nil
	}
	if err != nil {
		return nil, err
	}
	list, err := s.Meetings.Recent(r.Context(), b)
	if err != nil {
		return nil, err
	}
	for _, m := range list {
		opts = append(opts, views.Option{Value: strconv.FormatInt(m.ID, 10), Label: m.Title + ", " + m.HeldOn.Format("2 January 2006")})
	}
	return opts, nil
}
