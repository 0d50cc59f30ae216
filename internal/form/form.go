// Package form reads what people post into typed values. A value that cannot be read (a date that
// does not exist, an id that is not a number) becomes a problem on its field, worded here once; the
// rules of what is allowed are the domain's. A form keeps every value as typed, so a page shown
// again with problems loses nothing.
package form

import (
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/httpkit"
	"github.com/scp-portal/portal/web/views"
)

// Reader reads a submitted form into typed values, collecting the problems of reading.
type Reader struct {
	views.Form
	Problems app.Problems
}

// Errors of the request itself, found before any domain service is asked.
var (
	ErrBadRequest = errors.New("form: the request could not be read")
	ErrTooLarge   = errors.New("form: the request is over the body limit")
)

// Read parses the posted form. A body over the limit is ErrTooLarge; one that cannot be parsed,
// or holds a NUL byte or bytes that are not UTF-8 (which no page of the portal sends, and which
// PostgreSQL refuses), is ErrBadRequest.
func Read(r *http.Request) (*Reader, error) {
	return read(r, r.ParseForm())
}

// ReadMultipart is Read for a form that may carry files (multipart/form-data), holding up to
// maxMemory bytes of them in memory and the rest in temporary files, which the caller removes
// with r.MultipartForm.RemoveAll. A file's name must be readable too. A form posted without
// files (url-encoded) is read as Read does.
func ReadMultipart(r *http.Request, maxMemory int64) (*Reader, error) {
	err := r.ParseMultipartForm(maxMemory)
	if errors.Is(err, http.ErrNotMultipart) {
		err = nil
	}
	f, err := read(r, err)
	if err == nil && r.MultipartForm != nil {
		for _, files := range r.MultipartForm.File {
			for _, fh := range files {
				if !httpkit.Readable(fh.Filename) {
					return nil, ErrBadRequest
				}
			}
		}
	}
	return f, err
}

func read(r *http.Request, parseErr error) (*Reader, error) {
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(parseErr, &tooBig):
		return nil, ErrTooLarge
	case parseErr != nil, !httpkit.ReadableValues(r.PostForm):
		return nil, ErrBadRequest
	}
	return New(r.PostForm), nil
}

// New returns a Reader over values already parsed (a multipart form, a query string).
func New(values url.Values) *Reader { return &Reader{Form: views.NewForm(values)} }

// Text returns the text typed into name, as typed.
func (f *Reader) Text(name string) string { return f.Value(name) }

// Lines returns the non-empty lines typed into name, trimmed.
func (f *Reader) Lines(name string) []string {
	var lines []string
	for _, line := range strings.Split(f.Value(name), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			lines = append(lines, line)
		}
	}
	return lines
}

// Version returns the record version the form was loaded at (0 when missing or unreadable: the
// save is then refused as stale, never applied over someone else's change).
func (f *Reader) Version() int {
	v, err := strconv.ParseInt(f.Value("version"), 10, 32) // the column's size: a larger one is no version
	if err != nil || v < 0 {
		return 0
	}
	return int(v)
}

// ID returns the id chosen in name, or 0 with message on the field when none is chosen.
func (f *Reader) ID(name, message string) int64 {
	id, ok := ParseID(f.Value(name))
	if !ok {
		f.Problems.Add(name, message)
	}
	return id
}

// OptionalID returns the id chosen in name, or nil when none is; a value that is not an id is
// a problem with message.
func (f *Reader) OptionalID(name, message string) *int64 {
	if strings.TrimSpace(f.Value(name)) == "" {
		return nil
	}
	id, ok := ParseID(f.Value(name))
	if !ok {
		f.Problems.Add(name, message)
		return nil
	}
	return &id
}

// IDs returns the ids ticked in name; a value that is not an id is a problem with message.
func (f *Reader) IDs(name, message string) []int64 {
	var ids []int64
	for _, v := range f.Values[name] {
		id, ok := ParseID(v)
		if !ok {
			f.Problems.Add(name, message)
			continue
		}
		ids = append(ids, id)
	}
	return ids
}

// Choice returns the value chosen in name if it is one of choices, or "" with message on the
// field.
func (f *Reader) Choice(name string, choices app.Choices, message string) string {
	v := f.Value(name)
	if !choices.Has(v) {
		f.Problems.Add(name, message)
		return ""
	}
	return v
}

// Date reads a date question's three fields (name-day, name-month, name-year). what names the
// date in the message ("the start", "when it is due"). Empty fields are a problem too: use
// OptionalDate where the date may be left out.
func (f *Reader) Date(name, what string) time.Time {
	t, ok := ParseDate(f.dateText(name))
	if !ok {
		f.Problems.Add(name+"-day", "Enter "+what+" as a real date, like 31 3 2027")
	}
	return t
}

