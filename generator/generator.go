// Package generator turns the OpenAPI documents in openapi/ into the SDK in generated/: it loads and merges the
// documents (package spec), derives the channel model (package model), runs oapi-codegen (package oapi) and
// returns everything as an in-memory file set (package fileset) that the caller writes or checks.
package generator

import (
	"fmt"
	"os"
	"path"
	"path/filepath"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"

	"github.com/chatt2me/chatt2me-go/generator/emit"
	"github.com/chatt2me/chatt2me-go/generator/fileset"
	"github.com/chatt2me/chatt2me-go/generator/model"
	"github.com/chatt2me/chatt2me-go/generator/oapi"
	"github.com/chatt2me/chatt2me-go/generator/plan"
	"github.com/chatt2me/chatt2me-go/generator/spec"
	"github.com/chatt2me/chatt2me-go/openapi"
)

// specHeader starts the merged document written beside the SDK.
const specHeader = `# ` + plan.Header + `
# The merged OpenAPI document (the bundled document, openapi/chatt2me.yaml, with our overlay of it applied, plus
# the hand-written Web Chatt fragment) that the SDK in this directory was generated from.
`

// Result is the output of one run.
type Result struct {
	Files fileset.Files
	Model *model.Model
	// Plan is the SDK the files render; its String method prints it.
	Plan *plan.SDK
}

// DefaultImportPath is the import path of this repository's generated/, the SDK module.
const DefaultImportPath = plan.DefaultImportPath

// Generate renders the SDK from a bundled document, our overlays of it (if any) and a fragment, all given as file
// paths, for the output directory whose Go import path is importPath. It reads them, then runs the one pipeline of
// FromDocument.
func Generate(bundlePath, fragmentPath, importPath string, overlayPaths ...string) (*Result, error) {
	var sources []spec.Source
	for _, p := range append([]string{bundlePath, fragmentPath}, overlayPaths...) {
		src, err := spec.ReadSource(p)
		if err != nil {
			return nil, err
		}
		sources = append(sources, src)
	}
	return GenerateSources(sources[0], sources[1], importPath, sources[2:]...)
}

// Embedded returns the documents this generator carries (package openapi): the repository's own.
func Embedded() (bundle, fragment, overlay spec.Source) {
	return spec.Source{Name: openapi.BundleName, Data: openapi.Bundle}, spec.Source{Name: openapi.FragmentName, Data: openapi.Fragment},
		spec.Source{Name: openapi.OverlayName, Data: openapi.Overlay}
}

// GenerateSources is Generate for documents already read.
func GenerateSources(bundle, fragment spec.Source, importPath string, overlays ...spec.Source) (*Result, error) {
	return GenerateFor(bundle, fragment, Target{ImportPath: importPath}, overlays...)
}

// Target is the output directory a generation is for.
type Target struct {
	// ImportPath is its Go import path.
	ImportPath string
	// Runner is how its go:generate line runs the generator, unless it is this repository's generated/ (empty:
	// plan.RunAtVersion).
	Runner plan.Runner
}

// GenerateFor is GenerateSources for a target whose go:generate line may run the generator another way.
func GenerateFor(bundle, fragment spec.Source, target Target, overlays ...spec.Source) (*Result, error) {
	if err := checkImportPath(target.ImportPath); err != nil {
		return nil, err
	}
	doc, err := spec.Combine(bundle, fragment, overlays...)
	if err != nil {
		return nil, err
	}
	return fromDocument(doc, target)
}

// FromDocument renders the SDK from a merged document: one spec.Combine made, which it validates, or one spec.Merge
// or spec.Load has validated already. oapi-codegen runs on its own copy of the document while the document is
// validated and the model built; a problem with the spec is reported before any of oapi-codegen's.
func FromDocument(doc *spec.Document, importPath string) (*Result, error) {
	if err := checkImportPath(importPath); err != nil {
		return nil, err
	}
	return fromDocument(doc, Target{ImportPath: importPath})
}

// fromDocument is FromDocument for a target.
func fromDocument(doc *spec.Document, target Target) (*Result, error) {
	var api *oapi.Code
	var apiErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		api, apiErr = runOapiCodegen(doc)
	}()
	m, static, err := prepare(doc, target.ImportPath)
	<-done
	if err != nil {
		return nil, err
	}
	if apiErr != nil {
		return nil, apiErr
	}
	return render(doc, m, api, target, static)
}

// prepare validates the document when it is not yet (its T is nil), checks what oapi-codegen cannot take, builds
// the model and copies the spec-independent packages, which need neither oapi-codegen's output nor the plan.
func prepare(doc *spec.Document, importPath string) (*model.Model, map[string][]byte, error) {
	if doc.T == nil {
		if err := doc.Validate(); err != nil {
			return nil, nil, err
		}
	}
	if err := oapi.Check(doc); err != nil {
		return nil, nil, err
	}
	m, err := model.Build(doc)
	if err != nil {
		return nil, nil, err
	}
	static, err := emit.Static(importPath, plan.HasWebhookTypes(doc))
	if err != nil {
		return nil, nil, err
	}
	return m, static, nil
}

// ModulePath reads the module path from the go.mod of moduleRoot.
func ModulePath(moduleRoot string) (string, error) {
	file := filepath.Join(moduleRoot, "go.mod")
	data, err := os.ReadFile(file)
	if err != nil {
		return "", err
	}
	if p := modfile.ModulePath(data); p != "" {
		return p, nil
	}
	return "", fmt.Errorf("%s: no module line", file)
}

// checkImportPath refuses an import path that Go does not accept (module.CheckImportPath): the SDK's imports and
// the go:generate line of its output directory are made from it.
func checkImportPath(importPath string) error {
	if err := module.CheckImportPath(importPath); err != nil {
		return fmt.Errorf("the SDK's import path: %w", err)
	}
	return nil
}

// runOapiCodegen renders the models and clients from a copy of the document of their own (oapi-codegen changes the
// document it is given). A panic on a document that validation is about to refuse becomes an error.
func runOapiCodegen(doc *spec.Document) (api *oapi.Code, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("oapi-codegen failed: %v", r)
		}
	}()
	fresh, err := doc.Fresh()
	if err != nil {
		return nil, err
	}
	return oapi.Generate(fresh, path.Base(plan.APIDir), plan.Header)
}

// render assembles the file set: the merged spec, oapi-codegen's package, the spec-independent packages (static,
// from emit.Static) and the emitted packages.
func render(doc *spec.Document, m *model.Model, api *oapi.Code, target Target, static map[string][]byte) (*Result, error) {
	// oapi-codegen's package is printed while the plan reads its syntax tree and the other packages are rendered.
	var apiSrc []byte
	var formatErr error
	formatted := make(chan struct{})
	go func() {
		defer close(formatted)
		apiSrc, formatErr = api.Format()
	}()
	sdk, err := plan.Build(doc, m, api.Raw, api.File, target.ImportPath)
	var emitted map[string][]byte
	if err == nil {
		if target.Runner != "" {
			sdk.Output = plan.OutputFor(target.ImportPath, target.Runner)
		}
		emitted, err = emit.Emit(sdk)
	}
	<-formatted
	if err != nil {
		return nil, err
	}
	if formatErr != nil {
		return nil, formatErr
	}
	files := fileset.Files{fileset.SpecFile: append([]byte(specHeader), doc.YAML...), plan.APIDir + "/api.gen.go": apiSrc}
	for rel, data := range static {
		files[rel] = data
	}
	for rel, data := range emitted {
		files[rel] = data
	}
	return &Result{Files: files, Model: m, Plan: sdk}, nil
}
