// Package spec loads the vendor's bundled OpenAPI document, applies our overlay of it (an OpenAPI Overlay: our
// changes to the vendor's document, kept outside it), merges the hand-written fragment into it and validates the
// result with kin-openapi. Every error names the file, the JSON pointer and, where known, the line of the problem.
package spec

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v3"
)

// Error is a problem in an input document: the file, the JSON pointer inside it and, when known, the line.
type Error struct {
	File    string
	Pointer string
	Line    int
	Problem string
}

// Error formats the problem as "file:line: pointer: problem".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteString(":" + strconv.Itoa(e.Line))
	}
	b.WriteString(": ")
	if e.Pointer != "" {
		b.WriteString(e.Pointer + ": ")
	}
	b.WriteString(e.Problem)
	return b.String()
}

// Source is one input document: its name (used in errors) and its bytes.
type Source struct {
	Name string
	Data []byte
	skip map[int]bool // for an overlay, the actions left out (WithoutActions)
}

// Document is the merged, validated OpenAPI document.
type Document struct {
	// YAML is the merged document, serialised deterministically.
	YAML []byte
	// T is the merged document as loaded by kin-openapi. Callers that change it (oapi-codegen prunes in place)
	// must use a fresh copy from Load instead.
	T *openapi3.T
	// origin maps the JSON pointer of every top-level path, component and extension to the source defining it.
	origin map[string]place
	// added places the nodes an overlay added to the bundle, or whose value it changed, in the overlay.
	added map[*yaml.Node]place
	// root is the merged YAML tree; its nodes keep the line numbers of the file they came from.
	root *yaml.Node
	// refs are the references written in the sources, to place a load error about one of them.
	refs []refSite
}

// Load reads the files, applies the overlays (if any) to the bundle, merges the fragment and validates the result.
func Load(bundlePath, fragmentPath string, overlayPaths ...string) (*Document, error) {
	var sources []Source
	for _, p := range append([]string{bundlePath, fragmentPath}, overlayPaths...) {
		src, err := ReadSource(p)
		if err != nil {
			return nil, err
		}
		sources = append(sources, src)
	}
	return Merge(sources[0], sources[1], sources[2:]...)
}

// Merge parses a bundle, applies the overlays to it, merges the fragment and validates the result.
func Merge(bundle, fragment Source, overlays ...Source) (*Document, error) {
	doc, err := Combine(bundle, fragment, overlays...)
	if err != nil {
		return nil, err
	}
	if err := doc.Validate(); err != nil {
		return nil, err
	}
	return doc, nil
}

// Combine parses a bundle, applies the overlays to it in order (an action that would change nothing is an error:
// see StaleAction), merges the fragment into it and checks every reference, without loading the result into
// kin-openapi: YAML holds the merged document; T is nil until Validate.
func Combine(bundle, fragment Source, overlays ...Source) (*Document, error) {
	b, err := parse(bundle)
	if err != nil {
		return nil, err
	}
	for _, src := range overlays {
		o, err := parseOverlay(src)
		if err != nil {
			return nil, err
		}
		if _, err := applyOverlay(b, o, false); err != nil {
			return nil, err
		}
	}
	if err := checkSchemas(b); err != nil {
		return nil, err
	}
	f, err := parse(fragment)
	if err != nil {
		return nil, err
	}
	if err := checkSchemas(f); err != nil {
		return nil, err
	}
	// References are collected before merging, while each node still belongs to one file.
	refs := append(collectRefs(b), collectRefs(f)...)
	m := &merger{origin: map[string]place{}}
	root, err := m.merge(b, f)
	if err != nil {
		return nil, err
	}
	for _, r := range refs {
		if err := r.resolve(root); err != nil {
			return nil, err
		}
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}}); err != nil {
		return nil, fmt.Errorf("serialising the merged document: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("serialising the merged document: %w", err)
	}
	return &Document{YAML: buf.Bytes(), origin: m.origin, added: b.added, root: root, refs: refs}, nil
}

// Validate loads the merged document with kin-openapi and validates it, its patterns with their ECMA-262 meaning
// (package pattern); on success it sets T.
func (d *Document) Validate() error {
	t, err := d.Fresh()
	if err != nil {
		return err
	}
	restore, err := d.translatePatterns(t)
	if err != nil {
		return err
	}
	if err := restore(d.validate(t)); err != nil {
		return err
	}
	d.T = t
	return nil
}

