package intake

import (
	"net/url"
	"strconv"
	"strings"
)

// noChildDetails is the warning at the start of a KLOE request's questions, shown once: it covers
// every answer and document.
const noChildDetails = "Do not include anything that could identify a child or family, in your answers or in documents you attach: " +
	"no names, dates of birth, addresses or case numbers."

var yesNo = []Option{{"yes", "Yes"}, {"no", "No"}}

// aboutYou asks who is writing, prefilled from their account; orgs are the partnership's
// organisations to choose from.
func aboutYou(orgs []Option, phoneRequired bool) Section {
	return Section{Title: "About you", Read: "Who sent it", Questions: []Question{
		{Name: "requester_name", Label: "Your name", Read: "Name", Type: Text, Required: true, MaxLen: 200, Missing: "Enter your name"},
		{Name: "requester_job_title", Label: "Your job title", Read: "Job title", Type: Text, Required: true, MaxLen: 200, Missing: "Enter your job title"},
		{Name: "requester_organisation", Label: "Your organisation", Read: "Organisation", Type: Select, Required: true,
			Options: append([]Option{{"", "Choose your organisation"}}, orgs...), Missing: "Choose your organisation"},
		{Name: "requester_email", Label: "Your work e-mail address", Read: "Work e-mail address", Type: Email, Required: true, MaxLen: 254, Missing: "Enter your work e-mail address"},
		{Name: "requester_phone", Label: "Your work phone number", Read: "Work phone number", Type: Tel, Required: phoneRequired, MaxLen: 40, Missing: "Enter your work phone number"},
	}}
}

// KLOESpec is the Key Line of Enquiry request form. priorities are the partnership's own list,
// orgs its organisations. The warning not to identify a child is the request section's, once;
// where to go when children may be at risk now is the form's own warning (UrgentAdvice), once.
func KLOESpec(priorities []string, orgs []Option) Spec {
	prio := make([]Option, 0, len(priorities))
	for _, p := range priorities {
		prio = append(prio, Option{p, p})
	}
	return Spec{Kind: KLOE, Sections: []Section{
		aboutYou(orgs, false),
		{Title: "Your request", Read: "The request", Warning: noChildDetails, Questions: []Question{
			{Name: "kind", Label: "What are you bringing to the partnership?", Read: "What it brings to the partnership", Type: Radios, Required: true,
				Missing: "Choose what you are bringing to the partnership",
				Options: []Option{
					{"good_practice", "Good practice to share"},
					{"barrier", "A barrier or issue in multi-agency working"},
					{"active_learning", "A request for active learning on a theme"},
				}},
			{Name: "title", Label: "Title", Hint: "A few words the Engine Room will know it by.", Type: Text, Required: true, MaxLen: 120,
				Missing: "Enter a title"},
			{Name: "observed", Label: "What have you seen?", Read: "What they have seen", Type: TextArea, Required: true, MaxLen: 5000, Rows: 6,
				Missing: "Describe what you have seen"},
			{Name: "evidence", Label: "Evidence", Hint: "Data, audits or cases, described in general terms.", Type: TextArea, MaxLen: 5000, Rows: 5},
			{Name: "agencies", Label: "Which agencies are involved?", Type: TextArea, Required: true, MaxLen: 1000, Rows: 3,
				Missing: "Say which agencies are involved"},
			{Name: "priorities", Label: "Which of the partnership's priorities does it touch?", Hint: "Choose all that apply.",
				Type: Checkboxes, Options: prio},
			{Name: "question", Label: "What question would you like answered?", Read: "The question they would like answered", Type: TextArea, Required: true, MaxLen: 2000, Rows: 3,
				Missing: "Enter the question you would like answered"},
		}},
		{Title: "Urgency", Questions: []Question{
			{Name: "urgency", Label: "How urgent is it?", Type: Radios, Required: true, Missing: "Choose how urgent it is",
				Options: []Option{{"routine", "Routine: the next Engine Room meeting"}, {"soon", "Soon: within a month"}, {"urgent", "Urgent: children may be at risk now"}}},
			{Name: "urgency_reason", Label: "Why is it that urgent?", Hint: "Needed if it is soon or urgent.", Type: TextArea, MaxLen: 2000, Rows: 3,
				RequiredIf: func(v url.Values) bool { return v.Get("urgency") == "soon" || v.Get("urgency") == "urgent" },
				Missing:    "Say why it is urgent"},
			{Name: "manager_aware", Label: "Does your manager know you are sending this?", Read: "Their manager knows", Type: Radios, Required: true, Options: yesNo,
				Missing: "Say whether your manager knows"},
			{Name: "manager_name", Label: "Your manager's name", Read: "Their manager's name", Hint: "Needed if your manager knows.", Type: Text, MaxLen: 200,
				RequiredIf: func(v url.Values) bool { return v.Get("manager_aware") == "yes" },
				Missing:    "Enter your manager's name"},
		}},
	}}
}

