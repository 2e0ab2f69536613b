// Package templates holds what chatt2me-gen writes besides the code it renders from the spec:
//   - the oapi-codegen templates it overrides (each *.tmpl file replaces the built-in template of the same name);
//   - channel/sender.go.tmpl, the text/template of each channel package's Sender, and output/doc.go.tmpl, that of the
//     file at the root of the output directory;
//   - under sdk/, the Go source of the SDK's spec-independent code, laid out as in the generated SDK's root package
//     (sdk/transport, sdk/internal/core, and the root package's own static file). These are ordinary Go packages of
//     this module, built and tested in place; the generator copies them into every SDK, rewriting their imports of
//     each other (see ImportPrefix).
package templates

import (
	"embed"
	"io/fs"
	"path"
	"strings"
)

//go:embed *.tmpl sdk channel output
var files embed.FS

// ImportPrefix is the import path of sdk/ in this module. A static file imports another static package by this
// prefix; the copy in a generated SDK imports it by the SDK root package's import path instead.
const ImportPrefix = "github.com/chatt2me/chatt2me-go/templates/sdk"

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

// Doc returns the text/template of the Go file at the root of the output directory (output/doc.go.tmpl): the
// package that embeds the merged document and holds the go:generate line.
func Doc() (string, error) {
	text, err := files.ReadFile("output/doc.go.tmpl")
	return string(text), err
}

// WebhookExample returns the text/template of the webhook package's runnable examples
// (output/webhook_example.go.tmpl).
func WebhookExample() (string, error) {
	text, err := files.ReadFile("output/webhook_example.go.tmpl")
	return string(text), err
}

// Sender returns the text/template of a channel package's Sender (channel/sender.go.tmpl): the type, NewSender,
// Send and MarshalRequest, which differ between channels only by names, the path and the documentation.
func Sender() (string, error) {
	text, err := files.ReadFile("channel/sender.go.tmpl")
	return string(text), err
}

// StandIn is the directory of sdk/ that stands in for oapi-codegen's package (api), for building sdk/ in place; it
// is not copied.
const StandIn = "api"

// StandInSuffix ends the name of a file of sdk/ that stands in for a file chatt2me-gen generates into the same
// package (webhook/content_standin.go for content.gen.go), for building sdk/ in place; it is not copied.
const StandInSuffix = "_standin.go"

// SDK returns the static Go files (tests and the stand-ins excluded), by slash-separated path relative to sdk/, such
// as "transport/transport.go".
func SDK() (map[string][]byte, error) {
	out := map[string][]byte{}
	err := fs.WalkDir(files, "sdk", func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() && p == "sdk/"+StandIn {
			return fs.SkipDir
		}
		if err != nil || d.IsDir() || path.Ext(p) != ".go" || strings.HasSuffix(p, "_test.go") || strings.HasSuffix(p, StandInSuffix) {
			return err
		}
		data, err := files.ReadFile(p)
		out[strings.TrimPrefix(p, "sdk/")] = data
		return err
	})
	return out, err
}

// Bench returns the text/template of the tests and the benchmark over a channel package's benchmark matrix
// (channel/bench_test.go.tmpl).
func Bench() (string, error) {
	text, err := files.ReadFile("channel/bench_test.go.tmpl")
	return string(text), err
}
