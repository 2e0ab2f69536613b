package spec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/chatt2me/chatt2me-go/generator/pattern"
)

// MaxDocumentSize is the largest input document the generator reads: 16 MiB, some 200 times the vendor's bundle.
// A larger one is refused before it is parsed, since the cost of a run grows about a hundredfold with the input
// (a 30 MB description took 3.3 GB and 14 s).
const MaxDocumentSize = 16 << 20

// MaxDocumentNodes bounds the YAML nodes of an input document, which the cost of a run follows more closely than
// its size: within MaxDocumentSize, the bundle followed by a flow sequence of 8 million 1s took 3 minutes and 5 GB,
// with a million 13 s and 700 MB. The nodes are not counted by parsing, the cost to avoid, but bounded from above
// by the YAML indicators that every node needs: 3 for each ':', '?' and '{', 2 for each ',', '-' and '[', wherever
// they are (in a quoted string or a comment too), plus 1. The bundle has 4,487 nodes (a bound of 7,818), the
// fragment 460 (1,189), the merged document 4,929 (8,954): the limit is some 30 times the bundle's bound. A run on
// the bundle with a flow sequence up to the limit takes under 1.5 s and 270 MB; the 16 MiB one is refused in 0.05 s.
const MaxDocumentNodes = 250_000

// MaxMappingKeys is the most keys one mapping of an input document may have. The YAML decoder kin-openapi loads a
// document with checks the keys of a mapping for duplicates pair by pair, so that its cost grows with the square of
// their number: a mapping of 20,000 keys takes 2 s to decode, and a run decodes a document several times; one of
// 121,000 keys (within MaxDocumentNodes) made a run take 7 minutes. The largest mapping of the documents has 112
// keys (the bundle's components/schemas). A run on the bundle with 60 mappings at the limit (up to
// MaxDocumentNodes) takes about 2.3 s.
const MaxMappingKeys = 2_000

// ReadSource reads a document from disk; a missing, unreadable or oversized file is an *Error naming it. A regular
// file over MaxDocumentSize is refused before it is read; of any other file (a pipe, a device) it reads at most
// MaxDocumentSize+1 bytes.
func ReadSource(path string) (Source, error) {
	f, err := os.Open(path)
	if err != nil {
		return Source{}, &Error{File: path, Problem: "cannot read the document: " + pathErrorCause(err)}
	}
	defer f.Close()
	size := int64(bytes.MinRead)
	if info, err := f.Stat(); err == nil && info.Mode().IsRegular() {
		if info.Size() > MaxDocumentSize {
			return Source{}, oversized(path)
		}
		size = info.Size() + 1 // a byte more, to read the end of the file, or that it grew
	}
	buf := bytes.NewBuffer(make([]byte, 0, size))
	if _, err := buf.ReadFrom(io.LimitReader(f, MaxDocumentSize+1)); err != nil {
		return Source{}, &Error{File: path, Problem: "cannot read the document: " + pathErrorCause(err)}
	}
	src := Source{Name: path, Data: buf.Bytes()}
	if err := src.checkSize(); err != nil {
		return Source{}, err
	}
	return src, nil
}

func pathErrorCause(err error) string {
	var pathErr *fs.PathError
	if errors.As(err, &pathErr) {
		return pathErr.Err.Error()
	}
	return err.Error()
}

func (s Source) checkSize() error {
	if len(s.Data) > MaxDocumentSize {
		return oversized(s.Name)
	}
	return nil
}

// oversized is the refusal of a document over MaxDocumentSize.
func oversized(name string) *Error {
	return &Error{File: name, Problem: fmt.Sprintf("the document is over %d MiB, the limit for an input document", MaxDocumentSize>>20)}
}

// checkNodeBound refuses a document whose bound on its YAML nodes (see MaxDocumentNodes) is over the limit, at the
// line where the bound passes it. One pass over the bytes, without parsing.
func (s Source) checkNodeBound() error {
	bound, line := 1, 1
	for _, c := range s.Data {
		switch c {
		case '\n':
			line++
			continue
		case ':', '?', '{':
			bound += 3
		case ',', '-', '[':
			bound += 2
		default:
			continue
		}
		if bound > MaxDocumentNodes {
			return &Error{File: s.Name, Line: line, Problem: fmt.Sprintf("the document may hold more than %d YAML nodes, the limit for an "+
				"input document (an upper bound counted before parsing, from the YAML indicators : ? { , - [ up to this line)", MaxDocumentNodes)}
		}
	}
	return nil
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// decode parses one YAML document: at most MaxDocumentSize bytes of UTF-8 and MaxDocumentNodes nodes, a single
// document, no aliases, merge keys or tags beyond the standard ones, plain keys, each key once per mapping. It
// returns the document node.
func decode(src Source) (*yaml.Node, error) {
	if err := src.checkSize(); err != nil {
		return nil, err
	}
	if err := src.checkNodeBound(); err != nil {
		return nil, err
	}
	if err := checkUTF8(src); err != nil {
		return nil, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(src.Data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil && !errors.Is(err, io.EOF) {
		e := &Error{File: src.Name, Problem: "YAML syntax error: " + err.Error()}
		if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
			e.Line, _ = strconv.Atoi(m[1])
			e.Problem = "YAML syntax error: " + m[2]
		}
		return nil, e
	}
	var next yaml.Node
	if err := dec.Decode(&next); err == nil {
		return nil, &Error{File: src.Name, Line: next.Line, Problem: "a second YAML document starts here; a file holds one document"}
	}
	if len(doc.Content) == 1 {
		if err := checkNodes(src.Name, doc.Content[0], ""); err != nil {
			return nil, err
		}
	}
	return &doc, nil
}

// checkUTF8 refuses a document that is not valid UTF-8, naming the line and column of the first bad byte.
func checkUTF8(src Source) error {
	if utf8.Valid(src.Data) {
		return nil
	}
	data := src.Data
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			lineStart := bytes.LastIndexByte(data[:i], '\n') + 1
			column := utf8.RuneCount(data[lineStart:i]) + 1
			return &Error{File: src.Name, Line: bytes.Count(data[:i], []byte("\n")) + 1,
				Problem: fmt.Sprintf("invalid UTF-8: byte 0x%02x at column %d; save the document as UTF-8", data[i], column)}
		}
		i += size
	}
	return nil
}