// FromMerged loads a document that is already merged, such as generated/openapi.yaml; errors cannot be placed in
// the original files, so they name "merged document".
func FromMerged(data []byte) (*Document, error) {
	node, err := decode(Source{Name: "merged document", Data: data})
	if err != nil {
		return nil, err
	}
	if node.Kind != yaml.DocumentNode || len(node.Content) != 1 {
		return nil, &Error{File: "merged document", Problem: "the document is not a YAML mapping"}
	}
	doc := &Document{YAML: data, origin: map[string]place{}, root: node.Content[0]}
	if err := doc.Validate(); err != nil {
		return nil, err
	}
	return doc, nil
}

// Fresh loads a new, independent copy of the merged document.
func (d *Document) Fresh() (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	t, err := loader.LoadFromData(d.YAML)
	if err != nil {
		return nil, d.locate(err)
	}
	return t, nil
}

// Where returns the file and line that define pointer, or false when no source defines the top-level element
// (path, component or extension) holding it. The line is that of the deepest element of pointer that exists.
func (d *Document) Where(pointer string) (file string, line int, ok bool) {
	var p place
	for key := pointer; key != ""; key = key[:max(strings.LastIndex(key, "/"), 0)] {
		if p, ok = d.origin[key]; ok {
			break
		}
	}
	if !ok {
		return "", 0, false
	}
	if n, _ := deepest(d.root, pointer); n != nil && n.Line > 0 {
		p.line = n.Line
		if added, ok := d.added[n]; ok {
			p = added
		}
	}
	return p.file, p.line, true
}

// ErrorAt returns an *Error for pointer, placed in the file that defines it.
func (d *Document) ErrorAt(pointer, problem string) *Error {
	file, line, ok := d.Where(pointer)
	if !ok {
		file = "merged document"
	}
	return &Error{File: file, Line: line, Pointer: pointer, Problem: problem}
}

// deepest follows pointer from root as far as it goes. It returns the last node reached (the key node for a
// mapping entry, so that its line is the entry's) and whether the whole pointer was found.
func deepest(root *yaml.Node, pointer string) (*yaml.Node, bool) {
	var last *yaml.Node
	n := root
	for _, part := range strings.Split(strings.TrimPrefix(pointer, "/"), "/") {
		part = strings.ReplaceAll(strings.ReplaceAll(part, "~1", "/"), "~0", "~")
		switch n.Kind {
		case yaml.MappingNode:
			k := keyNode(n, part)
			if k == nil {
				return last, false
			}
			last, n = k, get(n, part)
		case yaml.SequenceNode:
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(n.Content) {
				return last, false
			}
			n = n.Content[i]
			last = n
		default:
			return last, false
		}
	}
	return last, true
}

// validate runs kin-openapi's validation; on failure it validates each path and schema alone to name the culprit.
func (d *Document) validate(t *openapi3.T) error {
	ctx := context.Background()
	if err := t.Validate(ctx); err == nil {
		return nil
	} else if located := d.localise(ctx, t); located != nil {
		return located
	} else {
		return &Error{File: "merged document", Problem: "invalid OpenAPI document: " + err.Error()}
	}
}

func (d *Document) localise(ctx context.Context, t *openapi3.T) error {
	if t.Paths != nil {
		for _, path := range t.Paths.InMatchingOrder() {
			if err := t.Paths.Value(path).Validate(ctx); err != nil {
				return d.ErrorAt("/paths/"+EscapeToken(path), err.Error())
			}
		}
	}
	if t.Components != nil {
		names := make([]string, 0, len(t.Components.Schemas))
		for name := range t.Components.Schemas {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			if err := t.Components.Schemas[name].Validate(ctx); err != nil {
				return d.ErrorAt("/components/schemas/"+EscapeToken(name), err.Error())
			}
		}
	}
	return nil
}

var (
	refInLoadError = regexp.MustCompile(`"(#/[^"]*)"`)
	// valueInLoadError is the YAML decoder's complaint about a value, which ends with the value's JSON pointer.
	valueInLoadError = regexp.MustCompile(`line \d+: (.+) in (/\S*)$`)
)

// locate turns a kin-openapi load error into an *Error. A message about a reference names the file defining its
// target, or else the place of the reference; a message about a value names the place of the value.
func (d *Document) locate(err error) error {
	msg := err.Error()
	if m := refInLoadError.FindStringSubmatch(msg); m != nil {
		target := strings.TrimPrefix(m[1], "#")
		if _, _, ok := d.Where(target); !ok {
			for _, r := range d.refs {
				if r.ref.Value == m[1] {
					return &Error{File: r.at.file, Line: r.at.line, Pointer: r.pointer, Problem: msg}
				}
			}
		}
		return d.ErrorAt(target, msg)
	}
	if m := valueInLoadError.FindStringSubmatch(msg); m != nil {
		return d.ErrorAt(m[2], m[1])
	}
	return &Error{File: "merged document", Problem: msg}
}

