package seed

import (
	"cmp"
	"context"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/intake"
	"github.com/scp-portal/portal/internal/learning"
	"github.com/scp-portal/portal/internal/meetings"
	"github.com/scp-portal/portal/internal/reviews"
	"github.com/scp-portal/portal/internal/workdays"
)

// people are the demo accounts and organisations the history is written by and about.
type people struct {
	partnershipID int64
	slug          string
	shortName     string
	practitioner  int64
	engineRoom    int64
	friend        int64
	agency        int64 // a health trust: the practitioner's organisation
	police        int64
	council       int64
	priorities    []string
	executive     int64
}

// history writes a year of the partnership's learning loop, dated back from today: requests,
// triage, themes at every stage, commissions at every stage, recommendations, actions (one
// overdue), evidence of impact and training needs, and requests still awaiting triage.
func history(ctx context.Context, tx pgx.Tx, p people, today time.Time) error {
	ago := func(days int) time.Time { return today.AddDate(0, 0, -days).Add(10 * time.Hour) }
	requester := intake.Requester{ID: p.practitioner, Name: "Priya Practitioner", JobTitle: "Health visitor",
		Email: "practitioner@" + p.slug + ".example", OrganisationID: &p.agency}
	n := 0
	kloe := func(title, observed string, daysAgo int) (intake.Request, error) {
		n++
		answers := url.Values{"requester_name": {requester.Name}, "requester_job_title": {requester.JobTitle},
			"requester_organisation": {strconv.FormatInt(p.agency, 10)}, "requester_email": {requester.Email},
			"kind": {"barrier"}, "title": {title}, "observed": {observed}, "agencies": {"Health, children's social care, schools"},
			"question": {"How can agencies work together better on this?"}, "urgency": {"routine"}, "manager_aware": {"no"}}
		id, err := intake.SaveDraft(ctx, tx, intake.DraftInput{PartnershipID: p.partnershipID, Kind: intake.KLOE, Requester: requester,
			FormKey: fmt.Sprintf("demo-history-%d", n), Answers: answers})
		if err != nil {
			return intake.Request{}, err
		}
		res, err := intake.Submit(ctx, tx, p.partnershipID, id, p.practitioner, p.shortName, ago(daysAgo))
		if err != nil {
			return intake.Request{}, err
		}
		if _, err := tx.Exec(ctx, `UPDATE intake_request SET created_at = $2 WHERE id = $1`, id, ago(daysAgo+1)); err != nil {
			return intake.Request{}, err
		}
		return intake.Get(ctx, tx, p.partnershipID, res.ID)
	}

	story := demoStoryOf(p.slug)
	for i, dt := range story.themes {
		started := 360 - i*48
		var themeID int64
		var err error
		if dt.fromRequest {
			req, err := kloe(dt.title, dt.description, started+5)
			if err != nil {
				return err
			}
			themeID, err = learning.Triage(ctx, tx, req, p.engineRoom, learning.TriageInput{Decision: "new_theme",
				NewTheme: learning.ThemeInput{Title: dt.title, Description: dt.description, OwnerID: &p.engineRoom},
				Outcome:  "Thank you. The Engine Room has started the theme '" + dt.title + "' from your request.", RequestV: req.Version}, ago(started))
			if err != nil {
				return err
			}
		} else {
			themeID, err = learning.CreateTheme(ctx, tx, p.partnershipID, p.engineRoom, learning.ThemeInput{Title: dt.title,
				Description: dt.description, OwnerID: &p.engineRoom}, learning.NewSource{Kind: dt.source, Reference: dt.sourceRef})
			if err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE theme SET created_at = $2, updated_at = $2 WHERE id = $1;`, themeID, ago(started)); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE theme_history SET at = $2 WHERE theme_id = $1`, themeID, ago(started)); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE theme_source SET added_at = $2 WHERE theme_id = $1`, themeID, ago(started)); err != nil {
			return err
		}
		if dt.commissioned > 0 {
			if err := demoCommission(ctx, tx, p, themeID, dt, today); err != nil {
				return err
			}
		}
		// The theme's final status and rating, as the Engine Room set them at its last meeting.
		th, err := learning.GetTheme(ctx, tx, p.partnershipID, themeID)
		if err != nil {
			return err
		}
		var prios []string
		if len(p.priorities) > 0 {
			prios = []string{p.priorities[dt.priority%len(p.priorities)]}
		}
		if err := learning.UpdateTheme(ctx, tx, p.partnershipID, themeID, p.engineRoom, th.Version, learning.ThemeInput{Title: th.Title,
			Description: th.Description, OwnerID: th.OwnerID, Priorities: prios, Status: dt.status, Rating: dt.rating, RatingReason: dt.reason,
			Reason: "Reviewed at the Engine Room"}); err != nil {
			return err
		}
		// The steps the loop recorded as it went are dated when they happened.
		_, err = tx.Exec(ctx, `UPDATE theme_history SET at = CASE
				WHEN reason LIKE 'Learning commissioned%' THEN $2::timestamptz
				WHEN reason = 'Findings signed off' THEN $3::timestamptz
				WHEN reason = 'Evidence of impact recorded' THEN $4::timestamptz
				WHEN reason = 'Reviewed at the Engine Room' THEN $5::timestamptz
				ELSE at END
			WHERE theme_id = $1`, themeID, ago(dt.commissioned), ago(max(dt.signedOff, 0)), ago(max(dt.signedOff-20, 1)), ago(7))
		if err != nil {
			return err
		}
	}

	// Requests still waiting for the Engine Room, and one routed elsewhere.
	for i, w := range story.waiting {
		if _, err := kloe(w.title, w.observed, []int{12, 4}[i]); err != nil {
			return err
		}
	}
	routed, err := kloe(story.routed.title, story.routed.observed, 50)
	if err != nil {
		return err
	}
	_, err = learning.Triage(ctx, tx, routed, p.engineRoom, learning.TriageInput{Decision: "route_elsewhere",
		RoutedTo: story.routedTo, Outcome: story.outcome, RequestV: routed.Version}, ago(45))
	if err != nil {
		return err
	}
	// Last month's Engine Room meeting, its agenda minuted.
	engineRoom, err := meetings.BodyOfKind(ctx, tx, p.partnershipID, "engine_room")
	if err != nil {
		return err
	}
	mid, err := meetings.Create(ctx, tx, []meetings.AgendaSource{learning.EngineRoomAgenda{}}, meetings.Input{PartnershipID: p.partnershipID,
		BodyID: engineRoom.ID, HeldOn: ago(14), Title: "Engine Room", Attendees: []int64{p.engineRoom}})
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE meeting_item SET minute = 'Discussed. The owner will report back at the next meeting.' WHERE meeting_id = $1`, mid); err != nil {
		return err
	}
	if err := demoChallenges(ctx, tx, p, today); err != nil {
		return err
	}
	if err := demoReviews(ctx, tx, p, p.executive, today); err != nil {
		return err
	}
	if err := demoReports(ctx, tx, p, today); err != nil {
		return err
	}
	if err := demoScrutiny(ctx, tx, p, today); err != nil {
		return err
	}
	if err := demoReviewPriorities(ctx, tx, p); err != nil {
		return err
	}
	if err := demoAssurance(ctx, tx, p, today); err != nil {
		return fmt.Errorf("assurance: %w", err)
	}
	if err := demoPublishing(ctx, tx, p, today); err != nil {
		return err
	}
	if err := demoChallengeProcess(ctx, tx, p, today); err != nil {
		return fmt.Errorf("challenge process: %w", err)
	}
	if err := executiveMeetings(ctx, tx, p, today); err != nil {
		return fmt.Errorf("executive meetings: %w", err)
	}
	if err := demoExecutiveHome(ctx, tx, p, today); err != nil {
		return fmt.Errorf("the Executive's home: %w", err)
	}
	if err := demoCaseAudits(ctx, tx, p, today); err != nil {
		return fmt.Errorf("case audits: %w", err)
	}
	if err := demoTraining(ctx, tx, p, today); err != nil {
		return fmt.Errorf("training: %w", err)
	}
	if err := demoBulletins(ctx, tx, p, today); err != nil {
		return fmt.Errorf("bulletins: %w", err)
	}
	if err := demoBudget(ctx, tx, p, today); err != nil {
		return fmt.Errorf("budget: %w", err)
	}
	return nil
}

