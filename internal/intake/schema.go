// Package intake holds what practitioners send the partnership: Key Line of Enquiry (KLOE)
// requests and Child Safeguarding Practice Review (CSPR) consideration requests, from draft to
// submission with a gapless reference, their supporting documents, and what then happens to them.
//
// Each kind's questions are described once, as a Spec: the HTTP layer renders the form, the
// check-your-answers page and the detail page from it, and Validate checks answers against it.
// Answers are kept as the form's fields, so a draft keeps exactly what was typed.
package intake

import (
	"cmp"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Kind is the kind of a request.
type Kind string

// Kinds of request.
const (
	KLOE Kind = "kloe"
	CSPR Kind = "cspr"
)

// Label names a kind for people.
func (k Kind) Label() string {
	if k == CSPR {
		return "CSPR consideration request"
	}
	return "Key Line of Enquiry request"
}

// Sensitive reports whether requests of this kind hold special category data about children.
func (k Kind) Sensitive() bool { return k == CSPR }

// QuestionType is how a question is asked.
type QuestionType string

// Question types.
const (
	Text       QuestionType = "text"
	Email      QuestionType = "email"
	Tel        QuestionType = "tel"
	TextArea   QuestionType = "textarea"
	Radios     QuestionType = "radios"
	Checkboxes QuestionType = "checkboxes"
	Select     QuestionType = "select"
	Date       QuestionType = "date" // three fields: name-day, name-month, name-year
)

// Option is one answer to choose.
type Option struct {
	Value string
	Label string
}

// Question is one question of a form.
type Question struct {
	Name     string
	Label    string
	Read     string // the label on a sent request, in the third person ("Job title", not "Your job title"): Label when empty
	Hint     string
	Warning  string // shown beside the field, e.g. not to identify a child
	Type     QuestionType
	Options  []Option
	Required bool
	MaxLen   int
	Rows     int
	// RequiredIf makes the question required when the answers satisfy it.
	RequiredIf func(url.Values) bool
	// Date rules: not after today, and before another date question's answer.
	NotFuture bool
	Before    string
	// Missing is the message when a required answer is missing.
	Missing string
	// MustBe is the only acceptable answer, when there is one; Refusal says why.
	MustBe, Refusal string
}

// Section is a group of questions under a heading.
type Section struct {
	Title     string
	Read      string // the title on a sent request, read by others than its writer: Title when empty
	Intro     string
	Warning   string // shown once at the section's start, e.g. not to identify a child
	Child     int    // a CSPR request's child block: its child's number (1 to MaxChildren); 0 otherwise
	Questions []Question
}

// Spec is a kind of request's whole form.
type Spec struct {
	Kind     Kind
	Sections []Section
}

// Questions returns every question, in page order.
func (s Spec) Questions() []Question {
	var qs []Question
	for _, sec := range s.Sections {
		qs = append(qs, sec.Questions...)
	}
	return qs
}

// Answer returns a question's answer as people read it: option labels for choices, a written-out
// date, "" when there is none.
func (q Question) Answer(v url.Values) string {
	switch q.Type {
	case Radios, Select:
		if v.Get(q.Name) == "" {
			return "" // not chosen: never the placeholder's label ("Choose")
		}
		return optionLabel(q.Options, v.Get(q.Name))
	case Checkboxes:
		var labels []string
		for _, val := range v[q.Name] {
			labels = append(labels, optionLabel(q.Options, val))
		}
		return strings.Join(labels, "; ")
	case Date:
		if d, ok := q.date(v); ok {
			return d.Format("2 January 2006")
		}
		return strings.TrimSpace(strings.Join([]string{v.Get(q.Name + "-day"), v.Get(q.Name + "-month"), v.Get(q.Name + "-year")}, " "))
	}
	return strings.TrimSpace(v.Get(q.Name))
}

// hasOption reports whether value is one of the options offered.
func hasOption(opts []Option, value string) bool {
	for _, o := range opts {
		if o.Value == value {
			return true
		}
	}
	return false
}

func optionLabel(opts []Option, value string) string {
	for _, o := range opts {
		if o.Value == value {
			return o.Label
		}
	}
	return value
}

// date reads a date question's three fields.
func (q Question) date(v url.Values) (time.Time, bool) {
	d, err1 := strconv.Atoi(strings.TrimSpace(v.Get(q.Name + "-day")))
	m, err2 := strconv.Atoi(strings.TrimSpace(v.Get(q.Name + "-month")))
	y, err3 := strconv.Atoi(strings.TrimSpace(v.Get(q.Name + "-year")))
	if err1 != nil || err2 != nil || err3 != nil || y < 1900 || y > 2200 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d || int(t.Month()) != m {
		return time.Time{}, false
	}
	return t, true
}

// Fields lists the form field names a question uses.
func (q Question) Fields() []string {
	if q.Type == Date {
		return []string{q.Name + "-day", q.Name + "-month", q.Name + "-year"}
	}
	return []string{q.Name}
}

// FieldError names one problem with one question.
type FieldError struct {
	Field   string // the id of the input the error summary links to
	Message string
}

// Validate checks answers against the spec on day today and returns the problems in page order.
func (s Spec) Validate(v url.Values, today time.Time) []FieldError {
	var errs []FieldError
	add := func(field, msg string) { errs = append(errs, FieldError{Field: field, Message: msg}) }
	dates := map[string]time.Time{}
	for _, q := range s.Questions() {
		if q.Type == Date {
			if d, ok := q.date(v); ok {
				dates[q.Name] = d
			}
		}
	}
	for _, q := range s.Questions() {
		required := q.Required || (q.RequiredIf != nil && q.RequiredIf(v))
		missing := q.Missing
		if missing == "" {
			missing = "Answer: " + strings.ToLower(q.Label[:1]) + q.Label[1:]
		}
		switch q.Type {
		case Date:
			blank := strings.TrimSpace(v.Get(q.Name+"-day")+v.Get(q.Name+"-month")+v.Get(q.Name+"-year")) == ""
			d, ok := dates[q.Name]
			switch {
			case blank && required:
				add(q.Name+"-day", missing)
			case blank:
			case !ok:
				add(q.Name+"-day", q.Label+" must be a real date, like 27 3 2026")
			case q.NotFuture && d.After(today):
				add(q.Name+"-day", q.Label+" must be today or in the past")
			case q.Before != "" && !dates[q.Before].IsZero() && !d.Before(dates[q.Before]):
				add(q.Name+"-day", q.Label+" must be before the date of the incident")
			}
		case Checkboxes:
			if required && len(v[q.Name]) == 0 {
				add(q.Name, missing)
			}
			for _, val := range v[q.Name] {
				if !hasOption(q.Options, val) {
					add(q.Name, "Choose from the list: "+strings.ToLower(q.Label[:1])+q.Label[1:])
					break
				}
			}
		case Radios, Select:
			val := v.Get(q.Name)
			switch {
			case val == "" && required:
				add(q.Name, missing)
			case val != "" && !hasOption(q.Options, val):
				add(q.Name, "Choose from the list: "+strings.ToLower(q.Label[:1])+q.Label[1:])
			case val != "" && q.MustBe != "" && val != q.MustBe:
				add(q.Name, q.Refusal)
			}
		default:
			val := strings.TrimSpace(v.Get(q.Name))
			max := q.MaxLen
			if max == 0 {
				max = 200
			}
			switch {
			case val == "" && required:
				add(q.Name, missing)
			case len([]rune(val)) > max:
				add(q.Name, q.Label+" must be "+strconv.Itoa(max)+" characters or fewer")
			case q.Type == Email && val != "" && !strings.Contains(val, "@"):
				add(q.Name, "Enter an e-mail address in the correct format, like name@example.org")
			}
		}
	}
	return errs
}

// DraftProblems are the problems that stop even a draft being saved: answers too long to store.
func (s Spec) DraftProblems(v url.Values) []FieldError {
	var errs []FieldError
	for _, q := range s.Questions() {
		max := q.MaxLen
		if max == 0 {
			max = 200
		}
		for _, f := range q.Fields() {
			for _, val := range v[f] {
				if len([]rune(val)) > max {
					errs = append(errs, FieldError{Field: f, Message: q.Label + " must be " + strconv.Itoa(max) + " characters or fewer"})
				}
			}
		}
	}
	return errs
}

// Keep returns only the fields the spec asks for, so nothing else a client sends is stored.
func (s Spec) Keep(v url.Values) url.Values {
	kept := url.Values{}
	for _, q := range s.Questions() {
		for _, f := range q.Fields() {
			if vals, ok := v[f]; ok {
				kept[f] = append([]string(nil), vals...)
			}
		}
	}
	return kept
}

// ReadTitle is the section's title on a sent request.
func (sec Section) ReadTitle() string { return cmp.Or(sec.Read, sec.Title) }

// ReadLabel is the question's label on a sent request.
func (q Question) ReadLabel() string { return cmp.Or(q.Read, q.Label) }
