package server

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/form"
	"github.com/scp-portal/portal/internal/meetings"
	"github.com/scp-portal/portal/web/paths"
	"github.com/scp-portal/portal/web/views"
)

// meetingsPlace is where a body's meetings are served: the body, the address they live under,
// what the policy is asked to read (view) and plan (manage) them, and the body as the policy sees
// it (its current members), for its confidential items.
type meetingsPlace struct {
	body         meetings.Body
	base         string
	view, manage access.Action
	object       access.Object // what view and manage are asked about
	bodyObject   access.Object // the body with its members
}

// placeOf finds the place of the request's meetings pages and asks the policy whether the person
// may do need (view or manage) there.
type placeOf func(r *http.Request, need func(meetingsPlace) access.Action) (meetingsPlace, error)

func needView(pl meetingsPlace) access.Action   { return pl.view }
func needManage(pl meetingsPlace) access.Action { return pl.manage }

// engineRoomPlace is the Engine Room's meetings at /{slug}/meetings, read and planned as part of
// the learning loop (so the Executive, who oversees the loop, reads them there).
func (s *Server) engineRoomPlace(r *http.Request, need func(meetingsPlace) access.Action) (meetingsPlace, error) {
	p := currentPartnership(r)
	pl := meetingsPlace{base: paths.Meetings(p.Slug), view: access.ViewLearning, manage: access.ManageLearning, object: learningObject(p)}
	if err := s.authorize(r, need(pl), pl.object, "meeting", urlParam(r, "id")); err != nil {
		return pl, err
	}
	b, err := s.engineRoom(r)
	if err != nil {
		return pl, err
	}
	return s.withMembers(r, pl, b)
}

// bodyPlace is the meetings of the body in the path, at /{slug}/bodies/{bodyID}/meetings: read by
// its members, the business unit and independent scrutiny, planned by its members and the business
// unit.
func (s *Server) bodyPlace(r *http.Request, need func(meetingsPlace) access.Action) (meetingsPlace, error) {
	id, err := pathID(r, "bodyID")
	if err != nil {
		return meetingsPlace{}, err
	}
	b, err := s.Meetings.BodyByID(r.Context(), currentPartnership(r).ID, id)
	if err != nil {
		return meetingsPlace{}, err
	}
	return s.placeOfBody(r, need, b)
}

// executivePlace is the Executive's meetings at /{slug}/executive/meetings, the navigation's
// "Meetings" for its members: the body's own place (bodyPlace), found by its kind.
func (s *Server) executivePlace(r *http.Request, need func(meetingsPlace) access.Action) (meetingsPlace, error) {
	b, err := s.Meetings.BodyOfKind(r.Context(), currentPartnership(r).ID, meetings.ExecutiveKind)
	if err != nil {
		return meetingsPlace{}, err
	}
	return s.placeOfBody(r, need, b)
}

// placeOfBody is body b's meetings, at their address under /{slug}/bodies/.
func (s *Server) placeOfBody(r *http.Request, need func(meetingsPlace) access.Action, b meetings.Body) (meetingsPlace, error) {
	pl, err := s.withMembers(r, meetingsPlace{base: paths.BodyMeetings(currentPartnership(r).Slug, b.ID),
		view: access.ViewMeetings, manage: access.ManageMeetings}, b)
	if err != nil {
		return pl, err
	}
	pl.object = pl.bodyObject
	return pl, s.authorize(r, need(pl), pl.object, "body", strconv.FormatInt(b.ID, 10))
}

// withMembers puts body b, with its current members, in the place.
func (s *Server) withMembers(r *http.Request, pl meetingsPlace, b meetings.Body) (meetingsPlace, error) {
	members, err := s.Meetings.Members(r.Context(), b)
	pl.body = b
	pl.bodyObject = access.Object{PartnershipID: b.PartnershipID, Participants: members}
	return pl, err
}

// bodyMeetingLinks are the addresses of a body's meetings and its decisions log, for its page:
// none when the person may not read them.
func (s *Server) bodyMeetingLinks(r *http.Request, bodyID int64) (meetingsHref, logHref string, err error) {
	p := currentPartnership(r)
	b, err := s.Meetings.BodyByID(r.Context(), p.ID, bodyID)
	if err != nil {
		return "", "", err
	}
	return s.meetingLinks(r, b)
}

