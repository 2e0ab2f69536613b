package plan

import (
	"fmt"
	"go/token"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/chatt2me/chatt2me-go/generator/model"
	"github.com/chatt2me/chatt2me-go/generator/spec"
)

// A builder fills one api struct from its arguments: required properties become parameters named after them
// (required objects are flattened into their own properties), constant properties (one-value enums) are filled
// in, and optional properties become options.

// optionUse is one optional property reachable from a builder's struct, set by the option named name.
type optionUse struct {
	OptionUse
	name  string // the option's
	value *Type  // the type of the option's value
	doc   string
	at    string // JSON pointer of what names the option: its x-chatt2me-option-names entry, or the property
}

// planner plans the builders of one channel and collects the component schemas that need constructors.
type planner struct {
	doc     *spec.Document
	api     *apiTable
	renames map[string]string // option names from x-chatt2me-option-names
	needs   map[string]bool   // component objects used as values: New<Name>
	unions  map[string]bool   // oneOf components used as values: New<Variant> for each variant
}

func newPlanner(doc *spec.Document, api *apiTable, renames map[string]string) *planner {
	return &planner{doc: doc, api: api, renames: renames, needs: map[string]bool{}, unions: map[string]bool{}}
}

func (pl *planner) schema(name string) (*openapi3.Schema, error) {
	ref := pl.doc.T.Components.Schemas[name]
	if ref == nil || ref.Value == nil {
		return nil, pl.doc.ErrorAt("/components/schemas", fmt.Sprintf("no component schema %s", name))
	}
	return ref.Value, nil
}

// build plans the builder filling the component object typeName; uses holds its options.
func (pl *planner) build(typeName string) (b *Builder, uses []optionUse, err error) {
	s, err := pl.schema(typeName)
	if err != nil {
		return nil, nil, err
	}
	b = &Builder{Type: pl.api.ident(typeName)}
	if uses, err = pl.fill(b, typeName, s, nil, nil); err != nil {
		return nil, nil, err
	}
	qualifyParams(b)
	sort.SliceStable(uses, func(i, j int) bool { return uses[i].name < uses[j].name })
	for i := 1; i < len(uses); i++ {
		if a, c := uses[i-1], uses[i]; a.name == c.name {
			at := c.at // point at the rename when there is one: it is what made the names collide
			if strings.HasPrefix(a.at, "/"+model.OptionNamesExtension+"/") {
				at = a.at
			}
			return nil, nil, pl.doc.ErrorAt(at, fmt.Sprintf("the option %s of %s would set both %s and %s; rename one with %s",
				a.name, typeName, jsonPath(a.Path), jsonPath(c.Path), model.OptionNamesExtension))
		}
	}
	for i := range uses {
		b.Options = append(b.Options, &uses[i].OptionUse)
	}
	return b, uses, nil
}

// qualifyParams renames two parameters of the same name after the property that held each.
func qualifyParams(b *Builder) {
	seen := map[string]int{}
	for _, prm := range b.Params {
		seen[prm.Name]++
	}
	for _, prm := range b.Params {
		if seen[prm.Name] > 1 {
			prm.Name = local(prm.parent + "_" + prm.Name)
		}
	}
}

// fill adds to b the parameters and constants of the required properties of s (an object reached through path),
// and returns the options of its optional ones.
func (pl *planner) fill(b *Builder, typeName string, s *openapi3.Schema, path []Field, uses []optionUse) ([]optionUse, error) {
	for _, prop := range s.Required {
		if err := pl.required(b, typeName, s, prop, path); err != nil {
			return nil, err
		}
		if child := componentOf(s.Properties[prop]); child != "" && pl.flattened(s.Properties[prop]) {
			var err error
			if uses, err = pl.fillChild(b, typeName, prop, child, path, uses); err != nil {
				return nil, err
			}
		}
	}
	// An optional property gets its option even when its enum allows one value: absent is not that value, and the
	// option's value is checked against the enum like any other.
	for _, prop := range sortedOptional(s) {
		use, err := pl.option(typeName, prop, s.Properties[prop], path)
		if err != nil {
			return nil, err
		}
		uses = append(uses, use)
	}
	return uses, nil
}

// flattened reports whether a required property is an object whose own properties become the builder's.
func (pl *planner) flattened(ref *openapi3.SchemaRef) bool {
	child := componentOf(ref)
	return child != "" && isObject(ref.Value) && !pl.api.unions[child] && !isConstant(ref.Value)
}

// required plans one required property that is not flattened: a constant or a parameter.
func (pl *planner) required(b *Builder, typeName string, s *openapi3.Schema, prop string, path []Field) error {
	ref := s.Properties[prop]
	at := propPointer(typeName, prop)
	if ref == nil || ref.Value == nil {
		return pl.doc.ErrorAt(schemaPointer(typeName)+"/required", fmt.Sprintf("%s requires %q, which it does not define", typeName, prop))
	}
	if pl.flattened(ref) {
		return nil
	}
	f, err := pl.api.field(typeName, prop)
	if err != nil {
		return pl.doc.ErrorAt(at, err.Error())
	}
	fp := appendPath(path, f)
	if isConstant(ref.Value) {
		b.Consts = append(b.Consts, Assign{Path: fp, Value: pl.constant(f.Type, ref.Value.Enum[0])})
		return nil
	}
	if err := pl.needValue(ref, at); err != nil {
		return err
	}
	parent := typeName
	if len(path) > 0 {
		parent = path[len(path)-1].Name
	}
	if !token.IsIdentifier(local(prop)) {
		return pl.doc.ErrorAt(at, fmt.Sprintf("the parameter of %s.%s would be named %q, which is not a Go name", typeName, prop, local(prop)))
	}
	b.Params = append(b.Params, &Param{Name: local(prop), parent: parent, Doc: describe(ref) + pl.buildHint(ref),
		Type: pl.api.plain(f.Type), Path: fp, Schema: ref})
	return nil
}

