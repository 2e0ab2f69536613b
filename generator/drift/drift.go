// Package drift compares two revisions of the OpenAPI documents and reports what a pull request changes: the spec
// changes found by oasdiff (breaking ones with oasdiff's ids and levels) and the Go API changes of the generated
// SDK found by apidiff, as Markdown.
package drift

import (
	"cmp"
	"fmt"
	"go/types"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/oasdiff/oasdiff/checker"
	"github.com/oasdiff/oasdiff/diff"
	"golang.org/x/exp/apidiff"
	"golang.org/x/tools/go/packages"

	"github.com/chatt2me/chatt2me-go/generator"
	"github.com/chatt2me/chatt2me-go/generator/spec"
)

// Revision is one side of the comparison: a name for the report and its two documents.
type Revision struct {
	Name     string
	Bundle   spec.Source
	Fragment spec.Source
}

// SpecChange is one change found by oasdiff.
type SpecChange struct {
	ID        string
	Level     string // "error", "warning" or "info", as oasdiff names them
	Breaking  bool
	Operation string // "POST /v1/…", empty for component-level changes
	Text      string
}

// GoChange is one change of the generated SDK's Go API found by apidiff.
type GoChange struct {
	Package    string // relative to the output directory, such as "chatt2me/api"
	Message    string
	Compatible bool
}

// Report is the comparison of two revisions.
type Report struct {
	Base, Head  string
	SpecChanges []SpecChange
	GoChanges   []GoChange
}

// Breaking reports whether anything breaking was found: a breaking spec change or an incompatible Go change.
func (r *Report) Breaking() bool {
	return r.breakingSpec() > 0 || r.incompatibleGo() > 0
}

func (r *Report) breakingSpec() int {
	n := 0
	for _, c := range r.SpecChanges {
		if c.Breaking {
			n++
		}
	}
	return n
}

func (r *Report) incompatibleGo() int {
	n := 0
	for _, c := range r.GoChanges {
		if !c.Compatible {
			n++
		}
	}
	return n
}

// Compare merges both revisions, diffs the merged documents and the SDKs generated from them. moduleRoot is the
// directory of this repository's go.mod, whose requirements the SDKs are type-checked with.
func Compare(base, head Revision, moduleRoot string) (*Report, error) {
	baseDoc, err := spec.Merge(base.Bundle, base.Fragment)
	if err != nil {
		return nil, fmt.Errorf("base %s: %w", base.Name, err)
	}
	headDoc, err := spec.Merge(head.Bundle, head.Fragment)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", head.Name, err)
	}
	r := &Report{Base: base.Name, Head: head.Name}
	if r.SpecChanges, err = specChanges(baseDoc, headDoc); err != nil {
		return nil, err
	}
	if r.GoChanges, err = goChanges(baseDoc, headDoc, moduleRoot); err != nil {
		return nil, err
	}
	return r, nil
}

// specChanges runs oasdiff's checks down to the info level: the changelog, with breaking changes marked.
func specChanges(base, head *spec.Document) ([]SpecChange, error) {
	// oasdiff annotates the documents it is given: each gets a fresh copy.
	b, err := base.Fresh()
	if err != nil {
		return nil, err
	}
	h, err := head.Fresh()
	if err != nil {
		return nil, err
	}
	d, err := diff.Get(diff.NewConfig(), b, h)
	if err != nil {
		return nil, fmt.Errorf("oasdiff: %w", err)
	}
	localizer := checker.NewDefaultLocalizer()
	changes := checker.CheckBackwardCompatibilityUntilLevel(checker.NewConfig(checker.GetAllChecks()), d, &diff.OperationsSourcesMap{}, checker.INFO)
	out := make([]SpecChange, 0, len(changes))
	for _, c := range changes {
		op := ""
		if c.GetOperation() != "" {
			op = c.GetOperation() + " " + c.GetPath()
		}
		out = append(out, SpecChange{
			ID: c.GetId(), Level: strings.ToLower(c.GetLevel().String()), Breaking: c.IsBreaking(),
			Operation: op, Text: c.GetUncolorizedText(localizer),
		})
	}
	slices.SortStableFunc(out, func(a, b SpecChange) int {
		return cmp.Or(cmp.Compare(levelRank(a.Level), levelRank(b.Level)), cmp.Compare(a.Operation, b.Operation),
			cmp.Compare(a.ID, b.ID), cmp.Compare(a.Text, b.Text))
	})
	return slices.Compact(out), nil
}

