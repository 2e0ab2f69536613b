package plan

import (
	"fmt"
	"sort"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/chatt2me/chatt2me-go/generator/pattern"
	"github.com/chatt2me/chatt2me-go/generator/spec"
)

// patterns names the pattern variables of one package, in the order of first use.
type patterns struct {
	byText map[string]*Pattern
	list   []*Pattern
}

// patternPrefix starts the name of every pattern variable, which a number ends.
const patternPrefix = "pattern"

func newPatterns() *patterns { return &patterns{byText: map[string]*Pattern{}} }

// get names a pattern; the document's patterns have all been translated when it was validated, so translating
// cannot fail here.
func (ps *patterns) get(source string) *Pattern {
	if p, ok := ps.byText[source]; ok {
		return p
	}
	expr, err := pattern.Translate(source)
	if err != nil {
		panic(err) // the spec's validation refused it
	}
	p := &Pattern{Var: fmt.Sprintf("%s%d", patternPrefix, len(ps.list)+1), Source: source, Expr: expr}
	ps.byText[source] = p
	ps.list = append(ps.list, p)
	return p
}

// checker plans the checks of the limits of the document (lengths, counts, enums, patterns, formats, ranges).
type checker struct {
	doc      *spec.Document
	api      *apiTable
	patterns *patterns
}

// checks returns the checks of a value of Go type goType against the schema ref (at the JSON pointer at).
func (c *checker) checks(goType Type, ref *openapi3.SchemaRef, at string) ([]*Check, error) {
	s := ref.Value
	if name := componentOf(ref); name != "" && (isObject(s) || c.api.unions[name]) {
		return []*Check{{Rule: Nested, Validator: name, Method: c.api.holdsUnion(name)}}, nil
	}
	switch {
	case isType(s, openapi3.TypeString):
		return c.stringChecks(s), nil
	case isType(s, openapi3.TypeInteger), isType(s, openapi3.TypeNumber):
		if s.Min == nil && s.Max == nil && !isType(s, openapi3.TypeNumber) {
			return nil, nil // an integer without bounds; a float may still be NaN or infinite
		}
		ch := &Check{Rule: Number, HasMin: s.Min != nil, HasMax: s.Max != nil}
		if s.Min != nil {
			ch.MinNum = *s.Min
		}
		if s.Max != nil {
			ch.MaxNum = *s.Max
		}
		return []*Check{ch}, nil
	case isType(s, openapi3.TypeBoolean):
		return boolChecks(s), nil
	case isType(s, openapi3.TypeArray):
		return c.arrayChecks(goType, s, at)
	case isObject(s):
		return nil, c.doc.ErrorAt(at, "inline object schemas are not supported; make it a component")
	}
	return nil, nil
}

// boolChecks checks a boolean whose enum allows one of true and false only (a document may list it twice).
func boolChecks(s *openapi3.Schema) []*Check {
	allowed := map[bool]bool{}
	for _, e := range s.Enum {
		if b, ok := e.(bool); ok {
			allowed[b] = true
		}
	}
	if len(allowed) != 1 {
		return nil
	}
	return []*Check{{Rule: Bool, Bool: allowed[true]}}
}

func (c *checker) stringChecks(s *openapi3.Schema) []*Check {
	var out []*Check
	if s.MinLength > 0 || s.MaxLength != nil {
		ch := &Check{Rule: StringLength, Min: int(s.MinLength), Max: -1}
		if s.MaxLength != nil {
			ch.Max = int(*s.MaxLength)
		}
		out = append(out, ch)
	}
	if len(s.Enum) > 0 {
		ch := &Check{Rule: OneOf}
		for _, e := range s.Enum {
			ch.Values = append(ch.Values, fmt.Sprint(e))
		}
		out = append(out, ch)
	}
	if s.Pattern != "" { // before the format, as kin-openapi (the sandbox) checks them
		out = append(out, &Check{Rule: Match, Pattern: c.patterns.get(s.Pattern)})
	}
	if s.Format == "uuid" || s.Format == "uri" || s.Format == "email" {
		out = append(out, &Check{Rule: Format, Format: s.Format})
	}
	return out
}

func (c *checker) arrayChecks(goType Type, s *openapi3.Schema, at string) ([]*Check, error) {
	var out []*Check
	if s.MinItems > 0 || s.MaxItems != nil {
		ch := &Check{Rule: Items, Min: int(s.MinItems), Max: -1}
		if s.MaxItems != nil {
			ch.Max = int(*s.MaxItems)
		}
		out = append(out, ch)
	}
	if goType.Kind != Slice {
		return nil, c.doc.ErrorAt(at, "oapi-codegen did not emit a slice for an array schema")
	}
	if s.UniqueItems {
		out = append(out, &Check{Rule: Unique, Comparable: c.api.comparable(*goType.Elem)})
	}
	inner, err := c.checks(*goType.Elem, s.Items, at+"/items")
	if err != nil {
		return nil, err
	}
	if len(inner) > 0 {
		out = append(out, &Check{Rule: Each, Items: inner})
	}
	return out, nil
}

// object plans the validator of a component object: every property that has limits.
func (c *checker) object(name string, s *openapi3.Schema) (*Validator, error) {
	v := &Validator{Name: name, Doc: fmt.Sprintf("%s checks a %s against the limits of the OpenAPI document.", name, name)}
	props := make([]string, 0, len(s.Properties))
	for prop := range s.Properties {
		props = append(props, prop)
	}
	sort.Strings(props)
	for _, prop := range props {
		at := propPointer(name, prop)
		field, err := c.api.field(name, prop)
		if err != nil {
			return nil, c.doc.ErrorAt(at, err.Error())
		}
		checks, err := c.checks(field.Elem(), s.Properties[prop], at)
		if err != nil {
			return nil, err
		}
		if len(checks) == 0 {
			continue
		}
		fc := &FieldCheck{JSON: prop, PathVar: "p" + exported(prop), Field: field, Checks: checks}
		if present := c.api.present(field); !field.Optional() && present != Always && !contains(s.Required, prop) {
			fc.Present = present // a plain optional field: its zero value means absent
		}
		v.Fields = append(v.Fields, fc)
	}
	return v, nil
}
