package seed

// Each partnership's own year of learning (issue #14): its themes, their key lines of enquiry and
// recommendations, and the requests still before its Engine Room, drawn from its papers in
// /work/shared/seeds: Hartlepool and Stockton-on-Tees from its published arrangements (001) and
// Stockton's Cabinet record (000, 003); South Tees from its yearly report for 2023/24 (002), its
// four priorities and its challenge process; Pan Dorset from Dorset Council's scrutiny of its
// arrangements (004): two councils, county lines and child exploitation, children held in police
// custody, foster and kinship carers, and care leavers.

// demoTheme is one theme of a partnership's demo history, at its stage of the loop.
type demoTheme struct {
	title, description, status, rating, reason, source, sourceRef string
	fromRequest                                                   bool
	commissioned                                                  int // days ago; 0 for none
	signedOff                                                     int // days ago; 0 for not yet, -1 for findings written only
	priority                                                      int // index of the partnership's priority it bears on
	keyLines                                                      string
	recs                                                          []demoRec // of a signed-off commission: the first raises a training need
}

// demoRec is a recommendation of a theme's commission: its title, the organisation that owns it
// ("agency", "council" or "police"), and the training need it raises ("" for none).
type demoRec struct {
	title, owner, need string
}

// demoRequest is a KLOE request in a partnership's demo history that is not a theme's.
type demoRequest struct{ title, observed string }

// demoStory is what a partnership's Engine Room worked on in the demo's year. The themes are at
// the same stages in every partnership (one at every stage of the loop), so that every role's
// pages show a living partnership; their words are the partnership's own.
type demoStory struct {
	themes            []demoTheme
	waiting           [2]demoRequest // awaiting triage: 12 and 4 days ago
	routed            demoRequest    // routed elsewhere 45 days ago
	routedTo, outcome string
	councils          string // the two councils' areas, as the challenge log names them ("both ...")
	disputes          [2]demoDispute
}

// demoDispute is a disagreement between two agencies: the first of a story's is resolved by the
// managers, the second is with the senior leads, past its stage's date. between names the parties:
// "health-police" (the practitioner's trust raises it with the police), "councils" (the first
// council raises it with the second) or "police-council".
type demoDispute struct {
	summary, detail, between string
	moves                    []string // what happened at each stage before the next
	outcome                  string   // the first's; "" while open
}

// demoStoryOf returns the partnership's story; a partnership without one has HSSCP's.
func demoStoryOf(slug string) demoStory {
	if s, ok := demoStories[slug]; ok {
		return s
	}
	return demoStories["hsscp"]
}

