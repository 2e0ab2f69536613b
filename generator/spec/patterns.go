package spec

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/chatt2me/chatt2me-go/generator/pattern"
)

// PatternSite is a schema with a pattern, and the JSON pointer of the schema.
type PatternSite struct {
	Pointer string
	Schema  *openapi3.Schema
}

// Patterns lists the schemas of t that have a pattern, each once: the component schemas, parameters, headers,
// request bodies and responses first (so that a shared schema is named where it is defined), then the paths.
func Patterns(t *openapi3.T) []PatternSite {
	w := &patternWalk{seen: map[*openapi3.Schema]bool{}}
	if c := t.Components; c != nil {
		for _, name := range sortedKeys(c.Schemas) {
			w.schema("/components/schemas/"+EscapeToken(name), c.Schemas[name])
		}
		for _, name := range sortedKeys(c.Parameters) {
			w.parameter("/components/parameters/"+EscapeToken(name), c.Parameters[name])
		}
		for _, name := range sortedKeys(c.Headers) {
			if h := c.Headers[name]; h != nil && h.Value != nil {
				w.schema("/components/headers/"+EscapeToken(name)+"/schema", h.Value.Schema)
			}
		}
		for _, name := range sortedKeys(c.RequestBodies) {
			if b := c.RequestBodies[name]; b != nil && b.Value != nil {
				w.content("/components/requestBodies/"+EscapeToken(name), b.Value.Content)
			}
		}
		for _, name := range sortedKeys(c.Responses) {
			w.response("/components/responses/"+EscapeToken(name), c.Responses[name])
		}
	}
	if t.Paths != nil {
		for _, path := range t.Paths.InMatchingOrder() {
			w.pathItem("/paths/"+EscapeToken(path), t.Paths.Value(path))
		}
	}
	return w.sites
}

type patternWalk struct {
	seen  map[*openapi3.Schema]bool
	sites []PatternSite
}

func (w *patternWalk) pathItem(pointer string, item *openapi3.PathItem) {
	for i, p := range item.Parameters {
		w.parameter(pointer+"/parameters/"+strconv.Itoa(i), p)
	}
	ops := item.Operations()
	for _, method := range sortedKeys(ops) {
		op, at := ops[method], pointer+"/"+strings.ToLower(method)
		for i, p := range op.Parameters {
			w.parameter(at+"/parameters/"+strconv.Itoa(i), p)
		}
		if op.RequestBody != nil && op.RequestBody.Value != nil {
			w.content(at+"/requestBody", op.RequestBody.Value.Content)
		}
		if op.Responses != nil {
			for _, status := range sortedKeys(op.Responses.Map()) {
				w.response(at+"/responses/"+EscapeToken(status), op.Responses.Value(status))
			}
		}
	}
}

func (w *patternWalk) parameter(pointer string, p *openapi3.ParameterRef) {
	if p != nil && p.Value != nil {
		w.schema(pointer+"/schema", p.Value.Schema)
	}
}

func (w *patternWalk) response(pointer string, r *openapi3.ResponseRef) {
	if r == nil || r.Value == nil {
		return
	}
	w.content(pointer, r.Value.Content)
	for _, name := range sortedKeys(r.Value.Headers) {
		if h := r.Value.Headers[name]; h != nil && h.Value != nil {
			w.schema(pointer+"/headers/"+EscapeToken(name)+"/schema", h.Value.Schema)
		}
	}
}

func (w *patternWalk) content(pointer string, content openapi3.Content) {
	for _, mediaType := range sortedKeys(content) {
		w.schema(pointer+"/content/"+EscapeToken(mediaType)+"/schema", content[mediaType].Schema)
	}
}

// schema visits a schema and its subschemas; a reference is named by its target.
func (w *patternWalk) schema(pointer string, ref *openapi3.SchemaRef) {
	if ref == nil || ref.Value == nil || w.seen[ref.Value] {
		return
	}
	if strings.HasPrefix(ref.Ref, "#/") {
		pointer = ref.Ref[1:]
	}
	s := ref.Value
	w.seen[s] = true
	if s.Pattern != "" {
		w.sites = append(w.sites, PatternSite{Pointer: pointer, Schema: s})
	}
	for _, name := range sortedKeys(s.Properties) {
		w.schema(pointer+"/properties/"+EscapeToken(name), s.Properties[name])
	}
	w.schema(pointer+"/items", s.Items)
	w.schema(pointer+"/additionalProperties", s.AdditionalProperties.Schema)
	w.schema(pointer+"/not", s.Not)
	for _, list := range []struct {
		key     string
		members []*openapi3.SchemaRef
	}{{"oneOf", s.OneOf}, {"anyOf", s.AnyOf}, {"allOf", s.AllOf}} {
		for i, member := range list.members {
			w.schema(pointer+"/"+list.key+"/"+strconv.Itoa(i), member)
		}
	}
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

// translatePatterns replaces every pattern of t with its RE2 translation (package pattern), so that kin-openapi,
// which compiles patterns with Go's regexp package, validates examples with the meaning ECMA-262 gives them. The
// function it returns puts the spec's patterns back, and the spec's text of them into a message of validation
// (which quotes the translation). A pattern that cannot be translated is an *Error at the pattern.
func (d *Document) translatePatterns(t *openapi3.T) (restore func(error) error, err error) {
	sites := Patterns(t)
	originals, translations := make([]string, len(sites)), make([]string, len(sites))
	for i, site := range sites {
		originals[i] = site.Schema.Pattern
		if translations[i], err = pattern.Translate(originals[i]); err != nil {
			return nil, d.ErrorAt(site.Pointer+"/pattern", err.Error())
		}
	}
	var back []string // translation, original: as they are, and as JSON strings
	for i, site := range sites {
		site.Schema.Pattern = translations[i]
		if translations[i] != originals[i] {
			tq, oq := strconv.Quote(translations[i]), strconv.Quote(originals[i])
			back = append(back, translations[i], originals[i], tq[1:len(tq)-1], oq[1:len(oq)-1])
		}
	}
	return func(err error) error {
		for i, site := range sites {
			site.Schema.Pattern = originals[i]
		}
		if e, ok := err.(*Error); ok && len(back) > 0 {
			e.Problem = strings.NewReplacer(back...).Replace(e.Problem)
		}
		return err
	}, nil
}
