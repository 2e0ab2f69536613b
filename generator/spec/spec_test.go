package spec_test

import (
	"errors"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/chatt2me/chatt2me-go/generator/internal/testspec"
	"github.com/chatt2me/chatt2me-go/generator/spec"
)

var httpMethods = map[string]bool{"get": true, "put": true, "post": true, "delete": true, "options": true, "head": true,
	"patch": true, "trace": true}

// TestDocumentsMergeAndValidate merges the documents under test and checks the merge against the two YAML files
// read on their own: every operation of either file is in the merged document, with its operationId, and placed
// in the file that defines it; so is every component; the fragment's extensions are kept.
func TestDocumentsMergeAndValidate(t *testing.T) {
	bundlePath, fragmentPath := testspec.Paths()
	doc, err := spec.Load(bundlePath, fragmentPath, testspec.Overlays()...)
	if err != nil {
		t.Fatal(err)
	}
	var merged []string
	for path, item := range doc.T.Paths.Map() {
		for method, op := range item.Operations() {
			merged = append(merged, strings.ToLower(method)+" "+path+" "+op.OperationID)
		}
	}
	var want []string
	bundle, fragment := testspec.Read(t)
	for _, src := range []struct{ file, text string }{{bundlePath, bundle}, {fragmentPath, fragment}} {
		testspec.Edit(t, src.text, func(root *yaml.Node) {
			paths := testspec.Get(root, "paths")
			for _, p := range testspec.Keys(paths) {
				for _, m := range testspec.Keys(testspec.Get(paths, p)) {
					if !httpMethods[m] {
						continue // parameters, summary, …
					}
					want = append(want, m+" "+p+" "+testspec.Get(paths, p, m, "operationId").Value)
					if file, line, _ := doc.Where("/paths/" + spec.EscapeToken(p) + "/" + m); file != src.file || line == 0 {
						t.Errorf("%s %s is placed at %s:%d, want %s", m, p, file, line, src.file)
					}
				}
			}
			schemas := testspec.Get(root, "components", "schemas")
			for _, name := range testspec.Keys(schemas) {
				if doc.T.Components.Schemas[name] == nil {
					t.Errorf("component schema %s of %s is missing from the merged document", name, src.file)
				}
			}
			for _, key := range testspec.Keys(root) {
				if strings.HasPrefix(key, "x-") && doc.T.Extensions[key] == nil {
					t.Errorf("the extension %s of %s is missing from the merged document", key, src.file)
				}
			}
		})
	}
	sort.Strings(merged)
	sort.Strings(want)
	if strings.Join(merged, "\n") != strings.Join(want, "\n") {
		t.Errorf("operations of the merged document:\n%s\nof the two files:\n%s", strings.Join(merged, "\n"), strings.Join(want, "\n"))
	}
}

func TestVendorFileHasNoExtensions(t *testing.T) {
	src, err := spec.ReadSource(bundlePath)
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(string(src.Data), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "x-") {
			t.Errorf("%s:%d: x- extensions belong in the hand-written fragment: %s", bundlePath, i+1, line)
		}
	}
}

func TestMergeIsDeterministic(t *testing.T) {
	a, b := loadRepoSpec(t), loadRepoSpec(t)
	if string(a.YAML) != string(b.YAML) {
		t.Fatal("two merges of the same input differ")
	}
}

const miniBundle = `openapi: 3.0.3
info:
  title: mini
  version: "1"
paths:
  /a:
    get:
      operationId: getA
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/A'
components:
  schemas:
    A:
      type: object
      properties:
        name:
          type: string
`

// fragmentHeader starts a small fragment.
const fragmentHeader = "openapi: 3.0.3\ninfo:\n  title: f\n  version: \"1\"\n"

// merge merges a small bundle and fragment, named bundle.yaml and fragment.yaml.
func merge(bundle, fragment string) (*spec.Document, error) {
	return spec.Merge(spec.Source{Name: "bundle.yaml", Data: []byte(bundle)}, spec.Source{Name: "fragment.yaml", Data: []byte(fragment)})
}