type place struct {
	file string
	line int
}

type parsed struct {
	name  string
	root  *yaml.Node           // the top-level mapping
	added map[*yaml.Node]place // the nodes an overlay added or changed, placed in the overlay
}

// placeOf returns the file and line a node of the document comes from.
func (p *parsed) placeOf(n *yaml.Node) place {
	if pl, ok := p.added[n]; ok {
		return pl
	}
	return place{p.name, n.Line}
}

func parse(src Source) (*parsed, error) {
	doc, err := decode(src)
	if err != nil {
		return nil, err
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, &Error{File: src.Name, Line: 1, Problem: "the document is not a YAML mapping"}
	}
	p := &parsed{name: src.Name, root: doc.Content[0], added: map[*yaml.Node]place{}}
	version := get(p.root, "openapi")
	if version == nil {
		return nil, &Error{File: src.Name, Line: 1, Pointer: "/openapi", Problem: "missing OpenAPI version"}
	}
	if !strings.HasPrefix(version.Value, "3.0.") {
		return nil, &Error{File: src.Name, Line: version.Line, Pointer: "/openapi",
			Problem: fmt.Sprintf("OpenAPI version %q is not supported; use 3.0.x", version.Value)}
	}
	return p, nil
}

// merger combines the fragment into the bundle, recording where each element came from.
type merger struct {
	origin map[string]place
}

// fragmentKeys are the top-level keys a fragment may hold; its openapi and info describe the fragment itself.
var fragmentKeys = map[string]bool{"openapi": true, "info": true, "paths": true, "components": true, "tags": true}

func (m *merger) merge(bundle, fragment *parsed) (*yaml.Node, error) {
	m.record(bundle)
	m.record(fragment)
	root := bundle.root
	paths := get(root, "paths")
	if paths == nil || paths.Kind != yaml.MappingNode || len(paths.Content) == 0 {
		line := root.Line
		if paths != nil {
			line = paths.Line
		}
		return nil, &Error{File: bundle.name, Line: line, Pointer: "/paths", Problem: "the document has no paths"}
	}
	for i := 0; i < len(fragment.root.Content); i += 2 {
		key, value := fragment.root.Content[i], fragment.root.Content[i+1]
		switch {
		case key.Value == "paths":
			if err := m.union(root, "paths", value, "/paths", bundle, fragment.name); err != nil {
				return nil, err
			}
		case key.Value == "components":
			for j := 0; j < len(value.Content); j += 2 {
				section := value.Content[j].Value
				comps := ensureMap(root, "components")
				if err := m.union(comps, section, value.Content[j+1], "/components/"+EscapeToken(section), bundle, fragment.name); err != nil {
					return nil, err
				}
			}
		case key.Value == "tags":
			mergeTags(root, value)
		case strings.HasPrefix(key.Value, "x-"):
			if existing := get(root, key.Value); existing != nil {
				if !sameValue(existing, value) {
					return nil, conflict(fragment.name, "/"+EscapeToken(key.Value), value, bundle.placeOf(existing))
				}
				continue
			}
			root.Content = append(root.Content, key, value)
		case fragmentKeys[key.Value]:
		default:
			return nil, &Error{File: fragment.name, Line: key.Line, Pointer: "/" + EscapeToken(key.Value),
				Problem: "a fragment may only add paths, components, tags and x- extensions"}
		}
	}
	return root, nil
}

// union adds every entry of add to the mapping parent[key]; an entry on both sides must be identical.
func (m *merger) union(parent *yaml.Node, key string, add *yaml.Node, pointer string, bundle *parsed, fragmentName string) error {
	if add.Kind != yaml.MappingNode {
		return &Error{File: fragmentName, Line: add.Line, Pointer: pointer, Problem: "expected a mapping"}
	}
	target := ensureMap(parent, key)
	for i := 0; i < len(add.Content); i += 2 {
		k, v := add.Content[i], add.Content[i+1]
		if existing := get(target, k.Value); existing != nil {
			if !sameValue(existing, v) {
				return conflict(fragmentName, pointer+"/"+EscapeToken(k.Value), k, bundle.placeOf(keyNode(target, k.Value)))
			}
			continue
		}
		target.Content = append(target.Content, k, v)
	}
	return nil
}

func conflict(file, pointer string, at *yaml.Node, other place) error {
	return &Error{File: file, Line: at.Line, Pointer: pointer,
		Problem: fmt.Sprintf("also defined, differently, in %s:%d", other.file, other.line)}
}

