// Package drift compares two revisions of the OpenAPI documents and reports what a pull request changes: the spec
// changes found by oasdiff (breaking ones with oasdiff's ids and levels) and the Go API changes of the generated
// SDK found by apidiff (internal packages left out), as Markdown.
package drift

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/oasdiff/oasdiff/checker"
	"github.com/oasdiff/oasdiff/diff"

	"github.com/chatt2me/chatt2me-go/generator/spec"
)

// Revision is one side of the comparison: a name for the report and its documents.
type Revision struct {
	Name     string
	Bundle   spec.Source
	Fragment spec.Source
	Overlays []spec.Source // our overlays of the bundle, applied in order; none for a revision without one
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
	// CallerCompatible marks an incompatible change after which every existing call still compiles: a function, or
	// a method of a concrete type, that gained a final variadic parameter (the options of a new optional property,
	// for example). Only code that uses it as a value of its old type breaks, so it does not make the report
	// breaking.
	CallerCompatible bool
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
		if !c.Compatible && !c.CallerCompatible {
			n++
		}
	}
	return n
}

func (r *Report) callerCompatibleGo() int {
	n := 0
	for _, c := range r.GoChanges {
		if c.CallerCompatible {
			n++
		}
	}
	return n
}

// Compare merges both revisions, diffs the merged documents and the SDKs generated from them. moduleRoot is the
// directory of this repository's go.mod, whose requirements the SDKs are type-checked with.
func Compare(base, head Revision, moduleRoot string) (*Report, error) {
	baseDoc, err := spec.Merge(base.Bundle, base.Fragment, base.Overlays...)
	if err != nil {
		return nil, fmt.Errorf("base %s: %w", base.Name, err)
	}
	headDoc, err := spec.Merge(head.Bundle, head.Fragment, head.Overlays...)
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
	changes := checker.CheckBackwardCompatibilityUntilLevel(checker.NewConfig(checker.GetAllChecks()), d, &diff.OperationsSourcesMap{},
		checker.INFO)
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
