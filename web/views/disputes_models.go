package views

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/scp-portal/portal/internal/disputes"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/web/paths"
)

// disputeTags colour a disagreement's status.
var disputeTags = map[string]string{"open": "yellow", "resolved": "green"}

// disputeAgencies names the agencies that disagree.
func disputeAgencies(d disputes.Dispute) string {
	if d.RaisingOrg == "" {
		return d.OtherOrg
	}
	return d.RaisingOrg + " and " + d.OtherOrg
}

// DisputeFilterForm is the register's filter as asked in the query.
func DisputeFilterForm(q url.Values) Form { return NewForm(url.Values{"status": {q.Get("status")}}) }

// NewDisputesView is the register's page: all of it for those who oversee disputes (all), or
// the reader's own; the link to older disagreements when the page is full, the filter kept.
func NewDisputesView(slug string, list []disputes.Dispute, all bool, query url.Values, today time.Time) DisputesView {
	v := DisputesView{Heading: "Disagreements between agencies", Action: paths.Disputes(slug), NewHref: paths.NewDispute(slug),
		Statuses: append(Choices(disputes.Statuses, Option{Value: "", Label: "Any status"}), Option{Value: disputes.Overdue, Label: "Past their stage's date"})}
	if !all {
		v.Heading = "Your disagreements between agencies"
	}
	for _, d := range list {
		v.Rows = append(v.Rows, DisputeRow{Href: paths.Dispute(slug, d.ID), Summary: d.Summary, Agencies: disputeAgencies(d),
			Stage: disputes.StageChoices().Label(d.Stage), DueOn: d.StageDueOn, Overdue: d.IsOverdue(today),
			Status: disputes.Statuses.Label(d.Status), StatusTag: disputeTags[d.Status]})
	}
	v.OlderHref = olderPage(paths.Disputes(slug), DisputeFilterForm(query).Values, list, disputes.Page,
		func(d disputes.Dispute) int64 { return d.ID })
	return v
}

// NewDisputeForm is the form to record a disagreement between the partnership's agencies.
func NewDisputeForm(slug string, orgs []partnership.Organisation) DisputeFormView {
	return DisputeFormView{Action: paths.Disputes(slug),
		Orgs:   OrganisationChoices(orgs, Option{Value: "", Label: "I do not act for an agency"}),
		Others: OrganisationChoices(orgs, Option{Value: "", Label: "Choose the agency"}),
		Stages: Choices(disputes.StageChoices())}
}

// DisputeFormValues are the form's first values: the reader's own agency (orgID, 0 for none) and
// the first stage.
func DisputeFormValues(orgID int64) Form {
	v := url.Values{"stage": {disputes.Stages[0].Value}}
	if orgID != 0 {
		v.Set("raising_org", strconv.FormatInt(orgID, 10))
	}
	return NewForm(v)
}

// NewDisputePage is disagreement d's page with its history; canManage is the policy's answer for
// the reader, offered only while the disagreement is open.
func NewDisputePage(slug string, d disputes.Dispute, steps []disputes.Step, canManage bool, today time.Time) DisputePageView {
	stages := disputes.StageChoices()
	v := DisputePageView{Summary: d.Summary, Detail: d.Detail, RaisedBy: d.RaisedBy, RaisedOn: d.RaisedAt, Agencies: disputeAgencies(d),
		Stage: stages.Label(d.Stage), StartedOn: d.StageStartedOn, DueOn: d.StageDueOn, Overdue: d.IsOverdue(today),
		Status: disputes.Statuses.Label(d.Status), StatusTag: disputeTags[d.Status], Version: d.Version, LogHref: paths.Disputes(slug)}
	for _, s := range steps {
		v.Steps = append(v.Steps, ThreadStep{When: s.At, Who: s.Actor, Kind: stages.Label(s.Stage), Detail: s.Note})
	}
	if d.ResolvedAt != nil {
		v.Outcome = &ThreadStep{When: *d.ResolvedAt, Who: d.ResolvedBy, Kind: "Resolved at " + stages.Label(d.Stage), Detail: d.Outcome}
	}
	if canManage && d.Status == "open" {
		v.ResolveHref = paths.DisputeResolve(slug, d.ID)
		if next, ok := d.Next(); ok {
			v.EscalateHref, v.NextStage = paths.DisputeEscalate(slug, d.ID), strings.ToLower(next.Label)
		}
	}
	return v
}
