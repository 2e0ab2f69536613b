package plan_test

import (
	"strings"
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
			mirrored[m.API] = true
			mirrors++
			if shared[m.API] {
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
		for _, b := range append(append(append([]*plan.Builder{}, ch.Builders...), ch.Constructors...), ch.SendOptions...) {
			if mirrored[b.Type] && b.Mirror == nil || b.Result == plan.ResultVariant && (b.UnionMirror == nil || b.Variant == nil) {
				t.Errorf("%s.%s fills %s (of %s) without its mirror", ch.Package.Name, b.Name, b.Type, b.Union)
			}
			for _, p := range b.Params {
				if name := refersTo(p.Type); name != "" {
					t.Errorf("%s.%s takes %s as api.%s", ch.Package.Name, b.Name, p.Name, name)
				}
			}
		}
		for _, o := range ch.Options {
			if o.Value != nil && refersTo(*o.Value) != "" {
				t.Errorf("%s.%s takes an api type holding a oneOf: %s", ch.Package.Name, o.Name, o.Value)
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
				delete(want, m.Name)
			}
		}
	}
	if len(want) > 0 {
		t.Errorf("whatsapp has no mirrors %v", want)
	}
}

// TestEveryBuilderHasABenchCell: the benchmark matrix of every channel has a cell per content kind, each with a
// baseline body, so that a new kind is measured without a hand edit.
func TestEveryBuilderHasABenchCell(t *testing.T) {
	for _, ch := range planUnderTest(t).Channels {
		if len(ch.Benches) != len(ch.Builders) {
			t.Errorf("%s: %d cells for %d builders", ch.Package.Name, len(ch.Benches), len(ch.Builders))
		}
		for i, b := range ch.Benches {
			if b.Err != nil || b.Body == nil || b.Kind != ch.Builders[i].Name {
				t.Errorf("%s: the cell of %s: %v", ch.Package.Name, ch.Builders[i].Name, b.Err)
			}
		}
		if ch.BenchFromSent == "" || strings.TrimSpace(ch.BenchFromSent) != ch.BenchFromSent {
			t.Errorf("%s: the matrix sends from %q", ch.Package.Name, ch.BenchFromSent)
		}
	}
}
