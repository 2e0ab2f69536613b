package emit

import (
	"fmt"
	"go/ast"
	"sort"
	"strings"

	"github.com/dave/jennifer/jen"
	"github.com/getkin/kin-openapi/openapi3"

	"github.com/chatt2me/chatt2me-go/generator/model"
	"github.com/chatt2me/chatt2me-go/generator/spec"
)

// A plan says how a builder or constructor fills one api struct from its arguments: required properties become
// parameters named after them (required objects are flattened into their own properties), constant properties
// (one-value enums) are filled in, and optional properties become options.
type plan struct {
	typeName string // the api struct being built
	params   []param
	consts   []assignment
	options  []optionUse
}

type param struct {
	name   string // Go parameter name
	parent string // property that held it, to tell two parameters of the same name apart
	doc    string
	typ    jen.Code
	path   []apiField
}

type assignment struct {
	path  []apiField
	value jen.Code
}

// optionUse is one optional property reachable from a plan's root, set by the option named name.
type optionUse struct {
	name      string
	kind      optionKind
	valueType jen.Code // nil for flags
	path      []apiField
	wrap      *wrapped // for optionInObject
	doc       string
	at        string // JSON pointer of what names the option: its x-chatt2me-option-names entry, or the property
}

type optionKind int

const (
	optionFlag     optionKind = iota // a boolean set to true: Voice()
	optionValue                      // one value: Caption("…")
	optionVariadic                   // the items of an array: Phones(p1, p2)
	optionInObject                   // the only property of an optional object: Footer("…") sets footer.text
)

// wrapped is an optional object with a single required scalar property, set through that property.
type wrapped struct {
	typeName string
	field    apiField
}

// planner builds plans and collects the component schemas that need constructors of their own.
type planner struct {
	doc     *openapi3.T
	api     *apiTypes
	renames map[string]string // option names from x-chatt2me-option-names
	needs   map[string]bool   // component objects used as values: New<Name>
	unions  map[string]bool   // oneOf components used as values: New<Variant> for each variant
}

func (pl *planner) schema(name string) (*openapi3.Schema, error) {
	ref := pl.doc.Components.Schemas[name]
	if ref == nil || ref.Value == nil {
		return nil, fmt.Errorf("no component schema %s", name)
	}
	return ref.Value, nil
}

// build makes the plan of the component object typeName.
func (pl *planner) build(typeName string) (*plan, error) {
	s, err := pl.schema(typeName)
	if err != nil {
		return nil, err
	}
	p := &plan{typeName: typeName}
	if err := pl.fill(p, typeName, s, nil); err != nil {
		return nil, err
	}
	// Two parameters of the same name: qualify each by the property that held it.
	seen := map[string]int{}
	for _, prm := range p.params {
		seen[prm.name]++
	}
	for i, prm := range p.params {
		if seen[prm.name] > 1 {
			p.params[i].name = local(prm.parent + "_" + prm.name)
		}
	}
	sort.SliceStable(p.options, func(i, j int) bool { return p.options[i].name < p.options[j].name })
	for i := 1; i < len(p.options); i++ {
		if a, b := p.options[i-1], p.options[i]; a.name == b.name {
			at := b.at // point at the rename when there is one: it is what made the names collide
			if strings.HasPrefix(a.at, "/"+model.OptionNamesExtension+"/") {
				at = a.at
			}
			return nil, &SpecError{Pointer: at, Problem: fmt.Sprintf("the option %s of %s would set both %s and %s; rename one with %s",
				a.name, typeName, jsonPath(a.path), jsonPath(b.path), model.OptionNamesExtension)}
		}
	}
	return p, nil
}

