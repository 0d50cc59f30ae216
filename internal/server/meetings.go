package server

import (
	"errors"
	"net/http"
	"strings"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/form"
	"github.com/scp-portal/portal/internal/meetings"
	"github.com/scp-portal/portal/web/paths"
	"github.com/scp-portal/portal/web/views"
)

// engineRoom returns the partnership's Engine Room, the body whose meetings the /{slug}/meetings
// pages are: a partnership without one has no meetings pages (not found).
func (s *Server) engineRoom(r *http.Request) (meetings.Body, error) {
	return s.Meetings.BodyOfKind(r.Context(), currentPartnership(r).ID, "engine_room")
}

// meetings lists the Engine Room's meetings, with the form to plan one.
func (s *Server) meetings(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.ViewLearning, learningObject(p), "meeting", ""); err != nil {
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
	v := views.NewMeetingsPage(p.Slug, b, list, people, s.Meetings.Kinds(b), may(r, access.ManageLearning))
	return s.render(w, r, status, views.Meetings(s.page(w, r, errorTitle(b.Name+" meetings", f)), f, v))
}

// createMeeting plans a meeting, building its agenda from what awaits a decision on the day.
func (s *Server) createMeeting(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.ManageLearning, learningObject(p), "meeting", ""); err != nil {
		return err
	}
	return s.postFromPage(w, r, s.renderMeetings, func(f *form.Reader) (string, string, error) {
		b, err := s.engineRoom(r)
		if err != nil {
			return "", "", err
		}
		in := meetings.Input{PartnershipID: p.ID, BodyID: b.ID, Title: f.Text("title"), HeldOn: f.Date("held_on", "the date"),
			Attendees: f.IDs("attendees", "Choose the attendees from the list"), Other: f.Lines("other_items")}
		_, err = in.Validate() // with what could not be read, so that one page shows every problem
		var id int64
		err = f.Attempt(err, func() (err error) {
			id, err = s.Meetings.Create(r.Context(), s.actor(r), in)
			return err
		})
		return paths.Meeting(p.Slug, id), "The meeting has been planned, with its agenda", err
	})
}

// meetingPage shows a meeting's agenda with its minutes and the decisions taken there.
func (s *Server) meetingPage(w http.ResponseWriter, r *http.Request) error {
	_, _, err := s.record(r, "id", access.ViewLearning, "meeting")
	if err != nil {
		return err
	}
	return s.renderMeeting(w, r, http.StatusOK, views.Form{})
}

// renderMeeting shows the meeting in the path with f, the minutes as posted when a save was
// refused (the writer's text, and the version to save over next), or (the zero Form) as saved.
func (s *Server) renderMeeting(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	p := currentPartnership(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	b, err := s.engineRoom(r)
	if err != nil {
		return err
	}
	d, err := s.Meetings.Meeting(r.Context(), b, id)
	if err != nil {
		return err
	}
	if f.Values == nil {
		f = views.MinutesForm(d)
	}
	v := views.NewMeetingPage(p.Slug, b, d, may(r, access.ManageLearning))
	return s.render(w, r, status, views.MeetingPage(s.page(w, r, errorTitle(d.Title, f)), f, v))
}

// saveMinutes stores the minute of each agenda item, refusing to overwrite someone else's newer minutes.
func (s *Server) saveMinutes(w http.ResponseWriter, r *http.Request) error {
	p, id, err := s.record(r, "id", access.ManageLearning, "meeting")
	if err != nil {
		return err
	}
	return s.postFromPage(w, r, s.renderMeeting, func(f *form.Reader) (string, string, error) {
		b, err := s.engineRoom(r)
		if err != nil {
			return "", "", err
		}
		minutes := map[int64]string{}
		for k, vals := range f.Values {
			if rest, ok := strings.CutPrefix(k, "minute-"); ok && len(vals) == 1 {
				if itemID, ok := form.ParseID(rest); ok {
					minutes[itemID] = vals[0]
				}
			}
		}
		err = s.Meetings.SaveMinutes(r.Context(), s.actor(r), meetings.MinutesInput{BodyID: b.ID, MeetingID: id, Version: f.Version(), Minutes: minutes})
		return paths.Meeting(p.Slug, id), "The minutes have been saved", err
	})
}

// recentMeetings are the Engine Room's meetings of the last month, for triage's "decided at"
// question: none for a partnership without an Engine Room.
func (s *Server) recentMeetings(r *http.Request) ([]meetings.Meeting, error) {
	b, err := s.engineRoom(r)
	if errors.Is(err, meetings.ErrNoBody) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return s.Meetings.Recent(r.Context(), b)
}
