// Package oapi runs oapi-codegen as a library to emit the SDK's models and low-level client.
package oapi

import (
	"fmt"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"

	"github.com/chatt2me/chatt2me-go/templates"
)

// mu serialises calls: codegen.Generate keeps package-level state.
var mu sync.Mutex

// Generate renders the models, the client and the client-with-responses of doc as one Go file of package pkg.
// It prunes nothing, so that webhook event schemas no operation references are emitted too, but oapi-codegen
// changes doc in place: pass a document loaded for this call only.
func Generate(doc *openapi3.T, pkg string) ([]byte, error) {
	userTemplates, err := templates.OapiCodegen()
	if err != nil {
		return nil, fmt.Errorf("reading the oapi-codegen templates: %w", err)
	}
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
			UserTemplates: userTemplates,
			// Ids and emails are strings on the wire: keep them strings in Go, checked by the SDK's validation,
			// instead of types every caller would have to parse into.
			TypeMapping: &codegen.TypeMapping{String: codegen.FormatMapping{
				Formats: map[string]codegen.SimpleTypeSpec{"uuid": {Type: "string"}, "email": {Type: "string"}},
			}},
		},
		NoVCSVersionOverride: &noVersion,
	}
	mu.Lock()
	defer mu.Unlock()
	code, err := codegen.Generate(doc, cfg)
	if err != nil {
		return nil, fmt.Errorf("oapi-codegen: %w", err)
	}
	return []byte(code), nil
}
