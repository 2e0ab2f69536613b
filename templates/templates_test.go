package templates

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"testing"
)

// TestReexportsKeepTheirTwinsDocumentation: the root package's static file re-exports package transport; each
// re-exported function must say exactly what its twin says, so that the two never drift apart.
func TestReexportsKeepTheirTwinsDocumentation(t *testing.T) {
	root := funcDocs(t, "sdk/options.go")
	transport := map[string]string{}
	matches, err := filepath.Glob("sdk/transport/*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range matches {
		for name, doc := range funcDocs(t, m) {
			transport[name] = doc
		}
	}
	if len(root) == 0 {
		t.Fatal("sdk/options.go re-exports no function")
	}
	for name, doc := range root {
		twin, ok := transport[name]
		switch {
		case !ok:
			t.Errorf("%s re-exports nothing of package transport", name)
		case doc != twin:
			t.Errorf("%s's documentation drifted from transport.%s:\n  root:      %q\n  transport: %q", name, name, doc, twin)
		}
	}
}

// funcDocs returns the doc comments of the top-level functions (not methods) of a file.
func funcDocs(t *testing.T, file string) map[string]string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, decl := range f.Decls {
		if fn, ok := decl.(*ast.FuncDecl); ok && fn.Recv == nil && fn.Name.IsExported() {
			out[fn.Name.Name] = fn.Doc.Text()
		}
	}
	return out
}
