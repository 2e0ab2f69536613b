package spec_test

import (
	"fmt"
	"maps"
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

// labelPattern is the one form a reconstruction label takes (openapi/README.md, "What is reconstructed"): what is
// reconstructed, then its source: the documentation pages it is taken from, "not found in the published
// documentation", or the pages and then "the rest not found in the published documentation".
var labelPattern = regexp.MustCompile(`\(Reconstructed: [^()]+?; (see https://docs\.chatt2\.me/docs/[^ ;()]+/(, ` +
	`https://docs\.chatt2\.me/docs/[^ ;()]+/)*(; the rest not found in the published documentation)?|` +
	`not found in the published documentation)\.\)`)

// labelForm is the label form as an error message gives it.
const labelForm = "(Reconstructed: what; see <address>.) or (Reconstructed: what; not found in the published documentation.)"

// notFound is a label's source, and a source in the table's Documentation column, when no page shows what is
// reconstructed.
const notFound = "not found"

// factSheet finds a mention of the project's fact sheet, which the SDK's users do not have.
var factSheet = regexp.MustCompile(`(?i)fact[ -]?sheet`)

// label is one "(Reconstructed: …)" found in a document, with the names that may own it: "Schema.property" before
// "Schema", a response name, an operationId or a top-level extension; in the overlay, those its action's target
// names.
type label struct {
	place   string   // file:line and JSON pointer
	owners  []string // the names that may own it
	sources []string // the addresses it cites, and notFound if it says so
}

// labelSources reads the source of a label that matches labelPattern: the addresses it cites, then notFound if it
// says that (the rest) is not found in the published documentation.
func labelSources(source string) []string {
	pages, rest, _ := strings.Cut(source, "; ")
	if pages == "not found in the published documentation" {
		return []string{notFound}
	}
	sources := strings.Split(strings.TrimPrefix(pages, "see "), ", ")
	if rest != "" {
		sources = append(sources, notFound)
	}
	return sources
}

// readmeTable reads the rows of the table with the given header line under "## What is reconstructed", each as its
// cells.
func readmeTable(readme, header string) ([][]string, error) {
	_, after, ok := strings.Cut(readme, "\n## What is reconstructed\n")
	if !ok {
		return nil, fmt.Errorf("no \"## What is reconstructed\" section")
	}
	columns := strings.Count(header, "|") - 1
	_, after, ok = strings.Cut(after, "\n"+header+"\n|"+strings.Repeat("---|", columns)+"\n")
	if !ok {
		return nil, fmt.Errorf("no table %s", header)
	}
	text, _, _ := strings.Cut(after, "\n\n")
	var rows [][]string
	for _, row := range strings.Split(text, "\n") {
		cells := strings.Split(strings.Trim(row, "|"), " | ")
		if len(cells) != columns {
			return nil, fmt.Errorf("row %q does not have %d cells", row, columns)
		}
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		rows = append(rows, cells)
	}
	return rows, nil
}

// pagesTable reads the table of the documentation pages labels cite: the short name of each address.
func pagesTable(readme string) (map[string]string, error) {
	rows, err := readmeTable(readme, "| Page | Address |")
	if err != nil {
		return nil, err
	}
	pages := map[string]string{}
	for _, row := range rows {
		pages[row[1]] = strings.Trim(row[0], "`")
	}
	return pages, nil
}

// sectionsCell is the form of the table's Fact sheet column.
var sectionsCell = regexp.MustCompile(`^§\d+(\.\d+)*(, §\d+(\.\d+)*)*$`)

// reconstructionTable reads the table of what is reconstructed: each name in backticks in the first column, with
// the sources of its row (a name in several rows gets the sources of all of them). A source must be a page of the
// table of pages or notFound, and the Fact sheet column must name sections.
func reconstructionTable(readme string, pages map[string]string) (map[string][]string, error) {
	rows, err := readmeTable(readme, "| Where | What is reconstructed | Documentation | Fact sheet |")
	if err != nil {
		return nil, err
	}
	known := map[string]bool{notFound: true}
	for _, name := range pages {
		known[name] = true
	}
	names := regexp.MustCompile("`([^`]+)`")
	table := map[string][]string{}
	for _, row := range rows {
		sources := strings.Split(row[2], ", ")
		for _, s := range sources {
			if !known[s] {
				return nil, fmt.Errorf("row %q: the source %q is neither a page of the table of pages nor %q", row[0], s, notFound)
			}
		}
		if !sectionsCell.MatchString(row[3]) {
			return nil, fmt.Errorf("row %q: %q does not name fact sheet sections (§N, §N.N, …)", row[0], row[3])
		}
		for _, m := range names.FindAllStringSubmatch(row[0], -1) {
			table[m[1]] = append(table[m[1]], sources...)
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
				problems = append(problems, fmt.Sprintf("%s: %q mentions a reconstruction outside the form %s", place, text, labelForm))
			}
			for _, m := range found {
				out = append(out, label{place: place, owners: owners, sources: labelSources(m[1])})
			}
		}
	}
	walk(root.Content[0], nil, nil, visit)
	return out, problems
}

