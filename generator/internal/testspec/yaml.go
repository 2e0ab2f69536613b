package testspec

import (
	"bytes"
	"testing"

	"go.yaml.in/yaml/v3"
)

// Edit parses a document, lets edit change its tree, and returns the document serialised again, so that tests
// change the documents under test by their structure, not by searching for text that may not be there.
func Edit(t testing.TB, text string, edit func(root *yaml.Node)) string {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		t.Fatal(err)
	}
	edit(doc.Content[0])
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// Get follows keys through mappings and returns the node reached, or nil.
func Get(n *yaml.Node, keys ...string) *yaml.Node {
	for _, key := range keys {
		if n == nil || n.Kind != yaml.MappingNode {
			return nil
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key {
				next = n.Content[i+1]
			}
		}
		n = next
	}
	return n
}

// Delete removes key from a mapping and reports whether it was there.
func Delete(n *yaml.Node, key string) bool {
	for i := 0; n != nil && i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			n.Content = append(n.Content[:i], n.Content[i+2:]...)
			return true
		}
	}
	return false
}

// Set puts key: value into a mapping, replacing what was there.
func Set(n *yaml.Node, key string, value *yaml.Node) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			n.Content[i+1] = value
			return
		}
	}
	n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, value)
}

// Node parses a YAML fragment into a node, for Set and for appending to sequences.
func Node(t testing.TB, text string) *yaml.Node {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Content[0]
}

// Keys returns the keys of a mapping, in order.
func Keys(n *yaml.Node) []string {
	var out []string
	for i := 0; n != nil && i+1 < len(n.Content); i += 2 {
		out = append(out, n.Content[i].Value)
	}
	return out
}

// AddToOneOf adds a $ref to the component schema kind to the oneOf of the schema content, in the document that
// defines it (the bundle or the fragment), and returns both texts.
func AddToOneOf(t testing.TB, bundle, fragment, content, kind string) (string, string) {
	t.Helper()
	texts := []*string{&bundle, &fragment}
	for _, text := range texts {
		if Get(Node(t, *text), "components", "schemas", content, "oneOf") == nil {
			continue
		}
		*text = Edit(t, *text, func(root *yaml.Node) {
			oneOf := Get(root, "components", "schemas", content, "oneOf")
			oneOf.Content = append(oneOf.Content, Node(t, "$ref: '#/components/schemas/"+kind+"'"))
		})
		return bundle, fragment
	}
	t.Fatalf("neither document defines the oneOf of %s", content)
	return bundle, fragment
}
