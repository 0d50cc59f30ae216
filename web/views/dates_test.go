package views

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestEveryDateIsThreeFields guards the one date pattern of the portal (issue #14): every date a
// person types is the shared component's three fields, day, month and year (FormField with
// Type "date"), read by internal/form's Date or OptionalDate. It fails on a browser date box or
// any other single-box date in a view, on a field that asks for a date as text, on the shared
// component rendering anything but three numeric fields, and on a handler that reads a date by
// itself.
func TestEveryDateIsThreeFields(t *testing.T) {
	// The shared component: three text fields named name-day, name-month and name-year.
	var b strings.Builder
	f := Form{Values: url.Values{"due_on-day": {"31"}, "due_on-month": {"3"}, "due_on-year": {"2027"}}}
	if err := FormField(f, Field{Name: "due_on", Label: "Due date", Type: "date"}).Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	for _, part := range []string{"day", "month", "year"} {
		if !regexp.MustCompile(`<input[^>]* name="due_on-` + part + `" type="text" inputmode="numeric"`).MatchString(html) {
			t.Errorf("the date component has no numeric %s field:\n%s", part, html)
		}
	}
	if strings.Count(html, "<input") != 3 || strings.Contains(html, `type="date"`) {
		t.Errorf("the date component is not three fields:\n%s", html)
	}

	// The views: no browser date box, and no date asked for in a field of another type.
	single := regexp.MustCompile(`type="(date|datetime-local|month|week)"|type=\{ *"(date|datetime-local|month|week)"`)
	dateLike := regexp.MustCompile(`(?i)Label: "[^"]*\bdate\b|Hint: "For example, \d{1,2} \d{1,2} \d{4}"|Name: "[a-z_]*_on"|Name: "(from|to|until|rota_from|rota_to)"`)
	textInput := regexp.MustCompile(`(?i)@TextInput\([^)]*("[^"]*\bdate\b[^"]*"|"For example, \d{1,2} \d{1,2} \d{4}"|"[a-z_]*_on")`)
	files, err := filepath.Glob("*.templ")
	if err != nil || len(files) < 20 {
		t.Fatalf("the views' templates: %v, %v", files, err)
	}
	models, err := filepath.Glob("*.go") // the view models build fields too; not the generated code or the tests
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range models {
		if !strings.HasSuffix(file, "_templ.go") && !strings.HasSuffix(file, "_test.go") {
			files = append(files, file)
		}
	}
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		text := string(src)
		if loc := single.FindStringIndex(text); loc != nil {
			t.Errorf("%s:%d: a single-box date input; use FormField with Type \"date\"", file, line(text, loc[0]))
		}
		if loc := textInput.FindStringIndex(text); loc != nil {
			t.Errorf("%s:%d: a date asked for in a text input; use FormField with Type \"date\"", file, line(text, loc[0]))
		}
		for _, loc := range regexp.MustCompile(`Field\{`).FindAllStringIndex(text, -1) {
			lit := braced(text[loc[1]-1:])
			if dateLike.MatchString(lit) && !strings.Contains(lit, `Type: "date"`) {
				t.Errorf("%s:%d: a date field that is not the three-field date: %s", file, line(text, loc[0]), lit)
			}
		}
	}

	// The handlers read dates through internal/form alone.
	fset := token.NewFileSet()
	handlers, err := filepath.Glob("../../internal/server/*.go")
	if err != nil || len(handlers) < 20 {
		t.Fatalf("the handlers: %v, %v", handlers, err)
	}
	for _, file := range handlers {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		parsed, err := parser.ParseFile(fset, file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(parsed, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if pkg, ok := sel.X.(*ast.Ident); ok && (pkg.Name == "form" && sel.Sel.Name == "ParseDate" || pkg.Name == "time" && sel.Sel.Name == "Parse") {
				t.Errorf("%s: reads a date by itself (%s.%s); read it with form.Reader's Date or OptionalDate", fset.Position(sel.Pos()), pkg.Name, sel.Sel.Name)
			}
			return true
		})
	}
}

// braced returns s up to the brace that closes the one it starts with.
func braced(s string) string {
	depth := 0
	for i, r := range s {
		switch r {
		case '{':
			depth++
		case '}':
			if depth--; depth == 0 {
				return s[:i+1]
			}
		}
	}
	return s
}

// line is the line number of offset in text.
func line(text string, offset int) int { return strings.Count(text[:offset], "\n") + 1 }
