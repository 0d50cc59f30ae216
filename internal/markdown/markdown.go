// Package markdown turns the Markdown people write (findings reports) into HTML that is safe to
// show: goldmark renders it with raw HTML left out, and bluemonday's policy for user content
// removes anything that could run script, style the page or load from elsewhere.
package markdown

import (
	"bytes"
	"context"
	"io"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

var (
	md     = goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough))
	policy = func() *bluemonday.Policy {
		p := bluemonday.UGCPolicy()
		p.AllowElements("table", "thead", "tbody", "tr", "th", "td")
		p.RequireNoFollowOnLinks(true)
		p.AllowURLSchemes("https", "mailto")
		return p
	}()
)

// sanitise renders Markdown source as sanitised HTML. It is unexported so that HTML leaves the
// package only as a Sanitised, which pages show without turning a string into HTML.
func sanitise(source string) string {
	var buf bytes.Buffer
	if err := md.Convert([]byte(source), &buf); err != nil {
		// goldmark fails only on a failing writer; a bytes.Buffer does not fail.
		return policy.Sanitize(source)
	}
	return policy.Sanitize(buf.String())
}

// Sanitised is Markdown rendered to HTML and passed through the policy. Render is the only way to
// make one, so a page that shows it as HTML knows it was sanitised: pages never turn a string into
// HTML themselves. It is a templ component (it has templ's Render method).
type Sanitised struct{ html string }

// Render renders Markdown source as sanitised HTML.
func Render(source string) Sanitised { return Sanitised{html: sanitise(source)} }

// Render writes the sanitised HTML.
func (s Sanitised) Render(_ context.Context, w io.Writer) error {
	_, err := io.WriteString(w, s.html)
	return err
}

// Empty reports whether there is nothing to show.
func (s Sanitised) Empty() bool { return strings.TrimSpace(s.html) == "" }
