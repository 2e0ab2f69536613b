package drift

import (
	"cmp"
	"crypto/sha256"
	"fmt"
	"go/types"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"golang.org/x/exp/apidiff"
	"golang.org/x/tools/go/packages"

	"github.com/chatt2me/chatt2me-go/generator"
	"github.com/chatt2me/chatt2me-go/generator/spec"
)

// goChanges generates the SDK of each revision and compares their exported APIs package by package.
func goChanges(base, head *spec.Document, moduleRoot string) ([]GoChange, error) {
	modulePath, err := generator.ModulePath(moduleRoot)
	if err != nil {
		return nil, err
	}
	importPath := modulePath + "/generated"
	var mods [2]*apidiff.Module
	for i, doc := range []*spec.Document{base, head} {
		if mods[i], err = typeChecked(doc, moduleRoot, importPath); err != nil {
			return nil, err
		}
	}
	return reportable(apidiff.ModuleChanges(mods[0], mods[1]).Changes, mods[0], mods[1]), nil
}

// sdkCacheSize bounds how many type-checked SDKs a process keeps.
const sdkCacheSize = 8

// sdk is the type-checked SDK of one merged document, loaded once.
type sdk struct {
	once sync.Once
	mod  *apidiff.Module
	err  error
}

// sdks remembers the SDKs type-checked in this process, by module, import path and merged document, so that a
// series of comparisons against one base (a test suite, a tool replaying revisions) type-checks each document once.
var sdks = struct {
	sync.Mutex
	byKey map[[sha256.Size]byte]*sdk
	order [][sha256.Size]byte
}{byKey: map[[sha256.Size]byte]*sdk{}}

// typeChecked returns the exported API of the SDK generated from doc, from the cache when it is there.
func typeChecked(doc *spec.Document, moduleRoot, importPath string) (*apidiff.Module, error) {
	key := sha256.Sum256([]byte(moduleRoot + "\x00" + importPath + "\x00" + string(doc.YAML)))
	sdks.Lock()
	entry := sdks.byKey[key]
	if entry == nil {
		entry = &sdk{}
		sdks.byKey[key] = entry
		sdks.order = append(sdks.order, key)
		if len(sdks.order) > sdkCacheSize {
			delete(sdks.byKey, sdks.order[0])
			sdks.order = sdks.order[1:]
		}
	}
	sdks.Unlock()
	entry.once.Do(func() { entry.mod, entry.err = loadSDK(doc, moduleRoot, importPath) })
	return entry.mod, entry.err
}