// factSheetMentions finds every line of a document that mentions the fact sheet: descriptions become the SDK's doc
// comments, comments reach generated/openapi.yaml, and neither may send the SDK's users to a document they do not
// have.
func factSheetMentions(file string, data []byte) []string {
	var problems []string
	for i, line := range strings.Split(string(data), "\n") {
		if m := factSheet.FindString(line); m != "" {
			problems = append(problems, fmt.Sprintf("%s:%d: mentions the %s, which the SDK's users do not have: "+
				"cite the documentation page, or say %q", file, i+1, m, "not found in the published documentation"))
		}
	}
	return problems
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

// reconstructionProblems checks the tables against the labels of the documents, both ways: every label cites only
// pages of the table of pages, belongs to a name of the table of what is reconstructed and cites only the sources
// of its row, and every name of that table owns a label. The README must show labelPattern, and no document may
// mention the fact sheet.
func reconstructionProblems(readme string, docs map[string][]byte) []string {
	pages, err := pagesTable(readme)
	if err != nil {
		return []string{"openapi/README.md: " + err.Error()}
	}
	table, err := reconstructionTable(readme, pages)
	if err != nil {
		return []string{"openapi/README.md: " + err.Error()}
	}
	var problems []string
	if !strings.Contains(readme, "\n"+labelPattern.String()+"\n") {
		problems = append(problems, "openapi/README.md does not show the label form's regular expression, "+labelPattern.String())
	}
	owned := map[string]bool{}
	for _, file := range slices.Sorted(maps.Keys(docs)) {
		problems = append(problems, factSheetMentions(file, docs[file])...)
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
			for _, s := range l.sources {
				name, says := s, "says "+s
				if s != notFound {
					if name = pages[s]; name == "" {
						problems = append(problems, fmt.Sprintf("%s: cites %s, which is not in openapi/README.md's table of pages", l.place, s))
						continue
					}
					says = "cites " + s + " (" + name + ")"
				}
				if !slices.Contains(table[owner], name) {
					problems = append(problems, fmt.Sprintf("%s: %s, which the table's row for %s does not list (%v)",
						l.place, says, owner, table[owner]))
				}
			}
		}
	}
	for _, name := range slices.Sorted(maps.Keys(table)) {
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
// dropped from a listed schema or property, a label in another form (the former one, citing the fact sheet among
// them), a source the row does not list, an address the table of pages lacks, and a comment citing the fact sheet
// are each reported.
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
		out := maps.Clone(docs)
		out["openapi/chatt2me.yaml"] = []byte(edit(string(docs["openapi/chatt2me.yaml"]), old, new))
		return out
	}
	bundle := string(docs["openapi/chatt2me.yaml"])
	tagLine := 1 + strings.Count(bundle[:strings.Index(bundle, "\n  - name: Communication\n")+1], "\n")
	const sticker = "A sticker. (Reconstructed: the field name `stickerUrl`; not found in the published documentation.)"
	const imageURL = "Address of the image, for `image`. (Reconstructed: the field; not found in the published documentation.)"
	const contentTypes = "https://docs.chatt2.me/docs/1.0/sending-messages/content-types/"
	const markSeenRow = "| `MarkSeenContent` | `markSeen: true` | not found |"
	cases := []struct {
		name   string
		readme string
		docs   map[string][]byte
		want   string
	}{
		{"a labelled schema missing from the table", edit(readme, markSeenRow+" §4.4, §11.1 |\n", ""), docs,
			"labelled, but none of [MarkSeenContent] is in openapi/README.md's table"},
		{"a listed schema without its label", readme, withBundle(sticker, "A sticker."),
			"openapi/README.md lists StickerContent as reconstructed, but it carries no \"(Reconstructed: …)\" label"},
		{"a listed property without its label", readme, withBundle(imageURL, "Address of the image, for `image`."),
			"openapi/README.md lists InboundContent.imageUrl as reconstructed, but it carries no \"(Reconstructed: …)\" label"},
		{"a label in another form", readme, withBundle(sticker, "A sticker. (Reconstructed shape.)"),
			"mentions a reconstruction outside the form"},
		{"a label citing the fact sheet", readme,
			withBundle(sticker, "A sticker. (Reconstructed: the field name `stickerUrl`; fact sheet §4.4, §11.1.)"),
			"mentions a reconstruction outside the form"},
		{"a page the row does not list", readme,
			withBundle(sticker, "A sticker. (Reconstructed: the field name `stickerUrl`; see "+contentTypes+".)"),
			"cites " + contentTypes + " (CT), which the table's row for StickerContent does not list"},
		{"not found, where the row lists a page only", readme,
			withBundle("of the change. (Reconstructed: a whole number of seconds; the documentation says\n"+
				"            a number; see https://docs.chatt2.me/docs/1.0/webhooks/event-types/.)",
				"of the change. (Reconstructed: a whole number of seconds; not found in the published documentation.)"),
			"says not found, which the table's row for MessageStatus.timestamp does not list"},
		{"an address missing from the table of pages", readme,
			withBundle(sticker, "A sticker. (Reconstructed: the field name `stickerUrl`; see https://docs.chatt2.me/docs/1.0/stickers/.)"),
			"cites https://docs.chatt2.me/docs/1.0/stickers/, which is not in openapi/README.md's table of pages"},
		{"a source that is no page", edit(readme, markSeenRow, "| `MarkSeenContent` | `markSeen: true` | §4.4 |"), docs,
			"the source \"§4.4\" is neither a page of the table of pages nor \"not found\""},
		{"the fact sheet in a comment", readme,
			withBundle("  - name: Communication\n", "  - name: Communication  # see fact sheet §2\n"),
			fmt.Sprintf("openapi/chatt2me.yaml:%d: mentions the fact sheet, which the SDK's users do not have", tagLine)},
		{"the regular expression missing from the README", edit(readme, labelPattern.String(), "(see the tests)"), docs,
			"openapi/README.md does not show the label form's regular expression"},
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
