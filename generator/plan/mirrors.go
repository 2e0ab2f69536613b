package plan

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"go/token"

	"github.com/getkin/kin-openapi/openapi3"
)

// oapi-codegen keeps the value of a oneOf as JSON: From<Variant> marshals the variant and merges its discriminator
// in (go-jsonmerge decodes both into maps and encodes them again), Discriminator and As<Variant> unmarshal it. A
// message built, validated and encoded through them costs tens of allocations per oneOf value. So each channel
// package has types of its own for the api types that hold a oneOf (the oneOf, and the objects holding one in a
// field, at any depth): mirrors. The builders fill them, their methods validate and encode the Go values they hold,
// and they become the api types only when Content.Value asks for them.

// Mirror is a type of a channel package standing for an api type that holds a oneOf.
type Mirror struct {
	// Name is its Go name: when a constructor returns it, the api type's (with "Value" after it when an option or
	// another name of the package has it already, as a property named after its type makes it); otherwise unexported.
	Name GoIdent
	API  GoIdent // the api type
	Doc  string
	// Fields are an object's fields, in the api struct's order, with mirrors in place of the api types that hold a
	// oneOf; Validator and Encoder check and write them as internal/validate and internal/encode would the api
	// type's.
	Fields    []*MirrorField
	Validator *Validator
	Encoder   *Encoder
	// Variants are a oneOf's variants, in the order of its oneOf; Constructors names their constructors (for the
	// error of the zero value, which none of them makes).
	Variants     []*Variant
	Constructors string
}

// Exported reports whether users name the mirror: a constructor returns it.
func (m *Mirror) Exported() bool { return token.IsExported(m.Name.GoName) }

// MirrorField is one field of an object mirror.
type MirrorField struct {
	Field
	Doc string
	// Convert is how the field becomes the api struct's.
	Convert *Conversion
}

// Variant is one variant of a oneOf mirror, held by value in a field of its own.
type Variant struct {
	Which int    // 1 + its index in the oneOf: the zero value of the mirror holds no variant
	Field string // the mirror's field holding it, such as "asTemplateTextParameter"
	API   string // the variant's api type
	// Set is oapi-codegen's method of the oneOf's api type setting it to this variant, From<API>.
	Set   string
	Value string // the discriminator's value
	Type  Type   // the api struct, or its mirror
	Check *Check
	Write *Encoding
	// Convert is how the variant becomes the api struct given to From….
	Convert *Conversion
	// Indirect holds the variant through a pointer: it holds the oneOf again (see breakCycles).
	Indirect bool
}

// The methods of every mirror, and the field of a oneOf's mirror that says which variant it holds.
const (
	MirrorValidate = "validate"
	MirrorAppend   = "appendJSON"
	MirrorConvert  = "toAPI"
	MirrorWhich    = "which"
)

// ConversionKind says how a value of a mirror becomes the api type's.
type ConversionKind int

// The conversions.
const (
	ConvertCopy    ConversionKind = iota // the same type: assigned
	ConvertMirror                        // a mirror: its toAPI method
	ConvertPointer                       // nil stays nil, anything else points to Elem's conversion
	ConvertSlice                         // nil stays nil, anything else is a new slice of API, item by item
	ConvertMap                           // nil stays nil, anything else is a new map of API, entry by entry
)

// Conversion is how a value of a mirror becomes the api type's.
type Conversion struct {
	Kind ConversionKind
	API  Type // the api type converted to
	Elem *Conversion
}

// mirrors plans the mirrors of the api types holding a oneOf that the channel's builders reach, and makes the
// builders, their parameters and the options take and fill the mirrors.
func (cp *channelPlanner) mirrors() error {
	byAPI := map[string]*Mirror{}
	for _, name := range cp.mirrored() {
		goName := name
		switch _, option := cp.options[name]; {
		case !cp.pl.needs[name] && !cp.pl.unions[name]:
			goName = local(name)
		case option || cp.names.what[name] != "":
			goName = name + "Value" // a property named after its type: Header(v HeaderValue)
		}
		m := &Mirror{API: cp.api.ident(name), Name: cp.ident(goName)}
		hint := renameOption
		if !m.Exported() {
			hint = "rename the schema" // its name is the schema's, unexported
		}
		if err := cp.names.declareHinted(goName, "the package's type for "+name, schemaPointer(name), hint); err != nil {
			return err
		}
		byAPI[name] = m
		cp.out.Mirrors = append(cp.out.Mirrors, m)
	}
	cp.byAPI = byAPI
	for _, m := range cp.out.Mirrors {
		var err error
		if cp.api.unions[m.API.GoName] {
			err = cp.unionMirror(m)
		} else {
			err = cp.objectMirror(m)
		}
		if err != nil {
			return err
		}
	}
	cp.breakCycles()
	return cp.fillMirrors()
}

