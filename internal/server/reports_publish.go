package server

import (
	"net/http"
	"strconv"
	"time"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/form"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/internal/reports"
	"github.com/scp-portal/portal/web/paths"
	"github.com/scp-portal/portal/web/views"
)

// reportPublication adds to v where a submitted yearly report stands with the statutory partners
// and its publication, with the steps the person may take.
func (s *Server) reportPublication(r *http.Request, v *views.ReportView, rep reports.Report) error {
	if !rep.Kind.Published || rep.Status != reports.Submitted || rep.Number != 0 {
		return nil
	}
	p := currentPartnership(r)
	so, err := s.Reports.SignOff(r.Context(), p.ID, rep.ID)
	if err != nil {
		return err
	}
	orgs, err := s.Reports.SignsFor(r.Context(), p.ID, subject(r).UserID, so)
	if err != nil {
		return err
	}
	var due time.Time
	if rep.PublishedOn != nil {
		if due, err = s.Reports.SendDue(r.Context(), p.ID, *rep.PublishedOn); err != nil {
			return err
		}
	}
	v.Publish(p.Slug, rep, so, views.SignForOptions(so.State, orgs), may(r, rep.Kind.Write), due, s.Reports.Today())
	return nil
}

// signReport records the person's sign-off of a submitted yearly report for a statutory partner.
// Those who may sign for a partner still to sign are the report's participants in the policy.
func (s *Server) signReport(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	obj := access.Object{PartnershipID: p.ID}
	if subject(r).PartnershipID == p.ID {
		if _, err := s.Reports.KindOfReport(r.Context(), p.ID, id); err != nil {
			return err
		}
		so, err := s.Reports.SignOff(r.Context(), p.ID, id)
		if err != nil {
			return err
		}
		obj.Participants = so.Signers
	}
	if err := s.authorize(r, access.SignOff, obj, "report", strconv.FormatInt(id, 10)); err != nil {
		return err
	}
	return s.postFromPage(w, r, s.renderReport, func(f *form.Reader) (string, string, error) {
		org := f.ID("organisation", "Choose the partner you sign off for")
		err := f.Attempt(nil, func() error {
			return s.Reports.Sign(r.Context(), s.actor(r), reports.SignInput{PartnershipID: p.ID, ReportID: id, OrganisationID: org})
		})
		return paths.Report(p.Slug, id), "You have signed off the report", err
	})
}

// publishReport publishes a yearly report every statutory partner has signed off.
func (s *Server) publishReport(w http.ResponseWriter, r *http.Request) error {
	return s.reportPost(w, r, "", func(f *form.Reader, p partnership.Partnership, id int64, _ *reports.Kind) (string, string, error) {
		in := reports.PublishInput{PartnershipID: p.ID, ReportID: id, PublishedOn: f.Date("published_on", "the publication date"), Version: f.Version()}
		err := f.Attempt(nil, func() error { return s.Reports.Publish(r.Context(), s.actor(r), in) })
		return paths.Report(p.Slug, id), "The report has been published", err
	})
}

// recordReportSent records the days the published report was sent to the national Panel and to
// the What Works centre.
func (s *Server) recordReportSent(w http.ResponseWriter, r *http.Request) error {
	return s.reportPost(w, r, "", func(f *form.Reader, p partnership.Partnership, id int64, _ *reports.Kind) (string, string, error) {
		in := reports.SentInput{PartnershipID: p.ID, ReportID: id, PanelOn: f.OptionalDate("panel_on", "the day it was sent to the national Panel"),
			WhatWorksOn: f.OptionalDate("what_works_on", "the day it was sent to the What Works centre"), Version: f.Version()}
		err := f.Attempt(nil, func() error { return s.Reports.RecordSent(r.Context(), s.actor(r), in) })
		return paths.Report(p.Slug, id), "The days the report was sent have been saved", err
	})
}

// publicYearlyReport is a published yearly report for anyone: the printable paper, without links
// into the records or the names of who wrote it.
func (s *Server) publicYearlyReport(w http.ResponseWriter, r *http.Request) error {
	p := currentPartnership(r)
	if err := s.authorize(r, access.ViewPublic, access.Object{PartnershipID: p.ID}, "report", urlParam(r, "year")); err != nil {
		return err
	}
	rep, err := s.Reports.PublishedReport(r.Context(), p.ID, urlParam(r, "year"))
	if err != nil {
		return err
	}
	v := views.NewReportPage(p.Slug, p.Name, rep, views.ReportAccess{}, views.ReportRights{}, views.NewForm(nil))
	v.PublicReport(*rep.PublishedOn)
	return s.render(w, r, http.StatusOK, views.ReportPrint(v.Title, v))
}
