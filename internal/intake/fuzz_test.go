package intake

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzCleanFilename: a document's name keeps to its limit without splitting a character, and holds
// nothing that could be a path or a control character.
func FuzzCleanFilename(f *testing.F) {
	for _, s := range []string{"report.pdf", "../../etc/passwd", "C:\\x\\y.docx", strings.Repeat("é", 150) + ".pdf",
		strings.Repeat("写", 100) + "." + strings.Repeat("x", 30), "a\"b\nc.txt", "", ".."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if !utf8.ValidString(name) {
			return // the form reader refuses such a name before it comes here
		}
		got := CleanFilename(name)
		if got == "" || len(got) > maxFilename || !utf8.ValidString(got) || strings.ContainsAny(got, "/\"\x00") {
			t.Fatalf("CleanFilename(%q) = %q", name, got)
		}
	})
}