// breakCycles makes a oneOf hold through a pointer each variant that holds the oneOf again (by value, at any
// depth: a variant that requires the oneOf), which a mirror, holding its variants by value, could not otherwise
// hold; the api struct breaks the cycle with the union's JSON. Every such cycle passes through a oneOf's variant.
func (cp *channelPlanner) breakCycles() {
	byName := map[string]*Mirror{}
	for _, m := range cp.out.Mirrors {
		byName[m.Name.GoName] = m
	}
	// next is the mirror a value of type t is, when it is one held by value.
	next := func(t Type) *Mirror {
		if t.Kind != Named || t.Pkg != cp.channelPkg() {
			return nil
		}
		return byName[t.Name]
	}
	var reaches func(from, to *Mirror, seen map[*Mirror]bool) bool
	reaches = func(from, to *Mirror, seen map[*Mirror]bool) bool {
		if from == to {
			return true
		}
		if seen[from] {
			return false
		}
		seen[from] = true
		for _, v := range from.Variants {
			if n := next(v.Type); n != nil && reaches(n, to, seen) {
				return true
			}
		}
		for _, f := range from.Fields {
			if n := next(f.Type); n != nil && reaches(n, to, seen) {
				return true
			}
		}
		return false
	}
	for _, m := range cp.out.Mirrors {
		for _, v := range m.Variants {
			if n := next(v.Type); n != nil && reaches(n, m, map[*Mirror]bool{}) {
				v.Indirect = true
			}
		}
	}
}

// mirrored lists, sorted, the api types holding a oneOf that the channel's builders reach.
func (cp *channelPlanner) mirrored() []string {
	seen := map[string]bool{}
	var walk func(name string)
	walk = func(name string) {
		if name == "" || seen[name] || !cp.api.holdsUnion(name) {
			return
		}
		seen[name] = true
		if cp.api.unions[name] {
			s, _ := cp.pl.schema(name)
			for _, v := range s.OneOf {
				walk(componentOf(v))
			}
			return
		}
		for _, f := range cp.api.structs[name] {
			walk(cp.api.structName(f.Type))
		}
	}
	for _, b := range cp.out.AllBuilders() {
		walk(b.Type.GoName)
	}
	for _, c := range cp.out.Constructors {
		if v, ok := c.(*VariantConstructor); ok {
			walk(v.Union.GoName)
		}
	}
	return sortedKeys(seen)
}

// objectMirror plans the fields, validation and encoding of the mirror of an object.
func (cp *channelPlanner) objectMirror(m *Mirror) error {
	api := m.API.GoName
	s, err := cp.pl.schema(api)
	if err != nil {
		return err
	}
	var held []string
	for _, prop := range cp.api.order[api] {
		f := cp.api.structs[api][prop]
		mf := &MirrorField{Field: f, Doc: describe(s.Properties[prop]), Convert: cp.conversion(f.Type)}
		mf.Type = cp.mirrorType(f.Type)
		if name := cp.byAPI[cp.api.structName(f.Type)]; name != nil && !slices.Contains(held, name.Name.GoName) {
			held = append(held, name.Name.GoName)
		}
		m.Fields = append(m.Fields, mf)
	}
	if m.Validator, err = cp.checker.object(api, s); err != nil {
		return err
	}
	m.Encoder = cp.api.encoder(api)
	m.Doc = fmt.Sprintf("%s stands for api.%s, which holds a oneOf: the builders fill it instead.", m.Name.GoName, api)
	if m.Exported() {
		m.Doc = wrap(fmt.Sprintf("%s is %s\n\nBuild it with New%s. It has the fields of api.%s, with this package's %s for the "+
			"values oapi-codegen keeps as JSON; %s.Value converts it.", m.Name.GoName, sentenceOr(s.Description, "a "+api+"."), api,
			api, strings.Join(held, ", "), cp.out.Fixed.Content.GoName), 110)
	}
	return nil
}