var demoStories = map[string]demoStory{
	// Hartlepool and Stockton-on-Tees: the active learning model of its arrangements (001); its
	// priorities are the objectives of section 1.
	"hsscp": {
		themes: []demoTheme{
			{"Neglect: recognising cumulative harm", "Agencies see single incidents but miss the pattern of neglect building over time.",
				"closed", "green", "Re-audit shows chronologies used in 9 of 10 cases.", "audit", "Multi-agency neglect audit, autumn 2025", false, 330, 270, 2,
				"Do agencies see the pattern of neglect, or only the latest incident?\nIs a chronology kept and shared?",
				[]demoRec{{"Keep one multi-agency chronology in every neglect case open to two or more agencies", "agency", "Using chronologies and the neglect toolkit"},
					{"Ask the family what has changed at every review of a neglect case", "council", ""}}},
			{"Hospital discharge planning", "Children are discharged from hospital without the plan reaching children's social care or the health visitor.",
				"impact_testing", "amber", "One action is overdue; early evidence is good.", "kloe", "", true, 240, 180, 0,
				"Does the discharge plan reach children's social care and the health visitor before the child goes home?\nWho explains the plan to the family?",
				[]demoRec{{"Send the discharge plan to children's social care and the health visitor before the child leaves hospital", "agency", "Discharge planning with community agencies, for ward staff"},
					{"Name one worker who explains the discharge plan to the family", "council", ""}}},
			{"Child exploitation and missing episodes", "Return home interviews are not shared with the police in time to disrupt exploitation.",
				"learning_shared", "amber", "Learning shared; actions under way.", "performance_data", "Missing episodes dashboard, Q2 2026", false, 120, 35, 5,
				"How soon does a return home interview reach the police?\nWhat do children who go missing tell us would keep them safe?",
				[]demoRec{{"Share every return home interview with the police within 72 hours", "agency", "Return home interviews and sharing them with the police"},
					{"Give each child missing three times or more one named worker", "council", ""}}},
			{"The voice of the child in child protection conferences", "Children's wishes and feelings are recorded but rarely change the plan.",
				"learning_commissioned", "red", "Few conferences hear directly from the child.", "kloe", "", true, 60, -1, 1,
				"How do children take part in their conference?\nWhat changed in a plan because of what a child said?", nil},
			{"Early help thresholds across the area", "Families are told different things about early help depending on where they live.",
				"learning_commissioned", "amber", "Learning has just begun.", "local_review", "Local review of early help, 2026", false, 10, 0, 2,
				"Do the Children's Hub and both councils' early help teams apply the threshold statement alike?", nil},
			{"Transitions to adult services", "Young people with complex needs lose support at 18 when services do not plan together.",
				"under_enquiry", "", "", "executive_proposal", "Executive meeting, September 2026", false, 0, 0, 0, "", nil},
			{"Domestic abuse notifications to schools", "Schools are not always told before the next school day about domestic abuse incidents.",
				"emerging", "", "", "kloe", "", true, 0, 0, 5, "", nil},
		},
		waiting: [2]demoRequest{{"Thresholds for early help differ between the two councils", "Families are told different things about early help."},
			{"Good practice: joint visits by health visitors and social workers", "Joint visits in the north locality cut repeat referrals."}},
		routed:   demoRequest{"Ambulance crews cannot reach the out-of-hours social work team", "Calls at night wait over an hour."},
		routedTo: "Emergency duty team manager", outcome: "Routed to the emergency duty team manager, who will reply to you directly.",
		councils: "both Hartlepool and Stockton-on-Tees",
		disputes: [2]demoDispute{
			{"Whether a strategy discussion was needed after a second referral", "The health visitor asked for a strategy discussion; the police said the threshold was not met.",
				"health-police", []string{"The practitioners talked twice and could not agree."}, "The managers agreed a strategy discussion, held the next day."},
			{"Sharing of domestic abuse notifications with the health visiting service", "Notifications reach health visitors a week after the incident.",
				"health-police", []string{"No agreement between the practitioners.", "The managers disagree on what the protocol requires."}, ""},
		},
	},
	// South Tees: the four priorities of its yearly report for 2023/24 (002) and what it says of
	// them: the aims of each priority, neglect's learning events, the contribution of schools and
	// the Section 175 survey, the voice of children in the priorities, the performance framework
	// to review with HSSCP, and learning from its reviews through the challenge process.
	"stscp": {
		themes: []demoTheme{
			{"Neglect: help at the earliest opportunity", "Families living with neglect are known to several agencies before help is offered; its impact is seen late.",
				"closed", "green", "Re-audit shows early help offered at the first concern in 8 of 10 cases.", "audit", "Multi-agency neglect audit, autumn 2025", false, 330, 270, 1,
				"When did each agency first see neglect, and when was help offered?\nWhat did the impact of neglect look like to the child?",
				[]demoRec{{"Offer early help at the first concern about neglect, not the third", "council", "Recognising the early signs of neglect"},
					{"Use the Tees neglect screening tool in every universal health service", "agency", ""}}},
			{"Schools and the front door: hearing back after a referral", "Designated safeguarding leads say they do not hear what happened after a referral, so concerns are referred again.",
				"impact_testing", "amber", "One action is overdue; the Section 175 survey shows early improvement.", "kloe", "", true, 240, 180, 3,
				"Do schools hear the outcome of their referrals?\nWhat do designated safeguarding leads need from the front doors of both councils?",
				[]demoRec{{"Tell the designated safeguarding lead the outcome of every referral within three working days", "council", "Referrals and their outcomes, for designated safeguarding leads"},
					{"Ask about feedback on referrals in the yearly Section 175 survey", "council", ""}}},
			{"Exploitation: children missing, exploited and trafficked", "Children missing three times or more are not always discussed at the multi-agency exploitation meeting in time.",
				"learning_shared", "amber", "Learning shared; actions under way.", "performance_data", "Vulnerable, exploited, missing and trafficked (VEMT) dashboard, Q2 2026", false, 120, 35, 0,
				"Is every child missing three times or more discussed at the exploitation meeting?\nWhat do children tell us about who exploits them?",
				[]demoRec{{"Discuss every child missing three times or more at the multi-agency exploitation meeting", "police", "Spotting exploitation behind repeated missing episodes"},
					{"Offer every child a return home conversation with a worker they know", "council", ""}}},
			{"Empowering young people: their voice in our priorities", "Agencies involve children, but what young people say rarely changes what the partnership decides.",
				"learning_commissioned", "red", "No young person has yet spoken to the Executive.", "kloe", "", true, 60, -1, 2,
				"How do young people's views reach the Executive?\nWhich of the partnership's decisions did young people change?", nil},
			{"Handovers between health visiting and GP practices", "Child B's review found that what each service knew was lost at the handover.",
				"learning_commissioned", "amber", "Learning has just begun.", "local_review", "Local child safeguarding practice review: Child B", false, 10, 0, 3,
				"What travels with the family when health visiting hands over to the GP practice?\nDo practitioners know they may share concerns without consent?", nil},
			{"Changing vulnerability and risk: what our data should show", "The performance framework needs review to reflect the changing nature of vulnerability and risk, with the partnership north of the Tees.",
				"under_enquiry", "", "", "executive_proposal", "Executive meeting, September 2026", false, 0, 0, 3, "", nil},
			{"Young carers: neglect behind the caring role", "School nurses see young carers whose own needs are missed because they cope.",
				"emerging", "", "", "kloe", "", true, 0, 0, 1, "", nil},
		},
		waiting: [2]demoRequest{{"Thresholds for early help differ between Middlesbrough and Redcar and Cleveland", "Families are told different things about early help on either side of the boundary."},
			{"Good practice: return home conversations by youth workers the child knows", "Children in Middlesbrough talked about who exploits them when a youth worker they knew visited."}},
		routed:   demoRequest{"School nurses cannot get a reply from GP practices about a child's health", "Requests for a child's health history wait weeks."},
		routedTo: "Designated Nurse, Integrated Care Board", outcome: "Routed to the Designated Nurse at the Integrated Care Board, who will reply to you directly.",
		councils: "both Middlesbrough and Redcar and Cleveland",
		disputes: [2]demoDispute{
			{"Whether a child missing for the third time needed a strategy discussion", "The school nurse asked for a strategy discussion after the third missing episode; the police said the exploitation meeting would consider it.",
				"health-police", []string{"The practitioners talked twice and could not agree."}, "The managers agreed a strategy discussion, held the next day, and the referral route to the exploitation meeting was made clear."},
			{"Sharing a young person's health history with the exploitation meeting", "The trust would not share the health history without the young person's consent; the police said the meeting needed it to keep them safe.",
				"health-police", []string{"No agreement between the practitioners.", "The managers disagree on whether consent is needed."}, ""},
		},
	},
	// Pan Dorset: one partnership across two councils, Dorset Council and Bournemouth,
	// Christchurch and Poole (BCP) Council, as Dorset Council's scrutiny of the arrangements
	// records (004): the joint agency action plan on county lines and child exploitation, children
	// looked after in police custody for want of a safe place, kinship as well as foster carers in
	// engagement, people who had gone through the care system, and child death reviews.
	"pan-dorset": {
		themes: []demoTheme{
			{"County lines: the joint agency action plan", "A review found agencies acting alone on county lines; the joint agency action plan brings the police, both councils and health together.",
				"closed", "green", "Re-audit shows a joint plan in 9 of 10 county lines cases.", "audit", "Review of county lines and child exploitation, 2025", false, 330, 270, 0,
				"Does every child found in a county line have one plan all agencies hold?\nWhat did the joint agency action plan change?",
				[]demoRec{{"Hold one joint plan for every child found in a county line", "police", "County lines: planning together across agencies"},
					{"Review the joint agency action plan with both councils every quarter", "council", ""}}},
			{"Children held in police custody with no safe place to go", "Children are kept in custody overnight because no safe place is found; the protocol is not always followed.",
				"impact_testing", "amber", "One action is overdue; early evidence is good.", "kloe", "", true, 240, 180, 2,
				"Why was no safe place found before the custody decision?\nIs the custody protocol known to both councils' out-of-hours teams?",
				[]demoRec{{"Find a safe place for a child before the custody decision, as the protocol requires", "council", "The protocol for children in police custody, for out-of-hours teams"},
					{"Report each night a child spends in custody to the Executive", "police", ""}}},
			{"Child exploitation across the Dorset Council and BCP Council boundary", "Children exploited in Bournemouth, Christchurch and Poole live in Dorset Council's area, and the two councils' exploitation meetings do not hear the same cases.",
				"learning_shared", "amber", "Learning shared; actions under way.", "performance_data", "Child exploitation dashboard, Q2 2026", false, 120, 35, 0,
				"Do both councils' exploitation meetings know of the children who cross the boundary?\nWhat do children tell us about where they are exploited?",
				[]demoRec{{"Share exploitation concerns between Dorset Council and BCP Council at one monthly meeting", "council", "Child exploitation across council boundaries"},
					{"Map where children exploited in Bournemouth, Christchurch and Poole live", "police", ""}}},
			{"Kinship and foster carers heard in the partnership", "Kinship carers tell us they are not asked about the children they care for, as foster carers are.",
				"learning_commissioned", "red", "No kinship carer has yet been heard.", "kloe", "", true, 60, -1, 1,
				"How do kinship carers tell agencies what the children they care for need?\nWhat do foster carers have that kinship carers do not?", nil},
			{"Early help: one offer across Dorset Council and BCP Council", "Families moving between Dorset Council and BCP Council are told different things about early help.",
				"learning_commissioned", "amber", "Learning has just begun.", "local_review", "Local review of early help, 2026", false, 10, 0, 2,
				"Do both councils' early help offers meet the same need in the same way?\nWhat happens to a family's help when it moves across the boundary?", nil},
			{"Care leavers' voice in the safeguarding arrangements", "Councillors asked whether people who had gone through the care system should be among the relevant agencies.",
				"under_enquiry", "", "", "executive_proposal", "Executive meeting, September 2026", false, 0, 0, 1, "", nil},
			{"Learning from child death reviews reaching front-line staff", "The Child Death Overview Panel reviews more deaths each year, but its learning rarely reaches practitioners.",
				"emerging", "", "", "kloe", "", true, 0, 0, 3, "", nil},
		},
		waiting: [2]demoRequest{{"Thresholds for early help differ between Dorset Council and BCP Council", "Families who move from Poole into Dorset are told different things about early help."},
			{"Good practice: a kinship carers' group in Weymouth", "Kinship carers who meet monthly ask for help earlier."}},
		routed:   demoRequest{"Out-of-hours calls cannot reach BCP Council's emergency duty service", "Calls at night wait over an hour."},
		routedTo: "BCP Council's out-of-hours service manager", outcome: "Routed to BCP Council's out-of-hours service manager, who will reply to you directly.",
		councils: "both Dorset Council's and BCP Council's areas",
		disputes: [2]demoDispute{
			{"Which council holds the case of a family that moved from Poole into Dorset", "BCP Council closed the case when the family moved; Dorset Council said the transfer conference had not been held.",
				"councils", []string{"The social workers talked twice and could not agree."}, "The managers agreed that BCP Council keeps the case until the transfer conference, held within 15 working days."},
			{"Finding a safe place for a child held in police custody overnight", "The police asked for a safe place for a 15-year-old at 10pm; the out-of-hours team said none was free until the morning.",
				"police-council", []string{"No agreement between the practitioners.", "The managers disagree on who must find the place under the protocol."}, ""},
		},
	},
}
