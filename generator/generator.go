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
// paths, for the output directory whose Go import path is importPath. oapi-codegen runs on its own copy of the
// merged document while the document is validated and the model built; a problem with the spec is reported before
// any of oapi-codegen's.
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
	doc, err := spec.Combine(bundle, fragment, overlays...)
	if err != nil {
		return nil, err
	}
	var api *oapi.Code
	var apiErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		api, apiErr = runOapiCodegen(doc)
	}()
	var m *model.Model
	err = doc.Validate()
	if err == nil {
		err = oapi.Check(doc)
	}
	if err == nil {
		m, err = model.Build(doc)
	}
	var static map[string][]byte
	if err == nil {
		// The spec-independent packages need neither oapi-codegen's output nor the plan: copy them meanwhile.
		static, err = emit.Static(importPath, plan.HasWebhookTypes(doc))
	}
	<-done
	if err != nil {
		return nil, err
	}
	if apiErr != nil {
		return nil, apiErr
	}
	return render(doc, m, api, importPath, static)
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

// FromDocument renders the SDK from a merged, validated document.
func FromDocument(doc *spec.Document, importPath string) (*Result, error) {
	if err := oapi.Check(doc); err != nil {
		return nil, err
	}
	m, err := model.Build(doc)
	if err != nil {
		return nil, err
	}
	api, err := runOapiCodegen(doc)
	if err != nil {
		return nil, err
	}
	static, err := emit.Static(importPath, plan.HasWebhookTypes(doc))
	if err != nil {
		return nil, err
	}
	return render(doc, m, api, importPath, static)
}

// render assembles the file set: the merged spec, oapi-codegen's package, the spec-independent packages (static,
// from emit.Static) and the emitted packages.
func render(doc *spec.Document, m *model.Model, api *oapi.Code, importPath string, static map[string][]byte) (*Result, error) {
	// oapi-codegen's package is printed while the plan reads its syntax tree and the other packages are rendered.
	var apiSrc []byte
	var formatErr error
	formatted := make(chan struct{})
	go func() {
		defer close(formatted)
		apiSrc, formatErr = api.Format()
	}()
	sdk, err := plan.Build(doc, m, api.Raw, api.File, importPath)
	var emitted map[string][]byte
	if err == nil {
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