// OptionalDate is Date for a date that may be left out: nil when all three fields are empty.
func (f *Reader) OptionalDate(name, what string) *time.Time {
	if strings.TrimSpace(f.Value(name+"-day")+f.Value(name+"-month")+f.Value(name+"-year")) == "" {
		return nil
	}
	t, ok := ParseDate(f.dateText(name))
	if !ok {
		f.Problems.Add(name+"-day", "Enter "+what+" as a real date, like 31 3 2027, or leave it empty")
		return nil
	}
	return &t
}

func (f *Reader) dateText(name string) string {
	return f.Value(name+"-day") + " " + f.Value(name+"-month") + " " + f.Value(name+"-year")
}

// Err returns the problems found in reading, with the domain's own problems (from err, an
// Invalid error) after them; nil when there are none. A handler calls it with the service's
// validation error so that one page shows every problem.
func (f *Reader) Err(err error) error {
	if len(f.Problems) == 0 {
		return err
	}
	if err != nil && app.KindOf(err) != app.Invalid {
		return err
	}
	all := append(app.Problems(nil), f.Problems...)
	for _, fe := range app.FieldsOf(err) {
		if !all.Has(fe.Field) {
			all.Add(fe.Field, fe.Message)
		}
	}
	return all.Err()
}

// ParseID reads a record id: a positive whole number that fits its column. Anything else is 0,
// false, so a filter given something that is not an id filters on nothing.
func ParseID(s string) (int64, bool) {
	id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || id <= 0 || id > 1<<53 {
		return 0, false
	}
	return id, true
}

// MaxPage is the furthest page of a list anyone may ask for: far past the end of any list, and
// small enough that the offset it makes cannot overflow.
const MaxPage = 1_000_000

// ParsePage reads a page number of a paged list: 1 when missing or not a number, at most MaxPage.
func ParsePage(s string) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 1 {
		return 1
	}
	return min(n, MaxPage)
}

// ParsePaging reads the page of a list a person asked for from the query string: "page" as
// ParsePage, and "size" one of app.PageSizes' range (1 to app.MaxPageSize), app.DefaultPageSize
// when missing or out of range.
func ParsePaging(q url.Values) app.Page {
	size, err := strconv.Atoi(strings.TrimSpace(q.Get("size")))
	if err != nil || size < 1 || size > app.MaxPageSize {
		size = app.DefaultPageSize
	}
	return app.Page{Number: ParsePage(q.Get("page")), Size: size}
}

var dateParts = regexp.MustCompile(`^\s*(\d{1,2})[\s/.-]+(\d{1,2})[\s/.-]+(\d{4})\s*$`)
var isoDate = regexp.MustCompile(`^\s*(\d{4})-(\d{2})-(\d{2})\s*$`)

// ParseDate reads a date typed as day month year ("1 4 2026", "01/04/2026") or as 2026-04-01,
// and refuses dates that do not exist (31 2 2026).
func ParseDate(s string) (time.Time, bool) {
	var d, m, y int
	if p := dateParts.FindStringSubmatch(s); p != nil {
		d, _ = strconv.Atoi(p[1])
		m, _ = strconv.Atoi(p[2])
		y, _ = strconv.Atoi(p[3])
	} else if p := isoDate.FindStringSubmatch(s); p != nil {
		y, _ = strconv.Atoi(p[1])
		m, _ = strconv.Atoi(p[2])
		d, _ = strconv.Atoi(p[3])
	} else {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d || int(t.Month()) != m || y < 1900 || y > 2200 {
		return time.Time{}, false
	}
	return t, true
}

// Attempt makes a change only when every field of the form could be read, so that a value that
// could not be read (a date that does not exist) is never saved as left out. check is the input's
// own validation, which needs no database: when reading found problems, the answer lists them with
// check's, so one page shows every problem; otherwise it is check's problems or change's error.
func (f *Reader) Attempt(check error, change func() error) error {
	if err := f.Err(check); err != nil {
		return err
	}
	return change()
}

// Attempted is Attempt for a change that answers with what it made (an id, a count, a result):
// that, or the zero value when the form had problems or the change failed.
func Attempted[T any](f *Reader, check error, change func() (T, error)) (T, error) {
	var made T
	err := f.Attempt(check, func() (err error) {
		made, err = change()
		return err
	})
	return made, err
}

// ShowErrors puts an Invalid or Conflict error's field messages on f and returns the status to
// show the form again with: 422 for invalid input, 409 when someone else got there first. For any
// other error it returns ok false, and the handler returns err for its error page.
func ShowErrors(f *views.Form, err error) (status int, ok bool) {
	switch app.KindOf(err) {
	case app.Invalid:
		status = http.StatusUnprocessableEntity
	case app.Conflict:
		status = http.StatusConflict
	case app.Forbidden:
		if len(app.FieldsOf(err)) == 0 {
			return 0, false // a plain refusal is the 403 page
		}
		status = http.StatusForbidden // a rule the person must read, shown where it applies
	default:
		return 0, false
	}
	for _, fe := range app.FieldsOf(err) {
		f.AddError(fe.Field, fe.Message)
	}
	if v := app.VersionOf(err); v != 0 {
		f.Values.Set("version", strconv.Itoa(v))
	}
	return status, true
}