// unionMirror plans the variants of the mirror of a oneOf. Each variant must carry its discriminator as a constant
// of its own, so that writing the variant writes the discriminator, as oapi-codegen's From… merges it in.
func (cp *channelPlanner) unionMirror(m *Mirror) error {
	api := m.API.GoName
	s, err := cp.pl.schema(api)
	if err != nil {
		return err
	}
	if s.Discriminator == nil {
		return cp.doc.ErrorAt(schemaPointer(api), fmt.Sprintf("oneOf %s has no discriminator", api))
	}
	prop := s.Discriminator.PropertyName
	var constructors []string
	for i, ref := range s.OneOf {
		name := componentOf(ref)
		at := schemaPointer(api) + "/oneOf/" + strconv.Itoa(i)
		if name == "" {
			return cp.doc.ErrorAt(at, fmt.Sprintf("oneOf %s: inline variants are not supported; make it a component", api))
		}
		value := discriminatorValue(s.Discriminator.Mapping, name)
		vs, err := cp.pl.schema(name)
		if err != nil {
			return err
		}
		if p := vs.Properties[prop]; p == nil || !contains(vs.Required, prop) || !isConstant(p.Value) || fmt.Sprint(p.Value.Enum[0]) != value {
			return cp.doc.ErrorAt(schemaPointer(name), fmt.Sprintf("%s, a variant of oneOf %s, must require %q with the single value %q "+
				"(its discriminator value)", name, api, prop, value))
		}
		set := "From" + name
		if _, ok := cp.api.funcs[api+"."+set]; !ok {
			return cp.doc.ErrorAt(at, fmt.Sprintf("oapi-codegen emitted no %s.%s for the variant %s of oneOf %s", api, set, name, api))
		}
		typ := Type{Kind: Named, Name: name, Pkg: cp.api.pkg}
		m.Variants = append(m.Variants, &Variant{Which: i + 1, Field: "as" + name, API: name, Set: set, Value: value, Type: cp.mirrorType(typ),
			Check: &Check{Rule: Nested, Validator: name, Method: cp.api.holdsUnion(name)}, Write: cp.api.encoding(typ),
			Convert: cp.conversion(typ)})
		constructors = append(constructors, "New"+name)
		if err := cp.sortedInside(api, name, map[string]bool{}); err != nil {
			return err
		}
	}
	m.Constructors = strings.Join(constructors, ", ")
	m.Doc = wrap(fmt.Sprintf("%s is %s\n\nBuild it with %s; the zero %s is refused by %s. api.%s keeps its value as JSON, "+
		"this type as the Go value, which is validated and encoded as it is; %s.Value converts it.", m.Name.GoName,
		sentenceOr(s.Description, "a "+api+"."), m.Constructors, m.Name.GoName, cp.out.Fixed.Send, api, cp.out.Fixed.Content.GoName), 110)
	return nil
}

// discriminatorValue is the value of a oneOf's discriminator naming the variant: its entry in the mapping (the
// first in sorted order), or, with no mapping, the variant's name.
func discriminatorValue(mapping map[string]openapi3.MappingRef, variant string) string {
	if len(mapping) == 0 {
		return variant
	}
	values := make([]string, 0, len(mapping))
	for v := range mapping {
		values = append(values, v)
	}
	sort.Strings(values)
	for _, v := range values {
		if componentOf(&openapi3.SchemaRef{Ref: mapping[v].Ref}) == variant {
			return v
		}
	}
	return ""
}

// sortedInside checks that the JSON of a oneOf's variant, written field by field, is what oapi-codegen's From…
// leaves in the union: go-jsonmerge re-encodes it from maps, so the keys of every object in it come sorted, and the
// SDK writes an object's fields in the api struct's order. oapi-codegen sorts a struct's fields by name unless
// x-order says otherwise; and a value the SDK writes with encoding/json could hold anything.
func (cp *channelPlanner) sortedInside(union, name string, seen map[string]bool) error {
	if seen[name] || cp.api.unions[name] {
		return nil // a oneOf inside is written sorted by its own mirror
	}
	seen[name] = true
	order := cp.api.order[name]
	if !sort.StringsAreSorted(order) {
		return cp.doc.ErrorAt(schemaPointer(name), fmt.Sprintf("the properties of %s, inside oneOf %s, are not in the order of their "+
			"names (x-order?): the SDK writes a oneOf as oapi-codegen does, with sorted keys, and needs the struct in that order", name, union))
	}
	for _, prop := range order {
		f := cp.api.structs[name][prop]
		if usesJSON(cp.api.encoding(f.Type)) {
			return cp.doc.ErrorAt(propPointer(name, prop), fmt.Sprintf("%s.%s, inside oneOf %s, has a type the SDK writes with "+
				"encoding/json, which it cannot write as oapi-codegen writes a oneOf", name, prop, union))
		}
		if child := cp.api.structName(f.Type); child != "" {
			if err := cp.sortedInside(union, child, seen); err != nil {
				return err
			}
		}
	}
	return nil
}

