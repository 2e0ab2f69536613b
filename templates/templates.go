// Package templates holds what chatt2me-gen writes besides its own generated code: the oapi-codegen templates it
// overrides (each *.tmpl file replaces the built-in template of the same name) and, in sdk/core, the Go source of
// the SDK's spec-independent runtime, copied into generated/chatt2me/internal/core.
package templates

import (
	"embed"
	"io/fs"
	"path"
	"strings"
)

//go:embed *.tmpl sdk/core/*.go
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

// CoreSources returns the runtime's Go files (tests excluded) by file name.
func CoreSources() (map[string][]byte, error) {
	names, err := fs.Glob(files, "sdk/core/*.go")
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		data, err := files.ReadFile(name)
		if err != nil {
			return nil, err
		}
		out[path.Base(name)] = data
	}
	return out, nil
}
