package spec_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/chatt2me/chatt2me-go/generator/internal/testspec"
)

// readmePath is the README.md beside the documents under test (openapi/'s, or a copy's).
var readmePath = filepath.Join(filepath.Dir(bundlePath), "README.md")

// labelPattern is the one form a reconstruction label takes: what is reconstructed, then the fact-sheet sections.
var labelPattern = regexp.MustCompile(`\(Reconstructed: ([^()]+); fact sheet (§\d+(?:\.\d+)*(?:, §\d+(?:\.\d+)*)*)\.\)`)

// label is one "(Reconstructed: …)" found in a document, with the names that may own it: "Schema.property" before
// "Schema", a response name, an operationId or a top-level extension; in the overlay, those its action's target
// names.
type label struct {
	place    string // file:line and JSON pointer
	owners   []string
	sections []string
}

// reconstructionTable reads the table under "## What is reconstructed": each name in backticks in the first
// column, with the sections of its row (a name in several rows gets the sections of all of them).
func reconstructionTable(readme string) (map[string][]string, error) {
	_, after, ok := strings.Cut(readme, "\n## What is reconstructed\n")
	if !ok {
		return nil, fmt.Errorf("no \"## What is reconstructed\" section")
	}
	_, after, ok = strings.Cut(after, "\n| Where | What is reconstructed | Fact sheet |\n|---|---|---|\n")
	if !ok {
		return nil, fmt.Errorf("no table with the columns Where, What is reconstructed, Fact sheet")
	}
	rows, _, _ := strings.Cut(after, "\n\n")
	names := regexp.MustCompile("`([^`]+)`")
	table := map[string][]string{}
	for _, row := range strings.Split(rows, "\n") {
		cells := strings.Split(strings.Trim(row, "|"), " | ")
		if len(cells) != 3 {
			return nil, fmt.Errorf("row %q does not have three cells", row)
		}
		sections := strings.Split(strings.TrimSpace(cells[2]), ", ")
		for _, m := range names.FindAllStringSubmatch(cells[0], -1) {
			table[m[1]] = append(table[m[1]], sections...)
		}
	}
	return table, nil
}

// labels finds every mention of a reconstruction in a document's descriptions and comments. A mention that is not
// in the label form is returned as a problem. The document's own header comment and its info, which explain what the
// file is, are left out.
func labels(file string, data []byte) ([]label, []string) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, []string{file + ": " + err.Error()}
	}
	var out []label
	var problems []string
	visit := func(n *yaml.Node, path []string, owners []string) {
		if len(path) == 0 || path[0] == "info" || path[0] == "openapi" || path[0] == "overlay" {
			return
		}
		for _, text := range []string{n.HeadComment, n.LineComment, n.FootComment, scalarText(n)} {
			place := fmt.Sprintf("%s:%d (/%s)", file, n.Line, strings.Join(path, "/"))
			found := labelPattern.FindAllStringSubmatch(text, -1)
			if mentions := strings.Count(strings.ToLower(text), "reconstruct"); mentions != len(found) {
				problems = append(problems, fmt.Sprintf("%s: %q mentions a reconstruction outside the form %q", place, text,
					"(Reconstructed: what; fact sheet §N.)"))
			}
			for _, m := range found {
				out = append(out, label{place: place, owners: owners, sections: strings.Split(m[2], ", ")})
			}
		}
	}
	walk(root.Content[0], nil, nil, visit)
	return out, problems
}

func scalarText(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode {
		return n.Value
	}
	return ""
}

// walk visits every node with its path and the names that may own what it holds.
func walk(n *yaml.Node, path, owners []string, visit func(*yaml.Node, []string, []string)) {
	visit(n, path, owners)
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			p := append(slices.Clip(path), k.Value)
			o := ownersOf(p, v, owners)
			visit(k, p, o)
			walk(v, p, o, visit)
		}
	case yaml.SequenceNode:
		for i, item := range n.Content {
			o := owners
			if len(path) == 1 && path[0] == "actions" { // an action of the overlay
				o = targetOwners(item)
			}
			walk(item, append(slices.Clip(path), fmt.Sprint(i)), o, visit)
		}
	}
}

// targetPattern reads the schema, and the property, an overlay action's target names.
var targetPattern = regexp.MustCompile(`^\$\.components\.schemas(?:\.([A-Za-z0-9_-]+)|\['([^']+)'\])` +
	`(?:\.properties(?:\.([A-Za-z0-9_-]+)|\['([^']+)'\]))?`)

// targetOwners names what an action of the overlay changes, from its target: "Schema.property" before "Schema", or
// a top-level extension.
func targetOwners(action *yaml.Node) []string {
	var target string
	for i := 0; i+1 < len(action.Content); i += 2 {
		if action.Content[i].Value == "target" {
			target = action.Content[i+1].Value
		}
	}
	if m := targetPattern.FindStringSubmatch(target); m != nil {
		schema, property := m[1]+m[2], m[3]+m[4]
		if property != "" {
			return []string{schema + "." + property, schema}
		}
		return []string{schema}
	}
	if rest, ok := strings.CutPrefix(target, "$.x-"); ok {
		return []string{"x-" + strings.FieldsFunc(rest, func(r rune) bool { return r == '.' || r == '[' })[0]}
	}
	return nil
}