func usesJSON(e *Encoding) bool {
	return e != nil && (e.Kind == EncJSON || usesJSON(e.Elem))
}

// fillMirrors makes the builders fill the mirrors, and their parameters and the options take them.
func (cp *channelPlanner) fillMirrors() error {
	for _, b := range cp.out.Builders {
		if cp.fillMirror(&b.Builder) {
			b.Convert = cp.ident("convert" + b.Type.GoName)
			what := "the function " + b.Convert.GoName + " of the builder " + b.Name.GoName
			if err := cp.names.declare(b.Convert.GoName, what, schemaPointer(b.Type.GoName)); err != nil {
				return err
			}
		}
	}
	for _, b := range cp.out.SendOptions {
		if cp.fillMirror(&b.Builder) {
			return cp.doc.ErrorAt(schemaPointer(b.Type.GoName), fmt.Sprintf("send option %s: %s holds a oneOf, which send options do "+
				"not support", b.Name.GoName, b.Type.GoName))
		}
	}
	for _, c := range cp.out.Constructors {
		cp.fillMirror(c.Core())
		if v, ok := c.(*VariantConstructor); ok {
			v.UnionMirror = cp.byAPI[v.Union.GoName]
			for _, variant := range v.UnionMirror.Variants {
				if variant.API == v.Type.GoName {
					v.Variant = variant
				}
			}
		}
	}
	for _, e := range cp.options {
		for _, use := range e.uses {
			if use.value != nil {
				*use.value = cp.mirrorType(*use.value)
			}
		}
		if e.opt.Value != nil {
			*e.opt.Value = cp.mirrorType(*e.opt.Value)
		}
	}
	return nil
}

// fillMirror makes a builder fill the mirror of its api struct, if it has one, and its parameters and options take
// mirrors; it reports whether the builder fills a mirror.
func (cp *channelPlanner) fillMirror(b *Builder) bool {
	b.Mirror = cp.byAPI[b.Type.GoName]
	for _, p := range b.Params {
		p.Type = cp.mirrorType(p.Type)
		cp.mirrorPath(p.Path)
	}
	for _, o := range b.Options {
		cp.mirrorPath(o.Path)
	}
	return b.Mirror != nil
}

func (cp *channelPlanner) mirrorPath(path []Field) {
	for i := range path {
		path[i].Type = cp.mirrorType(path[i].Type)
	}
}

// mirrorType is typ with the channel's mirrors in place of the api types that hold a oneOf.
func (cp *channelPlanner) mirrorType(typ Type) Type {
	switch typ.Kind {
	case Named:
		if m := cp.byAPI[cp.api.structName(typ)]; m != nil {
			return m.Name.Type()
		}
	case Pointer, Slice, Map:
		elem := cp.mirrorType(*typ.Elem)
		typ.Elem = &elem
	}
	return typ
}

// conversion plans how a value of the api type typ, held by a mirror, becomes the api type's.
func (cp *channelPlanner) conversion(typ Type) *Conversion {
	if !cp.api.typeHoldsUnion(typ) {
		return &Conversion{Kind: ConvertCopy, API: typ}
	}
	if typ.Kind == Named {
		return &Conversion{Kind: ConvertMirror, API: typ}
	}
	kind := map[TypeKind]ConversionKind{Pointer: ConvertPointer, Slice: ConvertSlice, Map: ConvertMap}[typ.Kind]
	return &Conversion{Kind: kind, API: typ, Elem: cp.conversion(*typ.Elem)}
}

// channelPkg is the import path of the channel package.
func (cp *channelPlanner) channelPkg() string {
	return cp.api.pkg[:len(cp.api.pkg)-len(APIDir)] + cp.out.Package.Dir
}
