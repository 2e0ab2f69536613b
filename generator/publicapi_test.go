package generator_test

import (
	"go/types"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/chatt2me/chatt2me-go/generator"
	"github.com/chatt2me/chatt2me-go/generator/internal/testspec"
)

// TestNothingExportedNeedsAnInternalType: in the committed SDK, no exported name of a public package (a function's
// parameters and results, a method's, a struct's exported fields, a variable, an alias) has a type of an internal
// package, which a user could neither name nor construct.
func TestNothingExportedNeedsAnInternalType(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks the SDK")
	}
	cfg := &packages.Config{Mode: packages.NeedName | packages.NeedTypes, Dir: filepath.Join(testspec.Root(), "generated")}
	pkgs, err := packages.Load(cfg, generator.DefaultImportPath+"/...")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pkgs {
		if len(p.Errors) > 0 {
			t.Fatalf("%s: %v", p.PkgPath, p.Errors)
		}
		if strings.Contains(p.PkgPath, "/internal/") {
			continue
		}
		scope := p.Types.Scope()
		for _, name := range scope.Names() {
			obj := scope.Lookup(name)
			if !obj.Exported() {
				continue
			}
			for _, leak := range internalTypes(obj.Type(), map[types.Type]bool{}) {
				t.Errorf("%s.%s needs %s", p.PkgPath, name, leak)
			}
			if tn, ok := obj.(*types.TypeName); ok && !tn.IsAlias() {
				named := tn.Type().(*types.Named)
				for _, leak := range internalTypes(named.Underlying(), map[types.Type]bool{}) {
					t.Errorf("%s.%s holds %s", p.PkgPath, name, leak)
				}
				for i := range named.NumMethods() {
					if m := named.Method(i); m.Exported() {
						for _, leak := range internalTypes(m.Type(), map[types.Type]bool{}) {
							t.Errorf("%s.%s.%s needs %s", p.PkgPath, name, m.Name(), leak)
						}
					}
				}
			}
		}
	}
}

// internalTypes returns the named types of internal packages that a user of t must name: t itself, and what its
// signature, exported fields, elements and type arguments hold. A named type of a public package is not entered
// (its own exported names are checked on their own).
func internalTypes(t types.Type, seen map[types.Type]bool) []string {
	if seen[t] {
		return nil
	}
	seen[t] = true
	switch t := t.(type) {
	case *types.Alias:
		return internalTypes(types.Unalias(t), seen)
	case *types.Named:
		if pkg := t.Obj().Pkg(); pkg != nil && strings.Contains(pkg.Path(), "/internal/") {
			return []string{t.String()}
		}
		var out []string
		for i := range t.TypeArgs().Len() {
			out = append(out, internalTypes(t.TypeArgs().At(i), seen)...)
		}
		return out
	case *types.Pointer:
		return internalTypes(t.Elem(), seen)
	case *types.Slice:
		return internalTypes(t.Elem(), seen)
	case *types.Array:
		return internalTypes(t.Elem(), seen)
	case *types.Map:
		return append(internalTypes(t.Key(), seen), internalTypes(t.Elem(), seen)...)
	case *types.Chan:
		return internalTypes(t.Elem(), seen)
	case *types.Signature:
		var out []string
		for _, tuple := range []*types.Tuple{t.Params(), t.Results()} {
			for i := range tuple.Len() {
				out = append(out, internalTypes(tuple.At(i).Type(), seen)...)
			}
		}
		return out
	case *types.Struct:
		var out []string
		for i := range t.NumFields() {
			if f := t.Field(i); f.Exported() {
				out = append(out, internalTypes(f.Type(), seen)...)
			}
		}
		return out
	}
	return nil
}
