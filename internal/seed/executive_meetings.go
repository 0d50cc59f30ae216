package seed

import (
	"cmp"
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/agendas"
	"github.com/scp-portal/portal/internal/meetings"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/internal/reports"
)

// executiveMeetings writes the Executive's year: its chair rota (a statutory partner a quarter),
// four quarterly meetings with attendance, apologies and minutes (the second not quorate, the
// police absent, the independent chair in the chair; the third with a confidential item), their
// decisions with owners and due dates (one action overdue, one open and due after today, the rest
// done with a note), and the next meeting planned, the open actions carried onto its agenda. It
// runs after the rest of the history, so that each agenda holds what awaited the Executive on
// its day: the exception report, scrutiny reports, challenges, approvals and sign-offs.
func executiveMeetings(ctx context.Context, tx pgx.Tx, p people, today time.Time) error {
	exec, err := meetings.BodyOfKind(ctx, tx, p.partnershipID, "executive")
	if err != nil {
		return err
	}
	orgs, err := partnership.Organisations(ctx, tx, p.partnershipID)
	if err != nil {
		return err
	}
	var statutory []int64
	role := map[int64]string{}
	for _, o := range orgs {
		if o.IsStatutoryPartner() {
			statutory = append(statutory, o.ID)
			role[o.ID] = o.StatutoryRole
		}
	}
	start := time.Date(today.Year()-1, today.Month(), 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 6 && len(statutory) > 0; i++ {
		from := start.AddDate(0, 3*i, 0)
		if err := partnership.AddRotaEntry(ctx, tx, p.partnershipID, exec.ID, statutory[i%len(statutory)], from, from.AddDate(0, 3, -1)); err != nil {
			return fmt.Errorf("executive rota: %w", err)
		}
	}
	members, err := partnership.CurrentMembersOfKind(ctx, tx, p.partnershipID, "executive", today)
	if err != nil {
		return err
	}
	var everyone, noPolice []int64
	seat := map[string]int64{} // statutory role -> a lead representative
	for _, m := range members {
		everyone = append(everyone, m.UserID)
		r := ""
		if m.OrganisationID != nil {
			r = role[*m.OrganisationID]
		}
		if seat[r] == 0 {
			seat[r] = m.UserID
		}
		if r != "police" {
			noPolice = append(noPolice, m.UserID)
		}
	}
	// A partnership without a police or health seat has the Executive account own their actions.
	seat["police"], seat["health"] = cmp.Or(seat["police"], p.executive), cmp.Or(seat["health"], p.executive)
	var officer int64
	if err := tx.QueryRow(ctx, `SELECT id FROM app_user WHERE email = $1`, "business-unit@"+p.slug+".example").Scan(&officer); err != nil {
		return err
	}
	everyone, noPolice = append(everyone, officer), append(noPolice, officer)
	ago := func(days int) time.Time { return today.AddDate(0, 0, -days) }
	// Each quarter's meeting is held a fortnight after the quarter ends, a week after the Engine
	// Room submitted its exception report (demoReports), so that each report is on its agenda.
	current := reports.QuarterOf(today)
	heldOn := func(quartersAgo int) time.Time {
		q := current
		for range quartersAgo {
			q = q.Prev()
		}
		if day := q.End().AddDate(0, 0, 14); day.Before(today) {
			return day
		}
		return ago(1)
	}

	// The second quarter's item is the partnership's theme in impact testing (demoStory); health
	// reports on it, its action overdue.
	second := map[string]struct{ item, text string }{
		"stscp":      {"Schools hearing back after a referral", "The Integrated Care Board to report on how school nurses and designated safeguarding leads hear the outcome of a referral."},
		"pan-dorset": {"Children held in police custody", "Health to report on how a child held in police custody is seen by a health professional while a safe place is found."},
	}[p.slug]
	if second.item == "" {
		second.item, second.text = "Hospital discharge planning", "Health to report on how discharge plans reach children's social care."
	}
	type decision struct {
		item, text string
		owner      int64
		due        time.Time
		done       string // the note; "" while open
	}
	held := []struct {
		quartersAgo          int
		title                string
		attendees, apologies []int64
		chair                string
		other, confidential  []string
		decisions            []decision
	}{
		{4, "Executive, first quarter", everyone, nil, meetings.ChairByRota, []string{"Neglect strategy", "Pooled budget"}, nil, []decision{
			{"Neglect strategy", "Commission a multi-agency audit of neglect cases.", p.executive, ago(250), "The audit was commissioned from the Engine Room in February."},
			{"Pooled budget", "Agree each partner's contribution to the pooled budget.", seat["police"], ago(300), "Contributions agreed by every partner."},
		}},
		{3, "Executive, second quarter", noPolice, []int64{seat["police"]}, meetings.ChairIndependent, []string{second.item}, nil, []decision{
			{second.item, second.text, seat["health"], ago(100), ""},
		}},
		{2, "Executive, third quarter", everyone, nil, meetings.ChairByRota, []string{"Yearly report"}, []string{"Staffing concern in a partner agency"}, []decision{
			{"Yearly report", "Publish the yearly report by the end of September.", officer, ago(90), "Published on the website and sent to the national Panel."},
			{"Staffing concern in a partner agency", "The chair to write to the agency's chief executive.", p.executive, ago(120), "Letter sent; a reply was received."},
		}},
		{1, "Executive, fourth quarter", everyone, nil, meetings.ChairByRota, []string{"Review of the arrangements"}, nil, []decision{
			{"Review of the arrangements", "Refresh the timetable for reviewing the published arrangements.", p.executive, today.AddDate(0, 0, 45), ""},
		}},
	}
	for _, h := range held {
		id, err := meetings.Create(ctx, tx, agendas.Sources, meetings.Input{PartnershipID: p.partnershipID, BodyID: exec.ID, Title: h.title,
			HeldOn: heldOn(h.quartersAgo), Attendees: h.attendees, Apologies: h.apologies, Chair: h.chair, Other: h.other, Confidential: h.confidential})
		if err != nil {
			return fmt.Errorf("%s: %w", h.title, err)
		}
		if _, err := tx.Exec(ctx, `UPDATE meeting_item SET minute = CASE kind
			WHEN 'standing' THEN 'Noted.' WHEN 'open_action' THEN 'Progress reported; the action stays open.'
			ELSE 'Discussed; the decision is recorded below.' END WHERE meeting_id = $1`, id); err != nil {
			return err
		}
		for _, d := range h.decisions {
			var item int64
			if err := tx.QueryRow(ctx, `SELECT id FROM meeting_item WHERE meeting_id = $1 AND title = $2`, id, d.item).Scan(&item); err != nil {
				return fmt.Errorf("%s: %w", d.item, err)
			}
			rid, err := meetings.Resolve(ctx, tx, exec, meetings.ResolutionInput{MeetingID: id, ItemID: item, Text: d.text, OwnerID: d.owner, DueOn: d.due}, today)
			if err != nil {
				return fmt.Errorf("%s: %w", d.text, err)
			}
			if d.done != "" {
				err := meetings.MarkDone(ctx, tx, meetings.DoneInput{BodyID: exec.ID, ResolutionID: rid, Version: 1, Note: d.done}, d.owner, d.due.AddDate(0, 0, -7))
				if err != nil {
					return err
				}
			}
		}
	}
	// The next meeting, planned: its papers not yet released, the open actions on its agenda.
	_, err = meetings.Create(ctx, tx, agendas.Sources, meetings.Input{PartnershipID: p.partnershipID, BodyID: exec.ID, Title: "Executive, next quarter",
		HeldOn: current.End().AddDate(0, 0, 14), Chair: meetings.ChairByRota})
	return err
}