// standardTags are the YAML tags a document may spell out; others (!include, !!binary...) mean nothing in OpenAPI.
var standardTags = map[string]bool{
	"!!str": true, "!!int": true, "!!float": true, "!!bool": true, "!!null": true, "!!map": true, "!!seq": true,
}

// checkNodes walks the tree under n, at JSON pointer pointer, refusing what YAML allows but a JSON document
// cannot hold or the merge cannot follow: aliases (and so alias bombs), merge keys, non-standard tags, keys that
// are not plain scalars, a key twice in one mapping, and a $ref that is not a string.
func checkNodes(file string, n *yaml.Node, pointer string) error {
	at := func(n *yaml.Node, pointer, problem string) error {
		return &Error{File: file, Line: n.Line, Pointer: pointer, Problem: problem}
	}
	if n.Kind == yaml.AliasNode {
		return at(n, pointer, "YAML aliases (*"+n.Value+") are not supported; write the value out")
	}
	if n.Style&yaml.TaggedStyle != 0 && !standardTags[n.ShortTag()] {
		return at(n, pointer, "the YAML tag "+n.Tag+" is not supported")
	}
	switch n.Kind {
	case yaml.SequenceNode:
		for i, c := range n.Content {
			if err := checkNodes(file, c, pointer+"/"+strconv.Itoa(i)); err != nil {
				return err
			}
		}
	case yaml.MappingNode:
		if keys := len(n.Content) / 2; keys > MaxMappingKeys {
			return at(n, pointer, fmt.Sprintf("the mapping has %d keys, over %d, the limit for one mapping of an input document",
				keys, MaxMappingKeys))
		}
		seen := make(map[string]int, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			p := pointer + "/" + EscapeToken(k.Value)
			switch {
			case k.Kind != yaml.ScalarNode:
				return at(k, pointer, "a mapping key must be a plain string, not a YAML "+kindName(k))
			case k.ShortTag() == "!!merge":
				return at(k, pointer, "YAML merge keys (<<) are not supported; write the keys out")
			case seen[k.Value] != 0:
				return at(k, p, fmt.Sprintf("the key %q is defined twice in this mapping (first at line %d)", k.Value, seen[k.Value]))
			case k.Value == "$ref" && v.Kind != yaml.ScalarNode && v.Kind != yaml.AliasNode:
				return at(v, p, "$ref must be a string, not a YAML "+kindName(v))
			}
			seen[k.Value] = k.Line
			if err := checkNodes(file, k, p); err != nil {
				return err
			}
			if err := checkNodes(file, v, p); err != nil {
				return err
			}
		}
	}
	return nil
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "sequence"
	case yaml.MappingNode:
		return "mapping"
	case yaml.AliasNode:
		return "alias"
	}
	return "scalar"
}

// Keywords whose value kind kin-openapi's loader expects; a wrong one is refused here, where it is located.
var (
	countKeywords  = []string{"maxLength", "minLength", "maxItems", "minItems", "maxProperties", "minProperties"}
	numberKeywords = []string{"maximum", "minimum", "multipleOf"}
	flagKeywords   = []string{"exclusiveMaximum", "exclusiveMinimum", "nullable", "readOnly", "writeOnly", "uniqueItems", "deprecated"}
)

// namePattern is the charset OpenAPI 3.0 allows in component names; the generator asks the same of property names,
// which become Go identifiers, struct tags and JSON keys in the generated code.
var namePattern = regexp.MustCompile(`^[a-zA-Z0-9._-]+$`)

