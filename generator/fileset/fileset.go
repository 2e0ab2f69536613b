// Package fileset holds rendered files in memory, saves them atomically into an output directory and compares
// them with what is on disk. The generator owns every *.gen.go file under the output directory and the merged
// spec beside them; everything else there is left alone.
package fileset

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/pmezard/go-difflib/difflib"
)

// SpecFile is the name of the merged OpenAPI document inside the output directory.
const SpecFile = "openapi.yaml"

// Files maps slash-separated paths, relative to the output directory, to their content.
type Files map[string][]byte

// Paths returns the paths in sorted order.
func (f Files) Paths() []string {
	out := make([]string, 0, len(f))
	for p := range f {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// Owned reports whether the generator owns a path of the output directory: the merged spec, *.gen.go and
// *.gen_test.go files.
func Owned(rel string) bool {
	return rel == SpecFile || strings.HasSuffix(rel, ".gen.go") || strings.HasSuffix(rel, ".gen_test.go")
}

// OutputError is a problem with the output directory itself.
type OutputError struct {
	Dir     string
	Problem string
}

func (e *OutputError) Error() string { return e.Dir + ": " + e.Problem }

// checkOutputDir makes sure dir is a writable directory; a missing one is fine (it will be created).
func checkOutputDir(dir string) error {
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return &OutputError{dir, err.Error()}
	case !info.IsDir():
		return &OutputError{dir, "the output directory is a file"}
	case info.Mode().Perm()&0o200 == 0:
		return &OutputError{dir, "the output directory is read-only"}
	}
	return nil
}

// ownedOnDisk lists the generator-owned files under dir.
func ownedOnDisk(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && p == dir {
			return filepath.SkipDir
		}
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if strings.HasPrefix(d.Name(), ".") && p != dir {
				return filepath.SkipDir
			}
			if info, err := d.Info(); err == nil && info.Mode().Perm()&0o200 == 0 {
				return &OutputError{p, "the directory is read-only"}
			}
			return nil
		}
		if Owned(rel) {
			out = append(out, rel)
		}
		return nil
	})
	return out, err
}

// Diff compares files with dir and returns a unified diff of every difference (empty when they match): changed
// files, files to create and generator-owned files that would be removed.
func Diff(dir string, files Files) (string, error) {
	if err := checkOutputDir(dir); err != nil {
		return "", err
	}
	onDisk, err := ownedOnDisk(dir)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, rel := range files.Paths() {
		old, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		if bytes.Equal(old, files[rel]) && err == nil {
			continue
		}
		from := path.Join(filepath.ToSlash(dir), rel)
		if err != nil {
			from = "/dev/null"
		}
		writeDiff(&b, from, path.Join(filepath.ToSlash(dir), rel), old, files[rel])
	}
	for _, rel := range onDisk {
		if _, keep := files[rel]; keep {
			continue
		}
		old, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil {
			return "", err
		}
		writeDiff(&b, path.Join(filepath.ToSlash(dir), rel), "/dev/null", old, nil)
	}
	return b.String(), nil
}

func writeDiff(b *strings.Builder, from, to string, old, new []byte) {
	text, _ := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
		A: difflib.SplitLines(string(old)), B: difflib.SplitLines(string(new)),
		FromFile: from, ToFile: to, Context: 3,
	})
	b.WriteString(text)
	if !strings.HasSuffix(text, "\n") {
		b.WriteString("\n")
	}
}

