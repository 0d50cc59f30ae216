package server

import (
	"net/http"
	"strconv"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/form"
	"github.com/scp-portal/portal/internal/meetings"
	"github.com/scp-portal/portal/web/paths"
	"github.com/scp-portal/portal/web/views"
)

// meetingPost is the shape of a change posted from a body's meeting page (the path's id) by one
// who manages the body: change makes it and says so, and the meeting's page follows, or shows the
// form's problems.
func (s *Server) meetingPost(w http.ResponseWriter, r *http.Request, change func(f *form.Reader, pl meetingsPlace, id int64) (done string, err error)) error {
	return s.meetingPostAt(w, r, s.bodyPlace, "", change)
}

// meetingPostAt is meetingPost for the meetings at any place: the meeting's page follows at
// anchor ("" for its top).
func (s *Server) meetingPostAt(w http.ResponseWriter, r *http.Request, at placeOf, anchor string,
	change func(f *form.Reader, pl meetingsPlace, id int64) (done string, err error)) error {
	pl, err := at(r, needManage)
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.postFromPage(w, r, s.meetingPageAt(at), func(f *form.Reader) (string, string, error) {
		done, err := change(f, pl, id)
		return paths.MeetingAt(pl.base, id) + anchor, done, err
	})
}

// recordDecision minutes a decision of a body's meeting: the item it settles, its text, and the
// owner and due date of the action that follows.
func (s *Server) recordDecision(w http.ResponseWriter, r *http.Request) error {
	return s.meetingPost(w, r, func(f *form.Reader, pl meetingsPlace, id int64) (string, error) {
		in := meetings.ResolutionInput{MeetingID: id, ItemID: f.ID("item", "Choose the agenda item the decision settles from the list"),
			Text: f.Text("text"), OwnerID: f.ID("owner", "Choose who owns the action from the list"), DueOn: f.Date("due_on", "the due date")}
		_, err := in.Validate()
		err = f.Attempt(err, func() error {
			_, err := s.Meetings.Resolve(r.Context(), s.actor(r), pl.body, in)
			return err
		})
		return "The decision has been recorded", err
	})
}

// saveAttendance records who chaired a body's meeting, who attended and who sent apologies.
func (s *Server) saveAttendance(w http.ResponseWriter, r *http.Request) error {
	return s.meetingPost(w, r, func(f *form.Reader, pl meetingsPlace, id int64) (string, error) {
		in := meetings.AttendanceInput{MeetingID: id, Version: f.Version(), Chair: f.Text("chair"),
			Attendees: f.IDs("attendees", "Choose the attendees from the list"), Apologies: f.IDs("apologies", "Choose who sent apologies from the list")}
		_, err := in.Validate()
		err = f.Attempt(err, func() error { return s.Meetings.SaveAttendance(r.Context(), s.actor(r), pl.body, in) })
		return "The attendance has been recorded", err
	})
}

// decisionsLog is a body's decisions and actions, filtered by status and owner, paged.
func (s *Server) decisionsLog(w http.ResponseWriter, r *http.Request) error {
	pl, err := s.bodyPlace(r, needView)
	if err != nil {
		return err
	}
	p := currentPartnership(r)
	in := r.URL.Query()
	f, flt := logFilter(r)
	people, err := s.Meetings.People(r.Context(), pl.body)
	if err != nil {
		return err
	}
	status := http.StatusOK
	var list []meetings.Resolution
	total := 0
	if st, bad := form.ShowErrors(&f.Form, f.Err(nil)); bad {
		status = st
	} else if list, total, err = s.Meetings.Log(r.Context(), pl.body, flt); err != nil {
		return err
	}
	v := views.NewDecisionsLog(p.Slug, pl.body, people, in, flt.Page, list, total, s.Meetings.Today(),
		allowed(r, access.ViewConfidential, pl.bodyObject), func(res meetings.Resolution) bool {
			obj := pl.bodyObject
			obj.OwnerID = res.OwnerID
			return allowed(r, access.CompleteAction, obj)
		})
	pg := s.page(w, r, errorTitle(pl.body.Name+": decisions and actions", f.Form))
	pg.CSVHref = views.DownloadHref(paths.DecisionsLogCSV(p.Slug, pl.body.ID), in)
	return s.render(w, r, status, views.DecisionsLog(pg, f.Form, v))
}

// logFilters are the decisions log's filters, by their field names.
var logFilters = []string{"status", "owner"}

// logFilter reads the decisions log's filters from the query string, with the problems of reading them on f.
func logFilter(r *http.Request) (*form.Reader, meetings.LogFilter) {
	in := r.URL.Query()
	f := &form.Reader{Form: views.NewForm(in)}
	flt := meetings.LogFilter{Status: optionalChoice(f, "status", meetings.Statuses, "Choose a status from the list")}
	if owner := f.OptionalID("owner", "Choose an owner from the list"); owner != nil {
		flt.OwnerID = *owner
	}
	flt.Page, _ = strconv.Atoi(in.Get("page"))
	flt.Page = max(flt.Page, 1)
	return f, flt
}

// actionDone finds the action in the path and asks the policy whether the person may mark it
// done: its owner, the body's members and the business unit. The owner need not read the body's
// meetings, so the body is first asked about only as the partnership's directory (its members may
// see its bodies); one that does not exist is then not found to those who could mark one done.
func (s *Server) actionDone(r *http.Request) (meetingsPlace, meetings.Resolution, error) {
	pl, err := s.bodyPlace(r, func(meetingsPlace) access.Action { return access.ViewDirectory })
	if err != nil {
		return pl, meetings.Resolution{}, err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return pl, meetings.Resolution{}, err
	}
	res, lookup := s.Meetings.Resolution(r.Context(), pl.body, id)
	obj := pl.bodyObject
	obj.OwnerID = res.OwnerID
	if err := s.authorize(r, access.CompleteAction, obj, "meeting_decision", strconv.FormatInt(id, 10)); err != nil {
		return pl, res, err
	}
	return pl, res, lookup
}

// actionDoneForm asks what was done, to mark an action done.
func (s *Server) actionDoneForm(w http.ResponseWriter, r *http.Request) error {
	if _, _, err := s.actionDone(r); err != nil {
		return err
	}
	return s.renderActionDone(w, r, http.StatusOK, views.NewForm(nil))
}

func (s *Server) renderActionDone(w http.ResponseWriter, r *http.Request, status int, f views.Form) error {
	pl, res, err := s.actionDone(r)
	if err != nil {
		return err
	}
	if f.Value("version") == "" {
		f.Values.Set("version", strconv.Itoa(res.Version))
	}
	v := views.NewActionDone(currentPartnership(r).Slug, pl.body, res, s.Meetings.Today())
	return s.render(w, r, status, views.ActionDonePage(s.page(w, r, errorTitle("Mark an action done", f)), f, v))
}

// markActionDone marks an action done with a note of what was done.
func (s *Server) markActionDone(w http.ResponseWriter, r *http.Request) error {
	pl, res, err := s.actionDone(r)
	if err != nil {
		return err
	}
	return s.postFromPage(w, r, s.renderActionDone, func(f *form.Reader) (string, string, error) {
		err := s.Meetings.MarkDone(r.Context(), s.actor(r), pl.body, meetings.DoneInput{ResolutionID: res.ID, Version: f.Version(), Note: f.Text("note")})
		return paths.DecisionsLog(currentPartnership(r).Slug, pl.body.ID), "The action has been marked done", err
	})
}
