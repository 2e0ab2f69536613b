package plan_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path"
	"strconv"
	"strings"
	"testing"

	"github.com/chatt2me/chatt2me-go/generator"
	"github.com/chatt2me/chatt2me-go/generator/internal/testspec"
	"github.com/chatt2me/chatt2me-go/generator/plan"
)

// TestEveryPackageLevelNameOfAChannelIsDeclared: every name at the top of a file of a channel package (its types,
// functions, variables and constants, exported or not, and the names its files import packages as, its own tests
// included) is declared in the plan's scope of that package, so that a name the document gives that collides with
// one is refused, located, instead of generating a package that does not compile.
func TestEveryPackageLevelNameOfAChannelIsDeclared(t *testing.T) {
	bundle, fragment := testspec.Paths()
	res, err := generator.Generate(bundle, fragment, generator.DefaultImportPath, testspec.Overlays()...)
	if err != nil {
		t.Fatal(err)
	}
	for _, ch := range res.Plan.Channels {
		files := 0
		for _, rel := range res.Files.Paths() {
			if path.Dir(rel) != ch.Package.Dir || !strings.HasSuffix(rel, ".go") {
				continue
			}
			f, err := parser.ParseFile(token.NewFileSet(), rel, res.Files[rel], parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			if f.Name.Name != ch.Package.Name {
				continue // an external test package: its own scope
			}
			files++
			for _, name := range fileScopeNames(f) {
				if ch.Declared(name) == "" {
					t.Errorf("%s: %s is not declared in the plan of package %s", rel, name, ch.Package.Name)
				}
			}
		}
		if files < 3 {
			t.Errorf("package %s: only %d files", ch.Package.Name, files)
		}
	}
}

// fileScopeNames lists the names a file declares in its package's block and its file block (its imports).
func fileScopeNames(f *ast.File) []string {
	var names []string
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		if imp.Name != nil {
			names = append(names, imp.Name.Name)
		} else {
			names = append(names, path.Base(p))
		}
	}
	return append(names, plan.TopLevelNames(f)...)
}
