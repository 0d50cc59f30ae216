package views

import (
	"strconv"
	"time"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/markdown"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/internal/sharing"
	"github.com/scp-portal/portal/web/paths"
)

// PartnershipLinks are the header's links to the homes of the partnerships subj works in, the
// page's (current, nil on the portal's own pages) marked; none for someone in one partnership,
// who has nothing to choose.
func PartnershipLinks(subj access.Subject, current *partnership.Partnership) []PartnershipLink {
	if len(subj.Partnerships) < 2 {
		return nil
	}
	links := make([]PartnershipLink, 0, len(subj.Partnerships))
	for _, m := range subj.Partnerships {
		links = append(links, PartnershipLink{Name: m.Name, Href: paths.MemberHome(m.Slug),
			Current: current != nil && current.ID == m.PartnershipID})
	}
	return links
}

// SharedRow is a record another partnership shares, as the list shows it.
type SharedRow struct {
	Href, Title, Kind, From string
	SharedAt                time.Time
}

// NewSharedRows are the rows of the list of what is shared with partnership slug.
func NewSharedRows(slug string, records []sharing.Record) []SharedRow {
	rows := make([]SharedRow, 0, len(records))
	for _, r := range records {
		rows = append(rows, SharedRow{Href: paths.SharedRecord(slug, r.Kind.Slug, r.ID), Title: r.Title, Kind: r.Kind.Label,
			From: r.From, SharedAt: r.SharedAt})
	}
	return rows
}

// SharedRecordView is one record another partnership shares.
type SharedRecordView struct {
	Title, Kind, From string
	SharedAt          time.Time
	Body              markdown.Sanitised
	Back              string
}

// NewSharedRecordView is the page of a shared record, read on partnership slug's pages.
func NewSharedRecordView(slug string, r sharing.Record) SharedRecordView {
	return SharedRecordView{Title: r.Title, Kind: r.Kind.Label, From: r.From, SharedAt: r.SharedAt,
		Body: markdown.Render(r.Body), Back: paths.Shared(slug)}
}

// ShareControl is the button on a partnership's own record that shares it with the partnerships
// it has agreed with, or stops sharing it; nil when the person may not choose.
type ShareControl struct {
	Action string
	Shared bool
}

// NewJoinPartnership asks the person email, by link token, to agree to join partnership name.
func NewJoinPartnership(token, email, name string) Confirm {
	return Confirm{Heading: "Join " + name,
		Intro:  name + " invites you (" + email + ") to work in it with the account you already have. Its pages and yours elsewhere stay apart: you choose which partnership you work in at the top of each page.",
		Action: paths.JoinPartnership(token), Button: "Agree and join"}
}

// AgreementRow is another partnership on the business unit's sharing page.
type AgreementRow struct {
	ID, Name, Ours, Theirs, Agree, Button string
}

// NewAgreementRows are the rows of the sharing page.
func NewAgreementRows(agreements []sharing.Agreement) []AgreementRow {
	yes := map[bool]string{true: "Yes", false: "No"}
	rows := make([]AgreementRow, 0, len(agreements))
	for _, a := range agreements {
		r := AgreementRow{ID: strconv.FormatInt(a.PartnershipID, 10), Name: a.Name, Ours: yes[a.Ours], Theirs: yes[a.Theirs],
			Agree: "yes", Button: "Agree to share"}
		if a.Ours {
			r.Agree, r.Button = "no", "Withdraw"
		}
		rows = append(rows, r)
	}
	return rows
}
