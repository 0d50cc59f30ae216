package server

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/learning"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/web/views"
)

func meetingHref(p partnership.Partnership, id int64) string {
	return fmt.Sprintf("/%s/meetings/%d", p.Slug, id)
}

// meetings lists the Engine Room's meetings, with the form to plan one.
func (s *Server) meetings(w http.ResponseWriter, r *http.Request) {
	s.renderMeetings(w, r, http.StatusOK, views.NewForm(nil))
}

func (s *Server) renderMeetings(w http.ResponseWriter, r *http.Request, status int, f views.Form) {
	p := currentPartnership(r)
	if !s.allowed(w, r, access.ViewLearning, access.Object{PartnershipID: p.ID}, "meeting", "") {
		return
	}
	list, err := learning.Meetings(r.Context(), s.DB, p.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	people, err := s.engineRoomPeople(r, p)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	rows := make([]views.MeetingRow, 0, len(list))
	for _, m := range list {
		rows = append(rows, views.MeetingRow{Href: meetingHref(p, m.ID), Title: m.Title, HeldOn: m.HeldOn,
			Attendees: strings.Join(m.Attendees, ", "), Items: m.Items})
	}
	canManage := access.Decide(subject(r), access.ManageLearning, access.Object{PartnershipID: p.ID}).Allowed
	title := "Engine Room meetings"
	title = errorTitle(title, f)
	s.render(w, r, status, views.Meetings(s.page(w, r, title), f, rows, canManage, "/"+p.Slug+"/meetings", people))
}

// createMeeting plans a meeting, building its agenda from what awaits a decision on the day.
func (s *Server) createMeeting(w http.ResponseWriter, r *http.Request) {
	p := currentPartnership(r)
	if !s.allowed(w, r, access.ManageLearning, access.Object{PartnershipID: p.ID}, "meeting", "") || !s.parseForm(w, r) {
		return
	}
	f := views.NewForm(r.PostForm)
	title := strings.TrimSpace(f.Value("title"))
	if title == "" || len([]rune(title)) > 200 {
		f.AddError("title", "Enter the meeting's title, 200 characters or fewer")
	}
	day, ok := parseDateFields(f, "held_on")
	if !ok {
		f.AddError("held_on-day", "Enter the date as a real date, like 3 12 2026")
	}
	if f.Invalid() {
		s.renderMeetings(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	var id int64
	err := database.InTx(r.Context(), s.DB, func(tx pgx.Tx) error {
		var err error
		if id, err = learning.CreateMeeting(r.Context(), tx, p.ID, day, title, ids(f.Values["attendees"])); err != nil {
			return err
		}
		return audit.Record(r.Context(), tx, s.auditEntry(r, "meeting.create", "meeting", id, title))
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.redirectWithFlash(w, r, meetingHref(p, id), "The meeting has been planned, with its agenda")
}

// meetingPage shows a meeting's agenda with its minutes and the decisions taken there.
func (s *Server) meetingPage(w http.ResponseWriter, r *http.Request) {
	s.renderMeeting(w, r, http.StatusOK, nil)
}

func (s *Server) renderMeeting(w http.ResponseWriter, r *http.Request, status int, posted *views.Form) {
	p := currentPartnership(r)
	id, ok := s.idParam(w, r, "id")
	if !ok || !s.allowed(w, r, access.ViewLearning, access.Object{PartnershipID: p.ID}, "meeting", strconv.FormatInt(id, 10)) {
		return
	}
	m, items, err := learning.GetMeeting(r.Context(), s.DB, p.ID, id)
	if s.lookupFailed(w, r, err) {
		return
	}
	decisions, err := learning.MeetingDecisions(r.Context(), s.DB, id)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	f := views.NewForm(nil)
	for _, it := range items {
		f.Values.Set("minute-"+strconv.FormatInt(it.ID, 10), it.Minute)
	}
	f.Values.Set("version", strconv.Itoa(m.Version))
	if posted != nil {
		f = *posted
		f.Values.Set("version", strconv.Itoa(m.Version)) // a second save, after a conflict, is deliberate
	}
	v := views.MeetingPageView{Title: m.Title, HeldOn: m.HeldOn, Attendees: strings.Join(m.Attendees, ", "),
		Action: meetingHref(p, id) + "/minutes", CanManage: access.Decide(subject(r), access.ManageLearning, access.Object{PartnershipID: p.ID}).Allowed}
	for _, kind := range learning.ItemKinds {
		sec := views.AgendaSection{Heading: kind.Label}
		for _, it := range items {
			if it.Kind != kind.Value {
				continue
			}
			href := recommendationHref(p, it.RefID)
			switch it.Kind {
			case "request":
				href = fmt.Sprintf("/%s/inbox/%d?meeting=%d", p.Slug, it.RefID, id)
			case "commission":
				href = commissionHref(p, it.RefID)
			}
			sec.Items = append(sec.Items, views.AgendaItem{ID: it.ID, Href: href, Title: it.Title, Minute: it.Minute})
		}
		v.Sections = append(v.Sections, sec)
	}
	for _, d := range decisions {
		v.Decisions = append(v.Decisions, views.ThreadStep{When: m.HeldOn, Kind: d.Reference, Title: learning.DecisionLabel(d.Decision),
			Href: fmt.Sprintf("/%s/inbox/%d", p.Slug, d.RequestID), Detail: d.Outcome})
	}
	title := m.Title
	title = errorTitle(title, f)
	s.render(w, r, status, views.MeetingPage(s.page(w, r, title), f, v))
}

// saveMinutes stores the minute written against each agenda item.
func (s *Server) saveMinutes(w http.ResponseWriter, r *http.Request) {
	p := currentPartnership(r)
	id, ok := s.idParam(w, r, "id")
	if !ok || !s.allowed(w, r, access.ManageLearning, access.Object{PartnershipID: p.ID}, "meeting", strconv.FormatInt(id, 10)) || !s.parseForm(w, r) {
		return
	}
	if _, _, err := learning.GetMeeting(r.Context(), s.DB, p.ID, id); s.lookupFailed(w, r, err) {
		return
	}
	f := views.NewForm(r.PostForm)
	version, _ := strconv.Atoi(f.Value("version"))
	minutes := map[int64]string{}
	for k, vals := range r.PostForm {
		itemID, err := strconv.ParseInt(strings.TrimPrefix(k, "minute-"), 10, 64)
		if !strings.HasPrefix(k, "minute-") || err != nil || len(vals) != 1 {
			continue
		}
		if len([]rune(vals[0])) > 10000 {
			f.AddError(k, "A minute must be 10,000 characters or fewer")
		}
		minutes[itemID] = vals[0]
	}
	if f.Invalid() {
		s.renderMeeting(w, r, http.StatusUnprocessableEntity, &f)
		return
	}
	err := database.InTx(r.Context(), s.DB, func(tx pgx.Tx) error {
		if err := learning.SaveMinutes(r.Context(), tx, p.ID, id, version, minutes); err != nil {
			return err
		}
		return audit.Record(r.Context(), tx, s.auditEntry(r, "meeting.minutes", "meeting", id, ""))
	})
	if errors.Is(err, learning.ErrConflict) {
		f.AddError("minutes", "Someone else saved these minutes while you were writing. Yours are below, not saved: "+
			"open the meeting in a new tab to see theirs, combine the two here, then save again")
		s.renderMeeting(w, r, http.StatusConflict, &f)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.redirectWithFlash(w, r, meetingHref(p, id), "The minutes have been saved")
}

// recentMeetings are the options of the "decided at" question: meetings of the last month.
func (s *Server) recentMeetings(r *http.Request, p partnership.Partnership) ([]views.Option, error) {
	list, err := learning.Meetings(r.Context(), s.DB, p.ID)
	if err != nil {
		return nil, err
	}
	opts := []views.Option{{Value: "", Label: "Not at a meeting"}}
	cutoff := partnership.Today(s.Now()).AddDate(0, -1, 0)
	for _, m := range list {
		if !m.HeldOn.Before(cutoff) {
			opts = append(opts, views.Option{Value: strconv.FormatInt(m.ID, 10), Label: m.Title + ", " + m.HeldOn.Format("2 January 2006")})
		}
	}
	return opts, nil
}