// meetingLinks are the addresses of b's meetings and decisions log, or none when the person may
// not read them.
func (s *Server) meetingLinks(r *http.Request, b meetings.Body) (meetingsHref, logHref string, err error) {
	p := currentPartnership(r)
	pl, err := s.withMembers(r, meetingsPlace{}, b)
	if err != nil || !allowed(r, access.ViewMeetings, pl.bodyObject) {
		return "", "", err
	}
	return paths.BodyMeetings(p.Slug, b.ID), paths.DecisionsLog(p.Slug, b.ID), nil
}

// engineRoom returns the partnership's Engine Room, the body whose meetings the /{slug}/meetings
// pages are: a partnership without one has no meetings pages (not found).
func (s *Server) engineRoom(r *http.Request) (meetings.Body, error) {
	return s.Meetings.BodyOfKind(r.Context(), currentPartnership(r).ID, "engine_room")
}

// showMeetings lists a body's meetings, with the form to plan one.
func (s *Server) showMeetings(at placeOf) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		return s.meetingsPage(at)(w, r, http.StatusOK, views.NewForm(nil))
	}
}

// meetingsPage renders the list of meetings at a place with form f, to those who may read them.
func (s *Server) meetingsPage(at placeOf) formPage {
	return func(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
		pl, err := at(r, needView)
		if err != nil {
			return err
		}
		b := pl.body
		list, err := s.Meetings.Meetings(r.Context(), b)
		if err != nil {
			return err
		}
		people, err := s.Meetings.People(r.Context(), b)
		if err != nil {
			return err
		}
		partners, err := s.Meetings.Partners(r.Context(), b)
		if err != nil {
			return err
		}
		if f.Values.Get("papers_days") == "" {
			f.Values.Set("papers_days", strconv.Itoa(meetings.DefaultPapersDays))
		}
		v := views.NewMeetingsPage(currentPartnership(r).Slug, pl.base, b, list, people, partners, s.Meetings.Kinds(b), s.Meetings.Today(),
			allowed(r, pl.manage, pl.object), allowed(r, access.ViewMeetings, pl.bodyObject))
		return s.render(w, r, status, views.Meetings(s.page(w, r, errorTitle(b.Name+" meetings", f)), f, v))
	}
}

// planMeeting plans a meeting, building its agenda from what awaits the body on the day.
func (s *Server) planMeeting(at placeOf) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		pl, err := at(r, needManage)
		if err != nil {
			return err
		}
		return s.postFromPage(w, r, s.meetingsPage(at), func(f *form.Reader) (string, string, error) {
			papers := 0
			if text := f.Text("papers_days"); text != "" {
				if papers, err = strconv.Atoi(text); err != nil {
					papers = -1 // out of range: the domain names the problem
				}
			}
			in := meetings.Input{PartnershipID: pl.body.PartnershipID, BodyID: pl.body.ID, Title: f.Text("title"), HeldOn: f.Date("held_on", "the date"),
				Attendees: f.IDs("attendees", "Choose the attendees from the list"), Apologies: f.IDs("apologies", "Choose who sent apologies from the list"),
				Chair: f.Text("chair"), PapersDays: papers, Other: f.Lines("other_items"), Confidential: f.Lines("confidential_items")}
			_, err := in.Validate() // with what could not be read, so that one page shows every problem
			id, err := form.Attempted(f, err, func() (int64, error) {
				return s.Meetings.Create(r.Context(), s.actor(r), in)
			})
			return paths.MeetingAt(pl.base, id), "The meeting has been planned, with its agenda", err
		})
	}
}

// showMeeting shows a meeting's agenda with its minutes and the decisions taken there.
func (s *Server) showMeeting(at placeOf) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		return s.meetingPageAt(at)(w, r, http.StatusOK, views.Form{})
	}
}