// fillChild flattens the required object child (property prop of typeName) into b.
func (pl *planner) fillChild(b *Builder, typeName, prop, child string, path []Field, uses []optionUse) ([]optionUse, error) {
	f, err := pl.api.field(typeName, prop)
	if err != nil {
		return nil, pl.doc.ErrorAt(propPointer(typeName, prop), err.Error())
	}
	ref := pl.doc.T.Components.Schemas[typeName].Value.Properties[prop]
	before := len(b.Params)
	if uses, err = pl.fill(b, child, ref.Value, appendPath(path, f), uses); err != nil {
		return nil, err
	}
	// An object flattened into one parameter describes it better than its property does ("Main text of an
	// interactive message" rather than "The text").
	if len(b.Params) == before+1 && describe(ref) != "" {
		b.Params[before].Doc = describe(ref)
	}
	return uses, nil
}

// option plans the option setting an optional property.
func (pl *planner) option(typeName, prop string, ref *openapi3.SchemaRef, path []Field) (optionUse, error) {
	at := propPointer(typeName, prop)
	f, err := pl.api.field(typeName, prop)
	if err != nil {
		return optionUse{}, pl.doc.ErrorAt(at, err.Error())
	}
	name := pl.optionName(typeName, prop)
	use := optionUse{OptionUse: OptionUse{Path: appendPath(path, f), Schema: ref}, name: name, doc: describe(ref),
		at: pl.optionPointer(typeName, prop)}
	child := componentOf(ref)
	switch {
	case isType(ref.Value, openapi3.TypeArray):
		use.Kind = OptionVariadic
		if f.Elem().Kind != Slice {
			return optionUse{}, pl.doc.ErrorAt(at, fmt.Sprintf("oapi-codegen did not emit a slice for %s.%s", typeName, prop))
		}
		item := pl.api.plain(*f.Elem().Elem)
		use.value = &item
		err = pl.needValue(ref.Value.Items, at+"/items")
	case child != "" && isObject(ref.Value) && !pl.api.unions[child]:
		if w, ok := pl.singleScalar(child, ref.Value); ok {
			use.Kind, use.Wrap = OptionInObject, w
			value := pl.api.plain(w.Field.Type)
			use.value = &value
			use.Schema = ref.Value.Properties[ref.Value.Required[0]]
			use.doc = describe(use.Schema)
		} else {
			value := f.Elem()
			use.Kind, use.value = OptionValue, &value
			pl.needs[child] = true
		}
	default:
		value := pl.api.plain(f.Elem())
		use.Kind, use.value = OptionValue, &value
		err = pl.needValue(ref, at)
	}
	return use, err
}

// needValue records the constructors a value of this schema needs: objects get New<Name>, unions New<Variant>.
func (pl *planner) needValue(ref *openapi3.SchemaRef, at string) error {
	if ref == nil || ref.Value == nil {
		return nil
	}
	if isType(ref.Value, openapi3.TypeArray) {
		return pl.needValue(ref.Value.Items, at+"/items")
	}
	name := componentOf(ref)
	switch {
	case name != "" && pl.api.unions[name]:
		if ref.Value.Discriminator == nil {
			return pl.doc.ErrorAt(schemaPointer(name), fmt.Sprintf("oneOf %s has no discriminator; the SDK cannot build its variants", name))
		}
		pl.unions[name] = true // the plans of its variants, built later, record what they need in turn
	case name != "" && isObject(ref.Value):
		pl.needs[name] = true
	case name == "" && isObject(ref.Value) && len(ref.Value.Properties) > 0:
		return pl.doc.ErrorAt(at, "inline object schemas are not supported as values; make it a component")
	}
	return nil
}

// buildHint tells how to build the items of an array parameter.
func (pl *planner) buildHint(ref *openapi3.SchemaRef) string {
	if ref.Value == nil || !isType(ref.Value, openapi3.TypeArray) {
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
func (pl *planner) singleScalar(typeName string, s *openapi3.Schema) (*Wrap, bool) {
	if len(s.Properties) != 1 || len(s.Required) != 1 {
		return nil, false
	}
	ref := s.Properties[s.Required[0]]
	if ref == nil || ref.Value == nil || isObject(ref.Value) || isType(ref.Value, openapi3.TypeArray) || len(ref.Value.OneOf) > 0 {
		return nil, false
	}
	f, err := pl.api.field(typeName, s.Required[0])
	if err != nil {
		return nil, false
	}
	return &Wrap{Type: pl.api.ident(typeName), Field: f}, true
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
	return propPointer(typeName, prop)
}

// constant is a one-value enum as a value of the field's Go type: a literal, converted unless the type is a
// builtin or an alias of one.
func (pl *planner) constant(goType Type, v any) Const {
	if goType.Kind == Builtin {
		return Const{Value: v}
	}
	if _, alias := pl.api.aliases[goType.Name]; alias && goType.Kind == Named {
		return Const{Value: v}
	}
	return Const{Value: v, Conversion: &goType}
}

func appendPath(path []Field, f Field) []Field {
	return append(append([]Field{}, path...), f)
}

// jsonPath is the dotted JSON path of a field from the builder's struct, such as "name.firstName".
func jsonPath(path []Field) string {
	names := make([]string, len(path))
	for i, f := range path {
		names[i] = f.JSON
	}
	return strings.Join(names, ".")
}

func sortedOptional(s *openapi3.Schema) []string {
	optional := make([]string, 0, len(s.Properties))
	for prop := range s.Properties {
		if !contains(s.Required, prop) {
			optional = append(optional, prop)
		}
	}
	sort.Strings(optional)
	return optional
}