func TestMergeErrors(t *testing.T) {
	cases := []struct {
		name, bundle, fragment string
		want                   string
	}{
		{"path collides", miniBundle, fragmentHeader + "paths:\n  /a:\n    post:\n      responses:\n        '204':\n          description: no\n",
			"fragment.yaml:6: /paths/~1a: also defined, differently, in bundle.yaml:6"},
		{"component redefined differently", miniBundle, fragmentHeader + "components:\n  schemas:\n    A:\n      type: string\n",
			"fragment.yaml:7: /components/schemas/A: also defined, differently, in bundle.yaml:18"},
		{"unresolved reference", miniBundle, fragmentHeader + "paths:\n  /b:\n    get:\n      responses:\n        '200':\n" +
			"          description: ok\n          content:\n            application/json:\n              schema:\n" +
			"                $ref: '#/components/schemas/Missing'\n",
			`fragment.yaml:14: /paths/~1b/get/responses/200/content/application~1json/schema: unresolved reference ` +
				`"#/components/schemas/Missing": nothing at /components/schemas/Missing in the merged document`},
		{"reference to another file", miniBundle, fragmentHeader + "components:\n  schemas:\n    B:\n      $ref: 'other.yaml#/B'\n",
			`fragment.yaml:8: /components/schemas/B: reference "other.yaml#/B" points outside the merged document`},
		{"YAML syntax error", miniBundle, fragmentHeader + "paths:\n  /b: [\n",
			"fragment.yaml:6: YAML syntax error: did not find expected node content"},
		{"unsupported version", strings.Replace(miniBundle, "3.0.3", "3.1.0", 1), fragmentHeader,
			`bundle.yaml:1: /openapi: OpenAPI version "3.1.0" is not supported; use 3.0.x`},
		{"empty paths", strings.Replace(miniBundle, "paths:\n  /a:", "paths: {}\nx-old:\n  /a:", 1), fragmentHeader,
			"bundle.yaml:5: /paths: the document has no paths"},
		{"fragment changes servers", miniBundle, fragmentHeader + "servers:\n  - url: https://example.com\n",
			"fragment.yaml:5: /servers: a fragment may only add paths, components, tags and x- extensions"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := merge(tc.bundle, tc.fragment)
			var specErr *spec.Error
			if !errors.As(err, &specErr) {
				t.Fatalf("error %v (%T), want *spec.Error", err, err)
			}
			if !strings.HasPrefix(err.Error(), tc.want) {
				t.Fatalf("error\n  %v\nwant prefix\n  %s", err, tc.want)
			}
		})
	}
}

func TestIdenticalComponentOnBothSidesIsAccepted(t *testing.T) {
	fragment := fragmentHeader + "components:\n  schemas:\n    A:\n      type: object\n      properties:\n        name: {type: string}\n"
	doc, err := merge(miniBundle, fragment)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(doc.YAML), "\n    A:\n"); n != 1 {
		t.Fatalf("schema A appears %d times in the merged document, want 1", n)
	}
}

func TestMissingFile(t *testing.T) {
	_, err := spec.Load(bundlePath, "testdata/does-not-exist.yaml")
	want := "testdata/does-not-exist.yaml: cannot read the document: no such file or directory"
	if err == nil || err.Error() != want {
		t.Fatalf("error %v, want %s", err, want)
	}
}

func TestInvalidSchemaIsLocated(t *testing.T) {
	fragment := fragmentHeader + "components:\n  schemas:\n    Bad:\n      type: object\n      properties:\n" +
		"        n:\n          type: wrong\n"
	_, err := merge(miniBundle, fragment)
	if err == nil || !strings.HasPrefix(err.Error(), "fragment.yaml:7: /components/schemas/Bad: ") {
		t.Fatalf("error %v, want it placed at fragment.yaml:7 /components/schemas/Bad", err)
	}
}
