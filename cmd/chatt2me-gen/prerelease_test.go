package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/mod/modfile"

	"github.com/chatt2me/chatt2me-go/generator"
	"github.com/chatt2me/chatt2me-go/generator/plan"
)

// zeroVersion is the version go gives a module that only a replace provides: no tag is involved.
const zeroVersion = "v0.0.0-00010101000000-000000000000"

// TestConsumersBeforeATag tries what the README says to do before a version is tagged, from scratch consumer
// modules, offline, with this checkout as the clone that replace directives point at: the SDK as a module
// (vendored too), and the generated way with the tool directive, whose go:generate line then regenerates the tree
// and whose -check passes.
func TestConsumersBeforeATag(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the generator and the SDK in scratch modules")
	}
	clone, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	env := withoutOurModules(t, offlineEnv(t))
	for i, e := range env {
		if strings.HasPrefix(e, "GOFLAGS=") { // compiled as make builds the generator: the build cache has its modules
			env[i] += " -trimpath"
		}
	}
	t.Run("module and vendored, replace to a clone", func(t *testing.T) {
		dir := consumer(t, plan.DefaultImportPath)
		runIn(t, dir, env, "go", "mod", "edit", "-replace", plan.DefaultImportPath+"="+filepath.Join(clone, "generated"))
		runIn(t, dir, env, "go", "get", plan.DefaultImportPath)
		tidyAndCheck(t, dir, env, plan.DefaultImportPath+" "+zeroVersion)
		runProgram(t, dir, env, false)
		runIn(t, dir, env, "go", "mod", "vendor")
		runProgram(t, dir, env, true)
	})
	t.Run("generated, tool directive with replace", func(t *testing.T) {
		const importPath = "example.com/shop/internal/sdk"
		dir := consumer(t, importPath)
		runIn(t, dir, env, "go", "mod", "edit", "-replace", "github.com/chatt2me/chatt2me-go="+clone,
			"-replace", plan.DefaultImportPath+"="+filepath.Join(clone, "generated"))
		runIn(t, dir, env, "go", "get", "-tool", plan.Command)
		runIn(t, dir, env, "go", "tool", "chatt2me-gen", "-out", filepath.Join("internal", "sdk"), "-go-generate", "tool")
		runIn(t, dir, env, "go", "get", "github.com/oapi-codegen/runtime@"+plan.RuntimeVersion)
		runIn(t, dir, env, "go", "mod", "tidy")
		mod, err := modfile.Parse("go.mod", mustRead(t, filepath.Join(dir, "go.mod")), nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(mod.Tool) != 1 || mod.Tool[0].Path != plan.Command || mod.Go.Version != "1.26.0" {
			t.Errorf("go.mod: tools %v, go %s; want the generator's tool, and the generator module's go line", mod.Tool, mod.Go.Version)
		}
		sdk := filepath.Join(dir, "internal", "sdk")
		if err := os.Remove(filepath.Join(sdk, "chatt2me", "chatt2me.gen.go")); err != nil {
			t.Fatal(err)
		}
		runIn(t, sdk, env, "go", "generate")
		runIn(t, dir, env, "go", "tool", "chatt2me-gen", "-out", filepath.Join("internal", "sdk"), "-go-generate", "tool", "-check")
		sameAsGeneratedFor(t, sdk, generator.Target{ImportPath: importPath, Runner: plan.RunTool})
		line := "\n//go:generate go tool chatt2me-gen -go-generate tool -out . -import-path \"" + importPath + "\"\n"
		if !bytes.Contains(mustRead(t, filepath.Join(sdk, "doc.gen.go")), []byte(line)) {
			t.Errorf("doc.gen.go lacks %q", line)
		}
		runProgram(t, dir, env, false)
	})
}

// withoutOurModules drops from the GOPROXY of env the file proxies that hold a version of this repository's modules:
// before a tag, no proxy has one.
func withoutOurModules(t *testing.T, env []string) []string {
	t.Helper()
	out := append([]string{}, env...)
	for i, e := range out {
		list, ok := strings.CutPrefix(e, "GOPROXY=")
		if !ok {
			continue
		}
		var kept []string
		for _, proxy := range strings.Split(list, ",") {
			if dir, isFile := strings.CutPrefix(proxy, "file://"); isFile && servesOurModules(t, filepath.FromSlash(dir)) {
				continue
			}
			kept = append(kept, proxy)
		}
		if len(kept) == 0 {
			kept = []string{"off"} // an empty GOPROXY would mean the default proxy, online
		}
		out[i] = "GOPROXY=" + strings.Join(kept, ",")
	}
	return out
}

// servesOurModules reports whether the file proxy dir serves a version of one of this repository's modules: a version
// list, or a go.mod or zip of a version. Info files alone serve nothing; a module cache's cache/download holds some
// after a build of this repository in a tagged clone, since the go command stamps the main module's version from git.
func servesOurModules(t *testing.T, dir string) bool {
	t.Helper()
	found := false
	err := filepath.WalkDir(filepath.Join(dir, "github.com", "chatt2me"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		name := d.Name()
		found = found || name == "list" || strings.HasSuffix(name, ".mod") || strings.HasSuffix(name, ".zip")
		return nil
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return found
}

// sameAsGeneratedFor checks that the tree holds exactly the files the generator writes for target from the
// repository's documents.
func sameAsGeneratedFor(t *testing.T, tree string, target generator.Target) {
	t.Helper()
	bundle, fragment, overlay := generator.Embedded()
	res, err := generator.GenerateFor(bundle, fragment, target, overlay)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	err = filepath.WalkDir(tree, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(tree, p)
		n++
		if want, ok := res.Files[filepath.ToSlash(rel)]; !ok || !bytes.Equal(mustRead(t, p), want) {
			t.Errorf("%s differs from what the generator writes", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != len(res.Files) {
		t.Errorf("%d files in the tree, the generator writes %d", n, len(res.Files))
	}
}