// record notes the file and line of every path, component and extension of a source.
func (m *merger) record(p *parsed) {
	for i := 0; i < len(p.root.Content); i += 2 {
		key, value := p.root.Content[i], p.root.Content[i+1]
		switch {
		case key.Value == "paths":
			m.recordEntries(p, "/paths", value)
		case key.Value == "components":
			for j := 0; j+1 < len(value.Content); j += 2 {
				m.recordEntries(p, "/components/"+EscapeToken(value.Content[j].Value), value.Content[j+1])
			}
		case strings.HasPrefix(key.Value, "x-"):
			m.origin["/"+EscapeToken(key.Value)] = p.placeOf(key)
			m.recordEntries(p, "/"+EscapeToken(key.Value), value)
		}
	}
}

func (m *merger) recordEntries(p *parsed, pointer string, mapping *yaml.Node) {
	if mapping.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i < len(mapping.Content); i += 2 {
		k := mapping.Content[i]
		if _, seen := m.origin[pointer+"/"+EscapeToken(k.Value)]; !seen {
			m.origin[pointer+"/"+EscapeToken(k.Value)] = p.placeOf(k)
		}
	}
}

func mergeTags(root, add *yaml.Node) {
	tags := get(root, "tags")
	if tags == nil {
		root.Content = append(root.Content, scalar("tags"), add)
		return
	}
	have := map[string]bool{}
	for _, t := range tags.Content {
		if n := get(t, "name"); n != nil {
			have[n.Value] = true
		}
	}
	for _, t := range add.Content {
		if n := get(t, "name"); n != nil && !have[n.Value] {
			tags.Content = append(tags.Content, t)
			have[n.Value] = true
		}
	}
}

// refSite is one $ref written in a source: where it is and what it says.
type refSite struct {
	at      place
	pointer string
	ref     *yaml.Node
}

// collectRefs lists every $ref written in src.
func collectRefs(src *parsed) []refSite {
	var sites []refSite
	var walk func(n *yaml.Node, pointer string)
	walk = func(n *yaml.Node, pointer string) {
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				if k.Value == "$ref" && v.Kind == yaml.ScalarNode {
					sites = append(sites, refSite{src.placeOf(v), pointer, v})
					continue
				}
				walk(v, pointer+"/"+EscapeToken(k.Value))
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				walk(c, pointer+"/"+strconv.Itoa(i))
			}
		}
	}
	walk(src.root, "")
	return sites
}

// resolve follows the reference in the merged root.
func (r refSite) resolve(root *yaml.Node) error {
	if !strings.HasPrefix(r.ref.Value, "#/") {
		return &Error{File: r.at.file, Line: r.at.line, Pointer: r.pointer,
			Problem: fmt.Sprintf("reference %q points outside the merged document; only local #/ references are allowed", r.ref.Value)}
	}
	if _, found := deepest(root, strings.TrimPrefix(r.ref.Value, "#")); !found {
		return &Error{File: r.at.file, Line: r.at.line, Pointer: r.pointer,
			Problem: fmt.Sprintf("unresolved reference %q: nothing at %s in the merged document", r.ref.Value, strings.TrimPrefix(r.ref.Value, "#"))}
	}
	return nil
}

// get returns the value of key in a mapping node, or nil.
func get(mapping *yaml.Node, key string) *yaml.Node {
	if k := keyNode(mapping, key); k != nil {
		for i := 0; i < len(mapping.Content); i += 2 {
			if mapping.Content[i] == k {
				return mapping.Content[i+1]
			}
		}
	}
	return nil
}

func keyNode(mapping *yaml.Node, key string) *yaml.Node {
	if mapping == nil || mapping.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i < len(mapping.Content); i += 2 {
		if mapping.Content[i].Value == key {
			return mapping.Content[i]
		}
	}
	return nil
}

func ensureMap(parent *yaml.Node, key string) *yaml.Node {
	if n := get(parent, key); n != nil {
		return n
	}
	n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	parent.Content = append(parent.Content, scalar(key), n)
	return n
}

func scalar(v string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v}
}

// sameValue compares two nodes by the values they decode to, ignoring layout and comments.
func sameValue(a, b *yaml.Node) bool {
	var va, vb any
	if a.Decode(&va) != nil || b.Decode(&vb) != nil {
		return false
	}
	return reflect.DeepEqual(va, vb)
}

// EscapeToken encodes one JSON pointer token (RFC 6901: "~" as "~0", "/" as "~1").
func EscapeToken(token string) string {
	return strings.ReplaceAll(strings.ReplaceAll(token, "~", "~0"), "/", "~1")
}
