package plan_test

import (
	"testing"

	"github.com/chatt2me/chatt2me-go/generator"
	"github.com/chatt2me/chatt2me-go/generator/internal/testspec"
	"github.com/chatt2me/chatt2me-go/generator/plan"
)

func planUnderTest(t *testing.T) *plan.SDK {
	t.Helper()
	bundle, fragment := testspec.Paths()
	res, err := generator.Generate(bundle, fragment, generator.DefaultImportPath, testspec.Overlays()...)
	if err != nil {
		t.Fatal(err)
	}
	return res.Plan
}

// TestNoBuilderTakesAnAPITypeHoldingAOneOf: in the plan of the documents under test, every api type that holds a
// oneOf and that a builder reaches has a mirror in the channel package; the builders, their parameters and the
// options take and fill the mirrors, never the api types (whose unions go through JSON); internal/validate and
// internal/encode have nothing for them.
func TestNoBuilderTakesAnAPITypeHoldingAOneOf(t *testing.T) {
	sdk := planUnderTest(t)
	apiPkg := sdk.Import(plan.APIDir)
	shared := map[string]bool{}
	for _, v := range sdk.Validators {
		shared[v.Name] = true
	}
	for _, e := range sdk.Encoders {
		shared[e.Name] = true
	}
	mirrors := 0
	for _, ch := range sdk.Channels {
		mirrored := map[string]bool{}
		for _, m := range ch.Mirrors {
			mirrored[m.API.GoName] = true
			mirrors++
			if shared[m.API.GoName] {
				t.Errorf("%s: internal/validate or internal/encode has a function for %s, which holds a oneOf", ch.Package.Name, m.API)
			}
		}
		refersTo := func(typ plan.Type) string {
			for ; typ.Elem != nil; typ = *typ.Elem {
			}
			if typ.Kind == plan.Named && typ.Pkg == apiPkg && mirrored[typ.Name] {
				return typ.Name
			}
			return ""
		}
		for _, c := range ch.Constructors {
			if v, ok := c.(*plan.VariantConstructor); ok && (v.UnionMirror == nil || v.Variant == nil) {
				t.Errorf("%s.%s makes a variant of %s without its mirror", ch.Package.Name, v.Name.GoName, v.Union.GoName)
			}
		}
		for _, b := range ch.AllBuilders() {
			if mirrored[b.Type.GoName] && b.Mirror == nil {
				t.Errorf("%s.%s fills %s without its mirror", ch.Package.Name, b.Name.GoName, b.Type.GoName)
			}
			for _, p := range b.Params {
				if name := refersTo(p.Type); name != "" {
					t.Errorf("%s.%s takes %s as api.%s", ch.Package.Name, b.Name.GoName, p.Name, name)
				}
			}
		}
		for _, o := range ch.Options {
			if o.Value != nil && refersTo(*o.Value) != "" {
				t.Errorf("%s.%s takes an api type holding a oneOf: %s", ch.Package.Name, o.Name.GoName, o.Value)
			}
		}
	}
	if !testspec.Repository() {
		return
	}
	// The repository's documents: WhatsApp's template parameters and interactive headers are oneOfs.
	if mirrors == 0 {
		t.Fatal("no mirror in the plan of the repository's documents")
	}
	want := map[string]bool{"TemplateParameter": true, "InteractiveHeader": true, "TemplateComponent": true, "templateContent": true}
	for _, ch := range sdk.Channels {
		for _, m := range ch.Mirrors {
			if ch.Package.Name == "whatsapp" {
				delete(want, m.Name.GoName)
			}
		}
	}
	if len(want) > 0 {
		t.Errorf("whatsapp has no mirrors %v", want)
	}
}
