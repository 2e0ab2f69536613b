package plan

import (
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/chatt2me/chatt2me-go/generator/spec"
)

// componentOf returns the component schema a reference points to, or "".
func componentOf(ref *openapi3.SchemaRef) string {
	const prefix = "#/components/schemas/"
	if ref == nil || !strings.HasPrefix(ref.Ref, prefix) {
		return ""
	}
	return strings.TrimPrefix(ref.Ref, prefix)
}

// writtenAt is the JSON pointer where the schema ref, found at the pointer at, is written: through its $ref, and
// the $refs of the components it leads to, to the component that holds it.
func writtenAt(schemas openapi3.Schemas, ref *openapi3.SchemaRef, at string) string {
	for seen := map[string]bool{}; componentOf(ref) != "" && !seen[componentOf(ref)]; {
		name := componentOf(ref)
		seen[name], at, ref = true, schemaPointer(name), schemas[name]
	}
	return at
}

// schemaPointer is the JSON pointer of a component schema.
func schemaPointer(name string) string { return "/components/schemas/" + spec.EscapeToken(name) }

// propPointer is the JSON pointer of a property of a component schema.
func propPointer(schema, prop string) string {
	return schemaPointer(schema) + "/properties/" + spec.EscapeToken(prop)
}

func isObject(s *openapi3.Schema) bool {
	return s != nil && (isType(s, openapi3.TypeObject) || len(s.OneOf) > 0)
}

func isType(s *openapi3.Schema, typ string) bool {
	return s != nil && s.Type != nil && s.Type.Is(typ)
}

func isConstant(s *openapi3.Schema) bool {
	return s != nil && len(s.Enum) == 1
}

func contains(list []string, v string) bool { return slices.Contains(list, v) }

// describe is a schema's description, trimmed, for doc comments.
func describe(ref *openapi3.SchemaRef) string {
	if ref == nil || ref.Value == nil {
		return ""
	}
	return strings.TrimSpace(ref.Value.Description)
}