// ownersOf names what a node at path belongs to, for the reconstruction table.
func ownersOf(path []string, v *yaml.Node, inherited []string) []string {
	switch {
	case len(path) == 1 && strings.HasPrefix(path[0], "x-"):
		return []string{path[0]}
	case len(path) == 3 && path[0] == "components":
		return []string{path[2]}
	case len(path) == 5 && path[0] == "components" && path[1] == "schemas" && path[3] == "properties":
		return append([]string{path[2] + "." + path[4]}, inherited...)
	case len(path) == 3 && path[0] == "paths" && v.Kind == yaml.MappingNode:
		for i := 0; i+1 < len(v.Content); i += 2 {
			if v.Content[i].Value == "operationId" {
				return []string{v.Content[i+1].Value}
			}
		}
	}
	return inherited
}

// reconstructionProblems checks the table against the labels of the documents, both ways: every label belongs to a
// name of the table and cites only the sections of its row, and every name of the table owns a label.
func reconstructionProblems(readme string, docs map[string][]byte) []string {
	table, err := reconstructionTable(readme)
	if err != nil {
		return []string{"openapi/README.md: " + err.Error()}
	}
	var problems []string
	owned := map[string]bool{}
	for _, file := range slices.Sorted(func(yield func(string) bool) {
		for f := range docs {
			if !yield(f) {
				return
			}
		}
	}) {
		found, p := labels(file, docs[file])
		problems = append(problems, p...)
		for _, l := range found {
			i := slices.IndexFunc(l.owners, func(o string) bool { return table[o] != nil })
			if i < 0 {
				problems = append(problems, fmt.Sprintf("%s: labelled, but none of %v is in openapi/README.md's table", l.place, l.owners))
				continue
			}
			owner := l.owners[i]
			owned[owner] = true
			for _, s := range l.sections {
				if !slices.Contains(table[owner], s) {
					problems = append(problems, fmt.Sprintf("%s: cites %s, which the table's row for %s does not list (%v)",
						l.place, s, owner, table[owner]))
				}
			}
		}
	}
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for n := range table {
			if !yield(n) {
				return
			}
		}
	}) {
		if !owned[name] {
			problems = append(problems, fmt.Sprintf("openapi/README.md lists %s as reconstructed, but it carries no %q label", name,
				"(Reconstructed: …)"))
		}
	}
	return problems
}

func readDocs(t *testing.T) (string, map[string][]byte) {
	t.Helper()
	readme, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string][]byte{}
	for _, p := range append([]string{bundlePath, fragmentPath}, testspec.Overlays()...) {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		docs["openapi/"+filepath.Base(p)] = data
	}
	return string(readme), docs
}

// TestReconstructionTableMatchesLabels ties openapi/README.md's table of reconstructed shapes to the labels of the
// documents: the bundle, the fragment and the overlay.
func TestReconstructionTableMatchesLabels(t *testing.T) {
	readme, docs := readDocs(t)
	for _, p := range reconstructionProblems(readme, docs) {
		t.Error(p)
	}
}

// TestReconstructionCheckFindsMismatches proves the check above can fail: a row dropped from the table, a label
// dropped from a listed schema, a label in another form and a wrong section are each reported.
func TestReconstructionCheckFindsMismatches(t *testing.T) {
	readme, docs := readDocs(t)
	edit := func(s, old, new string) string {
		t.Helper()
		if strings.Count(s, old) != 1 {
			t.Fatalf("%q is not in the text exactly once", old)
		}
		return strings.Replace(s, old, new, 1)
	}
	withBundle := func(old, new string) map[string][]byte {
		out := map[string][]byte{}
		for k, v := range docs {
			out[k] = v
		}
		out["openapi/chatt2me.yaml"] = []byte(edit(string(docs["openapi/chatt2me.yaml"]), old, new))
		return out
	}
	cases := []struct {
		name   string
		readme string
		docs   map[string][]byte
		want   string
	}{
		{"a labelled schema missing from the table", edit(readme, "| `MarkSeenContent` | `markSeen: true` | §4.4, §11.1 |\n", ""), docs,
			"labelled, but none of [MarkSeenContent] is in openapi/README.md's table"},
		{"a listed schema without its label", readme,
			withBundle("A sticker. (Reconstructed: the field name `stickerUrl`; fact sheet §4.4, §11.1.)", "A sticker."),
			"openapi/README.md lists StickerContent as reconstructed, but it carries no \"(Reconstructed: …)\" label"},
		{"a label in another form", readme,
			withBundle("A sticker. (Reconstructed: the field name `stickerUrl`; fact sheet §4.4, §11.1.)", "A sticker. (Reconstructed shape.)"),
			"mentions a reconstruction outside the form"},
		{"a section the row does not list", readme,
			withBundle("A sticker. (Reconstructed: the field name `stickerUrl`; fact sheet §4.4, §11.1.)",
				"A sticker. (Reconstructed: the field name `stickerUrl`; fact sheet §4.4, §11.5.)"),
			"cites §11.5, which the table's row for StickerContent does not list"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			problems := reconstructionProblems(tc.readme, tc.docs)
			if !slices.ContainsFunc(problems, func(p string) bool { return strings.Contains(p, tc.want) }) {
				t.Errorf("no problem mentions %q; got %q", tc.want, problems)
			}
		})
	}
}