// meetingPageAt renders the meeting in the path, to those who may read it, with f: the minutes or
// the decision as posted when a save was refused, or (the zero Form) as saved.
func (s *Server) meetingPageAt(at placeOf) formPage {
	return func(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
		pl, err := at(r, needView)
		if err != nil {
			return err
		}
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		canManage := allowed(r, pl.manage, pl.object)
		d, err := s.Meetings.MeetingFor(r.Context(), pl.body, id, meetings.Viewer{
			Confidential: allowed(r, access.ViewConfidential, pl.bodyObject), Planner: canManage})
		if err != nil {
			return err
		}
		people, err := s.Meetings.People(r.Context(), pl.body)
		if err != nil {
			return err
		}
		partners, err := s.Meetings.Partners(r.Context(), pl.body)
		if err != nil {
			return err
		}
		// The minutes as saved, under what was posted (minutes or a decision) and its problems.
		saved := views.MinutesForm(d)
		for k, vals := range f.Values {
			saved.Values[k] = vals
		}
		saved.Errors = f.Errors
		f = saved
		linkTo := func(kind, path string) string {
			if a, ok := agendaReads[kind]; ok {
				return link(r, a, access.Object{PartnershipID: currentPartnership(r).ID}, path)
			}
			return ""
		}
		v := views.NewMeetingPage(currentPartnership(r).Slug, pl.base, pl.body, d, people, partners, s.Meetings.Today(), canManage,
			allowed(r, access.ManageMeetings, pl.bodyObject), allowed(r, access.ViewMeetings, pl.bodyObject), linkTo)
		return s.render(w, r, status, views.MeetingPage(s.page(w, r, errorTitle(d.Title, f)), f, v))
	}
}

// agendaReads are the actions that open the page of each kind of agenda item (agendas.Sources),
// asked of the partnership as a whole: an item links to its record only for those who may open
// every record of its kind. A kind not here is listed without a link: a disagreement, for one
// not managing the register, and a rapid review, whose signers reach it from their sign-offs.
var agendaReads = map[string]access.Action{
	"request": access.ViewInbox, "commission": access.ViewLearning, "action": access.ViewLearning, "evidence": access.ViewLearning,
	"report": access.ViewReport, "yearly_report": access.ViewReport, "scrutiny": access.ViewScrutinyReports,
	"challenge": access.ViewChallenges, "escalated_challenge": access.ViewChallenges, "dispute": access.ListDisputes,
	"appointment": access.ViewLocalReview, "publication": access.ViewLocalReview, "document_version": access.ViewDocumentDrafts,
	"cspr_request": access.ViewInbox, "open_rapid_review": access.ManageReview,
}

// minute stores the minute of each agenda item, refusing to overwrite someone else's newer minutes.
func (s *Server) minute(at placeOf) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		return s.meetingPostAt(w, r, at, "", func(f *form.Reader, pl meetingsPlace, id int64) (string, error) {
			minutes := map[int64]string{}
			for k, vals := range f.Values {
				if rest, ok := strings.CutPrefix(k, "minute-"); ok && len(vals) == 1 {
					if itemID, ok := form.ParseID(rest); ok {
						minutes[itemID] = vals[0]
					}
				}
			}
			err := s.Meetings.SaveMinutes(r.Context(), s.actor(r), meetings.MinutesInput{BodyID: pl.body.ID, MeetingID: id, Version: f.Version(), Minutes: minutes})
			return "The minutes have been saved", err
		})
	}
}

// addAgendaItem adds an item of other business (a title, an optional note, confidential or not)
// to the end of a meeting's agenda, for those who plan the body's meetings.
func (s *Server) addAgendaItem(at placeOf) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		return s.meetingPostAt(w, r, at, "#minutes", func(f *form.Reader, pl meetingsPlace, id int64) (string, error) {
			in := meetings.ItemInput{BodyID: pl.body.ID, MeetingID: id, Title: f.Text("item_title"), Note: f.Text("item_note"),
				Confidential: f.Text("item_confidential") == "yes"}
			_, err := s.Meetings.AddItem(r.Context(), s.actor(r), in)
			return "The item has been added to the agenda", err
		})
	}
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
