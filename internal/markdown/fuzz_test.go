package markdown

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// FuzzRender: whatever is typed, the HTML rendered from it is valid UTF-8 and carries no script,
// no event handler and no javascript: link.
func FuzzRender(f *testing.F) {
	for _, s := range []string{"# Title\n\n*em* and **strong**", "<script>alert(1)</script>", "[x](javascript:alert(1))",
		"<img src=x onerror=alert(1)>", "a\x00b", "\xff\xfe", "<a href=\"java\tscript:x\">y</a>", "| a | b |\n|---|---|\n| 1 | 2 |"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, source string) {
		var b bytes.Buffer
		if err := Render(source).Render(context.Background(), &b); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if !utf8.ValidString(out) && utf8.ValidString(source) {
			t.Fatalf("Render(%q) is not UTF-8: %q", source, out)
		}
		z := html.NewTokenizer(strings.NewReader(out))
		for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
			tok := z.Token()
			if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
				continue
			}
			switch tok.Data {
			case "script", "iframe", "style", "object", "embed", "form":
				t.Fatalf("Render(%q) = %q: holds <%s>", source, out, tok.Data)
			}
			for _, a := range tok.Attr {
				v := strings.ToLower(strings.Join(strings.Fields(a.Val), ""))
				if strings.HasPrefix(a.Key, "on") || a.Key == "style" || strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "data:") {
					t.Fatalf("Render(%q) = %q: holds %s=%q", source, out, a.Key, a.Val)
				}
			}
		}
	})
}