// Legal statuses of a child, as the national Panel's notification form asks.
var legalStatuses = []Option{
	{"none", "None of these"},
	{"child_in_need", "Child in need"},
	{"child_protection_plan", "Child protection plan"},
	{"looked_after", "Looked after child"},
	{"care_leaver", "Care leaver"},
	{"unknown", "Not known"},
}

var genders = []Option{{"girl", "Girl"}, {"boy", "Boy"}, {"other", "Another gender"}, {"unknown", "Not known"}}

// MaxChildren is how many children one CSPR consideration request can name (one notification to
// the national Panel covers up to four).
const MaxChildren = 4

// childFields are the fields of a child block, without their "childN_" prefix.
func childFields() []string {
	var out []string
	for _, q := range childSection(1).Questions {
		for _, f := range q.Fields() {
			out = append(out, strings.TrimPrefix(f, "child1_"))
		}
	}
	return out
}

// ChildFilled reports whether any answer about child n (1-based) was given.
func ChildFilled(v url.Values, n int) bool {
	p := "child" + strconv.Itoa(n) + "_"
	for _, f := range childFields() {
		if v.Get(p+f) != "" {
			return true
		}
	}
	return false
}

// RemoveChild returns a copy of the answers v without child n's (1-based): each later child's
// answers move up one block, so the children that remain keep their answers, in order, and every
// other answer is kept as it is ("Remove this child"). shown is how many child blocks the form
// showed (ChildrenShown); the form then shows one fewer. Only a block beyond the first that the
// form showed can be removed: for any other n, ok is false and v is returned as it is.
func RemoveChild(v url.Values, n, shown int) (out url.Values, ok bool) {
	if n < 2 || n > min(shown, MaxChildren) {
		return v, false
	}
	out = make(url.Values, len(v))
	for k, vals := range v {
		out[k] = append([]string(nil), vals...)
	}
	fields := childFields()
	for i := n; i <= MaxChildren; i++ {
		to, from := "child"+strconv.Itoa(i)+"_", "child"+strconv.Itoa(i+1)+"_"
		for _, f := range fields {
			delete(out, to+f)
			if vals, has := v[from+f]; has && i < MaxChildren {
				out[to+f] = append([]string(nil), vals...)
			}
		}
	}
	return out, true
}

// ChildrenShown is how many child blocks the CSPR form shows: one at least, every child with an
// answer, and as many as the form showed last (asked, its "children" field, when it reads as a
// number), never more than MaxChildren. more asks for one more ("Add another child").
func ChildrenShown(v url.Values, asked string, more bool) int {
	n := 1
	if a, err := strconv.Atoi(asked); err == nil && a > n {
		n = a
	}
	for i := MaxChildren; i > n; i-- {
		if ChildFilled(v, i) {
			n = i
			break
		}
	}
	if more {
		n++
	}
	return min(n, MaxChildren)
}

func childSection(n int) Section {
	p := "child" + strconv.Itoa(n) + "_"
	s := strconv.Itoa(n)
	filled := func(v url.Values) bool { return n == 1 || ChildFilled(v, n) }
	title, intro := "Child "+s, "Only if the incident involved more than one child."
	if n == 1 {
		title, intro = "The child", ""
	}
	return Section{Title: title, Intro: intro, Child: n, Questions: []Question{
		{Name: p + "name", Label: "Child " + s + ": full name", Type: Text, MaxLen: 200, RequiredIf: filled,
			Missing: "Enter child " + s + "'s full name"},
		{Name: p + "dob", Label: "Child " + s + ": date of birth", Hint: "For example, 27 3 2015", Type: Date, NotFuture: true,
			Before: "incident_date", RequiredIf: filled, Missing: "Enter child " + s + "'s date of birth"},
		{Name: p + "gender", Label: "Child " + s + ": gender", Type: Select, RequiredIf: filled,
			Options: append([]Option{{"", "Choose"}}, genders...), Missing: "Choose child " + s + "'s gender"},
		{Name: p + "ethnicity", Label: "Child " + s + ": ethnicity", Type: Text, MaxLen: 200},
		{Name: p + "home_la", Label: "Child " + s + ": home local authority", Type: Text, MaxLen: 200, RequiredIf: filled,
			Missing: "Enter child " + s + "'s home local authority"},
		{Name: p + "legal_status", Label: "Child " + s + ": legal status at the time", Type: Select, RequiredIf: filled,
			Options: append([]Option{{"", "Choose"}}, legalStatuses...), Missing: "Choose child " + s + "'s legal status"},
	}}
}

