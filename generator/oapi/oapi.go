// Package oapi runs oapi-codegen as a library to emit the SDK's models and low-level client.
package oapi

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"

	"github.com/chatt2me/chatt2me-go/generator/pattern"
	"github.com/chatt2me/chatt2me-go/templates"
)

// mu serialises calls: codegen.Generate keeps package-level state.
var mu sync.Mutex

// Generate renders the models, the client and the client-with-responses of doc as one Go file of package pkg,
// starting with the generated-code header, and returns it tidied (see Code). It prunes nothing, so that webhook
// event schemas no operation references are emitted too. Optional properties that cannot hold their zero value are
// plain fields (see plainOptionals). doc is changed in place (by this and by oapi-codegen): pass a document loaded
// for this call only.
func Generate(doc *openapi3.T, pkg, header string) (*Code, error) {
	userTemplates, err := templates.OapiCodegen()
	if err != nil {
		return nil, fmt.Errorf("reading the oapi-codegen templates: %w", err)
	}
	userTemplates["imports.tmpl"] = strings.Replace(userTemplates["imports.tmpl"], "@HEADER@", header, 1)
	noVersion := ""
	cfg := codegen.Configuration{
		PackageName: pkg,
		Generate: codegen.GenerateOptions{
			Models: true,
			Client: true,
		},
		Compatibility: codegen.CompatibilityOptions{
			// Without this, adding an enum elsewhere in the spec can rename existing constants.
			AlwaysPrefixEnumValues: true,
		},
		OutputOptions: codegen.OutputOptions{
			SkipPrune:     true,
			SkipFmt:       true, // tidy does what goimports would, for a third of the cost
			UserTemplates: userTemplates,
			// Ids and emails are strings on the wire: keep them strings in Go, checked by the SDK's validation,
			// instead of types every caller would have to parse into.
			TypeMapping: &codegen.TypeMapping{String: codegen.FormatMapping{
				Formats: map[string]codegen.SimpleTypeSpec{"uuid": {Type: "string"}, "email": {Type: "string"}},
			}},
		},
		NoVCSVersionOverride: &noVersion,
	}
	plainOptionals(doc)
	code, err := func() (string, error) {
		mu.Lock()
		defer mu.Unlock()
		return codegen.Generate(doc, cfg)
	}()
	if err != nil {
		return nil, fmt.Errorf("oapi-codegen: %w", err)
	}
	return tidy([]byte(code))
}

// skipPointerExtension is oapi-codegen's extension that makes an optional property a plain field.
const skipPointerExtension = "x-go-type-skip-optional-pointer"

// plainOptionals marks every optional property whose schema refuses its Go type's zero value (a string with a
// minimum length, an enum or a pattern that "" fails; a number whose range excludes 0; an array with a minimum
// count) with skipPointerExtension. oapi-codegen then emits a plain field with omitempty instead of a pointer:
// the zero value cannot be sent anyway, so it stands for "absent", and setting the field costs no allocation.
func plainOptionals(doc *openapi3.T) {
	seen := map[*openapi3.Schema]bool{}
	var walk func(ref *openapi3.SchemaRef)
	walk = func(ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil || seen[ref.Value] {
			return
		}
		s := ref.Value
		seen[s] = true
		for name, prop := range s.Properties {
			if prop != nil && prop.Value != nil && !slices.Contains(s.Required, name) && zeroRefused(prop.Value) {
				if prop.Extensions == nil {
					prop.Extensions = map[string]any{}
				}
				prop.Extensions[skipPointerExtension] = true
			}
			walk(prop)
		}
		walk(s.Items)
		for _, list := range [][]*openapi3.SchemaRef{s.OneOf, s.AnyOf, s.AllOf} {
			for _, member := range list {
				walk(member)
			}
		}
	}
	for _, ref := range doc.Components.Schemas {
		walk(ref)
	}
}

// zeroRefused reports whether a schema refuses the zero value of the Go type oapi-codegen gives it.
func zeroRefused(s *openapi3.Schema) bool {
	if s.Nullable || s.Type == nil {
		return false
	}
	switch {
	case s.Type.Is(openapi3.TypeString):
		if s.MinLength > 0 || (len(s.Enum) > 0 && !slices.Contains(s.Enum, any(""))) {
			return true
		}
		if s.Pattern != "" {
			re, err := pattern.Compile(s.Pattern)
			return err == nil && !re.MatchString("")
		}
	case s.Type.Is(openapi3.TypeInteger), s.Type.Is(openapi3.TypeNumber):
		return (s.Min != nil && *s.Min > 0) || (s.Max != nil && *s.Max < 0)
	case s.Type.Is(openapi3.TypeArray):
		return s.MinItems > 0
	}
	return false
}
