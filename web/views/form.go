package views

import (
	"fmt"
	"net/url"

	"github.com/scp-portal/portal/internal/app"
)

// Form carries what a person typed and what is wrong with it, so that a form that fails comes
// back with every value kept, an error summary at the top and a message at each field.
type Form struct {
	Values url.Values
	// Errors in the order the fields appear on the page: the summary lists them in that order.
	Errors []FieldError
}

// FieldError names one problem with one field. Field is the input's id, which the summary links to.
type FieldError struct {
	Field   string
	Message string
}

// NewForm returns a form holding a copy of values, so that removing a value from the form (a
// password, never sent back) leaves the request's own values alone.
func NewForm(values url.Values) Form {
	copied := url.Values{}
	for k, v := range values {
		copied[k] = append([]string(nil), v...)
	}
	return Form{Values: copied}
}

// Value returns what was typed into the field name.
func (f Form) Value(name string) string { return f.Values.Get(name) }

// Has reports whether the checkbox or option value is among the field's values.
func (f Form) Has(name, value string) bool {
	for _, v := range f.Values[name] {
		if v == value {
			return true
		}
	}
	return false
}

// Error returns the message for field name, or "".
func (f Form) Error(name string) string {
	for _, e := range f.Errors {
		if e.Field == name {
			return e.Message
		}
	}
	return ""
}

// Invalid reports whether the form has any problems.
func (f Form) Invalid() bool { return len(f.Errors) > 0 }

// AddError records a problem with field name. A field may have several (one per refused file);
// the field itself shows the first, the summary lists them all.
func (f *Form) AddError(name, message string) {
	for _, e := range f.Errors {
		if e.Field == name && e.Message == message {
			return
		}
	}
	f.Errors = append(f.Errors, FieldError{Field: name, Message: message})
}

// AddErrors records a domain package's messages by field, in the order of fields (the order
// they appear on the page).
func (f *Form) AddErrors(errs map[string]string, fields ...string) {
	for _, field := range fields {
		if msg := errs[field]; msg != "" {
			f.AddError(field, msg)
		}
	}
}

// Option is one choice of a select or a set of radios.
type Option struct {
	Value string
	Label string
	Count int // for lists of counts, such as themes by status
}

// Choices turns a domain's choice list into options, after any first ones such as "Choose a kind".
func Choices(cs app.Choices, first ...Option) []Option {
	opts := append([]Option(nil), first...)
	for _, c := range cs {
		opts = append(opts, Option{Value: c.Value, Label: c.Label})
	}
	return opts
}

// Size writes a size the way people read it: "1 MB", "1.5 MB", "512 KB".
func Size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