func (pl *planner) fill(p *plan, typeName string, s *openapi3.Schema, path []apiField) error {
	for _, prop := range s.Required {
		ref := s.Properties[prop]
		if ref == nil || ref.Value == nil {
			return fmt.Errorf("%s requires %q, which it does not define", typeName, prop)
		}
		f, err := pl.api.field(typeName, prop)
		if err != nil {
			return err
		}
		fp := append(append([]apiField{}, path...), f)
		child := componentOf(ref)
		switch {
		case isConstant(ref.Value):
			p.consts = append(p.consts, assignment{fp, pl.constant(f.Type, ref.Value.Enum[0])})
		case child != "" && isObject(ref.Value) && !pl.api.unions[child]:
			before := len(p.params)
			if err := pl.fill(p, child, ref.Value, fp); err != nil {
				return err
			}
			// An object flattened into one parameter describes it better than its property does ("Main text of an
			// interactive message" rather than "The text").
			if len(p.params) == before+1 && describe(ref) != "" {
				p.params[before].doc = describe(ref)
			}
		default:
			if err := pl.needValue(ref); err != nil {
				return fmt.Errorf("%s.%s: %w", typeName, prop, err)
			}
			parent := typeName
			if len(path) > 0 {
				parent = path[len(path)-1].Name
			}
			p.params = append(p.params, param{name: local(prop), parent: parent, doc: describe(ref) + pl.buildHint(ref), typ: pl.api.plain(f.Type), path: fp})
		}
	}
	optional := make([]string, 0, len(s.Properties))
	for prop := range s.Properties {
		if !contains(s.Required, prop) {
			optional = append(optional, prop)
		}
	}
	sort.Strings(optional)
	for _, prop := range optional {
		ref := s.Properties[prop]
		if isConstant(ref.Value) {
			continue
		}
		f, err := pl.api.field(typeName, prop)
		if err != nil {
			return err
		}
		use := optionUse{name: pl.optionName(typeName, prop), path: append(append([]apiField{}, path...), f), doc: describe(ref), at: pl.optionPointer(typeName, prop)}
		child := componentOf(ref)
		switch {
		case ref.Value.Type != nil && ref.Value.Type.Is(openapi3.TypeBoolean):
			use.kind = optionFlag
		case ref.Value.Type != nil && ref.Value.Type.Is(openapi3.TypeArray):
			use.kind = optionVariadic
			arr, ok := f.Elem().(*ast.ArrayType)
			if !ok {
				return fmt.Errorf("%s.%s: oapi-codegen did not emit a slice", typeName, prop)
			}
			use.valueType = pl.api.plain(arr.Elt)
			if err := pl.needValue(ref.Value.Items); err != nil {
				return err
			}
		case child != "" && isObject(ref.Value) && !pl.api.unions[child]:
			if w, ok := pl.singleScalar(child, ref.Value); ok {
				use.kind, use.wrap = optionInObject, w
				use.valueType = pl.api.plain(w.field.Type)
				use.doc = describe(ref.Value.Properties[ref.Value.Required[0]])
			} else {
				use.kind, use.valueType = optionValue, pl.api.code(f.Elem())
				pl.needs[child] = true
			}
		default:
			use.kind, use.valueType = optionValue, pl.api.plain(f.Elem())
			if err := pl.needValue(ref); err != nil {
				return err
			}
		}
		p.options = append(p.options, use)
	}
	return nil
}

// needValue records the constructors a value of this schema needs: objects get New<Name>, unions New<Variant>.
func (pl *planner) needValue(ref *openapi3.SchemaRef) error {
	if ref == nil || ref.Value == nil {
		return nil
	}
	if ref.Value.Type != nil && ref.Value.Type.Is(openapi3.TypeArray) {
		return pl.needValue(ref.Value.Items)
	}
	name := componentOf(ref)
	switch {
	case name != "" && pl.api.unions[name]:
		if ref.Value.Discriminator == nil {
			return fmt.Errorf("oneOf %s has no discriminator; the SDK cannot build its variants", name)
		}
		pl.unions[name] = true // the plans of its variants, built later, record what they need in turn
	case name != "" && isObject(ref.Value):
		pl.needs[name] = true
	case name == "" && isObject(ref.Value) && len(ref.Value.Properties) > 0:
		return fmt.Errorf("inline object schemas are not supported as values; make it a component")
	}
	return nil
}

