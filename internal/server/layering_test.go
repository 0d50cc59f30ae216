package server

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestHTTPLayerHoldsNoSQL keeps the layers apart: the HTTP layer translates between HTTP and the
// domain services, so no handler file may import the database driver or the database package,
// touch the pool (the readiness check aside), or write the audit log or the outbox itself.
func TestHTTPLayerHoldsNoSQL(t *testing.T) {
	forbiddenImports := []string{
		"github.com/jackc/pgx/v5",
		"github.com/scp-portal/portal/internal/database",
	}
	forbiddenCalls := map[string]bool{"audit.Record": true, "mail.Enqueue": true}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if name == "server.go" && path == "github.com/scp-portal/portal/internal/database" {
				continue // the wiring names the pool's type
			}
			for _, bad := range forbiddenImports {
				if path == bad || strings.HasPrefix(path, bad+"/") {
					t.Errorf("%s imports %s: SQL belongs in a domain package", fset.Position(imp.Pos()), path)
				}
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			// s.DB: the pool, used only by the readiness check and handed to the services where
			// they are wired.
			if sel.Sel.Name == "DB" && name != "health.go" && name != "server.go" {
				t.Errorf("%s uses the pool (%s.DB): ask a domain service", fset.Position(sel.Pos()), exprName(sel.X))
			}
			if pkg, ok := sel.X.(*ast.Ident); ok && forbiddenCalls[pkg.Name+"."+sel.Sel.Name] {
				t.Errorf("%s calls %s.%s: only domain services write the audit log and the outbox", fset.Position(sel.Pos()), pkg.Name, sel.Sel.Name)
			}
			return true
		})
	}
}

func exprName(e ast.Expr) string {
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return "…"
}
