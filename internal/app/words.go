package app

import (
	"strings"
	"unicode/utf8"
)

// Words checks text a person typed into field: required (empty is then its message; "" when it
// may be left out), at most max characters once trimmed (tooLong), and free of what no page can
// show nor the database keep (NUL bytes, bytes that are not UTF-8), which is a problem on the
// field rather than a failed save.
func (p *Problems) Words(field, text string, max int, empty, tooLong string) {
	switch t := strings.TrimSpace(text); {
	case !utf8.ValidString(text) || strings.ContainsRune(text, 0):
		p.Add(field, "Remove the characters that are not text, such as pasted control characters")
	case t == "" && empty != "":
		p.Add(field, empty)
	case utf8.RuneCountInString(t) > max:
		p.Add(field, tooLong)
	}
}
