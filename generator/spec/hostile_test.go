package spec_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/chatt2me/chatt2me-go/generator/internal/testspec"
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
// one of exactly MaxDocumentSize bytes is read and parsed. What the refusal costs is bounded by the memory it
// allocates, not by the clock: a file over the limit is refused without allocating a quarter of the limit (reading
// it up to the limit would allocate more than the limit), and so are bytes over the limit (parsing them would
// allocate several times their size).
func TestOversizedDocumentsAreRefusedBeforeParsing(t *testing.T) {
	huge := []byte(miniBundle + "x-description: " + strings.Repeat("a", spec.MaxDocumentSize) + "\n")
	path := filepath.Join(t.TempDir(), "huge.yaml")
	if err := os.WriteFile(path, huge, 0o644); err != nil {
		t.Fatal(err)
	}
	var err error
	read := allocated(func() { _, err = spec.ReadSource(path) })
	want := spec.Error{File: path, Problem: "the document is over 16 MiB, the limit for an input document"}
	if got := (*spec.Error)(nil); !errors.As(err, &got) || *got != want {
		t.Fatalf("ReadSource: %v", err)
	}
	if read > spec.MaxDocumentSize/4 {
		t.Errorf("refusing a file of %d MiB allocated %d MiB: it was read", len(huge)>>20, read>>20)
	}
	combined := allocated(func() {
		_, err = spec.Combine(spec.Source{Name: "bundle.yaml", Data: []byte(miniBundle)}, spec.Source{Name: "fragment.yaml", Data: huge})
	})
	if err == nil || err.Error() != "fragment.yaml: the document is over 16 MiB, the limit for an input document" {
		t.Fatalf("Combine: %v", err)
	}
	if combined > spec.MaxDocumentSize/4 {
		t.Errorf("refusing %d MiB of bytes allocated %d MiB: they were parsed", len(huge)>>20, combined>>20)
	}

	if testing.Short() {
		return // parsing a document of 16 MiB takes seconds, and tens of them under the race detector
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

// A document dense with YAML nodes is refused before it is parsed, whatever its size, at the line where the bound
// on its nodes passes MaxDocumentNodes, and one with a mapping of more than MaxMappingKeys keys before kin-openapi
// decodes it; the documents under test pass, and so do documents at the limits. (Parsing the audit's document, the
// bundle and a flow sequence of 1s up to 16 MiB, took 3 minutes and 5 GB.)
func TestDenseDocumentsAreRefusedBeforeParsing(t *testing.T) {
	bundlePath, fragmentPath := testspec.Paths()
	bundle, err := spec.ReadSource(bundlePath)
	if err != nil {
		t.Fatal(err)
	}
	fragment, err := spec.ReadSource(fragmentPath)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := spec.Combine(bundle, fragment); err != nil {
		t.Fatalf("the documents under test: %v", err)
	}
	// bound is the bound of a document on its nodes, as MaxDocumentNodes counts it.
	bound := func(data string) int {
		return 1 + 3*strings.Count(data, ":") + 3*strings.Count(data, "?") + 3*strings.Count(data, "{") +
			2*strings.Count(data, ",") + 2*strings.Count(data, "-") + 2*strings.Count(data, "[")
	}
	if b := bound(string(bundle.Data)); b*20 > spec.MaxDocumentNodes {
		t.Errorf("the bundle's bound is %d, too near the limit %d", b, spec.MaxDocumentNodes)
	}
	// At the limit: a flow sequence of 1s, then a comment of indicators to reach the limit exactly.
	base := string(bundle.Data) + "x-pad: [1"
	atLimit := base + strings.Repeat(",1", (spec.MaxDocumentNodes-bound(base))/2-1) + "]\n# "
	if rest := spec.MaxDocumentNodes - bound(atLimit); rest%2 == 1 {
		atLimit += ":" + strings.Repeat("-", (rest-3)/2) + "\n"
	} else {
		atLimit += strings.Repeat("-", rest/2) + "\n"
	}
	if bound(atLimit) != spec.MaxDocumentNodes {
		t.Fatalf("the document at the limit has the bound %d", bound(atLimit))
	}
	tooDense := func(line int) *spec.Error {
		return &spec.Error{File: "chatt2me.yaml", Line: line, Problem: fmt.Sprintf("the document may hold more than %d YAML nodes, "+
			"the limit for an input document (an upper bound counted before parsing, from the YAML indicators : ? { , - [ up to this line)",
			spec.MaxDocumentNodes)}
	}
	padLine := strings.Count(base, "\n") + 1
	keys := func(n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "  k%d: %d\n", i, i)
		}
		return b.String()
	}
	for _, tc := range []struct {
		name, doc string
		want      *spec.Error
	}{
		{"at the limit", atLimit, nil},
		{"over the limit", atLimit + "# -\n", tooDense(padLine + 2)},
		{"the audit's document", base + strings.Repeat(",1", (spec.MaxDocumentSize-len(base)-2)/2) + "]\n", tooDense(padLine)},
		{"a mapping at the key limit", string(bundle.Data) + "x-keys:\n" + keys(spec.MaxMappingKeys), nil},
		{"a mapping over the key limit", string(bundle.Data) + "x-keys:\n" + keys(spec.MaxMappingKeys+1), &spec.Error{File: "chatt2me.yaml",
			Line: padLine + 1, Pointer: "/x-keys", Problem: fmt.Sprintf("the mapping has %d keys, over %d, the limit for one mapping "+
				"of an input document", spec.MaxMappingKeys+1, spec.MaxMappingKeys)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := spec.Combine(spec.Source{Name: "chatt2me.yaml", Data: []byte(tc.doc)}, fragment)
			var got *spec.Error
			switch {
			case tc.want == nil && err != nil:
				t.Fatalf("%d bytes, bound %d: %v", len(tc.doc), bound(tc.doc), err)
			case tc.want != nil && (!errors.As(err, &got) || *got != *tc.want):
				t.Fatalf("%d bytes, bound %d: error %v\nwant %v", len(tc.doc), bound(tc.doc), err, tc.want)
			}
		})
	}
}

func TestReadSourceOfADirectory(t *testing.T) {
	dir := t.TempDir()
	_, err := spec.ReadSource(dir)
	if err == nil || err.Error() != dir+": cannot read the document: is a directory" {
		t.Fatalf("error %v", err)
	}
}

// allocated returns the bytes that f allocates on the heap: the work it does, whatever the machine's load.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}
