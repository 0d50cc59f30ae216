package markdown

import (
	"strings"
	"testing"
)

func TestHTMLIsRenderedAndSafe(t *testing.T) {
	got := sanitise("## Findings\n\n*Most* meetings lacked social care.\n\n<script>alert(1)</script>\n\n[a link](javascript:alert(1)) " +
		"<img src=x onerror=alert(1)> [report](https://example.org/report)")
	for _, want := range []string{"<h2", "Findings</h2>", "<em>Most</em>", `href="https://example.org/report"`, `rel="nofollow"`} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in %s", want, got)
		}
	}
	for _, bad := range []string{"<script", "javascript:", "onerror", "<img"} {
		if strings.Contains(got, bad) {
			t.Errorf("unsafe %q survived: %s", bad, got)
		}
	}
}
