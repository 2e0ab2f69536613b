package spec_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chatt2me/chatt2me-go/generator/spec"
)

const hostileFragment = "openapi: 3.0.3\ninfo:\n  title: f\n  version: \"1\"\n"

// Every hostile document is refused with a *spec.Error that has the file, the line and, where the problem is
// inside the tree, the JSON pointer. (cmd/chatt2me-gen/testdata/broken holds the same kinds of input in full.)
func TestHostileDocumentsAreRefusedWithALocation(t *testing.T) {
	for _, tc := range []struct {
		name, edit string // edit replaces "      properties:\n" in miniBundle
		want       spec.Error
	}{
		{"alias", "      x-a: &a [1]\n      x-b: *a\n      properties:\n",
			spec.Error{File: "bundle.yaml", Line: 21, Pointer: "/components/schemas/A/x-b",
				Problem: "YAML aliases (*a) are not supported; write the value out"}},
		{"merge key", "      <<: {type: object}\n      properties:\n",
			spec.Error{File: "bundle.yaml", Line: 20, Pointer: "/components/schemas/A",
				Problem: "YAML merge keys (<<) are not supported; write the keys out"}},
		{"duplicate key", "      type: string\n      properties:\n",
			spec.Error{File: "bundle.yaml", Line: 20, Pointer: "/components/schemas/A/type",
				Problem: `the key "type" is defined twice in this mapping (first at line 19)`}},
		{"tag", "      description: !!binary aGk=\n      properties:\n",
			spec.Error{File: "bundle.yaml", Line: 20, Pointer: "/components/schemas/A/description",
				Problem: "the YAML tag !!binary is not supported"}},
		{"negative length", "      properties:\n        code:\n          type: string\n          maxLength: -5\n",
			spec.Error{File: "bundle.yaml", Line: 23, Pointer: "/components/schemas/A/properties/code/maxLength",
				Problem: "maxLength must be a whole number from 0 to 18446744073709551615, not -5"}},
		{"infinite maximum", "      properties:\n        n:\n          type: number\n          maximum: .inf\n",
			spec.Error{File: "bundle.yaml", Line: 23, Pointer: "/components/schemas/A/properties/n/maximum",
				Problem: "maximum must be a finite number, not .inf"}},
		{"property name with a slash", "      properties:\n        a/b:\n          type: string\n",
			spec.Error{File: "bundle.yaml", Line: 21, Pointer: "/components/schemas/A/properties/a~1b",
				Problem: `the property name "a/b" is not supported: use ASCII letters, digits, '.', '-' and '_'`}},
		{"invalid UTF-8", "      description: caf\xe9\n      properties:\n",
			spec.Error{File: "bundle.yaml", Line: 20, Problem: "invalid UTF-8: byte 0xe9 at column 23; save the document as UTF-8"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bundle := strings.Replace(miniBundle, "      properties:\n", tc.edit, 1)
			_, err := spec.Merge(spec.Source{Name: "bundle.yaml", Data: []byte(bundle)},
				spec.Source{Name: "fragment.yaml", Data: []byte(hostileFragment)})
			var got *spec.Error
			if !errors.As(err, &got) || *got != tc.want {
				t.Fatalf("error %#v\nwant  %#v", err, &tc.want)
			}
		})
	}
}

func TestASecondDocumentInAFileIsRefused(t *testing.T) {
	_, err := spec.Combine(spec.Source{Name: "bundle.yaml", Data: []byte(miniBundle + "---\nopenapi: 3.0.3\n")},
		spec.Source{Name: "fragment.yaml", Data: []byte(hostileFragment)})
	want := spec.Error{File: "bundle.yaml", Line: 23, Problem: "a second YAML document starts here; a file holds one document"}
	var got *spec.Error
	if !errors.As(err, &got) || *got != want {
		t.Fatalf("error %#v", err)
	}
}

// The merged document the sandbox loads goes through the same checks.
func TestFromMergedRefusesAliases(t *testing.T) {
	_, err := spec.FromMerged([]byte(strings.Replace(miniBundle, "  title: mini\n", "  title: &t mini\n  x-t: *t\n", 1)))
	if err == nil || err.Error() != "merged document:4: /info/x-t: YAML aliases (*t) are not supported; write the value out" {
		t.Fatalf("error %v", err)
	}
}

// A document over MaxDocumentSize is refused before it is parsed, whether read from a file or given as bytes;
// one of exactly MaxDocumentSize bytes is read and parsed.
func TestOversizedDocumentsAreRefusedBeforeParsing(t *testing.T) {
	huge := []byte(miniBundle + "x-description: " + strings.Repeat("a", spec.MaxDocumentSize) + "\n")
	path := filepath.Join(t.TempDir(), "huge.yaml")
	if err := os.WriteFile(path, huge, 0o644); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err := spec.ReadSource(path)
	want := spec.Error{File: path, Problem: "the document is over 16 MiB, the limit for an input document"}
	if got := (*spec.Error)(nil); !errors.As(err, &got) || *got != want {
		t.Fatalf("ReadSource: %v", err)
	}
	_, err = spec.Combine(spec.Source{Name: "bundle.yaml", Data: []byte(miniBundle)}, spec.Source{Name: "fragment.yaml", Data: huge})
	if err == nil || err.Error() != "fragment.yaml: the document is over 16 MiB, the limit for an input document" {
		t.Fatalf("Combine: %v", err)
	}
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Errorf("refusing took %s: the document was parsed", elapsed)
	}

	padded := miniBundle + "x-description: a\n"
	padded += "# " + strings.Repeat("a", spec.MaxDocumentSize-len(padded)-3) + "\n"
	if err := os.WriteFile(path, []byte(padded), 0o644); err != nil {
		t.Fatal(err)
	}
	src, err := spec.ReadSource(path)
	if err != nil || len(src.Data) != spec.MaxDocumentSize {
		t.Fatalf("a document of exactly the limit: %d bytes, %v", len(src.Data), err)
	}
	if _, err := spec.Combine(src, spec.Source{Name: "fragment.yaml", Data: []byte(hostileFragment)}); err != nil {
		t.Fatalf("a document of exactly the limit: %v", err)
	}
}

func TestReadSourceOfADirectory(t *testing.T) {
	dir := t.TempDir()
	_, err := spec.ReadSource(dir)
	if err == nil || err.Error() != dir+": cannot read the document: is a directory" {
		t.Fatalf("error %v", err)
	}
}
