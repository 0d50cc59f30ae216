package server

import (
	"net/http"
	"strconv"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/challenges"
	"github.com/scp-portal/portal/internal/identity"
	"github.com/scp-portal/portal/internal/intake"
	"github.com/scp-portal/portal/internal/learning"
	"github.com/scp-portal/portal/internal/meetings"
	"github.com/scp-portal/portal/internal/reviews"
	"github.com/scp-portal/portal/web/views"
)

// Lists as CSV downloads. Each asks the access policy what its page asks, reads the page's
// filters as the page does, and streams the service's export through writeCSV.

// inboxCSV downloads the inbox with the page's filters, every page of it.
func (s *Server) inboxCSV(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.ViewInbox, access.Object{PartnershipID: p.ID}, "inbox", ""); err != nil {
		return err
	}
	f, q := inboxQuery(r)
	if err := f.Err(nil); err != nil {
		return err
	}
	return s.writeCSV(w, r, s.listFilename(p.Slug, "inbox"), views.InboxCSVHeader, func(row func([]string) error) error {
		return s.Intake.ExportInbox(r.Context(), s.actor(r), q, exportFilters(r, inboxFilters...), func(req intake.Request) error {
			return row(views.InboxCSVRow(req))
		})
	})
}

// themesCSV downloads the theme register with the page's filters.
func (s *Server) themesCSV(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.ViewLearning, learningObject(p), "theme", ""); err != nil {
		return err
	}
	return s.writeCSV(w, r, s.listFilename(p.Slug, "themes"), views.ThemesCSVHeader, func(row func([]string) error) error {
		return s.Learning.ExportThemes(r.Context(), s.actor(r), themeFilter(r), exportFilters(r, themeFilters...), func(t learning.Theme) error {
			return row(views.ThemeCSVRow(t))
		})
	})
}

// recommendationsCSV downloads the partnership's recommendations with their actions, with the
// recommendations list's filters (?status=open&concern=actions_overdue).
func (s *Server) recommendationsCSV(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.ViewLearning, learningObject(p), "recommendation", ""); err != nil {
		return err
	}
	f, flt := recommendationFilter(r)
	if err := f.Err(nil); err != nil {
		return err
	}
	flt.Page = app.Page{} // every page
	return s.writeCSV(w, r, s.listFilename(p.Slug, "recommendations"), views.RecommendationsCSVHeader, func(row func([]string) error) error {
		return s.Learning.ExportRecommendations(r.Context(), s.actor(r), flt, exportFilters(r, recommendationFilters...), func(l learning.RecommendationLine) error {
			return row(views.RecommendationCSVRow(l))
		})
	})
}

// decisionsLogCSV downloads a body's decisions and actions log with the page's filters; decisions
// on confidential items are withheld from those who may not read them, as on the page.
func (s *Server) decisionsLogCSV(w http.ResponseWriter, r *http.Request) error {
	pl, err := s.bodyPlace(r, needView)
	if err != nil {
		return err
	}
	f, flt := logFilter(r)
	if err := f.Err(nil); err != nil {
		return err
	}
	see := allowed(r, access.ViewConfidential, pl.bodyObject)
	today := s.Meetings.Today()
	name := s.listFilename(currentPartnership(r).Slug, "decisions-"+strconv.FormatInt(pl.body.ID, 10))
	return s.writeCSV(w, r, name, views.DecisionsCSVHeader, func(row func([]string) error) error {
		return s.Meetings.ExportLog(r.Context(), s.actor(r), pl.body, flt, exportFilters(r, logFilters...), func(d meetings.Resolution) error {
			return row(views.DecisionCSVRow(d, today, see))
		})
	})
}

// auditLogCSV downloads the partnership's audit log with the page's search, every page of it.
func (s *Server) auditLogCSV(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.ViewAudit, access.Object{PartnershipID: p.ID}, "audit_log", ""); err != nil {
		return err
	}
	f, q := auditQuery(r)
	if err := f.Err(nil); err != nil {
		return err
	}
	return s.writeCSV(w, r, s.listFilename(p.Slug, "audit-log"), views.AuditCSVHeader, func(row func([]string) error) error {
		return s.Partnership.ExportLog(r.Context(), s.actor(r), q, exportFilters(r, auditFilters...), func(e audit.Entry) error {
			return row(views.AuditCSVRow(e))
		})
	})
}

// usersCSV downloads the partnership's accounts with the page's status filter.
func (s *Server) usersCSV(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.ManageUser, access.Object{PartnershipID: p.ID}, "user", ""); err != nil {
		return err
	}
	status := r.URL.Query().Get("status")
	return s.writeCSV(w, r, s.listFilename(p.Slug, "people"), views.UsersCSVHeader, func(row func([]string) error) error {
		return s.Identity.ExportUsers(r.Context(), s.actor(r), status, exportFilters(r, "status"), func(u identity.Listed) error {
			return row(views.UserCSVRow(u))
		})
	})
}

// reviewsCSV downloads the rapid-review register, each review assessed today, to those who may
// read the register: no filters (the page has none).
func (s *Server) reviewsCSV(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.ViewReview, access.Object{PartnershipID: p.ID}, "rapid_review", ""); err != nil {
		return err
	}
	return s.writeCSV(w, r, s.listFilename(p.Slug, "reviews"), views.ReviewsCSVHeader, func(row func([]string) error) error {
		return s.Reviews.ExportRegister(r.Context(), s.actor(r), p.ID, func(a reviews.Assessed) error {
			return row(views.ReviewCSVRow(a))
		})
	})
}

// challengeFilters are the names of the challenge log's filters, as the download's audit record
// names them.
var challengeFilters = []string{"status", "addressee"}

// challengesCSV downloads the challenge log with the page's filters, every page of it.
func (s *Server) challengesCSV(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.ViewChallenges, access.Object{PartnershipID: p.ID}, "challenge", ""); err != nil {
		return err
	}
	q := r.URL.Query()
	flt := challenges.Filter{PartnershipID: p.ID, Status: q.Get("status"), Addressee: q.Get("addressee")}
	return s.writeCSV(w, r, s.listFilename(p.Slug, "challenges"), views.ChallengesCSVHeader, func(row func([]string) error) error {
		return s.Challenges.ExportLog(r.Context(), s.actor(r), flt, exportFilters(r, challengeFilters...), func(c challenges.Challenge) error {
			return row(views.ChallengeCSVRow(c))
		})
	})
}