// buildHint tells how to build the items of an array parameter.
func (pl *planner) buildHint(ref *openapi3.SchemaRef) string {
	if ref.Value == nil || ref.Value.Type == nil || !ref.Value.Type.Is(openapi3.TypeArray) {
		return ""
	}
	item := componentOf(ref.Value.Items)
	switch {
	case item == "":
		return ""
	case pl.api.unions[item]:
		return fmt.Sprintf(" One or more %s values, built with the New… constructors of its variants.", item)
	default:
		return fmt.Sprintf(" One or more %s values, built with New%s.", item, item)
	}
}

// singleScalar reports whether an object has exactly one property, required and scalar.
func (pl *planner) singleScalar(typeName string, s *openapi3.Schema) (*wrapped, bool) {
	if len(s.Properties) != 1 || len(s.Required) != 1 {
		return nil, false
	}
	ref := s.Properties[s.Required[0]]
	if ref == nil || ref.Value == nil || isObject(ref.Value) || (ref.Value.Type != nil && ref.Value.Type.Is(openapi3.TypeArray)) || len(ref.Value.OneOf) > 0 {
		return nil, false
	}
	f, err := pl.api.field(typeName, s.Required[0])
	if err != nil {
		return nil, false
	}
	return &wrapped{typeName: typeName, field: f}, true
}

// optionName is the name of the option setting a property: x-chatt2me-option-names maps "Schema.property" or
// "property" to a name; otherwise it is the property's name in Go style.
func (pl *planner) optionName(typeName, prop string) string {
	if n, ok := pl.renames[typeName+"."+prop]; ok {
		return n
	}
	if n, ok := pl.renames[prop]; ok {
		return n
	}
	return exported(prop)
}

// optionPointer is the JSON pointer of what names the option of a property: the x-chatt2me-option-names entry
// that renames it, or the property itself.
func (pl *planner) optionPointer(typeName, prop string) string {
	for _, key := range []string{typeName + "." + prop, prop} {
		if _, ok := pl.renames[key]; ok {
			return "/" + model.OptionNamesExtension + "/" + spec.EscapeToken(key)
		}
	}
	return "/components/schemas/" + spec.EscapeToken(typeName) + "/properties/" + spec.EscapeToken(prop)
}

// constant renders a one-value enum as a value of the field's Go type.
func (pl *planner) constant(goType ast.Expr, v any) jen.Code {
	lit := jen.Lit(v)
	if id, ok := goType.(*ast.Ident); ok && isBuiltin(id.Name) {
		return lit
	}
	if id, ok := goType.(*ast.Ident); ok {
		if _, alias := pl.api.aliases[id.Name]; alias {
			return lit
		}
	}
	return pl.api.code(goType).(*jen.Statement).Clone().Call(lit)
}

// jsonPath is the dotted JSON path of a field from the root of a plan, such as "name.firstName".
func jsonPath(path []apiField) string {
	names := make([]string, len(path))
	for i, f := range path {
		names[i] = f.JSON
	}
	return strings.Join(names, ".")
}

// componentOf returns the component schema a reference points to, or "".
func componentOf(ref *openapi3.SchemaRef) string {
	const prefix = "#/components/schemas/"
	if ref == nil || !strings.HasPrefix(ref.Ref, prefix) {
		return ""
	}
	return strings.TrimPrefix(ref.Ref, prefix)
}

func isObject(s *openapi3.Schema) bool {
	return s != nil && ((s.Type != nil && s.Type.Is(openapi3.TypeObject)) || len(s.OneOf) > 0)
}

func isConstant(s *openapi3.Schema) bool {
	return s != nil && len(s.Enum) == 1
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// describe is the first sentence-ish of a schema's description, for doc comments.
func describe(ref *openapi3.SchemaRef) string {
	if ref == nil || ref.Value == nil {
		return ""
	}
	return strings.TrimSpace(ref.Value.Description)
}