// demoCommission writes a commission of a theme and, once signed off, its findings,
// recommendations (the theme's own), actions, evidence and training needs, each need dated the day
// its commission was signed off.
func demoCommission(ctx context.Context, tx pgx.Tx, p people, themeID int64, dt demoTheme, today time.Time) error {
	title, commissioned, signedOff := dt.title, dt.commissioned, dt.signedOff
	day := func(days int) time.Time { return today.AddDate(0, 0, days) }
	keyLines := cmp.Or(dt.keyLines, "What helps agencies act together?\nWhat do children and families tell us?")
	id, err := learning.CreateCommission(ctx, tx, p.partnershipID, themeID, p.engineRoom, learning.CommissionInput{
		Title: "Active learning: " + title, KeyLines: keyLines,
		Methods: []string{"case_audit", "focus_group"}, Participants: "Front-line practitioners of the partner agencies",
		StartsOn: day(-commissioned), DueOn: day(-commissioned + 90), Organisations: []int64{p.agency, p.police, p.council},
		Friends: []int64{p.friend}}, today)
	if err != nil {
		return err
	}
	if err := learning.AddNote(ctx, tx, id, p.friend, "voice", "Young people told us they want one worker who explains what happens next."); err != nil {
		return err
	}
	for _, m := range []struct {
		title string
		due   int
	}{{"Case audit complete", -commissioned + 30}, {"Focus groups held", -commissioned + 60}} {
		if err := learning.AddMilestone(ctx, tx, p.partnershipID, id, m.title, day(m.due)); err != nil {
			return err
		}
	}
	if _, err := tx.Exec(ctx, `UPDATE commission_milestone SET done_on = due_on WHERE commission_id = $1 AND due_on < $2`, id, day(-3)); err != nil {
		return err
	}
	if signedOff == 0 {
		return nil
	}
	c, err := learning.GetCommission(ctx, tx, p.partnershipID, id)
	if err != nil {
		return err
	}
	if err := learning.SaveFindings(ctx, tx, p.partnershipID, id, c.Version, "## What we found\n\n"+
		"Practitioners know their own agency's procedure well but rarely see the whole family's history.\n\n"+
		"* Information is shared late\n* Families hear different things from different agencies\n"); err != nil {
		return err
	}
	if signedOff < 0 {
		return nil // the critical friend has written the findings; the Engine Room has yet to sign them off
	}
	// The theme's recommendations at their stages: the first in progress (its action overdue while
	// the theme is open), the second implemented.
	owners := map[string]int64{"agency": p.agency, "council": p.council, "police": p.police}
	type stage struct {
		title       string
		org         int64
		due, impact int
		actionDue   int
		status      string
		evidence    string
		need        string
	}
	var recs []stage
	for i, dr := range dt.recs {
		r := stage{title: dr.title, org: owners[dr.owner], need: dr.need}
		if i == 0 {
			r.due, r.impact, r.actionDue, r.status, r.evidence = -signedOff+120, -signedOff+150, -signedOff+60, "in_progress", "amber"
		} else {
			r.due, r.impact, r.actionDue, r.status, r.evidence = -signedOff+180, -signedOff+200, -signedOff+150, "implemented", "green"
		}
		recs = append(recs, r)
	}
	for _, r := range recs {
		if signedOff > 200 {
			r.status = "implemented" // a theme long since closed has no action left open
		}
		impact := day(r.impact)
		recID, err := learning.AddRecommendation(ctx, tx, p.partnershipID, id, learning.RecommendationInput{Title: r.title, OwnerOrgID: r.org,
			DueOn: day(r.due), ImpactDueOn: &impact, TrainingNeed: r.need})
		if err != nil {
			return err
		}
		// The Engine Room identified the training need when it signed the findings off.
		if _, err := tx.Exec(ctx, `UPDATE training_need SET created_at = $2 WHERE recommendation_id = $1`, recID, day(-signedOff).Add(15*time.Hour)); err != nil {
			return err
		}
		actionID, err := learning.AddAction(ctx, tx, p.partnershipID, recID, r.org, "Agree the change with team managers and brief staff", day(r.actionDue))
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE action SET created_at = $2 WHERE id = $1`, actionID, day(-signedOff+7)); err != nil {
			return err
		}
		if r.status == "implemented" {
			if err := learning.AddUpdate(ctx, tx, p.partnershipID, recID, actionID, p.engineRoom, "Briefings held in every team.", true); err != nil {
				return err
			}
		} else if err := learning.AddUpdate(ctx, tx, p.partnershipID, recID, actionID, p.engineRoom, "Drafted; waiting for sign-off by the agency.", false); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE action_update SET at = $2 WHERE action_id = $1`, actionID, day(min(r.actionDue-10, -1))); err != nil {
			return err
		}
		if err := learning.SetRecommendationStatus(ctx, tx, p.partnershipID, recID, 1, r.status); err != nil {
			return err
		}
		if r.impact < 0 && signedOff > 100 {
			if err := learning.AddEvidence(ctx, tx, p.partnershipID, recID, p.engineRoom, "re_audit", "Re-audit of ten cases shows the change in practice.",
				day(r.impact), r.evidence); err != nil {
				return err
			}
		}
	}
	return learning.SignOff(ctx, tx, p.partnershipID, id, p.engineRoom, day(-signedOff))
}