func levelRank(level string) int {
	switch level {
	case "error":
		return 0
	case "warning":
		return 1
	}
	return 2
}

// goChanges generates the SDK of each revision and compares their exported APIs package by package. Each SDK is
// type-checked in a scratch copy of this module (its go.mod and go.sum, and the SDK as generated/), so that both
// sides have the same import paths, as apidiff expects.
func goChanges(base, head *spec.Document, moduleRoot string) ([]GoChange, error) {
	modulePath, err := generator.ModulePath(moduleRoot)
	if err != nil {
		return nil, err
	}
	importPath := modulePath + "/generated"
	var mods [2]*apidiff.Module
	for i, doc := range []*spec.Document{base, head} {
		dir, err := os.MkdirTemp("", "chatt2me-drift-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
		for _, name := range []string{"go.mod", "go.sum"} {
			data, err := os.ReadFile(filepath.Join(moduleRoot, name))
			if err != nil {
				return nil, err
			}
			if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
				return nil, err
			}
		}
		res, err := generator.FromDocument(doc, importPath)
		if err != nil {
			return nil, err
		}
		for _, rel := range res.Files.Paths() {
			if !strings.HasSuffix(rel, ".go") {
				continue
			}
			target := filepath.Join(dir, "generated", filepath.FromSlash(rel))
			if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
				return nil, err
			}
			if err := os.WriteFile(target, res.Files[rel], 0o644); err != nil {
				return nil, err
			}
		}
		pkgs, err := load(dir, "./generated/...")
		if err != nil {
			return nil, err
		}
		mods[i] = &apidiff.Module{Path: importPath, Packages: pkgs}
	}
	var out []GoChange
	for _, c := range apidiff.ModuleChanges(mods[0], mods[1]).Changes {
		pkg, msg := splitPackage(c.Message)
		out = append(out, GoChange{Package: pkg, Message: msg, Compatible: c.Compatible})
	}
	slices.SortStableFunc(out, func(a, b GoChange) int {
		return cmp.Or(cmp.Compare(a.Package, b.Package), cmp.Compare(boolRank(a.Compatible), boolRank(b.Compatible)), cmp.Compare(a.Message, b.Message))
	})
	return out, nil
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// splitPackage separates apidiff's "./pkg/path.Name: message" (or "package ./pkg/path: message") into the package
// path, relative to the output directory, and the rest.
func splitPackage(message string) (string, string) {
	if rest, ok := strings.CutPrefix(message, "package "); ok {
		if pkg, msg, ok := strings.Cut(rest, ": "); ok {
			return strings.TrimPrefix(pkg, "./"), "package " + msg
		}
	}
	rest := strings.TrimPrefix(message, "./")
	slash := strings.LastIndex(rest[:max(strings.Index(rest, ": "), 0)], "/")
	if dot := strings.Index(rest[slash+1:], "."); dot >= 0 {
		return rest[:slash+1+dot], rest[slash+1+dot+1:]
	}
	return "", message
}

// load type-checks the packages matching pattern in the module at dir.
func load(dir, pattern string) ([]*types.Package, error) {
	cfg := &packages.Config{Mode: packages.NeedName | packages.NeedTypes | packages.NeedImports | packages.NeedDeps, Dir: dir,
		Env: append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")}
	loaded, err := packages.Load(cfg, pattern)
	if err != nil {
		return nil, fmt.Errorf("loading the generated SDK: %w", err)
	}
	out := make([]*types.Package, 0, len(loaded))
	for _, p := range loaded {
		if len(p.Errors) > 0 {
			return nil, fmt.Errorf("the generated SDK does not compile: %v", p.Errors[0])
		}
		out = append(out, p.Types)
	}
	return out, nil
}
