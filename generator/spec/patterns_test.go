package spec_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/chatt2me/chatt2me-go/generator/spec"
)

// fragmentWith is a fragment defining schema B as body, indented under it.
func fragmentWith(body string) spec.Source {
	const header = "openapi: 3.0.3\ninfo:\n  title: f\n  version: \"1\"\ncomponents:\n  schemas:\n    B:\n"
	return spec.Source{Name: "fragment.yaml", Data: []byte(header + body)}
}

func mergeMini(fragment spec.Source) (*spec.Document, error) {
	return spec.Merge(spec.Source{Name: "bundle.yaml", Data: []byte(miniBundle)}, fragment)
}

// A pattern RE2 cannot express is refused where it stands, before anything is generated.
func TestUntranslatablePatternIsLocated(t *testing.T) {
	_, err := mergeMini(fragmentWith("      type: object\n      properties:\n        code:\n          type: string\n" +
		"          pattern: '^(?!0)[0-9]+$'\n"))
	want := "fragment.yaml:12: /components/schemas/B/properties/code/pattern: pattern `^(?!0)[0-9]+$`, at byte 1: lookahead (?!) " +
		"cannot be expressed in RE2"
	var specErr *spec.Error
	if !errors.As(err, &specErr) || err.Error() != want {
		t.Fatalf("error %v, want %s", err, want)
	}
}

// A pattern ECMA-262 accepts and Go's regexp package does not (\u00e9 in lower case) is valid, and the document
// keeps its own text of it.
func TestECMAPatternIsAccepted(t *testing.T) {
	doc, err := mergeMini(fragmentWith("      type: string\n      pattern: '^[\\u00e9a-z]+$'\n      example: 'caf\u00e9'\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := doc.T.Components.Schemas["B"].Value.Pattern; got != `^[\u00e9a-z]+$` {
		t.Errorf("pattern %s after validation, want the document's own text", got)
	}
}

// Examples are checked with the ECMA-262 meaning of the pattern: a no-break space is white space.
func TestExampleIsCheckedWithECMAMeaning(t *testing.T) {
	_, err := mergeMini(fragmentWith("      type: string\n      pattern: '^[^\\s]+$'\n      example: \"a\\u00a0b\"\n"))
	want := "fragment.yaml:7: /components/schemas/B: invalid example: string doesn't match the regular expression \"^[^\\s]+$\""
	if err == nil || !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), `"pattern": "^[^\\s]+$"`) {
		t.Fatalf("error %v, want it to start with %s and quote the pattern as the document has it", err, want)
	}
}

// Every pattern of the documents is listed once, named where it is defined (the line its pointer names in its file
// says that pattern), in an order that does not change from one load to the next. The patterns are counted in the
// YAML of the merged document (the bundle with its overlay, and the fragment), not in a list kept here.
func TestPatternsAreListed(t *testing.T) {
	doc := loadRepoSpec(t)
	var got []string
	seen := map[string]bool{}
	for _, site := range spec.Patterns(doc.T) {
		got = append(got, site.Pointer+" "+site.Schema.Pattern)
		if seen[site.Pointer] {
			t.Errorf("%s is listed twice", site.Pointer)
		}
		seen[site.Pointer] = true
		file, line, ok := doc.Where(site.Pointer + "/pattern")
		if !ok {
			t.Errorf("%s: no file defines it", site.Pointer)
			continue
		}
		lines := strings.Split(string(mustReadFile(t, filepath.Join(filepath.Dir(bundlePath), filepath.Base(file)))), "\n")
		quoted := strings.ReplaceAll(site.Schema.Pattern, `'`, `''`) // as YAML's single quotes write it
		if text := lines[line-1]; !strings.Contains(text, "pattern:") || !strings.Contains(text, quoted) {
			t.Errorf("%s: %s:%d is %q, not its pattern %s", site.Pointer, file, line, text, site.Schema.Pattern)
		}
	}
	written := 0 // the schemas' patterns: those outside the top-level x- extensions (the channel rules have their own)
	var merged yaml.Node
	if err := yaml.Unmarshal(doc.YAML, &merged); err != nil {
		t.Fatal(err)
	}
	var count func(n *yaml.Node)
	count = func(n *yaml.Node) {
		for i, c := range n.Content {
			if n.Kind == yaml.MappingNode && i%2 == 0 && c.Value == "pattern" && n.Content[i+1].Kind == yaml.ScalarNode {
				written++
			}
			count(c)
		}
	}
	root := merged.Content[0]
	for i := 0; i+1 < len(root.Content); i += 2 {
		if !strings.HasPrefix(root.Content[i].Value, "x-") {
			count(root.Content[i+1])
		}
	}
	if len(got) != written {
		t.Errorf("%d patterns listed, but the documents write %d:\n%s", len(got), written, strings.Join(got, "\n"))
	}
	var again []string
	for _, site := range spec.Patterns(loadRepoSpec(t).T) {
		again = append(again, site.Pointer+" "+site.Schema.Pattern)
	}
	if strings.Join(got, "\n") != strings.Join(again, "\n") {
		t.Errorf("the order changed from one load to the next:\n%s\nthen:\n%s", strings.Join(got, "\n"), strings.Join(again, "\n"))
	}
}

func mustReadFile(t *testing.T, p string) []byte {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
