package generator_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/chatt2me/chatt2me-go/generator"
	"github.com/chatt2me/chatt2me-go/generator/internal/testspec"
	"github.com/chatt2me/chatt2me-go/generator/spec"
)

// TestOnePipeline: GenerateSources and FromDocument are one pipeline. A document spec.Merge has validated and one that
// spec.Combine only merged (FromDocument validates it) give the very files GenerateSources gives, and an invalid
// document that Combine accepts is refused by FromDocument as by GenerateSources: located, not a crash.
func TestOnePipeline(t *testing.T) {
	bundle, fragment := testspec.Read(t)
	b, f := testspec.Sources(bundle, fragment)
	overlays := testspec.OverlaySources(t)
	want, err := generator.GenerateSources(b, f, generator.DefaultImportPath, overlays...)
	if err != nil {
		t.Fatal(err)
	}
	merged, err := spec.Merge(b, f, overlays...)
	if err != nil {
		t.Fatal(err)
	}
	combined, err := spec.Combine(b, f, overlays...)
	if err != nil {
		t.Fatal(err)
	}
	for name, doc := range map[string]*spec.Document{"validated": merged, "combined": combined} {
		got, err := generator.FromDocument(doc, generator.DefaultImportPath)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(got.Files) != len(want.Files) {
			t.Errorf("%s: %d files, GenerateSources %d", name, len(got.Files), len(want.Files))
		}
		for rel, data := range want.Files {
			if !bytes.Equal(got.Files[rel], data) {
				t.Errorf("%s: %s differs from GenerateSources'", name, rel)
			}
		}
	}

	bad := testspec.Edit(t, fragment, func(root *yaml.Node) {
		testspec.Set(testspec.Get(root, "components", "schemas"), "Bad", testspec.Node(t, "{type: object, properties: {n: {type: wrong}}}"))
	})
	b, f = testspec.Sources(bundle, bad)
	_, wantErr := generator.GenerateSources(b, f, generator.DefaultImportPath, overlays...)
	combined, err = spec.Combine(b, f, overlays...)
	if err != nil {
		t.Fatal(err)
	}
	_, gotErr := generator.FromDocument(combined, generator.DefaultImportPath)
	var located *spec.Error
	if !errors.As(gotErr, &located) || !strings.Contains(gotErr.Error(), "/components/schemas/Bad") || gotErr.Error() != wantErr.Error() {
		t.Errorf("FromDocument of an invalid combined document: %v; GenerateSources: %v", gotErr, wantErr)
	}
}
