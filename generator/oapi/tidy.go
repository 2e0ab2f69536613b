package oapi

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"path"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
)

// tidy does what goimports did for oapi-codegen's output (oapi-codegen's templates import every package any output
// may need): it removes the imports the code does not use, and formats it as gofmt does. It parses and prints once;
// goimports parses and prints twice, and took three fifths of oapi-codegen's time. It returns the formatted code and
// its syntax tree, which the plan reads instead of parsing the code again.
func tidy(code []byte) ([]byte, *ast.File, error) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "api.gen.go", code, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, nil, fmt.Errorf("oapi-codegen wrote code that does not parse: %w", err)
	}
	used := map[string]bool{}
	ast.Inspect(file, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if x, ok := sel.X.(*ast.Ident); ok {
				used[x.Name] = true
			}
		}
		return true
	})
	for _, imp := range append([]*ast.ImportSpec(nil), file.Imports...) {
		name, p := importName(imp), importPath(imp)
		if name == "_" || name == "." || used[name] {
			continue
		}
		alias := ""
		if imp.Name != nil {
			alias = imp.Name.Name
		}
		// It also closes up the lines the import held, so that no group of imports is split.
		astutil.DeleteNamedImport(fset, file, alias, p)
	}
	var buf bytes.Buffer
	if err := format.Node(&buf, fset, file); err != nil {
		return nil, nil, fmt.Errorf("formatting oapi-codegen's code: %w", err)
	}
	return buf.Bytes(), file, nil
}

func importPath(imp *ast.ImportSpec) string {
	p, _ := strconv.Unquote(imp.Path.Value)
	return p
}

// importName is the name an import declares: its alias, else the package name its path suggests (the last element,
// without a major version suffix such as /v3 or .v3, as goimports assumes).
func importName(imp *ast.ImportSpec) string {
	if imp.Name != nil {
		return imp.Name.Name
	}
	p := importPath(imp)
	base := path.Base(p)
	if len(base) > 1 && base[0] == 'v' && strings.Trim(base[1:], "0123456789") == "" {
		base = path.Base(path.Dir(p))
	}
	if i := strings.Index(base, ".v"); i > 0 {
		base = base[:i]
	}
	return strings.TrimPrefix(strings.ReplaceAll(base, "-", "_"), "go_")
}
