package oapi

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"

	"github.com/chatt2me/chatt2me-go/generator/spec"
)

// Check refuses, with their location, what oapi-codegen would refuse without one or render as code that does not
// compile: two component schemas whose Go type names are the same, and enum values with a line break.
func Check(doc *spec.Document) error {
	names := make([]string, 0, len(doc.T.Components.Schemas))
	for name := range doc.T.Components.Schemas {
		names = append(names, name)
	}
	sort.Strings(names)
	mu.Lock() // oapi-codegen's naming reads its package-level state, which Generate sets
	defer mu.Unlock()
	typeNames := map[string]string{} // Go type name → schema
	for _, name := range names {
		ref := doc.T.Components.Schemas[name]
		goName := codegen.SchemaNameToTypeName(name)
		if ref.Value != nil {
			if n, ok := ref.Value.Extensions["x-go-name"].(string); ok {
				goName = n
			}
		}
		at := "/components/schemas/" + spec.EscapeToken(name)
		if other, taken := typeNames[goName]; taken {
			file, line, _ := doc.Where("/components/schemas/" + spec.EscapeToken(other))
			return doc.ErrorAt(at, fmt.Sprintf("its Go type name %s is also that of /components/schemas/%s (%s:%d); "+
				"rename one, or give one an x-go-name", goName, spec.EscapeToken(other), file, line))
		}
		typeNames[goName] = name
		if err := checkEnums(doc, at, ref.Value); err != nil {
			return err
		}
	}
	return nil
}

// checkEnums refuses an enum value with a line break in a schema and in the schemas written inside it (a
// reference to a component is that component's to check).
func checkEnums(doc *spec.Document, at string, s *openapi3.Schema) error {
	if s == nil {
		return nil
	}
	for i, v := range s.Enum {
		if str, ok := v.(string); ok && strings.ContainsAny(str, "\r\n") {
			return doc.ErrorAt(at+"/enum/"+strconv.Itoa(i),
				fmt.Sprintf("the enum value %q has a line break, which Go constant names cannot hold", str))
		}
	}
	inner := map[string]*openapi3.SchemaRef{"items": s.Items}
	for _, prop := range sortedProps(s) {
		inner["properties/"+spec.EscapeToken(prop)] = s.Properties[prop]
	}
	for i, member := range s.OneOf {
		inner["oneOf/"+strconv.Itoa(i)] = member
	}
	for _, key := range sortedKeys(inner) {
		if ref := inner[key]; ref != nil && ref.Ref == "" {
			if err := checkEnums(doc, at+"/"+key, ref.Value); err != nil {
				return err
			}
		}
	}
	return nil
}

func sortedKeys(m map[string]*openapi3.SchemaRef) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func sortedProps(s *openapi3.Schema) []string {
	out := make([]string, 0, len(s.Properties))
	for p := range s.Properties {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}