// CSPRSpec is the CSPR consideration request form; orgs are the partnership's organisations.
func CSPRSpec(orgs []Option) Spec {
	sections := []Section{
		aboutYou(orgs, true),
		{Title: "Before you start", Read: "Before it was sent", Questions: []Question{
			{Name: "procedure_followed", Label: "Have you followed your own agency's procedure for informing the local authority?", Read: "Their agency's procedure for informing the local authority followed",
				Type: Radios, Required: true, Options: yesNo, Missing: "Say whether you have followed your agency's procedure",
				MustBe: "yes", Refusal: "Follow your own agency's procedure for informing the local authority before you send this request"},
			{Name: "senior_lead_agrees", Label: "Does your agency's senior safeguarding lead agree with this referral?", Read: "Their agency's senior safeguarding lead agrees", Type: Radios,
				Required: true, Missing: "Say whether your senior safeguarding lead agrees",
				Options: []Option{{"yes", "Yes"}, {"no", "No"}, {"not_asked", "I have not been able to ask them yet"}}},
			{Name: "senior_lead_name", Label: "Your senior safeguarding lead's name", Read: "Their senior safeguarding lead's name", Hint: "Needed if you have asked them.", Type: Text, MaxLen: 200,
				RequiredIf: func(v url.Values) bool {
					return v.Get("senior_lead_agrees") == "yes" || v.Get("senior_lead_agrees") == "no"
				},
				Missing: "Enter your senior safeguarding lead's name"},
		}},
		{Title: "The incident", Questions: []Question{
			{Name: "incident_date", Label: "Date of the incident", Hint: "For example, 27 3 2026", Type: Date, Required: true, NotFuture: true,
				Missing: "Enter the date of the incident"},
			{Name: "harm", Label: "What happened to the child?", Type: Radios, Required: true, Missing: "Say whether the child died or was seriously harmed",
				Options: []Option{{"death", "The child died"}, {"serious_harm", "The child was seriously harmed"}}},
			{Name: "what_happened", Label: "What happened", Type: TextArea, Required: true, MaxLen: 10000, Rows: 6,
				Missing: "Describe what happened"},
			{Name: "whereabouts", Label: "Where was the child, and who was caring for them?", Type: TextArea, Required: true, MaxLen: 5000, Rows: 4,
				Missing: "Say where the child was and who was caring for them"},
		}},
	}
	for n := 1; n <= MaxChildren; n++ {
		sections = append(sections, childSection(n))
	}
	sections = append(sections,
		Section{Title: "Family and agencies", Questions: []Question{
			{Name: "family", Label: "Parents, carers and significant others", Hint: "Names, relationship to the child and where they live.",
				Type: TextArea, Required: true, MaxLen: 5000, Rows: 5, Missing: "Enter the parents, carers and significant others"},
			{Name: "agencies", Label: "Which agencies knew the family, and do they still?", Type: TextArea, Required: true, MaxLen: 5000, Rows: 5,
				Missing: "Say which agencies knew the family"},
		}},
		Section{Title: "Why a review", Questions: []Question{
			{Name: "criteria", Label: "Why do you think the criteria for a review are met?", Read: "Why they think the criteria for a review are met",
				Hint: "Abuse or neglect of the child is known or suspected, and the child has died or been seriously harmed.",
				Type: TextArea, Required: true, MaxLen: 10000, Rows: 6, Missing: "Say why you think the criteria are met"},
			{Name: "chronology", Label: "Key dates", Hint: "A short chronology: one date and event a line.", Type: TextArea, MaxLen: 10000, Rows: 6},
		}},
	)
	return Spec{Kind: CSPR, Sections: sections}
}

// UrgentAdvice tells a practitioner that a Key Line of Enquiry is not for a child at risk now, and
// where to go instead: their own agency's safeguarding procedures, the partnership's front door
// (children's social care), or the police on 999 in an emergency.
func UrgentAdvice(frontDoor string) string {
	if frontDoor == "" {
		frontDoor = "children's social care at the council where the child lives"
	}
	return "A Key Line of Enquiry is not for a child at risk now, and it is not a referral. If you think a child is at risk of harm, " +
		"follow your agency's safeguarding procedures and contact " + frontDoor + " straight away. " +
		"If a child is in immediate danger, call 999 and ask for the police."
}