// checkSchemas checks the component names of a document and every schema in it: the kinds of the keywords
// kin-openapi reads, the patterns (ECMA-262 regular expressions, which the SDK translates into Go's) and the property names.
func checkSchemas(p *parsed) error {
	c := schemaChecker{file: p.name, added: p.added}
	if comps := get(p.root, "components"); comps != nil && comps.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(comps.Content); i += 2 {
			section, entries := comps.Content[i], comps.Content[i+1]
			if entries.Kind != yaml.MappingNode || strings.HasPrefix(section.Value, "x-") {
				continue
			}
			for j := 0; j+1 < len(entries.Content); j += 2 {
				name := entries.Content[j]
				pointer := "/components/" + EscapeToken(section.Value) + "/" + EscapeToken(name.Value)
				if !namePattern.MatchString(name.Value) {
					return c.at(name, pointer, fmt.Sprintf(
						"the component name %q is not allowed: OpenAPI 3.0 allows ASCII letters, digits, '.', '-' and '_'", name.Value))
				}
				if section.Value == "schemas" {
					if err := c.schema(entries.Content[j+1], pointer); err != nil {
						return err
					}
				}
			}
		}
	}
	return c.findSchemas(p.root, "")
}

type schemaChecker struct {
	file  string
	added map[*yaml.Node]place // nodes an overlay added or changed, placed in the overlay
}

func (c schemaChecker) at(n *yaml.Node, pointer, problem string) error {
	if p, ok := c.added[n]; ok {
		return &Error{File: p.file, Line: p.line, Pointer: pointer, Problem: problem}
	}
	return &Error{File: c.file, Line: n.Line, Pointer: pointer, Problem: problem}
}

// findSchemas checks the value of every "schema" key under n, outside component schemas (checked as such),
// examples and extensions.
func (c schemaChecker) findSchemas(n *yaml.Node, pointer string) error {
	switch n.Kind {
	case yaml.SequenceNode:
		for i, e := range n.Content {
			if err := c.findSchemas(e, pointer+"/"+strconv.Itoa(i)); err != nil {
				return err
			}
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i].Value, n.Content[i+1]
			p := pointer + "/" + EscapeToken(k)
			var err error
			switch {
			case p == "/components/schemas" || k == "example" || k == "examples" || strings.HasPrefix(k, "x-"):
			case k == "schema":
				err = c.schema(v, p)
			default:
				err = c.findSchemas(v, p)
			}
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// schema checks one schema and the schemas nested in it.
func (c schemaChecker) schema(n *yaml.Node, pointer string) error {
	if n.Kind != yaml.MappingNode {
		return nil // kin-openapi refuses it, located by its pointer
	}
	if err := c.keywords(n, pointer); err != nil {
		return err
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i].Value, n.Content[i+1]
		p := pointer + "/" + EscapeToken(k)
		switch k {
		case "properties":
			if err := c.properties(v, p); err != nil {
				return err
			}
		case "items", "not", "additionalProperties":
			if err := c.schema(v, p); err != nil {
				return err
			}
		case "allOf", "anyOf", "oneOf":
			for j, member := range v.Content {
				if err := c.schema(member, p+"/"+strconv.Itoa(j)); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func (c schemaChecker) properties(n *yaml.Node, pointer string) error {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		name := n.Content[i]
		p := pointer + "/" + EscapeToken(name.Value)
		switch {
		case name.Value == "":
			return c.at(name, p, "an empty property name is not supported")
		case !namePattern.MatchString(name.Value):
			return c.at(name, p, fmt.Sprintf("the property name %q is not supported: use ASCII letters, digits, '.', '-' and '_'", name.Value))
		}
		if err := c.schema(n.Content[i+1], p); err != nil {
			return err
		}
	}
	return nil
}

// keywords checks the value kinds of the keywords of one schema, and its pattern.
func (c schemaChecker) keywords(n *yaml.Node, pointer string) error {
	for _, k := range countKeywords {
		if v := get(n, k); v != nil {
			if _, err := strconv.ParseUint(v.Value, 10, 64); err != nil || v.ShortTag() != "!!int" {
				return c.at(v, pointer+"/"+k, fmt.Sprintf("%s must be a whole number from 0 to %d, not %s", k, uint64(math.MaxUint64), v.Value))
			}
		}
	}
	for _, k := range numberKeywords {
		if v := get(n, k); v != nil {
			f, err := strconv.ParseFloat(v.Value, 64)
			if tag := v.ShortTag(); err != nil || math.IsInf(f, 0) || math.IsNaN(f) || tag != "!!int" && tag != "!!float" {
				return c.at(v, pointer+"/"+k, fmt.Sprintf("%s must be a finite number, not %s", k, v.Value))
			}
			if k == "multipleOf" && f <= 0 {
				return c.at(v, pointer+"/"+k, "multipleOf must be greater than 0, not "+v.Value)
			}
		}
	}
	for _, k := range flagKeywords {
		if v := get(n, k); v != nil && v.ShortTag() != "!!bool" {
			return c.at(v, pointer+"/"+k, fmt.Sprintf("%s must be true or false, not %s", k, v.Value))
		}
	}
	if v := get(n, "pattern"); v != nil {
		if v.Kind != yaml.ScalarNode {
			return c.at(v, pointer+"/pattern", "pattern must be a string, not a YAML "+kindName(v))
		}
		if _, err := pattern.Translate(v.Value); err != nil {
			return c.at(v, pointer+"/pattern", err.Error())
		}
	}
	return nil
}
