package form

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzRead posts any body as a form: the reader refuses what is not readable text, and whatever it
// accepts it reads without panicking, every value kept as valid UTF-8 without NUL.
func FuzzRead(f *testing.F) {
	for _, s := range []string{"title=A+theme&version=3", "a=%00", "a=%ff%fe", "version=99999999999999999999", "x=%zz", "owner=-1&page=2147483648"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		fr, err := Read(r)
		if err != nil {
			if err != ErrBadRequest {
				t.Fatalf("Read(%q): %v, want ErrBadRequest or nil", body, err)
			}
			return
		}
		for name, values := range fr.Values {
			for _, v := range append(values, name) {
				if !utf8.ValidString(v) || strings.IndexByte(v, 0) >= 0 {
					t.Fatalf("Read(%q) accepted %q", body, v)
				}
			}
		}
		if v := fr.Version(); v < 0 || v > 1<<31-1 {
			t.Fatalf("Version() = %d: outside its column", v)
		}
		for name := range fr.Values {
			if id := fr.ID(name, "x"); id < 0 || id > 1<<53 {
				t.Fatalf("ID(%q) = %d", name, id)
			}
			fr.Date(name, "the date")
		}
	})
}

// FuzzParseDate: a date is read only when it exists, and then it reads back as typed.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"31 3 2027", "29 2 2024", "29 2 2025", "2026-04-01", "1/4/2026", "0 0 0", "99 99 99999", "31 12 2200"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := ParseDate(s)
		if !ok {
			return
		}
		if d.Year() < 1900 || d.Year() > 2200 {
			t.Fatalf("ParseDate(%q) = %v: outside the years accepted", s, d)
		}
		again, ok := ParseDate(strconv.Itoa(d.Day()) + " " + strconv.Itoa(int(d.Month())) + " " + strconv.Itoa(d.Year()))
		if !ok || !again.Equal(d) {
			t.Fatalf("ParseDate(%q) = %v does not read back", s, d)
		}
	})
}

// FuzzParseID: an id is a positive number that fits its column, and a query's page is in range.
func FuzzParseID(f *testing.F) {
	for _, s := range []string{"1", "0", "-1", "9007199254740993", "99999999999999999999", " 42 ", "1e3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, ok := ParseID(s)
		if ok != (id > 0) || id > 1<<53 || id < 0 {
			t.Fatalf("ParseID(%q) = %d, %v", s, id, ok)
		}
		if p := ParsePage(s); p < 1 || p > MaxPage {
			t.Fatalf("ParsePage(%q) = %d", s, p)
		}
	})
}
