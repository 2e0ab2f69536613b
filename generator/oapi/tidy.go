package oapi

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"path"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
)

// Code is oapi-codegen's package, tidied: its syntax tree, which the plan reads, and the text oapi-codegen wrote.
type Code struct {
	// File is the syntax tree, without the unused imports and with the imports sorted. Nothing changes it any more.
	File *ast.File
	// Raw is the text as oapi-codegen wrote it, unformatted (its comments are those of File).
	Raw  []byte
	fset *token.FileSet
}

// Format prints the package as gofmt does. It only reads File, so it may run while the plan reads File too.
func (c *Code) Format() ([]byte, error) {
	var buf bytes.Buffer
	if err := gofmt.Fprint(&buf, c.fset, c.File); err != nil {
		return nil, fmt.Errorf("formatting oapi-codegen's code: %w", err)
	}
	return buf.Bytes(), nil
}

// tidy does what goimports did for oapi-codegen's output (oapi-codegen's templates import every package any output
// may need): it removes the imports the code does not use and sorts the others, ready for Format to print as gofmt
// does. The code is parsed once and printed once (by Format); goimports parses and prints twice, and took three
// fifths of oapi-codegen's time. The plan reads the syntax tree instead of parsing the code again.
func tidy(code []byte) (*Code, error) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "api.gen.go", code, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, fmt.Errorf("oapi-codegen wrote code that does not parse: %w", err)
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
	// format.Node would print, parse and print again (it takes any group of imports to be unsorted, and sorts a
	// copy); the tree is tidy's own, so it sorts the imports in place, and Format prints once, as gofmt does.
	ast.SortImports(fset, file)
	return &Code{File: file, Raw: code, fset: fset}, nil
}

// gofmt is the printer configuration of go/format and cmd/gofmt. The 1<<30 mode is go/printer's bit for
// go/format and cmd/gofmt that writes number literals' prefixes and exponents in lower case (go/format's
// printerNormalizeNumbers); TestTidy checks that it still does.
var gofmt = printer.Config{Mode: printer.UseSpaces | printer.TabIndent | 1<<30, Tabwidth: 8}

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