// loadSDK generates the SDK of doc and type-checks it in a scratch copy of this module (its go.mod and go.sum, and
// the SDK as generated/), so that both sides of a comparison have the same import paths, as apidiff expects.
func loadSDK(doc *spec.Document, moduleRoot, importPath string) (*apidiff.Module, error) {
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
	for _, rel := range res.Files.Paths() { // openapi.yaml too: the output's package embeds it
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
	return &apidiff.Module{Path: importPath, Packages: pkgs}, nil
}

// load type-checks the packages matching pattern in the module at dir. The types come from the compiler's export
// data (go list -export), which the build cache keeps: -trimpath makes an SDK generated again in another scratch
// directory a cache hit.
func load(dir, pattern string) ([]*types.Package, error) {
	cfg := &packages.Config{Mode: packages.NeedName | packages.NeedTypes, Dir: dir,
		Env: append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod -trimpath")}
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

// reportable turns apidiff's changes into the report's: package paths relative to the module (apidiff writes some
// relative, some in full), internal packages left out (they are not API), each change once (apidiff may report one
// both ways; the incompatible verdict stands), and variadic additions marked compatible for callers.
func reportable(changes []apidiff.Change, base, head *apidiff.Module) []GoChange {
	byItem := map[[2]string]int{}
	var out []GoChange
	for _, c := range changes {
		pkg, msg := splitPackage(c.Message, head.Path)
		if isInternal(pkg) {
			continue
		}
		item := [2]string{pkg, msg}
		if i, seen := byItem[item]; seen {
			out[i].Compatible = out[i].Compatible && c.Compatible
			continue
		}
		byItem[item] = len(out)
		out = append(out, GoChange{Package: pkg, Message: msg, Compatible: c.Compatible})
	}
	for i, c := range out {
		if !c.Compatible {
			out[i].CallerCompatible = gainedVariadic(c, base, head)
		}
	}
	slices.SortStableFunc(out, func(a, b GoChange) int {
		return cmp.Or(cmp.Compare(a.Package, b.Package), cmp.Compare(a.rank(), b.rank()), cmp.Compare(a.Message, b.Message))
	})
	return out
}

// rank orders the changes of a package: incompatible, compatible for callers, compatible.
func (c GoChange) rank() int {
	switch {
	case c.Compatible:
		return 2
	case c.CallerCompatible:
		return 1
	}
	return 0
}

func isInternal(pkg string) bool {
	return slices.Contains(strings.Split(pkg, "/"), "internal")
}

// splitPackage separates apidiff's "./pkg/path.Name: message", "package ./pkg/path: message" or "package
// module/pkg/path: message" into the package path, relative to the module path, and the rest.
func splitPackage(message, modulePath string) (string, string) {
	relative := func(pkg string) string {
		if rel, ok := strings.CutPrefix(pkg, modulePath+"/"); ok {
			return rel
		}
		return strings.TrimPrefix(pkg, "./")
	}
	if rest, ok := strings.CutPrefix(message, "package "); ok {
		if pkg, msg, ok := strings.Cut(rest, ": "); ok {
			return relative(pkg), "package " + msg
		}
	}
	rest := strings.TrimPrefix(message, "./")
	slash := strings.LastIndex(rest[:max(strings.Index(rest, ": "), 0)], "/")
	if dot := strings.Index(rest[slash+1:], "."); dot >= 0 {
		return relative(rest[:slash+1+dot]), rest[slash+1+dot+1:]
	}
	return "", message
}

// gainedVariadic reports whether an incompatible "changed from func… to func…" change only appended a variadic
// parameter to a function or to a method of a concrete type: every call written against the old signature still
// compiles. A method of an interface is not such a change, since implementations of it break.
func gainedVariadic(c GoChange, base, head *apidiff.Module) bool {
	name, _, ok := strings.Cut(c.Message, ": changed from func")
	if !ok {
		return false
	}
	before, after := funcNamed(base, c.Package, name), funcNamed(head, c.Package, name)
	if before == nil || after == nil || before.Variadic() || !after.Variadic() {
		return false
	}
	old, new := before.Params(), after.Params()
	if new.Len() != old.Len()+1 || typeList(before.Results(), base, c.Package) != typeList(after.Results(), head, c.Package) {
		return false
	}
	for i := range old.Len() {
		if typeString(old.At(i).Type(), base, c.Package) != typeString(new.At(i).Type(), head, c.Package) {
			return false
		}
	}
	return true
}

// funcNamed finds the signature apidiff names "Func", "(*Type).Method" or "Type.Method" in a package of mod; nil
// for anything else, interface methods included.
func funcNamed(mod *apidiff.Module, pkg, name string) *types.Signature {
	p := modulePackage(mod, pkg)
	if p == nil {
		return nil
	}
	typeName, method, isMethod := strings.Cut(strings.NewReplacer("(*", "", ")", "").Replace(name), ".")
	obj := p.Scope().Lookup(typeName)
	if !isMethod {
		if fn, ok := obj.(*types.Func); ok {
			return fn.Type().(*types.Signature)
		}
		return nil
	}
	named, ok := obj.(*types.TypeName)
	if !ok || types.IsInterface(named.Type()) {
		return nil
	}
	m, _, _ := types.LookupFieldOrMethod(types.NewPointer(named.Type()), false, p, method)
	if fn, ok := m.(*types.Func); ok {
		return fn.Type().(*types.Signature)
	}
	return nil
}

func modulePackage(mod *apidiff.Module, pkg string) *types.Package {
	for _, p := range mod.Packages {
		if p.Path() == mod.Path+"/"+pkg {
			return p
		}
	}
	return nil
}

// typeString writes t as seen from the package, so that the two sides of a comparison can be compared as text.
func typeString(t types.Type, mod *apidiff.Module, pkg string) string {
	return types.TypeString(t, types.RelativeTo(modulePackage(mod, pkg)))
}

func typeList(tuple *types.Tuple, mod *apidiff.Module, pkg string) string {
	parts := make([]string, tuple.Len())
	for i := range tuple.Len() {
		parts[i] = typeString(tuple.At(i).Type(), mod, pkg)
	}
	return strings.Join(parts, ", ")
}
