package plan_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path"
	"reflect"
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

// TestEveryIdentifierOfAChannelIsDeclared: every identifier the plan of a channel package holds (its builders,
// constructors, send options, options and their interfaces, mirrors, helpers) names a declaration of that package,
// declared in its scope, or a type of the api package that oapi-codegen emitted.
func TestEveryIdentifierOfAChannelIsDeclared(t *testing.T) {
	bundle, fragment := testspec.Paths()
	res, err := generator.Generate(bundle, fragment, generator.DefaultImportPath, testspec.Overlays()...)
	if err != nil {
		t.Fatal(err)
	}
	sdk := res.Plan
	for _, ch := range sdk.Channels {
		own, api := 0, 0
		for _, id := range identifiers(reflect.ValueOf(ch), map[uintptr]bool{}) {
			switch id.GoImportPath {
			case sdk.Import(ch.Package.Dir):
				own++
				if ch.Declared(id.GoName) == "" {
					t.Errorf("%s: %s is not declared in the package's scope", ch.Package.Name, id.GoName)
				}
			case sdk.API.Import():
				api++
				if !sdk.API.IsStruct(id.Type()) {
					t.Errorf("%s: api.%s is not a struct oapi-codegen emitted", ch.Package.Name, id.GoName)
				}
			default:
				t.Errorf("%s: %s is in %q, neither the package nor the api package", ch.Package.Name, id.GoName, id.GoImportPath)
			}
		}
		if own == 0 || api == 0 {
			t.Errorf("%s: %d identifiers of the package, %d of the api package", ch.Package.Name, own, api)
		}
	}
}

// identifiers collects the GoIdents reachable from v, through pointers, interfaces, structs and slices.
func identifiers(v reflect.Value, seen map[uintptr]bool) []plan.GoIdent {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() || seen[v.Pointer()] {
			return nil
		}
		seen[v.Pointer()] = true
		return identifiers(v.Elem(), seen)
	case reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return identifiers(v.Elem(), seen)
	case reflect.Slice:
		var out []plan.GoIdent
		for i := 0; i < v.Len(); i++ {
			out = append(out, identifiers(v.Index(i), seen)...)
		}
		return out
	case reflect.Struct:
		if id, ok := v.Interface().(plan.GoIdent); ok {
			if id.GoName == "" {
				return nil // an identifier the plan did not need, such as the Convert of a builder without a mirror
			}
			return []plan.GoIdent{id}
		}
		var out []plan.GoIdent
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				out = append(out, identifiers(v.Field(i), seen)...)
			}
		}
		return out
	}
	return nil
}

// TestOptionInterfacesDoNotStutter: the interface of the options of a content kind X is XOption (whatsapp.AudioOption,
// not whatsapp.WhatsAppAudioContentOption); that of a struct S another builder takes, built by New<S>, is SOption, or
// SValueOption when the content kind S has SOption.
func TestOptionInterfacesDoNotStutter(t *testing.T) {
	sdk := planUnderTest(t)
	sets := 0
	for _, ch := range sdk.Channels {
		kinds := map[string]bool{}
		for _, b := range ch.Builders {
			if b.OptionSet == nil {
				continue
			}
			sets++
			kinds[b.Name.GoName] = true
			if want := b.Name.GoName + "Option"; b.OptionSet.Name.GoName != want {
				t.Errorf("%s.%s takes ...%s, want ...%s", ch.Package.Name, b.Name.GoName, b.OptionSet.Name.GoName, want)
			}
		}
		for _, c := range ch.Constructors {
			b := c.Core()
			if b.OptionSet == nil || b.OptionSet.Target != b.Type {
				continue
			}
			sets++
			want := b.Type.GoName + "Option"
			if kinds[b.Type.GoName] {
				want = b.Type.GoName + "ValueOption"
			}
			if b.OptionSet.Name.GoName != want && !isKind(ch, b.OptionSet.Target) {
				t.Errorf("%s.%s takes ...%s, want ...%s", ch.Package.Name, b.Name.GoName, b.OptionSet.Name.GoName, want)
			}
		}
	}
	if sets == 0 {
		t.Fatal("no option interface in the plan")
	}
	if !testspec.Repository() {
		return
	}
	for name, builder := range map[string]string{"AudioOption": "Audio", "ContactOption": "Contact", "ContactValueOption": "NewContact"} {
		if got := optionSetOf(sdk, "whatsapp", builder); got != name {
			t.Errorf("whatsapp.%s takes ...%s, want ...%s", builder, got, name)
		}
	}
}

// isKind reports whether an api struct is a content kind of the channel (a constructor may build one too).
func isKind(ch *plan.Channel, typ plan.GoIdent) bool {
	for _, b := range ch.Builders {
		if b.Type == typ {
			return true
		}
	}
	return false
}

// optionSetOf is the name of the option interface of a builder or constructor of a channel package, or "".
func optionSetOf(sdk *plan.SDK, pkg, builder string) string {
	for _, ch := range sdk.Channels {
		for _, b := range ch.AllBuilders() {
			if ch.Package.Name == pkg && b.Name.GoName == builder && b.OptionSet != nil {
				return b.OptionSet.Name.GoName
			}
		}
	}
	return ""
}
