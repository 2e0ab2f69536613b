// Package templates holds the oapi-codegen templates that chatt2me-gen overrides. Each file replaces the built-in
// template of the same name; everything else comes from oapi-codegen unchanged.
package templates

import (
	"embed"
	"io/fs"
)

//go:embed *.tmpl
var files embed.FS

// OapiCodegen returns the overriding templates by name, as text (oapi-codegen reads a one-line value as a path).
func OapiCodegen() (map[string]string, error) {
	names, err := fs.Glob(files, "*.tmpl")
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(names))
	for _, name := range names {
		text, err := files.ReadFile(name)
		if err != nil {
			return nil, err
		}
		out[name] = string(text)
	}
	return out, nil
}
