package generator_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGeneratorStyle keeps generator/ readable in one sitting: no function over 80 lines, no line over 140
// characters.
func TestGeneratorStyle(t *testing.T) {
	const maxFuncLines, maxLineLen = 80, 140
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.Contains(p, "testdata") {
			return err
		}
		fset := token.NewFileSet()
		file, err := parser.ParseFile(fset, p, nil, parser.ParseComments)
		if err != nil {
			return err
		}
		for _, decl := range file.Decls {
			if fn, ok := decl.(*ast.FuncDecl); ok {
				if n := fset.Position(fn.End()).Line - fset.Position(fn.Pos()).Line + 1; n > maxFuncLines {
					t.Errorf("%s: func %s has %d lines (at most %d)", p, fn.Name.Name, n, maxFuncLines)
				}
			}
		}
		src := fset.File(file.Pos())
		data, err := fs.ReadFile(dirFS, p)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(data), "\n") {
			if n := len([]rune(line)); n > maxLineLen {
				t.Errorf("%s:%d: %d characters (at most %d)", src.Name(), i+1, n, maxLineLen)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

var dirFS = os.DirFS(".")
