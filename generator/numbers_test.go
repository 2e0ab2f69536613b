package generator_test

import (
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/chatt2me/chatt2me-go/generator"
	"github.com/chatt2me/chatt2me-go/generator/internal/testspec"
	"github.com/chatt2me/chatt2me-go/generator/plan"
)

// TestUnboundedNumbersAreChecked: a number field without minimum or maximum is still validated, so that NaN and
// infinities are refused before any traffic (JSON has neither; the encoder would write null). The bounds of every
// number property of a copy of the documents under test are removed; each float field must keep its check.
func TestUnboundedNumbersAreChecked(t *testing.T) {
	bundle, fragment := testspec.Read(t)
	removed := 0
	unbound := func(root *yaml.Node) {
		var walk func(n *yaml.Node)
		walk = func(n *yaml.Node) {
			if n.Kind == yaml.MappingNode && testspec.Get(n, "type") != nil && testspec.Get(n, "type").Value == "number" {
				for _, key := range []string{"minimum", "maximum"} {
					if testspec.Delete(n, key) {
						removed++
					}
				}
			}
			for _, c := range n.Content {
				walk(c)
			}
		}
		walk(root)
	}
	bundle, fragment = testspec.Edit(t, bundle, unbound), testspec.Edit(t, fragment, unbound)
	if removed == 0 {
		t.Fatal("the documents under test have no bounded number, which this test unbounds")
	}
	bundlePath, fragmentPath := testspec.Write(t, bundle, fragment)
	res, err := generator.Generate(bundlePath, fragmentPath, generator.DefaultImportPath, testspec.OverlaysOf(bundlePath)...)
	if err != nil {
		t.Fatal(err)
	}
	floats := 0
	for _, v := range res.Plan.Validators {
		for _, fc := range v.Fields {
			if elem := fc.Field.Elem(); elem.Kind != plan.Builtin || (elem.Name != "float64" && elem.Name != "float32") {
				continue
			}
			floats++
			if len(fc.Checks) != 1 || fc.Checks[0].Rule != plan.Number || fc.Checks[0].HasMin || fc.Checks[0].HasMax {
				t.Errorf("%s.%s: checks %+v, want one unbounded number check", v.Name, fc.JSON, fc.Checks)
			}
		}
	}
	if floats == 0 {
		t.Error("no float field is checked")
	}
}
