// Package app is the vocabulary every domain service shares: who is acting (Actor), what can go
// wrong (Error), and Change, the one way a service makes a change together with its audit record.
// It knows nothing of HTTP: the HTTP layer maps an Error to a status page or to form errors in
// one place (internal/server/fail.go).
package app

import (
	"errors"
	"fmt"
	"strings"

	"github.com/scp-portal/portal/internal/database"

	"github.com/jackc/pgx/v5/pgconn"
)

// Kind says what sort of failure an Error is, which decides how the HTTP layer answers it.
type Kind uint8

// Kinds of failure.
const (
	Internal    Kind = iota // a fault: logged, and the person sees the 500 page
	Invalid                 // what was sent breaks a rule: each problem is named on its field
	NotFound                // no such record, or none this person may know of
	Conflict                // someone else changed the record first, or it has moved on
	Forbidden               // the access policy said no
	SignIn                  // the person must sign in first
	Unavailable             // the database cannot be reached: the person may try again shortly
)

// FieldError is one problem with one field of a form: Field is the input's name.
type FieldError struct {
	Field   string
	Message string
}

// Error is the application's one error type. Domain services return it (or wrap it); the HTTP
// layer reads its Kind and Fields and never its text, which is for the log.
type Error struct {
	Kind   Kind
	Fields []FieldError // Invalid and Conflict: messages by field, in the order the fields appear
	Msg    string       // for the log: never shown to a person
	Err    error        // the cause, if any
	// Version is, for a Stale error, the record's version now: a form shown again carries it, so
	// that saving once more is a deliberate choice to overwrite.
	Version int
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Msg)
	for _, f := range e.Fields {
		fmt.Fprintf(&b, "; %s: %s", f.Field, f.Message)
	}
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Is lets a sentinel Error (a domain package's ErrNotFound) match itself through wrapping, and
// any Error of the same kind and message.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Kind == e.Kind && t.Msg == e.Msg && len(t.Fields) == 0
}

// KindOf returns the kind of err: Internal for an error that is not an Error.
func KindOf(err error) Kind {
	var e *Error
	switch {
	case errors.As(err, &e):
		return e.Kind
	case database.Unavailable(err):
		return Unavailable
	}
	return Internal
}

// FieldsOf returns the field messages of err, if it is an Invalid or Conflict Error.
func FieldsOf(err error) []FieldError {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// NotFoundError returns a not-found Error for a domain package's sentinel, such as
// `var ErrNotFound = app.NotFoundError("intake: no such request")`.
func NotFoundError(msg string) *Error { return &Error{Kind: NotFound, Msg: msg} }

// ErrForbidden is the access policy's refusal.
var ErrForbidden = &Error{Kind: Forbidden, Msg: "forbidden"}

// ErrSignIn means the page is for signed-in people only.
var ErrSignIn = &Error{Kind: SignIn, Msg: "sign in first"}

// InvalidField returns an Invalid Error with one field message.
func InvalidField(field, message string) error {
	return &Error{Kind: Invalid, Msg: "invalid", Fields: []FieldError{{field, message}}}
}

// Stale is the one way the portal says a save was refused because someone else got there first:
// what names what they did ("changed this organisation", "saved these minutes"), theirs (may be
// empty) says briefly what the record says now, and version is the record's version now, so the
// form can be saved again deliberately. The message lands on field, and the person's own text is
// kept on the form.
func Stale(field, what, theirs string, version int) error {
	msg := "Someone else " + what + " since you opened it. What you typed is below, not saved: check what they did, then try again"
	if theirs != "" {
		msg = "Someone else " + what + " since you opened it (" + theirs + "). What you typed is below, not saved: check what they did, then try again"
	}
	return &Error{Kind: Conflict, Msg: "stale: " + what, Fields: []FieldError{{field, msg}}, Version: version}
}

// VersionOf returns the current version carried by a Stale error, or 0.
func VersionOf(err error) int {
	var e *Error
	if errors.As(err, &e) {
		return e.Version
	}
	return 0
}

// ConflictField returns a Conflict Error whose message lands on field: the record has moved on
// in a way that refuses this change (a request already triaged, a review already sent).
func ConflictField(field, message string) error {
	return &Error{Kind: Conflict, Msg: "conflict", Fields: []FieldError{{field, message}}}
}

// Problems collects field messages in the order the fields appear on the page. The zero value is
// ready to use.
type Problems []FieldError

// Add records message against field. A field may have several (one per refused file); the field
// shows the first, the summary lists them all.
func (p *Problems) Add(field, message string) {
	for _, e := range *p {
		if e.Field == field && e.Message == message {
			return
		}
	}
	*p = append(*p, FieldError{Field: field, Message: message})
}

// Chosen records message against field when nothing was chosen there from a list (id is 0).
func (p *Problems) Chosen(field string, id int64, message string) {
	if id == 0 {
		p.Add(field, message)
	}
}

// OneOf records message against field when value is not one of cs (nothing, or something not
// offered, was chosen).
func (p *Problems) OneOf(field string, cs Choices, value, message string) {
	if !cs.Has(value) {
		p.Add(field, message)
	}
}

// Has reports whether field already has a problem, so a later check on it can be skipped.
func (p Problems) Has(field string) bool {
	for _, e := range p {
		if e.Field == field {
			return true
		}
	}
	return false
}

// Err returns nil when there are no problems, and an Invalid Error listing them otherwise.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	return &Error{Kind: Invalid, Msg: "invalid", Fields: append([]FieldError(nil), p...)}
}

// Postgres error codes the domain translates.
const (
	uniqueViolation     = "23505"
	foreignKeyViolation = "23503"
)

// IsUniqueViolation reports a second record where only one may be.
func IsUniqueViolation(err error) bool { return pgCode(err) == uniqueViolation }

// IsForeignKeyViolation reports a reference to a record that is not there, or not in the same
// partnership (the composite keys see to that).
func IsForeignKeyViolation(err error) bool { return pgCode(err) == foreignKeyViolation }

func pgCode(err error) string {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code
	}
	return ""
}

// OnUnique translates a unique violation into an Invalid Error on field, and returns any other
// error unchanged.
func OnUnique(err error, field, message string) error {
	if IsUniqueViolation(err) {
		return &Error{Kind: Invalid, Msg: "duplicate", Fields: []FieldError{{field, message}}, Err: err}
	}
	return err
}

// OnForeignKey translates a foreign-key violation (a chosen record that is not there, or not in
// this partnership) into an Invalid Error on field, and returns any other error unchanged.
func OnForeignKey(err error, field, message string) error {
	if IsForeignKeyViolation(err) {
		return &Error{Kind: Invalid, Msg: "no such record", Fields: []FieldError{{field, message}}, Err: err}
	}
	return err
}

// FieldMessage returns err's first message for field, or "" when it has none.
func FieldMessage(err error, field string) string {
	for _, fe := range FieldsOf(err) {
		if fe.Field == field {
			return fe.Message
		}
	}
	return ""
}

// ErrBadLink says a one-time link (a password reset, an invitation, an agency's link to a rapid
// review's request) is unknown, used or expired: the person is shown one page that says so and
// what to do, whatever the link was for. It is a not-found: a page that does not say more answers
// 404, never 500.
var ErrBadLink = NotFoundError("the link is unknown, used or expired")