// demoReviews writes the serious-incident side of the year: a CSPR consideration request just
// received, a rapid review at risk (13 working days in, no draft yet), and one that went to the
// national Panel on time and opened a local CSPR whose reviewer the Executive approved. The
// children are fictional and known only as "Child A" and "Child B".
func demoReviews(ctx context.Context, tx pgx.Tx, p people, executive int64, today time.Time) error {
	cal, err := reviews.Calendar(ctx, tx)
	if err != nil {
		return err
	}
	n := 0
	cspr := func(child string, daysAgo int) (intake.Request, error) {
		n++
		incident := today.AddDate(0, 0, -daysAgo-3)
		answers := url.Values{"requester_name": {"Priya Practitioner"}, "requester_job_title": {"Health visitor"},
			"requester_organisation": {strconv.FormatInt(p.agency, 10)}, "requester_email": {"practitioner@" + p.slug + ".example"},
			"requester_phone": {"01000 000000"}, "procedure_followed": {"yes"}, "senior_lead_agrees": {"not_asked"},
			"incident_date-day": {strconv.Itoa(incident.Day())}, "incident_date-month": {strconv.Itoa(int(incident.Month()))},
			"incident_date-year": {strconv.Itoa(incident.Year())}, "harm": {"serious_harm"},
			"what_happened": {"A fictional demonstration incident: an infant was admitted to hospital with unexplained injuries."},
			"whereabouts":   {"At home with a parent."}, "child1_name": {child}, "child1_dob-day": {"1"}, "child1_dob-month": {"1"},
			"child1_dob-year": {strconv.Itoa(incident.Year() - 1)}, "child1_gender": {"unknown"}, "child1_home_la": {"Demo"},
			"child1_legal_status": {"child_in_need"}, "family": {"Fictional parents."}, "agencies": {"Health visiting, GP."},
			"criteria": {"Suspected abuse and serious harm."}}
		id, err := intake.SaveDraft(ctx, tx, intake.DraftInput{PartnershipID: p.partnershipID, Kind: intake.CSPR, FormKey: fmt.Sprintf("demo-cspr-%d", n),
			Requester: intake.Requester{ID: p.practitioner, Name: "Priya Practitioner", Email: "practitioner@" + p.slug + ".example"}, Answers: answers})
		if err != nil {
			return intake.Request{}, err
		}
		if _, err := intake.Submit(ctx, tx, p.partnershipID, id, p.practitioner, p.shortName, today.AddDate(0, 0, -daysAgo).Add(9*time.Hour)); err != nil {
			return intake.Request{}, err
		}
		return intake.Get(ctx, tx, p.partnershipID, id)
	}
	if _, err := cspr("Child C", 2); err != nil {
		return err
	}

	// At risk: 13 working days into the clock, no draft.
	aware := workdays.Day(today)
	for i := 0; i < 13; {
		aware = aware.AddDate(0, 0, -1)
		if cal.IsWorkingDay(aware) {
			i++
		}
	}
	req, err := cspr("Child A", int(today.Sub(aware).Hours()/24)+1)
	if err != nil {
		return err
	}
	id, err := reviews.Start(ctx, tx, p.partnershipID, p.shortName, p.engineRoom, reviews.StartInput{Request: &req, Title: "Child A (" + strconv.Itoa(aware.Year()) + ")",
		AwareOn: aware, ClockStart: "awareness"}, cal, today)
	if err != nil {
		return err
	}
	if err := reviews.RequestInformation(ctx, tx, p.partnershipID, id, p.agency, aware, cal.Add(aware, 5)); err != nil {
		return err
	}
	if err := reviews.RequestInformation(ctx, tx, p.partnershipID, id, p.police, aware, cal.Add(aware, 5)); err != nil {
		return err
	}
	if err := reviews.RecordSummary(ctx, tx, p.partnershipID, id, p.police, "Police attended twice in the month before; no referral was made.", cal.Add(aware, 4)); err != nil {
		return err
	}

	// Finished: sent on time, a local CSPR with its reviewer approved.
	aware = workdays.Day(today).AddDate(0, -4, 0)
	req, err = cspr("Child B", int(today.Sub(aware).Hours()/24)+1)
	if err != nil {
		return err
	}
	if id, err = reviews.Start(ctx, tx, p.partnershipID, p.shortName, p.engineRoom, reviews.StartInput{Request: &req, Title: "Child B (" + strconv.Itoa(aware.Year()) + ")",
		AwareOn: aware, NotifiedOn: ptr(cal.Add(aware, 2)), ClockStart: "notification"}, cal, aware); err != nil {
		return err
	}
	r, err := reviews.Get(ctx, tx, p.partnershipID, id)
	if err != nil {
		return err
	}
	r.ProgressMeetingOn, r.PanelMeetingOn = ptr(cal.Add(r.AwareOn, 9)), ptr(cal.Add(r.AwareOn, 11))
	r.Facts, r.Draft, r.DraftedOn = "A fictional demonstration case.", "Draft rapid review for the national Panel.", ptr(cal.Add(r.AwareOn, 11))
	r.Decision, r.DecisionReasons = "local_cspr", "The learning about sharing concerns reaches across the partnership."
	r.SentToPanelOn = ptr(cal.Add(r.AwareOn, 15))
	if err := reviews.Update(ctx, tx, r); err != nil {
		return err
	}
	// Put to the statutory partners by the Engine Room member; each partner organisation signs
	// it off through its lead representative.
	if err := signOffReview(ctx, tx, p.partnershipID, r, p.engineRoom, cal.Add(r.AwareOn, 14)); err != nil {
		return err
	}
	cid, err := reviews.OpenCSPR(ctx, tx, p.partnershipID, id, p.shortName, reviews.DefaultPublishMonths, cal, cal.Add(r.AwareOn, 16))
	if err != nil {
		return err
	}
	if err := reviews.ProposeReviewer(ctx, tx, p.partnershipID, cid, 1, "Dr Rowan Reviewer (independent)", "What helped and hindered agencies in sharing concerns about the infant?", p.engineRoom); err != nil {
		return err
	}
	approved := aware.AddDate(0, 0, 30)
	if err := reviews.ApproveReviewer(ctx, tx, p.partnershipID, cid, 2, executive, approved.Add(14*time.Hour), nil); err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `UPDATE cspr_milestone SET done_on = $2 WHERE cspr_id = $1 AND title LIKE 'Reviewer appointed%'`, cid, approved)
	return err
}

func ptr(t time.Time) *time.Time { return &t }
