package model

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/chatt2me/chatt2me-go/generator/spec"
)

// InboundExtension is the top-level extension, in the hand-written fragment, that says how a received object whose
// discriminator property names its kind is decoded into typed values (package webhook): per component schema, the
// Go interface, the discriminator property and, per discriminator value, the properties that kind carries.
const InboundExtension = "x-chatt2me-inbound"

// Union is one rule of InboundExtension: a received object schema whose discriminator says which of its
// properties are set.
type Union struct {
	Schema        string // the component schema, such as "InboundContent"
	Interface     string // the Go interface of package webhook, such as "Content"
	Discriminator string // the string property naming the kind, such as "type"
	// Kinds are sorted by discriminator value.
	Kinds []UnionKind
}

// UnionKind is one discriminator value and the properties of its kind, its main property first: a kind whose main
// property is absent is not decoded as that kind.
type UnionKind struct {
	Value      string
	Properties []string
	// GoName is the Go name the rule gives the kind's type; empty means the name derived from Value.
	GoName string
}

// unionRule is one entry of the inbound extension.
type unionRule struct {
	Interface     string              `json:"interface"`
	Discriminator string              `json:"discriminator"`
	Kinds         map[string][]string `json:"kinds"`
	// Names names the types of some kinds, where the name derived from the value would clash or not be Go.
	Names map[string]string `json:"names,omitempty"`
}

// readUnions reads the inbound extension, if the document has one; the unions are sorted by schema name.
func readUnions(doc *spec.Document) ([]Union, error) {
	raw, ok := doc.T.Extensions[InboundExtension]
	if !ok {
		return nil, nil
	}
	entries, ok := raw.(map[string]any)
	if !ok || len(entries) == 0 {
		return nil, doc.ErrorAt("/"+InboundExtension, "expected a mapping from component schema to its inbound rule")
	}
	var unions []Union
	for _, name := range sortedKeys(entries) {
		pointer := "/" + InboundExtension + "/" + spec.EscapeToken(name)
		var rule unionRule
		if err := decodeRule(doc, pointer, "inbound", entries[name], &rule); err != nil {
			return nil, err
		}
		u, err := checkUnion(doc.T, name, rule, func(sub, problem string) error { return doc.ErrorAt(pointer+sub, problem) })
		if err != nil {
			return nil, err
		}
		unions = append(unions, u)
	}
	if err := checkUnionCycles(doc, unions); err != nil {
		return nil, err
	}
	return unions, nil
}

// checkUnion checks one rule against its schema: an object schema, a string discriminator, and kinds that each
// list properties of the schema.
func checkUnion(t *openapi3.T, name string, rule unionRule, fail at) (Union, error) {
	ref := t.Components.Schemas[name]
	switch {
	case ref == nil || ref.Value == nil:
		return Union{}, fail("", fmt.Sprintf("no component schema is named %q", name))
	case !isObjectSchema(ref.Value):
		return Union{}, fail("", fmt.Sprintf("%s is not an object schema (type: object)", name))
	case !goIdent.MatchString(rule.Interface):
		return Union{}, fail("/interface", fmt.Sprintf("interface %q must be an exported Go name", rule.Interface))
	}
	props := ref.Value.Properties
	if d := props[rule.Discriminator]; d == nil || d.Value == nil || !isStringSchema(d.Value) {
		return Union{}, fail("/discriminator", fmt.Sprintf("%s has no string property %q to be its discriminator", name, rule.Discriminator))
	}
	if len(rule.Kinds) == 0 {
		return Union{}, fail("/kinds", "at least one kind is needed: discriminator value → the properties of that kind")
	}
	u := Union{Schema: name, Interface: rule.Interface, Discriminator: rule.Discriminator}
	for _, value := range sortedKeys(rule.Kinds) {
		at := "/kinds/" + spec.EscapeToken(value)
		listed := rule.Kinds[value]
		if value == "" {
			return Union{}, fail(at, "a kind needs a discriminator value")
		}
		if len(listed) == 0 {
			return Union{}, fail(at, fmt.Sprintf("kind %q lists no property; the first one listed is its main property", value))
		}
		for i, p := range listed {
			item := at + "/" + strconv.Itoa(i)
			switch {
			case props[p] == nil:
				return Union{}, fail(item, fmt.Sprintf("%s has no property %q", name, p))
			case p == rule.Discriminator:
				return Union{}, fail(item, fmt.Sprintf("%q is the discriminator, not a property of kind %q", p, value))
			case slices.Index(listed, p) != i:
				return Union{}, fail(item, fmt.Sprintf("property %q is listed twice", p))
			}
		}
		u.Kinds = append(u.Kinds, UnionKind{Value: value, Properties: listed, GoName: rule.Names[value]})
	}
	for _, value := range sortedKeys(rule.Names) {
		at := "/names/" + spec.EscapeToken(value)
		if _, ok := rule.Kinds[value]; !ok {
			return Union{}, fail(at, fmt.Sprintf("no kind has the value %q", value))
		}
		if name := rule.Names[value]; !goIdent.MatchString(name) {
			return Union{}, fail(at, fmt.Sprintf("the name %q of kind %q must be an exported Go name", name, value))
		}
	}
	return u, nil
}

// checkUnionCycles refuses a union that contains itself through the properties of its kinds: decoding a value
// decodes each nested union's JSON again, so the nesting must be bounded by the rules, not by the input.
func checkUnionCycles(doc *spec.Document, unions []Union) error {
	byName := map[string]*Union{}
	for i := range unions {
		byName[unions[i].Schema] = &unions[i]
	}
	var visit func(u *Union, path []string, seen map[string]bool) error
	visit = func(u *Union, path []string, seen map[string]bool) error {
		for _, k := range u.Kinds {
			for i, p := range k.Properties {
				nested := byName[refName(doc.T.Components.Schemas[u.Schema].Value.Properties[p])]
				switch {
				case nested == nil || seen[nested.Schema] && nested.Schema != path[0]:
					continue
				case nested.Schema == path[0]:
					at := fmt.Sprintf("/%s/%s/kinds/%s/%d", InboundExtension, spec.EscapeToken(u.Schema), spec.EscapeToken(k.Value), i)
					return doc.ErrorAt(at, fmt.Sprintf("%s.%s leads back to %s (%s): a union may not contain itself", u.Schema, p,
						path[0], strings.Join(append(path, path[0]), " → ")))
				}
				seen[nested.Schema] = true
				if err := visit(nested, append(slices.Clip(path), nested.Schema), seen); err != nil {
					return err
				}
			}
		}
		return nil
	}
	for i := range unions {
		if err := visit(&unions[i], []string{unions[i].Schema}, map[string]bool{}); err != nil {
			return err
		}
	}
	return nil
}

// refName is the component schema a property references, or "".
func refName(ref *openapi3.SchemaRef) string {
	name, _ := componentName(ref)
	return name
}

func isObjectSchema(s *openapi3.Schema) bool { return s.Type != nil && s.Type.Is(openapi3.TypeObject) }

func isStringSchema(s *openapi3.Schema) bool { return s.Type != nil && s.Type.Is(openapi3.TypeString) }
