package main

import (
	"fmt"
	"os"
	"path"
	"path/filepath"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"

	"github.com/chatt2me/chatt2me-go/generator"
)

// resolveImportPath checks the import path given with -import-path, or derives it from the go.mod of the module
// holding out when the flag is empty. The import path goes into the go:generate line the generator writes, so only
// what Go accepts as an import path (module.CheckImportPath) is taken; an error names the flag or the go.mod.
func resolveImportPath(importPath *string, out string) error {
	if *importPath != "" {
		if err := module.CheckImportPath(*importPath); err != nil {
			return fmt.Errorf("-import-path: %v", err)
		}
		return nil
	}
	derived, err := importPathOf(out)
	*importPath = derived
	return err
}

// importPathOf derives the import path of a directory from the go.mod of the module holding it (the nearest one
// above it), or gives DefaultImportPath when there is none. A module path, or an import path under it, that Go
// refuses is an error naming the go.mod and its module line.
func importPathOf(dir string) (string, error) {
	moduleRoot, modulePath := moduleOf(dir)
	if moduleRoot == "" {
		return generator.DefaultImportPath, nil
	}
	goMod := moduleLine(filepath.Join(moduleRoot, "go.mod"))
	if err := module.CheckImportPath(modulePath); err != nil {
		return "", fmt.Errorf("%s: the module path is not one Go accepts (%v): correct it, or give -import-path", goMod, err)
	}
	abs, _ := filepath.Abs(dir)
	rel, err := filepath.Rel(moduleRoot, abs)
	if err != nil {
		return generator.DefaultImportPath, nil
	}
	importPath := path.Join(modulePath, filepath.ToSlash(rel))
	if err := module.CheckImportPath(importPath); err != nil {
		return "", fmt.Errorf("%s: the import path of %s in this module is not one Go accepts (%v): rename the directory, "+
			"or give -import-path", goMod, dir, err)
	}
	return importPath, nil
}

// moduleLine returns the path of a go.mod followed by the line of its module directive, or the path alone when it
// does not parse.
func moduleLine(goMod string) string {
	data, err := os.ReadFile(goMod)
	if err != nil {
		return goMod
	}
	f, err := modfile.ParseLax(goMod, data, nil)
	if err != nil || f.Module == nil {
		return goMod
	}
	return fmt.Sprintf("%s:%d", goMod, f.Module.Syntax.Start.Line)
}