// Write saves files into dir and removes the generator-owned files the set no longer has. Every new file is
// first written into a staging directory beside dir; only then are files moved into place, each old version kept
// until all moves succeeded. On any error, dir is left as it was. Unchanged files are not touched.
func Write(dir string, files Files) (err error) {
	if err := checkOutputDir(dir); err != nil {
		return err
	}
	onDisk, err := ownedOnDisk(dir)
	if err != nil {
		return err
	}
	var changed, removed []string
	for _, rel := range files.Paths() {
		live := filepath.Join(dir, filepath.FromSlash(rel))
		if info, err := os.Lstat(live); err == nil && !info.Mode().IsRegular() {
			return &OutputError{live, "expected a regular file"}
		}
		old, readErr := os.ReadFile(live)
		if readErr != nil || !bytes.Equal(old, files[rel]) {
			changed = append(changed, rel)
		}
	}
	for _, rel := range onDisk {
		if _, keep := files[rel]; !keep {
			removed = append(removed, rel)
		}
	}
	if len(changed) == 0 && len(removed) == 0 {
		return nil
	}

	tx := &transaction{}
	defer func() { tx.finish(err) }()
	parent := filepath.Dir(filepath.Clean(dir))
	if err := tx.mkdirAll(parent); err != nil {
		return &OutputError{dir, "cannot create its parent directory: " + err.Error()}
	}
	if tx.stage, err = os.MkdirTemp(parent, ".chatt2me-gen-*"); err != nil {
		return &OutputError{dir, "cannot create a staging directory: " + err.Error()}
	}
	for _, rel := range changed {
		target := filepath.Join(tx.stage, "new", filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(target, files[rel], 0o644); err != nil {
			return err
		}
	}
	// Everything is staged: move old versions aside, then new versions in.
	for _, rel := range append(append([]string{}, changed...), removed...) {
		if err := tx.moveAside(dir, rel); err != nil {
			return err
		}
	}
	for _, rel := range changed {
		live := filepath.Join(dir, filepath.FromSlash(rel))
		if err := tx.mkdirAll(filepath.Dir(live)); err != nil {
			return err
		}
		if err := rename(filepath.Join(tx.stage, "new", filepath.FromSlash(rel)), live); err != nil {
			return err
		}
		tx.undo = append(tx.undo, func() { _ = os.Remove(live) })
	}
	for _, rel := range removed {
		removeEmptyParents(dir, filepath.Dir(filepath.Join(dir, filepath.FromSlash(rel))))
	}
	return nil
}

// rename is os.Rename; tests replace it to make a commit fail halfway.
var rename = os.Rename

// transaction records how to undo the changes of Write, and owns its staging directory.
type transaction struct {
	stage string
	undo  []func()
}

// finish undoes every change, newest first, when err is set; then it removes the staging directory, which holds
// the old versions until then.
func (tx *transaction) finish(err error) {
	if err != nil {
		for i := len(tx.undo) - 1; i >= 0; i-- {
			tx.undo[i]()
		}
	}
	if tx.stage != "" {
		_ = os.RemoveAll(tx.stage)
	}
}

// moveAside moves dir/rel, if it exists, into the staging directory.
func (tx *transaction) moveAside(dir, rel string) error {
	live := filepath.Join(dir, filepath.FromSlash(rel))
	if _, err := os.Lstat(live); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	backup := filepath.Join(tx.stage, "old", filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(backup), 0o755); err != nil {
		return err
	}
	if err := rename(live, backup); err != nil {
		return err
	}
	tx.undo = append(tx.undo, func() { _ = os.Rename(backup, live) })
	return nil
}

// mkdirAll creates dir and its missing parents, each to be removed again on undo.
func (tx *transaction) mkdirAll(dir string) error {
	var missing []string
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(d); err == nil {
			break
		}
		missing = append([]string{d}, missing...)
		if filepath.Dir(d) == d {
			break
		}
	}
	for _, d := range missing {
		if err := os.Mkdir(d, 0o755); err != nil {
			return err
		}
		tx.undo = append(tx.undo, func() { _ = os.Remove(d) })
	}
	return nil
}

// removeEmptyParents removes dir and its parents up to (not including) root while they are empty.
func removeEmptyParents(root, dir string) {
	root = filepath.Clean(root)
	for d := filepath.Clean(dir); d != root && strings.HasPrefix(d, root+string(filepath.Separator)); d = filepath.Dir(d) {
		if os.Remove(d) != nil {
			return
		}
	}
}
