package oapi

import (
	"context"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

const plainOptionalsSpec = `openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Label:
      type: string
      minLength: 1
    Sample:
      type: object
      required: [needed]
      properties:
        needed: {type: string}
        minLength: {type: string, minLength: 1}
        free: {type: string}
        enum: {type: string, enum: [a, b]}
        enumWithEmpty: {type: string, enum: [a, ""]}
        pattern: {type: string, pattern: '^x+$'}
        patternMatchingEmpty: {type: string, pattern: '^x*$'}
        ecmaPattern: {type: string, pattern: '^\u00e9+$'}
        positive: {type: integer, minimum: 1}
        nonNegative: {type: integer, minimum: 0}
        negative: {type: number, maximum: -1}
        someItems: {type: array, minItems: 1, items: {type: string}}
        anyItems: {type: array, items: {type: string}}
        flag: {type: boolean}
        nullable: {type: string, minLength: 1, nullable: true}
        label: {$ref: '#/components/schemas/Label'}
        nested:
          type: object
          properties:
            inner: {type: string, minLength: 1}
`

// TestOptionalPointersFollowTheSchema: an optional property is a plain field exactly when its schema refuses the
// zero value of its Go type; otherwise oapi-codegen's pointer stays, so that the zero value can still be sent.
func TestOptionalPointersFollowTheSchema(t *testing.T) {
	fields := generateFields(t, plainOptionalsSpec)
	want := map[string]string{
		"Needed":               "string",
		"MinLength":            "string",
		"Free":                 "*string",
		"Enum":                 "SampleEnum",
		"EnumWithEmpty":        "*SampleEnumWithEmpty",
		"Pattern":              "string",
		"PatternMatchingEmpty": "*string",
		"EcmaPattern":          "string", // read as ECMA-262 says; Go's regexp package refuses \u00e9
		"Positive":             "int",
		"NonNegative":          "*int",
		"Negative":             "float32",
		"SomeItems":            "[]string",
		"AnyItems":             "*[]string",
		"Flag":                 "*bool",
		"Nullable":             "*string",
		"Label":                "Label",
		"Inner":                "string",
	}
	for name, typ := range want {
		if got := fields[name]; got != typ {
			t.Errorf("field %s: got type %q, want %q", name, got, typ)
		}
	}
}

// TestPlainOptionalFollowsASpecChange: the same property turns back into a pointer when an edited spec drops the
// limit that refused its zero value.
func TestPlainOptionalFollowsASpecChange(t *testing.T) {
	edited := strings.Replace(plainOptionalsSpec, "minLength: {type: string, minLength: 1}", "minLength: {type: string}", 1)
	if got := generateFields(t, edited)["MinLength"]; got != "*string" {
		t.Errorf("without minLength the field should be *string, got %q", got)
	}
}

// generateFields runs Generate on a spec and returns the Go type of every struct field, by field name.
func generateFields(t *testing.T, spec string) map[string]string {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData([]byte(spec))
	if err != nil {
		t.Fatal(err)
	}
	// The patterns follow ECMA-262, which kin-openapi's validation does not know (package spec checks them).
	if err := doc.Validate(context.Background(), openapi3.DisableSchemaPatternValidation()); err != nil {
		t.Fatal(err)
	}
	src, err := Generate(doc, "api")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "api.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	fields := map[string]string{}
	ast.Inspect(file, func(n ast.Node) bool {
		if f, ok := n.(*ast.Field); ok && len(f.Names) == 1 {
			var b strings.Builder
			if err := printer.Fprint(&b, fset, f.Type); err != nil {
				t.Fatal(err)
			}
			fields[f.Names[0].Name] = b.String()
		}
		return true
	})
	return fields
}
