package model_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chatt2me/chatt2me-go/generator/internal/testspec"
)

// shapeName matches what names a shape in Go: the field Shape of an alias rule, or a constant such as ShapeUUID.
var shapeName = regexp.MustCompile(`^Shape([A-Z]|$)`)

// TestNoDispatchOnTheShapeOutsideItsType: what depends on the shape of an alias rule is a method of model.Shape
// (shape.go), so that a new shape is one change: no Go file of the generator, the commands or the sandbox switches on a
// shape, lists shapes in the cases of a switch, compares a shape with == or !=, or keys a table by shape.
func TestNoDispatchOnTheShapeOutsideItsType(t *testing.T) {
	root := testspec.Root()
	files := 0
	for _, dir := range []string{"generator", "cmd"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.Contains(p, "testdata") ||
				p == filepath.Join(root, "generator", "model", "shape.go") {
				return err
			}
			files++
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
			if err != nil {
				return err
			}
			for _, pos := range shapeDispatches(f) {
				t.Errorf("%s: a dispatch on the shape outside model.Shape", fset.Position(pos))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if files < 50 {
		t.Fatalf("only %d Go files read under %s", files, root)
	}
}

// shapeDispatches returns where a file switches on a shape, lists shapes in cases, compares a shape, or keys a table
// by shape.
func shapeDispatches(f *ast.File) []token.Pos {
	var out []token.Pos
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SwitchStmt:
			if namesShape(n.Tag) {
				out = append(out, n.Pos())
			}
		case *ast.CaseClause:
			for _, e := range n.List {
				if namesShape(e) {
					out = append(out, e.Pos())
				}
			}
		case *ast.BinaryExpr:
			if (n.Op == token.EQL || n.Op == token.NEQ) && (namesShape(n.X) || namesShape(n.Y)) {
				out = append(out, n.Pos())
			}
		case *ast.IndexExpr: // a table by shape
			if namesShape(n.Index) {
				out = append(out, n.Pos())
			}
		case *ast.KeyValueExpr: // an entry of a table by shape (Shape: in a struct literal is a field)
			if namesShape(n.Key) && !isIdent(n.Key, "Shape") {
				out = append(out, n.Pos())
			}
		}
		return true
	})
	return out
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

// namesShape reports whether an expression is a shape: a selector or identifier Shape…, not a call of its methods.
func namesShape(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.Ident:
		return shapeName.MatchString(e.Name)
	case *ast.SelectorExpr:
		return shapeName.MatchString(e.Sel.Name)
	case *ast.ParenExpr:
		return namesShape(e.X)
	}
	return false
}
